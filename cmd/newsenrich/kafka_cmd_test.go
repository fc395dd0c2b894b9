package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/internal/kafkatest"
	"github.com/newsenrich/newsenrich/record"
	"github.com/newsenrich/newsenrich/schema"
)

func testEnv(vars map[string]string) (*environment, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &environment{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut,
		getenv: func(k string) string { return vars[k] }}, &out, &errOut
}

// TestDemo runs the demo on the embedded broker and checks that every
// bundled sample comes out as a record.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("loads every model")
	}
	env, out, errOut := testEnv(nil)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := dispatch(ctx, env, []string{"demo", "--format", "json", "--http-addr", "127.0.0.1:0"}); err != nil {
		t.Fatalf("demo: %v\n%s", err, errOut.String())
	}
	samples, _ := filepath.Glob("../../samples/articles/*")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(samples) {
		t.Fatalf("%d records for %d samples:\n%s", len(lines), len(samples), out.String())
	}
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	langs := map[string]bool{}
	for _, l := range lines {
		var r record.Record
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("not a record: %v: %s", err, l)
		}
		if err := v.ValidateRecord([]byte(l)); err != nil {
			t.Errorf("record %s does not match the schema: %v", r.ID, err)
		}
		langs[r.Language.Code] = true
	}
	for _, want := range []string{"ar", "en", "fr"} {
		if !langs[want] {
			t.Errorf("no %s record among %v", want, langs)
		}
	}
	if !strings.Contains(errOut.String(), "stopped cleanly") {
		t.Errorf("demo did not stop cleanly:\n%s", errOut.String())
	}
}

// TestProduceTail publishes the test articles (good and bad) with produce
// and reads them back with tail.
func TestProduceTail(t *testing.T) {
	kafkatest.Each(t, func(t *testing.T, b kafkatest.Broker) {
		topic := kafkatest.Name(t, "in")
		b.CreateTopics(t, 2, topic)
		vars := map[string]string{"NEWSENRICH_BROKERS": strings.Join(b.Brokers, ",")}
		env, _, errOut := testEnv(vars)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		dir := "../../testdata/articles"
		if err := dispatch(ctx, env, []string{"produce", "--topic", topic, "--progress", "always", dir}); err != nil {
			t.Fatalf("produce: %v\n%s", err, errOut.String())
		}
		want := countArticles(t, dir)
		if !strings.Contains(errOut.String(), "published "+itoa(want)+" articles") {
			t.Errorf("produce said %q, want %d articles", errOut.String(), want)
		}
		env, out, errOut := testEnv(vars)
		if err := dispatch(ctx, env, []string{"tail", "--topic", topic, "--from-beginning", "--count", itoa(want), "--format", "json"}); err != nil {
			t.Fatalf("tail: %v\n%s", err, errOut.String())
		}
		if got := strings.Count(out.String(), "\n"); got != want {
			t.Errorf("tail printed %d lines, want %d:\n%s", got, want, out.String())
		}
		if !strings.Contains(out.String(), "sample-en-rates") || !strings.Contains(out.String(), "jsonl-good-2") {
			t.Errorf("tail output lacks known ids:\n%s", out.String())
		}
	})
}

// countArticles counts what produce publishes from dir: a message per
// non-blank line of .jsonl files, one per other file.
func countArticles(t *testing.T, dir string) int {
	n := 0
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		if strings.HasSuffix(path, ".jsonl") {
			data, _ := os.ReadFile(path)
			for _, l := range strings.Split(string(data), "\n") {
				if strings.TrimSpace(l) != "" {
					n++
				}
			}
			return nil
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func itoa(n int) string { return strconv.Itoa(n) }
