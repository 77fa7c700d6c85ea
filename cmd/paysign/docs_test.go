package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/payway"
)

// TestOperationsTable keeps docs/payway.md's table in step with the catalogue.
func TestOperationsTable(t *testing.T) {
	data, err := os.ReadFile("../../docs/payway.md")
	require.NoError(t, err)
	_, table, ok := strings.Cut(string(data), "<!-- operations table -->")
	require.True(t, ok)
	table, _, ok = strings.Cut(table, "<!-- /operations table -->")
	require.True(t, ok)
	rows := map[string]string{}
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(line, " | ")
		if len(cells) > 3 && strings.HasPrefix(cells[0], "| `") {
			rows[strings.Trim(cells[0], "| `")] = line
		}
	}
	ops := payway.Operations()
	assert.Len(t, rows, len(ops))
	for _, op := range ops {
		row, ok := rows[op.Name]
		if !assert.True(t, ok, "docs/payway.md lacks %s", op.Name) {
			continue
		}
		assert.Contains(t, row, "`"+op.Path+"`", op.Name)
		assert.Contains(t, row, "`"+strings.Join(op.HashFields, "` `")+"` ("+op.HashEncoding+")", op.Name)
	}
}
