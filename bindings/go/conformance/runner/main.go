// Command runner is the Go conformance runner (conformance/PROTOCOL.md): it performs each
// request only through database/sql and the edgelite package's public API, and reports what
// happened. The harness (conformance/tests/conformance.rs, binding "go") compares.
//
// Each protocol connection is a *sql.Conn pinned from its database's pool; transactions are
// *sql.Tx; what database/sql has no method for (scripts, batches, savepoints, autocommit,
// metadata of a prepared statement) goes through sql.Conn.Raw to *edgelite.Conn.
package main

import (
	"bufio"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	edgelite "github.com/edgelite/edgelite/bindings/go"
)

type conn struct {
	c  *sql.Conn
	tx *sql.Tx
}

type state struct {
	dbs        map[string]*sql.DB
	connectors map[string]*edgelite.Connector
	conns      map[string]*conn
}

type protocolError string

func main() {
	st := &state{dbs: map[string]*sql.DB{}, connectors: map[string]*edgelite.Connector{}, conns: map[string]*conn{}}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<30)
	out := bufio.NewWriter(os.Stdout)
	for in.Scan() {
		line := strings.TrimSpace(in.Text())
		if line == "" {
			continue
		}
		var answer map[string]any
		var req map[string]any
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		if err := dec.Decode(&req); err != nil {
			answer = map[string]any{"ok": false, "protocol_error": "invalid JSON: " + err.Error()}
		} else {
			answer = st.handle(req)
		}
		text, err := json.Marshal(answer)
		if err != nil {
			text, _ = json.Marshal(map[string]any{"ok": false, "protocol_error": "cannot encode the answer: " + err.Error()})
		}
		out.Write(text)
		out.WriteByte('\n')
		if out.Flush() != nil {
			return
		}
	}
	st.reset()
}

func (st *state) handle(req map[string]any) (answer map[string]any) {
	defer func() {
		if p := recover(); p != nil {
			switch p := p.(type) {
			case protocolError:
				answer = map[string]any{"ok": false, "protocol_error": string(p)}
			default:
				answer = map[string]any{"ok": false, "protocol_error": fmt.Sprintf("runner panic: %v", p)}
			}
		}
	}()
	fields, err := st.do(req)
	if err != nil {
		return map[string]any{"ok": false, "error": encodeError(err)}
	}
	if fields == nil {
		fields = map[string]any{}
	}
	fields["ok"] = true
	return fields
}

func str(req map[string]any, key, def string) string {
	if v, ok := req[key].(string); ok {
		return v
	}
	if def == "\x00" {
		panic(protocolError(fmt.Sprintf("missing string field %q", key)))
	}
	return def
}

func (st *state) reset() {
	for _, c := range st.conns {
		if c.tx != nil {
			c.tx.Rollback()
		}
		c.c.Close()
	}
	for _, db := range st.dbs {
		db.Close()
	}
	st.conns, st.dbs, st.connectors = map[string]*conn{}, map[string]*sql.DB{}, map[string]*edgelite.Connector{}
}

func (st *state) do(req map[string]any) (map[string]any, error) {
	ctx := context.Background()
	op := str(req, "op", "\x00")
	switch op {
	case "hello":
		return map[string]any{
			"runner": "go", "version": edgelite.Version(),
			"modes":        []string{"embedded", "remote", "replica"},
			"capabilities": []string{"interrupt", "read_only_transaction", "savepoints"},
		}, nil
	case "reset":
		st.reset()
		return nil, nil
	case "open":
		return nil, st.open(ctx, req)
	case "sync":
		c, ok := st.connectors[str(req, "db", "main")]
		if !ok {
			panic(protocolError("no such database"))
		}
		r, err := c.Sync()
		if err != nil {
			return nil, err
		}
		return map[string]any{"generation": r.Generation, "frame": r.FrameNo, "frames_applied": r.FramesSynced}, nil
	}
	name := str(req, "conn", "main")
	c, ok := st.conns[name]
	if !ok {
		panic(protocolError(fmt.Sprintf("no connection named %q", name)))
	}
	return c.do(ctx, op, req)
}

