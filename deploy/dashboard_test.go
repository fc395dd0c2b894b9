package deploy

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// dashboard is the part of a Grafana dashboard JSON the tests read.
type dashboard struct {
	UID        string  `json:"uid"`
	Title      string  `json:"title"`
	Panels     []panel `json:"panels"`
	Templating struct {
		List []variable `json:"list"`
	} `json:"templating"`
}

type panel struct {
	ID         int        `json:"id"`
	Type       string     `json:"type"`
	Title      string     `json:"title"`
	Datasource datasource `json:"datasource"`
	GridPos    struct {
		H, W, X, Y int
	} `json:"gridPos"`
	Targets []struct {
		Expr       string     `json:"expr"`
		RefID      string     `json:"refId"`
		Instant    bool       `json:"instant"`
		Datasource datasource `json:"datasource"`
	} `json:"targets"`
	Panels []panel `json:"panels"` // of collapsed rows
}

type datasource struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

type variable struct {
	Name       string          `json:"name"`
	Type       string          `json:"type"`
	Query      json.RawMessage `json:"query"`
	Definition string          `json:"definition"`
	IncludeAll bool            `json:"includeAll"`
	Multi      bool            `json:"multi"`
}

const dashboardPath = "grafana/dashboards/newsenrich.json"

func loadDashboard(t *testing.T) *dashboard {
	t.Helper()
	data, err := os.ReadFile(dashboardPath)
	if err != nil {
		t.Fatal(err)
	}
	var d dashboard
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatalf("%s: %v", dashboardPath, err)
	}
	return &d
}

// queryPanels returns every panel that queries Prometheus, rows flattened.
func (d *dashboard) queryPanels() []panel {
	var out []panel
	var walk func([]panel)
	walk = func(ps []panel) {
		for _, p := range ps {
			if p.Type == "row" {
				walk(p.Panels)
				continue
			}
			out = append(out, p)
		}
	}
	walk(d.Panels)
	return out
}

// labelValuesQuery parses a Grafana label_values(selector, label) variable
// query.
var labelValuesQuery = regexp.MustCompile(`^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$`)

// variableQuery returns the selector and label of a query variable.
func (v variable) labelValues() (selector, label string, err error) {
	m := labelValuesQuery.FindStringSubmatch(strings.TrimSpace(v.Definition))
	if m == nil {
		return "", "", fmt.Errorf("variable %s: query %q is not label_values(selector, label)", v.Name, v.Definition)
	}
	return m[1], m[2], nil
}

