# WebAssembly module (wasm/) and the JavaScript package (bindings/js).

BUILD_TARGETS += $(WASM)
TEST_TARGETS  += test-wasm test-js test-npm-pack test-js-runtimes test-browser test-doctor
DEMO_TARGETS  += demo-js demo-mock-js

.PHONY: doctor wasm js-bundle test-wasm soak-wasm js-deps js-chromium test-js test-npm-pack test-js-runtimes test-browser test-doctor demo-js demo-mock-js

# Three modules: the plain one Go builds ($(WASM_PLAIN), a WASI reactor with
# _initialize); the one every package ships ($(WASM)): the plain one reduced
# by wasm-opt and pre-initialized by wizer (wasm/snapshot.sh; the pinned
# tools are installed into $(WASM_TOOLS)); and the test build ($(WASM_TEST),
# plain, with test.panic: see TESTOPS in the Makefile) that most tests load.
# Go writes its output anew on every build, so the plain module is replaced
# only when its bytes change: the minute of wasm-opt runs only then. Where
# the tools cannot run, $(WASM) is the plain module and the build says so
# (PAYSIGN_WASM_SNAPSHOT=0 asks for that).
WASM_TOOLS := $(BUILD)/wasm-tools

$(WASM_PLAIN) $(WASM_TEST): FORCE
	@mkdir -p $(dir $@)
	GOOS=wasip1 GOARCH=wasm $(GO) build -buildmode=c-shared $(GOFLAGS_BUILD) $(if $(filter $(WASM_TEST),$@),$(TESTOPS)) -ldflags='-s -w' -o $@.new ./wasm
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

$(WASM): $(WASM_PLAIN) wasm/snapshot.sh wasm/tools/package-lock.json
	wasm/snapshot.sh $(WASM_PLAIN) $@ $(WASM_TOOLS)

wasm: $(WASM) ## Build the WebAssembly module build/paysign.wasm (pre-initialized) and build/paysign-plain.wasm

# The package's ES module entry: src/*.js bundled into one file by esbuild
# (pinned in package-lock.json), as `npm pack` makes it; bench reads it.
$(JS_BUNDLE): $(wildcard $(JS_DIR)/src/*.js) $(JS_DIR)/scripts/bundle.js $(JS_DEPS)
	cd $(JS_DIR) && $(NODE) scripts/bundle.js

js-bundle: $(JS_BUNDLE) ## Bundle the JavaScript package's ES module entry (bindings/js/dist/paysign.js, as npm pack does)

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

deps: js-deps js-chromium $(JS_RUNTIMES_DEPS)

# test-js loads the test build; one test checks that load() finds the
# repository's build/paysign.wasm by itself, so that is built too.
# test-js loads the test build; the snapshot's tests compare the shipped
# module with the plain one, and one test checks that load() finds the
# repository's build/paysign.wasm by itself.
test-js: $(WASM_TEST) $(WASM) $(WASM_PLAIN) $(BUILD)/paysign $(SCRIPTSERVER) $(JS_DEPS) ## Node: the package's tests, every vector (the test build; the shipped snapshot against the plain module), the send conformance scenarios, hardening (10 MB, concurrency, worker_threads, memory, secrets), send() against paysign mock
	cd $(JS_DIR) && PAYSIGN_WASM=$(abspath $(WASM_TEST)) PAYSIGN_WASM_SHIPPED=$(abspath $(WASM)) PAYSIGN_WASM_PLAIN=$(abspath $(WASM_PLAIN)) \
	  PAYSIGN_CLI=$(abspath $(BUILD)/paysign) PAYSIGN_SCRIPTSERVER=$(abspath $(SCRIPTSERVER)) $(NODE) --test test/*.test.js

test-npm-pack: $(WASM) $(JS_DEPS) ## Install the `npm pack` tarball into an empty project and use it there
	PAYSIGN_WASM=$(abspath $(WASM)) $(JS_DIR)/test/pack/npm-pack-test.sh $(BUILD)/npm

# Deno, Bun and workerd (pinned in test/runtimes/package-lock.json, npm ci
# into build/js-runtimes) and Node, each signing every vector and sending to
# paysign mock from the packed tarball.
$(JS_RUNTIMES_DEPS): $(JS_DIR)/test/runtimes/package-lock.json
	@$(ANNOUNCE) npm "npm ci in $(JS_RUNTIMES) (deno, bun, workerd; pinned in $(JS_DIR)/test/runtimes/package-lock.json)"
	@mkdir -p $(JS_RUNTIMES)
	cp $(JS_DIR)/test/runtimes/package.json $(JS_DIR)/test/runtimes/package-lock.json $(JS_RUNTIMES)/
	cd $(JS_RUNTIMES) && $(NPM) ci --no-audit --no-fund --silent
	@touch $@

test-js-runtimes: $(WASM) $(BUILD)/paysign $(JS_DEPS) $(JS_RUNTIMES_DEPS) ## Node, Deno, Bun, workerd (with and without nodejs_compat) from the npm tarball: every vector, sends to paysign mock
	@mkdir -p $(JS_RUNTIMES)/pack && rm -f $(JS_RUNTIMES)/pack/paysign-*.tgz
	cd $(JS_DIR) && PAYSIGN_WASM=$(abspath $(WASM)) $(NPM) pack --silent --pack-destination $(abspath $(JS_RUNTIMES))/pack >/dev/null
	cd $(JS_DIR) && PAYSIGN_TARBALL=$$(ls $(abspath $(JS_RUNTIMES))/pack/paysign-*.tgz) PAYSIGN_RUNTIMES=$(abspath $(JS_RUNTIMES)) \
	  PAYSIGN_RUNTIMES_WORK=$(abspath $(JS_RUNTIMES))/project PAYSIGN_CLI=$(abspath $(BUILD)/paysign) $(NODE) --test test/runtimes/runtimes.test.js

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
