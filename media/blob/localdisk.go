package blob

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// Permissions of the directories and files that LocalDisk creates. The
// umask may remove further bits.
const (
	dirPerm  = 0o750
	filePerm = 0o640
)

// LocalDisk is a Store that keeps each object as a file in one directory,
// at the path named by its key. All access goes through an os.Root, so even
// a symbolic link planted inside the directory cannot lead outside it.
type LocalDisk struct {
	root *os.Root
}

// NewLocalDisk returns a LocalDisk that stores files under dir, creating dir
// with permission 0o750 when it is missing. The caller must call Close when
// done with it.
func NewLocalDisk(dir string) (*LocalDisk, error) {
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return nil, fmt.Errorf("create media directory %q: %w", dir, err)
	}

	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("open media directory %q: %w", dir, err)
	}

	return &LocalDisk{root: root}, nil
}

// Close releases the directory handle. Objects that are still open keep
// working. Writers that are still open fail at Commit and leave their
// temporary files for CleanTemp. Later calls on d fail.
func (d *LocalDisk) Close() error {
	return d.root.Close()
}

// Create starts a new object under key. The bytes go to a temporary file in
// the directory of the final file, so that Commit can publish them with an
// atomic rename. Commit reports an error after publishing in one case only:
// when flushing the directories to disk fails, the object is visible but
// may not survive a crash.
func (d *LocalDisk) Create(ctx context.Context, key string) (Writer, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("create %q: %w", key, err)
	}

	if err := ValidateKey(key); err != nil {
		return nil, fmt.Errorf("create: %w", err)
	}

	return newDiskWriter(d.root, key)
}

// Open returns the object stored under key. The object keeps reading the
// bytes that were current when it was opened, even if a later Commit
// replaces the key or Delete removes it.
func (d *LocalDisk) Open(ctx context.Context, key string) (Object, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("open %q: %w", key, err)
	}

	if err := ValidateKey(key); err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}

	file, err := d.root.Open(filepath.FromSlash(key))
	if isMissing(err) {
		return nil, fmt.Errorf("open %q: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("open %q: %w", key, err)
	}

	info, err := file.Stat()
	if err != nil {
		_ = file.Close()
		return nil, fmt.Errorf("stat %q: %w", key, err)
	}

	// A key that names a directory contains other keys, not an object.
	if !info.Mode().IsRegular() {
		_ = file.Close()
		return nil, fmt.Errorf("open %q: %w", key, ErrNotFound)
	}

	return &diskObject{file: file, size: info.Size(), modTime: info.ModTime()}, nil
}

// Delete removes the file stored under key. A missing key, or a key that
// names a directory, returns nil. Directories that become empty are kept.
func (d *LocalDisk) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("delete %q: %w", key, err)
	}

	if err := ValidateKey(key); err != nil {
		return fmt.Errorf("delete: %w", err)
	}

	name := filepath.FromSlash(key)
	info, err := d.root.Lstat(name)
	if isMissing(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("delete %q: %w", key, err)
	}

	if info.IsDir() {
		return nil
	}

	if err := d.root.Remove(name); err != nil && !isMissing(err) {
		return fmt.Errorf("delete %q: %w", key, err)
	}

	return nil
}

// isMissing reports whether err means that no file exists at the path,
// including the case where a parent of the path is a regular file.
func isMissing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// diskObject is an open file with the size and modification time it had
// when it was opened.
type diskObject struct {
	file    *os.File
	size    int64
	modTime time.Time
}

func (o *diskObject) Read(p []byte) (int, error) { return o.file.Read(p) }

func (o *diskObject) Seek(offset int64, whence int) (int64, error) {
	return o.file.Seek(offset, whence)
}

func (o *diskObject) Close() error { return o.file.Close() }

func (o *diskObject) Size() int64 { return o.size }

func (o *diskObject) ModTime() time.Time { return o.modTime }
