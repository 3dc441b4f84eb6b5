// Command engagements serves the engagements GraphQL API and administers
// it: migrations, workspaces, tokens and demo data.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

//go:generate go tool gqlgen generate
//go:generate go run ./internal/cmd/sequentiallists graph/generated.go
//go:generate go run ./internal/cmd/printschema schema.graphql

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "engagements:", err)
		os.Exit(1)
	}
}

const usage = `usage: engagements [command] [flags]

commands:
  serve (default)     apply migrations and serve the API on ADDR
  migrate             apply migrations and exit
  workspace create    --slug SLUG [--name NAME] [--private-by-default]
  token create        --workspace SLUG --email EMAIL --scopes SCOPE[,SCOPE...]
  token revoke        --id TOKEN_ID
  seed                --workspace SLUG --engagements N

Settings come from the environment; see the README for the list.`

// run executes one command. It owns configuration and wiring so that tests
// can run the whole program in-process; ctx ends when the process is asked
// to stop.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}

	command := "serve"
	if len(args) > 0 {
		command, args = args[0], args[1:]
	}
	if (command == "serve" || command == "migrate") && len(args) > 0 {
		return fmt.Errorf("%s takes no arguments, got %q; settings come from the environment", command, args)
	}
	switch command {
	case "serve":
		return serve(ctx, cfg, getenv, stderr)
	case "migrate":
		return migrate(ctx, cfg, stderr)
	case "workspace":
		return workspaceCommand(ctx, cfg, args, stdout)
	case "token":
		return tokenCommand(ctx, cfg, args, stdout, stderr)
	case "seed":
		return seedCommand(ctx, cfg, args, stdout)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", command, usage)
}
