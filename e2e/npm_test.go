package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"
)

// npmTimeout bounds a hung `npm ci`. A healthy one takes under a minute.
const npmTimeout = 5 * time.Minute

// networkFailure matches the npm errors of an unreachable registry.
var networkFailure = regexp.MustCompile(`ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network request|socket hang up`)

// npmPackages is a folder with package.json and package-lock.json whose
// packages the tests install at most once per test binary.
type npmPackages struct {
	dir string

	once   sync.Once
	err    error
	output string
	// offline is set when npm could not reach its registry.
	offline bool
}

var (
	clientPackages     = &npmPackages{dir: clientsDir}
	playgroundPackages = &npmPackages{dir: filepath.Join("..", "playground", "web")}
)

// unavailable skips the test because a tool is missing, or fails it under
// CI=true, where every tool must be present. fix is the step that
// installs the tool.
func unavailable(t *testing.T, tool string, err error, fix string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is unavailable under CI=true: %v; %s", tool, err, fix)
	}
	t.Skipf("SKIPPED: %s is unavailable (%v); %s", tool, err, fix)
}

// nodeFix is what a developer does to get node, npm and the packages.
const nodeFix = "install Node.js 20 or later with npm, and reach the npm registry, or run .ci/install-browser"

// require returns the path of node once the folder's npm packages are
// installed. It runs `npm ci` when node_modules is missing or older than
// package-lock.json, and fails the test when npm ci fails for a reason
// other than an unreachable registry.
func (p *npmPackages) require(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		unavailable(t, "node", err, nodeFix)
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		unavailable(t, "npm", err, nodeFix)
	}

	p.once.Do(func() { p.install(npm) })
	switch {
	case p.err != nil && p.offline:
		t.Logf("npm ci output in %s:\n%s", p.dir, p.output)
		unavailable(t, "the npm registry", p.err, nodeFix)
	case p.err != nil:
		t.Fatalf("npm ci in %s failed: %v\n%s", p.dir, p.err, p.output)
	}
	return node
}

func (p *npmPackages) install(npm string) {
	if p.installed() {
		return
	}

	ctx, cancel := context.WithTimeout(context.Background(), npmTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
	cmd.Dir = p.dir
	out, err := cmd.CombinedOutput()
	p.output = string(out)
	if err != nil {
		p.err = err
		p.offline = networkFailure.Match(out)
	}
}

// installed reports whether npm ci ran after the lock file last changed.
// npm ci writes node_modules/.package-lock.json.
func (p *npmPackages) installed() bool {
	marker, err := os.Stat(filepath.Join(p.dir, "node_modules", ".package-lock.json"))
	if err != nil {
		return false
	}
	lock, err := os.Stat(filepath.Join(p.dir, "package-lock.json"))
	return err == nil && !marker.ModTime().Before(lock.ModTime())
}
