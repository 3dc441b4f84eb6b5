package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// graphQLOverHTTP makes the GraphQL endpoint follow the GraphQL-over-HTTP
// draft where gqlgen's transports do not. It must sit inside limitBody,
// because it reads the whole body of a POST, and belongs inside withAuth,
// so that the server reads no body of a request without a valid token.
//
// Before gqlgen runs, it rejects what gqlgen would accept or respond to
// wrongly: other methods (405), an Accept header that allows neither
// response type (406), a POST body that is not JSON (415, which also keeps
// browsers from sending cross-site "simple requests" that skip the CORS
// preflight), a body or URL that is not a well-formed request or is a batch
// (400), and a mutation over GET (405 with Allow: POST).
//
// It then negotiates the response type once and hands gqlgen a request
// whose Accept header names only that type, so gqlgen's transports pick it
// and its status codes: 400 for a GraphQL request error under
// application/graphql-response+json, 422 under application/json, and 200
// once execution started, even with field errors. A wrapped
// ResponseWriter turns that 422 into 200, which the graphql-http audits
// expect under application/json for a well-formed request. It also drops the
// "data": null that gqlgen writes beside request errors, because the
// GraphQL specification leaves data out when execution never started.
// Rewriting the response is simpler than replacing gqlgen's transports.
func graphQLOverHTTP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept")
		if r.Method != http.MethodGet && r.Method != http.MethodPost {
			w.Header().Set("Allow", "GET, POST")
			writeProtocolError(w, mediaTypeJSON, &protocolError{
				status: http.StatusMethodNotAllowed, code: "METHOD_NOT_ALLOWED",
				message: fmt.Sprintf("method %s is not allowed: send a POST with a JSON body, or a GET for a query", r.Method),
			})
			return
		}

		mediaType, ok := negotiateResponseType(r.Header.Values("Accept"))
		if !ok {
			writeProtocolError(w, mediaTypeJSON, &protocolError{
				status: http.StatusNotAcceptable, code: "NOT_ACCEPTABLE",
				message: "the Accept header allows no type this server sends: accept application/graphql-response+json or application/json",
			})
			return
		}

		inner := r.Clone(r.Context())
		inner.Header.Set("Accept", mediaType)
		var perr *protocolError
		if r.Method == http.MethodPost {
			perr = preparePOST(inner)
		} else {
			perr = checkGET(inner)
		}
		if perr != nil {
			if perr.allow != "" {
				w.Header().Set("Allow", perr.allow)
			}
			writeProtocolError(w, mediaType, perr)
			return
		}

		rw := &negotiatedWriter{ResponseWriter: w, mediaType: mediaType}
		next.ServeHTTP(rw, inner)
		rw.finish()
	})
}

// preparePOST checks the Content-Type and the body of a POST and replaces
// r.Body with the bytes it read, for gqlgen to read again.
func preparePOST(r *http.Request) *protocolError {
	if err := checkContentType(r.Header.Get("Content-Type")); err != nil {
		return err
	}

	body, err := io.ReadAll(r.Body)
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return &protocolError{status: http.StatusRequestEntityTooLarge, code: "REQUEST_TOO_LARGE",
			message: "request body is larger than the maximum of " + formatBytes(tooLarge.Limit)}
	}
	if err != nil {
		return badRequest("could not read the request body (%v): send it again", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))

	return checkJSONBody(body)
}

// checkContentType accepts application/json in UTF-8 only. The draft
// requires JSON and lets a server accept other types, but
// application/x-www-form-urlencoded, multipart/form-data and text/plain
// are the types that a cross-site form or fetch can send without a CORS
// preflight.
func checkContentType(header string) *protocolError {
	unsupported := func(format string, args ...any) *protocolError {
		return &protocolError{status: http.StatusUnsupportedMediaType, code: "UNSUPPORTED_MEDIA_TYPE",
			message: fmt.Sprintf(format, args...)}
	}
	if strings.TrimSpace(header) == "" {
		return unsupported("request has no Content-Type header: send the body as JSON with Content-Type: application/json")
	}

	mediaType, params, err := mime.ParseMediaType(header)
	if err != nil {
		return unsupported("Content-Type header is malformed (%v): send Content-Type: application/json", err)
	}
	if mediaType != mediaTypeJSON {
		return unsupported("Content-Type %s is not supported: send the body as JSON with Content-Type: application/json", mediaType)
	}
	if charset, ok := params["charset"]; ok && !strings.EqualFold(charset, "utf-8") {
		return unsupported("charset %q is not supported: send the JSON body in UTF-8", charset)
	}
	return nil
}

// checkGET checks the URL parameters of a GET and rejects an operation
// other than a query with 405, because GET must be safe. It parses the
// document a second time, since gqlgen offers no hook before execution
// that could respond with a status code. A document that does not parse,
// or names no operation that it contains, is left to gqlgen to report.
func checkGET(r *http.Request) *protocolError {
	values, perr := checkGETParams(r.URL.RawQuery)
	if perr != nil {
		return perr
	}

	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: values.Get("query")}, parserTokenLimit)
	if err != nil {
		return nil
	}
	op := doc.Operations.ForName(values.Get("operationName"))
	if op == nil || op.Operation == ast.Query {
		return nil
	}
	return &protocolError{status: http.StatusMethodNotAllowed, code: "METHOD_NOT_ALLOWED", allow: http.MethodPost,
		message: fmt.Sprintf("a %s cannot be sent with GET, which may only run queries: send it as a POST with a JSON body", op.Operation)}
}

// writeProtocolError writes a GraphQL response with one error and no data.
func writeProtocolError(w http.ResponseWriter, mediaType string, perr *protocolError) {
	w.Header().Set("Content-Type", mediaType+"; charset=utf-8")
	w.WriteHeader(perr.status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(map[string]any{
		"errors": []map[string]any{{"message": perr.message, "extensions": map[string]any{"code": perr.code}}},
	})
}
