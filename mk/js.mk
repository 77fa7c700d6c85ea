# WebAssembly module (wasm/) and the JavaScript package (bindings/js).

JS_DIR   := bindings/js
JS_DEPS  := $(JS_DIR)/node_modules/.package-lock.json

BUILD_TARGETS += $(WASM)
TEST_TARGETS  += test-wasm test-js test-npm-pack test-browser test-doctor
DEMO_TARGETS  += demo-js demo-mock-js

.PHONY: doctor wasm test-wasm soak-wasm js-deps js-chromium test-js test-npm-pack test-browser test-doctor demo-js demo-mock-js

# The module, and its test build (see TESTOPS in the Makefile) that the
# tests below load: the same recipe with the test tag.
$(WASM) $(WASM_TEST): FORCE
	GOOS=wasip1 GOARCH=wasm $(GO) build -buildmode=c-shared $(GOFLAGS_BUILD) $(if $(filter $(WASM_TEST),$@),$(TESTOPS)) -ldflags='-s -w' -o $@ ./wasm

wasm: $(WASM) ## Build the WebAssembly module build/paysign.wasm

test-wasm: $(WASM_TEST) ## Run every vector, the calling convention, 10 MB input, a broken random source and 10 000 calls of bounded memory under wazero
	$(GO) test -count=1 ./wasm/wazerotest -paysign-wasm=$(abspath $(WASM_TEST))

# Not part of `make test` (about two minutes): the memory tests with 100 000 calls.
soak-wasm: $(WASM_TEST) $(JS_DEPS) ## WASM linear memory over 100 000 mixed calls, under wazero and in Node (<= 16 MiB, no growth)
	$(GO) test -count=1 ./wasm/wazerotest -run TestMemoryStaysBounded -v -paysign-wasm=$(abspath $(WASM_TEST)) -paysign-soak-calls=100000 -timeout 10m
	cd $(JS_DIR) && PAYSIGN_WASM=$(abspath $(WASM_TEST)) PAYSIGN_SOAK_CALLS=100000 $(NODE) --test --test-name-pattern='linear memory' test/hardening.test.js

# The package has no runtime dependencies; its tests use playwright-core and
# typescript, pinned in package-lock.json.
$(JS_DEPS): $(JS_DIR)/package-lock.json
	@$(ANNOUNCE) npm "npm ci in $(JS_DIR) (its devDependencies, pinned in package-lock.json)"
	cd $(JS_DIR) && $(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

js-deps: $(JS_DEPS)

deps: js-deps js-chromium

# test-js loads the test build; one test checks that load() finds the
# repository's build/paysign.wasm by itself, so that is built too.
test-js: $(WASM_TEST) $(WASM) $(BUILD)/paysign $(SCRIPTSERVER) $(JS_DEPS) ## Node: the package's tests, every vector, the send conformance scenarios, hardening (10 MB, concurrency, worker_threads, memory, secrets), send() against paysign mock
	cd $(JS_DIR) && PAYSIGN_WASM=$(abspath $(WASM_TEST)) PAYSIGN_CLI=$(abspath $(BUILD)/paysign) PAYSIGN_SCRIPTSERVER=$(abspath $(SCRIPTSERVER)) $(NODE) --test test/*.test.js

test-npm-pack: $(WASM) $(JS_DEPS) ## Install the `npm pack` tarball into an empty project and use it there
	PAYSIGN_WASM=$(abspath $(WASM)) $(JS_DIR)/test/pack/npm-pack-test.sh $(BUILD)/npm

js-chromium: ## Install Debian's chromium if missing (browser tests; no browser download)
	@command -v chromium >/dev/null 2>&1 || $(APT) chromium

test-browser: $(WASM_TEST) $(BUILD)/paysign $(JS_DEPS) js-chromium ## Every vector, randomized encryption, a broken random source, 10 MB input and send() against paysign mock in headless Chromium
	cd $(JS_DIR) && PAYSIGN_WASM=$(abspath $(WASM_TEST)) PAYSIGN_CLI=$(abspath $(BUILD)/paysign) $(NODE) --test test/browser/vectors.test.js test/browser/hardening.test.js test/browser/send.test.js

test-doctor: $(WASM) $(JS_DEPS) js-chromium ## Drive the "Wrong Hash" doctor page in Chromium (screenshot: build/doctor.png)
	cd $(JS_DIR) && PAYSIGN_WASM=$(abspath $(WASM)) $(NODE) --test test/browser/doctor.test.js

DOCTOR_PORT ?= 8765
doctor: $(WASM) ## Serve the "Wrong Hash" doctor on http://127.0.0.1:8765 (DOCTOR_PORT=...; Ctrl-C stops it)
	cd $(JS_DIR) && PAYSIGN_WASM=$(abspath $(WASM)) $(NODE) scripts/serve.js --port $(DOCTOR_PORT)

demo-js: $(WASM) ## Sign the demo requests through the Node package (build/demo/js.json)
	@cd $(JS_DIR) && PAYSIGN_WASM=$(abspath $(WASM)) $(NODE) demo/demo.js $(abspath $(BUILD))/demo/js.json

demo-mock-js: $(WASM) $(BUILD)/paysign | demo-js ## The mock loop through PayWay.send() in Node: purchase, approve, verified pushback, check, refunds, close, wrong hash
	@cd $(JS_DIR) && PAYSIGN_WASM=$(abspath $(WASM)) PAYSIGN_CLI=$(abspath $(BUILD)/paysign) $(NODE) demo/mock-demo.js
