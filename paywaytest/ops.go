package paywaytest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paysign/paysign/core/payway"
)

// gatewayZone is the zone of the dates in PayWay's answers (UTC+7).
var gatewayZone = time.FixedZone("ICT", 7*60*60)

const gatewayDate = "2006-01-02 15:04:05"

func (m *Mock) now() time.Time { return m.cfg.Now() }

func success(tranID string) obj {
	s := statusObj("00", "Success!")
	if tranID != "" {
		s = append(s, kv{"tran_id", tranID})
	}
	return s
}

func ok(body obj) *reply { return jsonReply(http.StatusOK, "00", "Success!", body) }

// amount writes the amount minor of member name of op's answer: a JSON
// number, as the docs show amounts, or the type the sandbox was recorded
// sending (payway.AnswerMember.Sandbox) under Config.Sandbox.
func (m *Mock) amount(op *payway.Operation, name string, minor int64) any {
	if m.cfg.Sandbox {
		for _, a := range payway.AnswerMembers(op.Name) {
			if a.Path == name && a.Sandbox == payway.AnswerString {
				return string(number(minor))
			}
		}
	}
	return number(minor)
}

// business runs a verified request against the state. Merchant-portal
// operations on a transaction mark it busy while they run (including an
// injected delay), so an overlapping request on the same transaction gets
// PTL168 as at PayWay.
func (m *Mock) business(req *request) *reply {
	busyKey := ""
	if req.fam.name == payway.FamilyMerchantPortal && req.params["tran_id"] != "" {
		busyKey = key(req.merchant.ID, req.params["tran_id"])
		m.mu.Lock()
		if m.busy[busyKey] {
			m.mu.Unlock()
			req.rec.Outcome = "concurrent"
			return req.fam.reply(req.op, http.StatusForbidden, "PTL168", "Concurrent requests are not allowed.")
		}
		m.busy[busyKey] = true
		m.mu.Unlock()
		defer func() { m.mu.Lock(); delete(m.busy, busyKey); m.mu.Unlock() }()
	}
	if req.delay > 0 {
		sleep(req.ctx, req.delay)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	switch req.op.Name {
	case "purchase", "subscription":
		return m.purchase(req)
	case "generate_qr", "request_qr":
		return m.generateQR(req)
	case "purchase_with_token":
		return m.purchaseWithToken(req)
	case "check_transaction":
		return m.checkTransaction(req)
	case "transaction_detail":
		return m.transactionDetail(req)
	case "close_transaction":
		return m.closeTransaction(req)
	case "transaction_list":
		return m.transactionList(req)
	case "exchange_rate":
		return m.exchangeRate(req)
	case "get_transactions_by_mc_ref":
		return m.byMerchantRef(req)
	case "refund":
		return m.refund(req)
	case "pre_auth_completion":
		return m.preAuthCompletion(req)
	case "pre_auth_cancellation":
		return m.preAuthCancellation(req)
	case "create_payment_link":
		return m.createPaymentLink(req)
	case "payment_link_detail":
		return m.paymentLinkDetail(req)
	case "void_payment_link":
		return m.voidPaymentLink(req)
	case "payout":
		return m.payout(req)
	case "add_beneficiary", "update_beneficiary_status":
		return m.beneficiary(req)
	case "link_account", "link_card":
		return m.linkCredential(req)
	case "renew_token", "get_token_details", "remove_token":
		return m.token(req)
	}
	return req.fam.reply(req.op, http.StatusNotFound, "48", "Not served by the double.")
}

// newTransaction creates a PENDING transaction, or refuses a duplicate
// tran_id with code 4 (the sandbox replaces the old one).
func (m *Mock) newTransaction(req *request, pushbackURL, typ string) (*Transaction, *reply) {
	p := req.params
	k := key(req.merchant.ID, p["tran_id"])
	if m.state.transactions[k] != nil && !m.cfg.Sandbox {
		if req.op.Name == "generate_qr" || req.op.Name == "request_qr" {
			return nil, req.fam.reply(req.op, http.StatusForbidden, "403", "Duplicated Transaction ID") // the QR API page's code
		}
		return nil, req.fam.reply(req.op, http.StatusForbidden, "4", "Duplicated transaction ID.")
	}
	currency := p["currency"]
	if currency == "" {
		currency = "USD" // the merchant profile's currency
	}
	amount, err := minorUnits(p["amount"])
	if err != nil || amount <= 0 {
		return nil, req.fam.reply(req.op, http.StatusBadRequest, "3", "Invalid amount.")
	}
	if typ == "" {
		typ = "purchase"
	}
	now := m.now()
	t := &Transaction{TranID: p["tran_id"], MerchantID: req.merchant.ID, Operation: req.op.Name, Type: typ,
		Status: StatusPending, Currency: currency, PaymentOption: p["payment_option"], PushbackURL: pushbackURL,
		ReturnParams: p["return_params"], Created: now, amount: amount,
		payer: payer{FirstName: p["firstname"] + p["first_name"], LastName: p["lastname"] + p["last_name"], Email: p["email"], Phone: p["phone"]}}
	t.Amount, t.Refunded = t.text(amount), t.text(0)
	t.event(now, "created", amount)
	if m.state.transactions[k] == nil {
		m.state.order = append(m.state.order, k)
	}
	m.state.transactions[k] = t
	return t, nil
}

func (m *Mock) purchase(req *request) *reply {
	t, refused := m.newTransaction(req, req.params["return_url"], req.params["type"])
	if refused != nil {
		return refused
	}
	if req.params["payment_gate"] == "0" {
		page := fmt.Sprintf("<!DOCTYPE html>\n<html><head><title>PayWay checkout (paysign mock)</title></head>"+
			"<body><h1>PayWay checkout (paysign mock)</h1><p>tran_id %s: %s %s, PENDING. Approve it with POST /__mock/transactions/%s/approve.</p></body></html>\n",
			htmlEscape(t.TranID), t.Amount, t.Currency, url.PathEscape(t.TranID))
		return &reply{status: http.StatusOK, contentType: "text/html; charset=utf-8", body: []byte(page)}
	}
	return ok(obj{
		{"status", success(t.TranID)},
		{"qr_string", qrString(t)},
		{"abapay_deeplink", "abamobilebank://ababank.com?type=payway&qrcode=" + url.QueryEscape(qrString(t))},
		{"checkout_qr_url", m.base() + "/__mock/transactions/" + url.PathEscape(t.TranID)},
	})
}

func (m *Mock) generateQR(req *request) *reply {
	t, refused := m.newTransaction(req, req.params["callback_url"], req.params["purchase_type"])
	if refused != nil {
		return refused
	}
	return jsonReply(http.StatusOK, "0", "Success", obj{
		{"status", obj{{"code", "0"}, {"message", "Success"}, {"trace_id", randomToken(16)}}},
		{"amount", number(t.amount)},
		{"currency", t.Currency},
		{"qrString", qrString(t)},
		{"qrImage", "data:image/png;base64," + onePixelPNG},
		{"abapay_deeplink", "abamobilebank://ababank.com?type=payway&qrcode=" + url.QueryEscape(qrString(t))},
		{"app_store", "https://itunes.apple.com/app/id968860649"},
		{"play_store", "https://play.google.com/store/apps/details?id=com.paygo24.ibank"},
	})
}

func (m *Mock) purchaseWithToken(req *request) *reply {
	c := m.credentialByToken(req.merchant.ID, req.params["ctid"], req.params["pwt"])
	switch {
	case c == nil:
		return req.fam.reply(req.op, http.StatusForbidden, "105", "Invalid payment credential token.")
	case c.Status == "REMOVED":
		return req.fam.reply(req.op, http.StatusForbidden, "87", "Payment credential was removed.")
	case c.Status == "EXPIRED":
		return req.fam.reply(req.op, http.StatusForbidden, "84", "Payment credential has expired.")
	}
	t, refused := m.newTransaction(req, req.params["callback_url"], req.params["purchase_type"])
	if refused != nil {
		return refused
	}
	return ok(obj{{"data", obj{{"tran_id", t.TranID}, {"amount", number(t.amount)}, {"currency", t.Currency},
		{"payment_status", t.Status}}}, {"status", success(t.TranID)}})
}

// visible finds a transaction for the queries, honouring CheckLag.
func (m *Mock) visible(req *request) *Transaction {
	t := m.state.transactions[key(req.merchant.ID, req.params["tran_id"])]
	lag := m.cfg.CheckLag
	if m.cfg.Sandbox && lag == 0 {
		lag = 2 * time.Second
	}
	if t == nil || (!t.Fixture && m.now().Sub(t.Created) < lag) {
		return nil
	}
	return t
}

func (m *Mock) notFoundYet(req *request) *reply {
	return jsonReply(http.StatusOK, "6", "Transaction not found.", obj{{"status", obj{{"code", "6"}, {"message", "Transaction not found."}, {"tran_id", req.params["tran_id"]}}}})
}

func (m *Mock) checkTransaction(req *request) *reply {
	t := m.visible(req)
	if t == nil {
		return m.notFoundYet(req)
	}
	return ok(obj{{"data", m.paymentData(t)}, {"status", success(t.TranID)}})
}

// paymentData is check_transaction's data member, as the page's examples
// write it: nothing paid yet means no payment amount, currency or
// approval code.
func (m *Mock) paymentData(t *Transaction) obj {
	return obj{
		{"payment_status_code", t.PaymentStatusCode()},
		{"total_amount", number(t.amount)},
		{"original_amount", number(t.amount)},
		{"refund_amount", number(t.refunded)},
		{"discount_amount", number(0)},
		{"payment_amount", number(t.paidAmount())},
		{"payment_currency", t.paidCurrency()},
		{"apv", t.APV},
		{"payment_status", t.Status},
		{"transaction_date", gatewayTime(t.Created)},
	}
}

// paidAmount and paidCurrency are what the payer paid: nothing while the
// transaction is unpaid.
func (t *Transaction) paidAmount() int64 {
	if !t.paid() {
		return 0
	}
	return t.amount
}

func (t *Transaction) paidCurrency() string {
	if !t.paid() {
		return ""
	}
	return t.Currency
}

func gatewayTime(at time.Time) string { return at.In(gatewayZone).Format(gatewayDate) }

// payment is how a paid transaction was paid, in the members of the
// detail and the list: the payment type, the masked account or card, the
// bank, the card's origin.
type payment struct{ typ, account, bank, cardSource string }

func (t *Transaction) payment() payment {
	if !t.paid() {
		return payment{typ: "N/A"}
	}
	switch t.PaymentOption {
	case "cards", "google_pay":
		return payment{typ: "VISA", account: "400000xxxxxx0002", cardSource: "ONUS"}
	case "alipay":
		return payment{typ: "Alipay"}
	case "wechat":
		return payment{typ: "Wechat"}
	}
	return payment{typ: "ABA Pay", account: "xxxxx1234", bank: "ABA Bank"}
}

// operations is the detail's transaction_operations: the payments,
// named as the page names them, or as the sandbox was seen to.
func (m *Mock) operations(t *Transaction) []obj {
	ops := []obj{}
	for _, e := range t.History {
		name := ""
		switch e.Action {
		case "approved":
			name = "Completed"
			if t.Type == "pre-auth" {
				name = "Pre-Auth"
			}
		case "completed":
			name = "Completed Pre-Auth"
		case "cancelled":
			name = "Cancelled Pre-Auth"
		case "refunded":
			name = "Refunded"
		}
		if name == "" {
			continue
		}
		bankRef := ""
		if t.payment().typ == "ABA Pay" {
			bankRef = t.BankRef // only for ABA PAY, says the page
		}
		if m.cfg.Sandbox && name == "Completed" && t.payment().cardSource != "" {
			ops = append(ops, obj{{"status", "Create Order"}, {"amount", number(t.amount)}, {"transaction_date", gatewayTime(t.Created)}, {"bank_ref", ""}})
		}
		ops = append(ops, obj{{"status", name}, {"amount", jsonNumber(trimZeros(e.Amount))}, {"transaction_date", gatewayTime(e.Time)}, {"bank_ref", bankRef}})
	}
	return ops
}

func (m *Mock) transactionDetail(req *request) *reply {
	t := m.visible(req)
	if t == nil {
		return m.notFoundYet(req)
	}
	p := t.payment()
	data := obj{
		{"transaction_id", t.TranID}, {"payment_status_code", t.PaymentStatusCode()}, {"payment_status", t.Status},
		{"original_amount", number(t.amount)}, {"original_currency", t.Currency}, {"payment_amount", number(t.paidAmount())},
		{"payment_currency", t.paidCurrency()}, {"total_amount", number(t.amount)}, {"refund_amount", number(t.refunded)},
		{"discount_amount", number(0)}, {"apv", t.APV}, {"transaction_date", gatewayTime(t.Created)},
		{"first_name", t.FirstName}, {"last_name", t.LastName}, {"email", t.Email}, {"phone", t.Phone},
		{"bank_ref", t.BankRef}, {"payment_type", p.typ}, {"payer_account", p.account}, {"bank_name", p.bank},
		{"card_source", p.cardSource}, {"transaction_operations", m.operations(t)},
	}
	return ok(obj{{"data", data}, {"status", success(t.TranID)}})
}

func (m *Mock) closeTransaction(req *request) *reply {
	t := m.state.transactions[key(req.merchant.ID, req.params["tran_id"])]
	switch {
	case t == nil:
		return req.fam.reply(req.op, http.StatusForbidden, "5", "Transaction not found.")
	case t.Status == StatusPending:
		t.Status = StatusCancelled
		t.event(m.now(), "closed", 0)
	case t.Status == StatusCancelled:
		// Closing twice answers 00 again, as the sandbox does.
	default:
		return req.fam.reply(req.op, http.StatusForbidden, "2", "The transaction cannot be closed: its status is "+t.Status+".")
	}
	return ok(obj{{"status", success(t.TranID)}})
}

func (m *Mock) transactionList(req *request) *reply {
	p := req.params
	now := m.now().In(gatewayZone)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, gatewayZone)
	from, to := day, day.Add(24*time.Hour-time.Second)
	if p["from_date"] != "" {
		from, _ = time.ParseInLocation(gatewayDate, p["from_date"], gatewayZone)
	}
	if p["to_date"] != "" {
		to, _ = time.ParseInLocation(gatewayDate, p["to_date"], gatewayZone)
	}
	if to.Before(from) {
		return req.fam.reply(req.op, http.StatusForbidden, "51", "Invalid date range.")
	}
	if to.Sub(from) > 72*time.Hour {
		return req.fam.reply(req.op, http.StatusForbidden, "52", "The date range is at most 3 days.")
	}
	var lo, hi int64 = -1, -1
	if p["from_amount"] != "" {
		lo, _ = minorUnits(p["from_amount"])
	}
	if p["to_amount"] != "" {
		hi, _ = minorUnits(p["to_amount"])
	}
	if lo >= 0 && hi >= 0 && hi < lo {
		return req.fam.reply(req.op, http.StatusForbidden, "53", "Invalid amount range.")
	}
	statuses := map[string]bool{}
	for _, s := range strings.Split(p["status"], ",") {
		if s = strings.ToUpper(strings.TrimSpace(s)); s != "" {
			statuses[strings.Replace(s, "DECLINDED", StatusDeclined, 1)] = true
		}
	}
	page, size := intOr(p["page"], 1), intOr(p["pagination"], 40)
	var rows []obj
	for _, t := range m.state.merchantTransactions(req.merchant.ID) {
		at := t.Created.In(gatewayZone)
		if m.cfg.Sandbox {
			// The sandbox lists a paid transaction at its payment time and
			// never lists an unpaid QR (aba-payway-ts sandbox findings
			// §14b, §21 W5-13).
			if (t.Operation == "generate_qr" || t.Operation == "request_qr") && t.APV == "" {
				continue
			}
			at = t.paidAt().In(gatewayZone)
		}
		if at.Before(from) || at.After(to) || (lo >= 0 && t.amount < lo) || (hi >= 0 && t.amount > hi) ||
			(len(statuses) > 0 && !statuses[t.Status]) {
			continue
		}
		pm := t.payment()
		rows = append(rows, obj{ // the page's example row, member for member
			{"transaction_id", t.TranID}, {"transaction_date", at.Format(gatewayDate)}, {"original_currency", t.Currency},
			{"bank_ref", t.BankRef}, {"apv", t.APV}, {"discount_amount", number(0)}, {"payment_status", t.Status},
			{"payment_amount", number(t.paidAmount())}, {"last_name", t.LastName}, {"payment_currency", t.paidCurrency()},
			{"payment_type", pm.typ}, {"payer_account", pm.account}, {"total_amount", number(t.amount)}, {"phone", t.Phone},
			{"original_amount", number(t.amount)}, {"payment_status_code", t.PaymentStatusCode()}, {"bank_name", pm.bank},
			{"refund_amount", number(t.refunded)}, {"first_name", t.FirstName}, {"email", t.Email}, {"card_source", pm.cardSource},
		})
	}
	start := min((page-1)*size, len(rows))
	end := min(start+size, len(rows))
	rows = rows[start:end]
	if rows == nil {
		rows = []obj{}
	}
	return ok(obj{{"data", rows}, {"pagination", strconv.Itoa(size)}, {"page", strconv.Itoa(page)},
		{"status", obj{{"code", "00"}, {"tran_id", strconv.FormatInt(m.state.logID(), 10)}, {"message", "Success!"}}}})
}

