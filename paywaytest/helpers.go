package paywaytest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// Errors of the helpers, by what went wrong.
var (
	// ErrNotFound: no such transaction, payment link or credential.
	ErrNotFound = errors.New("paywaytest: not found")
	// ErrState: the object is not in a state the helper can change.
	ErrState = errors.New("paywaytest: wrong state")
)

// Approve is what the payer does in the ABA app: the PENDING transaction
// tranID becomes APPROVED (PRE-AUTH for a pre-authorization), gets an
// approval code, and PayWay's pushback is POSTed to its return_url or
// callback_url, signed with the merchant's API key. The Delivery says
// whether the receiver answered 2xx (nil when the transaction has no
// pushback URL). merchantID is needed only when several merchants use the
// same tran_id.
func (m *Mock) Approve(tranID string, merchantID ...string) (*Delivery, error) {
	return m.approve(context.Background(), tranID, first(merchantID))
}

func (m *Mock) approve(ctx context.Context, tranID, merchantID string) (*Delivery, error) {
	m.mu.Lock()
	t, err := m.state.findTransaction(tranID, merchantID)
	if err == nil {
		err = pending(t)
	}
	if err != nil {
		m.mu.Unlock()
		return nil, err
	}
	t.pay(m.now(), randomDigits(6))
	var p *pushback
	if t.PushbackURL != "" {
		body := checkoutPushback(t)
		if t.Operation == "generate_qr" || t.Operation == "request_qr" {
			body = qrPushback(t)
		}
		p = &pushback{url: t.PushbackURL, tranID: t.TranID, body: body, merchant: m.merchants[t.MerchantID], sign: true}
	}
	m.mu.Unlock()
	if p == nil {
		return nil, nil
	}
	return m.deliver(ctx, p), nil
}

// Decline makes the PENDING transaction tranID DECLINED (no pushback).
func (m *Mock) Decline(tranID string, merchantID ...string) error {
	return m.settle(tranID, first(merchantID), StatusDeclined, "declined", false)
}

// Expire makes the PENDING transaction tranID unpayable: its lifetime
// ended. check_transaction then reports it CANCELLED.
func (m *Mock) Expire(tranID string, merchantID ...string) error {
	return m.settle(tranID, first(merchantID), StatusCancelled, "expired", true)
}

func (m *Mock) settle(tranID, merchantID, status, action string, expired bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, err := m.state.findTransaction(tranID, merchantID)
	if err == nil {
		err = pending(t)
	}
	if err != nil {
		return err
	}
	t.Status, t.Expired = status, expired
	t.event(m.now(), action, 0)
	return nil
}

func pending(t *Transaction) error {
	if t.Expired {
		return fmt.Errorf("%w: transaction %s has expired", ErrState, clip(t.TranID))
	}
	if t.Status != StatusPending {
		return fmt.Errorf("%w: transaction %s is %s, not PENDING", ErrState, clip(t.TranID), t.Status)
	}
	return nil
}

// Transaction returns a copy of the transaction tranID.
func (m *Mock) Transaction(tranID string, merchantID ...string) (Transaction, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, err := m.state.findTransaction(tranID, first(merchantID))
	if err != nil {
		return Transaction{}, err
	}
	return t.clone(), nil
}

// Transactions returns copies of every transaction, oldest first.
func (m *Mock) Transactions() []Transaction {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := []Transaction{}
	for _, k := range m.state.order {
		out = append(out, m.state.transactions[k].clone())
	}
	return out
}

// PayLink is a payer paying through the payment link id: a new APPROVED
// transaction with a numeric tran_id, the link PAID once its payment_limit
// is reached, and a pushback {"tran_id","status":0,"merchant_ref_no"} to
// its return_url.
func (m *Mock) PayLink(id string) (*Transaction, *Delivery, error) {
	return m.payLink(context.Background(), id)
}

func (m *Mock) payLink(ctx context.Context, id string) (*Transaction, *Delivery, error) {
	m.mu.Lock()
	l := m.state.links[id]
	switch {
	case l == nil:
		m.mu.Unlock()
		return nil, nil, fmt.Errorf("%w: no payment link %q", ErrNotFound, clip(id))
	case l.Status != "OPEN":
		m.mu.Unlock()
		return nil, nil, fmt.Errorf("%w: payment link is %s", ErrState, l.Status)
	case l.ExpiredDate > 0 && m.now().Unix() > l.ExpiredDate:
		m.mu.Unlock()
		return nil, nil, fmt.Errorf("%w: payment link expired", ErrState)
	}
	m.state.linkSeq++
	now := m.now()
	t := &Transaction{TranID: strconv.FormatInt(m.state.linkSeq, 10), MerchantID: l.MerchantID, Operation: "payment_link",
		Type: "purchase", Status: StatusPending, Currency: l.Currency, PaymentOption: "abapay_khqr", PushbackURL: l.ReturnURL,
		MerchantRef: l.MerchantRef, Created: now, amount: l.amount, linkID: l.ID}
	t.Amount, t.Refunded = t.text(t.amount), t.text(0)
	t.event(now, "created", t.amount)
	t.pay(now, randomDigits(6))
	k := key(t.MerchantID, t.TranID)
	m.state.transactions[k] = t
	m.state.order = append(m.state.order, k)
	l.Payments++
	l.total += l.amount
	l.Total = money(l.total, l.Currency)
	l.Updated = now
	if l.PaymentLimit > 0 && l.Payments >= l.PaymentLimit {
		l.Status = "PAID"
	}
	copyT := t.clone()
	var p *pushback
	if l.ReturnURL != "" {
		// The shape captured from the sandbox; signed unless Config.Sandbox.
		p = &pushback{url: l.ReturnURL, tranID: t.TranID, merchant: m.merchants[l.MerchantID], sign: !m.cfg.Sandbox,
			body: obj{{"tran_id", t.TranID}, {"status", 0}, {"merchant_ref_no", l.MerchantRef}}}
	}
	m.mu.Unlock()
	if p == nil {
		return &copyT, nil, nil
	}
	return &copyT, m.deliver(ctx, p), nil
}

