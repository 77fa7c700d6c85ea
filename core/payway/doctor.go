package payway

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/datetime"
	"github.com/paysign/paysign/core/internal/php"
	"github.com/paysign/paysign/core/internal/primitive"
	"github.com/paysign/paysign/core/internal/wire"
)

// The "Wrong Hash" doctor: what an integrator sent (a JSON body, form
// fields, a curl command, with or without the request's URL) compared with
// what PayWay expects, and the first difference explained. The command
// line (paysign doctor) and the web page (make doctor) both show this
// diagnosis, through the payway.diagnose op.

// Checkup is what the doctor is given.
type Checkup struct {
	// Text is what was sent, pasted: a JSON object, form fields (a=1&b=2,
	// or one name=value or name: value per line), or a curl command; a line
	// with the request's URL ("POST https://…/refund", or the bare URL) may
	// come first.
	Text string
	// Operation is the catalogue operation, or "" to read it from the URL
	// in Text.
	Operation string
	APIKey    string
	// TheirHashInput is the string the integrator HMAC'd, if they know it.
	TheirHashInput string
}

// Diagnosis is the doctor's answer.
type Diagnosis struct {
	Operation string
	// OperationFrom is "chosen" (Checkup.Operation) or "url".
	OperationFrom string
	// Verdict is "ok", "hash differs" or "values rejected" (the hash is
	// right, but PayWay refuses a value).
	Verdict string
	// Format is how Text was read: "json", "form" or "curl".
	Format string
	// Sent are the fields as sent, in their order.
	Sent []Field
	// Expected is PayWay's side: the hash input and hash over the fields
	// PayWay expects; Theirs is what the integrator hashed, as far as the
	// doctor could reproduce it.
	Expected HashSide
	Theirs   HashSide
	// Matches reports that the hash sent is the hash PayWay expects.
	Matches bool
	// FirstDifference is the index (in characters) of the first character
	// where Theirs.Input and Expected.Input differ, or -1.
	FirstDifference int
	Findings        []Finding
}

// HashSide is one side of the comparison.
type HashSide struct {
	Input string
	Hash  string
	// How says how Theirs was found: "pasted", "expected", "sent values,
	// PayWay order", "sent order", or "unknown".
	How      string
	Encoding string // "base64" or "hex"
	// Segments are the hashed fields' places in Input, in characters.
	Segments []Segment
	Fields   []Field
}

// Segment is one field's place in a hash input: [Start, End) in characters.
type Segment struct {
	Name       string
	Start, End int
}

// Finding is one explained problem, or "ok".
type Finding struct {
	// Kind is one of ok, time, validation, missing, encoding, order,
	// base64, amount, value, unknown.
	Kind   string
	Title  string
	Detail string
	// Field is the field it is about, or "".
	Field string
}

// maxCheckup bounds the pasted text: a PayWay request is kilobytes.
const maxCheckup = 256 << 10

