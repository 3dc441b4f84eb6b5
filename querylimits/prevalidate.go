package querylimits

import (
	"context"

	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// preCheckTokenLimit bounds the tokens that writtenFields.count parses; the
// handler's own parser limit rejects longer documents anyway.
const preCheckTokenLimit = 50_000

// writtenFields counts the fields written in a document, in operations and
// fragment definitions alike, without expanding fragment spreads. gqlparser's
// validation compares sibling fields pairwise, so its time grows with the
// square of this count. Checking the count first keeps a document of
// thousands of fields from costing seconds of CPU before the field limit
// rejects it.
type writtenFields struct {
	counts *lru.LRU[int]
}

func newWrittenFields() *writtenFields {
	return &writtenFields{counts: lru.New[int](1000)}
}

// count returns the number of fields written in query, or -1 when it does
// not parse; validation then reports the parse error.
func (w *writtenFields) count(ctx context.Context, query string) int {
	if n, ok := w.counts.Get(ctx, query); ok {
		return n
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, preCheckTokenLimit)
	if err != nil {
		return -1
	}
	n := 0
	for _, op := range doc.Operations {
		n += fieldsIn(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		n += fieldsIn(f.SelectionSet)
	}
	w.counts.Add(ctx, query, n)
	return n
}

func fieldsIn(set ast.SelectionSet) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			n += 1 + fieldsIn(s.SelectionSet)
		case *ast.InlineFragment:
			n += fieldsIn(s.SelectionSet)
		}
	}
	return n
}