func (st *state) open(ctx context.Context, req map[string]any) error {
	dbName, connName := str(req, "db", "\x00"), str(req, "conn", "\x00")
	db, ok := st.dbs[dbName]
	if !ok {
		target, _ := req["target"].(map[string]any)
		options, _ := req["options"].(map[string]any)
		if target == nil {
			panic(protocolError("open needs a target"))
		}
		// Values are compared as stored: no time.Time conversion here (tested in the Go suite).
		opts := []edgelite.Option{edgelite.WithTimeConversion(false)}
		if v, ok := target["auth_token"].(string); ok {
			opts = append(opts, edgelite.WithAuthToken(v))
		}
		if v, ok := target["namespace"].(string); ok {
			opts = append(opts, edgelite.WithNamespace(v))
		}
		if v, ok := options["read_only"].(bool); ok {
			opts = append(opts, edgelite.WithReadOnly(v))
		}
		if v, ok := options["create_if_missing"].(bool); ok {
			opts = append(opts, edgelite.WithCreateIfMissing(v))
		}
		if v, ok := options["busy_timeout_ms"].(json.Number); ok {
			ms, _ := v.Int64()
			opts = append(opts, edgelite.WithBusyTimeout(time.Duration(ms)*time.Millisecond))
		}
		var connector *edgelite.Connector
		var err error
		switch mode := str(target, "mode", "\x00"); mode {
		case "embedded":
			connector, err = edgelite.NewConnector(str(target, "path", "\x00"), opts...)
		case "remote":
			connector, err = edgelite.NewConnector(str(target, "url", "\x00"), opts...)
		case "replica":
			connector, err = edgelite.NewReplicaConnector(str(target, "path", "\x00"), str(target, "sync_url", "\x00"), opts...)
		default:
			panic(protocolError("unknown mode " + mode))
		}
		if err != nil {
			return err
		}
		db = sql.OpenDB(connector)
		st.dbs[dbName], st.connectors[dbName] = db, connector
	}
	c, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	if old, ok := st.conns[connName]; ok {
		old.c.Close()
	}
	st.conns[connName] = &conn{c: c}
	return nil
}

