// Package storage holds storage adapters for the servicekultur packages on
// real databases. It is a nested module so the root module stays light: the
// database drivers are dependencies of this module only.
//
// The adapters live in sub-packages (sqlite/..., postgres/...); this package
// itself has no API.
package storage
