package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/testvectors"
)

const testAPIKey = "TEST_ONLY_cli_api_key_5f2e"

// buildCLI builds the command with the given build tags.
func buildCLI(t *testing.T, tags string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "paysign")
	build := exec.Command("go", "build", "-tags", tags, "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())
	return bin
}

// TestCLIVectors runs every vector through the built binary's `call`: a
// test build, whose test.panic the envelope vectors call.
func TestCLIVectors(t *testing.T) {
	bin := buildCLI(t, "paysign_testops")
	testvectors.Run(t, func(op string, request []byte) ([]byte, error) {
		cmd := exec.Command(bin, "call", op)
		cmd.Stdin = bytes.NewReader(request)
		out, err := cmd.Output()
		var exit *exec.ExitError
		if err != nil && !(assert.ErrorAs(t, err, &exit) && exit.ExitCode() == 1) {
			return nil, err
		}
		// Exit status 0 exactly when ok.
		assert.Equal(t, err == nil, bytes.Contains(out, []byte(`{"ok":true`)), "exit status and envelope disagree")
		return out, nil
	})
}

// The production build has no test op: test.panic is an unknown op there,
// and a test build lists it no more than the production one does.
func TestProductionHasNoTestOps(t *testing.T) {
	for _, tc := range []struct {
		tags, code string
	}{{"", "unknown_op"}, {"paysign_testops", "internal"}} {
		bin := buildCLI(t, tc.tags)
		out, _ := exec.Command(bin, "call", "test.panic").Output()
		var env testvectors.Envelope
		require.NoError(t, json.Unmarshal(out, &env), "%s", out)
		require.NotNil(t, env.Error, "%s", out)
		assert.Equal(t, tc.code, env.Error.Code, "tags %q", tc.tags)
		out, err := exec.Command(bin, "call", "paysign.version").Output()
		require.NoError(t, err)
		assert.NotContains(t, string(out), "test.panic", "tags %q", tc.tags)
	}
}

func runCLI(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var out, errOut bytes.Buffer
	status = run(args, strings.NewReader(""), &out, &errOut, func(k string) string { return env[k] })
	return out.String(), errOut.String(), status
}

func TestPayWayRefundForPeople(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "pub.pem")
	require.NoError(t, os.WriteFile(keyFile, []byte(testvectors.Key("rsa1024_TEST_ONLY_public.pem")), 0o600))
	env := map[string]string{"PAYWAY_API_KEY": testAPIKey, "PAYWAY_RSA_PUBLIC_KEY_FILE": keyFile}
	out, errOut, status := runCLI(t, env, "payway", "refund", "--merchant-id", "ec000002", "--tran-id", "T1", "--amount", "1.50", "--request-time", "20261121093403")
	require.Equal(t, 0, status, errOut)
	assert.Contains(t, out, "POST https://checkout-sandbox.payway.com.kh/api/merchant-portal/merchant-access/online-transaction/refund\n")
	assert.Contains(t, out, `merchant_auth encrypts: {"mc_id":"ec000002","tran_id":"T1","refund_amount":1.5}`)
	assert.Contains(t, out, "curl -sS -X POST 'https://checkout-sandbox.payway.com.kh/")
	assert.Contains(t, out, "hash input: 20261121093403ec000002")
	assert.NotContains(t, out+errOut, testAPIKey)
}

func TestPayWayMultipartCurlUsesFormStrings(t *testing.T) {
	env := map[string]string{"PAYWAY_MERCHANT_ID": "ec000002", "PAYWAY_API_KEY": testAPIKey}
	out, errOut, status := runCLI(t, env, "payway", "purchase", "--tran-id", "T1", "--amount=2.5", "--currency", "USD",
		"--items", `[{"name":"Latte","quantity":1,"price":"2.50"}]`, "--request-time", "20261121093403")
	require.Equal(t, 0, status, errOut)
	assert.Contains(t, out, "--form-string 'amount=2.50'")
	assert.Contains(t, out, "--form-string 'items=W3sibmFtZSI6IkxhdHRlIiwicXVhbnRpdHkiOjEsInByaWNlIjoiMi41MCJ9XQ=='")
	assert.NotContains(t, out, testAPIKey)
}

