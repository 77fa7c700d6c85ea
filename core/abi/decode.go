package abi

import (
	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/wire"
)

// Requests are decoded by hand from wire.Parse's ordered values: every op
// maps its members with a switch, so an unknown or repeated member is
// refused the same way everywhere and no reflection runs on the call path.

// eachMember calls f for every member of the object v at path (null or
// absent is the empty object). Repeated names are refused by wire.AsObject.
func eachMember(v any, path string, f func(m wire.Member, path string) error) error {
	obj, err := wire.AsObject(v, path)
	if err != nil {
		return err
	}
	for _, m := range obj {
		if err := f(m, wire.Join(path, m.Name)); err != nil {
			return err
		}
	}
	return nil
}

// decodeRequest parses a request and maps its top-level members with f.
func decodeRequest(request []byte, f func(m wire.Member, path string) error) error {
	obj, err := wire.ParseObject(request, "")
	if err != nil {
		return err
	}
	return eachMember(obj, "", f)
}

// str stores a string member in dst.
func str(dst *string, v any, path string) error {
	s, err := wire.AsString(v, path)
	*dst = s
	return err
}

// noParams refuses any member: the op takes an empty object.
func noParams(request []byte) error {
	return decodeRequest(request, func(m wire.Member, path string) error { return wire.Unknown("", m.Name) })
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
