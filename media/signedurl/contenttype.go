package signedurl

import (
	"mime"
	"strings"
)

const octetStream = "application/octet-stream"

// servedContentType returns the Content-Type to send for media stored with
// the given type, and whether that is the stored type. Only audio and video
// types are sent as stored. Anything else, including an empty or malformed
// type, becomes application/octet-stream, which browsers download rather
// than render. The bytes come from partners, and a text/html or
// image/svg+xml object rendered inline on this server's origin would run the
// partner's scripts there.
func servedContentType(stored string) (string, bool) {
	mediaType, params, err := mime.ParseMediaType(stored)
	if err != nil {
		return octetStream, false
	}

	if !strings.HasPrefix(mediaType, "audio/") && !strings.HasPrefix(mediaType, "video/") {
		return octetStream, false
	}

	// Formatting again drops anything that ParseMediaType tolerated but a
	// header should not carry.
	formatted := mime.FormatMediaType(mediaType, params)
	if formatted == "" {
		return octetStream, false
	}

	return formatted, true
}
