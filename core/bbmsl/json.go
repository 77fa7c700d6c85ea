package bbmsl

import (
	"encoding/json"

	"github.com/paysign/paysign/core"
)

// The JSON requests of the bbmsl.* ops (DESIGN.md). core/abi registers
// these functions; they decode strictly and call Sign or VerifyWebhook.

type signRequest struct {
	Operation   string          `json:"operation"`
	Credentials Credentials     `json:"credentials"`
	Params      json.RawMessage `json:"params"`
	Environment string          `json:"environment"`
}

// SignJSON is the bbmsl.sign op: a JSON request in, a *Signed out.
func SignJSON(request []byte) (any, error) {
	var r signRequest
	if err := core.DecodeStrict(request, &r); err != nil {
		return nil, err
	}
	params := map[string]any{}
	if len(r.Params) > 0 && string(r.Params) != "null" {
		v, err := core.ParseOrdered(r.Params)
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
	}
	return Sign(&Request{Operation: r.Operation, Credentials: r.Credentials, Params: params, Environment: r.Environment})
}

type webhookRequest struct {
	Credentials struct {
		// BBMSLPublicKey is BBMSL's public key for the configured
		// environment (PEM or bare base64 DER).
		BBMSLPublicKey string `json:"bbmsl_public_key"`
	} `json:"credentials"`
	// Body is the raw webhook body exactly as received.
	Body    string `json:"body"`
	Variant string `json:"variant"`
}

// VerifyWebhookJSON is the bbmsl.verify_webhook op.
func VerifyWebhookJSON(request []byte) (any, error) {
	var r webhookRequest
	if err := core.DecodeStrict(request, &r); err != nil {
		return nil, err
	}
	if r.Credentials.BBMSLPublicKey == "" {
		return nil, core.Fieldf("credentials.bbmsl_public_key", core.ErrRequired, "BBMSL's public key for the configured environment is required")
	}
	pub, err := core.CachedPublicKey(r.Credentials.BBMSLPublicKey)
	if err != nil {
		return nil, &core.FieldError{Field: "credentials.bbmsl_public_key", Err: err}
	}
	return VerifyWebhook([]byte(r.Body), pub, r.Variant)
}
