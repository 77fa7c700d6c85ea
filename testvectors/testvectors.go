// Package testvectors embeds paysign's shared JSON test vectors and the
// test-only RSA keys they use, so Go tests can run them without file paths.
// The files are also read directly by the JavaScript, PHP, Python and C
// runners; README.md in this folder is the format and the runner rules.
package testvectors

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sort"

	"github.com/paysign/paysign/internal/testkeys"
)

// FS holds every *.json vector file (the keys are package keys').
//
//go:embed *.json e2e/*.json
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
	Encrypted  *Encrypted      `json:"encrypted,omitempty"`
	ErrorCode  string          `json:"error_code,omitempty"`
	ErrorField string          `json:"error_field,omitempty"`
}

// Then is the follow-up call of a randomized test (see README.md).
type Then struct {
	Op     string          `json:"op"`
	Input  json.RawMessage `json:"input"`
	Output json.RawMessage `json:"output"`
}

// Encrypted pins the RSA ciphertext of a randomized test (see README.md):
// Field's text in value.fields is Base64Length characters long, and
// value.hash_input is HashInput[0] + that text + HashInput[1].
type Encrypted struct {
	Field        string     `json:"field"`
	Base64Length int        `json:"base64_length"`
	HashInput    *[2]string `json:"hash_input,omitempty"`
}

// Schema is the schema of the vector files every runner runs.
const Schema = "paysign-vectors-v1"

// E2ESchema is the schema of payway_e2e.json: fixed-time requests whose
// hash PHP computed, for end-to-end tests (see E2E). It is the only other
// schema a file in this folder may have; vector runners leave such files
// to the end-to-end tests and fail on any other schema.
const E2ESchema = "paysign-e2e-v1"

// Load reads the vector files from the directory $PAYSIGN_TESTVECTORS if it
// is set, else from the embedded FS.
func Load() (map[string]*File, []string, error) {
	return LoadFS(vectorFS())
}

func vectorFS() fs.FS {
	if dir := os.Getenv("PAYSIGN_TESTVECTORS"); dir != "" {
		return os.DirFS(dir)
	}
	return FS
}

// LoadFS strictly decodes every *.json vector file in fsys and returns them
// with their names, sorted. It fails on a file it cannot read or decode,
// on a schema it does not know, on a file whose number_of_tests is not its
// number of tests, and when fsys holds no vector file: a runner that
// silently skipped a file would pass without running it.
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
		if err := json.Unmarshal(data, &schema); err != nil {
			return nil, nil, fmt.Errorf("%s: not a JSON object: %w", name, err)
		}
		switch schema.Schema {
		case Schema:
		default:
			return nil, nil, fmt.Errorf("%s: unknown schema %q (known: %s)", name, schema.Schema, Schema)
		}
		var f File
		if err := decodeStrict(data, &f); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		if f.NumberOfTests != len(f.Tests) {
			return nil, nil, fmt.Errorf("%s: number_of_tests %d but %d tests", name, f.NumberOfTests, len(f.Tests))
		}
		names = append(names, name)
		files[name] = &f
	}
	if len(names) == 0 {
		return nil, nil, errors.New("no vector file")
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

// E2ECase is one request of payway_e2e.json: sent at RequestTime with
// Credentials (paysign mock's TEST-ONLY merchant), its hash is
// ExpectedHash, which the PHP oracle recomputes. Params keep their JSON
// text, so objects keep their member order.
type E2ECase struct {
	ID           int                        `json:"id"`
	Comment      string                     `json:"comment"`
	Operation    string                     `json:"operation"`
	Credentials  map[string]string          `json:"credentials"`
	Params       map[string]json.RawMessage `json:"params"`
	RequestTime  string                     `json:"request_time"`
	ExpectedHash string                     `json:"expected_hash"`
}

// E2E reads payway_e2e.json from $PAYSIGN_TESTVECTORS or the embedded
// files, strictly: its schema, every member known, number_of_tests right.
func E2E() ([]E2ECase, error) {
	data, err := fs.ReadFile(vectorFS(), "e2e/payway_e2e.json")
	if err != nil {
		return nil, err
	}
	var f struct {
		Schema        string    `json:"schema"`
		Description   string    `json:"description"`
		NumberOfTests int       `json:"number_of_tests"`
		Tests         []E2ECase `json:"tests"`
	}
	if err := decodeStrict(data, &f); err != nil {
		return nil, fmt.Errorf("payway_e2e.json: %w", err)
	}
	if f.Schema != E2ESchema || f.NumberOfTests != len(f.Tests) || len(f.Tests) == 0 {
		return nil, fmt.Errorf("payway_e2e.json: schema %q, number_of_tests %d, %d tests", f.Schema, f.NumberOfTests, len(f.Tests))
	}
	return f.Tests, nil
}
