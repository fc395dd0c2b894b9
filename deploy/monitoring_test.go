package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/newsenrich/newsenrich/internal/kafkatest"
)

// TestMonitoringEndToEnd is the proof with real parts: newsenrich built
// from this repo runs against the real Kafka broker with articles (good and
// bad) flowing through it; a real Prometheus runs the repo's own
// deploy/prometheus/prometheus.yml and rules (symlinked, not copied: only
// the targets/ list is the test's) and scrapes it. Then promtool accepts
// the config and rules, every alert rule evaluates without error, and every
// query of every dashboard panel (and every template variable) returns
// data from that Prometheus.
//
// It needs NEWSENRICH_TEST_BROKERS (scripts/test.sh starts the broker) and
// prometheus and promtool on PATH (scripts/prometheus.sh install).
func TestMonitoringEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	broker := kafkatest.Real(t)
	promBin, err := exec.LookPath("prometheus")
	if err != nil {
		t.Skip("prometheus not on PATH: run scripts/prometheus.sh install")
	}
	promtool(t)

	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()

	// newsenrich from this repo.
	bin := filepath.Join(dir, "newsenrich")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/newsenrich")
	build.Dir = repo
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	// Topics, then the service.
	in, out, dlq := kafkatest.Name(t, "in"), kafkatest.Name(t, "out"), kafkatest.Name(t, "dlq")
	group := kafkatest.Name(t, "group")
	broker.CreateTopics(t, 3, in, out, dlq)
	httpAddr := freeAddr(t)
	svc := start(t, filepath.Join(dir, "newsenrich.log"), bin, "run",
		"--brokers", strings.Join(broker.Brokers, ","), "--input-topic", in, "--output-topic", out,
		"--dlq-topic", dlq, "--group", group, "--http-addr", httpAddr,
		"--max-message-bytes", "65536", "--lag-interval", "1s", "--commit-interval", "200ms",
		"--log-format", "json", "--log-level", "info")
	base := "http://" + httpAddr
	waitFor(t, ctx, 2*time.Minute, "newsenrich /healthz", []*proc{svc}, func() error { return httpOK(base + "/healthz") })

	// Traffic for the rest of the test: good articles in three languages
	// and, now and then, inputs that must be dead-lettered.
	trafficCtx, stopTraffic := context.WithCancel(ctx)
	var trafficWG sync.WaitGroup
	trafficWG.Add(1)
	sent := make(chan int, 1)
	go func() {
		defer trafficWG.Done()
		sent <- publish(trafficCtx, t, broker.Brokers, in)
	}()
	defer func() {
		stopTraffic()
		trafficWG.Wait()
	}()

	// The probes of deploy/kubernetes/deployment.yaml answer OK on a working
	// instance.
	waitFor(t, ctx, time.Minute, "newsenrich /readyz", []*proc{svc}, func() error { return httpOK(base + "/readyz") })

	// A second instance, in its own group, that cannot make progress: its
	// output topic does not exist (the broker does not create topics), so
	// nothing it reads is ever committed. The stall watchdog must notice.
	stuckAddr := freeAddr(t)
	missing := kafkatest.Name(t, "missing")
	stuck := start(t, filepath.Join(dir, "stuck.log"), bin, "run",
		"--brokers", strings.Join(broker.Brokers, ","), "--input-topic", in, "--output-topic", missing,
		"--dlq-topic", missing+".dlq", "--group", kafkatest.Name(t, "stuckgroup"), "--http-addr", stuckAddr,
		"--lag-interval", "1s", "--stall-timeout", "3s", "--shutdown-timeout", "2s", "--write-timeout", "2s",
		"--log-format", "json", "--log-level", "warn")
	waitFor(t, ctx, 2*time.Minute, "stuck instance /healthz", []*proc{stuck}, func() error { return httpOK("http://" + stuckAddr + "/healthz") })

	// Prometheus with the repo's config and rules: a folder holding
	// symlinks to them and this test's own targets/ list.
	promDir := filepath.Join(dir, "prometheus")
	if err := os.MkdirAll(filepath.Join(promDir, "targets"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"prometheus.yml", "rules"} {
		if err := os.Symlink(filepath.Join(repo, "deploy", "prometheus", name), filepath.Join(promDir, name)); err != nil {
			t.Fatal(err)
		}
	}
	targets := fmt.Sprintf("- targets: [%q, %q]\n  labels:\n    env: test\n", httpAddr, stuckAddr)
	if err := os.WriteFile(filepath.Join(promDir, "targets", "newsenrich.yml"), []byte(targets), 0o644); err != nil {
		t.Fatal(err)
	}
	runPromtool(t, "check", "config", filepath.Join(promDir, "prometheus.yml"))
	runPromtool(t, "check", "config", filepath.Join(repo, "deploy", "prometheus", "prometheus.yml"))
	rules, _ := filepath.Glob(filepath.Join(repo, "deploy", "prometheus", "rules", "*.rules.yml"))
	runPromtool(t, append([]string{"check", "rules"}, rules...)...)

	promAddr := freeAddr(t)
	promProc := start(t, filepath.Join(dir, "prometheus.log"), promBin, "--config.file="+filepath.Join(promDir, "prometheus.yml"),
		"--storage.tsdb.path="+filepath.Join(promDir, "data"), "--web.listen-address="+promAddr)
	prom := &promAPI{base: "http://" + promAddr}
	waitFor(t, ctx, time.Minute, "Prometheus ready", []*proc{svc, promProc}, func() error { return httpOK(prom.base + "/-/ready") })

	// The scrape target is up, from the targets file beside the repo's config.
	waitFor(t, ctx, time.Minute, "newsenrich target up", []*proc{svc, promProc}, func() error {
		v, err := prom.query(`up{job="newsenrich", env="test"}`)
		if err != nil {
			return err
		}
		if len(v) != 2 || v[0].value() != 1 || v[1].value() != 1 {
			return fmt.Errorf("up = %v", v)
		}
		return nil
	})

	// Every rule of the repo's rule files is loaded and evaluates cleanly.
	waitFor(t, ctx, time.Minute, "alert rules evaluated", []*proc{svc, promProc}, func() error { return prom.rulesHealthy(t, loadRules(t)) })

	// Every query of the dashboard returns data. Rates need a few scrapes,
	// so retry until all pass or the deadline; report the failures.
	d := loadDashboard(t)
	var report string
	waitFor(t, ctx, 90*time.Second, "every dashboard query returns data", []*proc{svc, promProc}, func() error {
		failures, err := checkDashboard(prom, d)
		if err != nil {
			return err
		}
		if len(failures) > 0 {
			return errors.New(strings.Join(failures, "\n"))
		}
		return nil
	})
	report = fmt.Sprintf("%d panels, %d queries, %d variables returned data", len(d.queryPanels()), countTargets(d), len(d.Templating.List)-1)
	t.Log(report)

	// Dead letters reached the dashboard with their reasons.
	reasons, err := prom.labelValues(`newsenrich_dead_letters_total`, "reason")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"invalid_utf8", "empty", "too_large"} {
		if !slices.Contains(reasons, want) {
			t.Errorf("dead-letter reasons %v lack %q", reasons, want)
		}
	}

	// The stall watchdog, end to end: the stuck instance reports not ready
	// because of it, exports newsenrich_stalled 1, and the alert rule picks
	// it up; the working instance is not stalled.
	waitFor(t, ctx, time.Minute, "stuck instance /readyz reports the stall", []*proc{stuck}, func() error {
		err := httpOK("http://" + stuckAddr + "/readyz")
		if err == nil || !strings.Contains(err.Error(), "stalled") {
			return fmt.Errorf("want a 503 naming the stall, got %v", err)
		}
		return nil
	})
	waitFor(t, ctx, time.Minute, "stalled instance seen by Prometheus and its alert", []*proc{stuck, promProc}, func() error {
		v, err := prom.query(`newsenrich_stalled{env="test"}`)
		if err != nil {
			return err
		}
		got := map[string]float64{}
		for _, s := range v {
			got[s.Metric["instance"]] = s.value()
		}
		if got[stuckAddr] != 1 || got[httpAddr] != 0 || len(got) != 2 {
			return fmt.Errorf("newsenrich_stalled by instance = %v, want %s 1 and %s 0", got, stuckAddr, httpAddr)
		}
		// The stuck group's backlog shows in messages and in seconds.
		for _, q := range []string{
			fmt.Sprintf(`sum(newsenrich_consumer_lag_messages{instance=%q})`, stuckAddr),
			fmt.Sprintf(`max(newsenrich_consumer_lag_seconds{instance=%q})`, stuckAddr),
		} {
			v, err := prom.query(q)
			if err != nil {
				return err
			}
			if len(v) != 1 || !(v[0].value() > 0) {
				return fmt.Errorf("%s = %v, want > 0", q, v)
			}
		}
		alerts, err := prom.alerts()
		if err != nil {
			return err
		}
		if st := alerts["NewsenrichConsumerStalled"]; st != "pending" && st != "firing" {
			return fmt.Errorf("alert NewsenrichConsumerStalled is %q, want pending or firing (alerts: %v)", st, alerts)
		}
		return nil
	})
	if err := httpOK(base + "/readyz"); err != nil {
		t.Errorf("the working instance is not ready: %v", err)
	}

	// A graceful stop within the shutdown deadline (the Kubernetes grace
	// period is sized on it).
	stopTraffic()
	trafficWG.Wait()
	t.Logf("published %d messages", <-sent)
	// With the input quiet, the working group's lag drains to zero.
	waitFor(t, ctx, time.Minute, "lag drains to zero", []*proc{svc, promProc}, func() error {
		q := fmt.Sprintf(`sum(newsenrich_consumer_lag_messages{instance=%q}) + max(newsenrich_consumer_lag_seconds{instance=%q})`, httpAddr, httpAddr)
		v, err := prom.query(q)
		if err != nil {
			return err
		}
		if len(v) != 1 || v[0].value() != 0 {
			return fmt.Errorf("%s = %v, want 0", q, v)
		}
		return nil
	})
	if err := svc.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-svc.done:
		if svc.err != nil {
			t.Errorf("newsenrich exited with %v after SIGTERM\n%s", svc.err, tail(svc.log, 30))
		}
	case <-time.After(40 * time.Second):
		t.Errorf("newsenrich did not stop within 40s of SIGTERM")
	}
}

