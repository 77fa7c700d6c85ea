// Command paysign signs payment-gateway requests from the command line.
//
//	paysign call OP < request.json          the raw call envelope (any op)
//	paysign payway OPERATION [--param value ...]
//	                                         a ready PayWay request and a curl line
//	paysign payway list                      the operation catalogue
//	paysign payway describe OPERATION        one operation's parameters
//	paysign payway OPERATION ... --send [--base-url URL]
//	                                         send it and print PayWay's decoded answer
//	paysign mock [--listen 127.0.0.1:0]      a PayWay test double (see: paysign mock --help)
//	paysign doctor [--operation OP] [FILE]  explain a "Wrong Hash": your request against PayWay's expectation
//	paysign version [--json]
//	paysign demo REQUESTS.json OUT.json      sign the sample requests (make demo)
//	paysign demo-compare DIR KEY REQUESTS    check that every runtime agreed
//	paysign demo-mock                        the mock loop through the CLI (make demo)
//
// PayWay credentials come from flags, then environment variables, then
// files: --merchant-id / PAYWAY_MERCHANT_ID, --api-key / PAYWAY_API_KEY /
// --api-key-file / PAYWAY_API_KEY_FILE, --rsa-public-key /
// PAYWAY_RSA_PUBLIC_KEY / --rsa-public-key-file / PAYWAY_RSA_PUBLIC_KEY_FILE.
// Parameters are PayWay's field names with '-' for '_' (--tran-id); JSON
// parameters (items, custom_fields, ...) take JSON text. The API key is
// never printed.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/paysign/paysign/core/abi"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}

// run is main without the process: it returns the exit status (0 ok,
// 1 error, 2 usage).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "call":
		if len(args) == 2 && isHelp(args[1]) {
			printCallUsage(stdout)
			return 0
		}
		if len(args) != 2 {
			printCallUsage(stderr)
			return 2
		}
		return runCall(args[1], stdin, stdout, stderr)
	case "payway":
		return runPayWay(args[1:], stdout, stderr, getenv)
	case "mock":
		return runMock(args[1:], stdin, stdout, stderr, getenv)
	case "demo":
		return runDemo(args[1:], stdout, stderr)
	case "demo-compare":
		return runDemoCompare(args[1:], stdout, stderr)
	case "demo-mock":
		return runDemoMock(stdout, stderr)
	case "doctor":
		return runDoctor(args[1:], stdin, stdout, stderr, getenv)
	case "version", "--version", "-V":
		if len(args) == 2 && args[0] == "version" && args[1] == "--json" {
			return runCall("paysign.version", nil, stdout, stderr) // the release, the ABI, the ops and the codes
		}
		fmt.Fprintf(stdout, "paysign %s (ABI %d)\n", abi.LibraryVersion, abi.Version)
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "paysign: unknown command %q%s\n\n%s", args[0], didYouMean(args[0], commands), usage)
	return 2
}
