package paywaytest

import (
	"errors"
	"net/http"
	"strings"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/payway"
)

// fam answers the refusals of one endpoint family with its own codes and
// HTTP statuses. Every code it sends is in payway's response code table
// (a test checks that).
type fam struct{ name string }

func family(operation string) fam {
	f, _ := payway.CodeFamily(operation)
	return fam{f}
}

// reply answers with {"status":{"code","message"}}.
func (f fam) reply(op *payway.Operation, status int, code, message string) *reply {
	return jsonReply(status, code, message, obj{{"status", statusObj(code, message)}})
}

// wrongHash: checkout 1 (5 from check_transaction and transaction_detail),
// PTL02, CoF 01, payout 1; HTTP 403 everywhere.
func (f fam) wrongHash(op *payway.Operation) *reply {
	switch f.name {
	case payway.FamilyMerchantPortal:
		return f.reply(op, http.StatusForbidden, "PTL02", "Wrong hash.")
	case payway.FamilyCredentials:
		return f.reply(op, http.StatusForbidden, "01", "Wrong Hash.")
	}
	if op.Name == "check_transaction" || op.Name == "transaction_detail" {
		return f.reply(op, http.StatusForbidden, "5", "Invalid hash.")
	}
	return f.reply(op, http.StatusForbidden, "1", "Wrong Hash.")
}

// unknownMerchant: a merchant_id the double does not know.
func (f fam) unknownMerchant(op *payway.Operation) *reply {
	switch f.name {
	case payway.FamilyMerchantPortal:
		return f.reply(op, http.StatusForbidden, "PTL46", "Merchant not found.")
	case payway.FamilyCredentials:
		return f.reply(op, http.StatusForbidden, "98", "Merchant id not found.")
	}
	if op.Name == "check_transaction" || op.Name == "transaction_detail" {
		return f.reply(op, http.StatusForbidden, "8", "Invalid merchant profile.")
	}
	return f.reply(op, http.StatusForbidden, "26", "Invalid merchant profile.")
}

// refuse maps an error of payway.Verify or payway.ReceivedParams to the
// family's code: a missing field, a malformed one, a bad request time,
// merchant_auth that does not decrypt or names another merchant. fields
// are the received fields (the currency picks KHR's amount codes).
func (f fam) refuse(op *payway.Operation, err error, fields map[string]string) *reply {
	field := ""
	var fe *core.FieldError
	if errors.As(err, &fe) {
		field = fe.Field[strings.LastIndexByte(fe.Field, '.')+1:]
	}
	detail := fieldMessage(field, err)
	switch f.name {
	case payway.FamilyMerchantPortal:
		switch {
		case errors.Is(err, core.ErrRequired):
			return f.reply(op, http.StatusBadRequest, "PTL04", detail)
		case errors.Is(err, core.ErrRequestTime):
			return f.reply(op, http.StatusBadRequest, "PTL06", "The request_time value is missing or incorrectly formatted.")
		case errors.Is(err, core.ErrMerchantMismatch), errors.Is(err, core.ErrDecryption):
			// merchant_auth names another merchant, or was encrypted with
			// another key: "invalid merchant information".
			return f.reply(op, http.StatusForbidden, "PTL62", "Invalid merchant information.")
		case errors.Is(err, core.ErrInvalidAmount):
			return f.reply(op, http.StatusBadRequest, "PTL186", detail)
		case errors.Is(err, core.ErrAmountTooSmall):
			return f.reply(op, http.StatusBadRequest, "PTL187", detail)
		}
		return f.reply(op, http.StatusBadRequest, "PTL05", detail)
	case payway.FamilyCredentials:
		// Laravel-style validation: HTTP 400, code 04, errors per field.
		name := field
		if name == "" {
			name = "body"
		}
		msg := "The given data was invalid."
		return jsonReply(http.StatusBadRequest, "04", msg, obj{
			{"status", statusObj("04", msg)},
			{"errors", obj{{name, []string{detail}}}},
		})
	case payway.FamilyPayout:
		switch {
		case errors.Is(err, core.ErrDecryption):
			return f.reply(op, http.StatusBadRequest, "24", "Cannot decrypt beneficiaries.")
		case field == "custom_fields":
			return f.reply(op, http.StatusBadRequest, "80", detail)
		case field == "currency":
			return f.reply(op, http.StatusBadRequest, "82", detail)
		case field == "amount" && errors.Is(err, core.ErrAmountTooSmall):
			return f.reply(op, http.StatusBadRequest, "81", detail)
		case field == "beneficiaries" && strings.Contains(err.Error(), "more than"):
			return f.reply(op, http.StatusBadRequest, "25", detail)
		case field == "beneficiaries":
			return f.reply(op, http.StatusBadRequest, "36", detail)
		}
		return f.reply(op, http.StatusBadRequest, "48", detail)
	}
	return f.reply(op, http.StatusBadRequest, checkoutCode(field, err, fields), detail)
}

// checkoutCode is the checkout family's code for a refused field.
func checkoutCode(field string, err error, fields map[string]string) string {
	khr := fields["currency"] == "KHR"
	switch {
	case field == "amount" && errors.Is(err, core.ErrAmountTooSmall) && khr:
		return "47"
	case field == "amount" && errors.Is(err, core.ErrAmountTooSmall):
		return "45"
	case field == "amount" && errors.Is(err, core.ErrInvalidAmount) && khr && isDecimal(fields["amount"]):
		return "46" // a decimal, but KHR takes whole riels
	}
	switch field {
	case "tran_id":
		return "2"
	case "amount":
		return "3"
	case "return_params":
		return "7"
	case "shipping", "shipping_fee":
		return "10"
	case "items":
		return "13"
	case "firstname", "first_name":
		return "16"
	case "lastname", "last_name":
		return "17"
	case "phone":
		return "18"
	case "email":
		return "19"
	case "ctid":
		return "27"
	case "pwt":
		return "28"
	case "payout":
		return "35"
	case "from_date":
		return "49"
	case "to_date":
		return "50"
	case "from_amount", "to_amount":
		return "53"
	case "lifetime":
		return "69"
	case "additional_params":
		return "76"
	case "google_pay_token":
		return "79"
	}
	return "48"
}

// fieldMessage is a Laravel-style sentence about the refused field; it
// carries the core's detail, which never holds secrets.
func fieldMessage(field string, err error) string {
	if field == "" || field == "body" {
		return "The given data was invalid: " + detailOf(err) + "."
	}
	if errors.Is(err, core.ErrRequired) {
		return "The " + field + " field is required."
	}
	return "The " + field + " field is invalid: " + detailOf(err) + "."
}

// detailOf returns the part of a core error after its field and sentinel.
func detailOf(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		s = s[i+2:]
	}
	return strings.TrimSuffix(s, ".")
}

// isDecimal reports whether s is a well-formed decimal amount.
func isDecimal(s string) bool {
	_, err := core.ParseDecimal(s)
	return err == nil
}
