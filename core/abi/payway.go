package abi

import (
	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/datetime"
	"github.com/paysign/paysign/core/internal/wire"
	"github.com/paysign/paysign/core/payway"
)

// The payway.* ops: their requests, responses and the mapping to package
// payway. docs/envelope.md describes each one for users.

func init() {
	register("payway.sign", "sign a PayWay request", paywaySign)
	register("payway.verify", "verify a received PayWay request as the gateway would (test doubles)", paywayVerify)
	register("payway.hash", "the hash PayWay expects over given fields (Wrong Hash diagnosis)", paywayHash)
	register("payway.catalog", "the PayWay operation catalogue as data", paywayCatalog)
	register("payway.verify_callback", "verify the X-PayWay-HMAC-SHA512 header of a PayWay pushback (check_transaction stays the source of truth)", paywayVerifyCallback)
}

// payway.sign
//
//	{"operation", "credentials": {"merchant_id", "api_key", "rsa_public_key"?},
//	 "params": {...}, "request_time"?: "YYYYMMDDHHmmss", "environment"?, "base_url"?}
func paywaySign(request []byte, w *wire.Writer) error {
	var r payway.Request
	var output string
	var policy any
	// The hot op: read member by member (wire.ReadObject), so that the
	// members that map to Go fields build no ordered values.
	err := wire.ReadObject(request, "", func(rd *wire.Reader, name []byte) error {
		switch string(name) {
		case "operation":
			return readStr(rd, &r.Operation, "", "operation")
		case "policy":
			v, err := rd.Value()
			policy = v
			return err
		case "output":
			if err := readStr(rd, &output, "", "output"); err != nil {
				return err
			}
			if output != "" && output != "send" {
				return core.Fieldf("output", core.ErrInvalidFormat, "output is \"send\" (only what is sent) or absent (everything)")
			}
			return nil
		case "environment":
			return readStr(rd, &r.Environment, "", "environment")
		case "base_url":
			return readStr(rd, &r.BaseURL, "", "base_url")
		case "request_time":
			var t string
			if err := readStr(rd, &t, "", "request_time"); err != nil || t == "" {
				return err
			}
			parsed, err := datetime.ParseRequestTime(t)
			if err != nil {
				return &core.FieldError{Field: "request_time", Err: err}
			}
			r.RequestTime = parsed
			return nil
		case "credentials":
			c, err := readCredentials(rd, "credentials", "merchant_id", "api_key", "rsa_public_key")
			if err != nil {
				return err
			}
			r.Credentials = payway.Credentials{MerchantID: c.merchantID, APIKey: c.apiKey, RSAPublicKey: c.parsedPublic}
			if c.parsedPublic == nil {
				r.Credentials.RSAPublicKeyPEM = c.rsaPublicKey // parsed by Sign, only where needed
			}
			return nil
		case "params":
			v, err := rd.Value()
			if err != nil {
				return err
			}
			obj, err := wire.AsObject(v, "params")
			if err != nil {
				return err
			}
			params := make(payway.Params, len(obj))
			for _, p := range obj {
				if dup, found := wire.Duplicate(p.Value); found {
					return core.Fieldf("params."+p.Name+"."+dup, core.ErrMalformedRequest, "given twice")
				}
				// Parsed JSON values go to payway as they are: ordered,
				// valid UTF-8, without floats or repeated members.
				params[p.Name] = p.Value
			}
			r.Params = params
			return nil
		}
		return wire.Unknown("", string(name))
	})
	if err != nil {
		return err
	}
	if policy != nil && output != "send" {
		return core.Fieldf("policy", core.ErrMalformedRequest, "policy goes with \"output\": \"send\"")
	}
	s, err := payway.Sign(&r)
	if err != nil {
		return err
	}
	if output != "send" {
		writeSigned(w, s, false)
		return nil
	}
	p, err := decodePolicy(r.Operation, policy)
	if err != nil {
		return err
	}
	writeSigned(w, s, true)
	w.Key("policy")
	writePolicy(w, p)
	w.EndObject()
	return nil
}

