package edgelite

/*
#include "edgelite.h"
*/
import "C"

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"io"
	"reflect"
	"runtime"
	"strings"
)

// Stmt is a prepared statement. Its metadata methods (ParamCount, ParamNames, Columns,
// DeclTypes) are reached through sql.Conn.Raw and Conn.PrepareContext.
type Stmt struct {
	conn *Conn
	h    *C.edgelite_statement
}

var (
	_ driver.Stmt             = (*Stmt)(nil)
	_ driver.StmtExecContext  = (*Stmt)(nil)
	_ driver.StmtQueryContext = (*Stmt)(nil)
)

// Close frees the statement.
func (s *Stmt) Close() error {
	if s.h != nil {
		C.edgelite_statement_free(s.h)
		s.h = nil
	}
	return nil
}

// NumInput is -1: the core checks the arguments (count and names) and reports a typed error.
func (s *Stmt) NumInput() int { return -1 }

// ParamCount is the number of parameters, as SQLite counts them (the largest index).
func (s *Stmt) ParamCount() int {
	var n C.size_t
	C.edgelite_statement_param_count(s.h, &n, nil)
	return int(n)
}

// ParamNames are the parameters' names with their prefix (":a", "@b", "$c", "?5"), "" for a
// nameless "?".
func (s *Stmt) ParamNames() []string {
	names := make([]string, s.ParamCount())
	for i := range names {
		var p *C.char
		C.edgelite_statement_param_name(s.h, C.size_t(i+1), &p, nil)
		if p != nil {
			names[i] = C.GoString(p)
		}
	}
	return names
}

// Columns are the result column names.
func (s *Stmt) Columns() []string {
	names, _ := s.columns()
	return names
}

// DeclTypes are the result columns' declared types ("" for expressions).
func (s *Stmt) DeclTypes() []string {
	_, types := s.columns()
	return types
}

func (s *Stmt) columns() (names, types []string) {
	var n C.size_t
	C.edgelite_statement_column_count(s.h, &n, nil)
	names, types = make([]string, int(n)), make([]string, int(n))
	for i := range names {
		var col C.edgelite_column
		C.edgelite_statement_column(s.h, C.size_t(i), &col, nil)
		names[i], types[i] = columnStrings(&col)
	}
	return names, types
}

