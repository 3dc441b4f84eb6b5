// Package blob stores media files, such as partners' recordings, by key.
// Store is the interface that every backend implements. LocalDisk keeps the
// files in a directory on the server's own disk.
package blob

import (
	"context"
	"errors"
	"io"
	"time"
)

// Store keeps media files by key. Keys are chosen by the server (an
// engagement id plus a suffix), never by users, but every method still
// validates them and rejects a bad key with an error wrapping ErrInvalidKey.
// A Store is safe for concurrent use.
type Store interface {
	// Create returns a Writer for key. The object becomes visible under key
	// only when Writer.Commit succeeds, and then replaces any earlier object
	// with that key. Writer.Abort, or a failed Commit, leaves nothing behind.
	Create(ctx context.Context, key string) (Writer, error)

	// Open returns the object stored under key for reading, or an error
	// wrapping ErrNotFound when there is none. The caller must close it.
	Open(ctx context.Context, key string) (Object, error)

	// Delete removes the object stored under key. Deleting a key that has no
	// object returns nil, so a retried delete succeeds.
	Delete(ctx context.Context, key string) error
}

// Writer receives the bytes of one new object. It is not safe for concurrent
// use. Exactly one of Commit or Abort ends it. Abort after a Commit, or after
// another Abort, does nothing and returns nil, so callers can defer Abort
// right after Create.
type Writer interface {
	io.Writer

	// Commit makes the written bytes visible under the key. If any Write
	// failed, Commit returns that error and publishes nothing.
	Commit() error

	// Abort discards the written bytes.
	Abort() error
}

// Object is a stored file opened for reading.
type Object interface {
	io.ReadSeekCloser

	// Size returns the length of the object in bytes.
	Size() int64

	// ModTime returns the time the object was written.
	ModTime() time.Time
}

// Errors returned by a Store. Callers test for them with errors.Is.
var (
	// ErrNotFound means that no object is stored under the key.
	ErrNotFound = errors.New("media object not found")

	// ErrInvalidKey means that the key breaks the rules of ValidateKey.
	ErrInvalidKey = errors.New("invalid media key")
)
