package core

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
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

// ParseOrdered parses one JSON value keeping object member order and number
// lexemes. The result is built from string, json.Number, bool, nil, []any
// and Object.
func ParseOrdered(data []byte) (any, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := parseValue(dec)
	if err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: trailing data after the JSON value", ErrMalformedRequest)
	}
	return v, nil
}

func parseValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonError(err, nil)
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '[':
			list := []any{}
			for dec.More() {
				v, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			_, err := dec.Token()
			return list, jsonError(err, nil)
		case '{':
			obj := Object{}
			for dec.More() {
				nameTok, err := dec.Token()
				if err != nil {
					return nil, jsonError(err, nil)
				}
				v, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				obj = append(obj, Member{Name: nameTok.(string), Value: v})
			}
			_, err := dec.Token()
			return obj, jsonError(err, nil)
		}
		return nil, fmt.Errorf("%w: unexpected %v", ErrMalformedRequest, t)
	default:
		return t, nil
	}
}

// PHPJSON encodes v the way PHP's json_encode does with its default flags:
// '/' is escaped as '\/', every non-ASCII character as a lowercase \uXXXX
// escape (UTF-16 surrogate pairs above U+FFFF), no spaces. v is built from
// the types ParseOrdered returns, plus string-keyed Object values built in
// code and int. Number lexemes are written as given.
func PHPJSON(v any) []byte {
	var buf bytes.Buffer
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

func writePHPString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	for _, r := range s {
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
		case r < 0x80:
			buf.WriteByte(byte(r))
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
