package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/paysign/paysign/paywayhttp"
)

// runDemoMock is `make demo`'s mock step: it starts `paysign mock` as a
// child process on 127.0.0.1:0 and a pushback receiver, runs the loop an
// integrator lives in through the CLI's own code (purchase, approve, the
// signed pushback, check, refunds, close, a wrong hash), prints each
// command and what came back, and stops the mock.
func runDemoMock(stdout, stderr io.Writer) int {
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "paysign: %v\n", err)
		return 1
	}
	child := exec.Command(self, "mock", "--listen", "127.0.0.1:0", "--quiet")
	out, err := child.StdoutPipe()
	if err != nil {
		fmt.Fprintf(stderr, "paysign: %v\n", err)
		return 1
	}
	child.Stderr = stderr
	if err := child.Start(); err != nil {
		fmt.Fprintf(stderr, "paysign: %v\n", err)
		return 1
	}
	defer func() {
		_ = child.Process.Signal(syscall.SIGTERM)
		_ = child.Wait()
	}()
	lines := bufio.NewScanner(out)
	env := map[string]string{}
	for lines.Scan() {
		line := lines.Text()
		if u, ok := strings.CutPrefix(line, "paysign mock listening on "); ok {
			env["PAYWAY_BASE_URL"], env["PAYSIGN_MOCK_URL"] = u, u
		}
		if strings.HasPrefix(line, "merchant_id=") && env["PAYWAY_MERCHANT_ID"] == "" {
			for _, kv := range strings.Fields(line) {
				if k, v, ok := strings.Cut(kv, "="); ok {
					env[map[string]string{"merchant_id": "PAYWAY_MERCHANT_ID", "api_key": "PAYWAY_API_KEY", "rsa_public_key_file": "PAYWAY_RSA_PUBLIC_KEY_FILE"}[k]] = v
				}
			}
		}
		if strings.HasPrefix(line, "helpers: ") {
			break
		}
	}
	go func() {
		for lines.Scan() {
		}
	}()
	if env["PAYWAY_BASE_URL"] == "" || env["PAYWAY_API_KEY"] == "" {
		fmt.Fprintln(stderr, "paysign: the mock did not start")
		return 1
	}

	// The merchant's pushback endpoint, verifying each pushback.
	pushbacks := make(chan *paywayhttp.Callback, 4)
	receiver := &paywayhttp.Client{}
	receiver.Credentials.APIKey = env["PAYWAY_API_KEY"]
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintf(stderr, "paysign: %v\n", err)
		return 1
	}
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: receiver.CallbackHandler(func(w http.ResponseWriter, r *http.Request, cb *paywayhttp.Callback) {
		pushbacks <- cb
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	fmt.Fprintf(stdout, "=== the mock loop: paysign mock on %s, TEST-ONLY merchant %s\n", env["PAYWAY_BASE_URL"], env["PAYWAY_MERCHANT_ID"])
	getenv := func(k string) string { return env[k] }
	failed := 0
	step := func(want string, args ...string) answerJSON {
		fmt.Fprintf(stdout, "$ paysign %s\n", shellWords(args))
		var o, e bytes.Buffer
		run(append(args, "--send", "--json"), nil, &o, &e, getenv)
		var a answerJSON
		if err := json.Unmarshal(o.Bytes(), &a); err != nil {
			fmt.Fprintf(stdout, "  FAILED: %s%s\n", o.String(), e.String())
			failed++
			return a
		}
		got := a.Code
		if got == "" {
			got = a.Category
		}
		line := fmt.Sprintf("  HTTP %d  code %s  %s", a.HTTPStatus, a.Code, a.Category)
		if a.PaymentStatus != nil {
			line += "  payment status " + a.PaymentStatus.Status
			got += " " + a.PaymentStatus.Status
		}
		if !a.OK {
			line += "  (" + a.Meaning + ")"
		}
		if got != want {
			line += "  FAILED: want " + want
			failed++
		}
		fmt.Fprintln(stdout, line)
		return a
	}
	pushbackURL := "http://" + ln.Addr().String() + "/payway/pushback"
	step("00", "payway", "purchase", "--tran-id", "DEMO-1001", "--amount", "10.00", "--currency", "USD",
		"--items", `[{"name":"Iced latte","quantity":4,"price":"2.50"}]`, "--return-url", pushbackURL, "--return-params", "order=1001")
	step("00 PENDING", "payway", "check_transaction", "--tran-id", "DEMO-1001")

	fmt.Fprintln(stdout, "$ paysign mock approve DEMO-1001        (the payer pays in the ABA app)")
	var o, e bytes.Buffer
	if run([]string{"mock", "approve", "DEMO-1001"}, nil, &o, &e, getenv) != 0 {
		fmt.Fprintf(stdout, "  FAILED: %s%s\n", o.String(), e.String())
		failed++
	}
	select {
	case cb := <-pushbacks:
		fmt.Fprintf(stdout, "  pushback received at %s: tran_id=%s status=%s apv=%s; X-PayWay-HMAC-SHA512 verifies\n", pushbackURL, cb.TranID, cb.Status, cb.APV)
	case <-time.After(10 * time.Second):
		fmt.Fprintln(stdout, "  FAILED: no pushback arrived")
		failed++
	}
	step("00 APPROVED", "payway", "check_transaction", "--tran-id", "DEMO-1001")
	step("00", "payway", "refund", "--tran-id", "DEMO-1001", "--amount", "4.00")
	step("PTL37", "payway", "refund", "--tran-id", "DEMO-1001", "--amount", "6.01")
	step("00 REFUNDED", "payway", "check_transaction", "--tran-id", "DEMO-1001")
	step("00", "payway", "purchase", "--tran-id", "DEMO-1002", "--amount", "3.00", "--currency", "USD")
	step("00", "payway", "close_transaction", "--tran-id", "DEMO-1002")
	step("00 CANCELLED", "payway", "check_transaction", "--tran-id", "DEMO-1002")
	step("5", "payway", "check_transaction", "--tran-id", "DEMO-1001", "--api-key", "TEST_ONLY_not_the_merchants_key")
	if failed > 0 {
		fmt.Fprintf(stdout, "mock loop: %d steps failed\n", failed)
		return 1
	}
	fmt.Fprintln(stdout, "mock loop: every answer as PayWay documents it; the mock stops now")
	return 0
}

// shellWords joins args as a shell would need them typed.
func shellWords(args []string) string {
	words := make([]string, len(args))
	for i, a := range args {
		words[i] = a
		if strings.Trim(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=") != "" {
			words[i] = shellQuote(a)
		}
	}
	return strings.Join(words, " ")
}
