// Package lag measures how far a Kafka consumer group is behind on a topic
// and watches it for stalls, exporting Prometheus metrics.
//
// kafka-go's Reader cannot tell this with a consumer group (Lag() is -1 and
// Stats().Lag covers only the last partition fetched), so a Monitor asks the
// brokers directly on a timer, through kafka-go's Client: ListOffsets (the
// latest offset of each partition) minus OffsetFetch (the group's committed
// offset). Every instance of the group therefore exports the lag of the
// whole group; aggregate with max by (topic, partition), not sum.
//
// Lag in seconds is the age of the oldest unprocessed message: the Kafka
// timestamp of the message at the committed offset of each partition,
// read with one small Fetch request (and cached while the committed offset
// does not move), subtracted from now. It is 0 when nothing is waiting.
//
// The stall watchdog: a partition that has messages waiting and whose
// committed offset has not moved for the stall timeout is stalled;
// newsenrich_stalled is then 1 and Ready returns an error, which the HTTP
// server's /readyz reports.
package lag

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/segmentio/kafka-go"
	"go.uber.org/zap"
)

// Defaults of the options.
const (
	DefaultInterval       = 15 * time.Second
	DefaultStallTimeout   = 2 * time.Minute
	DefaultRequestTimeout = 10 * time.Second
)

// Option configures a Monitor.
type Option func(*options)

type options struct {
	interval, stallTimeout, requestTimeout time.Duration
	startOffset                            int64
	log                                    *zap.Logger
	now                                    func() time.Time
}

// WithInterval sets how often the lag is measured. Default 15s; values
// below 100ms are raised to 100ms.
func WithInterval(d time.Duration) Option {
	return func(o *options) { o.interval = max(d, 100*time.Millisecond) }
}

// WithStallTimeout sets how long a partition may have messages waiting
// without its committed offset moving before it counts as stalled.
// Default 2m; 0 or less turns the watchdog off. Keep it well above the
// group's commit interval and the time one article may take.
func WithStallTimeout(d time.Duration) Option {
	return func(o *options) { o.stallTimeout = d }
}

// WithRequestTimeout bounds one measurement (all its Kafka requests).
// Default 10s.
func WithRequestTimeout(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.requestTimeout = d
		}
	}
}

// WithStartOffset tells where the group starts on a partition it has no
// committed offset for: kafka.FirstOffset (the default, as the service's
// --start-offset earliest) counts the whole partition as lag,
// kafka.LastOffset counts nothing.
func WithStartOffset(offset int64) Option {
	return func(o *options) { o.startOffset = offset }
}

// WithLogger logs measurement failures and stall transitions. Default: no
// logging.
func WithLogger(l *zap.Logger) Option {
	return func(o *options) {
		if l != nil {
			o.log = l
		}
	}
}

// WithClock replaces time.Now, for tests.
func WithClock(now func() time.Time) Option {
	return func(o *options) {
		if now != nil {
			o.now = now
		}
	}
}

// Partition is the state of one partition at the last measurement.
type Partition struct {
	// Partition is the partition number.
	Partition int
	// Committed is the group's committed offset (the next offset it will
	// read), or -1 when the group has committed nothing there.
	Committed int64
	// Latest is the partition's high watermark (the offset the next
	// message written will get).
	Latest int64
	// Lag is the number of messages waiting: Latest minus the position the
	// group reads from next.
	Lag int64
	// Age is how old the oldest waiting message is; 0 when Lag is 0 or when
	// its timestamp could not be read.
	Age time.Duration
	// Stalled is true when messages are waiting and the committed offset
	// has not moved for the stall timeout.
	Stalled bool
	// Since is when the committed offset last moved (or the lag was last
	// zero), as seen by this monitor.
	Since time.Time
}

