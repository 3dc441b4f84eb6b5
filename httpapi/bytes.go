package httpapi

import "strconv"

// formatBytes writes n in bytes, with MiB when it is a whole number of them.
func formatBytes(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