// Diagnose compares what was sent with what PayWay expects. Errors wrap
// core.ErrMalformedRequest (text it cannot read), core.ErrUnknownOperation
// or core.ErrRequired (no API key). The diagnosis never contains the API
// key.
func Diagnose(c *Checkup) (*Diagnosis, error) {
	if c.APIKey == "" {
		return nil, core.Fieldf("credentials.api_key", core.ErrRequired, "the API key is needed to compute the hashes")
	}
	if len(c.Text) > maxCheckup {
		return nil, core.Fieldf("text", core.ErrMalformedRequest, "the pasted request is over %d KiB", maxCheckup>>10)
	}
	format, sent, err := ParseSent(c.Text)
	if err != nil {
		return nil, err
	}
	sentMap := make(map[string]string, len(sent))
	for _, f := range sent {
		sentMap[f.Name] = f.Value
	}
	d := &Diagnosis{Format: format, Sent: sent, OperationFrom: "chosen"}
	var op *Operation
	if c.Operation != "" {
		if op, _ = lookup(c.Operation); op == nil {
			return nil, unknownOperation(c.Operation)
		}
	} else {
		u := RequestURL(c.Text)
		if parsed, err := url.Parse(u); u != "" && err == nil {
			if found, ok := OperationFor(strings.TrimRight(parsed.Path, "/"), sentMap); ok {
				op, _ = lookup(found.Name)
			}
		}
		if op == nil {
			if u != "" {
				return nil, core.Fieldf("operation", core.ErrUnknownOperation, "no PayWay operation has the path of %s: choose the operation", clip(u))
			}
			return nil, core.Fieldf("operation", core.ErrRequired, "choose the operation, or paste the URL or the whole curl command with what you sent")
		}
		d.OperationFrom = "url"
	}
	d.Operation = op.Name
	add := func(kind, title, detail, field string) {
		d.Findings = append(d.Findings, Finding{Kind: kind, Title: title, Detail: detail, Field: field})
	}

	// What PayWay expects.
	sentTime, canonicalTime := sentMap[op.TimeField], ""
	if op.TimeField != "" {
		canonicalTime = payWayTime(sentTime)
		if sentTime != canonicalTime {
			if sentTime == "" {
				add("time", "Time format of "+op.TimeField, fmt.Sprintf("%s is missing; PayWay wants the UTC time as YYYYMMDDHHmmss, e.g. %s.", op.TimeField, datetime.FormatCompact(time.Now())), op.TimeField)
			} else {
				detail := fmt.Sprintf("You sent %q; PayWay wants the UTC time as YYYYMMDDHHmmss (14 digits, no separators, no time zone)", clip(sentTime))
				if canonicalTime != "" {
					detail += fmt.Sprintf(", i.e. %q", canonicalTime)
				}
				add("time", "Time format of "+op.TimeField, detail+".", op.TimeField)
			}
		}
	}
	expected := sent
	if op.EncryptedField != "" {
		// The encrypted field cannot be rebuilt without PayWay's private
		// key: it is taken as sent.
		expected = make([]Field, len(sent))
		for i, f := range sent {
			if f.Name == op.TimeField && canonicalTime != "" {
				f.Value = canonicalTime
			}
			expected[i] = f
		}
	} else {
		r := &Request{Operation: op.Name, Credentials: Credentials{MerchantID: sentMap["merchant_id"], APIKey: c.APIKey}, Params: paramsFromSent(op, sentMap)}
		if canonicalTime != "" {
			r.RequestTime, _ = datetime.ParseRequestTime(canonicalTime)
		}
		if s, err := Sign(r); err != nil {
			field := ""
			var fe *core.FieldError
			if errors.As(err, &fe) {
				field = fe.Field
			}
			add("validation", "paysign rejects these values", err.Error(), field)
		} else {
			expected = s.Fields
		}
	}
	expectedMap := make(map[string]string, len(expected))
	for _, f := range expected {
		expectedMap[f.Name] = f.Value
	}
	hashed, err := Hash(op.Name, expectedMap, c.APIKey)
	if err != nil {
		return nil, err
	}
	d.Expected = HashSide{Input: hashed.HashInput, Hash: hashed.Hash, How: "expected", Encoding: op.HashEncoding,
		Segments: segments(op.present(expectedMap), expectedMap), Fields: expected}

	// What they hashed.
	theirHash := sentMap["hash"]
	if theirHash == "" {
		add("missing", "No hash field", `What you sent has no "hash" field, so there is nothing to compare.`, "hash")
	}
	var sentOrder []string
	for _, f := range sent {
		if op.hashes(f.Name) {
			sentOrder = append(sentOrder, f.Name)
		}
	}
	payWayOrder := op.present(sentMap)
	hypotheses := []struct {
		how   string
		input string
		names []string
		vals  map[string]string
	}{
		{"pasted", c.TheirHashInput, nil, nil},
		{"expected", hashed.HashInput, op.present(expectedMap), expectedMap},
		{"sent values, PayWay order", joinValues(payWayOrder, sentMap), payWayOrder, sentMap},
		{"sent order", joinValues(sentOrder, sentMap), sentOrder, sentMap},
	}
	d.Theirs = HashSide{How: "unknown", Encoding: op.HashEncoding, Hash: theirHash}
	other := map[string]string{"base64": "hex", "hex": "base64"}[op.HashEncoding]
	for _, h := range hypotheses {
		if h.how == "pasted" && h.input == "" {
			continue
		}
		mac := primitive.HMACSHA512([]byte(c.APIKey), []byte(h.input))
		for _, encoding := range []string{op.HashEncoding, other} {
			if theirHash != "" && (encodeMAC(encoding, mac) == theirHash || encodeMAC(encoding, mac) == strings.ToLower(theirHash)) {
				d.Theirs = HashSide{Input: h.input, Hash: theirHash, How: h.how, Encoding: encoding, Segments: segments(h.names, h.vals)}
				break
			}
		}
		if d.Theirs.How != "unknown" {
			break
		}
		if h.how == "pasted" {
			d.Theirs = HashSide{Input: h.input, Hash: theirHash, How: "pasted (does not produce your hash with this API key)", Encoding: op.HashEncoding}
		}
	}

	// Explanations.
	if d.Theirs.Encoding != op.HashEncoding {
		want := "base64-encoded (not hex)"
		if op.HashEncoding == "hex" {
			want = "as lowercase hex"
		}
		add("encoding", "Hash encoding", fmt.Sprintf("Your hash is %s; %s wants the HMAC-SHA512 %s.", d.Theirs.Encoding, op.Name, want), "hash")
	}
	if d.Theirs.How == "sent order" && d.Theirs.Input != hypotheses[2].input {
		at := 0
		for at < len(sentOrder) && sentOrder[at] == payWayOrder[at] {
			at++
		}
		add("order", "Wrong field order in the hash", fmt.Sprintf("You concatenated the fields in the order you sent them (%s). PayWay concatenates them in its own order: %s. The first difference is position %d: you have %s, PayWay expects %s.",
			strings.Join(sentOrder, ", "), strings.Join(payWayOrder, ", "), at+1, sentOrder[at], payWayOrder[at]), payWayOrder[at])
	}
	for i := range op.Params {
		p := &op.Params[i]
		mine, sentIt := sentMap[p.Name]
		want, expectedIt := expectedMap[p.Name]
		if !op.hashes(p.Name) || !sentIt || !expectedIt || mine == want {
			continue
		}
		switch {
		case p.Encoding == EncodingBase64 && want == base64.StdEncoding.EncodeToString([]byte(mine)):
			add("base64", "base64 missing: "+p.Name, fmt.Sprintf("PayWay wants %s base64-encoded: %q, you sent the plain text %q.", p.Name, short(want), short(mine)), p.Name)
		case p.Encoding == EncodingBase64 && p.Type != TypeURL && sameJSONBase64(want, mine):
			add("base64", "base64 of other JSON: "+p.Name, fmt.Sprintf("Your %s decodes to different JSON text than PayWay's PHP-style encoding; PayWay expects %q.", p.Name, short(want)), p.Name)
		case p.Type == TypeAmount && sameNumber(mine, want):
			add("amount", "Amount text: "+p.Name, fmt.Sprintf("You sent %q; PayWay hashes the amount as text, %q (USD with exactly two decimals, KHR whole). Never format amounts from floats.", mine, want), p.Name)
		default:
			add("value", "Different value: "+p.Name, fmt.Sprintf("You sent %q; PayWay expects %q.", short(mine), short(want)), p.Name)
		}
	}
	for _, name := range op.HashFields {
		if _, ok := expectedMap[name]; ok && name != "hash" {
			if _, sentIt := sentMap[name]; !sentIt {
				add("missing", "Missing field: "+name, name+" is hashed but not in what you sent.", name)
			}
		}
	}

	d.FirstDifference = firstDifference(d.Theirs.Input, d.Expected.Input)
	d.Matches = theirHash != "" && theirHash == hashed.Hash
	rejected := false
	for _, f := range d.Findings {
		rejected = rejected || f.Kind == "validation" || f.Kind == "time"
	}
	switch {
	case !d.Matches:
		d.Verdict = "hash differs"
		if d.Theirs.How == "unknown" && theirHash != "" {
			add("unknown", "Could not reproduce your hash", "None of the usual mistakes reproduces your hash with this API key: check that the API key is the one of this merchant and environment, or paste the exact string you hashed.", "hash")
		}
	case rejected:
		d.Verdict = "values rejected"
	default:
		d.Verdict = "ok"
		d.Findings = append([]Finding{{Kind: "ok", Title: "Your hash is right", Detail: `paysign computes the same hash from what you sent. If PayWay still answers "wrong hash", check the API key and the environment (sandbox vs production).`}}, d.Findings...)
	}
	return d, nil
}

