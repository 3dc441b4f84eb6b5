package blob

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestCleanTemp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	d := newTestDisk(t, dir)
	old := time.Now().Add(-2 * time.Hour)

	commit(t, d, "e1/recording.mp4", []byte("kept"))
	setModTime(t, filepath.Join(dir, "e1", "recording.mp4"), old)

	stale := create(t, d, "e2/recording.mp4")
	write(t, stale, []byte("crashed"))
	staleTemp := findTemp(t, dir, "e2")
	setModTime(t, staleTemp, old)

	fresh := create(t, d, "e3/recording.mp4")
	write(t, fresh, []byte("in progress"))

	removed, err := d.CleanTemp(time.Hour)
	if err != nil {
		t.Fatalf("CleanTemp: %v", err)
	}
	if removed != 1 {
		t.Errorf("CleanTemp removed %d files, want 1", removed)
	}
	if _, err := os.Stat(staleTemp); !os.IsNotExist(err) {
		t.Errorf("stale temporary file: stat = %v, want not exist", err)
	}

	assertContent(t, d, "e1/recording.mp4", []byte("kept"))
	if err := fresh.Commit(); err != nil {
		t.Errorf("Commit of fresh upload: %v", err)
	}
	if err := stale.Commit(); err == nil {
		t.Error("Commit of upload whose temporary file was removed returned nil error")
	}
}

func TestCleanTempEmpty(t *testing.T) {
	t.Parallel()
	d := newTestDisk(t, t.TempDir())

	removed, err := d.CleanTemp(0)
	if err != nil {
		t.Fatalf("CleanTemp: %v", err)
	}
	if removed != 0 {
		t.Errorf("CleanTemp removed %d files, want 0", removed)
	}
}

func findTemp(t *testing.T, dir, sub string) string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(dir, sub, tempPrefix+"*"))
	if err != nil || len(matches) != 1 {
		t.Fatalf("temporary files in %s = %q (%v), want one", sub, matches, err)
	}
	return matches[0]
}

func setModTime(t *testing.T, path string, mtime time.Time) {
	t.Helper()
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatalf("set modification time: %v", err)
	}
}
