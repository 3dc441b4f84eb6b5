package main

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"engagements/httpapi"
	"engagements/querylimits"
	"engagements/ratelimit"
)

// limitsConfig holds the abuse limits and the operational endpoints.
type limitsConfig struct {
	MaxBodyBytes          int64
	MaxConcurrentRequests int
	RequestTimeout        time.Duration
	Query                 querylimits.Config
	DisableIntrospection  bool
	// RateLimits is nil when RATE_LIMIT_REQUESTS is off.
	RateLimits  *httpapi.RateLimits
	MetricsAddr string
}

// Default per-token rates: bursts of a whole minute's worth are allowed.
var (
	defaultRequestRate = ratelimit.Rate{Limit: 1200, Period: time.Minute}
	defaultWriteRate   = ratelimit.Rate{Limit: 120, Period: time.Minute}
)

func loadLimitsConfig(getenv func(string) string) (limitsConfig, error) {
	cfg := limitsConfig{
		MaxBodyBytes:   httpapi.DefaultMaxBodyBytes,
		RequestTimeout: httpapi.DefaultRequestTimeout,
		Query:          querylimits.DefaultConfig(),
		MetricsAddr:    getenv("METRICS_ADDR"),
	}

	ints := []struct {
		name   string
		target *int
	}{
		{"QUERY_MAX_COMPLEXITY", &cfg.Query.MaxComplexity},
		{"QUERY_MAX_DEPTH", &cfg.Query.MaxDepth},
		{"QUERY_MAX_ALIASES", &cfg.Query.MaxAliases},
		{"QUERY_MAX_FIELDS", &cfg.Query.MaxFields},
		{"QUERY_MAX_VARIABLE_DEPTH", &cfg.Query.MaxVariableDepth},
	}
	for _, setting := range ints {
		if v := getenv(setting.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				return cfg, fmt.Errorf("%s %q is invalid: expected a positive integer", setting.name, v)
			}
			*setting.target = n
		}
	}
	if v := getenv("MAX_BODY_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1024 {
			return cfg, fmt.Errorf("MAX_BODY_BYTES %q is invalid: expected a number of bytes of at least 1024", v)
		}
		cfg.MaxBodyBytes = n
	}
	if v := getenv("MAX_CONCURRENT_REQUESTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return cfg, fmt.Errorf("MAX_CONCURRENT_REQUESTS %q is invalid: expected a positive integer", v)
		}
		cfg.MaxConcurrentRequests = n
	}
	if v := getenv("REQUEST_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return cfg, fmt.Errorf("REQUEST_TIMEOUT %q is invalid: expected a positive duration such as 30s", v)
		}
		cfg.RequestTimeout = d
	}
	switch v := strings.ToLower(getenv("INTROSPECTION")); v {
	case "", "on", "true":
	case "off", "false":
		cfg.DisableIntrospection = true
	default:
		return cfg, fmt.Errorf("INTROSPECTION %q is invalid: expected on or off", v)
	}
	if cfg.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(cfg.MetricsAddr); err != nil {
			return cfg, fmt.Errorf("METRICS_ADDR %q is invalid: expected host:port such as 127.0.0.1:9090", cfg.MetricsAddr)
		}
	}

	requests, err := parseRate("RATE_LIMIT_REQUESTS", getenv("RATE_LIMIT_REQUESTS"), defaultRequestRate)
	if err != nil {
		return cfg, err
	}
	writes, err := parseRate("RATE_LIMIT_WRITES", getenv("RATE_LIMIT_WRITES"), defaultWriteRate)
	if err != nil {
		return cfg, err
	}
	if requests == nil {
		// With no request limit the write limit is off too, since both
		// are kept by the same limiter.
		return cfg, nil
	}
	if writes == nil {
		// Mutations are still requests, so they stay under that limit.
		writes = requests
	}
	cfg.RateLimits = &httpapi.RateLimits{Requests: *requests, Writes: *writes}
	return cfg, nil
}

// parseRate reads "N/PERIOD", such as 1200/1m, or "off" for no limit.
func parseRate(name, v string, fallback ratelimit.Rate) (*ratelimit.Rate, error) {
	if v == "" {
		return &fallback, nil
	}
	if strings.EqualFold(v, "off") {
		return nil, nil
	}
	count, period, ok := strings.Cut(v, "/")
	limit, err := strconv.Atoi(count)
	duration, perr := time.ParseDuration(period)
	rate := ratelimit.Rate{Limit: limit, Period: duration}
	if !ok || err != nil || perr != nil || rate.Validate() != nil {
		return nil, fmt.Errorf("%s %q is invalid: expected requests per period such as 1200/1m, or off", name, v)
	}
	return &rate, nil
}
