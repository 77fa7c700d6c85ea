# paysign: one payment-request signing core for every runtime.
# `make help` lists the targets. Artifacts go to build/ (git-ignored).
#
# Each runtime adds its own targets in mk/*.mk and appends to BUILD_TARGETS,
# TEST_TARGETS, DEMO_TARGETS and CHECK_TARGETS, so `make build`, `make test`,
# `make demo` and `make check` cover every runtime that exists.

# Shared variables, defined once before the mk/*.mk includes so that no
# .mk file depends on the order of the others.
GO       ?= go
CC       ?= cc
PYTHON   ?= python3
PHP      ?= php
PHPUNIT  ?= phpunit
NODE     ?= node
NPM      ?= npm
VALGRIND ?= valgrind
# What make test and make demo install is announced first (scripts/announce.sh):
# Debian packages (APT), PyPI packages into a venv (VENV DIR PINS...), npm ci.
APT      := scripts/ensure-apt.sh
ANNOUNCE := scripts/announce.sh
VENV     := PYTHON=$(PYTHON) scripts/ensure-venv.sh
GOFLAGS_BUILD := -trimpath

# Artifacts.
BUILD      := build
WASM       := $(BUILD)/paysign.wasm
LIBPAYSIGN := $(BUILD)/libpaysign.so
# The module before wasm-opt and wizer (mk/js.mk), and Deno, Bun and workerd
# (pinned npm packages, for the JS runtime tests and make bench).
WASM_PLAIN       := $(BUILD)/paysign-plain.wasm
JS_RUNTIMES      := $(BUILD)/js-runtimes
JS_RUNTIMES_DEPS := $(JS_RUNTIMES)/node_modules/.package-lock.json
# The JavaScript package (mk/js.mk): its devDependencies (npm ci; esbuild
# bundles the entry at npm pack, so make dist needs them too) and its
# bundled ES module entry (make bench loads it).
JS_DIR           := bindings/js
JS_DEPS          := $(JS_DIR)/node_modules/.package-lock.json
JS_BUNDLE        := $(JS_DIR)/dist/paysign.js
# The scripted server of the send conformance vectors (testvectors/send),
# for the bindings' test suites.
SCRIPTSERVER := $(BUILD)/scriptserver

# Test builds: the same module and library with the build tag
# paysign_testops, which adds the op test.panic (core/abi/testops.go) so
# that every runtime's tests prove a panic in the core is recovered. The
# production artifacts above, which `make dist` packages, have no such op.
TESTOPS         := -tags paysign_testops
WASM_TEST       := $(BUILD)/test/paysign.wasm
LIBPAYSIGN_TEST := $(BUILD)/test/libpaysign.so

# C programs built against paysign.h link the library they test and find it
# again at run time.
C_FLAGS := -std=c11 -O2 -g -Wall -Wextra -Werror -D_DEFAULT_SOURCE -Icshared/include
C_LINK   = -L$(dir $(1)) -lpaysign -lcjson -Wl,-rpath,$(abspath $(dir $(1)))

BUILD_TARGETS := $(BUILD)/paysign
TEST_TARGETS  := check test-go test-oracle fuzz-smoke
DEMO_TARGETS  := demo-cli
CHECK_TARGETS := check-tracked check-go check-links check-readme check-newcomer check-test-parts

.DEFAULT_GOAL := help
.PHONY: help deps deps-go check-test-parts check-newcomer build test demo vectors check check-tracked check-links readme check-readme clean test-go test-oracle fuzz fuzz-smoke demo-cli check-go deps-php FORCE

