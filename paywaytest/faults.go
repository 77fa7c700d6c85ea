package paywaytest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paysign/paysign/core/payway"
)

// Fault kinds.
const (
	// FaultRateLimit answers HTTP 403 with {"status":{"code":429,...}}, as
	// PayWay rate-limits (no Retry-After header).
	FaultRateLimit = "rate_limit"
	// FaultConcurrent answers HTTP 403 PTL168, "concurrent requests are not
	// allowed" (merchant-portal operations only).
	FaultConcurrent = "concurrent"
	// FaultServerError answers Status (default 500) with a proxy's HTML
	// error page.
	FaultServerError = "server_error"
	// FaultDelay waits Delay, then answers normally (client timeouts).
	FaultDelay = "delay"
)

// Fault makes the next Count requests of Operation fail or wait.
type Fault struct {
	// Operation is a catalogue operation, or "" (or "*") for any.
	Operation string `json:"operation"`
	Kind      string `json:"kind"`
	// Count is how many matching requests it affects (0 means 1).
	Count int `json:"count"`
	// Status is the HTTP status of a server_error (500 to 599).
	Status int `json:"status,omitempty"`
	// Delay is how long a delay fault waits.
	Delay time.Duration `json:"-"`
	// DelayMS is Delay in milliseconds, for the helper endpoint.
	DelayMS int64 `json:"delay_ms,omitempty"`
	// Remaining is how many requests it will still affect.
	Remaining int `json:"remaining"`
}

// ParseFault parses the command line's form OPERATION:KIND[=ARG][:COUNT]:
// "refund:rate_limit:2", "check_transaction:server_error=503",
// "*:delay=2s:3", "refund:concurrent".
func ParseFault(s string) (Fault, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return Fault{}, fmt.Errorf("fault %q: want OPERATION:KIND[=ARG][:COUNT]", s)
	}
	f := Fault{Operation: parts[0]}
	kind, arg, hasArg := strings.Cut(parts[1], "=")
	f.Kind = kind
	if hasArg {
		switch kind {
		case FaultServerError:
			n, err := strconv.Atoi(arg)
			if err != nil {
				return Fault{}, fmt.Errorf("fault %q: %s=STATUS takes an HTTP status", s, kind)
			}
			f.Status = n
		case FaultDelay:
			d, err := time.ParseDuration(arg)
			if err != nil {
				return Fault{}, fmt.Errorf("fault %q: delay=DURATION takes a duration such as 2s", s)
			}
			f.Delay = d
		default:
			return Fault{}, fmt.Errorf("fault %q: %s takes no argument", s, kind)
		}
	}
	if len(parts) == 3 {
		n, err := strconv.Atoi(parts[2])
		if err != nil || n < 1 {
			return Fault{}, fmt.Errorf("fault %q: COUNT must be a positive number", s)
		}
		f.Count = n
	}
	return f, f.check()
}

func (f *Fault) check() error {
	if f.Operation == "*" {
		f.Operation = ""
	}
	if f.Operation != "" {
		if _, ok := payway.Lookup(f.Operation); !ok {
			return fmt.Errorf("fault: PayWay has no operation %q", clip(f.Operation))
		}
	}
	if f.Delay == 0 && f.DelayMS > 0 {
		f.Delay = time.Duration(f.DelayMS) * time.Millisecond
	}
	switch f.Kind {
	case FaultRateLimit:
	case FaultConcurrent:
		if family(f.Operation).name != payway.FamilyMerchantPortal || f.Operation == "" {
			return fmt.Errorf("fault: %s is PTL168, a merchant-portal code: give refund, pre_auth_completion, ... as the operation", f.Kind)
		}
	case FaultServerError:
		if f.Status == 0 {
			f.Status = http.StatusInternalServerError
		}
		if f.Status < 500 || f.Status > 599 {
			return fmt.Errorf("fault: server_error status must be 500 to 599")
		}
	case FaultDelay:
		if f.Delay <= 0 || f.Delay > 10*time.Minute {
			return fmt.Errorf("fault: a delay must be positive and at most 10 minutes")
		}
		f.DelayMS = f.Delay.Milliseconds()
	default:
		return fmt.Errorf("fault: unknown kind %q (rate_limit, concurrent, server_error, delay)", clip(f.Kind))
	}
	if f.Count < 0 {
		return fmt.Errorf("fault: count must not be negative")
	}
	if f.Count == 0 {
		f.Count = 1
	}
	f.Remaining = f.Count
	return nil
}

// InjectFault arms f: the next f.Count requests of f.Operation fail or wait.
// Faults are used in the order they were armed; a delay combines with a
// failure.
func (m *Mock) InjectFault(f Fault) error {
	if err := f.check(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.faults = append(m.faults, &f)
	return nil
}

// Faults returns the armed faults that still have requests to affect.
func (m *Mock) Faults() []Fault {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := []Fault{}
	for _, f := range m.faults {
		if f.Remaining > 0 {
			out = append(out, *f)
		}
	}
	return out
}

// ClearFaults disarms every fault.
func (m *Mock) ClearFaults() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.faults = nil
}

// applyFaults spends the faults that match operation: a failure to answer
// instead, and the delay to wait.
func (m *Mock) applyFaults(operation string, rec *Record) (*reply, time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var failure *Fault
	var delay time.Duration
	var kinds []string
	for _, f := range m.faults {
		if f.Remaining <= 0 || (f.Operation != "" && f.Operation != operation) {
			continue
		}
		if f.Kind == FaultDelay {
			if delay == 0 {
				delay = f.Delay
				f.Remaining--
				kinds = append(kinds, f.Kind)
			}
			continue
		}
		if failure == nil {
			failure = f
			f.Remaining--
			kinds = append(kinds, f.Kind)
		}
	}
	rec.Fault = strings.Join(kinds, "+")
	if failure == nil {
		return nil, delay
	}
	rec.Outcome = "fault"
	op, _ := payway.Lookup(operation)
	switch failure.Kind {
	case FaultRateLimit:
		// A JSON number, as the sandbox sends it.
		msg := "Too Many Attempts."
		return jsonReply(http.StatusForbidden, "429", msg, obj{{"status", obj{{"code", 429}, {"message", msg}}}}), delay
	case FaultConcurrent:
		return family(operation).reply(&op, http.StatusForbidden, "PTL168", "Concurrent requests are not allowed."), delay
	}
	text := fmt.Sprintf("%d %s", failure.Status, http.StatusText(failure.Status))
	page := "<html>\r\n<head><title>" + text + "</title></head>\r\n<body>\r\n<center><h1>" + text + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	return &reply{status: failure.Status, contentType: "text/html", body: []byte(page), message: text}, delay
}
