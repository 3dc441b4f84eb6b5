package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"

	"github.com/google/uuid"

	"engagements/auth"
	"engagements/db"
	"engagements/engagement"
	"engagements/seed"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// checkSlug checks the value of the flag named flagName.
func checkSlug(flagName, slug string) error {
	if !slugPattern.MatchString(slug) {
		return fmt.Errorf("--%s %q is invalid: use 1 to 63 lower-case letters, digits and dashes, starting with a letter or digit", flagName, slug)
	}
	return nil
}

// workspaceCommand runs `workspace create`.
func workspaceCommand(ctx context.Context, cfg config, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: workspace create --slug SLUG [--name NAME] [--private-by-default]")
	}
	flags := flag.NewFlagSet("workspace create", flag.ContinueOnError)
	slug := flags.String("slug", "", "short unique name of the workspace (required)")
	name := flags.String("name", "", "display name (default: the slug)")
	private := flags.Bool("private-by-default", false, "make engagements private unless a create says otherwise")
	if err := flags.Parse(args[1:]); err != nil {
		return err
	}
	if err := checkSlug("slug", *slug); err != nil {
		return err
	}

	return withStore(ctx, cfg, func(store *db.Store) error {
		w, err := store.CreateWorkspace(ctx, *slug, or(*name, *slug), *private)
		if errors.Is(err, db.ErrWorkspaceExists) {
			return fmt.Errorf("workspace %q already exists", *slug)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created workspace %s (private by default: %t)\n", w.Slug, w.PrivateByDefault)
		return nil
	})
}

// tokenCommand runs `token create` and `token revoke`. create prints the
// new token alone on stdout, since it cannot be shown again, and its ID,
// which revoke takes, on stderr.
func tokenCommand(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "create" && args[0] != "revoke") {
		return errors.New("usage: token create --workspace SLUG --email EMAIL --scopes SCOPES | token revoke --id TOKEN_ID")
	}
	if args[0] == "revoke" {
		return revokeToken(ctx, cfg, args[1:], stdout)
	}

	flags := flag.NewFlagSet("token create", flag.ContinueOnError)
	slug := flags.String("workspace", "", "workspace slug, created when missing (required)")
	email := flags.String("email", "", "email of the token's user, created when missing (required)")
	scopeList := flags.String("scopes", "", "comma-separated scopes: engagements:read, engagements:write, engagements:private:read (required)")
	if err := flags.Parse(args[1:]); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("token create takes only flags, got %q", flags.Args())
	}
	if err := checkSlug("workspace", *slug); err != nil {
		return err
	}
	if problem := engagement.CheckEmail(*email); problem != nil {
		return fmt.Errorf("--email: %s", problem.Message)
	}
	scopes, err := auth.ParseScopes(*scopeList)
	if err != nil {
		return fmt.Errorf("--scopes: %w", err)
	}

	return withStore(ctx, cfg, func(store *db.Store) error {
		w, err := ensureWorkspace(ctx, store, *slug)
		if err != nil {
			return err
		}
		userID, err := store.EnsureUser(ctx, w.ID, engagement.NormalizeEmail(*email))
		if err != nil {
			return err
		}
		token, hash, err := auth.NewToken()
		if err != nil {
			return err
		}
		id, err := store.CreateToken(ctx, w.ID, userID, hash, scopes)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, token)
		fmt.Fprintf(stderr, "created token %s for %s in workspace %s; revoke it with: token revoke --id %s\n", id, *email, w.Slug, id)
		return nil
	})
}

func revokeToken(ctx context.Context, cfg config, args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("token revoke", flag.ContinueOnError)
	idText := flags.String("id", "", "ID of the token to revoke, as logged in token_id (required)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	id, err := uuid.Parse(*idText)
	if err != nil {
		return fmt.Errorf("--id %q is invalid: expected a token ID such as 0b7c3f0e-2a51-4d8e-9a34-5f1c2f0d9e21", *idText)
	}
	return withStore(ctx, cfg, func(store *db.Store) error {
		if err := store.RevokeToken(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "revoked token %s\n", id)
		return nil
	})
}

// ensureWorkspace returns the workspace with slug, creating it when
// missing. A concurrent creator of the same slug is not an error.
func ensureWorkspace(ctx context.Context, store *db.Store, slug string) (*engagement.Workspace, error) {
	w, err := store.WorkspaceBySlug(ctx, slug)
	if errors.Is(err, engagement.ErrNotFound) {
		w, err = store.CreateWorkspace(ctx, slug, slug, false)
		if errors.Is(err, db.ErrWorkspaceExists) {
			return store.WorkspaceBySlug(ctx, slug)
		}
	}
	return w, err
}

// seedCommand runs `seed`.
func seedCommand(ctx context.Context, cfg config, args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("seed", flag.ContinueOnError)
	slug := flags.String("workspace", "", "workspace slug, created when missing (required)")
	count := flags.Int("engagements", 100, "number of engagements to add")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if err := checkSlug("workspace", *slug); err != nil {
		return err
	}
	if *count < 1 || *count > 1_000_000 {
		return fmt.Errorf("--engagements %d is out of range: use 1 to 1000000", *count)
	}

	return withStore(ctx, cfg, func(store *db.Store) error {
		w, err := ensureWorkspace(ctx, store, *slug)
		if err != nil {
			return err
		}
		stats, err := seed.Run(ctx, store.Pool(), w.ID, *count)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "seeded workspace %s with %d engagements in %s\n", w.Slug, stats.Engagements, stats.Duration.Round(1e6))
		return nil
	})
}

// withStore opens the database, applies migrations and runs f.
func withStore(ctx context.Context, cfg config, f func(*db.Store) error) error {
	pool, err := openDatabase(ctx, cfg, nil)
	if err != nil {
		return err
	}
	defer pool.Close()
	return f(db.NewStore(pool))
}
