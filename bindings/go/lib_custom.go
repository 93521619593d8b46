//go:build edgelite_use_lib

package edgelite

// With the build tag edgelite_use_lib, link a library you built yourself: point the linker at it
// with CGO_LDFLAGS, e.g. CGO_LDFLAGS="-L/path/to/target/release -ledgelite_ffi -lm -ldl -lpthread".
