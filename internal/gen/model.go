package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/paysign/paysign/core/abi"
	"github.com/paysign/paysign/core/payway"
)

// model is everything the renderers write, read once from the Go API.
type model struct {
	ops          []payway.Operation
	answers      map[string]*node // operation -> its success answer, for the operations whose members are known
	environments []envURL
	queries      []string
	policy       payway.Policy // the defaults every operation starts from
	codes        []abi.CodeInfo
	goTaken      map[string]bool // package payway's own names, which a generated struct must not take
}

type codeInfo = abi.CodeInfo

type envURL struct{ name, url string }

func newModel(root string) (*model, error) {
	taken, err := goNames(root)
	if err != nil {
		return nil, err
	}
	m := &model{ops: payway.Operations(), answers: map[string]*node{}, codes: abi.Codes(), goTaken: taken}
	for _, env := range payway.Environments() {
		u, _ := payway.BaseURL(env)
		m.environments = append(m.environments, envURL{env, u})
	}
	for _, op := range m.ops {
		if op.Query {
			m.queries = append(m.queries, op.Name)
		}
		for _, p := range op.Params {
			if _, ok := paramTypes[p.Type]; !ok {
				return nil, fmt.Errorf("catalog: %s.%s: unknown parameter type %q; teach internal/gen (paramTypes)", op.Name, p.Name, p.Type)
			}
		}
		members := payway.AnswerMembers(op.Name)
		if len(members) == 0 {
			continue
		}
		tree, err := answerTree(members)
		if err != nil {
			return nil, fmt.Errorf("answers: %s: %w", op.Name, err)
		}
		m.answers[op.Name] = tree
	}
	if len(m.queries) == 0 {
		return nil, fmt.Errorf("catalog: no operation is a query; the generated query lists would be empty")
	}
	p, err := payway.SendPolicy(m.ops[0].Name)
	if err != nil {
		return nil, err
	}
	p.Operation = ""
	m.policy = p
	return m, nil
}

// inLanguages is one catalogue type written in each generated language.
type inLanguages struct{ ts, py, php, goType string }

// paramTypes are the parameter types ([payway.Param].Type) in each
// language, for parameters without an enumeration. Amounts are decimal
// strings, never floats; a JavaScript Map keeps a member order a plain
// object cannot ("10" before "b"). Go's arrays depend on their members
// (goType).
var paramTypes = map[string]inLanguages{
	payway.TypeString:  {"string", "str", "string", "string"},
	payway.TypeURL:     {"string", "str", "string", "string"},
	payway.TypeAmount:  {"string", "Amount", "string|int", "string"},
	payway.TypeInteger: {"number | bigint | string", "Union[int, str]", "int|string", "int"},
	payway.TypeArray: {"ReadonlyArray<Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>>",
		"Sequence[Mapping[str, Any]]", "list<array<string, mixed>>", "[]Object"},
	payway.TypeObject: {"Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>", "Mapping[str, Any]", "array<string, mixed>", "Object"},
}

// answerTypes are the answer member types ([payway.AnswerMember].Type) in
// each language: an amount is its exact text; an object or array whose
// members are unknown is written as such (objects and arrays with known
// members are written out by each renderer).
var answerTypes = map[string]inLanguages{
	payway.AnswerString:  {ts: "string", py: "str", php: "string"},
	payway.AnswerDecimal: {ts: "string", py: "str", php: "string"},
	payway.AnswerInteger: {ts: "number", py: "int", php: "int"},
	payway.AnswerBoolean: {ts: "boolean", py: "bool", php: "bool"},
	payway.AnswerObject:  {ts: "Record<string, unknown>", py: "Dict[str, Any]", php: "array<string, mixed>"},
	payway.AnswerArray:   {ts: "unknown[]", py: "List[Any]", php: "list<mixed>"},
}

// node is one member of an answer: a leaf of one type, an object of
// members, or an array whose elements are the members of elem.
type node struct {
	name     string
	typ      string // a payway.Answer* type
	optional bool
	note     string
	members  []*node // of an object
	elem     *node   // of an array: the element object, nil when its members are unknown
}

