package faults

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/newsenrich/newsenrich/internal/kafkatest"
)

// The streams are published at a steady rate while the fault happens, so
// that it hits the service mid-stream.
const (
	streamLen  = 1000
	streamRate = 100 // articles per second
)

// TestServiceKilled SIGKILLs the service mid-stream and restarts it: the
// restart resumes from the committed offsets, every article comes out, and
// the only duplicates are records published after the last commit of the
// killed process.
func TestServiceKilled(t *testing.T) {
	b := realBroker(t)
	tp := newTopics(t)
	tp.create(t, b)
	s := publish(t, b.Brokers, tp.in, "kill", streamLen, streamRate)
	p := start(t, "first", b.Brokers, tp, nil)
	p.waitReady(true, 90*time.Second)
	waitFor(t, 90*time.Second, "200 articles committed", func() bool { return committed(t, b, tp.group, tp.in) >= 200 })
	p.signal(syscall.SIGKILL)
	_ = p.wait(30 * time.Second)
	// The process is gone: what it committed and published is final.
	c := committed(t, b, tp.group, tp.in)
	pub := total(t, b.Brokers, tp.out) + total(t, b.Brokers, tp.dlq)
	window := pub - c
	t.Logf("killed after %d committed, %d published: at-least-once window %d", c, pub, window)
	if window < 0 {
		t.Errorf("committed %d offsets but published only %d records", c, pub)
	}

	p2 := start(t, "restarted", b.Brokers, tp, nil)
	p2.waitReady(true, 90*time.Second)
	s.wait(t)
	waitCovered(t, b.Brokers, tp, s.ids, 120*time.Second)
	p2.waitReady(true, 30*time.Second)
	o := check(t, b.Brokers, tp, s.ids)
	t.Logf("SIGKILL: %v (window %d)", o, window)
	if int64(o.duplicates) > window {
		t.Errorf("%d duplicates, more than the %d records published after the last commit", o.duplicates, window)
	}
}

// TestServiceStopped sends SIGTERM mid-stream: the service finishes and
// commits what is in flight and exits 0 with nothing published beyond its
// commits; a restart finishes the stream without duplicates.
func TestServiceStopped(t *testing.T) {
	b := realBroker(t)
	tp := newTopics(t)
	tp.create(t, b)
	s := publish(t, b.Brokers, tp.in, "term", streamLen, streamRate)
	p := start(t, "first", b.Brokers, tp, nil)
	p.waitReady(true, 90*time.Second)
	waitFor(t, 90*time.Second, "200 articles committed", func() bool { return committed(t, b, tp.group, tp.in) >= 200 })
	p.signal(syscall.SIGTERM)
	if err := p.wait(40 * time.Second); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	if !strings.Contains(p.logs.String(), "stopped cleanly") {
		t.Error(`no "stopped cleanly" in the logs`)
	}
	c := committed(t, b, tp.group, tp.in)
	pub := total(t, b.Brokers, tp.out) + total(t, b.Brokers, tp.dlq)
	t.Logf("stopped after %d committed, %d published", c, pub)
	if pub != c {
		t.Errorf("graceful stop: %d records published but %d offsets committed", pub, c)
	}
	p2 := start(t, "restarted", b.Brokers, tp, nil)
	p2.waitReady(true, 90*time.Second)
	s.wait(t)
	waitCovered(t, b.Brokers, tp, s.ids, 120*time.Second)
	p2.waitReady(true, 30*time.Second)
	o := check(t, b.Brokers, tp, s.ids)
	t.Logf("SIGTERM: %v", o)
	if o.duplicates > 0 {
		t.Errorf("%d duplicates after a graceful stop", o.duplicates)
	}
}

// TestGroupScaled scales the consumer group 1 → 3 → 1 mid-stream: the new
// members get partitions, the stopped ones hand theirs back, nothing is
// lost and the remaining member is ready.
func TestGroupScaled(t *testing.T) {
	b := realBroker(t)
	tp := newTopics(t)
	tp.create(t, b)
	s := publish(t, b.Brokers, tp.in, "scale", 1500, streamRate)
	a := start(t, "a", b.Brokers, tp, nil)
	a.waitReady(true, 90*time.Second)
	waitFor(t, 90*time.Second, "150 articles committed", func() bool { return committed(t, b, tp.group, tp.in) >= 150 })
	more := []*proc{start(t, "b", b.Brokers, tp, nil), start(t, "c", b.Brokers, tp, nil)}
	for _, p := range more {
		p.waitReady(true, 90*time.Second)
	}
	a.waitReady(true, 60*time.Second)
	at := committed(t, b, tp.group, tp.in)
	waitFor(t, 90*time.Second, "300 more articles committed by three members", func() bool { return committed(t, b, tp.group, tp.in) >= at+300 })
	for _, p := range more {
		if !assignedSome(p.logs.String()) {
			t.Errorf("%s never had a partition", p.name)
		}
		p.signal(syscall.SIGTERM)
	}
	for _, p := range more {
		if err := p.wait(40 * time.Second); err != nil {
			t.Errorf("%s exit after SIGTERM: %v", p.name, err)
		}
	}
	s.wait(t)
	waitCovered(t, b.Brokers, tp, s.ids, 120*time.Second)
	a.waitReady(true, 60*time.Second)
	o := check(t, b.Brokers, tp, s.ids)
	t.Logf("scaled 1→3→1: %v; generations of a: %d", o, strings.Count(a.logs.String(), `"partitions assigned"`))
}

