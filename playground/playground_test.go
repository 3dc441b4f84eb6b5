package playground

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// serve sends one request to a fresh Handler and returns the recorded response.
func serve(t testing.TB, method, target string, header http.Header) *httptest.ResponseRecorder {
	t.Helper()

	r := httptest.NewRequest(method, target, nil)
	for name, values := range header {
		r.Header[name] = values
	}

	w := httptest.NewRecorder()
	Handler().ServeHTTP(w, r)

	return w
}

// assertSecurityHeaders checks the headers that every response must carry.
func assertSecurityHeaders(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()

	h := w.Result().Header
	if got := h.Get("Content-Security-Policy"); got != contentSecurityPolicy {
		t.Errorf("Content-Security-Policy = %q, want %q", got, contentSecurityPolicy)
	}
	if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
	}
	if got := h.Get("Referrer-Policy"); got != "no-referrer" {
		t.Errorf("Referrer-Policy = %q, want no-referrer", got)
	}
}

// readIndex returns the embedded index.html.
func readIndex(t *testing.T) string {
	t.Helper()

	index, err := fs.ReadFile(dist, "dist/index.html")
	if err != nil {
		t.Fatalf("read embedded index.html: %v", err)
	}

	return string(index)
}

// assetNames lists the embedded files under dist/assets.
func assetNames(t *testing.T) []string {
	t.Helper()

	entries, err := fs.ReadDir(dist, "dist/assets")
	if err != nil {
		t.Fatalf("read embedded dist/assets: %v", err)
	}

	names := make([]string, 0, len(entries))
	for _, entry := range entries {
		names = append(names, entry.Name())
	}
	if len(names) == 0 {
		t.Fatal("dist/assets is empty; run playground/build.sh")
	}

	return names
}

func TestIndexServed(t *testing.T) {
	t.Parallel()

	want := readIndex(t)
	for _, target := range []string{"/", "/index.html"} {
		t.Run(target, func(t *testing.T) {
			t.Parallel()

			w := serve(t, http.MethodGet, target, nil)
			if w.Code != http.StatusOK {
				t.Fatalf("GET %s: status %d, want 200", target, w.Code)
			}

			assertSecurityHeaders(t, w)
			if got := w.Header().Get("Content-Type"); got != "text/html; charset=utf-8" {
				t.Errorf("Content-Type = %q, want text/html; charset=utf-8", got)
			}
			if got := w.Header().Get("Cache-Control"); got != "no-cache" {
				t.Errorf("Cache-Control = %q, want no-cache", got)
			}
			if w.Body.String() != want {
				t.Errorf("body differs from dist/index.html:\n%s", w.Body.String())
			}
		})
	}
}

func TestCSPDirectives(t *testing.T) {
	t.Parallel()

	directives := map[string]string{}
	for directive := range strings.SplitSeq(contentSecurityPolicy, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(directive), " ")
		if _, dup := directives[name]; dup {
			t.Errorf("directive %s appears twice", name)
		}
		directives[name] = value
	}

	// style-src is the one loosened directive: Monaco writes <style> elements
	// and style attributes at run time.
	want := map[string]string{
		"default-src":     "'none'",
		"script-src":      "'self'",
		"style-src":       "'self' 'unsafe-inline'",
		"connect-src":     "'self'",
		"img-src":         "'self' data:",
		"font-src":        "'self' data:",
		"worker-src":      "'self'",
		"base-uri":        "'none'",
		"form-action":     "'none'",
		"frame-ancestors": "'none'",
	}
	for name, value := range want {
		if got, ok := directives[name]; !ok {
			t.Errorf("directive %s is missing", name)
		} else if got != value {
			t.Errorf("%s = %q, want %q", name, got, value)
		}
	}
	for name := range directives {
		if _, ok := want[name]; !ok {
			t.Errorf("unexpected directive %s", name)
		}
	}
}