// Monitor measures the lag of one consumer group on one topic. Create it
// with New, start it with Run; its methods are safe to call concurrently.
type Monitor struct {
	client       *kafka.Client
	group, topic string
	opt          options

	lagMessages  *prometheus.GaugeVec
	lagSeconds   *prometheus.GaugeVec
	scrapeErrors prometheus.Counter
	stalled      prometheus.Gauge

	mu         sync.Mutex
	partitions map[int]*Partition
	ages       map[int]cachedAge // timestamp of the message at an offset
	lastErr    error
}

type cachedAge struct {
	offset int64
	time   time.Time
}

// New returns a Monitor of group on topic that talks to Kafka through
// client (its Addr must be set) and registers its metrics on reg:
// newsenrich_consumer_lag_messages and newsenrich_consumer_lag_seconds
// (labels topic, partition), newsenrich_lag_scrape_errors_total and
// newsenrich_stalled.
func New(client *kafka.Client, group, topic string, reg prometheus.Registerer, opts ...Option) (*Monitor, error) {
	if client == nil || client.Addr == nil {
		return nil, errors.New("lag: a kafka.Client with Addr is required")
	}
	if group == "" || topic == "" {
		return nil, errors.New("lag: group and topic are required")
	}
	o := options{
		interval:       DefaultInterval,
		stallTimeout:   DefaultStallTimeout,
		requestTimeout: DefaultRequestTimeout,
		startOffset:    kafka.FirstOffset,
		log:            zap.NewNop(),
		now:            time.Now,
	}
	for _, opt := range opts {
		opt(&o)
	}
	m := &Monitor{
		client: client, group: group, topic: topic, opt: o,
		lagMessages: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: "newsenrich", Name: "consumer_lag_messages",
			Help: "Messages of the input topic not yet committed by the consumer group (the whole group's lag: aggregate with max, not sum).",
		}, []string{"topic", "partition"}),
		lagSeconds: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: "newsenrich", Name: "consumer_lag_seconds",
			Help: "Age of the oldest message of the input topic not yet committed by the consumer group; 0 when nothing waits.",
		}, []string{"topic", "partition"}),
		scrapeErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "newsenrich", Name: "lag_scrape_errors_total",
			Help: "Consumer lag measurements that failed.",
		}),
		stalled: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "newsenrich", Name: "stalled",
			Help: "1 when messages wait on the input topic and the group has committed no progress for the stall timeout, else 0.",
		}),
		partitions: map[int]*Partition{},
		ages:       map[int]cachedAge{},
	}
	if reg != nil {
		for _, c := range []prometheus.Collector{m.lagMessages, m.lagSeconds, m.scrapeErrors, m.stalled} {
			if err := reg.Register(c); err != nil {
				return nil, fmt.Errorf("lag: register metrics: %w", err)
			}
		}
	}
	return m, nil
}

