package wire

import "github.com/paysign/paysign/core"

// A Reader decodes a request member by member, for the ops whose members
// map straight to Go fields: a member name is handed over as bytes (a
// switch on string(name) does not allocate), a string member becomes one
// string and no boxed value, and only what the caller asks for as a value
// becomes ordered values. It applies Parse's rules and gives the errors
// ParseObject, AsObject and a walk over the members would give, in the
// same order: any syntax error of the whole request first, then a name
// given twice in an object, then the first error of its members.
type Reader struct {
	p      parser
	depth  int   // nesting level of the object being read (the top is 1)
	failed error // the syntax error that ended the reading
	names  [][]byte
	inline [16][]byte
}

// ReadObject reads data, which must be one JSON object (empty or white-space
// input, null and [] are the empty object), calling member for each of its
// members with the name. member must read the value with r's String, Value
// or Object, or leave it (it is skipped). An error member returns is kept,
// and the reading goes on to find any syntax error, which wins; path names
// the object in errors ("" for the top level).
func ReadObject(data []byte, path string, member func(r *Reader, name []byte) error) error {
	if err := checkText(data); err != nil {
		return err
	}
	r := &Reader{p: parser{data: data, text: string(data)}}
	r.names = r.inline[:0]
	r.p.space()
	if r.p.pos == len(r.p.data) {
		return nil
	}
	err := r.Object(path, func(name []byte) error { return member(r, name) })
	if r.failed != nil {
		return r.failed
	}
	r.p.space()
	if r.p.pos != len(r.p.data) {
		return r.p.fail("trailing data after the JSON value")
	}
	return err
}

// syntax records a syntax error: it ends the reading.
func (r *Reader) syntax(err error) error {
	if r.failed == nil {
		r.failed = err
	}
	return r.failed
}

// Object reads the object at the reader's position member by member, as
// ReadObject does; null and [] are the empty object, any other value is
// refused ("expected a JSON object" at path, after it was read).
func (r *Reader) Object(path string, member func(name []byte) error) error {
	p := &r.p
	p.space()
	if p.pos >= len(p.data) {
		return r.syntax(p.fail("truncated JSON"))
	}
	if p.data[p.pos] != '{' {
		v, err := p.value(r.depth + 1)
		if err != nil {
			return r.syntax(err)
		}
		if list, ok := v.([]any); v == nil || ok && len(list) == 0 {
			return nil
		}
		return notObject(path)
	}
	if r.depth+1 > MaxDepth {
		return r.syntax(p.fail("JSON nested too deeply"))
	}
	p.pos++
	r.depth++
	base := len(r.names)
	defer func() { r.depth, r.names = r.depth-1, r.names[:base] }()
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return nil
	}
	var first error
	for {
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return r.syntax(p.fail("expected a member name"))
		}
		name, err := r.name()
		if err != nil {
			return r.syntax(err)
		}
		r.names = append(r.names, name)
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return r.syntax(p.fail("expected ':'"))
		}
		p.pos++
		p.space()
		at := p.pos
		err = member(name)
		if r.failed != nil {
			return r.failed
		}
		if err != nil && first == nil {
			first = err
		}
		if p.pos == at { // the member left its value: skip it
			if _, err := p.value(r.depth + 1); err != nil {
				return r.syntax(err)
			}
		}
		done, err := p.next('}')
		if err != nil {
			return r.syntax(err)
		}
		if done {
			break
		}
	}
	if dup, ok := repeated(r.names[base:], func(name []byte) []byte { return name }); ok {
		return core.Fieldf(Join(path, dup), core.ErrMalformedRequest, "given twice")
	}
	return first
}

// name reads a member name: the bytes of the literal when it has no
// escapes, else its decoded text.
func (r *Reader) name() ([]byte, error) {
	p := &r.p
	start := p.pos + 1
	end := start + Plain(p.data[start:], false)
	if end < len(p.data) && p.data[end] == '"' {
		p.pos = end + 1
		return p.data[start:end], nil
	}
	s, err := p.str()
	return []byte(s), err
}

// String reads a string member: ok is false (and the value read) when it
// is neither a string nor null, which reads as "".
func (r *Reader) String() (s string, ok bool, err error) {
	p := &r.p
	if p.pos < len(p.data) && p.data[p.pos] == '"' {
		s, err := p.str()
		if err != nil {
			return "", false, r.syntax(err)
		}
		return s, true, nil
	}
	v, err := p.value(r.depth + 1)
	if err != nil {
		return "", false, r.syntax(err)
	}
	return "", v == nil, nil
}

// Value reads a member's value as Parse would.
func (r *Reader) Value() (any, error) {
	v, err := r.p.value(r.depth + 1)
	if err != nil {
		return nil, r.syntax(err)
	}
	return v, nil
}

// notObject is the error for a value that had to be an object.
func notObject(path string) error {
	return core.Fieldf(path, core.ErrMalformedRequest, "expected a JSON object")
}
