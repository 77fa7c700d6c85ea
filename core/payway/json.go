package payway

import (
	"crypto/rsa"
	"encoding/json"

	"github.com/paysign/paysign/core"
)

// The JSON requests of the payway.* ops (DESIGN.md). core/abi registers
// these functions; they decode strictly and call Sign, Verify or Operations.

type signRequest struct {
	Operation   string          `json:"operation"`
	Credentials Credentials     `json:"credentials"`
	Params      json.RawMessage `json:"params"`
	RequestTime string          `json:"request_time"`
	Environment string          `json:"environment"`
}

// SignJSON is the payway.sign op: a JSON request in, a *Signed out.
func SignJSON(request []byte) (any, error) {
	var r signRequest
	if err := core.DecodeStrict(request, &r); err != nil {
		return nil, err
	}
	params, err := decodeParams(r.Params)
	if err != nil {
		return nil, err
	}
	return Sign(&Request{
		Operation:   r.Operation,
		Credentials: r.Credentials,
		Params:      params,
		RequestTime: r.RequestTime,
		Environment: r.Environment,
	})
}

// decodeParams keeps member order and number lexemes of nested JSON.
func decodeParams(raw json.RawMessage) (Params, error) {
	params := Params{}
	if len(raw) == 0 || string(raw) == "null" {
		return params, nil
	}
	v, err := core.ParseOrdered(raw)
	if err != nil {
		return nil, &core.FieldError{Field: "params", Err: err}
	}
	obj, ok := v.(core.Object)
	if !ok {
		return nil, core.Fieldf("params", core.ErrMalformedRequest, "params must be a JSON object")
	}
	for _, m := range obj {
		if _, dup := params[m.Name]; dup {
			return nil, core.Fieldf("params."+m.Name, core.ErrMalformedRequest, "given twice")
		}
		params[m.Name] = m.Value
	}
	return params, nil
}

type verifyRequest struct {
	Operation   string `json:"operation"`
	Credentials struct {
		APIKey        string `json:"api_key"`
		RSAPrivateKey string `json:"rsa_private_key"`
	} `json:"credentials"`
	// Fields are the received fields: an object of strings, or the
	// [[name, value], ...] list payway.sign returns.
	Fields json.RawMessage `json:"fields"`
}

// VerifyJSON is the payway.verify op.
func VerifyJSON(request []byte) (any, error) {
	var r verifyRequest
	if err := core.DecodeStrict(request, &r); err != nil {
		return nil, err
	}
	fields, err := decodeFields(r.Fields)
	if err != nil {
		return nil, err
	}
	var priv *rsa.PrivateKey
	if r.Credentials.RSAPrivateKey != "" {
		if priv, err = core.CachedPrivateKey(r.Credentials.RSAPrivateKey); err != nil {
			return nil, &core.FieldError{Field: "credentials.rsa_private_key", Err: err}
		}
	}
	return Verify(r.Operation, fields, r.Credentials.APIKey, priv)
}

func decodeFields(raw json.RawMessage) (map[string]string, error) {
	fields := map[string]string{}
	var pairs [][2]string
	if err := json.Unmarshal(raw, &pairs); err == nil {
		for _, p := range pairs {
			fields[p[0]] = p[1]
		}
		return fields, nil
	}
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, core.Fieldf("fields", core.ErrMalformedRequest, "fields must be an object of strings or a list of [name, value] pairs")
	}
	return fields, nil
}

// Catalog is the value of the payway.catalog op.
type Catalog struct {
	Environments map[string]string `json:"environments"`
	Operations   []Operation       `json:"operations"`
}

// CatalogJSON is the payway.catalog op; it takes an empty object.
func CatalogJSON(request []byte) (any, error) {
	if err := core.DecodeStrict(request, &struct{}{}); err != nil {
		return nil, err
	}
	envs := make(map[string]string, len(baseURLs))
	for name, u := range baseURLs {
		envs[name] = u
	}
	return Catalog{Environments: envs, Operations: Operations()}, nil
}
