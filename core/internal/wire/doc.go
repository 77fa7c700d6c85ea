// Package wire is paysign's JSON plumbing: an ordered JSON value model
// ([Object], [Member], json.Number lexemes), a strict parser that keeps
// member order and number lexemes, helpers that map parsed request members
// with dotted field paths in their errors, and an allocation-light writer
// for responses.
//
// Nothing here imitates PHP; that is package php. Only core/abi decodes
// call requests and encodes responses with this package; the gateway
// packages use the parser for bodies the gateways themselves send
// (callbacks, webhooks, responses).
package wire
