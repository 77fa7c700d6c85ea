package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/paysign/paysign/core/payway"
)

// renderTS is bindings/js/src/payway-operations.d.ts: the types of every
// operation's parameters and answer, the operation and environment names,
// the query operations and the error codes.
func renderTS(m *model) ([]byte, error) {
	var w lines
	w.add("// "+generated, "")
	w.add(fmt.Sprintf("/** A PayWay environment: %s. */", describeEnvironments(m)))
	w.add("export type PayWayEnvironment = "+join(m.environments, " | ", func(e envURL) string { return quoteJS(e.name) })+";", "")
	w.add("/** The parameters of each PayWay operation, by operation name (PayWay's own field names, plain values). */")
	w.add("export interface PayWayOperationParams {")
	for i := range m.ops {
		op := &m.ops[i]
		w.add(jsDoc(opSummary(op), "  ")...)
		w.add(fmt.Sprintf("  %s: {", jsKey(op.Name)))
		for j := range op.Params {
			p := &op.Params[j]
			w.add(jsDoc([]string{p.Description, constraints(p)}, "    ")...)
			w.add(fmt.Sprintf("    %s%s: %s;", jsKey(p.Name), optionalMark(!p.Required), tsParamType(p)))
		}
		w.add("  };")
	}
	w.add("}", "")
	w.add("/** A PayWay operation name. */")
	w.add("export type PayWayOperation = keyof PayWayOperationParams;", "")
	w.add(`/** An operation that only reads ("query" in the catalogue): send() may repeat it after a retryable answer. */`)
	w.add("export type PayWayQueryOperation = "+join(m.queries, " | ", quoteJS)+";", "")
	w.add("/**",
		" * The members paysign knows of each operation's success answer (PayWayResponse.value),",
		" * by operation name: amounts are strings of their exact text, other numbers numbers.",
		" * An operation that is not listed has an answer of members paysign does not describe.",
		" */",
		"export interface PayWayOperationAnswers {")
	for i := range m.ops {
		tree := m.answers[m.ops[i].Name]
		if tree == nil {
			continue
		}
		w.add(fmt.Sprintf("  %s: %s;", jsKey(m.ops[i].Name), tsAnswer(tree, "  ")))
	}
	w.add("}", "")
	w.add("/** The answer of operation Op: its members where paysign knows them. */")
	w.add("export type PayWayAnswer<Op extends string> = Op extends keyof PayWayOperationAnswers ? PayWayOperationAnswers[Op] : Record<string, unknown>;", "")
	w.add("/** A code of paysign's closed set of error codes (PaySignError.code), as paysign.version lists them. */")
	w.add("export type PaySignErrorCode =")
	for i, c := range m.codes {
		end := ""
		if i == len(m.codes)-1 {
			end = ";"
		}
		w.add(fmt.Sprintf("  | %s%s // %s", quoteJS(c.Code), end, oneLine(c.Description)))
	}
	w.add("")
	w.add("/** The defaults of send()'s options, the same for every operation (payway.SendPolicy), in send()'s units. */")
	w.add("export interface PayWaySendDefaults {",
		"  /** Milliseconds for one attempt: connecting, sending and reading the whole answer. */",
		"  readonly timeout: number;",
		"  /** How many times a query is sent again; other operations are sent once. */",
		"  readonly queryRetries: number;",
		"  /** Milliseconds before the first retry, doubled for each next one. */",
		"  readonly retryBackoff: number;",
		"  /** The most bytes of an answer read. */",
		"  readonly maxAnswer: number;",
		"}")
	return w.bytes(), nil
}

