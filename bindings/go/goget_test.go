package edgelite_test

// The path a user takes (README, "Installation"): a program in its own module requires
// github.com/edgelite/edgelite/bindings/go; here a replace directive points it at this checkout,
// whose lib/ holds the native library build-lib.sh made. The program is built and run with the
// network off (GOPROXY=off, GOFLAGS=-mod=mod): the module needs nothing but cgo.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestUserModuleBuildsAndRuns(t *testing.T) {
	here, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	app := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/app\n\ngo 1.22\n\nrequire github.com/edgelite/edgelite/bindings/go v0.1.0\n\nreplace github.com/edgelite/edgelite/bindings/go => " + here + "\n",
		"main.go": `package main

import (
	"database/sql"
	"fmt"
	"os"

	_ "github.com/edgelite/edgelite/bindings/go"
)

func main() {
	db, err := sql.Open("edgelite", ":memory:")
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	defer db.Close()
	var n int64
	if err := db.QueryRow("SELECT 40 + ?", 2).Scan(&n); err != nil {
		fmt.Println("query:", err)
		os.Exit(1)
	}
	fmt.Println("answer", n)
}
`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(app, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(app, "app")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = app
	build.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "CGO_ENABLED=1")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build of a user module failed: %v\n%s", err, out)
	}
	out, err := exec.Command(bin).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "answer 42" {
		t.Fatalf("the user program printed %q (%v)", out, err)
	}
}
