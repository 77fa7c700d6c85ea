package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/paysign/paysign/core/abi"
	"github.com/paysign/paysign/core/payway"
)

const doctorUsage = `usage:
  paysign doctor [--operation OP] [--api-key KEY | --api-key-file FILE] [--hash-input TEXT] [FILE]

The "Wrong Hash" doctor: reads the request you sent (from FILE, or standard
input) — a JSON body, form fields (a=1&b=2, or one name=value per line), a
curl command, with or without the URL ("POST https://…/refund") — and shows
the hash input PayWay expects next to yours, the first difference, and what
it means (field order, base64, amount text, the time format, hex instead of
base64, ...). The operation comes from the URL when --operation is absent.
The API key (--api-key, PAYWAY_API_KEY, --api-key-file, PAYWAY_API_KEY_FILE)
computes the hashes and is never printed.

exit status: 0 your hash is right, 1 it differs or PayWay refuses a value, 2 usage
`

func runDoctor(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	flags := map[string]string{}
	var files []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if isHelp(a) {
			fmt.Fprint(stdout, doctorUsage)
			return 0
		}
		if !strings.HasPrefix(a, "--") || a == "--" {
			files = append(files, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(a, "--"), "=")
		switch name {
		case "operation", "api-key", "api-key-file", "hash-input":
		default:
			fmt.Fprintf(stderr, "paysign doctor: no flag --%s%s\n\n%s", name, didYouMean(name, []string{"operation", "api-key", "api-key-file", "hash-input"}), doctorUsage)
			return exitUsage
		}
		if !hasValue {
			if i+1 >= len(args) {
				fmt.Fprintf(stderr, "paysign doctor: --%s needs a value\n", name)
				return exitUsage
			}
			i++
			value = args[i]
		}
		flags[name] = value
	}
	if len(files) > 1 {
		fmt.Fprint(stderr, doctorUsage)
		return exitUsage
	}
	apiKey, from, err := credential(flags, "api-key", "PAYWAY_API_KEY", getenv)
	if err != nil {
		fmt.Fprintf(stderr, "paysign doctor: %v\n", err)
		return exitUsage
	}
	if apiKey == "" {
		fmt.Fprintln(stderr, "paysign doctor: the API key is needed to compute the hashes: --api-key, PAYWAY_API_KEY or PAYWAY_API_KEY_FILE")
		return exitUsage
	}
	in, name := stdin, "standard input"
	if len(files) == 1 && files[0] != "-" {
		f, err := os.Open(files[0])
		if err != nil {
			fmt.Fprintf(stderr, "paysign doctor: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		in, name = f, files[0]
	}
	text, err := io.ReadAll(io.LimitReader(in, 1<<20))
	if err != nil {
		fmt.Fprintf(stderr, "paysign doctor: reading %s: %v\n", name, err)
		return exitUsage
	}
	d, err := payway.Diagnose(&payway.Checkup{Text: string(text), Operation: flags["operation"], APIKey: apiKey, TheirHashInput: flags["hash-input"]})
	if err != nil {
		fmt.Fprintf(stderr, "paysign doctor: %v (%s)%s\n", err, abi.CodeOf(err), credentialSource{"api_key": from}.explain(err))
		return exitUsage
	}
	printDiagnosis(stdout, d)
	if d.Verdict != "ok" {
		return 1
	}
	return 0
}

// printDiagnosis prints the doctor's answer for people.
func printDiagnosis(w io.Writer, d *payway.Diagnosis) {
	from := "chosen"
	if d.OperationFrom == "url" {
		from = "from the URL"
	}
	fmt.Fprintf(w, "operation: %s (%s), read as %s\nverdict:   %s\n\n", d.Operation, from, d.Format, d.Verdict)
	for _, f := range d.Findings {
		field := ""
		if f.Field != "" {
			field = " [" + f.Field + "]"
		}
		fmt.Fprintf(w, "* %s%s\n  %s\n", f.Title, field, f.Detail)
	}
	fmt.Fprintf(w, "\nPayWay hashes: %s\n", d.Expected.Input)
	switch {
	case d.Theirs.How == "unknown":
		fmt.Fprintln(w, "you hashed:    (could not reconstruct: give --hash-input)")
	default:
		fmt.Fprintf(w, "you hashed:    %s   (%s)\n", d.Theirs.Input, d.Theirs.How)
	}
	if d.FirstDifference >= 0 && d.Theirs.How != "unknown" {
		fmt.Fprintf(w, "               %s^ first difference, character %d%s\n", strings.Repeat(" ", d.FirstDifference), d.FirstDifference+1, inSegment(d.Expected.Segments, d.FirstDifference))
	}
	fmt.Fprintf(w, "\nPayWay's hash: %s\nyour hash:     %s\n", d.Expected.Hash, orNone(d.Theirs.Hash))
}

func inSegment(segs []payway.Segment, at int) string {
	for _, s := range segs {
		if at >= s.Start && at < s.End {
			return ", in " + s.Name
		}
	}
	return ""
}

func orNone(s string) string {
	if s == "" {
		return "(none sent)"
	}
	return s
}