// Run measures at once and then every interval until ctx ends; failed
// measurements are counted, logged and retried at the next tick. It
// returns nil when ctx ends.
func (m *Monitor) Run(ctx context.Context) error {
	t := time.NewTicker(m.opt.interval)
	defer t.Stop()
	for {
		if err := m.Measure(ctx); err != nil && ctx.Err() == nil {
			m.opt.log.Warn("consumer lag measurement failed", zap.String("topic", m.topic), zap.String("group", m.group), zap.Error(err))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Measure takes one measurement now and updates the metrics and the stall
// state. Run calls it on its timer.
func (m *Monitor) Measure(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, m.opt.requestTimeout)
	defer cancel()
	err := m.measure(ctx)
	m.mu.Lock()
	m.lastErr = err
	m.mu.Unlock()
	if err != nil {
		m.scrapeErrors.Inc()
	}
	return err
}

func (m *Monitor) measure(ctx context.Context) error {
	parts, err := m.partitionIDs(ctx)
	if err != nil {
		return err
	}
	offsets := make([]kafka.OffsetRequest, 0, 2*len(parts))
	for _, p := range parts {
		offsets = append(offsets, kafka.FirstOffsetOf(p), kafka.LastOffsetOf(p))
	}
	lo, err := m.client.ListOffsets(ctx, &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{m.topic: offsets}})
	if err != nil {
		return fmt.Errorf("list offsets of %s: %w", m.topic, err)
	}
	of, err := m.client.OffsetFetch(ctx, &kafka.OffsetFetchRequest{GroupID: m.group, Topics: map[string][]int{m.topic: parts}})
	if err != nil {
		return fmt.Errorf("fetch committed offsets of group %s: %w", m.group, err)
	}
	// A group that never committed may be reported as not found (it is
	// then treated as having no committed offsets).
	if of.Error != nil && !errors.Is(of.Error, kafka.GroupIdNotFound) {
		return fmt.Errorf("fetch committed offsets of group %s: %w", m.group, of.Error)
	}
	committed := map[int]int64{}
	for _, p := range of.Topics[m.topic] {
		if p.Error != nil && !errors.Is(p.Error, kafka.GroupIdNotFound) {
			return fmt.Errorf("committed offset of %s/%d: %w", m.topic, p.Partition, p.Error)
		}
		committed[p.Partition] = p.CommittedOffset
	}
	type bounds struct{ first, last int64 }
	logs := map[int]bounds{}
	for _, p := range lo.Topics[m.topic] {
		if p.Error != nil {
			return fmt.Errorf("offsets of %s/%d: %w", m.topic, p.Partition, p.Error)
		}
		logs[p.Partition] = bounds{p.FirstOffset, p.LastOffset}
	}

	now := m.opt.now()
	var errs []error
	for _, id := range parts {
		b, ok := logs[id]
		if !ok {
			errs = append(errs, fmt.Errorf("no offsets returned for %s/%d", m.topic, id))
			continue
		}
		c, ok := committed[id]
		if !ok {
			c = -1
		}
		pos := m.position(c, b.first, b.last)
		p := Partition{Partition: id, Committed: c, Latest: b.last, Lag: max(b.last-pos, 0)}
		if p.Lag > 0 {
			ts, err := m.timestampAt(ctx, id, pos)
			if err != nil {
				errs = append(errs, err)
			} else if !ts.IsZero() {
				p.Age = max(now.Sub(ts), 0)
			}
		}
		m.update(&p, now)
	}
	m.exportStall()
	return errors.Join(errs...)
}

// position is the offset the group reads next on a partition.
func (m *Monitor) position(committed, first, last int64) int64 {
	switch {
	case committed < 0 && m.opt.startOffset == kafka.LastOffset:
		return last
	case committed < first: // none committed, or removed by retention
		return first
	default:
		return committed
	}
}

// update stores p, carrying the progress time over from the previous
// measurement, and exports its gauges.
func (m *Monitor) update(p *Partition, now time.Time) {
	m.mu.Lock()
	prev := m.partitions[p.Partition]
	switch {
	case prev == nil, prev.Committed != p.Committed, p.Lag == 0:
		p.Since = now
	default:
		p.Since = prev.Since
	}
	p.Stalled = m.opt.stallTimeout > 0 && p.Lag > 0 && now.Sub(p.Since) >= m.opt.stallTimeout
	if p.Stalled && (prev == nil || !prev.Stalled) {
		m.opt.log.Warn("consumer group stalled on partition", zap.String("topic", m.topic), zap.String("group", m.group),
			zap.Int("partition", p.Partition), zap.Int64("committed", p.Committed), zap.Int64("lag", p.Lag),
			zap.Duration("no_progress_for", now.Sub(p.Since)))
	} else if !p.Stalled && prev != nil && prev.Stalled {
		m.opt.log.Info("consumer group progressing again on partition", zap.String("topic", m.topic),
			zap.Int("partition", p.Partition), zap.Int64("committed", p.Committed))
	}
	m.partitions[p.Partition] = p
	m.mu.Unlock()
	label := strconv.Itoa(p.Partition)
	m.lagMessages.WithLabelValues(m.topic, label).Set(float64(p.Lag))
	m.lagSeconds.WithLabelValues(m.topic, label).Set(p.Age.Seconds())
}

func (m *Monitor) exportStall() {
	if m.stalledPartitions() != nil {
		m.stalled.Set(1)
	} else {
		m.stalled.Set(0)
	}
}

// partitionIDs returns the partitions of the topic from the cluster's
// metadata.
func (m *Monitor) partitionIDs(ctx context.Context) ([]int, error) {
	md, err := m.client.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{m.topic}})
	if err != nil {
		return nil, fmt.Errorf("metadata of %s: %w", m.topic, err)
	}
	for _, t := range md.Topics {
		if t.Name != m.topic {
			continue
		}
		if t.Error != nil {
			return nil, fmt.Errorf("metadata of %s: %w", m.topic, t.Error)
		}
		ids := make([]int, 0, len(t.Partitions))
		for _, p := range t.Partitions {
			ids = append(ids, p.ID)
		}
		if len(ids) == 0 {
			return nil, fmt.Errorf("metadata of %s: no partitions", m.topic)
		}
		sort.Ints(ids)
		return ids, nil
	}
	return nil, fmt.Errorf("metadata of %s: topic not returned", m.topic)
}

