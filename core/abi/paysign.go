package abi

import "github.com/paysign/paysign/core/internal/wire"

func init() {
	register("paysign.version", "ABI version, operations and error codes", paysignVersion)
}

// registerTestOps adds test.panic, which panics inside the core so that
// the tests of every runtime can prove that a panic is recovered (code
// internal, C status 2) and the library keeps working. Only test builds
// call it: testops.go, compiled with the build tag paysign_testops (the
// libraries `make test` links, the CLI the vector tests build, make
// vectors), and this package's own tests. The production ABI has no
// test.panic; without it this function is dead code the linker drops.
func registerTestOps() {
	register("test.panic", "panics inside the core; lets binding tests prove that panics are recovered", testPanic)
	op := ops["test.panic"]
	op.test = true
	ops["test.panic"] = op
}

// paysign.version: {} in, {"version", "abi_version", "ops", "summaries", "codes"} out.
func paysignVersion(request []byte, w *wire.Writer) error {
	if err := noParams(request); err != nil {
		return err
	}
	names := opNames()
	w.BeginObject().StringMember("version", LibraryVersion).Key("abi_version").Int(Version).Key("ops").Strings(names).Key("summaries").BeginObject()
	for _, name := range names {
		w.StringMember(name, ops[name].summary)
	}
	w.EndObject().Key("codes").BeginArray()
	for _, c := range codeTable {
		w.BeginObject().StringMember("code", c.Code).StringMember("description", c.Description).EndObject()
	}
	w.EndArray().EndObject()
	return nil
}

func testPanic([]byte, *wire.Writer) error {
	panic("test.panic: deliberate panic")
}

// clip shortens an attacker-chosen name for an error message.
func clip(s string) string {
	if len(s) > 32 {
		return s[:32] + "…"
	}
	return s
}
