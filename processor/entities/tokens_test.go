package entities

import (
	"reflect"
	"slices"
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
		{"The UK's economy", []string{"The", "UK", "'s", "economy"}},
		{"I've said they don't know Russia’s plans", []string{"I", "'ve", "said", "they", "do", "n't", "know", "Russia", "’s", "plans"}},
		{"O'Brien spoke", []string{"O'Brien", "spoke"}},
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

// FuzzTaggerTokens checks that the tagger's tokens cover exactly the
// bytes of the tokenizer's, in order, none empty.
func FuzzTaggerTokens(f *testing.F) {
	for _, s := range []string{"George W. Bush", "U.S. Inc. Mr. a.b.com", "x.co.", "A.", "W. .", "قال بوتين.", "UK's I've don't n't 's"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := tokenize.Tokenize(s)
		covered := func(ts []tokenize.Token) []bool {
			c := make([]bool, len(s))
			last := -1
			for _, tk := range ts {
				if tk.Start < last || tk.End <= tk.Start {
					t.Fatalf("%q: token %v out of order or empty", s, tk)
				}
				for k := tk.Start; k < tk.End; k++ {
					c[k] = true
				}
				last = tk.End
			}
			return c
		}
		if a, b := covered(toks), covered(taggerTokens(s, toks)); !slices.Equal(a, b) {
			t.Fatalf("%q: the tagger's tokens cover other bytes", s)
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
