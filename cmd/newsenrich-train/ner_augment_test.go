package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/newsenrich/newsenrich/nlp/conll"
)

func TestSplitProclitic(t *testing.T) {
	known := map[string]int{"المانيا": 5, "والمانيا": 7, "بوتين": 3, "القاهره": 4, "وتين": 0, "كين": 1, "بكين": 5}
	for _, tc := range []struct{ w, prefix, bare string }{
		{"وألمانيا", "و", "ألمانيا"},
		{"ألمانيا", "", "ألمانيا"},
		{"بوتين", "", "بوتين"},
		{"للقاهرة", "ل", "القاهرة"},
		{"وللقاهرة", "ول", "القاهرة"},
		{"بالقاهرة", "ب", "القاهرة"},
		{"بكين", "", "بكين"},     // the whole word starts names 5 times as often as كين
		{"وبكين", "و", "بكين"},   // و + بكين, not وب + كين
		{"ومجهول", "", "ومجهول"}, // nothing known: kept whole
	} {
		p, b := splitProclitic(tc.w, known)
		if p != tc.prefix || b != tc.bare {
			t.Errorf("splitProclitic(%q) = %q, %q; want %q, %q", tc.w, p, b, tc.prefix, tc.bare)
		}
	}
}

func TestAttach(t *testing.T) {
	for _, tc := range []struct{ prefix, word, want string }{
		{"", "القاهرة", "القاهرة"},
		{"و", "باريس", "وباريس"},
		{"ل", "القاهرة", "للقاهرة"},
		{"ول", "الأهلي", "وللأهلي"},
		{"ب", "القاهرة", "بالقاهرة"},
	} {
		if got := attach(tc.prefix, tc.word); got != tc.want {
			t.Errorf("attach(%q, %q) = %q, want %q", tc.prefix, tc.word, got, tc.want)
		}
	}
}

func TestAugmentMentions(t *testing.T) {
	sent := func(s string) conll.Sentence {
		var x conll.Sentence
		for _, f := range strings.Fields(s) {
			w, tag, _ := strings.Cut(f, "/")
			x.Tokens = append(x.Tokens, w)
			x.Tags = append(x.Tags, tag)
		}
		return x
	}
	train := []conll.Sentence{
		sent("زار/O فلاديمير/B-PER بوتين/I-PER وألمانيا/B-LOC أمس/O"),
		sent("لا/O أسماء/O هنا/O"),
		sent("قال/O بوتين/B-PER في/O ألمانيا/B-LOC"),
	}
	pool := map[string][][]string{"PER": {{"جون", "كيري"}}, "LOC": {{"القاهرة"}}}
	known := map[string]int{"فلاديمير": 1, "بوتين": 1, "المانيا": 2}
	got := augmentMentions(train, pool, nameKey("any"), known, 1, 3, 1, 1)
	want := []string{
		"زار/O فلاديمير/B-PER بوتين/I-PER وألمانيا/B-LOC أمس/O",
		"لا/O أسماء/O هنا/O",
		"قال/O بوتين/B-PER في/O ألمانيا/B-LOC",
		"زار/O جون/B-PER كيري/I-PER والقاهرة/B-LOC أمس/O",
		"لا/O أسماء/O هنا/O",
		"قال/O جون/B-PER كيري/I-PER في/O القاهرة/B-LOC",
	}
	var lines []string
	for _, s := range got {
		var fs []string
		for i, w := range s.Tokens {
			fs = append(fs, w+"/"+s.Tags[i])
		}
		lines = append(lines, strings.Join(fs, " "))
	}
	if !slices.Equal(lines, want) {
		t.Errorf("augmentMentions:\n got %q\nwant %q", lines, want)
	}
	// The same seed gives the same copies; the originals are kept.
	// Chunks of one sentence, two copies each: every sentence is
	// followed by two copies, the same name replaced by the same one
	// within a copy of a chunk only.
	again := augmentMentions(train, map[string][][]string{"PER": {{"أ"}, {"ب"}, {"ج"}}, "LOC": {{"د"}, {"هـ"}}}, nameKey("any"), known, 2, 1, 1, 7)
	if n := len(again); n != 3*len(train) {
		t.Errorf("augmentMentions with 2 copies of every sentence: %d sentences, want %d", n, 3*len(train))
	}
	for k, s := range again {
		if len(s.Tokens) != len(s.Tags) {
			t.Errorf("sentence %d: %d tokens, %d tags", k, len(s.Tokens), len(s.Tags))
		}
	}
}

func TestAugmentLength(t *testing.T) {
	train := []conll.Sentence{{
		Tokens: strings.Fields("قال بوتين إن جون كيري زار سيول"),
		Tags:   strings.Fields("O B-PER O B-PER I-PER O B-LOC"),
	}}
	pool := map[string][][]string{"PER": {{"أنان"}, {"كوفي", "أنان"}, {"جان", "مارك", "إيرولت"}}}
	for _, tc := range []struct {
		mode string
		lens [][]int // the allowed word counts of the two replaced names
	}{
		{"same", [][]int{{1}, {2}}},
		{"single", [][]int{{1}, {2, 3}}},
	} {
		key := nameKey(tc.mode)
		for seed := range uint64(20) {
			got := augmentMentions(train, byKey(pool, key), key, nil, 1, 1, 1, seed)
			if len(got) != 2 {
				t.Fatalf("%s: %d sentences, want 2", tc.mode, len(got))
			}
			spans := conll.Spans(got[1].Tags)
			if len(spans) != 3 || spans[2].Type != "LOC" || got[1].Tokens[spans[2].Start] != "سيول" {
				t.Fatalf("%s: copy %q %q: want two persons and سيول kept (no LOC names)", tc.mode, got[1].Tokens, got[1].Tags)
			}
			for i, sp := range spans[:2] {
				if !slices.Contains(tc.lens[i], sp.End-sp.Start) {
					t.Errorf("%s, seed %d: name %d replaced by %q", tc.mode, seed, i, got[1].Tokens[sp.Start:sp.End])
				}
			}
		}
	}
}
