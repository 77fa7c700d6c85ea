package paywaytest_test

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"mime/multipart"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/paywaytest"
)

// documentedExample is one entry of testdata/documented_examples.json.
type documentedExample struct {
	Name            string            `json:"name"`
	Operation       string            `json:"operation"`
	Source          string            `json:"source"`
	ContentType     string            `json:"content_type"`
	Setup           []string          `json:"setup"`
	Request         json.RawMessage   `json:"request"`
	MerchantAuth    json.RawMessage   `json:"merchant_auth"`
	Beneficiaries   json.RawMessage   `json:"beneficiaries"`
	Answer          json.RawMessage   `json:"answer"`
	TypeDifferences map[string]string `json:"type_differences"`
}

func loadExamples(t *testing.T) (examples []documentedExample, notCovered map[string]string) {
	t.Helper()
	data, err := os.ReadFile("testdata/documented_examples.json")
	require.NoError(t, err)
	var file struct {
		NotCovered map[string]string   `json:"not_covered"`
		Examples   []documentedExample `json:"examples"`
	}
	require.NoError(t, json.Unmarshal(data, &file))
	return file.Examples, file.NotCovered
}

// member is one member of a JSON object, its value as written.
type member struct {
	name string
	raw  json.RawMessage
}

// orderedMembers reads a JSON object keeping its members' order and
// values as written (a number's lexeme, null).
func orderedMembers(t *testing.T, data []byte) []member {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok)
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		require.NoError(t, err)
		var raw json.RawMessage
		require.NoError(t, dec.Decode(&raw))
		out = append(out, member{tok.(string), raw})
	}
	return out
}

// compactJSON writes members as one compact JSON object, values as
// written.
func compactJSON(members []member) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(m.name)
		b.Write(name)
		b.WriteByte(':')
		_ = json.Compact(&b, m.raw)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// exampleRig is a double set up for one documented example.
type exampleRig struct {
	t        *testing.T
	srv      *paywaytest.Server
	merchant paywaytest.Merchant
	clock    time.Time
	linkID   string
}

// newExampleRig starts a double whose clock is the example's request
// time and which knows the example's merchant (TEST-ONLY keys).
func newExampleRig(t *testing.T, ex documentedExample) *exampleRig {
	clock := time.Now().UTC().Truncate(time.Second)
	merchantID := ""
	for _, m := range orderedMembers(t, ex.Request) {
		var s string
		_ = json.Unmarshal(m.raw, &s)
		switch m.name {
		case "req_time", "request_time":
			at, err := time.Parse("20060102150405", s)
			require.NoError(t, err, ex.Name)
			clock = at
		case "merchant_id":
			merchantID = s
		}
	}
	merchants := []paywaytest.Merchant{paywaytest.DefaultMerchant()}
	merchant := merchants[0]
	if merchantID != merchant.ID {
		merchant.ID, merchant.APIKey = merchantID, "TEST_ONLY_docs_key_"+merchantID
		merchants = append(merchants, merchant)
	}
	srv := paywaytest.NewServer(t, paywaytest.WithMerchants(merchants...), paywaytest.WithClock(func() time.Time { return clock }))
	return &exampleRig{t: t, srv: srv, merchant: merchant, clock: clock}
}

// do signs params as the example's merchant at the rig's clock and
// requires PayWay's success.
func (r *exampleRig) do(op string, params payway.Params) []byte {
	r.t.Helper()
	return signAndPost(r.t, r.srv.URL, r.merchant.Credentials(), op, params, r.clock).succeeded(r.t)
}

// setup runs the example's setup steps (see the data file's description).
func (r *exampleRig) setup(steps []string) {
	r.t.Helper()
	for _, step := range steps {
		w := strings.Fields(step)
		switch w[0] {
		case "purchase", "preauth":
			p := payway.Params{"tran_id": w[1], "amount": w[2], "currency": w[3], "payment_option": "abapay_khqr_deeplink"}
			if w[0] == "preauth" {
				p["type"] = "pre-auth"
			}
			r.do("purchase", p)
		case "approve":
			_, err := r.srv.Approve(w[1], r.merchant.ID)
			require.NoError(r.t, err)
		case "beneficiary":
			r.do("add_beneficiary", payway.Params{"payee": w[1]})
		case "link":
			body := r.do("create_payment_link", payway.Params{"title": "Invoice", "amount": "0.03", "currency": "USD",
				"expired_date": r.clock.Add(time.Hour).Unix(), "merchant_ref_no": w[1]})
			var created struct {
				Data struct{ ID string } `json:"data"`
			}
			require.NoError(r.t, json.Unmarshal(body, &created))
			r.linkID = created.Data.ID
		case "pay-link":
			_, _, err := r.srv.PayLink(r.linkID)
			require.NoError(r.t, err)
		default:
			r.t.Fatalf("unknown setup step %q", step)
		}
	}
}

// encrypted is the base64 encryption of plaintext (placeholders filled)
// with the gateway's key, as PayWay's PHP samples build merchant_auth.
func (r *exampleRig) encrypted(plaintext []byte) string {
	r.t.Helper()
	text := strings.NewReplacer(`"${expires}"`, strconv.FormatInt(r.clock.Add(time.Hour).Unix(), 10), "${link_id}", r.linkID).Replace(string(plaintext))
	pub := &r.merchant.RSAPrivateKey.PublicKey
	var ct []byte
	for rest := []byte(text); len(rest) > 0; { // openssl_public_encrypt per 117-byte (k-11) block, as the samples do
		n := min(len(rest), pub.Size()-11)
		block, err := rsa.EncryptPKCS1v15(rand.Reader, pub, rest[:n])
		require.NoError(r.t, err)
		ct, rest = append(ct, block...), rest[n:]
	}
	return base64.StdEncoding.EncodeToString(ct)
}

