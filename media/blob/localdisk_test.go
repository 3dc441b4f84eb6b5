package blob

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLocalDisk(t *testing.T) {
	t.Parallel()
	testStore(t, newTestDisk(t, t.TempDir()))
}

func TestNewLocalDiskCreatesDir(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "media", "recordings")
	newTestDisk(t, dir)

	info, err := os.Stat(dir)
	if err != nil {
		t.Fatalf("stat: %v", err)
	}
	if !info.IsDir() {
		t.Fatalf("%s is not a directory", dir)
	}
	if extra := info.Mode().Perm() &^ dirPerm; extra != 0 {
		t.Errorf("directory mode %v grants %v beyond %v", info.Mode().Perm(), extra, fs.FileMode(dirPerm))
	}
}

func TestLocalDiskFileLayout(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	d := newTestDisk(t, dir)
	commit(t, d, "e1/recording.mp4", []byte("audio"))

	got, err := os.ReadFile(filepath.Join(dir, "e1", "recording.mp4"))
	if err != nil {
		t.Fatalf("read committed file: %v", err)
	}
	if string(got) != "audio" {
		t.Errorf("file content = %q, want %q", got, "audio")
	}

	info, err := os.Stat(filepath.Join(dir, "e1", "recording.mp4"))
	if err != nil {
		t.Fatalf("stat: %v", err)
	}
	if extra := info.Mode().Perm() &^ filePerm; extra != 0 {
		t.Errorf("file mode %v grants %v beyond %v", info.Mode().Perm(), extra, fs.FileMode(filePerm))
	}
}

func TestLocalDiskAbortRemovesTempFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	d := newTestDisk(t, dir)

	w := create(t, d, "e1/recording.mp4")
	write(t, w, []byte("partial"))
	if files := listFiles(t, dir); len(files) != 1 || !strings.HasPrefix(filepath.Base(files[0]), tempPrefix) {
		t.Fatalf("files during upload = %q, want one temporary file", files)
	}

	if err := w.Abort(); err != nil {
		t.Fatalf("Abort: %v", err)
	}
	if files := listFiles(t, dir); len(files) != 0 {
		t.Errorf("files after Abort = %q, want none", files)
	}
}

func TestLocalDiskFailedCommitRemovesTempFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	d := newTestDisk(t, dir)
	commit(t, d, "taken/inner", []byte("x"))

	// "taken" is a non-empty directory, so renaming a file over it fails.
	w := create(t, d, "taken")
	write(t, w, []byte("never published"))
	if err := w.Commit(); err == nil {
		t.Fatal("Commit over a directory returned nil error")
	}

	if files := listFiles(t, dir); len(files) != 1 || files[0] != filepath.Join("taken", "inner") {
		t.Errorf("files after failed Commit = %q, want only taken/inner", files)
	}
	if err := w.Abort(); err != nil {
		t.Errorf("Abort after failed Commit = %v, want nil", err)
	}
}

func TestLocalDiskTempFilesInvisible(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	d := newTestDisk(t, dir)

	// An upload interrupted by a crash leaves its temporary file behind.
	w := create(t, d, "e1/recording.mp4")
	write(t, w, []byte("partial"))
	t.Cleanup(func() { _ = w.Abort() })

	_, err := d.Open(context.Background(), "e1/recording.mp4")
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("Open of interrupted upload = %v, want ErrNotFound", err)
	}

	temp := listFiles(t, dir)[0]
	_, err = d.Open(context.Background(), filepath.ToSlash(temp))
	if !errors.Is(err, ErrInvalidKey) {
		t.Errorf("Open of temporary file name = %v, want ErrInvalidKey", err)
	}
}

func TestLocalDiskKeyIsDirectory(t *testing.T) {
	t.Parallel()
	d := newTestDisk(t, t.TempDir())
	commit(t, d, "e1/recording.mp4", []byte("audio"))
	ctx := context.Background()

	if _, err := d.Open(ctx, "e1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open of directory = %v, want ErrNotFound", err)
	}
	if err := d.Delete(ctx, "e1"); err != nil {
		t.Errorf("Delete of directory = %v, want nil", err)
	}
	assertContent(t, d, "e1/recording.mp4", []byte("audio"))
}

func TestLocalDiskParentIsFile(t *testing.T) {
	t.Parallel()
	d := newTestDisk(t, t.TempDir())
	commit(t, d, "plain", []byte("file"))
	ctx := context.Background()

	if _, err := d.Open(ctx, "plain/child"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open under a file = %v, want ErrNotFound", err)
	}
	if err := d.Delete(ctx, "plain/child"); err != nil {
		t.Errorf("Delete under a file = %v, want nil", err)
	}
	if _, err := d.Create(ctx, "plain/child"); err == nil {
		t.Error("Create under a file returned nil error")
	}
}

func TestLocalDiskSymlinkEscape(t *testing.T) {
	t.Parallel()
	dir, outside := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Skipf("SKIPPED: cannot create a symbolic link here: %v", err)
	}
	d := newTestDisk(t, dir)
	ctx := context.Background()

	if obj, err := d.Open(ctx, "link/secret"); err == nil {
		_ = obj.Close()
		t.Error("Open through a link to outside the directory returned nil error")
	}
	if w, err := d.Create(ctx, "link/planted"); err == nil {
		_ = w.Abort()
		t.Error("Create through a link to outside the directory returned nil error")
	}
	if err := d.Delete(ctx, "link/secret"); err == nil {
		t.Error("Delete through a link to outside the directory returned nil error")
	}
	if _, err := os.Stat(filepath.Join(outside, "secret")); err != nil {
		t.Errorf("file outside the directory: %v", err)
	}
}

func TestLocalDiskClose(t *testing.T) {
	t.Parallel()
	d, err := NewLocalDisk(t.TempDir())
	if err != nil {
		t.Fatalf("NewLocalDisk: %v", err)
	}
	commit(t, d, "e1/recording.mp4", []byte("audio"))
	obj := open(t, d, "e1/recording.mp4")
	w := create(t, d, "e2/recording.mp4")
	write(t, w, []byte("pending"))

	if err := d.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	got := make([]byte, 5)
	if _, err := io.ReadFull(obj, got); err != nil || string(got) != "audio" {
		t.Errorf("read of object opened before Close = %q, %v; want %q", got, err, "audio")
	}
	if err := w.Commit(); err == nil {
		t.Error("Commit after Close returned nil error")
	}
	if _, err := d.Open(context.Background(), "e1/recording.mp4"); err == nil {
		t.Error("Open after Close returned nil error")
	}
}

func newTestDisk(t *testing.T, dir string) *LocalDisk {
	t.Helper()
	d, err := NewLocalDisk(dir)
	if err != nil {
		t.Fatalf("NewLocalDisk: %v", err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

// listFiles returns the paths, relative to dir, of every non-directory
// entry under dir.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, entry fs.DirEntry, err error) error {
		if err != nil || entry.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		files = append(files, rel)
		return err
	})
	if err != nil {
		t.Fatalf("list %s: %v", dir, err)
	}
	return files
}
