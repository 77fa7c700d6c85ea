# The PayWay test double (paywaytest/, `paysign mock`) and the
# sending side (paywayhttp/), outside core/. Their Go and CLI end-to-end tests
# run in test-go; make demo shows the loop against a mock it starts and
# stops itself.

MOCK_LISTEN ?= 127.0.0.1:4010

DEMO_TARGETS  += demo-mock
CHECK_TARGETS += check-nohttp

.PHONY: demo-mock check-nohttp mock

demo-mock: $(BUILD)/paysign | demo-cli ## The mock loop through the CLI: purchase, approve, signed pushback, check, refunds, close, wrong hash
	@$(BUILD)/paysign demo-mock

# core/ is what the WebAssembly module and the C library link: no net/http,
# no sending package, no test double, no test keys (the guard is a Go test).
check-nohttp:
	@$(GO) test -count=1 -run TestCoreLinksNoHTTPAndNoTests ./core/payway

mock: $(BUILD)/paysign ## Run the PayWay test double on MOCK_LISTEN (default 127.0.0.1:4010) until Ctrl-C
	$(BUILD)/paysign mock --listen $(MOCK_LISTEN)
