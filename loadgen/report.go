package loadgen

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Mode names.
const (
	// ModePassthrough consumes and produces with no processing: what the
	// broker and the Kafka clients cost.
	ModePassthrough = "passthrough"
	// ModeEnrich runs the service with all its stages.
	ModeEnrich = "enrich"
)

// Observed is what the bench saw of one mode: the raw material of a
// ModeResult.
type Observed struct {
	Mode        string
	Round       int
	Published   int
	Bytes       int64 // input bytes published
	Records     int   // distinct ids on the output topic
	DeadLetters int   // distinct ids on the dead-letter topic
	Duplicates  int   // ids seen more than once
	Latencies   []time.Duration
	// FirstPublish and LastOutput bound the measured window.
	FirstPublish, LastOutput time.Time
	// CPU is the service's CPU time over the window.
	CPU time.Duration
	// PeakRSS and RSS are the service's high-water mark and final
	// resident set, in bytes.
	PeakRSS, RSS int64
	// Healthy and Ready are the times from starting the service process
	// to /healthz (models loaded, serving) and /readyz (group joined)
	// answering 200.
	Healthy, Ready time.Duration
	// ModelLoad is the pipeline load time the service reports itself.
	ModelLoad time.Duration
}

// ModeResult is the measured outcome of one mode.
type ModeResult struct {
	Mode string `json:"mode"`
	// Round counts the rounds of a run with several (from 1).
	Round                int     `json:"round"`
	Published            int     `json:"published"`
	Records              int     `json:"records"`
	DeadLetters          int     `json:"dead_letters"`
	Duplicates           int     `json:"duplicates"`
	Missing              int     `json:"missing"`
	Seconds              float64 `json:"seconds"`
	ArticlesPerSecond    float64 `json:"articles_per_second"`
	MBPerSecond          float64 `json:"mb_per_second"`
	Latency              Latency `json:"latency"`
	CPUSeconds           float64 `json:"cpu_seconds"`
	CPUSecondsPer1000    float64 `json:"cpu_seconds_per_1000"`
	ArticlesPerCPUSecond float64 `json:"articles_per_cpu_second"`
	PeakRSSMB            float64 `json:"peak_rss_mb"`
	RSSMB                float64 `json:"rss_mb"`
	StartupHealthySec    float64 `json:"startup_healthy_seconds"`
	StartupReadySec      float64 `json:"startup_ready_seconds"`
	ModelLoadSec         float64 `json:"model_load_seconds"`
}

// Result computes the figures of o.
func (o Observed) Result() ModeResult {
	window := o.LastOutput.Sub(o.FirstPublish)
	done := o.Records + o.DeadLetters
	r := ModeResult{
		Mode: o.Mode, Round: o.Round, Published: o.Published, Records: o.Records, DeadLetters: o.DeadLetters,
		Duplicates: o.Duplicates, Missing: max(o.Published-done, 0),
		Seconds:           round(max(window.Seconds(), 0), 3),
		ArticlesPerSecond: round(Rate(float64(done), window), 1),
		MBPerSecond:       round(Rate(float64(o.Bytes)/1e6, window)*float64(done)/float64(max(o.Published, 1)), 3),
		Latency:           Summarize(o.Latencies),
		CPUSeconds:        round(o.CPU.Seconds(), 3),
		PeakRSSMB:         round(float64(o.PeakRSS)/(1<<20), 1),
		RSSMB:             round(float64(o.RSS)/(1<<20), 1),
		StartupHealthySec: round(o.Healthy.Seconds(), 3),
		StartupReadySec:   round(o.Ready.Seconds(), 3),
		ModelLoadSec:      round(o.ModelLoad.Seconds(), 3),
	}
	if done > 0 && o.CPU > 0 {
		r.CPUSecondsPer1000 = round(o.CPU.Seconds()/float64(done)*1000, 3)
		r.ArticlesPerCPUSecond = round(float64(done)/o.CPU.Seconds(), 1)
	}
	return r
}

// Sample is one interval reading of a long run.
type Sample struct {
	ElapsedSec float64 `json:"elapsed_seconds"`
	Published  int     `json:"published"`
	Done       int     `json:"done"`
	// Lag is published minus done: articles in the broker or in flight.
	Lag        int     `json:"lag"`
	RSSMB      float64 `json:"rss_mb"`
	Goroutines int     `json:"goroutines"`
	CPUSeconds float64 `json:"cpu_seconds"`
}

