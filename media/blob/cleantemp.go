package blob

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"
)

// CleanTemp removes temporary upload files that were last written more than
// olderThan ago, such as those left by a crash between Create and Commit,
// and returns how many it removed. Objects are never removed. olderThan must
// be longer than the longest pause between two writes of an upload, because
// a writer whose temporary file is removed fails at Commit.
func (d *LocalDisk) CleanTemp(olderThan time.Duration) (int, error) {
	cutoff := time.Now().Add(-olderThan)
	removed := 0

	err := fs.WalkDir(d.root.FS(), ".", func(name string, entry fs.DirEntry, err error) error {
		// A concurrent Commit or Delete may remove entries during the walk.
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}

		if entry.IsDir() || !strings.HasPrefix(entry.Name(), tempPrefix) {
			return nil
		}

		info, err := entry.Info()
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}

		if !info.ModTime().Before(cutoff) {
			return nil
		}

		err = d.root.Remove(filepath.FromSlash(name))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}

		removed++
		return nil
	})
	if err != nil {
		return removed, fmt.Errorf("clean temporary files older than %s: %w", olderThan, err)
	}

	return removed, nil
}
