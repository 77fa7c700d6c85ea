package testvectors

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/paysign/paysign/internal/scriptserver"
)

//go:embed send/payway_send.json
var sendJSON []byte

// SendFile is send/payway_send.json: the send conformance scenarios
// every runtime's send() runs against the scripted server
// (internal/scriptserver).
type SendFile struct {
	Schema      string                     `json:"schema"`
	Description string                     `json:"description"`
	Credentials map[string]string          `json:"credentials"`
	Params      map[string]json.RawMessage `json:"params"`
	Notes       map[string]string          `json:"notes"`
	Members     map[string]string          `json:"expect_members"`
	Count       int                        `json:"number_of_tests"`
	Tests       []SendTest                 `json:"tests"`
}

// SendTest is one scenario.
type SendTest struct {
	ID        int                   `json:"id"`
	Comment   string                `json:"comment"`
	Flags     []string              `json:"flags"`
	Operation string                `json:"operation"`
	Policy    SendPolicy            `json:"policy"`
	Sends     int                   `json:"sends"`
	PauseMS   int                   `json:"pause_ms"`
	Target    string                `json:"target"` // "url" or "closed_url"
	Script    []scriptserver.Action `json:"script"`
	Expect    SendExpect            `json:"expect"`
}

// SendPolicy is the policy a scenario sends with.
type SendPolicy struct {
	TimeoutMS      int `json:"timeout_ms"`
	QueryRetries   int `json:"query_retries"`
	RetryBackoffMS int `json:"retry_backoff_ms"`
}

// SendExpect is what every send of a scenario must come to, and the
// server's counts after them.
type SendExpect struct {
	SendOutcome
	scriptserver.Counts
}

// SendOutcome is what one send came to: "done" with PayWay's code (and
// the answer's Location, resolved against the request's URL, if it has
// one), "refused" with PayWay's code and category, or "failed" with the
// error code and what to do next.
type SendOutcome struct {
	Outcome  string `json:"outcome"`
	Code     string `json:"code"`
	Location string `json:"location,omitempty"`
	Category string `json:"category,omitempty"`
	Next     string `json:"next,omitempty"`
}

// Want is the outcome o expects of a send to the server at url: o with
// {url} in its Location replaced by url.
func (o SendOutcome) Want(url string) SendOutcome {
	o.Location = strings.ReplaceAll(o.Location, "{url}", url)
	return o
}

// HasFlag reports whether the scenario carries flag.
func (t *SendTest) HasFlag(flag string) bool {
	for _, f := range t.Flags {
		if f == flag {
			return true
		}
	}
	return false
}

// Send reads the send conformance file, refusing anything it does not
// understand: an unknown member, another schema, a test count that does
// not match, a flag without a note, an operation without parameters.
func Send() (*SendFile, error) {
	dec := json.NewDecoder(bytes.NewReader(sendJSON))
	dec.DisallowUnknownFields()
	var f SendFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("send/payway_send.json: %w", err)
	}
	if f.Schema != "paysign-send-v1" {
		return nil, fmt.Errorf("send/payway_send.json: schema %q, want paysign-send-v1", f.Schema)
	}
	if len(f.Tests) != f.Count || f.Count == 0 {
		return nil, fmt.Errorf("send/payway_send.json: %d tests, number_of_tests says %d", len(f.Tests), f.Count)
	}
	for i, t := range f.Tests {
		if t.ID != i+1 || t.Sends < 1 || (t.Target != "url" && t.Target != "closed_url") || len(t.Script) == 0 {
			return nil, fmt.Errorf("send/payway_send.json: test %d is malformed", t.ID)
		}
		if _, ok := f.Params[t.Operation]; !ok {
			return nil, fmt.Errorf("send/payway_send.json: test %d: no params for %s", t.ID, t.Operation)
		}
		for _, flag := range t.Flags {
			if _, ok := f.Notes[flag]; !ok {
				return nil, fmt.Errorf("send/payway_send.json: test %d: flag %s has no note", t.ID, flag)
			}
		}
	}
	return &f, nil
}
