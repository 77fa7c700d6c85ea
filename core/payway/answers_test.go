package payway_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/paysign/paysign/core/payway"
)

// Every operation of the catalogue has an answer shape: each member once,
// inside a member of the right kind, with a known type and source.
func TestAnswerMembersCoverTheCatalogue(t *testing.T) {
	types := []string{payway.AnswerString, payway.AnswerDecimal, payway.AnswerInteger, payway.AnswerBoolean, payway.AnswerObject, payway.AnswerArray}
	for _, op := range payway.Operations() {
		list := payway.AnswerMembers(op.Name)
		if !assert.NotEmpty(t, list, op.Name) {
			continue
		}
		assert.NotEmpty(t, payway.AnswerPage(op.Name), op.Name)
		kinds := map[string]string{}
		for _, m := range list {
			where := op.Name + " " + m.Path
			assert.NotContains(t, kinds, m.Path, "%s listed twice", where)
			kinds[m.Path] = m.Type
			assert.Contains(t, types, m.Type, where)
			assert.Contains(t, []string{payway.SourceDocs, payway.SourceSandbox, payway.SourceInferred}, m.Source, where)
			if m.Sandbox != "" {
				assert.Contains(t, append(types, payway.AnswerAbsent), m.Sandbox, where)
				assert.NotEqual(t, m.Type, m.Sandbox, where)
				assert.NotEmpty(t, m.Note, "%s: a sandbox difference says where it was seen", where)
			}
		}
		for _, m := range list {
			parent, want := parentOf(m.Path)
			if parent == "" {
				continue
			}
			assert.Equal(t, want, kinds[parent], "%s %s: its parent %s", op.Name, m.Path, parent)
		}
	}
	assert.Nil(t, payway.AnswerMembers("refund_all"))
}

// parentOf returns the member that holds path and the kind it must be.
func parentOf(path string) (string, string) {
	if strings.HasSuffix(path, "[]") {
		return strings.TrimSuffix(path, "[]"), payway.AnswerArray
	}
	i := strings.LastIndexByte(path, '.')
	if i < 0 {
		return "", ""
	}
	parent := path[:i]
	if strings.HasSuffix(parent, "[]") {
		return strings.TrimSuffix(parent, "[]"), payway.AnswerArray
	}
	return parent, payway.AnswerObject
}
