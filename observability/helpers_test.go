package observability

import (
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"engagements/internal/testenv"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

// scrape fetches m.Handler's text output and parses it, so that tests see
// exactly what Prometheus would.
func scrape(t *testing.T, m *Metrics) map[string]*dto.MetricFamily {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	req.Header.Set("Accept", "text/plain; version=0.0.4")
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics: status %d, body %s", rec.Code, rec.Body)
	}

	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(rec.Body.String()))
	if err != nil {
		t.Fatalf("parse /metrics output: %v\n%s", err, rec.Body)
	}
	return families
}

// findMetric returns the series of family name whose labels include
// labels, or nil.
func findMetric(families map[string]*dto.MetricFamily, name string, labels map[string]string) *dto.Metric {
	family, ok := families[name]
	if !ok {
		return nil
	}
	for _, metric := range family.GetMetric() {
		if hasLabels(metric, labels) {
			return metric
		}
	}
	return nil
}

func hasLabels(metric *dto.Metric, labels map[string]string) bool {
	matched := 0
	for _, pair := range metric.GetLabel() {
		if want, ok := labels[pair.GetName()]; ok {
			if pair.GetValue() != want {
				return false
			}
			matched++
		}
	}
	return matched == len(labels)
}

// metricValue returns the value of a counter or gauge series, failing the
// test when the series is missing.
func metricValue(t *testing.T, families map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	t.Helper()
	metric := findMetric(families, name, labels)
	if metric == nil {
		t.Fatalf("no series %s%v; families: %v", name, labels, familyNames(families))
	}
	switch {
	case metric.Counter != nil:
		return metric.GetCounter().GetValue()
	case metric.Gauge != nil:
		return metric.GetGauge().GetValue()
	case metric.Untyped != nil:
		return metric.GetUntyped().GetValue()
	}
	t.Fatalf("series %s%v is not a counter or gauge", name, labels)
	return 0
}

// histogramCount returns the number of observations of a histogram series.
func histogramCount(t *testing.T, families map[string]*dto.MetricFamily, name string, labels map[string]string) uint64 {
	t.Helper()
	metric := findMetric(families, name, labels)
	if metric == nil || metric.Histogram == nil {
		t.Fatalf("no histogram series %s%v; families: %v", name, labels, familyNames(families))
	}
	return metric.GetHistogram().GetSampleCount()
}

// labelValues returns the distinct values of label across the series of
// family name.
func labelValues(families map[string]*dto.MetricFamily, name, label string) map[string]bool {
	values := map[string]bool{}
	for _, metric := range families[name].GetMetric() {
		for _, pair := range metric.GetLabel() {
			if pair.GetName() == label {
				values[pair.GetValue()] = true
			}
		}
	}
	return values
}

func familyNames(families map[string]*dto.MetricFamily) []string {
	names := make([]string, 0, len(families))
	for name := range families {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
