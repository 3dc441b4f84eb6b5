package querylimits

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"

	"engagements/graph"
)

// benchmarkOperation measures the checks of MutateOperationContext on query.
func benchmarkOperation(b *testing.B, query string) {
	schema := graph.NewExecutableSchema(graph.Config{Complexity: Complexity()})
	doc, errs := gqlparser.LoadQuery(schema.Schema(), query)
	if errs != nil {
		b.Fatalf("load query: %v", errs)
	}
	ext := Extension(DefaultConfig()).(*limits)
	if err := ext.Validate(schema); err != nil {
		b.Fatal(err)
	}

	b.ReportAllocs()
	for b.Loop() {
		opCtx := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]}
		ext.MutateOperationContext(context.Background(), opCtx)
	}
}

func BenchmarkPage(b *testing.B) {
	benchmarkOperation(b, `{ engagements(first: 100) { nodes { id title owner { email }
		transcriptTimeline { entries { speaker { name } sentences { text startMs endMs } } } } } }`)
}

func BenchmarkDoublingFragments(b *testing.B) {
	var q strings.Builder
	q.WriteString("{ viewer { ...F0 } } ")
	for i := range 40 {
		fmt.Fprintf(&q, "fragment F%d on Viewer { ...F%d ...F%d } ", i, i+1, i+1)
	}
	q.WriteString("fragment F40 on Viewer { scopes }")
	benchmarkOperation(b, q.String())
}
