package clearsettle

import (
	"encoding/json"

	"github.com/paysign/paysign/core"
)

// The JSON requests of the clearsettle.* ops (DESIGN.md). core/abi
// registers these functions; they decode strictly.

type refundRequest struct {
	Credentials Credentials `json:"credentials"`
	Domain      string      `json:"domain"`
	Environment string      `json:"environment"`
	Params      struct {
		TransactionID string `json:"transaction_id"`
		ReferenceNo   string `json:"reference_no"`
		// Amount is a decimal string, or a JSON number taken as its exact
		// lexeme (never through a float).
		Amount   any    `json:"amount"`
		Currency string `json:"currency"`
	} `json:"params"`
}

// RefundJSON is the clearsettle.refund op: a JSON request in, a *Refund out.
func RefundJSON(request []byte) (any, error) {
	var r refundRequest
	if err := core.DecodeStrict(request, &r); err != nil {
		return nil, err
	}
	var amount string
	switch t := r.Params.Amount.(type) {
	case nil:
	case string:
		amount = t
	case json.Number:
		amount = string(t)
	default:
		return nil, core.Fieldf("params.amount", core.ErrInvalidAmount, "amounts are decimal strings such as \"19.99\"")
	}
	return NewRefund(&RefundRequest{
		Credentials:   r.Credentials,
		Domain:        r.Domain,
		Environment:   r.Environment,
		TransactionID: r.Params.TransactionID,
		ReferenceNo:   r.Params.ReferenceNo,
		Amount:        amount,
		Currency:      r.Params.Currency,
	})
}

// DecodeResponseJSON is the clearsettle.decode_response op: {"body": raw
// response body} in, a *Response out.
func DecodeResponseJSON(request []byte) (any, error) {
	var r struct {
		Body string `json:"body"`
	}
	if err := core.DecodeStrict(request, &r); err != nil {
		return nil, err
	}
	return DecodeResponse([]byte(r.Body))
}
