# make mutation: small realistic bugs made one at a time in a copy of the
# repository (build/mutation/), each of which some suite must catch.
# Outside `make test`: it runs for minutes. The list is data
# (scripts/mutation/mutations.json: file, pattern, replacement, suites).

.PHONY: mutation check-mutations

CHECK_TARGETS += check-mutations

MUTATION_FLAGS ?=
mutation: deps-php deps-python deps-php-native deps-c ## Make each mutation of scripts/mutation/mutations.json in a copy and require a suite to fail (MUTATION_FLAGS=--only ID,...); prints the survivors
	@command -v $(NODE) >/dev/null || { echo "mutation: needs node"; exit 1; }
	$(PYTHON) scripts/mutation/mutate.py $(MUTATION_FLAGS)

check-mutations: ## Each mutation's pattern is in its file exactly once (a refactor must carry the mutations along)
	$(PYTHON) scripts/mutation/mutate.py --check