// timestampAt returns the timestamp of the first message at or after
// offset on a partition (batches may start before the offset asked for;
// compaction may have removed the offset itself). The result is cached
// per partition while the offset stays the same. A zero time means the
// broker returned no message.
func (m *Monitor) timestampAt(ctx context.Context, partition int, offset int64) (time.Time, error) {
	m.mu.Lock()
	c, ok := m.ages[partition]
	m.mu.Unlock()
	if ok && c.offset == offset {
		return c.time, nil
	}
	res, err := m.client.Fetch(ctx, &kafka.FetchRequest{
		Topic: m.topic, Partition: partition, Offset: offset,
		MinBytes: 1, MaxBytes: 64 << 10, MaxWait: 100 * time.Millisecond,
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("fetch %s/%d@%d: %w", m.topic, partition, offset, err)
	}
	if res.Error != nil {
		return time.Time{}, fmt.Errorf("fetch %s/%d@%d: %w", m.topic, partition, offset, res.Error)
	}
	for {
		r, err := res.Records.ReadRecord()
		if errors.Is(err, io.EOF) {
			return time.Time{}, nil
		}
		if err != nil {
			return time.Time{}, fmt.Errorf("read %s/%d@%d: %w", m.topic, partition, offset, err)
		}
		if r.Key != nil {
			r.Key.Close()
		}
		if r.Value != nil {
			r.Value.Close()
		}
		if r.Offset >= offset {
			m.mu.Lock()
			m.ages[partition] = cachedAge{offset: offset, time: r.Time}
			m.mu.Unlock()
			return r.Time, nil
		}
	}
}

// Partitions returns the state of every partition at the last
// measurement, by partition number.
func (m *Monitor) Partitions() []Partition {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Partition, 0, len(m.partitions))
	for _, p := range m.partitions {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Partition < out[j].Partition })
	return out
}

func (m *Monitor) stalledPartitions() []Partition {
	var out []Partition
	for _, p := range m.Partitions() {
		if p.Stalled {
			out = append(out, p)
		}
	}
	return out
}

// Ready returns an error naming the stalled partitions, or nil; it has
// the shape of a readiness check (server.Check). A failed measurement
// does not make it fail: connectivity has its own checks.
func (m *Monitor) Ready() error {
	stalled := m.stalledPartitions()
	if len(stalled) == 0 {
		return nil
	}
	p := stalled[0]
	return fmt.Errorf("consumer group %s stalled on %s: %d partition(s) with messages waiting and no committed progress for %v or more (partition %d: committed %d, lag %d)",
		m.group, m.topic, len(stalled), m.opt.stallTimeout, p.Partition, p.Committed, p.Lag)
}

// Err returns the error of the last measurement, nil if it succeeded.
func (m *Monitor) Err() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lastErr
}
