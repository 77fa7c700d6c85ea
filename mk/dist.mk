# Releases: one version number (VERSION) in every package, `make dist` (the
# artifacts users install, into build/dist/) and `make dist-check` (install
# them as a user would, outside the repository, and sign with them).

PAYSIGN_VERSION := $(shell cat VERSION)

CHECK_TARGETS += check-version

.PHONY: version check-version

version: ## Write VERSION into every package (package.json, composer.json, _version.py, version.go, ...)
	$(PYTHON) scripts/version.py

check-version: ## Check that every package carries the version in VERSION
	$(PYTHON) scripts/version.py --check
