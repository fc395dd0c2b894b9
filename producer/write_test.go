package producer_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/newsenrich/newsenrich/internal/kafkatest"
	"github.com/newsenrich/newsenrich/producer"
)

type counts struct{ produced, errors, retries atomic.Int64 }

func (c *counts) Produced(string, int) { c.produced.Add(1) }
func (c *counts) ProduceError(_ string, retried bool) {
	c.errors.Add(1)
	if retried {
		c.retries.Add(1)
	}
}

// failProduce makes the embedded broker answer the next n produce
// requests to topic with code.
func failProduce(b kafkatest.Broker, topic string, n int, code int16) {
	left := n
	b.Cluster.ControlKey(int16(kmsg.Produce), func(req kmsg.Request) (kmsg.Response, error, bool) {
		pr := req.(*kmsg.ProduceRequest)
		if left == 0 || len(pr.Topics) == 0 || pr.Topics[0].Topic != topic {
			return nil, nil, false
		}
		left--
		if left > 0 {
			b.Cluster.KeepControl()
		}
		resp := pr.ResponseKind().(*kmsg.ProduceResponse)
		for _, rt := range pr.Topics {
			st := kmsg.NewProduceResponseTopic()
			st.Topic = rt.Topic
			for _, rp := range rt.Partitions {
				sp := kmsg.NewProduceResponseTopicPartition()
				sp.Partition = rp.Partition
				sp.ErrorCode = code
				st.Partitions = append(st.Partitions, sp)
			}
			resp.Topics = append(resp.Topics, st)
		}
		return resp, nil, true
	})
}

func TestWriteRetriesTransientErrors(t *testing.T) {
	b := kafkatest.Embedded(t)
	topic := kafkatest.Name(t, "out")
	b.CreateTopics(t, 1, topic)
	failProduce(b, topic, 3, 19) // NOT_ENOUGH_REPLICAS
	var c counts
	p := producer.New(producer.Config{Brokers: b.Brokers, BackoffMin: 10 * time.Millisecond, BackoffMax: 20 * time.Millisecond}, &c, nil)
	defer p.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := p.Write(ctx, kafka.Message{Topic: topic, Key: []byte("k"), Value: []byte("v")}); err != nil {
		t.Fatal(err)
	}
	if c.retries.Load() != 3 || c.produced.Load() != 1 {
		t.Fatalf("retries %d produced %d, want 3 and 1", c.retries.Load(), c.produced.Load())
	}
	if err := p.Healthy(); err != nil {
		t.Fatalf("unhealthy after a successful write: %v", err)
	}
	if got := b.Read(t, topic, 1, 10*time.Second); string(got[0].Value) != "v" {
		t.Fatalf("read back %q", got[0].Value)
	}
}

func TestWriteStopsOnTooLargeAndOnCancel(t *testing.T) {
	b := kafkatest.Embedded(t)
	topic := kafkatest.Name(t, "out")
	b.CreateTopics(t, 1, topic)
	var c counts
	p := producer.New(producer.Config{Brokers: b.Brokers, BackoffMin: 10 * time.Millisecond, BackoffMax: 20 * time.Millisecond}, &c, nil)
	defer p.Close()

	// Refused in its batch and then alone: too large.
	failProduce(b, topic, 2, 10) // MESSAGE_TOO_LARGE
	err := p.Write(context.Background(), kafka.Message{Topic: topic, Value: []byte("big")})
	if !errors.Is(err, producer.ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}

	failProduce(b, topic, 1000, 19)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err = p.Write(ctx, kafka.Message{Topic: topic, Value: []byte("v")})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the context's", err)
	}
	if p.Healthy() == nil {
		t.Fatal("healthy while every write fails")
	}
}

