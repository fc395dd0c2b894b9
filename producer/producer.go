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
	"net"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol"
	"github.com/segmentio/kafka-go/protocol/metadata"
	"github.com/segmentio/kafka-go/protocol/produce"
	"go.uber.org/zap"
)

// ErrTooLarge is returned (wrapped) when the broker refuses a message as
// too large; retrying cannot help.
var ErrTooLarge = errors.New("message too large for the topic")

// errClosed is returned by writes after Close.
var errClosed = errors.New("producer closed")

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
	// BatchTimeout is how long a write may wait, when no produce request
	// is in flight, for the writes of other goroutines to share its
	// request. 0 (the default) sends at once: the writes that arrive while
	// a request is in flight share the next one anyway.
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

// Produce requests in flight: a second request starts while one is in
// flight only once pipelineBytes are waiting, so that at moderate rates
// the writes that arrive during a round trip share the next request (one
// request, one wake-up of each goroutine involved, for all of them), and
// at high rates two requests overlap.
const (
	senders       = 2
	pipelineBytes = 256 << 10
)

// Producer writes messages to any topic; each message names its topic.
//
// Writes of all goroutines go to one queue. A sender takes everything
// queued, assigns partitions (kafka-go's Hash balancer, as kafka.Writer
// did), and sends one produce request per partition leader with one
// record batch per partition, so the writes in flight share requests
// across topics and partitions.
type Producer struct {
	cfg       Config
	obs       Observer
	log       *zap.Logger
	transport kafka.RoundTripper
	own       *kafka.Transport // the transport New made, nil when given one
	addr      net.Addr
	hash      kafka.Hash

	mu       sync.Mutex
	more     *sync.Cond // queue grew, a round ended, or closing
	queue    []*entry
	queued   int64 // bytes in queue
	inFlight int   // rounds in flight
	closing  bool
	senders  sync.WaitGroup

	failMu  sync.Mutex
	failing error       // last error of a write that has not succeeded since
	failed  atomic.Bool // failing != nil, read without the lock
}

// entry is one message of a write attempt.
type entry struct {
	msg   *kafka.Message
	size  int64
	alone bool // in a batch of its own
	at    time.Time
	err   error
	call  *call
}

// call is one write attempt of one goroutine: done is closed when all its
// entries are settled.
type call struct {
	left atomic.Int32
	done chan struct{}
}

func (c *call) settle() {
	if c.left.Add(-1) == 0 {
		close(c.done)
	}
}

