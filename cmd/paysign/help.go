package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/paysign/paysign/core/payway"
)

const usage = `paysign signs payment-gateway requests: ABA PayWay first, then BBMSL and ClearSettle.

usage:
  paysign payway OPERATION [--param value ...]   a ready PayWay request and a curl line (--send: send it)
  paysign payway list                            every operation and its hash order
  paysign payway describe OPERATION              one operation's parameters
  paysign mock [--listen 127.0.0.1:0]            a local PayWay test double (paysign mock --help)
  paysign doctor [--operation OP] [FILE]         explain a "Wrong Hash": your request against what PayWay expects
  paysign call OP < request.json                 the raw call envelope, any op (paysign call --help)
  paysign version [--json]                       one line; --json: the ABI, the ops and the error codes

Help for each: paysign payway --help, paysign payway OPERATION --help.
` + environmentHelp

const environmentHelp = `
environment (a flag wins over its variable; the _FILE variables name a file holding the value):
  PAYWAY_MERCHANT_ID                        --merchant-id
  PAYWAY_API_KEY, PAYWAY_API_KEY_FILE       --api-key, --api-key-file
  PAYWAY_RSA_PUBLIC_KEY,                    --rsa-public-key, --rsa-public-key-file
    PAYWAY_RSA_PUBLIC_KEY_FILE                (PEM or bare base64; "\n" escapes are fine)
  PAYWAY_BASE_URL                           --base-url (e.g. a paysign mock)
  PAYSIGN_MOCK_URL                          --url of the paysign mock helper commands
The API key is never printed.
`

const paywayUsage = `usage:
  paysign payway OPERATION [--param value ...] [options]
  paysign payway list
  paysign payway describe OPERATION

Parameters are PayWay's field names with '-' for '_' (--tran-id); JSON
parameters (items, custom_fields, ...) take JSON text, kept in its member
order. --amount also names an operation's only amount (refund_amount).

options:
  --merchant-id ID            --api-key KEY | --api-key-file FILE
  --rsa-public-key PEM        --rsa-public-key-file FILE
  --request-time YYYYMMDDHHmmss (default: now, UTC)
  --environment sandbox|production (default sandbox)
  --base-url URL              another host, such as a paysign mock (http only for loopback)
  --json                      print the signed request (or, with --send, the answer) as JSON
  --send                      send it and print PayWay's decoded answer
    --timeout 30s             one deadline per attempt: connecting, sending, the whole answer
    --query-retries 2         a query is sent again up to this many times; nothing else ever is
    --retry-backoff 500ms     the pause before the first retry, doubling

exit status with --send:
  0  PayWay accepted the request
  1  PayWay refused it (its code and meaning are printed)
  2  a usage error, or a parameter paysign refuses before sending
  3  no verdict, and sending again is safe (not sent, or a query)
  4  no verdict for a request that moves money: confirm with check_transaction before sending it again
`

const callUsage = `usage:
  paysign call OP < request.json

Runs one op of the call envelope on the JSON request read from standard
input and prints the response envelope; exit status 0 when "ok" is true,
1 otherwise. The ops: ` + "%s" + `
See docs/envelope.md for each op's request and response.
`

func isHelp(arg string) bool { return arg == "-h" || arg == "--help" || arg == "help" }

// printCallUsage lists the ops paysign.version names.
func printCallUsage(w io.Writer) {
	var version struct {
		Ops []string `json:"ops"`
	}
	if err := callValue("paysign.version", struct{}{}, &version); err != nil {
		version.Ops = []string{"(" + err.Error() + ")"}
	}
	fmt.Fprintf(w, callUsage, strings.Join(version.Ops, ", "))
}

// printOperationHelp is `paysign payway OPERATION --help`.
func printOperationHelp(w io.Writer, op *payway.Operation) {
	fmt.Fprintf(w, "usage: paysign payway %s [--param value ...] [options]\n\n", op.Name)
	describe(w, op)
	fmt.Fprint(w, "\n"+paywayUsage[strings.Index(paywayUsage, "options:"):])
	fmt.Fprint(w, environmentHelp)
}

// didYouMean is payway.DidYouMean: one suggestion rule for the core's
// messages and the command line's.
var didYouMean = payway.DidYouMean

// commands are the top-level commands, for did-you-mean.
var commands = []string{"payway", "mock", "doctor", "call", "version", "help"}

// operationNames are the PayWay operations, for did-you-mean.
func operationNames() []string {
	var names []string
	for _, op := range payway.Operations() {
		names = append(names, op.Name)
	}
	return names
}

// flagNames are the flags `paysign payway op` takes, for did-you-mean.
func flagNames(op *payway.Operation) []string {
	names := []string{"merchant-id", "api-key", "api-key-file", "rsa-public-key", "rsa-public-key-file", "request-time",
		"environment", "base-url", "json", "send", "timeout", "query-retries", "retry-backoff"}
	for _, p := range op.Params {
		names = append(names, strings.ReplaceAll(p.Name, "_", "-"))
	}
	if p := paramForFlag(op, "amount"); p != nil && p.Name != "amount" {
		names = append(names, "amount") // the alias of an only amount
	}
	sort.Strings(names)
	return names
}
