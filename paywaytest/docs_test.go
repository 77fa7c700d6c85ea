package paywaytest_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/paywaytest"
)

var updateDocs = flag.Bool("update", false, "rewrite the generated tables of docs/mock.md")

// ruleText says in words what a gateway rule does.
func ruleText(r payway.GatewayRule) string {
	formats := map[string]string{
		payway.FormatTranID:     "letters, digits and '-'",
		payway.FormatAlnum5To24: "5 to 24 letters and digits",
		payway.FormatListDate:   "`YYYY-MM-DD HH:mm:ss`",
		payway.FormatEmail:      "one '@', no spaces",
	}
	switch r.Kind {
	case payway.GatewayContentType:
		return "takes `" + r.Value + "`"
	case payway.GatewayAnyCase:
		return "any letter case, read as the catalogue's spelling"
	case payway.GatewayAsSent:
		return "taken as sent, plain or base64; its shape is not checked"
	case payway.GatewayOptional:
		return "may be absent (Sign requires it)"
	case payway.GatewayRequired:
		return "a required parameter must be there"
	case payway.GatewayLength:
		return "at most the page's length, as sent"
	case payway.GatewayFormat:
		return "format `" + r.Value + "`: " + formats[r.Value]
	case payway.GatewayEnum:
		return "one of the page's values, in its letter case unless a rule above says otherwise"
	case payway.GatewayBase64:
		return "a base64 field must decode"
	case payway.GatewayURL:
		return "a base64 URL must decode to an absolute http(s) URL"
	case payway.GatewayAmount:
		return "amounts: USD at most 2 decimals and at least 0.01, KHR whole and at least 100, 0 only for filters and shipping"
	case payway.GatewayInteger:
		return "whole numbers within the page's bounds"
	case payway.GatewayJSON:
		return "JSON values of the documented shape (lists of objects, at most 10 payouts)"
	case payway.GatewayTrim:
		return "white space around each value is removed before hashing"
	case payway.GatewayNumbers:
		return "a JSON number is read as PHP writes it (`1.50` is `1.5`) before hashing"
	}
	return ""
}

func gatewayRulesTable() string {
	var b strings.Builder
	b.WriteString("| operation | parameter | rule | source |\n|---|---|---|---|\n")
	for _, r := range payway.GatewayRules() {
		op, param := "`"+r.Operation+"`", "`"+r.Param+"`"
		if r.Operation == "*" {
			op = "every operation"
		}
		if r.Param == "" {
			param = "—"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s: %s |\n", op, param, ruleText(r), r.Source, strings.ReplaceAll(r.Ref, "|", "\\|"))
	}
	return b.String()
}

func answerFieldsTable() string {
	var b strings.Builder
	for _, op := range payway.Operations() {
		fmt.Fprintf(&b, "#### `%s`\n\nSource: %s.\n\n| member | type | source | |\n|---|---|---|---|\n", op.Name, payway.AnswerPage(op.Name))
		for _, m := range payway.AnswerMembers(op.Name) {
			typ := m.Type
			if m.Optional {
				typ += ", optional"
			}
			if m.Sandbox != "" {
				typ += " (`--sandbox`: " + m.Sandbox + ")"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", m.Path, typ, m.Source, strings.ReplaceAll(m.Note, "|", "\\|"))
		}
		b.WriteString("\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func fixturesTable() string {
	var b strings.Builder
	b.WriteString("| `tran_id` | status | amount | type | paid with | for |\n|---|---|---|---|---|---|\n")
	for _, f := range paywaytest.Fixtures() {
		paid := f.PaymentOption
		if f.APV != "" {
			paid += ", apv " + f.APV
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s %s | %s | %s | %s |\n", f.TranID, f.Status, f.Amount, f.Currency, f.Type, paid, f.Use)
	}
	return b.String()
}

// TestMockDocs keeps docs/mock.md's generated tables (the fixtures, the
// gateway rules, every operation's answer members) equal to the data they
// come from; `go test ./paywaytest -run TestMockDocs -update` rewrites
// them.
func TestMockDocs(t *testing.T) {
	path := filepath.Join("..", "docs", "mock.md")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	doc := string(data)
	for _, region := range []struct{ name, table string }{
		{"fixtures table", fixturesTable()},
		{"gateway rules table", gatewayRulesTable()},
		{"answer fields table", answerFieldsTable()},
	} {
		start := strings.Index(doc, "<!-- "+region.name)
		require.GreaterOrEqual(t, start, 0, "docs/mock.md lacks <!-- %s", region.name)
		start += strings.Index(doc[start:], "-->") + len("-->\n")
		end := strings.Index(doc, "<!-- /"+region.name+" -->")
		require.Greater(t, end, start-1, "docs/mock.md lacks <!-- /%s -->", region.name)
		if *updateDocs {
			doc = doc[:start] + region.table + doc[end:]
			continue
		}
		assert.Equal(t, region.table, doc[start:end], "docs/mock.md's %s is stale: go test ./paywaytest -run TestMockDocs -update", region.name)
	}
	if *updateDocs {
		require.NoError(t, os.WriteFile(path, []byte(doc), 0o644))
	}
}