func TestIndexNoInlineCode(t *testing.T) {
	t.Parallel()

	index := readIndex(t)

	// Every <script> must load a file and contain nothing itself.
	scripts := regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`).FindAllStringSubmatch(index, -1)
	if len(scripts) == 0 {
		t.Fatal("index.html has no <script> element")
	}
	for _, script := range scripts {
		if !strings.Contains(script[1], `src="`) {
			t.Errorf("<script%s> has no src", script[1])
		}
		if strings.TrimSpace(script[2]) != "" {
			t.Errorf("<script> has inline code %q", script[2])
		}
	}

	forbidden := map[string]*regexp.Regexp{
		"<style> element":       regexp.MustCompile(`(?i)<style\b`),
		"style attribute":       regexp.MustCompile(`(?i)\sstyle\s*=`),
		"event handler":         regexp.MustCompile(`(?i)\son[a-z]+\s*=`),
		"javascript: URL":       regexp.MustCompile(`(?i)javascript:`),
		"<base> element":        regexp.MustCompile(`(?i)<base\b`),
		"inline import map":     regexp.MustCompile(`(?i)type\s*=\s*"importmap"`),
		"external http:// URL":  regexp.MustCompile(`(?i)http://`),
		"external https:// URL": regexp.MustCompile(`(?i)https://`),
		"protocol-relative URL": regexp.MustCompile(`(?i)(src|href)\s*=\s*"//`),
	}
	for kind, pattern := range forbidden {
		if loc := pattern.FindStringIndex(index); loc != nil {
			t.Errorf("index.html has a %s at byte %d: %q", kind, loc[0], index[loc[0]:min(loc[1]+40, len(index))])
		}
	}
}

func TestIndexReferencesServed(t *testing.T) {
	t.Parallel()

	index := readIndex(t)
	refs := regexp.MustCompile(`\s(src|href|data-[a-z-]+)="([^"]*)"`).FindAllStringSubmatch(index, -1)

	wantTypes := map[string]string{
		`src`:                 contentTypes[".js"],
		`href`:                contentTypes[".css"],
		`data-editor-worker`:  contentTypes[".js"],
		`data-json-worker`:    contentTypes[".js"],
		`data-graphql-worker`: contentTypes[".js"],
	}
	seen := map[string]bool{}
	for _, ref := range refs {
		attribute, url := ref[1], ref[2]
		if url == "data:," {
			continue // the empty favicon, which keeps browsers from requesting /favicon.ico
		}

		seen[attribute] = true
		if !strings.HasPrefix(url, AssetPrefix) {
			t.Errorf("%s=%q is outside %s", attribute, url, AssetPrefix)
			continue
		}

		w := serve(t, http.MethodGet, url, nil)
		if w.Code != http.StatusOK {
			t.Errorf("%s=%q: GET status %d, want 200", attribute, url, w.Code)
			continue
		}
		if want, ok := wantTypes[attribute]; ok && w.Header().Get("Content-Type") != want {
			t.Errorf("%s=%q: Content-Type %q, want %q", attribute, url, w.Header().Get("Content-Type"), want)
		}
	}

	for attribute := range wantTypes {
		if !seen[attribute] {
			t.Errorf("index.html has no %s reference", attribute)
		}
	}
}

func TestAssetsNoExternalLoads(t *testing.T) {
	t.Parallel()

	for _, name := range assetNames(t) {
		ext := path.Ext(name)
		if ext != ".js" && ext != ".css" {
			continue
		}

		content, err := fs.ReadFile(dist, "dist/assets/"+name)
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}

		for _, load := range externalLoads(content) {
			t.Errorf("%s loads from another origin: %s", name, load)
		}
	}
}

