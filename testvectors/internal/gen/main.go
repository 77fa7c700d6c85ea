// Command gen writes paysign's test vector files (testvectors/*.json).
//
// Valid tests get their output from abi.Call; invalid tests state the error
// code they expect, and gen fails if paysign answers differently. Outputs
// are then checked independently by the PHP oracle (testvectors/oracle).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/paysign/paysign/core/abi"
	"github.com/paysign/paysign/testvectors"
)

type test struct {
	ID         int             `json:"id"`
	Comment    string          `json:"comment"`
	Flags      []string        `json:"flags"`
	Op         string          `json:"op,omitempty"`
	Input      any             `json:"input,omitempty"`
	InputRaw   *string         `json:"input_raw,omitempty"`
	InputB64   string          `json:"input_b64,omitempty"`
	Result     string          `json:"result"`
	Output     json.RawMessage `json:"output,omitempty"`
	Randomized bool            `json:"randomized,omitempty"`
	Then       *then           `json:"then,omitempty"`
	Encrypted  *encrypted      `json:"encrypted,omitempty"`
	ErrorCode  string          `json:"error_code,omitempty"`
	ErrorField string          `json:"error_field,omitempty"`

	// keep lists the output keys of a randomized test; encField names its
	// encrypted field.
	keep     []string
	encField string
}

// encrypted is what a randomized test pins of its RSA ciphertext: the
// length of its base64 text (blocks × key bytes) and the hash input
// around it.
type encrypted struct {
	Field        string     `json:"field"`
	Base64Length int        `json:"base64_length"`
	HashInput    *[2]string `json:"hash_input,omitempty"`
}

type then struct {
	Op     string          `json:"op"`
	Input  map[string]any  `json:"input"`
	Output json.RawMessage `json:"output"`
}

type file struct {
	Schema        string            `json:"schema"`
	Op            string            `json:"op"`
	Description   string            `json:"description"`
	Notes         map[string]string `json:"notes"`
	NumberOfTests int               `json:"number_of_tests"`
	Tests         []*test           `json:"tests"`
}

func main() {
	dir := flag.String("dir", "testvectors", "output directory")
	flag.Parse()
	paywaySign, paywayVerify := paywayFiles()
	for name, f := range map[string]*file{
		"abi.json":           abiFile(),
		"hostile.json":       hostileFile(),
		"payway_sign.json":   paywaySign,
		"payway_verify.json": paywayVerify,
		"bbmsl_sign.json":    bbmslSignFile(), "bbmsl_webhook.json": bbmslWebhookFile(), "clearsettle.json": clearsettleFile(), "payway_callback.json": paywayCallbackFile(),
		"payway_response.json": paywayResponseFile(),
		"payway_edges.json":    edgesFile(),
	} {
		if err := fill(f); err != nil {
			log.Fatalf("%s: %v", name, err)
		}
		write(filepath.Join(*dir, name), f)
	}
	write(filepath.Join(*dir, "e2e", "payway_e2e.json"), e2eFileOf())
}

type envelope struct {
	OK    bool            `json:"ok"`
	Value json.RawMessage `json:"value"`
	Error *struct {
		Code  string `json:"code"`
		Field string `json:"field"`
	} `json:"error"`
}

func call(op string, req []byte) envelope {
	resp, _ := abi.Call(op, req)
	var env envelope
	if err := json.Unmarshal(resp, &env); err != nil {
		log.Fatalf("%s: invalid envelope %s", op, resp)
	}
	return env
}

func requestBytes(t *test) []byte {
	switch {
	case t.InputRaw != nil:
		return []byte(*t.InputRaw)
	case t.InputB64 != "":
		b, err := base64Decode(t.InputB64)
		if err != nil {
			log.Fatal(err)
		}
		return b
	}
	b, err := json.Marshal(t.Input)
	if err != nil {
		log.Fatal(err)
	}
	return b
}

// fill numbers the tests, computes outputs and checks expected errors.
func fill(f *file) error {
	f.Schema = testvectors.Schema
	f.NumberOfTests = len(f.Tests)
	for i, t := range f.Tests {
		t.ID = i + 1
		op := f.Op
		if t.Op != "" {
			op = t.Op
		}
		env := call(op, requestBytes(t))
		if t.Result == "invalid" {
			if env.OK || env.Error.Code != t.ErrorCode || (t.ErrorField != "" && env.Error.Field != t.ErrorField) {
				return fmt.Errorf("test %d %q: want error %s/%s, got ok=%v error=%+v", t.ID, t.Comment, t.ErrorCode, t.ErrorField, env.OK, env.Error)
			}
			continue
		}
		t.Result = "valid"
		if !env.OK {
			return fmt.Errorf("test %d %q: unexpected error %+v", t.ID, t.Comment, env.Error)
		}
		if !t.Randomized {
			t.Output = env.Value
			continue
		}
		var value map[string]json.RawMessage
		err := json.Unmarshal(env.Value, &value)
		if err != nil {
			return err
		}
		kept := map[string]json.RawMessage{}
		for _, k := range t.keep {
			if v, ok := value[k]; ok {
				kept[k] = v
			}
		}
		t.Output = mustJSON(kept)
		if t.Encrypted, err = encryptedOf(t.encField, value); err != nil {
			return fmt.Errorf("test %d %q: %v", t.ID, t.Comment, err)
		}
		if t.Then != nil {
			in := map[string]any{}
			for k, v := range t.Then.Input {
				in[k] = v
			}
			in["fields"] = value["fields"]
			env2 := call(t.Then.Op, mustJSON(in))
			if !env2.OK {
				return fmt.Errorf("test %d %q: then %s failed: %+v", t.ID, t.Comment, t.Then.Op, env2.Error)
			}
			t.Then.Output = env2.Value
		}
	}
	for _, t := range f.Tests {
		for _, flag := range t.Flags {
			if _, ok := f.Notes[flag]; !ok {
				return fmt.Errorf("test %d: flag %q not described in notes", t.ID, flag)
			}
		}
	}
	return nil
}

// encryptedOf reads a randomized sign value: the ciphertext's base64 text
// in fields and the hash input before and after it.
func encryptedOf(field string, value map[string]json.RawMessage) (*encrypted, error) {
	var fields [][2]string
	var hashInput string
	if err := json.Unmarshal(value["fields"], &fields); err != nil {
		return nil, err
	}
	if h, ok := value["hash_input"]; ok {
		if err := json.Unmarshal(h, &hashInput); err != nil {
			return nil, err
		}
	}
	for _, f := range fields {
		if f[0] != field {
			continue
		}
		e := &encrypted{Field: field, Base64Length: len(f[1])}
		if hashInput != "" {
			before, after, ok := strings.Cut(hashInput, f[1])
			if !ok {
				return nil, fmt.Errorf("hash_input does not hold %s", field)
			}
			e.HashInput = &[2]string{before, after}
		}
		return e, nil
	}
	return nil, fmt.Errorf("no field %q", field)
}

func mustJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		log.Fatal(err)
	}
	return bytes.TrimSpace(buf.Bytes())
}

func write(path string, f any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
