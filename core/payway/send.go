package payway

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paysign/paysign/core"
)

// Sending is sans-I/O: this file decides, the host does the I/O. For each
// attempt the host writes the bytes of [Signed] (URL, method, Header,
// Body) within [Policy].Timeout and reports what happened as an
// [Outcome]; [Policy.Next] says what to do next: done with the decoded
// [Response], retry after a pause, or stop with an error. Every runtime
// (Go's paywayhttp, the CLI, Python, PHP and JavaScript) runs this one
// loop, so they agree on what is success, what may be sent again and
// what must be confirmed with check_transaction first.

// The defaults of [Policy]: core data that every runtime reads.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultQueryRetries = 2
	DefaultRetryBackoff = 500 * time.Millisecond
	// MaxAnswer bounds the answer a host reads (640 KiB). PayWay's answers
	// are kilobytes; the hosted checkout page is the largest. A host passes
	// the body to the core base64-encoded, which keeps any answer of this
	// size inside the envelope's 1 MiB request limit.
	MaxAnswer = 640 << 10
)

// Policy is how one operation is sent. Its zero value is not usable: take
// it from [SendPolicy] and change Timeout, QueryRetries or RetryBackoff.
type Policy struct {
	// Operation is the catalogue operation being sent.
	Operation string
	// Timeout is one deadline per attempt: connecting, sending and reading
	// the whole answer. Zero or negative: no deadline beyond the caller's.
	Timeout time.Duration
	// QueryRetries is how many times a query (check_transaction, ...) is
	// sent again after a failed attempt or a retryable answer. Operations
	// that move money or change state are never sent again, except when a
	// kept connection turned out closed before the request was written.
	QueryRetries int
	// RetryBackoff is the pause before the first retry; it doubles after
	// each one.
	RetryBackoff time.Duration
	// MaxAnswer is the most bytes of answer a host reads.
	MaxAnswer int
}

// SendPolicy returns the default policy of operation.
func SendPolicy(operation string) (Policy, error) {
	if _, ok := lookup(operation); !ok {
		return Policy{}, unknownOperation(operation)
	}
	return Policy{Operation: operation, Timeout: DefaultTimeout, QueryRetries: DefaultQueryRetries,
		RetryBackoff: DefaultRetryBackoff, MaxAnswer: MaxAnswer}, nil
}

// Attempts is how many attempts the policy allows before it stops: 1 for
// an operation that moves money or changes state, 1+QueryRetries for a
// query.
func (p Policy) Attempts() int {
	if IsQuery(p.Operation) && p.QueryRetries > 0 {
		return 1 + p.QueryRetries
	}
	return 1
}

// What happened to one attempt ([Outcome].Sent).
const (
	// NotSent: the request did not reach PayWay whole: no connection, a
	// name or TLS failure, the request not written in full, or a kept
	// connection found closed before writing.
	NotSent = "not_sent"
	// TimedOut: the request went out and no complete answer arrived within
	// the attempt's deadline.
	TimedOut = "timed_out"
	// Broken: the request went out and the connection failed before a
	// complete answer arrived.
	Broken = "broken"
	// Answered: a complete answer arrived (or one larger than MaxAnswer:
	// set TooLarge and no Body).
	Answered = "answered"
)

// Outcome is what the host saw of one attempt.
type Outcome struct {
	// Attempt is 1 for the first attempt, 2 for the second, ...
	Attempt int
	// Sent is NotSent, TimedOut, Broken or Answered.
	Sent string
	// ConnectionReused reports that the attempt used a kept connection.
	ConnectionReused bool
	// Status, ContentType, Location and Body describe the answer; Location
	// is the header as it came (a relative one is resolved against URL).
	Status      int
	ContentType string
	Location    string
	Body        []byte
	// URL is the URL the attempt was sent to.
	URL string
	// TooLarge reports an answer longer than Policy.MaxAnswer, not read.
	TooLarge bool
	// Detail is the host's short description of a failure, such as
	// "connection refused". It must not contain request data.
	Detail string
}

// Step is the decision after one attempt: exactly one of Response (done:
// PayWay accepted the request), Retry, or Err (stop).
type Step struct {
	Response *Response
	// Retry asks for another attempt after RetryAfter, on a new connection
	// when FreshConnection is set.
	Retry           bool
	RetryAfter      time.Duration
	FreshConnection bool
	// Err is a *RefusedError (PayWay refused the request) or a *SendError
	// (not sent, timed out, outcome unknown, transport failed).
	Err error
}

