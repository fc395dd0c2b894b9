package topics

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/record"

	"github.com/newsenrich/newsenrich/nlp/arabic"
	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// refSum is the weight sum as Probabilities first computed it (one
// bounds-checked slice per feature), kept to check part.sum against.
func refSum(pt *part, b *bag) [NumClasses]float32 {
	var acc [NumClasses]float32
	if len(b.val) > 0 {
		for i, j := range b.idx {
			row := pt.w[int(j)*NumClasses : int(j)*NumClasses+NumClasses]
			x := b.val[i]
			for k, v := range row {
				acc[k] += x * float32(v)
			}
		}
		return acc
	}
	var iacc [NumClasses]int32
	for _, j := range b.idx {
		row := pt.w[int(j)*NumClasses : int(j)*NumClasses+NumClasses]
		for k, v := range row {
			iacc[k] += int32(v)
		}
	}
	for k, v := range iacc {
		acc[k] = float32(v)
	}
	return acc
}

// differentialInputs is the package's test texts and, when the corpora
// are present, real ANT and MasakhaNEWS articles.
func differentialInputs(t *testing.T) []Input {
	t.Helper()
	var ins []Input
	for _, k := range []string{"ar", "en", "fr"} {
		ins = append(ins, Input{Title: benchTexts[k][:60], Story: []string{benchTexts[k]}})
	}
	ins = append(ins,
		Input{Title: "وَقَّعَتِ الحكومةُ اتفاقاً مع صندوق النقد الدولي", Story: []string{"قال وزير المالية إن الاتفاق يشمل قرضاً بقيمة ثلاثة مليارات دولار لدعم الاقتصاد. فاز فريق الوداد بالبطولة، وللمرة الثانية."}},
		Input{Title: "\xff\xfe", Story: []string{"ـــ ً ٌ 123 ١٢٣ و ف ب ك ل ا ال لل"}},
	)
	if testing.Short() {
		return ins
	}
	return append(ins, realInputs(t, 400)...)
}

// TestSumMatchesReference checks that part.sum gives bit for bit the sums
// of the first implementation, for the features of every input in every
// part.
func TestSumMatchesReference(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	b := &bag{}
	for i, in := range differentialInputs(t) {
		for part := range numParts {
			b.reset()
			m.feat.featurizeAs(b, in, m.titleRepeat, part)
			pt := &m.parts[b.part]
			if got, want := pt.sum(b), refSum(pt, b); got != want {
				t.Fatalf("input %d part %d: sum %v, want %v", i, part, got, want)
			}
		}
	}
}

// TestIntSumExtremes checks part.intSum against the reference on rows of
// extreme weights read many times over (the 16-bit lanes at their limit)
// and on every row of a small table.
func TestIntSumExtremes(t *testing.T) {
	const rows = 4
	pt := &part{w: make([]int8, rows*NumClasses)}
	for k := range NumClasses {
		pt.w[k] = 127
		pt.w[NumClasses+k] = -128
		pt.w[2*NumClasses+k] = int8(k*37 - 100)
		pt.w[3*NumClasses+k] = int8(-k * 7)
	}
	for _, n := range []int{0, 1, 255, 256, 257, 511, 512, 513, 3000} {
		for row := range uint32(rows) {
			idx := make([]uint32, n)
			for i := range idx {
				idx[i] = row
				if row == 3 {
					idx[i] = uint32(i % rows)
				}
			}
			b := &bag{idx: idx}
			if got, want := pt.sum(b), refSum(pt, b); got != want {
				t.Fatalf("%d × row %d: sum %v, want %v", n, row, got, want)
			}
		}
	}
}

// TestStemArabic checks that stemArabic agrees with arabic.Stem on every
// word of the inputs and on words we wrote.
func TestStemArabic(t *testing.T) {
	words := []string{"", "ا", "و", "ال", "الحكومه", "والحكومه", "بالحكومه", "للحكومه", "لندن", "بوتين", "وزير", "فرنسا", "مشروع", "قانون", "abc", "\xd8"}
	for _, in := range differentialInputs(t) {
		texts := append([]string{in.Title}, in.Story...)
		for _, s := range texts {
			if !in.Folded {
				s = normalize.Fold(s)
			}
			eachWord(s, func(w string, _ bool) bool {
				words = append(words, w)
				return true
			})
		}
	}
	for _, w := range words {
		if got, want := stemArabic(w), stemOf(w); got != want {
			t.Fatalf("stemArabic(%q) = %q, arabic.Stem gives %q", w, got, want)
		}
	}
	t.Logf("%d words", len(words))
}

