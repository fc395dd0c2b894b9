// Package producer writes messages to Kafka synchronously, waiting for all
// in-sync replicas, and retries transient failures with backoff until the
// write is acknowledged or the caller gives up. Writes of many goroutines
// share produce requests: each waits for its own acknowledgement.
//
// It knows Kafka and nothing of the records it carries.
package producer

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/segmentio/kafka-go"
	"go.uber.org/zap"
)

// ErrTooLarge is returned (wrapped) when the broker refuses a message as
// too large; retrying cannot help.
var ErrTooLarge = errors.New("message too large for the topic")

// Observer is told about writes; *metrics.Metrics implements it. Nil is
// allowed.
type Observer interface {
	Produced(topic string, n int)
	ProduceError(topic string, retried bool)
}

// Config configures a Producer.
type Config struct {
	// Brokers are the bootstrap addresses.
	Brokers []string
	// ClientID names the client to the brokers.
	ClientID string
	// BatchTimeout is how long a write waits for the writes of other
	// goroutines to share its produce request; it adds to every write that
	// does not fill a batch. Default 1ms (kafka-go's own default, 1s, makes
	// every write take a second).
	BatchTimeout time.Duration
	// WriteTimeout bounds one attempt. Default 10s.
	WriteTimeout time.Duration
	// BackoffMin and BackoffMax bound the exponential backoff between
	// attempts. Defaults 100ms and 5s.
	BackoffMin, BackoffMax time.Duration
	// Transport is the kafka-go transport (TLS, SASL); nil uses a default
	// one with ClientID.
	Transport kafka.RoundTripper
}

// batchLimit bounds the bytes of one batch of records, below the 1 MiB
// brokers and topics accept by default (max.message.bytes applies to a
// whole record batch). Larger messages are written alone, and a batch
// refused as too large is retried one message at a time, so that only a
// message the topic refuses on its own is reported as too large.
const batchLimit = 1<<20 - 64<<10

// Producer writes messages to any topic; each message names its topic.
type Producer struct {
	cfg  Config
	w    *kafka.Writer // batches concurrent writes, up to batchLimit bytes
	solo *kafka.Writer // one message per request; the broker judges its size
	obs  Observer
	log  *zap.Logger

	mu      sync.Mutex
	failing error       // last error of a write that has not succeeded since
	failed  atomic.Bool // failing != nil, read without the lock
}

// New returns a producer. It does not connect until the first write.
func New(cfg Config, obs Observer, log *zap.Logger) *Producer {
	if cfg.BatchTimeout <= 0 {
		cfg.BatchTimeout = time.Millisecond
	}
	if cfg.WriteTimeout <= 0 {
		cfg.WriteTimeout = 10 * time.Second
	}
	if cfg.BackoffMin <= 0 {
		cfg.BackoffMin = 100 * time.Millisecond
	}
	if cfg.BackoffMax < cfg.BackoffMin {
		cfg.BackoffMax = max(5*time.Second, cfg.BackoffMin)
	}
	if log == nil {
		log = zap.NewNop()
	}
	transport := cfg.Transport
	if transport == nil {
		transport = &kafka.Transport{ClientID: cfg.ClientID, DialTimeout: 5 * time.Second}
	}
	writer := func(batchSize int, batchBytes int64) *kafka.Writer {
		return &kafka.Writer{
			Addr:         kafka.TCP(cfg.Brokers...),
			Balancer:     &kafka.Hash{},
			RequiredAcks: kafka.RequireAll,
			BatchTimeout: cfg.BatchTimeout,
			BatchSize:    batchSize,
			BatchBytes:   batchBytes,
			ReadTimeout:  cfg.WriteTimeout,
			WriteTimeout: cfg.WriteTimeout,
			// One attempt per call: Write retries with its own backoff so
			// that every failure is counted and nothing gives up.
			MaxAttempts: 1,
			Transport:   transport,
		}
	}
	return &Producer{cfg: cfg, obs: obs, log: log,
		w: writer(100, batchLimit),
		// A batch of one is sent at once; the broker enforces its own
		// limit.
		solo: writer(1, 64<<20),
	}
}

// size is about what msg adds to a record batch.
func size(msg *kafka.Message) int64 {
	n := len(msg.Key) + len(msg.Value) + 32
	for _, h := range msg.Headers {
		n += len(h.Key) + len(h.Value) + 8
	}
	return int64(n)
}

// writeOnce makes one attempt at writing msgs: small ones batched with
// the writes of other goroutines, large ones alone, and the small ones
// again alone when their batch was refused as too large.
func (p *Producer) writeOnce(ctx context.Context, msgs []kafka.Message) error {
	small := msgs
	var large []kafka.Message
	for i := range msgs {
		if size(&msgs[i]) > batchLimit/2 {
			small, large = nil, nil
			for j := range msgs {
				if size(&msgs[j]) > batchLimit/2 {
					large = append(large, msgs[j])
				} else {
					small = append(small, msgs[j])
				}
			}
			break
		}
	}
	if len(small) > 0 {
		err := p.w.WriteMessages(ctx, small...)
		if err != nil && tooLarge(err) {
			// The batch it shared may be what was too large.
			large = append(large, small...)
		} else if err != nil {
			return err
		}
	}
	if len(large) > 0 {
		return p.solo.WriteMessages(ctx, large...)
	}
	return nil
}

