package payway

import (
	"slices"
	"strings"
)

// The shapes of PayWay's success answers, kept as data like the catalogue:
// each member an operation's answer carries, its type and where paysign
// learnt it. DecodeResponse reads the types (every decimal member reaches
// users as its exact text), the test double (package paywaytest) answers
// in these shapes, the generator writes the answer types of every binding
// from them, and docs/mock.md lists them with their sources.

// Answer member types ([AnswerMember].Type).
const (
	AnswerString  = "string"
	AnswerDecimal = "decimal" // an amount: always a string of its exact text in Response.Value
	AnswerInteger = "integer"
	AnswerBoolean = "boolean"
	AnswerObject  = "object"
	AnswerArray   = "array"
)

// Where a member's shape comes from ([AnswerMember].Source).
const (
	SourceDocs     = "docs"     // PayWay's current documentation page of the operation
	SourceSandbox  = "sandbox"  // an answer recorded from PayWay's sandbox
	SourceInferred = "inferred" // neither: paysign's reading of related pages
)

// AnswerAbsent is an AnswerMember's Sandbox when the sandbox was seen
// leaving the member out.
const AnswerAbsent = "absent"

// AnswerMember is one member of an operation's success answer.
type AnswerMember struct {
	// Path is the member's place: names joined with ".", "[]" for every
	// element of an array ("data.transaction_operations[].amount"). For
	// link_card, whose success is a redirect, the members are those of
	// the JSON carried base64-encoded in the Location's last segment.
	Path   string
	Type   string
	Source string
	// Optional reports that PayWay leaves the member out of some answers.
	Optional bool
	// Sandbox is the type PayWay's sandbox was recorded sending where it
	// differs from Type, or AnswerAbsent; "" when they agree. paysign
	// mock --sandbox answers it.
	Sandbox string
	// Note says what the member holds, or how sources disagree.
	Note string
}

func answer(path, typ, source string) AnswerMember {
	return AnswerMember{Path: path, Type: typ, Source: source}
}

func (m AnswerMember) optional() AnswerMember { m.Optional = true; return m }

func (m AnswerMember) sandbox(typ string) AnswerMember { m.Sandbox = typ; return m }

func (m AnswerMember) note(s string) AnswerMember { m.Note = s; return m }

// members lists paths of one source, each "path:type" with the type one
// of s (string), d (decimal), i (integer), b (boolean), o (object) or a
// (array).
func members(source string, specs ...string) []AnswerMember {
	types := map[string]string{"s": AnswerString, "d": AnswerDecimal, "i": AnswerInteger, "b": AnswerBoolean, "o": AnswerObject, "a": AnswerArray}
	out := make([]AnswerMember, len(specs))
	for i, spec := range specs {
		path, typ, _ := strings.Cut(spec, ":")
		out[i] = answer(path, types[typ], source)
	}
	return out
}

// with returns list with the member at path replaced by change(member).
func with(list []AnswerMember, path string, change func(AnswerMember) AnswerMember) []AnswerMember {
	for i := range list {
		if list[i].Path == path {
			list[i] = change(list[i])
			return list
		}
	}
	panic("payway: no answer member " + path)
}

func optional(m AnswerMember) AnswerMember { return m.optional() }

func noted(note string) func(AnswerMember) AnswerMember {
	return func(m AnswerMember) AnswerMember { return m.note(note) }
}

