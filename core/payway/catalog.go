package payway

import "slices"

// The catalogue: every PayWay operation paysign signs, kept as data. Each
// entry's facts come from the PayWay reference (reference/payway.md §2.0,
// the row number is given) and are the only place they are written down.
// Sign, Verify, the catalogue op and the generated bindings' types all read
// these entries.

// Environment base URLs.
var baseURLs = map[string]string{
	"sandbox":    "https://checkout-sandbox.payway.com.kh",
	"production": "https://checkout.payway.com.kh",
}

// Content types.
const (
	contentJSON      = "application/json"
	contentMultipart = "multipart/form-data"
	contentForm      = "application/x-www-form-urlencoded"
)

// Where a parameter goes.
const (
	inBody          = "body"
	inMerchantAuth  = "merchant_auth"
	inBeneficiaries = "beneficiaries"
)

// Parameter types, as the catalogue op reports them.
const (
	typeString  = "string"  // text, sent as given
	typeAmount  = "amount"  // decimal string; formatted by currency
	typeURL     = "url"     // absolute http(s) URL
	typeInteger = "integer" // whole number, sent as its decimal text
	typeArray   = "array"   // JSON array, encoded by paysign
	typeObject  = "object"  // JSON object, encoded by paysign
)

// Encodings paysign applies before sending (and hashing).
const (
	encNone       = ""
	encBase64     = "base64"      // base64 of the URL or of the PHP json_encode text
	encJSONString = "json_string" // the PHP json_encode text as a string
)

// Text formats checked beyond length.
const (
	fmtTranID   = "tran_id"   // [A-Za-z0-9-]
	fmtAlnum524 = "alnum5-24" // 5–24 letters and digits
	fmtListDate = "list_date" // YYYY-MM-DD HH:mm:ss
	fmtEmail    = "email"     // one '@', no spaces
)

// Param describes one input of an operation.
type Param struct {
	Name        string   `json:"name"`
	Type        string   `json:"type"`
	Required    bool     `json:"required"`
	MaxLength   int      `json:"max_length,omitempty"` // in characters, of the value as sent
	MaxItems    int      `json:"max_items,omitempty"`  // arrays
	Enum        []string `json:"enum,omitempty"`
	Min         int      `json:"min,omitempty"` // integers
	Max         int      `json:"max,omitempty"` // integers
	Format      string   `json:"format,omitempty"`
	Encoding    string   `json:"encoding,omitempty"`
	In          string   `json:"in"`
	AllowZero   bool     `json:"allow_zero,omitempty"` // amounts that may be 0 (filters, shipping)
	Description string   `json:"description"`
}

// Operation describes one PayWay endpoint: where it is, how its hash is
// made, and what it takes. The fields sent are the time field and
// merchant_id, then the hash fields in hash order, then the body parameters
// that are not hashed, then hash.
type Operation struct {
	Name           string   `json:"name"`
	Title          string   `json:"title"`
	Path           string   `json:"path"`
	Method         string   `json:"method"`
	ContentType    string   `json:"content_type"`
	TimeField      string   `json:"time_field"`      // "req_time", "request_time" or "" (none)
	HashFields     []string `json:"hash_fields"`     // concatenated in this order; absent fields count as ""
	HashEncoding   string   `json:"hash_encoding"`   // "base64" or "hex"
	EncryptedField string   `json:"encrypted_field"` // "merchant_auth", "beneficiaries" or ""
	MerchantIDMax  int      `json:"merchant_id_max_length"`
	Params         []Param  `json:"params"`
	Verified       string   `json:"verified"` // "sandbox", "docs" or "inferred"
	Notes          string   `json:"notes,omitempty"`

	sendOrder []string // derived once from the fields above; see sendOrder
}

