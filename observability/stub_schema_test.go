package observability

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"go.opentelemetry.io/otel/trace"

	"engagements/graph"
	"engagements/graph/model"
)

// newGraphQLServer serves the real schema with stubResolver, over POST
// only, with exts added in order.
func newGraphQLServer(exts ...graphql.HandlerExtension) *handler.Server {
	schema := graph.NewExecutableSchema(graph.Config{
		Resolvers: stubResolver{},
		Directives: graph.DirectiveRoot{
			RequiresScope: func(ctx context.Context, _ any, next graphql.Resolver, _ string) (any, error) {
				return next(ctx)
			},
		},
	})
	srv := handler.New(schema)
	srv.AddTransport(transport.POST{})
	// The default recover function prints the stack, which is noise here.
	srv.SetRecoverFunc(func(context.Context, any) error { return errors.New("internal system error") })
	for _, ext := range exts {
		srv.Use(ext)
	}
	return srv
}

// postGraphQL sends body, a JSON GraphQL request, to h.
func postGraphQL(t testing.TB, h http.Handler, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// stubResolver returns fixed data. engagement(id:) fails by id: "missing"
// with a NOT_FOUND user error, "broken" with an internal error, "panic"
// with a panic. engagements returns e1 and e2, and companies fails on e2.
// viewer starts a child span named "stub.viewer" from its context.
type stubResolver struct{}

func (stubResolver) Engagement() graph.EngagementResolver { return stubEngagement{} }
func (stubResolver) Mutation() graph.MutationResolver     { return stubMutation{} }
func (stubResolver) Query() graph.QueryResolver           { return stubQuery{} }

type stubQuery struct{}

func (stubQuery) Node(context.Context, string) (model.Node, error) { return nil, nil }

func (stubQuery) Engagement(_ context.Context, id string) (*model.Engagement, error) {
	switch id {
	case "missing":
		return nil, &gqlerror.Error{Message: "engagement not found", Extensions: map[string]any{"code": "NOT_FOUND"}}
	case "broken":
		return nil, errors.New("read engagement: connection reset")
	case "panic":
		panic("stub resolver panicked")
	}
	return stubEngagementModel(id), nil
}

func (stubQuery) EngagementByExternalID(context.Context, string) (*model.Engagement, error) {
	return nil, nil
}

func (stubQuery) Engagements(context.Context, *int, *string, *model.EngagementFilter) (*model.EngagementConnection, error) {
	return &model.EngagementConnection{
		Nodes:    []*model.Engagement{stubEngagementModel("e1"), stubEngagementModel("e2")},
		Edges:    []*model.EngagementEdge{},
		PageInfo: &model.PageInfo{},
	}, nil
}

func (stubQuery) Viewer(ctx context.Context) (*model.Viewer, error) {
	_, span := trace.SpanFromContext(ctx).TracerProvider().Tracer("stub").Start(ctx, "stub.viewer")
	span.End()
	return &model.Viewer{
		Workspace: &model.Workspace{ID: "w1", Slug: "acme", Name: "Acme"},
		User:      &model.User{ID: "u1", Email: "ada@example.com"},
		Scopes:    []string{"engagements:read"},
	}, nil
}

type stubMutation struct{}

func (stubMutation) CreateEngagement(context.Context, model.CreateEngagementInput) (*model.CreateEngagementPayload, error) {
	return &model.CreateEngagementPayload{Engagement: stubEngagementModel("new"), Created: true, UserErrors: []*model.UserError{}}, nil
}

type stubEngagement struct{}

func (stubEngagement) Companies(_ context.Context, obj *model.Engagement) ([]*model.Company, error) {
	if obj.ID == "e2" {
		return nil, errors.New("load companies: connection reset")
	}
	return []*model.Company{}, nil
}

func (stubEngagement) Contacts(context.Context, *model.Engagement) ([]*model.Contact, error) {
	return []*model.Contact{}, nil
}

func (stubEngagement) Owner(context.Context, *model.Engagement) (*model.User, error) { return nil, nil }

func (stubEngagement) ActionItems(context.Context, *model.Engagement) ([]*model.ActionItem, error) {
	return []*model.ActionItem{}, nil
}

func (stubEngagement) Signals(context.Context, *model.Engagement) ([]*model.Signal, error) {
	return []*model.Signal{}, nil
}

func stubEngagementModel(id string) *model.Engagement {
	return &model.Engagement{ID: id, Type: model.EngagementTypeCall, CreatedAt: time.Unix(0, 0).UTC()}
}