// raw runs f on the driver connection.
func (c *conn) raw(f func(*edgelite.Conn) error) error {
	return c.c.Raw(func(dc any) error { return f(dc.(*edgelite.Conn)) })
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (c *conn) target() execer {
	if c.tx != nil {
		return c.tx
	}
	return c.c
}

func (c *conn) do(ctx context.Context, op string, req map[string]any) (map[string]any, error) {
	switch op {
	case "close":
		// Closes the driver connection itself (database/sql's Conn.Close would only return it
		// to the pool); later calls on it report the binding's "closed" error.
		return nil, c.raw(func(dc *edgelite.Conn) error { return dc.Close() })
	case "execute":
		res, err := c.target().ExecContext(ctx, str(req, "sql", "\x00"), decodeParams(req["params"])...)
		if err != nil {
			return nil, err
		}
		changes, _ := res.RowsAffected()
		rowid, _ := res.LastInsertId()
		return map[string]any{"changes": changes, "last_insert_rowid": encodeInt(rowid)}, nil
	case "query":
		rows, err := c.target().QueryContext(ctx, str(req, "sql", "\x00"), decodeParams(req["params"])...)
		if err != nil {
			return nil, err
		}
		return encodeRows(rows)
	case "interrupt_query":
		ms := int64(100)
		if v, ok := req["after_ms"].(json.Number); ok {
			ms, _ = v.Int64()
		}
		qctx, cancel := context.WithTimeout(ctx, time.Duration(ms)*time.Millisecond)
		defer cancel()
		rows, err := c.target().QueryContext(qctx, str(req, "sql", "\x00"), decodeParams(req["params"])...)
		if err != nil {
			return nil, err
		}
		return encodeRows(rows)
	case "prepare":
		var out map[string]any
		err := c.raw(func(dc *edgelite.Conn) error {
			s, err := dc.PrepareContext(ctx, str(req, "sql", "\x00"))
			if err != nil {
				return err
			}
			defer s.Close()
			st := s.(*edgelite.Stmt)
			names := []any{}
			for _, n := range st.ParamNames() {
				if n == "" {
					names = append(names, nil)
				} else {
					names = append(names, n)
				}
			}
			out = map[string]any{"columns": st.Columns(), "decltypes": nullable(st.DeclTypes()), "param_count": st.ParamCount(), "param_names": names}
			return nil
		})
		return out, err
	case "execute_batch":
		return nil, c.raw(func(dc *edgelite.Conn) error { return dc.ExecScript(ctx, str(req, "sql", "\x00")) })
	case "batch":
		list, _ := req["stmts"].([]any)
		stmts := make([]edgelite.BatchStatement, len(list))
		for i, s := range list {
			m, _ := s.(map[string]any)
			stmts[i] = edgelite.BatchStatement{SQL: str(m, "sql", "\x00"), Args: decodeParams(m["params"])}
		}
		var results []edgelite.BatchResult
		err := c.raw(func(dc *edgelite.Conn) (err error) {
			results, err = dc.Batch(ctx, txMode(req), stmts)
			return err
		})
		if err != nil {
			return nil, err
		}
		out := make([]any, len(results))
		for i, r := range results {
			rows := make([]any, len(r.Rows))
			for j, row := range r.Rows {
				rows[j] = encodeRow(row)
			}
			out[i] = map[string]any{"columns": r.Columns, "decltypes": nullable(r.DeclTypes), "rows": rows, "changes": r.RowsAffected, "last_insert_rowid": encodeInt(r.LastInsertID)}
		}
		return map[string]any{"results": out}, nil
	case "begin":
		mode := txMode(req)
		tx, err := c.c.BeginTx(edgelite.WithTxMode(ctx, mode), &sql.TxOptions{ReadOnly: mode == edgelite.TxReadOnly})
		if err != nil {
			return nil, err
		}
		c.tx = tx
		return nil, nil
	case "commit", "rollback":
		if c.tx == nil {
			// No transaction begun through database/sql: the statement itself says what happens.
			_, err := c.c.ExecContext(ctx, strings.ToUpper(op))
			return nil, err
		}
		tx := c.tx
		c.tx = nil
		if op == "commit" {
			return nil, tx.Commit()
		}
		return nil, tx.Rollback()
	case "savepoint", "release", "rollback_to":
		name := str(req, "name", "\x00")
		return nil, c.raw(func(dc *edgelite.Conn) error {
			switch op {
			case "savepoint":
				return dc.Savepoint(name)
			case "release":
				return dc.ReleaseSavepoint(name)
			default:
				return dc.RollbackToSavepoint(name)
			}
		})
	case "autocommit":
		var v bool
		err := c.raw(func(dc *edgelite.Conn) (err error) { v, err = dc.IsAutocommit(); return })
		return map[string]any{"value": v}, err
	case "last_insert_rowid":
		var v int64
		err := c.raw(func(dc *edgelite.Conn) (err error) { v, err = dc.LastInsertRowID(); return })
		return map[string]any{"value": encodeInt(v)}, err
	case "changes":
		var v int64
		err := c.raw(func(dc *edgelite.Conn) (err error) { v, err = dc.Changes(); return })
		return map[string]any{"value": v}, err
	case "busy_timeout":
		ms := int64(0)
		if v, ok := req["ms"].(json.Number); ok {
			ms, _ = v.Int64()
		}
		return nil, c.raw(func(dc *edgelite.Conn) error { return dc.SetBusyTimeout(time.Duration(ms) * time.Millisecond) })
	}
	panic(protocolError(fmt.Sprintf("unknown op %q", op)))
}

func txMode(req map[string]any) edgelite.TxMode {
	switch m := str(req, "mode", "deferred"); m {
	case "deferred":
		return edgelite.TxDeferred
	case "immediate":
		return edgelite.TxImmediate
	case "exclusive":
		return edgelite.TxExclusive
	case "read_only":
		return edgelite.TxReadOnly
	default:
		panic(protocolError("unknown transaction mode " + m))
	}
}

func nullable(decl []string) []any {
	out := make([]any, len(decl))
	for i, d := range decl {
		if d != "" {
			out[i] = d
		}
	}
	return out
}

func encodeRows(rows *sql.Rows) (map[string]any, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	decl := make([]string, len(types))
	for i, t := range types {
		decl[i] = t.DatabaseTypeName()
	}
	out := []any{}
	values := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range values {
		ptrs[i] = &values[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, encodeRow(values))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return map[string]any{"columns": cols, "decltypes": nullable(decl), "rows": out}, nil
}

func encodeRow[T any](row []T) []any {
	out := make([]any, len(row))
	for i, v := range row {
		out[i] = encodeValue(any(v))
	}
	return out
}

func encodeInt(i int64) map[string]any { return map[string]any{"int": strconv.FormatInt(i, 10)} }

func encodeValue(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case int64:
		return encodeInt(x)
	case float64:
		switch {
		case math.IsNaN(x):
			return map[string]any{"real": "NaN"}
		case math.IsInf(x, 1):
			return map[string]any{"real": "Infinity"}
		case math.IsInf(x, -1):
			return map[string]any{"real": "-Infinity"}
		case x == 0 && math.Signbit(x):
			return map[string]any{"real": "-0.0"}
		}
		return map[string]any{"real": json.Number(strconv.FormatFloat(x, 'g', -1, 64))}
	case string:
		return map[string]any{"text": x}
	case []byte:
		return map[string]any{"blob": base64.StdEncoding.EncodeToString(x)}
	case driver.Value:
		panic(protocolError(fmt.Sprintf("unexpected value type %T", x)))
	}
	return nil
}

func decodeParams(p any) []any {
	switch x := p.(type) {
	case nil:
		return nil
	case []any:
		out := make([]any, len(x))
		for i, v := range x {
			out[i] = decodeValue(v)
		}
		return out
	case map[string]any:
		out := make([]any, 0, len(x))
		for k, v := range x {
			out = append(out, sql.Named(strings.TrimLeft(k, ":@$"), decodeValue(v)))
		}
		return out
	}
	panic(protocolError("params must be a list or an object"))
}

func decodeValue(v any) any {
	if v == nil {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		panic(protocolError(fmt.Sprintf("not a typed value: %v", v)))
	}
	for kind, inner := range m {
		switch kind {
		case "int":
			s, _ := inner.(string)
			i, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				panic(protocolError("int must be a decimal string in the i64 range"))
			}
			return i
		case "real":
			switch r := inner.(type) {
			case json.Number:
				f, err := strconv.ParseFloat(string(r), 64)
				if err != nil {
					panic(protocolError("bad real"))
				}
				return f
			case string:
				switch r {
				case "NaN":
					return math.NaN()
				case "Infinity":
					return math.Inf(1)
				case "-Infinity":
					return math.Inf(-1)
				case "-0.0":
					return math.Copysign(0, -1)
				}
			}
			panic(protocolError("bad real"))
		case "text":
			s, ok := inner.(string)
			if !ok {
				panic(protocolError("bad text"))
			}
			return s
		case "blob":
			s, _ := inner.(string)
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				panic(protocolError("blob must be standard base64"))
			}
			if b == nil {
				b = []byte{}
			}
			return b
		}
	}
	panic(protocolError(fmt.Sprintf("unknown value type: %v", v)))
}

func encodeError(err error) map[string]any {
	var e *edgelite.Error
	if !errors.As(err, &e) {
		// Not the binding's typed error: report it so the case fails visibly.
		return map[string]any{"code": "UNTYPED", "name": "UNTYPED", "extended_code": -1, "message": err.Error()}
	}
	out := map[string]any{"code": e.Code().String(), "name": e.Name(), "extended_code": e.ExtendedCode(), "message": e.Message()}
	if i, ok := e.StatementIndex(); ok {
		out["statement_index"] = i
	}
	return out
}
