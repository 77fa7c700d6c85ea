package paywaytest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/paywayhttp"
	"github.com/paysign/paysign/paywaytest"
)

// The Go examples of the README (docs/snippets/go.md), verbatim between the
// "snippet" comments, run against the double.

func Example_signAndSend() {
	srv, err := paywaytest.Start("127.0.0.1:0", paywaytest.Config{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	creds := srv.Credentials()
	for name, value := range map[string]string{"PAYWAY_MERCHANT_ID": creds.MerchantID, "PAYWAY_API_KEY": creds.APIKey,
		"PAYWAY_RSA_PUBLIC_KEY": srv.Merchant.PublicKeyPEM(), "PAYWAY_BASE_URL": srv.URL} {
		os.Setenv(name, value)
		defer os.Unsetenv(name)
	}
	// ORDER-1001 is one of the double's fixtures: a paid USD purchase of
	// 10.00.

	// snippet: sign-and-send
	client := &paywayhttp.Client{Credentials: payway.Credentials{
		MerchantID: os.Getenv("PAYWAY_MERCHANT_ID"), APIKey: os.Getenv("PAYWAY_API_KEY"),
		RSAPublicKeyPEM: os.Getenv("PAYWAY_RSA_PUBLIC_KEY"), // PEM; "\n" escapes are fine
	}, BaseURL: os.Getenv("PAYWAY_BASE_URL")} // "": the sandbox; Environment: "production" when live
	resp, err := client.Send(context.Background(), "refund", payway.Refund{TranID: "ORDER-1001", RefundAmount: "1.50"})
	var refused *payway.RefusedError
	switch {
	case errors.As(err, &refused): // PayWay said no
		fmt.Println(refused.Code, refused.Category) // PTL37 declined, PTL02 wrong_hash, ...
	case err != nil: // not signed (a *core.FieldError: PTL05 ...) or no answer: confirm with check_transaction
		fmt.Println(err)
	default:
		fmt.Println(resp.Code, resp.Meaning) // 00 success
	}
	// end snippet

	_, err = client.Send(context.Background(), "refund", payway.Params{"tran_id": "ORDER-1001", "refund_amount": "9.00"})
	if errors.As(err, &refused) {
		fmt.Println(refused.Code, refused.Category)
	}
	// Output:
	// 00 success
	// PTL37 declined
}

// yourPushbackHandler stands for the merchant's handler: it confirms the
// payment before fulfilling, as a real one must.
func yourPushbackHandler(w http.ResponseWriter, r *http.Request, cb *paywayhttp.Callback) {
	if cb.TranID == "" || cb.Status != "0" {
		http.Error(w, "unexpected pushback", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// snippet: testing-your-integration
func TestCheckout(t *testing.T) {
	srv := paywaytest.NewServer(t) // a PayWay double on 127.0.0.1, stopped when the test ends
	client := &paywayhttp.Client{Credentials: srv.Credentials(), BaseURL: srv.URL}
	pushbacks := httptest.NewServer(client.CallbackHandler(yourPushbackHandler)) // 401 unless signed
	defer pushbacks.Close()
	ctx := context.Background()
	_, err := client.Send(ctx, "purchase", payway.Purchase{TranID: "ORDER-1", Amount: "10.00",
		Currency: "USD", ReturnURL: pushbacks.URL})
	if err != nil {
		t.Fatal(err)
	}
	if d, err := srv.Approve("ORDER-1"); err != nil || !d.Delivered { // the payer pays: a signed pushback
		t.Fatal(err, d)
	}
	resp, err := client.Send(ctx, "check_transaction", payway.CheckTransaction{TranID: "ORDER-1"})
	if err != nil || resp.PaymentStatus.Status != "APPROVED" {
		t.Fatal(err, resp)
	}
}

// end snippet

// TestReadmeSnippets checks that docs/snippets/go.md's code blocks are the
// ones above, so the README's Go examples are code that compiles and runs.
func TestReadmeSnippets(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "snippets", "go.md"))
	require.NoError(t, err)
	self, err := os.ReadFile("readme_test.go")
	require.NoError(t, err)
	marked := regexp.MustCompile(`(?s)// snippet: ([\w-]+)\n(.*?)\n\s*// end snippet`).FindAllSubmatch(self, -1)
	require.Len(t, marked, 2)
	for _, m := range marked {
		section := regexp.MustCompile("(?s)## [^\n]*\n\n```go\n(.*?)\n```").FindAllSubmatch(doc, -1)
		require.Len(t, section, 2, "docs/snippets/go.md: two ## sections, each with one go block")
		code := strings.TrimRight(string(m[2]), "\n")
		// Inside the example the snippet is indented once more than in the docs.
		lines := strings.Split(code, "\n")
		indent := lines[0][:len(lines[0])-len(strings.TrimLeft(lines[0], "\t"))]
		for i, line := range lines {
			lines[i] = strings.TrimPrefix(line, indent)
		}
		found := false
		for _, s := range section {
			found = found || string(s[1]) == strings.Join(lines, "\n")
		}
		require.True(t, found, "snippet %s of readme_test.go is not a block of docs/snippets/go.md", m[1])
	}
}
