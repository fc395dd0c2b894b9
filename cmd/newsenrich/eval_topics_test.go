package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalTopics(t *testing.T) {
	lines := []string{
		`{"title":"Le gouvernement et le parlement","text":"Le gouvernement a annoncé que le parlement votera la loi électorale, a déclaré le Premier ministre devant les députés de la majorité et de l'opposition.","labels":["medtop:11000000"]}`,
		`{"text":"The striker scored twice as the club won the league match and moved top of the table, the coach said after the football game.","labels":["medtop:15000000"]}`,
		`{"text":"أعلنت الحكومة أن البرلمان سيصوت على قانون الانتخابات، وقال رئيس الوزراء إن الأحزاب اتفقت على موعد الاقتراع.","labels":["medtop:11000000","medtop:16000000"]}`,
		`{"text":"The striker scored twice as the club won the league match and moved top of the table.","labels":["medtop:07000000"]}`,
	}
	path := filepath.Join(t.TempDir(), "topics.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	env := &environment{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	if err := evalTopics(context.Background(), env, []string{"--data", path, "--json"}); err != nil {
		t.Fatalf("eval topics: %v (%s)", err, errb.String())
	}
	var rep struct {
		Accuracy   float64 `json:"accuracy"`
		MacroF1    float64 `json:"macro_f1"`
		Docs       int     `json:"docs"`
		DocsPerSec float64 `json:"docs_per_sec"`
		PerClass   map[string]struct {
			Support int `json:"support"`
		} `json:"per_class"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("output %q: %v", out.String(), err)
	}
	// Three right, the last one wrong on purpose (sport labelled health).
	if rep.Docs != 4 || rep.Accuracy != 0.75 {
		t.Errorf("docs %d accuracy %v, want 4 and 0.75", rep.Docs, rep.Accuracy)
	}
	if rep.PerClass["medtop:11000000"].Support != 2 || rep.PerClass["medtop:07000000"].Support != 1 {
		t.Errorf("per class %+v", rep.PerClass)
	}
	if rep.MacroF1 <= 0 || rep.MacroF1 >= 1 || rep.DocsPerSec <= 0 {
		t.Errorf("macro-F1 %v, docs/s %v", rep.MacroF1, rep.DocsPerSec)
	}
	if !strings.Contains(errb.String(), "macro-F1") {
		t.Errorf("no table on stderr: %q", errb.String())
	}
	if err := evalTopics(context.Background(), env, nil); err == nil {
		t.Error("eval topics without --data succeeded")
	}
}
