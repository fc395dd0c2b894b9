// Package ner finds names of people, organisations and places in Arabic,
// English and French text with a statistical sequence tagger: an averaged
// perceptron over hashed features (folded form, clitic-stripped stem,
// affixes, word shape, a ±2 context window, trigger words, word clusters
// and optional gazetteer tags) with first-order transitions, decoded with
// Viterbi under BIO constraints.
//
// Models are trained in Go (see Train and cmd/newsenrich-train) and the
// trained models are embedded in the binary (see Load).
package ner

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
)

// Labels of the tagger, in the order of the weight table's columns.
var labelNames = [numLabels]string{"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"}

const (
	numLabels = 7
	// stride is the row width of the weight table: numLabels padded to 8
	// so that one feature's weights sit in one 32-byte block.
	stride = 8
	// start is the row of the transition table for the sentence start.
	start = numLabels
)

// LabelName returns the BIO tag of label index l.
func LabelName(l int) string { return labelNames[l] }

// labelIndex returns the index of a BIO tag, 0 (O) for unknown tags.
func labelIndex(tag string) int {
	for i, n := range labelNames {
		if n == tag {
			return i
		}
	}
	return 0
}

// allowed reports whether label b may follow label a (a == start at the
// beginning of a sentence): I-X only continues B-X or I-X.
func allowed(a, b int) bool {
	if b == 0 || b%2 == 1 {
		return true
	}
	return a != start && a != 0 && (a+1)/2 == (b+1)/2
}

// Model is a trained tagger for one script family. It is safe for
// concurrent use once loaded.
type Model struct {
	// Name says what the model is for ("ar", "latin").
	Name string
	bits uint
	// w holds stride weights per bucket; only the first numLabels are used.
	// A model being trained has w; a model read from a file has tab
	// instead.
	w []float32
	// tab holds the weights of a model read from a file as stored, each
	// weight float32(weight)*scale: 16-bit integers, only the non-zero
	// rows (see weightTable).
	tab   *weightTable
	scale float32
	// q, when readModel is asked to keep it, holds the same weights as
	// tab in a dense table, stride int16 per bucket: the reference tests
	// check tab against. The tagger never reads it.
	q []int16
	// trans[a][b] is the weight of label b after label a (a == start at
	// the beginning of a sentence).
	trans [numLabels + 1][numLabels]float32
	// clusters maps a folded word to its fine and coarse cluster ids
	// (1-based; 0 means unknown).
	clusters map[string][2]uint16
	// triggers maps folded trigger words to their class.
	triggers map[string]string
	// names holds the folded known given names.
	names map[string]bool
	// caseClass maps folded Latin-script words to their case class
	// (caseLower ... caseUpper); nil disables the case-class features.
	// In a model with article features (articles), it maps bare Arabic
	// words to their article class too (see LearnArticleClasses): the
	// scripts keep the keys apart.
	caseClass map[string]uint8
	// articles is true when the model has article class features (see
	// articleLocalFeatures), its Arabic tokens' cc their article class.
	articles bool
	// memory maps folded words seen in training to their name memory
	// class (see memoryClass); nil disables the memory features.
	memory map[string]uint8
	// extra holds the extra word features (see WordExtra); nil for none.
	extra *WordExtra
	// wordLex maps folded words to their word lexicon class (LexPlace
	// ... LexFamily bits; see wordLexClass); nil disables the word
	// lexicon features.
	wordLex map[string]uint8
	// dict maps folded Latin-script words to their dictionary class
	// (DictCommon ... DictOther bits; see ReadDictionary); nil disables
	// the dictionary features.
	dict map[string]uint8
	// dicts holds the dictionaries of other languages (see
	// TrainOptions.DictLangs and ForLanguage), nil if none; dictNeutral
	// is true when the model was trained with dictionary dropout.
	dicts       map[string]LangDict
	dictNeutral bool
	// In a model ForLanguage returns: dictLang is the language of dict
	// ("" English), whose inflections dictClass strips; dictProper, when
	// not nil, the dictionary whose proper-noun bits count too; dictNone
	// is true when every word's class is DictNone.
	dictLang   string
	dictProper map[string]uint8
	dictNone   bool
	// nameLike scores the name likeness of Arabic words (see
	// NameScorer); nil disables the name-likeness features.
	nameLike *NameScorer
	// tables merges the word tables above for analyseWord, in a model
	// read from a file (see wordTables); nil: it reads the maps.
	tables *wordTables
	// runs is true when the model has capitalised-run features (see
	// runFeatures), with the organisation heads orgHeads.
	runs     bool
	orgHeads map[string]bool
	// lexicon is true when the model was trained with lexicon tags.
	lexicon bool
	// pairs is true when the model has features conjoined with the
	// previous label (see pairFeatures).
	pairs bool
	// docs is true when the model has document memory features (see
	// docMemory), computed over docWindow sentences either side.
	docs      bool
	docWindow int
	// stack, in a model with document memory, holds the families of its
	// stacking features (StackLabels, StackGiven, StackWords; see stackFeatures): what
	// the first pass found in the sentence itself; 0: none. retagWhich
	// says which sentences its second pass tags again (see Model.retag).
	stack      byte
	retagWhich RetagPolicy
	// first is the model of the first pass of a model with document
	// memory, trained without it; nil: the model itself.
	first *Model
	// analysedAs, when not nil, is a model that analyses every word as
	// this one does (see sameAnalysis): the first pass, whose word cache
	// then lends this model's the analyses of the words it holds.
	analysedAs *Model
	// firstContext is true when the context features of this model are
	// those of its first pass plus docFeatures (see sharesContext): a
	// second pass then reuses the first pass's buckets (see ctxStore).
	firstContext bool
	// rowsShared is true in the first pass of a model with firstContext
	// whose weight table shares its index with the model's (see
	// jointTables): the rows it finds for the context buckets it keeps
	// serve the second pass too (see ctxStore).
	rowsShared bool
	// twin, when not nil, is a model whose word sums the word cache of
	// this one keeps too (see wordCache.twin), and twinOf, in the twin,
	// this model: the twin analyses words alike, has the same word
	// features, and its weight table is joint with this one's (see
	// jointTables), so that a bucket's row serves both. The twin (the
	// second pass of a model with document memory) then finds its words
	// in its first pass's cache, which its sentences have just looked
	// up, instead of a cache of its own.
	twin, twinOf *Model
	// surface, when positive, is the window of the model's document
	// surface features (see surfaceClasses): sentences either side.
	surface int
	// oBias is subtracted from the score of O at decoding: the averaged
	// perceptron is cautious and misses names more than it invents them,
	// and a bias tuned on the dev split trades precision for recall.
	oBias float32
}

