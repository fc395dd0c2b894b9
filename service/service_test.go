package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kmsg"
	"go.uber.org/zap/zaptest"

	"github.com/newsenrich/newsenrich/consumer"
	"github.com/newsenrich/newsenrich/internal/kafkatest"
	"github.com/newsenrich/newsenrich/metrics"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/producer"
	"github.com/newsenrich/newsenrich/record"
	"github.com/newsenrich/newsenrich/service"
)

// countStage stands in for the NLP stages: it measures the text.
type countStage struct{}

func (countStage) Name() string { return "count" }
func (countStage) Process(_ context.Context, d *processor.Document) error {
	if d.Input.Source == "slow" {
		time.Sleep(20 * time.Millisecond)
	}
	d.Record.Stats.Chars = utf8.RuneCountInString(d.Text)
	d.Record.Stats.Words = len(strings.Fields(d.Text))
	return nil
}

// faultyStage fails or panics on articles titled so, to exercise the
// dead-letter path of stage failures.
type faultyStage struct{}

func (faultyStage) Name() string { return "faulty" }
func (faultyStage) Process(_ context.Context, d *processor.Document) error {
	switch d.Input.Title {
	case "fail-me":
		return errors.New("cannot handle this")
	case "panic-me":
		var m map[string]int
		m["boom"]++ // a nil-map write: a real runtime panic
	}
	return nil
}

// topics of one test.
type topics struct{ in, out, dlq, group string }

func newTopics(t *testing.T, b kafkatest.Broker, partitions int) topics {
	tp := topics{in: kafkatest.Name(t, "in"), out: kafkatest.Name(t, "out"), dlq: kafkatest.Name(t, "dlq"), group: kafkatest.Name(t, "g")}
	b.CreateTopics(t, partitions, tp.in, tp.out, tp.dlq)
	return tp
}

// instance is one running service.
type instance struct {
	svc     *service.Service
	cons    *consumer.Consumer
	metrics *metrics.Metrics
	cancel  context.CancelFunc
	done    chan error
}

type options struct {
	maxBytes       int
	commitInterval time.Duration
	drain          time.Duration
}

func start(t *testing.T, b kafkatest.Broker, tp topics, opt options) *instance {
	t.Helper()
	log := zaptest.NewLogger(t)
	m := metrics.New(metrics.BuildInfo{Version: "test"})
	if opt.commitInterval == 0 {
		opt.commitInterval = 100 * time.Millisecond
	}
	if opt.drain == 0 {
		opt.drain = 20 * time.Second
	}
	cons, err := consumer.New(consumer.Config{
		Brokers: b.Brokers, Topic: tp.in, Group: tp.group, MaxInFlight: 64, StartEarliest: true,
		CommitInterval: opt.commitInterval, SessionTimeout: 6 * time.Second, HeartbeatInterval: time.Second,
		RebalanceTimeout: 10 * time.Second, FetchMaxWait: 100 * time.Millisecond, DrainTimeout: opt.drain,
		BackoffMin: 20 * time.Millisecond, BackoffMax: 500 * time.Millisecond,
	}, m, log)
	if err != nil {
		t.Fatal(err)
	}
	prod := producer.New(producer.Config{Brokers: b.Brokers, BatchTimeout: time.Millisecond,
		BackoffMin: 20 * time.Millisecond, BackoffMax: 200 * time.Millisecond}, m, log)
	t.Cleanup(func() { prod.Close() })
	pipe := processor.New(m, countStage{}, faultyStage{})
	svc := service.New(service.Config{OutputTopic: tp.out, DLQTopic: tp.dlq, MaxMessageBytes: opt.maxBytes}, cons, prod, pipe, m, log)
	m.RegisterReady(svc.Ready)
	ctx, cancel := context.WithCancel(context.Background())
	in := &instance{svc: svc, cons: cons, metrics: m, cancel: cancel, done: make(chan error, 1)}
	go func() { in.done <- svc.Run(ctx) }()
	t.Cleanup(func() { in.stop(t) })
	return in
}

// stop shuts the instance down gracefully and waits for it.
func (in *instance) stop(t *testing.T) {
	t.Helper()
	in.cancel()
	select {
	case err, ok := <-in.done:
		if ok && err != nil {
			t.Errorf("Run: %v", err)
		}
		if ok {
			close(in.done)
		}
	case <-time.After(40 * time.Second):
		t.Fatal("service did not stop within 40s")
	}
}