// present are op's hash fields that values has, in hash order.
func (op *Operation) present(values map[string]string) []string {
	var names []string
	for _, n := range op.HashFields {
		if _, ok := values[n]; ok {
			names = append(names, n)
		}
	}
	return names
}

func (op *Operation) hashes(name string) bool {
	for _, n := range op.HashFields {
		if n == name {
			return true
		}
	}
	return false
}

func joinValues(names []string, values map[string]string) string {
	var b strings.Builder
	for _, n := range names {
		b.WriteString(values[n])
	}
	return b.String()
}

func segments(names []string, values map[string]string) []Segment {
	segs := make([]Segment, 0, len(names))
	at := 0
	for _, n := range names {
		l := utf8.RuneCountInString(values[n])
		segs = append(segs, Segment{Name: n, Start: at, End: at + l})
		at += l
	}
	return segs
}

// firstDifference is the index in characters of the first difference of a
// and b, or -1 when they are equal.
func firstDifference(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n := min(len(ra), len(rb))
	for i := 0; i < n; i++ {
		if ra[i] != rb[i] {
			return i
		}
	}
	if len(ra) == len(rb) {
		return -1
	}
	return n
}

func encodeMAC(encoding string, mac []byte) string {
	if encoding == "hex" {
		return hex.EncodeToString(mac)
	}
	return base64.StdEncoding.EncodeToString(mac)
}

