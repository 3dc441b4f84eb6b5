package observability

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSQLSpanName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sql  string
		want string
	}{
		{"SELECT 1", "SELECT"},
		{"  select * from t", "SELECT"},
		{"\n\tINSERT INTO t VALUES ($1)", "INSERT"},
		{"WITH x AS (SELECT 1) SELECT * FROM x", "WITH"},
		{"-- list\nUPDATE t SET a = 1", "UPDATE"},
		{"/* name: list */ DELETE FROM t", "DELETE"},
		{"/* a */ -- b\n /* c */ select", "SELECT"},
		{"/* unterminated", querySpanName},
		{"-- only a comment", querySpanName},
		{"", querySpanName},
		{"(SELECT 1)", querySpanName},
		{"$1", querySpanName},
		{strings.Repeat("a", maxKeywordLen+1), querySpanName},
		{"stmtcache_0a1b", "STMTCACHE"},
	}
	for _, tt := range tests {
		if got := sqlSpanName(tt.sql); got != tt.want {
			t.Errorf("sqlSpanName(%q) = %q, want %q", tt.sql, got, tt.want)
		}
	}
}

func TestTruncateSQL(t *testing.T) {
	t.Parallel()
	short := "SELECT 1"
	if got := truncateSQL(short); got != short {
		t.Errorf("truncateSQL(%q) = %q, want it unchanged", short, got)
	}

	exact := strings.Repeat("x", maxSQLLen)
	if got := truncateSQL(exact); got != exact {
		t.Errorf("truncateSQL of %d bytes changed it", maxSQLLen)
	}

	// "é" is 2 bytes, so an odd prefix would cut one in half.
	long := "x" + strings.Repeat("é", maxSQLLen)
	got := truncateSQL(long)
	if len(got) != maxSQLLen-1 {
		t.Errorf("truncateSQL kept %d bytes, want %d", len(got), maxSQLLen-1)
	}
	if !utf8.ValidString(got) {
		t.Errorf("truncateSQL cut a rune in half")
	}
}

func FuzzSQLSpanName(f *testing.F) {
	for _, seed := range []string{
		"SELECT 1", "/* x */ select", "-- x\nWITH", "/*", "--", "", "é", "\x00SELECT", strings.Repeat("z", 40),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		name := sqlSpanName(sql)
		if name == querySpanName {
			return
		}
		if len(name) == 0 || len(name) > maxKeywordLen {
			t.Fatalf("sqlSpanName(%q) = %q, want 1 to %d letters", sql, name, maxKeywordLen)
		}
		for i := 0; i < len(name); i++ {
			if name[i] < 'A' || name[i] > 'Z' {
				t.Fatalf("sqlSpanName(%q) = %q, want upper-case ASCII letters", sql, name)
			}
		}
	})
}

func FuzzTruncateSQL(f *testing.F) {
	for _, seed := range []string{"SELECT 1", strings.Repeat("é", maxSQLLen), strings.Repeat("\U0001F600", maxSQLLen/3)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		got := truncateSQL(sql)
		if len(got) > maxSQLLen {
			t.Fatalf("truncateSQL kept %d bytes, want at most %d", len(got), maxSQLLen)
		}
		if !strings.HasPrefix(sql, got) {
			t.Fatalf("truncateSQL returned something that is not a prefix")
		}
		if utf8.ValidString(sql) && !utf8.ValidString(got) {
			t.Fatalf("truncateSQL cut a rune in half")
		}
		if len(sql) <= maxSQLLen && got != sql {
			t.Fatalf("truncateSQL changed a short statement")
		}
	})
}