// ApproveCredential is the payer linking an account or card: the pending
// link_account / link_card request requestID gets a pwt and becomes
// ACTIVE, and {"request_id","payment_credential":{...}} is POSTed to its
// callback_url.
func (m *Mock) ApproveCredential(requestID string, merchantID ...string) (*Credential, *Delivery, error) {
	return m.approveCredential(context.Background(), requestID, first(merchantID))
}

func (m *Mock) approveCredential(ctx context.Context, requestID, merchantID string) (*Credential, *Delivery, error) {
	m.mu.Lock()
	c, err := m.credential(requestID, merchantID)
	if err == nil && c.Status != StatusPending {
		err = fmt.Errorf("%w: credential request %s is %s, not PENDING", ErrState, clip(requestID), c.Status)
	}
	if err != nil {
		m.mu.Unlock()
		return nil, nil, err
	}
	c.PWT, c.Status, c.Updated = randomToken(32), "ACTIVE", m.now()
	copyC := *c
	var p *pushback
	if c.CallbackURL != "" {
		p = &pushback{url: c.CallbackURL, tranID: c.RequestID, merchant: m.merchants[c.MerchantID], sign: true, secret: c.PWT,
			body: obj{{"request_id", c.RequestID}, {"payment_credential", credentialData(c)}}}
	}
	m.mu.Unlock()
	if p == nil {
		return &copyC, nil, nil
	}
	return &copyC, m.deliver(ctx, p), nil
}

// ExpireCredential makes an ACTIVE credential EXPIRED (renew_token renews it).
func (m *Mock) ExpireCredential(requestID string, merchantID ...string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, err := m.credential(requestID, merchantID...)
	if err != nil {
		return err
	}
	if c.Status != "ACTIVE" {
		return fmt.Errorf("%w: credential %s is %s, not ACTIVE", ErrState, clip(requestID), c.Status)
	}
	c.Status, c.Updated = "EXPIRED", m.now()
	return nil
}

func (m *Mock) credential(requestID string, merchantID ...string) (*Credential, error) {
	var found []*Credential
	for _, c := range m.state.credentials {
		if c.RequestID == requestID && (first(merchantID) == "" || c.MerchantID == first(merchantID)) {
			found = append(found, c)
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("%w: no credential request %q", ErrNotFound, clip(requestID))
	case 1:
		return found[0], nil
	}
	return nil, fmt.Errorf("request_id %q exists for several merchants: give the merchant id", clip(requestID))
}

// Reset forgets every transaction, payment link, credential,
// beneficiary, recorded request and armed fault, and restores the
// fixtures (see Fixtures).
func (m *Mock) Reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.state = m.freshState()
	m.records, m.faults = nil, nil
}

func first(s []string) string {
	if len(s) > 0 {
		return s[0]
	}
	return ""
}

