package apicheck

import (
	"bufio"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rootModule is the module path whose public packages are checked.
const rootModule = "github.com/servicekultur/servicekultur"

// TestPublicPackages applies the documentation rules to every public library
// package of the root module.
func TestPublicPackages(t *testing.T) {
	root := moduleRoot(t)
	dirs := libraryDirs(t, root)
	require.NotEmpty(t, dirs, "no public library package found under %s", root)

	for _, dir := range dirs {
		rel, err := filepath.Rel(root, dir)
		require.NoError(t, err)
		t.Run(rootModule+"/"+filepath.ToSlash(rel), func(t *testing.T) {
			p := loadPackage(t, dir, root)
			if p == nil {
				t.Skip("not a library package")
			}
			p.check(t)
		})
	}
}

// TestCheckerFindsProblems runs the checker on the fixtures in testdata, so a
// checker that silently accepts everything cannot pass.
func TestCheckerFindsProblems(t *testing.T) {
	base, err := filepath.Abs("testdata")
	require.NoError(t, err)

	good := loadPackage(t, filepath.Join(base, "good"), base)
	require.NotNil(t, good)
	assert.Empty(t, good.undocumented())
	assert.Empty(t, good.packageCommentProblems())
	assert.Empty(t, good.exampleProblems())

	bad := loadPackage(t, filepath.Join(base, "bad"), base)
	require.NotNil(t, bad)
	assert.Equal(t, []string{
		"bad/bad.go:10: func Undocumented",
		"bad/bad.go:14: type T",
		"bad/bad.go:16: method T.Method",
		"bad/bad.go:18: method T.PointerMethod",
		"bad/bad.go:20: type G",
		"bad/bad.go:22: method G.Len",
		"bad/bad.go:31: const Two",
		"bad/bad.go:32: const Three",
		"bad/bad.go:32: const Four",
		"bad/bad.go:35: var V",
		"bad/bad.go:38: type (A)",
		"bad/bad.go:39: type (B)",
	}, bad.undocumented())
	assert.Equal(t, []string{
		"bad: no doc.go holding the package comment",
		"bad/bad.go:1: package comment outside doc.go",
	}, bad.packageCommentProblems())
	assert.Equal(t, []string{
		"bad/example_test.go:5: ExampleUndocumented has no // Output: comment",
		"bad/example_test.go:9: Example_compileOnly has no // Output: comment",
	}, bad.exampleProblems())

	noExample := loadPackage(t, filepath.Join(base, "noexample"), base)
	require.NotNil(t, noExample)
	assert.Empty(t, noExample.undocumented())
	assert.Empty(t, noExample.packageCommentProblems())
	assert.Equal(t, []string{
		"noexample: no Example function in the external test package noexample_test",
	}, noExample.exampleProblems())

	assert.Nil(t, loadPackage(t, filepath.Join(base, "cmd"), base), "main packages are skipped")
}

// moduleRoot walks up from the working directory to the directory whose
// go.mod declares rootModule.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if modulePath(filepath.Join(dir, "go.mod")) == rootModule {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "no go.mod declaring module %s above the working directory", rootModule)
		dir = parent
	}
}

// modulePath returns the module path declared in the go.mod file at path, or
// "" if there is none.
func modulePath(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "module" {
			if p, err := strconv.Unquote(fields[1]); err == nil {
				return p
			}
			return fields[1]
		}
	}
	return ""
}

// libraryDirs lists the directories below root that may hold public
// packages: it leaves out hidden and underscore directories, testdata,
// vendor, internal, the top-level examples directory and nested modules.
func libraryDirs(t *testing.T, root string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if path != root {
			name := d.Name()
			switch {
			case strings.HasPrefix(name, "."), strings.HasPrefix(name, "_"),
				name == "testdata", name == "vendor", name == "internal":
				return filepath.SkipDir
			case filepath.Dir(path) == root && name == "examples":
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir // nested module
			}
		}
		dirs = append(dirs, path)
		return nil
	})
	require.NoError(t, err)
	return dirs
}

// pkg is one parsed package directory.
type pkg struct {
	name  string
	dir   string
	base  string // positions are reported relative to base
	fset  *token.FileSet
	files []*ast.File // non-test files of the package, all build tags
	tests []*ast.File // _test.go files of package name
	xtest []*ast.File // _test.go files of package name_test
}

// loadPackage parses the package in dir. It returns nil if dir holds no
// non-test Go files or holds a main package.
func loadPackage(t *testing.T, dir, base string) *pkg {
	t.Helper()
	bp, err := build.ImportDir(dir, build.ImportComment)
	if _, ok := errors.AsType[*build.NoGoError](err); ok {
		return nil
	}
	require.NoError(t, err, "loading %s", dir)
	if bp.Name == "main" || len(bp.GoFiles)+len(bp.CgoFiles) == 0 {
		return nil
	}

	p := &pkg{name: bp.Name, dir: dir, base: base, fset: token.NewFileSet()}
	parse := func(name string) *ast.File {
		f, err := parser.ParseFile(p.fset, filepath.Join(dir, name), nil, parser.ParseComments)
		require.NoError(t, err)
		return f
	}
	// Files excluded by build constraints for this platform (foo_windows.go)
	// still belong to the API; a //go:build ignore file of another package
	// (a generator's package main) does not.
	for _, name := range slices.Concat(bp.GoFiles, bp.CgoFiles, bp.IgnoredGoFiles) {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		if f := parse(name); f.Name.Name == p.name {
			p.files = append(p.files, f)
		}
	}
	for _, name := range slices.Concat(bp.TestGoFiles, bp.XTestGoFiles) {
		switch f := parse(name); f.Name.Name {
		case p.name:
			p.tests = append(p.tests, f)
		case p.name + "_test":
			p.xtest = append(p.xtest, f)
		}
	}
	return p
}

