// Package scriptserver is the scripted HTTP server of paysign's send
// conformance vectors (testvectors/send): for each request it receives it
// does what the loaded script says — answer, drop the connection before or
// after reading the request, stall, drip the answer a byte at a time, close
// a kept connection while it is idle — and it counts the connections it
// accepted and the requests it read, so that every runtime's send() can be
// held to the same outcome.
//
// Go tests use it directly; other runtimes start the scriptserver command
// (./cmd/scriptserver) and drive it over its control URL.
package scriptserver

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Action is what the server does with one request: exactly one member is
// set.
type Action struct {
	Answer *Answer `json:"answer,omitempty"`
	// Drop closes the connection without an answer: "before_reading" as
	// soon as the request's first bytes arrived, before the server reads it
	// as a request (the client has written it, the server never saw it);
	// "after_reading" once the whole request was read.
	Drop string `json:"drop,omitempty"`
	// Stall reads the request and never answers (until the client leaves,
	// or 30 seconds).
	Stall bool  `json:"stall,omitempty"`
	Drip  *Drip `json:"drip,omitempty"`
}

// Answer is a complete answer.
type Answer struct {
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    string            `json:"body,omitempty"`
	// BodyRepeat, if set, is the body: Text repeated Count times.
	BodyRepeat *Repeat `json:"body_repeat,omitempty"`
	// CloseAfterMS closes the connection this long after the answer, while
	// the client keeps it idle (0: keep it open).
	CloseAfterMS int `json:"close_after_ms,omitempty"`
}

// Repeat is a long body.
type Repeat struct {
	Text  string `json:"text"`
	Count int    `json:"count"`
}

// Drip answers Status with Body one byte every IntervalMS.
type Drip struct {
	Status     int    `json:"status"`
	Body       string `json:"body"`
	IntervalMS int    `json:"interval_ms"`
}

// Script is the actions of the requests to come, in order; the last one
// repeats.
type Script struct {
	Actions []Action `json:"actions"`
}

// Counts is what the server saw since the script was loaded.
type Counts struct {
	Connections int `json:"connections"` // connections accepted
	Requests    int `json:"requests"`    // requests read (a dropped-before-reading one is not)
	Redirected  int `json:"redirected"`  // requests that followed a redirect to /elsewhere
}

// Server is a scripted server on 127.0.0.1.
type Server struct {
	// URL is the base URL to send to; ClosedURL one where nothing listens.
	URL, ClosedURL string

	srv  *http.Server
	ln   net.Listener
	mu   sync.Mutex
	sc   Script
	next int
	n    Counts
	quit chan struct{}
}

type connKey struct{}

// Start starts a server on 127.0.0.1 with an empty script (every request
// answered 500).
func Start() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ln.Close()
		return nil, err
	}
	s := &Server{URL: "http://" + ln.Addr().String(), ClosedURL: "http://" + closed.Addr().String(), quit: make(chan struct{})}
	closed.Close()
	s.ln = &listener{Listener: ln, s: s}
	s.srv = &http.Server{
		Handler:     http.HandlerFunc(s.serve),
		ConnContext: func(ctx context.Context, c net.Conn) context.Context { return context.WithValue(ctx, connKey{}, c) },
	}
	go func() { _ = s.srv.Serve(s.ln) }()
	return s, nil
}

// Close stops the server.
func (s *Server) Close() {
	close(s.quit)
	_ = s.srv.Close()
}

// Load replaces the script and resets the counts.
func (s *Server) Load(sc Script) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sc, s.next, s.n = sc, 0, Counts{}
}

// Counts returns what the server saw since the last Load.
func (s *Server) Counts() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// take returns the next request's action; peek leaves it in place.
func (s *Server) take(peek bool) Action {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.sc.Actions) == 0 {
		return Action{Answer: &Answer{Status: 500, Body: "no script loaded"}}
	}
	a := s.sc.Actions[min(s.next, len(s.sc.Actions)-1)]
	if !peek {
		s.next++
	}
	return a
}

type listener struct {
	net.Listener
	s *Server
}

// Accept counts connections and drops those the script drops unread.
func (l *listener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		l.s.mu.Lock()
		l.s.n.Connections++
		l.s.mu.Unlock()
		if a := l.s.take(true); a.Drop == "before_reading" {
			l.s.take(false)
			go dropOnArrival(c)
			continue
		}
		return c, nil
	}
}

// dropOnArrival closes c once the client's request has arrived, unread.
// Waiting for it makes the outcome the same for every client: the request
// was written, and no answer came.
func dropOnArrival(c net.Conn) {
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	var b [1]byte
	_, _ = c.Read(b[:])
	time.Sleep(50 * time.Millisecond)
	c.Close()
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/elsewhere" { // where a redirect points: it must never be followed
		s.mu.Lock()
		s.n.Redirected++
		s.mu.Unlock()
		w.WriteHeader(http.StatusTeapot)
		return
	}
	_, _ = io.Copy(io.Discard, r.Body)
	s.mu.Lock()
	s.n.Requests++
	s.mu.Unlock()
	a := s.take(false)
	conn, _ := r.Context().Value(connKey{}).(net.Conn)
	switch {
	case a.Answer != nil:
		body := a.Answer.Body
		if rep := a.Answer.BodyRepeat; rep != nil {
			body = strings.Repeat(rep.Text, rep.Count)
		}
		for k, v := range a.Answer.Headers {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(a.Answer.Status)
		_, _ = io.WriteString(w, body)
		if ms := a.Answer.CloseAfterMS; ms > 0 && conn != nil {
			w.(http.Flusher).Flush()
			time.AfterFunc(time.Duration(ms)*time.Millisecond, func() { conn.Close() })
		}
	case a.Drop == "after_reading", a.Drop == "before_reading":
		// before_reading on a kept connection: the request was read already.
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				c.Close()
			}
		}
	case a.Stall:
		select {
		case <-r.Context().Done():
		case <-s.quit:
		case <-time.After(30 * time.Second):
		}
	case a.Drip != nil:
		w.Header().Set("Content-Length", strconv.Itoa(len(a.Drip.Body)))
		w.WriteHeader(a.Drip.Status)
		for i := 0; i < len(a.Drip.Body); i++ {
			if _, err := io.WriteString(w, a.Drip.Body[i:i+1]); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-s.quit:
				return
			case <-time.After(time.Duration(a.Drip.IntervalMS) * time.Millisecond):
			}
		}
	default:
		http.Error(w, "empty action", http.StatusInternalServerError)
	}
}

// Control is the HTTP control interface of the scriptserver command:
// POST /script loads a Script, GET /counts returns the Counts.
func (s *Server) Control() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /script", func(w http.ResponseWriter, r *http.Request) {
		var sc Script
		if err := json.NewDecoder(io.LimitReader(r.Body, 4<<20)).Decode(&sc); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.Load(sc)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /counts", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(s.Counts())
	})
	return mux
}