// paidAt is when t was paid, or when it was created if it was not.
func (t *Transaction) paidAt() time.Time {
	for _, e := range t.History {
		if e.Action == "approved" {
			return e.Time
		}
	}
	return t.Created
}

func (m *Mock) exchangeRate(req *request) *reply {
	rates := obj{}
	for _, r := range []struct{ cur, sell, buy string }{ // made up, in the page's lower-case keys
		{"aud", "2650.00", "2610.00"}, {"sgd", "3050.00", "3010.00"}, {"eur", "4400.00", "4350.00"},
		{"gbp", "5150.00", "5090.00"}, {"myr", "900.00", "880.00"}, {"thb", "118.00", "114.00"},
		{"hkd", "520.00", "510.00"}, {"cny", "565.00", "555.00"}, {"cad", "2950.00", "2910.00"},
		{"krw", "3.0000", "2.8000"}, {"jpy", "27.0000", "26.5000"}, {"vnd", "0.1700", "0.1500"},
	} {
		rates = append(rates, kv{r.cur, obj{{"sell", r.sell}, {"buy", r.buy}}})
	}
	return ok(obj{{"status", success("")}, {"exchange_rates", rates}})
}

func (m *Mock) byMerchantRef(req *request) *reply {
	var rows []obj
	for _, t := range m.state.merchantTransactions(req.merchant.ID) {
		if t.MerchantRef == req.params["merchant_ref"] && t.paid() {
			pm := t.payment()
			rows = append(rows, obj{
				{"transaction_id", t.TranID}, {"transaction_date", gatewayTime(t.Created)}, {"apv", t.APV},
				{"payment_status", t.Status}, {"payment_status_code", t.PaymentStatusCode()}, {"original_amount", number(t.amount)},
				{"original_currency", t.Currency}, {"total_amount", number(t.amount)}, {"discount_amount", number(0)},
				{"refund_amount", number(t.refunded)}, {"payment_amount", number(t.paidAmount())}, {"payment_currency", t.paidCurrency()},
				{"bank_ref", t.BankRef}, {"payer_account", pm.account}, {"bank_name", pm.bank}, {"payment_type", pm.typ},
				{"merchant_ref", t.MerchantRef},
			})
		}
	}
	if len(rows) > 50 {
		rows = rows[len(rows)-50:]
	}
	if rows == nil {
		rows = []obj{}
	}
	return ok(obj{{"data", rows}, {"status", obj{{"code", "00"}, {"message", "Success!"}, {"merchant_ref", req.params["merchant_ref"]}}}})
}

