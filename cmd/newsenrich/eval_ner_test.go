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

func TestEvalNER(t *testing.T) {
	// Sentences we wrote. The gold of the last one is wrong on purpose
	// (Moscow labelled PER), so the scores cannot all be perfect.
	conllText := strings.Join([]string{
		"قال\tO", "الرئيس\tO", "الروسي\tO", "فلاديمير\tB-PERS", "بوتين\tI-PERS", "في\tO", "موسكو\tB-LOC", "\n",
		"وأعلنت\tO", "الأمم\tB-ORG", "المتحدة\tI-ORG", "أن\tO", "فلاديمير\tB-PERS", "بوتين\tI-PERS", "سيزور\tO", "باريس\tB-LOC", "\n",
		"The\tO", "president\tO", "met\tO", "Angela\tB-PER", "Merkel\tI-PER", "in\tO", "Berlin\tB-LOC", ".\tO", "\n",
		"He\tO", "flew\tO", "to\tO", "Moscow\tB-PER", ".\tO", "\n",
	}, "\n")
	path := filepath.Join(t.TempDir(), "ner.conll")
	if err := os.WriteFile(path, []byte(conllText), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	env := &environment{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	if err := evalNER(context.Background(), env, []string{"--data", path, "--json"}); err != nil {
		t.Fatalf("eval ner: %v (%s)", err, errb.String())
	}
	var rep nerReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("output %q: %v", out.String(), err)
	}
	if rep.Sentences != 4 || rep.Tokens != 28 {
		t.Errorf("sentences %d tokens %d, want 4 and 28", rep.Sentences, rep.Tokens)
	}
	if got := rep.PerType["PER"].Support + rep.PerType["ORG"].Support + rep.PerType["LOC"].Support; got != 8 {
		t.Errorf("gold entities %d, want 8: %+v", got, rep.PerType)
	}
	// The wrong gold costs a false positive and a false negative at least.
	if rep.F1 <= 0.5 || rep.F1 >= 1 || rep.Precision >= 1 || rep.Recall >= 1 {
		t.Errorf("P %v R %v F1 %v: want high but not perfect", rep.Precision, rep.Recall, rep.F1)
	}
	if rep.TokensPerSec <= 0 {
		t.Errorf("tokens/s %v", rep.TokensPerSec)
	}
	if !strings.Contains(errb.String(), "micro") {
		t.Errorf("no table on stderr: %q", errb.String())
	}
	if err := evalNER(context.Background(), env, nil); err == nil {
		t.Error("eval ner without --data succeeded")
	}
}