include $(sort $(wildcard mk/*.mk))

help: ## Show this help
	@grep -hE '^[a-zA-Z/._-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  %-20s %s\n",$$1,$$2}'

build: $(BUILD_TARGETS) ## Build every artifact into build/

# One line per part with its duration, each part's output in build/logs/<part>.log
# (scripts/test-parts.sh); deps first, so that every install is announced up front.
test: ## Run every test suite (installs what it lacks): one line per part, logs in build/logs/
	@MAKE="$(MAKE)" scripts/test-parts.sh deps $(TEST_TARGETS)

check-test-parts: ## make test's runner: a line a part, whole logs, announcements, a failure's tail, the summary, exit 1
	@scripts/test-parts-test.sh

deps: deps-go deps-php ## Install what make test and make demo need (Debian, PyPI into build/ venvs, npm ci), announcing each, and nothing else

# The module's dependencies, and those of make dist's tool module (scripts/dist/gomodproxy).
deps-go:
	@GOPROXY=off $(GO) mod download 2>/dev/null || { $(ANNOUNCE) go "the Go module's dependencies (go mod download)"; $(GO) mod download; }
	@cd scripts/dist/gomodproxy && { GOPROXY=off $(GO) mod download 2>/dev/null || { \
	  $(abspath $(ANNOUNCE)) go "golang.org/x/mod for scripts/dist/gomodproxy (go mod download)"; $(GO) mod download; }; }

demo: $(DEMO_TARGETS) ## Sign sample requests with the sandbox test credentials in every runtime
	@echo "=== do the runtimes agree?"
	@$(BUILD)/paysign demo-compare $(BUILD)/demo internal/testkeys/rsa1024_TEST_ONLY_private.pem testvectors/demo/requests.json

check: $(CHECK_TARGETS) ## gofmt, go vet, vectors fresh, core builds without cgo and for wasip1

clean: ## Remove build/
	rm -rf $(BUILD)

$(BUILD)/paysign: FORCE
	$(GO) build $(GOFLAGS_BUILD) -o $@ ./cmd/paysign

$(SCRIPTSERVER): FORCE
	$(GO) build $(GOFLAGS_BUILD) -o $@ ./internal/scriptserver/cmd/scriptserver

test-go: ## Go unit, example, vector (abi and CLI) and fuzz-seed tests, with the race detector
	$(GO) test -race ./...

FUZZTIME ?= 10m
fuzz: ## Run every Go fuzz target for FUZZTIME each (default 10m)
	scripts/fuzz.sh $(FUZZTIME)

fuzz-smoke: ## Every fuzz target for a few seconds (part of make test)
	scripts/fuzz.sh 3s

deps-php: ## Install PHP CLI from Debian if missing
	@command -v php >/dev/null 2>&1 || $(APT) php-cli

test-oracle: deps-php ## Recompute every vector with PHP's hash_hmac, openssl and json_encode (and every output member read by an oracle); re-ask PHP for core/internal/php's expected values
	$(PHP) testvectors/oracle/run.php testvectors
	@mkdir -p $(BUILD)
	$(PHP) core/internal/php/testdata/php_cases.php > $(BUILD)/php82.json
	diff -u core/internal/php/testdata/php82.json $(BUILD)/php82.json

demo-cli: $(BUILD)/paysign
	@rm -rf $(BUILD)/demo
	@$(BUILD)/paysign demo testvectors/demo/requests.json $(BUILD)/demo/cli.json

vectors: ## Regenerate testvectors/*.json
	$(GO) run $(TESTOPS) ./testvectors/internal/gen -dir testvectors # a test build: a vector calls test.panic

check-tracked: ## No build output (binary, object, module, package, file over 2 MiB) is tracked by git
	scripts/check-tracked.sh

check-links: ## Every relative link and #anchor of every Markdown file resolves
	$(PYTHON) scripts/check-links.py

readme: ## Copy the example files of docs/snippets/ into the READMEs that show them
	$(PYTHON) scripts/readme-snippets.py

check-readme: ## Check that the READMEs' examples are the files of docs/snippets/ (make dist-check-quick runs them)
	$(PYTHON) scripts/readme-snippets.py --check

check-newcomer: ## The README-following harness of dist-check (scripts/dist/newcomer.py) on made-up READMEs
	$(PYTHON) scripts/dist/newcomer_test.py

check-go:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...
	CGO_ENABLED=0 $(GO) build ./core/...
	GOOS=wasip1 GOARCH=wasm $(GO) build ./core/...
	$(MAKE) vectors
	git diff --exit-code -- testvectors

FORCE:
