// Package consumer consumes a topic as a member of a Kafka consumer group:
// it fetches every assigned partition in its own goroutine, in offset
// order, hands up to MaxInFlight messages at once to the handler (several
// of one partition too, but never two with the same key), and commits an
// offset only after the handler has finished it and every message before
// it.
//
// It is built on kafka-go's ConsumerGroup and Generation API with one
// partition reader per assigned partition, so that a rebalance ends the
// work of a generation cleanly: fetching stops, messages in flight finish,
// their offsets are committed with the generation that owned them, and
// only then does the member rejoin. It knows Kafka and nothing of what the
// messages hold.
package consumer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/segmentio/kafka-go"
	"go.uber.org/zap"
	"golang.org/x/sync/semaphore"
)

// Handler processes one message. It returns nil once the message is done
// (its output acknowledged), which makes its offset committable. An error
// stops the consumer without committing the message: return one only when
// the message cannot be finished (ctx ended); bad input is the handler's
// to deal with. It is called from up to MaxInFlight goroutines at once.
type Handler = func(ctx context.Context, msg kafka.Message) error

// Observer is told about the consumer's progress; *metrics.Metrics
// implements it. Nil is allowed.
type Observer interface {
	Consumed(topic string)
	Committed(topic string, messages int64)
	FetchError()
	Rebalanced()
}

// Config configures a Consumer.
type Config struct {
	Brokers []string
	Topic   string
	Group   string
	// ClientID names the client to the brokers.
	ClientID string
	// MaxInFlight is how many messages are handled at once, across
	// partitions and within one: a handler that waits for its output to
	// be acknowledged does not hold up the messages behind it. Messages
	// of a partition with the same (non-empty) key are handled one after
	// the other, in offset order. Commits stay contiguous: an offset is
	// committed only when every message before it is done. Default 1
	// (one message at a time).
	MaxInFlight int
	// MaxInFlightBytes bounds the bytes (keys and values) of the messages
	// in flight, so that a stream of large messages does not hold
	// MaxInFlight of them in memory; a message larger than the bound is
	// handled alone. Default 64 MiB.
	MaxInFlightBytes int64
	// StartEarliest starts a group without committed offsets at the first
	// offset; otherwise at the end.
	StartEarliest bool
	// CommitInterval is how often completed offsets are committed; 0
	// commits after every message. Offsets are always committed when a
	// generation ends (rebalance, shutdown).
	CommitInterval time.Duration
	// SessionTimeout, HeartbeatInterval and RebalanceTimeout configure the
	// group membership. Defaults 10s, 3s, 30s.
	SessionTimeout, HeartbeatInterval, RebalanceTimeout time.Duration
	// FetchMaxWait bounds one fetch. Default 500ms.
	FetchMaxWait time.Duration
	// FetchMaxBytes bounds one fetch response; it must exceed the largest
	// message. Default 16 MiB.
	FetchMaxBytes int
	// DrainTimeout bounds how long messages in flight may take to finish
	// once Run's context is done; after it, their context is cancelled.
	// Default 30s.
	DrainTimeout time.Duration
	// BackoffMin and BackoffMax bound the wait after a fetch error.
	// Defaults 100ms and 5s.
	BackoffMin, BackoffMax time.Duration
	// Dialer connects to the brokers (TLS, SASL); nil uses a default one.
	Dialer *kafka.Dialer
}

func (c *Config) defaults() {
	set := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	set(&c.SessionTimeout, 10*time.Second)
	set(&c.HeartbeatInterval, 3*time.Second)
	set(&c.RebalanceTimeout, 30*time.Second)
	set(&c.FetchMaxWait, 500*time.Millisecond)
	set(&c.DrainTimeout, 30*time.Second)
	set(&c.BackoffMin, 100*time.Millisecond)
	set(&c.BackoffMax, 5*time.Second)
	if c.MaxInFlight < 1 {
		c.MaxInFlight = 1
	}
	if c.MaxInFlightBytes <= 0 {
		c.MaxInFlightBytes = 64 << 20
	}
	if c.FetchMaxBytes <= 0 {
		c.FetchMaxBytes = 16 << 20
	}
	if c.Dialer == nil {
		c.Dialer = &kafka.Dialer{ClientID: c.ClientID, Timeout: 10 * time.Second, DualStack: true}
	}
}

// Consumer is one member of a consumer group.
type Consumer struct {
	cfg   Config
	obs   Observer
	log   *zap.Logger
	sem   chan struct{}       // a place per message in flight
	bytes *semaphore.Weighted // the bytes of the messages in flight

	mu         sync.Mutex
	assigned   bool      // holds a generation
	partitions []int     // of the current generation
	fetchErr   error     // last fetch error not followed by a success
	firstErrAt time.Time // first error since the last success
	lastErrAt  time.Time // last error
}

// New returns a consumer; it joins the group when Run is called.
func New(cfg Config, obs Observer, log *zap.Logger) (*Consumer, error) {
	if len(cfg.Brokers) == 0 || cfg.Topic == "" || cfg.Group == "" {
		return nil, errors.New("consumer: brokers, topic and group are required")
	}
	cfg.defaults()
	if log == nil {
		log = zap.NewNop()
	}
	return &Consumer{cfg: cfg, obs: obs, log: log, sem: make(chan struct{}, cfg.MaxInFlight),
		bytes: semaphore.NewWeighted(cfg.MaxInFlightBytes)}, nil
}

// Fetch errors make the consumer unhealthy when they persist: errors
// without a successful fetch in between for at least failingAfter, the
// last one less than failingFor ago. A single timeout under load does not
// count; a broker that is down does, within seconds (failing connections
// are retried at least every BackoffMax, 5s by default).
const (
	failingAfter = 5 * time.Second
	failingFor   = 15 * time.Second
)

// Healthy returns nil when the consumer holds partitions of the group and
// fetching works, else why not.
func (c *Consumer) Healthy() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.assigned {
		return errors.New("not a member of the consumer group yet")
	}
	now := time.Now()
	if c.fetchErr != nil && now.Sub(c.lastErrAt) < failingFor && c.lastErrAt.Sub(c.firstErrAt) >= failingAfter {
		return fmt.Errorf("fetching has failed for %v: %w", now.Sub(c.firstErrAt).Round(time.Second), c.fetchErr)
	}
	return nil
}

// Assigned returns the partitions of the current generation.
func (c *Consumer) Assigned() []int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]int(nil), c.partitions...)
}

func (c *Consumer) fetchFailed(err error) {
	now := time.Now()
	c.mu.Lock()
	if c.fetchErr == nil {
		c.firstErrAt = now
	}
	c.fetchErr, c.lastErrAt = err, now
	c.mu.Unlock()
	if c.obs != nil {
		c.obs.FetchError()
	}
}

func (c *Consumer) fetched() {
	c.mu.Lock()
	c.fetchErr = nil
	c.mu.Unlock()
}

// Run joins the group and handles messages until ctx is done or the handler
// fails. When ctx is done it stops fetching, lets messages in flight finish
// (for at most DrainTimeout), commits their offsets, leaves the group and
// returns nil. A handler error is returned after committing what was done.
func (c *Consumer) Run(ctx context.Context, h Handler) error {
	startOffset := kafka.LastOffset
	if c.cfg.StartEarliest {
		startOffset = kafka.FirstOffset
	}
	errLog := kafka.LoggerFunc(func(format string, args ...any) {
		c.fetchFailed(fmt.Errorf(format, args...))
		c.log.Warn("kafka: " + fmt.Sprintf(format, args...))
	})
	cg, err := kafka.NewConsumerGroup(kafka.ConsumerGroupConfig{
		ID:                c.cfg.Group,
		Brokers:           c.cfg.Brokers,
		Dialer:            c.cfg.Dialer,
		Topics:            []string{c.cfg.Topic},
		HeartbeatInterval: c.cfg.HeartbeatInterval,
		SessionTimeout:    c.cfg.SessionTimeout,
		RebalanceTimeout:  c.cfg.RebalanceTimeout,
		JoinGroupBackoff:  c.cfg.BackoffMin * 10,
		// Partitions added to the topic trigger a rebalance.
		WatchPartitionChanges:  true,
		PartitionWatchInterval: 5 * time.Second,
		StartOffset:            startOffset,
		ErrorLogger:            errLog,
	})
	if err != nil {
		return fmt.Errorf("consumer group: %w", err)
	}

	// work is the context of handlers: it outlives ctx by DrainTimeout so
	// that messages in flight can be finished and published.
	work, cancelWork := context.WithCancelCause(context.WithoutCancel(ctx))
	defer cancelWork(nil)
	stopDrain := context.AfterFunc(ctx, func() {
		t := time.AfterFunc(c.cfg.DrainTimeout, func() {
			cancelWork(fmt.Errorf("shutdown took longer than %v", c.cfg.DrainTimeout))
		})
		context.AfterFunc(work, func() { t.Stop() })
	})
	defer stopDrain()

	// fail ends the group on a handler error.
	var failOnce sync.Once
	var failErr error
	failed := make(chan struct{})
	fail := func(err error) {
		failOnce.Do(func() { failErr = err; close(failed) })
	}

	// closing the group ends the current generation: its partition
	// goroutines stop fetching, finish, commit and return, then the
	// member leaves the group.
	closed := make(chan error, 1)
	closeGroup := sync.OnceFunc(func() {
		go func() { closed <- cg.Close() }()
	})
	go func() {
		select {
		case <-ctx.Done():
		case <-failed:
		}
		closeGroup()
	}()

	for {
		gen, err := cg.Next(ctx)
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, kafka.ErrGroupClosed) {
				break
			}
			c.fetchFailed(err) // kafka-go's error log already said why
			c.log.Debug("consumer group: rejoining", zap.Error(err))
			continue
		}
		c.startGeneration(gen, work, h, fail)
		select {
		case <-failed:
		default:
			continue
		}
		break
	}
	closeGroup()
	closeErr := <-closed
	c.mu.Lock()
	c.assigned, c.partitions = false, nil
	c.mu.Unlock()
	if failErr != nil {
		return failErr
	}
	if closeErr != nil && !errors.Is(closeErr, kafka.ErrGroupClosed) {
		c.log.Warn("leaving the consumer group", zap.Error(closeErr))
	}
	return nil
}

// partition tracks the offsets of one assigned partition.
type partition struct {
	id        int
	start     int64   // assignment offset (may be FirstOffset/LastOffset)
	first     int64   // first offset handled this generation, -1 before
	done      int64   // next offset to commit, -1 when nothing done yet
	committed int64   // last committed, -1 when none this generation
	pending   []*slot // handed to the handler and not yet committable, in offset order
}

// slot is one message handed to the handler.
type slot struct {
	offset   int64
	finished bool
}

// dispatched records that the message at offset is being handled.
// Offsets are dispatched in increasing order.
func (p *partition) dispatched(offset int64) *slot {
	if p.first < 0 {
		p.first = offset
	}
	s := &slot{offset: offset}
	p.pending = append(p.pending, s)
	return s
}

// finish marks s done and advances done over the finished prefix of the
// pending messages; it reports whether done moved.
func (p *partition) finish(s *slot) bool {
	s.finished = true
	n := 0
	for n < len(p.pending) && p.pending[n].finished {
		p.done = p.pending[n].offset + 1
		n++
	}
	if n == 0 {
		return false
	}
	clear(p.pending[:n])
	p.pending = p.pending[n:]
	if len(p.pending) == 0 {
		p.pending = p.pending[:0:0] // let the backing array go
	}
	return true
}