// paramsFromSent turns sent (encoded) values back into Sign's plain params.
func paramsFromSent(op *Operation, sent map[string]string) Params {
	params := Params{}
	for i := range op.Params {
		p := &op.Params[i]
		v, ok := sent[p.Name]
		if p.In != InBody || !ok {
			continue
		}
		if p.Encoding == EncodingBase64 {
			if decoded, ok := decodeBase64Text(v); ok {
				v = decoded // else they sent it plain: the doctor says so
			}
		}
		if p.Type == TypeArray || p.Type == TypeObject {
			if _, err := wire.Parse([]byte(v)); err == nil {
				params[p.Name] = json.RawMessage(v)
				continue
			}
		}
		params[p.Name] = v
	}
	return params
}

func decodeBase64Text(s string) (string, bool) {
	body := strings.TrimSuffix(strings.TrimSuffix(s, "="), "=")
	if body == "" || len(s)%4 != 0 || strings.Trim(body, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") != "" {
		return "", false
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || !utf8.Valid(b) {
		return "", false
	}
	return string(b), true
}

// sameJSONBase64 reports whether want (base64 of JSON text) and mine (the
// same, or plain JSON text) hold the same JSON value.
func sameJSONBase64(want, mine string) bool {
	w, ok := decodeBase64Text(want)
	if !ok {
		return false
	}
	if m, ok := decodeBase64Text(mine); ok {
		mine = m
	}
	a, errA := wire.Parse([]byte(w))
	b, errB := wire.Parse([]byte(mine))
	return errA == nil && errB == nil && sameJSON(a, b)
}

// sameJSON reports whether two parsed JSON values are the same value:
// objects with the same members in any order, numbers equal as numbers
// ("1.50" and "1.5"). It is not encoding/json's Unmarshal and Marshal,
// which would link their reflection into the WebAssembly module (a tenth
// of its code) for the doctor alone.
func sameJSON(a, b any) bool {
	switch x := a.(type) {
	case wire.Object:
		y, ok := b.(wire.Object)
		if !ok || len(x) != len(y) {
			return false
		}
		byName := make(map[string]any, len(y))
		for _, m := range y {
			byName[m.Name] = m.Value
		}
		for _, m := range x {
			v, found := byName[m.Name]
			if !found || !sameJSON(m.Value, v) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameJSON(x[i], y[i]) {
				return false
			}
		}
		return true
	case json.Number:
		y, ok := b.(json.Number)
		return ok && sameNumber(string(x), string(y))
	}
	return a == b // strings, booleans, null
}

func sameNumber(a, b string) bool {
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && x == y
}

func short(s string) string {
	if utf8.RuneCountInString(s) > 80 {
		return string([]rune(s)[:77]) + "…"
	}
	return s
}

// payWayTime is PayWay's request time (UTC YYYYMMDDHHmmss) for a time
// given in another common form (ISO 8601 with or without a zone — without
// one it is taken as UTC — or Unix seconds), or "".
func payWayTime(s string) string {
	if len(s) == 14 && strings.Trim(s, "0123456789") == "" {
		return s
	}
	if len(s) == 10 && strings.Trim(s, "0123456789") == "" {
		n, _ := strconv.ParseInt(s, 10, 64)
		return datetime.FormatCompact(time.Unix(n, 0))
	}
	t := strings.Replace(s, " ", "T", 1)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05"} {
		if parsed, err := time.Parse(layout, t); err == nil {
			return datetime.FormatCompact(parsed)
		}
	}
	return ""
}

