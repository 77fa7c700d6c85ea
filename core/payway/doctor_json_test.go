package payway

import (
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
)

// sameJSONBase64 tells the same JSON value apart from other JSON as
// encoding/json's Unmarshal and Marshal did: members in any order, numbers
// equal as numbers, everything else exactly.
func TestSameJSONBase64(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	want := b64(`[{"name":"Item","quantity":1,"price":"2.00"}]`)
	for mine, same := range map[string]bool{
		`[{"name":"Item","quantity":1,"price":"2.00"}]`:               true,
		`[{"price":"2.00","quantity":1,"name":"Item"}]`:               true, // another member order
		` [ {"quantity":1.0, "name":"Item","price":"2.00"} ] `:        true, // a number written otherwise
		b64(`[{"price":"2.00","name":"Item","quantity":1}]`):          true, // base64 of it
		`[{"name":"Item","quantity":1,"price":2.00}]`:                 false,
		`[{"name":"Item","quantity":"1","price":"2.00"}]`:             false,
		`[{"name":"Item","quantity":1}]`:                              false,
		`[{"name":"Item","quantity":1,"price":"2.00","x":null}]`:      false,
		`[{"name":"Item","quantity":1,"price":"2.00"},{}]`:            false,
		`{"name":"Item","quantity":1,"price":"2.00"}`:                 false,
		`[{"name":"Item","quantity":1,"price":"2.00"}`:                false, // not JSON
		`[{"name":"Item","quantity":1,"price":"2.00","name":"Item"}]`: false,
	} {
		assert.Equal(t, same, sameJSONBase64(want, mine), mine)
	}
	assert.False(t, sameJSONBase64("not base64!", `[]`))
	assert.True(t, sameJSONBase64(b64(`{"a":[true,null,"x"]}`), `{"a":[true,null,"x"]}`))
	assert.False(t, sameJSONBase64(b64(`{"a":[true,null,"x"]}`), `{"a":[false,null,"x"]}`))
}
