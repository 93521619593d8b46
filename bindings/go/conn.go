package edgelite

/*
#include "edgelite.h"
*/
import "C"

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"runtime"
	"time"
	"unsafe"
)

// Conn is one connection. database/sql uses it from one goroutine at a time; its exported
// methods beyond the database/sql interfaces are reached with sql.Conn.Raw:
//
//	err := sqlConn.Raw(func(dc any) error { return dc.(*edgelite.Conn).ExecScript(ctx, script) })
type Conn struct {
	h     *C.edgelite_connection
	times bool
	owned *Connector // set when Driver.Open made a connector just for this connection
}

// Interface checks: the modern database/sql driver interfaces.
var (
	_ driver.Conn               = (*Conn)(nil)
	_ driver.ConnBeginTx        = (*Conn)(nil)
	_ driver.ConnPrepareContext = (*Conn)(nil)
	_ driver.ExecerContext      = (*Conn)(nil)
	_ driver.QueryerContext     = (*Conn)(nil)
	_ driver.NamedValueChecker  = (*Conn)(nil)
	_ driver.Pinger             = (*Conn)(nil)
	_ driver.SessionResetter    = (*Conn)(nil)
	_ driver.Validator          = (*Conn)(nil)
	_ driver.DriverContext      = (*Driver)(nil)
	_ driver.Connector          = (*Connector)(nil)
)

// withContext runs f; if ctx is cancelled or expires meanwhile, the running statement is
// interrupted (a remote request is abandoned) and the error, SQLITE_INTERRUPT, unwraps to the
// context's error.
func (c *Conn) withContext(ctx context.Context, f func() error) error {
	done := ctx.Done()
	if done == nil {
		return f()
	}
	if err := ctx.Err(); err != nil {
		return &Error{extended: int(CodeInterrupt), message: "the context is done before the call: " + err.Error(), index: -1, cause: err}
	}
	stop := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		select {
		case <-done:
			C.edgelite_connection_interrupt(c.h, nil)
		case <-stop:
		}
	}()
	err := f()
	close(stop)
	<-finished
	var e *Error
	if err != nil && ctx.Err() != nil && errors.As(err, &e) && e.cause == nil {
		e.cause = ctx.Err()
	}
	return err
}

