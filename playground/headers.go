package playground

import "net/http"

// contentSecurityPolicy lets the page load scripts, style sheets, workers and
// GraphQL responses from its own origin only.
//
// style-src needs 'unsafe-inline' because Monaco 0.52, GraphiQL's editor,
// writes its theme colours into <style> elements at run time and renders every
// editor line with style attributes. It offers no nonce for either. Without
// 'unsafe-inline', Chromium blocks hundreds of them on page load and the
// editors lose their highlighting and layout. Inline scripts stay forbidden,
// so the loosening allows injected CSS but no injected code.
//
// img-src and font-src allow data: because GraphiQL's style sheet inlines its
// fonts and icons as data: URLs. worker-src 'self' covers Monaco's language
// workers, which are separate files under AssetPrefix.
const contentSecurityPolicy = "default-src 'none'; " +
	"script-src 'self'; " +
	"style-src 'self' 'unsafe-inline'; " +
	"connect-src 'self'; " +
	"img-src 'self' data:; " +
	"font-src 'self' data:; " +
	"worker-src 'self'; " +
	"base-uri 'none'; " +
	"form-action 'none'; " +
	"frame-ancestors 'none'"

// setSecurityHeaders sets the headers that every playground response carries.
// nosniff keeps browsers from running an asset as a type other than the
// Content-Type it was served with.
func setSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
}