// Growth limits of a soak.
const (
	// RSSGrowthLimit is the largest accepted rise of the resident set
	// from the first reading after warm-up to the last.
	RSSGrowthLimit = 0.10
	// GoroutineSlack is how many goroutines may come and go (connections
	// and timers of the Kafka clients) before it counts as growth.
	GoroutineSlack = 10
)

// Growth checks soak samples against the limits: the resident set may not
// grow more than RSSGrowthLimit, goroutines not by more than
// GoroutineSlack, and the lag not by more than one second of input at
// rate. Each is compared as a floor: the smallest reading of the first
// third of the samples after warm-up (the first sample is warm-up when
// there are at least three) against the smallest of the last third. A
// leak raises the floor; a single reading taken while many messages were
// in flight (one goroutine each, a higher lag) does not. It returns one
// line per violation; none means no growth.
func Growth(samples []Sample, rate float64) []string {
	if len(samples) < 2 {
		return nil
	}
	if len(samples) >= 3 {
		samples = samples[1:]
	}
	k := max(1, len(samples)/3)
	first, last := floor(samples[:k]), floor(samples[len(samples)-k:])
	var flags []string
	if first.RSSMB > 0 && last.RSSMB > first.RSSMB*(1+RSSGrowthLimit) {
		flags = append(flags, fmt.Sprintf("RSS grew %.0f%% (floor %.1f MB in the first %.0fs after warm-up -> %.1f MB in the last %.0fs), limit %.0f%%",
			(last.RSSMB/first.RSSMB-1)*100, first.RSSMB, first.ElapsedSec, last.RSSMB, last.ElapsedSec, RSSGrowthLimit*100))
	}
	if last.Goroutines > first.Goroutines+GoroutineSlack {
		flags = append(flags, fmt.Sprintf("goroutines grew from %d to %d (floors; slack %d)", first.Goroutines, last.Goroutines, GoroutineSlack))
	}
	if allowed := max(rate, 1); float64(last.Lag-first.Lag) > allowed {
		flags = append(flags, fmt.Sprintf("lag grew from %d to %d articles (floors; more than 1 s of input)", first.Lag, last.Lag))
	}
	return flags
}

// floor returns the smallest RSS, goroutine count and lag of samples
// (each on its own), with ElapsedSec the span the samples cover.
func floor(samples []Sample) Sample {
	f := samples[0]
	for _, x := range samples[1:] {
		f.RSSMB = min(f.RSSMB, x.RSSMB)
		f.Goroutines = min(f.Goroutines, x.Goroutines)
		f.Lag = min(f.Lag, x.Lag)
	}
	f.ElapsedSec = samples[len(samples)-1].ElapsedSec - samples[0].ElapsedSec
	return f
}

// Soak is the outcome of a long run.
type Soak struct {
	Seconds  float64  `json:"seconds"`
	Rate     float64  `json:"rate"`
	Samples  []Sample `json:"samples"`
	Flags    []string `json:"flags"`
	NoGrowth bool     `json:"no_growth"`
}

// Check is one target and whether the run met it.
type Check struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Target string  `json:"target"`
	Met    bool    `json:"met"`
	Note   string  `json:"note,omitempty"`
}

// Report is the whole outcome of a bench run.
type Report struct {
	Started        time.Time    `json:"started"`
	Broker         string       `json:"broker"`
	CPUs           int          `json:"cpus"`
	LoadAvgStart   [3]float64   `json:"load_average_start"`
	LoadAvgEnd     [3]float64   `json:"load_average_end"`
	Rate           float64      `json:"rate"`
	Partitions     int          `json:"partitions"`
	Concurrency    int          `json:"concurrency"`
	Rounds         int          `json:"rounds"`
	Articles       int          `json:"articles_loaded"`
	MeanBytes      float64      `json:"mean_article_bytes"`
	Modes          []ModeResult `json:"modes"`
	ThroughputRate float64      `json:"throughput_ratio,omitempty"`
	Soak           *Soak        `json:"soak,omitempty"`
	Checks         []Check      `json:"checks"`
}

