package playground

import (
	"strconv"
	"strings"
)

// acceptsGzip reports whether Accept-Encoding header values allow a gzip
// response: gzip (or its alias x-gzip) is listed with a quality above 0, or it
// is not listed and "*" is, with a quality above 0. When a coding is listed
// more than once, the highest quality counts. A quality that does not parse
// counts as 0, so a malformed header gets the uncompressed file.
func acceptsGzip(values []string) bool {
	gzipQuality, anyQuality := -1.0, -1.0
	for _, value := range values {
		for element := range strings.SplitSeq(value, ",") {
			coding, params, _ := strings.Cut(element, ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			switch coding {
			case "gzip", "x-gzip":
				gzipQuality = max(gzipQuality, quality(params))
			case "*":
				anyQuality = max(anyQuality, quality(params))
			}
		}
	}

	if gzipQuality >= 0 {
		return gzipQuality > 0
	}

	return anyQuality > 0
}

// quality returns the q parameter of an Accept-Encoding element: 1 when it is
// absent, and 0 when it is not a number from 0 to 1.
func quality(params string) float64 {
	for param := range strings.SplitSeq(params, ";") {
		name, value, _ := strings.Cut(param, "=")
		if !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}

		q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		// The negated range check also rejects NaN, which ParseFloat accepts.
		if err != nil || !(q >= 0 && q <= 1) {
			return 0
		}

		return q
	}

	return 1
}
