package fetch

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
)

// mediaTypeOf returns the media type of resp, lowercase and without
// parameters, such as "audio/mpeg". It returns a ReasonUnsupportedContentType
// error unless resp has exactly one Content-Type header and its type is
// audio/* or video/*. The body is never sniffed, because a server that
// labels media wrongly would also confuse the players downstream.
func mediaTypeOf(resp *http.Response) (string, *Error) {
	host := quote(resp.Request.URL.Hostname())
	values := resp.Header.Values("Content-Type")

	switch len(values) {
	case 0:
		return "", unsupportedContentType(
			fmt.Sprintf("host %s returned no Content-Type, but audio/* or video/* is required", host))
	case 1:
	default:
		return "", unsupportedContentType(
			fmt.Sprintf("host %s returned %d Content-Type headers, but exactly one is required",
				host, len(values)))
	}

	mediaType, _, err := mime.ParseMediaType(values[0])
	// A broken parameter leaves the media type itself usable.
	if err != nil && !errors.Is(err, mime.ErrInvalidMediaParameter) {
		return "", unsupportedContentType(
			fmt.Sprintf("host %s returned Content-Type %s, which does not parse as a media type",
				host, quote(values[0])))
	}

	major, minor, _ := strings.Cut(mediaType, "/")
	if (major != "audio" && major != "video") || minor == "" {
		return "", unsupportedContentType(
			fmt.Sprintf("host %s returned Content-Type %s, but audio/* or video/* is required",
				host, quote(values[0])))
	}

	return mediaType, nil
}

// unsupportedContentType returns the ReasonUnsupportedContentType error with
// message.
func unsupportedContentType(message string) *Error {
	return newError(KindNotAudioOrVideo, ReasonUnsupportedContentType, message, nil)
}
