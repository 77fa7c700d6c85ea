package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/payway"
)

// The committed files are what the generator writes: `go test ./...`
// catches a catalogue change without `go generate`, as `make check` does.
func TestGeneratedFilesAreFresh(t *testing.T) {
	require.NoError(t, run("../..", true))
}

// -check names a stale file and a missing one, and writes nothing.
func TestCheckReportsStaleFiles(t *testing.T) {
	root := t.TempDir()
	copyTree(t, "../..", root, filepath.Dir(goFile), func(name string) bool {
		return strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
	})
	for _, o := range outputs[1:] {
		data, err := os.ReadFile(filepath.Join("../..", o.path))
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, o.path)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, o.path), data, 0o644))
	}
	stale := filepath.Join(root, "bindings/php/src/PayWayOperations.php")
	require.NoError(t, os.WriteFile(stale, []byte("<?php // edited by hand\n"), 0o644))
	require.NoError(t, os.Remove(filepath.Join(root, goFile)))

	err := run(root, true)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bindings/php/src/PayWayOperations.php is stale")
	assert.Contains(t, err.Error(), goFile+" is stale")
	assert.NotContains(t, err.Error(), "payway-operations.d.ts")
	data, err := os.ReadFile(stale)
	require.NoError(t, err)
	assert.Equal(t, "<?php // edited by hand\n", string(data), "-check wrote a file")

	require.NoError(t, run(root, false))
	require.NoError(t, run(root, true), "after writing, nothing is stale")
}

func TestAnswerTree(t *testing.T) {
	m := func(path, typ string) payway.AnswerMember {
		return payway.AnswerMember{Path: path, Type: typ}
	}
	tree, err := answerTree([]payway.AnswerMember{
		m("data", payway.AnswerObject), m("data.total", payway.AnswerDecimal),
		m("data.list", payway.AnswerArray), m("data.list[].amount", payway.AnswerDecimal), m("data.list[].id", payway.AnswerInteger),
		m("tags", payway.AnswerArray), m("ok", payway.AnswerBoolean),
	})
	require.NoError(t, err)
	assert.Equal(t, "{\n  data: {\n    /** an amount: its exact text */\n    total: string;\n    list: Array<{\n"+
		"      /** an amount: its exact text */\n      amount: string;\n      id: number;\n    }>;\n  };\n"+
		"  tags: unknown[];\n  ok: boolean;\n}", tsAnswer(tree, ""))
	assert.Equal(t, "array{data: array{total: string, list: list<array{amount: string, id: int}>}, tags: list<mixed>, ok: bool}", phpAnswer(tree))

	for _, tc := range []struct {
		name    string
		members []payway.AnswerMember
		err     string
	}{
		{"member before its parent", []payway.AnswerMember{m("data.total", payway.AnswerDecimal)}, "data is not listed before its members"},
		{"member of a string", []payway.AnswerMember{m("code", payway.AnswerString), m("code.x", payway.AnswerString)}, "code has type string"},
		{"element of an object", []payway.AnswerMember{m("data", payway.AnswerObject), m("data[].x", payway.AnswerString)}, "data[] has type object"},
		{"twice", []payway.AnswerMember{m("code", payway.AnswerString), m("code", payway.AnswerString)}, "code is listed twice"},
		{"unknown type", []payway.AnswerMember{m("code", "float")}, `unknown type "float"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := answerTree(tc.members)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.err)
		})
	}
}

func TestNames(t *testing.T) {
	for _, tc := range []struct{ in, goName, pyName string }{
		{"tran_id", "TranID", "TranId"},
		{"return_url", "ReturnURL", "ReturnUrl"},
		{"generate_qr", "GenerateQR", "GenerateQr"},
		{"ctid", "CTID", "Ctid"},
		{"get_transactions_by_mc_ref", "GetTransactionsByMcRef", "GetTransactionsByMcRef"},
	} {
		assert.Equal(t, tc.goName, pascal(tc.in, goInitialisms), tc.in)
		assert.Equal(t, tc.pyName, pascal(tc.in, pyInitialisms), tc.in)
	}
	m := &model{goTaken: map[string]bool{"Payout": true}}
	assert.Equal(t, "PayoutRequest", m.goTypeName("payout"), "a name package payway already uses")
	assert.Equal(t, "Refund", m.goTypeName("refund"))
}

// copyTree copies the files of dir (relative to from) that keep accepts.
func copyTree(t *testing.T, from, to, dir string, keep func(string) bool) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(from, dir))
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(to, dir), 0o755))
	for _, e := range entries {
		if e.IsDir() || !keep(e.Name()) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, dir, e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(to, dir, e.Name()), data, 0o644))
	}
}