func TestPayWayJSONOutput(t *testing.T) {
	env := map[string]string{"PAYWAY_MERCHANT_ID": "ec000002", "PAYWAY_API_KEY": testAPIKey}
	out, _, status := runCLI(t, env, "payway", "check_transaction", "--tran-id", "T1", "--request-time", "20261121093403", "--json")
	require.Equal(t, 0, status)
	assert.Contains(t, out, `"hash_input": "20261121093403ec000002T1"`)
}

func TestPayWayErrors(t *testing.T) {
	env := map[string]string{"PAYWAY_MERCHANT_ID": "ec000002", "PAYWAY_API_KEY": testAPIKey}
	for _, tc := range []struct {
		name   string
		args   []string
		status int
		stderr string
	}{
		{"missing param", []string{"payway", "check_transaction"}, 2, "params.tran_id: required field missing: check_transaction needs tran_id (PTL04)"},
		{"unknown param", []string{"payway", "check_transaction", "--tran", "T1"}, 2, "check_transaction has no parameter --tran"},
		{"unknown operation", []string{"payway", "refund-all"}, 2, `PayWay has no operation "refund-all"`},
		{"flag without value", []string{"payway", "check_transaction", "--tran-id"}, 2, "--tran-id needs a value"},
		{"bad JSON param", []string{"payway", "purchase", "--items", "[{"}, 2, "--items takes JSON"},
		{"private key as public key", []string{"payway", "refund", "--tran-id", "T1", "--amount", "1", "--rsa-public-key", testvectors.Key("rsa1024_TEST_ONLY_private.pem")}, 2, "this is a private key; give the RSA public key (invalid_key)"},
		{"unknown command", []string{"sign"}, 2, "unknown command"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, status := runCLI(t, env, tc.args...)
			assert.Equal(t, tc.status, status)
			assert.Contains(t, errOut, tc.stderr)
			assert.NotContains(t, out+errOut, testAPIKey)
			assert.NotContains(t, out+errOut, "PRIVATE KEY-----\nMII", "key material echoed")
		})
	}
}

func TestPayWayListAndDescribe(t *testing.T) {
	out, _, status := runCLI(t, nil, "payway", "list")
	require.Equal(t, 0, status)
	assert.Contains(t, out, "pre_auth_completion")
	assert.Contains(t, out, "merchant_auth request_time merchant_id")
	out, _, status = runCLI(t, nil, "payway", "describe", "refund")
	require.Equal(t, 0, status)
	assert.Contains(t, out, "--refund-amount")
}

func TestDemoCompareDetectsDisagreement(t *testing.T) {
	dir := t.TempDir()
	requests := filepath.Join("..", "..", "testvectors", "demo", "requests.json")
	privateKey := filepath.Join("..", "..", "internal", "testkeys", "rsa1024_TEST_ONLY_private.pem")
	_, errOut, status := runCLI(t, nil, "demo", requests, filepath.Join(dir, "a.json"))
	require.Equal(t, 0, status, errOut)
	_, _, status = runCLI(t, nil, "demo", requests, filepath.Join(dir, "b.json"))
	require.Equal(t, 0, status)
	out, _, status := runCLI(t, nil, "demo-compare", dir, privateKey, requests)
	require.Equal(t, 0, status, out)
	assert.Contains(t, out, "agree on 2 requests")
	assert.NotContains(t, out, testAPIKey)

	// A runtime whose purchase hash differs, or whose refund ciphertext was
	// made with another key, must be reported.
	for _, corrupt := range []func(string) string{
		func(s string) string { return strings.Replace(s, `"hash": "ksJ2`, `"hash": "XsJ2`, 1) },
		func(s string) string {
			return strings.Replace(s, `"refund_amount\":1.5`, `"refund_amount\":1.51`, 1)
		},
	} {
		data, err := os.ReadFile(filepath.Join(dir, "a.json"))
		require.NoError(t, err)
		changed := corrupt(string(data))
		require.NotEqual(t, string(data), changed)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "c.json"), []byte(changed), 0o644))
		out, _, status = runCLI(t, nil, "demo-compare", dir, privateKey, requests)
		assert.Equal(t, 1, status, out)
		assert.Contains(t, out, "disagree")
	}
}

