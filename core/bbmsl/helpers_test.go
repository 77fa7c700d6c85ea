package bbmsl_test

import (
	"encoding/json"
	"errors"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func errorsIs(err, target error) bool { return errors.Is(err, target) }
