package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/config"
	"github.com/newsenrich/newsenrich/loadgen"
)

// TestBenchEmbedded runs a short bench on the embedded broker, with both
// services as child processes (this test binary running main), and checks
// that every article came out once and the report is complete. It asserts
// no timings.
func TestBenchEmbedded(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two services as processes")
	}
	t.Setenv(envBeMain, "1") // the child processes are this binary
	const count = 60
	var stdout, stderr bytes.Buffer
	env := &environment{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	err := dispatch(context.Background(), env, []string{"bench", "--count", "60", "--rate", "200", "--json", "--timeout", "60s"})
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, stderr.String())
	}
	var rep loadgen.Report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, stdout.String())
	}
	if len(rep.Modes) != 2 || rep.Modes[0].Mode != loadgen.ModePassthrough || rep.Modes[1].Mode != loadgen.ModeEnrich {
		t.Fatalf("modes %+v, want passthrough then enrich", rep.Modes)
	}
	for _, m := range rep.Modes {
		if m.Published != count || m.Records != count || m.DeadLetters != 0 || m.Missing != 0 || m.Duplicates != 0 {
			t.Errorf("%s: published %d, records %d, dead letters %d, missing %d, duplicates %d; want %d records, nothing else",
				m.Mode, m.Published, m.Records, m.DeadLetters, m.Missing, m.Duplicates, count)
		}
		if m.Latency.Count != count || m.Latency.P50 <= 0 || m.Latency.P50 > m.Latency.P99 || m.Latency.P99 > m.Latency.Max {
			t.Errorf("%s: latency %+v is not a summary of %d values", m.Mode, m.Latency, count)
		}
		if m.ArticlesPerSecond <= 0 || m.PeakRSSMB <= 0 || m.StartupHealthySec <= 0 || m.StartupReadySec < m.StartupHealthySec {
			t.Errorf("%s: missing figures: %+v", m.Mode, m)
		}
	}
	if rep.Articles != 5 || rep.MeanBytes <= 0 || rep.Broker == "" || rep.CPUs < 1 {
		t.Errorf("header: %d articles, mean %v bytes, broker %q, %d CPUs", rep.Articles, rep.MeanBytes, rep.Broker, rep.CPUs)
	}
	if len(rep.Checks) != 4 || rep.ThroughputRate <= 0 { // paced: no throughput check
		t.Errorf("%d checks, want 4, throughput ratio %v: %+v", len(rep.Checks), rep.ThroughputRate, rep.Checks)
	}
	for _, s := range []string{"passthrough", "enrich", "targets:", "load average"} {
		if !strings.Contains(stderr.String(), s) {
			t.Errorf("the table on stderr lacks %q:\n%s", s, stderr.String())
		}
	}
}

func TestLoadBenchArticles(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("word ", 200) // 1000 bytes
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", long)
	write("b.jsonl", `{"id":"x1","title":"T","text":"`+long+`","cat":"ignored"}`+"\n"+`{"text":"short"}`+"\n")
	write("c.json", `{"html":"<p>`+long+`</p>"}`)
	tests := []struct {
		name            string
		min, max, limit int
		want            int
		wantErr         bool
	}{
		{"all", 0, 0, 100, 4, false},
		{"min drops the short one", 100, 0, 100, 3, false},
		{"max keeps the short one", 0, 100, 100, 1, false},
		{"limit", 0, 0, 2, 2, false},
		{"nothing left", 5000, 0, 100, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, err := loadBenchArticles([]string{dir}, tt.min, tt.max, tt.limit)
			if (err != nil) != tt.wantErr || len(arts) != tt.want {
				t.Fatalf("got %d articles, error %v; want %d, error %v", len(arts), err, tt.want, tt.wantErr)
			}
			for _, a := range arts {
				v := a.withID("bench.1")
				var m map[string]any
				if err := json.Unmarshal(v, &m); err != nil || m["id"] != "bench.1" || m["id"] == nil {
					t.Errorf("withID gives %s (%v)", v, err)
				}
				if _, ok := m["cat"]; ok {
					t.Errorf("field outside the contract kept: %s", v)
				}
			}
		})
	}
	samples, err := loadBenchArticles(nil, 0, 0, 100)
	if err != nil || len(samples) != 5 {
		t.Errorf("bundled samples: %d, %v; want 5", len(samples), err)
	}
}

// The child services read back the settings the bench hands them.
func TestServiceEnvRoundTrip(t *testing.T) {
	want := config.Default()
	want.Brokers = []string{"127.0.0.1:1", "127.0.0.1:2"}
	want.InputTopic, want.OutputTopic, want.DLQTopic, want.Group = "in", "out", "dlq", "g"
	want.Concurrency, want.BatchTimeout, want.FetchMaxWait = 7, 3*time.Millisecond, 50*time.Millisecond
	want.MaxInFlight, want.MaxInFlightBytes, want.Pprof, want.MemoryLimit = 33, 5<<20, true, 300<<20
	want.HTTPAddr, want.LogLevel, want.LogFormat = "127.0.0.1:9", "warn", "json"
	want.Security.SASLMechanism, want.Security.SASLUsername, want.Security.SASLPassword = "plain", "user", "secret"
	want.Security.TLSInsecureSkipVerify = true
	env := map[string]string{}
	for _, kv := range serviceEnv(want) {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	got := config.Default()
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	got.ServiceFlags(fs)
	if err := got.Parse(fs, nil, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, want)
	}
}
