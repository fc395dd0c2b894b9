package ner

import (
	"slices"
	"testing"
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

func TestAnyName(t *testing.T) {
	tests := []struct {
		doc  []byte
		want bool
	}{
		{nil, false},
		{[]byte{0, 1, 0}, false},
		{[]byte{0, 2}, true},
		{[]byte{7}, true},
	}
	for _, tt := range tests {
		if got := anyName(tt.doc); got != tt.want {
			t.Errorf("anyName(%v) = %v, want %v", tt.doc, got, tt.want)
		}
	}
}
