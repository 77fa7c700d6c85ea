package main

import (
	"bufio"
	"bytes"
	"debug/elf"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/internal/testkeys"
	"github.com/paysign/paysign/paywayhttp"
)

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// binary builds the CLI once for the tests that run it as a process.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "paysign-cli-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "paysign")
		cmd := exec.Command("go", "build", "-o", builtBin, ".")
		cmd.Stderr = os.Stderr
		buildErr = cmd.Run()
	})
	require.NoError(t, buildErr)
	return builtBin
}

// mockProcess is `paysign mock` running as a process.
type mockProcess struct {
	url, apiKey, keyFile string
	banner               []string // the lines between the first and "helpers: "
	exports              string   // the banner's export line
	cmd                  *exec.Cmd
	stdin                io.WriteCloser
	stderr               *strings.Builder
}

func startMock(t *testing.T, args ...string) *mockProcess {
	t.Helper()
	return startMockIn(t, "", args...)
}

// startMockIn starts the mock in the folder dir ("": this one).
func startMockIn(t *testing.T, dir string, args ...string) *mockProcess {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"mock", "--listen", "127.0.0.1:0"}, args...)...)
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr strings.Builder
	cmd.Stderr = &syncWriter{b: &stderr}
	require.NoError(t, cmd.Start())
	p := &mockProcess{cmd: cmd, stdin: stdin, stderr: &stderr}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	lines := bufio.NewScanner(stdout)
	require.True(t, lines.Scan(), "no first line")
	first := lines.Text()
	require.True(t, strings.HasPrefix(first, "paysign mock listening on http://127.0.0.1:"), first)
	p.url = strings.TrimPrefix(first, "paysign mock listening on ")
	for lines.Scan() && !strings.HasPrefix(lines.Text(), "helpers: ") {
		p.banner = append(p.banner, lines.Text())
		if strings.HasPrefix(lines.Text(), "export ") {
			p.exports = lines.Text()
		}
	}
	require.NotEmpty(t, p.banner)
	for _, kv := range strings.Fields(p.banner[0]) {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "api_key":
			p.apiKey = v
		case "rsa_public_key_file":
			p.keyFile = v
		}
	}
	go func() {
		for lines.Scan() {
		}
	}()
	return p
}

