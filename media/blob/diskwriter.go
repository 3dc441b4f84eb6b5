package blob

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
)

// tempPrefix starts the name of every temporary upload file. '~' cannot
// occur in a valid key, so no key can name a temporary file, and CleanTemp
// cannot mistake an object for one.
const tempPrefix = "~tmp-"

// errWriterDone is returned by a Writer used after Commit or Abort.
var errWriterDone = errors.New("writer already committed or aborted")

// diskWriter writes one upload to a temporary file and renames it over the
// final path on Commit. A rename within one directory is atomic, so readers
// see either the old object or the complete new one, never a mix.
type diskWriter struct {
	root     *os.Root
	key      string
	file     *os.File
	tempName string

	// writeErr is the first failed Write. It stops Commit from publishing a
	// truncated object when the caller ignored the error.
	writeErr error
	done     bool
}

func newDiskWriter(root *os.Root, key string) (*diskWriter, error) {
	dir := path.Dir(key)
	if err := root.MkdirAll(filepath.FromSlash(dir), dirPerm); err != nil {
		return nil, fmt.Errorf("create directory for %q: %w", key, err)
	}

	// The base name is kept in the temporary name so that a leftover file
	// shows which key it belonged to.
	tempName := filepath.FromSlash(path.Join(dir, tempPrefix+path.Base(key)+"-"+rand.Text()))
	file, err := root.OpenFile(tempName, os.O_WRONLY|os.O_CREATE|os.O_EXCL, filePerm)
	if err != nil {
		return nil, fmt.Errorf("create temporary file for %q: %w", key, err)
	}

	return &diskWriter{root: root, key: key, file: file, tempName: tempName}, nil
}

func (w *diskWriter) Write(p []byte) (int, error) {
	if w.done {
		return 0, fmt.Errorf("write %q: %w", w.key, errWriterDone)
	}

	if w.writeErr != nil {
		return 0, w.writeErr
	}

	n, err := w.file.Write(p)
	if err != nil {
		w.writeErr = fmt.Errorf("write %q: %w", w.key, err)
		return n, w.writeErr
	}

	return n, nil
}

// Commit flushes the temporary file to disk, renames it to the key's path
// and then flushes the directories, so that a committed object survives a
// crash.
func (w *diskWriter) Commit() error {
	if w.done {
		return fmt.Errorf("commit %q: %w", w.key, errWriterDone)
	}
	w.done = true

	if w.writeErr != nil {
		w.discard()
		return fmt.Errorf("commit %q after a failed write: %w", w.key, w.writeErr)
	}

	if err := w.file.Sync(); err != nil {
		w.discard()
		return fmt.Errorf("commit %q: sync: %w", w.key, err)
	}

	if err := w.file.Close(); err != nil {
		w.discard()
		return fmt.Errorf("commit %q: close: %w", w.key, err)
	}

	if err := w.root.Rename(w.tempName, filepath.FromSlash(w.key)); err != nil {
		w.discard()
		return fmt.Errorf("commit %q: rename: %w", w.key, err)
	}

	// NOTE: when this sync fails the object is already visible, because
	// removing it could delete a newer object that a concurrent writer
	// renamed into place. Only its survival across a crash is uncertain.
	if err := syncParents(w.root, w.key); err != nil {
		return fmt.Errorf("commit %q: object is visible but may not survive a crash: %w", w.key, err)
	}

	return nil
}

func (w *diskWriter) Abort() error {
	if w.done {
		return nil
	}
	w.done = true

	_ = w.file.Close()
	if err := w.root.Remove(w.tempName); err != nil && !isMissing(err) {
		return fmt.Errorf("abort %q: remove temporary file: %w", w.key, err)
	}

	return nil
}

// discard removes the temporary file after a failed Commit. Errors are
// dropped because the Commit error is the one the caller needs, and
// CleanTemp removes whatever is left.
func (w *diskWriter) discard() {
	_ = w.file.Close()
	_ = w.root.Remove(w.tempName)
}

// syncParents flushes every directory from the key's parent up to the root,
// so that both the renamed file and any directory created for it are on
// disk.
func syncParents(root *os.Root, key string) error {
	dir := key
	for dir != "." {
		dir = path.Dir(dir)
		if err := syncDir(root, dir); err != nil {
			return err
		}
	}

	return nil
}

func syncDir(root *os.Root, dir string) error {
	f, err := root.Open(filepath.FromSlash(dir))
	if err != nil {
		return fmt.Errorf("open directory %q: %w", dir, err)
	}
	defer f.Close()

	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync directory %q: %w", dir, err)
	}

	return nil
}
