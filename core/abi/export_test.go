package abi

// This package's tests call test.panic, as a test build does (a build
// with the tag paysign_testops has it already).
func init() {
	if _, ok := ops["test.panic"]; !ok {
		registerTestOps()
	}
}
