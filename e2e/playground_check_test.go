package e2e

import (
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writePNG writes a w×h PNG of random pixels, which compresses poorly, so
// its byte size grows with its area.
func writePNG(t *testing.T, path string, w, h int) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(1, 2))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(rng.Uint32()), uint8(rng.Uint32()), uint8(rng.Uint32()), 255})
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func TestCheckScreenshot(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	page := filepath.Join(dir, "page.png")
	writePNG(t, page, 900, 640)
	narrow := filepath.Join(dir, "narrow.png")
	writePNG(t, narrow, 400, 640)
	tiny := filepath.Join(dir, "tiny.png")
	writePNG(t, tiny, 20, 20)
	notPNG := filepath.Join(dir, "page.jpg")
	if err := os.WriteFile(notPNG, make([]byte, minScreenshotBytes*2), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		path    string
		wantErr string
	}{
		{"page", page, ""},
		{"missing", filepath.Join(dir, "none.png"), "read screenshot"},
		{"too few bytes", tiny, "bytes"},
		{"not a PNG", notPNG, "not a PNG"},
		{"too narrow", narrow, "400x640"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			size, err := checkScreenshot(tt.path)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("checkScreenshot: %v", err)
				}
				if size.Width != 900 || size.Height != 640 {
					t.Errorf("size = %dx%d, want 900x640", size.Width, size.Height)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestParsePlaygroundResult(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		out       string
		wantSlug  string
		wantError string
	}{
		{"last line", "loading\n" + `{"data":{"viewer":{"workspace":{"slug":"acme"},"scopes":["engagements:read"]}}}` + "\n\n", "acme", ""},
		{"empty", "\n \n", "", "printed nothing"},
		{"not JSON", "FAIL: timed out\n", "", "not JSON"},
		{"graphql errors", `{"errors":[{"message":"unauthenticated"}],"data":null}`, "", "GraphQL errors"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			result, err := parsePlaygroundResult([]byte(tt.out))
			if tt.wantError == "" {
				if err != nil {
					t.Fatalf("parsePlaygroundResult: %v", err)
				}
				if got := result.Data.Viewer.Workspace.Slug; got != tt.wantSlug {
					t.Errorf("slug = %q, want %q", got, tt.wantSlug)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantError) {
				t.Errorf("error = %v, want one containing %q", err, tt.wantError)
			}
		})
	}
}

func TestArtifactPath(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "nested", "artifacts")
	getenv := func(name string) string {
		if name == artifactsDirEnv {
			return dir
		}
		return ""
	}

	path, err := artifactPath(getenv, "shot.png")
	if err != nil {
		t.Fatalf("artifactPath: %v", err)
	}
	if want := filepath.Join(dir, "shot.png"); path != want {
		t.Errorf("path = %q, want %q", path, want)
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		t.Errorf("folder %s was not created: %v", dir, err)
	}
}

func TestArtifactPathDefault(t *testing.T) {
	t.Parallel()
	path, err := artifactPath(func(string) string { return "" }, "shot.png")
	if err != nil {
		t.Fatalf("artifactPath: %v", err)
	}
	want, _ := filepath.Abs(filepath.Join("artifacts", "shot.png"))
	if path != want {
		t.Errorf("path = %q, want %q", path, want)
	}
}