// ParseSent reads the fields an integrator sent, in the order they sent
// them: format is "json", "form" or "curl". JSON values that are not
// strings are read as PayWay's PHP reads them ((string) of json_decode: a
// number 1.50 is "1.5"). Form fields: a line with '&' is
// application/x-www-form-urlencoded ('+' is a space, %XX decoded); a line
// of its own "name=value" or "name: value" is taken literally, so a '+' in
// a pasted hash stays a '+'.
func ParseSent(text string) (format string, fields []Field, err error) {
	trimmed := strings.TrimSpace(text)
	if strings.HasPrefix(trimmed, "curl ") || strings.HasPrefix(trimmed, "curl\t") || strings.HasPrefix(trimmed, "curl\\") {
		fields, err = parseCurl(trimmed)
		return "curl", fields, err
	}
	var lines []string
	for _, line := range strings.Split(trimmed, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if !isURLLine(line) {
			lines = append(lines, line)
		}
	}
	body := strings.TrimSpace(strings.Join(lines, "\n"))
	if strings.HasPrefix(body, "{") {
		fields, err = jsonFields(body)
		return "json", fields, err
	}
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case strings.Contains(line, "&"):
			fields = append(fields, formFields(line)...)
		case strings.Contains(line, "=") && (!strings.Contains(line, ": ") || strings.Index(line, "=") < strings.Index(line, ": ")):
			name, value, _ := strings.Cut(line, "=")
			fields = append(fields, Field{strings.TrimSpace(name), strings.TrimSpace(value)})
		case strings.Contains(line, ":"):
			name, value, _ := strings.Cut(line, ":")
			fields = append(fields, Field{strings.TrimSpace(name), strings.TrimSpace(value)})
		default:
			return "", nil, core.Fieldf("text", core.ErrMalformedRequest, "cannot read the line %q: expected name=value", clip(line))
		}
	}
	return "form", fields, nil
}

