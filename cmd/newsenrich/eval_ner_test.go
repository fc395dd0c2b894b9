package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/nlp/conll"
	"github.com/newsenrich/newsenrich/nlp/ner"
	"github.com/newsenrich/newsenrich/processor/entities"
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
	for _, tc := range []struct {
		name   string
		args   []string
		scored string
	}{
		{"default", []string{"--doc-sentences", "3"}, "stage"},
		{"stage", []string{"--stage", "--doc-sentences", "3"}, "stage"},
		{"tagger", []string{"--tagger"}, "tagger"},
		{"tagger split", []string{"--tagger", "--split-docs", "--doc-sentences", "3"}, "tagger"},
	} {
		args := append([]string{"--data", path, "--json"}, tc.args...)
		t.Run(tc.name, func(t *testing.T) { testEvalNER(t, args, tc.scored) })
	}
}

func testEvalNER(t *testing.T, args []string, scored string) {
	var out, errb bytes.Buffer
	env := &environment{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	if err := evalNER(context.Background(), env, args); err != nil {
		t.Fatalf("eval ner: %v (%s)", err, errb.String())
	}
	var rep nerReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("output %q: %v", out.String(), err)
	}
	if rep.Scored != scored {
		t.Errorf("scored %q, want %q", rep.Scored, scored)
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
	if err := evalNER(context.Background(), env, append(args, "--doc-sentences", "0")); err == nil {
		t.Error("eval ner with --doc-sentences 0 succeeded")
	}
}

// TestStageTags checks that the entities stage's mentions land on the
// corpus tokens: a name without its proclitic (بريطانيا in وبريطانيا)
// tags the whole token, as the corpora do.
func TestStageTags(t *testing.T) {
	gaz, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	tagger, err := ner.Load(ner.GazetteerLexicon{G: gaz})
	if err != nil {
		t.Fatal(err)
	}
	sents := []conll.Sentence{
		{Tokens: strings.Fields("وزار الرئيس الروسي فلاديمير بوتين وبريطانيا أمس")},
		{Tokens: strings.Fields("The president met Angela Merkel in Berlin .")},
	}
	got, err := stageTags(context.Background(), entities.New(tagger, gaz, nil), nil, sents, 20, "ar")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"O", "O", "O", "B-PER", "I-PER", "B-LOC", "O"},
		{"O", "O", "O", "B-PER", "I-PER", "O", "B-LOC", "O"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stageTags = %q, want %q", got, want)
	}
}

func TestDocuments(t *testing.T) {
	plain := make([]conll.Sentence, 5)
	marked := []conll.Sentence{{DocStart: true}, {}, {}, {DocStart: true}, {}}
	tests := []struct {
		sents []conll.Sentence
		n     int
		want  [][2]int
	}{
		{plain, 2, [][2]int{{0, 2}, {2, 4}, {4, 5}}},
		{plain, 20, [][2]int{{0, 5}}},
		{marked, 2, [][2]int{{0, 3}, {3, 5}}},
		{nil, 2, nil},
	}
	for i, tt := range tests {
		if got := documents(tt.sents, tt.n); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%d: documents = %v, want %v", i, got, tt.want)
		}
	}
}
