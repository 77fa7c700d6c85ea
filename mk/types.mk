# Every file generated from the PayWay catalogue (internal/gen, run by
# `go generate ./...`; docs/architecture.md "Generated code"): the typed Go
# parameters, and each binding's operation types, query list, send policy
# defaults and error codes. Then the type checks that use them.

TYPES_VENV := $(BUILD)/venv-typecheck
MYPY_PIN   := mypy==2.4.1

CHECK_TARGETS += check-types
TEST_TARGETS  += typecheck-python typecheck-php

.PHONY: types check-types typecheck-deps typecheck-python typecheck-php

types: ## Regenerate every file generated from the catalogue (go generate ./...): Go, TypeScript, Python, PHP
	$(GO) generate ./...

check-types: ## Fail when a file generated from the catalogue is stale (go run ./internal/gen -check)
	$(GO) run ./internal/gen -check

typecheck-deps: deps-php-native
	@$(VENV) $(TYPES_VENV) $(MYPY_PIN)
	@$(APT) php-phpstan-phpdoc-parser

deps: typecheck-deps

typecheck-python: typecheck-deps ## mypy --strict: the package and an example pass; a file of mistakes gets exactly the expected errors
	$(TYPES_VENV)/bin/python bindings/python/typecheck/check.py

typecheck-php: typecheck-deps ## Every PHPDoc block of the PHP package (the generated array shapes) parses with PHPStan's PHPDoc parser
	$(PHP) bindings/php/typecheck/check-phpdoc.php
