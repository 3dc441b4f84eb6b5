// Package e2e runs real GraphQL clients, the Node.js scripts in clients/,
// against the whole API started in-process by internal/testserver.
package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"engagements/auth"
	"engagements/internal/testenv"
	"engagements/internal/testserver"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

// clientsDir holds the scripts, package.json and package-lock.json.
const clientsDir = "clients"

// These bound a hung npm or node process; a healthy run takes seconds.
const (
	npmTimeout    = 5 * time.Minute
	scriptTimeout = 2 * time.Minute
)

var (
	installOnce sync.Once
	installErr  error
	// installOffline is set when npm could not reach its registry.
	installOffline bool
	installOutput  string
)

// networkFailure matches the npm errors of an unreachable registry.
var networkFailure = regexp.MustCompile(`ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network request|socket hang up`)

// unavailable skips the test because a tool is missing, or fails it under
// CI=true, where every tool must be present.
func unavailable(t *testing.T, tool string, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is unavailable under CI=true: %v", tool, err)
	}
	t.Skipf("SKIPPED: %s is unavailable (%v); install Node.js 20 or later with npm, and reach the npm registry, to run the client tests", tool, err)
}

// requireClients returns the path of node once the scripts' npm packages
// are installed. It runs `npm ci` when node_modules is missing or older
// than package-lock.json.
func requireClients(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		unavailable(t, "node", err)
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		unavailable(t, "npm", err)
	}

	installOnce.Do(func() {
		if installed() {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), npmTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
		cmd.Dir = clientsDir
		out, err := cmd.CombinedOutput()
		installOutput = string(out)
		if err != nil {
			installErr = err
			installOffline = networkFailure.Match(out)
		}
	})
	switch {
	case installErr != nil && installOffline:
		t.Logf("npm ci output:\n%s", installOutput)
		unavailable(t, "the npm registry", installErr)
	case installErr != nil:
		t.Fatalf("npm ci in e2e/clients failed: %v\n%s", installErr, installOutput)
	}
	return node
}

// installed reports whether npm ci ran after the lock file last changed.
// npm ci writes node_modules/.package-lock.json.
func installed() bool {
	marker, err := os.Stat(filepath.Join(clientsDir, "node_modules", ".package-lock.json"))
	if err != nil {
		return false
	}
	lock, err := os.Stat(filepath.Join(clientsDir, "package-lock.json"))
	return err == nil && !marker.ModTime().Before(lock.ModTime())
}

// runScript runs a client script against a fresh server and token with
// every scope but private reads. It fails the test when the script exits
// non-zero, and returns its stdout lines.
func runScript(t *testing.T, script string) []string {
	t.Helper()
	node := requireClients(t)
	srv := testserver.Start(t)
	token := srv.Token(t, auth.ScopeRead, auth.ScopeWrite)

	ctx, cancel := context.WithTimeout(context.Background(), scriptTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, script)
	cmd.Dir = clientsDir
	cmd.Env = append(os.Environ(),
		"GRAPHQL_URL="+srv.GraphQLURL(),
		"GRAPHQL_TOKEN="+token,
		"NO_PROXY=127.0.0.1,localhost",
	)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	t.Logf("node %s stdout:\n%s", script, out)
	if stderr.Len() > 0 {
		t.Logf("node %s stderr:\n%s", script, stderr.String())
	}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		t.Errorf("node %s exited with code %d", script, exit.ExitCode())
	case err != nil:
		t.Fatalf("run node %s: %v", script, err)
	}
	return lines(out)
}

func lines(out []byte) []string {
	var result []string
	scanner := bufio.NewScanner(strings.NewReader(string(out)))
	scanner.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for scanner.Scan() {
		if line := strings.TrimSpace(scanner.Text()); line != "" {
			result = append(result, line)
		}
	}
	return result
}

// summary decodes the last line of a script's output, its JSON summary.
func summary(t *testing.T, script string, out []string) map[string]any {
	t.Helper()
	if len(out) == 0 {
		t.Fatalf("%s printed nothing", script)
	}
	var s map[string]any
	if err := json.Unmarshal([]byte(out[len(out)-1]), &s); err != nil {
		t.Fatalf("%s summary line is not JSON (%v): %s", script, err, out[len(out)-1])
	}
	if s["script"] != strings.TrimSuffix(script, ".mjs") || s["ok"] != true {
		t.Errorf("%s summary = %v, want ok", script, s)
	}
	return s
}

// auditResult is one line that audit.mjs prints per audit.
type auditResult struct {
	ID     string `json:"id"`
	Level  string `json:"level"`
	Name   string `json:"name"`
	Status string `json:"status"`
	Reason string `json:"reason"`
}

// minAudits is fewer audits than graphql-http 1.23.1 runs, so that a run
// that stopped early cannot pass.
const minAudits = 60

func TestGraphQLHTTPAudits(t *testing.T) {
	t.Parallel()
	out := runScript(t, "audit.mjs")
	summary(t, "audit.mjs", out)

	var results []auditResult
	for _, line := range out[:max(len(out)-1, 0)] {
		var r auditResult
		if err := json.Unmarshal([]byte(line), &r); err != nil || r.ID == "" {
			t.Errorf("audit line is not a result: %s", line)
			continue
		}
		results = append(results, r)
	}
	if len(results) < minAudits {
		t.Errorf("audits = %d, want at least %d", len(results), minAudits)
	}

	passed := map[string]int{}
	for _, r := range results {
		if r.Status == "ok" {
			passed[r.Level]++
			continue
		}
		switch r.Level {
		case "MUST":
			t.Errorf("MUST audit %s failed: %s: %s", r.ID, r.Name, r.Reason)
		default:
			t.Logf("%s audit %s failed: %s: %s", r.Level, r.ID, r.Name, r.Reason)
		}
	}
	t.Logf("audits passed: MUST %d, SHOULD %d, MAY %d of %d", passed["MUST"], passed["SHOULD"], passed["MAY"], len(results))
}

func TestApolloClient(t *testing.T) {
	t.Parallel()
	out := runScript(t, "apollo.mjs")
	s := summary(t, "apollo.mjs", out)
	if key, _ := s["normalised"].(string); !strings.HasPrefix(key, "Engagement:") {
		t.Errorf("normalised cache key = %q, want Engagement:<id>", key)
	}
}

func TestURQLClient(t *testing.T) {
	t.Parallel()
	out := runScript(t, "urql.mjs")
	s := summary(t, "urql.mjs", out)
	if id, _ := s["engagementId"].(string); id == "" {
		t.Errorf("summary has no engagementId: %v", s)
	}
}