// portalTransaction finds the transaction a merchant-portal request names.
func (m *Mock) portalTransaction(req *request) (*Transaction, *reply) {
	t := m.state.transactions[key(req.merchant.ID, req.params["tran_id"])]
	if t == nil {
		return nil, req.fam.reply(req.op, http.StatusForbidden, "PTL36", "Invalid transaction.")
	}
	return t, nil
}

func (m *Mock) refund(req *request) *reply {
	t, refused := m.portalTransaction(req)
	if refused != nil {
		return refused
	}
	if t.Status != StatusApproved && t.Status != StatusRefunded {
		return req.fam.reply(req.op, http.StatusForbidden, "PTL57", "Unable to refund: the transaction is "+t.Status+".")
	}
	amount, err := minorUnits(req.params["refund_amount"])
	if err != nil || amount <= 0 {
		return req.fam.reply(req.op, http.StatusBadRequest, "PTL186", "Invalid amount format.")
	}
	if t.Currency == "KHR" && amount%100 != 0 {
		return req.fam.reply(req.op, http.StatusBadRequest, "PTL186", "A KHR amount cannot contain decimal places.")
	}
	if amount > t.amount-t.refunded {
		return req.fam.reply(req.op, http.StatusForbidden, "PTL37", "The refund amount exceeds the original amount.")
	}
	t.refunded += amount
	t.Refunded = t.text(t.refunded)
	t.Status = StatusRefunded // a partial refund already reports REFUNDED
	t.event(m.now(), "refunded", amount)
	return ok(obj{
		{"grand_total", m.amount(req.op, "grand_total", t.amount)},
		{"total_refunded", m.amount(req.op, "total_refunded", t.refunded)},
		{"currency", t.Currency},
		{"transaction_status", t.Status},
		{"status", success("")},
	})
}

