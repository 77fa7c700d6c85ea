package payway

import "slices"

// The catalogue: every PayWay operation paysign signs, kept as data. Each
// fact about an endpoint is written down here once; Sign, Verify, Hash,
// the payway.catalog op, the docs and the bindings' generated types all
// read it.

// baseURLs are the gateway's hosts per environment.
var baseURLs = map[string]string{
	"sandbox":    "https://checkout-sandbox.payway.com.kh",
	"production": "https://checkout.payway.com.kh",
}

// Content types of request bodies.
const (
	ContentJSON      = "application/json"
	ContentMultipart = "multipart/form-data"
	ContentForm      = "application/x-www-form-urlencoded"
)

// Where a parameter goes ([Param].In).
const (
	InBody          = "body"          // a field of the request
	InMerchantAuth  = "merchant_auth" // a member of the encrypted merchant_auth object
	InBeneficiaries = "beneficiaries" // the encrypted beneficiaries list (payout)
)

// Parameter types ([Param].Type).
const (
	TypeString  = "string"  // text, sent as given
	TypeAmount  = "amount"  // decimal; formatted by currency
	TypeURL     = "url"     // absolute http(s) URL
	TypeInteger = "integer" // whole number, sent as its decimal text
	TypeArray   = "array"   // JSON array, encoded by paysign
	TypeObject  = "object"  // JSON object, encoded by paysign
)

// Encodings paysign applies before sending and hashing ([Param].Encoding).
const (
	EncodingNone       = ""
	EncodingBase64     = "base64"      // base64 of the URL or of the PHP json_encode text
	EncodingJSONString = "json_string" // the PHP json_encode text as a string
)

// Documented successes that are not JSON ([Operation].OtherSuccess).
const (
	// AnswerCheckoutPage: a 2xx HTML page, the hosted checkout (purchase).
	AnswerCheckoutPage = "checkout_page"
	// AnswerRedirect: a 3xx whose Location carries the result (link_card).
	AnswerRedirect = "redirect"
)

// Text formats checked beyond length ([Param].Format).
const (
	FormatTranID     = "tran_id"   // letters, digits and '-'
	FormatAlnum5To24 = "alnum5-24" // 5 to 24 letters and digits
	FormatListDate   = "list_date" // YYYY-MM-DD HH:mm:ss
	FormatEmail      = "email"     // one '@', no spaces
)

// Param describes one input of an operation.
type Param struct {
	Name      string
	Type      string
	Required  bool
	MaxLength int // in characters, of the value as sent
	MaxItems  int // arrays
	Enum      []string
	Min       int // integers
	Max       int // integers
	Format    string
	Encoding  string
	In        string
	AllowZero bool // amounts that may be 0 (filters, shipping)
	// Members are the documented members of the object, or of each
	// element of the array ({name, quantity, price} for items).
	Members     []string
	Description string

	path string // "params." + Name, made once at start for the catalogue's entries (convert's errors)
}

// Operation describes one PayWay endpoint: where it is, how its hash is
// made, and what it takes. The fields sent are the time field and
// merchant_id, then the hash fields in hash order, then the body parameters
// that are not hashed, then hash.
type Operation struct {
	Name           string
	Title          string
	Path           string
	Method         string
	ContentType    string
	TimeField      string   // "req_time", "request_time" or "" (none)
	HashFields     []string // concatenated in this order; absent fields count as ""
	HashEncoding   string   // "base64" or "hex"
	EncryptedField string   // "merchant_auth", "beneficiaries" or ""
	MerchantIDMax  int
	Params         []Param
	Verified       string // "sandbox", "docs" or "inferred"
	Notes          string
	// Query reports that the operation only reads (check_transaction,
	// transaction_detail, ...): repeating it is always safe, while every
	// other operation may move money and is sent once.
	Query bool
	// OtherSuccess is the documented success that is not a JSON answer
	// with a success code: AnswerCheckoutPage or AnswerRedirect, or "".
	// Any other answer without PayWay's code is not success.
	OtherSuccess string

	families  []string // the response code families of its answers, most specific first
	sendOrder []string // derived once from the fields above; see sendOrder
}