// startGeneration starts a goroutine per assigned partition and one that
// commits; all are bound to the generation and return when it ends.
func (c *Consumer) startGeneration(gen *kafka.Generation, work context.Context, h Handler, fail func(error)) {
	assigns := gen.Assignments[c.cfg.Topic]
	parts := make([]*partition, len(assigns))
	ids := make([]int, len(assigns))
	for i, a := range assigns {
		parts[i] = &partition{id: a.ID, start: a.Offset, first: -1, done: -1, committed: -1}
		ids[i] = a.ID
	}
	c.mu.Lock()
	c.assigned, c.partitions = true, ids
	c.fetchErr = nil // joined: the coordinator is reachable again
	c.mu.Unlock()
	if c.obs != nil {
		c.obs.Rebalanced()
	}
	c.log.Info("partitions assigned", zap.Int32("generation", gen.ID), zap.String("member", gen.MemberID),
		zap.String("topic", c.cfg.Topic), zap.Ints("partitions", ids))

	var mu sync.Mutex // guards done/committed of parts
	commit := func() {
		mu.Lock()
		offsets := map[int]int64{}
		var advanced int64
		for _, p := range parts {
			if p.done >= 0 && p.done != p.committed {
				offsets[p.id] = p.done
			}
		}
		mu.Unlock()
		if len(offsets) == 0 {
			return
		}
		if err := gen.CommitOffsets(map[string]map[int]int64{c.cfg.Topic: offsets}); err != nil {
			c.log.Warn("commit failed; will retry", zap.Int32("generation", gen.ID), zap.Error(err))
			return
		}
		mu.Lock()
		for _, p := range parts {
			if off, ok := offsets[p.id]; ok {
				if p.committed >= 0 {
					advanced += off - p.committed
				} else {
					advanced += off - p.first
				}
				p.committed = off
			}
		}
		mu.Unlock()
		if c.obs != nil && advanced > 0 {
			c.obs.Committed(c.cfg.Topic, advanced)
		}
		c.log.Debug("offsets committed", zap.Int32("generation", gen.ID), zap.Any("offsets", offsets))
	}

	var workers sync.WaitGroup
	doneOne := make(chan struct{}, 1)
	for _, p := range parts {
		workers.Add(1)
		gen.Start(func(genCtx context.Context) {
			defer workers.Done()
			track := tracker{
				dispatched: func(offset int64) *slot {
					mu.Lock()
					defer mu.Unlock()
					return p.dispatched(offset)
				},
				finished: func(s *slot) {
					mu.Lock()
					moved := p.finish(s)
					mu.Unlock()
					// Only commits after every message need the
					// committer woken; otherwise its ticker commits.
					if moved && c.cfg.CommitInterval == 0 {
						select {
						case doneOne <- struct{}{}:
						default:
						}
					}
				},
			}
			c.partitionLoop(genCtx, work, p.id, p.start, h, fail, track)
		})
	}
	gen.Start(func(genCtx context.Context) {
		var tick <-chan time.Time
		if c.cfg.CommitInterval > 0 {
			t := time.NewTicker(c.cfg.CommitInterval)
			defer t.Stop()
			tick = t.C
		}
		for {
			select {
			case <-genCtx.Done():
				workers.Wait()
				commit()
				c.log.Info("generation ended", zap.Int32("generation", gen.ID), zap.Ints("partitions", ids))
				return
			case <-tick:
				commit()
			case <-doneOne:
				if c.cfg.CommitInterval == 0 {
					commit()
				}
			}
		}
	})
}

// tracker is told which messages of a partition are being handled and
// which are finished.
type tracker struct {
	dispatched func(offset int64) *slot
	finished   func(*slot)
}