// renderJS is bindings/js/src/payway-catalog.js: the generated facts the
// package needs at run time.
func renderJS(m *model) ([]byte, error) {
	var w lines
	w.add("// "+generated, "")
	w.add("/**",
		` * The operations that only read ("query" in the catalogue): send() may repeat`,
		" * them after a retryable answer. Every other operation can move money or",
		" * change state and is sent once.",
		" * @type {ReadonlyArray<import('./payway-operations.js').PayWayQueryOperation>}",
		" */",
		"export const QUERY_OPERATIONS = Object.freeze(["+join(m.queries, ", ", quoteJSSingle)+"]);", "")
	w.add("/**",
		" * The defaults of send()'s options (payway.SendPolicy), in send()'s units: milliseconds",
		" * per attempt, retries of a query, milliseconds before the first retry, bytes of answer read.",
		" * @type {Readonly<import('./payway-operations.js').PayWaySendDefaults>}",
		" */",
		fmt.Sprintf("export const SEND_POLICY = Object.freeze({ timeout: %d, queryRetries: %d, retryBackoff: %d, maxAnswer: %d });",
			m.policy.Timeout.Milliseconds(), m.policy.QueryRetries, m.policy.RetryBackoff.Milliseconds(), m.policy.MaxAnswer), "")
	w.add("/**",
		" * paysign's closed set of error codes with their descriptions (paysign.version's codes).",
		" * @type {Readonly<Record<import('./payway-operations.js').PaySignErrorCode, string>>}",
		" */",
		"export const ERROR_CODES = Object.freeze({")
	for _, c := range m.codes {
		w.add(fmt.Sprintf("  %s: %s,", jsKey(c.Code), quoteJSSingle(c.Description)))
	}
	w.add("});")
	return w.bytes(), nil
}

func tsParamType(p *payway.Param) string {
	if len(p.Enum) > 0 {
		return join(p.Enum, " | ", quoteJS)
	}
	return paramTypes[p.Type].ts
}

// tsAnswer is the type of an answer member, objects written out.
func tsAnswer(n *node, indent string) string {
	switch {
	case n.typ == payway.AnswerArray && n.elem != nil:
		return "Array<" + tsAnswer(n.elem, indent) + ">"
	case n.typ != payway.AnswerObject || len(n.members) == 0:
		return answerTypes[n.typ].ts
	}
	var b strings.Builder
	b.WriteString("{\n")
	for _, c := range n.members {
		if doc := answerDoc(c); doc != "" {
			b.WriteString(indent + "  /** " + strings.ReplaceAll(doc, "*/", `*\/`) + " */\n")
		}
		b.WriteString(indent + "  " + jsKey(c.name) + optionalMark(c.optional) + ": " + tsAnswer(c, indent+"  ") + ";\n")
	}
	return b.String() + indent + "}"
}

// answerDoc is the comment of an answer member: its note, and that an
// amount is its exact text.
func answerDoc(n *node) string {
	parts := []string{}
	if n.typ == payway.AnswerDecimal {
		parts = append(parts, "an amount: its exact text")
	}
	if n.note != "" {
		parts = append(parts, oneLine(n.note))
	}
	return strings.Join(parts, "; ")
}

func jsDoc(text []string, indent string) []string {
	var kept []string
	for _, t := range text {
		if t != "" {
			kept = append(kept, strings.ReplaceAll(t, "*/", `*\/`))
		}
	}
	if len(kept) == 0 {
		return nil
	}
	out := []string{indent + "/**"}
	for _, t := range kept {
		out = append(out, indent+" * "+t)
	}
	return append(out, indent+" */")
}

var jsIdentifier = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

func jsKey(name string) string {
	if jsIdentifier.MatchString(name) {
		return name
	}
	return quoteJS(name)
}

// quoteJS is a JSON string: valid in TypeScript and JavaScript.
func quoteJS(s string) string { return strconv.Quote(s) }

// quoteJSSingle is a single-quoted JavaScript string, the package's style.
func quoteJSSingle(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "\r", `\r`, "\u2028", `\u2028`, "\u2029", `\u2029`)
	return "'" + r.Replace(s) + "'"
}

func optionalMark(optional bool) string {
	if optional {
		return "?"
	}
	return ""
}

func describeEnvironments(m *model) string {
	return join(m.environments, ", ", func(e envURL) string { return e.name + " (" + e.url + ")" })
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func join[T any](list []T, sep string, f func(T) string) string {
	parts := make([]string, len(list))
	for i, v := range list {
		parts[i] = f(v)
	}
	return strings.Join(parts, sep)
}

// lines collects a file line by line.
type lines []string

func (l *lines) add(s ...string) { *l = append(*l, s...) }

func (l lines) bytes() []byte { return []byte(strings.Join(l, "\n") + "\n") }