// body re-signs the documented request (see the data file) and encodes
// it in the example's content type.
func (r *exampleRig) body(ex documentedExample) []byte {
	r.t.Helper()
	members := orderedMembers(r.t, ex.Request)
	for i := range members {
		var plaintext json.RawMessage
		switch members[i].name {
		case "merchant_auth":
			plaintext = compactJSON(orderedMembers(r.t, ex.MerchantAuth))
		case "beneficiaries":
			var buf bytes.Buffer
			require.NoError(r.t, json.Compact(&buf, ex.Beneficiaries))
			plaintext = buf.Bytes()
		default:
			continue
		}
		enc, _ := json.Marshal(r.encrypted(plaintext))
		members[i].raw = enc
	}
	// The hash over the values as the gateway reads them (a JSON number
	// as PHP writes it, null as nothing).
	fields, err := payway.ReceivedJSON(compactJSON(members))
	require.NoError(r.t, err)
	h, err := payway.Hash(ex.Operation, fields, r.merchant.APIKey)
	require.NoError(r.t, err)
	hash, _ := json.Marshal(h.Hash)
	for i := range members {
		if members[i].name == "hash" {
			members[i].raw = hash
		}
	}
	switch ex.ContentType {
	case payway.ContentJSON:
		return compactJSON(members)
	case payway.ContentForm:
		form := url.Values{}
		for _, m := range members {
			var s string
			require.NoError(r.t, json.Unmarshal(m.raw, &s), "%s: form values are strings", m.name)
			form.Set(m.name, s)
		}
		return []byte(form.Encode())
	}
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	require.NoError(r.t, w.SetBoundary("documented-example"))
	for _, m := range members {
		var s string
		require.NoError(r.t, json.Unmarshal(m.raw, &s), "%s: form values are strings", m.name)
		require.NoError(r.t, w.WriteField(m.name, s))
	}
	require.NoError(r.t, w.Close())
	return b.Bytes()
}

// kinds maps every member path of a JSON value to its JSON kind (string,
// number, boolean, object, array, null); array elements share one path.
func kinds(t *testing.T, data []byte) map[string]string {
	t.Helper()
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&v))
	out := map[string]string{}
	walkObjects(v, "", func(path string, obj map[string]any) {
		for name, x := range obj {
			out[joinPath(path, name)] = kindOf(jsonType(x))
		}
	})
	return out
}

// kindOf is the JSON kind of a table type: decimals and integers are
// numbers.
func kindOf(typ string) string {
	if typ == payway.AnswerDecimal || typ == payway.AnswerInteger {
		return "number"
	}
	return typ
}

// tableKind is the JSON kind answers.go gives the member at path.
func tableKind(operation, path string) string {
	for _, m := range payway.AnswerMembers(operation) {
		if m.Path == path {
			return kindOf(m.Type)
		}
	}
	return "(not in the table)"
}

// Every public PayWay example of testdata/documented_examples.json: the
// documented request (re-signed, every other field as documented) is
// accepted, and the answer has the members and JSON types of answers.go
// and of the documented answer; where a page contradicts itself, the
// table's type, for the reason the data file gives.
func TestDocumentedExamples(t *testing.T) {
	examples, _ := loadExamples(t)
	require.NotEmpty(t, examples)
	for _, ex := range examples {
		t.Run(ex.Name, func(t *testing.T) {
			require.NotEmpty(t, ex.Source)
			r := newExampleRig(t, ex)
			r.setup(ex.Setup)
			op, ok := payway.Lookup(ex.Operation)
			require.True(t, ok)
			contentType := ex.ContentType
			body := r.body(ex)
			if contentType == payway.ContentMultipart {
				contentType += "; boundary=documented-example"
			}
			answer := post(t, ex.Operation, r.srv.URL+op.Path, contentType, body).succeeded(t)

			assert.Empty(t, shapeErrors(payway.AnswerMembers(ex.Operation), answer, false), "answers.go: %s", answer)
			if ex.Answer == nil {
				return
			}
			documented, got := kinds(t, ex.Answer), kinds(t, answer)
			for path, kind := range documented {
				want := kind
				if why, differs := ex.TypeDifferences[path]; differs {
					require.NotEmpty(t, why)
					want = tableKind(ex.Operation, path)
					assert.NotEqual(t, kind, want, "%s: listed as a difference, but the example agrees with the table", path)
				}
				assert.Equal(t, want, got[path], "%s: the documented answer has a %s", path, kind)
			}
			for path := range got {
				assert.Contains(t, documented, path, "the mock answers %s, which the documented answer does not show", path)
			}
		})
	}
}

// The examples and the reasons some operations have none cover the whole
// catalogue.
func TestDocumentedExamplesCoverTheCatalogue(t *testing.T) {
	examples, notCovered := loadExamples(t)
	covered := map[string]bool{}
	for _, ex := range examples {
		covered[ex.Operation] = true
	}
	for names, why := range notCovered {
		require.NotEmpty(t, why)
		for _, name := range strings.Split(names, ", ") {
			if strings.HasSuffix(name, " answers") {
				continue // an operation covered for its request only
			}
			_, ok := payway.Lookup(name)
			require.True(t, ok, name)
			covered[name] = true
		}
	}
	for _, op := range payway.Operations() {
		assert.True(t, covered[op.Name], "%s has neither a documented example nor a reason in not_covered", op.Name)
	}
}
