package querylimits_test

import (
	"fmt"
	"strings"
	"testing"

	"engagements/querylimits"
)

func TestFragmentCycles(t *testing.T) {
	t.Parallel()
	ts := newServer(t, querylimits.DefaultConfig())

	// ring links n fragments A0 -> A1 -> ... -> A(n-1) -> A0.
	ring := func(n int) string {
		return "{ viewer { ...A0 } } " + repeat(n, func(i int) string {
			return fmt.Sprintf("fragment A%d on Viewer { scopes ...A%d }", i-1, i%n)
		})
	}
	tests := []struct {
		name  string
		query string
	}{
		{name: "self", query: `{ viewer { ...A } } fragment A on Viewer { scopes ...A }`},
		{name: "pair", query: `{ viewer { ...A } } fragment A on Viewer { ...B } fragment B on Viewer { ...A }`},
		{name: "through fields", query: `{ viewer { user { ...U } } } fragment U on User { id ... on User { ...U } }`},
		{name: "ring of 400", query: ring(400)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := post(t, ts, tt.query, nil)
			if got := r.code(); got != "GRAPHQL_VALIDATION_FAILED" {
				t.Fatalf("code = %q, want GRAPHQL_VALIDATION_FAILED; response %.300s", got, r.Raw)
			}
			if !strings.Contains(r.Errors[0].Message, "Cannot spread fragment") {
				t.Errorf("message %q does not name the cycle", r.Errors[0].Message)
			}
		})
	}
}

func TestFragmentExpansionBounded(t *testing.T) {
	t.Parallel()
	ts := newServer(t, querylimits.DefaultConfig())

	// doubling spreads F(i+1) twice in each F(i), so 40 fragments expand to
	// 2^40 fields. Without the field limit running before gqlgen's
	// complexity walk, which follows every spread, this request never ends.
	doubling := "{ viewer { ...F0 } } " + repeat(40, func(i int) string {
		return fmt.Sprintf("fragment F%d on Viewer { ...F%d ...F%d }", i-1, i, i)
	}) + "fragment F40 on Viewer { scopes }"

	// chain spreads C1 200 times, and each C(i) spreads only C(i+1) down to
	// C60: 201 fields but 12,000 selections.
	chain := "{ viewer { " + strings.Repeat("...C1 ", 200) + "} } " + repeat(59, func(i int) string {
		return fmt.Sprintf("fragment C%d on Viewer { ...C%d }", i, i+1)
	}) + "fragment C60 on Viewer { scopes }"

	tests := []struct {
		name    string
		query   string
		message string
	}{
		{name: "doubling fragments", query: doubling, message: "at least 501 fields"},
		{name: "chain of spreads", query: chain, message: "at least 5001 selections"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := post(t, ts, tt.query, nil)
			if got := r.code(); got != querylimits.CodeFieldLimit {
				t.Fatalf("code = %q, want %s; response %.300s", got, querylimits.CodeFieldLimit, r.Raw)
			}
			if !strings.Contains(r.Errors[0].Message, tt.message) {
				t.Errorf("message %q does not contain %q", r.Errors[0].Message, tt.message)
			}
		})
	}
}

func TestAliasFlood(t *testing.T) {
	t.Parallel()
	ts := newServer(t, querylimits.DefaultConfig())

	r := post(t, ts, viewerAliases(200), nil)
	if got := r.code(); got != querylimits.CodeAliasLimit {
		t.Fatalf("code = %q, want %s; response %.300s", got, querylimits.CodeAliasLimit, r.Raw)
	}
	if !strings.Contains(r.Errors[0].Message, "at least 31 aliased fields") {
		t.Errorf("message %q does not give the count", r.Errors[0].Message)
	}
	if r.Data != nil {
		t.Errorf("data = %v, want null: no alias may run", r.Data)
	}
	if got := r.Errors[0].Extensions["value"]; got != 31.0 {
		t.Errorf("extensions.value = %v, want 31", got)
	}
	if got := r.Errors[0].Extensions["max"]; got != 30.0 {
		t.Errorf("extensions.max = %v, want 30", got)
	}
}

