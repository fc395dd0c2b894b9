package ner

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

// referenceContextFeatures is contextFeatures as first written: every
// feature hashed from its strings, without the hashes tokens keep (see
// setLinkHashes). TestContextFeaturesMatchReference and
// FuzzContextFeatures check that both give the same buckets.
func (m *Model) referenceContextFeatures(dst []uint32, toks []token, i int) []uint32 {
	bits := m.bits
	h0 := fnvOffset
	add := func(h hasher) { dst = append(dst, h.bucket(bits)) }
	t := &toks[i]
	var prev, next *token
	if i > 0 {
		prev = &toks[i-1]
	}
	if i+1 < len(toks) {
		next = &toks[i+1]
	}
	wordM1, shapeM1 := boundary, boundary
	if prev != nil {
		wordM1, shapeM1 = prev.fold, prev.shape
	}
	wordP1, shapeP1 := edge, edge
	if next != nil {
		wordP1, shapeP1 = next.fold, next.shape
	}
	add(h0.byte(fBigramM1).str(wordM1).byte(0).str(t.fold))
	add(h0.byte(fBigramP1).str(t.fold).byte(0).str(wordP1))
	add(h0.byte(fShapeM1).str(shapeM1).byte(0).str(t.shape))
	add(h0.byte(fShapeP1).str(t.shape).byte(0).str(shapeP1))
	add(h0.byte(fShapeWin).str(shapeM1).byte(0).str(t.shape).byte(0).str(shapeP1))
	if prev != nil && prev.trigger != "" {
		add(h0.byte(fTrigM1Clus).str(prev.trigger).u16(t.clusC))
	}
	if prev != nil && prev.given {
		add(h0.byte(fGivenM1).byte(boolByte(t.given)))
		add(h0.byte(fGivenM1Clus).u16(t.clusC))
	}
	if next != nil && next.given {
		add(h0.byte(fGivenP1).byte(boolByte(t.given)))
	}
	if prev != nil && prev.part {
		add(h0.byte(fParticleM1).byte(boolByte(t.given)))
	}
	if m.caseClass != nil && !t.arabic {
		if prev != nil {
			add(h0.byte(fCaseM1).byte(prev.cc).byte(boolByte(prev.upper)).byte(t.cc).byte(boolByte(t.upper)))
		}
		if next != nil {
			add(h0.byte(fCaseP1).byte(t.cc).byte(boolByte(t.upper)).byte(next.cc).byte(boolByte(next.upper)))
		}
	}
	if m.memory != nil {
		if prev != nil {
			add(h0.byte(fMemM1).byte(prev.mem).byte(t.mem))
		}
		if next != nil {
			add(h0.byte(fMemP1).byte(t.mem).byte(next.mem))
		}
	}
	if m.clusters != nil {
		if prev != nil {
			add(h0.byte(fClusBigramM1).u16(prev.clus).u16(t.clus))
		}
		if next != nil {
			add(h0.byte(fClusBigramP1).u16(t.clus).u16(next.clus))
		}
	}
	if m.docs {
		add(h0.byte(fDoc0).byte(t.doc))
		if t.doc > 1 {
			add(h0.byte(fDocClus).byte(t.doc).u16(t.clusC))
		}
		var pd, nd byte = 9, 9
		if prev != nil {
			pd = prev.doc
		}
		if next != nil {
			nd = next.doc
		}
		add(h0.byte(fDocM1).byte(pd).byte(t.doc))
		add(h0.byte(fDocP1).byte(t.doc).byte(nd))
		if m.stack != 0 {
			dst = m.stackFeatures(dst, toks, i)
		}
	}
	if m.articles {
		dst = m.articleContextFeatures(dst, toks, i)
	}
	if m.wordLex != nil {
		if prev != nil && (prev.lex != 0 || t.lex != 0) {
			add(h0.byte(fLexBigramM1).byte(prev.lex).byte(t.lex))
		}
		if next != nil && (t.lex != 0 || next.lex != 0) {
			add(h0.byte(fLexBigramP1).byte(t.lex).byte(next.lex))
		}
	}
	if m.nameLike != nil {
		dst = m.nameContextFeatures(dst, toks, i)
	}
	if t.gaz != "" {
		add(h0.byte(fGaz0).str(t.gaz))
	}
	if prev != nil && prev.gaz != "" {
		add(h0.byte(fGazM1).str(prev.gaz))
	}
	if next != nil && next.gaz != "" {
		add(h0.byte(fGazP1).str(next.gaz))
	}
	if m.runs {
		dst = m.runFeatures(dst, toks, i)
	}
	if m.surface > 0 {
		dst = m.surfaceFeatures(dst, toks, i)
	}
	if m.dict != nil && !t.arabic {
		if prev != nil {
			add(h0.byte(fDictBigramM1).byte(prev.dict).byte(boolByte(prev.upper)).byte(t.dict).byte(boolByte(t.upper)))
		}
		if next != nil {
			add(h0.byte(fDictBigramP1).byte(t.dict).byte(boolByte(t.upper)).byte(next.dict).byte(boolByte(next.upper)))
		}
		if t.upper {
			a, b := runBounds(toks, i)
			var others uint16
			for j := a; j <= b; j++ {
				if j != i && toks[j].upper {
					others |= 1 << toks[j].dict
				}
			}
			add(h0.byte(fDictRun).byte(t.dict).u16(others).byte(boolByte(a == b)))
			if m.surface > 0 {
				add(h0.byte(fDictSurf).byte(t.dict).byte(t.surf))
			}
		}
	}
	return dst
}

