package edgelite

/*
#include "edgelite.h"
*/
import "C"

import (
	"database/sql/driver"
	"math"
	"reflect"
	"runtime"
	"strings"
	"time"
	"unsafe"
)

// TimeFormat is how time.Time binds (docs/types.md decision 9): ISO-8601 in UTC with the
// fraction it needs, e.g. "2024-05-06T07:08:09.5Z", which SQLite's date functions read and
// which sorts in time order.
const TimeFormat = "2006-01-02T15:04:05.999999999Z07:00"

// The layouts read back from DATE, DATETIME and TIMESTAMP columns, most specific first.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
}

// convertValue maps a Go value to one edgelite binds (the Go column of docs/types.md).
func convertValue(v any) (driver.Value, error) {
	switch x := v.(type) {
	case nil, int64, float64, bool, string, []byte, time.Time:
		return x, nil
	case int:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int8:
		return int64(x), nil
	case uint8:
		return int64(x), nil
	case uint16:
		return int64(x), nil
	case uint32:
		return int64(x), nil
	case uint:
		return uintValue(uint64(x))
	case uint64:
		return uintValue(x)
	case float32:
		return float64(x), nil
	case driver.Valuer:
		if rv := reflect.ValueOf(x); rv.Kind() == reflect.Pointer && rv.IsNil() {
			return nil, nil
		}
		inner, err := x.Value()
		if err != nil {
			return nil, err
		}
		if _, again := inner.(driver.Valuer); again {
			return nil, newError(int(CodeMismatch), "%T.Value() returned another driver.Valuer", x)
		}
		return convertValue(inner)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			return nil, nil
		}
		return convertValue(rv.Elem().Interface())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return uintValue(rv.Uint())
	case reflect.Float32, reflect.Float64:
		return rv.Float(), nil
	case reflect.Bool:
		return rv.Bool(), nil
	case reflect.String:
		return rv.String(), nil
	case reflect.Slice:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			return rv.Bytes(), nil
		}
	}
	return nil, newError(int(CodeMismatch), "cannot bind a value of type %T (see docs/types.md)", v)
}

func uintValue(u uint64) (driver.Value, error) {
	if u > math.MaxInt64 {
		return nil, newError(extendedRangeParameter, "integer %d is out of range for a 64-bit signed integer", u)
	}
	return int64(u), nil
}

// bindParams lays out arguments for the C ABI. Strings and byte slices are passed without a
// copy: pin keeps them in place until the call returns.
func bindParams(args []driver.NamedValue, pin *runtime.Pinner) ([]C.edgelite_param, error) {
	if len(args) == 0 {
		return nil, nil
	}
	params := make([]C.edgelite_param, len(args))
	named := args[0].Name != ""
	for i, a := range args {
		if (a.Name != "") != named {
			return nil, newError(int(CodeRange), "arguments must be all positional or all sql.Named, not a mix")
		}
		p := &params[i]
		if named {
			name := unsafe.StringData(a.Name)
			pin.Pin(name)
			p.name, p.name_len = (*C.uint8_t)(name), C.size_t(len(a.Name))
		}
		v := a.Value
		if _, ok := v.(time.Time); !ok {
			if _, ok := v.(bool); !ok {
				switch v.(type) {
				case nil, int64, float64, string, []byte:
				default:
					conv, err := convertValue(v)
					if err != nil {
						return nil, err
					}
					v = conv
				}
			}
		}
		switch x := v.(type) {
		case nil:
			p.value.kind = C.EDGELITE_NULL
		case int64:
			p.value.kind, p.value.integer = C.EDGELITE_INTEGER, C.int64_t(x)
		case bool:
			p.value.kind = C.EDGELITE_INTEGER
			if x {
				p.value.integer = 1
			}
		case float64:
			p.value.kind, p.value.real = C.EDGELITE_REAL, C.double(x)
		case string:
			p.value.kind = C.EDGELITE_TEXT
			setBytes(&p.value, unsafe.StringData(x), len(x), pin)
		case time.Time:
			s := x.UTC().Format(TimeFormat)
			p.value.kind = C.EDGELITE_TEXT
			setBytes(&p.value, unsafe.StringData(s), len(s), pin)
		case []byte:
			if x == nil {
				p.value.kind = C.EDGELITE_NULL
			} else {
				p.value.kind = C.EDGELITE_BLOB
				setBytes(&p.value, unsafe.SliceData(x), len(x), pin)
			}
		}
	}
	return params, nil
}

func setBytes(v *C.edgelite_value, data *byte, n int, pin *runtime.Pinner) {
	if n == 0 {
		return
	}
	pin.Pin(data)
	v.data, v.len = (*C.uint8_t)(data), C.size_t(n)
}

func paramsPtr(params []C.edgelite_param) *C.edgelite_param {
	if len(params) == 0 {
		return nil
	}
	return &params[0]
}

// valueFromC copies a result value into Go (docs/types.md, "Results: SQLite → language").
func valueFromC(v *C.edgelite_value, asTime bool) driver.Value {
	switch v.kind {
	case C.EDGELITE_INTEGER:
		return int64(v.integer)
	case C.EDGELITE_REAL:
		return float64(v.real)
	case C.EDGELITE_TEXT:
		s := C.GoStringN((*C.char)(unsafe.Pointer(v.data)), C.int(v.len))
		if asTime {
			if t, ok := parseTime(s); ok {
				return t
			}
		}
		return s
	case C.EDGELITE_BLOB:
		b := make([]byte, int(v.len))
		if v.len > 0 {
			copy(b, unsafe.Slice((*byte)(unsafe.Pointer(v.data)), int(v.len)))
		}
		return b
	default:
		return nil
	}
}

func parseTime(s string) (time.Time, bool) {
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// isTimeType reports whether a declared type asks for time.Time (DATE, DATETIME, TIMESTAMP).
func isTimeType(decltype string) bool {
	base := strings.ToUpper(strings.TrimSpace(decltype))
	if i := strings.IndexByte(base, '('); i >= 0 {
		base = strings.TrimSpace(base[:i])
	}
	switch base {
	case "DATE", "DATETIME", "TIMESTAMP":
		return true
	}
	return false
}