// What to do after a failed send ([SendError].Next).
const (
	// NextSendAgain: PayWay did not receive the request, or it only reads:
	// sending it again is safe.
	NextSendAgain = "send_again"
	// NextConfirmFirst: PayWay may have processed the request: confirm with
	// check_transaction (or the operation's own query) before sending it
	// again.
	NextConfirmFirst = "confirm_first"
)

// SendError is a send that ended without PayWay's verdict. It wraps one of
// core.ErrNotSent, core.ErrTimeout, core.ErrOutcomeUnknown or
// core.ErrTransportFailed.
type SendError struct {
	Operation string
	Err       error
	// Next is NextSendAgain or NextConfirmFirst.
	Next string
	// Detail says what happened, without request data.
	Detail string
	// Response is the answer that was not PayWay's verdict, when one came
	// (an HTML page, an undocumented code, a gateway error), or nil.
	Response *Response
}

func (e *SendError) Error() string {
	advice := "sending it again is safe"
	switch {
	case e.Next == NextConfirmFirst:
		advice = "whether PayWay processed it is unknown: confirm with check_transaction before sending it again"
	case e.Err == core.ErrNotSent:
		advice = "PayWay did not receive it, so sending it again is safe"
	case IsQuery(e.Operation):
		advice = "a query changes nothing, so sending it again is safe"
	}
	return fmt.Sprintf("payway %s: %s: %s; %s", e.Operation, e.Err, e.Detail, advice)
}

func (e *SendError) Unwrap() error { return e.Err }

// RefusedError is PayWay's refusal of a request: one of its documented
// codes other than success, or a rate limit. Code is PayWay's code as sent
// ("PTL37", "4", "429"; "" for an HTTP status alone), Meaning and Category
// come from the response code table, Retryable reports that the same
// request may succeed when sent again.
type RefusedError struct {
	*Response
}

func (e *RefusedError) Error() string {
	code := e.Code
	if code == "" {
		code = "HTTP " + strconv.Itoa(e.HTTPStatus)
	}
	text := e.Meaning
	if text == "" {
		text = e.Message
	}
	return fmt.Sprintf("payway %s: %s: %s (%s)", e.Operation, code, text, e.Category)
}

// Next decides what follows the attempt o of p.Operation.
func (p Policy) Next(o Outcome) (Step, error) {
	if _, ok := lookup(p.Operation); !ok {
		return Step{}, unknownOperation(p.Operation)
	}
	if o.Attempt < 1 {
		return Step{}, core.Fieldf("attempt", core.ErrMalformedRequest, "attempt counts from 1")
	}
	query := IsQuery(p.Operation)
	again := query && o.Attempt < p.Attempts()
	retry := Step{Retry: true, RetryAfter: p.backoff(o.Attempt)}
	fail := func(sentinel error, detail string, r *Response) (Step, error) {
		next := NextConfirmFirst
		if query || sentinel == core.ErrNotSent {
			next = NextSendAgain
		} else if sentinel == core.ErrTransportFailed {
			sentinel = core.ErrOutcomeUnknown
		}
		return Step{Err: &SendError{Operation: p.Operation, Err: sentinel, Next: next, Detail: detail, Response: r}}, nil
	}
	detail := clipTo(o.Detail, 160) // a host's words, such as a TLS verification failure
	switch o.Sent {
	case NotSent:
		// A kept connection found closed: the request was never written, so
		// a new connection may send it — once per attempt the policy allows,
		// so a host that keeps reporting a reused connection cannot loop.
		if o.ConnectionReused && o.Attempt < 2*p.Attempts() {
			return Step{Retry: true, FreshConnection: true}, nil
		}
		if again {
			return retry, nil
		}
		return fail(core.ErrNotSent, orDefault(detail, "the request was not sent"), nil)
	case TimedOut:
		if again {
			return retry, nil
		}
		return fail(core.ErrTimeout, orDefault(detail, "no complete answer within "+seconds(p.Timeout)), nil)
	case Broken:
		if again {
			return retry, nil
		}
		return fail(core.ErrTransportFailed, "the connection failed after the request was sent"+inParens(detail), nil)
	case Answered:
	default:
		return Step{}, core.Fieldf("outcome.sent", core.ErrInvalidFormat, "sent is one of not_sent, timed_out, broken, answered")
	}
	if o.TooLarge {
		return fail(core.ErrTransportFailed, fmt.Sprintf("HTTP %d: an answer over %d KiB, not read", o.Status, p.MaxAnswer>>10), nil)
	}
	r, err := DecodeResponse(p.Operation, Answer{Status: o.Status, ContentType: o.ContentType, Location: o.Location, URL: o.URL, Body: o.Body})
	if err != nil {
		return Step{}, err
	}
	switch {
	case r.OK:
		return Step{Response: r}, nil
	case r.Retryable && again:
		return retry, nil
	case r.Category == CategoryRateLimited || r.Category == CategoryConcurrentRequest:
		// Refused before processing: the same request may be sent again later.
		return Step{Err: &RefusedError{r}}, nil
	case r.Category == CategoryOutcomeUnknown:
		return fail(core.ErrTransportFailed, r.Meaning, r)
	case r.Category == CategoryGatewayError || r.Category == CategoryUnknown:
		if query {
			return Step{Err: &RefusedError{r}}, nil
		}
		what := "PayWay's gateway error " + r.Code
		if r.Code == "" {
			what = fmt.Sprintf("a gateway error: HTTP %d", r.HTTPStatus)
		}
		if r.Meaning != "" {
			what += " (" + r.Meaning + ")"
		}
		if r.Category == CategoryUnknown {
			what = "HTTP " + strconv.Itoa(r.HTTPStatus) + " with code " + strconv.Quote(r.Code) + ", which PayWay does not document for " + p.Operation
		}
		return fail(core.ErrOutcomeUnknown, what, r)
	}
	return Step{Err: &RefusedError{r}}, nil
}