// articles returns n JSON articles with ids prefix-0 … and their ids.
func articles(prefix string, n int) ([]kafka.Message, []string) {
	msgs := make([]kafka.Message, n)
	ids := make([]string, n)
	for i := range n {
		ids[i] = fmt.Sprintf("%s-%d", prefix, i)
		v, _ := json.Marshal(map[string]string{"id": ids[i], "title": "Article " + ids[i],
			"text": fmt.Sprintf("Article number %d reports on the weather in Paris.", i)})
		msgs[i] = kafka.Message{Value: v, Time: time.Now()}
	}
	return msgs, ids
}

func ids(t *testing.T, msgs []kafka.Message) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, m := range msgs {
		var r record.Record
		if err := json.Unmarshal(m.Value, &r); err != nil {
			t.Fatalf("output is not a record: %v: %s", err, m.Value)
		}
		if string(m.Key) != r.ID {
			t.Errorf("key %q differs from record id %q", m.Key, r.ID)
		}
		out[r.ID]++
	}
	return out
}

// waitFor polls cond until it holds or the timeout passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func sum(m map[int]int64) int64 {
	var s int64
	for _, v := range m {
		s += v
	}
	return s
}

func TestEnrichesAndCommits(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, b kafkatest.Broker) {
		t.Parallel()
		tp := newTopics(t, b, 3)
		const n = 30
		msgs, want := articles("a", n)
		msgs = append(msgs, kafka.Message{Value: []byte("A plain-text article without JSON around it."), Time: time.Now()})
		b.Produce(t, tp.in, msgs...)
		in := start(t, b, tp, options{})
		out := b.Read(t, tp.out, n+1, 30*time.Second)
		got := ids(t, out)
		if len(out) != n+1 {
			t.Errorf("got %d records, want %d", len(out), n+1)
		}
		for _, id := range want {
			if got[id] != 1 {
				t.Errorf("record %s published %d times, want once", id, got[id])
			}
		}
		for _, m := range out {
			if kafkatest.Header(m, "schema_version") != record.SchemaVersion || kafkatest.Header(m, "content_type") != "application/json" {
				t.Errorf("headers %v", m.Headers)
			}
			var r record.Record
			_ = json.Unmarshal(m.Value, &r)
			if r.Stats.Chars == 0 {
				t.Errorf("record %s was not run through the pipeline", r.ID)
			}
		}
		waitFor(t, 10*time.Second, "offsets committed", func() bool { return sum(b.Committed(t, tp.group, tp.in)) == n+1 })
		if err := in.svc.Ready(); err != nil {
			t.Errorf("not ready while running: %v", err)
		}
		in.stop(t)
		if c := testutil.ToFloat64(in.metrics.RecordsProduced.WithLabelValues(tp.out)); c != n+1 {
			t.Errorf("records_produced_total = %v, want %d", c, n+1)
		}
		if c := testutil.ToFloat64(in.metrics.OffsetsCommitted.WithLabelValues(tp.in)); c != n+1 {
			t.Errorf("offsets_committed_total = %v, want %d", c, n+1)
		}
		if c := testutil.ToFloat64(in.metrics.MessagesConsumed.WithLabelValues(tp.in)); c != n+1 {
			t.Errorf("messages_consumed_total = %v, want %d", c, n+1)
		}
		if in.svc.Ready() == nil {
			t.Error("ready after shutdown")
		}
	})
}