func (m *Mock) preAuthCompletion(req *request) *reply {
	t, refused := m.portalTransaction(req)
	if refused != nil {
		return refused
	}
	if t.Status != StatusPreAuth {
		return req.fam.reply(req.op, http.StatusForbidden, "PTL59", "Unable to complete the pre-authorization: the transaction is "+t.Status+".")
	}
	amount, err := minorUnits(req.params["complete_amount"])
	if err != nil || amount <= 0 {
		return req.fam.reply(req.op, http.StatusBadRequest, "PTL186", "Invalid amount format.")
	}
	if amount > t.amount+t.amount/10 {
		return req.fam.reply(req.op, http.StatusForbidden, "PTL60", "The completion amount exceeds the pre-authorized amount by more than 10%.")
	}
	t.amount = amount
	t.Amount = t.text(amount)
	t.Status = StatusApproved
	t.event(m.now(), "completed", amount)
	return ok(obj{{"grand_total", number(t.authorized)}, {"currency", t.Currency},
		{"transaction_status", "COMPLETED"}, {"status", success("")}})
}

func (m *Mock) preAuthCancellation(req *request) *reply {
	t, refused := m.portalTransaction(req)
	if refused != nil {
		return refused
	}
	if t.Status != StatusPreAuth {
		if m.cfg.Sandbox {
			return req.fam.reply(req.op, http.StatusForbidden, "PTL170", "Unable to cancel pre-authorization: transaction status is invalid.")
		}
		return req.fam.reply(req.op, http.StatusForbidden, "PTL59", "Unable to cancel the pre-authorization: the transaction is "+t.Status+".")
	}
	t.Status = StatusCancelled
	t.event(m.now(), "cancelled", t.authorized)
	return ok(obj{{"grand_total", number(t.authorized)}, {"currency", t.Currency},
		{"transaction_status", t.Status}, {"status", success("")}})
}

