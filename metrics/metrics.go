// Package metrics defines the Prometheus metrics of newsenrich, registered
// on an explicit registry (never the global one), and small methods the
// service, consumer, producer and pipeline report through.
//
// Names follow the Prometheus conventions: a newsenrich_ prefix, base units
// (seconds, bytes), _total counters and label values from bounded sets.
package metrics

import (
	"runtime/debug"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/newsenrich/newsenrich/record"
)

// Namespace prefixes every metric name.
const Namespace = "newsenrich"

// BuildInfo labels the newsenrich_build_info gauge.
type BuildInfo struct {
	Version, Revision, GoVersion string
}

// ReadBuildInfo returns the build information embedded in the binary,
// with "unknown" for what the build did not record.
func ReadBuildInfo() BuildInfo {
	b := BuildInfo{Version: "unknown", Revision: "unknown", GoVersion: "unknown"}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	b.GoVersion = info.GoVersion
	if v := info.Main.Version; v != "" {
		b.Version = v
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && s.Value != "" {
			b.Revision = s.Value
		}
	}
	return b
}

// Metrics holds every metric newsenrich exports except the consumer-lag
// ones, which the lag package registers on the same Registry.
type Metrics struct {
	// Registry holds the metrics below plus the Go runtime and process
	// collectors; serve it on /metrics.
	Registry *prometheus.Registry

	MessagesConsumed   *prometheus.CounterVec
	RecordsProduced    *prometheus.CounterVec
	DeadLetters        *prometheus.CounterVec
	StageDuration      *prometheus.HistogramVec
	ProcessingDuration prometheus.Histogram
	EndToEndLatency    prometheus.Histogram
	InFlight           prometheus.Gauge
	OffsetsCommitted   *prometheus.CounterVec
	FetchErrors        prometheus.Counter
	ProduceErrors      *prometheus.CounterVec
	ProduceRetries     *prometheus.CounterVec
	Rebalances         prometheus.Counter
	RecordsByLanguage  *prometheus.CounterVec
	RecordsByTopic     *prometheus.CounterVec
	EntitiesPerArticle prometheus.Histogram
	ModelLoad          *prometheus.GaugeVec
	StageErrors        *prometheus.CounterVec
	buildInfo          *prometheus.GaugeVec
	readyRegistered    bool
}

// New creates the metrics on a new registry that also carries the Go
// runtime and process collectors, and sets newsenrich_build_info.
func New(info BuildInfo) *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	durations := prometheus.ExponentialBuckets(0.0001, 2.5, 12) // 100µs … 6s
	m := &Metrics{
		Registry: reg,
		buildInfo: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: Namespace, Name: "build_info",
			Help: "Always 1; the labels say which build is running."}, []string{"version", "revision", "goversion"}),
		MessagesConsumed: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "messages_consumed_total",
			Help: "Input messages fetched and handed to processing."}, []string{"topic"}),
		RecordsProduced: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "records_produced_total",
			Help: "Enriched records acknowledged by the output topic."}, []string{"topic"}),
		DeadLetters: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "dead_letters_total",
			Help: "Inputs written to the dead-letter topic, by reason and failing stage."}, []string{"reason", "stage"}),
		StageDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "stage_duration_seconds",
			Help: "Time one pipeline stage took on one article.", Buckets: durations}, []string{"stage"}),
		ProcessingDuration: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: Namespace, Name: "processing_duration_seconds",
			Help: "Time the whole pipeline took on one article.", Buckets: durations}),
		EndToEndLatency: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: Namespace, Name: "end_to_end_latency_seconds",
			Help:    "Time from the input message timestamp until its output was acknowledged.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2, 15)}), // 5ms … 82s
		InFlight: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: Namespace, Name: "in_flight_messages",
			Help: "Messages being processed or published right now."}),
		OffsetsCommitted: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "offsets_committed_total",
			Help: "Input messages whose offsets were committed (the committed offset advanced by this many)."}, []string{"topic"}),
		FetchErrors: prometheus.NewCounter(prometheus.CounterOpts{Namespace: Namespace, Name: "fetch_errors_total",
			Help: "Errors fetching input or talking to the group coordinator (retried)."}),
		ProduceErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "produce_errors_total",
			Help: "Failed attempts to write to a topic."}, []string{"topic"}),
		ProduceRetries: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "produce_retries_total",
			Help: "Writes retried after a transient error."}, []string{"topic"}),
		Rebalances: prometheus.NewCounter(prometheus.CounterOpts{Namespace: Namespace, Name: "rebalances_total",
			Help: "Consumer group generations joined (each one follows a rebalance)."}),
		RecordsByLanguage: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "records_by_language_total",
			Help: "Enriched records by detected language (ar, en, fr, fa, ur, und, other)."}, []string{"language"}),
		RecordsByTopic: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "records_by_topic_total",
			Help: "Enriched records by their top IPTC media topic code, or none."}, []string{"topic"}),
		EntitiesPerArticle: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: Namespace, Name: "entities_per_article",
			Help: "Distinct entities found in one article.", Buckets: []float64{0, 1, 2, 5, 10, 20, 50, 100, 200}}),
		ModelLoad: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: Namespace, Name: "model_load_seconds",
			Help: "Time it took to load a model at start-up."}, []string{"model"}),
		StageErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "stage_errors_total",
			Help: "Stage runs that failed or panicked."}, []string{"stage"}),
	}
	reg.MustRegister(m.buildInfo, m.MessagesConsumed, m.RecordsProduced, m.DeadLetters, m.StageDuration,
		m.ProcessingDuration, m.EndToEndLatency, m.InFlight, m.OffsetsCommitted, m.FetchErrors,
		m.ProduceErrors, m.ProduceRetries, m.Rebalances, m.RecordsByLanguage, m.RecordsByTopic,
		m.EntitiesPerArticle, m.ModelLoad, m.StageErrors)
	m.buildInfo.WithLabelValues(info.Version, info.Revision, info.GoVersion).Set(1)
	return m
}

