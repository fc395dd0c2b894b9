package ner

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unsafe"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

// cacheTestWords are words of both scripts with the features' special
// cases: trigger words, given names, name particles, clitics, digits,
// punctuation, unknown and long words, and cased variants.
var cacheTestWords = []string{
	"قال", "الرئيس", "فلاديمير", "بوتين", "وزير", "الخارجية", "سيرغي", "لافروف", "في", "موسكو",
	"بموسكو", "وبريطانيا", "لبيونغ", "يانغ", "أبو", "بن", "عبد", "الله", "وكالة", "الأنباء",
	"مجلس", "الأمن", "مدينة", "حلب", "،", ".", "«", "»", "2023", "١٤", "والذي", "كيم", "جونغ", "أون",
	"President", "president", "Joe", "Biden", "met", "the", "The", "White", "House", "in", "Paris",
	"PARIS", "Mr", "Smith", "of", "Reuters", "New", "York", "Times", "said", ",", "(", ")", "U.S.",
	"F-16s", "iPhone", "Marie", "Dupont", "à", "Genève", "le", "ministre", "Emmanuel", "Macron",
	"xqzv", "Ωmega", "", "supercalifragilisticexpialidocious-and-then-some-more-letters",
}

// randomSentence draws a sentence of words from cacheTestWords with
// random gazetteer tags (nil half the time).
func randomSentence(rng *rand.Rand) (words, gaz []string) {
	n := 1 + rng.IntN(40)
	tags := []string{"", "", "", "B-LOC", "I-LOC", "B-PER", "I-ORG", "A-LOC"}
	withGaz := rng.IntN(2) == 0
	for range n {
		words = append(words, cacheTestWords[rng.IntN(len(cacheTestWords))])
		if withGaz {
			gaz = append(gaz, tags[rng.IntN(len(tags))])
		}
	}
	return words, gaz
}

// TestCachedScores checks that the scores the tagger sums through its
// word caches (emissionsCached) are, bit for bit, the scores summed
// feature by feature over features and pairFeatures (emissions), on
// random sentences in which every word recurs in many contexts, and that
// they differ from the sums of the weights scaled one by one in float
// order (how the tagger used to sum) by rounding only.
func TestCachedScores(t *testing.T) {
	tg := loadTagger(t)
	ar, latin := tg.Models()
	rng := rand.New(rand.NewPCG(1, 2))
	var cached, plain scratch
	for k := range 3000 {
		words, gaz := randomSentence(rng)
		m := ar
		if k%2 == 1 {
			m = latin
		}
		m.emissionsCached(&cached, words, gaz)
		plain.toks = m.analyse(plain.toks, nil, words, gaz)
		m.emissions(&plain, len(words))
		for i := range words {
			for l := range numLabels {
				got, want := cached.emit[i*numLabels+l], plain.emit[i*numLabels+l]
				if got != want {
					t.Fatalf("%s %q token %d label %d: cached emission %v, plain %v", m.Name, words, i, l, got, want)
				}
			}
		}
		if m.pairs {
			for j := range len(words) * pairRow {
				if cached.pair[j] != plain.pair[j] {
					t.Fatalf("%s %q: cached pair score %d is %v, plain %v", m.Name, words, j, cached.pair[j], plain.pair[j])
				}
			}
		}
		// The float sums of the weights one by one differ by rounding.
		for i := range words {
			var acc [numLabels]float32
			for _, f := range m.features(nil, plain.toks, i) {
				for l := range acc {
					acc[l] += float32(m.tab.row(f)[l]) * m.scale
				}
			}
			acc[0] -= m.oBias
			for l := range acc {
				if d := math.Abs(float64(acc[l] - cached.emit[i*numLabels+l])); d > 1e-3 {
					t.Fatalf("%s %q token %d label %d: float sum %v, cached %v", m.Name, words, i, l, acc[l], cached.emit[i*numLabels+l])
				}
			}
		}
	}
}

// TestWordCacheBound checks that a word cache stays within its bound and
// still scores right after starting afresh.
func TestWordCacheBound(t *testing.T) {
	tg := loadTagger(t)
	_, latin := tg.Models()
	var s scratch
	words := make([]string, 0, 100)
	for k := 0; k < maxWordCache+500; k += len(words) {
		words = words[:0]
		for j := range 100 {
			words = append(words, "W"+strconv.Itoa(k+j))
		}
		latin.emissionsCached(&s, words, nil)
	}
	c := s.wordCacheFor(latin)
	if c.n > maxWordCache || len(c.index) > maxWordCache {
		t.Fatalf("cache holds %d entries, %d words; bound %d", c.n, len(c.index), maxWordCache)
	}
	words = append(words[:0], "Paris", "W1", "said", "W1")
	latin.emissionsCached(&s, words, nil)
	var plain scratch
	plain.toks = latin.analyse(nil, nil, words, nil)
	latin.emissions(&plain, len(words))
	for j := range plain.emit {
		if s.emit[j] != plain.emit[j] {
			t.Fatalf("after a reset: cached emission %d is %v, plain %v", j, s.emit[j], plain.emit[j])
		}
	}
}