// nestedList returns JSON for a string nested in depth-1 lists, a value of
// the given depth.
func nestedList(depth int) string {
	return strings.Repeat("[", depth-1) + `"CALL"` + strings.Repeat("]", depth-1)
}

// requestWithVariable returns a request body for a query that passes name
// as a list argument, with value as the JSON of the variable value.
func requestWithVariable(name, value string) []byte {
	const query = `query($types: [EngagementType!]) { engagements(filter: {types: $types}) { nodes { id } } }`
	return fmt.Appendf(nil, `{"query": %q, "variables": {%q: %s}}`, query, name, value)
}

func TestVariableDepth(t *testing.T) {
	t.Parallel()
	ts := newServer(t, querylimits.DefaultConfig())

	tests := []struct {
		name   string
		body   []byte
		status int
		code   string
	}{
		{name: "unknown at max", body: requestWithVariable("x", nestedList(16)), status: 200},
		{name: "unknown over max", body: requestWithVariable("x", nestedList(17)), status: 422, code: querylimits.CodeVariableDepth},
		{name: "list argument over max", body: requestWithVariable("types", nestedList(17)), status: 422, code: querylimits.CodeVariableDepth},
		{name: "object over max", body: requestWithVariable("x", strings.Repeat(`{"a":`, 17)+"1"+strings.Repeat("}", 17)), status: 422, code: querylimits.CodeVariableDepth},
		// 9,990 levels stay under the 10,000 nesting limit of encoding/json,
		// so the request reaches the extension.
		{name: "unknown 9990 deep", body: requestWithVariable("x", nestedList(9990)), status: 422, code: querylimits.CodeVariableDepth},
		{name: "list argument 9990 deep", body: requestWithVariable("types", nestedList(9990)), status: 422, code: querylimits.CodeVariableDepth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := postBody(t, ts, tt.body)
			if r.Status != tt.status {
				t.Errorf("status = %d, want %d", r.Status, tt.status)
			}
			if got := r.code(); got != tt.code {
				t.Fatalf("code = %q, want %q; response %.300s", got, tt.code, r.Raw)
			}
			if tt.code != "" && !strings.Contains(r.Errors[0].Message, "maximum of 16") {
				t.Errorf("message %q does not give the maximum", r.Errors[0].Message)
			}
		})
	}
}

func TestVariables50kDeep(t *testing.T) {
	t.Parallel()
	ts := newServer(t, querylimits.DefaultConfig())

	// encoding/json rejects nesting past 10,000 levels while gqlgen's POST
	// transport decodes the body, before any extension runs.
	r := postBody(t, ts, requestWithVariable("types", nestedList(50_000)))
	if r.Status != 400 {
		t.Errorf("status = %d, want 400", r.Status)
	}
	if len(r.Errors) == 0 || !strings.Contains(r.Errors[0].Message, "exceeded max depth") {
		t.Errorf("response %.300s does not report the nesting", r.Raw)
	}
	if r.Data != nil {
		t.Errorf("data = %v, want null", r.Data)
	}

	// The server still serves other requests.
	if r := post(t, ts, `{ viewer { scopes } }`, nil); len(r.Errors) > 0 {
		t.Errorf("server broken after the deep request: %.300s", r.Raw)
	}
}

func TestCreateInputPasses(t *testing.T) {
	t.Parallel()
	ts := newServer(t, querylimits.DefaultConfig())

	// The deepest legitimate variable: 7 levels down to a sentence's text.
	const mutation = `mutation($input: CreateEngagementInput!) { createEngagement(input: $input) { created } }`
	input := map[string]any{
		"type": "CALL",
		"transcriptTimeline": map[string]any{
			"speakers": []any{map[string]any{"name": "Ann"}},
			"entries": []any{map[string]any{
				"speakerIndex": 0, "startMs": 0, "endMs": 1000,
				"sentences": []any{map[string]any{"text": "Hello.", "startMs": 0, "endMs": 1000}},
			}},
		},
	}
	r := post(t, ts, mutation, map[string]any{"input": input})
	if len(r.Errors) > 0 {
		t.Fatalf("createEngagement rejected: %.300s", r.Raw)
	}
	if cost, _ := r.cost(t); cost.Requested < 100 {
		t.Errorf("createEngagement costs %d, want at least 100", cost.Requested)
	}
}