// SetOBias sets the decoding bias against O (see Train's tuning), of
// the first-pass model too.
func (m *Model) SetOBias(b float32) {
	m.oBias = b
	if m.first != nil {
		m.first.oBias = b
	}
}

// FirstPass returns the model that tags a sentence on its own: for a
// model with document memory, the model trained without it that makes
// the first pass (WriteTo writes it separately, to the file named with
// FirstPassSuffix); else the model itself.
func (m *Model) FirstPass() *Model { return m.firstPass() }

func (m *Model) firstPass() *Model {
	if m.first != nil {
		return m.first
	}
	return m
}

// FirstPassSuffix ends the name of the file of a model's first pass: the
// first pass of ar.nerm is ar.first.nerm.
const FirstPassSuffix = ".first"

// OBias returns the decoding bias against O.
func (m *Model) OBias() float32 { return m.oBias }

// newModel returns an empty model with 1<<bits buckets.
func newModel(name string, bits uint, clusters map[string][2]uint16) *Model {
	return &Model{
		Name:     name,
		bits:     bits,
		w:        make([]float32, (1<<bits)*stride),
		clusters: clusters,
		triggers: triggerWords(),
		names:    givenNames(),
	}
}

// scratch holds the buffers of one tagging call.
type scratch struct {
	// doc, when it has one byte per word, holds the document memory
	// classes of the words tagged (models trained with DocWindow).
	doc []byte
	// fp, when it has one label per word, holds the first pass's labels
	// of the words tagged again by a model with stacking features.
	fp []int
	// surf, when it has one byte per word, holds the surface classes of
	// the words tagged by a model with surface features (see
	// surfaceClasses), and surfc computes them; else the model tags the
	// sentence as a document of its own.
	surf  []byte
	surfc surfaceClasses
	// surfAlone holds the surface classes of a sentence tagged alone
	// (see sentenceSurface).
	surfAlone []byte
	toks      []token
	feats     []uint32
	// pair holds, per token, the scores of the previous-label-conjoined
	// features: pairRow (numLabels+1 previous labels × numLabels) floats.
	pair []float32
	// pairAt points, per token, at its pair scores: in pair, or, from
	// emissionsCached, in the token's word cache entry (see viterbiAt).
	pairAt []*[pairRow]float32
	ph     []hasher
	emit   []float32
	back   []int8
	score  []float32
	// folds serves analyse, for models being trained.
	folds FoldCache
	// caches keep the word types of quantised models (see wordCache), and
	// ents the cache entries of the tokens being tagged.
	caches []*wordCache
	ents   []int32
	hs     []uint32 // the hashes of the words being tagged in their cache
	acc    [][numLabels]int32
	sums   []*wordSums // the word sums of the tokens being tagged
	// touched combines the weights weightTable.touch read; it is never
	// used.
	touched uint64
	// ctx keeps the first pass's context feature buckets for the second.
	ctx ctxStore
}

