package payway

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/php"
	"github.com/paysign/paysign/core/internal/wire"
)

// The gateway's side. Sign is strict: it refuses what PayWay might
// misread. PayWay itself is more lenient in places, and a test double of
// PayWay must accept what PayWay accepts, so the gateway side reads a
// request under its own rules: the catalogue's checks, changed for an
// operation or a parameter by the rules below. Each rule names where
// paysign learnt it; docs/mock.md lists them all.

// Gateway rule kinds ([GatewayRule].Kind). The first four change how one
// operation or parameter is read; the others describe, for every
// operation ("*"), how the catalogue's own facts are checked.
const (
	// GatewayContentType: the endpoint takes a body of the media type
	// Value. An operation takes exactly the types of its rules.
	GatewayContentType = "content_type"
	// GatewayAnyCase: an enumerated value in any letter case, read as the
	// enumeration's own spelling ("usd" is USD).
	GatewayAnyCase = "any_case"
	// GatewayAsSent: a URL the gateway only hashes and hands back: taken
	// as sent, plain or base64, without checking its shape.
	GatewayAsSent = "as_sent"
	// GatewayOptional: the parameter may be absent although Sign requires
	// it.
	GatewayOptional = "optional"

	GatewayRequired = "required" // a parameter the page marks required must be there
	GatewayLength   = "length"   // at most the page's maximum length, as sent
	GatewayFormat   = "format"   // the format of the catalogue's Format (Value)
	GatewayEnum     = "enum"     // one of the page's supported values
	GatewayBase64   = "base64"   // a base64 field decodes
	GatewayURL      = "url"      // a base64 URL decodes to an absolute http(s) URL
	GatewayAmount   = "amount"   // amount rules by currency
	GatewayInteger  = "integer"  // whole numbers within the page's bounds
	GatewayJSON     = "json"     // JSON values of the documented shape
	GatewayTrim     = "trim"     // surrounding white space is removed before hashing
	GatewayNumbers  = "numbers"  // JSON numbers are read as PHP writes them
)

// GatewayRule is one rule of the gateway's side, with its source.
type GatewayRule struct {
	// Operation is a catalogue operation, or "*" for every operation.
	Operation string
	// Param is the parameter the rule is about, or "" for the request.
	Param string
	Kind  string
	// Value is the media type of a GatewayContentType rule, or the
	// format of a GatewayFormat rule.
	Value string
	// Source is SourceDocs, SourceSandbox or SourceInferred, and Ref the
	// page or finding it comes from.
	Source string
	Ref    string
}

func ctRule(op, mediaType, source, ref string) GatewayRule {
	return GatewayRule{Operation: op, Kind: GatewayContentType, Value: mediaType, Source: source, Ref: ref}
}

func paramRule(op, param, kind, source, ref string) GatewayRule {
	return GatewayRule{Operation: op, Param: param, Kind: kind, Source: source, Ref: ref}
}

func generalRule(kind, value, source, ref string) GatewayRule {
	return GatewayRule{Operation: "*", Kind: kind, Value: value, Source: source, Ref: ref}
}

// Where the gateway rules come from: PayWay's developer.payway.com.kh
// pages, named by their slug, and the dated sandbox probes of the
// aba-payway-ts SDK (its docs/SANDBOX-FINDINGS.md, by section).
const (
	refFindings    = "aba-payway-ts sandbox findings "
	refWooCommerce = "ABA's WooCommerce plugin v2.1.3 sends base64(cart URL) and hashes it as sent; purchase-14530820e0 describes a plain URL"
)

