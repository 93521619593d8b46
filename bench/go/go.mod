module github.com/edgelite/edgelite/bench/go

go 1.22

require (
	github.com/edgelite/edgelite/bindings/go v0.1.0
	github.com/mattn/go-sqlite3 v1.14.53
)

replace github.com/edgelite/edgelite/bindings/go => ../../bindings/go
