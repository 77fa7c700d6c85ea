package testvectors

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const oneTest = `{"schema":"paysign-vectors-v1","op":"paysign.version","description":"d","notes":{},"number_of_tests":1,
"tests":[{"id":1,"comment":"c","flags":[],"input":{},"result":"valid","output":{}}]}`

// A runner must not pass by skipping: a file it cannot read, a schema it
// does not know, a miscounted file or no file at all is an error.
func TestLoadFSCannotSkip(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		want  string // error text; "" for none
	}{
		{"a vector file", fstest.MapFS{"a.json": {Data: []byte(oneTest)}}, ""},
		{"files in folders are not vectors (send/, e2e/)", fstest.MapFS{"a.json": {Data: []byte(oneTest)},
			"e2e/payway_e2e.json": {Data: []byte(`{"schema":"paysign-e2e-v1"}`)}}, ""},
		{"an unknown schema", fstest.MapFS{"a.json": {Data: []byte(oneTest)},
			"b.json": {Data: []byte(`{"schema":"paysign-vectors-v2","tests":[]}`)}}, `b.json: unknown schema "paysign-vectors-v2"`},
		{"no schema", fstest.MapFS{"a.json": {Data: []byte(oneTest)}, "b.json": {Data: []byte(`{"tests":[]}`)}}, `b.json: unknown schema ""`},
		{"a file that is not JSON", fstest.MapFS{"a.json": {Data: []byte(oneTest)}, "b.json": {Data: []byte(`{"schema":`)}}, "b.json: not a JSON object"},
		{"a file that cannot be read", fstest.MapFS{"a.json": {Data: []byte(oneTest)}, "b.json/x": {Data: []byte("{}")}}, "b.json"}, // a directory
		{"number_of_tests disagrees", fstest.MapFS{"a.json": {Data: []byte(`{"schema":"paysign-vectors-v1","op":"x","description":"d","notes":{},"number_of_tests":2,"tests":[]}`)}},
			"a.json: number_of_tests 2 but 0 tests"},
		{"an unknown member", fstest.MapFS{"a.json": {Data: []byte(`{"schema":"paysign-vectors-v1","op":"x","number_of_tests":0,"tests":[],"extra":1}`)}}, `unknown field "extra"`},
		{"no vector file", fstest.MapFS{}, "no vector file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, names, err := LoadFS(tc.files)
			if tc.want == "" {
				require.NoError(t, err)
				assert.Equal(t, []string{"a.json"}, names)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestE2E(t *testing.T) {
	cases, err := E2E()
	require.NoError(t, err)
	operations := map[string]bool{}
	for _, c := range cases {
		operations[c.Operation] = true
		assert.Len(t, c.ExpectedHash, 88, "#%d: a base64 HMAC-SHA512", c.ID)
	}
	for _, op := range []string{"purchase", "check_transaction", "generate_qr"} {
		assert.True(t, operations[op], "payway_e2e.json has a %s", op)
	}
}
