package querylimits_test

import (
	"context"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"

	"engagements/graph"
	"engagements/querylimits"
)

func TestExtensionNeedsComplexity(t *testing.T) {
	t.Parallel()
	schema := graph.NewExecutableSchema(graph.Config{
		Resolvers: stubResolver{},
		Directives: graph.DirectiveRoot{RequiresScope: func(ctx context.Context, _ any, next graphql.Resolver, _ string) (any, error) {
			return next(ctx)
		}},
	})
	srv := handler.New(schema)

	defer func() {
		p := recover()
		if p == nil {
			t.Fatal("Use accepted a schema without querylimits.Complexity")
		}
		if msg := p.(error).Error(); !strings.Contains(msg, "querylimits.Complexity()") {
			t.Errorf("panic %q does not name the fix", msg)
		}
	}()
	srv.Use(querylimits.Extension(querylimits.DefaultConfig()))
}

func TestConfigDefaults(t *testing.T) {
	t.Parallel()
	// A zero Config must behave like DefaultConfig: the alias limit of 30
	// applies, not a limit of 0.
	ts := newServer(t, querylimits.Config{})

	if r := post(t, ts, viewerAliases(30), nil); len(r.Errors) > 0 {
		t.Errorf("30 aliases rejected with a zero Config: %.300s", r.Raw)
	}
	if r := post(t, ts, viewerAliases(31), nil); r.code() != querylimits.CodeAliasLimit {
		t.Errorf("31 aliases: code = %q, want %s", r.code(), querylimits.CodeAliasLimit)
	}

	d := querylimits.DefaultConfig()
	if d.MaxComplexity != 250_000 || d.MaxDepth != 12 || d.MaxAliases != 30 || d.MaxFields != 500 || d.MaxVariableDepth != 16 {
		t.Errorf("DefaultConfig() = %+v, which no longer matches the package documentation", d)
	}
}