// maxCtxStore bounds the buckets a ctxStore keeps (256 KiB; idle
// scratches keep their store): a document longer than about 3,500 Arabic
// tokens (some 20 KB of text) has its later sentences' context features
// hashed again in the second pass.
const maxCtxStore = 1 << 16

// ctxStore keeps the context feature buckets of the tokens the first pass
// of a document tagged (through emissionsCached) for its second pass,
// when the second pass's model shares them (see Model.firstContext): the
// buckets of kept token j are feats[ends[j]:ends[j+1]].
type ctxStore struct {
	// keep is the model whose buckets the pass being tagged keeps; nil
	// keeps none.
	keep *Model
	// use is true when the sentence being tagged (in a second pass) has
	// its tokens' buckets kept from kept token from on.
	use   bool
	from  int
	feats []uint32
	ends  []int
	// rows is true when feats holds the buckets' rows (see
	// weightTable.resolve) rather than the buckets: the model kept has
	// rowsShared.
	rows bool
	// ents holds the word cache entry of each kept token (see
	// keepEntries): a second pass whose cache is cache, which has made
	// room resets times, as when the first entry was kept, finds its
	// words there without a lookup.
	ents   []int32
	cache  *wordCache
	resets int
}

// keepEntries keeps the entries ents of cache c of the tokens whose
// buckets the store keeps. A cache that made room since the first
// entries were kept moved them: the store's entries then serve no second
// pass (cache nil).
func (c *ctxStore) keepEntries(wc *wordCache, ents []int32) {
	switch {
	case len(c.ents) == 0:
		c.cache, c.resets = wc, wc.resets
	case c.cache != wc || c.resets != wc.resets:
		c.cache = nil
	}
	c.ents = append(c.ents, ents...)
}

// reset forgets the buckets kept, and keeps those of model keep from now
// on (none when nil).
func (c *ctxStore) reset(keep *Model) {
	c.keep, c.use = keep, false
	c.rows = keep != nil && keep.rowsShared
	c.feats = c.feats[:0]
	c.ends = append(c.ends[:0], 0)
	c.ents, c.cache = c.ents[:0], nil
}

// start returns the index the buckets of the next token kept will have;
// -1 when the store keeps none. A store past maxCtxStore stops keeping.
func (c *ctxStore) start() int {
	if len(c.feats) > maxCtxStore {
		c.keep = nil
	}
	if c.keep == nil {
		return -1
	}
	return len(c.ends) - 1
}

// truncate forgets the buckets of the tokens kept from index k on.
func (c *ctxStore) truncate(k int) {
	c.feats = c.feats[:c.ends[k]]
	c.ends = c.ends[:k+1]
	c.ents = c.ents[:min(k, len(c.ents))]
}

// emissions fills s.emit with the emission scores of every token of
// s.toks and label, and s.pair with the pair scores when the model has
// pair features, summing the weights of the features feature by feature:
// the definition of the scores. For a quantised model, the weights are
// summed as integers and the sum scaled once; the tagger computes the
// same scores faster with emissionsCached.
func (m *Model) emissions(s *scratch, n int) {
	if cap(s.emit) < n*numLabels {
		s.emit = make([]float32, n*numLabels)
	}
	s.emit = s.emit[:n*numLabels]
	for i := 0; i < n; i++ {
		s.feats = m.features(s.feats[:0], s.toks, i)
		dst := s.emit[i*numLabels : i*numLabels+numLabels]
		if m.tab != nil {
			var acc [numLabels]int32
			m.sumRows(&acc, s.feats)
			m.scaled(dst, &acc)
		} else {
			clear(dst)
			for _, f := range s.feats {
				row := m.w[int(f)*stride : int(f)*stride+stride : int(f)*stride+stride]
				for l := range dst {
					dst[l] += row[l]
				}
			}
		}
		dst[0] -= m.oBias
	}
	if m.pairs {
		m.pairScores(s, n)
	}
}

// pairRow is the number of scores of one token's pair features.
const pairRow = (numLabels + 1) * numLabels

