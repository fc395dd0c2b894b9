package consumer

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/newsenrich/newsenrich/internal/kafkatest"
)

func TestHealthyIgnoresIsolatedErrors(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name        string
		assigned    bool
		err         error
		first, last time.Duration // before now
		wantHealthy bool
	}{
		{"not assigned", false, nil, 0, 0, false},
		{"no errors", true, nil, 0, 0, true},
		{"one timeout", true, errors.New("i/o timeout"), time.Second, time.Second, true},
		{"errors for 6s", true, errors.New("connection refused"), 7 * time.Second, time.Second, false},
		{"old streak", true, errors.New("connection refused"), 40 * time.Second, 20 * time.Second, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Consumer{assigned: tt.assigned, fetchErr: tt.err, firstErrAt: now.Add(-tt.first), lastErrAt: now.Add(-tt.last)}
			if err := c.Healthy(); (err == nil) != tt.wantHealthy {
				t.Fatalf("Healthy() = %v, want healthy %v", err, tt.wantHealthy)
			}
		})
	}
}

func TestStreakResetsOnSuccess(t *testing.T) {
	c := &Consumer{assigned: true}
	c.fetchFailed(errors.New("x"))
	first := c.firstErrAt
	c.fetchFailed(errors.New("y"))
	if c.firstErrAt != first {
		t.Fatal("a second error restarted the streak")
	}
	c.fetched()
	c.fetchFailed(errors.New("z"))
	if !c.firstErrAt.After(first) {
		t.Fatal("a success did not end the streak")
	}
}

// TestBrokerDownTurnsUnhealthy stops the broker under a running consumer:
// it must report unhealthy within seconds and stop cleanly.
func TestBrokerDownTurnsUnhealthy(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the failure to persist")
	}
	b := kafkatest.Embedded(t)
	topic := kafkatest.Name(t, "in")
	b.CreateTopics(t, 1, topic)
	c, err := New(Config{Brokers: b.Brokers, Topic: topic, Group: kafkatest.Name(t, "g"), StartEarliest: true,
		SessionTimeout: 6 * time.Second, HeartbeatInterval: time.Second, FetchMaxWait: 100 * time.Millisecond,
		BackoffMin: 50 * time.Millisecond, BackoffMax: 500 * time.Millisecond, DrainTimeout: 2 * time.Second}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- c.Run(ctx, func(context.Context, kafka.Message) error { return nil })
	}()
	deadline := time.Now().Add(20 * time.Second)
	for c.Healthy() != nil {
		if time.Now().After(deadline) {
			t.Fatalf("never healthy: %v", c.Healthy())
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.Cluster.Close()
	deadline = time.Now().Add(20 * time.Second)
	for c.Healthy() == nil {
		if time.Now().After(deadline) {
			t.Fatal("still healthy 20s after the broker went away")
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("unhealthy: %v", c.Healthy())
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after cancel with the broker gone")
	}
}
