package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"engagements/auth"
	"engagements/internal/testserver"
)

// chromiumPath is where Debian's chromium package installs the browser,
// which .ci/install-browser installs.
const chromiumPath = "/usr/bin/chromium"

// playgroundScript drives the page. Its path is relative to this package.
const playgroundScript = "../playground/e2e/playground.e2e.mjs"

// playgroundTimeout bounds the whole browser run. The script also bounds
// each of its waits, by 60 s unless E2E_TIMEOUT_MS sets another limit.
const playgroundTimeout = 4 * time.Minute

// The bounds of a plausible screenshot of the page. A blank or failed page
// compresses to a few KiB, and the script's viewport is 1400x900.
const (
	minScreenshotBytes  = 20 << 10
	maxScreenshotBytes  = 20 << 20
	minScreenshotWidth  = 800
	minScreenshotHeight = 600
)

// artifactsDirEnv names the folder for test artifacts. When it is unset,
// they go to artifacts/ in this package.
const artifactsDirEnv = "TEST_ARTIFACTS_DIR"

func TestPlaygroundInChromium(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(chromiumPath); err != nil {
		unavailable(t, "Chromium", err, "install Debian's chromium package, or run .ci/install-browser")
	}
	node := playgroundPackages.require(t)

	screenshot, err := artifactPath(os.Getenv, "playground.png")
	if err != nil {
		t.Fatal(err)
	}
	// A screenshot left by an earlier run must not pass for this one.
	if err := os.Remove(screenshot); err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("remove old screenshot: %v", err)
	}

	srv := testserver.StartWith(t, testserver.Options{Playground: true})
	creds := srv.Credentials(t, auth.ScopeRead)

	out := runPlayground(t, node, []string{
		"PLAYGROUND_URL=" + srv.URL + "/",
		"PLAYGROUND_TOKEN=" + creds.Token,
		"SCREENSHOT_PATH=" + screenshot,
		"CHROMIUM_PATH=" + chromiumPath,
	})
	t.Logf("screenshot: %s", screenshot)

	result, err := parsePlaygroundResult(out)
	if err != nil {
		t.Errorf("playground result: %v", err)
	}
	if got := result.Data.Viewer.Workspace.Slug; got != creds.WorkspaceSlug {
		t.Errorf("result workspace slug = %q, want the token's %q", got, creds.WorkspaceSlug)
	}
	if got, want := result.Data.Viewer.Scopes, []string{string(auth.ScopeRead)}; !slices.Equal(got, want) {
		t.Errorf("result scopes = %v, want %v", got, want)
	}

	// NOTE: the script waits 500 ms after the result before the
	// screenshot, because without it the query editor was sometimes caught
	// half redrawn. The checks above read the editor's text and the result,
	// so only the picture could be affected.
	size, err := checkScreenshot(screenshot)
	if err != nil {
		t.Errorf("screenshot: %v", err)
	} else {
		t.Logf("screenshot is a %dx%d PNG", size.Width, size.Height)
	}
}

// runPlayground runs the playground script with env added to the test's
// environment and returns its stdout. It fails the test when the script
// exits non-zero or outlives playgroundTimeout.
func runPlayground(t *testing.T, node string, env []string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), playgroundTimeout)
	defer cancel()

	cmd := exec.CommandContext(ctx, node, playgroundScript)
	cmd.Env = append(os.Environ(), env...)
	cmd.Env = append(cmd.Env, "NO_PROXY=127.0.0.1,localhost")
	// Chromium inherits the pipes, so do not wait for it long after node
	// has been killed.
	cmd.WaitDelay = 10 * time.Second
	var stderr strings.Builder
	cmd.Stderr = &stderr

	out, err := cmd.Output()
	t.Logf("node %s stdout:\n%s", playgroundScript, out)
	if stderr.Len() > 0 {
		t.Logf("node %s stderr:\n%s", playgroundScript, stderr.String())
	}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("node %s timed out after %v: %v", playgroundScript, playgroundTimeout, err)
	case errors.As(err, &exit):
		t.Fatalf("node %s exited with code %d", playgroundScript, exit.ExitCode())
	case err != nil:
		t.Fatalf("run node %s: %v", playgroundScript, err)
	}
	return out
}

// artifactPath returns the absolute path for a test artifact named name,
// in the folder that TEST_ARTIFACTS_DIR names or else in artifacts/, and
// creates that folder.
func artifactPath(getenv func(string) string, name string) (string, error) {
	dir := getenv(artifactsDirEnv)
	if dir == "" {
		dir = "artifacts"
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("artifacts folder %q: %w", dir, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create artifacts folder %s: %w; set %s to a writable folder", dir, err, artifactsDirEnv)
	}
	return filepath.Join(dir, name), nil
}

// playgroundResult is the GraphQL response that the script prints.
type playgroundResult struct {
	Data struct {
		Viewer struct {
			Workspace struct {
				Slug string `json:"slug"`
			} `json:"workspace"`
			Scopes []string `json:"scopes"`
		} `json:"viewer"`
	} `json:"data"`
	Errors []json.RawMessage `json:"errors"`
}

// parsePlaygroundResult decodes the last non-empty line of the script's
// stdout. It returns an error when there is none, when the line is not
// JSON, or when the response has GraphQL errors.
func parsePlaygroundResult(out []byte) (playgroundResult, error) {
	var result playgroundResult
	printed := lines(out)
	if len(printed) == 0 {
		return result, errors.New("the script printed nothing; want the GraphQL response as one JSON line")
	}

	last := printed[len(printed)-1]
	if err := json.Unmarshal([]byte(last), &result); err != nil {
		return result, fmt.Errorf("last line is not JSON (%w): %s", err, last)
	}
	if len(result.Errors) > 0 {
		return result, fmt.Errorf("response has GraphQL errors: %s", last)
	}
	return result, nil
}

// checkScreenshot returns the size of the PNG at path. It returns an error
// when the file is missing, is not a PNG, or has a byte size or dimensions
// outside the bounds of a page that rendered.
func checkScreenshot(path string) (image.Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return image.Config{}, fmt.Errorf("read screenshot: %w", err)
	}
	if len(data) < minScreenshotBytes || len(data) > maxScreenshotBytes {
		return image.Config{}, fmt.Errorf("%s has %d bytes, want %d to %d; a blank page is smaller",
			path, len(data), minScreenshotBytes, maxScreenshotBytes)
	}

	size, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return image.Config{}, fmt.Errorf("%s is not a PNG: %w", path, err)
	}
	if size.Width < minScreenshotWidth || size.Height < minScreenshotHeight {
		return size, fmt.Errorf("%s is %dx%d pixels, want at least %dx%d",
			path, size.Width, size.Height, minScreenshotWidth, minScreenshotHeight)
	}
	return size, nil
}
