package playground

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadFilesRejectsBadTree(t *testing.T) {
	t.Parallel()

	index := &fstest.MapFile{Data: []byte("<!doctype html>")}
	asset := &fstest.MapFile{Data: []byte("x")}
	tests := []struct {
		name    string
		fsys    fstest.MapFS
		wantErr string
	}{
		{
			name:    "missing index",
			fsys:    fstest.MapFS{"dist/assets/main-ABCDEFGH.js": asset},
			wantErr: "run playground/build.sh",
		},
		{
			name:    "missing assets",
			fsys:    fstest.MapFS{"dist/index.html": index},
			wantErr: "read dist/assets",
		},
		{
			name: "nested directory",
			fsys: fstest.MapFS{
				"dist/index.html":           index,
				"dist/assets/sub/a-AAAA.js": asset,
			},
			wantErr: "unexpected directory",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			_, err := loadFiles(tt.fsys)
			if err == nil {
				t.Fatal("loadFiles returned no error")
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestLoadFilesSetsHeaders(t *testing.T) {
	t.Parallel()

	files, err := loadFiles(fstest.MapFS{
		"dist/index.html":              {Data: []byte("<!doctype html>")},
		"dist/assets/main-ABCDEFGH.js": {Data: []byte("console.log(1)")},
	})
	if err != nil {
		t.Fatalf("loadFiles: %v", err)
	}

	if got := files.index.cacheControl; got != "no-cache" {
		t.Errorf("index Cache-Control = %q, want no-cache", got)
	}

	asset := files.assets["main-ABCDEFGH.js"]
	if asset == nil {
		t.Fatal("asset main-ABCDEFGH.js not loaded")
	}
	if asset.cacheControl != immutable {
		t.Errorf("asset Cache-Control = %q, want %q", asset.cacheControl, immutable)
	}
	if asset.etag == files.index.etag {
		t.Errorf("different files share ETag %q", asset.etag)
	}
}