// check reports every rule violation in p as a test failure.
func (p *pkg) check(t *testing.T) {
	t.Helper()
	report := func(problems []string, what string) {
		t.Helper()
		assert.Empty(t, problems, "%s:\n\t%s", what, strings.Join(problems, "\n\t"))
	}
	report(p.undocumented(), "exported identifiers without a doc comment")
	report(p.packageCommentProblems(), "package comment must be in doc.go only")
	report(p.exampleProblems(), "examples must exist in the external test package and have // Output:")
}

// pos formats pos as file:line relative to p.base.
func (p *pkg) pos(pos token.Pos) string {
	position := p.fset.Position(pos)
	name := position.Filename
	if rel, err := filepath.Rel(p.base, name); err == nil {
		name = filepath.ToSlash(rel)
	}
	return fmt.Sprintf("%s:%d", name, position.Line)
}

// rel returns p.dir relative to p.base.
func (p *pkg) rel() string {
	rel, err := filepath.Rel(p.base, p.dir)
	if err != nil {
		return p.dir
	}
	return filepath.ToSlash(rel)
}

// hasDoc reports whether cg holds comment text (directives such as
// //go:generate alone do not count).
func hasDoc(cg *ast.CommentGroup) bool {
	return cg != nil && strings.TrimSpace(cg.Text()) != ""
}

// undocumented lists the exported top-level identifiers of p that have no
// doc comment, as "file:line: kind name".
func (p *pkg) undocumented() []string {
	var out []string
	miss := func(n ast.Node, kind, name string) {
		out = append(out, fmt.Sprintf("%s: %s %s", p.pos(n.Pos()), kind, name))
	}
	for _, f := range p.files {
		if ast.IsGenerated(f) {
			continue
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() || hasDoc(d.Doc) {
					continue
				}
				if d.Recv == nil {
					miss(d, "func", d.Name.Name)
				} else if recv := receiverName(d.Recv); token.IsExported(recv) {
					miss(d, "method", recv+"."+d.Name.Name)
				}
			case *ast.GenDecl:
				grouped := d.Lparen.IsValid()
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						// go/doc uses the declaration's comment for a
						// type only when the declaration holds one spec.
						if !s.Name.IsExported() || hasDoc(s.Doc) || (len(d.Specs) == 1 && hasDoc(d.Doc)) {
							continue
						}
						name := s.Name.Name
						if grouped {
							name = "(" + name + ")"
						}
						miss(s, "type", name)
					case *ast.ValueSpec:
						if hasDoc(s.Doc) || hasDoc(d.Doc) {
							continue
						}
						for _, id := range s.Names {
							if id.IsExported() {
								miss(id, d.Tok.String(), id.Name)
							}
						}
					}
				}
			}
		}
	}
	return out
}

// receiverName returns the base type name of a method receiver: T for T,
// *T, T[P] and *T[P, Q].
func receiverName(recv *ast.FieldList) string {
	if recv == nil || len(recv.List) == 0 {
		return ""
	}
	expr := recv.List[0].Type
	for {
		switch e := expr.(type) {
		case *ast.StarExpr:
			expr = e.X
		case *ast.ParenExpr:
			expr = e.X
		case *ast.IndexExpr:
			expr = e.X
		case *ast.IndexListExpr:
			expr = e.X
		case *ast.Ident:
			return e.Name
		default:
			return ""
		}
	}
}

// packageCommentProblems checks that doc.go exists and holds the package
// comment, and that no other non-test file has one.
func (p *pkg) packageCommentProblems() []string {
	var out []string
	var docGo *ast.File
	for _, f := range p.files {
		if filepath.Base(p.fset.Position(f.Package).Filename) == "doc.go" {
			docGo = f
		} else if hasDoc(f.Doc) {
			out = append(out, p.pos(f.Doc.Pos())+": package comment outside doc.go")
		}
	}
	switch {
	case docGo == nil:
		out = append([]string{p.rel() + ": no doc.go holding the package comment"}, out...)
	case !hasDoc(docGo.Doc):
		out = append([]string{p.pos(docGo.Package) + ": doc.go has no package comment"}, out...)
	}
	return out
}

// exampleProblems checks that the external test package has at least one
// Example function and that every Example function, in either test
// package, has an output comment.
func (p *pkg) exampleProblems() []string {
	var out []string
	external := 0
	for _, f := range slices.Concat(p.tests, p.xtest) {
		// doc.Examples recognises the same functions as go test does and
		// extracts their output comments.
		withOutput := map[string]bool{}
		for _, ex := range doc.Examples(f) {
			withOutput["Example"+ex.Name] = ex.Output != "" || ex.EmptyOutput
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil {
				continue
			}
			has, isExample := withOutput[fn.Name.Name]
			if !isExample {
				continue
			}
			if f.Name.Name == p.name+"_test" {
				external++
			}
			if !has {
				out = append(out, fmt.Sprintf("%s: %s has no // Output: comment", p.pos(fn.Pos()), fn.Name.Name))
			}
		}
	}
	if external == 0 {
		out = append(out, fmt.Sprintf("%s: no Example function in the external test package %s_test", p.rel(), p.name))
	}
	return out
}
