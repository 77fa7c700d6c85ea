package main

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/paywayhttp"
)

// TestOperationsTable keeps docs/payway.md's table in step with the catalogue.
func TestOperationsTable(t *testing.T) {
	data, err := os.ReadFile("../../docs/payway.md")
	require.NoError(t, err)
	_, table, ok := strings.Cut(string(data), "<!-- operations table -->")
	require.True(t, ok)
	table, _, ok = strings.Cut(table, "<!-- /operations table -->")
	require.True(t, ok)
	rows := map[string]string{}
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(line, " | ")
		if len(cells) > 3 && strings.HasPrefix(cells[0], "| `") {
			rows[strings.Trim(cells[0], "| `")] = line
		}
	}
	ops := payway.Operations()
	assert.Len(t, rows, len(ops))
	for _, op := range ops {
		row, ok := rows[op.Name]
		if !assert.True(t, ok, "docs/payway.md lacks %s", op.Name) {
			continue
		}
		assert.Contains(t, row, "`"+op.Path+"`", op.Name)
		assert.Contains(t, row, "`"+strings.Join(op.HashFields, "` `")+"` ("+op.HashEncoding+")", op.Name)
	}
}

// TestCLISnippets runs the README's command-line examples
// (docs/snippets/cli.md) with the built binary as `paysign`: the mock's port,
// the pushback receiver and the credential placeholders are the only things
// changed.
func TestCLISnippets(t *testing.T) {
	doc, err := os.ReadFile("../../docs/snippets/cli.md")
	require.NoError(t, err)
	blocks := regexp.MustCompile("(?s)\n## ([^\n]*)\n\n```sh\n(.*?)\n```").FindAllStringSubmatch(string(doc), -1)
	require.Len(t, blocks, 2)
	require.Equal(t, "Sign and send", blocks[0][1])
	require.Equal(t, "Testing your integration", blocks[1][1])

	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "bin"), 0o755))
	require.NoError(t, os.Symlink(binary(t), filepath.Join(dir, "bin", "paysign")))
	free, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := strconv.Itoa(free.Addr().(*net.TCPAddr).Port)
	require.NoError(t, free.Close())

	var mu sync.Mutex
	var pushbacks []string
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cb, err := paywayhttp.VerifyCallback(r, "TEST_ONLY_paysign_mock_api_key_ec000002")
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		mu.Lock()
		pushbacks = append(pushbacks, r.URL.Path+" "+cb.TranID)
		mu.Unlock()
	}))
	defer receiver.Close()

	integration := strings.NewReplacer("127.0.0.1:4010", "127.0.0.1:"+port,
		"http://127.0.0.1:8080/pushback", receiver.URL+"/pushback").Replace(blocks[1][2])
	mockLine, rest, ok := strings.Cut(integration, "\n")
	require.True(t, ok)
	require.Contains(t, mockLine, "paysign mock --listen")
	signAndSend := strings.NewReplacer("PAYWAY_API_KEY=…", "PAYWAY_API_KEY=TEST_ONLY_paysign_mock_api_key_ec000002",
		"aba_rsa_public.pem", "ec000002_rsa_public.pem").Replace(blocks[0][2])
	script := "trap 'kill $(jobs -p) 2>/dev/null' EXIT\n" + mockLine + "\n" +
		"for i in $(seq 200); do [ -s ec000002_rsa_public.pem ] && (: <>/dev/tcp/127.0.0.1/" + port + ") 2>/dev/null && break; sleep 0.05; done\n" +
		"echo '::testing'\n" + rest + "\necho \"::status $?\"\n" +
		"echo '::sign-and-send'\n" + signAndSend + "\n"

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+filepath.Join(dir, "bin")+":"+os.Getenv("PATH"))
	for _, name := range []string{"PAYWAY_BASE_URL", "PAYSIGN_MOCK_URL", "PAYWAY_API_KEY", "PAYWAY_RSA_PUBLIC_KEY", "PAYWAY_RSA_PUBLIC_KEY_FILE"} {
		cmd.Env = append(cmd.Env, name+"=")
	}
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	_, testingOut, ok := strings.Cut(string(out), "::testing\n")
	require.True(t, ok, "%s", out)
	testingOut, signOut, ok := strings.Cut(testingOut, "::sign-and-send\n")
	require.True(t, ok, "%s", out)

	assert.Contains(t, testingOut, "APPROVED")
	assert.Contains(t, testingOut, "PTL37")
	assert.Contains(t, testingOut, "::status 1", "the refund beyond the paid amount exits 1")
	assert.Equal(t, []string{"/pushback ORDER-1"}, pushbacks, "one signed pushback reached the handler")
	assert.Contains(t, signOut, "hash input")
	assert.Contains(t, signOut, "HTTP 200  code 00  success", "the sent refund succeeded")
	// Only the mock's banner shows its TEST-ONLY key; the commands never print one.
	assert.NotContains(t, testingOut+signOut, "TEST_ONLY_paysign_mock_api_key")
}
