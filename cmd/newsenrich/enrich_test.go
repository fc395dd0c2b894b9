package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsenrich/newsenrich/record"
)

// runEnrichTest runs "enrich args..." with stdin and returns the records
// printed, stderr and the error.
func runEnrichTest(t *testing.T, stdin string, args ...string) ([]record.Record, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &environment{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	err := dispatch(context.Background(), env, append([]string{"enrich"}, args...))
	var recs []record.Record
	dec := json.NewDecoder(&out)
	for dec.More() {
		var r record.Record
		if derr := dec.Decode(&r); derr != nil {
			t.Fatalf("output is not JSON records: %v\n%s", derr, out.String())
		}
		recs = append(recs, r)
	}
	return recs, errOut.String(), err
}

func TestEnrich(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	text := "PARIS (AFP) - The French government announced on Monday a new plan for the railways.\n\nThe minister said the plan would cost two billion euros."
	jsonl := `{"id":"a1","text":"LONDON (Reuters) - Shares rose on Tuesday.","published_at":"2024-03-05T10:00:00Z"}
{"id":"a2","text":"أعلن البيت الأبيض أمس أن الرئيس سيزور موسكو."}
`
	tests := []struct {
		name      string
		stdin     string
		args      []string
		wantIDs   []string // "" accepts any id
		wantErr   bool
		wantUsage bool
		check     func(t *testing.T, recs []record.Record)
	}{
		{name: "plain text on stdin", stdin: text, wantIDs: []string{""}, check: func(t *testing.T, recs []record.Record) {
			if recs[0].Language.Code != "en" || recs[0].Dateline.Agency != "AFP" {
				t.Errorf("language %q, agency %q", recs[0].Language.Code, recs[0].Dateline.Agency)
			}
		}},
		{name: "published-at anchors plain text", stdin: text, args: []string{"--published-at", "2024-03-06T08:00:00Z"}, wantIDs: []string{""}, check: func(t *testing.T, recs []record.Record) {
			if recs[0].PublishedAt != "2024-03-06T08:00:00Z" {
				t.Errorf("published_at = %q", recs[0].PublishedAt)
			}
			for _, tx := range recs[0].Temporal {
				if tx.Anchor != record.AnchorPublished {
					t.Errorf("%q anchored to %q", tx.Text, tx.Anchor)
				}
			}
		}},
		{name: "json lines file", args: []string{write("a.jsonl", jsonl)}, wantIDs: []string{"a1", "a2"}},
		{name: "json lines forced", stdin: jsonl, args: []string{"--format", "jsonl"}, wantIDs: []string{"a1", "a2"}},
		{name: "html file", args: []string{write("p.html", "<html><head><title>Storm</title></head><body><article><h1>Storm hits coast</h1><p>A storm hit the coast of Brittany on Sunday, cutting power to thousands of homes and closing roads.</p><p>Firefighters said dozens of trees fell across the region during the night.</p></article></body></html>")}, wantIDs: []string{""}},
		{name: "html without text is an error", args: []string{write("empty.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")}, wantErr: true},
		{name: "bad line is reported, others go on", stdin: "{\"id\":\"ok\",\"text\":\"Rain in Oslo.\"}\n{\"id\":\n", args: []string{"--format", "jsonl"}, wantIDs: []string{"ok"}, wantErr: true},
		{name: "empty input", stdin: "   \n", wantErr: true},
		{name: "unknown format", stdin: text, args: []string{"--format", "pdf"}, wantErr: true, wantUsage: true},
		{name: "bad published-at", stdin: text, args: []string{"--published-at", "yesterday"}, wantErr: true, wantUsage: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, stderr, err := runEnrichTest(t, tt.stdin, tt.args...)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v; stderr: %s", err, tt.wantErr, stderr)
			}
			var ue usageError
			if errors.As(err, &ue) != tt.wantUsage {
				t.Errorf("usage error = %v, want %v (%v)", errors.As(err, &ue), tt.wantUsage, err)
			}
			if len(recs) != len(tt.wantIDs) {
				t.Fatalf("%d records, want %d; stderr: %s", len(recs), len(tt.wantIDs), stderr)
			}
			for i, id := range tt.wantIDs {
				r := recs[i]
				if id != "" && r.ID != id {
					t.Errorf("record %d id %q, want %q", i, r.ID, id)
				}
				if r.SchemaVersion != record.SchemaVersion || r.ID == "" {
					t.Errorf("record %d: schema_version %q, id %q", i, r.SchemaVersion, r.ID)
				}
			}
			if tt.check != nil && len(recs) > 0 {
				tt.check(t, recs)
			}
		})
	}
}
