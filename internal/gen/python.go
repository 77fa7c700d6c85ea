package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/paysign/paysign/core/payway"
)

// pyInitialisms: class names keep Python's usual case ("GenerateQrParams").
var pyInitialisms = map[string]string{}

// renderPythonTypes is bindings/python/src/paysign/operations.py: the
// TypedDicts of every operation's parameters and known answer, the signed
// request, and the Literal types of names and codes. paysign imports it for
// type checking only.
func renderPythonTypes(m *model) ([]byte, error) {
	var w lines
	w.add("# "+generated,
		`"""The parameters and answers of every PayWay operation, as TypedDicts for type checkers.`,
		"",
		"PayWay.sign(), send() and prepare() are overloaded on the parameters (see",
		"paysign._generated), so mypy or pyright report a misspelt operation or",
		"parameter, a missing required parameter and a float amount. Amounts are",
		"decimal strings, Decimal or int; never float. The answers' amounts are",
		"strings of their exact text. Nothing in this module is needed at run time;",
		`paysign itself imports it only for type checking."""`,
		"",
		"from __future__ import annotations",
		"",
		"from collections.abc import Mapping, Sequence",
		"from typing import TYPE_CHECKING, Any, Dict, List, Literal, TypedDict, Union",
		"",
		"if TYPE_CHECKING:",
		"    from decimal import Decimal",
		"",
		`#: An amount: a decimal string ("1.50"), a Decimal or an int. Never a float.`,
		`Amount = Union[str, "Decimal", int]`,
		"",
		fmt.Sprintf("#: A PayWay environment: %s.", describeEnvironments(m)),
		"PayWayEnvironment = Literal["+join(m.environments, ", ", func(e envURL) string { return quoteJS(e.name) })+"]",
		"",
		"#: A PayWay operation name.",
		"PayWayOperation = Literal["+join(m.ops, ", ", func(op payway.Operation) string { return quoteJS(op.Name) })+"]",
		"",
		`#: An operation that only reads ("query" in the catalogue): send() may repeat it.`,
		"PayWayQueryOperation = Literal["+join(m.queries, ", ", quoteJS)+"]",
		"",
		"#: A code of paysign's closed set of error codes (PaySignError.code).",
		"ErrorCode = Literal["+join(m.codes, ", ", func(c codeInfo) string { return quoteJS(c.Code) })+"]")
	names := []string{"Amount", "ErrorCode", "PayWayEnvironment", "PayWayOperation", "PayWayQueryOperation", "RequestToSend", "SignedRequest"}
	for i := range m.ops {
		op := &m.ops[i]
		name := pascal(op.Name, pyInitialisms) + "Params"
		names = append(names, name)
		var fields []pyField
		for j := range op.Params {
			p := &op.Params[j]
			fields = append(fields, pyField{p.Name, pythonType(p), !p.Required, oneLine(strings.TrimSpace(p.Description + " " + constraints(p)))})
		}
		w.add("", "")
		w.add(pyTypedDict(name, opSummary(op), fields)...)
	}
	for i := range m.ops {
		tree := m.answers[m.ops[i].Name]
		if tree == nil {
			continue
		}
		name := pascal(m.ops[i].Name, pyInitialisms) + "Answer"
		names = append(names, name)
		w.add(pyAnswer(name, fmt.Sprintf("What %s answers on success (PayWayResponse.value): the members paysign knows.", m.ops[i].Name), tree)...)
	}
	w.add("", "")
	w.add(pyTypedDict("SignedRequest", []string{"A signed PayWay request: the value of the payway.sign op."}, []pyField{
		{"operation", "PayWayOperation", false, ""},
		{"method", `Literal["GET", "POST"]`, false, ""},
		{"url", "str", false, ""},
		{"content_type", "str", false, ""},
		{"fields", "List[List[str]]", false, "every field exactly as sent, in send order: [name, value] pairs"},
		{"hash_fields", "List[str]", false, "the names of the hashed fields, in hash order"},
		{"hash_input", "str", false, "the exact string that was HMAC-SHA512'd"},
		{"hash", "str", false, ""},
		{"headers", "Mapping[str, str]", true, ""},
		{"body", "str", true, "the body to send, for JSON and form endpoints"},
		{"merchant_auth_json", "str", true, "the plaintext of merchant_auth, when the operation has one"},
		{"beneficiaries_json", "str", true, "the plaintext of beneficiaries, when the operation has one"},
	})...)
	w.add("", "")
	w.add(pyTypedDict("RequestToSend", []string{`What sign(..., output="send") returns: only what is sent (payway.sign with "output": "send").`}, []pyField{
		{"operation", "PayWayOperation", false, ""},
		{"method", `Literal["GET", "POST"]`, false, ""},
		{"url", "str", false, ""},
		{"content_type", "str", false, ""},
		{"fields", "List[List[str]]", false, "every field exactly as sent, in send order: [name, value] pairs, hash last"},
		{"headers", "Mapping[str, str]", true, ""},
		{"body", "str", true, "the body to send, for JSON and form endpoints"},
	})...)
	w.add("", "", "__all__ = [")
	for _, n := range names {
		w.add(fmt.Sprintf("    %s,", quoteJS(n)))
	}
	w.add("]")
	return w.bytes(), nil
}

