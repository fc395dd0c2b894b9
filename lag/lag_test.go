package lag

import (
	"context"
	"fmt"
	"math"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kfake"
)

// brokers returns the bootstrap addresses of a broker for the test: the
// real one in NEWSENRICH_TEST_BROKERS when real is true (skipping when it
// is unset), else an in-process kfake cluster with topic seeded.
func brokers(t *testing.T, real bool, topic string, partitions int) []string {
	t.Helper()
	if real {
		env := os.Getenv("NEWSENRICH_TEST_BROKERS")
		if env == "" {
			t.Skip("NEWSENRICH_TEST_BROKERS not set: no real broker (scripts/kafka.sh starts one)")
		}
		addrs := strings.Split(env, ",")
		c := &kafka.Client{Addr: kafka.TCP(addrs...), Timeout: 10 * time.Second}
		res, err := c.CreateTopics(context.Background(), &kafka.CreateTopicsRequest{Topics: []kafka.TopicConfig{{
			Topic: topic, NumPartitions: partitions, ReplicationFactor: 1,
		}}})
		if err != nil {
			t.Fatalf("create topic: %v", err)
		}
		if err := res.Errors[topic]; err != nil {
			t.Fatalf("create topic: %v", err)
		}
		t.Cleanup(func() {
			c.DeleteTopics(context.Background(), &kafka.DeleteTopicsRequest{Topics: []string{topic}})
		})
		return addrs
	}
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(int32(partitions), topic))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c.ListenAddrs()
}

// fixture is a topic with messages of known timestamps and a group whose
// committed offsets the test sets.
type fixture struct {
	t      *testing.T
	client *kafka.Client
	topic  string
	group  string
}

func newFixture(t *testing.T, real bool, partitions int) *fixture {
	topic := fmt.Sprintf("lagtest-%d-%d", time.Now().UnixNano(), partitions)
	addrs := brokers(t, real, topic, partitions)
	client := &kafka.Client{Addr: kafka.TCP(addrs...), Timeout: 10 * time.Second}
	f := &fixture{t: t, client: client, topic: topic, group: topic + "-group"}
	f.waitForTopic(partitions)
	return f
}

