package abi

import "github.com/paysign/paysign/core/internal/wire"

func init() {
	register("paysign.version", "ABI version, operations and error codes", paysignVersion)
	register("test.panic", "panics inside the core; lets binding tests prove that panics are recovered", testPanic)
}

// paysign.version: {} in, {"version", "abi_version", "ops", "summaries", "codes"} out.
func paysignVersion(request []byte, w *wire.Writer) error {
	if err := noParams(request); err != nil {
		return err
	}
	names := Ops()
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