func (m *Mock) createPaymentLink(req *request) *reply {
	p := req.params
	expired, _ := strconv.ParseInt(p["expired_date"], 10, 64) // 0: never (absent, as the sandbox takes it)
	if p["expired_date"] != "" && expired < m.now().Unix()+300 {
		return req.fam.reply(req.op, http.StatusBadRequest, "PTL04", "The expired_date must be at least 5 minutes ahead.")
	}
	amount, err := minorUnits(p["amount"])
	if err != nil {
		return req.fam.reply(req.op, http.StatusBadRequest, "PTL186", "Invalid amount format.")
	}
	now := m.now()
	l := &PaymentLink{ID: randomID(16), MerchantID: req.merchant.ID, Title: p["title"], Description: p["description"],
		Currency: p["currency"], Status: "OPEN", ExpiredDate: expired, ReturnURL: p["return_url"],
		MerchantRef: p["merchant_ref_no"], Payout: p["payout"], Created: now, Updated: now, amount: amount}
	l.PaymentLimit, _ = strconv.ParseInt(p["payment_limit"], 10, 64)
	l.Amount, l.Total = money(amount, l.Currency), money(0, l.Currency)
	m.state.links[l.ID] = l
	body := obj{{"data", m.linkData(l, true)}}
	if l.Payout != "" {
		body = append(body, kv{"payout", linkPayout(l)})
	}
	return ok(append(body, kv{"status", success("")}, kv{"tran_id", m.state.logID()}))
}