// gatewayRules are the gateway side's rules, in the order docs/mock.md
// lists them.
var gatewayRules = []GatewayRule{
	ctRule("purchase", ContentMultipart, SourceDocs, "purchase-14530820e0"),
	ctRule("purchase", ContentForm, SourceSandbox, refFindings+"§21 (a browser form POST)"),
	ctRule("purchase", ContentJSON, SourceSandbox, refFindings+"§12, §21 (a server-to-server JSON POST)"),
	ctRule("subscription", ContentMultipart, SourceDocs, "subscription-21402227e0"),
	ctRule("subscription", ContentForm, SourceInferred, "the purchase path, which takes forms"),
	ctRule("subscription", ContentJSON, SourceInferred, "the purchase path, which takes JSON"),
	ctRule("check_transaction", ContentJSON, SourceDocs, "check-transaction-14530826e0"),
	ctRule("transaction_detail", ContentJSON, SourceDocs, "get-a-transaction-details-14530824e0"),
	ctRule("close_transaction", ContentJSON, SourceDocs, "close-transaction-14530822e0"),
	ctRule("transaction_list", ContentJSON, SourceDocs, "get-transaction-list-14530825e0"),
	ctRule("exchange_rate", ContentJSON, SourceDocs, "exchange-rate-14530823e0"),
	ctRule("refund", ContentJSON, SourceDocs, "refund-api-14530821e0"),
	ctRule("refund", ContentForm, SourceSandbox, refFindings+"§18 (a partial refund posted as a form, code 00)"),
	ctRule("generate_qr", ContentJSON, SourceDocs, "qr-api-14530840e0"),
	ctRule("request_qr", ContentJSON, SourceInferred, "the ABA-shared OpenAPI spec"),
	ctRule("get_transactions_by_mc_ref", ContentJSON, SourceDocs, "get-transactions-22366268e0"),
	ctRule("create_payment_link", ContentMultipart, SourceDocs, "create-payment-link-14530837e0"),
	ctRule("create_payment_link", ContentForm, SourceSandbox, refFindings+"§15, §23"),
	ctRule("payment_link_detail", ContentJSON, SourceDocs, "get-payment-link-details-14530838e0"),
	ctRule("payment_link_detail", ContentForm, SourceSandbox, refFindings+"§9d, §15a"),
	ctRule("void_payment_link", ContentJSON, SourceSandbox, refFindings+"§23 (W-V6)"),
	ctRule("void_payment_link", ContentForm, SourceSandbox, refFindings+"§23 (W-V6)"),
	ctRule("pre_auth_completion", ContentJSON, SourceDocs, "complete-pre-auth-transactions-14530835e0, complete-pre-auh-transaction-with-payout-14666701e0"),
	ctRule("pre_auth_cancellation", ContentJSON, SourceDocs, "cancel-pre-purchase-transaction-14530836e0"),
	ctRule("payout", ContentJSON, SourceDocs, "payout-14530816e0"),
	ctRule("add_beneficiary", ContentJSON, SourceDocs, "add-a-beneficiary-to-whitelist-14530818e0"),
	ctRule("update_beneficiary_status", ContentJSON, SourceDocs, "update-a-beneficiary-status-14530817e0"),
	ctRule("link_account", ContentJSON, SourceDocs, "link-account-19336820e0"),
	ctRule("link_card", ContentForm, SourceDocs, "link-card-19336819e0; JSON is refused ("+refFindings+"§4, §24)"),
	ctRule("link_card", ContentMultipart, SourceInferred, "a form either way ("+refFindings+"§24: a browser form POST)"),
	ctRule("purchase_with_token", ContentJSON, SourceDocs, "payment-19336821e0; a form gets HTTP 415 ("+refFindings+"§9a)"),
	ctRule("renew_token", ContentJSON, SourceDocs, "renew-token-19336823e0"),
	ctRule("get_token_details", ContentJSON, SourceDocs, "get-token-details-19336824e0"),
	ctRule("remove_token", ContentJSON, SourceDocs, "remove-token-19336822e0"),

	paramRule("purchase", "cancel_url", GatewayAsSent, SourceInferred, refWooCommerce),
	paramRule("subscription", "cancel_url", GatewayAsSent, SourceInferred, refWooCommerce),
	paramRule("purchase", "continue_success_url", GatewayAsSent, SourceInferred, "the gateway only redirects the payer's browser there; public clients send it plain or base64"),
	paramRule("subscription", "continue_success_url", GatewayAsSent, SourceInferred, "as purchase"),
	paramRule("generate_qr", "currency", GatewayAnyCase, SourceDocs, "qr-api-14530840e0: currency \"Not case-sensitive\""),
	paramRule("request_qr", "currency", GatewayAnyCase, SourceInferred, "the QR API page's rule"),
	paramRule("create_payment_link", "expired_date", GatewayOptional, SourceSandbox, refFindings+"§22 (a link without expiry; detail echoes \"0\")"),

	generalRule(GatewayTrim, "", SourceInferred, "PayWay's Laravel backend trims input (TrimStrings); public clients needed \"trim strings\" fixes"),
	generalRule(GatewayNumbers, "", SourceInferred, "a QR amount sent as the JSON number 1 got Wrong Hash over \"1.00\" (Joselay/aba-payway c8d1351): PHP's json_decode re-stringifies numbers"),
	generalRule(GatewayRequired, "", SourceDocs, "each page's Required column"),
	generalRule(GatewayLength, "", SourceDocs, "each page's max length"),
	generalRule(GatewayFormat, FormatTranID, SourceSandbox, refFindings+"§7a (letters, digits and '-' only)"),
	generalRule(GatewayFormat, FormatAlnum5To24, SourceDocs, "link-account-19336820e0 (request_id and ctid: 5 to 24 letters and digits)"),
	generalRule(GatewayFormat, FormatListDate, SourceSandbox, refFindings+"§8b (any other date format: code 49)"),
	generalRule(GatewayFormat, FormatEmail, SourceDocs, "purchase-14530820e0 code 19, invalid email"),
	generalRule(GatewayEnum, "", SourceDocs, "each page's supported values"),
	generalRule(GatewayBase64, "", SourceDocs, "each page's \"encoded in Base64\" fields"),
	generalRule(GatewayURL, "", SourceInferred, "the gateway posts pushbacks there (code 81 or 102: URL not whitelisted)"),
	generalRule(GatewayAmount, "", SourceDocs, "purchase codes 3, 45, 46, 47; QR and payout minimums; refund PTL186, PTL187"),
	generalRule(GatewayInteger, "", SourceDocs, "lifetime at least 3 minutes (code 69), pagination at most 1000"),
	generalRule(GatewayJSON, "", SourceDocs, "items, payout, custom_fields and return_deeplink as the pages show them; at most 10 payouts (code 25)"),
}

