package main

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"engagements/media/ingest"
	"engagements/media/signedurl"
)

// mediaConfig holds the settings of the media pipeline.
type mediaConfig struct {
	ingest.Config
	PublicBaseURL string
}

const (
	defaultMediaDir    = "data/media"
	defaultMediaURLTTL = 15 * time.Minute
)

func loadMediaConfig(getenv func(string) string) (mediaConfig, error) {
	cfg := mediaConfig{
		Config: ingest.Config{
			Dir:      or(getenv("MEDIA_DIR"), defaultMediaDir),
			MaxBytes: ingest.DefaultMaxBytes,
			URLTTL:   defaultMediaURLTTL,
		},
		PublicBaseURL: strings.TrimSuffix(getenv("PUBLIC_BASE_URL"), "/"),
	}

	if v := getenv("MEDIA_MAX_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return cfg, fmt.Errorf("MEDIA_MAX_BYTES %q is invalid: expected a positive number of bytes, such as 4294967296", v)
		}
		cfg.MaxBytes = n
	}
	if v := getenv("MEDIA_SIGNING_KEY"); v != "" {
		key, err := signedurl.ParseKey(v)
		if err != nil {
			return cfg, err
		}
		cfg.SigningKey = key
	}
	durations := []struct {
		name   string
		target *time.Duration
	}{
		{"MEDIA_URL_TTL", &cfg.URLTTL},
		{"MEDIA_FETCH_CONNECT_TIMEOUT", &cfg.Fetch.ConnectTimeout},
		{"MEDIA_FETCH_TLS_TIMEOUT", &cfg.Fetch.TLSHandshakeTimeout},
		{"MEDIA_FETCH_HEADER_TIMEOUT", &cfg.Fetch.ResponseHeaderTimeout},
		{"MEDIA_FETCH_IDLE_TIMEOUT", &cfg.IdleTimeout},
	}
	for _, d := range durations {
		if v := getenv(d.name); v != "" {
			parsed, err := time.ParseDuration(v)
			if err != nil || parsed <= 0 {
				return cfg, fmt.Errorf("%s %q is invalid: expected a positive duration such as 5s", d.name, v)
			}
			*d.target = parsed
		}
	}
	for _, c := range strings.Split(getenv("MEDIA_FETCH_ALLOWED_CIDRS"), ",") {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		prefix, err := netip.ParsePrefix(c)
		if err != nil {
			return cfg, fmt.Errorf("MEDIA_FETCH_ALLOWED_CIDRS entry %q is invalid: expected a CIDR such as 10.20.0.0/16", c)
		}
		if prefix.Bits() < 8 {
			// Such a prefix would switch the private-address block off for
			// a large part of the address space, which is never what an
			// on-premises exemption needs.
			return cfg, fmt.Errorf("MEDIA_FETCH_ALLOWED_CIDRS entry %q is too wide: use prefixes of /8 or longer that cover only your media servers", c)
		}
		cfg.Fetch.AllowedCIDRs = append(cfg.Fetch.AllowedCIDRs, prefix.Masked())
	}
	if cfg.PublicBaseURL != "" && !strings.HasPrefix(cfg.PublicBaseURL, "https://") && !strings.HasPrefix(cfg.PublicBaseURL, "http://") {
		return cfg, fmt.Errorf("PUBLIC_BASE_URL %q is invalid: expected a URL such as https://api.example.com", cfg.PublicBaseURL)
	}
	return cfg, nil
}