type syncWriter struct {
	mu sync.Mutex
	b  *strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (p *mockProcess) log() string {
	w := p.cmd.Stderr.(*syncWriter)
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// cli runs the binary with the mock's credentials in the environment.
func (p *mockProcess) cli(t *testing.T, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), "PAYWAY_MERCHANT_ID=ec000002", "PAYWAY_API_KEY="+p.apiKey,
		"PAYWAY_RSA_PUBLIC_KEY_FILE="+p.keyFile, "PAYWAY_BASE_URL="+p.url, "PAYSIGN_MOCK_URL="+p.url,
		"PAYWAY_RSA_PUBLIC_KEY=")
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	status = 0
	if exit, ok := err.(*exec.ExitError); ok {
		status = exit.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return out.String(), errOut.String(), status
}

func (p *mockProcess) answer(t *testing.T, args ...string) (answerJSON, int) {
	t.Helper()
	out, errOut, status := p.cli(t, append(args, "--send", "--json")...)
	var a answerJSON
	require.NoError(t, json.Unmarshal([]byte(out), &a), "stdout %q stderr %q", out, errOut)
	return a, status
}

// The loop through the command line: `paysign mock` on 127.0.0.1:0,
// purchase (multipart) → `paysign mock approve` → the pushback arrives at
// a local listener and verifies → check_transaction APPROVED → partial
// refund 00 → a refund beyond the paid amount is PTL37 → another
// purchase closed → CANCELLED; a wrong hash; SIGINT stops the mock.
func TestCLIEndToEnd(t *testing.T) {
	p := startMock(t)
	require.NotEmpty(t, p.apiKey)
	pushbacks := make(chan *paywayhttp.Callback, 4)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	receiver := &paywayhttp.Client{}
	receiver.Credentials.APIKey = p.apiKey
	srv := &http.Server{Handler: receiver.CallbackHandler(func(w http.ResponseWriter, r *http.Request, cb *paywayhttp.Callback) {
		pushbacks <- cb
	}), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	a, status := p.answer(t, "payway", "purchase", "--tran-id", "CLI-1", "--amount", "10", "--currency", "USD",
		"--return-url", "http://"+ln.Addr().String()+"/pushback", "--items", `[{"name":"Tea","quantity":2,"price":"5.00"}]`)
	require.Equal(t, 0, status)
	assert.True(t, a.OK)
	assert.Equal(t, "00", a.Code)
	assert.Contains(t, p.log(), "purchase → HTTP 200 code 00 ok")

	out, _, status := p.cli(t, "mock", "approve", "CLI-1")
	require.Equal(t, 0, status, out)
	assert.Contains(t, out, `"pushback_delivered": true`)
	select {
	case cb := <-pushbacks:
		assert.Equal(t, "CLI-1", cb.TranID)
		assert.Equal(t, "0", cb.Status)
	case <-time.After(5 * time.Second):
		t.Fatal("no pushback")
	}

	a, status = p.answer(t, "payway", "check_transaction", "--tran-id", "CLI-1")
	require.Equal(t, 0, status)
	require.NotNil(t, a.PaymentStatus)
	assert.Equal(t, "APPROVED", a.PaymentStatus.Status)

	a, status = p.answer(t, "payway", "refund", "--tran-id", "CLI-1", "--amount", "2.50")
	assert.Equal(t, 0, status)
	assert.Equal(t, "00", a.Code)
	a, status = p.answer(t, "payway", "refund", "--tran-id", "CLI-1", "--amount", "7.51")
	assert.Equal(t, 1, status)
	assert.Equal(t, "PTL37", a.Code)
	assert.Equal(t, "declined", a.Category)

	_, status = p.answer(t, "payway", "purchase", "--tran-id", "CLI-2", "--amount", "1", "--currency", "USD")
	require.Equal(t, 0, status)
	_, status = p.answer(t, "payway", "close_transaction", "--tran-id", "CLI-2")
	require.Equal(t, 0, status)
	a, _ = p.answer(t, "payway", "check_transaction", "--tran-id", "CLI-2")
	assert.Equal(t, "CANCELLED", a.PaymentStatus.Status)

	out, errOut, status := p.cli(t, "payway", "check_transaction", "--tran-id", "CLI-1", "--api-key", "TEST_ONLY_wrong_key", "--send")
	assert.Equal(t, 1, status)
	assert.Contains(t, out, "HTTP 403  code 5  wrong_hash")
	assert.Contains(t, errOut, "wrong_hash")
	assert.NotContains(t, out+errOut, "TEST_ONLY_wrong_key")

	out, _, status = p.cli(t, "mock", "requests")
	require.Equal(t, 0, status)
	assert.Contains(t, out, `"outcome": "wrong_hash"`)
	assert.Contains(t, out, `"kind": "pushback"`)

	require.NoError(t, p.cmd.Process.Signal(syscall.SIGINT))
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		assert.NoError(t, err, "exit status after SIGINT")
	case <-time.After(10 * time.Second):
		t.Fatal("the mock did not stop on SIGINT")
	}
	assert.Contains(t, p.log(), "paysign mock: stopping")
	_, err = os.Stat(p.keyFile)
	assert.True(t, os.IsNotExist(err), "the temporary key folder is removed")
}

func TestCLIMockOptions(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "second.pem")
	require.NoError(t, os.WriteFile(keyFile, []byte(testkeys.PEM("rsa2048_TEST_ONLY_private.pem")), 0o600))
	p := startMock(t, "--merchant", "shop2:TEST_ONLY_given_key_for_shop2:"+keyFile, "--fault", "check_transaction:rate_limit:3", "--quiet")
	a, status := p.answer(t, "payway", "check_transaction", "--tran-id", "X")
	assert.Equal(t, 1, status)
	assert.Equal(t, "rate_limited", a.Category)
	assert.True(t, a.Retryable)
	a, _ = p.answer(t, "payway", "check_transaction", "--tran-id", "X")
	assert.Equal(t, "6", a.Code)
	out, _, status := p.cli(t, "mock", "fault", "refund:server_error=503")
	assert.Equal(t, 0, status, out)
	out, _, _ = p.cli(t, "mock", "faults")
	assert.Contains(t, out, `"status": 503`)
	_, _, status = p.cli(t, "mock", "reset")
	assert.Equal(t, 0, status)
	assert.Empty(t, p.log(), "--quiet")
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, p.cmd.Wait())

	// Refusals of the command line itself.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"mock", "--listen", "0.0.0.0:0"}, "not a loopback address"},
		{[]string{"mock", "--merchant", "nokey"}, "--merchant takes"},
		{[]string{"mock", "--fault", "refund:meteor"}, "unknown kind"},
		{[]string{"mock", "--max-request-age", "soon"}, "--max-request-age"},
		{[]string{"mock", "approve", "T1"}, "--url or PAYSIGN_MOCK_URL"},
	} {
		_, errOut, status := runCLI(t, nil, tc.args...)
		assert.Equal(t, 2, status, tc.args)
		assert.Contains(t, errOut, tc.want, tc.args)
	}
}

