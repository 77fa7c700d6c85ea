// Package wazerotest runs build/paysign.wasm under wazero, the way a Go
// host would embed it, and checks it against the shared test vectors and
// the module's calling convention. The module's paysign_host imports
// (wasm/wazerohost) answer "not available" by default, so the module does
// its own crypto in Go; hostcrypto_test.go runs every vector again with a
// working Go implementation of them and proves the host did the work.
//
// The tests need the built module. They run when it is named with
//
//	go test ./wasm/wazerotest -paysign-wasm=$PWD/build/paysign.wasm
//
// (or the environment variable PAYSIGN_WASM) and are skipped otherwise, so
// that a plain `go test ./...` never tests a stale build; `make test-wasm`
// builds the module and passes the flag.
package wazerotest
