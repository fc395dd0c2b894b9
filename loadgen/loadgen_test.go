package loadgen

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(vs ...int) []time.Duration {
		var ds []time.Duration
		for _, v := range vs {
			ds = append(ds, time.Duration(v)*time.Millisecond)
		}
		return ds
	}
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(i+1) * time.Millisecond
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one value", ms(7), 99, 7 * time.Millisecond},
		{"median of odd", ms(1, 2, 3), 50, 2 * time.Millisecond},
		{"median of even is the lower", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"p95 of 1..100", hundred, 95, 95 * time.Millisecond},
		{"p99 of 1..100", hundred, 99, 99 * time.Millisecond},
		{"p100 is the max", hundred, 100, 100 * time.Millisecond},
		{"tiny p is the min", hundred, 0.001, time.Millisecond},
		{"p99 of 10 is the max", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 99, 10 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("Percentile(%v, %v) = %v, want %v", tt.sorted, tt.p, got, tt.want)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	ds := []time.Duration{40 * time.Millisecond, 10 * time.Millisecond, 30 * time.Millisecond, 20 * time.Millisecond}
	got := Summarize(ds)
	want := Latency{Count: 4, Mean: 25, P50: 20, P95: 40, P99: 40, Max: 40}
	if got != want {
		t.Errorf("Summarize = %+v, want %+v", got, want)
	}
	if (Summarize(nil) != Latency{}) {
		t.Error("Summarize(nil) is not zero")
	}
}

func TestPacer(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		rate float64
		i    int
		want time.Duration
	}{
		{0, 0, 0},
		{0, 1000, 0},
		{100, 0, 0},
		{100, 1, 10 * time.Millisecond},
		{100, 250, 2500 * time.Millisecond},
		{0.5, 3, 6 * time.Second},
		{-1, 5, 0},
	}
	for _, tt := range tests {
		if got := (Pacer{Rate: tt.rate, Start: start}).Due(tt.i).Sub(start); got != tt.want {
			t.Errorf("Pacer{Rate: %v}.Due(%d) = start+%v, want start+%v", tt.rate, tt.i, got, tt.want)
		}
	}
}

func TestRate(t *testing.T) {
	tests := []struct {
		n    float64
		d    time.Duration
		want float64
	}{
		{1000, 2 * time.Second, 500},
		{5, 0, 0},
		{5, -time.Second, 0},
		{3, 1500 * time.Millisecond, 2},
	}
	for _, tt := range tests {
		if got := Rate(tt.n, tt.d); got != tt.want {
			t.Errorf("Rate(%v, %v) = %v, want %v", tt.n, tt.d, got, tt.want)
		}
	}
}

func TestResult(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		obs  Observed
		want ModeResult
	}{
		{
			name: "all out",
			obs: Observed{Mode: ModeEnrich, Published: 2000, Bytes: 10_000_000, Records: 1990, DeadLetters: 10,
				FirstPublish: start, LastOutput: start.Add(4 * time.Second), CPU: 1500 * time.Millisecond,
				PeakRSS: 150 << 20, RSS: 120 << 20, Healthy: 800 * time.Millisecond, Ready: 1200 * time.Millisecond},
			want: ModeResult{Mode: ModeEnrich, Published: 2000, Records: 1990, DeadLetters: 10, Seconds: 4,
				ArticlesPerSecond: 500, MBPerSecond: 2.5, CPUSeconds: 1.5, CPUSecondsPer1000: 0.75,
				ArticlesPerCPUSecond: 1333.3, PeakRSSMB: 150, RSSMB: 120, StartupHealthySec: 0.8, StartupReadySec: 1.2},
		},
		{
			name: "half missing: bytes counted for what came out",
			obs: Observed{Mode: ModePassthrough, Published: 100, Bytes: 2_000_000, Records: 50, Duplicates: 3,
				FirstPublish: start, LastOutput: start.Add(time.Second)},
			want: ModeResult{Mode: ModePassthrough, Published: 100, Records: 50, Duplicates: 3, Missing: 50, Seconds: 1,
				ArticlesPerSecond: 50, MBPerSecond: 1},
		},
		{
			name: "nothing out",
			obs:  Observed{Mode: ModeEnrich, Published: 10, FirstPublish: start},
			want: ModeResult{Mode: ModeEnrich, Published: 10, Missing: 10},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.obs.Result(); got != tt.want {
				t.Errorf("Result() =\n %+v\nwant\n %+v", got, tt.want)
			}
		})
	}
}

