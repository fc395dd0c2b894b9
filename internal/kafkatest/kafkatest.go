// Package kafkatest gives tests a Kafka broker — the embedded kfake broker,
// or the real one named by NEWSENRICH_TEST_BROKERS — with unique topics and
// helpers to produce, read back and inspect committed offsets.
package kafkatest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/newsenrich/newsenrich/producer"
)

// EnvBrokers names the environment variable with the real broker list.
const EnvBrokers = "NEWSENRICH_TEST_BROKERS"

// Broker is a broker to test against.
type Broker struct {
	// Name is "embedded" or "kafka".
	Name    string
	Brokers []string
	// Cluster is the embedded broker, nil for the real one; tests inject
	// failures through its control functions.
	Cluster *kfake.Cluster
}

// Each runs f as a subtest against the embedded broker and, when
// NEWSENRICH_TEST_BROKERS is set, against the real one (skipped
// otherwise).
func Each(t *testing.T, f func(t *testing.T, b Broker)) {
	t.Helper()
	t.Run("embedded", func(t *testing.T) {
		f(t, Embedded(t))
	})
	t.Run("kafka", func(t *testing.T) {
		f(t, Real(t))
	})
}

// Real returns the real broker of NEWSENRICH_TEST_BROKERS or skips the test.
func Real(t testing.TB) Broker {
	t.Helper()
	env := os.Getenv(EnvBrokers)
	if env == "" {
		t.Skip(EnvBrokers + " is not set; run scripts/test.sh for the real-Kafka tests")
	}
	return Broker{Name: "kafka", Brokers: strings.Split(env, ",")}
}

// Embedded starts an in-process kfake broker that is closed when the test
// ends.
func Embedded(t testing.TB) Broker {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.DefaultNumPartitions(3))
	if err != nil {
		t.Fatalf("start embedded broker: %v", err)
	}
	t.Cleanup(c.Close)
	return Broker{Name: "embedded", Brokers: c.ListenAddrs(), Cluster: c}
}

var seq atomic.Int64

// Name returns a topic or group name unique to this test run.
func Name(t testing.TB, what string) string {
	clean := strings.NewReplacer("/", ".", " ", "_", "#", "").Replace(t.Name())
	if len(clean) > 80 {
		clean = clean[len(clean)-80:]
	}
	return fmt.Sprintf("t.%s.%s.%d.%d", clean, what, time.Now().UnixNano()%1e9, seq.Add(1))
}

// CreateTopics creates topics with the given number of partitions.
func (b Broker) CreateTopics(t testing.TB, partitions int, names ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	topics := make([]producer.Topic, len(names))
	for i, n := range names {
		topics[i] = producer.Topic{Name: n, Partitions: partitions, ReplicationFactor: 1}
	}
	if err := producer.CreateTopics(ctx, b.Brokers, topics...); err != nil {
		t.Fatal(err)
	}
}

// Produce writes messages to a topic (round robin over partitions when
// they have no key), waiting for acknowledgement.
func (b Broker) Produce(t testing.TB, topic string, msgs ...kafka.Message) {
	t.Helper()
	w := &kafka.Writer{Addr: kafka.TCP(b.Brokers...), Topic: topic, Balancer: &kafka.RoundRobin{},
		RequiredAcks: kafka.RequireAll, BatchTimeout: 5 * time.Millisecond, BatchBytes: 64 << 20}
	defer w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := w.WriteMessages(ctx, msgs...); err != nil {
		t.Fatalf("produce to %s: %v", topic, err)
	}
}

// Partitions returns the partition ids of a topic.
func (b Broker) Partitions(t testing.TB, topic string) []int {
	t.Helper()
	client := &kafka.Client{Addr: kafka.TCP(b.Brokers...), Timeout: 10 * time.Second}
	md, err := client.Metadata(context.Background(), &kafka.MetadataRequest{Topics: []string{topic}})
	if err != nil || len(md.Topics) != 1 || md.Topics[0].Error != nil {
		t.Fatalf("metadata of %s: %v %+v", topic, err, md)
	}
	var ids []int
	for _, p := range md.Topics[0].Partitions {
		ids = append(ids, p.ID)
	}
	sort.Ints(ids)
	return ids
}

// Read reads every partition of topic from the start until it has n
// messages or the timeout passes, and fails the test when it got fewer.
// It then waits a little for messages beyond n, so that duplicates show.
func (b Broker) Read(t testing.TB, topic string, n int, timeout time.Duration) []kafka.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var (
		mu   sync.Mutex
		out  []kafka.Message
		wg   sync.WaitGroup
		full = make(chan struct{})
		once sync.Once
	)
	for _, p := range b.Partitions(t, topic) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := kafka.NewReader(kafka.ReaderConfig{Brokers: b.Brokers, Topic: topic, Partition: p,
				MaxWait: 100 * time.Millisecond, MaxBytes: 64 << 20})
			defer r.Close()
			for {
				m, err := r.ReadMessage(ctx)
				if err != nil {
					return
				}
				mu.Lock()
				out = append(out, m)
				if len(out) >= n {
					once.Do(func() { close(full) })
				}
				mu.Unlock()
			}
		}()
	}
	select {
	case <-full:
		// Give late duplicates a moment to show up.
		select {
		case <-time.After(300 * time.Millisecond):
		case <-ctx.Done():
		}
	case <-ctx.Done():
	}
	cancel()
	wg.Wait()
	if len(out) < n {
		t.Fatalf("read %d messages from %s within %v, want %d", len(out), topic, timeout, n)
	}
	return out
}

// Committed returns the committed offsets of a group on a topic, by
// partition; partitions without a committed offset are absent, and so are
// all while the group does not exist yet or its coordinator is loading.
func (b Broker) Committed(t testing.TB, group, topic string) map[int]int64 {
	t.Helper()
	for range 50 {
		c, err := b.committed(t, group, topic)
		switch {
		case err == nil:
			return c
		case errors.Is(err, kafka.GroupIdNotFound):
			return map[int]int64{}
		case errors.Is(err, kafka.NotCoordinatorForGroup), errors.Is(err, kafka.GroupCoordinatorNotAvailable),
			errors.Is(err, kafka.GroupLoadInProgress):
			time.Sleep(100 * time.Millisecond)
		default:
			t.Fatalf("offset fetch: %v", err)
		}
	}
	t.Fatalf("offset fetch of group %s: coordinator not available", group)
	return nil
}

func (b Broker) committed(t testing.TB, group, topic string) (map[int]int64, error) {
	client := &kafka.Client{Addr: kafka.TCP(b.Brokers...), Timeout: 10 * time.Second}
	resp, err := client.OffsetFetch(context.Background(), &kafka.OffsetFetchRequest{GroupID: group,
		Topics: map[string][]int{topic: b.Partitions(t, topic)}})
	if err != nil {
		return nil, err
	}
	if resp.Error != nil {
		return nil, resp.Error
	}
	out := map[int]int64{}
	for _, p := range resp.Topics[topic] {
		if p.Error == nil && p.CommittedOffset >= 0 {
			out[p.Partition] = p.CommittedOffset
		}
	}
	return out, nil
}

// Header returns the value of a message header.
func Header(m kafka.Message, key string) string {
	for _, h := range m.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}
