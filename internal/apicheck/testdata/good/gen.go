//go:build ignore

// Gen is a generator of another package; it is not checked.
package main

func main() {}