func TestBadInputsDeadLettered(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, b kafkatest.Broker) {
		t.Parallel()
		tp := newTopics(t, b, 2)
		bad := []struct {
			value         string
			reason, stage string
		}{
			{"caf\xe9 au lait", "invalid_utf8", "decode"},
			{"   \n\t ", "empty", "decode"},
			{strings.Repeat("long text ", 200), "too_large", "decode"},
			{`{"text": "unterminated`, "bad_json", "decode"},
			{`{"text": 42}`, "schema", "decode"},
			{`{"title": "no text"}`, "schema", "decode"},
			{`{"text": "fine", "published_at": "yesterday"}`, "schema", "decode"},
			{`{"title": "fail-me", "text": "a stage refuses this"}`, "stage_error", "faulty"},
			{`{"title": "panic-me", "text": "a stage panics on this"}`, "stage_panic", "faulty"},
		}
		var msgs []kafka.Message
		for i, c := range bad {
			msgs = append(msgs, kafka.Message{Key: []byte(fmt.Sprintf("bad-%d", i)), Value: []byte(c.value)})
		}
		good, _ := articles("good", 3)
		msgs = append(msgs, good...)
		b.Produce(t, tp.in, msgs...)
		in := start(t, b, tp, options{maxBytes: 1000})
		dl := b.Read(t, tp.dlq, len(bad), 30*time.Second)
		b.Read(t, tp.out, len(good), 30*time.Second)
		byKey := map[string]kafka.Message{}
		for _, m := range dl {
			byKey[string(m.Key)] = m
		}
		if len(dl) != len(bad) {
			t.Errorf("%d dead letters, want %d", len(dl), len(bad))
		}
		for i, c := range bad {
			m, ok := byKey[fmt.Sprintf("bad-%d", i)]
			if !ok {
				t.Errorf("input %d (%s) not dead-lettered", i, c.reason)
				continue
			}
			h := func(k string) string { return kafkatest.Header(m, k) }
			if string(m.Value) != c.value {
				t.Errorf("input %d: value changed", i)
			}
			if h("reason") != c.reason || h("stage") != c.stage {
				t.Errorf("input %d: reason %q stage %q, want %q %q (error %q)", i, h("reason"), h("stage"), c.reason, c.stage, h("error"))
			}
			if h("error") == "" || h("schema_version") != "1" || h("content_type") == "" || h("source_topic") != tp.in ||
				h("source_partition") == "" || h("source_offset") == "" {
				t.Errorf("input %d: headers %v", i, m.Headers)
			}
		}
		waitFor(t, 10*time.Second, "offsets committed", func() bool {
			return sum(b.Committed(t, tp.group, tp.in)) == int64(len(msgs))
		})
		in.stop(t)
		if c := testutil.ToFloat64(in.metrics.DeadLetters.WithLabelValues("stage_panic", "faulty")); c != 1 {
			t.Errorf("dead_letters_total{stage_panic,faulty} = %v, want 1", c)
		}
	})
}

// TestRestartResumes: a second instance of the group starts where the
// first committed, re-reading nothing.
func TestRestartResumes(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, b kafkatest.Broker) {
		t.Parallel()
		tp := newTopics(t, b, 3)
		first, _ := articles("first", 20)
		b.Produce(t, tp.in, first...)
		in := start(t, b, tp, options{})
		b.Read(t, tp.out, 20, 30*time.Second)
		waitFor(t, 10*time.Second, "offsets committed", func() bool { return sum(b.Committed(t, tp.group, tp.in)) == 20 })
		in.stop(t)

		second, _ := articles("second", 10)
		b.Produce(t, tp.in, second...)
		in = start(t, b, tp, options{})
		out := b.Read(t, tp.out, 30, 30*time.Second)
		if len(out) != 30 {
			t.Errorf("%d records after restart, want 30 (re-read %d)", len(out), len(out)-30)
		}
		for id, n := range ids(t, out) {
			if n != 1 {
				t.Errorf("%s published %d times", id, n)
			}
		}
		if c := testutil.ToFloat64(in.metrics.MessagesConsumed.WithLabelValues(tp.in)); c != 10 {
			t.Errorf("restarted instance consumed %v messages, want 10", c)
		}
	})
}

// TestTwoInstancesSplitPartitions: two members of one group share the
// partitions and together publish every article.
func TestTwoInstancesSplitPartitions(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, b kafkatest.Broker) {
		t.Parallel()
		tp := newTopics(t, b, 4)
		a := start(t, b, tp, options{})
		waitFor(t, 20*time.Second, "first member assigned", func() bool { return len(a.cons.Assigned()) == 4 })
		c := start(t, b, tp, options{})
		waitFor(t, 30*time.Second, "partitions split", func() bool {
			return len(a.cons.Assigned()) == 2 && len(c.cons.Assigned()) == 2
		})
		msgs, want := articles("split", 40)
		b.Produce(t, tp.in, msgs...)
		out := b.Read(t, tp.out, 40, 30*time.Second)
		got := ids(t, out)
		for _, id := range want {
			if got[id] == 0 {
				t.Errorf("%s lost", id)
			}
		}
		ca := testutil.ToFloat64(a.metrics.MessagesConsumed.WithLabelValues(tp.in))
		cc := testutil.ToFloat64(c.metrics.MessagesConsumed.WithLabelValues(tp.in))
		if ca == 0 || cc == 0 || ca+cc != 40 {
			t.Errorf("instances consumed %v and %v messages, want a split of 40", ca, cc)
		}
		waitFor(t, 10*time.Second, "offsets committed", func() bool { return sum(b.Committed(t, tp.group, tp.in)) == 40 })
	})
}

