// Package e2e runs real clients against the whole API started in-process by
// internal/testserver: the Node.js GraphQL clients in clients/, and the
// GraphiQL playground driven in headless Chromium by playground/e2e.
package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"engagements/auth"
	"engagements/internal/testenv"
	"engagements/internal/testserver"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

// clientsDir holds the scripts, package.json and package-lock.json.
const clientsDir = "clients"

// scriptTimeout bounds a hung node process; a healthy run takes seconds.
const scriptTimeout = 2 * time.Minute

// runScript runs a client script against a fresh server and token with
// every scope but private reads. It fails the test when the script exits
// non-zero, and returns its stdout lines.
func runScript(t *testing.T, script string) []string {
	t.Helper()
	node := clientPackages.require(t)
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
