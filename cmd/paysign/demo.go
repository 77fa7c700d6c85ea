package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
)

// demoRequests is testvectors/demo/requests.json.
type demoRequests struct {
	Requests []struct {
		Name    string          `json:"name"`
		Op      string          `json:"op"`
		Request json.RawMessage `json:"request"`
	} `json:"requests"`
}

// demoResults is what each runtime writes to build/demo/<runtime>.json.
type demoResults struct {
	Runtime string                     `json:"runtime"`
	Results map[string]json.RawMessage `json:"results"`
}

// runDemo signs every demo request, prints it for people and writes the
// results for demo-compare: paysign demo REQUESTS.json OUT.json
func runDemo(args []string, stdout, stderr io.Writer) int {
	if len(args) != 2 {
		fmt.Fprint(stderr, "usage: paysign demo REQUESTS.json OUT.json\n")
		return 2
	}
	var reqs demoRequests
	if err := readJSON(args[0], &reqs); err != nil {
		fmt.Fprintf(stderr, "paysign: %v\n", err)
		return 1
	}
	out := demoResults{Runtime: "cli", Results: map[string]json.RawMessage{}}
	for _, r := range reqs.Requests {
		var value json.RawMessage
		if err := callValue(r.Op, r.Request, &value); err != nil {
			fmt.Fprintf(stderr, "paysign: %s: %v\n", r.Name, err)
			return 1
		}
		out.Results[r.Name] = value
		var signed signedJSON
		if err := json.Unmarshal(value, &signed); err != nil {
			fmt.Fprintf(stderr, "paysign: %s: %v\n", r.Name, err)
			return 1
		}
		fmt.Fprintf(stdout, "=== %s (sandbox TEST-ONLY credentials)\n", r.Name)
		printRequest(stdout, signed.signed())
		fmt.Fprintln(stdout)
	}
	if err := writeJSON(args[1], out); err != nil {
		fmt.Fprintf(stderr, "paysign: %v\n", err)
		return 1
	}
	return 0
}

// runDemoCompare checks that every runtime's results in DIR agree:
// paysign demo-compare DIR RSA_PRIVATE_KEY_FILE API_KEY_SOURCE.json
//
// Deterministic requests must be identical. A request with an encrypted
// field differs in its ciphertext, so its other parts must be identical and
// each runtime's fields must pass payway.verify and decrypt to the same JSON.
func runDemoCompare(args []string, stdout, stderr io.Writer) int {
	if len(args) != 3 {
		fmt.Fprint(stderr, "usage: paysign demo-compare DIR RSA_PRIVATE_KEY_FILE REQUESTS.json\n")
		return 2
	}
	paths, _ := filepath.Glob(filepath.Join(args[0], "*.json"))
	sort.Strings(paths)
	if len(paths) == 0 {
		fmt.Fprintf(stderr, "paysign: no results in %s\n", args[0])
		return 1
	}
	privateKey, err := os.ReadFile(args[1])
	if err != nil {
		fmt.Fprintf(stderr, "paysign: %v\n", err)
		return 1
	}
	var reqs demoRequests
	if err := readJSON(args[2], &reqs); err != nil {
		fmt.Fprintf(stderr, "paysign: %v\n", err)
		return 1
	}
	var all []demoResults
	for _, p := range paths {
		var r demoResults
		if err := readJSON(p, &r); err != nil {
			fmt.Fprintf(stderr, "paysign: %v\n", err)
			return 1
		}
		all = append(all, r)
	}
	failed := 0
	fmt.Fprintf(stdout, "%-10s %-8s %-24s %s\n", "REQUEST", "RUNTIME", "HASH", "AGREES")
	for _, req := range reqs.Requests {
		var in struct {
			Operation   string `json:"operation"`
			Credentials struct {
				APIKey string `json:"api_key"`
			} `json:"credentials"`
		}
		_ = json.Unmarshal(req.Request, &in)
		var reference map[string]any
		for _, r := range all {
			verdict, hash := "yes", ""
			var value map[string]any
			if err := json.Unmarshal(r.Results[req.Name], &value); err != nil {
				verdict = "no: missing"
			} else {
				hash, _ = value["hash"].(string)
				if reference == nil {
					reference = value
				} else if problem := compareDemo(reference, value); problem != "" {
					verdict = "no: " + problem
				}
				if _, encrypted := value["merchant_auth_json"]; encrypted && verdict == "yes" {
					var verified struct {
						MerchantAuthJSON string `json:"merchant_auth_json"`
					}
					verifyReq := map[string]any{"operation": in.Operation, "fields": value["fields"],
						"credentials": map[string]string{"api_key": in.Credentials.APIKey, "rsa_private_key": string(privateKey)}}
					if err := callValue("payway.verify", verifyReq, &verified); err != nil {
						verdict = "no: " + err.Error()
					} else if verified.MerchantAuthJSON != value["merchant_auth_json"] {
						verdict = "no: merchant_auth decrypts to other JSON"
					} else {
						verdict = "yes (merchant_auth decrypts to the same JSON; hash verifies)"
					}
				}
			}
			if !strings.HasPrefix(verdict, "yes") {
				failed++
			}
			fmt.Fprintf(stdout, "%-10s %-8s %-24s %s\n", req.Name, r.Runtime, clipHash(hash), verdict)
		}
	}
	if failed > 0 {
		fmt.Fprintf(stdout, "%d results disagree\n", failed)
		return 1
	}
	fmt.Fprintf(stdout, "all %d runtimes agree on %d requests\n", len(all), len(reqs.Requests))
	return 0
}

// compareDemo returns "" when b matches a, ignoring what depends on the
// random merchant_auth ciphertext.
func compareDemo(a, b map[string]any) string {
	_, randomized := a["merchant_auth_json"]
	for key, av := range a {
		if randomized && (key == "fields" || key == "body" || key == "hash_input" || key == "hash") {
			continue
		}
		if !reflect.DeepEqual(av, b[key]) {
			return key + " differs"
		}
	}
	if len(a) != len(b) {
		return "different keys"
	}
	return ""
}

func clipHash(h string) string {
	if len(h) > 20 {
		return h[:20] + "…"
	}
	return h
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return nil
}

func writeJSON(path string, v any) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}
