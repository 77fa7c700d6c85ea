package abi

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"time"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/numtext"
	"github.com/paysign/paysign/core/internal/wire"
	"github.com/paysign/paysign/core/payway"
)

// The payway.* ops around sending: decoding PayWay's answers and signing
// test pushbacks. docs/envelope.md describes each one for users.

func init() {
	register("payway.decode_response", "decode PayWay's answer: code, meaning, category, retryable, the body as JSON", paywayDecodeResponse)
	register("payway.sign_callback", "sign a pushback body as PayWay does (X-PayWay-HMAC-SHA512), to test a callback handler", paywaySignCallback)
	register("payway.send_step", "what follows one attempt of a send: done with the decoded answer, retry after a pause, refused, or failed", paywaySendStep)
}

// payway.decode_response
//
//	{"operation", "http_status": 200, "body": raw response body,
//	 "content_type"?, "location"?, "url"?}
func paywayDecodeResponse(request []byte, w *wire.Writer) error {
	var operation, body string
	a := payway.Answer{Status: -1}
	err := decodeRequest(request, func(m wire.Member) error {
		switch m.Name {
		case "operation":
			return str(&operation, m.Value, "", m.Name)
		case "body":
			return str(&body, m.Value, "", m.Name)
		case "content_type":
			return str(&a.ContentType, m.Value, "", m.Name)
		case "location":
			return str(&a.Location, m.Value, "", m.Name)
		case "url":
			return str(&a.URL, m.Value, "", m.Name)
		case "http_status":
			return httpStatus(&a.Status, m.Value, "", m.Name)
		}
		return wire.Unknown("", m.Name)
	})
	if err != nil {
		return err
	}
	if a.Status < 0 {
		return core.Fieldf("http_status", core.ErrMalformedRequest, "http_status is required")
	}
	a.Body = []byte(body)
	r, err := payway.DecodeResponse(operation, a)
	if err != nil {
		return err
	}
	writeResponse(w, r)
	return nil
}

// httpStatus, integer and boolean store member name (of the object at
// parent) in dst; the member's path is made only for an error.
func httpStatus(dst *int, v any, parent, name string) error {
	number, isNumber := v.(json.Number)
	n, ok := numtext.Integer(string(number))
	if !isNumber || !ok || n > 999 {
		field := wire.Join(parent, name)
		return core.Fieldf(field, core.ErrMalformedRequest, "%s must be an integer such as 200", field)
	}
	*dst = int(n)
	return nil
}

// payway.send_step
//
//	{"operation", "policy"?: {...} (as payway.sign wrote it), "attempt": 1,
//	 "outcome": {"sent": "answered"|"not_sent"|"timed_out"|"broken",
//	             "connection_reused"?, "http_status"?, "content_type"?, "location"?, "url"?,
//	             "body_base64"?, "too_large"?, "detail"?}}
func paywaySendStep(request []byte, w *wire.Writer) error {
	var operation string
	var policy, outcome any
	attempt := 0
	err := decodeRequest(request, func(m wire.Member) error {
		switch m.Name {
		case "operation":
			return str(&operation, m.Value, "", m.Name)
		case "policy":
			policy = m.Value
			return nil
		case "attempt":
			return integer(&attempt, m.Value, "", m.Name, 1<<20)
		case "outcome":
			outcome = m.Value
			return nil
		}
		return wire.Unknown("", m.Name)
	})
	if err != nil {
		return err
	}
	p, err := decodePolicy(operation, policy)
	if err != nil {
		return err
	}
	o := payway.Outcome{Attempt: attempt}
	if outcome == nil {
		return core.Fieldf("outcome", core.ErrRequired, "outcome is required")
	}
	o.Status = -1
	var body string
	err = eachMember(outcome, "outcome", func(m wire.Member) error {
		switch m.Name {
		case "sent":
			return str(&o.Sent, m.Value, "outcome", m.Name)
		case "connection_reused":
			return boolean(&o.ConnectionReused, m.Value, "outcome", m.Name)
		case "http_status":
			return httpStatus(&o.Status, m.Value, "outcome", m.Name)
		case "content_type":
			return str(&o.ContentType, m.Value, "outcome", m.Name)
		case "location":
			return str(&o.Location, m.Value, "outcome", m.Name)
		case "url":
			return str(&o.URL, m.Value, "outcome", m.Name)
		case "body_base64":
			return str(&body, m.Value, "outcome", m.Name)
		case "too_large":
			return boolean(&o.TooLarge, m.Value, "outcome", m.Name)
		case "detail":
			return str(&o.Detail, m.Value, "outcome", m.Name)
		}
		return wire.Unknown("outcome", m.Name)
	})
	if err != nil {
		return err
	}
	if o.Sent == payway.Answered {
		if o.Status < 0 {
			return core.Fieldf("outcome.http_status", core.ErrRequired, "an answered attempt needs its http_status")
		}
		if o.Body, err = base64.StdEncoding.DecodeString(body); err != nil {
			return core.Fieldf("outcome.body_base64", core.ErrMalformedRequest, "body_base64 must be standard base64")
		}
	}
	step, err := p.Next(o)
	if err != nil {
		return err
	}
	w.BeginObject()
	var refused *payway.RefusedError
	var failed *payway.SendError
	switch {
	case step.Response != nil:
		w.StringMember("action", "done").Key("response")
		writeResponse(w, step.Response)
	case step.Retry:
		w.StringMember("action", "retry").Key("after_ms").Int(step.RetryAfter.Milliseconds()).
			Key("fresh_connection").Bool(step.FreshConnection)
	case errors.As(step.Err, &refused):
		w.StringMember("action", "refused").StringMember("message", "paysign: "+refused.Error()).Key("response")
		writeResponse(w, refused.Response)
	case errors.As(step.Err, &failed):
		code, _ := classify(failed)
		w.StringMember("action", "failed").Key("error").BeginObject().StringMember("code", code).
			StringMember("message", "paysign: "+failed.Error()).StringMember("next", failed.Next).EndObject()
		if failed.Response != nil {
			w.Key("response")
			writeResponse(w, failed.Response)
		}
	default:
		return step.Err
	}
	w.EndObject()
	return nil
}

