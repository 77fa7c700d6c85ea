package paywaytest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/payway"
)

// maxBody bounds a request body the double reads (PayWay's own requests
// are a few kilobytes; a payment-link image is at most 3 MB).
const maxBody = 4 << 20

// Mock is the double as an http.Handler: PayWay's paths plus the test
// helpers under /__mock/. Its methods are safe for concurrent use.
type Mock struct {
	cfg       Config
	merchants map[string]Merchant
	routes    map[string][]string // path -> operations served there
	client    *http.Client

	mu      sync.Mutex
	state   *state
	faults  []*Fault
	records []Record
	seq     int
	busy    map[string]bool // merchant-portal transactions being processed (PTL168)
	baseURL string          // set by Server, for payment-link and redirect URLs
	mux     *http.ServeMux  // the /__mock/ helpers
}

// NewHandler returns a Mock for cfg. It fails when a merchant lacks an
// id, API key or RSA key, or names an id twice, or a fault is invalid.
func NewHandler(cfg Config) (*Mock, error) {
	if len(cfg.Merchants) == 0 {
		cfg.Merchants = []Merchant{DefaultMerchant()}
	}
	if cfg.MaxRequestAge == 0 {
		cfg.MaxRequestAge = 15 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.PushbackTimeout <= 0 {
		cfg.PushbackTimeout = 5 * time.Second
	}
	m := &Mock{cfg: cfg, merchants: map[string]Merchant{}, routes: map[string][]string{}, busy: map[string]bool{}}
	for _, mc := range cfg.Merchants {
		switch {
		case mc.ID == "" || mc.APIKey == "" || mc.RSAPrivateKey == nil:
			return nil, errors.New("paywaytest: a merchant needs an id, an API key and an RSA private key")
		case m.merchants[mc.ID].ID != "":
			return nil, fmt.Errorf("paywaytest: merchant %q given twice", mc.ID)
		}
		m.merchants[mc.ID] = mc
	}
	for _, op := range payway.Operations() {
		m.routes[op.Path] = append(m.routes[op.Path], op.Name)
	}
	m.client = cfg.PushbackClient
	if m.client == nil {
		m.client = &http.Client{Timeout: cfg.PushbackTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	m.state = m.freshState()
	m.mux = m.helperMux()
	for _, f := range cfg.Faults {
		if err := m.InjectFault(f); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// freshState is the state at start and after Reset: the fixtures of the
// first merchant, unless Config.NoFixtures.
func (m *Mock) freshState() *state {
	s := newState()
	if !m.cfg.NoFixtures {
		s.addFixtures(m.cfg.Merchants[0].ID, m.now())
	}
	return s
}

// Merchants returns the merchants the double accepts.
func (m *Mock) Merchants() []Merchant {
	return append([]Merchant(nil), m.cfg.Merchants...)
}

// ServeHTTP answers PayWay's paths and the /__mock/ helpers.
func (m *Mock) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/__mock/") || r.URL.Path == "/__mock" {
		m.serveHelper(w, r)
		return
	}
	ops, ok := m.routes[r.URL.Path]
	if !ok {
		rep := jsonReply(http.StatusNotFound, "", "Not Found", obj{{"message", "Not Found"}})
		m.record(&Record{Kind: KindRequest, Method: r.Method, Path: r.URL.Path, Outcome: "unknown_path"}, rep)
		rep.write(w)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		rep := jsonReply(http.StatusMethodNotAllowed, "", "405 Method Not Allowed", obj{{"message", "405 Method Not Allowed"}})
		m.record(&Record{Kind: KindRequest, Method: r.Method, Path: r.URL.Path, Operation: ops[0], Outcome: "method_not_allowed"}, rep)
		rep.write(w)
		return
	}
	rec := &Record{Kind: KindRequest, Method: r.Method, Path: r.URL.Path, ContentType: r.Header.Get("Content-Type")}
	rep := m.handle(r, rec)
	m.record(rec, rep)
	rep.write(w)
}

// handle runs one PayWay request: parse, faults, verification, business.
func (m *Mock) handle(r *http.Request, rec *Record) *reply {
	fields, err := readFields(r)
	op, _ := payway.OperationFor(r.URL.Path, fields) // purchase and subscription share a path
	rec.Operation = op.Name
	rec.MerchantID = fields["merchant_id"]
	rec.TranID = fields["tran_id"] // a plain field where the operation has one; from merchant_auth once verified
	rec.Fields = maskFields(fields)
	f := family(op.Name)
	if err == nil && !accepts(&op, r.Header.Get("Content-Type")) {
		err = fmt.Errorf("%s takes %s, not %s", op.Name, strings.Join(payway.AcceptedContentTypes(op.Name), " or "), clip(r.Header.Get("Content-Type")))
	}
	if err != nil {
		rec.Outcome, rec.Error = "invalid", err.Error()
		return f.refuse(&op, core.Fieldf("body", core.ErrInvalidFormat, "%v", err), fields)
	}
	rep, delay := m.applyFaults(op.Name, rec)
	if rep != nil {
		sleep(r.Context(), delay) // a delay combines with a failure
		return rep
	}
	var req *request
	if delay > 0 { // spent inside business when the request gets there, else before refusing
		defer func() {
			if req == nil {
				sleep(r.Context(), delay)
			}
		}()
	}
	mc, known := m.merchants[fields["merchant_id"]]
	if !known && fields["merchant_id"] != "" {
		rec.Outcome = "unknown_merchant"
		return f.unknownMerchant(&op)
	}
	v, err := payway.Verify(op.Name, fields, mc.APIKey, mc.RSAPrivateKey)
	if errors.Is(err, core.ErrHashMismatch) {
		rec.Outcome, rec.Error = "wrong_hash", "the hash does not match"
		rec.ExpectedHashInput = maskedHashInput(&op, fields, mc.APIKey)
		return f.wrongHash(&op)
	}
	if err != nil {
		rec.Outcome, rec.Error = "invalid", err.Error()
		return f.refuse(&op, err, fields)
	}
	rec.Verified = true
	if f.name == payway.FamilyMerchantPortal && m.cfg.MaxRequestAge > 0 {
		if age := m.cfg.Now().Sub(v.RequestTime); age > m.cfg.MaxRequestAge || -age > m.cfg.MaxRequestAge {
			rec.Outcome, rec.Error = "expired", fmt.Sprintf("request_time is %s from the double's clock (window %s)", age.Round(time.Second), m.cfg.MaxRequestAge)
			return f.reply(&op, http.StatusBadRequest, "PTL06", "The request has expired.")
		}
	}
	params, err := payway.ReceivedParams(v, fields)
	if err != nil {
		rec.Outcome, rec.Error = "invalid", err.Error()
		return f.refuse(&op, err, fields)
	}
	rec.Params = params
	if id := params["tran_id"]; id != "" {
		rec.TranID = id
	}
	req = &request{op: &op, fam: f, merchant: mc, params: params, verified: v, fields: fields, rec: rec, ctx: r.Context(), delay: delay}
	rep = m.business(req)
	if rec.Outcome == "" {
		rec.Outcome = "ok"
		if rep.code != "" && !isSuccess(rep.code) {
			rec.Outcome = "refused"
		}
	}
	return rep
}

// base is the double's own URL ("" when it is only a handler).
func (m *Mock) base() string { return m.baseURL }

func isSuccess(code string) bool { return code == "00" || code == "0" }

// accepts reports whether PayWay's endpoint for op takes a body of
// contentType: the gateway rules of the core (payway.AcceptedContentTypes)
// say, from the docs and the sandbox's recorded answers.
func accepts(op *payway.Operation, contentType string) bool {
	mediaType, _, _ := mime.ParseMediaType(contentType)
	return slices.Contains(payway.AcceptedContentTypes(op.Name), mediaType)
}

// readFields reads the body as PayWay's servers do: JSON, a form or
// multipart. JSON scalars become text as PHP stringifies them (a number
// 1.50 is "1.5"), so a hash over a number's lexeme fails as it would at
// PayWay.
func readFields(r *http.Request) (map[string]string, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, err
	}
	if len(body) > maxBody {
		return nil, errors.New("request body too large")
	}
	mediaType, mparams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	fields := map[string]string{}
	switch mediaType {
	case "application/json":
		if fields, err = payway.ReceivedJSON(body); err != nil {
			return nil, err
		}
	case "application/x-www-form-urlencoded":
		values, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, errors.New("the form body is malformed")
		}
		for k, v := range values {
			fields[k] = v[len(v)-1]
		}
	case "multipart/form-data":
		r.Body = io.NopCloser(bytes.NewReader(body))
		if err := r.ParseMultipartForm(maxBody); err != nil || mparams["boundary"] == "" {
			return nil, errors.New("the multipart body is malformed")
		}
		for k, v := range r.MultipartForm.Value {
			fields[k] = v[len(v)-1]
		}
		_ = r.MultipartForm.RemoveAll()
	default:
		return nil, fmt.Errorf("unsupported content type %q", clip(mediaType))
	}
	for k, v := range fields {
		fields[k] = strings.TrimSpace(v) // the gateway trims input before hashing
	}
	return fields, nil
}

// request is one verified request on its way to the business logic.
type request struct {
	op       *payway.Operation
	fam      fam
	merchant Merchant
	params   map[string]string
	verified *payway.Verified
	fields   map[string]string
	rec      *Record
	ctx      context.Context
	delay    time.Duration // an injected delay, spent inside business
}

// reply is an HTTP answer of the double.
type reply struct {
	status      int
	contentType string
	body        []byte
	location    string
	code        string // PayWay's code, for the record
	message     string
}

func (rep *reply) write(w http.ResponseWriter) {
	if rep.location != "" {
		w.Header().Set("Location", rep.location)
	}
	w.Header().Set("Content-Type", rep.contentType)
	w.Header().Set("X-Paysign-Mock", "1")
	w.WriteHeader(rep.status)
	_, _ = w.Write(rep.body)
}

func jsonReply(status int, code, message string, body obj) *reply {
	return &reply{status: status, contentType: "application/json", body: body.encode(), code: code, message: message}
}

// obj is a JSON object whose members keep their order.
type obj []kv

type kv struct {
	k string
	v any
}

func (o obj) MarshalJSON() ([]byte, error) { return o.encode(), nil }

func (o obj) encode() []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(marshal(m.k))
		b.WriteByte(':')
		b.Write(marshal(m.v))
	}
	b.WriteByte('}')
	return b.Bytes()
}

func marshal(v any) []byte {
	if o, ok := v.(obj); ok {
		return o.encode()
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("paywaytest: " + err.Error())
	}
	return bytes.TrimRight(b.Bytes(), "\n")
}

func statusObj(code, message string) obj { return obj{{"code", code}, {"message", message}} }

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
