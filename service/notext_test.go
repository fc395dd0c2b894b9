package service_test

import (
	"context"
	"sync"
	"testing"

	"github.com/segmentio/kafka-go"

	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/service"
)

// memProducer keeps what is written.
type memProducer struct {
	mu   sync.Mutex
	msgs []kafka.Message
}

func (p *memProducer) Write(_ context.Context, msgs ...kafka.Message) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.msgs = append(p.msgs, msgs...)
	return nil
}

func (p *memProducer) Healthy() error { return nil }

// blankStage stands in for an HTML extraction that finds no article text.
type blankStage struct{}

func (blankStage) Name() string { return "blank" }
func (blankStage) Process(_ context.Context, d *processor.Document) error {
	if d.Input.HTML != "" {
		d.SetText(" \n")
	}
	return nil
}

// TestNoTextDeadLettered checks that an article whose pipeline leaves no
// text (a web page without article text: found by the poison-mix fault
// test) is dead-lettered as empty instead of published as an empty record.
func TestNoTextDeadLettered(t *testing.T) {
	tests := []struct {
		name, value, topic, reason string
	}{
		{"page without text", `{"id":"p","html":"<html><body><nav>›</nav></body></html>"}`, "dlq", "empty"},
		{"text", `{"id":"t","text":"Le président a parlé."}`, "out", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := &memProducer{}
			svc := service.New(service.Config{OutputTopic: "out", DLQTopic: "dlq"}, nil, out,
				processor.New(nil, blankStage{}, countStage{}), nil, nil)
			if err := svc.Handle(context.Background(), kafka.Message{Topic: "in", Value: []byte(tt.value)}); err != nil {
				t.Fatal(err)
			}
			if len(out.msgs) != 1 || out.msgs[0].Topic != tt.topic {
				t.Fatalf("wrote %+v, want one message to %s", out.msgs, tt.topic)
			}
			var reason string
			for _, h := range out.msgs[0].Headers {
				if h.Key == service.HeaderReason {
					reason = string(h.Value)
				}
			}
			if reason != tt.reason {
				t.Fatalf("reason %q, want %q", reason, tt.reason)
			}
		})
	}
}
