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
