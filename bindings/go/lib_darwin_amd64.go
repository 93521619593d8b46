//go:build !edgelite_use_lib

package edgelite

// Links the static library that build-lib.sh (or a release) puts in lib/darwin_amd64.

/*
#cgo LDFLAGS: ${SRCDIR}/lib/darwin_amd64/libedgelite_ffi.a -framework Security -framework CoreFoundation -framework SystemConfiguration
*/
import "C"