func concat(lists ...[]AnswerMember) []AnswerMember {
	var out []AnswerMember
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// prefixed returns list with every path under prefix.
func prefixed(prefix string, list []AnswerMember) []AnswerMember {
	out := slices.Clone(list)
	for i := range out {
		out[i].Path = prefix + out[i].Path
	}
	return out
}

// The status members most answers end with.
var (
	statusCodeMessage = members(SourceDocs, "status:o", "status.code:s", "status.message:s")
	statusWithTranID  = members(SourceDocs, "status:o", "status.code:s", "status.message:s", "status.tran_id:s")
)

// exchangeRates are the documented currencies of the exchange rate
// answer, in lower case as the page writes them.
var exchangeRates = []string{"aud", "sgd", "eur", "gbp", "myr", "thb", "hkd", "cny", "cad", "krw", "jpy", "vnd"}

func exchangeRateMembers() []AnswerMember {
	list := members(SourceDocs, "status:o", "status.code:s", "status.message:s", "exchange_rates:o")
	for _, c := range exchangeRates {
		list = append(list, members(SourceDocs, "exchange_rates."+c+":o", "exchange_rates."+c+".sell:s", "exchange_rates."+c+".buy:s")...)
	}
	return list
}

// The members of a transaction in the list, the detail and the KHQR
// lookup. The list's row is the page's example, member for member.
var (
	listRow = members(SourceDocs, "transaction_id:s", "transaction_date:s", "original_currency:s", "bank_ref:s", "apv:s",
		"discount_amount:d", "payment_status:s", "payment_amount:d", "last_name:s", "payment_currency:s", "payment_type:s",
		"payer_account:s", "total_amount:d", "phone:s", "original_amount:d", "payment_status_code:i", "bank_name:s",
		"refund_amount:d", "first_name:s", "email:s", "card_source:s")
	detailData = members(SourceDocs, "transaction_id:s", "payment_status_code:i", "payment_status:s", "original_amount:d",
		"original_currency:s", "payment_amount:d", "payment_currency:s", "total_amount:d", "refund_amount:d",
		"discount_amount:d", "apv:s", "transaction_date:s", "first_name:s", "last_name:s", "email:s", "phone:s", "bank_ref:s",
		"payment_type:s", "payer_account:s", "bank_name:s", "card_source:s", "transaction_operations:a",
		"transaction_operations[].status:s", "transaction_operations[].amount:d", "transaction_operations[].transaction_date:s",
		"transaction_operations[].bank_ref:s")
	mcRefRow = members(SourceDocs, "transaction_id:s", "transaction_date:s", "apv:s", "payment_status:s", "payment_status_code:i",
		"original_amount:d", "original_currency:s", "total_amount:d", "discount_amount:d", "refund_amount:d", "payment_amount:d",
		"payment_currency:s", "bank_ref:s", "payer_account:s", "bank_name:s", "payment_type:s", "merchant_ref:s")
)

// The QR API's answer (generate_qr; request_qr is assumed to answer alike).
func qrMembers(source string) []AnswerMember {
	return members(source, "status:o", "status.code:s", "status.message:s", "status.trace_id:s", "amount:d", "currency:s",
		"qrString:s", "qrImage:s", "abapay_deeplink:s", "app_store:s", "play_store:s")
}

// The purchase page's JSON answer (payment_option abapay_khqr_deeplink);
// with payment_gate=0 the answer is the hosted checkout page instead.
func purchaseMembers(source string) []AnswerMember {
	list := members(source, "status:o", "status.code:s", "status.message:s", "status.tran_id:s", "qr_string:s",
		"abapay_deeplink:s", "checkout_qr_url:s")
	return with(list, "checkout_qr_url", noted("the sandbox was seen answering qrString and qrImage without checkout_qr_url "+
		"when payment_gate is not 0 (aba-payway-ts sandbox findings §10b); the mock answers the documented shape in both modes"))
}

// The payment link pages: create answers the link, detail describes it.
var (
	linkCommon = members(SourceDocs, "data:o", "data.id:s", "data.title:s", "data.image:o", "data.image.image:s",
		"data.image.filename:s", "data.image.size:i", "data.amount:d", "data.currency:s", "data.status:s", "data.description:s",
		"data.payment_limit:i")
	linkCreate = concat(linkCommon, members(SourceDocs, "data.total_amount_org:s", "data.total_refund:d", "data.total_amount:d",
		"data.total_trxn:i", "data.created_at:s", "data.updated_at:s", "data.expired_date:i", "data.return_url:s",
		"data.merchant_ref_no:s", "data.outlet_id:s", "data.outlet_name:s", "data.payment_link:s", "payout:a", "payout[].acc:s",
		"payout[].amt:d", "payout[].acc_name:s"), statusCodeMessage, members(SourceDocs, "tran_id:i"))
	linkDetail = concat(linkCommon, members(SourceDocs, "data.total_amount_org:s", "data.total_refund:s", "data.total_amount:d",
		"data.total_trxn:i", "data.created_at:s", "data.updated_at:s", "data.expired_date:i", "data.pushback_url:s",
		"data.payment_link:s"), statusCodeMessage, members(SourceDocs, "tran_id:s"))
)

// The beneficiary pages' answer.
var beneficiaryMembers = concat(members(SourceDocs, "data:o", "data.name:s", "data.payee:s", "data.currency:s", "data.type:s",
	"data.status:i", "data.created_at:s"), with(slices.Clone(statusCodeMessage), "status.code",
	noted("the add beneficiary example shows \"200\"; the mock answers \"00\", the success code of the family")))

// answers are the success answers' members per operation, in the order
// PayWay's examples write them. Members that every answer of a family
// carries (status.code, status.message) are listed with each operation.
var answers = map[string][]AnswerMember{
	"purchase":     purchaseMembers(SourceDocs),
	"subscription": purchaseMembers(SourceInferred),
	"check_transaction": concat(members(SourceDocs, "data:o", "data.payment_status_code:i", "data.total_amount:d",
		"data.original_amount:d", "data.refund_amount:d", "data.discount_amount:d", "data.payment_amount:d",
		"data.payment_currency:s", "data.apv:s", "data.payment_status:s", "data.transaction_date:s"), statusWithTranID),
	"transaction_detail": with(with(concat(members(SourceDocs, "data:o"), prefixed("data.", detailData), statusWithTranID),
		"data.transaction_operations[].status", noted("Completed, Pre-Auth, Completed Pre-Auth, Cancelled Pre-Auth or Refunded; "+
			"--sandbox: \"Create Order\" then \"Completed\" for a card payment, \"Completed\" alone for KHQR, as captured "+
			"(aba-payway-ts sandbox findings §21 W5-5)")),
		"data.original_currency", noted("the transaction's currency")),
	"close_transaction": slices.Clone(statusWithTranID),
	"transaction_list": concat(members(SourceDocs, "data:a"), markProfile(prefixed("data[].", listRow)),
		members(SourceDocs, "pagination:s", "page:s", "status:o", "status.code:s", "status.tran_id:s", "status.message:s")),
	"exchange_rate": exchangeRateMembers(),
	"refund": {
		answer("grand_total", AnswerDecimal, SourceDocs).sandbox(AnswerString).note(stringAmounts),
		answer("total_refunded", AnswerDecimal, SourceDocs).sandbox(AnswerString).note(stringAmounts),
		answer("currency", AnswerString, SourceDocs), answer("transaction_status", AnswerString, SourceDocs),
		answer("status", AnswerObject, SourceDocs), answer("status.code", AnswerString, SourceDocs),
		answer("status.message", AnswerString, SourceDocs),
	},
	"generate_qr":                qrMembers(SourceDocs),
	"request_qr":                 qrMembers(SourceInferred),
	"get_transactions_by_mc_ref": concat(members(SourceDocs, "data:a"), prefixed("data[].", mcRefRow), members(SourceDocs, "status:o", "status.code:s", "status.message:s", "status.merchant_ref:s")),
	"create_payment_link": with(with(with(with(with(with(slices.Clone(linkCreate),
		"data.amount", noted("the field table says number; the example writes \"0.03\"")),
		"data.total_amount_org", noted("the field tables say string; create's example writes 0, detail's \"0\"")),
		"payout", func(m AnswerMember) AnswerMember {
			return m.optional().note("only for a link with a payout; top level, as the page shows it")
		}),
		"payout[].amt", noted("the field table says number; the example writes \"0.01\"")),
		"tran_id", noted("a log id; the field table says string, the example and the sandbox (aba-payway-ts sandbox findings §22) send a number")),
		"data.expired_date", noted("Unix seconds; 0 for a link that never expires")),
	"payment_link_detail": with(with(with(slices.Clone(linkDetail),
		"data.expired_date", func(m AnswerMember) AnswerMember {
			return m.sandbox(AnswerString).note("Unix seconds; the sandbox echoes it as a string (\"0\" without expiry), aba-payway-ts sandbox findings §22")
		}),
		"data.pushback_url", func(m AnswerMember) AnswerMember {
			return m.sandbox(AnswerAbsent).note("the link's return_url; absent from sandbox answers (aba-payway-ts sandbox findings §22)")
		}),
		"tran_id", func(m AnswerMember) AnswerMember {
			return m.sandbox(AnswerInteger).note("a log id; a string in the example, a number from the sandbox (aba-payway-ts sandbox findings §22)")
		}),
	"void_payment_link": with(members(SourceSandbox, "status:o", "status.code:s", "status.message:s", "status.lang:s",
		"status.trace_id:s", "tran_id:i"), "status", noted("no public page; the sandbox answer (aba-payway-ts sandbox findings §23)")),
	"pre_auth_completion": with(concat(members(SourceDocs, "grand_total:d", "currency:s", "transaction_status:s"), statusCodeMessage),
		"transaction_status", noted("COMPLETED")),
	"pre_auth_cancellation": with(concat(members(SourceDocs, "grand_total:d", "currency:s", "transaction_status:s"), statusCodeMessage),
		"transaction_status", noted("CANCELLED")),
	"payout": with(members(SourceDocs, "transaction_id:s", "transaction_date:s", "external_reference:s", "apv:s",
		"transaction_amount:d", "transaction_currency:s", "beneficiaries:a", "beneficiaries[].payout_id:s", "beneficiaries[].name:s",
		"beneficiaries[].mid_acccount:s", "beneficiaries[].amount:d", "beneficiaries[].currency:s", "status:o", "status.code:s",
		"status.message:s", "status.tran_id:s", "status.trace_id:s"), "beneficiaries[].mid_acccount", noted("spelt so on the page")),
	"add_beneficiary":           slices.Clone(beneficiaryMembers),
	"update_beneficiary_status": slices.Clone(beneficiaryMembers),
	"link_account": with(members(SourceInferred, "status:o", "status.code:s", "status.message:s", "deeplink:s", "qr_string:s",
		"qr_image:s", "expire_in:i"), "expire_in", noted("Unix seconds; the shape of the older link account page's answer")),
	"link_card": with(members(SourceSandbox, "message:s", "status:o", "status.code:s", "status.pw_tran_id:s", "status.trace_id:s",
		"status.version:s"), "message", noted("the JSON in the 302's Location (…/add-card/<base64>), as captured (aba-payway-ts sandbox findings §24)")),
	"purchase_with_token": members(SourceInferred, "data:o", "data.tran_id:s", "data.amount:d", "data.currency:s",
		"data.payment_status:s", "status:o", "status.code:s", "status.message:s", "status.tran_id:s"),
	"renew_token":       members(SourceInferred, "status:o", "status.code:s", "status.message:s"),
	"get_token_details": members(SourceInferred, "data:o", "data.request_id:s", "data.ctid:s", "data.pwt:s", "data.type:s", "data.status:s", "data.token_flag:s", "data.currency:s", "status:o", "status.code:s", "status.message:s"),
	"remove_token":      with(members(SourceSandbox, "status:o", "status.code:s", "status.message:s"), "status.code", noted("00 even for a token it does not know (aba-payway-ts sandbox findings §24)")),
}

const stringAmounts = "number<double> on the current page; --sandbox: a string, as the previous refund page showed it (no sandbox capture records the type)"

// markProfile marks the list row members the page says appear only when
// the merchant profile is configured to show them.
func markProfile(list []AnswerMember) []AnswerMember {
	for i := range list {
		switch strings.TrimPrefix(list[i].Path, "data[].") {
		case "first_name", "last_name", "email", "phone", "bank_ref", "payment_type":
			list[i] = list[i].optional().note("only when the merchant profile is configured to show it")
		}
	}
	return list
}

// answerPages name the documentation page of each operation's answer
// (developer.payway.com.kh, by slug), or the evidence where no page
// shows one.
var answerPages = map[string]string{
	"purchase":                   "purchase-14530820e0 (the JSON answer of payment_option abapay_khqr_deeplink; otherwise the hosted checkout page, HTML)",
	"subscription":               "subscription-21402227e0 (the purchase page's answer)",
	"check_transaction":          "check-transaction-14530826e0",
	"transaction_detail":         "get-a-transaction-details-14530824e0 (a field table, no example)",
	"close_transaction":          "close-transaction-14530822e0",
	"transaction_list":           "get-transaction-list-14530825e0",
	"exchange_rate":              "exchange-rate-14530823e0",
	"refund":                     "refund-api-14530821e0",
	"generate_qr":                "qr-api-14530840e0",
	"request_qr":                 "no page (the ABA-shared spec); the QR API's answer",
	"get_transactions_by_mc_ref": "get-transactions-22366268e0",
	"create_payment_link":        "create-payment-link-14530837e0",
	"payment_link_detail":        "get-payment-link-details-14530838e0",
	"void_payment_link":          "no page; aba-payway-ts sandbox findings §23",
	"pre_auth_completion":        "complete-pre-auth-transactions-14530835e0, complete-pre-auh-transaction-with-payout-14666701e0",
	"pre_auth_cancellation":      "cancel-pre-purchase-transaction-14530836e0",
	"payout":                     "payout-14530816e0 (a field table, no example)",
	"add_beneficiary":            "add-a-beneficiary-to-whitelist-14530818e0",
	"update_beneficiary_status":  "update-a-beneficiary-status-14530817e0",
	"link_account":               "link-account-19336820e0 shows none; the older link-account-14530828e0's answer",
	"link_card":                  "link-card-19336819e0 (a 302); aba-payway-ts sandbox findings §24 for the redirect's JSON",
	"purchase_with_token":        "payment-19336821e0 shows none; inferred",
	"renew_token":                "renew-token-19336823e0 shows none; inferred",
	"get_token_details":          "get-token-details-19336824e0 shows none; inferred",
	"remove_token":               "remove-token-19336822e0 shows none; aba-payway-ts sandbox findings §16, §24",
}

// AnswerPage names where operation's answer shape comes from: PayWay's
// documentation page (by slug) or the evidence used where no page shows
// one.
func AnswerPage(operation string) string { return answerPages[operation] }

// AnswerMembers returns a copy of the members of operation's success
// answer that paysign knows, in their documented order, or nil.
func AnswerMembers(operation string) []AnswerMember {
	return slices.Clone(answers[operation])
}

// decimalMember reports whether path is a decimal member of operation's
// answer.
func decimalMember(operation string) func(path []byte) bool {
	list := answers[operation]
	return func(path []byte) bool {
		for _, m := range list {
			if m.Path == string(path) {
				return m.Type == AnswerDecimal
			}
		}
		return false
	}
}
