# Parameter types of every PayWay operation for Python and PHP, generated from
# the payway.catalog op by the same generator as the TypeScript ones
# (bindings/js/scripts/generate-types.js), and the checks that use them.

TYPES_VENV := $(BUILD)/venv-typecheck
MYPY_PIN   := mypy==2.4.1

CHECK_TARGETS += check-types
TEST_TARGETS  += typecheck-python typecheck-php

.PHONY: types check-types typecheck-deps typecheck-python typecheck-php

types: $(WASM) ## Regenerate the operation types: TypeScript, Python (operations.py, PayWay.sign overloads), PHP (PayWayOperations)
	cd $(JS_DIR) && PAYSIGN_WASM=$(abspath $(WASM)) $(NODE) scripts/generate-types.js ts python php

check-types: $(WASM) ## Check that the generated Python and PHP operation types are fresh
	cd $(JS_DIR) && PAYSIGN_WASM=$(abspath $(WASM)) $(NODE) scripts/generate-types.js --check python php

typecheck-deps: deps-php-native
	@$(VENV) $(TYPES_VENV) $(MYPY_PIN)
	@$(APT) php-phpstan-phpdoc-parser

deps: typecheck-deps

typecheck-python: typecheck-deps ## mypy --strict: the package and an example pass; a file of mistakes gets exactly the expected errors
	$(TYPES_VENV)/bin/python bindings/python/typecheck/check.py

typecheck-php: typecheck-deps ## Every PHPDoc block of the PHP package (the generated array shapes) parses with PHPStan's PHPDoc parser
	$(PHP) bindings/php/typecheck/check-phpdoc.php
