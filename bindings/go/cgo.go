package edgelite

//go:generate ./build-lib.sh

// The C ABI lives in ffi/ (Rust); include/edgelite.h is generated from it by cbindgen.

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include "edgelite.h"
*/
import "C"
