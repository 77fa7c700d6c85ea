package abi

import (
	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/clearsettle"
	"github.com/paysign/paysign/core/internal/numtext"
	"github.com/paysign/paysign/core/internal/wire"
)

// The clearsettle.* ops: their requests, responses and the mapping to
// package clearsettle.

func init() {
	register("clearsettle.refund", "build a ClearSettle-platform /pw/v3 refund (API key in body, minor units, redacted body)", clearsettleRefund)
	register("clearsettle.decode_response", "decode a ClearSettle-platform response (code as string or number)", clearsettleDecodeResponse)
}

// clearsettle.refund
//
//	{"credentials": {"api_key"}, "domain", "environment"?,
//	 "params": {"transaction_id", "reference_no", "amount"?, "currency"?}}
func clearsettleRefund(request []byte, w *wire.Writer) error {
	var r clearsettle.RefundRequest
	err := decodeRequest(request, func(m wire.Member) error {
		switch m.Name {
		case "credentials":
			c, err := decodeCredentials(m.Value, m.Name, "api_key")
			if err != nil {
				return err
			}
			r.Credentials.APIKey = c.apiKey
			return nil
		case "domain":
			return str(&r.Domain, m.Value, "", m.Name)
		case "environment":
			return str(&r.Environment, m.Value, "", m.Name)
		case "params":
			return eachMember(m.Value, m.Name, func(p wire.Member) error {
				switch p.Name {
				case "transaction_id":
					return str(&r.TransactionID, p.Value, "params", p.Name)
				case "reference_no":
					return str(&r.ReferenceNo, p.Value, "params", p.Name)
				case "currency":
					return str(&r.Currency, p.Value, "params", p.Name)
				case "amount":
					if p.Value == nil {
						return nil
					}
					amount, err := numtext.Of(p.Value)
					if err != nil {
						return core.Fieldf("params.amount", core.ErrInvalidAmount, "amounts are decimal strings such as \"19.99\"")
					}
					r.Amount = amount
					return nil
				}
				return wire.Unknown("params", p.Name)
			})
		}
		return wire.Unknown("", m.Name)
	})
	if err != nil {
		return err
	}
	refund, err := clearsettle.NewRefund(&r)
	if err != nil {
		return err
	}
	w.BeginObject().StringMember("method", refund.Method).StringMember("url", refund.URL).
		StringMember("content_type", refund.ContentType).StringMember("body", refund.Body).
		StringMember("redacted_body", refund.RedactedBody).Key("full_refund").Bool(refund.FullRefund).
		EndObject()
	return nil
}

// clearsettle.decode_response: {"body": raw response body}.
func clearsettleDecodeResponse(request []byte, w *wire.Writer) error {
	var body string
	err := decodeRequest(request, func(m wire.Member) error {
		if m.Name == "body" {
			return str(&body, m.Value, "", m.Name)
		}
		return wire.Unknown("", m.Name)
	})
	if err != nil {
		return err
	}
	r, err := clearsettle.DecodeResponse([]byte(body))
	if err != nil {
		return err
	}
	w.BeginObject().StringMember("code", r.Code).StringMember("status", r.Status).
		StringMember("message", r.Message).Key("approved").Bool(r.Approved).
		OptionalString("transaction_id", r.TransactionID).OptionalString("reference_no", r.ReferenceNo).
		OptionalString("amount", r.Amount).OptionalString("amount_decimal", r.AmountDecimal).
		OptionalString("currency", r.Currency).OptionalString("date", r.Date)
	if r.IsLive != nil {
		w.Key("is_live").Bool(*r.IsLive)
	}
	w.EndObject()
	return nil
}
