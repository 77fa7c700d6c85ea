package payway_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/testvectors"
)

// FuzzDecodeResponse: for any operation, status and body, DecodeResponse
// either fails with core.ErrBodyMalformed (or rejects the operation or the
// status) or returns a category from the closed set, a value that is JSON,
// OK only for success, and Retryable never for a gateway error on an
// operation that is not a query.
func FuzzDecodeResponse(f *testing.F) {
	files, _, err := testvectors.Load()
	require.NoError(f, err)
	for _, tc := range files["payway_response.json"].Tests {
		var in struct {
			Operation  string `json:"operation"`
			HTTPStatus int    `json:"http_status"`
			Body       string `json:"body"`
		}
		if json.Unmarshal(tc.Input, &in) == nil {
			f.Add(in.Operation, in.HTTPStatus, []byte(in.Body))
		}
	}
	categories := payway.Categories()
	f.Fuzz(func(t *testing.T, operation string, status int, body []byte) {
		r, err := payway.DecodeResponse(operation, payway.Answer{Status: status, Body: body})
		if err != nil {
			assert.True(t, errors.Is(err, core.ErrBodyMalformed) || errors.Is(err, core.ErrUnknownOperation) || errors.Is(err, core.ErrMalformedRequest), "undocumented error %v", err)
			return
		}
		assert.Contains(t, categories, r.Category)
		assert.True(t, json.Valid(r.Value), "value is not JSON: %q", r.Value)
		if r.OK {
			assert.Equal(t, payway.CategorySuccess, r.Category)
			assert.Less(t, r.HTTPStatus, 400)
		}
		if r.Retryable && r.Category == payway.CategoryGatewayError {
			assert.True(t, payway.IsQuery(operation), "%s retried after a gateway error", operation)
		}
		if r.PaymentStatus != nil {
			assert.Contains(t, categories, r.PaymentStatus.Category)
		}
	})
}
