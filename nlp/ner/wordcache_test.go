package ner

import (
	"fmt"
	"hash/maphash"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

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
		// Random surface classes (see surfaceClasses) for a model with
		// surface features.
		cached.surf = nil
		if m.surface > 0 {
			for range words {
				cached.surf = append(cached.surf, byte(rng.IntN(17)))
			}
		}
		m.emissionsCached(&cached, words, gaz)
		plain.toks = m.analyse(plain.toks, nil, words, gaz)
		for i := range plain.toks {
			if cached.surf != nil {
				plain.toks[i].surf = cached.surf[i]
			}
		}
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
			pairs := cached.flatPairs(len(words))
			for j := range len(words) * pairRow {
				if pairs[j] != plain.pair[j] {
					t.Fatalf("%s %q: cached pair score %d is %v, plain %v", m.Name, words, j, pairs[j], plain.pair[j])
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
	c, _ := s.wordCacheFor(latin)
	if c.n > maxWordCache || c.index.len() > maxWordCache {
		t.Fatalf("cache holds %d entries, %d words; bound %d", c.n, c.index.len(), maxWordCache)
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
	c, _ := s.wordCacheFor(latin)
	if c.resets == 0 {
		t.Fatal("the cache never made room")
	}
	if c.misses != fresh+20 {
		t.Fatalf("%d words not found, want %d: the %d new words and the 20 kept ones once", c.misses, fresh+20, fresh)
	}
	if c.n > maxWordCache || c.index.len() > int(c.n) {
		t.Fatalf("cache holds %d entries, %d words; bound %d", c.n, c.index.len(), maxWordCache)
	}
	for w, e := range indexedWords(c) {
		if e >= c.n || c.word(e) != w {
			t.Fatalf("index maps %q to entry %d of %d, word %q", w, e, c.n, c.word(e))
		}
	}
	for j := range 20 {
		if _, ok := findWord(c, "Kept"+strconv.Itoa(j)); !ok {
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
	pairs := s.flatPairs(len(words))
	for j := range plain.pair {
		if pairs[j] != plain.pair[j] {
			t.Fatalf("after making room: cached pair score %d is %v, plain %v", j, pairs[j], plain.pair[j])
		}
	}
}

// TestLentAnalyses checks that a model that analyses words as its first
// pass does, without a twin (see Model.twin), takes the analyses of the
// words its first pass holds, and that they are the ones it would make
// itself.
func TestLentAnalyses(t *testing.T) {
	tg := loadTagger(t)
	ar, _ := tg.Models()
	if ar.analysedAs != ar.firstPass() || !sameAnalysis(ar, ar.firstPass()) {
		t.Fatal("the Arabic model does not share its first pass's analyses")
	}
	if reflect.ValueOf(ar.clusters).UnsafePointer() != reflect.ValueOf(ar.firstPass().clusters).UnsafePointer() {
		t.Error("the Arabic model keeps its own copy of its first pass's clusters")
	}
	alone := *ar
	alone.twinOf = nil
	words := strings.Fields("قال الرئيس الفرنسي إيمانويل ماكرون في باريس إن الحكومة ستدعم الشركات")
	var s scratch
	ar.firstPass().emissionsCached(&s, words, nil)
	alone.emissionsCached(&s, append(words, "كلمة"), nil)
	c, k := s.wordCacheFor(&alone)
	if first, _ := s.wordCacheFor(ar.firstPass()); k != 0 || c.lender != first {
		t.Fatal("the Arabic model's cache has no lender")
	}
	for w, e := range indexedWords(c) {
		if got, want := c.token(e), ar.analyseWord(w, normalize.Fold(w)); got != want {
			t.Errorf("%q: analysis %+v, want %+v", w, got, want)
		}
	}
	if c.lent != len(words) {
		t.Errorf("%d analyses lent, want %d", c.lent, len(words))
	}
	if c.index.len() != len(words)+1 {
		t.Fatalf("%d words cached, want %d", c.index.len(), len(words)+1)
	}
}

// TestTwinSums checks that the shipped Arabic model keeps its word sums
// in its first pass's cache (see Model.twin), computed once per word, and
// that its scores are the sums feature by feature, also after the cache
// made room (moving the entries kept).
func TestTwinSums(t *testing.T) {
	tg := loadTagger(t)
	ar, _ := tg.Models()
	if ar.twinOf != ar.firstPass() || ar.firstPass().twin != ar {
		t.Fatal("the Arabic model is not its first pass's twin")
	}
	words := strings.Fields("قال الرئيس الفرنسي إيمانويل ماكرون في باريس إن الحكومة ستدعم الشركات الفرنسي")
	var s, plain scratch
	check := func(what string, ws []string) {
		t.Helper()
		ar.emissionsCached(&s, ws, nil)
		plain.toks = ar.analyse(plain.toks, nil, ws, nil)
		ar.emissions(&plain, len(ws))
		if !slices.Equal(s.emit, plain.emit) || !slices.Equal(s.flatPairs(len(ws)), plain.pair) {
			t.Fatalf("%s: twin scores differ from the plain sums", what)
		}
	}
	ar.firstPass().emissionsCached(&s, words, nil)
	check("after the first pass", words)
	c, k := s.wordCacheFor(ar)
	if first, _ := s.wordCacheFor(ar.firstPass()); k != 1 || c != first || len(s.caches) != 1 {
		t.Fatalf("the Arabic model has its own cache (index %d, %d caches)", k, len(s.caches))
	}
	if c.n != int32(len(words)-1) {
		t.Fatalf("%d entries, want %d", c.n, len(words)-1)
	}
	// The second pass alone, on new words: entries with both sums.
	more := strings.Fields("وأعلنت وزارة الخارجية الروسية في موسكو أن الوزير سيرغي لافروف سيزور القاهرة")
	check("new words", more)
	check("found again", more)
	// Keep the words found again (half the cache at most), moved.
	c.reserveIn(1, int(c.n))
	check("after making room", append(append([]string(nil), more...), words...))
	ar.firstPass().emissionsCached(&s, words, nil)
	plain.toks = ar.firstPass().analyse(plain.toks, nil, words, nil)
	ar.firstPass().emissions(&plain, len(words))
	if !slices.Equal(s.emit, plain.emit) || !slices.Equal(s.flatPairs(len(words)), plain.pair) {
		t.Fatal("first pass scores differ from the plain sums after the twin's")
	}
}

// flatPairs returns the pair scores of the n tokens last scored in s as
// emissions leaves them in s.pair: per token, the scores after each
// previous label (after the start for the first token, whose others are
// zero; zero after the start for the others), read where s.pairAt points.
func (s *scratch) flatPairs(n int) []float32 {
	if len(s.pairAt) != n {
		return s.pair
	}
	out := make([]float32, n*pairRow)
	for i, p := range s.pairAt {
		lo, hi := 0, numLabels*numLabels
		if i == 0 {
			lo, hi = start*numLabels, pairRow
		}
		copy(out[i*pairRow+lo:i*pairRow+hi], p[lo:hi])
	}
	return out
}

// findWord returns the entry of word w in cache c, if any.
func findWord(c *wordCache, w string) (int32, bool) { return c.find(c.index.hash(w), w) }

// indexedWords returns the words c's index holds and their entries, read
// from its slots; it fails when two slots hold the same entry or word.
func indexedWords(c *wordCache) map[string]int32 {
	out := make(map[string]int32)
	seen := make(map[int32]bool)
	for _, s := range c.index.slots {
		if s.e == 0 {
			continue
		}
		e := s.e - 1
		w := c.word(e)
		if _, dup := out[w]; dup || seen[e] {
			panic(fmt.Sprintf("word cache index: %q or entry %d twice", w, e))
		}
		out[w], seen[e] = e, true
	}
	return out
}

// TestWordIndex checks a wordCache's index against a Go map on a stream of
// words that recur, grow the index past its first size and make the cache
// start afresh, and that every slot's hash is its word's.
func TestWordIndex(t *testing.T) {
	tg := loadTagger(t)
	_, latin := tg.Models()
	c := newWordCache(latin, maphash.MakeSeed())
	want := map[string]int32{}
	rng := rand.New(rand.NewPCG(9, 10))
	for k := range 5 * maxWordCache {
		w := "w" + strconv.Itoa(rng.IntN(3*maxWordCache))
		if k%7 == 0 {
			w = cacheTestWords[rng.IntN(len(cacheTestWords))]
		}
		if int(c.n) == maxWordCache {
			c.fill()
			c.reserve(1)
			want = indexedWords(c)
		}
		e, ok := findWord(c, w)
		we, wok := want[w]
		if ok != wok || e != we {
			t.Fatalf("word %d %q: entry %d %v, want %d %v", k, w, e, ok, we, wok)
		}
		if got := c.lookup(w); ok && got != e || !ok && got != c.n-1 {
			t.Fatalf("word %d %q: lookup %d (found %v at %d, %d entries)", k, w, got, ok, e, c.n)
		}
		want[w] = c.lookup(w)
	}
	if c.resets == 0 {
		t.Fatal("the cache never made room")
	}
	got := indexedWords(c)
	if len(got) != len(want) || c.index.len() != len(want) {
		t.Fatalf("index holds %d words (counts %d), want %d", len(got), c.index.len(), len(want))
	}
	for w, e := range want {
		if got[w] != e || c.entry(e).h != c.index.hash(w) {
			t.Fatalf("%q: entry %d, want %d", w, got[w], e)
		}
	}
	for _, s := range c.index.slots {
		if s.e != 0 && s.h != c.entry(s.e-1).h {
			t.Fatalf("slot of entry %d has hash %x, the entry %x", s.e-1, s.h, c.entry(s.e-1).h)
		}
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

// FuzzWordIndex looks up the words of the fuzzer's text (split at spaces)
// in a word cache of a model with no word lists and weights, now and then
// making room as when full (reserve), and checks every lookup
// against a Go map of the words seen since the cache last made room.
func FuzzWordIndex(f *testing.F) {
	f.Add("a b a c b a ab ba", uint8(3))
	f.Add("قال الرئيس قال supercalifragilisticexpialidocious-and-more supercalifragilisticexpialidocious-and-mora", uint8(0))
	f.Fuzz(func(t *testing.T, text string, room uint8) {
		b := newWeightTableBuilder(6)
		for range 64 {
			b.add(&[stride]int16{})
		}
		c := newWordCache(&Model{bits: 6, tab: b.table()}, maphash.MakeSeed())
		want := map[string]int32{}
		for k, w := range strings.Split(text, " ") {
			if room > 0 && k%int(room) == int(room)-1 {
				c.pending = c.pending[:0]
				n := c.n
				c.reserveIn(1, int(n)) // keeps the words found again, half at most
				want = indexedWords(c)
				if n >= 2 && c.n > n/2 {
					t.Fatalf("%d of %d words kept, want half at most", c.n, n)
				}
				for w, e := range want {
					if c.word(e) != w {
						t.Fatalf("after making room, %q has the entry of %q", w, c.word(e))
					}
				}
			}
			e, ok := findWord(c, w)
			if we, wok := want[w]; ok != wok || ok && e != we {
				t.Fatalf("%q: entry %d %v, want %d %v", w, e, ok, we, wok)
			}
			got := c.lookup(w)
			if ok && got != e || c.word(got) != w {
				t.Fatalf("%q: lookup gives entry %d of %q", w, got, c.word(got))
			}
			want[w] = got
		}
		if c.index.len() != len(want) {
			t.Fatalf("index counts %d words, want %d", c.index.len(), len(want))
		}
	})
}

// hasPointers reports whether values of type t hold a pointer of any
// kind (pointer, string, slice, map, channel, function, interface).
func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Array:
		return t.Len() > 0 && hasPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
		return false
	case reflect.Pointer, reflect.UnsafePointer, reflect.String, reflect.Slice, reflect.Map,
		reflect.Chan, reflect.Func, reflect.Interface:
		return true
	}
	return false
}

// TestWordEntryHasNoPointers checks that the entries of a word cache hold
// no pointer, so that the garbage collector does not scan them.
func TestWordEntryHasNoPointers(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[wordEntry](), reflect.TypeFor[tokenInfo]()} {
		if hasPointers(typ) {
			t.Errorf("%v holds pointers", typ)
		}
	}
	if !hasPointers(reflect.TypeFor[token]()) {
		t.Error("hasPointers misses the strings of token")
	}
}

// TestPackToken checks that the spans packToken returns give back the
// word and the strings of the token, whatever they share.
func TestPackToken(t *testing.T) {
	tests := []struct {
		name string
		w    string
		tok  token
	}{
		{"empty", "", token{}},
		{"fold is the word", "said", token{fold: "said", stem: "said", shape: "x"}},
		{"clitic and stem", "وبموسكو", token{fold: "وبموسكو", stem: "موسكو", clitic: "وب", shape: "a", trigger: "L"}},
		{"fold differs", "الأمن", token{fold: "الامن", stem: "امن", clitic: "ال", shape: "a"}},
		{"trigger inside", "President", token{fold: "president", stem: "president", shape: "Xx", trigger: "P"}},
		{"stem not in fold", "ab", token{fold: "ab", stem: "cd", clitic: "a", shape: "dd", trigger: "O"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix := []byte("xyz")
			b := make([]byte, len(prefix), len(prefix)+packedLen(tt.w, &tt.tok))
			copy(b, prefix)
			b, spans := packToken(b, tt.w, &tt.tok)
			if cap(b) != len(prefix)+packedLen(tt.w, &tt.tok) {
				t.Fatalf("packToken(%q) grew its buffer", tt.w)
			}
			if string(b[:len(prefix)]) != string(prefix) {
				t.Errorf("packToken(%q) changed the bytes before its own", tt.w)
			}
			s := string(b)
			part := func(k int) string { return s[spans[k].start:spans[k].end] }
			got := [numTokSpans]string{part(spanWord), part(spanFold), part(spanStem), part(spanClitic), part(spanShape), part(spanTrigger)}
			want := [numTokSpans]string{tt.w, tt.tok.fold, tt.tok.stem, tt.tok.clitic, tt.tok.shape, tt.tok.trigger}
			if got != want {
				t.Errorf("packToken(%q) parts %q, want %q", tt.w, got, want)
			}
			if len(s)-len(prefix) > packedLen(tt.w, &tt.tok) {
				t.Errorf("packToken(%q) = %q, longer than its parts", tt.w, s)
			}
		})
	}
}

// TestCachedTokens checks that the tokens a word cache gives back are the
// analyses of their words, for every word of cacheTestWords and after the
// cache made room.
func TestCachedTokens(t *testing.T) {
	tg := loadTagger(t)
	ar, latin := tg.Models()
	for _, m := range []*Model{ar.firstPass(), ar, latin} {
		var s scratch
		c, _ := s.wordCacheFor(m)
		for round := range 2 {
			for _, w := range cacheTestWords {
				e := c.lookup(w)
				if got, want := c.token(e), m.analyseWord(w, normalize.Fold(w)); got != want {
					t.Errorf("round %d: %q: cached token %+v, want %+v", round, w, got, want)
				}
				if got := c.word(e); got != w {
					t.Errorf("round %d: entry of %q holds %q", round, w, got)
				}
			}
			c.fill()
			if round == 0 {
				// Find the words again, then keep them (half at most)
				// as when full: their strings are copied.
				for _, w := range cacheTestWords {
					c.lookup(w)
				}
				c.reserveIn(1, int(c.n))
				kept := indexedWords(c)
				if len(kept) == 0 {
					t.Fatal("no words kept")
				}
				for w, e := range kept {
					if got, want := c.token(e), m.analyseWord(w, normalize.Fold(w)); got != want {
						t.Errorf("kept %q: cached token %+v, want %+v", w, got, want)
					}
				}
			}
			c.reserveIn(len(cacheTestWords), len(cacheTestWords))
		}
	}
}