// testModels returns the shipped models: Arabic, its first pass (when it
// has one) and Latin.
func testModels(tb testing.TB) []*Model {
	tg := loadTagger(tb)
	ar, latin := tg.Models()
	ms := []*Model{ar, latin}
	if ar.first != nil {
		ms = append(ms, ar.first)
	}
	return ms
}

// checkContextFeatures fails t unless contextFeatures and
// referenceContextFeatures give the same buckets for every token of
// words under every model.
func checkContextFeatures(t *testing.T, ms []*Model, words, gaz []string, docs []byte) {
	t.Helper()
	for _, m := range ms {
		toks := m.analyse(nil, nil, words, gaz)
		for i := range toks {
			if i < len(docs) {
				toks[i].doc = docs[i]
				toks[i].surf = docs[i] % 17      // a surface class (see surfaceClasses)
				toks[i].fp = docs[i] % numLabels // a first-pass label
			}
		}
		for i := range toks {
			checkAffixes(t, &toks[i])
			got := m.contextFeatures(nil, toks, i)
			want := m.referenceContextFeatures(nil, toks, i)
			if !slices.Equal(got, want) {
				t.Fatalf("%s %q token %d: context features %v, reference %v", m.Name, words, i, got, want)
			}
			ph := m.pairContextFeatures(nil, toks, i)
			if want := fnvOffset.byte(fPairShape).str(toks[i].shape).byte(0).str(toks[i].gaz); len(ph) != 1 || ph[0] != want {
				t.Fatalf("%s %q token %d: pair context features %v, want [%v]", m.Name, words, i, ph, want)
			}
		}
	}
}

// TestContextFeaturesMatchReference checks the context features of
// random sentences of both scripts, with gazetteer tags and document
// memory classes, against the reference implementation.
func TestContextFeaturesMatchReference(t *testing.T) {
	ms := testModels(t)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		words, gaz := randomSentence(rng)
		docs := make([]byte, len(words))
		for i := range docs {
			docs[i] = byte(rng.IntN(4))
		}
		checkContextFeatures(t, ms, words, gaz, docs)
	}
}

