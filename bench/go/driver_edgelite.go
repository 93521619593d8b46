//go:build !mattn

package main

import _ "github.com/edgelite/edgelite/bindings/go"

const driverName = "edgelite"
