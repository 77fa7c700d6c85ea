package wire

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDecimalsAsStrings(t *testing.T) {
	amounts := map[string]bool{"grand_total": true, "data.rows[].amount": true}
	decimal := func(path string) bool { return amounts[path] }
	for _, tc := range []struct{ in, want string }{
		{`{"grand_total":10,"count":12}`, `{"grand_total":"10","count":12}`},
		{`{"grand_total":1.50,"x":1.5,"big":1234567890123456,"ok":123456789012345}`, `{"grand_total":"1.50","x":"1.5","big":"1234567890123456","ok":123456789012345}`},
		{`{"data":{"rows":[{"amount":3,"n":4},{"amount":-0.5,"n":5}]},"amount":7}`, `{"data":{"rows":[{"amount":"3","n":4},{"amount":"-0.5","n":5}]},"amount":7}`},
		{`{"s":"1.5 \"2\" 3","e":1e2,"E":-2E-3}`, `{"s":"1.5 \"2\" 3","e":"1e2","E":"-2E-3"}`},
		{` [ 1 , 2.0 , {"grand_total" : 4} ] `, ` [ 1 , "2.0" , {"grand_total" : 4} ] `},
		{`{"gr\u0061nd_total":5}`, `{"gr\u0061nd_total":"5"}`},
	} {
		got := string(DecimalsAsStrings([]byte(tc.in), decimal))
		assert.Equal(t, tc.want, got, tc.in)
		assert.True(t, json.Valid([]byte(got)))
	}
	assert.Equal(t, `{"a":"0.1","b":2}`, string(DecimalsAsStrings([]byte(`{"a":0.1,"b":2}`), nil)))
}
