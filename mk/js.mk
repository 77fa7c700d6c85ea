# WebAssembly module (wasm/) and the JavaScript package (bindings/js).

WASM    := $(BUILD)/paysign.wasm
JS_DIR  := bindings/js

BUILD_TARGETS += $(WASM)
TEST_TARGETS  += test-wasm

.PHONY: wasm test-wasm

$(WASM): FORCE
	GOOS=wasip1 GOARCH=wasm $(GO) build -buildmode=c-shared $(GOFLAGS_BUILD) -ldflags='-s -w' -o $@ ./wasm

wasm: $(WASM) ## Build the WebAssembly module build/paysign.wasm

test-wasm: $(WASM) ## Run every vector and the calling-convention tests on the module under wazero
	$(GO) test -count=1 ./wasm/wazerotest -paysign-wasm=$(abspath $(WASM))
