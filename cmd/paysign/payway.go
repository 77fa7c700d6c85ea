package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/paysign/paysign/core/payway"
)

// credentialSources maps each credential to its flag, environment variable
// and file variants, in the order they are tried.
var credentialSources = []struct {
	field, flag, env string
}{
	{"merchant_id", "merchant-id", "PAYWAY_MERCHANT_ID"},
	{"api_key", "api-key", "PAYWAY_API_KEY"},
	{"rsa_public_key", "rsa-public-key", "PAYWAY_RSA_PUBLIC_KEY"},
}

func runPayWay(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var catalog payway.Catalog
	if err := callValue("payway.catalog", struct{}{}, &catalog); err != nil {
		fmt.Fprintf(stderr, "paysign: %v\n", err)
		return 1
	}
	switch args[0] {
	case "list":
		w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "OPERATION\tPATH\tHASH ORDER")
		for _, op := range catalog.Operations {
			fmt.Fprintf(w, "%s\t%s\t%s\n", op.Name, op.Path, strings.Join(op.HashFields, " "))
		}
		w.Flush()
		return 0
	case "describe":
		if len(args) != 2 {
			fmt.Fprint(stderr, usage)
			return 2
		}
		op := findOperation(catalog, args[1])
		if op == nil {
			fmt.Fprintf(stderr, "paysign: PayWay has no operation %q (see: paysign payway list)\n", args[1])
			return 1
		}
		describe(stdout, op)
		return 0
	}
	op := findOperation(catalog, args[0])
	if op == nil {
		fmt.Fprintf(stderr, "paysign: PayWay has no operation %q (see: paysign payway list)\n", args[0])
		return 2
	}
	request, asJSON, err := paywayRequest(op, args[1:], getenv)
	if err != nil {
		fmt.Fprintf(stderr, "paysign: %v\n", err)
		return 2
	}
	var signed payway.Signed
	if err := callValue("payway.sign", request, &signed); err != nil {
		fmt.Fprintf(stderr, "paysign: %v\n", err)
		return 1
	}
	if asJSON {
		out, _ := json.MarshalIndent(signed, "", "  ")
		fmt.Fprintf(stdout, "%s\n", out)
		return 0
	}
	printRequest(stdout, &signed)
	return 0
}

func findOperation(catalog payway.Catalog, name string) *payway.Operation {
	name = strings.ReplaceAll(name, "-", "_")
	for i := range catalog.Operations {
		if catalog.Operations[i].Name == name {
			return &catalog.Operations[i]
		}
	}
	return nil
}

func describe(w io.Writer, op *payway.Operation) {
	fmt.Fprintf(w, "%s: %s\nPOST %s (%s)\nhash: %s of %s\n", op.Name, op.Title, op.Path, op.ContentType, op.HashEncoding, strings.Join(op.HashFields, " . "))
	if op.Notes != "" {
		fmt.Fprintf(w, "note: %s\n", op.Notes)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\nFLAG\tTYPE\tREQUIRED\tDESCRIPTION")
	for _, p := range op.Params {
		required := ""
		if p.Required {
			required = "yes"
		}
		fmt.Fprintf(tw, "--%s\t%s\t%s\t%s\n", strings.ReplaceAll(p.Name, "_", "-"), p.Type, required, p.Description)
	}
	tw.Flush()
}

// paywayRequest builds the payway.sign request from flags and environment.
func paywayRequest(op *payway.Operation, args []string, getenv func(string) string) (map[string]any, bool, error) {
	flags := map[string]string{}
	asJSON := false
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--json" {
			asJSON = true
			continue
		}
		if !strings.HasPrefix(arg, "--") {
			return nil, false, fmt.Errorf("unexpected argument %q", arg)
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(arg, "--"), "=")
		if !hasValue {
			if i+1 >= len(args) {
				return nil, false, fmt.Errorf("--%s needs a value", name)
			}
			i++
			value = args[i]
		}
		flags[name] = value
	}

	credentials := map[string]string{}
	for _, c := range credentialSources {
		value, err := credential(flags, c.flag, c.env, getenv)
		if err != nil {
			return nil, false, err
		}
		if value != "" {
			credentials[c.field] = value
		}
	}
	request := map[string]any{"operation": op.Name, "credentials": credentials}
	for _, fixed := range []string{"request-time", "environment"} {
		if v, ok := flags[fixed]; ok {
			request[strings.ReplaceAll(fixed, "-", "_")] = v
			delete(flags, fixed)
		}
	}

	params := map[string]any{}
	for name, value := range flags {
		p := paramForFlag(op, name)
		if p == nil {
			return nil, false, fmt.Errorf("%s has no parameter --%s (see: paysign payway describe %s)", op.Name, name, op.Name)
		}
		if p.Type == "array" || p.Type == "object" {
			var v any
			if err := json.Unmarshal([]byte(value), &v); err != nil {
				return nil, false, fmt.Errorf("--%s takes JSON: %v", name, err)
			}
			params[p.Name] = json.RawMessage(value)
			continue
		}
		params[p.Name] = value
	}
	request["params"] = params
	return request, asJSON, nil
}