// proc is a background process of the test.
type proc struct {
	cmd  *exec.Cmd
	log  string
	done chan struct{} // closed when it has exited
	err  error         // its exit status, once done
}

// exited returns an error when the process has already ended.
func (p *proc) exited() error {
	select {
	case <-p.done:
		return fmt.Errorf("%s exited: %v", filepath.Base(p.cmd.Path), p.err)
	default:
		return nil
	}
}

// start runs a command in the background with its output in logFile and
// kills it when the test ends.
func start(t *testing.T, logFile, name string, args ...string) *proc {
	t.Helper()
	f, err := os.Create(logFile)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	p := &proc{cmd: cmd, log: logFile, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		if p.exited() == nil {
			cmd.Process.Kill()
			<-p.done
		}
		f.Close()
		if t.Failed() {
			t.Logf("last lines of %s:\n%s", filepath.Base(logFile), tail(logFile, 40))
		}
	})
	return p
}

func tail(file string, n int) string {
	data, _ := os.ReadFile(file)
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// freeAddr returns a loopback address with a port free right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitFor retries check every half second until it returns nil, failing the
// test with its last error after timeout or as soon as one of procs exits.
func waitFor(t *testing.T, ctx context.Context, timeout time.Duration, what string, procs []*proc, check func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := check()
		if err == nil {
			return
		}
		for _, p := range procs {
			if perr := p.exited(); perr != nil {
				t.Fatalf("%s: %v\n--- %s:\n%s", what, perr, filepath.Base(p.log), tail(p.log, 20))
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			t.Fatalf("%s: not within %v: %v", what, timeout, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

var httpClient = &http.Client{Timeout: 5 * time.Second}

func httpOK(u string) error {
	res, err := httpClient.Get(u)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s: %s", u, res.Status, bytes.TrimSpace(body))
	}
	return nil
}

// publish writes articles to topic until ctx ends: every tenth message is
// one the service must dead-letter (invalid UTF-8, empty, too large). It
// returns how many it wrote.
func publish(ctx context.Context, t *testing.T, brokers []string, topic string) int {
	w := &kafka.Writer{Addr: kafka.TCP(brokers...), Topic: topic, Balancer: &kafka.RoundRobin{},
		RequiredAcks: kafka.RequireAll, BatchTimeout: 5 * time.Millisecond, BatchBytes: 1 << 20}
	defer w.Close()
	articles := []map[string]string{
		{"language": "en", "title": "Council approves new budget", "text": "The city council approved the new budget on Monday after a long debate about schools, roads and public transport. The mayor said the plan would be reviewed in March."},
		{"language": "fr", "title": "Le gouvernement présente son plan", "text": "Le gouvernement a présenté mardi un plan pour l'énergie. Le ministre a déclaré que les premières mesures entreraient en vigueur en janvier prochain."},
		{"title": "افتتاح معرض الكتاب", "text": "افتتح يوم الأحد معرض الكتاب السنوي في العاصمة بمشاركة مئات دور النشر من الدول العربية، ويستمر المعرض عشرة أيام."},
		{"title": "Storm expected", "text": "Forecasters expect a strong storm to reach the coast on Friday, with heavy rain and winds that could close ports for two days."},
	}
	bad := [][]byte{
		{0xff, 0xfe, 'b', 'a', 'd'},        // invalid_utf8
		{},                                 // empty
		bytes.Repeat([]byte("x"), 100<<10), // too_large (the test runs with --max-message-bytes 65536)
	}
	n := 0
	tick := time.NewTicker(150 * time.Millisecond)
	defer tick.Stop()
	for i := 0; ; i++ {
		var value []byte
		if i%10 == 9 {
			value = bad[(i/10)%len(bad)]
		} else {
			a := articles[i%len(articles)]
			doc := map[string]string{"id": "e2e-" + strconv.Itoa(i), "published_at": time.Now().UTC().Format(time.RFC3339)}
			for k, v := range a {
				doc[k] = v
			}
			value, _ = json.Marshal(doc)
		}
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := w.WriteMessages(wctx, kafka.Message{Value: value})
		cancel()
		if err == nil {
			n++
		} else if ctx.Err() == nil {
			t.Logf("publish: %v", err)
		}
		select {
		case <-ctx.Done():
			return n
		case <-tick.C:
		}
	}
}

// promAPI queries Prometheus' HTTP API.
type promAPI struct{ base string }

type promSample struct {
	Metric map[string]string `json:"metric"`
	Value  [2]any            `json:"value"`
	Values [][2]any          `json:"values"`
}

func (s promSample) value() float64 {
	f, _ := strconv.ParseFloat(fmt.Sprint(s.Value[1]), 64)
	return f
}

// hasData reports whether the sample (instant or range) has a value that is
// a number.
func (s promSample) hasData() bool {
	vals := s.Values
	if s.Value[1] != nil {
		vals = append(vals, s.Value)
	}
	for _, v := range vals {
		f, err := strconv.ParseFloat(fmt.Sprint(v[1]), 64)
		if err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return true
		}
	}
	return false
}

func (p *promAPI) get(path string, params url.Values, into any) error {
	res, err := httpClient.Get(p.base + path + "?" + params.Encode())
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var body struct {
		Status string          `json:"status"`
		Error  string          `json:"error"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		return fmt.Errorf("%s: %s: %w", path, res.Status, err)
	}
	if body.Status != "success" {
		return fmt.Errorf("%s %s: %s", path, params.Get("query"), body.Error)
	}
	return json.Unmarshal(body.Data, into)
}

func (p *promAPI) query(q string) ([]promSample, error) {
	var data struct {
		Result []promSample `json:"result"`
	}
	err := p.get("/api/v1/query", url.Values{"query": {q}}, &data)
	return data.Result, err
}

func (p *promAPI) queryRange(q string, span, step time.Duration) ([]promSample, error) {
	now := time.Now()
	var data struct {
		Result []promSample `json:"result"`
	}
	err := p.get("/api/v1/query_range", url.Values{"query": {q},
		"start": {strconv.FormatInt(now.Add(-span).Unix(), 10)}, "end": {strconv.FormatInt(now.Unix(), 10)},
		"step": {strconv.Itoa(int(step.Seconds()))}}, &data)
	return data.Result, err
}

// labelValues answers Grafana's label_values(selector, label).
func (p *promAPI) labelValues(selector, label string) ([]string, error) {
	now := time.Now()
	var series []map[string]string
	err := p.get("/api/v1/series", url.Values{"match[]": {selector},
		"start": {strconv.FormatInt(now.Add(-10*time.Minute).Unix(), 10)}, "end": {strconv.FormatInt(now.Unix(), 10)}}, &series)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range series {
		if v, ok := s[label]; ok && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out, nil
}

// alerts returns the state (pending, firing) of each active alert by name.
func (p *promAPI) alerts() (map[string]string, error) {
	var data struct {
		Alerts []struct {
			Labels map[string]string `json:"labels"`
			State  string            `json:"state"`
		} `json:"alerts"`
	}
	if err := p.get("/api/v1/alerts", url.Values{}, &data); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, a := range data.Alerts {
		out[a.Labels["alertname"]] = a.State
	}
	return out, nil
}

// rulesHealthy checks that Prometheus loaded every rule of rf and that
// each has been evaluated without error.
func (p *promAPI) rulesHealthy(t *testing.T, rf *ruleFile) error {
	var data struct {
		Groups []struct {
			Name  string `json:"name"`
			Rules []struct {
				Name           string `json:"name"`
				Health         string `json:"health"`
				LastError      string `json:"lastError"`
				LastEvaluation string `json:"lastEvaluation"`
			} `json:"rules"`
		} `json:"groups"`
	}
	if err := p.get("/api/v1/rules", url.Values{}, &data); err != nil {
		return err
	}
	loaded := map[string]string{}
	for _, g := range data.Groups {
		for _, r := range g.Rules {
			if r.Health != "ok" {
				loaded[r.Name] = fmt.Sprintf("health %q %s", r.Health, r.LastError)
			} else {
				loaded[r.Name] = ""
			}
		}
	}
	var problems []string
	for _, g := range rf.Groups {
		for _, r := range g.Rules {
			name := r.Alert + r.Record
			msg, ok := loaded[name]
			switch {
			case !ok:
				problems = append(problems, name+": not loaded")
			case msg != "":
				problems = append(problems, name+": "+msg)
			}
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// checkDashboard evaluates the template variables and every panel query
// the way Grafana would, and returns what returned no data.
func checkDashboard(p *promAPI, d *dashboard) ([]string, error) {
	var failures []string
	values := map[string][]string{}
	// Variables in order: later ones may use earlier ones.
	for _, v := range d.Templating.List {
		if v.Type != "query" {
			continue
		}
		sel, label, err := v.labelValues()
		if err != nil {
			return nil, err
		}
		vals, err := p.labelValues(expand(sel, values, nil), label)
		if err != nil {
			failures = append(failures, fmt.Sprintf("variable %s: %v", v.Name, err))
			continue
		}
		if len(vals) == 0 {
			failures = append(failures, fmt.Sprintf("variable %s: no values", v.Name))
			continue
		}
		values[v.Name] = vals
	}
	if len(failures) > 0 {
		return failures, nil
	}
	// $__rate_interval: 4 x the 5s scrape interval the datasource declares.
	builtins := map[string]string{"__rate_interval": "20s", "__interval": "5s", "__range": "1m"}
	for _, pn := range d.queryPanels() {
		for _, tg := range pn.Targets {
			q := expand(tg.Expr, values, builtins)
			var res []promSample
			var err error
			if tg.Instant {
				res, err = p.query(q)
			} else {
				res, err = p.queryRange(q, time.Minute, 5*time.Second)
			}
			switch {
			case err != nil:
				failures = append(failures, fmt.Sprintf("panel %q %s: %v", pn.Title, tg.RefID, err))
			case !slices.ContainsFunc(res, promSample.hasData):
				failures = append(failures, fmt.Sprintf("panel %q %s: no data for %s", pn.Title, tg.RefID, q))
			}
		}
	}
	return failures, nil
}

func countTargets(d *dashboard) int {
	n := 0
	for _, p := range d.queryPanels() {
		n += len(p.Targets)
	}
	return n
}
