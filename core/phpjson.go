package core

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// An Object is a JSON object whose member order is kept. PayWay's server
// side decrypts and parses what PHP's json_encode produced from an ordered
// array, so member order is part of what paysign reproduces.
type Object []Member

// Member is one name/value pair of an [Object].
type Member struct {
	Name  string
	Value any
}

// maxDepth bounds the nesting ParseOrdered accepts: PHP's json_decode
// default, so a body PHP can read is never refused here.
const maxDepth = 512

// ParseOrdered parses one JSON value keeping object member order and number
// lexemes. The result is built from string, json.Number, bool, nil, []any
// and Object. It rejects what DecodeStrict rejects (invalid UTF-8, unpaired
// surrogate escapes, trailing data) and nesting deeper than 512.
func ParseOrdered(data []byte) (any, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	p := &orderedParser{data: data}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos != len(p.data) {
		return nil, p.fail("trailing data after the JSON value")
	}
	return v, nil
}

type orderedParser struct {
	data []byte
	pos  int
}

func (p *orderedParser) fail(what string) error {
	return fmt.Errorf("%w: %s at byte %d", ErrMalformedRequest, what, p.pos)
}

func (p *orderedParser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *orderedParser) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, p.fail("JSON nested too deeply")
	}
	p.space()
	if p.pos >= len(p.data) {
		return nil, p.fail("truncated JSON")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		p.pos++
		obj := make(Object, 0, 8)
		p.space()
		if p.pos < len(p.data) && p.data[p.pos] == '}' {
			p.pos++
			return obj, nil
		}
		for {
			p.space()
			if p.pos >= len(p.data) || p.data[p.pos] != '"' {
				return nil, p.fail("expected a member name")
			}
			name, err := p.str()
			if err != nil {
				return nil, err
			}
			p.space()
			if p.pos >= len(p.data) || p.data[p.pos] != ':' {
				return nil, p.fail("expected ':'")
			}
			p.pos++
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			obj = append(obj, Member{Name: name, Value: v})
			if done, err := p.next('}'); done || err != nil {
				return obj, err
			}
		}
	case c == '[':
		p.pos++
		list := make([]any, 0, 4)
		p.space()
		if p.pos < len(p.data) && p.data[p.pos] == ']' {
			p.pos++
			return list, nil
		}
		for {
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
			if done, err := p.next(']'); done || err != nil {
				return list, err
			}
		}
	case c == '"':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	}
	for _, lit := range []struct {
		text  string
		value any
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if bytes.HasPrefix(p.data[p.pos:], []byte(lit.text)) {
			p.pos += len(lit.text)
			return lit.value, nil
		}
	}
	return nil, p.fail("invalid JSON value")
}

// next consumes ',' (more to come) or the closing delimiter (done).
func (p *orderedParser) next(closing byte) (done bool, err error) {
	p.space()
	if p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ',':
			p.pos++
			return false, nil
		case closing:
			p.pos++
			return true, nil
		}
	}
	return true, p.fail("expected ',' or '" + string(closing) + "'")
}

// str parses a string literal. checkText has already rejected invalid
// UTF-8 and unpaired surrogate escapes.
func (p *orderedParser) str() (string, error) {
	p.pos++ // opening quote
	start := p.pos
	for p.pos < len(p.data) && p.data[p.pos] != '"' && p.data[p.pos] != '\\' && p.data[p.pos] >= 0x20 {
		p.pos++
	}
	if p.pos < len(p.data) && p.data[p.pos] == '"' { // no escapes: the common case
		p.pos++
		return string(p.data[start : p.pos-1]), nil
	}
	out := make([]byte, 0, 2*(p.pos-start)+64)
	out = append(out, p.data[start:p.pos]...)
	for p.pos < len(p.data) {
		// Copy the run up to the next quote, backslash or control byte at once.
		run := p.pos
		for run < len(p.data) && p.data[run] != '"' && p.data[run] != '\\' && p.data[run] >= 0x20 {
			run++
		}
		out = append(out, p.data[p.pos:run]...)
		p.pos = run
		if p.pos >= len(p.data) {
			break
		}
		switch c := p.data[p.pos]; {
		case c == '"':
			p.pos++
			return string(out), nil
		case c < 0x20:
			return "", p.fail("control character in a string")
		}
		if p.pos+1 >= len(p.data) {
			break
		}
		esc := p.data[p.pos+1]
		p.pos += 2
		switch esc {
		case '"', '\\', '/':
			out = append(out, esc)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hex4(p.data[p.pos:])
			if r < 0 {
				return "", p.fail("invalid \\u escape")
			}
			p.pos += 4
			if r >= 0xd800 && r < 0xdc00 { // checkText guarantees the low half follows
				r = 0x10000 + (r-0xd800)<<10 + (hex4(p.data[p.pos+2:]) - 0xdc00)
				p.pos += 6
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", p.fail("invalid string escape")
		}
	}
	return "", p.fail("truncated string")
}

// number checks the JSON number grammar and keeps the lexeme.
func (p *orderedParser) number() (json.Number, error) {
	start := p.pos
	digits := func() int {
		n := 0
		for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	if p.data[p.pos] == '-' {
		p.pos++
	}
	intStart := p.pos
	if n := digits(); n == 0 || (n > 1 && p.data[intStart] == '0') {
		return "", p.fail("invalid number")
	}
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return "", p.fail("invalid number")
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return "", p.fail("invalid number")
		}
	}
	return json.Number(p.data[start:p.pos]), nil
}

