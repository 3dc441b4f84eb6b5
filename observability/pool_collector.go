package observability

import (
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// RegisterPool adds the statistics of pool to the registry, read from
// pool.Stat at each scrape. It panics when a pool was registered before,
// because the families would collide.
func (m *Metrics) RegisterPool(pool *pgxpool.Pool) {
	m.registry.MustRegister(newPoolCollector(pool))
}

// poolCollector reports pgxpool.Stat. The pool keeps the counters, so
// nothing is stored here.
type poolCollector struct {
	pool *pgxpool.Pool

	acquired, idle, total, max, constructing            *prometheus.Desc
	acquires, acquireSeconds, canceled, empty, newConns *prometheus.Desc
	lifetimeDestroys, idleDestroys                      *prometheus.Desc
}

func newPoolCollector(pool *pgxpool.Pool) *poolCollector {
	desc := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc("pgxpool_"+name, help, nil, nil)
	}
	return &poolCollector{
		pool:             pool,
		acquired:         desc("acquired_conns", "Connections currently acquired from the pool."),
		idle:             desc("idle_conns", "Idle connections in the pool."),
		total:            desc("total_conns", "Connections in the pool: acquired, idle and being built."),
		max:              desc("max_conns", "Maximum size of the pool."),
		constructing:     desc("constructing_conns", "Connections being established."),
		acquires:         desc("acquires_total", "Successful acquires from the pool."),
		acquireSeconds:   desc("acquire_duration_seconds_total", "Time spent in successful acquires."),
		canceled:         desc("canceled_acquires_total", "Acquires canceled by their context."),
		empty:            desc("empty_acquires_total", "Successful acquires that waited for a connection because none was idle."),
		newConns:         desc("new_conns_total", "Connections opened."),
		lifetimeDestroys: desc("max_lifetime_destroys_total", "Connections closed for exceeding MaxConnLifetime."),
		idleDestroys:     desc("max_idle_destroys_total", "Connections closed for exceeding MaxConnIdleTime."),
	}
}

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	prometheus.DescribeByCollect(c, ch)
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.pool.Stat()
	gauge := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v)
	}
	counter := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v)
	}

	gauge(c.acquired, float64(s.AcquiredConns()))
	gauge(c.idle, float64(s.IdleConns()))
	gauge(c.total, float64(s.TotalConns()))
	gauge(c.max, float64(s.MaxConns()))
	gauge(c.constructing, float64(s.ConstructingConns()))
	counter(c.acquires, float64(s.AcquireCount()))
	counter(c.acquireSeconds, s.AcquireDuration().Seconds())
	counter(c.canceled, float64(s.CanceledAcquireCount()))
	counter(c.empty, float64(s.EmptyAcquireCount()))
	counter(c.newConns, float64(s.NewConnsCount()))
	counter(c.lifetimeDestroys, float64(s.MaxLifetimeDestroyCount()))
	counter(c.idleDestroys, float64(s.MaxIdleDestroyCount()))
}
