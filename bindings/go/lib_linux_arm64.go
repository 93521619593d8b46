//go:build !edgelite_use_lib

package edgelite

// Links the static library that build-lib.sh (or a release) puts in lib/linux_arm64.

/*
#cgo LDFLAGS: ${SRCDIR}/lib/linux_arm64/libedgelite_ffi.a -lm -ldl -lpthread
*/
import "C"
