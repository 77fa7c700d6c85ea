package main

import (
	"fmt"
	"strings"

	"github.com/paysign/paysign/core/payway"
)

// renderPHP is bindings/php/src/PayWayOperations.php: the PHPStan array
// shapes of every operation's parameters and known answer, and the names,
// queries, environments, send policy defaults and error codes as constants.
func renderPHP(m *model) ([]byte, error) {
	var w lines
	w.add("<?php", "", "// "+generated, "", "declare(strict_types=1);", "", "namespace PaySign;", "",
		"/**",
		" * The parameters of every PayWay operation, and the members paysign knows of",
		" * each one's success answer, as PHPStan array shapes (Psalm reads them too).",
		" * PayWay::sign() imports PayWayOperationParams, so a static analyser reports",
		" * a misspelt operation or parameter, a missing required parameter and a float",
		" * amount. Amounts are decimal strings or ints, never floats; in answers they",
		" * are strings of their exact text. Import them into your own code with",
		" * `@phpstan-import-type RefundParams from \\PaySign\\PayWayOperations`.",
		" *")
	for i := range m.ops {
		op := &m.ops[i]
		fields := join(op.Params, ", ", func(p payway.Param) string {
			return p.Name + optionalMark(!p.Required) + ": " + phpParamType(&p)
		})
		w.add(fmt.Sprintf(" * @phpstan-type %sParams array{%s}", pascal(op.Name, pyInitialisms), fields))
	}
	w.add(" * @phpstan-type PayWayOperationParams array{" + join(m.ops, ", ", func(op payway.Operation) string {
		return op.Name + ": " + pascal(op.Name, pyInitialisms) + "Params"
	}) + "}")
	w.add(" * @phpstan-type PayWayOperation key-of<PayWayOperationParams>")
	var answered []string
	for i := range m.ops {
		tree := m.answers[m.ops[i].Name]
		if tree == nil {
			continue
		}
		name := pascal(m.ops[i].Name, pyInitialisms) + "Answer"
		answered = append(answered, m.ops[i].Name+": "+name)
		w.add(fmt.Sprintf(" * @phpstan-type %s %s", name, phpAnswer(tree)))
	}
	w.add(" * @phpstan-type PayWayOperationAnswers array{" + strings.Join(answered, ", ") + "}")
	w.add(" * @phpstan-type ErrorCode " + join(m.codes, "|", func(c codeInfo) string { return phpQuote(c.Code) }))
	w.add(" */", "final class PayWayOperations", "{", "    /** The operation names, in catalogue order. */", "    public const NAMES = [")
	for i := range m.ops {
		w.add("        " + phpQuote(m.ops[i].Name) + ",")
	}
	w.add("    ];", "", `    /** The operations that change nothing at PayWay (the catalogue's "query" flag). */`, "    public const QUERIES = [")
	for _, q := range m.queries {
		w.add("        " + phpQuote(q) + ",")
	}
	w.add("    ];", "", "    /**", "     * The environments and their hosts.", "     *", "     * @var array<string, string>", "     */",
		"    public const ENVIRONMENTS = [")
	for _, e := range m.environments {
		w.add(fmt.Sprintf("        %s => %s,", phpQuote(e.name), phpQuote(e.url)))
	}
	w.add("    ];", "",
		"    /**",
		"     * The defaults of the send policy (payway.SendPolicy): seconds per attempt,",
		"     * retries of a query, seconds before the first retry, bytes of answer read.",
		"     *",
		"     * @var array{timeout: float, query_retries: int, retry_backoff: float, max_answer: int}",
		"     */",
		fmt.Sprintf("    public const SEND_POLICY = ['timeout' => %s, 'query_retries' => %d, 'retry_backoff' => %s, 'max_answer' => %d];",
			pyFloat(seconds(m.policy.Timeout)), m.policy.QueryRetries, pyFloat(seconds(m.policy.RetryBackoff)), m.policy.MaxAnswer),
		"",
		"    /**",
		"     * paysign's closed set of error codes with their descriptions (paysign.version's codes).",
		"     *",
		"     * @var array<ErrorCode, string>",
		"     */",
		"    public const ERROR_CODES = [")
	for _, c := range m.codes {
		w.add(fmt.Sprintf("        %s => %s,", phpQuote(c.Code), phpQuote(c.Description)))
	}
	w.add("    ];", "", "    private function __construct()", "    {", "    }", "}")
	return w.bytes(), nil
}

func phpParamType(p *payway.Param) string {
	if len(p.Enum) > 0 {
		return join(p.Enum, "|", phpQuote)
	}
	return paramTypes[p.Type].php
}

// phpAnswer is the shape of an answer member, objects written out.
func phpAnswer(n *node) string {
	switch {
	case n.typ == payway.AnswerArray && n.elem != nil:
		return "list<" + phpAnswer(n.elem) + ">"
	case n.typ != payway.AnswerObject || len(n.members) == 0:
		return answerTypes[n.typ].php
	}
	return "array{" + join(n.members, ", ", func(c *node) string {
		return phpKey(c.name) + optionalMark(c.optional) + ": " + phpAnswer(c)
	}) + "}"
}

func phpKey(name string) string {
	if pyIdentifier.MatchString(name) {
		return name
	}
	return phpQuote(name)
}

func phpQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