// TestRebalanceMidStream adds a member while the first is busy: the
// partitions move without losing or re-publishing anything.
func TestRebalanceMidStream(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, b kafkatest.Broker) {
		t.Parallel()
		tp := newTopics(t, b, 4)
		const n = 400
		msgs, want := articles("rebalance", n)
		for i := range msgs {
			msgs[i].Value = append(msgs[i].Value[:len(msgs[i].Value)-1], []byte(`,"source":"slow"}`)...)
		}
		b.Produce(t, tp.in, msgs...)
		a := start(t, b, tp, options{})
		waitFor(t, 30*time.Second, "first records", func() bool {
			return testutil.ToFloat64(a.metrics.RecordsProduced.WithLabelValues(tp.out)) >= 20
		})
		c := start(t, b, tp, options{})
		out := b.Read(t, tp.out, n, 60*time.Second)
		got := ids(t, out)
		for _, id := range want {
			if got[id] == 0 {
				t.Errorf("%s lost", id)
			}
		}
		ca := testutil.ToFloat64(a.metrics.RecordsProduced.WithLabelValues(tp.out))
		cc := testutil.ToFloat64(c.metrics.RecordsProduced.WithLabelValues(tp.out))
		t.Logf("first member published %v, second %v, duplicates %d", ca, cc, len(out)-n)
		if cc == 0 {
			t.Error("the second member got no work")
		}
		if len(out) != n {
			t.Errorf("%d records for %d articles: the rebalance re-published some", len(out), n)
		}
		waitFor(t, 10*time.Second, "offsets committed", func() bool { return sum(b.Committed(t, tp.group, tp.in)) == n })
	})
}

// TestShutdownMidStreamLosesNothing stops an instance while it is busy and
// checks that every committed offset has its record published, then that
// a restart publishes the rest.
func TestShutdownMidStreamLosesNothing(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, b kafkatest.Broker) {
		t.Parallel()
		tp := newTopics(t, b, 3)
		const n = 300
		msgs, want := articles("mid", n)
		b.Produce(t, tp.in, msgs...)
		in := start(t, b, tp, options{commitInterval: 20 * time.Millisecond})
		waitFor(t, 30*time.Second, "some records", func() bool {
			return testutil.ToFloat64(in.metrics.RecordsProduced.WithLabelValues(tp.out)) >= 30
		})
		in.stop(t)
		produced := int(testutil.ToFloat64(in.metrics.RecordsProduced.WithLabelValues(tp.out)))
		committed := b.Committed(t, tp.group, tp.in)
		// Every input below a committed offset must have its record out.
		inputs := b.Read(t, tp.in, n, 30*time.Second)
		outs := ids(t, b.Read(t, tp.out, produced, 30*time.Second))
		var below int
		for _, m := range inputs {
			var a struct{ ID string }
			_ = json.Unmarshal(m.Value, &a)
			if m.Offset < committed[m.Partition] {
				below++
				if outs[a.ID] == 0 {
					t.Errorf("offset %d of partition %d committed but %s not published", m.Offset, m.Partition, a.ID)
				}
			}
		}
		if below != produced {
			t.Errorf("committed %d offsets for %d published records", below, produced)
		}
		t.Logf("stopped after %d of %d", produced, n)
		start(t, b, tp, options{})
		all := ids(t, b.Read(t, tp.out, n, 60*time.Second))
		for _, id := range want {
			if all[id] == 0 {
				t.Errorf("%s lost across the restart", id)
			}
		}
	})
}

func TestRejectsBadConfig(t *testing.T) {
	if _, err := consumer.New(consumer.Config{Topic: "x", Group: "g"}, nil, nil); err == nil {
		t.Fatal("consumer without brokers accepted")
	}
}

