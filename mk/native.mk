# Native runtimes: the C shared library (cshared/) and the Python and PHP
# packages over it (bindings/python, bindings/php). Included by the Makefile.

# The Valgrind build of the library: -tags valgrind makes Go (>= 1.25) describe
# its heap and stacks to Valgrind; -w keeps symbols for the suppressions.
VG_DIR     := $(BUILD)/valgrind
VG_FLAGS   := --error-exitcode=99 --leak-check=full --show-leak-kinds=definite \
              --errors-for-leak-kinds=definite --suppressions=cshared/testdata/valgrind.supp -q
PY_TOOLS   := $(BUILD)/venv-python
PY_TEST_VENV := $(BUILD)/venv-test

BUILD_TARGETS += $(LIBPAYSIGN)
TEST_TARGETS  += test-c test-python test-php
CHECK_TARGETS += check-header
DEMO_TARGETS  += demo-c demo-python demo-php demo-mock-php demo-mock-python

.PHONY: cshared check-header deps-c test-c soak-c demo-c deps-python test-python demo-python demo-mock-python \
        deps-php-native test-php test-fpm demo-php demo-mock-php

cshared: $(LIBPAYSIGN) ## build/libpaysign.so (+ build/libpaysign.h from cgo, used by check-header)

# The library, and its test build (see TESTOPS in the Makefile) that the
# C, Python and PHP tests load: the same recipe with the test tag.
$(LIBPAYSIGN) $(LIBPAYSIGN_TEST): FORCE
	CGO_ENABLED=1 $(GO) build $(GOFLAGS_BUILD) $(if $(filter $(LIBPAYSIGN_TEST),$@),$(TESTOPS)) -ldflags='-s -w' -buildmode=c-shared -o $@ ./cshared

check-header: $(LIBPAYSIGN) ## cshared/include/paysign.h matches cgo's header and PHP's FFI declarations
	scripts/native-check-header.sh $(BUILD)

deps-c:
	@$(APT) gcc libc6-dev libcjson-dev valgrind

test-c: deps-c check-header $(LIBPAYSIGN_TEST) ## C: every vector through paysign.h under Valgrind, calling convention, 1M-call RSS soak
	@mkdir -p $(VG_DIR)
	$(CC) $(C_FLAGS) cshared/testdata/paysign_test.c $(call C_LINK,$(LIBPAYSIGN_TEST)) -o $(BUILD)/paysign_test
	$(BUILD)/paysign_test testvectors
	CGO_ENABLED=1 $(GO) build $(GOFLAGS_BUILD) -tags valgrind,paysign_testops -ldflags=-w -buildmode=c-shared -o $(VG_DIR)/libpaysign.so ./cshared
	$(CC) $(C_FLAGS) cshared/testdata/paysign_test.c $(call C_LINK,$(VG_DIR)/libpaysign.so) -o $(VG_DIR)/paysign_test
	@# Go's Valgrind support is incomplete, so two runtime features are off:
	@# asyncpreemptoff (signal-based preemption writes below the goroutine stack
	@# pointer: reported as invalid accesses) and GOGC=off (reused heap blocks
	@# overlap and crash Valgrind's leak check). Valgrind cannot read Go's
	@# DWARF 5 and says so; the log shown drops those lines.
	GOGC=off GODEBUG=asyncpreemptoff=1 $(VALGRIND) $(VG_FLAGS) --log-file=$(VG_DIR)/valgrind.log $(VG_DIR)/paysign_test testvectors; \
	  status=$$?; grep -vE 'DW_FORM|debug info' $(VG_DIR)/valgrind.log || true; exit $$status
	$(MAKE) --no-print-directory soak-c

soak-c: deps-c $(LIBPAYSIGN) ## C: 1 000 000 calls (version, sign, errors); fails if RSS grows by 5 MiB
	$(CC) $(C_FLAGS) cshared/testdata/paysign_soak.c $(call C_LINK,$(LIBPAYSIGN)) -o $(BUILD)/paysign_soak
	$(BUILD)/paysign_soak testvectors/demo/requests.json 1000000 5120

