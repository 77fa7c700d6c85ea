package abi

import (
	"crypto/rsa"
	"encoding/json"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/payway"
)

func init() {
	register("payway.sign", "sign a PayWay request", opPayWaySign)
	register("payway.verify", "verify a received PayWay request as the gateway would (test doubles)", opPayWayVerify)
	register("payway.catalog", "the PayWay operation catalogue as data", opPayWayCatalog)
}

type payWaySignRequest struct {
	Operation   string             `json:"operation"`
	Credentials payway.Credentials `json:"credentials"`
	Params      json.RawMessage    `json:"params"`
	RequestTime string             `json:"request_time"`
	Environment string             `json:"environment"`
}

func opPayWaySign(req []byte) (any, error) {
	var r payWaySignRequest
	if err := core.DecodeStrict(req, &r); err != nil {
		return nil, err
	}
	params, err := decodeParams(r.Params)
	if err != nil {
		return nil, err
	}
	return payway.Sign(&payway.Request{
		Operation:   r.Operation,
		Credentials: r.Credentials,
		Params:      params,
		RequestTime: r.RequestTime,
		Environment: r.Environment,
	})
}

// decodeParams keeps member order and number lexemes of nested JSON.
func decodeParams(raw json.RawMessage) (payway.Params, error) {
	params := payway.Params{}
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

type payWayVerifyRequest struct {
	Operation   string `json:"operation"`
	Credentials struct {
		APIKey        string `json:"api_key"`
		RSAPrivateKey string `json:"rsa_private_key"`
	} `json:"credentials"`
	// Fields are the received fields: an object of strings, or the
	// [[name, value], ...] list payway.sign returns.
	Fields json.RawMessage `json:"fields"`
}

func opPayWayVerify(req []byte) (any, error) {
	var r payWayVerifyRequest
	if err := core.DecodeStrict(req, &r); err != nil {
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
	return payway.Verify(r.Operation, fields, r.Credentials.APIKey, priv)
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

type payWayCatalog struct {
	Environments map[string]string  `json:"environments"`
	Operations   []payway.Operation `json:"operations"`
}

func opPayWayCatalog(req []byte) (any, error) {
	if err := core.DecodeStrict(req, &struct{}{}); err != nil {
		return nil, err
	}
	sandbox, _ := payway.BaseURL("sandbox")
	production, _ := payway.BaseURL("production")
	return payWayCatalog{
		Environments: map[string]string{"sandbox": sandbox, "production": production},
		Operations:   payway.Operations(),
	}, nil
}
