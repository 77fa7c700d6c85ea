package paywayhttp_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/abi"
	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/internal/scriptserver"
	"github.com/paysign/paysign/paywayhttp"
	"github.com/paysign/paysign/testvectors"
)

// goParams turns the vectors' JSON parameters into payway.Params: scalars
// as strings or json.Number, lists and objects as their JSON text.
func goParams(t *testing.T, raw json.RawMessage) payway.Params {
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &m))
	params := payway.Params{}
	for name, v := range m {
		var s string
		var n json.Number
		switch {
		case json.Unmarshal(v, &s) == nil:
			params[name] = s
		case json.Unmarshal(v, &n) == nil:
			params[name] = n
		default:
			params[name] = v
		}
	}
	return params
}

// outcomeOf classifies what Send returned.
func outcomeOf(resp *payway.Response, err error) testvectors.SendOutcome {
	var refused *payway.RefusedError
	var failed *payway.SendError
	switch {
	case err == nil:
		return testvectors.SendOutcome{Outcome: "done", Code: resp.Code, Location: resp.Location}
	case errors.As(err, &refused):
		return testvectors.SendOutcome{Outcome: "refused", Code: refused.Code, Category: refused.Category}
	case errors.As(err, &failed):
		return testvectors.SendOutcome{Outcome: "failed", Code: abi.CodeOf(failed), Next: failed.Next}
	}
	return testvectors.SendOutcome{Outcome: "error: " + err.Error()}
}

// TestSendConformance runs the send conformance vectors against
// paywayhttp.Client, the Go host of the core's send loop.
func TestSendConformance(t *testing.T) {
	if testing.Short() {
		t.Skip("stalls and deadlines take a few seconds")
	}
	v, err := testvectors.Send()
	require.NoError(t, err)
	srv, err := scriptserver.Start()
	require.NoError(t, err)
	defer srv.Close()
	creds := payway.Credentials{MerchantID: v.Credentials["merchant_id"], APIKey: v.Credentials["api_key"], RSAPublicKeyPEM: v.Credentials["rsa_public_key"]}
	for _, tc := range v.Tests {
		t.Run(tc.Comment, func(t *testing.T) {
			srv.Load(scriptserver.Script{Actions: tc.Script})
			base := srv.URL
			if tc.Target == "closed_url" {
				base = srv.ClosedURL
			}
			client := &paywayhttp.Client{Credentials: creds, BaseURL: base,
				Timeout:      time.Duration(tc.Policy.TimeoutMS) * time.Millisecond,
				QueryRetries: tc.Policy.QueryRetries, RetryBackoff: time.Duration(tc.Policy.RetryBackoffMS) * time.Millisecond,
				HTTPClient: &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}} // a pool of its own
			defer client.HTTPClient.CloseIdleConnections()
			if client.QueryRetries == 0 {
				client.QueryRetries = -1
			}
			for i := 0; i < tc.Sends; i++ {
				if i > 0 {
					time.Sleep(time.Duration(tc.PauseMS) * time.Millisecond)
				}
				got := outcomeOf(client.Send(context.Background(), tc.Operation, goParams(t, v.Params[tc.Operation])))
				assert.Equal(t, tc.Expect.Want(base), got, "send %d", i+1)
			}
			assert.Equal(t, tc.Expect.Counts, srv.Counts(), "the server's counts")
		})
	}
}