// backoff is the pause before attempt+1.
func (p Policy) backoff(attempt int) time.Duration {
	if p.RetryBackoff <= 0 {
		return 0
	}
	return p.RetryBackoff << min(attempt-1, 16)
}

func unknownOperation(name string) error {
	return core.Fieldf("operation", core.ErrUnknownOperation, "PayWay has no operation %q in paysign's catalogue%s", clip(name), DidYouMean(name, operationNames))
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func inParens(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

func seconds(d time.Duration) string {
	if d <= 0 {
		return "the caller's deadline"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
}

// Header is one HTTP request header.
type Header struct {
	Name  string
	Value string
}

// multipartBody encodes fields as multipart/form-data (RFC 7578) the way
// Go's mime/multipart.Writer.WriteField does, with a boundary derived from
// the fields so that the bytes are the same in every runtime. It returns
// the body and the Content-Type header value.
func multipartBody(fields []Field) (body, contentType string) {
	// The boundary's seed is every name and value, each followed by a NUL,
	// hashed in one piece (one allocation, whatever the field count).
	size := 0
	for _, f := range fields {
		size += len(f.Name) + len(f.Value) + 2
	}
	seed := make([]byte, 0, size)
	for _, f := range fields {
		seed = append(append(append(append(seed, f.Name...), 0), f.Value...), 0)
	}
	sum := sha256.Sum256(seed)
	boundary := "paysign-" + hex.EncodeToString(sum[:12])
	for i := 0; containsBoundary(fields, boundary); i++ { // a value holding it: choose another
		next := sha256.Sum256(append(sum[:], byte(i)))
		boundary = "paysign-" + hex.EncodeToString(next[:12])
	}
	const (
		partHead = "\r\nContent-Disposition: form-data; name=\""
		partBody = "\"\r\n\r\n"
	)
	var b strings.Builder
	b.Grow(size + len(fields)*(2+len(boundary)+len(partHead)+len(partBody)+2) + 2 + len(boundary) + 4)
	for _, f := range fields {
		b.WriteString("--")
		b.WriteString(boundary)
		b.WriteString(partHead)
		if strings.ContainsAny(f.Name, "\\\"") {
			quoteEscaper.WriteString(&b, f.Name)
		} else {
			b.WriteString(f.Name)
		}
		b.WriteString(partBody)
		b.WriteString(f.Value)
		b.WriteString("\r\n")
	}
	b.WriteString("--")
	b.WriteString(boundary)
	b.WriteString("--\r\n")
	return b.String(), ContentMultipart + "; boundary=" + boundary
}

var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"")

func containsBoundary(fields []Field, boundary string) bool {
	for _, f := range fields {
		if strings.Contains(f.Value, boundary) || strings.Contains(f.Name, boundary) {
			return true
		}
	}
	return false
}