// pairScores fills s.pair with the scores of the pair features of every
// token for every previous label (start for the first token).
func (m *Model) pairScores(s *scratch, n int) {
	if cap(s.pair) < n*pairRow {
		s.pair = make([]float32, n*pairRow)
	}
	s.pair = s.pair[:n*pairRow]
	clear(s.pair)
	for i := 0; i < n; i++ {
		s.ph = m.pairFeatures(s.ph[:0], s.toks, i)
		a0, a1 := 0, numLabels
		if i == 0 {
			a0, a1 = start, start+1
		}
		for a := a0; a < a1; a++ {
			dst := s.pair[i*pairRow+a*numLabels : i*pairRow+a*numLabels+numLabels]
			if m.tab != nil {
				s.feats = s.feats[:0]
				for _, h := range s.ph {
					s.feats = append(s.feats, h.byte(byte(a)).bucket(m.bits))
				}
				var acc [numLabels]int32
				m.sumRows(&acc, s.feats)
				m.scaled(dst, &acc)
				continue
			}
			for _, h := range s.ph {
				f := int(h.byte(byte(a)).bucket(m.bits))
				row := m.w[f*stride : f*stride+stride : f*stride+stride]
				for l := range dst {
					dst[l] += row[l]
				}
			}
		}
	}
}

// viterbi returns the best label sequence for the emissions in s. Under
// the BIO constraints (see allowed) O and B-X may follow any label and
// I-X only B-X or I-X: the loops look at those and no other, in the order
// of the labels, so ties go to the first, as they did when every pair was
// looked at and the forbidden ones scored -Inf.
func (m *Model) viterbi(s *scratch, n int, out []int) []int {
	s.pairAt = s.pairAt[:0]
	if m.pairs && len(s.pair) >= n*pairRow {
		for i := range n {
			s.pairAt = append(s.pairAt, (*[pairRow]float32)(s.pair[i*pairRow:]))
		}
	}
	return m.viterbiAt(s, n, out)
}

// viterbiAt is viterbi with the pair scores of token i in s.pairAt[i]
// (none when s.pairAt is empty): emissionsCached points most tokens at
// the scores their word's cache entry keeps, rather than copying them.
// Of token 0 only the scores after the start are read, of the others
// only those after a label.
func (m *Model) viterbiAt(s *scratch, n int, out []int) []int {
	out = out[:0]
	if n == 0 {
		return out
	}
	if cap(s.back) < n*numLabels {
		s.back = make([]int8, n*numLabels)
	}
	s.back = s.back[:n*numLabels]
	var cur, next [numLabels]float32
	negInf := float32(math.Inf(-1))
	pair := m.pairs && len(s.pairAt) == n
	for b := 0; b < numLabels; b++ {
		if allowed(start, b) {
			cur[b] = m.trans[start][b] + s.emit[b]
			if pair {
				cur[b] += s.pairAt[0][start*numLabels+b]
			}
		} else {
			cur[b] = negInf
		}
	}
	trans := &m.trans
	var noPair [pairRow]float32 // adding zeros changes no score
	for i := 1; i < n; i++ {
		emit := (*[numLabels]float32)(s.emit[i*numLabels:])
		back := (*[numLabels]int8)(s.back[i*numLabels:])
		p := &noPair
		if pair {
			p = s.pairAt[i]
		}
		// O and B-X: after any label; I-X (b even, not O): after B-X
		// (b-1) or I-X (b). Each is the best of cur[a] + trans[a][b] +
		// p[a][b] and that label a, the first of equals, written out so
		// that the compiler knows every index and makes no call.
		best, arg := negInf, int8(0)
		best, arg = better(cur[0]+trans[0][0]+p[0], 0, best, arg)
		best, arg = better(cur[1]+trans[1][0]+p[7], 1, best, arg)
		best, arg = better(cur[2]+trans[2][0]+p[14], 2, best, arg)
		best, arg = better(cur[3]+trans[3][0]+p[21], 3, best, arg)
		best, arg = better(cur[4]+trans[4][0]+p[28], 4, best, arg)
		best, arg = better(cur[5]+trans[5][0]+p[35], 5, best, arg)
		best, arg = better(cur[6]+trans[6][0]+p[42], 6, best, arg)
		next[0], back[0] = best, arg
		best, arg = negInf, 0
		best, arg = better(cur[0]+trans[0][1]+p[1], 0, best, arg)
		best, arg = better(cur[1]+trans[1][1]+p[8], 1, best, arg)
		best, arg = better(cur[2]+trans[2][1]+p[15], 2, best, arg)
		best, arg = better(cur[3]+trans[3][1]+p[22], 3, best, arg)
		best, arg = better(cur[4]+trans[4][1]+p[29], 4, best, arg)
		best, arg = better(cur[5]+trans[5][1]+p[36], 5, best, arg)
		best, arg = better(cur[6]+trans[6][1]+p[43], 6, best, arg)
		next[1], back[1] = best, arg
		best, arg = negInf, 0
		best, arg = better(cur[0]+trans[0][3]+p[3], 0, best, arg)
		best, arg = better(cur[1]+trans[1][3]+p[10], 1, best, arg)
		best, arg = better(cur[2]+trans[2][3]+p[17], 2, best, arg)
		best, arg = better(cur[3]+trans[3][3]+p[24], 3, best, arg)
		best, arg = better(cur[4]+trans[4][3]+p[31], 4, best, arg)
		best, arg = better(cur[5]+trans[5][3]+p[38], 5, best, arg)
		best, arg = better(cur[6]+trans[6][3]+p[45], 6, best, arg)
		next[3], back[3] = best, arg
		best, arg = negInf, 0
		best, arg = better(cur[0]+trans[0][5]+p[5], 0, best, arg)
		best, arg = better(cur[1]+trans[1][5]+p[12], 1, best, arg)
		best, arg = better(cur[2]+trans[2][5]+p[19], 2, best, arg)
		best, arg = better(cur[3]+trans[3][5]+p[26], 3, best, arg)
		best, arg = better(cur[4]+trans[4][5]+p[33], 4, best, arg)
		best, arg = better(cur[5]+trans[5][5]+p[40], 5, best, arg)
		best, arg = better(cur[6]+trans[6][5]+p[47], 6, best, arg)
		next[5], back[5] = best, arg
		best, arg = negInf, 0
		best, arg = better(cur[1]+trans[1][2]+p[9], 1, best, arg)
		best, arg = better(cur[2]+trans[2][2]+p[16], 2, best, arg)
		next[2], back[2] = best, arg
		best, arg = negInf, 0
		best, arg = better(cur[3]+trans[3][4]+p[25], 3, best, arg)
		best, arg = better(cur[4]+trans[4][4]+p[32], 4, best, arg)
		next[4], back[4] = best, arg
		best, arg = negInf, 0
		best, arg = better(cur[5]+trans[5][6]+p[41], 5, best, arg)
		best, arg = better(cur[6]+trans[6][6]+p[48], 6, best, arg)
		next[6], back[6] = best, arg
		for b := range next {
			next[b] += emit[b]
		}
		cur = next
	}
	best, arg := negInf, 0
	for b := 0; b < numLabels; b++ {
		if cur[b] > best {
			best, arg = cur[b], b
		}
	}
	for i := 0; i < n; i++ {
		out = append(out, 0)
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = arg
		arg = int(s.back[i*numLabels+arg])
	}
	return out
}

