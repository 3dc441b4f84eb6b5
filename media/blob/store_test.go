package blob

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
)

// testStore runs the checks that every Store implementation must share.
// A backend's test calls it with a fresh store. Keys start with a random
// prefix, so several runs can share one bucket or directory.
func testStore(t *testing.T, s Store) {
	t.Helper()
	prefix := "conformance-" + rand.Text()
	key := func(t *testing.T, name string) string {
		t.Helper()
		k := prefix + "/" + name
		if err := ValidateKey(k); err != nil {
			t.Fatalf("test key: %v", err)
		}
		return k
	}

	t.Run("commit then open", func(t *testing.T) {
		t.Parallel()
		k := key(t, "commit-open")
		want := pattern(100_000)
		commit(t, s, k, want[:40_000], want[40_000:])

		obj := open(t, s, k)
		got, err := io.ReadAll(obj)
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("read %d bytes that differ from the %d committed", len(got), len(want))
		}
		if obj.Size() != int64(len(want)) {
			t.Errorf("Size() = %d, want %d", obj.Size(), len(want))
		}
		if obj.ModTime().IsZero() {
			t.Error("ModTime() is zero")
		}
	})

	t.Run("empty object", func(t *testing.T) {
		t.Parallel()
		k := key(t, "empty")
		commit(t, s, k)

		obj := open(t, s, k)
		got, err := io.ReadAll(obj)
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		if len(got) != 0 {
			t.Errorf("read %d bytes, want 0", len(got))
		}
		if obj.Size() != 0 {
			t.Errorf("Size() = %d, want 0", obj.Size())
		}
	})

	t.Run("nested key", func(t *testing.T) {
		t.Parallel()
		k := key(t, "a/b/c.mp4")
		commit(t, s, k, []byte("nested"))
		assertContent(t, s, k, []byte("nested"))
	})

	t.Run("open missing", func(t *testing.T) {
		t.Parallel()
		_, err := s.Open(context.Background(), key(t, "missing"))
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("Open = %v, want ErrNotFound", err)
		}
	})

	t.Run("uncommitted is invisible", func(t *testing.T) {
		t.Parallel()
		k := key(t, "uncommitted")
		w := create(t, s, k)
		t.Cleanup(func() { _ = w.Abort() })
		write(t, w, []byte("pending"))

		_, err := s.Open(context.Background(), k)
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("Open before Commit = %v, want ErrNotFound", err)
		}
	})

	t.Run("abort leaves nothing", func(t *testing.T) {
		t.Parallel()
		k := key(t, "abort")
		w := create(t, s, k)
		write(t, w, []byte("discarded"))
		if err := w.Abort(); err != nil {
			t.Fatalf("Abort: %v", err)
		}

		_, err := s.Open(context.Background(), k)
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("Open after Abort = %v, want ErrNotFound", err)
		}
	})

	t.Run("abort keeps earlier object", func(t *testing.T) {
		t.Parallel()
		k := key(t, "abort-keeps")
		commit(t, s, k, []byte("old"))

		w := create(t, s, k)
		write(t, w, []byte("new"))
		if err := w.Abort(); err != nil {
			t.Fatalf("Abort: %v", err)
		}
		assertContent(t, s, k, []byte("old"))
	})

	t.Run("abort after commit", func(t *testing.T) {
		t.Parallel()
		k := key(t, "abort-after-commit")
		w := create(t, s, k)
		write(t, w, []byte("kept"))
		if err := w.Commit(); err != nil {
			t.Fatalf("Commit: %v", err)
		}

		if err := w.Abort(); err != nil {
			t.Errorf("Abort after Commit = %v, want nil", err)
		}
		assertContent(t, s, k, []byte("kept"))
	})

	t.Run("use after commit", func(t *testing.T) {
		t.Parallel()
		k := key(t, "use-after-commit")
		w := create(t, s, k)
		write(t, w, []byte("first"))
		if err := w.Commit(); err != nil {
			t.Fatalf("Commit: %v", err)
		}

		if _, err := w.Write([]byte("more")); err == nil {
			t.Error("Write after Commit returned nil error")
		}
		if err := w.Commit(); err == nil {
			t.Error("second Commit returned nil error")
		}
		assertContent(t, s, k, []byte("first"))
	})

	t.Run("commit after abort", func(t *testing.T) {
		t.Parallel()
		k := key(t, "commit-after-abort")
		w := create(t, s, k)
		write(t, w, []byte("discarded"))
		if err := w.Abort(); err != nil {
			t.Fatalf("Abort: %v", err)
		}

		if err := w.Commit(); err == nil {
			t.Error("Commit after Abort returned nil error")
		}
		if _, err := s.Open(context.Background(), k); !errors.Is(err, ErrNotFound) {
			t.Errorf("Open = %v, want ErrNotFound", err)
		}
	})

	t.Run("commit replaces", func(t *testing.T) {
		t.Parallel()
		k := key(t, "replace")
		commit(t, s, k, []byte("old content that is longer"))
		commit(t, s, k, []byte("new"))
		assertContent(t, s, k, []byte("new"))
	})

	t.Run("delete", func(t *testing.T) {
		t.Parallel()
		k := key(t, "delete")
		commit(t, s, k, []byte("gone soon"))

		if err := s.Delete(context.Background(), k); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if _, err := s.Open(context.Background(), k); !errors.Is(err, ErrNotFound) {
			t.Errorf("Open after Delete = %v, want ErrNotFound", err)
		}
		if err := s.Delete(context.Background(), k); err != nil {
			t.Errorf("second Delete = %v, want nil", err)
		}
	})

	t.Run("seek", func(t *testing.T) {
		t.Parallel()
		k := key(t, "seek")
		content := pattern(10_000)
		commit(t, s, k, content)
		obj := open(t, s, k)

		assertReadAt(t, obj, 4_000, io.SeekStart, content[4_000:4_100])
		assertReadAt(t, obj, -100, io.SeekEnd, content[9_900:])
		assertReadAt(t, obj, 0, io.SeekStart, content[:100])
	})

	t.Run("invalid key", func(t *testing.T) {
		t.Parallel()
		ctx := context.Background()
		for _, bad := range []string{"", "../escape", prefix + "/../x", "/abs", prefix + "/a b", prefix + "/~tmp-x"} {
			if _, err := s.Create(ctx, bad); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("Create(%q) = %v, want ErrInvalidKey", bad, err)
			}
			if _, err := s.Open(ctx, bad); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("Open(%q) = %v, want ErrInvalidKey", bad, err)
			}
			if err := s.Delete(ctx, bad); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("Delete(%q) = %v, want ErrInvalidKey", bad, err)
			}
		}
	})

	t.Run("canceled context", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		k := key(t, "canceled")

		if _, err := s.Create(ctx, k); !errors.Is(err, context.Canceled) {
			t.Errorf("Create = %v, want context.Canceled", err)
		}
		if _, err := s.Open(ctx, k); !errors.Is(err, context.Canceled) {
			t.Errorf("Open = %v, want context.Canceled", err)
		}
		if err := s.Delete(ctx, k); !errors.Is(err, context.Canceled) {
			t.Errorf("Delete = %v, want context.Canceled", err)
		}
	})

	t.Run("concurrent writers", func(t *testing.T) {
		t.Parallel()
		testConcurrentWriters(t, s, key(t, "concurrent"))
	})
}