// Mode returns the result of the named mode, nil if it did not run.
// With several rounds it is the median round: each figure is the median
// over the rounds, except peak RSS, start-up times, the largest latency,
// duplicates and missing articles, which are the largest.
func (r *Report) Mode(name string) *ModeResult {
	var rounds []ModeResult
	for _, m := range r.Modes {
		if m.Mode == name {
			rounds = append(rounds, m)
		}
	}
	switch len(rounds) {
	case 0:
		return nil
	case 1:
		return &rounds[0]
	}
	med := func(f func(ModeResult) float64) float64 {
		vs := make([]float64, len(rounds))
		for i, m := range rounds {
			vs[i] = f(m)
		}
		return Median(vs)
	}
	most := func(f func(ModeResult) float64) float64 {
		v := f(rounds[0])
		for _, m := range rounds[1:] {
			v = max(v, f(m))
		}
		return v
	}
	m := ModeResult{Mode: name, Round: 0,
		Published:            int(med(func(m ModeResult) float64 { return float64(m.Published) })),
		Records:              int(med(func(m ModeResult) float64 { return float64(m.Records) })),
		DeadLetters:          int(med(func(m ModeResult) float64 { return float64(m.DeadLetters) })),
		Duplicates:           int(most(func(m ModeResult) float64 { return float64(m.Duplicates) })),
		Missing:              int(most(func(m ModeResult) float64 { return float64(m.Missing) })),
		Seconds:              med(func(m ModeResult) float64 { return m.Seconds }),
		CPUSeconds:           med(func(m ModeResult) float64 { return m.CPUSeconds }),
		ArticlesPerSecond:    med(func(m ModeResult) float64 { return m.ArticlesPerSecond }),
		MBPerSecond:          med(func(m ModeResult) float64 { return m.MBPerSecond }),
		CPUSecondsPer1000:    med(func(m ModeResult) float64 { return m.CPUSecondsPer1000 }),
		ArticlesPerCPUSecond: med(func(m ModeResult) float64 { return m.ArticlesPerCPUSecond }),
		PeakRSSMB:            most(func(m ModeResult) float64 { return m.PeakRSSMB }),
		StartupHealthySec:    most(func(m ModeResult) float64 { return m.StartupHealthySec }),
		StartupReadySec:      most(func(m ModeResult) float64 { return m.StartupReadySec }),
	}
	m.Latency = Latency{
		Count: int(med(func(m ModeResult) float64 { return float64(m.Latency.Count) })),
		Mean:  med(func(m ModeResult) float64 { return m.Latency.Mean }),
		P50:   med(func(m ModeResult) float64 { return m.Latency.P50 }),
		P95:   med(func(m ModeResult) float64 { return m.Latency.P95 }),
		P99:   med(func(m ModeResult) float64 { return m.Latency.P99 }),
		Max:   most(func(m ModeResult) float64 { return m.Latency.Max }),
	}
	return &m
}

// Median returns the median of vs (the mean of the middle two for an
// even count), 0 for none; vs is sorted in place.
func Median(vs []float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	slices.Sort(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2]
	}
	return (vs[n/2-1] + vs[n/2]) / 2
}

// Finish computes the throughput ratio and the checks against the
// targets of the issue from the modes that ran (the median round when
// there are several).
func (r *Report) Finish() {
	pass, enr := r.Mode(ModePassthrough), r.Mode(ModeEnrich)
	r.Checks = nil
	if pass != nil && enr != nil && pass.ArticlesPerSecond > 0 {
		r.ThroughputRate = round(enr.ArticlesPerSecond/pass.ArticlesPerSecond, 3)
		// Paced at --rate, both modes keep up or not: the ratio says
		// nothing about the maximum throughputs and is not checked.
		if r.Rate <= 0 {
			r.Checks = append(r.Checks, Check{Name: "throughput enrich/passthrough", Value: r.ThroughputRate,
				Target: ">= 0.80", Met: r.ThroughputRate >= 0.8, Note: roundsNote(r.Rounds)})
		}
	}
	if enr == nil {
		return
	}
	note := roundsNote(r.Rounds)
	r.Checks = append(r.Checks,
		Check{Name: "articles per CPU-second (service process)", Value: enr.ArticlesPerCPUSecond, Target: ">= 1000",
			Met: enr.ArticlesPerCPUSecond >= 1000, Note: strings.TrimSpace(fmt.Sprintf("mean article %.0f bytes %s", r.MeanBytes, note))},
		Check{Name: "p99 end-to-end latency ms", Value: enr.Latency.P99, Target: "< 100",
			Met: enr.Latency.Count > 0 && enr.Latency.P99 < 100, Note: strings.TrimSpace(rateNote(r.Rate) + " " + note)},
		Check{Name: "peak RSS MB", Value: enr.PeakRSSMB, Target: "< 300", Met: enr.PeakRSSMB > 0 && enr.PeakRSSMB < 300},
		Check{Name: "start-up to healthy s (models loaded, serving)", Value: enr.StartupHealthySec, Target: "< 2",
			Met: enr.StartupHealthySec > 0 && enr.StartupHealthySec < 2},
	)
	if r.Soak != nil {
		r.Checks = append(r.Checks, Check{Name: "soak: no RSS, goroutine or lag growth", Value: r.Soak.Seconds,
			Target: "no flags", Met: r.Soak.NoGrowth, Note: strings.Join(r.Soak.Flags, "; ")})
	}
}