func TestExternalLoadsDetects(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name string
		code string
		want bool
	}{
		{"dynamic import", `await import("https://esm.sh/monaco-editor")`, true},
		{"static import", `import x from"https://cdn.example/x.js"`, true},
		{"bare import", `import 'http://cdn.example/x.js'`, true},
		{"protocol-relative import", `import("//cdn.example/x.js")`, true},
		{"worker", `new Worker("https://cdn.example/w.js")`, true},
		{"import scripts", `importScripts('http://cdn.example/w.js')`, true},
		{"css url", `src:url(https://fonts.example/f.woff2)`, true},
		{"css url quoted", `background:url( "//img.example/a.png")`, true},
		{"css import", `@import "x.css";`, true},
		{"cdn host", `const base="https://unpkg.com/"`, true},
		{"svg namespace", `createElementNS("http://www.w3.org/2000/svg","svg")`, false},
		{"documentation link", `{href:"https://code.visualstudio.com/docs"}`, false},
		{"licence comment", `/*! https://github.com/microsoft/vscode/blob/main/LICENSE.txt */`, false},
		{"relative import", `import("./chunk-ABCDEFGH.js")`, false},
		{"data url", `url(data:font/woff2;base64,AAAA)`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			if got := externalLoads([]byte(tt.code)); (len(got) > 0) != tt.want {
				t.Errorf("externalLoads(%q) = %q, want a finding: %v", tt.code, got, tt.want)
			}
		})
	}
}

// externalLoads returns the places where a script or style sheet pulls code
// or styles from another origin: an import, worker, importScripts or CSS url()
// of an absolute or protocol-relative URL, a CSS @import, or a CDN host name.
// Other URL strings (XML namespaces, licence and documentation links) load
// nothing and pass. It searches with bytes.Index because regular expressions
// over the 6 MB of bundles made the test take over 30 s under -race on a
// 2-core machine.
func externalLoads(content []byte) []string {
	lower := bytes.ToLower(content)
	var found []string

	for _, marker := range []string{"@import", "esm.sh/", "unpkg.com", "jsdelivr.net", "cdnjs.", "fonts.googleapis"} {
		if i := bytes.Index(lower, []byte(marker)); i >= 0 {
			found = append(found, excerpt(content, i))
		}
	}

	// Each "//" that starts a URL (after an optional scheme) right after a
	// quote or an opening parenthesis is checked for the call or keyword in
	// front of it.
	loaders := []string{"import(", "import", "from", "worker(", "importscripts(", "url("}
	for offset := 0; ; {
		i := bytes.Index(lower[offset:], []byte("//"))
		if i < 0 {
			break
		}
		i += offset
		offset = i + 2

		start := i
		for _, scheme := range []string{"https:", "http:"} {
			if bytes.HasSuffix(lower[:start], []byte(scheme)) {
				start -= len(scheme)
				break
			}
		}

		before := bytes.TrimRight(lower[max(0, start-40):start], " \t\n")
		if len(before) > 0 && (before[len(before)-1] == '"' || before[len(before)-1] == '\'') {
			before = bytes.TrimRight(before[:len(before)-1], " \t\n")
		}
		for _, loader := range loaders {
			if bytes.HasSuffix(before, []byte(loader)) {
				found = append(found, excerpt(content, start))
				break
			}
		}
	}

	return found
}

func excerpt(content []byte, at int) string {
	return fmt.Sprintf("byte %d: %q", at, content[max(0, at-30):min(len(content), at+60)])
}

func TestBundleHasDefaults(t *testing.T) {
	t.Parallel()

	// A first-time visitor gets the default document and headers. Finding them
	// guards against committing a dist/ built from other sources.
	wants := []string{
		`mutation CreateEngagement`,
		`query ReadEngagement`,
		`transcriptTimeline`,
		`Bearer PASTE_TOKEN_HERE`,
		`/graphql`,
	}

	var all bytes.Buffer
	for _, name := range assetNames(t) {
		if path.Ext(name) == ".js" {
			content, err := fs.ReadFile(dist, "dist/assets/"+name)
			if err != nil {
				t.Fatalf("read %s: %v", name, err)
			}
			all.Write(content)
		}
	}

	for _, want := range wants {
		if !bytes.Contains(all.Bytes(), []byte(want)) {
			t.Errorf("no script contains %q", want)
		}
	}
}

