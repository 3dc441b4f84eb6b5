package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// protocolError is a request that the GraphQL-over-HTTP layer rejects
// before gqlgen receives it.
type protocolError struct {
	status  int
	code    string
	message string
	// allow is the Allow header of a 405.
	allow string
}

func (e *protocolError) Error() string { return e.message }

func badRequest(format string, args ...any) *protocolError {
	return &protocolError{status: http.StatusBadRequest, code: "BAD_REQUEST", message: fmt.Sprintf(format, args...)}
}

// jsonKind is the first byte of a JSON value, which identifies its type: '{'
// object, '[' array, '"' string, 'n' null, 't' or 'f' boolean, anything
// else a number. Zero means that the value is absent. Decoding into it
// checks the syntax of the value but copies nothing, so a large variables
// object costs no allocation here.
type jsonKind byte

// UnmarshalJSON records the kind of the value. encoding/json calls it for
// a null too, and has checked the syntax of the whole input before.
func (k *jsonKind) UnmarshalJSON(b []byte) error {
	*k = jsonKind(b[0])
	return nil
}

func (k jsonKind) String() string {
	switch k {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 'n':
		return "null"
	case 't', 'f':
		return "boolean"
	}
	return "number"
}

// requestParams has the kinds of the parameters of a JSON-encoded
// GraphQL-over-HTTP request. Other keys are ignored, as the draft requires.
type requestParams struct {
	Query         jsonKind `json:"query"`
	OperationName jsonKind `json:"operationName"`
	Variables     jsonKind `json:"variables"`
	Extensions    jsonKind `json:"extensions"`
}

// checkJSONBody returns an error unless body is one well-formed
// GraphQL-over-HTTP request in JSON: an object whose query is a string,
// whose operationName is a string or null, and whose variables and
// extensions are objects or null. The document in query is left to gqlgen.
func checkJSONBody(body []byte) *protocolError {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 {
		return badRequest(`request body is empty: send a JSON object such as {"query": "{ viewer { scopes } }"}`)
	}
	if trimmed[0] == '[' {
		return &protocolError{status: http.StatusBadRequest, code: "BATCHING_NOT_SUPPORTED",
			message: "batched requests (a JSON array of operations) are not supported: send each operation in its own request as a JSON object"}
	}

	// Unmarshal checks the syntax of the whole body before it decodes, so a
	// syntax error is reported even when the body is not an object.
	var params requestParams
	err := json.Unmarshal(trimmed, &params)
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		return badRequest("request body is not valid JSON (%v): send a JSON object with a query string", err)
	}
	if trimmed[0] != '{' {
		return badRequest("request body is a JSON %s: send a JSON object with a query string", jsonKind(trimmed[0]))
	}
	if err != nil {
		return badRequest("request body could not be decoded (%v): send a JSON object with a query string", err)
	}
	return params.check()
}

func (p requestParams) check() *protocolError {
	switch p.Query {
	case 0, 'n':
		return badRequest(`request has no query: send the GraphQL document as the string "query"`)
	case '"':
	default:
		return badRequest("query is a JSON %s: send the GraphQL document as a string", p.Query)
	}
	if p.OperationName != 0 && p.OperationName != 'n' && p.OperationName != '"' {
		return badRequest("operationName is a JSON %s: send a string, null, or leave it out", p.OperationName)
	}
	if err := checkMap("variables", p.Variables); err != nil {
		return err
	}
	return checkMap("extensions", p.Extensions)
}

func checkMap(name string, k jsonKind) *protocolError {
	if k != 0 && k != 'n' && k != '{' {
		return badRequest("%s is a JSON %s: send a JSON object, null, or leave it out", name, k)
	}
	return nil
}

// checkGETParams returns an error unless the URL query of a GET request
// holds a well-formed GraphQL-over-HTTP request: a query parameter, and
// variables and extensions that are empty or JSON objects.
func checkGETParams(rawQuery string) (url.Values, *protocolError) {
	values, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, badRequest("URL query is malformed (%v): encode the parameters as application/x-www-form-urlencoded", err)
	}
	if !values.Has("query") {
		return nil, badRequest("GET request has no query parameter: put the GraphQL document in ?query=")
	}
	for _, name := range []string{"variables", "extensions"} {
		if err := checkJSONMapParam(name, values.Get(name)); err != nil {
			return nil, err
		}
	}
	return values, nil
}

// checkJSONMapParam checks one URL parameter that must hold a JSON object.
// The empty string counts as absent, as the draft specifies.
func checkJSONMapParam(name, value string) *protocolError {
	if value == "" {
		return nil
	}
	var k jsonKind
	if err := json.Unmarshal([]byte(value), &k); err != nil {
		return badRequest("%s parameter is not valid JSON (%v): send a URL-encoded JSON object", name, err)
	}
	return checkMap(name, k)
}