// linkData is the data member of the payment link pages' answers:
// create's (created) or detail's.
func (m *Mock) linkData(l *PaymentLink, created bool) obj {
	refunded := int64(0)
	for _, t := range m.state.transactions {
		if t.linkID == l.ID {
			refunded += t.refunded
		}
	}
	data := obj{
		{"id", l.ID}, {"title", l.Title}, {"image", obj{{"image", ""}, {"filename", ""}, {"size", 0}}},
		{"amount", number(l.amount)}, {"currency", l.Currency}, {"status", l.Status}, {"description", l.Description},
		{"payment_limit", l.PaymentLimit}, {"total_amount_org", string(number(l.total))},
	}
	if created {
		data = append(data, kv{"total_refund", number(refunded)})
	} else {
		data = append(data, kv{"total_refund", string(number(refunded))})
	}
	data = append(data, obj{
		{"total_amount", number(l.total - refunded)}, {"total_trxn", l.Payments},
		{"created_at", gatewayTime(l.Created)}, {"updated_at", gatewayTime(l.Updated)},
	}...)
	switch {
	case created:
		data = append(data, obj{{"expired_date", l.ExpiredDate}, {"return_url", l.ReturnURL}, {"merchant_ref_no", l.MerchantRef},
			{"outlet_id", "TEST-ONLY-OUTLET"}, {"outlet_name", "paysign mock"}}...)
	case m.cfg.Sandbox: // expired_date as a string, no pushback_url
		data = append(data, kv{"expired_date", strconv.FormatInt(l.ExpiredDate, 10)})
	default:
		data = append(data, kv{"expired_date", l.ExpiredDate}, kv{"pushback_url", l.ReturnURL})
	}
	return append(data, kv{"payment_link", m.base() + "/__mock/payment-links/" + url.PathEscape(l.ID)})
}

// linkPayout is create's payout member: the link's payout with each
// beneficiary's name.
func linkPayout(l *PaymentLink) []obj {
	var list []struct {
		Acc string      `json:"acc"`
		Amt json.Number `json:"amt"`
	}
	_ = json.Unmarshal([]byte(l.Payout), &list) // checked by payway.ReceivedParams
	out := make([]obj, len(list))
	for i, p := range list {
		out[i] = obj{{"acc", p.Acc}, {"amt", jsonNumber(trimZeros(string(p.Amt)))}, {"acc_name", "TEST-ONLY BENEFICIARY"}}
	}
	return out
}