// Write writes msgs synchronously and returns once all were acknowledged by
// all in-sync replicas. Transient failures are retried with exponential
// backoff for as long as ctx allows; ctx's error is returned when it ends
// first. A message the broker refuses as too large fails at once with an
// error wrapping ErrTooLarge. Messages with the same key go to the same
// partition.
func (p *Producer) Write(ctx context.Context, msgs ...kafka.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	topic := msgs[0].Topic
	backoff := p.cfg.BackoffMin
	for attempt := 1; ; attempt++ {
		err := p.writeOnce(ctx, msgs)
		if err == nil {
			if p.failed.Load() {
				p.setFailing(nil)
			}
			if p.obs != nil {
				for _, m := range msgs {
					p.obs.Produced(m.Topic, 1)
				}
			}
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("write to %s: %w", topic, ctx.Err())
		}
		permanent := tooLarge(err)
		if p.obs != nil {
			p.obs.ProduceError(topic, !permanent)
		}
		if permanent {
			return fmt.Errorf("write to %s: %w: %w", topic, ErrTooLarge, err)
		}
		p.setFailing(err)
		p.log.Warn("write failed, retrying", zap.String("topic", topic), zap.Int("attempt", attempt),
			zap.Duration("backoff", backoff), zap.Error(err))
		if err := sleep(ctx, jitter(backoff)); err != nil {
			return fmt.Errorf("write to %s: %w", topic, err)
		}
		backoff = min(backoff*2, p.cfg.BackoffMax)
	}
}

// Healthy returns the last write error when the most recent write attempt
// failed, nil otherwise.
func (p *Producer) Healthy() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failing != nil {
		return fmt.Errorf("cannot write to Kafka: %w", p.failing)
	}
	return nil
}

func (p *Producer) setFailing(err error) {
	p.mu.Lock()
	p.failing = err
	p.failed.Store(err != nil)
	p.mu.Unlock()
}

// Close flushes and closes the producer.
func (p *Producer) Close() error { return errors.Join(p.w.Close(), p.solo.Close()) }

func tooLarge(err error) bool {
	var we kafka.WriteErrors
	if errors.As(err, &we) {
		for _, e := range we {
			if e != nil && tooLarge(e) {
				return true
			}
		}
		return false
	}
	var mt kafka.MessageTooLargeError
	return errors.As(err, &mt) || errors.Is(err, kafka.MessageSizeTooLarge) || errors.Is(err, kafka.RecordListTooLarge)
}

func jitter(d time.Duration) time.Duration {
	return d/2 + rand.N(d/2+1)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Topic is a topic to create.
type Topic struct {
	Name              string
	Partitions        int
	ReplicationFactor int
}

// CreateTopics creates the topics that do not exist yet; existing topics
// are left as they are.
func CreateTopics(ctx context.Context, brokers []string, topics ...Topic) error {
	return CreateTopicsVia(ctx, nil, brokers, topics...)
}

// CreateTopicsVia is CreateTopics over a given transport (TLS, SASL); nil
// uses kafka-go's default one.
func CreateTopicsVia(ctx context.Context, transport kafka.RoundTripper, brokers []string, topics ...Topic) error {
	if len(brokers) == 0 {
		return errors.New("create topics: no brokers")
	}
	client := &kafka.Client{Addr: kafka.TCP(brokers...), Timeout: 30 * time.Second, Transport: transport}
	req := &kafka.CreateTopicsRequest{Addr: kafka.TCP(brokers[0])}
	for _, t := range topics {
		req.Topics = append(req.Topics, kafka.TopicConfig{Topic: t.Name, NumPartitions: t.Partitions, ReplicationFactor: t.ReplicationFactor})
	}
	// CreateTopics must reach the controller; any broker forwards it in
	// KRaft mode.
	resp, err := client.CreateTopics(ctx, req)
	if err != nil {
		return fmt.Errorf("create topics: %w", err)
	}
	var errs []error
	for name, err := range resp.Errors {
		if err != nil && !errors.Is(err, kafka.TopicAlreadyExists) {
			errs = append(errs, fmt.Errorf("create topic %s: %w", name, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return waitForTopics(ctx, client, topics)
}

// waitForTopics waits until the metadata of every topic lists its leaders,
// so that writes right after creation do not fail.
func waitForTopics(ctx context.Context, client *kafka.Client, topics []Topic) error {
	names := make([]string, len(topics))
	for i, t := range topics {
		names[i] = t.Name
	}
	for {
		md, err := client.Metadata(ctx, &kafka.MetadataRequest{Topics: names})
		if err == nil && allLed(md, len(names)) {
			return nil
		}
		if err := sleep(ctx, 50*time.Millisecond); err != nil {
			return fmt.Errorf("wait for topics %v: %w", names, err)
		}
	}
}

func allLed(md *kafka.MetadataResponse, want int) bool {
	if len(md.Topics) < want {
		return false
	}
	for _, t := range md.Topics {
		if t.Error != nil || len(t.Partitions) == 0 {
			return false
		}
		for _, p := range t.Partitions {
			if p.Error != nil || p.Leader.Host == "" {
				return false
			}
		}
	}
	return true
}