// PHPJSON encodes v the way PHP's json_encode does with its default flags:
// '/' is escaped as '\/', every non-ASCII character as a lowercase \uXXXX
// escape (UTF-16 surrogate pairs above U+FFFF), no spaces. v is built from
// the types ParseOrdered returns, plus string-keyed Object values built in
// code and int. Number lexemes are written as given.
func PHPJSON(v any) []byte {
	var buf bytes.Buffer
	buf.Grow(256)
	writePHPJSON(&buf, v)
	return buf.Bytes()
}

func writePHPJSON(buf *bytes.Buffer, v any) {
	switch t := v.(type) {
	case nil:
		buf.WriteString("null")
	case bool:
		buf.WriteString(strconv.FormatBool(t))
	case int:
		buf.WriteString(strconv.Itoa(t))
	case json.Number:
		buf.WriteString(string(t))
	case string:
		writePHPString(buf, t)
	case []any:
		buf.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				buf.WriteByte(',')
			}
			writePHPJSON(buf, e)
		}
		buf.WriteByte(']')
	case Object:
		buf.WriteByte('{')
		for i, m := range t {
			if i > 0 {
				buf.WriteByte(',')
			}
			writePHPString(buf, m.Name)
			buf.WriteByte(':')
			writePHPJSON(buf, m.Value)
		}
		buf.WriteByte('}')
	default:
		panic(fmt.Sprintf("core.PHPJSON: unsupported type %T", v))
	}
}

const hexDigits = "0123456789abcdef"

// PHPJSONStrings encodes name/value string pairs as a JSON object the way
// PHP's json_encode does, without building an Object first.
func PHPJSONStrings(pairs [][2]string) []byte {
	size := 2
	for _, p := range pairs {
		size += len(p[0]) + len(p[1]) + 8
	}
	var buf bytes.Buffer
	buf.Grow(size + size/8)
	buf.WriteByte('{')
	for i, p := range pairs {
		if i > 0 {
			buf.WriteByte(',')
		}
		writePHPString(&buf, p[0])
		buf.WriteByte(':')
		writePHPString(&buf, p[1])
	}
	buf.WriteByte('}')
	return buf.Bytes()
}

func writePHPString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	for len(s) > 0 {
		// Copy the longest run that needs no escaping in one write.
		n := 0
		for n < len(s) && s[n] >= 0x20 && s[n] < 0x80 && s[n] != '"' && s[n] != '\\' && s[n] != '/' {
			n++
		}
		buf.WriteString(s[:n])
		s = s[n:]
		if len(s) == 0 {
			break
		}
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch {
		case r == '"':
			buf.WriteString(`\"`)
		case r == '\\':
			buf.WriteString(`\\`)
		case r == '/':
			buf.WriteString(`\/`)
		case r == '\b':
			buf.WriteString(`\b`)
		case r == '\f':
			buf.WriteString(`\f`)
		case r == '\n':
			buf.WriteString(`\n`)
		case r == '\r':
			buf.WriteString(`\r`)
		case r == '\t':
			buf.WriteString(`\t`)
		case r < 0x20:
			writeU(buf, r)
		case r > 0xffff:
			r -= 0x10000
			writeU(buf, 0xd800+(r>>10))
			writeU(buf, 0xdc00+(r&0x3ff))
		default:
			writeU(buf, r)
		}
	}
	buf.WriteByte('"')
}

func writeU(buf *bytes.Buffer, r rune) {
	buf.WriteString(`\u`)
	buf.WriteByte(hexDigits[r>>12&0xf])
	buf.WriteByte(hexDigits[r>>8&0xf])
	buf.WriteByte(hexDigits[r>>4&0xf])
	buf.WriteByte(hexDigits[r&0xf])
}
