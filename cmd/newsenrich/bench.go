package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/newsenrich/newsenrich/config"
	"github.com/newsenrich/newsenrich/loadgen"
	"github.com/newsenrich/newsenrich/samples"
)

// servePassthrough is the first argument that makes bench run as the
// passthrough service it starts as a child process.
const servePassthrough = "--serve-passthrough"

// benchOptions are the settings of one bench run.
type benchOptions struct {
	cfg      config.Config // service settings handed to the child processes
	embedded bool
	rate     float64
	count    int
	duration time.Duration
	soak     bool
	interval time.Duration
	modes    []string
	timeout  time.Duration
	minBytes int
	maxBytes int
	limit    int
	rounds   int
	jsonOut  bool
}

// runBench is the "bench" command: it publishes articles at a controlled
// rate, runs the service (and a passthrough service for comparison) as
// child processes, and measures throughput, latency, CPU, memory and
// start-up.
func runBench(ctx context.Context, env *environment, args []string) error {
	if len(args) > 0 && args[0] == servePassthrough {
		return runPassthrough(ctx, env, args[1:])
	}
	o := benchOptions{cfg: config.Default()}
	o.cfg.LogLevel = "warn"
	o.cfg.LogFormat = "json"
	fs := newFlagSet(env, "bench", "[flags] [FILE|DIR...]  (default: the bundled sample articles; .jsonl.gz files are read too)")
	o.cfg.ServiceFlags(fs)
	fs.Float64Var(&o.rate, "rate", 0, "articles published per second (0: as fast as possible)")
	fs.IntVar(&o.count, "count", 0, "articles to publish per mode (default 2000 unless --duration or --soak)")
	fs.DurationVar(&o.duration, "duration", 0, "publish for this long per mode instead of --count")
	soak := fs.Duration("soak", 0, "soak test: run the enrich service this long at --rate, report RSS, goroutines and lag every --interval and flag growth")
	fs.DurationVar(&o.interval, "interval", 0, "reading interval of --duration and --soak runs (default 30s for a soak, else none)")
	modes := fs.String("modes", "passthrough,enrich", "modes to run, in order: passthrough (consume and produce, no processing), enrich")
	fs.DurationVar(&o.timeout, "timeout", 2*time.Minute, "how long to wait for the last outputs after publishing ends")
	fs.IntVar(&o.minBytes, "min-bytes", 0, "skip articles whose text is shorter than this many bytes")
	fs.IntVar(&o.maxBytes, "max-bytes", 0, "skip articles whose text is longer than this many bytes (0: no limit)")
	fs.IntVar(&o.limit, "limit", 5000, "distinct articles loaded at most (they are published in turns)")
	fs.IntVar(&o.rounds, "rounds", 1, "run the modes this many times, alternating, and check the medians (a shared machine's load changes from minute to minute)")
	fs.BoolVar(&o.jsonOut, "json", false, "print the report as JSON on stdout (the table goes to stderr anyway)")
	if err := o.cfg.Parse(fs, args, env.getenv); err != nil {
		return err
	}
	o.embedded = env.getenv(config.EnvName("brokers")) == ""
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "brokers" {
			o.embedded = false
		}
	})
	if *soak > 0 {
		o.soak, o.duration, o.modes = true, *soak, []string{loadgen.ModeEnrich}
		if o.interval == 0 {
			o.interval = 30 * time.Second
		}
		if o.rate <= 0 {
			return usageError{"--soak needs a --rate (half the maximum rate: run bench --rate 0 first)"}
		}
	} else {
		for _, m := range strings.Split(*modes, ",") {
			switch m = strings.TrimSpace(m); m {
			case loadgen.ModePassthrough, loadgen.ModeEnrich:
				o.modes = append(o.modes, m)
			default:
				return usageError{fmt.Sprintf("--modes: %q is not passthrough or enrich", m)}
			}
		}
	}
	if o.count == 0 && o.duration == 0 {
		o.count = 2000
	}
	if o.count < 0 || o.duration < 0 || o.interval < 0 || o.rate < 0 || o.limit < 1 || o.rounds < 1 {
		return usageError{"--count, --duration, --interval, --rate must not be negative, --limit and --rounds at least 1"}
	}
	if o.soak && o.rounds > 1 {
		return usageError{"--soak runs one round"}
	}
	arts, err := loadBenchArticles(fs.Args(), o.minBytes, o.maxBytes, o.limit)
	if err != nil {
		return err
	}
	say := func(format string, args ...any) { fmt.Fprintf(env.stderr, "bench: "+format+"\n", args...) }

	rep := loadgen.Report{Started: time.Now().UTC(), CPUs: runtime.NumCPU(), LoadAvgStart: loadAverage(),
		Rate: o.rate, Partitions: o.cfg.Partitions, Concurrency: o.cfg.Concurrency, Articles: len(arts), Rounds: o.rounds}
	var total int
	for _, a := range arts {
		total += a.textBytes
	}
	rep.MeanBytes = float64(total) / float64(len(arts))

	if o.embedded {
		cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.DefaultNumPartitions(o.cfg.Partitions))
		if err != nil {
			return fmt.Errorf("start the embedded broker: %w", err)
		}
		defer cluster.Close()
		o.cfg.Brokers = cluster.ListenAddrs()
		rep.Broker = "embedded kfake " + o.cfg.Brokers[0]
	} else {
		rep.Broker = strings.Join(o.cfg.Brokers, ",")
	}
	say("broker %s; %d articles loaded (mean text %.0f bytes); modes %v", rep.Broker, len(arts), rep.MeanBytes, o.modes)

	runID := strconv.FormatInt(time.Now().UnixNano()%1e10, 36)
	for round := 1; round <= o.rounds; round++ {
		for _, mode := range o.modes {
			obs, samples, err := benchMode(ctx, env, o, mode, fmt.Sprintf("%s.%d", runID, round), arts, say)
			if err != nil {
				return fmt.Errorf("%s: %w", mode, err)
			}
			obs.Round = round
			res := obs.Result()
			rep.Modes = append(rep.Modes, res)
			say("%s (round %d): %d/%d out in %.2fs, %.1f articles/s, p99 %.1f ms, %.1f articles per CPU-second, peak RSS %.1f MB",
				mode, round, res.Records+res.DeadLetters, res.Published, res.Seconds, res.ArticlesPerSecond, res.Latency.P99,
				res.ArticlesPerCPUSecond, res.PeakRSSMB)
			if o.soak {
				flags := loadgen.Growth(samples, o.rate)
				rep.Soak = &loadgen.Soak{Seconds: o.duration.Seconds(), Rate: o.rate, Samples: samples, Flags: flags, NoGrowth: len(flags) == 0}
			}
		}
	}
	rep.LoadAvgEnd = loadAverage()
	rep.Finish()
	fmt.Fprintln(env.stderr)
	if err := rep.WriteTable(env.stderr); err != nil {
		return err
	}
	if o.jsonOut {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(&rep)
	}
	return nil
}

