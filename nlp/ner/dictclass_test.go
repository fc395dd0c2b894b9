package ner

import (
	"maps"
	"reflect"
	"strings"
	"testing"
)

func TestReadDictionary(t *testing.T) {
	classes := map[string]uint8{}
	n, err := ReadDictionary(strings.NewReader("bush\nBush\nBush's\nParis\nriver\nrivers\nÉlysée\n3rd\nNew York\n\n"), classes, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReadDictionary(strings.NewReader("paris\nrivière\n"), classes, true); err != nil {
		t.Fatal(err)
	}
	want := map[string]uint8{
		"bush":    DictBoth,
		"paris":   DictProper | DictOther,
		"river":   DictCommon,
		"rivers":  DictCommon,
		"elysee":  DictProper,
		"riviere": DictOther,
	}
	if n != 7 {
		t.Errorf("read %d words, want 7 (digits first and phrases skipped)", n)
	}
	if !reflect.DeepEqual(classes, want) {
		t.Errorf("classes %v, want %v", classes, want)
	}
}

func TestDictClass(t *testing.T) {
	dict := map[string]uint8{"city": DictCommon, "make": DictCommon, "run": DictCommon, "walk": DictCommon, "hasting": DictCommon, "hastings": DictProper, "bush": DictBoth, "quick": DictCommon}
	tests := []struct {
		w    string
		want byte
	}{
		{"city", DictCommon},
		{"cities", DictCommon},
		{"making", DictCommon},
		{"running", DictCommon},
		{"walked", DictCommon},
		{"walkers", DictCommon},
		{"quickly", DictCommon},
		{"hastings", DictProper}, // its own class first
		{"bushes", DictCommon},   // "bush" is a common word too
		{"bush", DictBoth},
		{"paris", 0},
		{"s", 0},
		{"runs", DictCommon},
		{"rung", 0},
	}
	for _, tt := range tests {
		if got := dictClass(dict, tt.w); got != tt.want {
			t.Errorf("dictClass(%q) = %d, want %d", tt.w, got, tt.want)
		}
	}
}

// TestCompactDictionary checks that a compacted dictionary gives every
// word the class the full one gives it, in fewer entries.
func TestCompactDictionary(t *testing.T) {
	full := map[string]uint8{}
	list := "city\ncities\nmake\nmaking\nmakes\nmaker\nrun\nrunning\nrunner\nrunners\nhasting\nHastings\nbush\nBush\nbushes\nnews\nnew\ngo\ngoes\nsing\nsinging\nsings\nsinger\nking\nkings\nKing\n"
	if _, err := ReadDictionary(strings.NewReader(list), full, false); err != nil {
		t.Fatal(err)
	}
	small := maps.Clone(full)
	CompactDictionary(small)
	if len(small) >= len(full) {
		t.Fatalf("compacted to %d words from %d", len(small), len(full))
	}
	probe := append(strings.Fields(list), "kingly", "newness", "sung", "paris", "singers", "goings", "hastings")
	for _, w := range probe {
		w = strings.ToLower(w)
		if got, want := dictClass(small, w), dictClass(full, w); got != want {
			t.Errorf("%q: class %d compacted, %d in full", w, got, want)
		}
	}
}

func TestTrainDictRoundTrip(t *testing.T) {
	var ex []Example
	people := []string{"Anna Vostrikova", "Pieter Kallas", "Miro Tandel"}
	for i := 0; i < 30; i++ {
		p := strings.Fields(people[i%3])
		ex = append(ex, Example{
			Words: []string{"Rivers", "said", p[0], p[1], "had", "left", "the", "meeting"},
			Tags:  []string{"O", "O", "B-PER", "I-PER", "O", "O", "O", "O"},
		})
	}
	dict := map[string]uint8{"river": DictCommon, "said": DictCommon, "anna": DictProper, "had": DictCommon, "left": DictBoth, "the": DictCommon, "meeting": DictCommon}
	opt := TrainOptions{Name: "latin", Bits: 14, Epochs: 5, Seed: 3, DictClasses: dict, Runs: true, SurfaceWindow: 2}
	words := []string{"Rivers", "said", "Anna", "Tandel", "had", "left", "the", "meeting"}
	want := []string{"O", "O", "B-PER", "I-PER", "O", "O", "O", "O"}
	m2 := trainRoundTrip(t, ex, opt, words, want)
	if !reflect.DeepEqual(m2.dict, dict) {
		t.Fatalf("round trip lost the dictionary classes: %v", m2.dict)
	}
	// The word cache's sums equal the plain sums over the features.
	var cached, plain scratch
	for _, ws := range [][]string{words, {"Meeting", "Rivers", "of", "Kallas", "said"}, {"left"}} {
		cached.surf = nil
		for range ws {
			cached.surf = append(cached.surf, 1)
		}
		m2.emissionsCached(&cached, ws, nil)
		plain.toks = m2.analyse(plain.toks, nil, ws, nil)
		for i := range plain.toks {
			plain.toks[i].surf = 1
		}
		m2.emissions(&plain, len(ws))
		if !reflect.DeepEqual(cached.emit[:len(ws)*numLabels], plain.emit[:len(ws)*numLabels]) {
			t.Errorf("%q: cached emissions %v, plain %v", ws, cached.emit, plain.emit)
		}
	}
	if c := m2.analyseWord("Rivers", "rivers").dict; c != DictCommon {
		t.Errorf("Rivers has dictionary class %d, want %d", c, DictCommon)
	}
}
