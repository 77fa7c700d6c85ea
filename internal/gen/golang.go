package main

import (
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/paysign/paysign/core/payway"
)

// goInitialisms keep Go's case in generated names (TranID, ReturnURL, CTID).
var goInitialisms = map[string]string{"id": "ID", "url": "URL", "qr": "QR", "ctid": "CTID", "pwt": "PWT", "json": "JSON", "api": "API", "http": "HTTP"}

const goFile = "core/payway/params_gen.go"

// renderGo is core/payway/params_gen.go: one struct per operation whose
// fields are its parameters, so that a misspelt one does not compile. Each
// is an Input (input.go): Operation names the operation, params gives the
// Params that Sign checks, leaving out what is empty.
func renderGo(m *model) ([]byte, error) {
	var w lines
	w.add("// "+generated, "", "package payway", "")
	for i := range m.ops {
		op := &m.ops[i]
		name := m.goTypeName(op.Name)
		summary := opSummary(op)
		w.add(fmt.Sprintf("// %s is the parameters of %s, PayWay's %s", name, op.Name, strings.TrimPrefix(summary[0], op.Title+": ")))
		for _, l := range summary[1:] {
			w.add("// " + l)
		}
		w.add(fmt.Sprintf("type %s struct {", name))
		for j := range op.Params {
			p := &op.Params[j]
			what := []string{}
			if p.Required {
				what = append(what, "required")
			}
			if c := constraints(p); c != "" {
				what = append(what, strings.Trim(c, "()"))
			}
			if len(p.Enum) > 0 {
				what = append(what, "one of "+join(p.Enum, ", ", quoteJS))
			}
			if goType(p) == "int" && p.Min > 0 {
				what = append(what, "0 leaves it out")
			}
			w.add(fmt.Sprintf("\t// %s is %s: %s", goName(p.Name), p.Name, p.Description))
			if len(what) > 0 {
				w.add("\t// (" + strings.Join(what, "; ") + ").")
			}
			w.add(fmt.Sprintf("\t%s %s", goName(p.Name), goType(p)))
		}
		w.add("}", "")
		w.add(fmt.Sprintf("// Operation returns %q.", op.Name))
		w.add(fmt.Sprintf("func (%s) Operation() string { return %q }", name, op.Name), "")
		if len(op.Params) == 0 {
			w.add(fmt.Sprintf("func (%s) params() Params { return Params{} }", name), "")
			continue
		}
		w.add(fmt.Sprintf("func (p %s) params() Params {", name))
		w.add(fmt.Sprintf("\tparams := make(Params, %d)", len(op.Params)))
		for j := range op.Params {
			p := &op.Params[j]
			field := "p." + goName(p.Name)
			present := field + ` != ""`
			switch goType(p) {
			case "int":
				present = field + " != 0"
				if p.Min <= 0 {
					present = "true" // 0 is a value the parameter takes
				}
			case "Object", "[]Item", "[]Payout", "[]Object":
				present = "len(" + field + ") > 0"
			}
			w.add(fmt.Sprintf("\tset(params, %q, %s, %s)", p.Name, field, present))
		}
		w.add("\treturn params", "}", "")
	}
	src := []byte(strings.Join(w, "\n"))
	out, err := format.Source(src)
	if err != nil {
		return nil, fmt.Errorf("gofmt: %w", err)
	}
	return out, nil
}

func goName(param string) string { return pascal(param, goInitialisms) }

// goType is a parameter's Go type: paramTypes', but a list of items or
// payouts is a slice of the package's own element type.
func goType(p *payway.Param) string {
	if p.Type == payway.TypeArray {
		switch {
		case slices.Equal(p.Members, []string{"name", "quantity", "price"}):
			return "[]Item"
		case slices.Equal(p.Members, []string{"acc", "amt"}), slices.Equal(p.Members, []string{"account", "amount"}):
			return "[]Payout"
		}
	}
	return paramTypes[p.Type].goType
}

// goTypeName is an operation's struct: Refund for refund; an operation
// whose name is taken by package payway's own API (payout: the list
// element Payout) gets the suffix Request.
func (m *model) goTypeName(operation string) string {
	name := pascal(operation, goInitialisms)
	if m.goTaken[name] {
		return name + "Request"
	}
	return name
}

// goNames are the exported top-level names of package payway outside the
// generated file.
func goNames(root string) (map[string]bool, error) {
	dir := filepath.Join(root, filepath.Dir(goFile))
	fset := token.NewFileSet()
	names := map[string]bool{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") || n == filepath.Base(goFile) {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					names[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						names[s.Name.Name] = true
					case *ast.ValueSpec:
						for _, id := range s.Names {
							names[id.Name] = true
						}
					}
				}
			}
		}
	}
	return names, nil
}