// New returns a producer. It does not connect until the first write.
func New(cfg Config, obs Observer, log *zap.Logger) *Producer {
	if cfg.BatchTimeout < 0 {
		cfg.BatchTimeout = 0
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
	p := &Producer{cfg: cfg, obs: obs, log: log, transport: cfg.Transport, addr: kafka.TCP(cfg.Brokers...)}
	if p.transport == nil {
		p.own = &kafka.Transport{ClientID: cfg.ClientID, DialTimeout: 5 * time.Second}
		p.transport = p.own
	}
	p.more = sync.NewCond(&p.mu)
	p.senders.Add(senders)
	for range senders {
		go p.send()
	}
	return p
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
	entries := make([]entry, len(msgs))
	for i := range msgs {
		e := &entries[i]
		e.msg, e.size = &msgs[i], size(&msgs[i])
		e.alone = e.size > batchLimit/2
	}
	if err := p.enqueue(ctx, entries); err != nil {
		return err
	}
	// Messages refused in a shared batch as too large go again alone: the
	// batch may be what was too large.
	var again []entry
	var errs []error
	for i := range entries {
		e := &entries[i]
		switch {
		case e.err == nil:
		case !e.alone && tooLarge(e.err):
			again = append(again, entry{msg: e.msg, size: e.size, alone: true})
		default:
			errs = append(errs, e.err)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if len(again) == 0 {
		return nil
	}
	if err := p.enqueue(ctx, again); err != nil {
		return err
	}
	for i := range again {
		errs = append(errs, again[i].err)
	}
	return errors.Join(errs...)
}

// enqueue queues entries and waits until they are all settled or ctx
// ends. Entries queued when ctx ends may still be written.
func (p *Producer) enqueue(ctx context.Context, entries []entry) error {
	c := &call{done: make(chan struct{})}
	c.left.Store(int32(len(entries)))
	now := time.Now()
	p.mu.Lock()
	if p.closing {
		p.mu.Unlock()
		return errClosed
	}
	for i := range entries {
		e := &entries[i]
		e.call, e.at = c, now
		p.queue = append(p.queue, e)
		p.queued += e.size
	}
	if p.inFlight == 0 || p.queued >= pipelineBytes {
		// A sender may start a round; otherwise the round in flight
		// takes the queue when it ends.
		p.more.Signal()
	}
	p.mu.Unlock()
	select {
	case <-c.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// send is a sender: it takes what is queued and writes it, one round at a
// time, until the producer closes and the queue is empty.
func (p *Producer) send() {
	defer p.senders.Done()
	var round []*entry
	for {
		p.mu.Lock()
		for !p.closing && (len(p.queue) == 0 || p.inFlight > 0 && p.queued < pipelineBytes) {
			p.more.Wait()
		}
		if len(p.queue) == 0 { // closing
			p.mu.Unlock()
			return
		}
		if wait := p.cfg.BatchTimeout - time.Since(p.queue[0].at); wait > 0 && p.inFlight == 0 && p.queued < pipelineBytes && !p.closing {
			// Give other writes the batch timeout to join this request.
			p.inFlight++
			p.mu.Unlock()
			time.Sleep(wait)
			p.mu.Lock()
			p.inFlight--
		}
		round = append(round[:0], p.queue...)
		clear(p.queue)
		p.queue, p.queued = p.queue[:0], 0
		p.inFlight++
		p.mu.Unlock()

		p.write(round)
		clear(round)

		p.mu.Lock()
		p.inFlight--
		if p.closing {
			p.more.Broadcast()
		}
		p.mu.Unlock()
	}
}

// target is where an entry goes.
type target struct {
	topic     string
	partition int32
}

// write writes the entries of one round and settles each of them.
func (p *Producer) write(round []*entry) {
	ctx, cancel := context.WithTimeout(context.Background(), p.cfg.WriteTimeout)
	defer cancel()
	layouts := map[string]*layout{}
	// batches[leader][target] are the entries of one record batch; alone
	// entries get a request of their own.
	type batch struct {
		t       target
		entries []*entry
		bytes   int64
	}
	var requests [][]*batch // requests in order; each holds one batch per target at most
	open := map[int32]int{} // leader -> index in requests of its open request
	index := map[int32]map[target]*batch{}
	for _, e := range round {
		l, ok := layouts[e.msg.Topic]
		if !ok {
			var err error
			if l, err = p.layout(ctx, e.msg.Topic); err != nil {
				l = &layout{err: err}
			}
			layouts[e.msg.Topic] = l
		}
		if l.err != nil {
			e.err = l.err
			e.call.settle()
			continue
		}
		part := int32(p.hash.Balance(*e.msg, l.ids...))
		leader := l.leaders[part]
		t := target{e.msg.Topic, part}
		if e.alone {
			requests = append(requests, []*batch{{t: t, entries: []*entry{e}, bytes: e.size}})
			continue
		}
		i, ok := open[leader]
		b := index[leader][t]
		if ok && b != nil && b.bytes+e.size > batchLimit {
			ok = false // this batch is full: a new request for this leader
		}
		if !ok {
			i = len(requests)
			requests = append(requests, nil)
			open[leader] = i
			index[leader] = map[target]*batch{}
			b = nil
		}
		if b == nil {
			b = &batch{t: t}
			index[leader][t] = b
			requests[i] = append(requests[i], b)
		}
		b.entries = append(b.entries, e)
		b.bytes += e.size
	}
	for _, batches := range requests {
		req := &produce.Request{Acks: int16(kafka.RequireAll), Timeout: int32(p.cfg.WriteTimeout / time.Millisecond)}
		for _, b := range batches {
			records := make([]kafka.Record, len(b.entries))
			for i, e := range b.entries {
				records[i] = kafka.Record{Time: e.msg.Time, Headers: e.msg.Headers}
				if e.msg.Key != nil {
					records[i].Key = kafka.NewBytes(e.msg.Key)
				}
				if e.msg.Value != nil {
					records[i].Value = kafka.NewBytes(e.msg.Value)
				}
			}
			rp := produce.RequestPartition{Partition: b.t.partition, RecordSet: protocol.RecordSet{Records: kafka.NewRecordReader(records...)}}
			if n := len(req.Topics); n > 0 && req.Topics[n-1].Topic == b.t.topic {
				req.Topics[n-1].Partitions = append(req.Topics[n-1].Partitions, rp)
			} else {
				req.Topics = append(req.Topics, produce.RequestTopic{Topic: b.t.topic, Partitions: []produce.RequestPartition{rp}})
			}
		}
		// answered holds each partition's outcome; a partition the
		// response leaves out was not written.
		answered := map[target]error{}
		resp, err := p.transport.RoundTrip(ctx, p.addr, req)
		if err == nil {
			for _, rt := range resp.(*produce.Response).Topics {
				for _, rp := range rt.Partitions {
					var perr error
					if rp.ErrorCode != 0 {
						perr = kafka.Error(rp.ErrorCode)
					}
					answered[target{rt.Topic, rp.Partition}] = perr
				}
			}
		}
		for _, b := range batches {
			berr := err
			if berr == nil {
				var ok bool
				if berr, ok = answered[b.t]; !ok {
					berr = fmt.Errorf("produce to %s/%d: no answer for the partition", b.t.topic, b.t.partition)
				}
			}
			for _, e := range b.entries {
				e.err = berr
				e.call.settle()
			}
		}
	}
}

// layout is what the producer needs of a topic's metadata.
type layout struct {
	ids     []int           // partition ids, ascending
	leaders map[int32]int32 // partition -> leader broker
	err     error
}

// layout returns topic's partitions and their leaders from the
// transport's cached metadata.
func (p *Producer) layout(ctx context.Context, topic string) (*layout, error) {
	r, err := p.transport.RoundTrip(ctx, p.addr, &metadata.Request{TopicNames: []string{topic}})
	if err != nil {
		return nil, fmt.Errorf("metadata of %s: %w", topic, err)
	}
	for _, t := range r.(*metadata.Response).Topics {
		if t.Name != topic {
			continue
		}
		if t.ErrorCode != 0 {
			return nil, fmt.Errorf("metadata of %s: %w", topic, kafka.Error(t.ErrorCode))
		}
		if len(t.Partitions) == 0 {
			return nil, fmt.Errorf("metadata of %s: %w", topic, kafka.LeaderNotAvailable)
		}
		l := &layout{ids: make([]int, len(t.Partitions)), leaders: make(map[int32]int32, len(t.Partitions))}
		for i, part := range t.Partitions {
			l.ids[i] = int(part.PartitionIndex)
			l.leaders[part.PartitionIndex] = part.LeaderID
		}
		slices.Sort(l.ids)
		return l, nil
	}
	return nil, fmt.Errorf("metadata of %s: %w", topic, kafka.UnknownTopicOrPartition)
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
		if errors.Is(err, errClosed) {
			return fmt.Errorf("write to %s: %w", topic, err)
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
	p.failMu.Lock()
	defer p.failMu.Unlock()
	if p.failing != nil {
		return fmt.Errorf("cannot write to Kafka: %w", p.failing)
	}
	return nil
}

func (p *Producer) setFailing(err error) {
	p.failMu.Lock()
	p.failing = err
	p.failed.Store(err != nil)
	p.failMu.Unlock()
}

// Close writes what is queued, waits for the requests in flight and
// closes the producer; later writes fail.
func (p *Producer) Close() error {
	p.mu.Lock()
	p.closing = true
	p.more.Broadcast()
	p.mu.Unlock()
	p.senders.Wait()
	if p.own != nil {
		p.own.CloseIdleConnections()
	}
	return nil
}

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