// merchantLines are the banner's merchant lines.
func (p *mockProcess) merchantLines() []string {
	var out []string
	for _, line := range p.banner {
		if strings.HasPrefix(line, "merchant_id=") {
			out = append(out, line)
		}
	}
	return out
}

// A key given on the command line is never printed back.
func TestCLIMockDoesNotEchoGivenKeys(t *testing.T) {
	p := startMock(t, "--merchant", "shop3:TEST_ONLY_given_key_for_shop3", "--quiet")
	require.Len(t, p.merchantLines(), 2)
	assert.Contains(t, p.merchantLines()[1], "merchant_id=shop3 api_key=(as given) rsa_public_key_file=")
	assert.NotContains(t, strings.Join(p.banner, "\n"), "TEST_ONLY_given_key_for_shop3")
	out, err := exec.Command(binary(t), "mock", "requests", "--url", p.url).Output()
	require.NoError(t, err)
	assert.NotContains(t, string(out), "TEST_ONLY_given_key_for_shop3")
}

// make demo's mock step starts and stops its own mock and checks every answer.
func TestDemoMock(t *testing.T) {
	out, err := exec.Command(binary(t), "demo-mock").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "mock loop: every answer as PayWay documents it")
	assert.Contains(t, string(out), "X-PayWay-HMAC-SHA512 verifies")
	assert.Contains(t, string(out), "--items '[{")
}

// --merchant replaces a merchant with the same id, the default ec000002
// included: its fixtures stay, its key is the given one (never printed).
func TestCLIMockReplacesMerchant(t *testing.T) {
	p := startMock(t, "--merchant", "ec000002:TEST_ONLY_replaced_key", "--merchant", "shop4:TEST_ONLY_first", "--merchant", "shop4:TEST_ONLY_second", "--quiet")
	require.Equal(t, []string{"ec000002", "shop4"}, func() []string {
		var ids []string
		for _, line := range p.merchantLines() {
			ids = append(ids, strings.TrimPrefix(strings.Fields(line)[0], "merchant_id="))
		}
		return ids
	}())
	assert.Contains(t, p.merchantLines()[0], " api_key=(as given) ")
	assert.NotContains(t, p.exports, "PAYWAY_API_KEY")
	assert.NotContains(t, strings.Join(p.banner, "\n"), "TEST_ONLY_replaced_key")
	p.apiKey = "TEST_ONLY_replaced_key"
	a, status := p.answer(t, "payway", "check_transaction", "--tran-id", "ORDER-1001")
	require.Equal(t, 0, status)
	assert.Equal(t, "APPROVED", a.PaymentStatus.Status, "the fixture belongs to the replaced merchant")
	p.apiKey = "TEST_ONLY_paysign_mock_api_key_ec000002"
	a, _ = p.answer(t, "payway", "check_transaction", "--tran-id", "ORDER-1001")
	assert.Equal(t, "5", a.Code, "the default key no longer signs for ec000002")
	for _, tc := range []struct{ key, code string }{{"TEST_ONLY_second", "6"}, {"TEST_ONLY_first", "5"}} {
		cmd := exec.Command(binary(t), "payway", "check_transaction", "--tran-id", "NOPE", "--send", "--json")
		cmd.Env = append(os.Environ(), "PAYWAY_MERCHANT_ID=shop4", "PAYWAY_API_KEY="+tc.key, "PAYWAY_BASE_URL="+p.url)
		out, _ := cmd.Output()
		var got answerJSON
		require.NoError(t, json.Unmarshal(out, &got), "%s", out)
		assert.Equal(t, tc.code, got.Code, "shop4 signs with the last key given")
	}
}

