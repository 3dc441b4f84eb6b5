package observability

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// RegisterRedis adds the connection pool statistics of client to the
// registry, read from client.PoolStats at each scrape. It panics when a
// client was registered before, because the families would collide.
func (m *Metrics) RegisterRedis(client *redis.Client) {
	m.registry.MustRegister(newRedisCollector(client))
}

// redisCollector reports redis.PoolStats. The client keeps the counters.
type redisCollector struct {
	client *redis.Client

	hits, misses, timeouts, total, idle, stale *prometheus.Desc
}

func newRedisCollector(client *redis.Client) *redisCollector {
	desc := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc("redis_pool_"+name, help, nil, nil)
	}
	return &redisCollector{
		client:   client,
		hits:     desc("hits_total", "Times an idle connection was found in the pool."),
		misses:   desc("misses_total", "Times no idle connection was found in the pool."),
		timeouts: desc("timeouts_total", "Times waiting for a connection timed out."),
		total:    desc("total_conns", "Connections in the pool."),
		idle:     desc("idle_conns", "Idle connections in the pool."),
		stale:    desc("stale_conns_total", "Stale connections removed from the pool."),
	}
}

func (c *redisCollector) Describe(ch chan<- *prometheus.Desc) {
	prometheus.DescribeByCollect(c, ch)
}

func (c *redisCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.client.PoolStats()
	metric := func(d *prometheus.Desc, t prometheus.ValueType, v uint32) {
		ch <- prometheus.MustNewConstMetric(d, t, float64(v))
	}

	metric(c.hits, prometheus.CounterValue, s.Hits)
	metric(c.misses, prometheus.CounterValue, s.Misses)
	metric(c.timeouts, prometheus.CounterValue, s.Timeouts)
	metric(c.total, prometheus.GaugeValue, s.TotalConns)
	metric(c.idle, prometheus.GaugeValue, s.IdleConns)
	metric(c.stale, prometheus.CounterValue, s.StaleConns)
}