func FuzzStemArabic(f *testing.F) {
	for _, w := range []string{"والحكومه", "لل", "ا", "بوتين", "\xd9\x88"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		if got, want := stemArabic(w), stemOf(w); got != want {
			t.Fatalf("stemArabic(%q) = %q, arabic.Stem gives %q", w, got, want)
		}
	})
}

func stemOf(w string) string {
	s, _ := arabic.Stem(w)
	return s
}

// refEachWord is eachWord as first written, kept to check the fast paths
// of eachWord against.
func refEachWord(s string, fn func(w string, joined bool) bool) {
	joined := false
	for i := 0; i < len(s); {
		r, size := decodeRune(s[i:])
		if !isWordRune(r) {
			i += size
			joined = joined && (r == ' ' || r == '-' || r == '\'' || r == '’')
			continue
		}
		start := i
		for i < len(s) {
			r, size = decodeRune(s[i:])
			if !isWordRune(r) {
				break
			}
			i += size
		}
		if !fn(s[start:i], joined) {
			return
		}
		joined = true
	}
}

type joinedWord struct {
	w      string
	joined bool
}

func wordsOf(each func(string, func(string, bool) bool), s string) []joinedWord {
	var out []joinedWord
	each(s, func(w string, joined bool) bool {
		out = append(out, joinedWord{w, joined})
		return true
	})
	return out
}

// TestEachWordMatchesReference checks that eachWord finds the words of
// every input as refEachWord does.
func TestEachWordMatchesReference(t *testing.T) {
	for i, in := range differentialInputs(t) {
		for _, s := range append([]string{in.Title}, in.Story...) {
			for _, text := range []string{s, normalize.Fold(s)} {
				if got, want := wordsOf(eachWord, text), wordsOf(refEachWord, text); !slices.Equal(got, want) {
					t.Fatalf("input %d: eachWord differs from the reference", i)
				}
			}
		}
	}
}

func FuzzEachWord(f *testing.F) {
	for _, s := range []string{"الحكومة، و-قال: 12 abc’d", "\xd8\xa7\xd9", "ـــ ً ٌ ١٢٣ é\xffx", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := wordsOf(eachWord, s), wordsOf(refEachWord, s); !slices.Equal(got, want) {
			t.Fatalf("eachWord(%q) = %v, want %v", s, got, want)
		}
	})
}

// refPredict is Predict as first written (sort.SliceStable), kept to check
// rank against.
func refPredict(m *Model, in Input, threshold float64) []Prediction {
	var probs [NumClasses]float64
	if !m.Probabilities(in, &probs) {
		return nil
	}
	order := make([]int, NumClasses)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return probs[order[a]] > probs[order[b]] })
	var out []Prediction
	for n, k := range order {
		if n > 0 && probs[k] < threshold {
			break
		}
		out = append(out, Prediction{Code: codes[k], Label: labels[k], Score: math.Round(probs[k]*1e4) / 1e4})
	}
	return out
}

// TestPredictMatchesReference checks Predict and the stage's topics
// against refPredict on every input, at several thresholds.
func TestPredictMatchesReference(t *testing.T) {
	st, err := New()
	if err != nil {
		t.Fatal(err)
	}
	m := st.model
	for i, in := range differentialInputs(t) {
		for _, th := range []float64{0, 0.05, DefaultThreshold, 0.5, 1} {
			if got, want := m.Predict(in, th), refPredict(m, in, th); !slices.Equal(got, want) {
				t.Fatalf("input %d threshold %v: Predict %v, want %v", i, th, got, want)
			}
		}
		text := strings.Join(append([]string{in.Title}, in.Story...), "\n")
		doc := processor.NewDocument(article.Article{Title: in.Title, Text: text}, timeZero)
		if err := st.Process(context.Background(), doc); err != nil {
			t.Fatal(err)
		}
		want := []record.Topic{}
		for _, p := range refPredict(m, StoryInput(doc), DefaultThreshold) {
			want = append(want, record.Topic{Code: p.Code, Label: p.Label, Score: p.Score})
		}
		if !slices.Equal(doc.Record.Topics, want) {
			t.Fatalf("input %d: stage topics %v, want %v", i, doc.Record.Topics, want)
		}
	}
}

