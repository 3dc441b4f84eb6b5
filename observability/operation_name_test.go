package observability

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

func TestOperationName(t *testing.T) {
	t.Parallel()
	parsed := func(name string) *graphql.OperationContext {
		return &graphql.OperationContext{Operation: &ast.OperationDefinition{Name: name}}
	}
	unparsed := func(name string) *graphql.OperationContext {
		return &graphql.OperationContext{OperationName: name}
	}
	tests := []struct {
		name  string
		opCtx *graphql.OperationContext
		want  string
	}{
		{"parsed", parsed("ListEngagements"), "ListEngagements"},
		{"underscore digits", parsed("_op_2"), "_op_2"},
		{"anonymous", parsed(""), anonymousOperation},
		{"max length", parsed(strings.Repeat("a", maxOperationNameLen)), strings.Repeat("a", maxOperationNameLen)},
		{"too long", parsed(strings.Repeat("a", maxOperationNameLen+1)), otherLabel},
		{"client name", unparsed("Broken"), "Broken"},
		{"client name odd", unparsed(`x"} 1`), otherLabel},
		{"client name unicode", unparsed("Liste_é"), otherLabel},
		{"leading digit", unparsed("9lives"), otherLabel},
		{"no name", unparsed(""), unknownOperation},
		{"no context", nil, unknownOperation},
	}
	for _, tt := range tests {
		if got := operationName(tt.opCtx); got != tt.want {
			t.Errorf("%s: operationName = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestLabelSetAdmitsUpToMax(t *testing.T) {
	t.Parallel()
	s := newLabelSet(3)
	for _, v := range []string{"a", "b", "c"} {
		if got := s.admit(v); got != v {
			t.Errorf("admit(%q) = %q before the set is full", v, got)
		}
	}
	if got := s.admit("d"); got != otherLabel {
		t.Errorf("admit(d) = %q on a full set, want %q", got, otherLabel)
	}
	if got := s.admit("a"); got != "a" {
		t.Errorf("admit(a) = %q after the set filled, want a", got)
	}
}

func TestLabelSetConcurrent(t *testing.T) {
	t.Parallel()
	const max = 50
	s := newLabelSet(max)
	var mu sync.Mutex
	distinct := map[string]bool{}

	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				got := s.admit(fmt.Sprintf("v%d_%d", g, i))
				mu.Lock()
				distinct[got] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()

	if len(distinct) != max+1 {
		t.Errorf("got %d distinct labels, want %d admitted plus %q", len(distinct), max, otherLabel)
	}
}

func FuzzOperationName(f *testing.F) {
	for _, seed := range []string{"Op", "", "_", "9a", "a-b", "é", strings.Repeat("x", 100), "a\x00"} {
		f.Add(seed, true)
		f.Add(seed, false)
	}
	f.Fuzz(func(t *testing.T, name string, parsed bool) {
		opCtx := &graphql.OperationContext{OperationName: name}
		if parsed {
			opCtx.Operation = &ast.OperationDefinition{Name: name}
		}
		got := operationName(opCtx)
		switch got {
		case anonymousOperation, unknownOperation, otherLabel:
			return
		}
		if got != name {
			t.Fatalf("operationName(%q) = %q, want the name or a fixed label", name, got)
		}
		if len(got) > maxOperationNameLen || !isGraphQLName(got) {
			t.Fatalf("operationName(%q) = %q, which is not a short GraphQL name", name, got)
		}
		for i := 0; i < len(got); i++ {
			c := got[i]
			if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
				t.Fatalf("operationName(%q) = %q contains %q", name, got, c)
			}
		}
	})
}
