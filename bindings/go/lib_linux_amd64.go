//go:build !edgelite_use_lib

package edgelite

// Links the static library that build-lib.sh (or a release) puts in lib/linux_amd64.

/*
#cgo LDFLAGS: ${SRCDIR}/lib/linux_amd64/libedgelite_ffi.a -lm -ldl -lpthread
*/
import "C"