// renderPythonRuntime is bindings/python/src/paysign/_generated.py: the
// facts paysign needs at run time (no import, so importing it costs
// nothing), and the base class that gives PayWay's sign, send and prepare
// one overload per operation for type checkers.
func renderPythonRuntime(m *model) ([]byte, error) {
	var w lines
	w.add("# "+generated,
		`"""The catalogue's facts paysign needs at run time, and PayWay's typed signatures.`,
		"",
		"PayWayTyped declares sign(), send() and prepare() with one overload per",
		"operation (its parameters are the TypedDicts of paysign.operations) for",
		"type checkers only; PayWay inherits it and implements the three methods.",
		`At run time this module defines constants and an empty class: no import."""`,
		"",
		"from __future__ import annotations",
		"",
		"TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing; mypy knows the name",
		"if TYPE_CHECKING:",
		"    from typing import Any, Literal, Optional, Union, overload",
		"",
		"    from typing_extensions import Unpack",
		"",
		"    from . import operations",
		"    from .responses import PayWayResponse, PreparedRequest",
		"",
		`#: The operations that only read ("query" in the catalogue): send() may repeat`,
		"#: them after a retryable answer. Every other operation is sent once.",
		"QUERY_OPERATIONS = frozenset(("+join(m.queries, ", ", quoteJS)+"))",
		"",
		"#: The defaults of the send policy (payway.SendPolicy): seconds per attempt,",
		"#: retries of a query, seconds before the first retry, bytes of answer read.",
		fmt.Sprintf(`SEND_POLICY = {"timeout": %s, "query_retries": %d, "retry_backoff": %s, "max_answer": %d}`,
			pyFloat(seconds(m.policy.Timeout)), m.policy.QueryRetries, pyFloat(seconds(m.policy.RetryBackoff)), m.policy.MaxAnswer),
		"",
		"#: paysign's closed set of error codes with their descriptions (paysign.version's codes).",
		"ERROR_CODES = {")
	for _, c := range m.codes {
		w.add(fmt.Sprintf("    %s: %s,", quoteJS(c.Code), pyString(c.Description)))
	}
	w.add("}", "", "",
		"class PayWayTyped:",
		`    """PayWay's sign(), send() and prepare(), typed per operation (for type checkers)."""`,
		"",
		"    __slots__ = ()",
		"",
		"    if TYPE_CHECKING:")
	for i := range m.ops {
		op, params := quoteJS(m.ops[i].Name), fmt.Sprintf("**params: Unpack[operations.%sParams]", pascal(m.ops[i].Name, pyInitialisms))
		w.add("        @overload",
			fmt.Sprintf("        def sign(self, operation: Literal[%s], *, request_time: Optional[str] = None, output: None = None,", op),
			fmt.Sprintf("                 %s) -> operations.SignedRequest: ...", params),
			"        @overload",
			fmt.Sprintf(`        def sign(self, operation: Literal[%s], *, request_time: Optional[str] = None, output: Literal["send"],`, op),
			fmt.Sprintf("                 %s) -> operations.RequestToSend: ...", params))
	}
	w.add("        def sign(self, operation: str, *, request_time: Optional[str] = None, output: Optional[str] = None,",
		"                 **params: Any) -> Union[operations.SignedRequest, operations.RequestToSend]: ...",
		"")
	for i := range m.ops {
		w.add("        @overload",
			fmt.Sprintf("        def send(self, operation: Literal[%s], *, request_time: Optional[str] = None,", quoteJS(m.ops[i].Name)),
			"                 timeout: Optional[float] = None, query_retries: Optional[int] = None, retry_backoff: Optional[float] = None,",
			fmt.Sprintf("                 **params: Unpack[operations.%sParams]) -> PayWayResponse: ...", pascal(m.ops[i].Name, pyInitialisms)))
	}
	w.add("        def send(self, operation: str, *, request_time: Optional[str] = None, timeout: Optional[float] = None,",
		"                 query_retries: Optional[int] = None, retry_backoff: Optional[float] = None,",
		"                 **params: Any) -> PayWayResponse: ...",
		"")
	for i := range m.ops {
		w.add("        @overload",
			fmt.Sprintf("        def prepare(self, operation: Literal[%s], *, request_time: Optional[str] = None,", quoteJS(m.ops[i].Name)),
			fmt.Sprintf("                    **params: Unpack[operations.%sParams]) -> PreparedRequest: ...", pascal(m.ops[i].Name, pyInitialisms)))
	}
	w.add("        def prepare(self, operation: str, *, request_time: Optional[str] = None,",
		"                    **params: Any) -> PreparedRequest: ...",
		"",
		"",
		`__all__ = ["ERROR_CODES", "QUERY_OPERATIONS", "SEND_POLICY", "PayWayTyped"]`)
	return w.bytes(), nil
}

func pythonType(p *payway.Param) string {
	if len(p.Enum) > 0 {
		return "Literal[" + join(p.Enum, ", ", quoteJS) + "]"
	}
	return paramTypes[p.Type].py
}