// better returns v and its label a when v beats best, else best and arg.
func better(v float32, a int8, best float32, arg int8) (float32, int8) {
	if v > best {
		return v, a
	}
	return best, arg
}

// Labels returns the best label index sequence for words; gaz, when
// non-nil, holds one gazetteer tag per word (as used in training).
func (m *Model) labels(s *scratch, words, gaz []string, out []int) []int {
	if m.surface > 0 && len(s.surf) != len(words) {
		// No surface classes from a document: the sentence alone's.
		s.surfAlone = sentenceSurface(s.surfAlone[:0], words)
		doc := s.surf
		s.surf = s.surfAlone
		out = m.labels(s, words, gaz, out)
		s.surf = doc
		return out
	}
	if m.tab != nil {
		m.emissionsCached(s, words, gaz)
		return m.viterbiAt(s, len(words), out)
	}
	s.toks = m.analyse(s.toks, &s.folds, words, gaz)
	if len(s.doc) == len(words) {
		for i := range s.toks {
			s.toks[i].doc = s.doc[i]
		}
	}
	if len(s.fp) == len(words) {
		for i := range s.toks {
			s.toks[i].fp = byte(s.fp[i])
		}
	}
	if len(s.surf) == len(words) {
		for i := range s.toks {
			s.toks[i].surf = s.surf[i]
		}
	}
	m.emissions(s, len(words))
	return m.viterbi(s, len(words), out)
}

// UsesLexicon reports whether the model was trained with lexicon tags; it
// then tags best with the same lexicon.
func (m *Model) UsesLexicon() bool { return m.lexicon }

// Tag returns one BIO tag per word ("O", "B-PER", "I-LOC", ...). lex may
// be nil; when the model was trained with a lexicon, pass the same one.
func (m *Model) Tag(words []string, lex Lexicon) []string {
	var s scratch
	var gaz []string
	if m.lexicon {
		gaz = wordsLexTags(lex, words)
	}
	ls := m.labels(&s, words, gaz, nil)
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = labelNames[l]
	}
	return out
}

