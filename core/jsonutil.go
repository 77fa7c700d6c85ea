package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	if !utf8.Valid(data) {
		return fmt.Errorf("%w: request is not valid UTF-8", ErrMalformedRequest)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%w: trailing data after the JSON value", ErrMalformedRequest)
	}
	return nil
}

// jsonError wraps an encoding/json error in ErrMalformedRequest; nil stays nil.
func jsonError(err error) error {
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
		return Fieldf(name, ErrMalformedRequest, "unknown field")
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