// writeSigned writes the value of payway.sign; sendOnly leaves out what is
// not sent (the hash input, the hash order, the encrypted plaintext) and
// leaves the object open for the policy.
func writeSigned(w *wire.Writer, s *payway.Signed, sendOnly bool) {
	// What is written, plus an eighth for names, quotes and escapes (the
	// body's JSON escapes its quotes once more).
	n := 256 + len(s.URL) + 2*len(s.Body)
	for _, f := range s.Fields {
		n += 8 + len(f.Name) + len(f.Value)
	}
	if !sendOnly {
		n += len(s.HashInput) + len(s.Hash) + len(s.MerchantAuthJSON) + len(s.BeneficiariesJSON) + 16*len(s.HashFields)
	}
	w.Grow(n + n/8)
	w.BeginObject().
		StringMember("operation", s.Operation).
		StringMember("method", s.Method).
		StringMember("url", s.URL).
		StringMember("content_type", s.ContentType)
	w.Key("headers").BeginObject()
	for _, h := range s.Header {
		w.StringMember(h.Name, h.Value)
	}
	w.EndObject()
	w.Key("fields")
	writeFields(w, s.Fields)
	w.StringMember("body", s.Body)
	if sendOnly {
		return
	}
	w.Key("hash_fields").Strings(s.HashFields).
		StringMember("hash_input", s.HashInput).
		StringMember("hash", s.Hash).
		OptionalString("merchant_auth_json", s.MerchantAuthJSON).
		OptionalString("beneficiaries_json", s.BeneficiariesJSON).
		EndObject()
}

// fieldsRequest is the request of payway.verify and payway.hash:
//
//	{"operation", "credentials": {"api_key", "rsa_private_key"?}, "fields"}
//
// where fields are the received fields, an object of strings or the
// [[name, value], ...] list payway.sign returns.
type fieldsRequest struct {
	operation   string
	credentials *credentials
	fields      map[string]string
}

func decodeFieldsRequest(request []byte, withPrivateKey bool) (*fieldsRequest, error) {
	r := &fieldsRequest{fields: map[string]string{}, credentials: &credentials{}}
	allowed := []string{"api_key"}
	if withPrivateKey {
		allowed = append(allowed, "rsa_private_key")
	}
	err := decodeRequest(request, func(m wire.Member) error {
		switch m.Name {
		case "operation":
			return str(&r.operation, m.Value, "", m.Name)
		case "credentials":
			var err error
			r.credentials, err = decodeCredentials(m.Value, m.Name, allowed...)
			return err
		case "fields":
			var err error
			r.fields, err = receivedFields(m.Value, m.Name)
			return err
		}
		return wire.Unknown("", m.Name)
	})
	return r, err
}

// receivedFields decodes an object of strings or a list of [name, value]
// pairs.
func receivedFields(v any, path string) (map[string]string, error) {
	const what = "fields must be an object of strings or a list of [name, value] pairs"
	list, isList := v.([]any)
	if !isList {
		return stringMap(v, path, what)
	}
	fields := make(map[string]string, len(list))
	for _, e := range list {
		pair, ok := e.([]any)
		if !ok || len(pair) != 2 {
			return nil, core.Fieldf(path, core.ErrMalformedRequest, "%s", what)
		}
		name, ok1 := pair[0].(string)
		value, ok2 := pair[1].(string)
		if !ok1 || !ok2 {
			return nil, core.Fieldf(path, core.ErrMalformedRequest, "%s", what)
		}
		fields[name] = value
	}
	return fields, nil
}

// payway.verify
func paywayVerify(request []byte, w *wire.Writer) error {
	r, err := decodeFieldsRequest(request, true)
	if err != nil {
		return err
	}
	priv, err := r.credentials.privateKeyPayWay()
	if err != nil {
		return err
	}
	v, err := payway.Verify(r.operation, r.fields, r.credentials.apiKey, priv)
	if err != nil {
		return err
	}
	w.BeginObject().StringMember("operation", v.Operation).StringMember("merchant_id", v.MerchantID)
	if !v.RequestTime.IsZero() {
		w.StringMember("request_time", datetime.FormatCompact(v.RequestTime))
	}
	for _, plain := range []struct {
		name string
		text []byte
	}{{"merchant_auth", v.MerchantAuth}, {"beneficiaries", v.Beneficiaries}} {
		if plain.text != nil {
			w.Key(plain.name).Raw(plain.text).StringMember(plain.name+"_json", string(plain.text))
		}
	}
	w.EndObject()
	return nil
}

