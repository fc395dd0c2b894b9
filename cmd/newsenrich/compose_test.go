package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

type composeFile struct {
	Services map[string]struct {
		Image       string            `json:"image"`
		Build       any               `json:"build"`
		Command     []string          `json:"command"`
		Environment map[string]string `json:"environment"`
		Ports       []string          `json:"ports"`
		Volumes     []string          `json:"volumes"`
		DependsOn   any               `json:"depends_on"`
	} `json:"services"`
}

const repoRoot = "../.."

// TestComposeWiring checks docker-compose.yml without Docker: the services
// are there, every NEWSENRICH_* variable is a flag of the command it is
// given to, mounted files exist, and ports and names agree with the
// Prometheus and Grafana configuration.
func TestComposeWiring(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	for _, name := range []string{"kafka", "topics", "newsenrich", "producer", "prometheus", "grafana"} {
		if _, ok := c.Services[name]; !ok {
			t.Errorf("service %s missing", name)
		}
	}
	if img := c.Services["kafka"].Image; !strings.HasPrefix(img, "apache/kafka:4.") {
		t.Errorf("kafka image %q is not the official apache/kafka 4.x", img)
	}
	for _, name := range []string{"newsenrich", "producer"} {
		s := c.Services[name]
		if s.Build == nil || len(s.Command) == 0 {
			t.Errorf("%s: no build or command", name)
			continue
		}
		flags := commandFlags(t, s.Command[0])
		for k, v := range s.Environment {
			if !strings.HasPrefix(k, "NEWSENRICH_") {
				continue
			}
			flag := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(k, "NEWSENRICH_"), "_", "-"))
			if !flags[flag] {
				t.Errorf("%s: %s=%s is not a flag of %q", name, k, v, s.Command[0])
			}
		}
		for _, a := range s.Command[1:] {
			if strings.HasPrefix(a, "--") && !flags[strings.TrimPrefix(a, "--")] {
				t.Errorf("%s: %s is not a flag of %q", name, a, s.Command[0])
			}
		}
		if s.Environment["NEWSENRICH_BROKERS"] != "kafka:9092" {
			t.Errorf("%s: brokers %q, want kafka:9092", name, s.Environment["NEWSENRICH_BROKERS"])
		}
	}
	// The topics the init container creates are the ones the service uses.
	topicsCmd := strings.Join(c.Services["topics"].Command, " ")
	for _, k := range []string{"NEWSENRICH_INPUT_TOPIC", "NEWSENRICH_OUTPUT_TOPIC", "NEWSENRICH_DLQ_TOPIC"} {
		if tp := c.Services["newsenrich"].Environment[k]; tp == "" || !strings.Contains(topicsCmd, tp) {
			t.Errorf("topic %s=%q is not created by the topics service", k, tp)
		}
	}
	// Prometheus scrapes newsenrich:<port of --http-addr>.
	svc := c.Services["newsenrich"]
	port := strings.TrimPrefix(svc.Environment["NEWSENRICH_HTTP_ADDR"], ":")
	if !contains(svc.Ports, port+":"+port) {
		t.Errorf("newsenrich does not publish its HTTP port %s: %v", port, svc.Ports)
	}
	targets, err := os.ReadFile(filepath.Join(repoRoot, "deploy/prometheus/targets/newsenrich.yml"))
	if err == nil && !bytes.Contains(targets, []byte("newsenrich:"+port)) {
		t.Errorf("deploy/prometheus/targets/newsenrich.yml does not scrape newsenrich:%s", port)
	}
	ds, err := os.ReadFile(filepath.Join(repoRoot, "deploy/grafana/provisioning/datasources/prometheus.yml"))
	if err == nil && !bytes.Contains(ds, []byte("http://prometheus:9090")) {
		t.Error("the Grafana datasource does not point at the prometheus service")
	}
	// Mounted host paths exist.
	for name, s := range c.Services {
		for _, v := range s.Volumes {
			host := strings.SplitN(v, ":", 2)[0]
			if strings.HasPrefix(host, "./") {
				if _, err := os.Stat(filepath.Join(repoRoot, host)); err != nil {
					t.Errorf("%s mounts %s: %v", name, host, err)
				}
			}
		}
	}
	// The producer publishes the samples the Dockerfile copies in.
	df, err := os.ReadFile(filepath.Join(repoRoot, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	prod := c.Services["producer"].Command
	if samples := prod[len(prod)-1]; !bytes.Contains(df, []byte(samples)) {
		t.Errorf("producer reads %s, which the Dockerfile does not fill", samples)
	}
}

// TestDockerfile checks the image is multi-stage, static and non-root, and
// that what it copies exists.
func TestDockerfile(t *testing.T) {
	df, err := os.ReadFile(filepath.Join(repoRoot, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(df)
	if n := len(regexp.MustCompile(`(?m)^FROM `).FindAllString(s, -1)); n < 2 {
		t.Errorf("%d stages, want a multi-stage build", n)
	}
	for _, want := range []string{"CGO_ENABLED=0", "USER nonroot", "./cmd/newsenrich", "ENTRYPOINT"} {
		if !strings.Contains(s, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	for _, m := range regexp.MustCompile(`(?m)^COPY (\S+) `).FindAllStringSubmatch(s, -1) {
		if strings.HasPrefix(m[1], "--") || m[1] == "." {
			continue
		}
		if _, err := os.Stat(filepath.Join(repoRoot, m[1])); err != nil {
			t.Errorf("Dockerfile copies %s: %v", m[1], err)
		}
	}
}

// commandFlags returns the flag names of a command, from its -h usage.
func commandFlags(t *testing.T, cmd string) map[string]bool {
	t.Helper()
	env, _, errOut := testEnv(nil)
	_ = dispatch(context.Background(), env, []string{cmd, "-h"})
	flags := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\s+-([a-z][a-z0-9-]*)`).FindAllStringSubmatch(errOut.String(), -1) {
		flags[m[1]] = true
	}
	if len(flags) == 0 {
		t.Fatalf("no flags found for %s:\n%s", cmd, errOut.String())
	}
	return flags
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
