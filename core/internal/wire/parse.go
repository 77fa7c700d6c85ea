package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/paysign/paysign/core"
)

// MaxDepth bounds the nesting Parse accepts: PHP's json_decode default, so a
// body PHP can read is never refused here (and no deeper one is accepted).
const MaxDepth = 512

// Parse parses one JSON value keeping object member order and number
// lexemes. The result is built from string, json.Number, bool, nil, []any
// and Object. It rejects invalid UTF-8 and \u escapes of unpaired UTF-16
// surrogates (PHP's json_decode rejects both; Go's encoding/json would turn
// them into U+FFFD and change hashed text), trailing data, and nesting
// deeper than MaxDepth. Errors wrap core.ErrMalformedRequest.
func Parse(data []byte) (any, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	p := &parser{data: data, text: string(data)}
	v, err := p.value(1)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos != len(p.data) {
		return nil, p.fail("trailing data after the JSON value")
	}
	return v, nil
}

type parser struct {
	data []byte
	// text is data as one string: a string without escapes is a slice of
	// it, so a request costs one copy instead of one per string. Values
	// therefore keep the whole input alive; what outlives a call (cached
	// keys, credentials behind a handle) is cloned where it is kept.
	text string
	pos  int
}

func (p *parser) fail(what string) error {
	return fmt.Errorf("%w: %s at byte %d", core.ErrMalformedRequest, what, p.pos)
}

func (p *parser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// value parses a value whose arrays and objects would be at nesting level
// depth (the top-level object is level 1, as PHP counts).
func (p *parser) value(depth int) (any, error) {
	p.space()
	if p.pos >= len(p.data) {
		return nil, p.fail("truncated JSON")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		if depth > MaxDepth {
			return nil, p.fail("JSON nested too deeply")
		}
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
		if depth > MaxDepth {
			return nil, p.fail("JSON nested too deeply")
		}
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
func (p *parser) next(closing byte) (done bool, err error) {
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
func (p *parser) str() (string, error) {
	p.pos++ // opening quote
	start := p.pos
	p.pos += Plain(p.data[p.pos:], false)
	if p.pos < len(p.data) && p.data[p.pos] == '"' { // no escapes: the common case
		p.pos++
		return p.text[start : p.pos-1], nil
	}
	// The unescaped text is never longer than the literal: size the buffer
	// to the closing quote, found by a skip over escapes.
	end := p.pos
	for end < len(p.data) && p.data[end] != '"' {
		if p.data[end] == '\\' {
			end++
		}
		end++
	}
	out := make([]byte, 0, min(end, len(p.data))-start)
	out = append(out, p.data[start:p.pos]...)
	for p.pos < len(p.data) {
		// Copy the run up to the next quote, backslash or control byte at once.
		run := p.pos + Plain(p.data[p.pos:], false)
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
func (p *parser) number() (json.Number, error) {
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

// checkText rejects what encoding/json would silently turn into U+FFFD,
// changing the text paysign hashes: invalid UTF-8, and \u escapes of
// unpaired UTF-16 surrogates (PHP's json_decode rejects both).
func checkText(data []byte) error {
	if !utf8.Valid(data) {
		return fmt.Errorf("%w: request is not valid UTF-8", core.ErrMalformedRequest)
	}
	for i := 0; i < len(data); i++ {
		next := bytes.IndexByte(data[i:], '\\')
		if next < 0 || i+next+1 >= len(data) {
			return nil
		}
		i += next + 1 // the escaped character
		if data[i] != 'u' {
			continue
		}
		r := hex4(data[i+1:])
		switch {
		case r >= 0xd800 && r < 0xdc00:
			if i+10 < len(data) && data[i+5] == '\\' && data[i+6] == 'u' {
				if low := hex4(data[i+7:]); low >= 0xdc00 && low < 0xe000 {
					i += 10
					continue
				}
			}
			return fmt.Errorf("%w: unpaired UTF-16 surrogate in a \\u escape", core.ErrMalformedRequest)
		case r >= 0xdc00 && r < 0xe000:
			return fmt.Errorf("%w: unpaired UTF-16 surrogate in a \\u escape", core.ErrMalformedRequest)
		}
	}
	return nil
}

// hex4 decodes four hex digits, or returns -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return -1
		}
	}
	return r
}
