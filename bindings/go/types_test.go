package edgelite_test

// One test per row of docs/types.md's Go column (parameters and results), and the decisions.

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"math"
	"reflect"
	"testing"
	"time"

	edgelite "github.com/edgelite/edgelite/bindings/go"
)

type celsius float32

type point struct{ X, Y int }

// valuer is a driver.Valuer, as database/sql users write them.
type valuer struct{ s string }

func (v valuer) Value() (driver.Value, error) { return "valued:" + v.s, nil }

func TestParametersPerType(t *testing.T) {
	db := openDB(t, ":memory:")
	s := "pointer"
	var nilPtr *int
	when := time.Date(2024, 5, 6, 7, 8, 9, 500_000_000, time.FixedZone("x", 2*3600))
	cases := []struct {
		name     string
		arg      any
		typeof   string
		readback any
	}{
		{"nil is NULL", nil, "null", nil},
		{"int64 is INTEGER", int64(math.MinInt64), "integer", int64(math.MinInt64)},
		{"int is INTEGER", int(42), "integer", int64(42)},
		{"int32 is INTEGER", int32(-7), "integer", int64(-7)},
		{"int8 is INTEGER", int8(-8), "integer", int64(-8)},
		{"uint8 is INTEGER", uint8(200), "integer", int64(200)},
		{"uint32 is INTEGER", uint32(math.MaxUint32), "integer", int64(math.MaxUint32)},
		{"uint64 in range is INTEGER", uint64(math.MaxInt64), "integer", int64(math.MaxInt64)},
		{"bool true is 1", true, "integer", int64(1)},
		{"bool false is 0", false, "integer", int64(0)},
		{"float64 is REAL", 1.5, "real", 1.5},
		{"float32 is REAL", float32(0.25), "real", 0.25},
		{"named float type is REAL", celsius(2.5), "real", 2.5},
		{"string is TEXT", "héllo", "text", "héllo"},
		{"empty string is TEXT", "", "text", ""},
		{"[]byte is BLOB", []byte{0, 255}, "blob", []byte{0, 255}},
		{"empty []byte is an empty BLOB", []byte{}, "blob", []byte{}},
		{"nil []byte is NULL", []byte(nil), "null", nil},
		{"time.Time is ISO-8601 UTC TEXT", when, "text", "2024-05-06T05:08:09.5Z"},
		{"driver.Valuer is called", valuer{"x"}, "text", "valued:x"},
		{"pointer is followed", &s, "text", "pointer"},
		{"nil pointer is NULL", nilPtr, "null", nil},
		{"NaN binds as NULL", math.NaN(), "null", nil},
		{"+Inf is REAL", math.Inf(1), "real", math.Inf(1)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var typeOf string
			var back any
			if err := db.QueryRow("SELECT typeof(?1), ?1", c.arg).Scan(&typeOf, &back); err != nil {
				t.Fatal(err)
			}
			if typeOf != c.typeof || !reflect.DeepEqual(back, c.readback) {
				t.Fatalf("bound %#v: typeof %s value %#v, want %s %#v", c.arg, typeOf, back, c.typeof, c.readback)
			}
		})
	}
}

func TestNegativeZeroKeepsItsSign(t *testing.T) {
	db := openDB(t, ":memory:")
	var f float64
	if err := db.QueryRow("SELECT ?", math.Copysign(0, -1)).Scan(&f); err != nil {
		t.Fatal(err)
	}
	if !math.Signbit(f) {
		t.Fatal("-0.0 came back as +0.0")
	}
}

func TestUnbindableValues(t *testing.T) {
	db := openDB(t, ":memory:")
	_, err := db.Exec("SELECT ?", uint64(math.MaxInt64)+1)
	e := wantCode(t, err, "EDGELITE_RANGE_PARAMETER")
	if e.Code() != edgelite.CodeRange || !errors.Is(err, edgelite.ErrRange) {
		t.Fatalf("uint64 overflow: %v", err)
	}
	_, err = db.Exec("SELECT ?", point{1, 2})
	wantCode(t, err, "SQLITE_MISMATCH")
	if !errors.Is(err, edgelite.ErrMismatch) {
		t.Fatalf("struct: %v", err)
	}
	_, err = db.Exec("SELECT ?", []int{1})
	wantCode(t, err, "SQLITE_MISMATCH")
}

