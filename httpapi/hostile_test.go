package httpapi_test

import (
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"
)

// hostileRequests are abusive bodies that each limit must turn away
// cheaply.
func hostileRequests() map[string]string {
	var deep strings.Builder
	for range 200 {
		deep.WriteString("{ viewer ")
	}
	deep.WriteString("{ scopes }" + strings.Repeat(" }", 200))
	var aliases strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&aliases, "a%d: viewer { scopes } ", i)
	}
	var fragments strings.Builder
	fragments.WriteString("{ viewer { ...F0 } } ")
	for i := range 30 {
		fmt.Fprintf(&fragments, "fragment F%d on Viewer { scopes ...F%d ...F%d } ", i, i+1, i+1)
	}
	fragments.WriteString("fragment F30 on Viewer { scopes }")
	nested := strings.Repeat("[", 5000) + strings.Repeat("]", 5000)

	return map[string]string{
		"deep nesting":     `{"query":` + quote(deep.String()) + `}`,
		"alias flood":      `{"query":` + quote("{ "+aliases.String()+"}") + `}`,
		"fragment cycle":   `{"query":"{ viewer { ...A } } fragment A on Viewer { ...B } fragment B on Viewer { ...A }"}`,
		"fragment bomb":    `{"query":` + quote(fragments.String()) + `}`,
		"batched array":    `[` + strings.Repeat(`{"query":"{ viewer { scopes } }"},`, 200) + `{"query":"{ viewer { scopes } }"}]`,
		"nested variables": `{"query":"query($x: [Int]) { viewer { scopes } }","variables":{"x":` + nested + `}}`,
		"huge page":        `{"query":"{ engagements(first: 2147483647) { nodes { id } } }"}`,
		"many tokens":      `{"query":` + quote("{ viewer { "+strings.Repeat("scopes ", 20000)+"} }") + `}`,
	}
}

// TestHostileQueriesLeaveServerHealthy sends each hostile request many
// times and checks that each is rejected, that normal requests still
// work, and that the heap does not keep what the rejected requests
// allocated.
func TestHostileQueriesLeaveServerHealthy(t *testing.T) {
	s := newServer(t)
	token := s.token(t, s.workspace(t, false), "ann@ourteam.example", allScopes...)
	hostile := hostileRequests()

	heapAfterGC := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	// One warm-up round fills caches, such as the parsed-query cache.
	for _, body := range hostile {
		s.post(t, token, "application/json", []byte(body))
	}
	before := heapAfterGC()

	for round := range 20 {
		for name, body := range hostile {
			resp := s.post(t, token, "application/json", []byte(body))
			if resp.Status == http.StatusOK && len(resp.Errors) == 0 {
				t.Fatalf("round %d, %s: accepted, want an error", round, name)
			}
			if resp.Status >= 500 {
				t.Fatalf("round %d, %s: status %d", round, name, resp.Status)
			}
		}
	}

	if resp := s.do(t, token, `{ viewer { scopes } }`, nil); resp.Status != http.StatusOK || len(resp.Errors) > 0 {
		t.Errorf("normal request after the flood: status %d, body %s", resp.Status, resp.Raw)
	}
	after := heapAfterGC()
	// The server and this test share the process; 16 MiB allows for the
	// test's own buffers and pools while catching anything kept per request.
	if after > before+16<<20 {
		t.Errorf("heap grew from %d to %d bytes over %d hostile requests", before, after, 20*len(hostile))
	}
}

// TestWideDocumentRejectedBeforeValidation sends far more sibling fields
// than the limit allows. Validation of sibling fields takes time that grows
// with the square of their number, so the count must come first; the
// request has to fail with the field limit, not after seconds of work.
func TestWideDocumentRejectedBeforeValidation(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	token := s.token(t, s.workspace(t, false), "ann@ourteam.example", allScopes...)
	query := "query Wide { " + strings.Repeat("__typename ", 14000) + "}"
	resp := s.do(t, token, query, nil)
	if codes := resp.errorCodes(); len(codes) != 1 || codes[0] != "FIELD_LIMIT_EXCEEDED" {
		t.Fatalf("codes = %v, want [FIELD_LIMIT_EXCEEDED]; body %.300s", codes, resp.Raw)
	}
	if !strings.Contains(resp.Errors[0].Message, "document has 14000 fields") {
		t.Errorf("message %q does not count the written fields", resp.Errors[0].Message)
	}
}