// TestWordCacheKeepsFoundWords checks that a word cache making room keeps
// the words found again, each under its own entry, and scores the same as
// without a cache after it.
func TestWordCacheKeepsFoundWords(t *testing.T) {
	tg := loadTagger(t)
	_, latin := tg.Models()
	var s scratch
	words := make([]string, 0, 100)
	fresh := 0
	for k := 0; k < 2*maxWordCache; k += 80 {
		fresh += 80
		words = words[:0]
		for j := range 80 {
			words = append(words, "W"+strconv.Itoa(k+j))
		}
		for j := range 20 { // after new words: kept entries move
			words = append(words, "Kept"+strconv.Itoa(j))
		}
		latin.emissionsCached(&s, words, nil)
	}
	c := s.wordCacheFor(latin)
	if c.resets == 0 {
		t.Fatal("the cache never made room")
	}
	if c.misses != fresh+20 {
		t.Fatalf("%d words not found, want %d: the %d new words and the 20 kept ones once", c.misses, fresh+20, fresh)
	}
	if c.n > maxWordCache || len(c.index) > int(c.n) {
		t.Fatalf("cache holds %d entries, %d words; bound %d", c.n, len(c.index), maxWordCache)
	}
	for w, e := range c.index {
		if e >= c.n || c.entry(e).word != w {
			t.Fatalf("index maps %q to entry %d of %d, word %q", w, e, c.n, c.entry(e).word)
		}
	}
	for j := range 20 {
		if _, ok := c.index["Kept"+strconv.Itoa(j)]; !ok {
			t.Fatalf("Kept%d, found in every sentence, was not kept", j)
		}
	}
	hits := c.hits
	words = append(words[:0], "Kept3", "W1", "said", "Kept7", "Kept3")
	latin.emissionsCached(&s, words, nil)
	if c.hits-hits < 3 {
		t.Fatalf("%d of the kept words found, want 3", c.hits-hits)
	}
	var plain scratch
	plain.toks = latin.analyse(nil, nil, words, nil)
	latin.emissions(&plain, len(words))
	for j := range plain.emit {
		if s.emit[j] != plain.emit[j] {
			t.Fatalf("after making room: cached emission %d is %v, plain %v", j, s.emit[j], plain.emit[j])
		}
	}
	for j := range plain.pair {
		if s.pair[j] != plain.pair[j] {
			t.Fatalf("after making room: cached pair score %d is %v, plain %v", j, s.pair[j], plain.pair[j])
		}
	}
}

// TestLentAnalyses checks that the Arabic model takes the analyses of
// the words its first pass holds, and that they are the ones it would
// make itself.
func TestLentAnalyses(t *testing.T) {
	tg := loadTagger(t)
	ar, _ := tg.Models()
	if ar.analysedAs != ar.firstPass() || !sameAnalysis(ar, ar.firstPass()) {
		t.Fatal("the Arabic model does not share its first pass's analyses")
	}
	words := strings.Fields("قال الرئيس الفرنسي إيمانويل ماكرون في باريس إن الحكومة ستدعم الشركات")
	var s scratch
	ar.firstPass().emissionsCached(&s, words, nil)
	ar.emissionsCached(&s, append(words, "كلمة"), nil)
	c := s.wordCacheFor(ar)
	if c.lender != s.wordCacheFor(ar.firstPass()) {
		t.Fatal("the Arabic model's cache has no lender")
	}
	lent := 0
	for w, e := range c.index {
		if got, want := c.entry(e).tok, ar.analyseWord(w, normalize.Fold(w)); got != want {
			t.Errorf("%q: analysis %+v, want %+v", w, got, want)
		}
		if f, ok := c.lender.index[w]; ok && unsafe.StringData(c.lender.entry(f).word) == unsafe.StringData(c.entry(e).word) {
			lent++
		}
	}
	if lent != len(words) {
		t.Errorf("%d analyses lent, want %d", lent, len(words))
	}
	if len(c.index) != len(words)+1 {
		t.Fatalf("%d words cached, want %d", len(c.index), len(words)+1)
	}
}

// TestRuneClass checks runeClass's fast paths against the Unicode
// classes they stand for, over every rune.
func TestRuneClass(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		var want byte
		switch {
		case isArabic(r) && unicode.IsLetter(r):
			want = 'a'
		case unicode.IsUpper(r):
			want = 'X'
		case unicode.IsLower(r):
			want = 'x'
		case unicode.IsLetter(r):
			want = 'l'
		case unicode.IsDigit(r):
			want = 'd'
		case unicode.IsPunct(r):
			want = 'p'
		case unicode.Is(unicode.M, r):
			want = 0
		default:
			want = 's'
		}
		if got := runeClass(r); got != want {
			t.Fatalf("runeClass(%U) = %q, want %q", r, got, want)
		}
	}
}

// TestTaggerConcurrent tags texts from several goroutines at once, each
// text many times over (so scratches and their word caches pass from call
// to call), and checks every result against the result of a lone call.
func TestTaggerConcurrent(t *testing.T) {
	tg := loadTagger(t)
	rng := rand.New(rand.NewPCG(3, 4))
	texts := make([]string, 12)
	for i := range texts {
		var b strings.Builder
		for range 8 {
			words, _ := randomSentence(rng)
			b.WriteString(strings.Join(words, " "))
			b.WriteString(" .\n")
		}
		texts[i] = b.String()
	}
	want := make([][]Entity, len(texts))
	for i, text := range texts {
		want[i] = New(tg.ar, tg.latin, tg.lex).Entities(text, tokenize.Tokenize(text), nil)
	}
	var wg sync.WaitGroup
	errs := make(chan string, len(texts))
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 30 {
				i := (g*7 + k) % len(texts)
				got := tg.Entities(texts[i], tokenize.Tokenize(texts[i]), nil)
				if !reflect.DeepEqual(got, want[i]) {
					errs <- fmt.Sprintf("text %d: got %v, want %v", i, got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