func TestGrowth(t *testing.T) {
	s := func(rss float64, goroutines, lag int) Sample {
		return Sample{RSSMB: rss, Goroutines: goroutines, Lag: lag}
	}
	tests := []struct {
		name    string
		samples []Sample
		rate    float64
		want    []string // substrings of the flags, in order
	}{
		{"too few samples", []Sample{s(100, 50, 0)}, 100, nil},
		{"steady", []Sample{s(90, 40, 3), s(100, 50, 2), s(105, 52, 5), s(109, 55, 4)}, 100, nil},
		{"warm-up growth ignored", []Sample{s(50, 20, 0), s(100, 50, 2), s(108, 50, 2)}, 100, nil},
		{"rss grows", []Sample{s(90, 40, 3), s(100, 50, 2), s(111, 50, 2)}, 100, []string{"RSS grew 11%"}},
		{"goroutines grow", []Sample{s(100, 50, 0), s(100, 50, 0), s(100, 61, 0)}, 100, []string{"goroutines grew from 50 to 61"}},
		{"lag grows", []Sample{s(100, 50, 0), s(100, 50, 10), s(100, 50, 111)}, 100, []string{"lag grew from 10 to 111"}},
		{"two samples: first is the base", []Sample{s(100, 50, 0), s(120, 50, 0)}, 100, []string{"RSS grew 20%"}},
		{"all three", []Sample{s(1, 1, 1), s(100, 10, 0), s(200, 30, 500)}, 10, []string{"RSS", "goroutines", "lag"}},
		// A reading taken with many messages in flight is no growth: the
		// floors of the first and last thirds stay put.
		{"in-flight spike at the end", []Sample{s(90, 40, 3), s(269, 53, 9), s(269, 48, 4), s(270, 129, 92), s(270, 54, 6), s(270, 45, 5), s(270, 69, 36)}, 435, nil},
		{"floor rises", []Sample{s(90, 40, 3), s(269, 50, 5), s(269, 51, 4), s(270, 55, 6), s(270, 62, 7), s(270, 64, 6), s(270, 70, 8)}, 435, []string{"goroutines grew from 50 to 64"}},
		{"lag floor rises", []Sample{s(90, 40, 3), s(269, 50, 5), s(269, 50, 4), s(270, 50, 300), s(270, 50, 700), s(270, 50, 900), s(270, 50, 1200)}, 435, []string{"lag grew from 4 to 900"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Growth(tt.samples, tt.rate)
			if len(got) != len(tt.want) {
				t.Fatalf("Growth = %q, want %d flags like %q", got, len(tt.want), tt.want)
			}
			for i := range got {
				if !strings.Contains(got[i], tt.want[i]) {
					t.Errorf("flag %d = %q, want it to contain %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestReport(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	obs := func(mode string, secs, cpu float64) Observed {
		return Observed{Mode: mode, Published: 1000, Bytes: 4_000_000, Records: 1000,
			Latencies:    []time.Duration{5 * time.Millisecond, 7 * time.Millisecond, 9 * time.Millisecond},
			FirstPublish: start, LastOutput: start.Add(time.Duration(secs * float64(time.Second))),
			CPU: time.Duration(cpu * float64(time.Second)), PeakRSS: 200 << 20, Healthy: time.Second}
	}
	tests := []struct {
		name     string
		rate     float64
		modes    []Observed
		soak     *Soak
		checks   int
		wantMet  map[string]bool
		wantText []string
	}{
		{
			name:   "both modes at max rate",
			checks: 5,
			modes:  []Observed{obs(ModePassthrough, 1, 0.2), obs(ModeEnrich, 1.1, 0.8)},
			wantMet: map[string]bool{"throughput enrich/passthrough": true, "articles per CPU-second (service process)": true,
				"p99 end-to-end latency ms": true, "peak RSS MB": true, "start-up to healthy s (models loaded, serving)": true},
			wantText: []string{"passthrough", "enrich", "as fast as possible", "targets:", "0.909"},
		},
		{
			name:     "slow enrichment",
			checks:   5,
			modes:    []Observed{obs(ModePassthrough, 1, 0.2), obs(ModeEnrich, 2, 2)},
			wantMet:  map[string]bool{"throughput enrich/passthrough": false, "articles per CPU-second (service process)": false},
			wantText: []string{"NOT met"},
		},
		{
			name:   "paced: no throughput check",
			checks: 4,
			rate:   100,
			modes:  []Observed{obs(ModePassthrough, 1, 0.2), obs(ModeEnrich, 1, 0.8)},
			wantMet: map[string]bool{"articles per CPU-second (service process)": true, "p99 end-to-end latency ms": true,
				"peak RSS MB": true, "start-up to healthy s (models loaded, serving)": true},
			wantText: []string{"rate 100/s", "at 100 articles/s"},
		},
		{
			name:    "passthrough only: no checks",
			modes:   []Observed{obs(ModePassthrough, 1, 0.2)},
			wantMet: map[string]bool{},
		},
		{
			name:   "soak with growth",
			checks: 5,
			rate:   50,
			modes:  []Observed{obs(ModeEnrich, 1, 0.5)},
			soak: &Soak{Seconds: 600, Rate: 50, Samples: []Sample{{ElapsedSec: 30, RSSMB: 100}, {ElapsedSec: 60, RSSMB: 150}},
				Flags: []string{"RSS grew 50%"}},
			wantMet:  map[string]bool{"soak: no RSS, goroutine or lag growth": false},
			wantText: []string{"soak: 600s at 50/s", "GROWTH: RSS grew 50%", "at 50 articles/s"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Report{Rate: tt.rate, Soak: tt.soak, MeanBytes: 4000}
			for _, o := range tt.modes {
				r.Modes = append(r.Modes, o.Result())
			}
			r.Finish()
			met := map[string]bool{}
			for _, c := range r.Checks {
				met[c.Name] = c.Met
			}
			if len(r.Checks) != tt.checks {
				t.Errorf("checks %+v, want %d", r.Checks, tt.checks)
			}
			for name, want := range tt.wantMet {
				if got, ok := met[name]; !ok || got != want {
					t.Errorf("check %q met=%v (present %v), want %v", name, got, ok, want)
				}
			}
			var table bytes.Buffer
			if err := r.WriteTable(&table); err != nil {
				t.Fatal(err)
			}
			for _, s := range tt.wantText {
				if !strings.Contains(table.String(), s) {
					t.Errorf("table lacks %q:\n%s", s, table.String())
				}
			}
			data, err := json.Marshal(&r)
			if err != nil {
				t.Fatal(err)
			}
			var back Report
			if err := json.Unmarshal(data, &back); err != nil {
				t.Fatal(err)
			}
			if len(back.Modes) != len(tt.modes) || len(back.Checks) != len(r.Checks) {
				t.Errorf("JSON round trip lost modes or checks: %s", data)
			}
		})
	}
}

func TestParseStat(t *testing.T) {
	tests := []struct {
		name    string
		stat    string
		want    time.Duration
		wantErr bool
	}{
		{"plain", "1234 (newsenrich) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 12 0 100 1000 200", 3 * time.Second, false},
		{"name with spaces and parens", "99 (a) b (c) R 1 99 99 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 1 1 1", 100 * time.Millisecond, false},
		{"no parens", "garbage", 0, true},
		{"short", "1 (x) S 1 2", 0, true},
		{"not numbers", "1 (x) S 1 1 1 0 -1 0 0 0 0 0 u s 0 0", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseStatCPU([]byte(tt.stat))
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseStatCPU = %v, %v; want %v, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
	status := "Name:\tnewsenrich\nVmPeak:\t 2000000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t12\n"
	rss, peak := ParseStatusMemory([]byte(status))
	if rss != 100<<20 || peak != 200<<20 {
		t.Errorf("ParseStatusMemory = %d, %d; want %d, %d", rss, peak, 100<<20, 200<<20)
	}
}

func TestMetricValue(t *testing.T) {
	expo := `# HELP go_goroutines Number of goroutines.
# TYPE go_goroutines gauge
go_goroutines 42
go_goroutines_extra 7
newsenrich_model_load_seconds{model="other"} 0.1
newsenrich_model_load_seconds{model="pipeline"} 0.35
`
	tests := []struct {
		name, metric, label string
		want                float64
		ok                  bool
	}{
		{"plain", "go_goroutines", "", 42, true},
		{"labelled", "newsenrich_model_load_seconds", `model="pipeline"`, 0.35, true},
		{"label not there", "newsenrich_model_load_seconds", `model="none"`, 0, false},
		{"labelled metric without a label asked", "newsenrich_model_load_seconds", "", 0, false},
		{"missing", "go_threads", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := MetricValue([]byte(expo), tt.metric, tt.label)
			if got != tt.want || ok != tt.ok {
				t.Errorf("MetricValue(%s, %q) = %v, %v; want %v, %v", tt.metric, tt.label, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	}
	for _, tt := range tests {
		if got := Median(tt.in); got != tt.want {
			t.Errorf("Median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// With rounds, the checks use the median round: medians of rates and
// latencies, the largest RSS and start-up.
func TestReportRounds(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	obs := func(mode string, round int, secs, cpu float64, p99ms int, rss int64) ModeResult {
		o := Observed{Mode: mode, Round: round, Published: 1000, Records: 1000,
			Latencies:    []time.Duration{time.Duration(p99ms) * time.Millisecond},
			FirstPublish: start, LastOutput: start.Add(time.Duration(secs * float64(time.Second))),
			CPU: time.Duration(cpu * float64(time.Second)), PeakRSS: rss << 20, Healthy: time.Duration(round) * time.Second / 2}
		return o.Result()
	}
	r := Report{Rounds: 3, Modes: []ModeResult{
		obs(ModePassthrough, 1, 1, 0.2, 5, 80), obs(ModeEnrich, 1, 2, 2, 50, 190),
		obs(ModePassthrough, 2, 4, 0.2, 5, 80), obs(ModeEnrich, 2, 1.1, 0.5, 150, 180),
		obs(ModePassthrough, 3, 1, 0.2, 5, 80), obs(ModeEnrich, 3, 1.2, 1, 90, 200),
	}}
	r.Finish()
	enr := r.Mode(ModeEnrich)
	if enr.ArticlesPerSecond != 833.3 || enr.ArticlesPerCPUSecond != 1000 || enr.Latency.P99 != 90 || enr.PeakRSSMB != 200 || enr.StartupHealthySec != 1.5 {
		t.Errorf("median enrich round %+v", enr)
	}
	if r.ThroughputRate != 0.833 { // 833.3 / 1000
		t.Errorf("throughput ratio %v, want 0.833", r.ThroughputRate)
	}
	var table bytes.Buffer
	if err := r.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"enrich median", "passthrough median", "(median of 3 rounds)"} {
		if !strings.Contains(table.String(), s) {
			t.Errorf("table lacks %q:\n%s", s, table.String())
		}
	}
}
