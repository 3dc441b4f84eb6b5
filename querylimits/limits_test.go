package querylimits_test

import (
	"fmt"
	"strings"
	"testing"

	"engagements/querylimits"
)

// viewerAliases selects viewer under n distinct aliases.
func viewerAliases(n int) string {
	return "{ " + repeat(n, func(i int) string { return fmt.Sprintf("v%d: viewer { scopes }", i) }) + "}"
}

// viewerFields selects n fields: viewer and n-1 copies of scopes.
func viewerFields(n int) string {
	return "{ viewer { " + strings.Repeat("scopes ", n-1) + "} }"
}

// pageOfIDs selects the IDs of a page of first engagements. It costs
// 10 + 2*first.
func pageOfIDs(first int) string {
	return fmt.Sprintf("{ engagements(first: %d) { nodes { id } } }", first)
}

func TestLimits(t *testing.T) {
	t.Parallel()
	defaults := newServer(t, querylimits.DefaultConfig())
	shallow := newServer(t, querylimits.Config{MaxDepth: 4})

	tests := []struct {
		name    string
		server  string
		query   string
		code    string // "" when the operation passes
		message []string
	}{
		{name: "depth at max", server: "shallow", query: `{ engagements { nodes { owner { id } } } }`},
		{
			name: "depth over max", server: "shallow",
			query:   `{ engagements { nodes { owner { id } transcriptTimeline { speakers { index } } } } }`,
			code:    querylimits.CodeDepthLimit,
			message: []string{"at least 5", "maximum depth of 4"},
		},
		{
			name: "depth through fragments", server: "shallow",
			query: `{ engagements { ...Page } } fragment Page on EngagementConnection { nodes { ... on Engagement { transcriptTimeline { ...Speakers } } } }
				fragment Speakers on TranscriptTimeline { speakers { index } }`,
			code:    querylimits.CodeDepthLimit,
			message: []string{"at least 5", "maximum depth of 4"},
		},
		{
			name: "introspection depth not counted", server: "shallow",
			query: `{ __type(name: "Engagement") { fields { type { ofType { ofType { name } } } } } }`,
		},
		{name: "aliases at max", server: "defaults", query: viewerAliases(30)},
		{
			name: "aliases over max", server: "defaults", query: viewerAliases(31),
			code:    querylimits.CodeAliasLimit,
			message: []string{"at least 31 aliased fields", "maximum of 30"},
		},
		{name: "alias equal to name", server: "defaults", query: "{ " + strings.Repeat("viewer: viewer { scopes } ", 31) + "}"},
		{name: "fields at max", server: "defaults", query: viewerFields(500)},
		{
			// Caught before validation, from the fields written in the document.
			name: "fields over max", server: "defaults", query: viewerFields(501),
			code:    querylimits.CodeFieldLimit,
			message: []string{"document has 501 fields", "maximum of 500"},
		},
		{
			// Caught after validation, with the fragments expanded.
			name: "fields through fragments", server: "defaults",
			query:   "{ viewer { " + strings.Repeat("...Ten ", 60) + "} } fragment Ten on Viewer { " + strings.Repeat("scopes ", 10) + "}",
			code:    querylimits.CodeFieldLimit,
			message: []string{"at least 501 fields", "maximum of 500"},
		},
		{name: "complexity at max", server: "defaults", query: pageOfIDs(124_995)},
		{
			name: "complexity over max", server: "defaults", query: pageOfIDs(124_996),
			code:    querylimits.CodeComplexityLimit,
			message: []string{"complexity 250002", "maximum of 250000"},
		},
		{
			name: "complexity of huge page", server: "defaults", query: pageOfIDs(1<<31 - 1),
			code:    querylimits.CodeComplexityLimit,
			message: []string{"complexity 4294967304", "maximum of 250000"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := defaults
			if tt.server == "shallow" {
				ts = shallow
			}

			r := post(t, ts, tt.query, nil)
			if got := r.code(); got != tt.code {
				t.Fatalf("code = %q, want %q; response %.500s", got, tt.code, r.Raw)
			}
			if tt.code == "" {
				if r.Data == nil {
					t.Errorf("data is null; response %.500s", r.Raw)
				}
				return
			}

			if len(r.Errors) != 1 {
				t.Errorf("got %d errors, want 1", len(r.Errors))
			}
			if r.Data != nil {
				t.Errorf("data = %v, want null for a rejected operation", r.Data)
			}
			if r.Status != 422 {
				t.Errorf("status = %d, want 422", r.Status)
			}
			for _, part := range tt.message {
				if !strings.Contains(r.Errors[0].Message, part) {
					t.Errorf("message %q does not contain %q", r.Errors[0].Message, part)
				}
			}
		})
	}
}
