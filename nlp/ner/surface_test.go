package ner

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

func TestSurfaceClasses(t *testing.T) {
	tests := []struct {
		name   string
		sents  []string
		window int
		want   [][]byte
	}{
		{
			name:   "capitalised inside another sentence, once",
			sents:  []string{"Crazyhead are a band .", "They met Crazyhead ."},
			window: 5,
			// Crazyhead, first word: elsewhere capitalised inside a
			// sentence once: 1 + 2 + 4; inside the second: elsewhere
			// capitalised once, first: 1 + 4. They: nowhere else: 1.
			want: [][]byte{{7, 0, 0, 0, 0}, {1, 0, 5, 0}},
		},
		{
			name:   "also in lower case",
			sents:  []string{"Records were broken .", "The records show it ."},
			window: 5,
			// Records: lower case elsewhere: 1 + 1. The: 1; a word
			// in lower case has class 0.
			want: [][]byte{{2, 0, 0, 0}, {1, 0, 0, 0, 0}},
		},
		{
			name:   "outside the window",
			sents:  []string{"Smith won .", "It rained .", "Smith lost ."},
			window: 1,
			want:   [][]byte{{1, 0, 0}, {1, 0, 0}, {1, 0, 0}},
		},
		{
			name:   "often capitalised",
			sents:  []string{"Acme grew .", "Acme , Acme and Acme .", "So did Acme ."},
			window: 2,
			// First sentence: Acme 4 times elsewhere, inside sentences:
			// 1 + 2 + 8; the second sentence's three see two others
			// (one first, one inside): 1 + 2 + 8; the third's sees
			// four: 1 + 2 + 8.
			want: [][]byte{{11, 0, 0}, {11, 0, 11, 0, 11, 0}, {1, 0, 11, 0}},
		},
		{
			name:   "five or more",
			sents:  []string{"Acme Acme Acme Acme Acme .", "Acme ."},
			window: 1,
			// Elsewhere: once, first (1 + 4); five times, four of them
			// inside (1 + 2 + 12).
			want: [][]byte{{5, 5, 5, 5, 5, 0}, {15, 0}},
		},
		{
			name:   "digits, punctuation and Arabic script are not counted",
			sents:  []string{"6PR said « نعم » .", "6PR ."},
			window: 1,
			want:   [][]byte{{0, 0, 0, 0, 0, 0}, {0, 0}},
		},
		{
			name:   "no word counted",
			sents:  []string{"قال نعم .", "2024 « » ."},
			window: 1,
			want:   [][]byte{{0, 0, 0}, {0, 0, 0, 0}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c surfaceClasses
			var fc FoldCache
			c.add(&fc, strings.Fields("Stale Words From Before And Now Again Here ."))
			c.compute(tt.window)
			c.reset()
			for _, s := range tt.sents {
				c.add(&fc, strings.Fields(s))
			}
			c.compute(tt.window)
			if c.sentences() != len(tt.want) {
				t.Fatalf("%d sentences, want %d", c.sentences(), len(tt.want))
			}
			for k, want := range tt.want {
				if got := c.sentence(k); !slices.Equal(got, want) {
					t.Errorf("sentence %d %q: classes %v, want %v", k, tt.sents[k], got, want)
				}
			}
		})
	}
}

