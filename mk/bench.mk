# make bench: paysign against the code users would write instead, in every
# runtime, in one run (bench/run.py drives bench/{go,node,php,python,c}).
# Writes build/bench/results.json and results.md and prints the table.
# BENCH_SCALE scales every timed loop (one repetition ≈ 0.2 s × scale, the
# soak and the WASM memory run are 1 000 000 / 100 000 calls × scale, at most
# ×1); BENCH_REPS is the number of repetitions. bench-smoke (in make test)
# runs the whole thing at a tiny scale into build/bench-smoke; nothing timed
# is asserted or judged (--smoke: no met / MISSED column at that scale).

BENCH_SCALE ?= 1
BENCH_REPS  ?= 5
BENCH_OUT   ?= $(BUILD)/bench
BENCH_VENV  := $(BUILD)/venv-bench
BENCH_PY    := $(BENCH_VENV)/bin/python
BENCH_C     := $(BUILD)/bench/bench-c
BENCH_SOAK  := $(BUILD)/bench/paysign_soak

TEST_TARGETS += bench-smoke

.PHONY: bench bench-smoke bench-deps bench-venv bench-profile bench-instructions

# cryptography for the Python baselines, pinned, in its own venv.
bench-venv:
	@$(VENV) $(BENCH_VENV) cryptography==48.0.1

deps: bench-venv

$(BENCH_C): bench/c/bench.c cshared/include/paysign.h $(LIBPAYSIGN)
	@mkdir -p $(dir $@)
	$(CC) $(C_FLAGS) bench/c/bench.c $(call C_LINK,$(LIBPAYSIGN)) -lm -o $@

# The 1M-call RSS soak is cshared's own program, built here without running it.
$(BENCH_SOAK): cshared/testdata/paysign_soak.c $(LIBPAYSIGN)
	@mkdir -p $(dir $@)
	$(CC) $(C_FLAGS) cshared/testdata/paysign_soak.c $(call C_LINK,$(LIBPAYSIGN)) -o $@

# Deno, Bun and workerd (mk/js.mk's pinned runtimes) for the JS cold starts
# and sends, which load the package's bundled entry; paysign mock for the sends.
bench-deps: deps-c deps-php-native bench-venv $(WASM) $(LIBPAYSIGN) $(BENCH_C) $(BENCH_SOAK) $(JS_RUNTIMES_DEPS) $(JS_BUNDLE) $(BUILD)/paysign

bench: bench-deps ## Performance in every runtime against hand-written baselines; table + build/bench/results.{json,md}
	$(PYTHON) bench/run.py --out $(BENCH_OUT) --scale $(BENCH_SCALE) --reps $(BENCH_REPS) --wasm $(WASM) \
	  --wasm-plain $(WASM_PLAIN) --js-runtimes $(JS_RUNTIMES)/node_modules/.bin --paysign-bin $(BUILD)/paysign \
	  --bench-python $(BENCH_PY) --bench-c $(BENCH_C) --soak $(BENCH_SOAK) $(BENCH_FLAGS)

bench-smoke: ## make bench at a tiny scale (part of make test; checks it runs, asserts no timing)
	$(MAKE) --no-print-directory bench BENCH_SCALE=0.005 BENCH_REPS=2 BENCH_OUT=$(BUILD)/bench-smoke BENCH_FLAGS=--smoke

# CPU profiles of the misses: Go pprof of the core and the envelope, Node --cpu-prof.
bench-profile: bench-deps ## CPU profiles for the bench misses into build/bench/profiles (pprof, node --cpu-prof)
	scripts/bench-profile.sh $(BUILD)/bench/profiles

bench-instructions: ## Instructions per call of payway.Sign vs abi.Call (callgrind; immune to machine load)
	scripts/bench-instructions.sh
