package payway

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/wire"
)

// Response is PayWay's answer to one request, decoded.
type Response struct {
	Operation  string
	HTTPStatus int
	// OK is true only for PayWay's documented success: a JSON answer with
	// a success code and an HTTP status below 400, or the operation's
	// documented other success (Operation.OtherSuccess: purchase's hosted
	// checkout page, link_card's redirect).
	OK bool
	// Code is PayWay's code as text as it was sent ("00", "PTL37", "429";
	// a JSON number in decimal), or "" when the answer carries none.
	Code string
	// Message is PayWay's own message, or Meaning when it sent none.
	Message string
	// Meaning is the response code table's meaning of Code for this
	// operation (of the HTTP status when there is no code), what the
	// answer is when it is not PayWay's, or "" for a code the table does
	// not list.
	Meaning string
	// Category is one of the Category constants. CategoryOutcomeUnknown
	// marks an answer that is not PayWay's (empty, not JSON, no code, an
	// undocumented 3xx): whether PayWay processed the request is unknown.
	Category string
	// Retryable reports that sending the same request again is safe and
	// may succeed: a rate limit or a concurrent request (the request was
	// not processed), or a failure of a query. It is never true for a
	// gateway error or an unknown outcome of a purchase, refund, payout or
	// other operation that moves money: check the transaction first.
	Retryable bool
	// PaymentStatus is the payment status that check_transaction and
	// transaction_detail report in data.payment_status_code, or nil.
	PaymentStatus *PaymentStatus
	// Location is the target of a 3xx answer (link_card's result).
	Location string
	// Value is the body as JSON, under one rule for numbers in every
	// runtime: an integer of at most 15 digits stays a number, any other
	// number (a fraction, an exponent, a longer integer) becomes a string
	// holding its exact text ("12.50"), so no amount passes through a
	// binary float. A body that is not JSON is a JSON string holding it
	// (the hosted checkout page).
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

// Answer is what came back for one request: the HTTP status, the
// Content-Type and Location headers, and the body.
type Answer struct {
	Status      int
	ContentType string
	// Location is the Location header as it came. A relative one ("/x",
	// "?result=...", "//host/x") is resolved against URL when URL is set,
	// as a browser following the redirect would (RFC 3986, section 5).
	Location string
	// URL is the URL the request was sent to.
	URL  string
	Body []byte
}

// resolveLocation returns location resolved against the request's URL: an
// absolute one exactly as it came (link_card's carries its result in the
// path), a relative one made absolute. Where either does not parse as a
// URL, location is returned as it came.
func resolveLocation(requestURL, location string) string {
	if requestURL == "" || location == "" {
		return location
	}
	ref, err := url.Parse(location)
	if err != nil || ref.IsAbs() {
		return location
	}
	base, err := url.Parse(requestURL)
	if err != nil || !base.IsAbs() {
		return location
	}
	return base.ResolveReference(ref).String()
}

// DecodeResponse decodes PayWay's answer to operation. It finds the code
// wherever the endpoint family puts it ({"status":{"code":"00",
// "message":...},"data":...} of most endpoints, {"status":{"code":"0",...}}
// of checkout, a bare "code", or the legacy {"status":6,"description":...}),
// as a string or a number, and looks it up in the response code table
// (ResponseCodes) for the operation's family.
//
// Only PayWay's documented success is OK. An answer that is not PayWay's
// (an empty body, HTML, JSON without a code, a 204, a 3xx the operation
// does not document) is CategoryOutcomeUnknown: for an operation that
// moves money, whether PayWay processed it is unknown, whatever the HTTP
// status says. Exceptions: a 429 without a body of PayWay's is a rate
// limit (the request was refused before processing), a 4xx JSON answer
// without a code is PayWay's framework refusing the request (category of
// the HTTP status), a 5xx without a code is a gateway error.
//
// Errors wrap core.ErrUnknownOperation or core.ErrMalformedRequest (an
// HTTP status outside 100 to 599).
func DecodeResponse(operation string, a Answer) (*Response, error) {
	op, ok := lookup(operation)
	if !ok {
		return nil, unknownOperation(operation)
	}
	if a.Status < 100 || a.Status > 599 {
		return nil, core.Fieldf("http_status", core.ErrMalformedRequest, "http_status must be an HTTP status code (100 to 599)")
	}
	r := &Response{Operation: operation, HTTPStatus: a.Status}
	if a.Status >= 300 && a.Status < 400 {
		r.Location = strings.ToValidUTF8(resolveLocation(a.URL, a.Location), "\uFFFD")
	}
	v, err := wire.Parse(a.Body)
	obj, isObject := v.(wire.Object)
	isObject = isObject && err == nil
	shape := "JSON without PayWay's status code"
	code, message := "", ""
	switch {
	case isObject:
		if code, message, err = codeOf(obj); err != nil {
			isObject, code, shape = false, "", "JSON whose code is neither a string nor an integer"
		}
	case len(bytes.TrimSpace(a.Body)) == 0:
		shape = "an empty body"
	case err == nil:
		shape = "JSON that is not an object"
	default:
		shape = "a body that is not JSON"
		if mediaType, _, _ := strings.Cut(a.ContentType, ";"); strings.TrimSpace(mediaType) != "" {
			shape += " (" + clip(strings.TrimSpace(mediaType)) + ")"
		}
	}
	if isObject {
		r.Value = wire.DecimalsAsStrings(a.Body, decimalMember(operation))
	} else {
		r.Value = wire.AppendString(nil, strings.ToValidUTF8(string(a.Body), "\uFFFD"))
	}
	switch {
	case a.Status >= 300 && a.Status < 400: // a redirect is an answer only where documented
		if op.OtherSuccess == AnswerRedirect && a.Location != "" {
			r.OK, r.Category = true, CategorySuccess
		} else {
			r.outcomeUnknown(op, shape, message)
		}
	case code != "":
		r.classify(code, message)
		if operation == "check_transaction" || operation == "transaction_detail" {
			r.PaymentStatus = paymentStatusOf(obj)
		}
	case op.OtherSuccess == AnswerCheckoutPage && a.Status < 300 && !isObject && len(bytes.TrimSpace(a.Body)) > 0:
		r.OK, r.Category = true, CategorySuccess // the hosted checkout page
	case a.Status == 429 || a.Status >= 500 || (a.Status >= 400 && isObject):
		r.classify("", message)
	default:
		r.outcomeUnknown(op, shape, message)
	}
	return r, nil
}

// outcomeUnknown marks an answer that is not PayWay's.
func (r *Response) outcomeUnknown(op *Operation, shape, message string) {
	if r.HTTPStatus >= 300 && r.HTTPStatus < 400 {
		shape = "a redirect this operation does not document, " + shape
	}
	r.Category = CategoryOutcomeUnknown
	r.Meaning = fmt.Sprintf("HTTP %d with %s: not an answer of PayWay's", r.HTTPStatus, shape)
	r.Retryable = op.Query
	r.Message = orDefault(message, r.Meaning)
}

// classify sets Code, Message, Meaning, Category, Retryable and OK from a
// code of PayWay's, or from the HTTP status when code is "".
func (r *Response) classify(code, message string) {
	r.Code, r.Message = code, message
	var entry ResponseCode
	found := false
	if code != "" {
		entry, found = LookupResponseCode(r.Operation, code)
	} else {
		entry, found = httpStatusCode(r.HTTPStatus)
	}
	switch {
	case found && entry.Category == CategorySuccess && r.HTTPStatus >= 400:
		// A success code with an error status: the status wins.
		entry, found = httpStatusCode(r.HTTPStatus)
	case !found && r.HTTPStatus >= 500:
		entry, found = ResponseCode{Category: CategoryGatewayError, Retryable: true}, true
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

// paymentStatusOf reads data.payment_status_code and data.payment_status;
// nil when there is none or it is neither a string nor an integer.
func paymentStatusOf(obj wire.Object) *PaymentStatus {
	data, ok := member(obj, "data").(wire.Object)
	if !ok {
		return nil
	}
	code, err := codeText(member(data, "payment_status_code"), "body.data.payment_status_code")
	if err != nil || code == "" {
		return nil
	}
	ps := &PaymentStatus{Code: code, Category: CategoryUnknown}
	ps.Status, _ = member(data, "payment_status").(string)
	if e, ok := paymentStatus(code); ok {
		ps.Meaning, ps.Category = e.Meaning, e.Category
	}
	return ps
}