// benchArticle is one distinct article: its JSON encoding without an id
// (each publication gets its own) and the size of its text.
type benchArticle struct {
	body      []byte // a JSON object without "id", starting with '{'
	textBytes int
}

// benchInput is the part of an input article the bench republishes.
type benchInput struct {
	URL         string `json:"url,omitempty"`
	Title       string `json:"title,omitempty"`
	Text        string `json:"text,omitempty"`
	HTML        string `json:"html,omitempty"`
	PublishedAt string `json:"published_at,omitempty"`
	Source      string `json:"source,omitempty"`
	Language    string `json:"language,omitempty"`
}

// loadBenchArticles reads the articles of files and directories (JSON,
// JSON Lines, plain text, and any of them gzipped), or the bundled samples
// when none are given, keeping those whose text (or HTML) size is within
// [minBytes, maxBytes], at most limit.
func loadBenchArticles(args []string, minBytes, maxBytes, limit int) ([]benchArticle, error) {
	var values [][]byte
	add := func(name string, data []byte) error {
		if strings.HasSuffix(strings.ToLower(name), ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if data, err = io.ReadAll(zr); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			name = name[:len(name)-3]
		}
		for _, m := range articleMessages(name, data) {
			values = append(values, m.Value)
		}
		return nil
	}
	if len(args) == 0 {
		fsys := samples.FS()
		names, err := fs.Glob(fsys, "*")
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, err
			}
			if err := add(name, data); err != nil {
				return nil, err
			}
		}
	}
	for _, arg := range args {
		err := filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || (path != arg && strings.HasPrefix(d.Name(), ".")) {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			return add(path, data)
		})
		if err != nil {
			return nil, err
		}
	}
	var arts []benchArticle
	for _, v := range values {
		if len(arts) >= limit {
			break
		}
		var in benchInput
		if t := bytes.TrimSpace(v); len(t) > 0 && t[0] == '{' {
			if json.Unmarshal(t, &in) != nil {
				continue
			}
		} else {
			in.Text = string(v)
		}
		size := max(len(in.Text), len(in.HTML))
		if size == 0 || size < minBytes || (maxBytes > 0 && size > maxBytes) {
			continue
		}
		body, err := json.Marshal(&in)
		if err != nil {
			return nil, err
		}
		arts = append(arts, benchArticle{body: body, textBytes: size})
	}
	if len(arts) == 0 {
		return nil, usageError{"no articles to publish (check the files and --min-bytes/--max-bytes)"}
	}
	return arts, nil
}

