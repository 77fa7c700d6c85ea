package payway

import "slices"

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

// AnswerMember is one member of an operation's success answer.
type AnswerMember struct {
	// Path is the member's place: names joined with ".", "[]" for every
	// element of an array ("data.transaction_operations[].amount").
	Path   string
	Type   string
	Source string
	// Optional reports that PayWay leaves the member out of some answers.
	Optional bool
	// Note says what the member holds, or how sources disagree.
	Note string
}

func answer(path, typ, source string) AnswerMember {
	return AnswerMember{Path: path, Type: typ, Source: source}
}

// answers are the success answers' members per operation. Members that
// every answer of a family carries (status.code, status.message) are
// listed with each operation.
var answers = map[string][]AnswerMember{
	"refund": {
		answer("grand_total", AnswerDecimal, SourceDocs), answer("total_refunded", AnswerDecimal, SourceDocs),
		answer("currency", AnswerString, SourceDocs), answer("transaction_status", AnswerString, SourceDocs),
		answer("status", AnswerObject, SourceDocs), answer("status.code", AnswerString, SourceDocs),
		answer("status.message", AnswerString, SourceDocs),
	},
	"check_transaction": {
		answer("data", AnswerObject, SourceDocs), answer("data.payment_status_code", AnswerInteger, SourceDocs),
		answer("data.total_amount", AnswerDecimal, SourceDocs), answer("data.original_amount", AnswerDecimal, SourceDocs),
		answer("data.refund_amount", AnswerDecimal, SourceDocs), answer("data.discount_amount", AnswerDecimal, SourceDocs),
		answer("data.payment_amount", AnswerDecimal, SourceDocs), answer("data.payment_currency", AnswerString, SourceDocs),
		answer("data.apv", AnswerString, SourceDocs), answer("data.payment_status", AnswerString, SourceDocs),
		answer("data.transaction_date", AnswerString, SourceDocs),
		answer("status", AnswerObject, SourceDocs), answer("status.code", AnswerString, SourceDocs),
		answer("status.message", AnswerString, SourceDocs), answer("status.tran_id", AnswerString, SourceDocs),
	},
}

// AnswerMembers returns a copy of the members of operation's success
// answer that paysign knows, in their documented order, or nil.
func AnswerMembers(operation string) []AnswerMember {
	return slices.Clone(answers[operation])
}

// decimalMember reports whether path is a decimal member of operation's
// answer.
func decimalMember(operation string) func(path string) bool {
	list := answers[operation]
	return func(path string) bool {
		for _, m := range list {
			if m.Path == path {
				return m.Type == AnswerDecimal
			}
		}
		return false
	}
}