// Model file layout (all little endian, the whole stream gzip-compressed):
//
//	magic "NERM", version uint32
//	name: uint16 length + bytes
//	bits uint32, scale float32, flags uint32 (1: trained with a lexicon, 2: pair features, 4: document memory, bits 8-15 its window, bit 16: capitalised-run features, bit 17: document surface features, bits 24-31 their window, bit 18: article class features, bit 19: dictionary class features, bit 20: dictionaries of other languages, bit 21: trained with dictionary dropout, bits 3-4: the RetagPolicy of a model with document memory, bits 5-7 its stacking features), O bias float32
//	trans: (numLabels+1)*numLabels float32
//	clusters: uint32 count, then per word: uint8 length, bytes, uint16 fine, uint16 coarse
//	case classes (version 3): uint32 count, then per word: uint8 length, bytes, uint8 class
//	name memory (version 4): the same layout as the case classes
//	extra word features (version 5, written only for a model that has them or a word lexicon): see appendExtra
//	word lexicon (version 6, written only for a model that has one or a name scorer): the same layout as the case classes
//	name scorer (version 7, written only for a model that has one): see appendNameScorer
//	dictionary classes (flag bit 19, any version from 4): the same layout as the case classes
//	dictionaries of other languages (flag bit 20): see appendLangDicts
//	weights: (1<<bits)*numLabels int16, weight = value*scale
const (
	magic   = "NERM"
	version = 7
)

// WriteTo writes the model, its weights quantised to 16 bits.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	zw, err := gzip.NewWriterLevel(cw, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(zw)
	le := binary.LittleEndian
	var b []byte
	b = append(b, magic...)
	v := uint32(version)
	switch {
	case m.nameLike != nil:
	case m.wordLex != nil:
		v = 6 // the layout of models without a name scorer
	case m.extra != nil:
		v = 5 // the layout of models without a word lexicon
	default:
		v = 4 // the layout of models without extra word features
	}
	b = le.AppendUint32(b, v)
	b = le.AppendUint16(b, uint16(len(m.Name)))
	b = append(b, m.Name...)
	var maxAbs float32
	for i, v := range m.w {
		if i%stride < numLabels && abs32(v) > maxAbs {
			maxAbs = abs32(v)
		}
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	if m.w == nil && m.tab != nil { // read from a file: written as read
		scale = m.scale
	}
	b = le.AppendUint32(b, uint32(m.bits))
	b = le.AppendUint32(b, math.Float32bits(scale))
	var flags uint32
	if m.lexicon {
		flags |= 1
	}
	if m.pairs {
		flags |= 2
	}
	if m.docs {
		flags |= 4 | uint32(min(m.docWindow, 255))<<8
	}
	if m.runs {
		flags |= 1 << 16
	}
	if m.surface > 0 {
		flags |= 1<<17 | uint32(min(m.surface, 255))<<24
	}
	if m.articles {
		flags |= 1 << 18
	}
	if m.dict != nil {
		flags |= 1 << 19
	}
	if m.dict != nil && len(m.dicts) > 0 {
		flags |= 1 << 20
	}
	if m.dict != nil && m.dictNeutral {
		flags |= 1 << 21
	}
	if m.docs {
		flags |= uint32(m.stack&7)<<5 | uint32(m.retagWhich&3)<<3
	}
	b = le.AppendUint32(b, flags)
	b = le.AppendUint32(b, math.Float32bits(m.oBias))
	for a := range m.trans {
		for _, v := range m.trans[a] {
			b = le.AppendUint32(b, math.Float32bits(v))
		}
	}
	words := sortedKeys(m.clusters)
	b = le.AppendUint32(b, uint32(len(words)))
	for _, word := range words {
		if len(word) > 255 {
			continue
		}
		c := m.clusters[word]
		b = append(b, byte(len(word)))
		b = append(b, word...)
		b = le.AppendUint16(b, c[0])
		b = le.AppendUint16(b, c[1])
	}
	b = appendByteMap(b, m.caseClass)
	b = appendByteMap(b, m.memory)
	if v >= 5 {
		b = appendExtra(b, m.extra)
	}
	if v >= 6 {
		b = appendByteMap(b, m.wordLex)
	}
	if v >= 7 {
		b = appendNameScorer(b, m.nameLike)
	}
	if m.dict != nil {
		b = appendByteMap(b, m.dict)
	}
	if m.dict != nil && len(m.dicts) > 0 {
		b = appendLangDicts(b, m)
	}
	if _, err := bw.Write(b); err != nil {
		return cw.n, err
	}
	buf := make([]byte, 0, 2*numLabels*1024)
	for i := 0; i < 1<<m.bits; i++ {
		var read [stride]int16
		if m.w == nil && m.tab != nil {
			read = m.tab.row(uint32(i))
		}
		for l := 0; l < numLabels; l++ {
			q := read[l]
			if m.w != nil || m.tab == nil {
				q = int16(math.Round(float64(m.w[i*stride+l] / scale)))
			}
			buf = le.AppendUint16(buf, uint16(q))
		}
		if len(buf) >= cap(buf)-2*numLabels {
			if _, err := bw.Write(buf); err != nil {
				return cw.n, err
			}
			buf = buf[:0]
		}
	}
	if _, err := bw.Write(buf); err != nil {
		return cw.n, err
	}
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	if err := zw.Close(); err != nil {
		return cw.n, err
	}
	return cw.n, nil
}

