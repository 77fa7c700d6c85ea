package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/paywaytest"
)

const mockUsage = `usage:
  paysign mock [--listen 127.0.0.1:0] [--merchant ID:API_KEY[:RSA_PRIVATE_KEY_FILE]]... [--fault OP:KIND[=ARG][:COUNT]]...
               [--max-request-age 15m|off] [--sandbox] [--no-fixtures] [--check-lag 2s] [--pushback-timeout 5s]
               [--key-dir DIR] [--allow-remote] [--exit-on-stdin-close] [--quiet]
      serve a PayWay test double until SIGINT or SIGTERM (or, with --exit-on-stdin-close, until
      stdin closes); the first line on stdout is "paysign mock listening on http://HOST:PORT",
      then the credentials it accepts, the export line to use them, and last "helpers: ..."
  paysign mock approve|decline|expire TRAN_ID [--merchant-id ID] [--url URL]
  paysign mock pay-link ID [--url URL]
  paysign mock approve-credential REQUEST_ID [--merchant-id ID] [--url URL]
  paysign mock fault OP:KIND[=ARG][:COUNT] [--url URL]
  paysign mock requests|transactions|faults|reset [--url URL]
      drive a running double through its /__mock/ helpers (URL: --url or $PAYSIGN_MOCK_URL)
`