// The documented members of list elements.
var (
	itemMembers   = []string{"name", "quantity", "price"}
	accAmt        = []string{"acc", "amt"}
	accountAmount = []string{"account", "amount"}
)

// Shared parameter definitions. Operations copy them, so each fact about a
// field is written once.
var (
	pTranID   = Param{Name: "tran_id", Type: TypeString, Required: true, MaxLength: 20, Format: FormatTranID, In: InBody, Description: "merchant transaction id: letters, digits and '-'"}
	pAmount   = Param{Name: "amount", Type: TypeAmount, Required: true, In: InBody, Description: "decimal string; USD 2 decimals (min 0.01), KHR whole (min 100)"}
	pCurrency = Param{Name: "currency", Type: TypeString, Enum: []string{"KHR", "USD"}, In: InBody, Description: "transaction currency"}
	pItems    = Param{Name: "items", Type: TypeArray, MaxLength: 500, Members: itemMembers, Encoding: EncodingBase64, In: InBody, Description: "array of {name, quantity, price}; sent as base64 of its JSON"}
	pShipping = Param{Name: "shipping", Type: TypeAmount, AllowZero: true, In: InBody, Description: "shipping fee in the transaction currency"}
	pEmail    = Param{Name: "email", Type: TypeString, MaxLength: 50, Format: FormatEmail, In: InBody, Description: "payer email"}
	pPhone    = Param{Name: "phone", Type: TypeString, MaxLength: 20, In: InBody, Description: "payer phone"}
	pReturnDL = Param{Name: "return_deeplink", Type: TypeObject, Members: []string{"ios_scheme", "android_scheme"}, Encoding: EncodingBase64, In: InBody, Description: "{ios_scheme, android_scheme}; sent as base64 of its JSON"}
	pCustom   = Param{Name: "custom_fields", Type: TypeObject, Encoding: EncodingBase64, In: InBody, Description: "merchant data; sent as base64 of its JSON"}
	pRetParam = Param{Name: "return_params", Type: TypeString, MaxLength: 500, In: InBody, Description: "returned as-is in the pushback"}
	pCallback = Param{Name: "callback_url", Type: TypeURL, Encoding: EncodingBase64, In: InBody, Description: "pushback URL; sent as base64"}
	pCTID     = Param{Name: "ctid", Type: TypeString, Required: true, Format: FormatAlnum5To24, In: InBody, Description: "consumer token id: 5–24 letters and digits"}
	pPWT      = Param{Name: "pwt", Type: TypeString, Required: true, MaxLength: 255, In: InBody, Description: "payment token returned by link account/card"}
	pReqID    = Param{Name: "request_id", Type: TypeString, Required: true, Format: FormatAlnum5To24, In: InBody, Description: "unique request id: 5–24 letters and digits"}
	pPurType  = Param{Name: "purchase_type", Type: TypeString, Enum: []string{"purchase", "pre-auth"}, In: InBody, Description: "purchase or pre-auth"}
	pLifetime = Param{Name: "lifetime", Type: TypeInteger, Min: 3, Max: 43200, In: InBody, Description: "payment lifetime in minutes (3 to 43200)"}
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
		Param{Name: "firstname", Type: TypeString, MaxLength: 100, In: InBody, Description: "payer first name"},
		Param{Name: "lastname", Type: TypeString, MaxLength: 100, In: InBody, Description: "payer last name"},
		pEmail, pPhone,
		Param{Name: "type", Type: TypeString, Enum: []string{"purchase", "pre-auth"}, In: InBody, Description: "purchase (default) or pre-auth"},
		Param{Name: "payment_option", Type: TypeString, Enum: []string{"cards", "abapay_khqr", "abapay_khqr_deeplink", "alipay", "wechat", "google_pay", "abapay", "abapay_deeplink", "bakong"}, In: InBody, Description: "empty: the checkout shows every enabled option"},
		Param{Name: "return_url", Type: TypeURL, Encoding: EncodingBase64, In: InBody, Description: "pushback URL; sent as base64"},
		Param{Name: "cancel_url", Type: TypeURL, In: InBody, Description: "sent as a plain URL (the documented form; see README, conflicts)"},
		Param{Name: "continue_success_url", Type: TypeURL, In: InBody, Description: "sent as a plain URL"},
		pReturnDL, pCurrency, pCustom, pRetParam,
		Param{Name: "payout", Type: TypeArray, MaxItems: 10, Members: accAmt, Encoding: EncodingBase64, In: InBody, Description: "array of {acc, amt}; sent as base64 of its JSON"},
		pLifetime,
		Param{Name: "additional_params", Type: TypeObject, Members: []string{"wechat_sub_appid", "wechat_sub_openid"}, Encoding: EncodingBase64, In: InBody, Description: "{wechat_sub_appid, wechat_sub_openid}; sent as base64 of its JSON"},
	)
	if !subscription {
		ps = append(ps, Param{Name: "google_pay_token", Type: TypeString, In: InBody, Description: "Google Pay token"})
	}
	ps = append(ps, Param{Name: "skip_success_page", Type: TypeString, Enum: []string{"0", "1"}, In: InBody, Description: "1 skips PayWay's success page"})
	if subscription {
		ps = append(ps,
			Param{Name: "token_flag", Type: TypeString, Required: true, Enum: []string{"CITR_FIX"}, In: InBody, Description: "CITR_FIX for subscriptions"},
			Param{Name: "frequency", Type: TypeString, Required: true, Enum: []string{"1W", "1M", "2M"}, In: InBody, Description: "billing frequency"},
		)
	}
	return append(ps,
		Param{Name: "view_type", Type: TypeString, Enum: []string{"hosted_view", "popup"}, In: InBody, Description: "not hashed"},
		Param{Name: "payment_gate", Type: TypeString, Enum: []string{"0"}, In: InBody, Description: "0 returns the hosted page; not hashed"},
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
	{Name: "purchase", OtherSuccess: AnswerCheckoutPage, Title: "Purchase", Path: v1 + "/payments/purchase", ContentType: ContentMultipart, TimeField: "req_time", MerchantIDMax: 30, families: []string{FamilyCheckout},
		HashFields: purchaseHash, Params: purchaseParams(false), Verified: "sandbox",
		Notes: "view_type and payment_gate are sent but not hashed; pre-auth is type=pre-auth"},
	{Name: "subscription", OtherSuccess: AnswerCheckoutPage, Title: "Subscription", Path: v1 + "/payments/purchase", ContentType: ContentMultipart, TimeField: "req_time", MerchantIDMax: 30, families: []string{FamilyCheckout, FamilyCredentials},
		HashFields: subscriptionHash, Params: purchaseParams(true), Verified: "sandbox",
		Notes: "ctid is hashed right after items: the documented order without ctid is rejected by the gateway"},
	{Name: "check_transaction", Query: true, Title: "Check transaction", Path: v1 + "/payments/check-transaction-2", ContentType: ContentJSON, TimeField: "req_time", MerchantIDMax: 30, families: []string{FamilyCheckout},
		HashFields: []string{"req_time", "merchant_id", "tran_id"}, Params: tranQuery, Verified: "sandbox",
		Notes: "the -2 path; the unsuffixed path is an older API version"},
	{Name: "transaction_detail", Query: true, Title: "Get transaction details", Path: v1 + "/payments/transaction-detail", ContentType: ContentJSON, TimeField: "req_time", MerchantIDMax: 30, families: []string{FamilyCheckout},
		HashFields: []string{"req_time", "merchant_id", "tran_id"}, Params: tranQuery, Verified: "sandbox"},
	{Name: "close_transaction", Title: "Close transaction", Path: v1 + "/payments/close-transaction", ContentType: ContentJSON, TimeField: "req_time", MerchantIDMax: 30, families: []string{FamilyCheckout},
		HashFields: []string{"req_time", "merchant_id", "tran_id"}, Params: tranQuery, Verified: "sandbox"},
	{Name: "transaction_list", Query: true, Title: "Get transaction list", Path: v1 + "/payments/transaction-list-2", ContentType: ContentJSON, TimeField: "req_time", MerchantIDMax: 30, families: []string{FamilyCheckout},
		HashFields: []string{"req_time", "merchant_id", "from_date", "to_date", "from_amount", "to_amount", "status", "page", "pagination"},
		Params: []Param{
			{Name: "from_date", Type: TypeString, Format: FormatListDate, In: InBody, Description: "YYYY-MM-DD HH:mm:ss (gateway time, UTC+7)"},
			{Name: "to_date", Type: TypeString, Format: FormatListDate, In: InBody, Description: "YYYY-MM-DD HH:mm:ss; at most 3 days after from_date"},
			{Name: "from_amount", Type: TypeAmount, AllowZero: true, In: InBody, Description: "lower amount bound"},
			{Name: "to_amount", Type: TypeAmount, AllowZero: true, In: InBody, Description: "upper amount bound"},
			{Name: "status", Type: TypeString, MaxLength: 100, In: InBody, Description: "comma-separated status names, e.g. APPROVED,REFUNDED"},
			{Name: "page", Type: TypeInteger, Min: 1, Max: 1000000, In: InBody, Description: "page number (default 1)"},
			{Name: "pagination", Type: TypeInteger, Min: 1, Max: 1000, In: InBody, Description: "page size (default 40, max 1000)"},
		}, Verified: "sandbox",
		Notes: "the PHP sample's '+' between to_date and from_amount is a typo: values are concatenated"},
	{Name: "exchange_rate", Query: true, Title: "Exchange rate", Path: v1 + "/exchange-rate", ContentType: ContentJSON, TimeField: "req_time", MerchantIDMax: 30, families: []string{FamilyCheckout},
		HashFields: []string{"req_time", "merchant_id"}, Params: []Param{}, Verified: "sandbox"},
	{Name: "refund", Title: "Refund", Path: portal + "/online-transaction/refund", ContentType: ContentJSON, TimeField: "request_time", MerchantIDMax: 20, families: []string{FamilyMerchantPortal},
		HashFields: []string{"request_time", "merchant_id", authFld}, EncryptedField: authFld,
		Params: []Param{
			in(pTranID, InMerchantAuth),
			{Name: "refund_amount", Type: TypeAmount, Required: true, In: InMerchantAuth, Description: "amount to refund, a decimal string (at most 2 decimals)"},
		}, Verified: "sandbox"},
	{Name: "generate_qr", Title: "QR API", Path: v1 + "/payments/generate-qr", ContentType: ContentJSON, TimeField: "req_time", MerchantIDMax: 30, families: []string{FamilyCheckout},
		HashFields: []string{"req_time", "merchant_id", "tran_id", "amount", "items", "first_name", "last_name", "email", "phone", "purchase_type", "payment_option", "callback_url", "return_deeplink", "currency", "custom_fields", "return_params", "payout", "lifetime", "qr_image_template"},
		Params: []Param{
			pTranID, pAmount, Param{Name: "items", Type: TypeArray, MaxLength: 500, MaxItems: 10, Members: itemMembers, Encoding: EncodingBase64, In: InBody, Description: "at most 10 {name, quantity, price}; sent as base64 of its JSON"},
			{Name: "first_name", Type: TypeString, MaxLength: 20, In: InBody, Description: "payer first name"},
			{Name: "last_name", Type: TypeString, MaxLength: 20, In: InBody, Description: "payer last name"},
			pEmail, pPhone, pPurType,
			{Name: "payment_option", Type: TypeString, Required: true, Enum: []string{"abapay_khqr", "wechat", "alipay"}, In: InBody, Description: "wechat and alipay are USD only"},
			maxLen(pCallback, 255), maxLen(pReturnDL, 255), req(pCurrency), maxLen(pCustom, 255), pRetParam,
			{Name: "payout", Type: TypeArray, MaxLength: 255, MaxItems: 10, Members: accountAmount, Encoding: EncodingBase64, In: InBody, Description: "array of {account, amount}; sent as base64 of its JSON"},
			{Name: "lifetime", Type: TypeInteger, Required: true, Min: 3, Max: 172800, In: InBody, Description: "QR lifetime in minutes (3 to 172800; the docs disagree on the maximum)"},
			{Name: "qr_image_template", Type: TypeString, Required: true, MaxLength: 20, In: InBody, Description: "e.g. template1, template3_color"},
		}, Verified: "sandbox",
		Notes: "the PHP sample's '$last_name+ email' is a typo: email follows last_name"},
	{Name: "request_qr", Title: "QR for Soundbox", Path: v1 + "/payments/request-qr", ContentType: ContentJSON, TimeField: "req_time", MerchantIDMax: 30, families: []string{FamilyCheckout},
		HashFields: []string{"req_time", "merchant_id", "tran_id", "amount", "purchase_type", "payment_option", "callback_url", "currency", "lifetime"},
		Params: []Param{
			pTranID, opt(pAmount), pPurType,
			{Name: "payment_option", Type: TypeString, Enum: []string{"abapay", "abapay_khqr", "wechat", "alipay"}, In: InBody, Description: "payment option"},
			req(pCallback), pCurrency, pLifetime,
		}, Verified: "inferred",
		Notes: "only in the ABA-shared spec, whose hash text copies generate-qr; this order drops the fields the endpoint does not have (unverified)"},
	{Name: "get_transactions_by_mc_ref", Query: true, Title: "KHQR get transactions by merchant ref", Path: v1 + "/payments/get-transactions-by-mc-ref", ContentType: ContentJSON, TimeField: "req_time", MerchantIDMax: 30, families: []string{FamilyCheckout},
		HashFields: []string{"req_time", "merchant_id", "merchant_ref"},
		Params:     []Param{{Name: "merchant_ref", Type: TypeString, Required: true, MaxLength: 20, In: InBody, Description: "merchant reference"}}, Verified: "docs"},
	{Name: "create_payment_link", Title: "Create payment link", Path: portal + "/payment-link/create", ContentType: ContentMultipart, TimeField: "request_time", MerchantIDMax: 30, families: []string{FamilyMerchantPortal},
		HashFields: []string{"request_time", "merchant_id", authFld}, EncryptedField: authFld,
		Params: []Param{
			{Name: "title", Type: TypeString, Required: true, MaxLength: 250, In: InMerchantAuth, Description: "link title"},
			in(pAmount, InMerchantAuth), in(req(pCurrency), InMerchantAuth),
			{Name: "description", Type: TypeString, MaxLength: 250, In: InMerchantAuth, Description: "link description"},
			{Name: "payment_limit", Type: TypeInteger, Min: 1, Max: 1000000, In: InMerchantAuth, Description: "how many payments the link accepts"},
			{Name: "expired_date", Type: TypeInteger, Required: true, Min: 1, Max: 1<<31 - 1, In: InMerchantAuth, Description: "Unix time in seconds; at least ~5 minutes ahead"},
			{Name: "return_url", Type: TypeURL, Encoding: EncodingBase64, In: InMerchantAuth, Description: "pushback URL; base64 inside merchant_auth"},
			{Name: "merchant_ref_no", Type: TypeString, MaxLength: 50, In: InMerchantAuth, Description: "merchant reference"},
			{Name: "payout", Type: TypeArray, MaxItems: 10, Members: accAmt, Encoding: EncodingJSONString, In: InMerchantAuth, Description: "array of {acc, amt}; a JSON string inside merchant_auth"},
		}, Verified: "sandbox",
		Notes: "an optional image part is sent but never hashed; attach it yourself"},
	{Name: "payment_link_detail", Query: true, Title: "Get payment link details", Path: portal + "/payment-link/detail", ContentType: ContentJSON, TimeField: "request_time", MerchantIDMax: 30, families: []string{FamilyMerchantPortal},
		HashFields: []string{"request_time", "merchant_id", authFld}, EncryptedField: authFld,
		Params: []Param{{Name: "id", Type: TypeString, Required: true, MaxLength: 100, In: InMerchantAuth, Description: "data.id returned by create_payment_link"}}, Verified: "sandbox"},
	{Name: "void_payment_link", Title: "Void payment link", Path: portal + "/payment-link/void", ContentType: ContentJSON, TimeField: "request_time", MerchantIDMax: 30, families: []string{FamilyMerchantPortal},
		HashFields: []string{"request_time", "merchant_id", authFld}, EncryptedField: authFld,
		Params: []Param{{Name: "id", Type: TypeString, Required: true, MaxLength: 100, In: InMerchantAuth, Description: "data.id returned by create_payment_link"}}, Verified: "sandbox",
		Notes: "not in the public docs"},
	{Name: "pre_auth_completion", Title: "Complete pre-auth, with or without payout", Path: portal + "/online-transaction/pre-auth-completion", ContentType: ContentJSON, TimeField: "request_time", MerchantIDMax: 20, families: []string{FamilyMerchantPortal},
		HashFields: []string{authFld, "request_time", "merchant_id"}, EncryptedField: authFld,
		Params: []Param{
			in(pTranID, InMerchantAuth),
			{Name: "complete_amount", Type: TypeAmount, Required: true, In: InMerchantAuth, Description: "amount to capture, a decimal string (at most 2 decimals)"},
			{Name: "payout", Type: TypeArray, MaxItems: 10, Members: accAmt, In: InMerchantAuth, Description: "array of {acc, amt}; a JSON array inside merchant_auth"},
		}, Verified: "sandbox"},
	{Name: "pre_auth_cancellation", Title: "Cancel pre-auth", Path: portal + "/online-transaction/pre-auth-cancellation", ContentType: ContentJSON, TimeField: "request_time", MerchantIDMax: 20, families: []string{FamilyMerchantPortal},
		HashFields: []string{"merchant_id", authFld, "request_time"}, EncryptedField: authFld,
		Params: []Param{in(pTranID, InMerchantAuth)}, Verified: "sandbox"},
	{Name: "payout", Title: "Payout", Path: "/api/payment-gateway/v2/direct-payment/merchant/payout", ContentType: ContentJSON, TimeField: "", MerchantIDMax: 255, families: []string{FamilyPayout},
		HashFields: []string{"merchant_id", "tran_id", "beneficiaries", "amount", "custom_fields", "currency"}, HashEncoding: "hex", EncryptedField: "beneficiaries",
		Params: []Param{
			pTranID,
			{Name: "beneficiaries", Type: TypeArray, Required: true, MaxItems: 10, Members: accountAmount, In: InBeneficiaries, Description: "array of {account, amount}; RSA-encrypted into beneficiaries"},
			pAmount,
			{Name: "custom_fields", Type: TypeObject, MaxLength: 255, Encoding: EncodingJSONString, In: InBody, Description: "merchant data; sent as a plain JSON string (not base64)"},
			req(pCurrency),
		}, Verified: "sandbox",
		Notes: "no time field; the hash is lowercase hex, not base64"},
	{Name: "add_beneficiary", Title: "Add beneficiary to whitelist", Path: portal + "/whitelist-account/add-whitelist-payout", ContentType: ContentJSON, TimeField: "request_time", MerchantIDMax: 30, families: []string{FamilyMerchantPortal},
		HashFields: []string{"request_time", authFld}, EncryptedField: authFld,
		Params: []Param{{Name: "payee", Type: TypeString, Required: true, MaxLength: 100, In: InMerchantAuth, Description: "beneficiary account"}}, Verified: "sandbox",
		Notes: "merchant_id is sent but not hashed"},
	{Name: "update_beneficiary_status", Title: "Update beneficiary status", Path: portal + "/whitelist-account/update-whitelist-status", ContentType: ContentJSON, TimeField: "request_time", MerchantIDMax: 30, families: []string{FamilyMerchantPortal},
		HashFields: []string{"request_time", authFld}, EncryptedField: authFld,
		Params: []Param{
			{Name: "payee", Type: TypeString, Required: true, MaxLength: 100, In: InMerchantAuth, Description: "beneficiary account"},
			{Name: "status", Type: TypeInteger, Required: true, Min: 0, Max: 1, In: InMerchantAuth, Description: "1 enables, 0 disables; a JSON number inside merchant_auth"},
		}, Verified: "sandbox",
		Notes: "merchant_id is sent but not hashed"},
	{Name: "link_account", Title: "Link account, v3", Path: credV3 + "/aof/link-account", ContentType: ContentJSON, TimeField: "request_time", MerchantIDMax: 20, families: []string{FamilyCredentials},
		HashFields: []string{"merchant_id", "request_time", "ctid", "return_deeplink", "callback_url", "request_id", "token_flag", "currency"},
		Params: []Param{pCTID, pReturnDL, pCallback, pReqID,
			{Name: "token_flag", Type: TypeString, Required: true, Enum: []string{"CITI_FLEX", "CITO_FLEX"}, In: InBody, Description: "token type"},
			req(pCurrency)}, Verified: "sandbox"},
	{Name: "link_card", OtherSuccess: AnswerRedirect, Title: "Link card, v3", Path: credV3 + "/cof/link-card", ContentType: ContentForm, TimeField: "request_time", MerchantIDMax: 20, families: []string{FamilyCredentials},
		HashFields: []string{"merchant_id", "request_time", "ctid", "callback_url", "request_id", "token_flag", "frequency", "amount", "currency", "continue_success_url"},
		Params: []Param{pCTID, pCallback, pReqID,
			{Name: "token_flag", Type: TypeString, Required: true, MaxLength: 20, In: InBody, Description: "token type"},
			{Name: "frequency", Type: TypeString, MaxLength: 10, In: InBody, Description: "hashed; send when the card is linked for recurring payments"},
			opt(pAmount), req(pCurrency),
			{Name: "continue_success_url", Type: TypeURL, Encoding: EncodingBase64, In: InBody, Description: "sent as base64"},
		}, Verified: "sandbox",
		Notes: "form post; the gateway answers with a 302 redirect"},
	{Name: "purchase_with_token", Title: "Payment with token, v3", Path: "/api/payment-gateway/v3/purchase/payment-credential", ContentType: ContentJSON, TimeField: "request_time", MerchantIDMax: 20, families: []string{FamilyCredentials, FamilyCheckout},
		HashFields: []string{"request_time", "merchant_id", "tran_id", "amount", "currency", "items", "ctid", "pwt", "first_name", "last_name", "email", "phone", "purchase_type", "callback_url", "custom_fields", "return_params", "payout", "token_flag", "shipping_fee"},
		Params: []Param{pTranID, pAmount, req(pCurrency), pItems, pCTID, pPWT,
			{Name: "first_name", Type: TypeString, MaxLength: 20, In: InBody, Description: "payer first name"},
			{Name: "last_name", Type: TypeString, MaxLength: 20, In: InBody, Description: "payer last name"},
			pEmail, pPhone, pPurType, pCallback, pCustom, pRetParam,
			{Name: "payout", Type: TypeArray, MaxItems: 10, Members: accAmt, Encoding: EncodingBase64, In: InBody, Description: "array of {acc, amt}; sent as base64 of its JSON"},
			{Name: "token_flag", Type: TypeString, Required: true, Enum: []string{"CITU_FLEX", "MITU_FLEX", "MITR_FIX"}, In: InBody, Description: "who initiates the charge"},
			named(pShipping, "shipping_fee"),
		}, Verified: "sandbox",
		Notes: "amount excludes shipping_fee"},
	{Name: "renew_token", Title: "Renew account token, v3", Path: credV3 + "/token-management/renew-expired-account-token", ContentType: ContentJSON, TimeField: "request_time", MerchantIDMax: 20, families: []string{FamilyCredentials},
		HashFields: []string{"ctid", "request_time", "pwt", "merchant_id", "request_id"},
		Params:     []Param{pCTID, pPWT, pReqID}, Verified: "sandbox"},
	{Name: "get_token_details", Query: true, Title: "Get token details, v3", Path: credV3 + "/token-management/get-token-details", ContentType: ContentJSON, TimeField: "request_time", MerchantIDMax: 20, families: []string{FamilyCredentials},
		HashFields: []string{"merchant_id", "request_time", "request_id"},
		Params:     []Param{pReqID}, Verified: "sandbox"},
	{Name: "remove_token", Title: "Remove token, v3", Path: credV3 + "/token-management/remove-token", ContentType: ContentJSON, TimeField: "request_time", MerchantIDMax: 20, families: []string{FamilyCredentials},
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
		for j := range op.Params {
			op.Params[j].path = "params." + op.Params[j].Name
		}
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

// OperationFor returns the operation a request to path (an operation's
// Path, such as "/api/payment-gateway/v1/payments/purchase") carrying
// fields is for. purchase and subscription share a path: where operations
// do, the first that was given a field none of the others takes is chosen
// (a subscription sends ctid, token_flag and frequency), else the first
// in catalogue order. The "Wrong Hash" doctor follows the same rule.
func OperationFor(path string, fields map[string]string) (Operation, bool) {
	var candidates []*Operation
	for i := range catalog {
		if catalog[i].Path == path {
			candidates = append(candidates, &catalog[i])
		}
	}
	if len(candidates) == 0 {
		return Operation{}, false
	}
	for _, op := range candidates {
		for _, p := range op.Params {
			if fields[p.Name] != "" && !takenByOthers(candidates, op, p.Name) {
				return op.clone(), true
			}
		}
	}
	return candidates[0].clone(), true
}

func takenByOthers(candidates []*Operation, op *Operation, name string) bool {
	for _, other := range candidates {
		if other != op && slices.ContainsFunc(other.Params, func(p Param) bool { return p.Name == name }) {
			return true
		}
	}
	return false
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
	c.families = slices.Clone(op.families)
	c.sendOrder = slices.Clone(op.sendOrder)
	c.Params = slices.Clone(op.Params)
	for i := range c.Params {
		c.Params[i].Enum = slices.Clone(op.Params[i].Enum)
		c.Params[i].Members = slices.Clone(op.Params[i].Members)
	}
	return c
}

// param returns op's parameter called name, or nil.
func (op *Operation) param(name string) *Param {
	for i := range op.Params {
		if op.Params[i].Name == name {
			return &op.Params[i]
		}
	}
	return nil
}

// payoutNames returns the member names a Payout is written with in p, or
// empty names where p is not a payout list.
func (p *Param) payoutNames() [2]string {
	if len(p.Members) == 2 && (p.Members[0] == "acc" || p.Members[0] == "account") {
		return [2]string{p.Members[0], p.Members[1]}
	}
	return [2]string{}
}

// BaseURL returns the base URL of environment ("sandbox" or "production").
func BaseURL(environment string) (string, bool) {
	u, ok := baseURLs[environment]
	return u, ok
}

// Environments returns the names of PayWay's environments, sorted: those
// BaseURL knows.
func Environments() []string {
	names := make([]string, 0, len(baseURLs))
	for name := range baseURLs {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
