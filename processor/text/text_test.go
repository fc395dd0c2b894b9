package text

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
	"github.com/newsenrich/newsenrich/processor"
)

func sample(tb testing.TB) string {
	tb.Helper()
	data, err := os.ReadFile("../../../shared/fixtures/sample_article_ar.txt")
	if err != nil {
		tb.Skip(err)
	}
	return string(data)
}

func TestProcess(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		words     int
		sentences int
	}{
		{"arabic", "أعلن البيت الأبيض، أمس. وقال بوتين «إنه فاشل».\n\nالمصدر: الراي", 10, 3},
		{"english", "Mr. Smith went to Washington. He spoke.", 7, 2},
		{"empty", "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := processor.NewDocument(article.Article{Text: tt.text}, time.Time{})
			if err := New().Process(context.Background(), doc); err != nil {
				t.Fatal(err)
			}
			if doc.Record.Stats.Words != tt.words || doc.Record.Stats.Sentences != tt.sentences {
				t.Errorf("stats %+v, want %d words %d sentences", doc.Record.Stats, tt.words, tt.sentences)
			}
			if doc.Norm == nil || doc.Norm.Orig != tt.text {
				t.Errorf("norm not set")
			}
		})
	}
}

// TestOffsetsRoundTrip checks that every token of the matching form maps
// back to exactly the original token it was folded from, and that every
// sentence and token span of the original is inside the text.
func TestOffsetsRoundTrip(t *testing.T) {
	s := sample(t)
	doc := processor.NewDocument(article.Article{Text: s}, time.Time{})
	if err := New().Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	orig := doc.Tokens
	folded := tokenize.Tokenize(doc.Norm.Norm)
	if len(orig) != len(folded) {
		t.Fatalf("%d tokens in the original, %d in the matching form", len(orig), len(folded))
	}
	for i, ft := range folded {
		a, b := doc.Norm.OrigSpan(ft.Start, ft.End)
		if a != orig[i].Start || b != orig[i].End {
			t.Errorf("token %d %q maps to %q, want %q", i, ft.Text(doc.Norm.Norm), s[a:b], orig[i].Text(s))
		}
		if normalize.Fold(s[a:b]) != ft.Text(doc.Norm.Norm) {
			t.Errorf("Fold(%q) != %q", s[a:b], ft.Text(doc.Norm.Norm))
		}
	}
	for _, sp := range doc.Sentences {
		got := s[sp.Start:sp.End]
		if strings.TrimSpace(got) != got || got == "" {
			t.Errorf("sentence %q not trimmed", got)
		}
		if doc.CodePoint(sp.Start) > doc.CodePoint(sp.End) {
			t.Errorf("code points out of order for %+v", sp)
		}
	}
	// Persian letters in the tags line match their Arabic spelling.
	if !strings.Contains(doc.Norm.Norm, normalize.Fold("كوريا الشمالية")) {
		t.Error("folded sample lacks كوريا الشمالية")
	}
}

// BenchmarkNormalizeTokenize measures the text analyses extractors need on
// the sample article: matching form with offsets plus tokens.
func BenchmarkNormalizeTokenize(b *testing.B) {
	s := sample(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	var toks []tokenize.Token
	for b.Loop() {
		normalize.New(s)
		toks = tokenize.Append(toks[:0], s)
	}
}

// BenchmarkStage measures the whole stage (with sentences) on the sample.
func BenchmarkStage(b *testing.B) {
	s := sample(b)
	st := New()
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		doc := processor.NewDocument(article.Article{Text: s}, time.Time{})
		if err := st.Process(context.Background(), doc); err != nil {
			b.Fatal(err)
		}
	}
}
