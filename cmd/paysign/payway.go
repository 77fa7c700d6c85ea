package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/paysign/paysign/core/abi"
	"github.com/paysign/paysign/core/payway"
)

// envelopeRequest is r as the request of the envelope's payway.sign.
func envelopeRequest(r *payway.Request) map[string]any {
	credentials := map[string]string{"merchant_id": r.Credentials.MerchantID, "api_key": r.Credentials.APIKey}
	if r.Credentials.RSAPublicKeyPEM != "" {
		credentials["rsa_public_key"] = r.Credentials.RSAPublicKeyPEM
	}
	return map[string]any{"operation": r.Operation, "credentials": credentials, "params": r.Params,
		"request_time": r.RequestTime.UTC().Format(requestTimeLayout), "environment": r.Environment, "base_url": r.BaseURL}
}

// requestTimeLayout is PayWay's request time, UTC YYYYMMDDHHmmss, in the
// notation of package time.
const requestTimeLayout = "20060102150405"

// credentialSources maps each credential to its flag and environment
// variable, in the order they are tried (then the -file variants).
var credentialSources = []struct {
	field, flag, env string
}{
	{"merchant_id", "merchant-id", "PAYWAY_MERCHANT_ID"},
	{"api_key", "api-key", "PAYWAY_API_KEY"},
	{"rsa_public_key", "rsa-public-key", "PAYWAY_RSA_PUBLIC_KEY"},
}

func runPayWay(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, paywayUsage)
		return 2
	}
	if isHelp(args[0]) {
		fmt.Fprint(stdout, paywayUsage+environmentHelp)
		return 0
	}
	switch args[0] {
	case "list":
		w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "OPERATION\tPATH\tHASH ORDER")
		for _, op := range payway.Operations() {
			fmt.Fprintf(w, "%s\t%s\t%s\n", op.Name, op.Path, strings.Join(op.HashFields, " "))
		}
		w.Flush()
		return 0
	case "describe":
		if len(args) != 2 {
			fmt.Fprint(stderr, paywayUsage)
			return 2
		}
		op, ok := findOperation(args[1])
		if !ok {
			fmt.Fprintf(stderr, "paysign: PayWay has no operation %q%s (see: paysign payway list)\n", args[1], didYouMean(args[1], operationNames()))
			return 1
		}
		describe(stdout, &op)
		return 0
	}
	op, ok := findOperation(args[0])
	if !ok {
		fmt.Fprintf(stderr, "paysign: PayWay has no operation %q%s (see: paysign payway list)\n", args[0], didYouMean(args[0], operationNames()))
		return 2
	}
	for _, a := range args[1:] {
		if a == "--help" || a == "-h" {
			printOperationHelp(stdout, &op)
			return 0
		}
	}
	rest, send, err := sendFlags(args[1:])
	if err != nil {
		fmt.Fprintf(stderr, "paysign: %v\n", err)
		return 2
	}
	request, sources, asJSON, err := paywayRequest(&op, rest, getenv)
	if err != nil {
		fmt.Fprintf(stderr, "paysign: %v\n", err)
		return 2
	}
	signed, err := payway.Sign(request)
	if err != nil {
		fmt.Fprintf(stderr, "paysign: %v (%s)%s\n", err, abi.CodeOf(err), sources.explain(err))
		return exitUsage // not signed: nothing was sent
	}
	if send != nil {
		return sendSigned(signed, send, asJSON, stdout, stderr)
	}
	if asJSON {
		// The envelope's payway.sign writes the JSON every runtime gets;
		// it signs the same request again (the ciphertext differs: RSA
		// encryption is random).
		var value json.RawMessage
		if err := callValue("payway.sign", envelopeRequest(request), &value); err != nil {
			fmt.Fprintf(stderr, "paysign: %v\n", err)
			return exitInternal
		}
		fmt.Fprintf(stdout, "%s\n", indented(value))
		return 0
	}
	printRequest(stdout, signed)
	return 0
}