// Prepare prepares a statement.
func (c *Conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext prepares one statement (several statements are an error).
func (c *Conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var h *C.edgelite_statement
	err := c.withContext(ctx, func() error {
		var cerr *C.edgelite_error
		sql := unsafe.StringData(query)
		return errorFromC(C.edgelite_connection_prepare(c.h, (*C.uint8_t)(sql), C.size_t(len(query)), &h, &cerr), cerr)
	})
	runtime.KeepAlive(query)
	if err != nil {
		return nil, err
	}
	return &Stmt{conn: c, h: h}, nil
}

// Close closes the connection; an open transaction is rolled back.
func (c *Conn) Close() error {
	if c.h == nil {
		return nil
	}
	var cerr *C.edgelite_error
	err := errorFromC(C.edgelite_connection_close(c.h, &cerr), cerr)
	C.edgelite_connection_free(c.h)
	c.h = nil
	if c.owned != nil {
		c.owned.Close()
		c.owned = nil
	}
	return err
}

// handle is the C handle; a closed (freed) Conn reports a typed "closed" error.
func (c *Conn) check() error {
	if c.h == nil {
		return newError(extendedMisuseClosed, "the connection is closed")
	}
	return nil
}

// Begin starts a transaction.
func (c *Conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// TxMode is how a transaction takes its locks; choose one with WithTxMode.
type TxMode int

// Transaction modes.
const (
	// TxDeferred: BEGIN DEFERRED (the default).
	TxDeferred TxMode = C.EDGELITE_TX_DEFERRED
	// TxImmediate: BEGIN IMMEDIATE; the write lock is taken at once.
	TxImmediate TxMode = C.EDGELITE_TX_IMMEDIATE
	// TxExclusive: BEGIN EXCLUSIVE.
	TxExclusive TxMode = C.EDGELITE_TX_EXCLUSIVE
	// TxReadOnly: a read-only transaction (sql.TxOptions{ReadOnly: true} selects it too).
	TxReadOnly TxMode = C.EDGELITE_TX_READ_ONLY
)

type txModeKey struct{}

// WithTxMode returns a context that makes BeginTx use mode, e.g.
// db.BeginTx(edgelite.WithTxMode(ctx, edgelite.TxImmediate), nil).
func WithTxMode(ctx context.Context, mode TxMode) context.Context {
	return context.WithValue(ctx, txModeKey{}, mode)
}

// BeginTx starts a transaction. SQLite transactions are serializable: the isolation levels
// Default and Serializable are accepted, any other is an ErrUnsupported error. ReadOnly makes
// a read-only transaction; WithTxMode selects immediate or exclusive locking.
func (c *Conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	switch sql.IsolationLevel(opts.Isolation) {
	case sql.LevelDefault, sql.LevelSerializable:
	default:
		return nil, newError(int(CodeUnsupported), "isolation level %v is not supported (SQLite transactions are serializable)", sql.IsolationLevel(opts.Isolation))
	}
	mode := TxDeferred
	if m, ok := ctx.Value(txModeKey{}).(TxMode); ok {
		mode = m
	}
	if opts.ReadOnly {
		if mode != TxDeferred && mode != TxReadOnly {
			return nil, newError(int(CodeMisuse), "a read-only transaction cannot be immediate or exclusive")
		}
		mode = TxReadOnly
	}
	err := c.withContext(ctx, func() error {
		var cerr *C.edgelite_error
		return errorFromC(C.edgelite_connection_begin(c.h, C.int32_t(mode), &cerr), cerr)
	})
	if err != nil {
		return nil, err
	}
	return &tx{c: c}, nil
}

type tx struct{ c *Conn }

func (t *tx) Commit() error {
	if err := t.c.check(); err != nil {
		return err
	}
	var cerr *C.edgelite_error
	return errorFromC(C.edgelite_connection_commit(t.c.h, &cerr), cerr)
}

func (t *tx) Rollback() error {
	if err := t.c.check(); err != nil {
		return err
	}
	var cerr *C.edgelite_error
	return errorFromC(C.edgelite_connection_rollback(t.c.h, &cerr), cerr)
}

// ExecContext runs one statement; text holding several is an ErrMisuse error
// (EDGELITE_MISUSE_MANY_STATEMENTS), as in every edgelite binding. Run scripts with ExecScript.
func (c *Conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	var res C.edgelite_exec_result
	err := c.withContext(ctx, func() error {
		var pin runtime.Pinner
		defer pin.Unpin()
		params, err := bindParams(args, &pin)
		if err != nil {
			return err
		}
		var cerr *C.edgelite_error
		sqlp := unsafe.StringData(query)
		status := C.edgelite_connection_execute(c.h, (*C.uint8_t)(sqlp), C.size_t(len(query)), paramsPtr(params), C.size_t(len(params)), &res, &cerr)
		runtime.KeepAlive(query)
		return errorFromC(status, cerr)
	})
	if err != nil {
		return nil, err
	}
	return result{changes: int64(res.changes), rowid: int64(res.last_insert_rowid)}, nil
}

type result struct{ changes, rowid int64 }

func (r result) LastInsertId() (int64, error) { return r.rowid, nil }
func (r result) RowsAffected() (int64, error) { return r.changes, nil }

// QueryContext runs a query.
func (c *Conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	var h *C.edgelite_rows
	err := c.withContext(ctx, func() error {
		var pin runtime.Pinner
		defer pin.Unpin()
		params, err := bindParams(args, &pin)
		if err != nil {
			return err
		}
		var cerr *C.edgelite_error
		sqlp := unsafe.StringData(query)
		status := C.edgelite_connection_query(c.h, (*C.uint8_t)(sqlp), C.size_t(len(query)), paramsPtr(params), C.size_t(len(params)), &h, &cerr)
		runtime.KeepAlive(query)
		return errorFromC(status, cerr)
	})
	if err != nil {
		return nil, err
	}
	return newRows(c, ctx, h), nil
}

// Ping checks the connection: a local one is open; a remote one answers a query.
func (c *Conn) Ping(ctx context.Context) error {
	if err := c.check(); err != nil {
		return driver.ErrBadConn
	}
	closed, err := c.isClosed()
	if err != nil || closed {
		return driver.ErrBadConn
	}
	rows, err := c.QueryContext(ctx, "SELECT 1", nil)
	if err != nil {
		return err
	}
	return rows.Close()
}

// ResetSession is called before a pooled connection is reused: a closed connection is
// discarded, and a transaction left open by a script (BEGIN without COMMIT) is rolled back.
func (c *Conn) ResetSession(ctx context.Context) error {
	if !c.IsValid() {
		return driver.ErrBadConn
	}
	auto, err := c.IsAutocommit()
	if err != nil {
		return driver.ErrBadConn
	}
	if !auto {
		var cerr *C.edgelite_error
		if err := errorFromC(C.edgelite_connection_rollback(c.h, &cerr), cerr); err != nil {
			return driver.ErrBadConn
		}
	}
	return nil
}

// IsValid reports whether the connection can be reused (it is not closed).
func (c *Conn) IsValid() bool {
	if c.h == nil {
		return false
	}
	closed, err := c.isClosed()
	return err == nil && !closed
}

func (c *Conn) isClosed() (bool, error) {
	var v C.int32_t
	var cerr *C.edgelite_error
	if err := errorFromC(C.edgelite_connection_is_closed(c.h, &v, &cerr), cerr); err != nil {
		return false, err
	}
	return v != 0, nil
}

// CheckNamedValue converts an argument to one of the values edgelite binds (docs/types.md):
// nil, int64, float64, bool, string, []byte or time.Time. Other integer and float types are
// converted (uint64 above math.MaxInt64 is an ErrRange error), driver.Valuer is called,
// pointers are followed; anything else is an ErrMismatch error.
func (c *Conn) CheckNamedValue(nv *driver.NamedValue) error {
	v, err := convertValue(nv.Value)
	if err != nil {
		return err
	}
	nv.Value = v
	return nil
}

// ExecScript runs a script of any number of statements (no arguments, rows discarded).
func (c *Conn) ExecScript(ctx context.Context, script string) error {
	if err := c.check(); err != nil {
		return err
	}
	return c.withContext(ctx, func() error {
		var cerr *C.edgelite_error
		p := unsafe.StringData(script)
		status := C.edgelite_connection_execute_batch(c.h, (*C.uint8_t)(p), C.size_t(len(script)), &cerr)
		runtime.KeepAlive(script)
		return errorFromC(status, cerr)
	})
}

// Savepoint runs SAVEPOINT name.
func (c *Conn) Savepoint(name string) error { return c.savepoint(C.EDGELITE_SAVEPOINT, name) }

// ReleaseSavepoint runs RELEASE name.
func (c *Conn) ReleaseSavepoint(name string) error {
	return c.savepoint(C.EDGELITE_SAVEPOINT_RELEASE, name)
}

// RollbackToSavepoint runs ROLLBACK TO name.
func (c *Conn) RollbackToSavepoint(name string) error {
	return c.savepoint(C.EDGELITE_SAVEPOINT_ROLLBACK_TO, name)
}

func (c *Conn) savepoint(op C.int32_t, name string) error {
	if err := c.check(); err != nil {
		return err
	}
	var cerr *C.edgelite_error
	p := unsafe.StringData(name)
	status := C.edgelite_connection_savepoint(c.h, op, (*C.uint8_t)(p), C.size_t(len(name)), &cerr)
	runtime.KeepAlive(name)
	return errorFromC(status, cerr)
}

// IsAutocommit reports whether the connection is outside any transaction.
func (c *Conn) IsAutocommit() (bool, error) {
	if err := c.check(); err != nil {
		return false, err
	}
	var v C.int32_t
	var cerr *C.edgelite_error
	if err := errorFromC(C.edgelite_connection_is_autocommit(c.h, &v, &cerr), cerr); err != nil {
		return false, err
	}
	return v != 0, nil
}

// LastInsertRowID is the rowid of the last inserted row.
func (c *Conn) LastInsertRowID() (int64, error) {
	if err := c.check(); err != nil {
		return 0, err
	}
	var v C.int64_t
	var cerr *C.edgelite_error
	if err := errorFromC(C.edgelite_connection_last_insert_rowid(c.h, &v, &cerr), cerr); err != nil {
		return 0, err
	}
	return int64(v), nil
}

// Changes is the number of rows changed by the last INSERT, UPDATE or DELETE.
func (c *Conn) Changes() (int64, error) {
	if err := c.check(); err != nil {
		return 0, err
	}
	var v C.uint64_t
	var cerr *C.edgelite_error
	if err := errorFromC(C.edgelite_connection_changes(c.h, &v, &cerr), cerr); err != nil {
		return 0, err
	}
	return int64(v), nil
}

// SetBusyTimeout sets how long a statement waits for another connection's lock.
func (c *Conn) SetBusyTimeout(d time.Duration) error {
	if err := c.check(); err != nil {
		return err
	}
	var cerr *C.edgelite_error
	return errorFromC(C.edgelite_connection_busy_timeout(c.h, C.uint64_t(d/time.Millisecond), &cerr), cerr)
}

// Interrupt makes the statement running on the connection fail with SQLITE_INTERRUPT. It is
// safe to call from any goroutine (cancelling a call's context does the same).
func (c *Conn) Interrupt() {
	if c.h != nil {
		C.edgelite_connection_interrupt(c.h, nil)
	}
}

// BatchStatement is one statement of Batch.
type BatchStatement struct {
	SQL  string
	Args []any
}

// BatchResult is what one statement of Batch returned.
type BatchResult struct {
	Columns      []string
	DeclTypes    []string // "" for an expression
	Rows         [][]driver.Value
	RowsAffected int64
	LastInsertID int64
}

// Batch runs statements atomically, in one transaction of the given mode: all of them apply,
// or none does and the *Error's StatementIndex says which failed.
func (c *Conn) Batch(ctx context.Context, mode TxMode, stmts []BatchStatement) ([]BatchResult, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	var h *C.edgelite_batch
	err := c.withContext(ctx, func() error {
		var pin runtime.Pinner
		defer pin.Unpin()
		cstmts := make([]C.edgelite_batch_statement, len(stmts))
		for i, s := range stmts {
			named := make([]driver.NamedValue, len(s.Args))
			for j, a := range s.Args {
				nv := driver.NamedValue{Ordinal: j + 1, Value: a}
				if n, ok := a.(sql.NamedArg); ok {
					nv.Name, nv.Value = n.Name, n.Value
				}
				v, err := convertValue(nv.Value)
				if err != nil {
					return err
				}
				nv.Value = v
				named[j] = nv
			}
			params, err := bindParams(named, &pin)
			if err != nil {
				return err
			}
			if len(params) > 0 {
				pin.Pin(&params[0])
			}
			if len(s.SQL) > 0 {
				pin.Pin(unsafe.StringData(s.SQL))
			}
			cstmts[i] = C.edgelite_batch_statement{
				sql: (*C.uint8_t)(unsafe.StringData(s.SQL)), sql_len: C.size_t(len(s.SQL)),
				params: paramsPtr(params), n_params: C.size_t(len(params)),
			}
		}
		var first *C.edgelite_batch_statement
		if len(cstmts) > 0 {
			first = &cstmts[0]
		}
		var cerr *C.edgelite_error
		return errorFromC(C.edgelite_connection_batch(c.h, C.int32_t(mode), first, C.size_t(len(cstmts)), &h, &cerr), cerr)
	})
	if err != nil {
		return nil, err
	}
	defer C.edgelite_batch_free(h)
	var n C.size_t
	C.edgelite_batch_count(h, &n, nil)
	out := make([]BatchResult, int(n))
	for i := range out {
		var info C.edgelite_result_info
		var cerr *C.edgelite_error
		if err := errorFromC(C.edgelite_batch_info(h, C.size_t(i), &info, &cerr), cerr); err != nil {
			return nil, err
		}
		r := &out[i]
		r.RowsAffected, r.LastInsertID = int64(info.changes), int64(info.last_insert_rowid)
		ncol := int(info.column_count)
		r.Columns, r.DeclTypes = make([]string, ncol), make([]string, ncol)
		for j := 0; j < ncol; j++ {
			var col C.edgelite_column
			C.edgelite_batch_column(h, C.size_t(i), C.size_t(j), &col, nil)
			r.Columns[j], r.DeclTypes[j] = columnStrings(&col)
		}
		r.Rows = make([][]driver.Value, int(info.row_count))
		values := make([]C.edgelite_value, ncol)
		for k := range r.Rows {
			var vp *C.edgelite_value
			if ncol > 0 {
				vp = &values[0]
			}
			if err := errorFromC(C.edgelite_batch_row(h, C.size_t(i), C.size_t(k), vp, C.size_t(ncol), &cerr), cerr); err != nil {
				return nil, err
			}
			row := make([]driver.Value, ncol)
			for j := range row {
				row[j] = valueFromC(&values[j], false)
			}
			r.Rows[k] = row
		}
	}
	return out, nil
}

func columnStrings(col *C.edgelite_column) (name, decltype string) {
	name = C.GoStringN((*C.char)(unsafe.Pointer(col.name)), C.int(col.name_len))
	if col.decl_type != nil {
		decltype = C.GoStringN((*C.char)(unsafe.Pointer(col.decl_type)), C.int(col.decl_type_len))
	}
	return name, decltype
}