// decodePolicy reads the policy members a binding may set (timeout_ms,
// query_retries, retry_backoff_ms; max_answer_bytes no higher than the
// default) over operation's defaults; attempts, as payway.sign writes
// it, is accepted and derived again.
func decodePolicy(operation string, v any) (payway.Policy, error) {
	p, err := payway.SendPolicy(operation)
	if err != nil {
		return p, err
	}
	var timeout, backoff int
	timeout, backoff = int(p.Timeout.Milliseconds()), int(p.RetryBackoff.Milliseconds())
	err = eachMember(v, "policy", func(m wire.Member) error {
		switch m.Name {
		case "timeout_ms":
			return integer(&timeout, m.Value, "policy", m.Name, 24*3600*1000)
		case "query_retries":
			return integer(&p.QueryRetries, m.Value, "policy", m.Name, 10)
		case "retry_backoff_ms":
			return integer(&backoff, m.Value, "policy", m.Name, 600*1000)
		case "attempts": // written by writePolicy, derived from query_retries
			n := 0
			return integer(&n, m.Value, "policy", m.Name, 11)
		case "max_answer_bytes":
			n := 0
			if err := integer(&n, m.Value, "policy", m.Name, payway.MaxAnswer); err != nil {
				return err
			}
			if n > 0 {
				p.MaxAnswer = n
			}
			return nil
		}
		return wire.Unknown("policy", m.Name)
	})
	p.Timeout = time.Duration(timeout) * time.Millisecond
	p.RetryBackoff = time.Duration(backoff) * time.Millisecond
	return p, err
}

func writePolicy(w *wire.Writer, p payway.Policy) {
	w.BeginObject().Key("timeout_ms").Int(p.Timeout.Milliseconds()).
		Key("query_retries").Int(int64(p.QueryRetries)).
		Key("retry_backoff_ms").Int(p.RetryBackoff.Milliseconds()).
		Key("attempts").Int(int64(p.Attempts())).
		Key("max_answer_bytes").Int(int64(p.MaxAnswer)).EndObject()
}

// integer stores a JSON integer from 0 to max.
func integer(dst *int, v any, parent, name string, max int64) error {
	number, isNumber := v.(json.Number)
	n, ok := numtext.Integer(string(number))
	if !isNumber || !ok || n > max {
		field := wire.Join(parent, name)
		return core.Fieldf(field, core.ErrMalformedRequest, "%s must be an integer from 0 to %d", field, max)
	}
	*dst = int(n)
	return nil
}

func boolean(dst *bool, v any, parent, name string) error {
	b, ok := v.(bool)
	if !ok {
		field := wire.Join(parent, name)
		return core.Fieldf(field, core.ErrMalformedRequest, "%s must be true or false", field)
	}
	*dst = b
	return nil
}

func writeResponse(w *wire.Writer, r *payway.Response) {
	w.BeginObject().Key("ok").Bool(r.OK).StringMember("code", r.Code).StringMember("message", r.Message).
		StringMember("meaning", r.Meaning).StringMember("category", r.Category).Key("retryable").Bool(r.Retryable).
		Key("http_status").Int(int64(r.HTTPStatus))
	w.OptionalString("location", r.Location)
	if ps := r.PaymentStatus; ps != nil {
		w.Key("payment_status").BeginObject().StringMember("code", ps.Code).StringMember("status", ps.Status).
			StringMember("meaning", ps.Meaning).StringMember("category", ps.Category).EndObject()
	}
	w.Key("value").Raw(r.Value).EndObject()
}

// payway.sign_callback
//
//	{"credentials": {"api_key"}, "body": raw pushback body}
func paywaySignCallback(request []byte, w *wire.Writer) error {
	var body string
	c := &credentials{}
	err := decodeRequest(request, func(m wire.Member) error {
		switch m.Name {
		case "credentials":
			var err error
			c, err = decodeCredentials(m.Value, m.Name, "api_key")
			return err
		case "body":
			return str(&body, m.Value, "", m.Name)
		}
		return wire.Unknown("", m.Name)
	})
	if err != nil {
		return err
	}
	signature, err := payway.SignCallback([]byte(body), c.apiKey)
	if err != nil {
		return err
	}
	input, err := payway.CallbackHashInput([]byte(body))
	if err != nil {
		return err
	}
	w.BeginObject().StringMember("header", payway.CallbackHeader).StringMember("signature", signature).
		StringMember("hash_input", input).EndObject()
	return nil
}
