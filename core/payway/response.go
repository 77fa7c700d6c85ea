package payway

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/wire"
)

// Response is PayWay's answer to one request, decoded.
type Response struct {
	Operation  string
	HTTPStatus int
	// OK is true when the HTTP status is 2xx or 3xx and the code, if any,
	// means success.
	OK bool
	// Code is PayWay's code as text as it was sent ("00", "PTL37", "429";
	// a JSON number in decimal), or "" when the answer carries none (the
	// hosted checkout page, or an HTTP error without a body of PayWay's).
	Code string
	// Message is PayWay's own message, or Meaning when it sent none.
	Message string
	// Meaning is the response code table's meaning of Code for this
	// operation (of the HTTP status when there is no code), or "" for a
	// code the table does not list.
	Meaning string
	// Category is one of the Category constants.
	Category string
	// Retryable reports that sending the same request again is safe and
	// may succeed: a rate limit or a concurrent request (the request was
	// not processed), or a gateway error on a query. It is never true for
	// a gateway error on a purchase, refund, payout or other operation
	// that moves money: whether it was processed is unknown, so check the
	// transaction before trying again.
	Retryable bool
	// PaymentStatus is the payment status that check_transaction and
	// transaction_detail report in data.payment_status_code, or nil.
	PaymentStatus *PaymentStatus
	// Value is the body as JSON: the body itself when it is JSON, or a
	// JSON string holding it when it is not (the hosted checkout page that
	// purchase answers with payment_gate=0).
	Value json.RawMessage
}

// PaymentStatus is a transaction's payment status as PayWay reports it.
type PaymentStatus struct {
	// Code is data.payment_status_code as text ("0", "2", ...).
	Code string
	// Status is data.payment_status as sent ("APPROVED", "PENDING", ...).
	Status string
	// Meaning and Category come from the response code table (family
	// payment_status); Category is "success" for APPROVED and REFUNDED,
	// "pending", or "declined" for DECLINED and CANCELLED.
	Meaning  string
	Category string
}