// helperMux routes /__mock/.
func (m *Mock) helperMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /__mock/{$}", m.helpInfo)
	mux.HandleFunc("GET /__mock/transactions", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"transactions": m.Transactions()})
	})
	mux.HandleFunc("GET /__mock/transactions/{tran_id}", func(w http.ResponseWriter, r *http.Request) {
		t, err := m.Transaction(r.PathValue("tran_id"), r.URL.Query().Get("merchant_id"))
		if err != nil {
			helperError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"transaction": t})
	})
	mux.HandleFunc("POST /__mock/transactions/{tran_id}/{action}", m.helpTransaction)
	mux.HandleFunc("GET /__mock/payment-links/{id}", m.helpLinkPage)
	mux.HandleFunc("POST /__mock/payment-links/{id}/pay", func(w http.ResponseWriter, r *http.Request) {
		t, d, err := m.payLink(r.Context(), r.PathValue("id"))
		if err != nil {
			helperError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"transaction": t, "pushback": d})
	})
	mux.HandleFunc("POST /__mock/credentials/{request_id}/{action}", m.helpCredential)
	mux.HandleFunc("GET /__mock/add-card/{payload}", func(w http.ResponseWriter, r *http.Request) {
		payload, _ := base64.RawURLEncoding.DecodeString(r.PathValue("payload"))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!DOCTYPE html>\n<html><body><h1>Add card (paysign mock)</h1><pre>%s</pre><p>Complete it with POST /__mock/credentials/{request_id}/approve.</p></body></html>\n", htmlEscape(string(payload)))
	})
	mux.HandleFunc("GET /__mock/qr.png", func(w http.ResponseWriter, r *http.Request) {
		png, _ := base64.StdEncoding.DecodeString(onePixelPNG)
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(png)
	})
	mux.HandleFunc("GET /__mock/requests", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"requests": m.Requests()})
	})
	mux.HandleFunc("POST /__mock/reset", func(w http.ResponseWriter, r *http.Request) {
		m.Reset()
		writeJSON(w, http.StatusOK, map[string]any{"reset": true})
	})
	mux.HandleFunc("GET /__mock/faults", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"faults": m.Faults()})
	})
	mux.HandleFunc("POST /__mock/faults", func(w http.ResponseWriter, r *http.Request) {
		var f Fault
		dec := json.NewDecoder(io.LimitReader(r.Body, 1<<16))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": "a fault is {\"operation\", \"kind\", \"count\", \"status\", \"delay_ms\"}"})
			return
		}
		if err := m.InjectFault(f); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"faults": m.Faults()})
	})
	mux.HandleFunc("DELETE /__mock/faults", func(w http.ResponseWriter, r *http.Request) {
		m.ClearFaults()
		writeJSON(w, http.StatusOK, map[string]any{"faults": []Fault{}})
	})
	return mux
}

func (m *Mock) serveHelper(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/__mock" {
		http.Redirect(w, r, "/__mock/", http.StatusMovedPermanently)
		return
	}
	m.mux.ServeHTTP(w, r)
}

func (m *Mock) helpInfo(w http.ResponseWriter, r *http.Request) {
	var ids []string
	for _, mc := range m.cfg.Merchants {
		ids = append(ids, mc.ID)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"service":   "paysign mock: a test double of ABA PayWay (TEST-ONLY)",
		"merchants": ids,
		"helpers": []string{
			"POST /__mock/transactions/{tran_id}/approve|decline|expire[?merchant_id=]",
			"GET /__mock/transactions[/{tran_id}]",
			"POST /__mock/payment-links/{id}/pay",
			"POST /__mock/credentials/{request_id}/approve|expire[?merchant_id=]",
			"GET /__mock/requests", "POST /__mock/reset",
			"GET|POST|DELETE /__mock/faults",
		},
	})
}

func (m *Mock) helpTransaction(w http.ResponseWriter, r *http.Request) {
	tranID, merchantID := r.PathValue("tran_id"), r.URL.Query().Get("merchant_id")
	var err error
	var d *Delivery
	switch r.PathValue("action") {
	case "approve":
		d, err = m.approve(r.Context(), tranID, merchantID)
	case "decline":
		err = m.Decline(tranID, merchantID)
	case "expire":
		err = m.Expire(tranID, merchantID)
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"error": "the actions are approve, decline and expire"})
		return
	}
	if err != nil {
		helperError(w, err)
		return
	}
	t, _ := m.Transaction(tranID, merchantID)
	body := map[string]any{"transaction": t, "pushback": d}
	if d != nil {
		body["pushback_delivered"] = d.Delivered
	}
	writeJSON(w, http.StatusOK, body)
}

func (m *Mock) helpCredential(w http.ResponseWriter, r *http.Request) {
	requestID, merchantID := r.PathValue("request_id"), r.URL.Query().Get("merchant_id")
	switch r.PathValue("action") {
	case "approve":
		c, d, err := m.approveCredential(r.Context(), requestID, merchantID)
		if err != nil {
			helperError(w, err)
			return
		}
		c.PWT = mask(c.PWT)
		writeJSON(w, http.StatusOK, map[string]any{"credential": c, "pushback": d})
	case "expire":
		if err := m.ExpireCredential(requestID, merchantID); err != nil {
			helperError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"expired": true})
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"error": "the actions are approve and expire"})
	}
}

func (m *Mock) helpLinkPage(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	l := m.state.links[r.PathValue("id")]
	m.mu.Unlock()
	if l == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html><body><h1>%s (paysign mock)</h1><p>%s %s, %s. Pay it with POST /__mock/payment-links/{id}/pay.</p></body></html>\n",
		htmlEscape(l.Title), l.Amount, l.Currency, l.Status)
}

func helperError(w http.ResponseWriter, err error) {
	var status int
	switch {
	case errors.Is(err, ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, ErrState):
		status = http.StatusConflict
	default:
		status = http.StatusBadRequest
	}
	writeJSON(w, status, map[string]any{"error": err.Error()})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// PaymentLinks returns copies of the payment links, in no particular order.
func (m *Mock) PaymentLinks() []PaymentLink {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := []PaymentLink{}
	for _, l := range m.state.links {
		out = append(out, *l)
	}
	return out
}

// Beneficiaries returns copies of the payout whitelist, in no particular
// order.
func (m *Mock) Beneficiaries() []Beneficiary {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := []Beneficiary{}
	for _, b := range m.state.beneficiaries {
		out = append(out, *b)
	}
	return out
}