// withID returns the article with "id" as its first field.
func (a benchArticle) withID(id string) []byte {
	out := make([]byte, 0, len(a.body)+len(id)+16)
	out = append(out, `{"id":`...)
	out = strconv.AppendQuote(out, id)
	if len(a.body) > 2 {
		out = append(out, ',')
	}
	return append(out, a.body[1:]...)
}

// tracker matches outputs to publications by key.
type tracker struct {
	mu        sync.Mutex
	sent      map[string]time.Time
	seen      map[string]bool
	lat       []time.Duration
	records   int
	dead      int
	dups      int
	published int
	bytes     int64
	first     time.Time
	last      time.Time
}

func newTracker() *tracker {
	return &tracker{sent: map[string]time.Time{}, seen: map[string]bool{}}
}

func (t *tracker) publish(id string, size int, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.published == 0 {
		t.first = at
	}
	t.sent[id] = at
	t.published++
	t.bytes += int64(size)
}

func (t *tracker) output(key string, dead bool, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.seen[key] {
		t.dups++
		return
	}
	sentAt, ok := t.sent[key]
	if !ok {
		return // not ours
	}
	t.seen[key] = true
	delete(t.sent, key)
	t.lat = append(t.lat, at.Sub(sentAt))
	if dead {
		t.dead++
	} else {
		t.records++
	}
	t.last = at
}

func (t *tracker) counts() (published, done int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.published, t.records + t.dead
}

// child is a service process started by the bench.
type child struct {
	cmd     *exec.Cmd
	logs    *logBuffer
	http    string
	exited  chan error
	started time.Time
}

// startChild starts the service of mode as a child process (the same
// executable) configured by cfg through NEWSENRICH_* variables.
func startChild(mode string, cfg config.Config) (*child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	args := []string{"run"}
	if mode == loadgen.ModePassthrough {
		args = []string{"bench", servePassthrough}
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), serviceEnv(cfg)...)
	logs := &logBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	c := &child{cmd: cmd, logs: logs, http: cfg.HTTPAddr, exited: make(chan error, 1), started: time.Now()}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { c.exited <- cmd.Wait() }()
	return c, nil
}

