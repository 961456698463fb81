// Command cmd is skipped.
package main

func main() {}
