package ner

import (
	"maps"
	"reflect"
	"strings"
	"testing"

	"github.com/newsenrich/newsenrich/nlp/normalize"
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
	ex := dictExamples()
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

func TestFrenchDictClass(t *testing.T) {
	full := map[string]uint8{}
	list := "parler\nparle\nparlions\nparlerait\nparlé\nfinir\nfinissait\nfini\nvendre\nvendons\nvendu\ncheval\nchevaux\nacteur\nactrice\nlent\nlente\nlentement\ngrève\ngrèves\nseul\nseule\n"
	if _, err := ReadDictionary(strings.NewReader(list), full, false); err != nil {
		t.Fatal(err)
	}
	small := maps.Clone(full)
	CompactDictionaryFor(small, "fr")
	if len(small) >= len(full)/2 {
		t.Fatalf("compacted to %d words from %d", len(small), len(full))
	}
	fr := inflectionsOf("fr")
	tests := []struct {
		w    string
		want byte
	}{
		{"parlions", DictCommon},
		{"parlerions", DictCommon}, // not in the list: a form of "parler"
		{"finissaient", DictCommon},
		{"vendons", DictCommon},
		{"chevaux", DictCommon},
		{"actrices", DictCommon},
		{"lentement", DictCommon},
		{"greve", DictCommon},
		{"seule", DictCommon},
		{"macron", 0},
		{"washington", 0},
	}
	for _, tt := range tests {
		if got := dictClassIn(small, tt.w, fr); got != tt.want {
			t.Errorf("French class of %q = %d, want %d", tt.w, got, tt.want)
		}
	}
	for _, w := range strings.Fields(list) {
		w = normalize.Fold(w)
		if got, want := dictClassIn(small, w, fr), dictClassIn(full, w, fr); got != want {
			t.Errorf("%q: class %d compacted, %d in full", w, got, want)
		}
	}
}

// TestModelForLanguage checks that the text of a language reads its own
// dictionary's classes (with the English proper nouns when asked), that
// of a language without one DictNone in a model trained with dictionary
// dropout, and English its own, through a model file's round trip.
func TestModelForLanguage(t *testing.T) {
	ex := dictExamples()
	en := map[string]uint8{"river": DictCommon, "said": DictCommon, "anna": DictProper, "had": DictCommon, "left": DictBoth, "the": DictCommon, "meeting": DictCommon, "pierre": DictProper}
	fr := map[string]uint8{"greve": DictCommon, "pierre": DictCommon, "parler": DictCommon}
	for _, tt := range []struct {
		name    string
		dropout float64
		proper  bool
	}{{"proper", 0, true}, {"dropout", 0.3, false}} {
		t.Run(tt.name, func(t *testing.T) {
			opt := TrainOptions{Name: "latin", Bits: 14, Epochs: 5, Seed: 3, DictClasses: en, Runs: true,
				DictLangs: map[string]LangDict{"fr": {Classes: fr, Proper: tt.proper}}, DictDropout: tt.dropout}
			words := []string{"Rivers", "said", "Anna", "Tandel", "had", "left", "the", "meeting"}
			want := []string{"O", "O", "B-PER", "I-PER", "O", "O", "O", "O"}
			m := trainRoundTrip(t, ex, opt, words, want)
			if got := m.DictLanguages(); !reflect.DeepEqual(got, []string{"fr"}) {
				t.Fatalf("DictLanguages() = %v", got)
			}
			if m.dictNeutral != (tt.dropout > 0) || m.dicts["fr"].Proper != tt.proper {
				t.Fatalf("round trip: neutral %v, proper %v", m.dictNeutral, m.dicts["fr"].Proper)
			}
			for _, lang := range []string{"", "und", "en"} {
				if m.ForLanguage(lang) != m {
					t.Errorf("ForLanguage(%q) is not the model itself", lang)
				}
			}
			mfr := m.ForLanguage("fr")
			pierre := DictCommon
			if tt.proper {
				pierre |= DictProper
			}
			for _, c := range []struct {
				m    *Model
				w    string
				want byte
			}{
				{m, "Grève", 0}, {m, "Pierre", DictProper}, {m, "parlions", 0},
				{mfr, "Grève", DictCommon}, {mfr, "Pierre", pierre}, {mfr, "parlions", DictCommon}, {mfr, "meeting", 0},
			} {
				if got := c.m.analyseWord(c.w, normalize.Fold(c.w)).dict; got != c.want {
					t.Errorf("%s (%s): class %d, want %d", c.w, c.m.dictLang, got, c.want)
				}
			}
			mde := m.ForLanguage("de")
			if tt.dropout > 0 {
				if mde == m || mde.analyseWord("Haus", "haus").dict != DictNone {
					t.Error("German text does not read DictNone in a model trained with dropout")
				}
			} else if mde != m {
				t.Error("German text without dropout does not read the English dictionary")
			}
			tg := New(nil, m, nil)
			if tg.ForLanguage("fr").latin.dictLang != "fr" || tg.ForLanguage("fr") != tg.ForLanguage("fr") || tg.ForLanguage("en") != tg {
				t.Error("Tagger.ForLanguage does not keep one tagger per language")
			}
			if (tg.ForLanguage("de") != tg) != (tt.dropout > 0) {
				t.Error("Tagger.ForLanguage(de) and dropout disagree")
			}
			// The word cache's sums equal the plain sums over the features.
			for _, lm := range []*Model{mfr, mde} {
				var cached, plain scratch
				ws := []string{"Grève", "Pierre", "parlions", "Rivers", "Anna"}
				lm.emissionsCached(&cached, ws, nil)
				plain.toks = lm.analyse(plain.toks, nil, ws, nil)
				lm.emissions(&plain, len(ws))
				if !reflect.DeepEqual(cached.emit[:len(ws)*numLabels], plain.emit[:len(ws)*numLabels]) {
					t.Errorf("%q: cached emissions %v, plain %v", ws, cached.emit, plain.emit)
				}
			}
		})
	}
}

func TestDictDropped(t *testing.T) {
	for _, p := range []float64{0, 0.1, 0.5} {
		n := 0
		for k := range 10000 {
			if dictDropped(k, 7, p) {
				n++
			}
		}
		if got := float64(n) / 10000; got < p-0.02 || got > p+0.02 {
			t.Errorf("dropout %.1f: %.3f of sentences dropped", p, got)
		}
	}
}

// dictExamples returns 30 short training sentences, each naming one of
// three people after a capitalised common word, for the dictionary tests.
func dictExamples() []Example {
	var ex []Example
	people := []string{"Anna Vostrikova", "Pieter Kallas", "Miro Tandel"}
	for i := 0; i < 30; i++ {
		p := strings.Fields(people[i%3])
		ex = append(ex, Example{
			Words: []string{"Rivers", "said", p[0], p[1], "had", "left", "the", "meeting"},
			Tags:  []string{"O", "O", "B-PER", "I-PER", "O", "O", "O", "O"},
		})
	}
	return ex
}