func (f *fixture) waitForTopic(partitions int) {
	f.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		md, err := f.client.Metadata(context.Background(), &kafka.MetadataRequest{Topics: []string{f.topic}})
		if err == nil && len(md.Topics) == 1 && md.Topics[0].Error == nil && len(md.Topics[0].Partitions) == partitions {
			ready := true
			for _, p := range md.Topics[0].Partitions {
				ready = ready && p.Leader.ID >= 0 && p.Leader.Host != ""
			}
			if ready {
				return
			}
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("topic %s not ready: %v", f.topic, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// retry calls f until it succeeds or 20s pass: a new topic's leader and a
// new group's coordinator take a moment to settle on a real broker.
func (f *fixture) retry(what string, fn func() error) {
	f.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		err := fn()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// produce writes one message per timestamp to a partition.
func (f *fixture) produce(partition int, times ...time.Time) {
	f.t.Helper()
	f.retry("produce", func() error {
		records := make([]kafka.Record, len(times))
		for i, ts := range times {
			records[i] = kafka.Record{Time: ts, Value: kafka.NewBytes([]byte(fmt.Sprintf("m%d", i)))}
		}
		res, err := f.client.Produce(context.Background(), &kafka.ProduceRequest{
			Topic: f.topic, Partition: partition, RequiredAcks: kafka.RequireAll,
			Records: kafka.NewRecordReader(records...),
		})
		if err != nil {
			return err
		}
		return res.Error
	})
}

// commit sets the group's committed offset of a partition, as a consumer
// that is not a member of an active generation (a "simple" commit).
func (f *fixture) commit(partition int, offset int64) {
	f.t.Helper()
	f.retry(fmt.Sprintf("commit %d@%d", partition, offset), func() error {
		res, err := f.client.OffsetCommit(context.Background(), &kafka.OffsetCommitRequest{
			GroupID: f.group, GenerationID: -1,
			Topics: map[string][]kafka.OffsetCommit{f.topic: {{Partition: partition, Offset: offset}}},
		})
		if err != nil {
			return err
		}
		for _, p := range res.Topics[f.topic] {
			if p.Error != nil {
				return p.Error
			}
		}
		return nil
	})
}

// clock is a settable time source.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func gauge(t *testing.T, v *prometheus.GaugeVec, labels ...string) float64 {
	t.Helper()
	return testutil.ToFloat64(v.WithLabelValues(labels...))
}

func testMeasure(t *testing.T, real bool) {
	f := newFixture(t, real, 3)
	// Millisecond timestamps: Kafka keeps milliseconds.
	base := time.Now().Add(-time.Hour).Truncate(time.Millisecond)
	f.produce(0, base, base.Add(10*time.Second), base.Add(20*time.Second), base.Add(30*time.Second), base.Add(40*time.Second))
	f.produce(1, base.Add(5*time.Second), base.Add(6*time.Second), base.Add(7*time.Second))
	f.commit(0, 2)

	clk := &clock{now: base.Add(100 * time.Second)}
	reg := prometheus.NewPedanticRegistry()
	m, err := New(f.client, f.group, f.topic, reg, WithClock(clk.Now))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Measure(context.Background()); err != nil {
		t.Fatalf("measure: %v", err)
	}
	want := []struct {
		committed, latest, lag int64
		age                    time.Duration
	}{
		{2, 5, 3, 80 * time.Second}, // oldest waiting is offset 2, written at base+20s
		{-1, 3, 3, 95 * time.Second},
		{-1, 0, 0, 0},
	}
	got := m.Partitions()
	if len(got) != len(want) {
		t.Fatalf("got %d partitions, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Partition != i || g.Committed != w.committed || g.Latest != w.latest || g.Lag != w.lag || g.Age != w.age {
			t.Errorf("partition %d: got %+v, want %+v", i, g, w)
		}
		p := fmt.Sprint(i)
		if v := gauge(t, m.lagMessages, f.topic, p); v != float64(w.lag) {
			t.Errorf("newsenrich_consumer_lag_messages{partition=%q} = %v, want %d", p, v, w.lag)
		}
		if v := gauge(t, m.lagSeconds, f.topic, p); math.Abs(v-w.age.Seconds()) > 1e-9 {
			t.Errorf("newsenrich_consumer_lag_seconds{partition=%q} = %v, want %v", p, v, w.age.Seconds())
		}
	}
	if n, err := testutil.GatherAndCount(reg); err != nil || n != 3+3+1+1 {
		t.Errorf("gathered %d series (%v), want 8", n, err)
	}

	// The group catches up on partition 0 and starts on partition 1.
	f.commit(0, 5)
	f.commit(1, 1)
	if err := m.Measure(context.Background()); err != nil {
		t.Fatal(err)
	}
	got = m.Partitions()
	if got[0].Lag != 0 || got[0].Age != 0 || got[1].Lag != 2 || got[1].Age != 94*time.Second {
		t.Errorf("after commits: %+v", got)
	}
}

func TestMeasureKfake(t *testing.T)      { testMeasure(t, false) }
func TestMeasureRealBroker(t *testing.T) { testMeasure(t, true) }

func TestStartOffsetLatest(t *testing.T) {
	f := newFixture(t, false, 1)
	now := time.Now().Truncate(time.Millisecond)
	f.produce(0, now, now)
	m, err := New(f.client, f.group, f.topic, nil, WithStartOffset(kafka.LastOffset))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Measure(context.Background()); err != nil {
		t.Fatal(err)
	}
	if p := m.Partitions()[0]; p.Lag != 0 || p.Committed != -1 {
		t.Errorf("group without commits starting at latest: %+v, want lag 0", p)
	}
}

func testStall(t *testing.T, real bool) {
	f := newFixture(t, real, 2)
	base := time.Now().Truncate(time.Millisecond)
	f.produce(0, base, base, base, base)
	f.produce(1, base)
	f.commit(0, 1)
	f.commit(1, 1) // partition 1 is caught up: never stalled

	clk := &clock{now: base}
	reg := prometheus.NewRegistry()
	m, err := New(f.client, f.group, f.topic, reg, WithClock(clk.Now), WithStallTimeout(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name    string
		advance time.Duration
		commit  int64 // partition 0; 0 means no commit
		stalled bool
	}{
		{"first look", 0, 0, false},
		{"no progress, before the timeout", 59 * time.Second, 0, false},
		{"no progress for the timeout", time.Second, 0, true},
		{"still none", 10 * time.Minute, 0, true},
		{"progress", time.Second, 2, false},
		{"no progress again, not yet", 30 * time.Second, 0, false},
		{"no progress again for the timeout", 30 * time.Second, 0, true},
		{"caught up", time.Second, 4, false},
		{"nothing waiting is never stalled", time.Hour, 0, false},
	}
	for _, s := range steps {
		clk.Add(s.advance)
		if s.commit > 0 {
			f.commit(0, s.commit)
		}
		if err := m.Measure(context.Background()); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		ready := m.Ready()
		if (ready != nil) != s.stalled {
			t.Errorf("%s: Ready() = %v, want stalled %v", s.name, ready, s.stalled)
		}
		if ready != nil && !strings.Contains(ready.Error(), "stalled") {
			t.Errorf("%s: Ready() = %q does not say stalled", s.name, ready)
		}
		want := 0.0
		if s.stalled {
			want = 1
		}
		if v := testutil.ToFloat64(m.stalled); v != want {
			t.Errorf("%s: newsenrich_stalled = %v, want %v", s.name, v, want)
		}
		if p := m.Partitions()[1]; p.Stalled {
			t.Errorf("%s: caught-up partition 1 reported stalled", s.name)
		}
	}
}

func TestStallKfake(t *testing.T)      { testStall(t, false) }
func TestStallRealBroker(t *testing.T) { testStall(t, true) }

func TestStallTimeoutOff(t *testing.T) {
	f := newFixture(t, false, 1)
	f.produce(0, time.Now())
	clk := &clock{now: time.Now()}
	m, err := New(f.client, f.group, f.topic, nil, WithClock(clk.Now), WithStallTimeout(0))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := m.Measure(context.Background()); err != nil {
			t.Fatal(err)
		}
		clk.Add(24 * time.Hour)
	}
	if err := m.Ready(); err != nil {
		t.Errorf("watchdog off but Ready() = %v", err)
	}
}

func TestMeasureErrorsAreCounted(t *testing.T) {
	f := newFixture(t, false, 1)
	reg := prometheus.NewRegistry()
	m, err := New(f.client, f.group, "no-such-topic", reg)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 2; i++ {
		if err := m.Measure(context.Background()); err == nil {
			t.Fatal("measuring a missing topic succeeded")
		}
		if v := testutil.ToFloat64(m.scrapeErrors); v != float64(i) {
			t.Errorf("newsenrich_lag_scrape_errors_total = %v, want %d", v, i)
		}
	}
	if m.Err() == nil {
		t.Error("Err() = nil after a failed measurement")
	}
	if err := m.Ready(); err != nil {
		t.Errorf("a failed measurement made Ready() fail: %v", err)
	}
}

func TestRunMeasuresUntilCancelled(t *testing.T) {
	f := newFixture(t, false, 1)
	f.produce(0, time.Now())
	m, err := New(f.client, f.group, f.topic, nil, WithInterval(100*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	deadline := time.After(10 * time.Second)
	for len(m.Partitions()) == 0 {
		select {
		case <-deadline:
			t.Fatal("Run made no measurement")
		case <-time.After(20 * time.Millisecond):
		}
	}
	if p := m.Partitions()[0]; p.Lag != 1 {
		t.Errorf("lag = %d, want 1", p.Lag)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}

func TestNewValidates(t *testing.T) {
	good := &kafka.Client{Addr: kafka.TCP("127.0.0.1:1")}
	tests := []struct {
		name         string
		client       *kafka.Client
		group, topic string
	}{
		{"nil client", nil, "g", "t"},
		{"client without address", &kafka.Client{}, "g", "t"},
		{"no group", good, "", "t"},
		{"no topic", good, "g", ""},
	}
	for _, tc := range tests {
		if _, err := New(tc.client, tc.group, tc.topic, nil); err == nil {
			t.Errorf("%s: New succeeded", tc.name)
		}
	}
	reg := prometheus.NewRegistry()
	if _, err := New(good, "g", "t", reg); err != nil {
		t.Fatal(err)
	}
	if _, err := New(good, "g", "t", reg); err == nil {
		t.Error("registering the metrics twice on one registry succeeded")
	}
}