// GatewayRules returns a copy of the rules of the gateway's side, in the
// order docs/mock.md lists them.
func GatewayRules() []GatewayRule { return slices.Clone(gatewayRules) }

// AcceptedContentTypes returns the media types PayWay's endpoint for
// operation takes, the documented one first; nil for an unknown
// operation.
func AcceptedContentTypes(operation string) []string {
	var types []string
	for _, r := range gatewayRules {
		if r.Operation == operation && r.Kind == GatewayContentType {
			types = append(types, r.Value)
		}
	}
	return types
}

// hasRule reports whether operation's parameter param has a rule of kind.
func hasRule(operation, param, kind string) bool {
	return slices.ContainsFunc(gatewayRules, func(r GatewayRule) bool {
		return r.Operation == operation && r.Param == param && r.Kind == kind
	})
}

// ReceivedParams is the gateway's second step after Verify: it checks the
// parameters of a received request as PayWay's gateway does, reading body
// parameters from fields and the others from v's decrypted merchant_auth
// or beneficiaries. The checks are the catalogue's (required, format,
// length, enum, amount and integer rules) as changed by the gateway's own
// rules (GatewayRules): PayWay takes some values Sign never sends, such as
// a base64 cancel_url or a currency in lower case.
//
// It returns the parameters by name as a merchant gave them to Sign: URLs
// decoded from base64 (a URL the gateway takes as sent, as received),
// JSON values as JSON text (decoded from base64 where they were sent so),
// amounts and integers as the text received, enumerated values in their
// catalogue spelling. Parameters that were not sent are absent. It is
// meant for test doubles of PayWay.
//
// Errors wrap core.ErrRequired, core.ErrInvalidFormat,
// core.ErrInvalidAmount or core.ErrAmountTooSmall in a *core.FieldError
// naming "fields.NAME", "merchant_auth.NAME" or "beneficiaries".
func ReceivedParams(v *Verified, fields map[string]string) (map[string]string, error) {
	op, ok := lookup(v.Operation)
	if !ok {
		return nil, unknownOperation(v.Operation)
	}
	var auth wire.Object
	if v.MerchantAuth != nil {
		parsed, err := wire.Parse(v.MerchantAuth)
		obj, isObject := parsed.(wire.Object)
		if err != nil || !isObject {
			return nil, core.Fieldf("fields.merchant_auth", core.ErrInvalidFormat, "merchant_auth is not a JSON object")
		}
		auth = obj
	}
	raws := make(map[string]any, len(op.Params))
	for i := range op.Params {
		p := &op.Params[i]
		switch p.In {
		case InBody:
			if s := fields[p.Name]; s != "" {
				raws[p.Name] = s
			}
		case InMerchantAuth:
			raws[p.Name] = member(auth, p.Name)
		case InBeneficiaries:
			if v.Beneficiaries != nil {
				raws[p.Name] = string(v.Beneficiaries)
			}
		}
	}
	// The currency decides the amount rules, so it is read first.
	currency := ""
	if p := op.param("currency"); p != nil {
		if s, ok := raws["currency"].(string); ok {
			currency = gatewayEnum(op, p, s)
		}
	}
	out := make(map[string]string, len(op.Params))
	for i := range op.Params {
		p := &op.Params[i]
		field := "fields." + p.Name
		switch p.In {
		case InMerchantAuth:
			field = "merchant_auth." + p.Name
		case InBeneficiaries:
			field = "beneficiaries"
		}
		raw := raws[p.Name]
		if isEmpty(raw) {
			if p.Required && !hasRule(op.Name, p.Name, GatewayOptional) {
				return nil, core.Fieldf(field, core.ErrRequired, "%s needs %s", op.Name, p.Name)
			}
			continue
		}
		text, err := receivedValue(op, p, field, raw, currency)
		if err != nil {
			return nil, err
		}
		out[p.Name] = text
	}
	return out, nil
}

