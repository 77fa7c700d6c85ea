package paywaytest

import (
	"net/http"
	"time"
)

// Config configures a Mock. The zero value serves the default merchant.
type Config struct {
	// Merchants are the merchants the double accepts (default:
	// DefaultMerchant). Each needs an id, an API key and an RSA key.
	Merchants []Merchant
	// MaxRequestAge is how far a merchant-portal request_time (refund,
	// pre-auth, payment links, beneficiaries) may be from now before the
	// request is refused with PTL06, "the request has expired"
	// (default 15 minutes; negative: never). PayWay does not publish its
	// window. Other families' times are only checked for format.
	MaxRequestAge time.Duration
	// Now is the double's clock (default time.Now).
	Now func() time.Time
	// PushbackTimeout bounds each pushback delivery (default 5 seconds).
	PushbackTimeout time.Duration
	// PushbackClient sends pushbacks (default: a client with
	// PushbackTimeout that follows no redirects).
	PushbackClient *http.Client
	// Faults are armed from the start (see Fault).
	Faults []Fault
	// Sandbox answers as PayWay's sandbox was seen to where it differs
	// from the documentation: a duplicate tran_id replaces the earlier
	// transaction instead of code 4, an unknown payment link id answers
	// code 96 instead of PTL132, payment-link pushbacks carry no
	// signature header, a new transaction answers check_transaction with
	// code 6 (not found) for CheckLag, and answers take the recorded
	// shapes where they differ from the documented ones (the members whose
	// payway.AnswerMember.Sandbox is set, operation names in
	// transaction_detail, which transactions transaction_list shows).
	Sandbox bool
	// NoFixtures starts the double without the transactions of Fixtures
	// (and Reset then empties it).
	NoFixtures bool
	// CheckLag is how long a new transaction stays invisible to
	// check_transaction and transaction_detail (default 0; the sandbox
	// takes 1 to 5 seconds).
	CheckLag time.Duration
	// Logf, if set, receives one line per request and pushback, without
	// secrets (no API key; hash and merchant_auth cut to a short prefix).
	Logf func(format string, args ...any)
}

// An Option changes the Config of NewServer.
type Option func(*Config)

// WithConfig replaces the whole Config.
func WithConfig(c Config) Option { return func(dst *Config) { *dst = c } }

// WithMerchants sets the merchants the double accepts.
func WithMerchants(m ...Merchant) Option { return func(c *Config) { c.Merchants = m } }

// WithMaxRequestAge sets the merchant-portal request_time window.
func WithMaxRequestAge(d time.Duration) Option { return func(c *Config) { c.MaxRequestAge = d } }

// WithClock sets the double's clock.
func WithClock(now func() time.Time) Option { return func(c *Config) { c.Now = now } }

// WithFaults arms faults from the start.
func WithFaults(f ...Fault) Option { return func(c *Config) { c.Faults = append(c.Faults, f...) } }

// WithSandboxBehaviour answers as the sandbox does where it differs from
// the documentation (see Config.Sandbox).
func WithSandboxBehaviour() Option { return func(c *Config) { c.Sandbox = true } }

// WithoutFixtures starts the double empty (see Config.NoFixtures).
func WithoutFixtures() Option { return func(c *Config) { c.NoFixtures = true } }

// WithPushbackTimeout bounds each pushback delivery.
func WithPushbackTimeout(d time.Duration) Option { return func(c *Config) { c.PushbackTimeout = d } }

// WithLog sends the double's log lines to logf (t.Logf, for example).
func WithLog(logf func(format string, args ...any)) Option { return func(c *Config) { c.Logf = logf } }
