package wazerotest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/testvectors"
)

// TestVectors runs every vector file through the module with the runner
// rules of testvectors/README.md.
func TestVectors(t *testing.T) {
	in := newInstance(t) // one instance for all: a recovered panic must not spoil it
	files := loadVectorFiles(t)
	require.NotEmpty(t, files)
	for _, f := range files {
		for _, tc := range f.Tests {
			t.Run(fmt.Sprintf("%s #%d %s", f.name, tc.ID, tc.Comment), func(t *testing.T) {
				runVector(t, in, f.Op, tc)
			})
		}
	}
}

type vectorFile struct {
	name string
	testvectors.File
}

// loadVectorFiles reads every *.json file of $PAYSIGN_TESTVECTORS, or of
// the embedded copy, and skips files of an unknown schema.
func loadVectorFiles(t *testing.T) []vectorFile {
	var fsys fs.FS = testvectors.FS
	if dir := os.Getenv("PAYSIGN_TESTVECTORS"); dir != "" {
		fsys = os.DirFS(dir)
	}
	names, err := fs.Glob(fsys, "*.json")
	require.NoError(t, err)
	sort.Strings(names)
	var files []vectorFile
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		require.NoError(t, err)
		var head struct{ Schema string }
		require.NoError(t, json.Unmarshal(data, &head), name)
		if head.Schema != testvectors.Schema {
			t.Logf("%s: schema %q unknown, skipped", name, head.Schema)
			continue
		}
		f := vectorFile{name: name}
		require.NoError(t, json.Unmarshal(data, &f.File), name)
		files = append(files, f)
	}
	return files
}

func runVector(t *testing.T, in *instance, fileOp string, tc testvectors.Test) {
	op := fileOp
	if tc.Op != "" {
		op = tc.Op
	}
	var request []byte
	switch {
	case tc.InputRaw != nil:
		request = []byte(*tc.InputRaw)
	case tc.InputB64 != "":
		var err error
		request, err = base64.StdEncoding.DecodeString(tc.InputB64)
		require.NoError(t, err)
	default:
		request = reencode(t, tc.Input, nil)
	}
	env := decodeEnvelope(t, in.Call(op, request))

	if tc.Result == "invalid" {
		require.False(t, env.OK, "want error %s, got %s", tc.ErrorCode, env)
		require.Equal(t, tc.ErrorCode, env.Error.Code, "error: %s", env)
		if tc.ErrorField != "" {
			require.Equal(t, tc.ErrorField, env.Error.Field, "error: %s", env)
		}
		return
	}
	require.Equal(t, "valid", tc.Result)
	require.True(t, env.OK, "want a value, got %s", env)
	got := decodeJSON(t, env.Value)
	if tc.Randomized {
		want, ok := decodeJSON(t, tc.Output).(map[string]any)
		require.True(t, ok, "randomized output must be an object")
		gotObj, ok := got.(map[string]any)
		require.True(t, ok, "value is not an object: %s", env.Value)
		for key, w := range want {
			requireJSONEqual(t, w, gotObj[key], "value.%s", key)
		}
	} else {
		requireJSONEqual(t, decodeJSON(t, tc.Output), got, "value")
	}
	if tc.Then != nil {
		fields, _ := got.(map[string]any)["fields"]
		env2 := decodeEnvelope(t, in.Call(tc.Then.Op, reencode(t, tc.Then.Input, map[string]any{"fields": fields})))
		require.True(t, env2.OK, "then %s: %s", tc.Then.Op, env2)
		requireJSONEqual(t, decodeJSON(t, tc.Then.Output), decodeJSON(t, env2.Value), "then value")
	}
}

// reencode decodes a vector's input and encodes it again with this
// runner's encoder, adding the members of extra (README: runners never send
// the file's own bytes for input).
func reencode(t *testing.T, input json.RawMessage, extra map[string]any) []byte {
	v := decodeJSON(t, input)
	if extra != nil {
		obj, ok := v.(map[string]any)
		require.True(t, ok, "input must be an object to add %v", extra)
		for k, x := range extra {
			obj[k] = x
		}
	}
	out, err := json.Marshal(v)
	require.NoError(t, err)
	return out
}

func decodeJSON(t *testing.T, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v), "JSON: %s", data)
	return v
}

// requireJSONEqual is the README's deep JSON equality: objects as unordered
// maps, arrays in order, strings byte for byte, numbers by value.
func requireJSONEqual(t *testing.T, want, got any, path string, args ...any) {
	t.Helper()
	if where, ok := jsonEqual(want, got, fmt.Sprintf(path, args...)); !ok {
		w, _ := json.Marshal(want)
		g, _ := json.Marshal(got)
		require.Failf(t, "JSON values differ", "at %s\nwant %s\ngot  %s", where, w, g)
	}
}

func jsonEqual(want, got any, path string) (string, bool) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return path, false
		}
		for k, wv := range w {
			gv, present := g[k]
			if !present {
				return path + "." + k, false
			}
			if where, ok := jsonEqual(wv, gv, path+"."+k); !ok {
				return where, false
			}
		}
		return "", true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return path, false
		}
		for i := range w {
			if where, ok := jsonEqual(w[i], g[i], fmt.Sprintf("%s[%d]", path, i)); !ok {
				return where, false
			}
		}
		return "", true
	case json.Number:
		g, ok := got.(json.Number)
		if !ok {
			return path, false
		}
		wr, ok1 := new(big.Rat).SetString(w.String())
		gr, ok2 := new(big.Rat).SetString(g.String())
		return path, ok1 && ok2 && wr.Cmp(gr) == 0
	default: // string, bool, nil
		return path, want == got
	}
}

// TestJSONEqual checks the comparison the vector runner relies on.
func TestJSONEqual(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		equal bool
	}{
		{`{"a":1,"b":[1,2]}`, `{"b":[1,2],"a":1}`, true},
		{`{"n":100}`, `{"n":1e2}`, true},
		{`{"n":1.50}`, `{"n":1.5}`, true},
		{`{"n":1}`, `{"n":"1"}`, false},
		{`[1,2]`, `[2,1]`, false},
		{`{}`, `[]`, false},
		{`{"a":null}`, `{}`, false},
		{`{"a":"x"}`, `{"a":"x","b":"y"}`, false},
		{`"é"`, `"e\u0301"`, false},
	} {
		_, eq := jsonEqual(decodeJSON(t, []byte(c.a)), decodeJSON(t, []byte(c.b)), "")
		require.Equal(t, c.equal, eq, "%s vs %s", c.a, c.b)
	}
}
