package paywaytest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/paysign/paysign/core/payway"
)

// Server is a running double: a Mock listening on a local address.
type Server struct {
	*Mock
	// URL is the base URL, http://127.0.0.1:PORT: give it to
	// payway.Request.BaseURL (or the bindings' base_url).
	URL string
	// Merchant is the first merchant the double accepts.
	Merchant Merchant

	srv  *http.Server
	done chan struct{}
}

// Start serves a Mock for cfg on addr ("127.0.0.1:0" picks a free port)
// until Close.
func Start(addr string, cfg Config) (*Server, error) {
	m, err := NewHandler(cfg)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{Mock: m, URL: "http://" + ln.Addr().String(), Merchant: m.cfg.Merchants[0], done: make(chan struct{})}
	m.baseURL = s.URL
	s.srv = &http.Server{Handler: m, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

// Close stops the server, waiting up to five seconds for requests in
// flight.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = s.srv.Close()
	}
	<-s.done
	return err
}

// Credentials returns the first merchant's credentials (merchant id, API
// key, the gateway's RSA public key), ready for payway.Request.
func (s *Server) Credentials() payway.Credentials { return s.Merchant.Credentials() }

// TB is the part of testing.TB that NewServer uses; *testing.T,
// *testing.B and *testing.F satisfy it.
type TB interface {
	Helper()
	Cleanup(func())
	Fatalf(format string, args ...any)
}

// NewServer starts a double on 127.0.0.1 with a free port for the test t
// and stops it when the test ends. Options change the Config; without
// any it accepts DefaultMerchant.
func NewServer(t TB, opts ...Option) *Server {
	t.Helper()
	var cfg Config
	for _, opt := range opts {
		opt(&cfg)
	}
	s, err := Start("127.0.0.1:0", cfg)
	if err != nil {
		t.Fatalf("paywaytest: %v", err)
		return nil
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}
