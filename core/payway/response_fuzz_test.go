package payway_test

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

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
	for _, in := range responseInputs(f) {
		f.Add(in.Operation, in.HTTPStatus, []byte(in.Body))
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

// FuzzDecodeResponseLocation: for any Location and request URL, link_card's
// 302 decodes; its location is valid UTF-8; an absolute Location comes back
// as it was sent, and a relative one against an absolute URL comes back
// absolute.
func FuzzDecodeResponseLocation(f *testing.F) {
	for _, in := range responseInputs(f) {
		if in.Location != "" {
			f.Add(in.URL, in.Location)
		}
	}
	f.Fuzz(func(t *testing.T, requestURL, location string) {
		r, err := payway.DecodeResponse("link_card", payway.Answer{Status: 302, Location: location, URL: requestURL})
		require.NoError(t, err)
		require.True(t, utf8.ValidString(r.Location), "%q", r.Location)
		ref, refErr := url.Parse(location)
		base, baseErr := url.Parse(requestURL)
		switch {
		case refErr == nil && ref.IsAbs():
			assert.Equal(t, strings.ToValidUTF8(location, "\uFFFD"), r.Location, "an absolute Location is kept")
		case refErr == nil && location != "" && baseErr == nil && base.IsAbs():
			resolved, err := url.Parse(r.Location)
			require.NoError(t, err, "%q against %q gave %q", location, requestURL, r.Location)
			assert.True(t, resolved.IsAbs(), "%q against %q gave %q", location, requestURL, r.Location)
		default:
			assert.Equal(t, strings.ToValidUTF8(location, "\uFFFD"), r.Location, "kept as it came")
		}
	})
}

// responseInput is a payway.decode_response vector's request.
type responseInput struct {
	Operation  string `json:"operation"`
	HTTPStatus int    `json:"http_status"`
	Body       string `json:"body"`
	Location   string `json:"location"`
	URL        string `json:"url"`
}

// responseInputs returns the requests of payway_response.json, the fuzz
// targets' seeds (those of other shapes, the refused ones, left out).
func responseInputs(f *testing.F) []responseInput {
	files, _, err := testvectors.Load()
	require.NoError(f, err)
	var inputs []responseInput
	for _, tc := range files["payway_response.json"].Tests {
		var in responseInput
		if json.Unmarshal(tc.Input, &in) == nil {
			inputs = append(inputs, in)
		}
	}
	return inputs
}
