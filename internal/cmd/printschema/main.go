// Command printschema writes the schema from graph/schema/*.graphqls as
// one SDL file, so that client code generators and schema-diff tools can
// read it without running the server.
//
// Usage: go run ./internal/cmd/printschema schema.graphql
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: printschema OUTPUT")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "printschema:", err)
		os.Exit(1)
	}
}

func run(output string) error {
	files, err := filepath.Glob("graph/schema/*.graphqls")
	if err != nil {
		return err
	}
	sort.Strings(files)
	var sources []*ast.Source
	for _, name := range files {
		text, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		sources = append(sources, &ast.Source{Name: name, Input: string(text)})
	}
	schema, gqlErr := gqlparser.LoadSchema(sources...)
	if gqlErr != nil {
		return gqlErr
	}

	var b bytes.Buffer
	b.WriteString("# Generated from graph/schema/*.graphqls by `go generate ./...`. Do not edit.\n\n")
	formatter.NewFormatter(&b, formatter.WithIndent("  ")).FormatSchema(schema)
	return os.WriteFile(output, b.Bytes(), 0o644)
}
