package metrics

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/newsenrich/newsenrich/record"
)

func TestObserveRecordBoundsLabels(t *testing.T) {
	tests := []struct {
		name        string
		rec         record.Record
		lang, topic string
	}{
		{"arabic politics", record.Record{Language: record.Language{Code: "ar"}, Topics: []record.Topic{{Code: "medtop:11000000"}}}, "ar", "medtop:11000000"},
		{"unknown language", record.Record{Language: record.Language{Code: "de"}}, "other", "none"},
		{"empty language", record.Record{}, "und", "none"},
		{"odd topic code", record.Record{Language: record.Language{Code: "en"}, Topics: []record.Topic{{Code: "sports"}}}, "en", "other"},
		{"short medtop code", record.Record{Language: record.Language{Code: "fr"}, Topics: []record.Topic{{Code: "medtop:1100000"}}}, "fr", "other"},
		{"medtop code with a letter", record.Record{Language: record.Language{Code: "fa"}, Topics: []record.Topic{{Code: "medtop:1100000x"}}}, "fa", "other"},
		{"long medtop code", record.Record{Language: record.Language{Code: "ur"}, Topics: []record.Topic{{Code: "medtop:110000001"}}}, "ur", "other"},
		{"undetermined", record.Record{Language: record.Language{Code: "und"}, Topics: []record.Topic{{Code: "medtop:20000001"}}}, "und", "medtop:20000001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(BuildInfo{"v", "r", "go"})
			m.ObserveRecord(&tt.rec)
			if got := testutil.ToFloat64(m.RecordsByLanguage.WithLabelValues(tt.lang)); got != 1 {
				t.Errorf("records_by_language{%s} = %v, want 1", tt.lang, got)
			}
			if got := testutil.ToFloat64(m.RecordsByTopic.WithLabelValues(tt.topic)); got != 1 {
				t.Errorf("records_by_topic{%s} = %v, want 1", tt.topic, got)
			}
		})
	}
}

// TestAgreedNames checks the names the dashboards and alerts rely on are
// all exported.
func TestAgreedNames(t *testing.T) {
	m := New(BuildInfo{"v", "r", "go"})
	m.RegisterReady(func() error { return errors.New("not yet") })
	m.Consumed("in")
	m.Produced("out", 1)
	m.DeadLettered("bad_json", "decode")
	m.ObserveStage("text", time.Millisecond, nil)
	m.ObserveStage("text", time.Millisecond, errors.New("x"))
	m.ProcessingDuration.Observe(0.01)
	m.EndToEndLatency.Observe(0.1)
	m.Committed("in", 3)
	m.FetchError()
	m.ProduceError("out", true)
	m.Rebalanced()
	m.ObserveRecord(&record.Record{Language: record.Language{Code: "ar"}})
	m.ObserveModelLoad("topics", time.Second)
	families, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, f := range families {
		have[f.GetName()] = true
	}
	for _, name := range []string{
		"newsenrich_build_info", "newsenrich_messages_consumed_total", "newsenrich_records_produced_total",
		"newsenrich_dead_letters_total", "newsenrich_stage_duration_seconds", "newsenrich_processing_duration_seconds",
		"newsenrich_end_to_end_latency_seconds", "newsenrich_in_flight_messages", "newsenrich_offsets_committed_total",
		"newsenrich_fetch_errors_total", "newsenrich_produce_errors_total", "newsenrich_produce_retries_total",
		"newsenrich_ready", "newsenrich_rebalances_total", "newsenrich_records_by_language_total",
		"newsenrich_records_by_topic_total", "newsenrich_entities_per_article", "newsenrich_model_load_seconds",
		"go_goroutines", "process_cpu_seconds_total",
	} {
		if !have[name] {
			t.Errorf("metric %s is not exported", name)
		}
	}
	if got := testutil.ToFloat64(m.StageErrors.WithLabelValues("text")); got != 1 {
		t.Errorf("stage errors = %v, want 1", got)
	}
	problems, err := testutil.GatherAndLint(m.Registry)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		if strings.HasPrefix(p.Metric, "newsenrich_") {
			t.Errorf("lint %s: %s", p.Metric, p.Text)
		}
	}
}