// gatewayEnum returns s in the spelling of p's enumeration when the
// gateway reads p in any letter case, else s.
func gatewayEnum(op *Operation, p *Param, s string) string {
	if hasRule(op.Name, p.Name, GatewayAnyCase) {
		for _, e := range p.Enum {
			if strings.EqualFold(e, s) {
				return e
			}
		}
	}
	return s
}

// receivedValue checks one received value and returns it decoded.
func receivedValue(op *Operation, p *Param, field string, raw any, currency string) (string, error) {
	switch p.Type {
	case TypeString, TypeURL:
		s, ok := raw.(string)
		if !ok {
			if n, isNumber := raw.(json.Number); isNumber && p.Type == TypeString {
				s = string(n) // an id inside merchant_auth sent as a number
			} else {
				return "", core.Fieldf(field, core.ErrInvalidFormat, "%s must be a string", p.Name)
			}
		}
		if p.Type == TypeString {
			s = gatewayEnum(op, p, s)
			return s, checkText(p, field, s)
		}
		if err := checkLength(p, field, s); err != nil {
			return "", err
		}
		if hasRule(op.Name, p.Name, GatewayAsSent) {
			return s, nil
		}
		if p.Encoding == EncodingBase64 {
			decoded, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				return "", core.Fieldf(field, core.ErrInvalidFormat, "%s is not base64", p.Name)
			}
			s = string(decoded)
		}
		if checkURL(field, s) != nil {
			return "", core.Fieldf(field, core.ErrInvalidFormat, "%s is not an absolute http(s) URL", p.Name)
		}
		return s, nil
	case TypeAmount:
		s, err := amountText(field, raw)
		if err != nil {
			return "", err
		}
		_, err = formatAmount(field, s, currency, p.AllowZero)
		return s, err
	case TypeInteger:
		return integerText(p, field, raw)
	}
	// Arrays and objects: the JSON text, as received or decoded.
	var value any
	switch t := raw.(type) {
	case string:
		if err := checkLength(p, field, t); err != nil {
			return "", err
		}
		text := t
		if p.Encoding == EncodingBase64 {
			decoded, err := base64.StdEncoding.DecodeString(t)
			if err != nil {
				return "", core.Fieldf(field, core.ErrInvalidFormat, "%s is not base64", p.Name)
			}
			text = string(decoded)
		}
		parsed, err := wire.Parse([]byte(text))
		if err != nil {
			return "", core.Fieldf(field, core.ErrInvalidFormat, "%s is not JSON", p.Name)
		}
		value = parsed
	default: // embedded in merchant_auth
		value = t
	}
	switch t := value.(type) {
	case []any:
		if p.Type != TypeArray || len(t) == 0 {
			break
		}
		if err := checkList(p, field, t); err != nil {
			return "", err
		}
		return string(php.Encode(t)), nil
	case wire.Object:
		if p.Type == TypeObject {
			return string(php.Encode(t)), nil
		}
	}
	return "", core.Fieldf(field, core.ErrInvalidFormat, "%s must be a JSON %s", p.Name, p.Type)
}

// ReceivedJSON reads a JSON request body as PayWay's PHP servers do:
// json_decode into an array, each scalar as PHP's (string) cast writes it
// (a number 1.50 is "1.5", true is "1"), surrounding white space trimmed.
// A member that is an object or an array is refused: PayWay's fields are
// text. It is meant for test doubles of PayWay, with Verify.
func ReceivedJSON(body []byte) (map[string]string, error) {
	v, err := wire.Parse(body)
	obj, ok := v.(wire.Object)
	if err != nil || !ok {
		return nil, core.Fieldf("body", core.ErrMalformedRequest, "the body is not a JSON object")
	}
	fields := make(map[string]string, len(obj))
	for _, e := range php.Decode(obj) {
		switch e.Value.(type) {
		case wire.Object, []any:
			return nil, core.Fieldf("fields."+clip(e.Key.Name), core.ErrInvalidFormat, "%s must be a string, not a JSON object or array", clip(e.Key.Name))
		}
		fields[e.Key.Name] = strings.TrimSpace(php.String(e.Value))
	}
	return fields, nil
}
