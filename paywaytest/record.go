package paywaytest

import (
	"cmp"
	"strconv"
	"strings"
	"time"

	"github.com/paysign/paysign/core/payway"
)

// Record kinds.
const (
	KindRequest  = "request"  // a request to one of PayWay's paths
	KindPushback = "pushback" // a pushback the double sent
)

// maxRecords bounds what the double remembers.
const maxRecords = 1000

// Record is one request the double received, or one pushback it sent,
// with what it concluded. Secrets are masked: the API key never appears
// (PayWay requests do not carry it), and hash, merchant_auth,
// beneficiaries, pwt and signatures are cut to a short prefix.
type Record struct {
	Seq         int       `json:"seq"`
	Time        time.Time `json:"time"`
	Kind        string    `json:"kind"`
	Method      string    `json:"method,omitempty"`
	Path        string    `json:"path,omitempty"`
	ContentType string    `json:"content_type,omitempty"`
	Operation   string    `json:"operation,omitempty"`
	MerchantID  string    `json:"merchant_id,omitempty"`
	TranID      string    `json:"tran_id,omitempty"`
	// Fields are the received fields, masked.
	Fields map[string]string `json:"fields,omitempty"`
	// Params are the parameters as the gateway read them (URLs and JSON
	// decoded, merchant_auth decrypted), masked.
	Params map[string]string `json:"params,omitempty"`
	// Verified is true when the hash (and merchant_auth) checked out.
	Verified bool `json:"verified"`
	// Outcome is ok, refused (a business code), wrong_hash, invalid,
	// expired (stale request_time), unknown_merchant, concurrent, fault,
	// unknown_path or method_not_allowed; for pushbacks delivered or
	// failed.
	Outcome string `json:"outcome"`
	Error   string `json:"error,omitempty"`
	// ExpectedHashInput is, after a wrong hash, the string the double
	// HMAC'd (encrypted fields and pwt masked): compare it with yours.
	ExpectedHashInput string `json:"expected_hash_input,omitempty"`
	// Fault names the injected faults this request met.
	Fault      string `json:"fault,omitempty"`
	HTTPStatus int    `json:"http_status"`
	Code       string `json:"code,omitempty"`
	Message    string `json:"message,omitempty"`
	// Pushback is the delivery of a pushback record.
	Pushback *Delivery `json:"pushback,omitempty"`
}

// secretFields are cut to a prefix wherever the double shows them.
var secretFields = []string{"hash", "merchant_auth", "beneficiaries", "pwt"}

func mask(s string) string {
	if len(s) <= 8 {
		return strings.Repeat("*", len(s))
	}
	return s[:6] + "…(" + strconv.Itoa(len(s)) + " bytes)"
}

func maskFields(fields map[string]string) map[string]string {
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		out[k] = v
	}
	for _, k := range secretFields {
		if v, ok := out[k]; ok {
			out[k] = mask(v)
		}
	}
	return out
}

// maskedHashInput is the hash input the double computed, with the
// encrypted field and pwt masked.
func maskedHashInput(op *payway.Operation, fields map[string]string, apiKey string) string {
	h, err := payway.Hash(op.Name, fields, apiKey)
	if err != nil {
		return ""
	}
	input := h.HashInput
	for _, k := range []string{op.EncryptedField, "pwt"} {
		if v := fields[k]; k != "" && v != "" {
			input = strings.ReplaceAll(input, v, "<"+k+" "+mask(v)+">")
		}
	}
	return input
}

// record stores rec with the reply's outcome and logs it.
func (m *Mock) record(rec *Record, rep *reply) {
	if rep != nil {
		rec.HTTPStatus, rec.Code, rec.Message = rep.status, rep.code, rep.message
	}
	if rec.Params != nil {
		masked := make(map[string]string, len(rec.Params))
		for k, v := range rec.Params {
			masked[k] = v
		}
		if v, ok := masked["pwt"]; ok {
			masked["pwt"] = mask(v)
		}
		rec.Params = masked
	}
	m.mu.Lock()
	m.seq++
	rec.Seq = m.seq
	rec.Time = m.now()
	m.records = append(m.records, *rec)
	if len(m.records) > maxRecords {
		m.records = append([]Record(nil), m.records[len(m.records)-maxRecords:]...)
	}
	m.mu.Unlock()
	if m.cfg.Logf == nil {
		return
	}
	switch rec.Kind {
	case KindPushback:
		d := rec.Pushback
		m.cfg.Logf("paysign mock: pushback %s tran_id=%s → %s (%s)", d.URL, rec.TranID, rec.Outcome, cmp.Or(d.Error, strconv.Itoa(d.HTTPStatus)))
	default:
		code := rec.Code
		if code == "" {
			code = "-"
		}
		m.cfg.Logf("paysign mock: %s %s %s → HTTP %d code %s %s", rec.Method, rec.Path, cmp.Or(rec.Operation, "?"), rec.HTTPStatus, code, rec.Outcome)
	}
}

// Requests returns what the double received and sent, oldest first.
func (m *Mock) Requests() []Record {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Record{}, m.records...)
}