// DecodeResponse decodes PayWay's answer to operation: httpStatus and the
// raw body. It finds the code wherever the endpoint family puts it
// ({"status":{"code":"00","message":...},"data":...} of most endpoints,
// {"status":{"code":"0",...}} of checkout, a bare "code", or the legacy
// {"status":6,"description":...}), as a string or a number, and looks it
// up in the response code table (ResponseCodes) for the operation's
// family. A body that is not JSON is accepted when the HTTP status is 2xx
// or 3xx (the hosted checkout page), 429 or 5xx (a proxy's error page);
// otherwise, and for JSON that is not an object or a code that is neither
// a string nor an integer, it fails with core.ErrBodyMalformed.
//
// Other errors wrap core.ErrUnknownOperation or core.ErrMalformedRequest
// (an HTTP status outside 100 to 599).
func DecodeResponse(operation string, httpStatus int, body []byte) (*Response, error) {
	if _, ok := lookup(operation); !ok {
		return nil, core.Fieldf("operation", core.ErrUnknownOperation, "PayWay has no operation %q in paysign's catalogue", clip(operation))
	}
	if httpStatus < 100 || httpStatus > 599 {
		return nil, core.Fieldf("http_status", core.ErrMalformedRequest, "http_status must be an HTTP status code (100 to 599)")
	}
	r := &Response{Operation: operation, HTTPStatus: httpStatus}
	success := httpStatus < 400
	v, err := wire.Parse(body)
	if err != nil {
		if !success && httpStatus < 500 && httpStatus != 429 {
			return nil, core.Fieldf("body", core.ErrBodyMalformed, "the HTTP %d answer is not JSON", httpStatus)
		}
		r.Value = wire.AppendString(nil, strings.ToValidUTF8(string(body), "\uFFFD"))
		r.classify("", "")
		return r, nil
	}
	obj, ok := v.(wire.Object)
	if !ok {
		return nil, core.Fieldf("body", core.ErrBodyMalformed, "the answer is JSON but not an object")
	}
	r.Value = append(json.RawMessage(nil), body...)
	code, message, err := codeOf(obj)
	if err != nil {
		return nil, err
	}
	r.classify(code, message)
	if operation == "check_transaction" || operation == "transaction_detail" {
		if r.PaymentStatus, err = paymentStatusOf(obj); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// classify sets Code, Message, Meaning, Category, Retryable and OK.
func (r *Response) classify(code, message string) {
	r.Code, r.Message = code, message
	status := strconv.Itoa(r.HTTPStatus)
	var entry ResponseCode
	found := false
	if code != "" {
		entry, found = LookupResponseCode(r.Operation, code)
	} else if r.HTTPStatus < 400 {
		entry, found = ResponseCode{Code: "", Category: CategorySuccess}, true
	} else {
		entry, found = httpStatusCode(status)
	}
	switch {
	case found && entry.Category == CategorySuccess && r.HTTPStatus >= 400:
		// A success code with an error status: the status wins.
		entry, found = httpStatusCode(status)
	case !found && r.HTTPStatus >= 500:
		entry, found = ResponseCode{Category: CategoryGatewayError, Retryable: true}, true
	case !found && r.HTTPStatus == 429:
		entry, found = httpStatusCode(status)
	}
	r.Category = CategoryUnknown
	if found {
		r.Category, r.Meaning = entry.Category, entry.Meaning
		r.Retryable = entry.Retryable && (entry.Category != CategoryGatewayError || IsQuery(r.Operation))
	}
	r.OK = r.Category == CategorySuccess && r.HTTPStatus < 400
	if r.Message == "" {
		r.Message = r.Meaning
	}
}

// codeOf finds the code and message of a JSON answer.
func codeOf(obj wire.Object) (code, message string, err error) {
	if status, ok := member(obj, "status").(wire.Object); ok {
		if code, err = codeText(member(status, "code"), "body.status.code"); err != nil {
			return "", "", err
		}
		message, _ = member(status, "message").(string)
		return code, message, nil
	}
	for _, name := range []string{"status", "code"} { // legacy {"status":6,...}, or a bare code
		if v := member(obj, name); v != nil {
			if code, err = codeText(v, "body."+name); err != nil {
				return "", "", err
			}
			break
		}
	}
	for _, name := range []string{"message", "description", "msg"} {
		if s, ok := member(obj, name).(string); ok && s != "" {
			return code, s, nil
		}
	}
	return code, "", nil
}

// codeText returns a code given as a string or an integer as text.
func codeText(v any, field string) (string, error) {
	switch t := v.(type) {
	case nil:
		return "", nil
	case string:
		if !utf8.ValidString(t) || len(t) > 64 {
			return "", core.Fieldf(field, core.ErrBodyMalformed, "the code is not a short text")
		}
		return t, nil
	case json.Number:
		if s := string(t); strings.Trim(strings.TrimPrefix(s, "-"), "0123456789") == "" {
			return s, nil
		}
	}
	return "", core.Fieldf(field, core.ErrBodyMalformed, "the code must be a string or an integer")
}

// paymentStatusOf reads data.payment_status_code and data.payment_status.
func paymentStatusOf(obj wire.Object) (*PaymentStatus, error) {
	data, ok := member(obj, "data").(wire.Object)
	if !ok {
		return nil, nil
	}
	raw := member(data, "payment_status_code")
	if raw == nil {
		return nil, nil
	}
	code, err := codeText(raw, "body.data.payment_status_code")
	if err != nil {
		return nil, err
	}
	ps := &PaymentStatus{Code: code, Category: CategoryUnknown}
	ps.Status, _ = member(data, "payment_status").(string)
	if e, ok := paymentStatus(code); ok {
		ps.Meaning, ps.Category = e.Meaning, e.Category
	}
	return ps, nil
}