func findOperation(name string) (payway.Operation, bool) {
	return payway.Lookup(strings.ReplaceAll(name, "-", "_"))
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

// credentialSource says where each credential came from, for messages.
type credentialSource map[string]string // field ("api_key") -> "--api-key", "PAYWAY_API_KEY", ...

// explain names where the credential an error is about came from, or how
// to give a missing one.
func (s credentialSource) explain(err error) string {
	for _, c := range credentialSources {
		if !strings.Contains(err.Error(), "credentials."+c.field) {
			continue
		}
		if from, ok := s[c.field]; ok {
			return fmt.Sprintf("\n  credentials.%s came from %s", c.field, from)
		}
		return fmt.Sprintf("\n  give it with --%s, --%s-file, %s or %s_FILE", c.flag, c.flag, c.env, c.env)
	}
	return ""
}

// paywayRequest builds the request from flags and environment.
func paywayRequest(op *payway.Operation, args []string, getenv func(string) string) (*payway.Request, credentialSource, bool, error) {
	flags := map[string]string{}
	asJSON := false
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--json" {
			asJSON = true
			continue
		}
		if !strings.HasPrefix(arg, "--") {
			return nil, nil, false, fmt.Errorf("unexpected argument %q", arg)
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(arg, "--"), "=")
		if !hasValue {
			if i+1 >= len(args) {
				return nil, nil, false, fmt.Errorf("--%s needs a value", name)
			}
			i++
			value = args[i]
		}
		flags[name] = value
	}

	params := payway.Params{}
	// The request time is fixed here, so that --json signs with the same one.
	r := &payway.Request{Operation: op.Name, Params: params, RequestTime: time.Now()}
	sources := credentialSource{}
	for _, c := range credentialSources {
		value, from, err := credential(flags, c.flag, c.env, getenv)
		if err != nil {
			return nil, nil, false, err
		}
		if from != "" {
			sources[c.field] = from
		}
		switch c.field {
		case "merchant_id":
			r.Credentials.MerchantID = value
		case "api_key":
			r.Credentials.APIKey = value
		case "rsa_public_key":
			r.Credentials.RSAPublicKeyPEM = value
		}
	}
	if v, ok := flags["request-time"]; ok {
		delete(flags, "request-time")
		t, err := time.Parse(requestTimeLayout, v) // UTC: the layout names no zone
		if err != nil || len(v) != len(requestTimeLayout) {
			return nil, nil, false, fmt.Errorf("--request-time: %q is not a UTC date and time written YYYYMMDDHHmmss", v)
		}
		r.RequestTime = t
	}
	if v, ok := flags["environment"]; ok {
		delete(flags, "environment")
		r.Environment = v
	}
	if v, ok := flags["base-url"]; ok {
		delete(flags, "base-url")
		r.BaseURL = v
	} else {
		r.BaseURL = getenv("PAYWAY_BASE_URL")
	}
	for name, value := range flags {
		p := paramForFlag(op, name)
		if p == nil {
			return nil, nil, false, fmt.Errorf("%s has no parameter --%s%s (see: paysign payway %s --help)", op.Name, name, didYouMean(name, flagNames(op)), op.Name)
		}
		if p.Type == payway.TypeArray || p.Type == payway.TypeObject {
			if !json.Valid([]byte(value)) {
				return nil, nil, false, fmt.Errorf("--%s takes JSON, such as %s", name, jsonExample(p))
			}
			params[p.Name] = json.RawMessage(value) // member order kept
			continue
		}
		params[p.Name] = value
	}
	return r, sources, asJSON, nil
}

func jsonExample(p *payway.Param) string {
	if p.Type == payway.TypeObject {
		return `'{"key":"value"}'`
	}
	if len(p.Members) > 0 {
		return `'[{"` + strings.Join(p.Members, `":…,"`) + `":…}]'`
	}
	return `'[…]'`
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
		if p.Type == payway.TypeAmount {
			amounts = append(amounts, p)
		}
	}
	if name == "amount" && len(amounts) == 1 {
		return amounts[0]
	}
	return nil
}

// credential reads --flag, then $ENV, then --flag-file / $ENV_FILE, and
// says which one it used.
func credential(flags map[string]string, flag, env string, getenv func(string) string) (value, from string, err error) {
	if v, ok := flags[flag]; ok {
		delete(flags, flag)
		return v, "--" + flag, nil
	}
	if v := getenv(env); v != "" {
		return v, "the variable " + env, nil
	}
	path, ok := flags[flag+"-file"]
	delete(flags, flag+"-file")
	from = "--" + flag + "-file " + path
	if !ok {
		path = getenv(env + "_FILE")
		from = "the file " + path + " (" + env + "_FILE)"
	}
	if path == "" {
		return "", "", nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", "", fmt.Errorf("reading %s: %v", from, err)
	}
	return strings.TrimSpace(string(data)), from, nil
}

// signedJSON reads the --json output (the value of payway.sign) back.
type signedJSON struct {
	Operation         string            `json:"operation"`
	Method            string            `json:"method"`
	URL               string            `json:"url"`
	ContentType       string            `json:"content_type"`
	Headers           map[string]string `json:"headers,omitempty"`
	Fields            [][2]string       `json:"fields"`
	Body              string            `json:"body,omitempty"`
	HashFields        []string          `json:"hash_fields"`
	HashInput         string            `json:"hash_input"`
	Hash              string            `json:"hash"`
	MerchantAuthJSON  string            `json:"merchant_auth_json,omitempty"`
	BeneficiariesJSON string            `json:"beneficiaries_json,omitempty"`
}

func (s signedJSON) signed() *payway.Signed {
	out := &payway.Signed{Operation: s.Operation, Method: s.Method, URL: s.URL, ContentType: s.ContentType,
		Body: s.Body, HashFields: s.HashFields, HashInput: s.HashInput, Hash: s.Hash,
		MerchantAuthJSON: s.MerchantAuthJSON, BeneficiariesJSON: s.BeneficiariesJSON}
	for _, f := range s.Fields {
		out.Fields = append(out.Fields, payway.Field{Name: f[0], Value: f[1]})
	}
	return out
}

// printRequest prints the request for people: the request line, headers,
// body or fields, the hash input, and an equivalent curl command.
func printRequest(w io.Writer, s *payway.Signed) {
	fmt.Fprintf(w, "%s %s\nContent-Type: %s\n\n", s.Method, s.URL, s.ContentType)
	if s.ContentType != payway.ContentMultipart { // multipart: the fields read better than its parts
		fmt.Fprintf(w, "%s\n", s.Body)
	} else {
		for _, f := range s.Fields {
			fmt.Fprintf(w, "%s=%s\n", f.Name, f.Value)
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
	if s.ContentType != payway.ContentMultipart {
		parts = append(parts, "-H", shellQuote("Content-Type: "+s.ContentType), "--data-raw", shellQuote(s.Body))
	} else {
		for _, f := range s.Fields {
			// --form-string: a value starting with @ or < is not a file.
			parts = append(parts, "--form-string", shellQuote(f.Name+"="+f.Value))
		}
	}
	return strings.Join(parts, " ")
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
