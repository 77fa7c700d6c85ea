package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// DecodeStrict decodes one JSON value from data into v, rejecting invalid
// UTF-8 (encoding/json would silently replace it, changing hashed text),
// unknown object fields and trailing data. Errors wrap ErrMalformedRequest
// and name the offending field where encoding/json reports one.
func DecodeStrict(data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		data = []byte("{}")
	}
	if err := checkText(data); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return jsonError(err, data)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%w: trailing data after the JSON value", ErrMalformedRequest)
	}
	return nil
}

// jsonError wraps an encoding/json error in ErrMalformedRequest, naming the
// field where it can; data (may be nil) is the JSON being decoded. nil stays nil.
func jsonError(err error, data []byte) error {
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		if typeErr.Field != "" {
			return Fieldf(typeErr.Field, ErrMalformedRequest, "expected a JSON %s, got %s", typeName(typeErr.Type.Kind().String()), typeErr.Value)
		}
		return fmt.Errorf("%w: expected a JSON object, got %s", ErrMalformedRequest, typeErr.Value)
	}
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		return fmt.Errorf("%w: invalid JSON at byte %d", ErrMalformedRequest, syntaxErr.Offset)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: truncated JSON", ErrMalformedRequest)
	}
	if msg := err.Error(); strings.HasPrefix(msg, "json: unknown field ") {
		name := strings.Trim(strings.TrimPrefix(msg, "json: unknown field "), `"`)
		return Fieldf(locateMember(data, name), ErrMalformedRequest, "unknown field")
	}
	return fmt.Errorf("%w: %s", ErrMalformedRequest, strings.TrimPrefix(err.Error(), "json: "))
}

func typeName(kind string) string {
	switch kind {
	case "string":
		return "string"
	case "struct", "map":
		return "object"
	case "slice", "array":
		return "array"
	case "bool":
		return "boolean"
	}
	return "value of another type"
}

// checkText rejects what encoding/json would silently turn into U+FFFD,
// changing the text paysign hashes: invalid UTF-8, and \u escapes of
// unpaired UTF-16 surrogates (PHP's json_decode rejects both).
func checkText(data []byte) error {
	if !utf8.Valid(data) {
		return fmt.Errorf("%w: request is not valid UTF-8", ErrMalformedRequest)
	}
	for i := 0; i < len(data); i++ {
		if data[i] != '\\' || i+1 >= len(data) {
			continue
		}
		i++ // the escaped character
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
			return fmt.Errorf("%w: unpaired UTF-16 surrogate in a \\u escape", ErrMalformedRequest)
		case r >= 0xdc00 && r < 0xe000:
			return fmt.Errorf("%w: unpaired UTF-16 surrogate in a \\u escape", ErrMalformedRequest)
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

// locateMember returns the dotted path of the first object member called
// name, searching the top level and then one level down (encoding/json
// reports unknown fields without their path). It returns name if not found.
func locateMember(data []byte, name string) string {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return name
	}
	if _, ok := top[name]; ok {
		return name
	}
	parents := make([]string, 0, len(top))
	for parent := range top {
		parents = append(parents, parent)
	}
	sort.Strings(parents)
	for _, parent := range parents {
		var inner map[string]json.RawMessage
		if json.Unmarshal(top[parent], &inner) == nil {
			if _, ok := inner[name]; ok {
				return parent + "." + name
			}
		}
	}
	return name
}
