package service

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/segmentio/kafka-go"

	"github.com/newsenrich/newsenrich/processor"
)

// keepStage is a stage that changes nothing.
type keepStage struct{}

func (keepStage) Name() string                                       { return "keep" }
func (keepStage) Process(context.Context, *processor.Document) error { return nil }

// collect is a producer that keeps what it is given.
type collect struct {
	mu   sync.Mutex
	msgs []kafka.Message
}

func (c *collect) Write(_ context.Context, msgs ...kafka.Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.msgs = append(c.msgs, msgs...)
	return nil
}

func (*collect) Healthy() error { return nil }

// TestWorkers checks Handle with the workers of Run (many messages at
// once, more than places) and after they stopped (on the caller's
// goroutine): every message gives its record.
func TestWorkers(t *testing.T) {
	for _, tt := range []struct {
		name    string
		running bool
	}{
		{"workers", true},
		{"stopped", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := &collect{}
			s := New(Config{OutputTopic: "out", DLQTopic: "dlq", Concurrency: 2}, nil, out, processor.New(nil, keepStage{}), nil, nil)
			stop := s.startWorkers()
			if !tt.running {
				stop()
			}
			const n = 50
			var wg sync.WaitGroup
			errs := make(chan error, n)
			for i := range n {
				wg.Go(func() {
					v, _ := json.Marshal(map[string]string{"id": fmt.Sprint(i), "text": "Halifax harbour"})
					errs <- s.Handle(context.Background(), kafka.Message{Topic: "in", Value: v})
				})
			}
			wg.Wait()
			if tt.running {
				stop()
			}
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			if s.workers.Load() != nil {
				t.Error("workers still published after stop")
			}
			seen := map[string]bool{}
			for _, m := range out.msgs {
				if m.Topic != "out" {
					t.Fatalf("message to %s: %s", m.Topic, m.Value)
				}
				seen[string(m.Key)] = true
			}
			if len(seen) != n {
				t.Fatalf("%d records of %d messages", len(seen), n)
			}
		})
	}
}
