package entities

import (
	"reflect"
	"testing"

	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

func TestTaggerTokens(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"George W. Bush spoke.", []string{"George", "W.", "Bush", "spoke", "."}},
		{"J. R. R. Tolkien", []string{"J.", "R.", "R.", "Tolkien"}},
		{"Mr. Smith of Acme Inc. met U.S. officials.", []string{"Mr.", "Smith", "of", "Acme", "Inc.", "met", "U.S.", "officials", "."}},
		{"Visit ripoffreport.com or www.bbc.co.uk today.", []string{"Visit", "ripoffreport.com", "or", "www.bbc.co.uk", "today", "."}},
		{"On Sept. 5 it rained.", []string{"On", "Sept.", "5", "it", "rained", "."}},
		// Not joined: a letter ending a sentence before a lower-case word,
		// a period after a space, a label without a known domain.
		{"Plan B. then", []string{"Plan", "B", ".", "then"}},
		{"He said A . B", []string{"He", "said", "A", ".", "B"}},
		{"file.txt is here", []string{"file", ".", "txt", "is", "here"}},
		{"", nil},
		{"قال بوتين. ثم", []string{"قال", "بوتين", ".", "ثم"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range taggerTokens(tt.text, tokenize.Tokenize(tt.text)) {
			got = append(got, tt.text[tk.Start:tk.End])
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: %q, want %q", tt.text, got, tt.want)
		}
	}
}

// FuzzTaggerTokens checks that the joined tokens are unions of
// consecutive tokens, in order, covering the same tokens.
func FuzzTaggerTokens(f *testing.F) {
	for _, s := range []string{"George W. Bush", "U.S. Inc. Mr. a.b.com", "x.co.", "A.", "W. .", "قال بوتين."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := tokenize.Tokenize(s)
		got := taggerTokens(s, toks)
		j := 0
		for _, g := range got {
			if j >= len(toks) || toks[j].Start != g.Start {
				t.Fatalf("%q: token %v does not start at input token %d", s, g, j)
			}
			for j < len(toks) && toks[j].End <= g.End {
				j++
			}
			if toks[j-1].End != g.End {
				t.Fatalf("%q: token %v does not end on an input token", s, g)
			}
		}
		if j != len(toks) {
			t.Fatalf("%q: %d of %d input tokens covered", s, j, len(toks))
		}
	})
}

func BenchmarkTaggerTokens(b *testing.B) {
	text := "Physicist David W. Snoke of the University of Pittsburgh told ripoffreport.com on Sept. 5 that U.S. officials met Mr. Smith. "
	for range 5 {
		text += text
	}
	toks := tokenize.Tokenize(text)
	b.ReportAllocs()
	for b.Loop() {
		taggerTokens(text, toks)
	}
}
