// Package graph holds the GraphQL schema (schema/*.graphqls) and the code
// that gqlgen generates from it. Edit the schema, never the generated files,
// and run `go generate ./...`.
package graph