// isURLLine reports a request line ("POST https://…/refund") or a bare URL
// on a line of its own.
func isURLLine(line string) bool {
	f := strings.Fields(line)
	if len(f) == 2 && (strings.EqualFold(f[0], "GET") || strings.EqualFold(f[0], "POST") || strings.EqualFold(f[0], "PUT")) {
		f = f[1:]
	}
	u := strings.ToLower(strings.Join(f, " "))
	return len(f) == 1 && (strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://"))
}

// RequestURL is the URL of the request in pasted text: a curl command's
// URL, or a line such as "POST https://…/refund" or the bare URL; "" if
// there is none.
func RequestURL(text string) string {
	trimmed := strings.TrimSpace(text)
	if strings.HasPrefix(trimmed, "curl") {
		words, err := shellWords(trimmed)
		if err != nil {
			return ""
		}
		for _, w := range words {
			if strings.HasPrefix(strings.ToLower(w), "http://") || strings.HasPrefix(strings.ToLower(w), "https://") {
				return w
			}
		}
		return ""
	}
	for _, line := range strings.Split(trimmed, "\n") {
		if isURLLine(line) {
			f := strings.Fields(line)
			return f[len(f)-1]
		}
	}
	return ""
}

func jsonFields(text string) ([]Field, error) {
	v, err := wire.Parse([]byte(text))
	if err != nil {
		return nil, core.Fieldf("text", core.ErrMalformedRequest, "the JSON body does not parse: %v", err)
	}
	obj, ok := v.(wire.Object)
	if !ok {
		return nil, core.Fieldf("text", core.ErrMalformedRequest, "the JSON body must be an object")
	}
	fields := make([]Field, 0, len(obj))
	for _, m := range obj {
		switch m.Value.(type) {
		case wire.Object, []any:
			fields = append(fields, Field{m.Name, string(php.Encode(m.Value))})
		default:
			fields = append(fields, Field{m.Name, php.String(m.Value)})
		}
	}
	return fields, nil
}

func formFields(line string) []Field {
	var fields []Field
	for _, pair := range strings.Split(line, "&") {
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		n, err1 := url.QueryUnescape(name)
		v, err2 := url.QueryUnescape(value)
		if err1 != nil {
			n = name
		}
		if err2 != nil {
			v = value
		}
		fields = append(fields, Field{n, v})
	}
	return fields
}

func parseCurl(command string) ([]Field, error) {
	words, err := shellWords(command)
	if err != nil {
		return nil, err
	}
	var fields []Field
	for i := 1; i < len(words); i++ {
		w := words[i]
		value := func() string {
			i++
			if i < len(words) {
				return words[i]
			}
			return ""
		}
		switch w {
		case "-F", "--form", "--form-string", "--data-urlencode":
			name, v, _ := strings.Cut(value(), "=")
			fields = append(fields, Field{name, v})
		case "-d", "--data", "--data-raw", "--data-binary", "--data-ascii":
			v := value()
			if strings.HasPrefix(strings.TrimSpace(v), "{") {
				more, err := jsonFields(v)
				if err != nil {
					return nil, err
				}
				fields = append(fields, more...)
			} else {
				fields = append(fields, formFields(v)...)
			}
		case "-H", "--header", "-X", "--request", "-u", "--user", "-o", "--output", "-A", "--user-agent", "-e", "--referer", "--url":
			i++ // an option with a value the doctor does not need
		}
	}
	return fields, nil
}

// shellWords splits a POSIX-shell command line: quotes, backslashes, line
// continuations.
func shellWords(text string) ([]string, error) {
	var words []string
	var word strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			words = append(words, word.String())
			word.Reset()
			inWord = false
		}
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\\' && i+1 < len(text) && text[i+1] == '\n':
			i++
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			flush()
		case c == '\'':
			end := strings.IndexByte(text[i+1:], '\'')
			if end < 0 {
				return nil, core.Fieldf("text", core.ErrMalformedRequest, "unterminated single quote in the curl command")
			}
			word.WriteString(text[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(text) && text[i] != '"'; i++ {
				if text[i] == '\\' && i+1 < len(text) && strings.IndexByte("\"\\$`\n", text[i+1]) >= 0 {
					i++
				}
				word.WriteByte(text[i])
			}
			if i >= len(text) {
				return nil, core.Fieldf("text", core.ErrMalformedRequest, "unterminated double quote in the curl command")
			}
			inWord = true
		case c == '\\':
			if i+1 < len(text) {
				i++
				word.WriteByte(text[i])
			}
			inWord = true
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	flush()
	return words, nil
}