// RegisterReady registers newsenrich_ready as a gauge that asks ready on
// every scrape: 1 when it returns nil, else 0. Call it once.
func (m *Metrics) RegisterReady(ready func() error) {
	if m.readyRegistered {
		return
	}
	m.readyRegistered = true
	m.Registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: Namespace, Name: "ready",
		Help: "1 when the service is ready (connected and making progress), else 0."}, func() float64 {
		if ready() == nil {
			return 1
		}
		return 0
	}))
}

// ObserveStage records one stage run; it makes *Metrics a
// processor.Observer.
func (m *Metrics) ObserveStage(stage string, d time.Duration, err error) {
	m.StageDuration.WithLabelValues(stage).Observe(d.Seconds())
	if err != nil {
		m.StageErrors.WithLabelValues(stage).Inc()
	}
}

// ObserveModelLoad records how long loading a model took.
func (m *Metrics) ObserveModelLoad(model string, d time.Duration) {
	m.ModelLoad.WithLabelValues(model).Set(d.Seconds())
}

// languageLabel is the language label of a detected language: ar, en, fr,
// fa, ur and und as they are, any other as "other".
func languageLabel(code string) string {
	switch code {
	case "ar", "en", "fr", "fa", "ur", "und":
		return code
	case "":
		return "und"
	}
	return "other"
}

// isMedtop reports whether code is an IPTC media topic code,
// medtop:NNNNNNNN.
func isMedtop(code string) bool {
	const prefix = "medtop:"
	if len(code) != len(prefix)+8 || code[:len(prefix)] != prefix {
		return false
	}
	for i := len(prefix); i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	return true
}

// ObserveRecord counts a published record by language and top topic and
// records its number of entities.
func (m *Metrics) ObserveRecord(r *record.Record) {
	m.RecordsByLanguage.WithLabelValues(languageLabel(r.Language.Code)).Inc()
	topic := "none"
	if len(r.Topics) > 0 {
		topic = r.Topics[0].Code
		if !isMedtop(topic) {
			topic = "other"
		}
	}
	m.RecordsByTopic.WithLabelValues(topic).Inc()
	m.EntitiesPerArticle.Observe(float64(len(r.Entities)))
}

// Consumed counts a fetched message.
func (m *Metrics) Consumed(topic string) { m.MessagesConsumed.WithLabelValues(topic).Inc() }

// Committed counts messages whose offsets were committed.
func (m *Metrics) Committed(topic string, messages int64) {
	m.OffsetsCommitted.WithLabelValues(topic).Add(float64(messages))
}

// FetchError counts a fetch or coordinator error.
func (m *Metrics) FetchError() { m.FetchErrors.Inc() }

// Rebalanced counts a generation joined.
func (m *Metrics) Rebalanced() { m.Rebalances.Inc() }

// Produced counts messages acknowledged by a topic.
func (m *Metrics) Produced(topic string, n int) {
	m.RecordsProduced.WithLabelValues(topic).Add(float64(n))
}

// ProduceError counts a failed write attempt and whether it is retried.
func (m *Metrics) ProduceError(topic string, retried bool) {
	m.ProduceErrors.WithLabelValues(topic).Inc()
	if retried {
		m.ProduceRetries.WithLabelValues(topic).Inc()
	}
}

// DeadLettered counts an input written to the dead-letter topic.
func (m *Metrics) DeadLettered(reason, stage string) {
	m.DeadLetters.WithLabelValues(reason, stage).Inc()
}

// ObserveProcessing records the pipeline time of one article.
func (m *Metrics) ObserveProcessing(d time.Duration) { m.ProcessingDuration.Observe(d.Seconds()) }

// ObserveEndToEnd records the time from a message's timestamp until its
// output was acknowledged.
func (m *Metrics) ObserveEndToEnd(d time.Duration) { m.EndToEndLatency.Observe(d.Seconds()) }

// InFlightAdd changes the number of messages in flight.
func (m *Metrics) InFlightAdd(delta int) { m.InFlight.Add(float64(delta)) }