// runMock is `paysign mock`: serve the double, or call a helper of a
// running one.
func runMock(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return runMockHelper(args, stdout, stderr, getenv)
	}
	fs := flag.NewFlagSet("paysign mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, mockUsage) }
	listen := fs.String("listen", "127.0.0.1:0", "address to listen on")
	var merchants, faults multiFlag
	fs.Var(&merchants, "merchant", "a merchant: ID:API_KEY[:RSA_PRIVATE_KEY_FILE] (default key: the TEST-ONLY rsa1024 pair); replaces one with the same id, ec000002 included")
	fs.Var(&faults, "fault", "arm a fault: OP:KIND[=ARG][:COUNT], e.g. refund:rate_limit:2, *:server_error=503, check_transaction:delay=2s")
	maxAge := fs.String("max-request-age", "15m", "merchant-portal request_time window, or off")
	sandbox := fs.Bool("sandbox", false, "answer as PayWay's sandbox was seen to where it differs from the docs")
	noFixtures := fs.Bool("no-fixtures", false, "start without the fixture transactions (ORDER-1001...)")
	exitOnStdinClose := fs.Bool("exit-on-stdin-close", false, "stop when stdin reaches its end (a test suite's pipe closing)")
	checkLag := fs.Duration("check-lag", 0, "how long a new transaction stays invisible to check_transaction")
	pushbackTimeout := fs.Duration("pushback-timeout", 5*time.Second, "timeout of each pushback delivery")
	keyDir := fs.String("key-dir", "", "write each merchant's RSA public key here (default: a temporary folder removed on exit)")
	allowRemote := fs.Bool("allow-remote", false, "allow a listen address other than loopback (the double is TEST-ONLY)")
	quiet := fs.Bool("quiet", false, "no request log on stderr")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprint(stderr, mockUsage)
		return 2
	}
	cfg := paywaytest.Config{Merchants: []paywaytest.Merchant{paywaytest.DefaultMerchant()}, Sandbox: *sandbox,
		NoFixtures: *noFixtures, CheckLag: *checkLag, PushbackTimeout: *pushbackTimeout}
	if *maxAge == "off" {
		cfg.MaxRequestAge = -1
	} else if d, err := time.ParseDuration(*maxAge); err != nil || d <= 0 {
		fmt.Fprintf(stderr, "paysign mock: --max-request-age takes a duration such as 15m, or off\n")
		return 2
	} else {
		cfg.MaxRequestAge = d
	}
	given := map[string]bool{}
	for _, spec := range merchants {
		m, err := parseMerchant(spec)
		if err != nil {
			fmt.Fprintf(stderr, "paysign mock: %v\n", err)
			return 2
		}
		given[m.ID] = true
		// A merchant given again, the default one included, is replaced.
		if i := slices.IndexFunc(cfg.Merchants, func(x paywaytest.Merchant) bool { return x.ID == m.ID }); i >= 0 {
			cfg.Merchants[i] = m
		} else {
			cfg.Merchants = append(cfg.Merchants, m)
		}
	}
	for _, spec := range faults {
		f, err := paywaytest.ParseFault(spec)
		if err != nil {
			fmt.Fprintf(stderr, "paysign mock: %v\n", err)
			return 2
		}
		cfg.Faults = append(cfg.Faults, f)
	}
	if !*allowRemote && !loopbackAddr(*listen) {
		fmt.Fprintf(stderr, "paysign mock: %s is not a loopback address; the double is TEST-ONLY (give --allow-remote to serve it anyway, e.g. inside a container)\n", *listen)
		return 2
	}
	if !*quiet {
		cfg.Logf = func(format string, a ...any) { fmt.Fprintf(stderr, format+"\n", a...) }
	}

	// SIGINT and SIGTERM stop the mock cleanly from before it serves: a test
	// suite may stop it as soon as it has read the banner and had an answer,
	// while the mock still writes the key files (it was then killed by the
	// signal, exit status 143, and did not remove its temporary folder).
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := paywaytest.Start(*listen, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "paysign mock: %v\n", err)
		return 1
	}
	defer srv.Close()
	dir := *keyDir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "paysign-mock-"); err != nil {
			fmt.Fprintf(stderr, "paysign mock: %v\n", err)
			return 1
		}
		defer os.RemoveAll(dir)
	}
	// The banner's key file is absolute, so that its export line works
	// when pasted in another folder (--key-dir . included).
	if dir, err = filepath.Abs(dir); err != nil {
		fmt.Fprintf(stderr, "paysign mock: --key-dir: %v\n", err)
		return 1
	}
	// The banner: the URL first (what test suites read), the merchants,
	// the lines a shell needs, and "helpers:" last; nothing follows on
	// stdout, so a reader may close it then.
	fmt.Fprintf(stdout, "paysign mock listening on %s\n", srv.URL)
	var exports []string
	for i, m := range srv.Merchants() {
		keyFile := filepath.Join(dir, m.ID+"_rsa_public.pem")
		if err := os.WriteFile(keyFile, []byte(m.PublicKeyPEM()), 0o644); err != nil {
			fmt.Fprintf(stderr, "paysign mock: %v\n", err)
			return 1
		}
		apiKey := "(as given)" // a key given on the command line is not repeated
		if !given[m.ID] {
			apiKey = m.APIKey + " (TEST-ONLY)"
		}
		fmt.Fprintf(stdout, "merchant_id=%s api_key=%s rsa_public_key_file=%s\n", m.ID, apiKey, keyFile)
		if i == 0 {
			exports = []string{"PAYWAY_BASE_URL=" + srv.URL, "PAYSIGN_MOCK_URL=" + srv.URL, "PAYWAY_MERCHANT_ID=" + shellWord(m.ID)}
			if !given[m.ID] {
				exports = append(exports, "PAYWAY_API_KEY="+shellWord(m.APIKey))
			}
			exports = append(exports, "PAYWAY_RSA_PUBLIC_KEY_FILE="+shellWord(keyFile))
		}
	}
	fmt.Fprintf(stdout, "export %s\n", strings.Join(exports, " "))
	if given[srv.Merchant.ID] {
		fmt.Fprintf(stdout, "# and PAYWAY_API_KEY: the key given with --merchant %s\n", srv.Merchant.ID)
	}
	fmt.Fprintf(stdout, "helpers: %s/__mock/ (approve: POST %s/__mock/transactions/{tran_id}/approve)\n", srv.URL, srv.URL)
	if f, ok := stdout.(*os.File); ok {
		_ = f.Sync()
	}

	if *exitOnStdinClose && stdin != nil {
		// A test suite that dies without stopping the mock closes the
		// pipe: the mock goes with it.
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		go func() {
			_, _ = io.Copy(io.Discard, stdin)
			cancel()
		}()
	}
	<-ctx.Done()
	fmt.Fprintln(stderr, "paysign mock: stopping")
	return 0
}

