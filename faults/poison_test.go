package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/newsenrich/newsenrich/internal/kafkatest"
)

// poison is a message the service must dead-letter (reason) or, when
// reason is "", enrich.
type poison struct {
	key    string
	value  []byte
	reason string
	stage  string
}

func poisons() []poison {
	garbage := make([]byte, 4096)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range garbage {
		garbage[i] = byte(r.UintN(256))
	}
	garbage[0] = 0xff // never valid UTF-8
	words := func(n int) string {
		var b strings.Builder
		ws := []string{"le", "président", "a", "annoncé", "lundi", "à", "Paris", "une", "réforme", "des", "retraites"}
		for b.Len() < n {
			b.WriteString(ws[b.Len()%len(ws)])
			b.WriteByte(' ')
		}
		return b.String()
	}
	obj := func(m map[string]any) []byte { b, _ := json.Marshal(m); return b }
	return []poison{
		{"invalid-utf8", []byte(`{"id":"invalid-utf8","text":"caf` + "\xe9" + ` au lait"}`), "invalid_utf8", "decode"},
		{"binary-garbage", garbage, "invalid_utf8", "decode"},
		{"empty", []byte{}, "empty", "decode"},
		{"null-value", nil, "empty", "decode"},
		{"whitespace", []byte(" \n\t\r\n "), "empty", "decode"},
		{"malformed-json", []byte(`{"id":"malformed-json","text":"unterminated`), "bad_json", "decode"},
		{"trailing-json", []byte(`{"id":"trailing-json","text":"a"} {"more":1}`), "bad_json", "decode"},
		{"schema-number", []byte(`{"id":"schema-number","text":42}`), "schema", "decode"},
		{"schema-no-text", []byte(`{"id":"schema-no-text","title":"a title and nothing else"}`), "schema", "decode"},
		{"schema-bad-time", []byte(`{"id":"schema-bad-time","text":"x","published_at":"yesterday"}`), "schema", "decode"},
		{"deeply-nested", []byte(`{"id":"deeply-nested","text":"t","x":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "}"), "bad_json", "decode"},
		{"html-no-text", obj(map[string]any{"id": "html-no-text", "html": "<html><head><script>var a = 1;</script><style>p{color:red}</style></head><body><div><img src=a.png></div><nav><a href=/>›</a></nav></body></html>"}), "empty", "pipeline"},
		{"html-blank", obj(map[string]any{"id": "html-blank", "html": "<html><body><p> </p><div>&nbsp;</div></body></html>"}), "stage_error", "html"},
		{"ten-megabytes", []byte(words(10 << 20)), "too_large", "decode"},
		{"long-line-5mb", []byte(words(5 << 20)), "too_large", "decode"},
		// A long article on one line is an article: it is enriched.
		{"long-line-1mb", obj(map[string]any{"id": "long-line-1mb", "text": words(1 << 20)}), "", ""},
	}
}

// TestPoisonMix publishes every kind of bad input into one partition, each
// followed by a good article: each bad one lands in the dead-letter topic
// with its reason and the headers of the contract, and the good article
// after it comes out — nothing stalls the partition.
func TestPoisonMix(t *testing.T) {
	b := realBroker(t)
	tp := newTopics(t)
	// The input topic accepts the 10 MB value (the broker's default limit
	// is 1 MB); the dead-letter topic keeps its default, so the service
	// must dead-letter that value without it.
	tp.create(t, b, kafka.ConfigEntry{ConfigName: "max.message.bytes", ConfigValue: strconv.Itoa(12 << 20)})
	var msgs []kafka.Message
	var ids []string
	want := map[string]poison{}
	for i, p := range poisons() {
		good := fmt.Sprintf("good-%d", i)
		msgs = append(msgs, kafka.Message{Key: []byte(p.key), Value: p.value}, kafka.Message{Key: []byte(good), Value: article(good, i)})
		ids = append(ids, p.key, good)
		want[p.key] = p
	}
	w := &kafka.Writer{Addr: kafka.TCP(b.Brokers...), Topic: tp.in, RequiredAcks: kafka.RequireAll, BatchTimeout: 5 * time.Millisecond,
		BatchBytes: 32 << 20, Balancer: kafka.BalancerFunc(func(_ kafka.Message, partitions ...int) int { return partitions[0] })}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, m := range msgs { // one at a time: a batch would exceed the request limit
		if err := w.WriteMessages(ctx, m); err != nil {
			t.Fatalf("publish %s: %v", m.Key, err)
		}
	}
	w.Close()

	p := start(t, "service", b.Brokers, tp, nil)
	p.waitReady(true, 90*time.Second)
	waitCovered(t, b.Brokers, tp, ids, 120*time.Second)
	p.waitReady(true, 30*time.Second)
	o := check(t, b.Brokers, tp, ids)
	t.Logf("poison mix: %v", o)

	out := map[string]bool{}
	for _, m := range readAll(t, b.Brokers, tp.out) {
		out[string(m.Key)] = true
	}
	dlq := map[string]kafka.Message{}
	for _, m := range readAll(t, b.Brokers, tp.dlq) {
		dlq[string(m.Key)] = m
	}
	for key, w := range want {
		m, dead := dlq[key]
		if w.reason == "" {
			if !out[key] || dead {
				t.Errorf("%s: want an enriched record, got output=%v dead-lettered=%v (%s)", key, out[key], dead, kafkatest.Header(m, "error"))
			}
			continue
		}
		if !dead {
			t.Errorf("%s: not dead-lettered (output=%v)", key, out[key])
			continue
		}
		if r, s := kafkatest.Header(m, "reason"), kafkatest.Header(m, "stage"); r != w.reason || s != w.stage {
			t.Errorf("%s: reason %q stage %q, want %q %q (error %q)", key, r, s, w.reason, w.stage, kafkatest.Header(m, "error"))
		}
		for _, h := range []string{"error", "source_topic", "source_partition", "source_offset", "schema_version", "content_type"} {
			if kafkatest.Header(m, h) == "" {
				t.Errorf("%s: dead letter without header %s", key, h)
			}
		}
		if omitted := kafkatest.Header(m, "value_omitted"); omitted != "" {
			if omitted != strconv.Itoa(len(w.value)) || len(m.Value) != 0 {
				t.Errorf("%s: value_omitted=%s for a value of %d bytes, %d kept", key, omitted, len(w.value), len(m.Value))
			}
		} else if !bytes.Equal(m.Value, w.value) {
			t.Errorf("%s: dead letter value differs from the input (%d vs %d bytes)", key, len(m.Value), len(w.value))
		}
		t.Logf("%-15s → dlq reason=%s stage=%s value_omitted=%q", key, kafkatest.Header(m, "reason"), kafkatest.Header(m, "stage"), kafkatest.Header(m, "value_omitted"))
	}
	for i := range poisons() {
		if good := fmt.Sprintf("good-%d", i); !out[good] {
			t.Errorf("%s (after a poison message) has no record", good)
		}
	}
}
