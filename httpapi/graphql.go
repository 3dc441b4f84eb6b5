package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"engagements/graph"
	"engagements/logging"
	"engagements/observability"
	"engagements/querylimits"
	"engagements/resolvers"
)

// parserTokenLimit bounds the tokens of one GraphQL document, so that a
// huge document is rejected while it is parsed. The full-expansion query of
// the README has about 200 tokens and GraphiQL's schema query about 400.
const parserTokenLimit = 15000

// newGraphQLHandler builds the GraphQL executor with only the transports
// the API uses: POST with a JSON body and GET for queries. Multipart and
// websockets are left out on purpose.
func newGraphQLHandler(root *resolvers.Resolver, cfg Config) *handler.Server {
	schema := graph.NewExecutableSchema(graph.Config{
		Resolvers:  root,
		Directives: graph.DirectiveRoot{RequiresScope: resolvers.RequiresScope},
		Complexity: querylimits.Complexity(),
	})

	srv := handler.New(schema)
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.SetParserTokenLimit(parserTokenLimit)
	if cfg.DisableIntrospection {
		srv.SetDisableSuggestion(true)
	} else {
		srv.Use(extension.Introspection{})
	}
	srv.Use(querylimits.Extension(cfg.Limits))
	srv.Use(&intVariables{})
	if cfg.Metrics != nil {
		srv.Use(cfg.Metrics.GraphQLExtension())
	}
	if cfg.Tracing {
		srv.Use(observability.GraphQLTracing())
	}
	if cfg.RateLimiter != nil {
		srv.AroundOperations(limitMutations(cfg.RateLimiter, cfg.RateLimits, cfg.Logger, cfg.Metrics.RateLimitRejected))
	}
	srv.AroundOperations(recordOperationName)
	srv.AroundFields(hideInternalErrors(cfg.Logger))
	srv.SetErrorPresenter(presentError(cfg.Logger))
	srv.SetRecoverFunc(recoverResolver(cfg.Logger))
	return srv
}

// recordOperationName passes the operation's name to the access log.
func recordOperationName(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if info := requestInfoFrom(ctx); info != nil {
		info.operation = graphql.GetOperationContext(ctx).OperationName
	}
	return next(ctx)
}

// hideInternalErrors is a field middleware that lets the resolvers'
// user-facing errors (a gqlerror with an extensions.code) through and
// replaces every other resolver error with "internal error" and the request
// ID, logging the cause. Errors in arguments never reach it: gqlgen reports
// those before the field runs.
func hideInternalErrors(logger *slog.Logger) graphql.FieldMiddleware {
	return func(ctx context.Context, next graphql.Resolver) (any, error) {
		res, err := next(ctx)
		if err == nil || isUserFacing(err) {
			return res, err
		}
		if name := graphql.GetFieldContext(ctx).Field.Name; name == "__schema" || name == "__type" {
			// gqlgen's only error on these fields is "introspection
			// disabled", which is the configuration, not a failure.
			return res, &gqlerror.Error{
				Message:    "introspection is disabled on this server; use the schema.graphql file of the API instead",
				Path:       graphql.GetPath(ctx),
				Extensions: map[string]any{"code": "INTROSPECTION_DISABLED"},
			}
		}

		path := graphql.GetPath(ctx).String()
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			logger.WarnContext(ctx, "request ended before the field resolved", "path", path, "err", err)
		} else {
			logger.ErrorContext(ctx, "resolver failed", "path", path, "err", err)
		}
		return res, internalError(ctx)
	}
}

func isUserFacing(err error) bool {
	var gqlErr *gqlerror.Error
	return errors.As(err, &gqlErr) && gqlErr.Extensions["code"] != nil
}

// presentError is the last guard before errors reach the client. By the
// time errors get here, hideInternalErrors and recoverResolver have
// replaced internal ones, so anything that is still not a GraphQL error is
// unexpected: it is logged and hidden too.
func presentError(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		var gqlErr *gqlerror.Error
		if errors.As(err, &gqlErr) {
			return graphql.DefaultErrorPresenter(ctx, err)
		}
		logger.ErrorContext(ctx, "unexpected error outside a resolver", "err", err)
		return internalError(ctx)
	}
}

// internalError is the only error clients see for failures of the server.
func internalError(ctx context.Context) *gqlerror.Error {
	id := logging.RequestID(ctx)
	return &gqlerror.Error{
		Message:    fmt.Sprintf("internal error (request ID %s); retry later or report the ID", id),
		Path:       graphql.GetPath(ctx),
		Extensions: map[string]any{"code": "INTERNAL", "requestId": id},
	}
}

// recoverResolver logs a resolver panic with its stack and turns it into
// an internal error, so one bad field cannot take the server down.
func recoverResolver(logger *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "resolver panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return internalError(ctx)
	}
}
