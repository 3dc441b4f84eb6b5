package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// marshalSliceSequentially replaces graphql.MarshalSliceConcurrently in
// generated.go (see internal/cmd/sequentiallists): it marshals the
// elements in order on the calling goroutine. A panic in one element is
// recovered and reported on that element, as gqlgen's version does.
// workerLimit is unused because nothing runs concurrently here.
func marshalSliceSequentially(
	ctx context.Context,
	length int,
	workerLimit int64,
	omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler,
) graphql.Array {
	ret := make(graphql.Array, length)
	for i := range length {
		index := i
		childCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &index})
		if omitPanicHandler {
			ret[i] = marshalElement(childCtx, i)
			continue
		}
		ret[i] = marshalRecovering(childCtx, i, marshalElement)
	}
	return ret
}

func marshalRecovering(ctx context.Context, i int, marshalElement func(ctx context.Context, i int) graphql.Marshaler) (m graphql.Marshaler) {
	defer func() {
		if r := recover(); r != nil {
			graphql.AddError(ctx, graphql.Recover(ctx, r))
			m = graphql.Null
		}
	}()
	return marshalElement(ctx, i)
}
