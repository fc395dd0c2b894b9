package ner

import (
	"bytes"
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// nameScorerExamples are toy training words of a name scorer: transliterated
// foreign names against common Arabic words, in matching form.
func nameScorerExamples() []NameExample {
	names := []string{"فلاديفوستوك", "شويغو", "كيربي", "بيونغ", "يانغ", "دونيتسك", "خاركيف", "لافروف",
		"غوتيريش", "بيسكوف", "ماكرون", "ستولتنبرغ", "زيلينسكي", "سوليفان", "بلينكن", "شولتس", "كييف", "اوديسا"}
	common := []string{"قال", "الحكومه", "حكومه", "يستطيع", "اقتصاديه", "متحده", "اجتماع", "وزير", "قرار",
		"المجلس", "سياسه", "يجب", "كانت", "اعلن", "تعاون", "مباحثات", "مشروع", "اطار", "مصادر", "عمليه"}
	var ex []NameExample
	for _, w := range names {
		ex = append(ex, NameExample{Word: NameForm(w), Name: true})
	}
	for _, w := range common {
		ex = append(ex, NameExample{Word: NameForm(w)})
	}
	return ex
}

func TestLearnNameScorer(t *testing.T) {
	ex := nameScorerExamples()
	opt := NameScorerOptions{Bits: 12, Epochs: 30, Seed: 1}
	s, err := LearnNameScorer(context.Background(), ex, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ex {
		p := s.Prob(e.Word)
		if (p >= 0.5) != e.Name {
			t.Errorf("Prob(%s) = %.3f, name %v", e.Word, p, e.Name)
		}
		if c := s.Class(e.Word); c < 1 || c > 6 {
			t.Errorf("Class(%s) = %d, want 1 to 6", e.Word, c)
		}
	}
	// The class grows with the probability.
	for _, a := range ex {
		for _, b := range ex {
			if s.Prob(a.Word) < s.Prob(b.Word) && s.Class(a.Word) > s.Class(b.Word) {
				t.Fatalf("%s: p %.3f class %d; %s: p %.3f class %d", a.Word, s.Prob(a.Word), s.Class(a.Word), b.Word, s.Prob(b.Word), s.Class(b.Word))
			}
		}
	}
	if c := s.Class(""); c != 0 {
		t.Errorf("Class of the empty word = %d, want 0", c)
	}
	var none *NameScorer
	if c := none.Class("كيربي"); c != 0 {
		t.Errorf("nil scorer: class %d, want 0", c)
	}
	// Same examples and seed, same scorer.
	s2, err := LearnNameScorer(context.Background(), ex, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !s.equal(s2) {
		t.Error("learning the name scorer is not deterministic")
	}
	if _, err := LearnNameScorer(context.Background(), ex[:3], opt); err == nil {
		t.Error("names only: no error")
	}
}

func TestNameForms(t *testing.T) {
	tests := []struct {
		word, form string
		splits     []string // the readings Classes scores besides
	}{
		{"الروسي", "روسي", nil},
		{"وبالقاهرة", "قاهره", nil},
		{"للأمم", "امم", nil},
		{"فلاديفوستوك", "فلاديفوستوك", []string{"لاديفوستوك", "اديفوستوك"}}, // whole first
		{"وراموس", "وراموس", []string{"راموس"}},
		{"بكابل", "بكابل", []string{"كابل"}},
		{"ولكوريا", "ولكوريا", []string{"لكوريا", "كوريا"}},
		{"كيربي", "كيربي", []string{"يربي"}},
		{"بان", "بان", nil}, // 2 runes would remain
	}
	// A scorer that gives every reading its own class: the classes
	// Classes returns tell which readings it scored.
	for _, tt := range tests {
		f := normalize.Fold(tt.word)
		if got := NameForm(f); got != tt.form {
			t.Errorf("NameForm(%s) = %s, want %s", tt.word, got, tt.form)
		}
		for k, sp := range tt.splits {
			ex := []NameExample{{Word: sp, Name: true}, {Word: tt.form}}
			for j, o := range tt.splits {
				if j != k {
					ex = append(ex, NameExample{Word: o})
				}
			}
			s, err := LearnNameScorer(context.Background(), ex, NameScorerOptions{Bits: 12, Epochs: 50, Seed: 1, Cuts: []float64{0.5}})
			if err != nil {
				t.Fatal(err)
			}
			m := &Model{nameLike: s}
			tok := m.analyseWord(tt.word, f)
			if tok.name != 1 || tok.nameSplit != 2 {
				t.Errorf("%s, reading %s a name: classes %d, %d; want 1, 2", tt.word, sp, tok.name, tok.nameSplit)
			}
		}
		if tt.splits == nil {
			s, err := LearnNameScorer(context.Background(), []NameExample{{Word: tt.form, Name: true}, {Word: "قال"}}, NameScorerOptions{Bits: 12, Epochs: 50, Seed: 1, Cuts: []float64{0.5}})
			if err != nil {
				t.Fatal(err)
			}
			m := &Model{nameLike: s}
			if tok := m.analyseWord(tt.word, f); tok.name != 2 || tok.nameSplit != 0 {
				t.Errorf("%s: classes %d, %d; want 2, 0", tt.word, tok.name, tok.nameSplit)
			}
		}
	}
}

// TestNameScorerModel trains a tagger with name-likeness classes, checks
// that the classes survive the model file (format version 7), that only
// Arabic tokens have classes and that the tagger's cached scores equal
// the plain sums over features.
func TestNameScorerModel(t *testing.T) {
	ns, err := LearnNameScorer(context.Background(), nameScorerExamples(), NameScorerOptions{Bits: 12, Epochs: 30, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var ex []Example
	people := []string{"جون كيربي", "سيرغي شويغو", "سيرغي لافروف"}
	places := []string{"دونيتسك", "فلاديفوستوك", "خاركيف"}
	for i := 0; i < 30; i++ {
		p := strings.Fields(people[i%3])
		ex = append(ex, Example{
			Words: []string{"قال", p[0], p[1], "في", places[(i+1)%3], "إن", "الحكومة", "تدعم", "الاتفاق"},
			Tags:  []string{"O", "B-PER", "I-PER", "O", "B-LOC", "O", "O", "O", "O"},
		})
	}
	opt := TrainOptions{Name: "ar", Bits: 14, Epochs: 5, Seed: 3, NameScorer: ns, Pairs: true}
	words := []string{"قال", "سيرغي", "كيربي", "في", "خاركيف", "إن", "الحكومة", "تدعم", "الاتفاق"}
	want := []string{"O", "B-PER", "I-PER", "O", "B-LOC", "O", "O", "O", "O"}
	m2 := trainRoundTrip(t, ex, opt, words, want)
	if !m2.nameLike.equal(ns) {
		t.Fatal("round trip changed the name scorer")
	}
	var buf bytes.Buffer
	if _, err := m2.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if v := readVersion(t, buf.Bytes()); v != 7 {
		t.Errorf("a model with a name scorer written as version %d, want 7", v)
	}
	if tok := m2.analyseWord("كيربي", "كيربي"); tok.name == 0 {
		t.Error("an Arabic word has no name-likeness class")
	}
	if tok := m2.analyseWord("Kirby", "kirby"); tok.name != 0 || tok.nameSplit != 0 {
		t.Errorf("a Latin word has name-likeness classes %d, %d", tok.name, tok.nameSplit)
	}
	if tok := m2.analyseWord("وكيربي", "وكيربي"); tok.nameSplit == 0 {
		t.Error("a word with a conjunction has no class without it")
	}
	// With article classes, only the words too rare for one get a
	// name-likeness class.
	ma := &Model{nameLike: ns, articles: true, caseClass: map[string]uint8{"حكومه": artAlways, "كيربي": artNever}}
	for _, tt := range []struct {
		word  string
		class bool
	}{{"الحكومة", false}, {"كيربي", false}, {"شويغو", true}, {"وشويغو", true}} {
		if tok := ma.analyseWord(tt.word, normalize.Fold(tt.word)); (tok.name != 0) != tt.class {
			t.Errorf("with article classes, %s has name-likeness class %d", tt.word, tok.name)
		}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	var cached, plain scratch
	for range 300 {
		ws, gaz := randomSentence(rng)
		checkContextFeatures(t, []*Model{m2}, ws, gaz, nil)
		m2.emissionsCached(&cached, ws, gaz)
		plain.toks = m2.analyse(plain.toks, nil, ws, gaz)
		m2.emissions(&plain, len(ws))
		for i := range cached.emit {
			if cached.emit[i] != plain.emit[i] {
				t.Fatalf("%q: cached emission %d is %v, plain %v", ws, i, cached.emit[i], plain.emit[i])
			}
		}
	}
}