// A batch refused as too large is retried one message at a time: a
// message is too large only when the topic refuses it alone.
func TestRefusedBatchRetriedAlone(t *testing.T) {
	b := kafkatest.Embedded(t)
	topic := kafkatest.Name(t, "out")
	b.CreateTopics(t, 1, topic)
	var c counts
	p := producer.New(producer.Config{Brokers: b.Brokers, BatchTimeout: 50 * time.Millisecond}, &c, nil)
	defer p.Close()
	failProduce(b, topic, 1, 10) // MESSAGE_TOO_LARGE, once
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	const n = 5
	errs := make(chan error, n)
	for i := range n {
		go func() {
			errs <- p.Write(ctx, kafka.Message{Topic: topic, Key: []byte{byte('a' + i)}, Value: []byte("v")})
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("write: %v", err)
		}
	}
	if got := b.Read(t, topic, n, 10*time.Second); len(got) != n {
		t.Fatalf("read %d messages, want %d", len(got), n)
	}
	if c.produced.Load() != n || c.errors.Load() != 0 {
		t.Fatalf("produced %d, errors %d; want %d and 0", c.produced.Load(), c.errors.Load(), n)
	}
}

// Messages too large to share a batch are written alone; the topic
// decides.
func TestLargeMessageWrittenAlone(t *testing.T) {
	b := kafkatest.Embedded(t)
	topic := kafkatest.Name(t, "out")
	b.CreateTopics(t, 1, topic)
	p := producer.New(producer.Config{Brokers: b.Brokers}, nil, nil)
	defer p.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	big := make([]byte, 700<<10)
	if err := p.Write(ctx, kafka.Message{Topic: topic, Value: []byte("small")}, kafka.Message{Topic: topic, Value: big}); err != nil {
		t.Fatal(err)
	}
	if got := b.Read(t, topic, 2, 10*time.Second); len(got) != 2 {
		t.Fatalf("read %d messages, want 2", len(got))
	}
}

// Concurrent writes to several topics share produce requests; every
// message is acknowledged once, lands once, keeps its headers, and goes to
// the partition kafka-go's Hash balancer picks for its key, as with
// kafka.Writer.
func TestConcurrentWritesShareRequests(t *testing.T) {
	b := kafkatest.Embedded(t)
	topics := []string{kafkatest.Name(t, "a"), kafkatest.Name(t, "b")}
	b.CreateTopics(t, 3, topics...)
	for _, batchTimeout := range []time.Duration{0, 5 * time.Millisecond} {
		var c counts
		p := producer.New(producer.Config{Brokers: b.Brokers, BatchTimeout: batchTimeout}, &c, nil)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		const n = 60
		errs := make(chan error, n)
		for i := range n {
			go func() {
				errs <- p.Write(ctx, kafka.Message{Topic: topics[i%2], Key: fmt.Appendf(nil, "%s-%d", batchTimeout, i),
					Value: []byte("v"), Headers: []kafka.Header{{Key: "h", Value: []byte{byte(i)}}}})
			}()
		}
		for range n {
			if err := <-errs; err != nil {
				t.Errorf("write: %v", err)
			}
		}
		cancel()
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
		if c.produced.Load() != n {
			t.Fatalf("batch timeout %v: produced %d, want %d", batchTimeout, c.produced.Load(), n)
		}
	}
	var hash kafka.Hash
	for _, topic := range topics {
		got := b.Read(t, topic, 60, 10*time.Second)
		if len(got) != 60 {
			t.Fatalf("%s: read %d messages, want 60", topic, len(got))
		}
		for _, m := range got {
			if want := hash.Balance(kafka.Message{Key: m.Key}, 0, 1, 2); m.Partition != want {
				t.Errorf("key %s in partition %d, want %d", m.Key, m.Partition, want)
			}
			if len(m.Headers) != 1 || m.Headers[0].Key != "h" {
				t.Errorf("key %s: headers %v", m.Key, m.Headers)
			}
		}
	}
}

func TestWriteAfterClose(t *testing.T) {
	b := kafkatest.Embedded(t)
	p := producer.New(producer.Config{Brokers: b.Brokers}, nil, nil)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := p.Write(context.Background(), kafka.Message{Topic: "t", Value: []byte("v")}); err == nil {
		t.Fatal("write after close succeeded")
	}
}