// refDetectPart is detectPart as first written (reading all detectWords
// words), kept to check its early stop against.
func refDetectPart(texts []string) int {
	ar, lat, fr, en := 0, 0, 0, 0
	n := 0
	for _, t := range texts {
		eachWord(t, func(w string, _ bool) bool {
			switch {
			case isArabicRune(firstRune(w)):
				ar++
			case w[0] < utf8.RuneSelf && (w[0] < '0' || w[0] > '9'):
				lat++
				if isFrenchFunctionWord(w) {
					fr++
				} else if isEnglishFunctionWord(w) {
					en++
				}
			}
			n++
			return n < detectWords
		})
		if n >= detectWords {
			break
		}
	}
	switch {
	case lat <= ar:
		return partArabic
	case fr > en:
		return partFrench
	}
	return partEnglish
}

func FuzzDetectPart(f *testing.F) {
	for _, s := range []string{strings.Repeat("الحكومة the ", 60), strings.Repeat("le the قال 12 ", 40), ""} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		texts := []string{a, b}
		if got, want := detectPart(texts), refDetectPart(texts); got != want {
			t.Fatalf("detectPart(%q) = %d, want %d", texts, got, want)
		}
	})
}

// TestDetectPartMatchesReference checks detectPart against refDetectPart
// on every input and on mixes of Arabic and Latin words.
func TestDetectPartMatchesReference(t *testing.T) {
	var cases [][]string
	for _, in := range differentialInputs(t) {
		texts := []string{normalize.Fold(in.Title)}
		for _, s := range in.Story {
			texts = append(texts, normalize.Fold(s))
		}
		cases = append(cases, texts)
	}
	for ar := 0; ar <= 120; ar += 7 {
		for lat := 0; lat <= 120; lat += 11 {
			cases = append(cases, []string{strings.Repeat("قال ", ar) + strings.Repeat("le ", lat/2) + strings.Repeat("the ", lat-lat/2)})
			cases = append(cases, []string{strings.Repeat("the ", lat), strings.Repeat("قال ", ar)})
		}
	}
	for i, texts := range cases {
		if got, want := detectPart(texts), refDetectPart(texts); got != want {
			t.Fatalf("case %d: detectPart %d, want %d", i, got, want)
		}
	}
}

// refAdd is featurizer.add as first written, over the words eachWord's
// function receives (refEachWord): the reference add's loop must agree
// with.
func refAdd(f featurizer, b *bag, folded string, repeat, budget int) int {
	part := uint64(b.part) << 56
	latin := b.part != partArabic
	mask := uint32(1)<<f.bits[b.part] - 1
	var prev uint64
	words := 0
	refEachWord(folded, func(w string, joined bool) bool {
		words++
		var h uint64
		digits := true
		for i := 0; i < len(w); i++ {
			if w[i] < '0' || w[i] > '9' {
				digits = false
				break
			}
		}
		switch {
		case digits:
			h = hashString(seedWord^part, "0")
		case isArabicRune(firstRune(w)):
			h = hashString(seedWord^part, stemArabic(w))
		case latin && (f.latinUnigrams || f.latinStop) && isLatinStopword(w):
			return words < budget
		default:
			h = hashString(seedWord^part, w)
			if (!(latin && f.latinUnigrams) || f.nbStems) && utf8.RuneCountInString(w) > prefixRunes+1 {
				p := 0
				for range prefixRunes {
					_, s := utf8.DecodeRuneInString(w[p:])
					p += s
				}
				b.push(mask, mix(hashString(seedPrefix^part, w[:p])), repeat)
			}
		}
		b.push(mask, mix(h), repeat)
		if b.inTitle {
			b.push(mask, mix(h^seedTitle), 1)
		}
		if latin && f.charGrams && b.grams > 0 && !digits {
			b.grams--
			f.addGrams(b, mask, part, w, repeat)
		}
		if joined && words > 1 && (!(latin && f.latinUnigrams) || f.nbBigrams) {
			b.push(mask, mix(prev*31^h^seedBigram), repeat)
		}
		prev = h
		return words < budget
	})
	return words
}

