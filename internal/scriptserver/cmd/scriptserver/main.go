// Command scriptserver runs paysign's scripted server for the send
// conformance vectors (testvectors/send) of runtimes other than Go.
//
// It prints one line of JSON — {"url", "closed_url", "control_url"} — and
// serves until its standard input closes. POST control_url+"/script" loads a
// script ({"actions": [...]}, see package scriptserver) and resets the
// counts; GET control_url+"/counts" returns {"connections", "requests",
// "redirected"}.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"

	"github.com/paysign/paysign/internal/scriptserver"
)

func main() {
	s, err := scriptserver.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "scriptserver:", err)
		os.Exit(1)
	}
	defer s.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "scriptserver:", err)
		os.Exit(1)
	}
	go func() { _ = http.Serve(ln, s.Control()) }()
	hello, _ := json.Marshal(map[string]string{"url": s.URL, "closed_url": s.ClosedURL, "control_url": "http://" + ln.Addr().String()})
	fmt.Println(string(hello))
	_, _ = io.Copy(io.Discard, os.Stdin) // until the test suite that started it goes away
}