func TestAssetsServed(t *testing.T) {
	t.Parallel()

	// build.mjs names every asset name-HASH.ext, which is what makes a year of
	// caching safe.
	hashed := regexp.MustCompile(`^[a-z.]+-[A-Z0-9]{8}\.[a-z0-9]+$`)
	for _, name := range assetNames(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()

			if !hashed.MatchString(name) {
				t.Errorf("asset name %q has no content hash", name)
			}

			wantType, ok := contentTypes[path.Ext(name)]
			if !ok {
				t.Fatalf("no Content-Type for extension %q; add it to contentTypes", path.Ext(name))
			}

			w := serve(t, http.MethodGet, AssetPrefix+name, nil)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d, want 200", w.Code)
			}

			assertSecurityHeaders(t, w)
			if got := w.Header().Get("Content-Type"); got != wantType {
				t.Errorf("Content-Type = %q, want %q", got, wantType)
			}
			if got := w.Header().Get("Cache-Control"); got != immutable {
				t.Errorf("Cache-Control = %q, want %q", got, immutable)
			}

			content, err := fs.ReadFile(dist, "dist/assets/"+name)
			if err != nil {
				t.Fatalf("read %s: %v", name, err)
			}
			if !bytes.Equal(w.Body.Bytes(), content) {
				t.Errorf("body differs from dist/assets/%s", name)
			}
		})
	}
}

func TestContentTypesKnownKinds(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name string
		want string
	}{
		{"main-ABCDEFGH.js", "text/javascript; charset=utf-8"},
		{"main-ABCDEFGH.css", "text/css; charset=utf-8"},
		{"index.html", "text/html; charset=utf-8"},
		{"codicon-ABCDEFGH.ttf", "font/ttf"},
		{"font-ABCDEFGH.woff2", "font/woff2"},
		{"icon-ABCDEFGH.svg", "image/svg+xml"},
		{"blob-ABCDEFGH.bin", "application/octet-stream"},
		{"no-extension", "application/octet-stream"},
	}
	for _, tt := range tests {
		if got := newFile(tt.name, nil, immutable).contentType; got != tt.want {
			t.Errorf("Content-Type of %s = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestUnknownPathNotFound(t *testing.T) {
	t.Parallel()

	js := ""
	for _, name := range assetNames(t) {
		if path.Ext(name) == ".js" {
			js = name
			break
		}
	}

	tests := []struct {
		name   string
		target string
	}{
		{"graphql endpoint", "/graphql"},
		{"favicon", "/favicon.ico"},
		{"index without l", "/index.htm"},
		{"index with slash", "/index.html/"},
		{"playground root", "/playground/"},
		{"asset prefix only", AssetPrefix},
		{"missing asset", AssetPrefix + "missing-ABCDEFGH.js"},
		{"asset below prefix", AssetPrefix + "sub/" + js},
		{"asset without prefix", "/" + js},
		{"dist path", "/dist/index.html"},
		{"dist assets path", "/dist/assets/" + js},
		{"dot segment", AssetPrefix + "../index.html"},
		{"encoded slash", AssetPrefix + "..%2findex.html"},
		{"double slash", "//index.html"},
		{"healthz", "/healthz"},
		{"media", "/media/x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			w := serve(t, http.MethodGet, tt.target, nil)
			if w.Code != http.StatusNotFound {
				t.Fatalf("GET %s: status %d, want 404", tt.target, w.Code)
			}

			assertSecurityHeaders(t, w)
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	t.Parallel()

	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodOptions} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()

			w := serve(t, method, "/", nil)
			if w.Code != http.StatusMethodNotAllowed {
				t.Fatalf("%s /: status %d, want 405", method, w.Code)
			}
			if got := w.Header().Get("Allow"); got != "GET, HEAD" {
				t.Errorf("Allow = %q, want GET, HEAD", got)
			}

			assertSecurityHeaders(t, w)
		})
	}
}

