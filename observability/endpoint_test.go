package observability

import (
	"net/url"
	"strings"
	"testing"
)

func TestTracesEndpoint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"unset", nil, ""},
		{"blank", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "  "}, ""},
		{"base", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, "http://127.0.0.1:4318/v1/traces"},
		{"base slash", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318/"}, "http://127.0.0.1:4318/v1/traces"},
		{"base path", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "https://127.0.0.1/otel/"}, "https://127.0.0.1/otel/v1/traces"},
		{"traces as is", map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://[::1]:4318/custom"}, "http://[::1]:4318/custom"},
		{"traces wins", map[string]string{
			"OTEL_EXPORTER_OTLP_ENDPOINT":        "http://127.0.0.1:1",
			"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:2/v1/traces",
		}, "http://127.0.0.1:2/v1/traces"},
	}
	for _, tt := range tests {
		got, err := tracesEndpoint(envOf(tt.vars))
		if err != nil {
			t.Errorf("%s: tracesEndpoint: %v", tt.name, err)
			continue
		}
		if got != tt.want {
			t.Errorf("%s: tracesEndpoint = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func FuzzTracesEndpoint(f *testing.F) {
	for _, seed := range []string{
		"", "http://127.0.0.1:4318", "https://[::1]/a/b/", "ftp://x", "http://", "http://u:s3cretPW@h",
		"http://[::1", "http://h/%2F", "http://h?x=1#f", "//h", "HTTP://h", "@", "ftp://u:pw@h",
	} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, value string, tracesVar bool) {
		name := "OTEL_EXPORTER_OTLP_ENDPOINT"
		if tracesVar {
			name = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
		}
		got, err := tracesEndpoint(envOf(map[string]string{name: value}))
		if err != nil {
			if u, parseErr := url.Parse(strings.TrimSpace(value)); parseErr == nil {
				// Short passwords can occur in the message's own words.
				password, ok := u.User.Password()
				if ok && len(password) >= 8 && strings.Contains(err.Error(), password) {
					t.Errorf("error %q contains the password of %q", err, value)
				}
			}
			return
		}
		if got == "" {
			if strings.TrimSpace(value) != "" {
				t.Errorf("tracesEndpoint(%q) = \"\" without an error", value)
			}
			return
		}

		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("tracesEndpoint(%q) = %q, which does not parse: %v", value, got, err)
		}
		if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.User != nil {
			t.Errorf("tracesEndpoint(%q) = %q, want an http(s) URL with a host and no user info", value, got)
		}
		if !tracesVar && !strings.HasSuffix(u.Path, tracesPath) {
			t.Errorf("tracesEndpoint(%q) = %q, want the path to end in %s", value, got, tracesPath)
		}
	})
}