// serviceEnv returns cfg as the environment variables the service reads.
func serviceEnv(c config.Config) []string {
	kv := map[string]string{
		"brokers": strings.Join(c.Brokers, ","), "input-topic": c.InputTopic, "output-topic": c.OutputTopic,
		"dlq-topic": c.DLQTopic, "group": c.Group, "concurrency": strconv.Itoa(c.Concurrency), "max-in-flight": strconv.Itoa(c.MaxInFlight),
		"max-in-flight-bytes": config.FormatBytes(c.MaxInFlightBytes),
		"max-message-bytes":   strconv.Itoa(c.MaxMessageBytes), "http-addr": c.HTTPAddr,
		"shutdown-timeout": c.ShutdownTimeout.String(), "log-level": c.LogLevel, "log-format": c.LogFormat,
		"client-id": c.ClientID, "start-offset": c.StartOffset, "commit-interval": c.CommitInterval.String(),
		"session-timeout": c.SessionTimeout.String(), "heartbeat-interval": c.HeartbeatInterval.String(),
		"rebalance-timeout": c.RebalanceTimeout.String(), "fetch-max-wait": c.FetchMaxWait.String(),
		"batch-timeout": c.BatchTimeout.String(), "write-timeout": c.WriteTimeout.String(),
		"retry-backoff-min": c.RetryBackoffMin.String(), "retry-backoff-max": c.RetryBackoffMax.String(),
		"lag-interval": c.LagInterval.String(), "stall-timeout": c.StallTimeout.String(),
		"create-topics": "false", "pprof": strconv.FormatBool(c.Pprof),
		"memory-limit": config.FormatBytes(c.MemoryLimit),
		// Security: the child reads the same TLS/SASL settings (the password
		// through its environment, never on a command line).
		"tls": strconv.FormatBool(c.Security.TLS), "tls-ca-file": c.Security.TLSCAFile,
		"tls-cert-file": c.Security.TLSCertFile, "tls-key-file": c.Security.TLSKeyFile,
		"tls-insecure-skip-verify": strconv.FormatBool(c.Security.TLSInsecureSkipVerify),
		"sasl-mechanism":           c.Security.SASLMechanism, "sasl-username": c.Security.SASLUsername,
		"sasl-password": c.Security.SASLPassword.Reveal(), "sasl-password-file": c.Security.SASLPasswordFile,
	}
	env := make([]string, 0, len(kv))
	for k, v := range kv {
		env = append(env, config.EnvName(k)+"="+v)
	}
	return env
}

// waitFor polls url until it answers 200 and returns how long after the
// start of the child that was.
func (c *child) waitFor(ctx context.Context, url string, timeout time.Duration) (time.Duration, error) {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(timeout)
	for {
		resp, err := client.Get(url)
		if err == nil {
			io.Copy(io.Discard, resp.Body) //nolint:errcheck // only the status matters
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(c.started), nil
			}
		}
		select {
		case err := <-c.exited:
			c.exited <- err
			return 0, fmt.Errorf("the service exited (%v) before %s answered; its output:\n%s", err, url, tail(c.logs.String(), 3000))
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("%s did not answer 200 within %v; service output:\n%s", url, timeout, tail(c.logs.String(), 3000))
		}
	}
}

// scrape returns the child's /metrics exposition.
func (c *child) scrape() []byte {
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get("http://" + c.http + "/metrics")
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return body
}

