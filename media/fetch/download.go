package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
)

// copyBufferSize is the size of the reads from the body, and so the most
// that Download reads past maxBytes before it stops.
const copyBufferSize = 32 << 10

// Result describes media that Download wrote.
type Result struct {
	// ContentType is the media type, lowercase and without parameters,
	// such as "video/mp4".
	ContentType string

	// Bytes is the number of body bytes written to the destination.
	Bytes int64

	// SHA256 is the SHA-256 of the body, in lowercase hex.
	SHA256 string
}

// Download sends a GET request for rawURL like Check, then streams the body
// into dst while computing its SHA-256. A body longer than maxBytes is a
// KindTooLarge error, found by counting the bytes read, whatever the
// Content-Length header declares. A declared Content-Length above maxBytes fails
// before any byte is read.
//
// On any error, dst may hold part of the body, and the caller discards it.
// Reading the body is bounded in time only by ctx, so the caller sets a
// deadline. Failures that the URL causes are an *Error. A failed write to
// dst and a canceled ctx give plain errors that wrap the cause. maxBytes
// must be positive.
func (f *Fetcher) Download(ctx context.Context, rawURL string, dst io.Writer, maxBytes int64) (Result, error) {
	if maxBytes <= 0 {
		return Result{}, fmt.Errorf("download media: maxBytes is %d, but must be positive", maxBytes)
	}

	resp, err := f.get(ctx, rawURL)
	if err != nil {
		return Result{}, err
	}
	defer resp.Body.Close()

	mediaType, ferr := mediaTypeOf(resp)
	if ferr != nil {
		return Result{}, ferr
	}

	host := resp.Request.URL.Hostname()
	if resp.ContentLength > maxBytes {
		return Result{}, tooLarge(host, maxBytes)
	}

	n, sum, err := copyLimited(ctx, dst, resp.Body, maxBytes, host)
	if err != nil {
		return Result{}, err
	}

	return Result{ContentType: mediaType, Bytes: n, SHA256: sum}, nil
}

// copyLimited copies body into dst and returns the number of bytes and
// their SHA-256 in hex. It stops with a KindTooLarge error as soon as more
// than maxBytes arrive.
func copyLimited(ctx context.Context, dst io.Writer, body io.Reader, maxBytes int64, host string) (int64, string, error) {
	hash := sha256.New()
	buf := make([]byte, copyBufferSize)

	var total int64
	for {
		n, readErr := body.Read(buf)
		if n > 0 {
			if total+int64(n) > maxBytes {
				return 0, "", tooLarge(host, maxBytes)
			}

			hash.Write(buf[:n])
			if _, err := dst.Write(buf[:n]); err != nil {
				return 0, "", fmt.Errorf("download media: write to destination: %w", err)
			}

			total += int64(n)
		}

		// A canceled request can end the body with io.EOF, because the
		// server's handler returns when the client disconnects and net/http
		// then ends the chunked body properly. So a body that ends after ctx
		// is done is not trusted to be whole.
		if readErr == io.EOF && ctx.Err() == nil {
			return total, hex.EncodeToString(hash.Sum(nil)), nil
		}

		if readErr == io.EOF {
			readErr = ctx.Err()
		}

		if readErr != nil {
			return 0, "", bodyReadError(ctx, host, readErr)
		}
	}
}

// bodyReadError returns the error for a failed read of the body from host.
func bodyReadError(ctx context.Context, host string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return contextError(ctxErr, host)
	}

	return newError(KindUnreachable, ReasonBodyReadFailed,
		fmt.Sprintf("reading the media body from host %s failed", quote(host)), err)
}

// tooLarge returns the ReasonTooLarge error for media from host.
func tooLarge(host string, maxBytes int64) *Error {
	return newError(KindTooLarge, ReasonTooLarge,
		fmt.Sprintf("media from host %s is larger than the limit of %d bytes", quote(host), maxBytes), nil)
}
