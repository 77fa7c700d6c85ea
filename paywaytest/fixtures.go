package paywaytest

import "time"

// Fixture is one transaction the double starts with, so that an example
// has something to refund, check or close before it creates anything:
// the README's first example refunds 1.50 of ORDER-1001.
type Fixture struct {
	TranID   string `json:"tran_id"`
	Status   string `json:"status"`
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
	// Type is "purchase" or "pre-auth"; PaymentOption how it was paid.
	Type          string `json:"type"`
	PaymentOption string `json:"payment_option"`
	// APV is the approval code of a paid one.
	APV string `json:"apv,omitempty"`
	// Expired marks a transaction whose lifetime ended unpaid.
	Expired bool `json:"expired,omitempty"`
	// Use says what it is there for.
	Use string `json:"use"`
}

// fixtures are the first merchant's transactions at start and after a
// reset, unless Config.NoFixtures.
var fixtures = []Fixture{
	{TranID: "ORDER-1001", Status: StatusApproved, Amount: "10.00", Currency: "USD", Type: "purchase", PaymentOption: "abapay_khqr", APV: "100101",
		Use: "a paid purchase: refund it (the README's first example refunds 1.50 with 00), check it, list it"},
	{TranID: "ORDER-1002", Status: StatusPending, Amount: "5.00", Currency: "USD", Type: "purchase", PaymentOption: "abapay_khqr",
		Use: "awaiting the payer: approve, decline or expire it, or close it"},
	{TranID: "ORDER-1003", Status: StatusApproved, Amount: "40000", Currency: "KHR", Type: "purchase", PaymentOption: "cards", APV: "100103",
		Use: "a paid KHR purchase (whole riels): KHR refunds"},
	{TranID: "ORDER-1004", Status: StatusCancelled, Amount: "2.50", Currency: "USD", Type: "purchase", PaymentOption: "abapay_khqr", Expired: true,
		Use: "its lifetime ended unpaid: CANCELLED, the payer can no longer pay, a refund is PTL57"},
	{TranID: "ORDER-1005", Status: StatusPreAuth, Amount: "20.00", Currency: "USD", Type: "pre-auth", PaymentOption: "cards", APV: "100105",
		Use: "a pre-authorization: complete it (up to 22.00) or cancel it"},
}

// Fixtures returns the transactions the double starts with (and returns
// to on Reset) for its first merchant, unless Config.NoFixtures.
func Fixtures() []Fixture { return append([]Fixture(nil), fixtures...) }

// fixturePayer is the payer of every fixture.
var fixturePayer = payer{FirstName: "TEST-ONLY", LastName: "Payer", Email: "payer@example.com", Phone: "012345678"}

// addFixtures adds the fixtures of merchantID to s, created at now.
func (s *state) addFixtures(merchantID string, now time.Time) {
	for _, f := range fixtures {
		amount, err := minorUnits(f.Amount)
		if err != nil {
			panic("paywaytest: fixture " + f.TranID + ": " + err.Error())
		}
		t := &Transaction{TranID: f.TranID, MerchantID: merchantID, Operation: "purchase", Type: f.Type, Status: StatusPending,
			Currency: f.Currency, PaymentOption: f.PaymentOption, Created: now, amount: amount, payer: fixturePayer, Fixture: true}
		t.Amount, t.Refunded = t.text(amount), t.text(0)
		t.event(now, "created", amount)
		switch {
		case f.APV != "":
			t.pay(now, f.APV)
		case f.Expired:
			t.Status, t.Expired = StatusCancelled, true
			t.event(now, "expired", 0)
		}
		if t.Status != f.Status {
			panic("paywaytest: fixture " + f.TranID + " is " + t.Status)
		}
		k := key(merchantID, f.TranID)
		s.transactions[k] = t
		s.order = append(s.order, k)
	}
}