// partitionLoop fetches one partition in order and hands each message to h
// in a goroutine of its own, at most MaxInFlight at once across partitions
// and one at a time per key. It returns when the generation ends or a
// handler fails, after every message it handed over is finished.
func (c *Consumer) partitionLoop(genCtx, work context.Context, id int, start int64, h Handler, fail func(error), track tracker) {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers:        c.cfg.Brokers,
		Topic:          c.cfg.Topic,
		Partition:      id,
		Dialer:         c.cfg.Dialer,
		MinBytes:       1,
		MaxBytes:       c.cfg.FetchMaxBytes,
		MaxWait:        c.cfg.FetchMaxWait,
		ReadBackoffMin: c.cfg.BackoffMin,
		ReadBackoffMax: c.cfg.BackoffMax,
		QueueCapacity:  16,
		IsolationLevel: kafka.ReadCommitted,
		ErrorLogger: kafka.LoggerFunc(func(format string, args ...any) {
			err := fmt.Errorf(format, args...)
			// An idle partition's long poll can end in an i/o timeout that
			// kafka-go reports and retries by itself: neither a failure
			// for readiness nor worth a warning. A broker that is really
			// gone fails to dial, which counts; a silent network is caught
			// by the lag monitor's stall watchdog.
			if strings.Contains(err.Error(), "i/o timeout") {
				c.log.Debug("kafka reader: "+err.Error(), zap.Int("partition", id))
				return
			}
			c.fetchFailed(err)
			c.log.Warn("kafka reader: "+err.Error(), zap.Int("partition", id))
		}),
	})
	defer r.Close()
	if err := r.SetOffset(start); err != nil {
		fail(fmt.Errorf("partition %d: set offset %d: %w", id, start, err))
		return
	}

	var handlers sync.WaitGroup
	defer handlers.Wait() // before the reader closes: messages in flight finish
	var keysMu sync.Mutex
	keys := map[string]chan struct{}{} // keys in flight, closed when done
	var failed atomic.Bool
	backoff := c.cfg.BackoffMin
	for {
		msg, err := r.FetchMessage(genCtx)
		if err != nil {
			if genCtx.Err() != nil {
				return
			}
			c.fetchFailed(err)
			c.log.Warn("fetch failed", zap.Int("partition", id), zap.Error(err))
			select {
			case <-genCtx.Done():
				return
			case <-time.After(backoff):
			}
			backoff = min(backoff*2, c.cfg.BackoffMax)
			continue
		}
		backoff = c.cfg.BackoffMin
		c.fetched()
		var keyDone chan struct{}
		if len(msg.Key) > 0 {
			keysMu.Lock()
			prev := keys[string(msg.Key)]
			keysMu.Unlock()
			if prev != nil {
				// The same key is still in flight: handle it after that one,
				// so that its outputs keep their order.
				select {
				case <-prev:
				case <-genCtx.Done():
					return // not handled, not committed: the next owner reads it
				}
			}
			keyDone = make(chan struct{})
		}
		select {
		case c.sem <- struct{}{}:
		case <-genCtx.Done():
			return // not handled, not committed: the next owner reads it
		}
		size := min(int64(len(msg.Key)+len(msg.Value)), c.cfg.MaxInFlightBytes)
		if err := c.bytes.Acquire(genCtx, size); err != nil {
			<-c.sem
			return // the generation ended: the next owner reads it
		}
		if failed.Load() {
			c.bytes.Release(size)
			<-c.sem
			return // the consumer is stopping: nothing after a failure commits
		}
		if keyDone != nil {
			keysMu.Lock()
			keys[string(msg.Key)] = keyDone
			keysMu.Unlock()
		}
		if c.obs != nil {
			c.obs.Consumed(msg.Topic)
		}
		s := track.dispatched(msg.Offset)
		handlers.Add(1)
		go func() {
			defer handlers.Done()
			err := h(work, msg)
			c.bytes.Release(size)
			<-c.sem
			if keyDone != nil {
				keysMu.Lock()
				if keys[string(msg.Key)] == keyDone {
					delete(keys, string(msg.Key))
				}
				keysMu.Unlock()
				close(keyDone)
			}
			if err != nil {
				// The slot stays unfinished: neither it nor anything after
				// it is committed.
				failed.Store(true)
				fail(fmt.Errorf("partition %d offset %d: %w", id, msg.Offset, err))
				return
			}
			track.finished(s)
		}()
	}
}
