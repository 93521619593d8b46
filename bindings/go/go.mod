module github.com/edgelite/edgelite/bindings/go

go 1.22
