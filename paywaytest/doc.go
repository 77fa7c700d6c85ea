// Package paywaytest is a test double of ABA PayWay, in the style of
// net/http/httptest: a local HTTP server that answers every operation of
// paysign's catalogue at PayWay's own paths, checks each request the way
// the gateway does, keeps the state the gateway keeps, and signs the
// pushbacks it sends.
//
// It is PayWay's twin: it accepts what PayWay accepts and answers as
// PayWay documents. Checks go through the core's gateway side
// (payway.Verify for the hash, the request time and merchant_auth,
// payway.ReceivedParams for the parameters), which reads a request under
// the gateway's own rules (payway.GatewayRules: the content types each
// endpoint takes, a base64 cancel_url, a QR currency in any case), not
// under Sign's stricter ones. Answers have the members and JSON types of
// payway.AnswerMembers, the recorded sandbox shapes under Config.Sandbox.
// Each failure is answered with the code and HTTP status of the
// endpoint's family: checkout code 1 (5 from check_transaction) for
// a wrong hash, PTL02, PTL04, PTL05, PTL06 and PTL62 on the merchant
// portal, 01 and 04 for Credentials on File, 1 for payout. Merchant-portal
// requests older than Config.MaxRequestAge (15 minutes by default) are
// refused with PTL06.
//
// The first merchant starts with the transactions of Fixtures (a paid
// ORDER-1001 of 10.00 USD, a pending, a KHR, an expired one and a
// pre-authorization), which Reset restores, unless Config.NoFixtures.
// State follows the gateway: purchases and QR payments start PENDING; the
// test approves, declines or expires them (Server.Approve, or POST
// /__mock/transactions/{tran_id}/approve for other languages), and an
// approval POSTs PayWay's pushback, signed with payway.SignCallback, to the
// transaction's return_url or callback_url. Refunds add up (PTL37 beyond
// the paid amount), close_transaction cancels a pending transaction and
// refuses a paid one, payment links can be voided once, payouts go only to
// whitelisted beneficiaries. Faults (rate limits, PTL168, 5xx, delays) can
// be armed for the next requests of an operation.
//
//	srv := paywaytest.NewServer(t)
//	signed, _ := payway.Sign(&payway.Request{Operation: "check_transaction",
//		Credentials: srv.Credentials(), BaseURL: srv.URL, Params: payway.Params{"tran_id": "T1"}})
//
// The default merchant is TEST-ONLY: merchant ec000002, a made-up API key
// and the RSA key pair of paysign's test vectors. Nothing here is fit to
// face the internet; servers listen on 127.0.0.1. docs/mock.md lists every
// endpoint, helper and code, and which answers follow PayWay's documented
// examples and which are inferred.
package paywaytest
