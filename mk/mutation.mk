# make mutation: small realistic bugs made one at a time in a copy of the
# repository (build/mutation/), each of which some suite must catch.
# Outside `make test`: it runs for minutes. The list is data
# (scripts/mutation/mutations.json: file, pattern, replacement, suites).

.PHONY: mutation

MUTATION_FLAGS ?=
mutation: deps-php deps-python deps-php-native deps-c ## Make each mutation of scripts/mutation/mutations.json in a copy and require a suite to fail (MUTATION_FLAGS=--only ID,...); prints the survivors
	@command -v $(NODE) >/dev/null || { echo "mutation: needs node"; exit 1; }
	$(PYTHON) scripts/mutation/mutate.py $(MUTATION_FLAGS)