// paramForFlag finds the parameter of a flag name. --amount also names an
// operation's only amount parameter (refund_amount, complete_amount).
func paramForFlag(op *payway.Operation, flag string) *payway.Param {
	name := strings.ReplaceAll(flag, "-", "_")
	var amounts []*payway.Param
	for i := range op.Params {
		p := &op.Params[i]
		if p.Name == name {
			return p
		}
		if p.Type == "amount" {
			amounts = append(amounts, p)
		}
	}
	if name == "amount" && len(amounts) == 1 {
		return amounts[0]
	}
	return nil
}

// credential reads --flag, then $ENV, then --flag-file / $ENV_FILE.
func credential(flags map[string]string, flag, env string, getenv func(string) string) (string, error) {
	if v, ok := flags[flag]; ok {
		delete(flags, flag)
		return v, nil
	}
	if v := getenv(env); v != "" {
		return v, nil
	}
	path, ok := flags[flag+"-file"]
	delete(flags, flag+"-file")
	if !ok {
		path = getenv(env + "_FILE")
	}
	if path == "" {
		return "", nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading --%s-file: %v", flag, err)
	}
	return strings.TrimSpace(string(data)), nil
}

// printRequest prints the request for people: the request line, headers,
// body or fields, the hash input, and an equivalent curl command.
func printRequest(w io.Writer, s *payway.Signed) {
	fmt.Fprintf(w, "%s %s\n", s.Method, s.URL)
	if ct, ok := s.Headers["Content-Type"]; ok {
		fmt.Fprintf(w, "Content-Type: %s\n", ct)
	} else {
		fmt.Fprintf(w, "Content-Type: %s\n", s.ContentType)
	}
	fmt.Fprintln(w)
	if s.Body != "" {
		fmt.Fprintf(w, "%s\n", s.Body)
	} else {
		for _, f := range s.Fields {
			fmt.Fprintf(w, "%s=%s\n", f[0], f[1])
		}
	}
	fmt.Fprintf(w, "\nhash input: %s\nhash:       %s\n", s.HashInput, s.Hash)
	if s.MerchantAuthJSON != "" {
		fmt.Fprintf(w, "merchant_auth encrypts: %s\n", s.MerchantAuthJSON)
	}
	if s.BeneficiariesJSON != "" {
		fmt.Fprintf(w, "beneficiaries encrypts: %s\n", s.BeneficiariesJSON)
	}
	fmt.Fprintf(w, "\n%s\n", curlCommand(s))
}

func curlCommand(s *payway.Signed) string {
	parts := []string{"curl", "-sS", "-X", s.Method, shellQuote(s.URL)}
	if s.Body != "" {
		parts = append(parts, "-H", shellQuote("Content-Type: "+s.ContentType), "--data-raw", shellQuote(s.Body))
	} else {
		for _, f := range s.Fields {
			// --form-string: a value starting with @ or < is not a file.
			parts = append(parts, "--form-string", shellQuote(f[0]+"="+f[1]))
		}
	}
	return strings.Join(parts, " ")
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