func (m *Mock) paymentLink(req *request) (*PaymentLink, *reply) {
	l := m.state.links[req.params["id"]]
	if l == nil || l.MerchantID != req.merchant.ID {
		if m.cfg.Sandbox {
			return nil, req.fam.reply(req.op, http.StatusForbidden, "96", "Data not found.")
		}
		return nil, req.fam.reply(req.op, http.StatusForbidden, "PTL132", "Invalid payment link.")
	}
	return l, nil
}

func (m *Mock) paymentLinkDetail(req *request) *reply {
	l, refused := m.paymentLink(req)
	if refused != nil {
		return refused
	}
	var logID any = strconv.FormatInt(m.state.logID(), 10)
	if m.cfg.Sandbox {
		logID = m.state.logSeq // a number from the sandbox
	}
	return ok(obj{{"data", m.linkData(l, false)}, {"status", success("")}, {"tran_id", logID}})
}

func (m *Mock) voidPaymentLink(req *request) *reply {
	l, refused := m.paymentLink(req)
	if refused != nil {
		return refused
	}
	if l.Status == "VOIDED" {
		return req.fam.reply(req.op, http.StatusForbidden, "PTL188", "Payment link already voided.")
	}
	l.Status, l.Updated = "VOIDED", m.now()
	return ok(obj{{"status", obj{{"code", "00"}, {"message", "Success."}, {"lang", "en"}, {"trace_id", randomToken(16)}}},
		{"tran_id", m.state.logID()}})
}

func (m *Mock) payout(req *request) *reply {
	p := req.params
	k := key(req.merchant.ID, p["tran_id"])
	if m.state.payouts[k] {
		return req.fam.reply(req.op, http.StatusForbidden, "4", "Duplicated transaction ID.")
	}
	var list []struct {
		Account string      `json:"account"`
		Amount  json.Number `json:"amount"`
	}
	if err := json.Unmarshal([]byte(p["beneficiaries"]), &list); err != nil {
		return req.fam.reply(req.op, http.StatusBadRequest, "36", "Invalid beneficiary account or amount.")
	}
	var sum int64
	var rows []obj
	for i, b := range list {
		amount, err := minorUnits(strings.Trim(string(b.Amount), `"`))
		if b.Account == "" || err != nil || amount <= 0 {
			return req.fam.reply(req.op, http.StatusBadRequest, "36", "Invalid beneficiary account or amount.")
		}
		if w := m.state.beneficiaries[key(req.merchant.ID, b.Account)]; w == nil || !w.Enabled {
			return req.fam.reply(req.op, http.StatusForbidden, "37", "Beneficiary accounts are not whitelisted.")
		}
		sum += amount
		rows = append(rows, obj{{"payout_id", fmt.Sprintf("%s-%d", p["tran_id"], i+1)}, {"name", "TEST-ONLY BENEFICIARY"},
			{"mid_acccount", b.Account}, {"amount", number(amount)}, {"currency", p["currency"]}}) // mid_acccount: the page's spelling
	}
	total, _ := minorUnits(p["amount"])
	if sum != total {
		return req.fam.reply(req.op, http.StatusBadRequest, "92", "The total differs from the sum of the beneficiary amounts.")
	}
	m.state.payouts[k] = true
	return ok(obj{
		{"transaction_id", p["tran_id"]}, {"transaction_date", m.now().In(gatewayZone).Format(gatewayDate)},
		{"external_reference", ""}, {"apv", randomDigits(6)}, {"transaction_amount", number(total)},
		{"transaction_currency", p["currency"]}, {"beneficiaries", rows},
		{"status", obj{{"code", "00"}, {"message", "Success!"}, {"tran_id", p["tran_id"]}, {"trace_id", randomToken(16)}}},
	})
}

func (m *Mock) beneficiary(req *request) *reply {
	payee := req.params["payee"]
	k := key(req.merchant.ID, payee)
	b := m.state.beneficiaries[k]
	if req.op.Name == "add_beneficiary" {
		if b != nil {
			return req.fam.reply(req.op, http.StatusForbidden, "PTL148", "The payee already exists.")
		}
		b = &Beneficiary{MerchantID: req.merchant.ID, Payee: payee, Enabled: true, Created: m.now()}
		m.state.beneficiaries[k] = b
	} else {
		if b == nil {
			return req.fam.reply(req.op, http.StatusForbidden, "PTL149", "Invalid whitelist account.")
		}
		b.Enabled = req.params["status"] == "1"
	}
	status := 0
	if b.Enabled {
		status = 1
	}
	typ := "Merchant" // a MID
	if strings.Trim(payee, "0123456789") == "" {
		typ = "ABA Account"
	}
	return ok(obj{{"data", obj{{"name", "TEST-ONLY BENEFICIARY"}, {"payee", payee}, {"currency", "USD"}, {"type", typ},
		{"status", status}, {"created_at", b.Created.UTC().Format("2006-01-02T15:04:05Z")}}}, {"status", success("")}})
}