// Shared parameter definitions. Operations copy them, so each fact about a
// field is written once.
var (
	pTranID   = Param{Name: "tran_id", Type: typeString, Required: true, MaxLength: 20, Format: fmtTranID, In: inBody, Description: "merchant transaction id: letters, digits and '-'"}
	pAmount   = Param{Name: "amount", Type: typeAmount, Required: true, In: inBody, Description: "decimal string; USD 2 decimals (min 0.01), KHR whole (min 100)"}
	pCurrency = Param{Name: "currency", Type: typeString, Enum: []string{"KHR", "USD"}, In: inBody, Description: "transaction currency"}
	pItems    = Param{Name: "items", Type: typeArray, MaxLength: 500, Encoding: encBase64, In: inBody, Description: "array of {name, quantity, price}; sent as base64 of its JSON"}
	pShipping = Param{Name: "shipping", Type: typeAmount, AllowZero: true, In: inBody, Description: "shipping fee in the transaction currency"}
	pEmail    = Param{Name: "email", Type: typeString, MaxLength: 50, Format: fmtEmail, In: inBody, Description: "payer email"}
	pPhone    = Param{Name: "phone", Type: typeString, MaxLength: 20, In: inBody, Description: "payer phone"}
	pReturnDL = Param{Name: "return_deeplink", Type: typeObject, Encoding: encBase64, In: inBody, Description: "{ios_scheme, android_scheme}; sent as base64 of its JSON"}
	pCustom   = Param{Name: "custom_fields", Type: typeObject, Encoding: encBase64, In: inBody, Description: "merchant data; sent as base64 of its JSON"}
	pRetParam = Param{Name: "return_params", Type: typeString, MaxLength: 500, In: inBody, Description: "returned as-is in the pushback"}
	pCallback = Param{Name: "callback_url", Type: typeURL, Encoding: encBase64, In: inBody, Description: "pushback URL; sent as base64"}
	pCTID     = Param{Name: "ctid", Type: typeString, Required: true, Format: fmtAlnum524, In: inBody, Description: "consumer token id: 5–24 letters and digits"}
	pPWT      = Param{Name: "pwt", Type: typeString, Required: true, MaxLength: 255, In: inBody, Description: "payment token returned by link account/card"}
	pReqID    = Param{Name: "request_id", Type: typeString, Required: true, Format: fmtAlnum524, In: inBody, Description: "unique request id: 5–24 letters and digits"}
	pPurType  = Param{Name: "purchase_type", Type: typeString, Enum: []string{"purchase", "pre-auth"}, In: inBody, Description: "purchase or pre-auth"}
	pLifetime = Param{Name: "lifetime", Type: typeInteger, Min: 3, Max: 43200, In: inBody, Description: "payment lifetime in minutes (3 to 43200)"}
)

func req(p Param) Param                { p.Required = true; return p }
func opt(p Param) Param                { p.Required = false; return p }
func in(p Param, where string) Param   { p.In = where; return p }
func maxLen(p Param, n int) Param      { p.MaxLength = n; return p }
func named(p Param, name string) Param { p.Name = name; return p }

func purchaseParams(subscription bool) []Param {
	ps := []Param{pTranID, pAmount, pItems}
	if subscription {
		ps = append(ps, req(pCTID))
	}
	ps = append(ps,
		pShipping,
		Param{Name: "firstname", Type: typeString, MaxLength: 100, In: inBody, Description: "payer first name"},
		Param{Name: "lastname", Type: typeString, MaxLength: 100, In: inBody, Description: "payer last name"},
		pEmail, pPhone,
		Param{Name: "type", Type: typeString, Enum: []string{"purchase", "pre-auth"}, In: inBody, Description: "purchase (default) or pre-auth"},
		Param{Name: "payment_option", Type: typeString, Enum: []string{"cards", "abapay_khqr", "abapay_khqr_deeplink", "alipay", "wechat", "google_pay", "abapay", "abapay_deeplink", "bakong"}, In: inBody, Description: "empty: the checkout shows every enabled option"},
		Param{Name: "return_url", Type: typeURL, Encoding: encBase64, In: inBody, Description: "pushback URL; sent as base64"},
		Param{Name: "cancel_url", Type: typeURL, In: inBody, Description: "sent as a plain URL (the documented form; see README, conflicts)"},
		Param{Name: "continue_success_url", Type: typeURL, In: inBody, Description: "sent as a plain URL"},
		pReturnDL, pCurrency, pCustom, pRetParam,
		Param{Name: "payout", Type: typeArray, MaxItems: 10, Encoding: encBase64, In: inBody, Description: "array of {acc, amt}; sent as base64 of its JSON"},
		pLifetime,
		Param{Name: "additional_params", Type: typeObject, Encoding: encBase64, In: inBody, Description: "{wechat_sub_appid, wechat_sub_openid}; sent as base64 of its JSON"},
	)
	if !subscription {
		ps = append(ps, Param{Name: "google_pay_token", Type: typeString, In: inBody, Description: "Google Pay token"})
	}
	ps = append(ps, Param{Name: "skip_success_page", Type: typeString, Enum: []string{"0", "1"}, In: inBody, Description: "1 skips PayWay's success page"})
	if subscription {
		ps = append(ps,
			Param{Name: "token_flag", Type: typeString, Required: true, Enum: []string{"CITR_FIX"}, In: inBody, Description: "CITR_FIX for subscriptions"},
			Param{Name: "frequency", Type: typeString, Required: true, Enum: []string{"1W", "1M", "2M"}, In: inBody, Description: "billing frequency"},
		)
	}
	return append(ps,
		Param{Name: "view_type", Type: typeString, Enum: []string{"hosted_view", "popup"}, In: inBody, Description: "not hashed"},
		Param{Name: "payment_gate", Type: typeString, Enum: []string{"0"}, In: inBody, Description: "0 returns the hosted page; not hashed"},
	)
}

