package paywaytest_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/paywaytest"
)

// FuzzHandler: whatever body arrives at any PayWay path, the double
// answers without a 5xx (no fault is armed) and only with codes of the
// response code table; it never echoes the API key.
func FuzzHandler(f *testing.F) {
	ops := payway.Operations()
	contentTypes := []string{"application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=X", "text/plain"}
	merchant := paywaytest.DefaultMerchant()
	for i, op := range ops {
		params := payway.Params{"tran_id": "T1", "amount": "1", "currency": "USD", "refund_amount": "1"}
		for name := range params {
			found := false
			for _, p := range op.Params {
				found = found || p.Name == name
			}
			if !found {
				delete(params, name)
			}
		}
		s, err := payway.Sign(&payway.Request{Operation: op.Name, Credentials: merchant.Credentials(), Params: params, RequestTime: time.Now()})
		if err != nil || s.Body == "" {
			f.Add(uint8(i), uint8(0), []byte(`{"merchant_id":"ec000002","hash":"x"}`))
			continue
		}
		ct := uint8(0)
		if s.ContentType == payway.ContentForm {
			ct = 1
		}
		f.Add(uint8(i), ct, []byte(s.Body))
	}
	m, err := paywaytest.NewHandler(paywaytest.Config{})
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, opIndex, ctIndex uint8, body []byte) {
		op := ops[int(opIndex)%len(ops)]
		req := httptest.NewRequest(http.MethodPost, op.Path, bytes.NewReader(body))
		req.Header.Set("Content-Type", contentTypes[int(ctIndex)%len(contentTypes)])
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, req)
		assert.Less(t, rec.Code, 500)
		assert.NotContains(t, rec.Body.String(), paywaytest.DefaultAPIKey)
		var answer struct {
			Status struct {
				Code any `json:"code"`
			} `json:"status"`
		}
		if json.Unmarshal(rec.Body.Bytes(), &answer) == nil && answer.Status.Code != nil {
			code, _ := json.Marshal(answer.Status.Code)
			_, ok := payway.LookupResponseCode(op.Name, string(bytes.Trim(code, `"`)))
			assert.True(t, ok, "%s answered %s", op.Name, code)
		}
	})
}