// payway.hash
func paywayHash(request []byte, w *wire.Writer) error {
	r, err := decodeFieldsRequest(request, false)
	if err != nil {
		return err
	}
	h, err := payway.Hash(r.operation, r.fields, r.credentials.apiKey)
	if err != nil {
		return err
	}
	w.BeginObject().StringMember("operation", h.Operation).Key("hash_fields").Strings(h.HashFields).
		StringMember("hash_input", h.HashInput).StringMember("hash", h.Hash).EndObject()
	return nil
}

// payway.catalog: {} in, {"environments", "operations"} out.
func paywayCatalog(request []byte, w *wire.Writer) error {
	if err := noParams(request); err != nil {
		return err
	}
	w.BeginObject().Key("environments").BeginObject()
	for _, env := range payway.Environments() {
		u, _ := payway.BaseURL(env)
		w.StringMember(env, u)
	}
	w.EndObject().Key("operations").BeginArray()
	for _, op := range payway.Operations() {
		w.BeginObject().
			StringMember("name", op.Name).StringMember("title", op.Title).StringMember("path", op.Path).
			StringMember("method", op.Method).StringMember("content_type", op.ContentType).
			StringMember("time_field", op.TimeField).Key("hash_fields").Strings(op.HashFields).
			StringMember("hash_encoding", op.HashEncoding).StringMember("encrypted_field", op.EncryptedField).
			Key("merchant_id_max_length").Int(int64(op.MerchantIDMax)).
			Key("params").BeginArray()
		for _, p := range op.Params {
			writeParam(w, &p)
		}
		w.EndArray().StringMember("verified", op.Verified).OptionalString("notes", op.Notes)
		if op.Query {
			w.Key("query").Bool(true)
		}
		w.EndObject()
	}
	w.EndArray().EndObject()
	return nil
}

func writeParam(w *wire.Writer, p *payway.Param) {
	w.BeginObject().StringMember("name", p.Name).StringMember("type", p.Type).Key("required").Bool(p.Required)
	for _, n := range []struct {
		name  string
		value int
	}{{"max_length", p.MaxLength}, {"max_items", p.MaxItems}} {
		if n.value != 0 {
			w.Key(n.name).Int(int64(n.value))
		}
	}
	if len(p.Enum) > 0 {
		w.Key("enum").Strings(p.Enum)
	}
	for _, n := range []struct {
		name  string
		value int
	}{{"min", p.Min}, {"max", p.Max}} {
		if n.value != 0 {
			w.Key(n.name).Int(int64(n.value))
		}
	}
	w.OptionalString("format", p.Format).OptionalString("encoding", p.Encoding).StringMember("in", p.In)
	if p.AllowZero {
		w.Key("allow_zero").Bool(true)
	}
	if len(p.Members) > 0 {
		w.Key("members").Strings(p.Members)
	}
	w.StringMember("description", p.Description).EndObject()
}

// payway.verify_callback
//
//	{"credentials": {"api_key"}, "body": raw body, "signature": header value}
func paywayVerifyCallback(request []byte, w *wire.Writer) error {
	var body, signature string
	c := &credentials{}
	err := decodeRequest(request, func(m wire.Member) error {
		switch m.Name {
		case "credentials":
			var err error
			c, err = decodeCredentials(m.Value, m.Name, "api_key")
			return err
		case "body":
			return str(&body, m.Value, "", m.Name)
		case "signature":
			return str(&signature, m.Value, "", m.Name)
		}
		return wire.Unknown("", m.Name)
	})
	if err != nil {
		return err
	}
	cb, err := payway.VerifyCallback([]byte(body), signature, c.apiKey)
	if err != nil {
		return err
	}
	w.BeginObject().Key("valid").Bool(true).StringMember("hash_input", cb.HashInput).
		StringMember("tran_id", cb.TranID).StringMember("apv", cb.APV).StringMember("status", cb.Status).
		StringMember("return_params", cb.ReturnParams).StringMember("merchant_ref", cb.MerchantRef).
		Key("values").Raw(wire.DecimalsAsStrings([]byte(body), nil)).EndObject()
	return nil
}
