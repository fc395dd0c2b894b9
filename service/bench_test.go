package service_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/segmentio/kafka-go"

	"github.com/newsenrich/newsenrich/consumer"
	"github.com/newsenrich/newsenrich/internal/kafkatest"
	"github.com/newsenrich/newsenrich/metrics"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/producer"
	"github.com/newsenrich/newsenrich/service"
)

// discard is a producer that acknowledges at once.
type discard struct{}

func (discard) Write(context.Context, ...kafka.Message) error { return nil }
func (discard) Healthy() error                                { return nil }

// BenchmarkHandle measures what the service adds around the pipeline per
// message (decode, document, encode, headers, metrics), with a stand-in
// stage and a producer that acknowledges at once.
func BenchmarkHandle(b *testing.B) {
	m := metrics.New(metrics.BuildInfo{})
	svc := service.New(service.Config{OutputTopic: "out", DLQTopic: "dlq", MaxMessageBytes: 4 << 20}, nil, discard{},
		processor.New(m, countStage{}), m, nil)
	text := ""
	for i := range 40 {
		text += fmt.Sprintf("Sentence %d of a news article about the harbour in Halifax. ", i)
	}
	value, _ := json.Marshal(map[string]string{"id": "bench", "title": "Bench", "text": text})
	msg := kafka.Message{Topic: "in", Value: value, Time: time.Now()}
	ctx := context.Background()
	b.SetBytes(int64(len(value)))
	b.ReportAllocs()
	for b.Loop() {
		if err := svc.Handle(ctx, msg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEndToEnd measures articles per second through a running
// service on the embedded broker, or on the real one when
// NEWSENRICH_TEST_BROKERS is set: b.N articles are published first, then
// timed from start-up until all records are out.
func BenchmarkEndToEnd(b *testing.B) {
	var broker kafkatest.Broker
	if os.Getenv(kafkatest.EnvBrokers) != "" {
		broker = kafkatest.Real(b)
	} else {
		broker = kafkatest.Embedded(b)
	}
	tp := topics{in: kafkatest.Name(b, "in"), out: kafkatest.Name(b, "out"), dlq: kafkatest.Name(b, "dlq"), group: kafkatest.Name(b, "g")}
	broker.CreateTopics(b, 4, tp.in, tp.out, tp.dlq)
	msgs, _ := articles("bench", b.N)
	broker.Produce(b, tp.in, msgs...)
	m := metrics.New(metrics.BuildInfo{})
	cons, err := consumer.New(consumer.Config{Brokers: broker.Brokers, Topic: tp.in, Group: tp.group, MaxInFlight: 64,
		StartEarliest: true, CommitInterval: time.Second, SessionTimeout: 6 * time.Second, HeartbeatInterval: time.Second,
		FetchMaxWait: 100 * time.Millisecond}, m, nil)
	if err != nil {
		b.Fatal(err)
	}
	prod := producer.New(producer.Config{Brokers: broker.Brokers, BatchTimeout: time.Millisecond}, m, nil)
	defer prod.Close()
	svc := service.New(service.Config{OutputTopic: tp.out, DLQTopic: tp.dlq}, cons, prod, processor.New(m, countStage{}), m, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	b.ResetTimer()
	go func() { done <- svc.Run(ctx) }()
	for testutil.ToFloat64(m.RecordsProduced.WithLabelValues(tp.out)) < float64(b.N) {
		time.Sleep(time.Millisecond)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	cancel()
	if err := <-done; err != nil {
		b.Fatal(err)
	}
}
