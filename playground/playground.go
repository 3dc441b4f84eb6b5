// Package playground serves a GraphiQL page for the GraphQL API at /graphql on
// the same origin. The page and its assets are built from npm packages by
// build.sh into dist/ and embedded in the binary, so the page works offline and
// loads nothing from other origins.
package playground

import (
	"net/http"
	"strings"
)

// AssetPrefix is the URL path under which the playground's scripts, style
// sheets and web workers are served. It cannot clash with /graphql, /media/,
// /healthz, /readyz or /metrics. web/build.mjs writes the same prefix into
// index.html and must change with it.
const AssetPrefix = "/playground/assets/"

// Handler returns the playground's handler. It serves index.html at exactly "/"
// and "/index.html", and the embedded assets under AssetPrefix. Every other
// path gets 404, so the handler can be mounted as the server's fallback at "/".
// Only GET and HEAD are allowed, and other methods get 405. Every response,
// errors included, carries the Content-Security-Policy, X-Content-Type-Options
// and Referrer-Policy headers.
func Handler() http.Handler {
	return &handler{files: embeddedFiles()}
}

type handler struct {
	files *fileSet
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setSecurityHeaders(w.Header())

	file := h.route(r.URL.Path)
	if file == nil {
		http.NotFound(w, r)
		return
	}

	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed: the playground accepts GET and HEAD", http.StatusMethodNotAllowed)
		return
	}

	file.serve(w, r)
}

// route returns the file for a request path, or nil when there is none.
func (h *handler) route(urlPath string) *file {
	if urlPath == "/" || urlPath == "/index.html" {
		return h.files.index
	}

	name, ok := strings.CutPrefix(urlPath, AssetPrefix)
	if !ok {
		return nil
	}

	// Assets sit directly in dist/assets, so a name with a slash names nothing.
	return h.files.assets[name]
}
