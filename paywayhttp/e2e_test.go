package paywayhttp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/paywayhttp"
	"github.com/paysign/paysign/paywaytest"
	"github.com/paysign/paysign/testvectors"
)

// TestSendPathHashIsPHPs sends each request of testvectors/e2e/payway_e2e.json
// at its fixed time through Client.Send to the test double and requires
// the hash the double received to be expected_hash, which the PHP oracle
// computed. The double verifies with the catalogue that signed, so a
// wrong hash order passes every other send test; not this one.
func TestSendPathHashIsPHPs(t *testing.T) {
	cases, err := testvectors.E2E()
	require.NoError(t, err)
	mock, err := paywaytest.NewHandler(paywaytest.Config{})
	require.NoError(t, err)
	var mu sync.Mutex
	var received []string // the hash of each request, read from its body
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err == nil {
			mu.Lock()
			received = append(received, hashOf(t, r.Header.Get("Content-Type"), body))
			mu.Unlock()
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		mock.ServeHTTP(w, r)
	}))
	defer srv.Close()

	for i, c := range cases {
		name := fmt.Sprintf("payway_e2e.json #%d %s", c.ID, c.Comment)
		when, err := time.Parse("20060102150405", c.RequestTime)
		require.NoError(t, err, name)
		client := &paywayhttp.Client{BaseURL: srv.URL, Now: func() time.Time { return when },
			Credentials: payway.Credentials{MerchantID: c.Credentials["merchant_id"], APIKey: c.Credentials["api_key"]}}
		_, err = client.Send(context.Background(), c.Operation, e2eParams(t, c.Params))
		require.NoError(t, err, name)

		mu.Lock()
		require.Len(t, received, i+1, name)
		assert.Equal(t, c.ExpectedHash, received[i], "%s: the hash the double received", name)
		mu.Unlock()
		// The documented way for runtimes that read only the request log.
		records := mock.Requests()
		last := records[len(records)-1]
		assert.True(t, last.Verified, name)
		assert.Equal(t, c.Operation, last.Operation, name)
		assert.Equal(t, fmt.Sprintf("%s…(%d bytes)", c.ExpectedHash[:6], len(c.ExpectedHash)), last.Fields["hash"], "%s: the logged hash", name)
	}
}

// e2eParams turns the file's params into Params as a Go caller with JSON
// text would: strings as strings, numbers as json.Number, objects and
// arrays as json.RawMessage (member order kept).
func e2eParams(t *testing.T, raw map[string]json.RawMessage) payway.Params {
	params := payway.Params{}
	for name, v := range raw {
		switch v[0] {
		case '"':
			var s string
			require.NoError(t, json.Unmarshal(v, &s))
			params[name] = s
		case '{', '[':
			params[name] = v
		default:
			params[name] = json.Number(v)
		}
	}
	return params
}

// hashOf reads the hash field of a request body of any of PayWay's
// content types.
func hashOf(t *testing.T, contentType string, body []byte) string {
	mediaType, ps, err := mime.ParseMediaType(contentType)
	require.NoError(t, err)
	switch mediaType {
	case payway.ContentJSON:
		var fields map[string]string
		require.NoError(t, json.Unmarshal(body, &fields))
		return fields["hash"]
	case payway.ContentForm:
		values, err := url.ParseQuery(string(body))
		require.NoError(t, err)
		return values.Get("hash")
	case payway.ContentMultipart:
		r, err := http.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		require.NoError(t, err)
		r.Header.Set("Content-Type", mediaType+"; boundary="+ps["boundary"])
		require.NoError(t, r.ParseMultipartForm(1<<20))
		return r.FormValue("hash")
	}
	require.Fail(t, "unknown content type", contentType)
	return ""
}
