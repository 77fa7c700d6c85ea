package paywaytest

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/paysign/paysign/core"
)

// Payment statuses, as check_transaction reports them.
const (
	StatusPending   = "PENDING"
	StatusApproved  = "APPROVED"
	StatusPreAuth   = "PRE-AUTH"
	StatusDeclined  = "DECLINED"
	StatusRefunded  = "REFUNDED"
	StatusCancelled = "CANCELLED"
)

// statusCodes are the documented payment_status_code values.
var statusCodes = map[string]int{StatusApproved: 0, StatusPreAuth: 0, StatusPending: 2, StatusDeclined: 3, StatusRefunded: 4, StatusCancelled: 7}

// Transaction is a payment the double keeps, as the gateway would.
type Transaction struct {
	TranID     string `json:"tran_id"`
	MerchantID string `json:"merchant_id"`
	// Operation created it: purchase, subscription, generate_qr,
	// request_qr, purchase_with_token, or "payment_link" (a payment made
	// through a payment link).
	Operation string `json:"operation"`
	// Type is "purchase" or "pre-auth".
	Type string `json:"type"`
	// Status is one of the Status constants.
	Status string `json:"status"`
	// Amount, Refunded and Currency: decimal text ("12.50"; KHR whole).
	Amount   string `json:"amount"`
	Refunded string `json:"refunded"`
	Currency string `json:"currency"`
	// APV is the approval code, set on approval.
	APV           string `json:"apv"`
	PaymentOption string `json:"payment_option"`
	// PushbackURL is return_url (purchase) or callback_url (QR, token
	// purchase), decoded; ReturnParams is echoed in the pushback.
	PushbackURL  string `json:"pushback_url"`
	ReturnParams string `json:"return_params"`
	// MerchantRef is the payment link's merchant_ref_no, for payments
	// through a link.
	MerchantRef string `json:"merchant_ref"`
	// The payer's details as the request gave them.
	payer
	// BankRef is the core banking reference of a paid transaction.
	BankRef string    `json:"bank_ref,omitempty"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	// Expired is set by the expire helper: the payer can no longer pay.
	Expired bool `json:"expired"`
	// Fixture marks a transaction the double started with.
	Fixture bool `json:"fixture,omitempty"`
	// History lists what happened to it, oldest first.
	History []Event `json:"history"`

	amount, refunded int64 // minor units (cents; KHR also in hundredths)
	authorized       int64 // a pre-authorization's amount before completion
	linkID           string
}

// payer is who pays, as the purchase named them.
type payer struct {
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
	Email     string `json:"email,omitempty"`
	Phone     string `json:"phone,omitempty"`
}

// pay is the payer paying: APPROVED (PRE-AUTH for a pre-authorization),
// an approval code and a core banking reference.
func (t *Transaction) pay(now time.Time, apv string) {
	t.Status = StatusApproved
	if t.Type == "pre-auth" {
		t.Status = StatusPreAuth
		t.authorized = t.amount
	}
	t.APV, t.BankRef = apv, "FT00"+apv
	t.event(now, "approved", t.amount)
}

// paid reports whether the payer paid t (a refund leaves it paid).
func (t *Transaction) paid() bool { return t.APV != "" && t.Status != StatusCancelled }

// Event is one step in a transaction's history.
type Event struct {
	Time   time.Time `json:"time"`
	Action string    `json:"action"` // created, approved, declined, expired, refunded, closed, completed, cancelled
	Amount string    `json:"amount,omitempty"`
	Status string    `json:"status"` // the status after it
}

// PaymentStatusCode returns the documented code of t's status.
func (t *Transaction) PaymentStatusCode() int { return statusCodes[t.Status] }

// PaymentLink is a link created by create_payment_link.
type PaymentLink struct {
	ID           string    `json:"id"`
	MerchantID   string    `json:"merchant_id"`
	Title        string    `json:"title"`
	Description  string    `json:"description"`
	Amount       string    `json:"amount"`
	Currency     string    `json:"currency"`
	Status       string    `json:"status"`        // OPEN, PAID or VOIDED
	PaymentLimit int64     `json:"payment_limit"` // 0: no limit
	Payments     int64     `json:"payments"`
	Total        string    `json:"total"`
	ExpiredDate  int64     `json:"expired_date"` // Unix seconds; 0: never
	ReturnURL    string    `json:"return_url"`
	MerchantRef  string    `json:"merchant_ref"`
	Payout       string    `json:"payout"` // JSON text, as sent
	Created      time.Time `json:"created"`
	Updated      time.Time `json:"updated"`

	amount, total int64
}

// Credential is an account or card linked through Credentials on File.
type Credential struct {
	RequestID   string    `json:"request_id"`
	MerchantID  string    `json:"merchant_id"`
	CTID        string    `json:"ctid"`
	PWT         string    `json:"pwt"`  // set when the payer links (the approve helper)
	Kind        string    `json:"kind"` // "account" (link_account) or "card" (link_card)
	TokenFlag   string    `json:"token_flag"`
	Currency    string    `json:"currency"`
	CallbackURL string    `json:"callback_url"`
	Status      string    `json:"status"` // PENDING, ACTIVE, EXPIRED or REMOVED
	Created     time.Time `json:"created"`
	Updated     time.Time `json:"updated"`
}

// Beneficiary is a whitelisted payout account.
type Beneficiary struct {
	MerchantID string    `json:"merchant_id"`
	Payee      string    `json:"payee"`
	Enabled    bool      `json:"enabled"`
	Created    time.Time `json:"created"`
}

// state is everything the gateway remembers. The Mock's mutex guards it.
type state struct {
	transactions  map[string]*Transaction // merchant_id + "/" + tran_id
	order         []string                // transaction keys in creation order
	links         map[string]*PaymentLink
	credentials   map[string]*Credential // merchant_id + "/" + request_id
	beneficiaries map[string]*Beneficiary
	payouts       map[string]bool
	linkSeq       int64 // numeric tran_ids of payments through links
	logSeq        int64 // the log ids merchant-portal answers carry as tran_id
}

func newState() *state {
	return &state{transactions: map[string]*Transaction{}, links: map[string]*PaymentLink{},
		credentials: map[string]*Credential{}, beneficiaries: map[string]*Beneficiary{}, payouts: map[string]bool{},
		linkSeq: 1700000000, logSeq: 1681357410}
}

// logID returns the next log id of the gateway.
func (s *state) logID() int64 {
	s.logSeq++
	return s.logSeq
}

func key(merchantID, id string) string { return merchantID + "/" + id }

// clone copies t so callers cannot change the double's state.
func (t *Transaction) clone() Transaction {
	c := *t
	c.History = append([]Event(nil), t.History...)
	return c
}

func (t *Transaction) event(now time.Time, action string, amount int64) {
	e := Event{Time: now, Action: action, Status: t.Status}
	if amount != 0 {
		e.Amount = t.text(amount)
	}
	t.History = append(t.History, e)
	t.Updated = now
}

// text formats minor units in t's currency: USD with two decimals, KHR
// whole.
func (t *Transaction) text(minor int64) string { return money(minor, t.Currency) }

// money formats minor units: "12.50" (USD), "100" (KHR).
func money(minor int64, currency string) string {
	if currency == "KHR" {
		return strconv.FormatInt(minor/100, 10)
	}
	return fmt.Sprintf("%d.%02d", minor/100, minor%100)
}

// number is minor units as a JSON number the way PayWay's answers write
// amounts: 12.5, 0.1, 100.
func number(minor int64) jsonNumber {
	return jsonNumber(trimZeros(fmt.Sprintf("%d.%02d", minor/100, minor%100)))
}

// trimZeros writes a decimal text as the shortest number of the same
// value, the way PayWay's answers write amounts ("1.50" is 1.5); "" is 0.
func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "" {
		return "0"
	}
	return s
}

type jsonNumber string

func (n jsonNumber) MarshalJSON() ([]byte, error) { return []byte(n), nil }

// minorUnits parses a decimal amount (already validated by
// payway.ReceivedParams) into hundredths.
func minorUnits(amount string) (int64, error) {
	d, err := core.ParseDecimal(amount)
	if err != nil {
		return 0, err
	}
	s, err := d.MinorUnits(2)
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(s, 10, 64)
}

// transactions returns the merchant's transactions, oldest first.
func (s *state) merchantTransactions(merchantID string) []*Transaction {
	var out []*Transaction
	for _, k := range s.order {
		if t := s.transactions[k]; t != nil && t.MerchantID == merchantID {
			out = append(out, t)
		}
	}
	return out
}

// findTransaction finds a transaction by tran_id for the helpers; with
// several merchants the same tran_id may exist twice, then merchantID
// decides.
func (s *state) findTransaction(tranID, merchantID string) (*Transaction, error) {
	if merchantID != "" {
		if t := s.transactions[key(merchantID, tranID)]; t != nil {
			return t, nil
		}
		return nil, fmt.Errorf("%w: no transaction %q of merchant %q", ErrNotFound, clip(tranID), clip(merchantID))
	}
	var found []*Transaction
	for _, t := range s.transactions {
		if t.TranID == tranID {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("%w: no transaction %q", ErrNotFound, clip(tranID))
	case 1:
		return found[0], nil
	}
	return nil, fmt.Errorf("tran_id %q exists for several merchants: add ?merchant_id=", clip(tranID))
}

// randomDigits returns n random decimal digits (approval codes).
func randomDigits(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		d, _ := rand.Int(rand.Reader, big.NewInt(10))
		b.WriteByte(byte('0' + d.Int64()))
	}
	return b.String()
}

// randomID returns base64 of n random bytes (payment link ids, tokens).
func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// randomToken returns n random letters and digits (pwt).
func randomToken(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var b strings.Builder
	for i := 0; i < n; i++ {
		d, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		b.WriteByte(alphabet[d.Int64()])
	}
	return b.String()
}