func roundsNote(rounds int) string {
	if rounds > 1 {
		return fmt.Sprintf("(median of %d rounds)", rounds)
	}
	return ""
}

func rateNote(rate float64) string {
	if rate <= 0 {
		return "at the maximum rate (queueing included): the target is for half the maximum rate"
	}
	return fmt.Sprintf("at %.0f articles/s", rate)
}

// WriteTable writes the report for people.
func (r *Report) WriteTable(w io.Writer) error {
	var b strings.Builder
	rate := "as fast as possible"
	if r.Rate > 0 {
		rate = fmt.Sprintf("%.0f/s", r.Rate)
	}
	fmt.Fprintf(&b, "bench: broker %s, %d CPUs, load average %.2f %.2f %.2f at start, %.2f %.2f %.2f at end\n",
		r.Broker, r.CPUs, r.LoadAvgStart[0], r.LoadAvgStart[1], r.LoadAvgStart[2], r.LoadAvgEnd[0], r.LoadAvgEnd[1], r.LoadAvgEnd[2])
	fmt.Fprintf(&b, "bench: %d distinct articles (mean %.0f bytes), rate %s, %d partitions, concurrency %d\n\n",
		r.Articles, r.MeanBytes, rate, r.Partitions, r.Concurrency)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "mode\tround\tpublished\tout\tdlq\tdup\tmissing\tseconds\tarticles/s\tMB/s\tp50 ms\tp95 ms\tp99 ms\tmax ms\tCPU s\tCPU s/1000\tarticles/CPU-s\tpeak RSS MB\thealthy s\tready s\t")
	rows := r.Modes
	if r.Rounds > 1 {
		for _, name := range []string{ModePassthrough, ModeEnrich} {
			if m := r.Mode(name); m != nil {
				med := *m
				med.Mode += " median"
				rows = append(rows, med)
			}
		}
	}
	for _, m := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%.2f\t%.1f\t%.3f\t%.1f\t%.1f\t%.1f\t%.1f\t%.2f\t%.3f\t%.0f\t%.1f\t%.2f\t%.2f\t\n",
			m.Mode, m.Round, m.Published, m.Records, m.DeadLetters, m.Duplicates, m.Missing, m.Seconds, m.ArticlesPerSecond, m.MBPerSecond,
			m.Latency.P50, m.Latency.P95, m.Latency.P99, m.Latency.Max, m.CPUSeconds, m.CPUSecondsPer1000, m.ArticlesPerCPUSecond,
			m.PeakRSSMB, m.StartupHealthySec, m.StartupReadySec)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if r.Soak != nil {
		fmt.Fprintf(&b, "\nsoak: %.0fs at %.0f/s\n", r.Soak.Seconds, r.Soak.Rate)
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "elapsed s\tpublished\tdone\tlag\tRSS MB\tgoroutines\tCPU s\t")
		for _, s := range r.Soak.Samples {
			fmt.Fprintf(tw, "%.0f\t%d\t%d\t%d\t%.1f\t%d\t%.2f\t\n", s.ElapsedSec, s.Published, s.Done, s.Lag, s.RSSMB, s.Goroutines, s.CPUSeconds)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if r.Soak.NoGrowth {
			fmt.Fprintln(&b, "soak: no growth")
		}
		for _, f := range r.Soak.Flags {
			fmt.Fprintln(&b, "soak: GROWTH:", f)
		}
	}
	if len(r.Checks) > 0 {
		fmt.Fprintln(&b, "\ntargets:")
		for _, c := range r.Checks {
			mark := "met"
			if !c.Met {
				mark = "NOT met"
			}
			fmt.Fprintf(&b, "  %-48s %10.3f  %-9s %-7s %s\n", c.Name, c.Value, c.Target, mark, c.Note)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
