// Package tools is a separate module that pins the developer tools used by
// .ci/run: staticcheck, apidiff and benchstat. They are declared as tool
// directives in this module's go.mod rather than in the root go.mod, so that
// their dependencies never enter the dependency graph of modules that import
// servicekultur. Run them from the repository root with
//
//	go tool -modfile=internal/tools/go.mod staticcheck ./...
//	go tool -modfile=internal/tools/go.mod apidiff -h
//	go tool -modfile=internal/tools/go.mod benchstat old.txt new.txt
//
// To update a tool, run in this directory, for example,
//
//	go get -tool honnef.co/go/tools/cmd/staticcheck@latest
//	go mod tidy
package tools
