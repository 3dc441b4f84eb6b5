package querylimits

import (
	"encoding/json"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"engagements/graph"
)

// exactShape counts the depth, aliases and fields of set without any
// bound, giving up after budget selections. It is the reference for
// measureShape on small documents.
type exactShape struct {
	depth, aliases, fields, selections, budget int
}

func (e *exactShape) walk(set ast.SelectionSet, depth int, introspection bool) bool {
	for _, sel := range set {
		e.selections++
		if e.selections > e.budget {
			return false
		}
		switch s := sel.(type) {
		case *ast.Field:
			e.fields++
			if s.Alias != s.Name {
				e.aliases++
			}
			in := introspection || s.Name == "__schema" || s.Name == "__type"
			d := depth
			if !in {
				d++
				e.depth = max(e.depth, d)
			}
			if !e.walk(s.SelectionSet, d, in) {
				return false
			}
		case *ast.InlineFragment:
			if !e.walk(s.SelectionSet, depth, introspection) {
				return false
			}
		case *ast.FragmentSpread:
			if !e.walk(s.Definition.SelectionSet, depth, introspection) {
				return false
			}
		}
	}
	return true
}

func FuzzMeasureShape(f *testing.F) {
	for _, seed := range []string{
		`{ viewer { scopes } }`,
		`{ a: viewer { scopes } b: viewer { s: scopes } }`,
		`{ engagements(first: 3) { nodes { id transcriptTimeline { entries { sentences { text } } } } } }`,
		`{ viewer { ...V ...V } } fragment V on Viewer { user { id } ... on Viewer { x: scopes } }`,
		`{ __schema { types { name fields { type { ofType { name } } } } } }`,
		`{ viewer { ...A } } fragment A on Viewer { ...B ...B } fragment B on Viewer { scopes __typename }`,
		`{ node(id: "x") { id ... on Engagement { owner { email } } } }`,
	} {
		f.Add(seed, 3, 2, 10)
	}
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()

	f.Fuzz(func(t *testing.T, query string, maxDepth, maxAliases, maxFields int) {
		if maxDepth < 1 || maxAliases < 1 || maxFields < 1 || maxDepth > 20 || maxAliases > 50 || maxFields > 50 {
			return
		}
		doc, errs := gqlparser.LoadQuery(schema, query)
		if errs != nil || len(doc.Operations) == 0 {
			return
		}
		cfg := Config{MaxDepth: maxDepth, MaxAliases: maxAliases, MaxFields: maxFields}
		op := doc.Operations[0]

		exact := exactShape{budget: 100_000}
		if !exact.walk(op.SelectionSet, 0, false) {
			return
		}
		wantOver := exact.depth > maxDepth || exact.aliases > maxAliases ||
			exact.fields > maxFields || exact.selections > selectionBudget*maxFields

		over := measureShape(op, cfg)
		if (over != nil) != wantOver {
			t.Fatalf("measureShape = %+v, exact counts %+v with %+v", over, exact, cfg)
		}
		if over != nil && over.atLeast <= over.max {
			t.Fatalf("reported count %d is not over the maximum %d", over.atLeast, over.max)
		}
	})
}

// exactDepth returns the nesting depth of v without a bound.
func exactDepth(v any) int {
	deepest := 0
	switch v := v.(type) {
	case []any:
		for _, item := range v {
			deepest = max(deepest, exactDepth(item))
		}
	case map[string]any:
		for _, item := range v {
			deepest = max(deepest, exactDepth(item))
		}
	}
	return deepest + 1
}

func FuzzVariablesTooDeep(f *testing.F) {
	for _, seed := range []string{
		`{}`,
		`{"x": 1}`,
		`{"x": [[1], 2, {"a": [3]}]}`,
		`{"input": {"transcriptTimeline": {"entries": [{"sentences": [{"text": "Hi."}]}]}}}`,
		`{"x": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}`,
	} {
		f.Add(seed, 3)
	}

	f.Fuzz(func(t *testing.T, raw string, limit int) {
		if limit < 1 || limit > 64 {
			return
		}
		var vars map[string]any
		if json.Unmarshal([]byte(raw), &vars) != nil {
			return
		}

		want := false
		for _, v := range vars {
			want = want || exactDepth(v) > limit
		}
		if got := variablesTooDeep(vars, limit); got != want {
			t.Fatalf("variablesTooDeep(%s, %d) = %v, want %v", raw, limit, got, want)
		}
	})
}