var purchaseHash = []string{"req_time", "merchant_id", "tran_id", "amount", "items", "shipping", "firstname", "lastname", "email", "phone", "type", "payment_option", "return_url", "cancel_url", "continue_success_url", "return_deeplink", "currency", "custom_fields", "return_params", "payout", "lifetime", "additional_params", "google_pay_token", "skip_success_page"}

var subscriptionHash = []string{"req_time", "merchant_id", "tran_id", "amount", "items", "ctid", "shipping", "firstname", "lastname", "email", "phone", "type", "payment_option", "return_url", "cancel_url", "continue_success_url", "return_deeplink", "currency", "custom_fields", "return_params", "payout", "lifetime", "additional_params", "skip_success_page", "token_flag", "frequency"}

const (
	v1      = "/api/payment-gateway/v1"
	portal  = "/api/merchant-portal/merchant-access"
	credV3  = "/api/payment-credential/v3"
	authFld = "merchant_auth"
)

var tranQuery = []Param{pTranID}

var catalog = []Operation{
	{Name: "purchase", Title: "Purchase (row 1)", Path: v1 + "/payments/purchase", ContentType: contentMultipart, TimeField: "req_time", MerchantIDMax: 30,
		HashFields: purchaseHash, Params: purchaseParams(false), Verified: "sandbox",
		Notes: "view_type and payment_gate are sent but not hashed; pre-auth is type=pre-auth"},
	{Name: "subscription", Title: "Subscription (row 2)", Path: v1 + "/payments/purchase", ContentType: contentMultipart, TimeField: "req_time", MerchantIDMax: 30,
		HashFields: subscriptionHash, Params: purchaseParams(true), Verified: "sandbox",
		Notes: "ctid is hashed right after items: the documented order without ctid is rejected by the gateway (reference §2.1)"},
	{Name: "check_transaction", Title: "Check transaction (row 3)", Path: v1 + "/payments/check-transaction-2", ContentType: contentJSON, TimeField: "req_time", MerchantIDMax: 30,
		HashFields: []string{"req_time", "merchant_id", "tran_id"}, Params: tranQuery, Verified: "sandbox",
		Notes: "the -2 path; the unsuffixed path is an older API version"},
	{Name: "transaction_detail", Title: "Get transaction details (row 4)", Path: v1 + "/payments/transaction-detail", ContentType: contentJSON, TimeField: "req_time", MerchantIDMax: 30,
		HashFields: []string{"req_time", "merchant_id", "tran_id"}, Params: tranQuery, Verified: "sandbox"},
	{Name: "close_transaction", Title: "Close transaction (row 5)", Path: v1 + "/payments/close-transaction", ContentType: contentJSON, TimeField: "req_time", MerchantIDMax: 30,
		HashFields: []string{"req_time", "merchant_id", "tran_id"}, Params: tranQuery, Verified: "sandbox"},
	{Name: "transaction_list", Title: "Get transaction list (row 6)", Path: v1 + "/payments/transaction-list-2", ContentType: contentJSON, TimeField: "req_time", MerchantIDMax: 30,
		HashFields: []string{"req_time", "merchant_id", "from_date", "to_date", "from_amount", "to_amount", "status", "page", "pagination"},
		Params: []Param{
			{Name: "from_date", Type: typeString, Format: fmtListDate, In: inBody, Description: "YYYY-MM-DD HH:mm:ss (gateway time, UTC+7)"},
			{Name: "to_date", Type: typeString, Format: fmtListDate, In: inBody, Description: "YYYY-MM-DD HH:mm:ss; at most 3 days after from_date"},
			{Name: "from_amount", Type: typeAmount, AllowZero: true, In: inBody, Description: "lower amount bound"},
			{Name: "to_amount", Type: typeAmount, AllowZero: true, In: inBody, Description: "upper amount bound"},
			{Name: "status", Type: typeString, MaxLength: 100, In: inBody, Description: "comma-separated status names, e.g. APPROVED,REFUNDED"},
			{Name: "page", Type: typeInteger, Min: 1, Max: 1000000, In: inBody, Description: "page number (default 1)"},
			{Name: "pagination", Type: typeInteger, Min: 1, Max: 1000, In: inBody, Description: "page size (default 40, max 1000)"},
		}, Verified: "sandbox",
		Notes: "the PHP sample's '+' between to_date and from_amount is a typo: values are concatenated"},
	{Name: "exchange_rate", Title: "Exchange rate (row 7)", Path: v1 + "/exchange-rate", ContentType: contentJSON, TimeField: "req_time", MerchantIDMax: 30,
		HashFields: []string{"req_time", "merchant_id"}, Params: []Param{}, Verified: "sandbox"},
	{Name: "refund", Title: "Refund (row 8)", Path: portal + "/online-transaction/refund", ContentType: contentJSON, TimeField: "request_time", MerchantIDMax: 20,
		HashFields: []string{"request_time", "merchant_id", authFld}, EncryptedField: authFld,
		Params: []Param{
			in(pTranID, inMerchantAuth),
			{Name: "refund_amount", Type: typeAmount, Required: true, In: inMerchantAuth, Description: "amount to refund, a decimal string (at most 2 decimals)"},
		}, Verified: "sandbox"},
	{Name: "generate_qr", Title: "QR API (row 9)", Path: v1 + "/payments/generate-qr", ContentType: contentJSON, TimeField: "req_time", MerchantIDMax: 30,
		HashFields: []string{"req_time", "merchant_id", "tran_id", "amount", "items", "first_name", "last_name", "email", "phone", "purchase_type", "payment_option", "callback_url", "return_deeplink", "currency", "custom_fields", "return_params", "payout", "lifetime", "qr_image_template"},
		Params: []Param{
			pTranID, pAmount, Param{Name: "items", Type: typeArray, MaxLength: 500, MaxItems: 10, Encoding: encBase64, In: inBody, Description: "at most 10 {name, quantity, price}; sent as base64 of its JSON"},
			{Name: "first_name", Type: typeString, MaxLength: 20, In: inBody, Description: "payer first name"},
			{Name: "last_name", Type: typeString, MaxLength: 20, In: inBody, Description: "payer last name"},
			pEmail, pPhone, pPurType,
			{Name: "payment_option", Type: typeString, Required: true, Enum: []string{"abapay_khqr", "wechat", "alipay"}, In: inBody, Description: "wechat and alipay are USD only"},
			maxLen(pCallback, 255), maxLen(pReturnDL, 255), req(pCurrency), maxLen(pCustom, 255), pRetParam,
			{Name: "payout", Type: typeArray, MaxLength: 255, MaxItems: 10, Encoding: encBase64, In: inBody, Description: "array of {account, amount}; sent as base64 of its JSON"},
			{Name: "lifetime", Type: typeInteger, Required: true, Min: 3, Max: 172800, In: inBody, Description: "QR lifetime in minutes (3 to 172800; the docs disagree on the maximum)"},
			{Name: "qr_image_template", Type: typeString, Required: true, MaxLength: 20, In: inBody, Description: "e.g. template1, template3_color"},
		}, Verified: "sandbox",
		Notes: "the PHP sample's '$last_name+ email' is a typo: email follows last_name"},
	{Name: "request_qr", Title: "QR for Soundbox (row 10)", Path: v1 + "/payments/request-qr", ContentType: contentJSON, TimeField: "req_time", MerchantIDMax: 30,
		HashFields: []string{"req_time", "merchant_id", "tran_id", "amount", "purchase_type", "payment_option", "callback_url", "currency", "lifetime"},
		Params: []Param{
			pTranID, opt(pAmount), pPurType,
			{Name: "payment_option", Type: typeString, Enum: []string{"abapay", "abapay_khqr", "wechat", "alipay"}, In: inBody, Description: "payment option"},
			req(pCallback), pCurrency, pLifetime,
		}, Verified: "inferred",
		Notes: "only in the ABA-shared spec, whose hash text copies generate-qr; this order drops the fields the endpoint does not have (unverified)"},
	{Name: "get_transactions_by_mc_ref", Title: "KHQR get transactions by merchant ref (row 11)", Path: v1 + "/payments/get-transactions-by-mc-ref", ContentType: contentJSON, TimeField: "req_time", MerchantIDMax: 30,
		HashFields: []string{"req_time", "merchant_id", "merchant_ref"},
		Params:     []Param{{Name: "merchant_ref", Type: typeString, Required: true, MaxLength: 20, In: inBody, Description: "merchant reference"}}, Verified: "docs"},
	{Name: "create_payment_link", Title: "Create payment link (row 12)", Path: portal + "/payment-link/create", ContentType: contentMultipart, TimeField: "request_time", MerchantIDMax: 30,
		HashFields: []string{"request_time", "merchant_id", authFld}, EncryptedField: authFld,
		Params: []Param{
			{Name: "title", Type: typeString, Required: true, MaxLength: 250, In: inMerchantAuth, Description: "link title"},
			in(pAmount, inMerchantAuth), in(req(pCurrency), inMerchantAuth),
			{Name: "description", Type: typeString, MaxLength: 250, In: inMerchantAuth, Description: "link description"},
			{Name: "payment_limit", Type: typeInteger, Min: 1, Max: 1000000, In: inMerchantAuth, Description: "how many payments the link accepts"},
			{Name: "expired_date", Type: typeInteger, Required: true, Min: 1, Max: 1<<31 - 1, In: inMerchantAuth, Description: "Unix time in seconds; at least ~5 minutes ahead"},
			{Name: "return_url", Type: typeURL, Encoding: encBase64, In: inMerchantAuth, Description: "pushback URL; base64 inside merchant_auth"},
			{Name: "merchant_ref_no", Type: typeString, MaxLength: 50, In: inMerchantAuth, Description: "merchant reference"},
			{Name: "payout", Type: typeArray, MaxItems: 10, Encoding: encJSONString, In: inMerchantAuth, Description: "array of {acc, amt}; a JSON string inside merchant_auth"},
		}, Verified: "sandbox",
		Notes: "an optional image part is sent but never hashed; attach it yourself"},
	{Name: "payment_link_detail", Title: "Get payment link details (row 13)", Path: portal + "/payment-link/detail", ContentType: contentJSON, TimeField: "request_time", MerchantIDMax: 30,
		HashFields: []string{"request_time", "merchant_id", authFld}, EncryptedField: authFld,
		Params: []Param{{Name: "id", Type: typeString, Required: true, MaxLength: 100, In: inMerchantAuth, Description: "data.id returned by create_payment_link"}}, Verified: "sandbox"},
	{Name: "void_payment_link", Title: "Void payment link (row 14)", Path: portal + "/payment-link/void", ContentType: contentJSON, TimeField: "request_time", MerchantIDMax: 30,
		HashFields: []string{"request_time", "merchant_id", authFld}, EncryptedField: authFld,
		Params: []Param{{Name: "id", Type: typeString, Required: true, MaxLength: 100, In: inMerchantAuth, Description: "data.id returned by create_payment_link"}}, Verified: "sandbox",
		Notes: "not in the public docs"},
	{Name: "pre_auth_completion", Title: "Complete pre-auth, with or without payout (row 15)", Path: portal + "/online-transaction/pre-auth-completion", ContentType: contentJSON, TimeField: "request_time", MerchantIDMax: 20,
		HashFields: []string{authFld, "request_time", "merchant_id"}, EncryptedField: authFld,
		Params: []Param{
			in(pTranID, inMerchantAuth),
			{Name: "complete_amount", Type: typeAmount, Required: true, In: inMerchantAuth, Description: "amount to capture, a decimal string (at most 2 decimals)"},
			{Name: "payout", Type: typeArray, MaxItems: 10, In: inMerchantAuth, Description: "array of {acc, amt}; a JSON array inside merchant_auth"},
		}, Verified: "sandbox"},
	{Name: "pre_auth_cancellation", Title: "Cancel pre-auth (row 16)", Path: portal + "/online-transaction/pre-auth-cancellation", ContentType: contentJSON, TimeField: "request_time", MerchantIDMax: 20,
		HashFields: []string{"merchant_id", authFld, "request_time"}, EncryptedField: authFld,
		Params: []Param{in(pTranID, inMerchantAuth)}, Verified: "sandbox"},
	{Name: "payout", Title: "Payout (row 17)", Path: "/api/payment-gateway/v2/direct-payment/merchant/payout", ContentType: contentJSON, TimeField: "", MerchantIDMax: 255,
		HashFields: []string{"merchant_id", "tran_id", "beneficiaries", "amount", "custom_fields", "currency"}, HashEncoding: "hex", EncryptedField: "beneficiaries",
		Params: []Param{
			pTranID,
			{Name: "beneficiaries", Type: typeArray, Required: true, MaxItems: 10, In: inBeneficiaries, Description: "array of {account, amount}; RSA-encrypted into beneficiaries"},
			pAmount,
			{Name: "custom_fields", Type: typeObject, MaxLength: 255, Encoding: encJSONString, In: inBody, Description: "merchant data; sent as a plain JSON string (not base64)"},
			req(pCurrency),
		}, Verified: "sandbox",
		Notes: "no time field; the hash is lowercase hex, not base64"},
	{Name: "add_beneficiary", Title: "Add beneficiary to whitelist (row 18)", Path: portal + "/whitelist-account/add-whitelist-payout", ContentType: contentJSON, TimeField: "request_time", MerchantIDMax: 30,
		HashFields: []string{"request_time", authFld}, EncryptedField: authFld,
		Params: []Param{{Name: "payee", Type: typeString, Required: true, MaxLength: 100, In: inMerchantAuth, Description: "beneficiary account"}}, Verified: "sandbox",
		Notes: "merchant_id is sent but not hashed"},
	{Name: "update_beneficiary_status", Title: "Update beneficiary status (row 19)", Path: portal + "/whitelist-account/update-whitelist-status", ContentType: contentJSON, TimeField: "request_time", MerchantIDMax: 30,
		HashFields: []string{"request_time", authFld}, EncryptedField: authFld,
		Params: []Param{
			{Name: "payee", Type: typeString, Required: true, MaxLength: 100, In: inMerchantAuth, Description: "beneficiary account"},
			{Name: "status", Type: typeInteger, Required: true, Min: 0, Max: 1, In: inMerchantAuth, Description: "1 enables, 0 disables; a JSON number inside merchant_auth"},
		}, Verified: "sandbox",
		Notes: "merchant_id is sent but not hashed"},
	{Name: "link_account", Title: "Link account, v3 (row 20)", Path: credV3 + "/aof/link-account", ContentType: contentJSON, TimeField: "request_time", MerchantIDMax: 20,
		HashFields: []string{"merchant_id", "request_time", "ctid", "return_deeplink", "callback_url", "request_id", "token_flag", "currency"},
		Params: []Param{pCTID, pReturnDL, pCallback, pReqID,
			{Name: "token_flag", Type: typeString, Required: true, Enum: []string{"CITI_FLEX", "CITO_FLEX"}, In: inBody, Description: "token type"},
			req(pCurrency)}, Verified: "sandbox"},
	{Name: "link_card", Title: "Link card, v3 (row 21)", Path: credV3 + "/cof/link-card", ContentType: contentForm, TimeField: "request_time", MerchantIDMax: 20,
		HashFields: []string{"merchant_id", "request_time", "ctid", "callback_url", "request_id", "token_flag", "frequency", "amount", "currency", "continue_success_url"},
		Params: []Param{pCTID, pCallback, pReqID,
			{Name: "token_flag", Type: typeString, Required: true, MaxLength: 20, In: inBody, Description: "token type"},
			{Name: "frequency", Type: typeString, MaxLength: 10, In: inBody, Description: "hashed; send when the card is linked for recurring payments"},
			opt(pAmount), req(pCurrency),
			{Name: "continue_success_url", Type: typeURL, Encoding: encBase64, In: inBody, Description: "sent as base64"},
		}, Verified: "sandbox",
		Notes: "form post; the gateway answers with a 302 redirect"},
	{Name: "purchase_with_token", Title: "Payment with token, v3 (row 22)", Path: "/api/payment-gateway/v3/purchase/payment-credential", ContentType: contentJSON, TimeField: "request_time", MerchantIDMax: 20,
		HashFields: []string{"request_time", "merchant_id", "tran_id", "amount", "currency", "items", "ctid", "pwt", "first_name", "last_name", "email", "phone", "purchase_type", "callback_url", "custom_fields", "return_params", "payout", "token_flag", "shipping_fee"},
		Params: []Param{pTranID, pAmount, req(pCurrency), pItems, pCTID, pPWT,
			{Name: "first_name", Type: typeString, MaxLength: 20, In: inBody, Description: "payer first name"},
			{Name: "last_name", Type: typeString, MaxLength: 20, In: inBody, Description: "payer last name"},
			pEmail, pPhone, pPurType, pCallback, pCustom, pRetParam,
			{Name: "payout", Type: typeArray, MaxItems: 10, Encoding: encBase64, In: inBody, Description: "array of {acc, amt}; sent as base64 of its JSON"},
			{Name: "token_flag", Type: typeString, Required: true, Enum: []string{"CITU_FLEX", "MITU_FLEX", "MITR_FIX"}, In: inBody, Description: "who initiates the charge"},
			named(pShipping, "shipping_fee"),
		}, Verified: "sandbox",
		Notes: "amount excludes shipping_fee"},
	{Name: "renew_token", Title: "Renew account token, v3 (row 23)", Path: credV3 + "/token-management/renew-expired-account-token", ContentType: contentJSON, TimeField: "request_time", MerchantIDMax: 20,
		HashFields: []string{"ctid", "request_time", "pwt", "merchant_id", "request_id"},
		Params:     []Param{pCTID, pPWT, pReqID}, Verified: "sandbox"},
	{Name: "get_token_details", Title: "Get token details, v3 (row 24)", Path: credV3 + "/token-management/get-token-details", ContentType: contentJSON, TimeField: "request_time", MerchantIDMax: 20,
		HashFields: []string{"merchant_id", "request_time", "request_id"},
		Params:     []Param{pReqID}, Verified: "sandbox"},
	{Name: "remove_token", Title: "Remove token, v3 (row 25)", Path: credV3 + "/token-management/remove-token", ContentType: contentJSON, TimeField: "request_time", MerchantIDMax: 20,
		HashFields: []string{"merchant_id", "ctid", "request_time", "pwt"},
		Params:     []Param{pCTID, pPWT}, Verified: "sandbox"},
}

