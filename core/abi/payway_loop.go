package abi

import (
	"encoding/json"

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
}

// payway.decode_response
//
//	{"operation", "http_status": 200, "body": raw response body}
func paywayDecodeResponse(request []byte, w *wire.Writer) error {
	var operation, body string
	status := -1
	err := decodeRequest(request, func(m wire.Member) error {
		switch m.Name {
		case "operation":
			return str(&operation, m.Value, "", m.Name)
		case "body":
			return str(&body, m.Value, "", m.Name)
		case "http_status":
			number, isNumber := m.Value.(json.Number)
			n, ok := numtext.Integer(string(number))
			if !isNumber || !ok || n > 999 {
				return core.Fieldf(m.Name, core.ErrMalformedRequest, "http_status must be an integer such as 200")
			}
			status = int(n)
			return nil
		}
		return wire.Unknown("", m.Name)
	})
	if err != nil {
		return err
	}
	if status < 0 {
		return core.Fieldf("http_status", core.ErrMalformedRequest, "http_status is required")
	}
	r, err := payway.DecodeResponse(operation, status, []byte(body))
	if err != nil {
		return err
	}
	writeResponse(w, r)
	return nil
}

// ResponseValue returns r as the value of the payway.decode_response op
// (JSON), for Go programs that print an answer the way every runtime
// receives it (the command line's --send --json).
func ResponseValue(r *payway.Response) []byte {
	w := wire.NewWriter(256 + len(r.Value))
	writeResponse(w, r)
	return w.Bytes()
}

func writeResponse(w *wire.Writer, r *payway.Response) {
	w.BeginObject().Key("ok").Bool(r.OK).StringMember("code", r.Code).StringMember("message", r.Message).
		StringMember("meaning", r.Meaning).StringMember("category", r.Category).Key("retryable").Bool(r.Retryable).
		Key("http_status").Int(int64(r.HTTPStatus))
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
