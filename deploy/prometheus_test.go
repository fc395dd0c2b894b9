package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// promtool returns the path of promtool, or skips the test when it is not
// installed (scripts/prometheus.sh install provides it).
func promtool(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("promtool not on PATH: run scripts/prometheus.sh install")
	}
	return p
}

func runPromtool(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(promtool(t), args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestPrometheusConfig(t *testing.T) {
	runPromtool(t, "check", "config", filepath.Join("prometheus", "prometheus.yml"))
}

func TestAlertingRules(t *testing.T) {
	rules, err := filepath.Glob(filepath.Join("prometheus", "rules", "*.rules.yml"))
	if err != nil || len(rules) == 0 {
		t.Fatalf("no rule files: %v", err)
	}
	out := runPromtool(t, append([]string{"check", "rules"}, rules...)...)
	if !strings.Contains(out, "SUCCESS") {
		t.Fatalf("promtool check rules:\n%s", out)
	}
}

func TestAlertingRulesUnitTests(t *testing.T) {
	tests, err := filepath.Glob(filepath.Join("prometheus", "rules", "*.test.yml"))
	if err != nil || len(tests) == 0 {
		t.Fatalf("no rule tests: %v", err)
	}
	runPromtool(t, append([]string{"test", "rules"}, tests...)...)
}

// TestEveryAlertIsTested keeps the rule tests complete: each alert of the
// rule file has a promtool unit test that expects it to fire.
func TestEveryAlertIsTested(t *testing.T) {
	rf := loadRules(t)
	data, err := os.ReadFile(filepath.Join("prometheus", "rules", "newsenrich.test.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var tests struct {
		Tests []struct {
			AlertRuleTest []struct {
				Alertname string `json:"alertname"`
				ExpAlerts []any  `json:"exp_alerts"`
			} `json:"alert_rule_test"`
		} `json:"tests"`
	}
	if err := yaml.Unmarshal(data, &tests); err != nil {
		t.Fatal(err)
	}
	fires := map[string]bool{}
	for _, tc := range tests.Tests {
		for _, a := range tc.AlertRuleTest {
			if len(a.ExpAlerts) > 0 {
				fires[a.Alertname] = true
			}
		}
	}
	n := 0
	for _, g := range rf.Groups {
		for _, r := range g.Rules {
			if r.Alert == "" {
				continue
			}
			n++
			if !fires[r.Alert] {
				t.Errorf("alert %s has no promtool unit test in which it fires", r.Alert)
			}
		}
	}
	if n < 7 {
		t.Errorf("%d alerts, want at least 7", n)
	}
}