var byName = func() map[string]*Operation {
	m := make(map[string]*Operation, len(catalog))
	for i := range catalog {
		op := &catalog[i]
		op.Method = "POST"
		if op.HashEncoding == "" {
			op.HashEncoding = "base64"
		}
		op.sendOrder = sendOrder(op)
		m[op.Name] = op
	}
	return m
}()

// Operations returns a copy of the catalogue in its documented order;
// changing it changes nothing in paysign.
func Operations() []Operation {
	ops := make([]Operation, len(catalog))
	for i := range catalog {
		ops[i] = catalog[i].clone()
	}
	return ops
}

// Lookup returns a copy of the operation named name.
func Lookup(name string) (Operation, bool) {
	op, ok := byName[name]
	if !ok {
		return Operation{}, false
	}
	return op.clone(), true
}

// lookup returns the catalogue's own entry, for this package only.
func lookup(name string) (*Operation, bool) {
	op, ok := byName[name]
	return op, ok
}

// clone copies op deeply, so callers cannot change the catalogue.
func (op *Operation) clone() Operation {
	c := *op
	c.HashFields = slices.Clone(op.HashFields)
	c.sendOrder = slices.Clone(op.sendOrder)
	c.Params = slices.Clone(op.Params)
	for i := range c.Params {
		c.Params[i].Enum = slices.Clone(op.Params[i].Enum)
	}
	return c
}

// BaseURL returns the base URL of environment ("sandbox" or "production").
func BaseURL(environment string) (string, bool) {
	u, ok := baseURLs[environment]
	return u, ok
}
