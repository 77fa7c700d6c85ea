// Package payway signs requests for ABA PayWay, Cambodia's payment gateway,
// and does the gateway's side of the same checks for tests.
//
// Every PayWay operation is an entry of a catalogue ([Operations],
// [Lookup]): its path, content type, the order in which its fields are
// concatenated for the HMAC-SHA512 hash, which fields are base64 or JSON
// encoded, and which go into the RSA-encrypted merchant_auth. [Sign] turns
// a [Request] with plain parameter values into the exact fields to send;
// [Signed] also carries the hash input, the string that was HMAC'd, which
// is what to compare when PayWay answers "Wrong Hash".
//
// [Verify] and [Hash] are the gateway's side: they recompute the hash of
// received fields and decrypt merchant_auth, for test doubles of PayWay and
// for debugging; [ReceivedParams] then checks the parameters as the
// gateway does. [VerifyCallback] checks the X-PayWay-HMAC-SHA512 header of
// a pushback and [SignCallback] computes it, for tests of a callback
// handler; a valid one is evidence, not proof of payment: confirm with
// the check_transaction operation before fulfilling an order.
//
// [DecodeResponse] reads PayWay's answers with the response code table
// ([ResponseCodes], [LookupResponseCode]): each family's codes with their
// meaning, a category and whether a retry is safe. This package sends
// nothing; package paywayhttp does, and package paywaytest is a test
// double of PayWay.
//
// Errors wrap the sentinels of package core (core.ErrRequired,
// core.ErrInvalidFormat, ...) in a *core.FieldError that names the field,
// such as "params.tran_id". They never contain API keys or key material.
package payway