// JSON flags keep their member order: the CLI sends the MemberOrder
// vector's bytes.
func TestPayWayJSONFlagsKeepMemberOrder(t *testing.T) {
	files, _, err := testvectors.Load()
	require.NoError(t, err)
	var want struct {
		Fields [][2]string `json:"fields"`
	}
	vectors := files["payway_sign.json"].WithFlag("MemberOrder")
	require.Len(t, vectors, 1)
	require.NoError(t, json.Unmarshal(vectors[0].Output, &want))
	env := map[string]string{"PAYWAY_MERCHANT_ID": "ec000002", "PAYWAY_API_KEY": "TEST_ONLY_api_key_7c1f3d9a"}
	out, errOut, status := runCLI(t, env, "payway", "purchase", "--tran-id", "T1010", "--amount", "7.00", "--currency", "USD",
		"--items", `[{"name":"Iced latte","quantity":2,"price":"2.50"},{"name":"Num pang","quantity":1,"price":"2.00"}]`,
		"--custom-fields", `{"order_ref":"ORD-1010","channel":"web","customer":{"tier":"gold","id":"C-77"}}`,
		"--return-deeplink", `{"ios_scheme":"shopapp://payway/return","android_scheme":"shopapp://payway/return"}`,
		"--request-time", "20261121093403", "--json")
	require.Equal(t, 0, status, errOut)
	var got struct {
		Fields [][2]string `json:"fields"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, want.Fields, got.Fields)
}

// Every level answers --help (and -h) on standard output with status 0.
func TestHelpAtEveryLevel(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"payway", "--help"}, {"payway", "-h"},
		{"payway", "refund", "--help"}, {"payway", "purchase", "--tran-id", "T1", "-h"}, {"call", "--help"}} {
		out, errOut, status := runCLI(t, nil, args...)
		assert.Equal(t, 0, status, "%v: %s", args, errOut)
		assert.Contains(t, out, "usage", args)
	}
	out, _, _ := runCLI(t, nil, "--help")
	assert.Contains(t, out, "PAYWAY_API_KEY_FILE", "the environment variables are listed")
	out, _, _ = runCLI(t, nil, "payway", "refund", "--help")
	assert.Contains(t, out, "--refund-amount")
	assert.Contains(t, out, "PAYWAY_RSA_PUBLIC_KEY")
	out, _, _ = runCLI(t, nil, "call", "--help")
	assert.Contains(t, out, "payway.sign")
	out, _, status := runCLI(t, nil, "--version")
	assert.Equal(t, 0, status)
	assert.Regexp(t, `^paysign \d+\.\d+\.\d+ \(ABI \d+\)\n$`, out)
}

// A typo gets a suggestion: commands, operations and flags.
func TestDidYouMean(t *testing.T) {
	env := map[string]string{"PAYWAY_MERCHANT_ID": "ec000002", "PAYWAY_API_KEY": testAPIKey}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"paway"}, "did you mean payway?"},
		{[]string{"payway", "refnd"}, "did you mean refund?"},
		{[]string{"payway", "describe", "chek_transaction"}, "did you mean check_transaction?"},
		{[]string{"payway", "refund", "--tran-id", "T1", "--amout", "1"}, "did you mean amount?"},
		{[]string{"payway", "purchase", "--tranid", "T1"}, "did you mean tran-id?"},
	} {
		_, errOut, status := runCLI(t, env, tc.args...)
		assert.NotEqual(t, 0, status, tc.args)
		assert.Contains(t, errOut, tc.want, tc.args)
	}
	_, errOut, _ := runCLI(t, nil, "frobnicate")
	assert.NotContains(t, errOut, "did you mean", "no suggestion for a word far from every command")
}

// An error about a credential says where the credential came from, or how
// to give a missing one; never its value.
func TestCredentialErrorsNameTheirSource(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "not-a-key.pem")
	require.NoError(t, os.WriteFile(keyFile, []byte("not a key"), 0o600))
	env := map[string]string{"PAYWAY_MERCHANT_ID": "ec000002", "PAYWAY_API_KEY": testAPIKey, "PAYWAY_RSA_PUBLIC_KEY_FILE": keyFile}
	_, errOut, status := runCLI(t, env, "payway", "refund", "--tran-id", "T1", "--amount", "1.00")
	assert.Equal(t, 2, status, "not signed: a usage error")
	assert.Contains(t, errOut, "credentials.rsa_public_key came from the file "+keyFile+" (PAYWAY_RSA_PUBLIC_KEY_FILE)")
	_, errOut, _ = runCLI(t, env, "payway", "refund", "--tran-id", "T1", "--amount", "1.00", "--rsa-public-key", "nope")
	assert.Contains(t, errOut, "credentials.rsa_public_key came from --rsa-public-key")
	_, errOut, _ = runCLI(t, map[string]string{"PAYWAY_MERCHANT_ID": "ec000002"}, "payway", "check_transaction", "--tran-id", "T1")
	assert.Contains(t, errOut, "give it with --api-key, --api-key-file, PAYWAY_API_KEY or PAYWAY_API_KEY_FILE")
	assert.NotContains(t, errOut, testAPIKey)
}

// paysign version is one line; the details are --json.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, _, status := runCLI(t, nil, args...)
		assert.Equal(t, 0, status)
		assert.Regexp(t, `^paysign \d+\.\d+\.\d+ \(ABI \d+\)\n$`, out)
	}
	out, _, status := runCLI(t, nil, "version", "--json")
	assert.Equal(t, 0, status)
	var v struct {
		OK    bool `json:"ok"`
		Value struct {
			Ops []string `json:"ops"`
		} `json:"value"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &v))
	assert.Contains(t, v.Value.Ops, "payway.diagnose")
}

