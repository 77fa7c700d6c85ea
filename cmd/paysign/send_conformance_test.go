package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/internal/scriptserver"
	"github.com/paysign/paysign/testvectors"
)

// The command line runs the send conformance vectors as a user would: one
// `paysign payway OP ... --send --json` process per send, the outcome read
// from the exit status, the JSON answer and the error line. A process sends
// once, so the scenarios about kept connections do not apply.
func TestCLISendConformance(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the CLI as processes against the scripted server")
	}
	v, err := testvectors.Send()
	require.NoError(t, err)
	srv, err := scriptserver.Start()
	require.NoError(t, err)
	defer srv.Close()
	bin := binary(t)
	codeInParens := regexp.MustCompile(`\((not_sent|timeout|outcome_unknown|transport_failed)\)\n$`)
	for _, tc := range v.Tests {
		t.Run(tc.Comment, func(t *testing.T) {
			if tc.HasFlag("KeptConnection") {
				t.Skip("a CLI process sends once")
			}
			srv.Load(scriptserver.Script{Actions: tc.Script})
			base := srv.URL
			if tc.Target == "closed_url" {
				base = srv.ClosedURL
			}
			args := []string{"payway", tc.Operation, "--send", "--json", "--base-url", base,
				"--timeout", strconv.Itoa(tc.Policy.TimeoutMS) + "ms",
				"--query-retries", strconv.Itoa(tc.Policy.QueryRetries),
				"--retry-backoff", strconv.Itoa(tc.Policy.RetryBackoffMS) + "ms"}
			var params map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(v.Params[tc.Operation], &params))
			for name, raw := range params {
				value := string(raw)
				var s string
				if json.Unmarshal(raw, &s) == nil {
					value = s
				}
				args = append(args, "--"+strings.ReplaceAll(name, "_", "-"), value)
			}
			cmd := exec.Command(bin, args...)
			cmd.Env = append(os.Environ(), "PAYWAY_MERCHANT_ID="+v.Credentials["merchant_id"], "PAYWAY_API_KEY="+v.Credentials["api_key"],
				"PAYWAY_RSA_PUBLIC_KEY="+v.Credentials["rsa_public_key"], "PAYWAY_BASE_URL=")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			status := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				status = exit.ExitCode()
			} else {
				require.NoError(t, err)
			}
			var answer struct{ Code, Category, Location string }
			got := testvectors.SendOutcome{}
			switch status {
			case exitOK, exitRefused:
				require.NoError(t, json.Unmarshal(stdout.Bytes(), &answer), "stdout: %s\nstderr: %s", stdout.String(), stderr.String())
				got.Outcome, got.Code, got.Location = "done", answer.Code, answer.Location
				if status == exitRefused {
					got.Outcome, got.Category, got.Location = "refused", answer.Category, ""
				}
			case exitNotSent, exitOutcomeUnknown:
				m := codeInParens.FindStringSubmatch(stderr.String())
				require.NotNil(t, m, "stderr: %s", stderr.String())
				got.Outcome, got.Code, got.Next = "failed", m[1], map[int]string{exitNotSent: "send_again", exitOutcomeUnknown: "confirm_first"}[status]
				assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), "one line: %s", stderr.String())
			default:
				t.Fatalf("exit status %d\nstdout: %s\nstderr: %s", status, stdout.String(), stderr.String())
			}
			assert.Equal(t, tc.Expect.Want(base), got)
			assert.Equal(t, tc.Expect.Counts, srv.Counts(), "the server's counts")
			assert.NotContains(t, stdout.String()+stderr.String(), v.Credentials["api_key"])
		})
	}
}