func TestResultsPerStorageClass(t *testing.T) {
	db := openDB(t, ":memory:")
	var vals [5]any
	err := db.QueryRow("SELECT NULL, 9223372036854775807, 2.5, 'text', x'00ff'").Scan(&vals[0], &vals[1], &vals[2], &vals[3], &vals[4])
	if err != nil {
		t.Fatal(err)
	}
	want := [5]any{nil, int64(math.MaxInt64), 2.5, "text", []byte{0, 255}}
	if !reflect.DeepEqual(vals, want) {
		t.Fatalf("got %#v, want %#v", vals, want)
	}
	// Typed scans convert only without loss: INTEGER into float64 is fine.
	var f float64
	if err := db.QueryRow("SELECT 3").Scan(&f); err != nil || f != 3 {
		t.Fatalf("INTEGER into float64: %v %v", f, err)
	}
	// Text that is not UTF-8 reads with replacement characters; CAST AS BLOB gives the bytes.
	var s string
	var b []byte
	if err := db.QueryRow("SELECT CAST(x'ff' AS TEXT), CAST(CAST(x'ff' AS TEXT) AS BLOB)").Scan(&s, &b); err != nil {
		t.Fatal(err)
	}
	if s != "\uFFFD" || !reflect.DeepEqual(b, []byte{0xff}) {
		t.Fatalf("non-UTF-8 text: %q %x", s, b)
	}
}

func TestTimeByDeclaredType(t *testing.T) {
	db := openDB(t, ":memory:")
	mustExec(t, db, "CREATE TABLE ev(at TIMESTAMP, day DATE, dt DATETIME, plain TEXT)")
	when := time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.UTC)
	mustExec(t, db, "INSERT INTO ev VALUES (?, '2024-01-02', '2024-01-02 03:04:05', ?)", when, when)
	var at, day, dt time.Time
	var plain string
	if err := db.QueryRow("SELECT at, day, dt, plain FROM ev").Scan(&at, &day, &dt, &plain); err != nil {
		t.Fatal(err)
	}
	if !at.Equal(when) || !day.Equal(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)) || !dt.Equal(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Fatalf("times: %v %v %v", at, day, dt)
	}
	if plain != "2024-01-02T03:04:05.123456789Z" {
		t.Fatalf("a TEXT column is never sniffed: %q", plain)
	}
	// Stored text sorts and compares with SQLite's date functions.
	if got := queryInt(t, db, "SELECT at > datetime('2024-01-01') FROM ev"); got != 1 {
		t.Fatal("SQLite's date functions do not read the stored text")
	}
	// Text that is not a date stays a string; conversion can be turned off.
	mustExec(t, db, "INSERT INTO ev(at) VALUES ('not a date')")
	var v any
	if err := db.QueryRow("SELECT at FROM ev WHERE at = 'not a date'").Scan(&v); err != nil || v != "not a date" {
		t.Fatalf("unparsable date text: %#v %v", v, err)
	}
	raw, _ := openWith(t, ":memory:", edgelite.WithTimeConversion(false))
	mustExec(t, raw, "CREATE TABLE ev(at TIMESTAMP)")
	mustExec(t, raw, "INSERT INTO ev VALUES (?)", when)
	if err := raw.QueryRow("SELECT at FROM ev").Scan(&v); err != nil || v != "2024-01-02T03:04:05.123456789Z" {
		t.Fatalf("without conversion: %#v %v", v, err)
	}
}

func TestColumnTypes(t *testing.T) {
	db := openDB(t, ":memory:")
	mustExec(t, db, "CREATE TABLE c(i INTEGER, s VARCHAR(20), r REAL, b BLOB, d DATE, n NUMERIC)")
	rows, err := db.Query("SELECT i, s, r, b, d, n, 1 + 1 AS e FROM c")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name, decl string
		scan       reflect.Type
	}{
		{"i", "INTEGER", reflect.TypeOf(sql.NullInt64{})},
		{"s", "VARCHAR(20)", reflect.TypeOf(sql.NullString{})},
		{"r", "REAL", reflect.TypeOf(sql.NullFloat64{})},
		{"b", "BLOB", reflect.TypeOf([]byte(nil))},
		{"d", "DATE", reflect.TypeOf(sql.NullTime{})},
		{"n", "NUMERIC", reflect.TypeOf((*any)(nil)).Elem()},
		{"e", "", reflect.TypeOf((*any)(nil)).Elem()},
	}
	for i, w := range want {
		ct := types[i]
		if ct.Name() != w.name || ct.DatabaseTypeName() != w.decl || ct.ScanType() != w.scan {
			t.Errorf("column %d: %s %q %v, want %s %q %v", i, ct.Name(), ct.DatabaseTypeName(), ct.ScanType(), w.name, w.decl, w.scan)
		}
	}
}