// paysign doctor explains a request pasted on standard input.
func TestDoctorCommand(t *testing.T) {
	body := `{"req_time":"20261121093403","tran_id":"T1001","merchant_id":"ec000002","hash":"` + hmacBase64(testAPIKey, "20261121093403T1001ec000002") + `"}`
	var out, errOut bytes.Buffer
	status := run([]string{"doctor", "--operation", "check_transaction"}, strings.NewReader(body), &out, &errOut, func(k string) string {
		return map[string]string{"PAYWAY_API_KEY": testAPIKey}[k]
	})
	assert.Equal(t, 1, status, errOut.String())
	assert.Contains(t, out.String(), "Wrong field order in the hash")
	assert.Contains(t, out.String(), "PayWay hashes: 20261121093403ec000002T1001")
	assert.Contains(t, out.String(), "first difference, character 15, in merchant_id")
	assert.NotContains(t, out.String()+errOut.String(), testAPIKey)

	// From a curl line: the operation comes from its URL; a right hash is 0.
	curl := "curl -X POST 'https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/check-transaction-2' -H 'Content-Type: application/json' -d '" +
		`{"req_time":"20261121093403","merchant_id":"ec000002","tran_id":"T1001","hash":"` + hmacBase64(testAPIKey, "20261121093403ec000002T1001") + `"}'`
	out.Reset()
	status = run([]string{"doctor", "--api-key", testAPIKey}, strings.NewReader(curl), &out, &errOut, func(string) string { return "" })
	assert.Equal(t, 0, status, errOut.String())
	assert.Contains(t, out.String(), "operation: check_transaction (from the URL), read as curl")
	assert.Contains(t, out.String(), "Your hash is right")

	_, errText, status := runCLI(t, nil, "doctor")
	assert.Equal(t, 2, status)
	assert.Contains(t, errText, "the API key is needed")
}

func hmacBase64(key, text string) string {
	m := hmac.New(sha512.New, []byte(key))
	m.Write([]byte(text))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