// Exec runs the statement (database/sql uses ExecContext).
func (s *Stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

// Query runs the statement (database/sql uses QueryContext).
func (s *Stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

func named(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, a := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return out
}

func (s *Stmt) check() error {
	if s.h == nil {
		return newError(extendedMisuseClosed, "the statement is closed")
	}
	return s.conn.check()
}

// ExecContext runs the statement with args.
func (s *Stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	var res C.edgelite_exec_result
	err := s.conn.withContext(ctx, func() error {
		var pin runtime.Pinner
		defer pin.Unpin()
		params, err := bindParams(args, &pin)
		if err != nil {
			return err
		}
		var cerr *C.edgelite_error
		return errorFromC(C.edgelite_statement_execute(s.h, paramsPtr(params), C.size_t(len(params)), &res, &cerr), cerr)
	})
	if err != nil {
		return nil, err
	}
	return result{changes: int64(res.changes), rowid: int64(res.last_insert_rowid)}, nil
}

// QueryContext runs the statement as a query with args.
func (s *Stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	var h *C.edgelite_rows
	err := s.conn.withContext(ctx, func() error {
		var pin runtime.Pinner
		defer pin.Unpin()
		params, err := bindParams(args, &pin)
		if err != nil {
			return err
		}
		var cerr *C.edgelite_error
		return errorFromC(C.edgelite_statement_query(s.h, paramsPtr(params), C.size_t(len(params)), &h, &cerr), cerr)
	})
	if err != nil {
		return nil, err
	}
	return newRows(s.conn, ctx, h), nil
}

// Rows are the rows of a query, read one at a time.
type Rows struct {
	conn     *Conn
	ctx      context.Context
	h        *C.edgelite_rows
	names    []string
	decl     []string
	asTime   []bool
	values   []C.edgelite_value
	finished bool
}

var (
	_ driver.Rows                           = (*Rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*Rows)(nil)
	_ driver.RowsColumnTypeScanType         = (*Rows)(nil)
	_ driver.RowsColumnTypeNullable         = (*Rows)(nil)
)

func newRows(c *Conn, ctx context.Context, h *C.edgelite_rows) *Rows {
	var n C.size_t
	C.edgelite_rows_column_count(h, &n, nil)
	r := &Rows{conn: c, ctx: ctx, h: h, names: make([]string, int(n)), decl: make([]string, int(n)), asTime: make([]bool, int(n)), values: make([]C.edgelite_value, int(n))}
	for i := range r.names {
		var col C.edgelite_column
		C.edgelite_rows_column(h, C.size_t(i), &col, nil)
		r.names[i], r.decl[i] = columnStrings(&col)
		r.asTime[i] = c.times && isTimeType(r.decl[i])
	}
	return r
}

// Columns are the result column names.
func (r *Rows) Columns() []string { return r.names }

// Close stops the query and frees the rows.
func (r *Rows) Close() error {
	if r.h != nil {
		C.edgelite_rows_free(r.h)
		r.h = nil
	}
	return nil
}

// Next reads the next row into dest; io.EOF at the end. A cancelled context interrupts it.
func (r *Rows) Next(dest []driver.Value) error {
	if r.h == nil || r.finished {
		return io.EOF
	}
	var has C.int32_t
	err := r.conn.withContext(r.ctx, func() error {
		var vp *C.edgelite_value
		if len(r.values) > 0 {
			vp = &r.values[0]
		}
		var cerr *C.edgelite_error
		return errorFromC(C.edgelite_rows_next(r.h, vp, C.size_t(len(r.values)), &has, &cerr), cerr)
	})
	if err != nil {
		return err
	}
	if has == 0 {
		r.finished = true
		return io.EOF
	}
	for i := range dest {
		dest[i] = valueFromC(&r.values[i], r.asTime[i])
	}
	return nil
}

// ColumnTypeDatabaseTypeName is the column's declared type as written in the schema
// ("VARCHAR(20)", "INTEGER"), or "" for an expression.
func (r *Rows) ColumnTypeDatabaseTypeName(index int) string { return r.decl[index] }

// ColumnTypeNullable: SQLite columns can hold NULL unless declared NOT NULL, which the core
// does not report, so nullability is unknown.
func (r *Rows) ColumnTypeNullable(index int) (nullable, ok bool) { return true, false }

var (
	scanInt64   = reflect.TypeOf(sql.NullInt64{})
	scanFloat64 = reflect.TypeOf(sql.NullFloat64{})
	scanString  = reflect.TypeOf(sql.NullString{})
	scanBytes   = reflect.TypeOf([]byte(nil))
	scanTime    = reflect.TypeOf(sql.NullTime{})
	scanAny     = reflect.TypeOf((*any)(nil)).Elem()
)

// ColumnTypeScanType is a type that can hold the column's values, from its declared type by
// SQLite's affinity rules (sql.NullInt64 for INTEGER affinity, sql.NullString for TEXT,
// sql.NullFloat64 for REAL, []byte for BLOB, sql.NullTime for DATE/DATETIME/TIMESTAMP when
// time conversion is on). SQLite is dynamically typed, so a column may hold other types; for
// expressions and NUMERIC affinity it is any.
func (r *Rows) ColumnTypeScanType(index int) reflect.Type {
	d := strings.ToUpper(r.decl[index])
	switch {
	case d == "":
		return scanAny
	case r.asTime[index]:
		return scanTime
	case strings.Contains(d, "INT"):
		return scanInt64
	case strings.Contains(d, "CHAR"), strings.Contains(d, "CLOB"), strings.Contains(d, "TEXT"):
		return scanString
	case strings.Contains(d, "BLOB"):
		return scanBytes
	case strings.Contains(d, "REAL"), strings.Contains(d, "FLOA"), strings.Contains(d, "DOUB"):
		return scanFloat64
	default:
		return scanAny
	}
}
