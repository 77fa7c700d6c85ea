package payway

import (
	"net/netip"
	"net/url"
	"strings"

	"github.com/paysign/paysign/core"
)

// checkBaseURL validates a caller's base URL (Request.BaseURL), which
// replaces the environment's host, and returns it without a trailing '/'.
// It is scheme://host[:port] and nothing else: https for every host, plain
// http only for loopback hosts (127.0.0.0/8, ::1, localhost), so a request
// that carries a hash and merchant_auth never crosses a network in clear.
// A path, query, fragment or user information is refused: the operation's
// path is appended to it.
func checkBaseURL(raw string) (string, error) {
	const field = "base_url"
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "", core.Fieldf(field, core.ErrInvalidFormat, "base_url must be an absolute URL such as https://host or http://127.0.0.1:PORT")
	}
	switch {
	case u.User != nil:
		return "", core.Fieldf(field, core.ErrInvalidFormat, "base_url must not carry user information")
	case u.Path != "" && u.Path != "/", u.RawPath != "":
		return "", core.Fieldf(field, core.ErrInvalidFormat, "base_url must not have a path: the operation's path is appended to it")
	case u.RawQuery != "" || u.ForceQuery:
		return "", core.Fieldf(field, core.ErrInvalidFormat, "base_url must not have a query")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return "", core.Fieldf(field, core.ErrInvalidFormat, "base_url must not have a fragment")
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return "", core.Fieldf(field, core.ErrInvalidFormat, "base_url may use plain http only for a loopback host (127.0.0.0/8, ::1, localhost); use https")
		}
	default:
		return "", core.Fieldf(field, core.ErrInvalidFormat, "base_url must start with https:// (or http:// for a loopback host)")
	}
	return strings.ToLower(u.Scheme) + "://" + u.Host, nil
}

// isLoopback reports whether host names this machine: localhost, an
// address in 127.0.0.0/8, or ::1.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	addr, err := netip.ParseAddr(host)
	return err == nil && addr.Zone() == "" && addr.Unmap().IsLoopback()
}

// checkProduction refuses production with what is made for tests: a
// TEST_ONLY API key (paysign's mock and test vectors use such keys), or a
// loopback base URL (a local mock). A production request sent there would
// be either refused by PayWay or answered by something that is not PayWay.
func checkProduction(r *Request) error {
	if r.Environment != "production" {
		return nil
	}
	if strings.Contains(strings.ToUpper(r.Credentials.APIKey), "TEST_ONLY") {
		return core.Fieldf("environment", core.ErrEnvironmentMismatch, "environment is production but the API key is a TEST_ONLY key: use the key PayWay issued for production, or the sandbox environment")
	}
	if u, err := url.Parse(r.BaseURL); r.BaseURL != "" && err == nil && isLoopback(u.Hostname()) {
		return core.Fieldf("environment", core.ErrEnvironmentMismatch, "environment is production but base_url is a loopback host (a local mock such as paysign mock): leave base_url unset for production, or use the sandbox environment")
	}
	return nil
}
