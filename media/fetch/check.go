package fetch

import "context"

// Info describes the media behind a URL that passed Check.
type Info struct {
	// ContentType is the media type, lowercase and without parameters,
	// such as "audio/mpeg".
	ContentType string

	// ContentLength is the declared body length in bytes, or -1 when the
	// server did not declare it.
	ContentLength int64
}

// Check sends a GET request for rawURL, following at most the configured
// number of redirects, and verifies that the response has a 2xx status and
// an audio/* or video/* Content-Type. It closes the body without reading
// it. Each redirect hop is bounded by the connect, TLS handshake and
// response header timeouts of the Config. Failures that the URL causes are
// an *Error. When ctx is canceled, the error is a plain one that wraps
// context.Canceled.
func (f *Fetcher) Check(ctx context.Context, rawURL string) (Info, error) {
	resp, err := f.get(ctx, rawURL)
	if err != nil {
		return Info{}, err
	}
	defer resp.Body.Close()

	mediaType, ferr := mediaTypeOf(resp)
	if ferr != nil {
		return Info{}, ferr
	}

	return Info{ContentType: mediaType, ContentLength: resp.ContentLength}, nil
}