// stop sends SIGTERM and waits for a clean exit, killing the process
// after the timeout.
func (c *child) stop(timeout time.Duration) error {
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-c.exited:
		if err != nil {
			return fmt.Errorf("the service exited with %v; its output:\n%s", err, tail(c.logs.String(), 3000))
		}
		return nil
	case <-time.After(timeout):
		_ = c.cmd.Process.Kill()
		<-c.exited
		return fmt.Errorf("the service did not stop within %v of SIGTERM", timeout)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// benchMode runs one mode: fresh topics and group, the service started
// as a child process, articles published at the rate, outputs matched.
func benchMode(ctx context.Context, env *environment, o benchOptions, mode, runID string, arts []benchArticle,
	say func(string, ...any)) (loadgen.Observed, []loadgen.Sample, error) {
	obs := loadgen.Observed{Mode: mode}
	cfg := o.cfg
	prefix := "bench." + runID + "." + mode
	cfg.InputTopic, cfg.OutputTopic, cfg.DLQTopic, cfg.Group = prefix+".in", prefix+".out", prefix+".dlq", prefix+".group"
	cfg.StartOffset = "earliest"
	addr, err := freeAddr()
	if err != nil {
		return obs, nil, err
	}
	cfg.HTTPAddr = addr
	if err := createTopics(ctx, cfg); err != nil {
		return obs, nil, fmt.Errorf("create topics: %w", err)
	}
	conn, err := cfg.KafkaConn()
	if err != nil {
		return obs, nil, err
	}

	// Read the output and dead-letter topics from their start.
	tr := newTracker()
	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	client := conn.Client(cfg.Brokers)
	readErr := make(chan error, 2)
	for _, topic := range []string{cfg.OutputTopic, cfg.DLQTopic} {
		starts, err := startOffsets(ctx, client, topic, true)
		if err != nil {
			return obs, nil, err
		}
		dead := topic == cfg.DLQTopic
		go func() {
			err := tailTopic(readCtx, conn.Dialer(), cfg.Brokers, topic, starts, func(m kafka.Message) {
				tr.output(string(m.Key), dead, time.Now())
			})
			if err != nil && readCtx.Err() == nil {
				readErr <- err
			}
		}()
	}

	say("%s: starting the service (%s)", mode, map[string]string{loadgen.ModeEnrich: "newsenrich run",
		loadgen.ModePassthrough: "newsenrich bench " + servePassthrough}[mode])
	c, err := startChild(mode, cfg)
	if err != nil {
		return obs, nil, err
	}
	defer func() {
		if c.cmd.ProcessState == nil {
			_ = c.cmd.Process.Kill()
		}
	}()
	if obs.Healthy, err = c.waitFor(ctx, "http://"+addr+"/healthz", 2*time.Minute); err != nil {
		return obs, nil, err
	}
	if obs.Ready, err = c.waitFor(ctx, "http://"+addr+"/readyz", 2*time.Minute); err != nil {
		return obs, nil, err
	}
	if v, ok := loadgen.MetricValue(c.scrape(), "newsenrich_model_load_seconds", `model="pipeline"`); ok {
		obs.ModelLoad = time.Duration(v * float64(time.Second))
	}
	pid := c.cmd.Process.Pid
	u0, err := loadgen.ReadUsage(pid)
	if err != nil {
		return obs, nil, err
	}
	say("%s: healthy after %v, ready after %v; publishing", mode, obs.Healthy.Round(time.Millisecond), obs.Ready.Round(time.Millisecond))

	// Readings at intervals (soak) while publishing.
	var samples []loadgen.Sample
	var sampling sync.WaitGroup
	stopSampling := make(chan struct{})
	pubStart := time.Now()
	if o.interval > 0 {
		sampling.Add(1)
		go func() {
			defer sampling.Done()
			tick := time.NewTicker(o.interval)
			defer tick.Stop()
			for {
				select {
				case <-stopSampling:
					return
				case <-tick.C:
				}
				s := loadgen.Sample{ElapsedSec: time.Since(pubStart).Round(time.Second).Seconds()}
				s.Published, s.Done = tr.counts()
				s.Lag = s.Published - s.Done
				if u, err := loadgen.ReadUsage(pid); err == nil {
					s.RSSMB = float64(u.RSS) / (1 << 20)
					s.CPUSeconds = (u.CPU - u0.CPU).Seconds()
				}
				if g, ok := loadgen.MetricValue(c.scrape(), "go_goroutines", ""); ok {
					s.Goroutines = int(g)
				}
				samples = append(samples, s)
				say("%s: %4.0fs published %d done %d lag %d RSS %.1f MB goroutines %d CPU %.1fs",
					mode, s.ElapsedSec, s.Published, s.Done, s.Lag, s.RSSMB, s.Goroutines, s.CPUSeconds)
			}
		}()
	}

	pubErr := publishPaced(ctx, o, cfg, conn.Transport(), prefix, arts, tr)
	close(stopSampling)
	sampling.Wait()
	if pubErr != nil {
		return obs, nil, pubErr
	}
	published, _ := tr.counts()
	deadline := time.After(o.timeout)
wait:
	for {
		if _, done := tr.counts(); done >= published {
			break
		}
		select {
		case err := <-readErr:
			return obs, nil, err
		case err := <-c.exited:
			c.exited <- err
			return obs, nil, fmt.Errorf("the service exited (%v); its output:\n%s", err, tail(c.logs.String(), 3000))
		case <-deadline:
			say("%s: gave up waiting for outputs after %v", mode, o.timeout)
			break wait
		case <-ctx.Done():
			return obs, nil, ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
	u1, err := loadgen.ReadUsage(pid)
	if err != nil {
		return obs, nil, err
	}
	// Late duplicates (redeliveries) would show within a moment.
	time.Sleep(200 * time.Millisecond)
	stopReading()
	if err := c.stop(o.cfg.ShutdownTimeout + 5*time.Second); err != nil {
		return obs, nil, err
	}

	tr.mu.Lock()
	defer tr.mu.Unlock()
	obs.Published, obs.Bytes = tr.published, tr.bytes
	obs.Records, obs.DeadLetters, obs.Duplicates = tr.records, tr.dead, tr.dups
	obs.Latencies = tr.lat
	obs.FirstPublish, obs.LastOutput = tr.first, tr.last
	obs.CPU = u1.CPU - u0.CPU
	obs.PeakRSS, obs.RSS = u1.PeakRSS, u1.RSS
	return obs, samples, nil
}

// publishPaced publishes articles in turns, each with its own id, at the
// rate, for the count or the duration of o.
func publishPaced(ctx context.Context, o benchOptions, cfg config.Config, transport *kafka.Transport, prefix string, arts []benchArticle, tr *tracker) error {
	var failed atomic.Int64
	var firstErr atomic.Value
	w := &kafka.Writer{
		Addr:         kafka.TCP(cfg.Brokers...),
		Topic:        cfg.InputTopic,
		Balancer:     &kafka.Hash{},
		RequiredAcks: kafka.RequireAll,
		BatchTimeout: time.Millisecond,
		BatchBytes:   64 << 20,
		Async:        true,
		Transport:    transport,
		Completion: func(msgs []kafka.Message, err error) {
			if err != nil {
				failed.Add(int64(len(msgs)))
				firstErr.CompareAndSwap(nil, err)
			}
		},
	}
	pacer := loadgen.Pacer{Rate: o.rate, Start: time.Now()}
	end := pacer.Start.Add(o.duration)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for i := 0; ; i++ {
		if o.duration > 0 && !time.Now().Before(end) || o.duration == 0 && i >= o.count {
			break
		}
		if wait := time.Until(pacer.Due(i)); wait > 0 {
			timer.Reset(wait)
			select {
			case <-ctx.Done():
				w.Close()
				return ctx.Err()
			case <-timer.C:
			}
		}
		a := arts[i%len(arts)]
		id := prefix + "." + strconv.Itoa(i)
		value := a.withID(id)
		now := time.Now()
		tr.publish(id, len(value), now)
		if err := w.WriteMessages(ctx, kafka.Message{Key: []byte(id), Value: value, Time: now}); err != nil {
			w.Close()
			return fmt.Errorf("publish: %w", err)
		}
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if n := failed.Load(); n > 0 {
		return fmt.Errorf("publish: %d articles failed: %v", n, firstErr.Load())
	}
	return nil
}

// freeAddr returns a loopback address with a port free right now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// loadAverage reads /proc/loadavg; zeros where it cannot.
func loadAverage() [3]float64 {
	var la [3]float64
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return la
	}
	f := strings.Fields(string(data))
	for i := 0; i < 3 && i < len(f); i++ {
		la[i], _ = strconv.ParseFloat(f[i], 64)
	}
	return la
}

// logBuffer keeps the last output of a child process, safe for the
// process to write while the bench reads.
type logBuffer struct {
	mu sync.Mutex
	b  []byte
}

// logKeep is how much child output is kept.
const logKeep = 64 << 10

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b = append(l.b, p...)
	if len(l.b) > 2*logKeep {
		l.b = append(l.b[:0], l.b[len(l.b)-logKeep:]...)
	}
	return len(p), nil
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.b)
}