// answerTree turns AnswerMembers' paths ("data.list[].amount") into a tree.
// Every parent is listed before its members (the table's documented order).
func answerTree(members []payway.AnswerMember) (*node, error) {
	root := &node{typ: payway.AnswerObject}
	for _, am := range members {
		parent := root
		parts := strings.Split(am.Path, ".")
		for _, part := range parts[:len(parts)-1] {
			name, isElem := strings.CutSuffix(part, "[]")
			n := parent.member(name)
			if n == nil {
				return nil, fmt.Errorf("%s: %s is not listed before its members", am.Path, name)
			}
			switch {
			case isElem && n.typ == payway.AnswerArray:
				if n.elem == nil {
					n.elem = &node{typ: payway.AnswerObject}
				}
				n = n.elem
			case !isElem && n.typ == payway.AnswerObject:
			default:
				return nil, fmt.Errorf("%s: %s has type %s", am.Path, part, n.typ)
			}
			parent = n
		}
		name := parts[len(parts)-1]
		if parent.member(name) != nil {
			return nil, fmt.Errorf("%s is listed twice", am.Path)
		}
		if _, ok := answerTypes[am.Type]; !ok {
			return nil, fmt.Errorf("%s: unknown type %q; teach internal/gen (answerTypes)", am.Path, am.Type)
		}
		parent.members = append(parent.members, &node{name: name, typ: am.Type, optional: am.Optional, note: am.Note})
	}
	return root, nil
}

func (n *node) member(name string) *node {
	for _, m := range n.members {
		if m.name == name {
			return m
		}
	}
	return nil
}

// constraints describes what the catalogue checks of a parameter beyond its
// type, in one line.
func constraints(p *payway.Param) string {
	var parts []string
	if p.Type == payway.TypeAmount {
		parts = append(parts, `decimal string, e.g. "1.50"`)
	}
	if p.Type == payway.TypeURL {
		parts = append(parts, "URL")
	}
	if p.Format != "" {
		parts = append(parts, "format "+p.Format)
	}
	if p.MaxLength > 0 {
		parts = append(parts, fmt.Sprintf("max length %d", p.MaxLength))
	}
	if p.MaxItems > 0 {
		parts = append(parts, fmt.Sprintf("at most %d items", p.MaxItems))
	}
	if p.Min != 0 || p.Max != 0 {
		lo, hi := "…", "…"
		if p.Min != 0 {
			lo = fmt.Sprint(p.Min)
		}
		if p.Max != 0 {
			hi = fmt.Sprint(p.Max)
		}
		parts = append(parts, lo+" to "+hi)
	}
	switch p.Encoding {
	case payway.EncodingBase64:
		parts = append(parts, "paysign sends it base64-encoded")
	case payway.EncodingJSONString:
		parts = append(parts, "paysign sends it as a JSON string")
	}
	if p.In != payway.InBody {
		parts = append(parts, "goes into the encrypted "+p.In)
	}
	if p.AllowZero {
		parts = append(parts, "zero allowed")
	}
	if len(parts) == 0 {
		return ""
	}
	return "(" + strings.Join(parts, "; ") + ")"
}

// opSummary is the first lines of an operation's documentation.
func opSummary(op *payway.Operation) []string {
	lines := []string{
		fmt.Sprintf("%s: %s %s (%s).", op.Title, op.Method, op.Path, op.ContentType),
		fmt.Sprintf("Hash (%s) over: %s.", op.HashEncoding, strings.Join(op.HashFields, ", ")),
	}
	if op.EncryptedField != "" {
		lines = append(lines, fmt.Sprintf("Encrypts %s with the RSA public key.", op.EncryptedField))
	}
	if op.Notes != "" {
		lines = append(lines, op.Notes)
	}
	return lines
}

// pascal is an operation or member name in PascalCase: refund_amount ->
// RefundAmount; initialisms keep Go's case where goInitialisms says so.
func pascal(name string, initialisms map[string]string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == '_' || r == '-' || r == '.' || r == ' ' }) {
		if up, ok := initialisms[w]; ok {
			b.WriteString(up)
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// seconds is a duration in seconds as the bindings' options take it.
func seconds(d time.Duration) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.3f", d.Seconds()), "0"), ".")
}
