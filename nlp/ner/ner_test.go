package ner

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/nlp/conll"
	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

func TestShape(t *testing.T) {
	tests := map[string]string{
		"Paris":     "Xx",
		"NATO":      "X",
		"U.S.":      "XpXp",
		"iPhone":    "xXx",
		"2023":      "d",
		"بوتين":     "a",
		"F-16s":     "Xpdx",
		"«":         "p",
		"abc123def": "xdx",
	}
	for in, want := range tests {
		if got := shape(in); got != want {
			t.Errorf("shape(%q) = %q, want %q", in, got, want)
		}
	}
}

// prefix returns the first n runes of s (or s).
func prefix(s string, n int) string {
	i := 0
	for k := 0; k < n; k++ {
		if i >= len(s) {
			return s
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// suffix returns the last n runes of s (or s).
func suffix(s string, n int) string {
	i := len(s)
	for k := 0; k < n; k++ {
		if i <= 0 {
			return s
		}
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

// TestAffixBounds checks the affix bounds analyse stores against prefix
// and suffix, the affixes the features are defined with.
func TestAffixBounds(t *testing.T) {
	for _, w := range []string{"", "a", "ab", "abcd", "abcde", "بوتين", "والرئيس", "é\xffx", "\xff\xfe", "\xe2\x82", "x\xe2\x82"} {
		st, e := suffixStarts(w), prefixEnds(w)
		for n := range st {
			if got, want := w[st[n]:], suffix(w, n); got != want {
				t.Errorf("suffix(%q, %d): bounds give %q, want %q", w, n, got, want)
			}
		}
		for n := range e {
			if got, want := w[:e[n]], prefix(w, n); got != want {
				t.Errorf("prefix(%q, %d): bounds give %q, want %q", w, n, got, want)
			}
		}
	}
}

func TestAffixes(t *testing.T) {
	if got := prefix("بوتين", 2); got != "بو" {
		t.Errorf("prefix = %q", got)
	}
	if got := suffix("بوتين", 3); got != "تين" {
		t.Errorf("suffix = %q", got)
	}
	if got := suffix("ab", 4); got != "ab" {
		t.Errorf("suffix of short word = %q", got)
	}
}

func TestAnalyse(t *testing.T) {
	m := newModel("t", 8, map[string][2]uint16{"موسكو": {3, 1}})
	toks := m.analyse(nil, nil, []string{"وأعلن", "الرئيس", "بموسكو", "Paris"}, nil)
	if toks[0].fold != "واعلن" {
		t.Errorf("fold = %q", toks[0].fold)
	}
	if toks[1].trigger != "P" {
		t.Errorf("trigger of الرئيس = %q", toks[1].trigger)
	}
	if !toks[3].upper || toks[3].arabic || toks[3].shape != "Xx" {
		t.Errorf("Paris analysed as %+v", toks[3])
	}
	if !toks[2].arabic {
		t.Errorf("بموسكو not Arabic")
	}
}

// Features are deterministic, depend on the context window and stay in
// the table.
func TestFeatures(t *testing.T) {
	m := newModel("t", 12, nil)
	toks := m.analyse(nil, nil, []string{"قال", "الرئيس", "فلاديمير", "بوتين", "."}, nil)
	a := m.features(nil, toks, 2)
	b := m.features(nil, toks, 2)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("features not deterministic")
	}
	for _, f := range a {
		if f >= 1<<12 {
			t.Fatalf("bucket %d outside the table", f)
		}
	}
	other := m.analyse(nil, nil, []string{"قال", "الوزير", "فلاديمير", "بوتين", "."}, nil)
	c := m.features(nil, other, 2)
	if reflect.DeepEqual(a, c) {
		t.Error("changing the previous word did not change the features")
	}
	if len(m.features(nil, toks, 0)) == 0 || len(m.features(nil, toks, 4)) == 0 {
		t.Error("no features at the sentence edges")
	}
}

func TestAllowed(t *testing.T) {
	// I-PER (2) only after B-PER (1) or I-PER (2).
	for a := 0; a <= start; a++ {
		want := a == 1 || a == 2
		if got := allowed(a, 2); got != want {
			t.Errorf("allowed(%d, I-PER) = %v", a, got)
		}
		if !allowed(a, 0) || !allowed(a, 5) {
			t.Errorf("O or B-LOC not allowed after %d", a)
		}
	}
}

// Viterbi finds the best legal path: with emissions that prefer an
// illegal I-ORG after O, it must choose a legal sequence.
func TestViterbi(t *testing.T) {
	m := newModel("t", 4, nil)
	var s scratch
	s.emit = make([]float32, 3*numLabels)
	set := func(i int, v [numLabels]float32) { copy(s.emit[i*numLabels:], v[:]) }
	set(0, [numLabels]float32{5, 0, 0, 0, 0, 0, 0})
	set(1, [numLabels]float32{0, 0, 0, 1, 9, 0, 0}) // I-ORG best but illegal after O
	set(2, [numLabels]float32{0, 0, 0, 0, 3, 0, 0})
	got := m.viterbi(&s, 3, nil)
	// O I-ORG I-ORG would score 17 but is illegal; B-ORG I-ORG I-ORG
	// scores 12, O B-ORG I-ORG 9.
	if want := []int{3, 4, 4}; !reflect.DeepEqual(got, want) {
		t.Fatalf("viterbi = %v, want %v", got, want)
	}
	// Transitions weigh in: a strong O→O transition keeps O.
	m.trans[0][0] = 20
	if got := m.viterbi(&s, 3, nil); !reflect.DeepEqual(got, []int{0, 0, 0}) {
		t.Fatalf("viterbi with transitions = %v", got)
	}
	if got := m.viterbi(&s, 0, nil); len(got) != 0 {
		t.Fatalf("empty sentence gives %v", got)
	}
}

// tinyCorpus is a hand-written corpus where names follow titles.
func tinyCorpus() []Example {
	var ex []Example
	people := []string{"Alice Brown", "Bob Stone", "Carol White", "Dan Green", "Eve Black"}
	places := []string{"Paris", "Rome", "Cairo", "Oslo", "Lima"}
	for i := 0; i < 40; i++ {
		p := strings.Fields(people[i%len(people)])
		l := places[(i+2)%len(places)]
		words := append([]string{"President"}, p...)
		words = append(words, "visited", l, "on", "Monday", ".")
		tags := []string{"O", "B-PER", "I-PER", "O", "B-LOC", "O", "O", "O"}
		ex = append(ex, Example{Words: words, Tags: tags})
	}
	return ex
}

func TestTrainTagRoundTrip(t *testing.T) {
	words := []string{"President", "Carol", "White", "visited", "Oslo", "on", "Monday", "."}
	want := []string{"O", "B-PER", "I-PER", "O", "B-LOC", "O", "O", "O"}
	m2 := trainRoundTrip(t, tinyCorpus(), TrainOptions{Name: "latin", Bits: 14, Epochs: 5, Seed: 7}, words, want)
	if m2.Name != "latin" || m2.bits != 14 {
		t.Fatalf("round trip lost the header: %q %d", m2.Name, m2.bits)
	}
}

// trainRoundTrip trains a model on ex with opt and checks that it tags
// words as want, that it does so again after writing and reading it
// back, and that training again gives the same weights; it returns the
// model read back.
func trainRoundTrip(t *testing.T, ex []Example, opt TrainOptions, words, want []string) *Model {
	t.Helper()
	m, err := Train(context.Background(), ex, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Tag(words, nil); !reflect.DeepEqual(got, want) {
		t.Fatalf("Tag = %v, want %v", got, want)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := ReadModel(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := m2.Tag(words, nil); !reflect.DeepEqual(got, want) {
		t.Fatalf("after round trip Tag = %v, want %v", got, want)
	}
	// Same data and seed, same model.
	m3, err := Train(context.Background(), ex, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.w, m3.w) || m.trans != m3.trans {
		t.Fatal("training is not deterministic")
	}
	return m2
}

func TestReadModelErrors(t *testing.T) {
	if _, err := ReadModel(strings.NewReader("not gzip")); err == nil {
		t.Error("garbage accepted")
	}
	var buf bytes.Buffer
	m := newModel("x", 6, nil)
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if _, err := ReadModel(bytes.NewReader(b[:len(b)/2])); err == nil {
		t.Error("truncated model accepted")
	}
}

func loadTagger(t testing.TB) *Tagger {
	t.Helper()
	g, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	tg, err := Load(GazetteerLexicon{G: g})
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func TestEntitiesOffsetsAndSentences(t *testing.T) {
	tg := loadTagger(t)
	text := "قال الرئيس الروسي فلاديمير بوتين إن روسيا مستعدة.\nPresident Joe Biden met Emmanuel Macron in Paris on Monday."
	toks := tokenize.Tokenize(text)
	ents := tg.Entities(text, toks, nil)
	got := map[string]string{}
	for _, e := range ents {
		if e.Start < 0 || e.End > len(text) || e.Start >= e.End {
			t.Fatalf("bad span %+v", e)
		}
		if e.FirstToken < 0 || e.EndToken > len(toks) || toks[e.FirstToken].Start != e.Start || toks[e.EndToken-1].End != e.End {
			t.Fatalf("token indexes disagree with span: %+v", e)
		}
		got[text[e.Start:e.End]] = e.Type
	}
	for name, typ := range map[string]string{"فلاديمير بوتين": "PER", "روسيا": "LOC", "Joe Biden": "PER", "Paris": "LOC"} {
		if got[name] != typ {
			t.Errorf("%s: got %q, want %s (all: %v)", name, got[name], typ, got)
		}
	}
	// Given sentences give the same result for this text.
	cut := strings.Index(text, "\n")
	withSents := tg.Entities(text, toks, [][2]int{{0, cut}, {cut + 1, len(text)}})
	if !reflect.DeepEqual(withSents, ents) {
		t.Errorf("with sentences %v, without %v", withSents, ents)
	}
}

func TestTagWordsEmpty(t *testing.T) {
	tg := loadTagger(t)
	if got := tg.TagWords(nil); len(got) != 0 {
		t.Errorf("TagWords(nil) = %v", got)
	}
	if got := tg.TagWords([]string{"123", "."}); !reflect.DeepEqual(got, []string{"O", "O"}) {
		t.Errorf("TagWords(numbers) = %v", got)
	}
}

// dataDir locates the shared corpora: NEWSENRICH_DATA, else ../shared/data
// from the repository root.
func dataDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("NEWSENRICH_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	if _, err := os.Stat(filepath.Join(dir, "ner")); err != nil {
		t.Skipf("corpora not found at %s (set NEWSENRICH_DATA)", dir)
	}
	return dir
}

// devSplit returns the held-out last 10% of a corpus, as the trainer does.
func devSplit(t testing.TB, path string) []conll.Sentence {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := conll.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	return s[len(s)-len(s)/10:]
}

// TestQuality is the model-quality regression test on the dev splits (the
// last 10% of each corpus). The shipped models are trained on all the
// corpus (newsenrich-train ner --full, the default), so this checks that
// model, features and lexicon still match; it is no held-out measure. The
// floors are just below the held-out dev F1 that the training command
// prints for a model trained without the dev split (ar 75.3, latin 71.9),
// so they hold for a model trained either way. Held-out quality is
// measured by the training command (dev split and --cv).
func TestQuality(t *testing.T) {
	dir := dataDir(t)
	tg := loadTagger(t)
	ar, latin := tg.Models()
	tests := []struct {
		name  string
		m     *Model
		file  string
		floor float64
	}{
		{"ar", ar, "ar/cleananercorp_TRAIN.txt", 0.74},
		{"latin", latin, "en/wikigold_train.conll", 0.70},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := Evaluate(tt.m, tg.Lexicon(), devSplit(t, filepath.Join(dir, "ner", tt.file)))
			m := sc.Micro()
			t.Logf("%s dev: P %.4f R %.4f F1 %.4f (support %d)", tt.name, m.Precision, m.Recall, m.F1, m.Support)
			if m.F1 < tt.floor {
				t.Errorf("%s dev F1 %.4f below the floor %.2f", tt.name, m.F1, tt.floor)
			}
		})
	}
}

// TestQualityFrench scores the Latin model on the French dev set written
// for this project (testdata/fr_dev.conll), as French text (see
// Model.ForLanguage): no French training data.
func TestQualityFrench(t *testing.T) {
	tg := loadTagger(t)
	_, latin := tg.Models()
	f, err := os.Open("testdata/fr_dev.conll")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sents, err := conll.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	m := Evaluate(latin.ForLanguage("fr"), tg.Lexicon(), sents).Micro()
	t.Logf("fr dev: P %.4f R %.4f F1 %.4f (support %d)", m.Precision, m.Recall, m.F1, m.Support)
	if m.F1 < 0.60 {
		t.Errorf("fr dev F1 %.4f below the floor 0.60", m.F1)
	}
}

func benchText() string {
	return strings.Repeat("أعلن البيت الأبيض أمس الإثنين أنّ الزعيم الكوري الشمالي كيم جونغ أون يعتزم إجراء مباحثات مع الرئيس الروسي فلاديمير بوتين في روسيا. ", 20)
}

func BenchmarkEntitiesArabic(b *testing.B) {
	tg := loadTagger(b)
	text := benchText()
	toks := tokenize.Tokenize(text)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		tg.Entities(text, toks, nil)
	}
	b.ReportMetric(float64(len(toks))*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkEntitiesEnglish(b *testing.B) {
	tg := loadTagger(b)
	text := strings.Repeat("President Joe Biden met French President Emmanuel Macron at the White House in Washington on Monday, officials said. ", 20)
	toks := tokenize.Tokenize(text)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		tg.Entities(text, toks, nil)
	}
	b.ReportMetric(float64(len(toks))*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		if _, err := Load(nil); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzEntities checks that any text yields well-formed spans on token
// boundaries, without panics.
func FuzzEntities(f *testing.F) {
	tg := loadTagger(f)
	f.Add(benchText())
	f.Add("President Joe Biden met Emmanuel Macron in Paris.")
	f.Add("")
	f.Add("\u200f\u064b؟!...\n\n«»")
	f.Fuzz(func(t *testing.T, text string) {
		toks := tokenize.Tokenize(text)
		last := 0
		for _, e := range tg.Entities(text, toks, nil) {
			if e.Start < last || e.End > len(text) || e.Start >= e.End {
				t.Fatalf("bad span %+v in %q", e, text)
			}
			if e.Type != "PER" && e.Type != "ORG" && e.Type != "LOC" {
				t.Fatalf("bad type %q", e.Type)
			}
			last = e.End
		}
	})
}

type fakeLexicon []LexMatch

func (f fakeLexicon) Find(string) []LexMatch { return f }

func TestLexTag(t *testing.T) {
	for _, typ := range []string{"PER", "ORG", "LOC", "MISC", ""} {
		for _, p := range []byte("ABI") {
			if got, want := lexTag(p, typ), string(p)+"-"+typ; got != want {
				t.Errorf("lexTag(%c, %q) = %q, want %q", p, typ, got, want)
			}
		}
	}
}

func TestLexTags(t *testing.T) {
	text := "زار الوفد لبيونغ يانغ والتقى الرئيس الروسي"
	toks := tokenize.Tokenize(text)
	start := strings.Index(text, "بيونغ")
	adj := strings.Index(text, "الروسي")
	lex := fakeLexicon{
		{Start: start, End: start + len("بيونغ يانغ"), Type: "LOC"},
		{Start: adj, End: len(text), Type: "LOC", Adjective: true},
	}
	got := lexTags(nil, lex.Find(text), toks)
	want := []string{"", "", "B-LOC", "I-LOC", "", "", "A-LOC"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("lexTags = %q, want %q", got, want)
	}
	// Words joined with spaces give the same tags.
	words := make([]string, len(toks))
	for i, tk := range toks {
		words[i] = tk.Text(text)
	}
	if got := wordsLexTags(lex, words); !reflect.DeepEqual(got, want) {
		t.Fatalf("wordsLexTags = %q, want %q", got, want)
	}
	if wordsLexTags(nil, words) != nil {
		t.Fatal("nil lexicon gives tags")
	}
}

// Lexicon tags are features: a model trained with them follows them on
// names it never saw.
func TestTrainWithLexicon(t *testing.T) {
	var ex []Example
	for i := 0; i < 30; i++ {
		name := []string{"Zorbania", "Quelland", "Mirovia"}[i%3]
		ex = append(ex, Example{
			Words: []string{"they", "went", "to", name, "today"},
			Tags:  []string{"O", "O", "O", "B-LOC", "O"},
			Gaz:   []string{"", "", "", "B-LOC", ""},
		}, Example{
			Words: []string{"they", "went", "to", "work", "today"},
			Tags:  []string{"O", "O", "O", "O", "O"},
			Gaz:   []string{"", "", "", "", ""},
		})
	}
	m, err := Train(context.Background(), ex, TrainOptions{Bits: 12, Epochs: 3, Lexicon: fakeLexicon{}})
	if err != nil {
		t.Fatal(err)
	}
	if !m.UsesLexicon() {
		t.Fatal("model does not record its lexicon")
	}
	words := []string{"they", "went", "to", "Ostravia", "today"}
	text := strings.Join(words, " ")
	at := strings.Index(text, "Ostravia")
	got := m.Tag(words, fakeLexicon{{Start: at, End: at + len("Ostravia"), Type: "LOC"}})
	if got[3] != "B-LOC" {
		t.Fatalf("with lexicon: %v", got)
	}
}

func TestLearnClusters(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	cities := []string{"paris", "rome", "oslo", "lima", "cairo", "doha"}
	verbs := []string{"said", "added", "stated", "noted", "argued", "claimed"}
	for i := 0; i < 3000; i++ {
		b.WriteString("they flew to " + cities[i%6] + " on monday and the minister " + verbs[(i/6)%6] + " that it rained\n")
	}
	path := filepath.Join(dir, "text.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := LearnClusters(context.Background(), []string{path}, ClusterOptions{Fine: 8, Coarse: 2, MinCount: 5, Seed: 3, Sample: -1, Dim: 16})
	if err != nil {
		t.Fatal(err)
	}
	for _, group := range [][]string{cities, verbs} {
		for _, w := range group[1:] {
			if c[w][0] != c[group[0]][0] {
				t.Errorf("%s in cluster %d, %s in %d", w, c[w][0], group[0], c[group[0]][0])
			}
		}
	}
	if c["paris"][0] == c["said"][0] {
		t.Error("cities and verbs share a cluster")
	}
}

func TestLearnCaseClasses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "text.txt")
	text := strings.Repeat("Yesterday the council met Smith in Paris and the mayor said so. The council agreed.\n", 4)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	cc, err := LearnCaseClasses(context.Background(), []string{path}, 3)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		word string
		want uint8
	}{
		{"council", caseLower},
		{"smith", caseUpper},
		{"paris", caseUpper},
		{"yesterday", caseUnknown}, // only ever sentence-initial
	}
	for _, tt := range tests {
		if got := cc[tt.word]; got != tt.want {
			t.Errorf("case class of %q = %d, want %d", tt.word, got, tt.want)
		}
	}
}

func TestGivenNames(t *testing.T) {
	m := newModel("t", 8, nil)
	toks := m.analyse(nil, nil, []string{"وأدريان", "واتسون", "Adrienne", "bill", "Bill"}, nil)
	want := []bool{true, false, true, false, true}
	for i, tk := range toks {
		if tk.given != want[i] {
			t.Errorf("token %d given = %v, want %v", i, tk.given, want[i])
		}
	}
}

func TestNameMemory(t *testing.T) {
	ex := []Example{
		{Words: []string{"Paris", "is", "big"}, Tags: []string{"B-LOC", "O", "O"}},
		{Words: []string{"Paris", "Hilton"}, Tags: []string{"B-PER", "I-PER"}},
		{Words: []string{"Paris", "is"}, Tags: []string{"B-LOC", "O"}},
	}
	mem, jack := nameMemory(ex, 3)
	if got := mem["paris"]; got != 2+2*2+1 { // mostly LOC, always in a name
		t.Errorf("memory of paris = %d", got)
	}
	if got := mem["is"]; got != 1 {
		t.Errorf("memory of is = %d", got)
	}
	// Jackknifed: the second sentence sees only the other two.
	if got := jack[1][1]; got != 0 {
		t.Errorf("jackknifed memory of hilton = %d, want 0 (unseen elsewhere)", got)
	}
	if got := jack[0][2]; got != 0 {
		t.Errorf("jackknifed memory of big = %d, want 0", got)
	}
}

func TestFoldCache(t *testing.T) {
	var c FoldCache
	words := []string{"Paris", "paris", "الرئيسُ", "Émile", "", "ﻻ", "الرئيسُ", "Paris"}
	for round := 0; round < 2; round++ {
		for _, w := range words {
			if got, want := c.Fold(w), normalize.Fold(w); got != want {
				t.Errorf("fold(%q) = %q, want %q", w, got, want)
			}
		}
	}
	for i := 0; i < maxFoldCache+10; i++ {
		c.Fold(strconv.Itoa(i) + "X")
	}
	if len(c.m) > maxFoldCache {
		t.Errorf("cache holds %d words, bound %d", len(c.m), maxFoldCache)
	}
	for _, w := range []string{"paris", "a-b 1.", "Paris", "é", "الرئيس", ""} {
		if lowerASCII(w) && normalize.Fold(w) != w {
			t.Errorf("lowerASCII(%q) but Fold changes it", w)
		}
	}
	if got := (*FoldCache)(nil).Fold("ABC"); got != "abc" {
		t.Errorf("nil cache: fold(ABC) = %q", got)
	}
}

// TestCountEntities checks that countEntities counts what appendEntities
// appends, for every sequence of up to five labels.
func TestCountEntities(t *testing.T) {
	toks := make([]tokenize.Token, 5)
	for n := 0; n <= len(toks); n++ {
		total := 1
		for range n {
			total *= numLabels
		}
		labels := make([]int, n)
		for k := range total {
			for i, v := 0, k; i < n; i, v = i+1, v/numLabels {
				labels[i] = v % numLabels
			}
			if got, want := countEntities(labels), len(appendEntities(nil, labels, toks, 0)); got != want {
				t.Fatalf("countEntities(%v) = %d, want %d", labels, got, want)
			}
		}
	}
}