# Python: pytest (pinned) lives in its own virtual environment under build/.
deps-python:
	@$(VENV) $(PY_TOOLS) pytest==9.2.0

deps: deps-c deps-python deps-php-native

# The Python and PHP suites load the test build ($PAYSIGN_LIB); their
# tests of the library lookup and of installing the package, which leave
# $PAYSIGN_LIB out, find the production build/libpaysign.so.
test-python: deps-python $(LIBPAYSIGN) $(LIBPAYSIGN_TEST) $(BUILD)/paysign $(SCRIPTSERVER) ## Python: every vector via ctypes, the send conformance vectors against the scripted server, 8 threads, fork, recovered panic, pip install into a fresh venv, send() against paysign mock
	cd bindings/python && PAYSIGN_LIB=$(abspath $(LIBPAYSIGN_TEST)) PAYSIGN_CLI=$(abspath $(BUILD)/paysign) PAYSIGN_SCRIPTSERVER=$(abspath $(SCRIPTSERVER)) \
	  $(abspath $(PY_TOOLS))/bin/python -m pytest -q -p no:cacheprovider

demo-c: deps-c $(LIBPAYSIGN)
	@mkdir -p $(BUILD)/demo
	@$(CC) $(C_FLAGS) cshared/testdata/paysign_demo.c $(call C_LINK,$(LIBPAYSIGN)) -o $(BUILD)/paysign_demo
	@$(BUILD)/paysign_demo testvectors/demo/requests.json $(BUILD)/demo/c.json

demo-python: $(LIBPAYSIGN)
	PYTHONPATH=bindings/python/src $(PYTHON) bindings/python/examples/demo.py testvectors/demo/requests.json $(BUILD)/demo/python.json

demo-mock-python: $(LIBPAYSIGN) $(BUILD)/paysign ## The mock loop through PayWay.send() in Python: purchase, approve, pushback verified, check, refunds, close, wrong key, retries
	@env -u PAYSIGN_LIB PYTHONPATH=bindings/python/src $(PYTHON) bindings/python/examples/demo_mock.py $(BUILD)/paysign

# PHP: Debian's php8.2 (FFI is built in), phpunit, php-fpm and cgi-fcgi;
# php8.2-curl for PayWay::send() (signing alone does not need it).
deps-php-native:
	@$(APT) php8.2-cli php8.2-fpm phpunit libfcgi-bin php8.2-curl

test-php: deps-php-native $(LIBPAYSIGN) $(LIBPAYSIGN_TEST) $(BUILD)/paysign $(SCRIPTSERVER) ## PHP: every vector via FFI, the send conformance vectors, recovered panic, pcntl_fork, PHP-FPM preload pattern, send() against paysign mock
	cd bindings/php && PAYSIGN_LIB=$(abspath $(LIBPAYSIGN_TEST)) PAYSIGN_CLI=$(abspath $(BUILD)/paysign) SCRIPTSERVER=$(abspath $(SCRIPTSERVER)) \
		$(PHPUNIT) --configuration phpunit.xml

demo-php: deps-php-native $(LIBPAYSIGN)
	$(PHP) bindings/php/examples/demo.php testvectors/demo/requests.json $(BUILD)/demo/php.json

demo-mock-php: deps-php-native $(LIBPAYSIGN) $(BUILD)/paysign ## The mock loop through PayWay::send() in PHP: purchase, approve, pushback verified, check, refunds, close, wrong key, retries
	@$(PHP) bindings/php/examples/demo_mock.php $(BUILD)/paysign

test-fpm: deps-php-native $(LIBPAYSIGN) ## PHP-FPM on 127.0.0.1: preloaded class, lazy FFI::cdef in workers (also part of test-php)
	cd bindings/php && env -u PAYSIGN_LIB $(PHPUNIT) --configuration phpunit.xml --filter FpmTest
