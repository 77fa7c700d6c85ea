package wire

// An Object is a JSON object whose member order is kept: gateways hash or
// encrypt JSON text that PHP built from ordered arrays, so member order is
// part of the bytes paysign reproduces.
type Object []Member

// Member is one name/value pair of an [Object]. Value is one of string,
// json.Number, bool, nil, []any or Object.
type Member struct {
	Name  string
	Value any
}