// ReadModel reads a model written by WriteTo.
func ReadModel(r io.Reader) (*Model, error) { return readModel(r, false) }

// readModel reads a model written by WriteTo; dense keeps its weights in
// m.q too.
func readModel(r io.Reader, dense bool) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("ner: model: %w", err)
	}
	defer zr.Close()
	br := bufio.NewReader(zr)
	le := binary.LittleEndian
	head := make([]byte, 8)
	if _, err := io.ReadFull(br, head); err != nil {
		return nil, fmt.Errorf("ner: model header: %w", err)
	}
	if string(head[:4]) != magic {
		return nil, errors.New("ner: not a model file")
	}
	v := le.Uint32(head[4:])
	if v < 2 || v > version {
		return nil, fmt.Errorf("ner: model version %d, want %d", v, version)
	}
	var nameLen uint16
	if err := binary.Read(br, le, &nameLen); err != nil {
		return nil, fmt.Errorf("ner: model name: %w", err)
	}
	name := make([]byte, nameLen)
	if _, err := io.ReadFull(br, name); err != nil {
		return nil, fmt.Errorf("ner: model name: %w", err)
	}
	var hdr struct {
		Bits  uint32
		Scale float32
		Flags uint32
		OBias float32
	}
	if err := binary.Read(br, le, &hdr); err != nil {
		return nil, fmt.Errorf("ner: model header: %w", err)
	}
	if hdr.Bits < 4 || hdr.Bits > 26 {
		return nil, fmt.Errorf("ner: model has %d hash bits", hdr.Bits)
	}
	m := &Model{Name: string(name), bits: uint(hdr.Bits), triggers: triggerWords(), names: givenNames(), lexicon: hdr.Flags&1 != 0, pairs: hdr.Flags&2 != 0, docs: hdr.Flags&4 != 0, docWindow: int(hdr.Flags >> 8 & 255), oBias: hdr.OBias}
	if hdr.Flags&(1<<16) != 0 {
		m.runs, m.orgHeads = true, orgHeadWords()
	}
	if hdr.Flags&(1<<17) != 0 {
		m.surface = max(int(hdr.Flags>>24), 1)
	}
	m.articles = hdr.Flags&(1<<18) != 0
	if m.docs {
		m.stack = byte(hdr.Flags >> 5 & 7)
		m.retagWhich = RetagPolicy(hdr.Flags >> 3 & 3)
	}
	if err := binary.Read(br, le, &m.trans); err != nil {
		return nil, fmt.Errorf("ner: model transitions: %w", err)
	}
	var nc uint32
	if err := binary.Read(br, le, &nc); err != nil {
		return nil, fmt.Errorf("ner: model clusters: %w", err)
	}
	if nc > 0 {
		// The words are read into one string, the map's keys parts of
		// it: one object for the garbage collector instead of one per
		// word.
		var keys keyReader
		ids := make([][2]uint16, 0, min(nc, 1<<20))
		var wb [255 + 4]byte
		for k := uint32(0); k < nc; k++ {
			n, err := br.ReadByte()
			if err != nil {
				return nil, fmt.Errorf("ner: model clusters: %w", err)
			}
			if _, err := io.ReadFull(br, wb[:int(n)+4]); err != nil {
				return nil, fmt.Errorf("ner: model clusters: %w", err)
			}
			keys.add(wb[:n])
			ids = append(ids, [2]uint16{le.Uint16(wb[n:]), le.Uint16(wb[n+2:])})
		}
		m.clusters = make(map[string][2]uint16, len(ids))
		for k, c := range ids {
			m.clusters[keys.key(k)] = c
		}
	}
	if v >= 3 {
		if m.caseClass, err = readByteMap(br); err != nil {
			return nil, fmt.Errorf("ner: model case classes: %w", err)
		}
	}
	if v >= 4 {
		if m.memory, err = readByteMap(br); err != nil {
			return nil, fmt.Errorf("ner: model name memory: %w", err)
		}
	}
	if v >= 5 {
		if m.extra, err = readExtra(br); err != nil {
			return nil, fmt.Errorf("ner: model extra word features: %w", err)
		}
	}
	if v >= 6 {
		if m.wordLex, err = readByteMap(br); err != nil {
			return nil, fmt.Errorf("ner: model word lexicon: %w", err)
		}
	}
	if v >= 7 {
		if m.nameLike, err = readNameScorer(br); err != nil {
			return nil, fmt.Errorf("ner: model name scorer: %w", err)
		}
	}
	if hdr.Flags&(1<<19) != 0 {
		if m.dict, err = readByteMap(br); err != nil {
			return nil, fmt.Errorf("ner: model dictionary classes: %w", err)
		}
		if m.dict == nil {
			m.dict = map[string]uint8{}
		}
		m.dictNeutral = hdr.Flags&(1<<21) != 0
	}
	if hdr.Flags&(1<<19) != 0 && hdr.Flags&(1<<20) != 0 {
		if m.dicts, err = readLangDicts(br); err != nil {
			return nil, fmt.Errorf("ner: model dictionaries of other languages: %w", err)
		}
	}
	m.scale = hdr.Scale
	if dense {
		m.q = make([]int16, (1<<m.bits)*stride)
	}
	tb := newWeightTableBuilder(m.bits)
	// The rows are read a chunk of rows at a time.
	const rowBytes = 2 * numLabels
	chunk := make([]byte, rowBytes*1024)
	for i := 0; i < 1<<m.bits; {
		n := min(1<<m.bits-i, len(chunk)/rowBytes)
		if _, err := io.ReadFull(br, chunk[:n*rowBytes]); err != nil {
			return nil, fmt.Errorf("ner: model weights: %w", err)
		}
		for k := 0; k < n; k++ {
			var row [stride]int16
			for l := 0; l < numLabels; l++ {
				row[l] = int16(le.Uint16(chunk[k*rowBytes+2*l:]))
			}
			tb.add(&row)
			if dense {
				copy(m.q[(i+k)*stride:], row[:])
			}
		}
		i += n
	}
	m.tab = tb.table()
	m.tables = newWordTables(m)
	return m, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

