package ner

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/newsenrich/newsenrich/nlp/normalize"
)

func TestWordLexClassOfToken(t *testing.T) {
	lex := map[string]uint8{"دونيتسك": LexPlace, "سان": LexPlaceFirst, "الريدي": LexFamily, "احمد": LexGiven, "reading": LexPlace}
	m := &Model{wordLex: lex}
	tests := []struct {
		word string
		want byte
	}{
		{"دونيتسك", LexPlace},
		{"بدونيتسك", LexPlace},  // the preposition aside
		{"ولدونيتسك", LexPlace}, // conjunction and preposition aside
		{"أحمد", LexGiven},      // folded
		{"وأحمد", LexGiven},
		{"الريدي", LexFamily},
		{"سان", LexPlaceFirst},
		{"كيم", 0},
		{"Reading", LexPlace},
		{"Readings", 0},
	}
	for _, tt := range tests {
		tok := m.analyseWord(tt.word, normalize.Fold(tt.word))
		if tok.lex != tt.want {
			t.Errorf("word lexicon class of %q = %d, want %d", tt.word, tok.lex, tt.want)
		}
	}
	// Without a word lexicon, no word has a class.
	m.wordLex = nil
	if tok := m.analyseWord("دونيتسك", "دونيتسك"); tok.lex != 0 {
		t.Errorf("without a word lexicon: class %d, want 0", tok.lex)
	}
}

func TestWordLexFeatures(t *testing.T) {
	m := &Model{bits: 16, wordLex: map[string]uint8{"دونيتسك": LexPlace}, triggers: triggerWords(), names: givenNames()}
	words := []string{"وصل", "إلى", "دونيتسك", "أمس"}
	toks := m.analyse(nil, nil, words, nil)
	without := &Model{bits: 16, triggers: triggerWords(), names: givenNames()}
	plain := without.analyse(nil, nil, words, nil)
	for i := range words {
		got, base := m.features(nil, toks, i), without.features(nil, plain, i)
		// The place and its neighbours (±1) have features of their own;
		// the word two away has none.
		extra := len(got) - len(base)
		switch i {
		case 2:
			if extra != 3 { // the class and both bigrams (no article classes)
				t.Errorf("token %d (%s): %d word lexicon features, want 3", i, words[i], extra)
			}
		case 1, 3:
			if extra != 2 { // the neighbour's class and the bigram
				t.Errorf("token %d (%s): %d word lexicon features, want 2", i, words[i], extra)
			}
		default:
			if extra != 0 {
				t.Errorf("token %d (%s): %d word lexicon features, want 0", i, words[i], extra)
			}
		}
		for _, f := range base {
			if !slices.Contains(got, f) {
				t.Fatalf("token %d: the word lexicon dropped feature %d", i, f)
			}
		}
	}
}

func TestTrainWordLexRoundTrip(t *testing.T) {
	var ex []Example
	people := []string{"أحمد الريدي", "فيصل الحربي", "حسام عبدربه"}
	places := []string{"دونيتسك", "فلاديفوستوك", "خاركيف"}
	for i := 0; i < 30; i++ {
		p := strings.Fields(people[i%3])
		ex = append(ex, Example{
			Words: []string{"قال", p[0], p[1], "في", places[(i+1)%3], "إن", "الحكومة", "تدعم", "الاتفاق"},
			Tags:  []string{"O", "B-PER", "I-PER", "O", "B-LOC", "O", "O", "O", "O"},
		})
	}
	lex := map[string]uint8{"احمد": LexGiven, "فيصل": LexGiven, "الحربي": LexFamily, "دونيتسك": LexPlace, "خاركيف": LexPlace}
	opt := TrainOptions{Name: "ar", Bits: 14, Epochs: 5, Seed: 3, WordLex: lex, Pairs: true}
	words := []string{"قال", "فيصل", "الريدي", "في", "خاركيف", "إن", "الحكومة", "تدعم", "الاتفاق"}
	want := []string{"O", "B-PER", "I-PER", "O", "B-LOC", "O", "O", "O", "O"}
	m2 := trainRoundTrip(t, ex, opt, words, want)
	if !reflect.DeepEqual(m2.wordLex, lex) {
		t.Fatalf("round trip lost the word lexicon: %v", m2.wordLex)
	}
	var buf bytes.Buffer
	if _, err := m2.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if v := readVersion(t, buf.Bytes()); v != 6 {
		t.Errorf("a model with a word lexicon written as version %d, want 6", v)
	}
}

// readVersion returns the format version of a model file.
func readVersion(t *testing.T, b []byte) uint32 {
	t.Helper()
	var plain bytes.Buffer
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plain.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	return binary.LittleEndian.Uint32(plain.Bytes()[4:8])
}

func TestCountWordsMostFrequent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "texts.txt")
	if err := os.WriteFile(path, []byte("وصل الوفد إلى موسكو، ثم إلى بكين.\nعاد الوفد إلى موسكو\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cnt, err := CountWords(context.Background(), []string{path})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"وصل": 1, "الوفد": 2, normalize.Fold("إلى"): 3, "موسكو": 2, "ثم": 1, "بكين": 1, "عاد": 1}
	if !reflect.DeepEqual(cnt, want) {
		t.Fatalf("CountWords = %v, want %v", cnt, want)
	}
	tests := []struct {
		n    int
		want map[string]bool
	}{
		{1, map[string]bool{normalize.Fold("إلى"): true}},
		{2, map[string]bool{normalize.Fold("إلى"): true, "الوفد": true}}, // الوفد before موسكو in byte order
		{0, map[string]bool{}},
		{100, map[string]bool{"وصل": true, "الوفد": true, normalize.Fold("إلى"): true, "موسكو": true, "ثم": true, "بكين": true, "عاد": true}},
	}
	for _, tt := range tests {
		if got := MostFrequent(cnt, tt.n); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("MostFrequent(%d) = %v, want %v", tt.n, got, tt.want)
		}
	}
}