type pyField struct {
	name, typ string
	optional  bool
	comment   string
}

var pyKeywords = map[string]bool{}

func init() {
	for _, k := range strings.Fields("False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield") {
		pyKeywords[k] = true
	}
}

var pyIdentifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// pyTypedDict declares a TypedDict; optional keys go into a total=False
// subclass of the required ones (Python 3.9 has no NotRequired).
func pyTypedDict(name string, doc []string, fields []pyField) []string {
	var required, optional []pyField
	for _, f := range fields {
		if f.optional {
			optional = append(optional, f)
		} else {
			required = append(required, f)
		}
	}
	for _, f := range fields {
		if !pyIdentifier.MatchString(f.name) || pyKeywords[f.name] {
			return pyFunctionalTypedDict(name, doc, required, optional)
		}
	}
	body := func(fs []pyField) []string {
		var out []string
		for _, f := range fs {
			if f.comment != "" {
				out = append(out, "    #: "+f.comment)
			}
			out = append(out, fmt.Sprintf("    %s: %s", f.name, f.typ))
		}
		return out
	}
	docLines := pyDoc(doc, "    ")
	var out []string
	switch {
	case len(required) > 0 && len(optional) > 0:
		out = append(out, fmt.Sprintf("class _%sRequired(TypedDict):", name))
		out = append(out, body(required)...)
		out = append(out, "", "", fmt.Sprintf("class %s(_%sRequired, total=False):", name, name))
		out = append(out, docLines...)
		out = append(out, "")
		out = append(out, body(optional)...)
	case len(required) > 0:
		out = append(out, fmt.Sprintf("class %s(TypedDict):", name))
		out = append(out, docLines...)
		out = append(out, "")
		out = append(out, body(required)...)
	default:
		out = append(out, fmt.Sprintf("class %s(TypedDict, total=False):", name))
		out = append(out, docLines...)
		out = append(out, "")
		if len(optional) == 0 {
			out = append(out, "    pass")
		}
		out = append(out, body(optional)...)
	}
	return out
}

// pyFunctionalTypedDict is the TypedDict("Name", {...}) form, for keys that
// are not identifiers.
func pyFunctionalTypedDict(name string, doc []string, required, optional []pyField) []string {
	entries := func(fs []pyField) string {
		return join(fs, ", ", func(f pyField) string { return quoteJS(f.name) + ": " + quoteJS(f.typ) })
	}
	out := []string{"#: " + oneLine(strings.Join(doc, " "))}
	if len(optional) > 0 && len(required) > 0 {
		out = append(out, fmt.Sprintf("_%sRequired = TypedDict(%s, {%s})", name, quoteJS("_"+name+"Required"), entries(required)),
			fmt.Sprintf("%s = TypedDict(%s, {%s}, total=False)  # extends _%sRequired", name, quoteJS(name), entries(optional), name))
		return out
	}
	total := ""
	if len(required) == 0 {
		total = ", total=False"
	}
	return append(out, fmt.Sprintf("%s = TypedDict(%s, {%s}%s)", name, quoteJS(name), entries(append(required, optional...)), total))
}

// pyAnswer declares the TypedDicts of an answer, nested objects first.
func pyAnswer(name, doc string, n *node) []string {
	var out []string
	var fields []pyField
	for _, c := range n.members {
		typ := answerTypes[c.typ].py
		switch {
		case c.typ == payway.AnswerObject && len(c.members) > 0:
			typ = name + pascal(c.name, pyInitialisms)
			out = append(out, pyAnswer(typ, fmt.Sprintf("The member %s of %s.", c.name, name), c)...)
		case c.typ == payway.AnswerArray && c.elem != nil && len(c.elem.members) > 0:
			elem := name + pascal(c.name, pyInitialisms) + "Item"
			out = append(out, pyAnswer(elem, fmt.Sprintf("An element of %s of %s.", c.name, name), c.elem)...)
			typ = "List[" + elem + "]"
		}
		fields = append(fields, pyField{c.name, typ, c.optional, answerDoc(c)})
	}
	out = append(out, "", "")
	return append(out, pyTypedDict(name, []string{doc}, fields)...)
}

func pyDoc(text []string, indent string) []string {
	for len(text) > 0 && text[len(text)-1] == "" {
		text = text[:len(text)-1]
	}
	if len(text) == 0 {
		return nil
	}
	esc := func(s string) string {
		return strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"""`, `\"\"\"`)
	}
	out := []string{indent + `"""` + esc(text[0])}
	for _, t := range text[1:] {
		if t == "" {
			out = append(out, "")
			continue
		}
		out = append(out, indent+esc(t))
	}
	if len(out) == 1 {
		return []string{out[0] + `"""`}
	}
	return append(out, indent+`"""`)
}

// pyString is a Python string literal, double-quoted like the package's code.
func pyString(s string) string { return strconv.Quote(s) }

func pyFloat(s string) string {
	if !strings.Contains(s, ".") {
		return s + ".0"
	}
	return s
}
