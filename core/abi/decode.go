package abi

import (
	"cmp"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/wire"
)

// Requests are decoded by hand from wire.Parse's ordered values: every op
// maps its members with a switch, so an unknown or repeated member is
// refused the same way everywhere and no reflection runs on the call path.

// Field paths in errors ("params.tran_id") are joined only when an error is
// made: a request that decodes allocates no path strings.

// eachMember calls f for every member of the object v at path (null, absent
// or [] is the empty object). Repeated names are refused by wire.AsObject.
func eachMember(v any, path string, f func(m wire.Member) error) error {
	obj, err := wire.AsObject(v, path)
	if err != nil {
		return err
	}
	for _, m := range obj {
		if err := f(m); err != nil {
			return err
		}
	}
	return nil
}

// decodeRequest parses a request and maps its top-level members with f.
func decodeRequest(request []byte, f func(m wire.Member) error) error {
	obj, err := wire.ParseObject(request, "")
	if err != nil {
		return err
	}
	return eachMember(obj, "", f)
}

// str stores member name (of the object at parent) in dst; it must be a
// string or null.
func str(dst *string, v any, parent, name string) error {
	switch t := v.(type) {
	case string:
		*dst = t
		return nil
	case nil:
		*dst = ""
		return nil
	}
	return notString(parent, name)
}

// readStr is str for a member read with a wire.Reader.
func readStr[N string | []byte](r *wire.Reader, dst *string, parent string, name N) error {
	s, ok, err := r.String()
	if err != nil || !ok {
		return cmp.Or(err, notString(parent, name))
	}
	*dst = s
	return nil
}

func notString[N string | []byte](parent string, name N) error {
	return core.Fieldf(wire.Join(parent, string(name)), core.ErrMalformedRequest, "expected a JSON string")
}

// noParams refuses any member: the op takes an empty object.
func noParams(request []byte) error {
	return decodeRequest(request, func(m wire.Member) error { return wire.Unknown("", m.Name) })
}

// stringMap decodes an object whose members are all strings.
func stringMap(v any, path, what string) (map[string]string, error) {
	obj, err := wire.AsObject(v, path)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(obj))
	for _, m := range obj {
		s, ok := m.Value.(string)
		if !ok {
			return nil, core.Fieldf(path, core.ErrMalformedRequest, "%s", what)
		}
		out[m.Name] = s
	}
	return out, nil
}