func assignedSome(logs string) bool {
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, `"msg":"partitions assigned"`) && !strings.Contains(line, `"partitions":[]`) {
			return true
		}
	}
	return false
}

// TestOutputUnavailable makes the output topic refuse writes for a while
// (min.insync.replicas above its replication factor: every acks=all write
// fails with NOT_ENOUGH_REPLICAS) and back: the service turns not ready,
// never commits beyond what it published, and recovers on its own.
func TestOutputUnavailable(t *testing.T) {
	b := realBroker(t)
	tp := newTopics(t)
	tp.create(t, b)
	s := publish(t, b.Brokers, tp.in, "outage", streamLen, streamRate)
	p := start(t, "service", b.Brokers, tp, nil)
	p.waitReady(true, 90*time.Second)
	waitFor(t, 90*time.Second, "150 articles committed", func() bool { return committed(t, b, tp.group, tp.in) >= 150 })
	setTopicConfig(t, b.Brokers, tp.out, "min.insync.replicas", "2")
	p.waitReady(false, 60*time.Second)
	c1 := committed(t, b, tp.group, tp.in)
	s.wait(t) // the rest of the stream arrives during the outage
	c2 := committed(t, b, tp.group, tp.in)
	pub := total(t, b.Brokers, tp.out) + total(t, b.Brokers, tp.dlq)
	t.Logf("outage: committed %d when not ready, %d after the stream; %d published", c1, c2, pub)
	if c2 > pub {
		t.Errorf("committed %d offsets with only %d records published", c2, pub)
	}
	if total(t, b.Brokers, tp.in) <= c2 {
		t.Fatal("the stream was consumed before the outage; nothing to test")
	}
	setTopicConfig(t, b.Brokers, tp.out, "min.insync.replicas", "1")
	p.waitReady(true, 90*time.Second)
	waitCovered(t, b.Brokers, tp, s.ids, 120*time.Second)
	o := check(t, b.Brokers, tp, s.ids)
	t.Logf("output unavailable: %v", o)
	if o.dlq > 0 {
		t.Errorf("%d articles dead-lettered: a refused output must be retried, not dead-lettered", o.dlq)
	}
}

func setTopicConfig(t *testing.T, brokers []string, topic, name, value string) {
	t.Helper()
	client := &kafka.Client{Addr: kafka.TCP(brokers...), Timeout: 10 * time.Second}
	resp, err := client.IncrementalAlterConfigs(context.Background(), &kafka.IncrementalAlterConfigsRequest{
		Resources: []kafka.IncrementalAlterConfigsRequestResource{{ResourceType: kafka.ResourceTypeTopic, ResourceName: topic,
			Configs: []kafka.IncrementalAlterConfigsRequestConfig{{Name: name, Value: value, ConfigOperation: kafka.ConfigOperationSet}}}},
	})
	if err == nil {
		for _, r := range resp.Resources {
			if r.Error != nil {
				err = r.Error
			}
		}
	}
	if err != nil {
		t.Fatalf("set %s=%s on %s: %v", name, value, topic, err)
	}
}

// TestBrokerKilled SIGKILLs the broker's JVM mid-stream (a second broker
// of its own, so that the shared one stays up) and restarts it on its
// data: the service reports not ready while the broker is gone, is ready
// again without help, and nothing is lost.
func TestBrokerKilled(t *testing.T) {
	realBroker(t)
	eb := startBroker(t)
	b := kafkatest.Broker{Name: "extra", Brokers: []string{eb.addr}}
	tp := newTopics(t)
	tp.create(t, b)
	s := publish(t, b.Brokers, tp.in, "broker", streamLen, streamRate)
	p := start(t, "service", b.Brokers, tp, nil)
	p.waitReady(true, 90*time.Second)
	waitFor(t, 90*time.Second, "150 articles committed", func() bool { return committed(t, b, tp.group, tp.in) >= 150 })
	c := committed(t, b, tp.group, tp.in)
	eb.kill()
	p.waitReady(false, 60*time.Second)
	eb.resume()
	p.waitReady(true, 120*time.Second)
	s.wait(t)
	waitCovered(t, b.Brokers, tp, s.ids, 120*time.Second)
	p.waitReady(true, 60*time.Second)
	o := check(t, b.Brokers, tp, s.ids)
	t.Logf("broker killed after %d committed: %v", c, o)
}
