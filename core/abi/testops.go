//go:build paysign_testops

package abi

// A test build (go build -tags paysign_testops) has the test ops; see
// registerTestOps.
func init() { registerTestOps() }
