package ner

import (
	"maps"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/arabic"
	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// Feature templates. Each feature is a template id hashed with one or two
// strings into a bucket of the weight table. The ids are part of the model
// format: renumbering them invalidates trained models.
const (
	fBias byte = iota + 1
	fWord
	fStem
	fClitic
	fPre1
	fPre2
	fPre3
	fSuf1
	fSuf2
	fSuf3
	fSuf4
	fShape
	fWordM1
	fWordM2
	fWordP1
	fWordP2
	fStemM1
	fStemP1
	fBigramM1
	fBigramP1
	fShapeWin
	fTrigM1
	fTrigM2
	fTrig0
	fClus0
	fClusCoarse0
	fClusM1
	fClusP1
	fFirst
	fLen
	fGaz0
	fGazM1
	fGazP1
	fSuf2M1
	fSuf2P1
	fStemPre
	fCaseWord
	fShapeM1
	fShapeP1
	fStemSuf2
	fClusCoarseM1
	fClusCoarseP1
	fGram3
	fWordM1Stem
	fClusBigramM1
	fClusBigramP1
	fGiven0
	fGivenM1
	fGivenP1
	fParticleM1
	fTrigP1
	fTrigM1Clus
	fGivenM1Clus
	fCase0
	fCaseM1
	fCaseP1
	fPairWord
	fPairShape
	fPairClus
	fMem0
	fMemM1
	fMemP1
	fDoc0
	fDocM1
	fDocP1
	fDocClus
	fStk0
	fStkM2
	fStkM1
	fStkP1
	fStkP2
	fStkBiM1
	fStkBiP1
	fStkTri
	fStkBefore
	fStkAfter
	fStkClus
	fStkGiven
	fStkWordM1
	fStkWordP1
)

// token is the per-token analysis features are computed from: its
// strings and the rest (tokenInfo).
type token struct {
	fold    string // matching form
	stem    string // matching form without proclitics (Arabic) or the same
	clitic  string // the proclitic prefix removed, "" if none
	shape   string // collapsed character-class shape of the original
	trigger string // trigger class: "P" person title, "O" organisation head, "L" place head
	gaz     string // gazetteer tag (B-LOC, I-PER, ...) or ""
	tokenInfo
}

// tokenInfo is the part of a token without strings, nor any other
// pointer: a wordCache keeps it in entries the garbage collector need not
// scan (see wordEntry).
type tokenInfo struct {
	clus   uint16 // fine word cluster, 0 when unknown
	clusC  uint16 // coarse word cluster, 0 when unknown
	arabic bool
	upper  bool // starts with an upper-case letter
	given  bool // a known given name (Latin script: capitalised too)
	part   bool // a particle of Arabic names: أبو، بن، ابن، بنت، أم
	cc     byte // case class of a Latin-script word (caseUnknown if none)
	mem    byte // name memory class of the word (see memoryClass), 0 if unseen
	doc    byte // document memory class: what the first pass found for the word elsewhere in the document
	fp     byte // the first pass's label of the word, for a second pass with stacking features (see stackFeatures)
	surf   byte // surface class: how the word is written elsewhere in the document (see surfaceClasses)
	lex    byte // word lexicon class (LexPlace ... LexFamily bits), 0 if none
	dict   byte // dictionary class of a Latin-script word (DictCommon ... DictNone bits), 0 if none
	name   byte // name-likeness class of an Arabic word (see NameScorer.Classes), 0 if none
	// nameSplit is the name-likeness class of the word without a
	// conjunction or preposition, 0 if none.
	nameSplit byte
	// Affix lengths in bytes, found once per token rather than once per
	// feature (see suffix, prefix and stemSuffix2): at most 4 runes of at
	// most 4 bytes, they fit a byte whatever the word.
	sufLen   [5]uint8 // of suffix(fold, n) for n up to 4
	preLen   [4]uint8 // of prefix(stem, n) for n up to 3
	stemSuf2 uint8    // of suffix(stem, 2)

	// x is the row of the word's extra features plus one (see
	// WordExtra), 0 if none.
	x int32

	// The hashes of the context features that conjoin the word with a
	// neighbour, as far as the word goes when it comes first (see
	// contextFeatures and setLinkHashes): the template, the word's string
	// and the separator. The neighbour's string continues them, so each
	// feature hashes one word's string per token instead of two.
	bigramM1, bigramP1 hasher // fBigramM1 of the next token, fBigramP1 of this one
	shapeM1, shapeP1   hasher // fShapeM1 of the next token, fShapeP1 of this one
	shapeWin           hasher // fShapeWin of the next token
	// pairShape is the hash of the word's pair context feature (see
	// pairContextFeatures) as far as its shape and the separator: the
	// gazetteer tag continues it.
	pairShape hasher
}

// suffix returns the last n runes of t's matching form, n up to 4.
func (t *token) suffix(n int) string { return t.fold[len(t.fold)-int(t.sufLen[n]):] }

// prefix returns the first n runes of t's stem, n up to 3.
func (t *token) prefix(n int) string { return t.stem[:t.preLen[n]] }

// stemSuffix2 returns the last 2 runes of t's stem.
func (t *token) stemSuffix2() string { return t.stem[len(t.stem)-int(t.stemSuf2):] }

// setLinkHashes sets t's hashes of the context features it starts, from
// its matching form and shape.
func (t *token) setLinkHashes() {
	t.bigramM1 = fnvOffset.byte(fBigramM1).str(t.fold).byte(0)
	t.bigramP1 = fnvOffset.byte(fBigramP1).str(t.fold).byte(0)
	t.shapeM1 = fnvOffset.byte(fShapeM1).str(t.shape).byte(0)
	t.shapeP1 = fnvOffset.byte(fShapeP1).str(t.shape).byte(0)
	t.shapeWin = fnvOffset.byte(fShapeWin).str(t.shape).byte(0)
	t.pairShape = fnvOffset.byte(fPairShape).str(t.shape).byte(0)
}

// suffixStarts returns the starts of the suffixes of s of 0 to 4 runes:
// s[st[n]:] == suffix(s, n).
func suffixStarts(s string) (st [5]int) {
	st[0] = len(s)
	for n := 1; n < len(st); n++ {
		i := st[n-1]
		if i > 0 {
			_, size := utf8.DecodeLastRuneInString(s[:i])
			i -= size
		}
		st[n] = i
	}
	return st
}

// prefixEnds returns the ends of the prefixes of s of 0 to 3 runes:
// s[:e[n]] == prefix(s, n).
func prefixEnds(s string) (e [4]int) {
	for n := 1; n < len(e); n++ {
		i := e[n-1]
		if i < len(s) {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
		e[n] = i
	}
	return e
}

// analyse fills the analyses of words. gaz, when non-nil, holds one
// gazetteer tag per word. fc, when non-nil, remembers matching forms.
func (m *Model) analyse(dst []token, fc *FoldCache, words []string, gaz []string) []token {
	dst = dst[:0]
	for i, w := range words {
		t := m.analyseWord(w, fc.Fold(w))
		if gaz != nil && i < len(gaz) {
			t.gaz = gaz[i]
		}
		dst = append(dst, t)
	}
	return dst
}

// initialCase reports whether w starts with an upper-case letter, and
// whether it starts in Arabic script.
func initialCase(w string) (upper, arabic bool) {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r), isArabic(r)
}

// analyseWord returns the analysis of word w, whose matching form is
// fold, apart from its gazetteer tag (which depends on the words around
// it): everything else in a token is a function of the word alone, which
// is what lets wordCache keep it per word type.
func (m *Model) analyseWord(w, fold string) token {
	t := token{fold: fold}
	t.stem = t.fold
	t.upper, t.arabic = initialCase(w)
	var stem string
	var p int
	if t.arabic {
		stem, p = arabic.Stem(t.fold)
		if p > 0 && stem != "" {
			t.stem, t.clitic = stem, t.fold[:p]
		}
	}
	t.shape = shape(w)
	if m.tables != nil {
		m.classesFromTables(&t, stem, p)
	} else {
		m.classesFromMaps(&t)
	}
	if m.dict != nil && !t.arabic {
		// Outside the merged tables: a copy of the model for another
		// language (see ForLanguage) shares them but reads its own dictionary.
		t.dict = m.wordDictClass(t.fold)
	}
	if m.nameLike != nil && t.arabic && t.cc == artUnknown {
		// Only words too rare for an article class: the letters speak
		// for the words the news text says little about (a class for
		// every word: CV -0.14 F1 where this gives +0.33, seed 1).
		t.name, t.nameSplit = m.nameLike.Classes(t.fold)
	}
	if m.extra != nil {
		t.x = m.extra.row(t.fold, t.stem)
	}
	st := suffixStarts(t.fold)
	for n, i := range st {
		t.sufLen[n] = uint8(len(t.fold) - i)
	}
	for n, e := range prefixEnds(t.stem) {
		t.preLen[n] = uint8(e)
	}
	if t.stem == t.fold {
		t.stemSuf2 = t.sufLen[2]
	} else {
		t.stemSuf2 = uint8(len(t.stem) - suffixStarts(t.stem)[2])
	}
	t.setLinkHashes()
	return t
}

// classesFromMaps sets the parts of token t that the word tables of m
// give: its trigger class, clusters, given name, case or article class,
// name memory and word lexicon classes. t has its forms, case and
// script. It is the definition: a model read from a file finds the same
// in one merged map (see classesFromTables).
func (m *Model) classesFromMaps(t *token) {
	t.trigger = m.triggers[t.fold]
	if t.trigger == "" && t.stem != t.fold {
		t.trigger = m.triggers[t.stem]
	}
	if c, ok := m.clusters[t.fold]; ok {
		t.clus, t.clusC = c[0], c[1]
	} else if c, ok := m.clusters[t.stem]; ok {
		t.clus, t.clusC = c[0], c[1]
	}
	if t.arabic {
		t.given = m.names[t.fold] || (t.stem != t.fold && m.names[t.stem])
		t.part = nameParticle(t.fold)
		if m.articles {
			t.cc = m.articleClass(t)
		}
	} else {
		t.given = t.upper && m.names[t.fold]
		if m.caseClass != nil {
			t.cc = m.caseClass[t.fold]
		}
	}
	if m.memory != nil {
		t.mem = m.memory[t.fold]
	}
	if m.wordLex != nil {
		t.lex = m.wordLexClass(t)
	}
}

// maxFoldCache bounds the words a FoldCache remembers.
const maxFoldCache = 1 << 14

// FoldCache remembers the matching forms of the words it folded: most
// words of the news recur from sentence to sentence and article to
// article, and normalize.Fold allocates. The zero value is ready to use;
// a FoldCache is not safe for concurrent use. It holds copies of at most
// 16,384 words, never the texts they came from.
type FoldCache struct {
	m map[string]string
}

// Fold returns normalize.Fold(w). A nil cache just folds.
func (c *FoldCache) Fold(w string) string {
	if c == nil {
		return normalize.Fold(w)
	}
	if f, ok := c.m[w]; ok {
		return f
	}
	f := normalize.Fold(w)
	if c.m == nil {
		c.m = make(map[string]string)
	} else if len(c.m) >= maxFoldCache {
		clear(c.m)
	}
	// Words are substrings of the caller's text: keep copies, not the
	// text. normalize.Fold returns a lower-case ASCII word itself and
	// builds a new string for any other, so a word folded to itself
	// outside ASCII (most Arabic words) is its own copy already.
	key := f
	if f != w || lowerASCII(w) {
		key = strings.Clone(w)
		if f == w {
			f = key
		}
	}
	c.m[key] = f
	return f
}

// lowerASCII reports whether w has no upper-case letter and no byte
// outside ASCII: normalize.Fold(w) is w itself.
func lowerASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

func isArabic(r rune) bool {
	return (r >= 0x0600 && r <= 0x06FF) || (r >= 0x0750 && r <= 0x077F) || (r >= 0xFB50 && r <= 0xFDFF) || (r >= 0xFE70 && r <= 0xFEFF)
}

// shape returns the collapsed character-class shape of w: X upper case, x
// lower case, a Arabic letter, l other letter, d digit, p punctuation, s
// anything else; runs of one class are written once, and the shape keeps
// at most 6 classes.
func shape(w string) string {
	var buf [6]byte
	n := 0
	var last byte
	for _, r := range w {
		c := runeClass(r)
		if c == 0 || c == last {
			continue
		}
		last = c
		if n == len(buf) {
			break
		}
		buf[n] = c
		n++
	}
	return string(buf[:n])
}

// runeClass returns the class of r in a shape, 0 for a mark (which the
// shape leaves out).
func runeClass(r rune) byte {
	// The letters and marks of the core Arabic block, most of the runes
	// of Arabic text, without the tables' binary searches.
	switch {
	case r >= 0x0621 && r <= 0x064A:
		return 'a'
	case r >= 0x064B && r <= 0x065F:
		return 0
	}
	switch {
	case isArabic(r) && unicode.IsLetter(r):
		return 'a'
	case unicode.IsUpper(r):
		return 'X'
	case unicode.IsLower(r):
		return 'x'
	case unicode.IsLetter(r):
		return 'l'
	case unicode.IsDigit(r):
		return 'd'
	case unicode.IsPunct(r):
		return 'p'
	case unicode.Is(unicode.M, r):
		return 0
	}
	return 's'
}

// hasher computes FNV-1a hashes of features without allocating.
type hasher uint64

const (
	fnvOffset hasher = 14695981039346656037
	fnvPrime  hasher = 1099511628211
)

func (h hasher) byte(b byte) hasher { return (h ^ hasher(b)) * fnvPrime }

func (h hasher) str(s string) hasher {
	for ; len(s) >= 4; s = s[4:] { // four bytes a turn: fewer loop steps
		h = (h ^ hasher(s[0])) * fnvPrime
		h = (h ^ hasher(s[1])) * fnvPrime
		h = (h ^ hasher(s[2])) * fnvPrime
		h = (h ^ hasher(s[3])) * fnvPrime
	}
	for i := 0; i < len(s); i++ {
		h = (h ^ hasher(s[i])) * fnvPrime
	}
	return h
}

func (h hasher) u16(v uint16) hasher { return h.byte(byte(v)).byte(byte(v >> 8)) }

// bucket reduces a hash to a bucket of a table of 1<<bits buckets.
func (h hasher) bucket(bits uint) uint32 {
	x := uint64(h)
	x ^= x >> 29
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 32
	return uint32(x & (1<<bits - 1))
}

const (
	boundary = "<s>"
	edge     = "</s>"
)

// The features of a token fall in three kinds, and every feature template
// belongs to exactly one of them. The kinds are what lets the tagger sum
// the weights of most features once per word type (see wordCache) rather
// than once per token, so a new feature must go in the function of its
// kind, and in no other:
//
//   - localFeatures read only the token's own analysis (anything
//     analyseWord computes from the word; not its gazetteer tag) and
//     whether it starts the sentence;
//   - neighbourFeatures read only the analysis of the one token at an
//     offset of -2, -1, +1 or +2 (or that the offset falls outside the
//     sentence), never the token itself;
//   - contextFeatures hold everything else: conjunctions of the token with
//     its neighbours, and anything that reads a gazetteer tag.
//
// The features conjoined with the previous label split the same way:
// pairLocalFeatures and pairContextFeatures. TestCachedScores checks, on
// random sentences, that the cached sums equal the plain sums over
// features and pairFeatures.

// neighbourOffsets are the offsets neighbourFeatures are defined for, in
// the order of wordEntry.nb.
var neighbourOffsets = [...]int{-2, -1, 1, 2}

// features appends the buckets of all the features of token i of toks to
// dst: the ones of localFeatures, neighbourFeatures at every offset and
// contextFeatures. Training uses this list; the tagger sums the same
// weights through wordCache.
func (m *Model) features(dst []uint32, toks []token, i int) []uint32 {
	dst = m.localFeatures(dst, &toks[i], i == 0)
	for _, off := range neighbourOffsets {
		var nb *token
		if j := i + off; j >= 0 && j < len(toks) {
			nb = &toks[j]
		}
		dst = m.neighbourFeatures(dst, off, nb)
	}
	return m.contextFeatures(dst, toks, i)
}

// localFeatures appends the buckets of the features of token t that read
// nothing but t's analysis without its gazetteer tag, and first: whether
// t starts its sentence.
func (m *Model) localFeatures(dst []uint32, t *token, first bool) []uint32 {
	bits := m.bits
	h0 := fnvOffset
	add := func(h hasher) { dst = append(dst, h.bucket(bits)) }
	add(h0.byte(fBias))
	add(h0.byte(fWord).str(t.fold))
	add(h0.byte(fStem).str(t.stem))
	add(h0.byte(fClitic).str(t.clitic))
	add(h0.byte(fStemPre).str(t.clitic).byte(0).str(t.prefix(2)))
	add(h0.byte(fPre1).str(t.prefix(1)))
	add(h0.byte(fPre2).str(t.prefix(2)))
	add(h0.byte(fPre3).str(t.prefix(3)))
	add(h0.byte(fSuf1).str(t.suffix(1)))
	add(h0.byte(fSuf2).str(t.suffix(2)))
	add(h0.byte(fSuf3).str(t.suffix(3)))
	add(h0.byte(fSuf4).str(t.suffix(4)))
	add(h0.byte(fStemSuf2).str(t.stemSuffix2()))
	add(h0.byte(fShape).str(t.shape))
	if t.trigger != "" {
		add(h0.byte(fTrig0).str(t.trigger))
	}
	if t.given {
		add(h0.byte(fGiven0))
	}
	if m.caseClass != nil && !t.arabic {
		add(h0.byte(fCase0).byte(t.cc).byte(boolByte(t.upper)).byte(boolByte(first)))
	}
	if m.memory != nil {
		add(h0.byte(fMem0).byte(t.mem))
	}
	if m.articles && t.arabic {
		dst = m.articleLocalFeatures(dst, t, first)
	}
	if m.wordLex != nil {
		dst = m.wordLexLocalFeatures(dst, t)
	}
	if m.dict != nil {
		dst = m.dictLocalFeatures(dst, t, first)
	}
	if m.nameLike != nil {
		dst = m.nameLocalFeatures(dst, t)
	}
	if first {
		add(h0.byte(fFirst).str(t.shape))
	}
	if !t.arabic {
		// Case carries the signal in Latin script: the word as cased.
		add(h0.byte(fCaseWord).str(t.fold).byte(boolByte(t.upper)).byte(boolByte(first)))
	}
	// Character trigrams of the stem with word-boundary marks: spelling
	// patterns of transliterated foreign names generalise across names.
	if t.arabic && len(t.stem) > 2 {
		var starts [33]int
		k := 0
		for j := range t.stem {
			if k == len(starts)-1 {
				break
			}
			starts[k] = j
			k++
		}
		starts[k] = len(t.stem)
		if k == len(starts)-1 {
			starts[k] = starts[k-1] // long word: stop at the last whole rune
			k--
		}
		for j := 0; j+3 <= k; j++ {
			add(h0.byte(fGram3).str(t.stem[starts[j]:starts[j+3]]))
		}
	}
	n := utf8.RuneCountInString(t.stem)
	if n > 8 {
		n = 8
	}
	add(h0.byte(fLen).byte(byte(n)))
	if m.clusters != nil {
		add(h0.byte(fClus0).u16(t.clus))
		add(h0.byte(fClusCoarse0).u16(t.clusC))
	}
	if m.extra != nil {
		dst = m.extraLocalFeatures(dst, t)
	}
	return dst
}

// neighbourFeatures appends the buckets of the features that read only
// the token nb at offset off (one of neighbourOffsets) from the token
// featured; nb is nil when the offset falls outside the sentence. They
// must not read nb's gazetteer tag.
func (m *Model) neighbourFeatures(dst []uint32, off int, nb *token) []uint32 {
	bits := m.bits
	h0 := fnvOffset
	add := func(h hasher) { dst = append(dst, h.bucket(bits)) }
	if nb == nil {
		mark := edge
		if off < 0 {
			mark = boundary
		}
		switch off {
		case -2:
			add(h0.byte(fWordM2).str(mark))
		case -1:
			add(h0.byte(fWordM1).str(mark))
			add(h0.byte(fStemM1).str(mark))
		case 1:
			add(h0.byte(fWordP1).str(mark))
			add(h0.byte(fStemP1).str(mark))
		case 2:
			add(h0.byte(fWordP2).str(mark))
		}
		return dst
	}
	switch off {
	case -2:
		add(h0.byte(fWordM2).str(nb.fold))
		if nb.trigger != "" {
			add(h0.byte(fTrigM2).str(nb.trigger))
		}
	case -1:
		add(h0.byte(fWordM1).str(nb.fold))
		add(h0.byte(fStemM1).str(nb.stem))
		add(h0.byte(fSuf2M1).str(nb.suffix(2)))
		if nb.trigger != "" {
			add(h0.byte(fTrigM1).str(nb.trigger))
		}
		if m.clusters != nil {
			add(h0.byte(fClusM1).u16(nb.clus))
			add(h0.byte(fClusCoarseM1).u16(nb.clusC))
		}
	case 1:
		add(h0.byte(fWordP1).str(nb.fold))
		add(h0.byte(fStemP1).str(nb.stem))
		add(h0.byte(fSuf2P1).str(nb.suffix(2)))
		if nb.trigger != "" {
			add(h0.byte(fTrigP1).str(nb.trigger))
		}
		if m.clusters != nil {
			add(h0.byte(fClusP1).u16(nb.clus))
			add(h0.byte(fClusCoarseP1).u16(nb.clusC))
		}
	case 2:
		add(h0.byte(fWordP2).str(nb.fold))
	}
	if m.articles {
		dst = m.articleNeighbourFeatures(dst, off, nb)
	}
	if m.wordLex != nil {
		dst = m.wordLexNeighbourFeatures(dst, off, nb)
	}
	if m.dict != nil {
		dst = m.dictNeighbourFeatures(dst, off, nb)
	}
	if m.nameLike != nil {
		dst = m.nameNeighbourFeatures(dst, off, nb)
	}
	if m.extra != nil {
		dst = m.extraNeighbourFeatures(dst, off, nb)
	}
	return dst
}

// contextFeatures appends the buckets of the features of token i of toks
// that are neither local nor read a single neighbour: conjunctions of the
// token with its neighbours and the features of gazetteer tags.
func (m *Model) contextFeatures(dst []uint32, toks []token, i int) []uint32 {
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
	// The bigrams of words and shapes, continued from the hashes of the
	// word that comes first (see setLinkHashes): the same hashes as
	// h0.byte(fBigramM1).str(wordM1).byte(0).str(t.fold) and so on, with
	// wordM1 and shapeM1 boundary before the sentence, wordP1 and shapeP1
	// edge after it.
	var bigramM1, shapeM1, shapeWin hasher
	if prev != nil {
		bigramM1, shapeM1, shapeWin = prev.bigramM1, prev.shapeM1, prev.shapeWin
	} else {
		bigramM1 = h0.byte(fBigramM1).str(boundary).byte(0)
		shapeM1 = h0.byte(fShapeM1).str(boundary).byte(0)
		shapeWin = h0.byte(fShapeWin).str(boundary).byte(0)
	}
	wordP1, shapeP1 := edge, edge
	if next != nil {
		wordP1, shapeP1 = next.fold, next.shape
	}
	add(bigramM1.str(t.fold))
	add(t.bigramP1.str(wordP1))
	add(shapeM1.str(t.shape))
	add(t.shapeP1.str(shapeP1))
	add(shapeWin.str(t.shape).byte(0).str(shapeP1))
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
		dst = m.docFeatures(dst, toks, i)
	}
	if m.articles {
		dst = m.articleContextFeatures(dst, toks, i)
	}
	if m.wordLex != nil {
		dst = m.wordLexContextFeatures(dst, toks, i)
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
	if m.dict != nil {
		dst = m.dictContextFeatures(dst, toks, i)
	}
	return dst
}

// docFeatures appends the buckets of the document memory features of
// token i of toks, the context features that read the tokens' document
// memory classes (see docMemory), for a model with document memory. They
// are the only context features a model with document memory has and its
// first pass has not, when the two share the others (see sharesContext).
func (m *Model) docFeatures(dst []uint32, toks []token, i int) []uint32 {
	bits := m.bits
	h0 := fnvOffset
	t := &toks[i]
	dst = append(dst, h0.byte(fDoc0).byte(t.doc).bucket(bits))
	if t.doc > 1 {
		dst = append(dst, h0.byte(fDocClus).byte(t.doc).u16(t.clusC).bucket(bits))
	}
	var pd, nd byte = 9, 9
	if i > 0 {
		pd = toks[i-1].doc
	}
	if i+1 < len(toks) {
		nd = toks[i+1].doc
	}
	dst = append(dst, h0.byte(fDocM1).byte(pd).byte(t.doc).bucket(bits))
	dst = append(dst, h0.byte(fDocP1).byte(t.doc).byte(nd).bucket(bits))
	if m.stack != 0 {
		dst = m.stackFeatures(dst, toks, i)
	}
	return dst
}

// The families of stacking features (see TrainOptions.Stack).
const (
	// StackLabels: the first-pass labels around the word.
	StackLabels byte = 1 << iota
	// StackGiven: whether a word just before a first-pass person's name
	// is a known given name.
	StackGiven
	// StackWords: the word with the first-pass labels of its neighbours.
	StackWords
)

// noLabel stands for the first-pass label of a position outside the
// sentence in stackFeatures.
const noLabel = 9

// stackFeatures appends the buckets of the stacking features of token i
// of toks, for a second pass that sees the first pass's labels (token.fp):
// the labels of the words at -2..+2, the label bigrams and trigram around
// the word, the label with the word's document memory class and coarse
// cluster, and, for a word just before or just after a first-pass name,
// the name's type and length (with whether the word is a known given
// name, when the name after it is a person's: a given name the first pass
// dropped before a surname it found).
func (m *Model) stackFeatures(dst []uint32, toks []token, i int) []uint32 {
	bits := m.bits
	h0 := fnvOffset
	n := len(toks)
	at := func(j int) byte {
		if j < 0 || j >= n {
			return noLabel
		}
		return toks[j].fp
	}
	t := &toks[i]
	m2, m1, p1, p2 := at(i-2), at(i-1), at(i+1), at(i+2)
	labels := m.stack&StackLabels != 0
	if labels {
		dst = append(dst,
			h0.byte(fStk0).byte(t.fp).byte(t.doc).bucket(bits),
			h0.byte(fStkM2).byte(m2).byte(t.fp).bucket(bits),
			h0.byte(fStkM1).byte(m1).bucket(bits),
			h0.byte(fStkP1).byte(p1).bucket(bits),
			h0.byte(fStkP2).byte(t.fp).byte(p2).bucket(bits),
			h0.byte(fStkBiM1).byte(m1).byte(t.fp).bucket(bits),
			h0.byte(fStkBiP1).byte(t.fp).byte(p1).bucket(bits),
			h0.byte(fStkTri).byte(m1).byte(t.fp).byte(p1).bucket(bits),
			h0.byte(fStkClus).byte(t.fp).u16(t.clusC).bucket(bits),
		)
	}
	if m.stack&StackWords != 0 {
		dst = append(dst,
			h0.byte(fStkWordM1).byte(m1).str(t.stem).bucket(bits),
			h0.byte(fStkWordP1).str(t.stem).byte(p1).bucket(bits))
	}
	// A name starts at i+1 (B-X there: it does not continue one through
	// the word).
	if p1 != noLabel && p1%2 == 1 {
		j := i + 2
		for j < n && toks[j].fp == p1+1 {
			j++
		}
		typ, l := (p1+1)/2, byte(min(j-i-1, 4))
		if labels {
			dst = append(dst, h0.byte(fStkBefore).byte(typ).byte(l).byte(t.fp).bucket(bits))
		}
		if typ == 1 && m.stack&StackGiven != 0 {
			dst = append(dst,
				h0.byte(fStkGiven).byte(boolByte(t.given)).byte(t.fp).byte(l).bucket(bits),
				h0.byte(fStkGiven).byte(boolByte(t.given)).byte(t.fp).u16(t.clusC).bucket(bits))
		}
	}
	// A name ends at i-1 (the word does not continue it).
	if labels && m1 != noLabel && m1 != 0 && !(m1%2 == 1 && t.fp == m1+1) && !(m1%2 == 0 && t.fp == m1) {
		k := i - 1
		for k > 0 && toks[k].fp != 0 && toks[k].fp%2 == 0 {
			k--
		}
		typ, l := (m1+1)/2, byte(min(i-k, 4))
		dst = append(dst, h0.byte(fStkAfter).byte(typ).byte(l).byte(t.fp).bucket(bits))
	}
	return dst
}

// sharesContext reports whether the context features of model a are those
// of model b plus a's document memory features (see docFeatures), for any
// tokens: whether they analyse words alike, hash into tables of the same
// size and have the same families of context features. b has no document
// memory.
func sharesContext(a, b *Model) bool {
	return !b.docs && sameAnalysis(a, b) && a.bits == b.bits &&
		(a.caseClass == nil) == (b.caseClass == nil) &&
		(a.memory == nil) == (b.memory == nil) &&
		(a.clusters == nil) == (b.clusters == nil) &&
		(a.dict == nil) == (b.dict == nil) &&
		a.runs == b.runs && a.articles == b.articles && maps.Equal(a.orgHeads, b.orgHeads) && a.surface == b.surface
}

// sameWordFeatures reports whether models a and b, which analyse words
// alike (see sameAnalysis), give every word the same localFeatures,
// neighbourFeatures and pairLocalFeatures: whether they hash into tables
// of the same size and have the same families of word features.
func sameWordFeatures(a, b *Model) bool {
	return sameAnalysis(a, b) && a.bits == b.bits && a.pairs == b.pairs &&
		(a.caseClass == nil) == (b.caseClass == nil) &&
		(a.memory == nil) == (b.memory == nil) &&
		(a.clusters == nil) == (b.clusters == nil) &&
		(a.wordLex == nil) == (b.wordLex == nil) &&
		(a.extra == nil) == (b.extra == nil) &&
		a.articles == b.articles
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// triggerWords returns the trigger lexicon: words that announce a name of a
// class next to them. "P": titles and roles before a person's name; "O":
// heads of organisation names; "L": heads of place names. The words are
// general vocabulary of news, in Arabic, English and French.
func triggerWords() map[string]string {
	lists := [...]struct {
		class string
		words []string
	}{
		{"P", []string{
			"الرئيس", "رئيس", "وزير", "وزيرة", "الملك", "الأمير", "الشيخ", "السيد", "السيدة",
			"المتحدث", "المتحدثة", "الناطق", "الأمين", "العام", "المستشار", "النائب", "الزعيم",
			"الجنرال", "اللواء", "العقيد", "الدكتور", "د.", "القاضي", "المدرب", "اللاعب", "الفنان",
			"الفنانة", "الكاتب", "الشاعر", "المبعوث", "السفير", "نائب", "قائد", "مدير", "رئيسة",
			"mr", "mrs", "ms", "dr", "president", "minister", "king", "queen", "prince", "sir",
			"senator", "governor", "general", "pope", "chancellor", "secretary", "spokesman",
			"spokeswoman", "m", "mme", "président", "présidente", "ministre", "roi", "reine",
			"porte-parole", "général", "secrétaire", "premier",
			"الوزير", "الوزيرة", "رئيس", "الرئيسة", "الملكة", "الأميرة", "ولي", "السلطان", "المهندس",
			"العميد", "المشير", "الفريق", "الرائد", "النقيب", "البابا", "الإمام", "المطران", "الحاخام",
			"المرشح", "المرشحة", "الصحفي", "الصحفية", "المراسل", "المديرة", "المدير", "زعيم", "مؤسس",
			"المؤسس", "السناتور", "السيناتور", "الحاكم", "حاكم", "عمدة", "المفوض", "المندوب",
			"المستشارة", "الأستاذ", "البروفيسور", "المحامي", "الممثل", "الممثلة", "المغني", "المطرب",
			"prime", "vice", "ambassador", "lord", "lady", "rev", "reverend", "coach", "captain",
			"colonel", "lieutenant", "sergeant", "judge", "justice", "professor", "prof", "bishop",
			"archbishop", "cardinal", "sheikh", "emir", "sultan", "chairman", "ceo", "director",
			"founder", "singer", "actor", "actress", "player", "striker", "manager", "spokesperson",
			"mayor", "leader", "rep", "sen", "gov", "gen", "col", "capt", "lt", "sgt", "saint",
			"monsieur", "madame", "maire", "député", "sénateur", "ambassadeur", "docteur", "pape",
			"princesse", "chancelière", "chancelier",
		}},
		{"O", []string{
			"وكالة", "صحيفة", "مجلس", "شركة", "حزب", "جامعة", "منظمة", "حركة", "جماعة", "مجموعة",
			"اتحاد", "وزارة", "هيئة", "جمعية", "بنك", "مصرف", "نادي", "منتخب", "قناة", "مؤسسة",
			"لجنة", "محكمة", "جيش", "جبهة", "تنظيم", "مركز", "معهد", "البنك", "الاتحاد", "المجلس",
			"agency", "newspaper", "council", "party", "university", "organization", "organisation",
			"company", "bank", "ministry", "committee", "union", "club", "group", "corporation",
			"association", "institute", "court", "army", "front", "inc", "ltd", "corp", "fc",
			"agence", "journal", "conseil", "parti", "université", "organisation", "société",
			"banque", "ministère", "comité", "groupe", "armée",
			"الوكالة", "الصحيفة", "الشركة", "الحزب", "الجامعة", "المنظمة", "الحركة", "الجماعة",
			"المجموعة", "الوزارة", "الهيئة", "الجمعية", "المصرف", "النادي", "المنتخب", "القناة",
			"المؤسسة", "اللجنة", "المحكمة", "الجيش", "الجبهة", "التنظيم", "المركز", "المعهد",
			"ائتلاف", "تحالف", "التحالف", "كتائب", "ميليشيا", "مليشيا", "فيلق", "قوات", "شبكة",
			"إذاعة", "تلفزيون", "مجلة", "رابطة", "نقابة", "صندوق", "مكتب", "ديوان", "برلمان",
			"airlines", "airways", "records", "press", "times", "news", "network", "tv", "radio",
			"magazine", "foundation", "society", "league", "federation", "college", "school",
			"hospital", "church", "commission", "department", "office", "board", "authority",
			"parliament", "assembly", "congress", "senate", "navy", "forces", "band", "team", "fund",
			"bureau", "co", "llc", "plc", "gmbh", "ag", "brothers", "motors", "entertainment",
			"association", "fédération", "ligue", "fondation", "commission", "assemblée", "sénat",
			"institut", "école", "hôpital", "église", "compagnie", "syndicat", "mouvement",
		}},
		{"L", []string{
			"مدينة", "العاصمة", "محافظة", "ولاية", "إقليم", "منطقة", "جزيرة", "جزر", "بحر", "نهر",
			"جبل", "جبال", "خليج", "قرية", "بلدة", "شمال", "جنوب", "شرق", "غرب", "مقاطعة",
			"city", "capital", "province", "state", "region", "island", "islands", "sea", "river",
			"mount", "lake", "gulf", "village", "town", "north", "south", "east", "west", "county",
			"ville", "capitale", "province", "région", "île", "mer", "fleuve", "mont", "lac",
			"golfe", "nord", "sud", "ouest",
			"المدينة", "المحافظة", "الولاية", "الإقليم", "النهر", "البحر", "الجبل", "البلدة", "القرية",
			"حي", "مخيم", "مطار", "ميناء", "شارع", "ساحة", "قضاء", "ناحية", "جمهورية", "مملكة", "إمارة",
			"صحراء", "وادي", "ضواحي", "عاصمة", "بلدة", "المنطقة",
			"street", "avenue", "road", "park", "square", "bridge", "valley", "mountains", "bay",
			"coast", "peninsula", "desert", "canyon", "district", "borough", "kingdom", "republic",
			"airport", "port", "rue", "boulevard", "pont", "vallée", "montagne", "baie", "côte",
			"désert", "département", "commune", "royaume", "république", "aéroport",
		}},
	}
	out := make(map[string]string)
	for _, l := range lists {
		for _, w := range l.words {
			f := normalize.Fold(strings.TrimSuffix(w, "."))
			if _, dup := out[f]; !dup {
				out[f] = l.class
			}
		}
	}
	return out
}

// pairFeatures appends the hashes of the features of token i that are
// conjoined with the previous label (the caller adds the label and takes
// the bucket): the word, its shape with its lexicon tag, and its word
// cluster. They let the tagger learn, say, that a word continues an
// organisation's name but starts no name of its own. They are the ones of
// pairLocalFeatures and pairContextFeatures.
func (m *Model) pairFeatures(dst []hasher, toks []token, i int) []hasher {
	dst = m.pairLocalFeatures(dst, &toks[i])
	return m.pairContextFeatures(dst, toks, i)
}

// pairLocalFeatures appends the hashes of the pair features of token t
// that read only t's analysis without its gazetteer tag.
func (m *Model) pairLocalFeatures(dst []hasher, t *token) []hasher {
	h0 := fnvOffset
	dst = append(dst, h0.byte(fPairWord).str(t.fold))
	if m.clusters != nil {
		dst = append(dst, h0.byte(fPairClus).u16(t.clus))
	}
	return dst
}

// pairContextFeatures appends the hashes of the other pair features of
// token i of toks: the ones that read a gazetteer tag or other tokens.
func (m *Model) pairContextFeatures(dst []hasher, toks []token, i int) []hasher {
	t := &toks[i]
	// fnvOffset.byte(fPairShape).str(t.shape).byte(0).str(t.gaz)
	return append(dst, t.pairShape.str(t.gaz))
}