// parseMerchant reads ID:API_KEY[:RSA_PRIVATE_KEY_FILE].
func parseMerchant(spec string) (paywaytest.Merchant, error) {
	parts := strings.SplitN(spec, ":", 3)
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
		return paywaytest.Merchant{}, errors.New("--merchant takes ID:API_KEY[:RSA_PRIVATE_KEY_FILE]")
	}
	m := paywaytest.DefaultMerchant()
	m.ID, m.APIKey = parts[0], parts[1]
	if len(parts) == 3 {
		pemText, err := os.ReadFile(parts[2])
		if err != nil {
			return m, fmt.Errorf("--merchant %s: %v", m.ID, err)
		}
		if m.RSAPrivateKey, err = core.ParsePrivateKey(string(pemText)); err != nil {
			return m, fmt.Errorf("--merchant %s: %v", m.ID, err)
		}
	}
	return m, nil
}

// shellWord quotes s for a POSIX shell when it needs quoting.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=@%+,") == "" {
		return s
	}
	return shellQuote(s)
}

func loopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// runMockHelper calls a helper of a running double and prints its JSON.
func runMockHelper(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	cmd := args[0]
	fs := flag.NewFlagSet("paysign mock "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, mockUsage) }
	base := fs.String("url", getenv("PAYSIGN_MOCK_URL"), "the double's URL")
	merchantID := fs.String("merchant-id", "", "the merchant, when several use the same id")
	// Flags may follow the positional argument: paysign mock approve T1 --url ...
	positional, rest := splitPositional(args[1:])
	if err := fs.Parse(rest); err != nil {
		return 2
	}
	positional = append(positional, fs.Args()...)
	if *base == "" {
		fmt.Fprintln(stderr, "paysign mock: give the double's URL with --url or PAYSIGN_MOCK_URL")
		return 2
	}
	one := func() (string, bool) {
		if len(positional) != 1 {
			fmt.Fprint(stderr, mockUsage)
			return "", false
		}
		return url.PathEscape(positional[0]), true
	}
	query := ""
	if *merchantID != "" {
		query = "?merchant_id=" + url.QueryEscape(*merchantID)
	}
	method, path, body := http.MethodGet, "", ""
	switch cmd {
	case "approve", "decline", "expire":
		id, ok := one()
		if !ok {
			return 2
		}
		method, path = http.MethodPost, "/__mock/transactions/"+id+"/"+cmd+query
	case "pay-link":
		id, ok := one()
		if !ok {
			return 2
		}
		method, path = http.MethodPost, "/__mock/payment-links/"+id+"/pay"
	case "approve-credential":
		id, ok := one()
		if !ok {
			return 2
		}
		method, path = http.MethodPost, "/__mock/credentials/"+id+"/approve"+query
	case "fault":
		if len(positional) != 1 {
			fmt.Fprint(stderr, mockUsage)
			return 2
		}
		f, err := paywaytest.ParseFault(positional[0])
		if err != nil {
			fmt.Fprintf(stderr, "paysign mock: %v\n", err)
			return 2
		}
		method, path = http.MethodPost, "/__mock/faults"
		data, err := json.Marshal(f)
		if err != nil {
			fmt.Fprintf(stderr, "paysign mock: %v\n", err)
			return 2
		}
		body = string(data)
	case "requests", "transactions", "faults":
		path = "/__mock/" + cmd
	case "reset":
		method, path = http.MethodPost, "/__mock/reset"
	default:
		fmt.Fprintf(stderr, "paysign mock: unknown helper %q\n%s", cmd, mockUsage)
		return 2
	}
	req, err := http.NewRequest(method, strings.TrimRight(*base, "/")+path, strings.NewReader(body))
	if err != nil {
		fmt.Fprintf(stderr, "paysign mock: %v\n", err)
		return 2
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		fmt.Fprintf(stderr, "paysign mock: %v\n", err)
		return 1
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	stdout.Write(out)
	if resp.StatusCode >= 300 {
		return 1
	}
	return 0
}

// splitPositional separates leading positional arguments from flags.
func splitPositional(args []string) (positional, flags []string) {
	for i, a := range args {
		if strings.HasPrefix(a, "-") {
			return positional, args[i:]
		}
		positional = append(positional, a)
	}
	return positional, nil
}
