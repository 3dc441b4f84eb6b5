// Command sequentiallists rewrites gqlgen's generated executor so that it
// marshals the elements of a list one after another instead of in a
// goroutine each. gqlgen 0.17 starts a goroutine for every element of
// every list of objects, which for a page of 100 engagements with their
// transcripts means thousands of goroutines whose stack growth and
// scheduling cost more than the marshaling itself. Field resolvers that
// need the database still run concurrently inside each object, and the
// dataloaders batch them, since list resolvers queue their keys up front.
//
// Usage: go run ./internal/cmd/sequentiallists graph/generated.go
package main

import (
	"bytes"
	"fmt"
	"os"
)

const (
	concurrent = "graphql.MarshalSliceConcurrently("
	sequential = "marshalSliceSequentially("
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: sequentiallists FILE")
		os.Exit(2)
	}
	if err := rewrite(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "sequentiallists:", err)
		os.Exit(1)
	}
}

func rewrite(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	count := bytes.Count(src, []byte(concurrent))
	if count == 0 && !bytes.Contains(src, []byte(sequential)) {
		// gqlgen changed what it generates; fail loudly rather than
		// silently going back to a goroutine per element.
		return fmt.Errorf("%s calls neither %s nor %s", path, concurrent, sequential)
	}
	out := bytes.ReplaceAll(src, []byte(concurrent), []byte(sequential))
	return os.WriteFile(path, out, 0o644)
}