func (m *Mock) credentialByToken(merchantID, ctid, pwt string) *Credential {
	for _, c := range m.state.credentials {
		if c.MerchantID == merchantID && c.CTID == ctid && c.PWT != "" && c.PWT == pwt {
			return c
		}
	}
	return nil
}

func (m *Mock) linkCredential(req *request) *reply {
	p := req.params
	k := key(req.merchant.ID, p["request_id"])
	if m.state.credentials[k] != nil {
		msg := "The given data was invalid."
		return jsonReply(http.StatusBadRequest, "04", msg, obj{{"status", statusObj("04", msg)},
			{"errors", obj{{"request_id", []string{"The request_id has already been taken."}}}}})
	}
	kind := "account"
	if req.op.Name == "link_card" {
		kind = "card"
	}
	now := m.now()
	c := &Credential{RequestID: p["request_id"], MerchantID: req.merchant.ID, CTID: p["ctid"], Kind: kind,
		TokenFlag: p["token_flag"], Currency: p["currency"], CallbackURL: p["callback_url"], Status: StatusPending,
		Created: now, Updated: now}
	m.state.credentials[k] = c
	if kind == "card" {
		// A form post answered with a redirect to the card page.
		// The shape captured from the sandbox's redirect.
		payload := obj{{"message", "Success!"}, {"status", obj{{"code", "00"}, {"pw_tran_id", c.RequestID},
			{"trace_id", randomToken(16)}, {"version", "v3"}}}}.encode()
		location := m.base() + "/__mock/add-card/" + base64.RawURLEncoding.EncodeToString(payload)
		page := fmt.Sprintf("<!DOCTYPE html>\n<html><body><a href=\"%s\">Redirecting</a></body></html>\n", htmlEscape(location))
		return &reply{status: http.StatusFound, contentType: "text/html; charset=utf-8", body: []byte(page), location: location, code: "00"}
	}
	qr := "ABAAOF" + strings.ToUpper(randomToken(24))
	return ok(obj{{"status", obj{{"code", "00"}, {"message", "QR generated successfully"}}},
		{"deeplink", "abamobilebank://ababank.com?type=account_on_file&qrcode=" + url.QueryEscape(qr)},
		{"qr_string", qr}, {"qr_image", m.base() + "/__mock/qr.png"}, {"expire_in", now.Add(24 * time.Hour).Unix()}})
}

func (m *Mock) token(req *request) *reply {
	p := req.params
	switch req.op.Name {
	case "get_token_details":
		c := m.state.credentials[key(req.merchant.ID, p["request_id"])]
		if c == nil {
			if m.cfg.Sandbox {
				return req.fam.reply(req.op, http.StatusForbidden, "09", "Data not found.")
			}
			return req.fam.reply(req.op, http.StatusForbidden, "104", "Data not found.")
		}
		return ok(obj{{"data", credentialData(c)}, {"status", success("")}})
	case "renew_token":
		c := m.credentialByToken(req.merchant.ID, p["ctid"], p["pwt"])
		if c == nil || c.Status == "REMOVED" {
			return req.fam.reply(req.op, http.StatusForbidden, "105", "Invalid payment credential token.")
		}
		c.Status, c.Updated = "ACTIVE", m.now()
		return ok(obj{{"status", success("")}})
	}
	// remove_token: answers 00 even for a token it does not know (sandbox).
	if c := m.credentialByToken(req.merchant.ID, p["ctid"], p["pwt"]); c != nil {
		c.Status, c.Updated = "REMOVED", m.now()
	}
	return ok(obj{{"status", success("")}})
}

func credentialData(c *Credential) obj {
	return obj{{"request_id", c.RequestID}, {"ctid", c.CTID}, {"pwt", c.PWT}, {"type", c.Kind},
		{"status", c.Status}, {"token_flag", c.TokenFlag}, {"currency", c.Currency}}
}

// qrString is a KHQR-looking string that says what it is.
func qrString(t *Transaction) string {
	s := "00020101021230510016paysign-mock@test0113" + t.TranID + "5303840540" + strconv.Itoa(len(t.Amount)) + t.Amount + "5802KH6304"
	return s + "MOCK"
}

func intOr(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return n
	}
	return def
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}

// onePixelPNG is a 1×1 transparent PNG, the mock's QR image.
const onePixelPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
