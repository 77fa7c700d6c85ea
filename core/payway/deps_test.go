package payway_test

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Package payway is compiled into the WebAssembly module: sending lives
// in paywayhttp and the test double in paywaytest, and neither net/http
// nor they may reach the module or this package.
func TestNoHTTPInTheCore(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	for _, target := range []struct {
		pkg string
		env []string
	}{
		{"github.com/paysign/paysign/core/payway", nil},
		{"github.com/paysign/paysign/core/abi", nil},
		{"github.com/paysign/paysign/wasm", []string{"GOOS=wasip1", "GOARCH=wasm"}},
	} {
		cmd := exec.Command("go", "list", "-deps", target.pkg)
		cmd.Env = append(os.Environ(), target.env...)
		out, err := cmd.Output()
		require.NoError(t, err, target.pkg)
		deps := strings.Fields(string(out))
		require.Contains(t, deps, target.pkg)
		for _, banned := range []string{"net/http", "github.com/paysign/paysign/core/payway/paywayhttp", "github.com/paysign/paysign/core/payway/paywaytest"} {
			assert.False(t, slices.Contains(deps, banned), "%s depends on %s", target.pkg, banned)
		}
	}
}
