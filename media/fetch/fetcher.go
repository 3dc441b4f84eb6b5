package fetch

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"
)

// UserAgent is the User-Agent header of every request a Fetcher sends.
const UserAgent = "engagements-media-fetcher/1"

// maxResponseHeaderBytes bounds the response headers that a server can make
// the Fetcher read.
const maxResponseHeaderBytes = 64 << 10

// Fetcher fetches partner media over https while refusing private and
// internal destinations. It is safe for concurrent use.
type Fetcher struct {
	client        *http.Client
	transport     *http.Transport
	dialer        *dialer
	maxRedirects  int
	headerTimeout time.Duration
}

// New returns a Fetcher with the limits of cfg, where zero fields take
// their defaults.
func New(cfg Config) *Fetcher {
	cfg = cfg.withDefaults()
	d := newDialer(cfg)
	tlsDial := newTLSDialer(cfg, d)

	f := &Fetcher{
		dialer:        d,
		maxRedirects:  cfg.MaxRedirects,
		headerTimeout: cfg.ResponseHeaderTimeout,
	}
	f.transport = &http.Transport{
		// Proxy settings from the environment would send requests to a
		// host that the dialer never checked.
		Proxy:          nil,
		DialTLSContext: tlsDial.DialTLSContext,
		// The Fetcher never sends plain http, but a checked dial here keeps
		// any future path through the transport behind the same checks.
		DialContext: d.dialChecked,
		// A non-nil empty map keeps HTTP/2 off, as newTLSDialer requires.
		TLSNextProto:           map[string]func(string, *tls.Conn) http.RoundTripper{},
		ResponseHeaderTimeout:  cfg.ResponseHeaderTimeout,
		MaxResponseHeaderBytes: maxResponseHeaderBytes,
		// Without compression the size limit of Download counts the bytes
		// on the wire, and no decompression bomb can pass it.
		DisableCompression:  true,
		MaxIdleConnsPerHost: 2,
		IdleConnTimeout:     30 * time.Second,
	}
	f.client = &http.Client{
		Transport:     f.transport,
		CheckRedirect: f.checkRedirect,
	}

	return f
}

// CloseIdleConnections closes the connections that the Fetcher keeps open
// for reuse.
func (f *Fetcher) CloseIdleConnections() {
	f.transport.CloseIdleConnections()
}

// get sends a GET request for rawURL and returns the response when its
// status is 2xx. The caller closes the body.
func (f *Fetcher) get(ctx context.Context, rawURL string) (*http.Response, error) {
	u, ferr := parseURL(rawURL)
	if ferr != nil {
		return nil, ferr
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, newError(KindUnsafeURL, ReasonInvalidURL, "media URL is not a valid absolute URL", err)
	}

	// Check the URL the request carries, in case parsing it again changed it.
	if ferr := validateURL(req.URL, false); ferr != nil {
		return nil, ferr
	}

	req.Header.Set("User-Agent", UserAgent)

	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.requestError(ctx, u, err)
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		resp.Body.Close()

		return nil, newError(KindUnreachable, HTTPStatusReason(resp.StatusCode),
			fmt.Sprintf("host %s returned HTTP status %s, but a 2xx status is required",
				quote(resp.Request.URL.Hostname()), quote(resp.Status)), nil)
	}

	return resp, nil
}

// checkRedirect is the http.Client redirect policy. It bounds the number
// of redirects and validates each target like the first URL. It also
// strips the Referer header, which would hand the previous URL (often a
// presigned link with its signature) to the next host.
func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.maxRedirects {
		return newError(KindUnsafeURL, ReasonTooManyRedirects,
			fmt.Sprintf("media URL redirected more than %d times", f.maxRedirects), nil)
	}

	if ferr := validateURL(req.URL, true); ferr != nil {
		return ferr
	}

	req.Header.Del("Referer")

	return nil
}

// requestError turns an error from http.Client.Do for u into the error that
// Check and Download return.
func (f *Fetcher) requestError(ctx context.Context, u *url.URL, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return contextError(ctxErr, u.Hostname())
	}

	var ferr *Error
	if errors.As(err, &ferr) {
		return ferr
	}

	// The host of the hop that failed, which differs from u after a
	// redirect.
	host := u.Hostname()
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		if failed, parseErr := url.Parse(urlErr.URL); parseErr == nil && failed.Hostname() != "" {
			host = failed.Hostname()
		}
	}

	// Connect and handshake timeouts come back as *Error from the dialer,
	// so a timeout here is the response header timeout.
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return newError(KindUnreachable, ReasonFetchTimeout,
			fmt.Sprintf("host %s did not send response headers within %s",
				quote(host), f.headerTimeout), err)
	}

	return newError(KindUnreachable, ReasonRequestFailed,
		fmt.Sprintf("request to host %s failed before a valid response arrived", quote(host)), err)
}

// contextError returns the error for a fetch from host whose context ended.
// A passed deadline means the partner's server was too slow, so it is an
// *Error. A cancellation comes from the caller, so it stays a plain error.
func contextError(ctxErr error, host string) error {
	if errors.Is(ctxErr, context.DeadlineExceeded) {
		return newError(KindUnreachable, ReasonFetchTimeout,
			fmt.Sprintf("fetching media from host %s did not finish before the deadline", quote(host)),
			ctxErr)
	}

	return fmt.Errorf("fetch media from host %s: %w", quote(host), ctxErr)
}
