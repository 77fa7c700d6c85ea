package payway

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// findCode's index gives what a scan of the whole table gives, in table
// order: the operation's own entry first, else the family's general one.
func TestFindCodeMatchesATableScan(t *testing.T) {
	scan := func(family, operation, key string) (ResponseCode, bool) {
		var general *ResponseCode
		for i := range responseCodes {
			e := &responseCodes[i]
			if e.Family != family || e.Code != key {
				continue
			}
			if len(e.Operations) == 0 {
				if general == nil {
					general = e
				}
			} else {
				for _, op := range e.Operations {
					if op == operation {
						return *e, true
					}
				}
			}
		}
		if general == nil {
			return ResponseCode{}, false
		}
		return *general, true
	}
	operations := []string{"", "not_an_operation"}
	for _, op := range Operations() {
		operations = append(operations, op.Name)
	}
	checked := 0
	for _, e := range responseCodes {
		for _, key := range []string{e.Code, e.Code + "0", "X" + e.Code} {
			for _, op := range operations {
				want, wantOK := scan(e.Family, op, key)
				got, gotOK := findCode(e.Family, op, key)
				assert.Equal(t, wantOK, gotOK, "%s %q %s", e.Family, key, op)
				assert.Equal(t, want, got, "%s %q %s", e.Family, key, op)
				checked++
			}
		}
	}
	assert.Greater(t, checked, 1000)
}
