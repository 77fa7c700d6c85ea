package abi

import "github.com/paysign/paysign/core"

func init() {
	register("paysign.version", "ABI version, operations and error codes", opVersion)
	register("test.panic", "panics inside the core; lets binding tests prove that panics are recovered", opPanic)
}

type versionValue struct {
	ABIVersion int               `json:"abi_version"`
	Ops        []string          `json:"ops"`
	Summaries  map[string]string `json:"summaries"` // op -> what it does
	Codes      []CodeInfo        `json:"codes"`
}

func opVersion(req []byte) (any, error) {
	if err := core.DecodeStrict(req, &struct{}{}); err != nil {
		return nil, err
	}
	summaries := make(map[string]string, len(ops))
	for name, info := range ops {
		summaries[name] = info.summary
	}
	return versionValue{ABIVersion: Version, Ops: Ops(), Summaries: summaries, Codes: Codes}, nil
}

func opPanic([]byte) (any, error) {
	panic("test.panic: deliberate panic")
}
