package wire

import (
	"bytes"
	"strconv"

	"github.com/paysign/paysign/core"
)

// ParseObject parses a request that must be one JSON object (empty or
// white-space input is the empty object) for callers that map members by
// hand. path names the object in errors ("" for the top level).
func ParseObject(data []byte, path string) (Object, error) {
	if len(bytes.TrimLeft(data, " \t\r\n")) == 0 {
		return Object{}, nil
	}
	v, err := Parse(data)
	if err != nil {
		return nil, err
	}
	return AsObject(v, path)
}

// AsObject returns v as an Object with unique member names; null, and the
// empty array that PHP's json_encode writes for an empty array, are the
// empty object. A name given twice is refused: which of the two a reader
// would keep differs between JSON libraries.
func AsObject(v any, path string) (Object, error) {
	switch t := v.(type) {
	case nil:
		return Object{}, nil
	case []any:
		if len(t) == 0 {
			return Object{}, nil
		}
	case Object:
		if dup, ok := duplicateName(t); ok {
			return nil, core.Fieldf(Join(path, dup), core.ErrMalformedRequest, "given twice")
		}
		return t, nil
	}
	return nil, notObject(path)
}

// duplicateName returns a member name that occurs twice in obj.
func duplicateName(obj Object) (string, bool) {
	return repeated(obj, func(m Member) string { return m.Name })
}

// repeated returns a name that occurs twice in list: of the first name
// that occurs again, for up to 32 (every real request, scanned without
// allocating); of the first repetition for more, found with a map so that
// hostile input stays linear.
func repeated[E any, N string | []byte](list []E, name func(E) N) (string, bool) {
	if len(list) <= 32 {
		for i := range list {
			for j := i + 1; j < len(list); j++ {
				if string(name(list[i])) == string(name(list[j])) {
					return string(name(list[i])), true
				}
			}
		}
		return "", false
	}
	seen := make(map[string]bool, len(list))
	for _, e := range list {
		if seen[string(name(e))] {
			return string(name(e)), true
		}
		seen[string(name(e))] = true
	}
	return "", false
}

// Duplicate returns the dotted path, relative to v, of a member given twice
// anywhere inside v. It allocates only when it finds one.
func Duplicate(v any) (string, bool) {
	switch t := v.(type) {
	case Object:
		if name, ok := duplicateName(t); ok {
			return name, true
		}
		for _, m := range t {
			if p, ok := Duplicate(m.Value); ok {
				return Join(m.Name, p), true
			}
		}
	case []any:
		for i, e := range t {
			if p, ok := Duplicate(e); ok {
				return Join(strconv.Itoa(i), p), true
			}
		}
	}
	return "", false
}

// Unknown is the error for a member a request does not take.
func Unknown(path, name string) error {
	return core.Fieldf(Join(path, name), core.ErrMalformedRequest, "unknown field")
}

// Join returns the dotted path of member name inside path.
func Join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
