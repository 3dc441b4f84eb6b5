package testenv

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisServer is a redis-server process of the test's own, so that a test
// can stop Redis without disturbing other tests that share the machine's
// server.
type RedisServer struct {
	URL  string
	cmd  *exec.Cmd
	port int
}

// StartRedisServer starts redis-server on a free loopback port, keeping
// nothing on disk. The server is stopped when the test ends. The test is
// skipped, or failed under CI=true, when redis-server is not installed.
func StartRedisServer(t testing.TB) *RedisServer {
	t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		Unavailable(t, "redis-server binary", err)
	}

	port := freePort(t)
	s := &RedisServer{URL: fmt.Sprintf("redis://127.0.0.1:%d/0", port), port: port}
	s.cmd = exec.Command(path, "--port", fmt.Sprint(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no")
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start redis-server: %v", err)
	}
	t.Cleanup(s.Stop)

	opts, _ := redis.ParseURL(s.URL)
	client := redis.NewClient(opts)
	defer client.Close()
	deadline := time.Now().Add(5 * time.Second)
	for client.Ping(context.Background()).Err() != nil {
		if time.Now().After(deadline) {
			t.Fatalf("redis-server on port %d did not respond to PING within 5s", port)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return s
}

// Stop kills the server and waits for it to exit. Calling it twice is safe.
func (s *RedisServer) Stop() {
	if s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
}

// ClosedURL returns a Redis URL on a loopback port where nothing listens,
// for tests of an unreachable Redis.
func ClosedURL(t testing.TB) string {
	t.Helper()
	return fmt.Sprintf("redis://127.0.0.1:%d/0", freePort(t))
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
