// Package apicheck holds no code; its test enforces documentation rules on
// the public API of the servicekultur module.
//
// Neither go vet nor staticcheck reports a missing doc comment, so the test
// in this directory parses every public library package of the root module
// (every package outside internal/, examples/, testdata/, hidden directories
// and nested modules, except main packages) with go/parser and fails when:
//
//   - an exported top-level function, type, constant or variable, or an
//     exported method of an exported type, has no doc comment (for a grouped
//     const or var declaration, a comment on the group or on the spec
//     counts; generated files are skipped);
//   - the package has no doc.go holding the package comment, or another
//     non-test file also carries a package comment;
//   - the package has no Example function in its external _test package, or
//     any Example function has no "// Output:" comment, so it would compile
//     but never run.
//
// Each failure names the file, the line and the identifier. It runs as part
// of go test ./..., so a new exported identifier cannot land undocumented.
package apicheck