// appendByteMap appends a map of words to bytes: uint32 count, then per
// word (in sorted order; words over 255 bytes are left out) uint8 length,
// bytes, the value.
func appendByteMap(b []byte, m map[string]uint8) []byte {
	words := make([]string, 0, len(m))
	for w := range m {
		if len(w) <= 255 {
			words = append(words, w)
		}
	}
	sort.Strings(words)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(words)))
	for _, w := range words {
		b = append(b, byte(len(w)))
		b = append(b, w...)
		b = append(b, m[w])
	}
	return b
}

// readByteMap reads a map written by appendByteMap; nil when empty.
func readByteMap(br *bufio.Reader) (map[string]uint8, error) {
	var n uint32
	if err := binary.Read(br, binary.LittleEndian, &n); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, nil
	}
	var keys keyReader
	vals := make([]uint8, 0, min(n, 1<<20))
	var wb [256]byte
	for k := uint32(0); k < n; k++ {
		l, err := br.ReadByte()
		if err != nil {
			return nil, err
		}
		if _, err := io.ReadFull(br, wb[:int(l)+1]); err != nil {
			return nil, err
		}
		keys.add(wb[:l])
		vals = append(vals, wb[l])
	}
	out := make(map[string]uint8, len(vals))
	for k, v := range vals {
		out[keys.key(k)] = v
	}
	return out, nil
}

// keyReader gathers the keys of a map read from a model file into one
// string, so that the map's keys are parts of one object rather than one
// object each (fewer objects for the garbage collector to mark).
type keyReader struct {
	buf  []byte
	ends []int
	all  string
}

// add appends key k.
func (r *keyReader) add(k []byte) {
	r.buf = append(r.buf, k...)
	r.ends = append(r.ends, len(r.buf))
}

// key returns key i; the keys cannot be added to after the first call.
func (r *keyReader) key(i int) string {
	if r.all == "" && len(r.buf) > 0 {
		r.all, r.buf = string(r.buf), nil
	}
	start := 0
	if i > 0 {
		start = r.ends[i-1]
	}
	return r.all[start:r.ends[i]]
}
