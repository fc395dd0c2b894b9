package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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
// rule files appears as an alertname in the tests.
func TestEveryAlertIsTested(t *testing.T) {
	rules, err := os.ReadFile(filepath.Join("prometheus", "rules", "newsenrich.rules.yml"))
	if err != nil {
		t.Fatal(err)
	}
	tests, err := os.ReadFile(filepath.Join("prometheus", "rules", "newsenrich.test.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var alerts []string
	for _, line := range strings.Split(string(rules), "\n") {
		if name, ok := strings.CutPrefix(strings.TrimSpace(line), "- alert: "); ok {
			alerts = append(alerts, name)
		}
	}
	if len(alerts) < 7 {
		t.Fatalf("found %d alerts, want at least 7: %v", len(alerts), alerts)
	}
	for _, a := range alerts {
		if !strings.Contains(string(tests), "alertname: "+a+"\n") {
			t.Errorf("alert %s has no promtool unit test", a)
		}
	}
}
