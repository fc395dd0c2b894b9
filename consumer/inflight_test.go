package consumer

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/newsenrich/newsenrich/internal/kafkatest"
)

// finish advances the committable offset over the finished prefix only.
func TestFinishAdvancesOverPrefix(t *testing.T) {
	tests := []struct {
		name     string
		offsets  []int64 // dispatched, in order
		finished []int   // indexes into offsets, in finishing order
		done     []int64 // p.done after each finish
	}{
		{"in order", []int64{5, 6, 7}, []int{0, 1, 2}, []int64{6, 7, 8}},
		{"last first", []int64{5, 6, 7}, []int{2, 1, 0}, []int64{-1, -1, 8}},
		{"middle first", []int64{5, 6, 7}, []int{1, 0, 2}, []int64{-1, 7, 8}},
		{"gaps in offsets (compacted topic)", []int64{3, 9, 20}, []int{1, 0, 2}, []int64{-1, 10, 21}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &partition{first: -1, done: -1, committed: -1}
			slots := make([]*slot, len(tt.offsets))
			for i, o := range tt.offsets {
				slots[i] = p.dispatched(o)
			}
			if p.first != tt.offsets[0] {
				t.Fatalf("first = %d, want %d", p.first, tt.offsets[0])
			}
			for i, idx := range tt.finished {
				p.finish(slots[idx])
				if p.done != tt.done[i] {
					t.Fatalf("after finishing offset %d: done = %d, want %d", tt.offsets[idx], p.done, tt.done[i])
				}
			}
			if len(p.pending) != 0 {
				t.Fatalf("%d slots still pending", len(p.pending))
			}
		})
	}
}

// Messages of one partition are handled concurrently, those with the same
// key one after the other in offset order, and nothing is committed past
// a message still in flight.
func TestConcurrentWithinPartition(t *testing.T) {
	b := kafkatest.Embedded(t)
	topic, group := kafkatest.Name(t, "in"), kafkatest.Name(t, "g")
	b.CreateTopics(t, 1, topic)
	const n = 40
	var msgs []kafka.Message
	for i := range n {
		key := fmt.Sprintf("k%d", i%4)
		if i == 0 {
			key = "held" // a later message with its key would wait for it
		}
		msgs = append(msgs, kafka.Message{Key: []byte(key), Value: []byte(fmt.Sprint(i))})
	}
	b.Produce(t, topic, msgs...)
	c, err := New(Config{Brokers: b.Brokers, Topic: topic, Group: group, StartEarliest: true, MaxInFlight: 16,
		CommitInterval: 10 * time.Millisecond, SessionTimeout: 6 * time.Second, HeartbeatInterval: time.Second,
		FetchMaxWait: 100 * time.Millisecond}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{}) // holds offset 0 back
	var mu sync.Mutex
	inFlight, most := 0, 0
	busy := map[string]bool{}
	lastOfKey := map[string]int64{}
	var errs []string
	handled := make(chan int64, n)
	h := func(ctx context.Context, m kafka.Message) error {
		k := string(m.Key)
		mu.Lock()
		if busy[k] {
			errs = append(errs, fmt.Sprintf("key %s handled twice at once (offset %d)", k, m.Offset))
		}
		if last, ok := lastOfKey[k]; ok && last > m.Offset {
			errs = append(errs, fmt.Sprintf("key %s: offset %d after %d", k, m.Offset, last))
		}
		busy[k], lastOfKey[k] = true, m.Offset
		inFlight++
		most = max(most, inFlight)
		mu.Unlock()
		if m.Offset == 0 {
			<-release
		} else {
			time.Sleep(time.Millisecond)
		}
		mu.Lock()
		busy[k] = false
		inFlight--
		mu.Unlock()
		handled <- m.Offset
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx, h) }()

	// Everything but offset 0 can finish.
	deadline := time.After(20 * time.Second)
	for got := 0; got < n-1; got++ {
		select {
		case <-handled:
		case <-deadline:
			t.Fatalf("only %d of %d messages handled while offset 0 was held", got, n-1)
		}
	}
	time.Sleep(100 * time.Millisecond) // a few commit intervals
	if got := b.Committed(t, group, topic)[0]; got > 0 {
		t.Fatalf("committed offset %d while offset 0 is in flight", got)
	}
	close(release)
	<-handled
	waitCommitted := time.Now().Add(10 * time.Second)
	for b.Committed(t, group, topic)[0] != n {
		if time.Now().After(waitCommitted) {
			t.Fatalf("committed %v, want %d", b.Committed(t, group, topic), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, e := range errs {
		t.Error(e)
	}
	if most < 2 {
		t.Errorf("at most %d message in flight: not concurrent", most)
	}
}

// The bytes in flight are bounded too; a message larger than the bound is
// handled alone.
func TestInFlightBytesBounded(t *testing.T) {
	b := kafkatest.Embedded(t)
	topic, group := kafkatest.Name(t, "in"), kafkatest.Name(t, "g")
	b.CreateTopics(t, 1, topic)
	sizes := []int{60, 60, 60, 500, 60, 60}
	var msgs []kafka.Message
	for i, n := range sizes {
		msgs = append(msgs, kafka.Message{Key: []byte(fmt.Sprint(i)), Value: make([]byte, n-len(fmt.Sprint(i)))})
	}
	b.Produce(t, topic, msgs...)
	c, err := New(Config{Brokers: b.Brokers, Topic: topic, Group: group, StartEarliest: true, MaxInFlight: 16, MaxInFlightBytes: 100,
		CommitInterval: 10 * time.Millisecond, SessionTimeout: 6 * time.Second, HeartbeatInterval: time.Second,
		FetchMaxWait: 100 * time.Millisecond}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	inFlight, most, handled := 0, 0, 0
	all := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- c.Run(ctx, func(context.Context, kafka.Message) error {
			mu.Lock()
			inFlight++
			most = max(most, inFlight)
			mu.Unlock()
			time.Sleep(5 * time.Millisecond)
			mu.Lock()
			defer mu.Unlock()
			inFlight--
			if handled++; handled == len(sizes) {
				close(all)
			}
			return nil
		})
	}()
	select {
	case <-all:
	case <-time.After(20 * time.Second):
		t.Fatalf("only %d of %d messages handled", handled, len(sizes))
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if most != 1 {
		t.Errorf("%d messages of 60 bytes in flight at once under a bound of 100 bytes", most)
	}
}
