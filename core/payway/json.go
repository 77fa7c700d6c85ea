package payway

import (
	"crypto/rsa"
	"encoding/json"

	"github.com/paysign/paysign/core"
)

// The JSON requests of the payway.* ops (DESIGN.md). core/abi registers
// these functions; they decode strictly and call Sign, Verify or Operations.

// SignJSON is the payway.sign op: a JSON request in, a *Signed out. The
// request is mapped by hand (no reflection): it is on every call's path.
func SignJSON(request []byte) (any, error) {
	obj, err := core.ParseObject(request, "")
	if err != nil {
		return nil, err
	}
	var r Request
	for _, m := range obj {
		switch m.Name {
		case "operation":
			r.Operation, err = core.AsString(m.Value, m.Name)
		case "request_time":
			r.RequestTime, err = core.AsString(m.Value, m.Name)
		case "environment":
			r.Environment, err = core.AsString(m.Value, m.Name)
		case "credentials":
			r.Credentials, err = decodeCredentials(m.Value)
		case "params":
			r.Params, err = decodeParams(m.Value)
		default:
			err = core.UnknownMember("", m.Name)
		}
		if err != nil {
			return nil, err
		}
	}
	return Sign(&r)
}

func decodeCredentials(v any) (Credentials, error) {
	var c Credentials
	obj, err := core.AsObject(v, "credentials")
	for _, m := range obj {
		if err != nil {
			break
		}
		path := "credentials." + m.Name
		switch m.Name {
		case "merchant_id":
			c.MerchantID, err = core.AsString(m.Value, path)
		case "api_key":
			c.APIKey, err = core.AsString(m.Value, path)
		case "rsa_public_key":
			c.RSAPublicKey, err = core.AsString(m.Value, path)
		default:
			err = core.UnknownMember("credentials", m.Name)
		}
	}
	return c, err
}

// decodeParams keeps member order and number lexemes of nested JSON.
func decodeParams(v any) (Params, error) {
	obj, err := core.AsObject(v, "params")
	if err != nil {
		return nil, err
	}
	params := make(Params, len(obj))
	for _, m := range obj {
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

// HashJSON is the payway.hash op: {"operation", "credentials": {"api_key"},
// "fields"} in, a *Hashed out.
func HashJSON(request []byte) (any, error) {
	var r verifyRequest
	if err := core.DecodeStrict(request, &r); err != nil {
		return nil, err
	}
	if r.Credentials.RSAPrivateKey != "" {
		return nil, core.UnknownMember("credentials", "rsa_private_key")
	}
	fields, err := decodeFields(r.Fields)
	if err != nil {
		return nil, err
	}
	return Hash(r.Operation, fields, r.Credentials.APIKey)
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
