package payway

import "github.com/paysign/paysign/core"

//go:generate go run ../../internal/gen -root ../..

// Input is the parameters of one operation, what [Sign] (Request.Params)
// and paywayhttp's Client.Send take. It is either
//
//   - the operation's struct, generated from the catalogue: [Refund],
//     [Purchase], [CheckTransaction], ... one per operation, whose fields
//     are the operation's parameters, so that a misspelt parameter does not
//     compile and the operation is the struct's own; or
//   - [Params], PayWay's field names in a map, for an operation chosen at
//     run time and named next to them (Request.Operation).
//
// Only this package's types are Inputs.
type Input interface {
	// Operation is the catalogue operation the parameters are for, or ""
	// for Params, which name none.
	Operation() string
	params() Params
}

// Operation returns "": a Params map names no operation, Request.Operation
// does.
func (Params) Operation() string { return "" }

func (p Params) params() Params { return p }

// set puts value under name when present is true. The generated structs
// leave out what is empty (a zero int where 0 is not a valid value), as
// Sign treats an absent parameter and an empty one alike.
func set[T any](params Params, name string, value T, present bool) {
	if present {
		params[name] = value
	}
}

// operation is the operation r signs and its parameters. Typed parameters
// name their operation; Request.Operation may repeat it, not contradict it.
func (r *Request) operation() (string, Params, error) {
	if r.Params == nil {
		return r.Operation, nil, nil
	}
	typed := r.Params.Operation()
	switch {
	case typed == "":
		return r.Operation, r.Params.params(), nil
	case r.Operation != "" && r.Operation != typed:
		return "", nil, core.Fieldf("operation", core.ErrMalformedRequest, "the operation is %q but the parameters are %s's", clip(r.Operation), typed)
	}
	return typed, r.Params.params(), nil
}
