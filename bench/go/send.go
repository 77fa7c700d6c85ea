package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"syscall"
	"time"

	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/paywayhttp"
)

// sendInput is what bench/run.py gives every runtime's send bench.
type sendInput struct {
	URL          string `json:"url"`
	MerchantID   string `json:"merchant_id"`
	APIKey       string `json:"api_key"`
	RSAPublicKey string `json:"rsa_public_key"`
	TranID       string `json:"tran_id"`
	Sends        int    `json:"sends"`
	Warmup       int    `json:"warmup"`
	Reps         int    `json:"reps"`
}

const sendWorkload = "S1_send_check_transaction"

// sender returns one client's send of check_transaction to url: paysign's
// paywayhttp.Client, or the code a Go user writes instead (crypto/hmac, the
// JSON body, net/http's default keep-alive transport).
func sender(in sendInput, impl, url string) func() {
	ctx := context.Background()
	if impl == "paysign" {
		c := &paywayhttp.Client{Credentials: payway.Credentials{MerchantID: in.MerchantID, APIKey: in.APIKey, RSAPublicKeyPEM: in.RSAPublicKey}, BaseURL: url}
		return func() {
			if _, err := c.Send(ctx, "check_transaction", payway.Params{"tran_id": in.TranID}); err != nil {
				panic(err)
			}
		}
	}
	hc := &http.Client{}
	endpoint := url + "/api/payment-gateway/v1/payments/check-transaction-2"
	return func() {
		body := handRequest(in, time.Now().UTC().Format("20060102150405"))
		req, err := http.NewRequestWithContext(ctx, "POST", endpoint, bytes.NewReader(body))
		check(err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		check(err)
		var answer struct {
			Status struct {
				Code string `json:"code"`
			} `json:"status"`
		}
		data, err := io.ReadAll(resp.Body)
		check(err)
		check(resp.Body.Close())
		check(json.Unmarshal(data, &answer))
		if answer.Status.Code != "00" {
			panic("keepalive: " + string(data))
		}
	}
}

// handRequest is the hand-written check_transaction body at reqTime.
func handRequest(in sendInput, reqTime string) []byte {
	mac := hmac.New(sha512.New, []byte(in.APIKey))
	mac.Write([]byte(reqTime + in.MerchantID + in.TranID))
	b, err := json.Marshal(struct {
		ReqTime    string `json:"req_time"`
		MerchantID string `json:"merchant_id"`
		TranID     string `json:"tran_id"`
		Hash       string `json:"hash"`
	}{reqTime, in.MerchantID, in.TranID, base64.StdEncoding.EncodeToString(mac.Sum(nil))})
	check(err)
	return b
}

// benchSend times in.Sends sequential sends per round of each client
// (-send), or sends once through url without timing (-send-once), for
// bench/run.py's count of the connections each opens.
func benchSend(inputPath, out, once, url string) {
	data, err := os.ReadFile(inputPath)
	check(err)
	var in sendInput
	check(json.Unmarshal(data, &in))
	if once != "" {
		send := sender(in, once, url)
		for i := 0; i < in.Sends; i++ {
			send()
		}
		return
	}
	// Equal work: the hand-written body is paysign's at one request time.
	at := time.Date(2026, 11, 21, 9, 34, 3, 0, time.UTC)
	signed, err := payway.Sign(&payway.Request{Operation: "check_transaction", Credentials: payway.Credentials{MerchantID: in.MerchantID, APIKey: in.APIKey},
		Params: payway.Params{"tran_id": in.TranID}, BaseURL: in.URL, RequestTime: at})
	check(err)
	if hand := string(handRequest(in, at.Format("20060102150405"))); hand != signed.Body {
		panic(fmt.Sprintf("the hand-written request differs:\n%s\n%s", hand, signed.Body))
	}
	impls := []string{"paysign", "keepalive"}
	sends := map[string]func(){}
	o := output{Runtime: "go"}
	for _, impl := range impls {
		sends[impl] = sender(in, impl, in.URL)
		for i := 0; i < in.Warmup; i++ { // connections opened
			sends[impl]()
		}
		o.Results = append(o.Results, result{Runtime: "go", Workload: sendWorkload, Impl: impl, Iters: in.Sends})
	}
	for r := 0; r < in.Reps; r++ {
		for i := range o.Results {
			send := sends[o.Results[i].Impl]
			cpu, start := cpuTime(), time.Now()
			for n := 0; n < in.Sends; n++ {
				send()
			}
			o.Results[i].NsPerOp = append(o.Results[i].NsPerOp, float64(time.Since(start).Nanoseconds())/float64(in.Sends))
			o.Results[i].CPUNsPerOp = append(o.Results[i].CPUNsPerOp, float64(cpuTime()-cpu)/float64(in.Sends))
		}
	}
	b, err := json.MarshalIndent(o, "", " ")
	check(err)
	check(os.WriteFile(out, b, 0o644))
}

// cpuTime is the process's CPU time (user + system) in nanoseconds.
func cpuTime() int64 {
	var u syscall.Rusage
	check(syscall.Getrusage(syscall.RUSAGE_SELF, &u))
	return u.Utime.Nano() + u.Stime.Nano()
}