// The banner's export line, pasted into a shell as printed, points the
// CLI at the mock: a refund of the fixture ORDER-1001 succeeds. Without
// fixtures the same transaction is unknown.
func TestCLIMockExportLine(t *testing.T) {
	p := startMock(t, "--quiet")
	require.True(t, strings.HasPrefix(p.exports, "export PAYWAY_BASE_URL="+p.url+" "), p.exports)
	for _, name := range []string{"PAYSIGN_MOCK_URL=", "PAYWAY_MERCHANT_ID=ec000002", "PAYWAY_API_KEY=TEST_ONLY_paysign_mock_api_key_ec000002", "PAYWAY_RSA_PUBLIC_KEY_FILE=" + p.keyFile} {
		assert.Contains(t, p.exports, name)
	}
	script := p.exports + "\n" + shellQuote(binary(t)) + " payway refund --tran-id ORDER-1001 --amount 1.50 --send\n"
	cmd := exec.Command("sh", "-c", script)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "HTTP 200  code 00  success")

	// With a relative --key-dir the banner names the key file by its
	// absolute path, so the export line works from any folder.
	home := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(home, "shop"), 0o755))
	rel := startMockIn(t, home, "--quiet", "--key-dir", ".")
	require.Equal(t, filepath.Join(home, "ec000002_rsa_public.pem"), rel.keyFile)
	assert.Contains(t, rel.exports, "PAYWAY_RSA_PUBLIC_KEY_FILE="+rel.keyFile)
	cmd = exec.Command("sh", "-c", rel.exports+"\n"+shellQuote(binary(t))+" payway refund --tran-id ORDER-1001 --amount 1.50 --send\n")
	cmd.Dir = filepath.Join(home, "shop")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home}
	out, err = cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "HTTP 200  code 00  success")

	empty := startMock(t, "--quiet", "--no-fixtures")
	empty.apiKey = "TEST_ONLY_paysign_mock_api_key_ec000002"
	a, _ := empty.answer(t, "payway", "check_transaction", "--tran-id", "ORDER-1001")
	assert.Equal(t, "6", a.Code)
}

// With --exit-on-stdin-close the mock stops when its stdin closes (a test
// suite that dies closes the pipe), and removes its key folder.
func TestCLIMockExitsOnStdinClose(t *testing.T) {
	p := startMock(t, "--quiet", "--exit-on-stdin-close")
	require.NoError(t, p.stdin.Close())
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the mock did not stop when its stdin closed")
	}
	_, err := os.Stat(p.keyFile)
	assert.True(t, os.IsNotExist(err), "the temporary key folder is removed")

	// Without the flag a closed stdin changes nothing.
	q := startMock(t, "--quiet")
	require.NoError(t, q.stdin.Close())
	time.Sleep(200 * time.Millisecond)
	_, err = http.Get(q.url + "/__mock/")
	assert.NoError(t, err)
}

// The CLI as dist ships it (CGO_ENABLED=0) is one static file that serves
// the mock with nothing beside it: from an empty folder, with an empty
// environment, it prints its banner, writes the key file and stops when
// its stdin closes.
func TestCLIMockIsSelfContained(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the static CLI")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "paysign")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)
	f, err := elf.Open(bin)
	require.NoError(t, err)
	for _, p := range f.Progs {
		assert.NotEqual(t, elf.PT_INTERP, p.Type, "the CLI needs a dynamic loader")
	}
	require.NoError(t, f.Close())

	empty := t.TempDir()
	cmd := exec.Command(bin, "mock", "--listen", "127.0.0.1:0", "--exit-on-stdin-close", "--quiet", "--key-dir", empty)
	cmd.Dir, cmd.Env = empty, []string{}
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := bufio.NewScanner(stdout)
	var banner []string
	for lines.Scan() {
		banner = append(banner, lines.Text())
		if strings.HasPrefix(lines.Text(), "helpers: ") {
			break
		}
	}
	require.NotEmpty(t, banner)
	assert.True(t, strings.HasPrefix(banner[0], "paysign mock listening on http://127.0.0.1:"), banner[0])
	key, err := os.ReadFile(filepath.Join(empty, "ec000002_rsa_public.pem"))
	require.NoError(t, err)
	assert.Contains(t, string(key), "BEGIN PUBLIC KEY")
	resp, err := http.Get(strings.TrimPrefix(banner[0], "paysign mock listening on ") + "/__mock/transactions/ORDER-1001")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	require.NoError(t, stdin.Close())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the mock did not stop when its stdin closed")
	}
}

// A suite may stop the mock as soon as it has read the banner's first line:
// the mock then stops cleanly (exit 0, "stopping", its key folder removed),
// never killed by the signal while it still writes the rest of the banner.
func TestMockStopsCleanlyWhenSignalledRightAfterTheBanner(t *testing.T) {
	bin := binary(t)
	for i := 0; i < 20; i++ {
		cmd := exec.Command(bin, "mock", "--listen", "127.0.0.1:0", "--quiet")
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Start())
		banner, err := bufio.NewReader(stdout).ReadString('\n')
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(banner, "paysign mock listening on "), banner)
		require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
		go func() { _, _ = io.Copy(io.Discard, stdout) }()
		err = cmd.Wait()
		require.NoError(t, err, "run %d: %s", i+1, stderr.String())
		require.Contains(t, stderr.String(), "paysign mock: stopping", "run %d", i+1)
	}
}