// FuzzContextFeatures checks the context features of any sentence (the
// text's fields as words; its bytes as document memory classes) against
// the reference implementation.
func FuzzContextFeatures(f *testing.F) {
	ms := testModels(f)
	f.Add("قال الرئيس فلاديمير بوتين في موسكو .", []byte{0, 1, 2, 3})
	f.Add("President Joe Biden met Emmanuel Macron in Paris .", []byte{})
	f.Add("x", []byte{9})
	f.Fuzz(func(t *testing.T, text string, docs []byte) {
		words := strings.Fields(text)
		if len(words) > maxSentence {
			words = words[:maxSentence]
		}
		gaz := make([]string, len(words))
		tags := []string{"", "B-LOC", "I-PER", "B-ORG"}
		for i := range gaz {
			gaz[i] = tags[len(words[i])%len(tags)]
		}
		checkContextFeatures(t, ms, words, gaz, docs)
	})
}

// TestSecondPassReusesContext checks that the scores of a second pass
// that adds its document memory features to the context buckets its
// first pass kept (see ctxStore) are, bit for bit, the scores summed
// feature by feature, for sentences kept at any place of the store.
func TestSecondPassReusesContext(t *testing.T) {
	tg := loadTagger(t)
	ar, _ := tg.Models()
	if !ar.firstContext {
		t.Skip("the Arabic model shares no context features with its first pass")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	var s, plain scratch
	for range 300 {
		// A document of a few sentences, its first pass keeping buckets.
		s.ctx.reset(ar.first)
		var sents [][2][]string
		var from []int
		for range 1 + rng.IntN(5) {
			words, gaz := randomSentence(rng)
			from = append(from, s.ctx.start())
			ar.first.emissionsCached(&s, words, gaz)
			sents = append(sents, [2][]string{words, gaz})
		}
		if s.ctx.start() <= 0 {
			t.Fatal("the first pass kept no buckets")
		}
		for k, sent := range sents {
			words, gaz := sent[0], sent[1]
			docs := make([]byte, len(words))
			for i := range docs {
				docs[i] = byte(rng.IntN(4))
			}
			// First-pass labels, for a second pass with stacking
			// features: B or I after a label of the same type, else
			// B or O.
			fp := make([]int, len(words))
			for i := range fp {
				if l := rng.IntN(numLabels); l%2 == 1 || (i > 0 && fp[i-1] != 0 && (fp[i-1]+1)/2 == (l+1)/2) {
					fp[i] = l
				}
			}
			s.doc, s.fp = docs, fp
			s.ctx.use, s.ctx.from = true, from[k]
			// The first pass's cache has not made room since: the
			// second pass finds its words' entries in the store, with
			// no lookup (no hash).
			s.hs = append(s.hs[:0], 0)
			ar.emissionsCached(&s, words, gaz)
			if len(s.hs) != 1 {
				t.Fatalf("%q (sentence %d): the second pass looked its words up again", words, k)
			}
			s.ctx.use = false
			s.doc, s.fp = nil, nil
			plain.toks = ar.analyse(plain.toks, nil, words, gaz)
			for i := range plain.toks {
				plain.toks[i].doc = docs[i]
				plain.toks[i].fp = byte(fp[i])
			}
			ar.emissions(&plain, len(words))
			if !slices.Equal(s.emit, plain.emit) {
				t.Fatalf("%q (sentence %d kept from %d): second pass emissions %v, plain %v", words, k, from[k], s.emit, plain.emit)
			}
			if ar.pairs && !slices.Equal(s.flatPairs(len(words)), plain.pair) {
				t.Fatalf("%q: second pass pair scores differ", words)
			}
		}
	}
}

// checkAffixes fails t unless the affixes token tk gives are the ones
// prefix and suffix define.
func checkAffixes(t *testing.T, tk *token) {
	t.Helper()
	for n := range len(tk.sufLen) {
		if got, want := tk.suffix(n), suffix(tk.fold, n); got != want {
			t.Fatalf("suffix(%q, %d) = %q, want %q", tk.fold, n, got, want)
		}
	}
	for n := range len(tk.preLen) {
		if got, want := tk.prefix(n), prefix(tk.stem, n); got != want {
			t.Fatalf("prefix(%q, %d) = %q, want %q", tk.stem, n, got, want)
		}
	}
	if got, want := tk.stemSuffix2(), suffix(tk.stem, 2); got != want {
		t.Fatalf("suffix(%q, 2) = %q, want %q", tk.stem, got, want)
	}
}

// TestTokenAffixes checks the affixes of analysed words, of either
// script, with and without clitics, of runes of every length and invalid
// bytes, against prefix and suffix.
func TestTokenAffixes(t *testing.T) {
	for _, m := range testModels(t) {
		for _, w := range append([]string{"", "a", "ab", "abcde", "وبالرئيس", "لبيونغ", "وال", "é\xffx", "\xff\xfe", "\xe2\x82", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "و𝔘𝔫𝔦"}, cacheTestWords...) {
			tk := m.analyseWord(w, normalize.Fold(w))
			checkAffixes(t, &tk)
		}
	}
}

// TestPairLocalsAfterReserve checks the pair scores of tokens with
// gazetteer tags, whose words' pair local sums a word cache keeps (see
// pairLocalOf), against the plain sums, before and after the cache makes
// room and moves the entries it keeps.
func TestPairLocalsAfterReserve(t *testing.T) {
	tg := loadTagger(t)
	ar, latin := tg.Models()
	rng := rand.New(rand.NewPCG(7, 8))
	var cached, plain scratch
	for k := range 400 {
		m := ar
		if k%2 == 1 {
			m = latin
		}
		words, gaz := randomSentence(rng)
		if gaz == nil {
			gaz = make([]string, len(words))
			for i := range gaz {
				gaz[i] = "B-LOC"
			}
		}
		if k%50 == 48 { // the Arabic model (with pair features)
			c, _ := cached.wordCacheFor(m)
			c.reserveIn(1, int(c.n)) // keep the words found again, moved
		}
		m.emissionsCached(&cached, words, gaz)
		plain.toks = m.analyse(plain.toks, nil, words, gaz)
		m.emissions(&plain, len(words))
		if (m.pairs && !slices.Equal(cached.flatPairs(len(words)), plain.pair)) || !slices.Equal(cached.emit, plain.emit) {
			t.Fatalf("%s %q %q: cached scores differ from the plain sums", m.Name, words, gaz)
		}
	}
	for _, c := range cached.caches {
		if c.n > 0 && c.m.pairs && len(c.models[0].pairLocals) == 0 && len(c.models[1].pairLocals) == 0 {
			t.Errorf("%s: no pair local sums kept (%d entries, %d resets)", c.m.Name, c.n, c.resets)
		}
	}
}

// TestEntitiesReuseContext checks that tagging with the second pass
// reusing the first pass's context buckets finds the entities found
// without, on documents short and long enough to fill the store (see
// maxCtxStore), and that a full store keeps no more.
func TestEntitiesReuseContext(t *testing.T) {
	tg := loadTagger(t)
	ar, latin := tg.Models()
	if !ar.firstContext {
		t.Skip("the Arabic model shares no context features with its first pass")
	}
	plainAr := *ar
	plainAr.firstContext = false
	plain := New(&plainAr, latin, tg.Lexicon())
	for _, copies := range []int{1, 3, 60} {
		text := strings.Repeat(benchText()+"\n", copies)
		toks := tokenize.Tokenize(text)
		got, want := tg.Entities(text, toks, nil), plain.Entities(text, toks, nil)
		if !slices.Equal(got, want) {
			t.Fatalf("%d copies (%d tokens): %d entities reusing context buckets, %d without", copies, len(toks), len(got), len(want))
		}
	}
	var c ctxStore
	c.reset(ar.first)
	c.feats = make([]uint32, maxCtxStore+1)
	if k := c.start(); k != -1 || c.keep != nil {
		t.Errorf("a full store starts token %d, keeps %v", k, c.keep)
	}
}
