package edgelite

/*
#include "edgelite.h"
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// ErrorCode is a primary result code: SQLite's (1–28) or edgelite's own (192–196). See
// docs/errors.md.
type ErrorCode int

// The primary codes (docs/errors.md).
const (
	CodeError              ErrorCode = 1
	CodeInternal           ErrorCode = 2
	CodePerm               ErrorCode = 3
	CodeAbort              ErrorCode = 4
	CodeBusy               ErrorCode = 5
	CodeLocked             ErrorCode = 6
	CodeNoMem              ErrorCode = 7
	CodeReadOnly           ErrorCode = 8
	CodeInterrupt          ErrorCode = 9
	CodeIOErr              ErrorCode = 10
	CodeCorrupt            ErrorCode = 11
	CodeNotFound           ErrorCode = 12
	CodeFull               ErrorCode = 13
	CodeCantOpen           ErrorCode = 14
	CodeProtocol           ErrorCode = 15
	CodeEmpty              ErrorCode = 16
	CodeSchema             ErrorCode = 17
	CodeTooBig             ErrorCode = 18
	CodeConstraint         ErrorCode = 19
	CodeMismatch           ErrorCode = 20
	CodeMisuse             ErrorCode = 21
	CodeNoLFS              ErrorCode = 22
	CodeAuth               ErrorCode = 23
	CodeFormat             ErrorCode = 24
	CodeRange              ErrorCode = 25
	CodeNotADB             ErrorCode = 26
	CodeNotice             ErrorCode = 27
	CodeWarning            ErrorCode = 28
	CodeRemote             ErrorCode = 192
	CodeAuthRejected       ErrorCode = 193
	CodeWireProtocol       ErrorCode = 194
	CodeSync               ErrorCode = 195
	CodeUnsupported        ErrorCode = 196
	extendedRangeParameter           = 16409 // EDGELITE_RANGE_PARAMETER
	extendedMisuseClosed             = 16405 // EDGELITE_MISUSE_CLOSED
)

// String is the code's name, e.g. "SQLITE_CONSTRAINT" (from the core's table).
func (c ErrorCode) String() string { return codeName(int(c)) }

// Sentinels for errors.Is: errors.Is(err, edgelite.ErrConstraint) is true for every error whose
// primary code is SQLITE_CONSTRAINT, whatever its extended code. One per primary code
// (docs/errors.md, "Go sentinel").
var (
	ErrSQL          = sentinel(CodeError)
	ErrInternal     = sentinel(CodeInternal)
	ErrPerm         = sentinel(CodePerm)
	ErrAbort        = sentinel(CodeAbort)
	ErrBusy         = sentinel(CodeBusy)
	ErrLocked       = sentinel(CodeLocked)
	ErrNoMem        = sentinel(CodeNoMem)
	ErrReadOnly     = sentinel(CodeReadOnly)
	ErrInterrupt    = sentinel(CodeInterrupt)
	ErrIOErr        = sentinel(CodeIOErr)
	ErrCorrupt      = sentinel(CodeCorrupt)
	ErrNotFound     = sentinel(CodeNotFound)
	ErrFull         = sentinel(CodeFull)
	ErrCantOpen     = sentinel(CodeCantOpen)
	ErrProtocol     = sentinel(CodeProtocol)
	ErrEmpty        = sentinel(CodeEmpty)
	ErrSchema       = sentinel(CodeSchema)
	ErrTooBig       = sentinel(CodeTooBig)
	ErrConstraint   = sentinel(CodeConstraint)
	ErrMismatch     = sentinel(CodeMismatch)
	ErrMisuse       = sentinel(CodeMisuse)
	ErrNoLFS        = sentinel(CodeNoLFS)
	ErrAuth         = sentinel(CodeAuth)
	ErrFormat       = sentinel(CodeFormat)
	ErrRange        = sentinel(CodeRange)
	ErrNotADB       = sentinel(CodeNotADB)
	ErrNotice       = sentinel(CodeNotice)
	ErrWarning      = sentinel(CodeWarning)
	ErrRemote       = sentinel(CodeRemote)
	ErrAuthRejected = sentinel(CodeAuthRejected)
	ErrWireProtocol = sentinel(CodeWireProtocol)
	ErrSync         = sentinel(CodeSync)
	ErrUnsupported  = sentinel(CodeUnsupported)
)

// Error is every error edgelite returns: from SQLite, the server, the replication layer, or
// this driver's own checks (a value that cannot be bound, an unsupported option). Use
// errors.As to get it and errors.Is with the sentinels (ErrConstraint, ...) to match a
// primary code.
//
//	var e *edgelite.Error
//	if errors.As(err, &e) && e.Name() == "SQLITE_CONSTRAINT_UNIQUE" { ... }
type Error struct {
	extended  int
	name      string
	message   string
	index     int
	retryable bool
	cause     error
	sentinel  bool
}

func sentinel(code ErrorCode) *Error {
	return &Error{extended: int(code), sentinel: true, index: -1}
}

// newError makes an error of the driver's own (not from the core) with an extended code.
func newError(extended int, format string, args ...any) *Error {
	return &Error{extended: extended, name: codeName(extended), message: fmt.Sprintf(format, args...), index: -1}
}

// Code is the primary code (ExtendedCode() & 0xFF).
func (e *Error) Code() ErrorCode { return ErrorCode(e.extended & 0xFF) }

// ExtendedCode is the extended code, e.g. 2067 for SQLITE_CONSTRAINT_UNIQUE.
func (e *Error) ExtendedCode() int { return e.extended }

// Name is the extended code's name, e.g. "SQLITE_CONSTRAINT_UNIQUE".
func (e *Error) Name() string {
	if e.name == "" {
		return codeName(e.extended)
	}
	return e.name
}

// Message is the human-readable message (from SQLite, the server or edgelite).
func (e *Error) Message() string { return e.message }

// StatementIndex is, for an error of (*Conn).Batch, the zero-based index of the statement that
// failed.
func (e *Error) StatementIndex() (int, bool) { return e.index, e.index >= 0 }

// Retryable reports whether the same call, unchanged, may succeed later (busy, locked, a
// transient network failure).
func (e *Error) Retryable() bool { return e.retryable }

func (e *Error) Error() string {
	if e.sentinel {
		return e.Name()
	}
	s := e.Name() + ": " + e.message
	if e.index >= 0 {
		s += fmt.Sprintf(" (statement %d)", e.index)
	}
	return s
}

// Is matches the sentinels by primary code; errors.Is(err, context.Canceled) also holds for an
// interrupt caused by a cancelled context (see Unwrap).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.sentinel && t.Code() == e.Code()
}

// Unwrap returns the cause, if any: the context's error when a cancelled or expired context
// interrupted the call.
func (e *Error) Unwrap() error { return e.cause }

// errorFromC converts and frees an error from the C ABI.
func errorFromC(status C.int32_t, cerr *C.edgelite_error) error {
	if status == C.EDGELITE_OK {
		return nil
	}
	if cerr == nil {
		return &Error{extended: int(status), index: -1}
	}
	defer C.edgelite_error_free(cerr)
	return &Error{
		extended:  int(cerr.extended_code),
		name:      C.GoString(cerr.name),
		message:   C.GoString(cerr.message),
		index:     int(cerr.statement_index),
		retryable: cerr.retryable != 0,
	}
}

// codeName asks the core for a code's name (one table, docs/errors.md).
func codeName(extended int) string {
	var name *C.char
	if C.edgelite_code_name(C.int32_t(extended), &name, nil) != C.EDGELITE_OK || name == nil {
		return fmt.Sprintf("code %d", extended)
	}
	return C.GoString(name)
}

// cString is a NUL-terminated copy of s in C memory (nil for "").
func cString(s string) *C.char {
	if s == "" {
		return nil
	}
	return C.CString(s)
}

func freeCString(p *C.char) {
	if p != nil {
		C.free(unsafe.Pointer(p))
	}
}
