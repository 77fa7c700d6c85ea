package main

// baseURLTests: payway.sign with base_url, which replaces the
// environment's host (a test double of PayWay, a proxy): https anywhere,
// plain http only on a loopback host, nothing but scheme://host[:port].
func baseURLTests() []*test {
	signNotes["BaseURL"] = "base_url replaces the environment's host: https, or http for a loopback host only; no path, query, fragment or user information"
	check := func(base string) map[string]any {
		in := signInput("check_transaction", map[string]any{"tran_id": "T3001"}, "")
		in["base_url"] = base
		return in
	}
	valid := func(comment, base string) *test {
		return &test{Comment: comment, Flags: []string{"BaseURL"}, Input: check(base), Result: "valid"}
	}
	invalid := func(comment, base string) *test {
		return &test{Comment: comment, Flags: []string{"BaseURL", "Validation"}, Input: check(base), Result: "invalid", ErrorCode: "PTL05", ErrorField: "base_url"}
	}
	return []*test{
		valid("base_url: a mock on 127.0.0.1 over plain http", "http://127.0.0.1:4010"),
		valid("base_url: localhost and a trailing slash", "http://localhost:4010/"),
		valid("base_url: IPv6 loopback", "http://[::1]:4010"),
		valid("base_url: https on any host", "https://payway-proxy.example.com:8443"),
		invalid("base_url: plain http to another host", "http://payway-proxy.example.com"),
		invalid("base_url: a host that only starts like a loopback address", "http://127.0.0.1.example.com"),
		invalid("base_url: with a path", "https://payway-proxy.example.com/api"),
		invalid("base_url: with a query", "https://payway-proxy.example.com?env=test"),
		invalid("base_url: with a fragment", "https://payway-proxy.example.com#x"),
		invalid("base_url: with user information", "https://user:secret@payway-proxy.example.com"),
		invalid("base_url: no scheme", "127.0.0.1:4010"),
	}
}