// testConcurrentWriters commits several uploads of one key at once, each
// filled with its own byte value, while readers open the key. Every read
// and the final object must be one whole upload, never a mix.
func testConcurrentWriters(t *testing.T, s Store, k string) {
	t.Helper()
	const writers, size, chunk = 8, 256 << 10, 16 << 10
	ctx := context.Background()

	var wg sync.WaitGroup
	errs := make(chan error, 2*writers)
	for i := range writers {
		wg.Go(func() {
			w, err := s.Create(ctx, k)
			if err != nil {
				errs <- err
				return
			}
			block := bytes.Repeat([]byte{byte('A' + i)}, chunk)
			for range size / chunk {
				if _, err := w.Write(block); err != nil {
					_ = w.Abort()
					errs <- err
					return
				}
			}
			if err := w.Commit(); err != nil {
				errs <- fmt.Errorf("writer %d: %w", i, err)
			}
		})
		wg.Go(func() {
			if err := checkWhole(ctx, s, k, size, true); err != nil {
				errs <- fmt.Errorf("reader %d: %w", i, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	if err := checkWhole(ctx, s, k, size, false); err != nil {
		t.Errorf("final object: %v", err)
	}
}

// checkWhole opens k and returns an error unless it contains size bytes of one
// value. A missing object is fine only when allowMissing is set.
func checkWhole(ctx context.Context, s Store, k string, size int, allowMissing bool) error {
	obj, err := s.Open(ctx, k)
	if allowMissing && errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	defer obj.Close()

	got, err := io.ReadAll(obj)
	if err != nil {
		return err
	}
	if len(got) != size || obj.Size() != int64(size) {
		return fmt.Errorf("read %d bytes with Size() %d, want %d", len(got), obj.Size(), size)
	}
	if n := bytes.Count(got, got[:1]); n != size {
		return fmt.Errorf("torn object: only %d of %d bytes are %q", n, size, got[0])
	}

	return nil
}

func create(t *testing.T, s Store, k string) Writer {
	t.Helper()
	w, err := s.Create(context.Background(), k)
	if err != nil {
		t.Fatalf("Create(%q): %v", k, err)
	}
	return w
}

func write(t *testing.T, w Writer, p []byte) {
	t.Helper()
	if _, err := w.Write(p); err != nil {
		t.Fatalf("Write: %v", err)
	}
}

// commit stores the concatenated parts under k, one Write per part.
func commit(t *testing.T, s Store, k string, parts ...[]byte) {
	t.Helper()
	w := create(t, s, k)
	for _, p := range parts {
		write(t, w, p)
	}
	if err := w.Commit(); err != nil {
		t.Fatalf("Commit(%q): %v", k, err)
	}
}

func open(t *testing.T, s Store, k string) Object {
	t.Helper()
	obj, err := s.Open(context.Background(), k)
	if err != nil {
		t.Fatalf("Open(%q): %v", k, err)
	}
	t.Cleanup(func() { _ = obj.Close() })
	return obj
}

func assertContent(t *testing.T, s Store, k string, want []byte) {
	t.Helper()
	got, err := io.ReadAll(open(t, s, k))
	if err != nil {
		t.Fatalf("read %q: %v", k, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("content of %q = %q, want %q", k, got, want)
	}
}

func assertReadAt(t *testing.T, obj Object, offset int64, whence int, want []byte) {
	t.Helper()
	if _, err := obj.Seek(offset, whence); err != nil {
		t.Fatalf("Seek(%d, %d): %v", offset, whence, err)
	}
	got := make([]byte, len(want))
	if _, err := io.ReadFull(obj, got); err != nil {
		t.Fatalf("read after Seek(%d, %d): %v", offset, whence, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("bytes after Seek(%d, %d) differ from the stored ones", offset, whence)
	}
}

// pattern returns n bytes that differ from their neighbours, so that a read
// from a wrong offset is caught.
func pattern(n int) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = byte(i % 251)
	}
	return p
}
