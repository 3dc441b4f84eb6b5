package playground

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"sync"
	"time"
)

// dist is the output of build.sh. It is committed, so building the binary
// needs no Node.js.
//
//go:embed dist
var dist embed.FS

// immutable is the Cache-Control of assets. build.mjs puts a content hash in
// every asset name, so a changed file always gets a new URL.
const immutable = "public, max-age=31536000, immutable"

// contentTypes maps the extensions that build.mjs writes to their media types.
// Types are listed here rather than taken from the mime package, whose result
// depends on the host's mime.types file.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".json":  "application/json",
	".txt":   "text/plain; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".ttf":   "font/ttf",
	".woff":  "font/woff",
	".woff2": "font/woff2",
}

// fileSet contains the page and its assets, keyed by file name.
type fileSet struct {
	index  *file
	assets map[string]*file
}

// file is one embedded file with the response headers it is served with.
type file struct {
	name         string
	content      []byte
	contentType  string
	cacheControl string
	etag         string

	// gzipped is computed on the first request that accepts gzip, so a file
	// that is never requested costs no start-up time or memory.
	gzipped func() []byte
}

// embeddedFiles reads dist once per process. The embedded tree cannot change
// at run time, so every Handler shares the result.
var embeddedFiles = sync.OnceValue(func() *fileSet {
	files, err := loadFiles(dist)
	if err != nil {
		// Only a dist/ written by something other than build.mjs gets here,
		// and the package tests catch it before a binary ships.
		panic(fmt.Sprintf("playground: %v", err))
	}

	return files
})

// loadFiles reads index.html and assets/* from a tree laid out as build.mjs
// writes dist/.
func loadFiles(fsys fs.FS) (*fileSet, error) {
	index, err := fs.ReadFile(fsys, "dist/index.html")
	if err != nil {
		return nil, fmt.Errorf("read dist/index.html: %w; run playground/build.sh", err)
	}

	entries, err := fs.ReadDir(fsys, "dist/assets")
	if err != nil {
		return nil, fmt.Errorf("read dist/assets: %w; run playground/build.sh", err)
	}

	set := &fileSet{
		index:  newFile("index.html", index, "no-cache"),
		assets: make(map[string]*file, len(entries)),
	}
	for _, entry := range entries {
		if entry.IsDir() {
			return nil, fmt.Errorf("load dist/assets/%s: unexpected directory; build.mjs writes assets flat", entry.Name())
		}

		content, err := fs.ReadFile(fsys, path.Join("dist/assets", entry.Name()))
		if err != nil {
			return nil, fmt.Errorf("read dist/assets/%s: %w", entry.Name(), err)
		}

		set.assets[entry.Name()] = newFile(entry.Name(), content, immutable)
	}

	return set, nil
}

func newFile(name string, content []byte, cacheControl string) *file {
	sum := sha256.Sum256(content)
	contentType, ok := contentTypes[path.Ext(name)]
	if !ok {
		contentType = "application/octet-stream"
	}

	return &file{
		name:         name,
		content:      content,
		contentType:  contentType,
		cacheControl: cacheControl,
		etag:         hex.EncodeToString(sum[:12]),
		gzipped:      sync.OnceValue(func() []byte { return gzipBytes(content) }),
	}
}

// serve writes the file, gzip-compressed when the client accepts it and the
// type compresses well. http.ServeContent handles HEAD, Range and
// If-None-Match.
func (f *file) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", f.cacheControl)

	content, etag := f.content, f.etag
	if compressible(f.contentType) {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Values("Accept-Encoding")) {
			// Each encoding is its own representation and needs its own ETag.
			content, etag = f.gzipped(), f.etag+"-gzip"
			h.Set("Content-Encoding", "gzip")
		}
	}

	h.Set("ETag", `"`+etag+`"`)
	http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(content))
}

// compressible reports whether gzip pays off for a media type: text does,
// while fonts and images are compressed already.
func compressible(contentType string) bool {
	switch contentType {
	case contentTypes[".html"], contentTypes[".js"], contentTypes[".css"],
		contentTypes[".json"], contentTypes[".txt"], contentTypes[".svg"]:
		return true
	default:
		return false
	}
}

// gzipBytes compresses at the best level, because each file is compressed at
// most once per process.
func gzipBytes(content []byte) []byte {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		panic(fmt.Sprintf("playground: gzip level: %v", err)) // BestCompression is a valid level.
	}

	// Writes to a bytes.Buffer cannot fail.
	_, _ = zw.Write(content)
	_ = zw.Close()

	return buf.Bytes()
}
