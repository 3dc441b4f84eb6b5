package querylimits_test

import (
	"testing"

	"engagements/querylimits"
)

func TestCostExtension(t *testing.T) {
	t.Parallel()
	ts := newServer(t, querylimits.DefaultConfig())

	tests := []struct {
		name  string
		query string
		want  querylimits.Cost
		found bool
	}{
		// viewer costs 20 for its two queries plus scopes.
		{name: "success", query: `{ viewer { scopes } }`, want: querylimits.Cost{Requested: 21, Limit: 250_000}, found: true},
		{name: "default page", query: `{ engagements { nodes { id } } }`, want: querylimits.Cost{Requested: 50, Limit: 250_000}, found: true},
		{name: "over complexity", query: pageOfIDs(200_000), want: querylimits.Cost{Requested: 400_010, Limit: 250_000}, found: true},
		{name: "over fields", query: viewerFields(1001)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := post(t, ts, tt.query, nil)

			got, found := r.cost(t)
			if found != tt.found {
				t.Fatalf("extensions.cost present = %v, want %v; response %.300s", found, tt.found, r.Raw)
			}
			if got != tt.want {
				t.Errorf("extensions.cost = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestReferenceQuery(t *testing.T) {
	t.Parallel()
	ts := newServer(t, querylimits.DefaultConfig())

	r := post(t, ts, fullExpansion, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("full expansion of 100 engagements rejected: %.500s", r.Raw)
	}
	// The package documentation states this number; update both together.
	cost, _ := r.cost(t)
	if cost.Requested != 160_010 {
		t.Errorf("reference query costs %d, want 160010", cost.Requested)
	}

	r = post(t, ts, fullExpansionTwice, nil)
	if got := r.code(); got != querylimits.CodeComplexityLimit {
		t.Errorf("full expansion under edges and nodes: code = %q, want %s", got, querylimits.CodeComplexityLimit)
	}
	cost, _ = r.cost(t)
	if cost.Requested != 318_910 {
		t.Errorf("full expansion under edges and nodes costs %d, want 318910", cost.Requested)
	}
}

func TestSchemaQueryPasses(t *testing.T) {
	t.Parallel()
	ts := newServer(t, querylimits.DefaultConfig())

	r := post(t, ts, schemaQuery, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("GraphiQL's schema query rejected: %.500s", r.Raw)
	}
	if r.Data["__schema"] == nil {
		t.Errorf("data.__schema missing: %.300s", r.Raw)
	}
}