// TestOutputDownStopsCommitting makes the broker refuse writes to the
// output topic: nothing may be committed and the service must report not
// ready until writes work again, then everything is published.
func TestOutputDownStopsCommitting(t *testing.T) {
	b := kafkatest.Embedded(t)
	tp := newTopics(t, b, 2)
	var failing atomic.Bool
	failing.Store(true)
	b.Cluster.ControlKey(int16(kmsg.Produce), func(req kmsg.Request) (kmsg.Response, error, bool) {
		pr := req.(*kmsg.ProduceRequest)
		if !failing.Load() || len(pr.Topics) == 0 || pr.Topics[0].Topic != tp.out {
			return nil, nil, false
		}
		b.Cluster.KeepControl()
		resp := pr.ResponseKind().(*kmsg.ProduceResponse)
		for _, rt := range pr.Topics {
			st := kmsg.NewProduceResponseTopic()
			st.Topic = rt.Topic
			for _, rp := range rt.Partitions {
				sp := kmsg.NewProduceResponseTopicPartition()
				sp.Partition = rp.Partition
				sp.ErrorCode = kerrNotEnoughReplicas
				st.Partitions = append(st.Partitions, sp)
			}
			resp.Topics = append(resp.Topics, st)
		}
		return resp, nil, true
	})
	msgs, want := articles("down", 6)
	b.Produce(t, tp.in, msgs...)
	in := start(t, b, tp, options{})
	waitFor(t, 20*time.Second, "produce retries", func() bool {
		return testutil.ToFloat64(in.metrics.ProduceRetries.WithLabelValues(tp.out)) >= 3
	})
	if err := in.svc.Ready(); err == nil {
		t.Error("ready while the output topic refuses writes")
	}
	time.Sleep(300 * time.Millisecond)
	if c := b.Committed(t, tp.group, tp.in); sum(c) != 0 {
		t.Errorf("committed %v while the output was down", c)
	}
	failing.Store(false)
	got := ids(t, b.Read(t, tp.out, len(want), 30*time.Second))
	for _, id := range want {
		if got[id] == 0 {
			t.Errorf("%s lost", id)
		}
	}
	waitFor(t, 10*time.Second, "offsets committed", func() bool { return sum(b.Committed(t, tp.group, tp.in)) == int64(len(want)) })
	waitFor(t, 5*time.Second, "ready again", func() bool { return in.svc.Ready() == nil })
}

// kerrNotEnoughReplicas is Kafka's NOT_ENOUGH_REPLICAS, a retriable error.
const kerrNotEnoughReplicas = 19

// TestOutputTooLargeDeadLettered: a record the output topic refuses as too
// large goes to the dead-letter topic instead of blocking the partition.
func TestOutputTooLargeDeadLettered(t *testing.T) {
	b := kafkatest.Embedded(t)
	tp := newTopics(t, b, 1)
	// Every produce request to the output topic holding big-0 is refused
	// (the producer tries it in a batch, then alone); big-1 gets through,
	// also when it first shared a refused batch with big-0.
	b.Cluster.ControlKey(int16(kmsg.Produce), func(req kmsg.Request) (kmsg.Response, error, bool) {
		b.Cluster.KeepControl()
		pr := req.(*kmsg.ProduceRequest)
		if len(pr.Topics) == 0 || pr.Topics[0].Topic != tp.out {
			return nil, nil, false
		}
		holds := false
		for _, rp := range pr.Topics[0].Partitions {
			holds = holds || bytes.Contains(rp.Records, []byte("big-0"))
		}
		if !holds {
			return nil, nil, false
		}
		resp := pr.ResponseKind().(*kmsg.ProduceResponse)
		st := kmsg.NewProduceResponseTopic()
		st.Topic = tp.out
		for _, rp := range pr.Topics[0].Partitions {
			sp := kmsg.NewProduceResponseTopicPartition()
			sp.Partition = rp.Partition
			sp.ErrorCode = 10 // MESSAGE_TOO_LARGE
			st.Partitions = append(st.Partitions, sp)
		}
		resp.Topics = append(resp.Topics, st)
		return resp, nil, true
	})
	msgs, _ := articles("big", 2)
	b.Produce(t, tp.in, msgs...)
	in := start(t, b, tp, options{})
	dl := b.Read(t, tp.dlq, 1, 20*time.Second)
	if r := kafkatest.Header(dl[0], "reason"); r != "output_too_large" || !bytes.Contains(dl[0].Value, []byte(`"big-0"`)) {
		t.Errorf("dead letter %s with reason %q, want big-0 with output_too_large", dl[0].Value, r)
	}
	if got := ids(t, b.Read(t, tp.out, 1, 20*time.Second)); got["big-1"] != 1 {
		t.Errorf("the next article was not published: %v", got)
	}
	waitFor(t, 10*time.Second, "offsets committed", func() bool { return sum(b.Committed(t, tp.group, tp.in)) == 2 })
	in.stop(t)
}
