package core

// ParseObject parses a request that must be one JSON object (empty input is
// the empty object) for callers that map members by hand: faster than
// reflection, and every member error names its dotted path.
func ParseObject(data []byte, path string) (Object, error) {
	if len(data) == 0 {
		return Object{}, nil
	}
	v, err := ParseOrdered(data)
	if err != nil {
		return nil, err
	}
	return AsObject(v, path)
}

// AsObject returns v as an Object with unique member names; null is the
// empty object.
func AsObject(v any, path string) (Object, error) {
	switch t := v.(type) {
	case nil:
		return Object{}, nil
	case Object:
		if dup, ok := duplicateName(t); ok {
			return nil, Fieldf(join(path, dup), ErrMalformedRequest, "given twice")
		}
		return t, nil
	}
	return nil, Fieldf(path, ErrMalformedRequest, "expected a JSON object")
}

// duplicateName returns a member name that occurs twice in obj. Small
// objects (every real request) are scanned without allocating; large ones
// use a map so hostile input stays linear.
func duplicateName(obj Object) (string, bool) {
	if len(obj) <= 32 {
		for i := range obj {
			for j := i + 1; j < len(obj); j++ {
				if obj[i].Name == obj[j].Name {
					return obj[i].Name, true
				}
			}
		}
		return "", false
	}
	seen := make(map[string]bool, len(obj))
	for _, m := range obj {
		if seen[m.Name] {
			return m.Name, true
		}
		seen[m.Name] = true
	}
	return "", false
}

// AsString returns v as a string; null is "".
func AsString(v any, path string) (string, error) {
	switch t := v.(type) {
	case nil:
		return "", nil
	case string:
		return t, nil
	}
	return "", Fieldf(path, ErrMalformedRequest, "expected a JSON string")
}

// UnknownMember is the error for a member a request does not take.
func UnknownMember(path, name string) error {
	return Fieldf(join(path, name), ErrMalformedRequest, "unknown field")
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// AppendJSONString appends s as a JSON string with the minimal escaping of
// RFC 8259 (no HTML or '/' escaping; non-ASCII stays UTF-8).
func AppendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		n := i
		for n < len(s) && s[n] >= 0x20 && s[n] != '"' && s[n] != '\\' {
			n++
		}
		dst = append(dst, s[i:n]...)
		if n == len(s) {
			break
		}
		switch c := s[n]; c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i = n + 1
	}
	return append(dst, '"')
}

// AppendJSONStrings appends a JSON array of strings.
func AppendJSONStrings(dst []byte, list []string) []byte {
	dst = append(dst, '[')
	for i, s := range list {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendJSONString(dst, s)
	}
	return append(dst, ']')
}
