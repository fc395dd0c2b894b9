package entities

import (
	"os"
	"path/filepath"
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
	ar, err := os.ReadFile(filepath.Join("..", "..", "testdata", "articles", "sample_article_ar.txt"))
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, text string }{{"en", text}, {"ar", string(ar)}} {
		b.Run(c.name, func(b *testing.B) {
			toks := tokenize.Tokenize(c.text)
			b.ReportAllocs()
			for b.Loop() {
				taggerTokens(c.text, toks)
			}
		})
	}
}

// refTaggerTokens is taggerTokens as first written, asking joinLength and
// englishClitic about every token: the reference of its fast path.
func refTaggerTokens(text string, toks []tokenize.Token) []tokenize.Token {
	var out []tokenize.Token
	for i := 0; i < len(toks); i++ {
		n := joinLength(text, toks, i)
		c := 0
		if n == 1 {
			c = englishClitic(text, toks[i])
		}
		if n == 1 && c == 0 && out == nil {
			continue
		}
		if out == nil {
			out = append(make([]tokenize.Token, 0, len(toks)+8), toks[:i]...)
		}
		t := toks[i]
		if c > 0 {
			word, clitic := t, t
			word.End -= c
			clitic.Start = word.End
			out = append(out, word, clitic)
			continue
		}
		t.End = toks[i+n-1].End
		if n > 1 {
			t.Kind = tokenize.Word
		}
		out = append(out, t)
		i += n - 1
	}
	if out == nil {
		return toks
	}
	return out
}

func FuzzTaggerTokensMatchReference(f *testing.F) {
	for _, s := range []string{"George W. Bush", "U.S. Inc. Mr. a.b.com", "x.co.", "A.", "W. .", "قال بوتين.", "UK's I've don't n't 's", "قال Mr. بوتين 5. U.S."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := tokenize.Tokenize(s)
		if got, want := taggerTokens(s, toks), refTaggerTokens(s, toks); !slices.Equal(got, want) {
			t.Fatalf("taggerTokens(%q) = %v, want %v", s, got, want)
		}
	})
}