// TestAddMatchesReference checks that add gives the features and word
// counts of refAdd for every input, in every part, with every featurizer
// option, in and out of a title, under small and large budgets.
func TestAddMatchesReference(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, in := range differentialInputs(t) {
		texts = append(texts, normalize.Fold(in.Title))
		for _, s := range in.Story {
			texts = append(texts, normalize.Fold(s))
		}
	}
	texts = append(texts, "", "a", "the and of", "l'état - d’accord's", "١٢٣ 45 x")
	for opt := range 1<<5 + 1 {
		f := m.feat // the shipped options, then each combination on a few texts
		if opt > 0 {
			opt--
			f.latinUnigrams, f.latinStop, f.charGrams, f.nbBigrams, f.nbStems = opt&1 != 0, opt&2 != 0, opt&4 != 0, opt&8 != 0, opt&16 != 0
			texts = texts[:min(len(texts), 24)]
		}
		for i, s := range texts {
			for part := range numParts {
				for _, budget := range []int{1, 2, 7, 1 << 20} {
					for _, inTitle := range []bool{false, true} {
						got, want := &bag{part: part, grams: charWords, inTitle: inTitle}, &bag{part: part, grams: charWords, inTitle: inTitle}
						n, wn := f.add(got, s, 2, budget), refAdd(f, want, s, 2, budget)
						if n != wn || !slices.Equal(got.idx, want.idx) || got.grams != want.grams {
							t.Fatalf("text %d part %d options %b budget %d title %v: add read %d words, %d features; reference %d, %d", i, part, opt, budget, inTitle, n, len(got.idx), wn, len(want.idx))
						}
					}
				}
			}
		}
	}
}

// refClipWords is clipWords as first written, one byte at a time.
func refClipWords(s string, n int) (string, int) {
	tokens := 0
	in := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\n', '\t', '\r':
			in = false
		default:
			if !in {
				if tokens == n {
					return s[:i], tokens
				}
				tokens++
				in = true
			}
		}
	}
	return s, tokens
}

func FuzzClipWords(f *testing.F) {
	for _, s := range []string{"", " ", "a b", "  a\tb\r\nc ", "كيم جونغ أون", "\x00 \x1f\x7f"} {
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 0 {
			return
		}
		got, gn := clipWords(s, n)
		if want, wn := refClipWords(s, n); got != want || gn != wn {
			t.Fatalf("clipWords(%q, %d) = %q, %d; want %q, %d", s, n, got, gn, want, wn)
		}
	})
}

// TestArabicWordLetters checks the table of the Arabic fast path of
// wordScanner against isWordRune.
func TestArabicWordLetters(t *testing.T) {
	for k := range 2 {
		for b := range 64 {
			r := rune(0x600 + k*64 + b)
			want := 0x0621 <= r && r <= 0x063a || 0x0641 <= r && r <= 0x064a
			if got := arabicWordLetters[k]>>b&1 != 0; got != want {
				t.Fatalf("%U: %v, want %v", r, got, want)
			}
			if want && !isWordRune(r) {
				t.Fatalf("%U is no word rune", r)
			}
		}
	}
}

// FuzzStartsArabic checks startsArabic against the decoded first rune.
func FuzzStartsArabic(f *testing.F) {
	for _, s := range []string{"", "ا", "\u0750x", "\u077f", "\u0780", "\xd8", "\xd8A", "\xdd\x8f", "é", "a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := startsArabic(s), isArabicRune(firstRune(s)); got != want {
			t.Fatalf("startsArabic(%q) = %v, want %v", s, got, want)
		}
	})
}

// TestStemClitics compares stemClitics with arabic.Stem on every word of
// up to five letters from the proclitics' alphabet (with a stray byte and
// an ASCII letter), and on frequent words arabic.Unsplittable keeps whole
// behind every sequence of proclitics.
func TestStemClitics(t *testing.T) {
	alphabet := []string{"و", "ف", "ب", "ك", "ل", "ا", "ي", "ن", "x", "\xd8"}
	var words []string
	var gen func(w string, n int)
	gen = func(w string, n int) {
		words = append(words, w)
		if n == 0 {
			return
		}
		for _, a := range alphabet {
			gen(w+a, n-1)
		}
	}
	gen("", 5)
	prefixes := []string{"", "و", "ف", "ب", "ك", "ل", "ال", "لل", "وب", "فل", "ول", "وال", "بال", "فلل", "وبال", "ولل"}
	frequent := []string{"في", "فيه", "فقط", "فرنسا", "وزير", "وقت", "واشنطن", "بين", "بعد", "كان", "كل", "لكن", "لم", "له", "ليله", "لندن", "بوتين", "حكومه"}
	for _, p := range prefixes {
		for _, w := range frequent {
			words = append(words, p+w)
		}
	}
	n := 0
	for _, w := range words {
		if len(w) < 2 {
			continue
		}
		switch w[:2] {
		case "و", "ف", "ب", "ك", "ل":
		default:
			continue
		}
		n++
		if got, want := stemClitics(w), stemOf(w); got != want {
			t.Fatalf("stemClitics(%q) = %q, arabic.Stem gives %q", w, got, want)
		}
	}
	t.Logf("%d words", n)
}