// TestSurfaceTrainRoundTrip trains a small model with surface features,
// writes and reads it, and checks that the model read keeps them and
// that a Tagger tags a document with it as Model.TagDocument does.
func TestSurfaceTrainRoundTrip(t *testing.T) {
	raw := []string{
		"Crazyhead are a punk band from Leicester .",
		"The band Crazyhead toured with Pop Will Eat Itself .",
		"Records show that John Smith joined Crazyhead in 1986 .",
		"Smith later left the band .",
		"Leicester is a city in England .",
	}
	tags := []string{
		"B-ORG O O O O O B-LOC O",
		"O O B-ORG O O B-ORG I-ORG I-ORG I-ORG O",
		"O O O B-PER I-PER O B-ORG O O O",
		"B-PER O O O O O",
		"B-LOC O O O O B-LOC O",
	}
	var ex []Example
	var sents [][]string
	for k := range raw {
		w := strings.Fields(raw[k])
		ex = append(ex, Example{Words: w, Tags: strings.Fields(tags[k])})
		sents = append(sents, w)
	}
	m, err := Train(context.Background(), ex, TrainOptions{Name: "latin", Bits: 12, Epochs: 5, SurfaceWindow: 3, Seeds: 2})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if _, err := m.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	r, err := ReadModel(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if r.surface != 3 {
		t.Fatalf("model read has surface window %d, want 3", r.surface)
	}
	want := r.TagDocument(sents, nil, 0)
	got := New(nil, r, nil).TagDocument(sents)
	for k := range sents {
		for i, l := range want[k] {
			if got[k][i] != labelNames[l] {
				t.Fatalf("sentence %d: Tagger.TagDocument %v, Model.TagDocument %v", k, got[k], want[k])
			}
		}
	}
	// The training sentences are learnt.
	for k := range sents {
		for i, l := range want[k] {
			if labelNames[l] != ex[k].Tags[i] {
				t.Errorf("sentence %d %q: tags %v, want %v", k, raw[k], want[k], ex[k].Tags)
				break
			}
		}
	}
}

// TestSurfaceNotReused checks that the surface classes of a document do
// not carry over to the next call on the same scratch: a sentence tagged
// alone after a document (of sentences of the same length) is tagged as
// by a fresh tagger.
func TestSurfaceNotReused(t *testing.T) {
	tg := loadTagger(t)
	ar, latin := tg.Models()
	if latin.surface == 0 {
		t.Skip("the Latin model has no surface features")
	}
	doc := [][]string{
		strings.Fields("The records of Crazyhead sold well in Leicester ."),
		strings.Fields("Records were broken in Leicester on Tuesday ."),
	}
	alone := strings.Fields("Crazyhead played Leicester with Pop Will Eat .")
	want := New(ar, latin, tg.Lexicon()).TagWords(alone)
	one := New(ar, latin, tg.Lexicon())
	for range 3 {
		one.TagDocument(doc)
		if got := one.TagWords(alone); !slices.Equal(got, want) {
			t.Fatalf("TagWords after TagDocument: %v, want %v", got, want)
		}
		text := "Crazyhead toured . Crazyhead split ."
		one.Entities(text, tokenize.Tokenize(text), nil)
		if got := one.TagWords(alone); !slices.Equal(got, want) {
			t.Fatalf("TagWords after Entities: %v, want %v", got, want)
		}
	}
}

// TestTwoByteRune checks twoByteRune against utf8.DecodeRuneInString on
// every pair of bytes, alone and followed by more.
func TestTwoByteRune(t *testing.T) {
	for a := range 256 {
		for b := range 256 {
			for _, w := range []string{string([]byte{byte(a), byte(b)}), string([]byte{byte(a), byte(b), 0x80, 'x'})} {
				checkTwoByteRune(t, w)
			}
		}
		checkTwoByteRune(t, string([]byte{byte(a)}))
	}
	checkTwoByteRune(t, "")
}

// FuzzTwoByteRune checks twoByteRune against utf8.DecodeRuneInString.
func FuzzTwoByteRune(f *testing.F) {
	for _, w := range []string{"", "a", "قال", "École", "\xd8", "\xd8A", "日本", "\xc0\x80"} {
		f.Add(w)
	}
	f.Fuzz(checkTwoByteRune)
}

func checkTwoByteRune(t *testing.T, w string) {
	t.Helper()
	want, size := utf8.DecodeRuneInString(w)
	got, ok := twoByteRune(w)
	if ok != (size == 2 && want != utf8.RuneError) || (ok && got != want) {
		t.Fatalf("twoByteRune(%q) = %q, %v; DecodeRuneInString gives %q of %d bytes", w, got, ok, want, size)
	}
}
