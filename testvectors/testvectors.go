// Package testvectors embeds paysign's shared JSON test vectors and the
// test-only RSA keys they use, so Go tests can run them without file paths.
// The files are also read directly by the JavaScript, PHP, Python and C
// runners; README.md in this folder is the format and the runner rules.
package testvectors

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sort"

	"github.com/paysign/paysign/internal/testkeys"
)

// FS holds every *.json vector file (the keys are package keys').
//
//go:embed *.json
var FS embed.FS

// File is one vector file.
type File struct {
	Schema        string            `json:"schema"`
	Op            string            `json:"op"`
	Description   string            `json:"description"`
	Notes         map[string]string `json:"notes"`
	NumberOfTests int               `json:"number_of_tests"`
	Tests         []Test            `json:"tests"`
}

// Test is one vector. Exactly one of Input, InputRaw and InputB64 is set.
type Test struct {
	ID         int             `json:"id"`
	Comment    string          `json:"comment"`
	Flags      []string        `json:"flags"`
	Op         string          `json:"op,omitempty"`
	Input      json.RawMessage `json:"input,omitempty"`
	InputRaw   *string         `json:"input_raw,omitempty"`
	InputB64   string          `json:"input_b64,omitempty"`
	Result     string          `json:"result"`
	Output     json.RawMessage `json:"output,omitempty"`
	Randomized bool            `json:"randomized,omitempty"`
	Then       *Then           `json:"then,omitempty"`
	ErrorCode  string          `json:"error_code,omitempty"`
	ErrorField string          `json:"error_field,omitempty"`
}

// Then is the follow-up call of a randomized test (see README.md).
type Then struct {
	Op     string          `json:"op"`
	Input  json.RawMessage `json:"input"`
	Output json.RawMessage `json:"output"`
}

// Schema is the schema name this package understands.
const Schema = "paysign-vectors-v1"

// Load reads the vector files from the directory $PAYSIGN_TESTVECTORS if it
// is set, else from the embedded FS.
func Load() (map[string]*File, []string, error) {
	if dir := os.Getenv("PAYSIGN_TESTVECTORS"); dir != "" {
		return LoadFS(os.DirFS(dir))
	}
	return LoadFS(FS)
}

// LoadFS strictly decodes every *.json vector file in fsys and returns them
// with their names, sorted. Files of another schema are skipped, as the
// runner rules say.
func LoadFS(fsys fs.FS) (map[string]*File, []string, error) {
	all, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(all)
	files := map[string]*File{}
	var names []string
	for _, name := range all {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, nil, err
		}
		var schema struct {
			Schema string `json:"schema"`
		}
		if json.Unmarshal(data, &schema) != nil || schema.Schema != Schema {
			continue
		}
		var f File
		if err := decodeStrict(data, &f); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		names = append(names, name)
		if f.NumberOfTests != len(f.Tests) {
			return nil, nil, fmt.Errorf("%s: number_of_tests %d but %d tests", name, f.NumberOfTests, len(f.Tests))
		}
		files[name] = &f
	}
	return files, names, nil
}

// WithFlag returns the tests of f that carry flag.
func (f *File) WithFlag(flag string) []Test {
	var tests []Test
	for _, tc := range f.Tests {
		if slices.Contains(tc.Flags, flag) {
			tests = append(tests, tc)
		}
	}
	return tests
}

// Key returns the text of a test-only key file, e.g. "rsa1024_TEST_ONLY_public.pem".
func Key(name string) string { return testkeys.PEM(name) }

func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
