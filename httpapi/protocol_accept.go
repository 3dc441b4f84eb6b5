package httpapi

import (
	"mime"
	"strconv"
	"strings"
)

// The response media types of the GraphQL-over-HTTP draft. Both carry the
// same JSON body; they differ in the status codes that go with it.
const (
	mediaTypeJSON            = "application/json"
	mediaTypeGraphQLResponse = "application/graphql-response+json"
)

// Specificity of a media range in an Accept header: an exact type beats
// type/*, which beats */* (RFC 9110, section 12.5.1).
const (
	specificityAny = iota + 1
	specificitySubtype
	specificityExact
)

// acceptMatch is the rating that an Accept header gives one media type:
// the q value, the specificity and the position of the most specific range
// that matches it. A zero specificity means that no range matches.
type acceptMatch struct {
	q           float64
	specificity int
	position    int
}

// negotiateResponseType picks the response media type for the values of
// the Accept header. It returns false when the header allows neither
// supported type, so the caller responds with 406.
//
// A missing or empty header and a bare */* get application/json: the
// GraphQL-over-HTTP draft leaves a request without Accept to the server's
// choice, and application/json is the type that clients written before
// application/graphql-response+json existed can read. Otherwise the type
// with the higher q value wins. On a tie an explicitly named type beats a
// wildcard, then the one listed first wins, then application/json.
func negotiateResponseType(values []string) (string, bool) {
	header := strings.TrimSpace(strings.Join(values, ","))
	if header == "" {
		return mediaTypeJSON, true
	}

	ranges := splitAccept(header)
	plain := rateMediaType(ranges, mediaTypeJSON)
	graphQL := rateMediaType(ranges, mediaTypeGraphQLResponse)
	switch {
	case plain.q == 0 && graphQL.q == 0:
		return "", false
	case graphQL.better(plain):
		return mediaTypeGraphQLResponse, true
	default:
		return mediaTypeJSON, true
	}
}

// better reports whether m ranks strictly above other.
func (m acceptMatch) better(other acceptMatch) bool {
	if m.q != other.q {
		return m.q > other.q
	}
	if m.specificity != other.specificity {
		return m.specificity > other.specificity
	}
	return m.position < other.position
}

// rateMediaType finds the most specific range in ranges that matches
// mediaType. A range that names a charset other than UTF-8 does not match,
// because the server writes UTF-8 only. The q value of a range that is not
// a valid qvalue makes the range match nothing.
func rateMediaType(ranges []string, mediaType string) acceptMatch {
	var best acceptMatch
	for position, r := range ranges {
		name, params, err := mime.ParseMediaType(r)
		if err != nil {
			continue
		}
		specificity := rangeSpecificity(name, mediaType)
		if specificity == 0 || specificity <= best.specificity {
			continue
		}
		if charset, ok := params["charset"]; ok && !strings.EqualFold(charset, "utf-8") {
			continue
		}
		q, ok := parseQValue(params["q"])
		if !ok {
			continue
		}
		best = acceptMatch{q: q, specificity: specificity, position: position}
	}
	return best
}

// rangeSpecificity returns how specifically the lower-case media range
// name matches mediaType, or 0 when it does not match.
func rangeSpecificity(name, mediaType string) int {
	switch {
	case name == mediaType:
		return specificityExact
	case name == "*/*":
		return specificityAny
	case strings.HasSuffix(name, "/*") && strings.HasPrefix(mediaType, strings.TrimSuffix(name, "*")):
		return specificitySubtype
	}
	return 0
}

// parseQValue parses the q parameter of a media range. Empty means 1. A
// valid qvalue is 0 or 1 with at most three decimals and no more than 1.
func parseQValue(s string) (float64, bool) {
	if s == "" {
		return 1, true
	}
	whole, decimals, _ := strings.Cut(s, ".")
	if (whole != "0" && whole != "1") || len(decimals) > 3 {
		return 0, false
	}
	for i := 0; i < len(decimals); i++ {
		if decimals[i] < '0' || decimals[i] > '9' {
			return 0, false
		}
	}
	q, err := strconv.ParseFloat(s, 64)
	if err != nil || q > 1 {
		return 0, false
	}
	return q, true
}

// splitAccept splits an Accept header at the commas between media ranges,
// keeping commas inside quoted parameter values.
func splitAccept(header string) []string {
	var ranges []string
	start, quoted := 0, false
	for i := 0; i < len(header); i++ {
		switch header[i] {
		case '\\':
			if quoted {
				i++ // The escaped character cannot end the quoted string.
			}
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				ranges = appendRange(ranges, header[start:i])
				start = i + 1
			}
		}
	}
	return appendRange(ranges, header[start:])
}

func appendRange(ranges []string, r string) []string {
	if r = strings.TrimSpace(r); r != "" {
		ranges = append(ranges, r)
	}
	return ranges
}