func TestHeadHasNoBody(t *testing.T) {
	t.Parallel()

	w := serve(t, http.MethodHead, "/", nil)
	if w.Code != http.StatusOK {
		t.Fatalf("HEAD /: status %d, want 200", w.Code)
	}
	if w.Body.Len() != 0 {
		t.Errorf("HEAD /: body has %d bytes, want none", w.Body.Len())
	}
	if got, want := w.Header().Get("Content-Length"), strconv.Itoa(len(readIndex(t))); got != want {
		t.Errorf("HEAD /: Content-Length = %q, want %s, the length of index.html", got, want)
	}

	assertSecurityHeaders(t, w)
}

func TestGzipWhenAccepted(t *testing.T) {
	t.Parallel()

	plain := serve(t, http.MethodGet, "/", nil)
	zipped := serve(t, http.MethodGet, "/", http.Header{"Accept-Encoding": {"br, gzip"}})

	if got := plain.Header().Get("Content-Encoding"); got != "" {
		t.Errorf("without Accept-Encoding: Content-Encoding = %q, want none", got)
	}
	if got := zipped.Header().Get("Content-Encoding"); got != "gzip" {
		t.Fatalf("with gzip accepted: Content-Encoding = %q, want gzip", got)
	}
	for _, w := range []*httptest.ResponseRecorder{plain, zipped} {
		if got := w.Header().Get("Vary"); got != "Accept-Encoding" {
			t.Errorf("Vary = %q, want Accept-Encoding", got)
		}
	}
	if plain.Header().Get("ETag") == zipped.Header().Get("ETag") {
		t.Errorf("both encodings have ETag %s; each needs its own", plain.Header().Get("ETag"))
	}

	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatalf("gzip reader: %v", err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gunzip body: %v", err)
	}
	if !bytes.Equal(unzipped, plain.Body.Bytes()) {
		t.Error("gunzipped body differs from the plain body")
	}
}

func TestGzipSkipsFonts(t *testing.T) {
	t.Parallel()

	if compressible("font/ttf") {
		t.Error("font/ttf counted as compressible")
	}
	if compressible("application/octet-stream") {
		t.Error("application/octet-stream counted as compressible")
	}
	for _, ext := range []string{".html", ".js", ".css"} {
		if !compressible(contentTypes[ext]) {
			t.Errorf("%s not counted as compressible", ext)
		}
	}
}

func TestConditionalGetNotModified(t *testing.T) {
	t.Parallel()

	for _, encoding := range []string{"", "gzip"} {
		t.Run("encoding "+encoding, func(t *testing.T) {
			t.Parallel()

			header := http.Header{}
			if encoding != "" {
				header.Set("Accept-Encoding", encoding)
			}

			first := serve(t, http.MethodGet, "/", header)
			etag := first.Header().Get("ETag")
			if etag == "" {
				t.Fatal("no ETag on index.html")
			}

			header.Set("If-None-Match", etag)
			second := serve(t, http.MethodGet, "/", header)
			if second.Code != http.StatusNotModified {
				t.Errorf("If-None-Match %s: status %d, want 304", etag, second.Code)
			}

			assertSecurityHeaders(t, second)
		})
	}
}

func BenchmarkServe(b *testing.B) {
	h := Handler()
	for _, encoding := range []string{"", "gzip"} {
		b.Run("index encoding "+encoding, func(b *testing.B) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			if encoding != "" {
				r.Header.Set("Accept-Encoding", encoding)
			}

			for b.Loop() {
				h.ServeHTTP(httptest.NewRecorder(), r)
			}
		})
	}
}
