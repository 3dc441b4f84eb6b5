package httpapi

import "context"

// requestInfo collects what inner handlers learn about a request, such as
// the token, for the access log line written by an outer one.
type requestInfo struct {
	tokenID     string
	workspaceID string
	operation   string
}

type requestInfoKey struct{}

func withRequestInfo(ctx context.Context, info *requestInfo) context.Context {
	return context.WithValue(ctx, requestInfoKey{}, info)
}

func requestInfoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return info
}
