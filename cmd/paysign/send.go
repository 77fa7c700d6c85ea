package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paysign/paysign/core/abi"
	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/paywayhttp"
)

// sendOptions are the flags of `paysign payway OPERATION ... --send`.
type sendOptions struct {
	timeout      time.Duration
	queryRetries int
	retryBackoff time.Duration
}

// sendFlags takes --send, --timeout, --query-retries and --retry-backoff
// out of args; send is nil without --send.
func sendFlags(args []string) (rest []string, send *sendOptions, err error) {
	values := map[string]string{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(strings.TrimPrefix(a, "--"), "=")
		switch {
		case a == "--send":
			send = &sendOptions{}
		case strings.HasPrefix(a, "--") && (name == "timeout" || name == "query-retries" || name == "retry-backoff"):
			if !hasValue {
				if i+1 >= len(args) {
					return nil, nil, fmt.Errorf("--%s needs a value", name)
				}
				i++
				value = args[i]
			}
			values[name] = value
		default:
			rest = append(rest, a)
		}
	}
	if len(values) > 0 && send == nil {
		return nil, nil, errors.New("--timeout, --query-retries and --retry-backoff go with --send")
	}
	for name, value := range values {
		switch name {
		case "timeout":
			if send.timeout, err = time.ParseDuration(value); err != nil || send.timeout <= 0 {
				return nil, nil, errors.New("--timeout takes a duration such as 30s")
			}
		case "retry-backoff":
			if send.retryBackoff, err = time.ParseDuration(value); err != nil || send.retryBackoff < 0 {
				return nil, nil, errors.New("--retry-backoff takes a duration such as 500ms")
			}
		case "query-retries":
			n, err := strconv.Atoi(value)
			if err != nil || n < 0 || n > 10 {
				return nil, nil, errors.New("--query-retries takes a number from 0 to 10")
			}
			send.queryRetries = n
			if n == 0 {
				send.queryRetries = -1 // none (the client's zero means the default)
			}
		}
	}
	return rest, send, nil
}

// answerJSON reads the --send --json output (the value of
// payway.decode_response) back.
type answerJSON struct {
	OK            bool            `json:"ok"`
	Code          string          `json:"code"`
	Message       string          `json:"message"`
	Meaning       string          `json:"meaning"`
	Category      string          `json:"category"`
	Retryable     bool            `json:"retryable"`
	HTTPStatus    int             `json:"http_status"`
	PaymentStatus *paymentJSON    `json:"payment_status,omitempty"`
	Value         json.RawMessage `json:"value"`
}

type paymentJSON struct {
	Code     string `json:"code"`
	Status   string `json:"status"`
	Meaning  string `json:"meaning"`
	Category string `json:"category"`
}

// Exit statuses of --send (documented in paysign payway --help and
// docs/cli.md).
const (
	exitOK             = 0 // PayWay accepted the request
	exitRefused        = 1 // PayWay refused it: its code and meaning are printed
	exitUsage          = 2 // the command line is wrong, or the request could not be signed
	exitNotSent        = 3 // no verdict, and sending again is safe (not sent, or a query)
	exitOutcomeUnknown = 4 // no verdict for a request that moves money: confirm with check_transaction first
	exitInternal       = 70
)

// sendSigned sends a signed request and prints PayWay's decoded answer.
func sendSigned(signed *payway.Signed, opts *sendOptions, asJSON bool, stdout, stderr io.Writer) int {
	recorder := &answerRecorder{next: http.DefaultTransport}
	client := &paywayhttp.Client{Timeout: opts.timeout, QueryRetries: opts.queryRetries, RetryBackoff: opts.retryBackoff,
		HTTPClient: &http.Client{Transport: recorder}}
	resp, err := client.Do(context.Background(), signed)
	printJSON := func() {
		value, err := decodedAnswer(signed.Operation, recorder.last)
		if err != nil {
			fmt.Fprintf(stderr, "paysign: %v\n", err)
			return
		}
		fmt.Fprintf(stdout, "%s\n", indented(value))
	}
	var refused *payway.RefusedError
	var failed *payway.SendError
	switch {
	case errors.As(err, &refused):
		resp = refused.Response
	case errors.As(err, &failed):
		if failed.Response != nil && asJSON {
			printJSON()
		}
		fmt.Fprintf(stderr, "paysign: %v (%s)\n", err, abi.CodeOf(err))
		if failed.Next == payway.NextConfirmFirst {
			return exitOutcomeUnknown
		}
		return exitNotSent
	case err != nil:
		fmt.Fprintf(stderr, "paysign: %v (%s)\n", err, abi.CodeOf(err))
		return exitInternal
	}
	if asJSON {
		printJSON()
	} else {
		printAnswer(stdout, signed, resp)
	}
	if refused != nil {
		fmt.Fprintf(stderr, "paysign: %v\n", refused)
		return exitRefused
	}
	return exitOK
}

// answerRecorder keeps the last answer the client read, so that --send
// --json prints it as the envelope's payway.decode_response decodes it: the
// JSON every runtime gets. It reads what paywayhttp reads (MaxAnswer and
// one byte more) and hands the same bytes on.
type answerRecorder struct {
	next http.RoundTripper
	last *payway.Answer
}

func (a *answerRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := a.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, payway.MaxAnswer+1))
	resp.Body.Close()
	// The Location as it came and the request's URL: the core resolves one against the other.
	a.last = &payway.Answer{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"),
		Location: resp.Header.Get("Location"), URL: req.URL.String(), Body: body}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil { // the connection broke while reading: paywayhttp sees the same
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), failingReader{err}))
	}
	return resp, nil
}

type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

// decodedAnswer is the value of payway.decode_response for answer.
func decodedAnswer(operation string, answer *payway.Answer) (json.RawMessage, error) {
	if answer == nil {
		return nil, errors.New("no answer was read")
	}
	var value json.RawMessage
	err := callValue("payway.decode_response", map[string]any{"operation": operation, "http_status": answer.Status,
		"content_type": answer.ContentType, "location": answer.Location, "url": answer.URL, "body": string(answer.Body)}, &value)
	return value, err
}

// indented is JSON text indented for people.
func indented(data []byte) []byte {
	var b bytes.Buffer
	if json.Indent(&b, data, "", "  ") != nil {
		return data
	}
	return b.Bytes()
}

// printAnswer prints PayWay's answer for people.
func printAnswer(w io.Writer, signed *payway.Signed, r *payway.Response) {
	fmt.Fprintf(w, "%s %s\n", signed.Method, signed.URL)
	code := r.Code
	if code == "" {
		code = "(none)"
	}
	fmt.Fprintf(w, "HTTP %d  code %s  %s", r.HTTPStatus, code, r.Category)
	if r.Retryable {
		fmt.Fprint(w, "  (retry is safe)")
	}
	fmt.Fprintln(w)
	if r.Message != "" {
		fmt.Fprintf(w, "message: %s\n", r.Message)
	}
	if r.Meaning != "" && !r.OK && !strings.EqualFold(strings.TrimSuffix(r.Message, "."), r.Meaning) {
		fmt.Fprintf(w, "meaning: %s\n", r.Meaning)
	}
	if ps := r.PaymentStatus; ps != nil {
		fmt.Fprintf(w, "payment status: %s (payment_status_code %s): %s\n", ps.Status, ps.Code, ps.Meaning)
	}
	var pretty bytes.Buffer
	if json.Indent(&pretty, r.Value, "", "  ") == nil {
		fmt.Fprintf(w, "%s\n", pretty.Bytes())
	}
}
