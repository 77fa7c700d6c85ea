package payway_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// core/ is what the WebAssembly module and the C library link: no package
// under it may reach net/http, the HTTP client (paywayhttp), the test
// double (paywaytest), the test vectors or the test keys, and neither may
// the module itself.
func TestCoreLinksNoHTTPAndNoTests(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	banned := func(dep string) bool {
		return dep == "net/http" ||
			strings.HasPrefix(dep, "github.com/paysign/paysign/paywayhttp") ||
			strings.HasPrefix(dep, "github.com/paysign/paysign/paywaytest") ||
			strings.HasPrefix(dep, "github.com/paysign/paysign/testvectors") ||
			strings.HasPrefix(dep, "github.com/paysign/paysign/internal/")
	}
	for _, target := range []struct {
		pattern string
		env     []string
	}{
		{"github.com/paysign/paysign/core/...", nil},
		{"github.com/paysign/paysign/wasm", []string{"GOOS=wasip1", "GOARCH=wasm"}},
		{"github.com/paysign/paysign/cshared", nil},
	} {
		cmd := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`, target.pattern)
		cmd.Env = append(os.Environ(), target.env...)
		out, err := cmd.Output()
		require.NoError(t, err, target.pattern)
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		require.NotEmpty(t, lines)
		for _, line := range lines {
			deps := strings.Fields(line)
			for _, dep := range deps[1:] {
				assert.False(t, banned(dep), "%s depends on %s", deps[0], dep)
			}
		}
	}
}
