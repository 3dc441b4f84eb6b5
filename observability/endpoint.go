package observability

import (
	"fmt"
	"net/url"
	"strings"
)

// tracesPath is the OTLP/HTTP path for traces, which the OpenTelemetry
// specification appends to OTEL_EXPORTER_OTLP_ENDPOINT but not to
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT.
const tracesPath = "/v1/traces"

// tracesEndpoint returns the URL that spans are sent to, or "" when
// neither variable is set. OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as
// it is and wins over OTEL_EXPORTER_OTLP_ENDPOINT, a base URL that gets
// tracesPath appended.
func tracesEndpoint(getenv func(string) string) (string, error) {
	const (
		tracesVar = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
		baseVar   = "OTEL_EXPORTER_OTLP_ENDPOINT"
	)

	if v := strings.TrimSpace(getenv(tracesVar)); v != "" {
		u, err := parseEndpoint(tracesVar, v)
		if err != nil {
			return "", err
		}
		return u.String(), nil
	}

	v := strings.TrimSpace(getenv(baseVar))
	if v == "" {
		return "", nil
	}
	u, err := parseEndpoint(baseVar, v)
	if err != nil {
		return "", err
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + tracesPath
	u.RawPath = ""
	return u.String(), nil
}

// parseEndpoint checks that value, the value of the variable name, is an
// http or https URL with a host and without user info. The value is left
// out of errors about its syntax, since it may hold a credential.
func parseEndpoint(name, value string) (*url.URL, error) {
	u, err := url.Parse(value)
	if err != nil {
		return nil, fmt.Errorf("%s is not a valid URL; set it to a collector URL such as http://127.0.0.1:4318", name)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%s must not contain user info; pass credentials in OTEL_EXPORTER_OTLP_HEADERS", name)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%s %q has scheme %q; use http:// or https://", name, u.Redacted(), u.Scheme)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%s %q has no host; set it to a collector URL such as http://127.0.0.1:4318", name, u.Redacted())
	}
	return u, nil
}
