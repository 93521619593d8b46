// Command bench compares the edgelite database/sql driver with github.com/mattn/go-sqlite3 on
// the same workload, each on a fresh file database in a temporary directory:
//
//   - insert: 100k rows in one transaction through one prepared statement;
//   - point select: 100k single-row lookups by primary key through one prepared statement;
//   - scan: one full scan of the 100k rows.
//
// Both drivers bundle SQLite, so one binary cannot link both (their C symbols clash): the
// program is built twice, with and without the build tag `mattn`, and the edgelite build runs
// the mattn build (-against) and prints the medians of both and the ratio edgelite / mattn
// (below 1 is faster). Run it with bench/go/run.sh, which builds the release library first.
package main

import (
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"os/exec"
	"strconv"
	"strings"
)

var (
	rows    = flag.Int("rows", 100_000, "rows per workload")
	rounds  = flag.Int("rounds", 5, "rounds per workload (the median is reported)")
	raw     = flag.Bool("raw", false, "print this driver's medians in nanoseconds, one line")
	against = flag.String("against", "", "the other build of this program to compare with")
)

type result struct{ insert, point, scan time.Duration }

func run(driver string, dir string, round int) (result, error) {
	path := filepath.Join(dir, fmt.Sprintf("%s-%d.db", driver, round))
	db, err := sql.Open(driver, path)
	if err != nil {
		return result{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL, data BLOB)"); err != nil {
		return result{}, err
	}
	var r result
	blob := make([]byte, 16)

	start := time.Now()
	tx, err := db.Begin()
	if err != nil {
		return r, err
	}
	ins, err := tx.Prepare("INSERT INTO t(id, name, score, data) VALUES (?, ?, ?, ?)")
	if err != nil {
		return r, err
	}
	for i := 1; i <= *rows; i++ {
		if _, err := ins.Exec(i, "name-"+fmt.Sprint(i), float64(i)*0.5, blob); err != nil {
			return r, err
		}
	}
	ins.Close()
	if err := tx.Commit(); err != nil {
		return r, err
	}
	r.insert = time.Since(start)

	start = time.Now()
	sel, err := db.Prepare("SELECT name, score FROM t WHERE id = ?")
	if err != nil {
		return r, err
	}
	var name string
	var score float64
	for i := 1; i <= *rows; i++ {
		if err := sel.QueryRow((i*7919)%*rows+1).Scan(&name, &score); err != nil {
			return r, err
		}
	}
	sel.Close()
	r.point = time.Since(start)

	start = time.Now()
	all, err := db.Query("SELECT id, name, score, data FROM t")
	if err != nil {
		return r, err
	}
	n := 0
	var id int64
	var data []byte
	for all.Next() {
		if err := all.Scan(&id, &name, &score, &data); err != nil {
			return r, err
		}
		n++
	}
	if err := all.Err(); err != nil {
		return r, err
	}
	all.Close()
	if n != *rows {
		return r, fmt.Errorf("scan read %d rows", n)
	}
	r.scan = time.Since(start)
	return r, nil
}

func median(ds []time.Duration) time.Duration {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2]
}

func measure() ([3]time.Duration, error) {
	dir, err := os.MkdirTemp("", "edgelite-go-bench")
	if err != nil {
		return [3]time.Duration{}, err
	}
	defer os.RemoveAll(dir)
	var ins, pt, sc []time.Duration
	for round := 0; round < *rounds; round++ {
		r, err := run(driverName, dir, round)
		if err != nil {
			return [3]time.Duration{}, fmt.Errorf("%s: %w", driverName, err)
		}
		ins, pt, sc = append(ins, r.insert), append(pt, r.point), append(sc, r.scan)
	}
	return [3]time.Duration{median(ins), median(pt), median(sc)}, nil
}

func main() {
	flag.Parse()
	mine, err := measure()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if *raw || *against == "" {
		fmt.Println(driverName, int64(mine[0]), int64(mine[1]), int64(mine[2]))
		return
	}
	out, err := exec.Command(*against, "-raw", "-rows", fmt.Sprint(*rows), "-rounds", fmt.Sprint(*rounds)).Output()
	if err != nil {
		fmt.Fprintln(os.Stderr, "the other build:", err)
		os.Exit(1)
	}
	fields := strings.Fields(string(out))
	if len(fields) != 4 {
		fmt.Fprintf(os.Stderr, "the other build printed %q\n", out)
		os.Exit(1)
	}
	var theirs [3]time.Duration
	for i := range theirs {
		n, _ := strconv.ParseInt(fields[i+1], 10, 64)
		theirs[i] = time.Duration(n)
	}
	fmt.Printf("%d rows, median of %d rounds\n", *rows, *rounds)
	fmt.Printf("%-30s %12s %14s %8s\n", "workload", driverName, fields[0], "ratio")
	for i, w := range []string{"insert (one tx, prepared)", "point select (prepared)", "full scan"} {
		fmt.Printf("%-30s %12s %14s %7.2fx\n", w, mine[i].Round(time.Microsecond), theirs[i].Round(time.Microsecond), float64(mine[i])/float64(theirs[i]))
	}
}
