package ner

import (
	"slices"
	"testing"

	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

func TestDocMemory(t *testing.T) {
	// Three sentences of one document; label 3 is B-ORG, 5 B-LOC.
	sents := []struct {
		words  []string
		labels []int
	}{
		{[]string{"نادي", "الأهلي", "فاز"}, []int{0, 3, 0}},
		{[]string{"الأهلي", "في", "القاهرة"}, []int{0, 0, 5}},
		{[]string{"وبالأهلي", "لعب", "القاهرة"}, []int{0, 0, 0}},
	}
	m := newModel("ar", 8, nil)
	tests := []struct {
		name   string
		window int
		want   [][]byte
	}{
		{
			// الأهلي (and وبالأهلي, the same word behind clitics): ORG
			// once and O once elsewhere is ORG class 4, +1 for half in a
			// name; O only elsewhere is 1; القاهرة: LOC once elsewhere
			// (6+1); a word seen nowhere else: 0.
			name:   "whole document",
			window: 5,
			want:   [][]byte{{0, 1, 0}, {5, 0, 1}, {5, 0, 7}},
		},
		{
			name:   "one sentence either side",
			window: 1,
			want:   [][]byte{{0, 1, 0}, {5, 0, 1}, {1, 0, 7}},
		},
		{
			name:   "no window",
			window: 0,
			want:   [][]byte{{0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d docMemory
			for _, s := range sents {
				d.add(m.analyse(nil, nil, s.words, nil), s.labels)
			}
			d.compute(tt.window)
			for k := range sents {
				if got := d.sentence(k); !slices.Equal(got, tt.want[k]) {
					t.Errorf("sentence %d: classes %v, want %v", k, got, tt.want[k])
				}
			}
			d.reset()
			if d.sentences() != 0 {
				t.Errorf("after reset: %d sentences", d.sentences())
			}
		})
	}
}

func TestRetag(t *testing.T) {
	// Labels: 0 O, 1 B-PER, 3 B-ORG, 4 I-ORG, 5 B-LOC. Classes: 1 never
	// in a name elsewhere, 4/5 ORG, 6/7 LOC.
	tests := []struct {
		name   string
		doc    []byte
		labels []int
		want   bool
	}{
		{"nothing known", []byte{0, 0}, []int{0, 3}, false},
		{"never a name elsewhere", []byte{1, 1}, []int{1, 0}, false},
		{"same type here", []byte{0, 5, 4}, []int{0, 3, 4}, false},
		{"missed here", []byte{0, 5}, []int{0, 0}, true},
		{"other type here", []byte{7}, []int{3}, true},
	}
	for _, tt := range tests {
		if got := retag(tt.doc, tt.labels); got != tt.want {
			t.Errorf("%s: retag(%v, %v) = %v, want %v", tt.name, tt.doc, tt.labels, got, tt.want)
		}
	}
}

// TestTagDocumentMatchesEntities checks that TagDocument over the
// sentences of a text tags as Entities does over the text.
func TestTagDocumentMatchesEntities(t *testing.T) {
	tg := loadTagger(t)
	text := "أعلن البيت الأبيض أمس أنّ الزعيم الكوري الشمالي كيم جونغ أون سيلتقي الرئيس الروسي فلاديمير بوتين في فلاديفوستوك. " +
		"وقال المتحدث جون كيربي إن كيم سيسافر بالقطار. وردت بيونغ يانغ بأن كيم وبوتين سيبحثان التعاون. " +
		"The White House said Kim Jong Un would meet Vladimir Putin in Vladivostok. Kirby said Kim would travel by train."
	toks := tokenize.Tokenize(text)
	var sents [][]string
	var starts []int
	var words []string
	for i, tk := range toks {
		if len(words) == 0 {
			starts = append(starts, i)
		}
		words = append(words, tk.Text(text))
		if i+1 == len(toks) || endsSentence(text, toks, i) {
			sents = append(sents, words)
			words = nil
		}
	}
	var got []Entity
	for k, tags := range tg.TagDocument(sents) {
		var labels []int
		for _, tag := range tags {
			labels = append(labels, labelIndex(tag))
		}
		got = appendEntities(got, labels, toks, starts[k])
	}
	want := tg.Entities(text, toks, nil)
	if !slices.Equal(got, want) {
		t.Errorf("TagDocument entities\n%v\nwant (Entities)\n%v", got, want)
	}
	if len(want) < 8 {
		t.Errorf("only %d entities: %v", len(want), want)
	}
}

func TestRetagPolicy(t *testing.T) {
	// Labels: 0 O, 3 B-ORG. Classes: 0 unseen elsewhere, 1 never in a
	// name elsewhere, 5 ORG.
	tests := []struct {
		name   string
		doc    []byte
		labels []int
		want   [3]bool // memory, found, all
	}{
		{"nothing found", []byte{0, 1}, []int{0, 0}, [3]bool{false, false, true}},
		{"a name found here only", []byte{0, 1}, []int{3, 0}, [3]bool{false, true, true}},
		{"found here and elsewhere alike", []byte{5, 1}, []int{3, 0}, [3]bool{false, true, true}},
		{"missed here", []byte{5, 1}, []int{0, 0}, [3]bool{true, true, true}},
	}
	for _, tt := range tests {
		for k, p := range []RetagPolicy{RetagMemory, RetagFound, RetagAll} {
			m := &Model{retagWhich: p}
			if got := m.retag(tt.doc, tt.labels); got != tt.want[k] {
				t.Errorf("%s, policy %s: retag = %v, want %v", tt.name, p, got, tt.want[k])
			}
		}
	}
	for _, name := range []string{"memory", "found", "all"} {
		if p, err := ParseRetagPolicy(name); err != nil || p.String() != name {
			t.Errorf("ParseRetagPolicy(%q) = %v, %v", name, p, err)
		}
	}
	if _, err := ParseRetagPolicy("some"); err == nil {
		t.Error("ParseRetagPolicy(some): no error")
	}
}

// TestStackFeatures checks the features a second pass with stacking
// features reads from the first pass's labels of a sentence.
func TestStackFeatures(t *testing.T) {
	m := newModel("ar", 16, nil)
	m.docs, m.stack = true, StackLabels|StackGiven
	words := []string{"قال", "محمد", "الفايد", "رئيس", "نادي", "فولهام", "أمس"}
	// The first pass: الفايد B-PER, نادي فولهام B-ORG I-ORG.
	fp := []byte{0, 0, 1, 0, 3, 4, 0}
	toks := m.analyse(nil, nil, words, nil)
	for i := range toks {
		toks[i].fp = fp[i]
	}
	if !toks[1].given {
		t.Fatalf("%s is not a known given name", words[1])
	}
	h0 := fnvOffset
	has := func(i int, h hasher) bool {
		return slices.Contains(m.stackFeatures(nil, toks, i), h.bucket(m.bits))
	}
	tests := []struct {
		name string
		i    int
		h    hasher
		want bool
	}{
		{"label bigram before", 2, h0.byte(fStkBiM1).byte(0).byte(1), true},
		{"label at -2 with the word's", 5, h0.byte(fStkM2).byte(0).byte(4), true},
		{"label at +2 past the end", 6, h0.byte(fStkP2).byte(0).byte(noLabel), true},
		{"given name before a person's name of one word", 1, h0.byte(fStkGiven).byte(1).byte(0).byte(1), true},
		{"a person's name of one word after", 1, h0.byte(fStkBefore).byte(1).byte(1).byte(0), true},
		{"no name starts after a name's first word", 4, h0.byte(fStkBefore).byte(2).byte(1).byte(3), false},
		{"an organisation of two words before", 6, h0.byte(fStkAfter).byte(2).byte(2).byte(0), true},
		{"a person's name of one word before", 3, h0.byte(fStkAfter).byte(1).byte(1).byte(0), true},
		{"inside a name: none ends before", 5, h0.byte(fStkAfter).byte(2).byte(1).byte(4), false},
	}
	for _, tt := range tests {
		if got := has(tt.i, tt.h); got != tt.want {
			t.Errorf("%s (token %d): feature present %v, want %v", tt.name, tt.i, got, tt.want)
		}
	}
	m.stack = StackLabels
	if has(1, h0.byte(fStkGiven).byte(1).byte(0).byte(1)) {
		t.Error("given-name feature without StackGiven")
	}
	// نادي after a word outside names, قال before one.
	wordM1 := h0.byte(fStkWordM1).byte(0).str(toks[4].stem)
	wordP1 := h0.byte(fStkWordP1).str(toks[0].stem).byte(0)
	if has(4, wordM1) || has(0, wordP1) {
		t.Error("word features without StackWords")
	}
	m.stack = StackWords
	if !has(4, wordM1) || !has(0, wordP1) {
		t.Error("no word features with StackWords")
	}
	if has(2, h0.byte(fStkBiM1).byte(0).byte(1)) {
		t.Error("label features without StackLabels")
	}
}

// TestTrainStackRoundTrip checks that a model with document memory and
// stacking features keeps them and its retag policy through a file, and
// tags as before.
func TestTrainStackRoundTrip(t *testing.T) {
	words := []string{"President", "Carol", "White", "visited", "Oslo", "on", "Monday", "."}
	want := []string{"O", "B-PER", "I-PER", "O", "B-LOC", "O", "O", "O"}
	opt := TrainOptions{Name: "latin", Bits: 14, Epochs: 5, Seed: 7, DocWindow: 3, DocOBias: 2, Stack: StackLabels | StackGiven, Retag: RetagFound}
	m := trainRoundTrip(t, tinyCorpus(), opt, words, want)
	if !m.docs || m.stack != StackLabels|StackGiven || m.RetagPolicy() != RetagFound {
		t.Fatalf("round trip: docs %v, stack %d, retag %s", m.docs, m.stack, m.RetagPolicy())
	}
}