// expand substitutes the dashboard's variables in a PromQL expression the
// way Grafana does for a Prometheus datasource: a multi-value variable
// becomes a regex alternation of its values, regex-escaped inside a PromQL
// string;
// $__rate_interval, $__interval and $__range become durations.
func expand(expr string, values map[string][]string, builtins map[string]string) string {
	for name, v := range builtins {
		expr = strings.ReplaceAll(expr, "$"+name, v)
		expr = strings.ReplaceAll(expr, "${"+name+"}", v)
	}
	for name, vals := range values {
		esc := make([]string, len(vals))
		for i, s := range vals {
			// Regex-escaped, then escaped again for a PromQL string literal.
			esc[i] = strings.ReplaceAll(regexp.QuoteMeta(s), `\`, `\\`)
		}
		alt := "(" + strings.Join(esc, "|") + ")"
		if len(vals) == 1 {
			alt = esc[0]
		}
		// Longest names first would matter for prefixes ($topic vs $topics);
		// ${name} and [[name]] forms first, then $name at a word boundary.
		expr = strings.ReplaceAll(expr, "${"+name+"}", alt)
		expr = strings.ReplaceAll(expr, "[["+name+"]]", alt)
		expr = regexp.MustCompile(`\$`+regexp.QuoteMeta(name)+`\b`).ReplaceAllLiteralString(expr, alt)
	}
	return expr
}

// knownMetrics are the series names newsenrich exports (the agreed metrics
// table) plus Prometheus' own up; histograms expand to their series.
func knownMetrics() map[string]bool {
	known := map[string]bool{"up": true}
	plain := []string{
		"newsenrich_build_info", "newsenrich_messages_consumed_total", "newsenrich_records_produced_total",
		"newsenrich_dead_letters_total", "newsenrich_in_flight_messages", "newsenrich_offsets_committed_total",
		"newsenrich_fetch_errors_total", "newsenrich_produce_errors_total", "newsenrich_produce_retries_total",
		"newsenrich_ready", "newsenrich_rebalances_total", "newsenrich_records_by_language_total",
		"newsenrich_records_by_topic_total", "newsenrich_model_load_seconds", "newsenrich_stage_errors_total",
		"newsenrich_consumer_lag_messages", "newsenrich_consumer_lag_seconds", "newsenrich_lag_scrape_errors_total",
		"newsenrich_stalled",
		"process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds", "process_start_time_seconds",
		"go_goroutines", "go_memstats_heap_inuse_bytes", "go_memstats_heap_alloc_bytes",
		"go_gc_duration_seconds", "go_gc_duration_seconds_count", "go_gc_duration_seconds_sum",
	}
	for _, n := range plain {
		known[n] = true
	}
	for _, h := range []string{"newsenrich_stage_duration_seconds", "newsenrich_processing_duration_seconds",
		"newsenrich_end_to_end_latency_seconds", "newsenrich_entities_per_article"} {
		for _, s := range []string{"_bucket", "_sum", "_count"} {
			known[h+s] = true
		}
	}
	return known
}

// metricNames returns the metric names an expression reads.
var metricName = regexp.MustCompile(`\b((?:newsenrich|go|process)_[a-z0-9_]+|up)\s*[{\[]`)

func metricNames(expr string) []string {
	var out []string
	for _, m := range metricName.FindAllStringSubmatch(expr, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

func TestDashboardStructure(t *testing.T) {
	d := loadDashboard(t)
	if d.UID == "" || d.Title == "" {
		t.Error("dashboard needs a uid and a title")
	}
	vars := map[string]variable{}
	for _, v := range d.Templating.List {
		vars[v.Name] = v
	}
	for _, name := range []string{"instance", "topic"} {
		v, ok := vars[name]
		if !ok {
			t.Errorf("no template variable %q", name)
			continue
		}
		if v.Type != "query" || !v.Multi || !v.IncludeAll {
			t.Errorf("variable %s: type %s multi %v includeAll %v; want a multi-value query with All", name, v.Type, v.Multi, v.IncludeAll)
		}
		if _, _, err := v.labelValues(); err != nil {
			t.Error(err)
		}
		var q string
		if err := json.Unmarshal(v.Query, &q); err != nil || q != v.Definition {
			t.Errorf("variable %s: query %s differs from its definition %q", name, v.Query, v.Definition)
		}
	}
	if v, ok := vars["datasource"]; !ok || v.Type != "datasource" {
		t.Error("no datasource variable")
	}

	panels := d.queryPanels()
	if len(panels) < 20 {
		t.Errorf("%d panels, want the full set (>= 20)", len(panels))
	}
	ids := map[int]bool{}
	occupied := map[[2]int]int{}
	for _, p := range d.Panels {
		g := p.GridPos
		if g.W < 1 || g.H < 1 || g.X < 0 || g.X+g.W > 24 {
			t.Errorf("panel %d %q: gridPos %+v outside the 24-column grid", p.ID, p.Title, g)
		}
		for x := g.X; x < g.X+g.W; x++ {
			for y := g.Y; y < g.Y+g.H; y++ {
				if other, ok := occupied[[2]int{x, y}]; ok {
					t.Errorf("panel %d %q overlaps panel %d", p.ID, p.Title, other)
					y, x = g.Y+g.H, g.X+g.W
					break
				}
				occupied[[2]int{x, y}] = p.ID
			}
		}
	}
	known := knownMetrics()
	wantTitles := []string{"Throughput in / out", "Dead letters by reason", "Lag per partition", "Lag in seconds",
		"Stage latency (p50 / p95 / p99)", "Stage latency heatmap", "End-to-end latency", "Languages", "Topics",
		"Rebalances", "CPU", "Memory", "GC"}
	for _, want := range wantTitles {
		if !slices.ContainsFunc(panels, func(p panel) bool { return strings.HasPrefix(p.Title, want) }) {
			t.Errorf("no panel titled %q...", want)
		}
	}
	for _, p := range panels {
		if ids[p.ID] || p.ID == 0 {
			t.Errorf("panel %q: id %d missing or repeated", p.Title, p.ID)
		}
		ids[p.ID] = true
		if p.Title == "" {
			t.Errorf("panel %d has no title", p.ID)
		}
		if p.Datasource.UID != "${datasource}" {
			t.Errorf("panel %q: datasource %+v, want the ${datasource} variable", p.Title, p.Datasource)
		}
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		refs := map[string]bool{}
		for _, tg := range p.Targets {
			if strings.TrimSpace(tg.Expr) == "" || tg.RefID == "" || refs[tg.RefID] {
				t.Errorf("panel %q: empty expression or missing/repeated refId %q", p.Title, tg.RefID)
			}
			refs[tg.RefID] = true
			names := metricNames(tg.Expr)
			if len(names) == 0 {
				t.Errorf("panel %q: %q reads no known metric", p.Title, tg.Expr)
			}
			for _, n := range names {
				if !known[n] {
					t.Errorf("panel %q: unknown metric %s in %q", p.Title, n, tg.Expr)
				}
			}
		}
	}
}

// ruleFile is the part of a Prometheus rule file the tests read.
type ruleFile struct {
	Groups []struct {
		Name  string `json:"name"`
		Rules []struct {
			Alert       string            `json:"alert"`
			Record      string            `json:"record"`
			Expr        string            `json:"expr"`
			For         string            `json:"for"`
			Labels      map[string]string `json:"labels"`
			Annotations map[string]string `json:"annotations"`
		} `json:"rules"`
	} `json:"groups"`
}

func loadRules(t *testing.T) *ruleFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("prometheus", "rules", "newsenrich.rules.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var rf ruleFile
	if err := yaml.UnmarshalStrict(data, &rf); err != nil {
		t.Fatal(err)
	}
	return &rf
}

func TestAlertRulesUseKnownMetricsAndAreDocumented(t *testing.T) {
	rf := loadRules(t)
	known := knownMetrics()
	n := 0
	for _, g := range rf.Groups {
		for _, r := range g.Rules {
			n++
			for _, m := range metricNames(r.Expr) {
				if !known[m] {
					t.Errorf("alert %s: unknown metric %s", r.Alert, m)
				}
			}
			sev := r.Labels["severity"]
			if sev != "warning" && sev != "critical" {
				t.Errorf("alert %s: severity %q, want warning or critical", r.Alert, sev)
			}
			for _, a := range []string{"summary", "description", "runbook"} {
				if r.Annotations[a] == "" {
					t.Errorf("alert %s: no %s annotation", r.Alert, a)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no rules")
	}
}

// TestDashboardQueriesParse checks the syntax of every panel query with
// promtool: each one, variables substituted, becomes a recording rule.
func TestDashboardQueriesParse(t *testing.T) {
	d := loadDashboard(t)
	promtool(t) // skips without promtool
	values := map[string][]string{"instance": {"a:9100", "b:9100"}, "topic": {"articles.raw"}, "stage": {"text", "language"}}
	builtins := map[string]string{"__rate_interval": "20s", "__interval": "5s", "__range": "30m"}
	var b strings.Builder
	b.WriteString("groups:\n  - name: dashboard\n    rules:\n")
	for _, p := range d.queryPanels() {
		for _, tg := range p.Targets {
			e := expand(tg.Expr, values, builtins)
			if strings.Contains(e, "$") {
				t.Errorf("panel %q: unsubstituted variable in %q", p.Title, e)
			}
			q, _ := json.Marshal(e)
			fmt.Fprintf(&b, "      - record: dashboard:panel_%d_%s\n        expr: %s\n", p.ID, tg.RefID, q)
		}
	}
	for _, v := range d.Templating.List {
		if v.Type != "query" {
			continue
		}
		sel, _, err := v.labelValues()
		if err != nil {
			t.Error(err)
			continue
		}
		q, _ := json.Marshal(expand(sel, values, builtins))
		fmt.Fprintf(&b, "      - record: dashboard:variable_%s\n        expr: %s\n", v.Name, q)
	}
	f := filepath.Join(t.TempDir(), "dashboard.rules.yml")
	if err := os.WriteFile(f, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	runPromtool(t, "check", "rules", f)
}
