package fetch

import (
	"fmt"
	"net"
	"os"
	"sync/atomic"
	"testing"
)

// proxyConnections counts the connections that reach the proxy listener
// which TestMain names in the proxy variables of the environment. The
// fetcher must ignore those variables, so the count must stay zero.
var proxyConnections atomic.Int64

// TestMain sets the proxy variables before any test runs, because
// net/http reads them once per process, and fails the run when any
// connection reached the proxy.
func TestMain(m *testing.M) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintf(os.Stderr, "listen for the proxy: %v\n", err)
		os.Exit(1)
	}

	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}

			proxyConnections.Add(1)
			conn.Close()
		}
	}()

	proxyURL := "http://" + ln.Addr().String()
	for _, name := range []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY"} {
		os.Setenv(name, proxyURL)
	}

	for _, name := range []string{"NO_PROXY", "no_proxy"} {
		os.Unsetenv(name)
	}

	code := m.Run()
	ln.Close()

	if n := proxyConnections.Load(); n != 0 && code == 0 {
		fmt.Fprintf(os.Stderr, "the proxy from the environment got %d connections, want 0\n", n)
		code = 1
	}

	os.Exit(code)
}
