package ner

import (
	"hash/maphash"
	"maps"
	"math"
	"slices"
	"strings"
	"unsafe"

	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// maxWordCache bounds the word types a wordCache keeps (but for the
// words of one longer sentence): 21 MB of entries. On a stream of
// 2,000 ANT articles (after 1,000 more) the Arabic first pass finds 84.6%
// of its words with 16,384, 89.8% with 32,768 and 93.7% with 65,536, and
// a word not found costs about two found.
const maxWordCache = 1 << 15

// wordEntry is what a wordCache keeps of one word type: its analysis and
// the sums of the quantised weights of the features that read nothing
// else (see localFeatures, neighbourFeatures and pairLocalFeatures). The
// sums are of int16 weights in int32, exact whatever the order, so a
// token's score summed from them is the score summed feature by feature.
//
// An entry holds no pointer, so that the garbage collector need not scan
// the tens of megabytes of a tagger's caches at each cycle: the strings
// of the word and of its analysis are spans of one of the cache's byte
// arenas (wordCache.arenas), which hold no pointers either, so that the
// collector has a few dozen objects to mark instead of one string per
// entry.
type wordEntry struct {
	h uint32 // the hash of the key in the cache's index
	// arena is the index in the cache's arenas of the one that holds the
	// entry's strings.
	arena int32
	// head holds the key's first bytes, so that most words are compared
	// without reading the key's own memory.
	head [wordHead]byte
	// spans are the key and the strings of its analysis (see packToken)
	// in the entry's arena.
	spans [numTokSpans]strSpan
	info  tokenInfo // the analysis but its strings, without a gazetteer tag
	// hits counts the lookups that found the entry since it was added or
	// kept by the last reserve that made room.
	hits int32
	// wordSums are the sums of the cache's model.
	wordSums
	// pairHash is the hash of the word's pair context feature with no
	// gazetteer tag, when hasPair: the word's pair scores (see
	// wordSums.pair) hold its rows.
	pairHash hasher
	hasPair  bool
}

// wordSums are the sums of one model's weights for one word of a
// wordCache.
type wordSums struct {
	// local sums localFeatures of a token not at the start of a sentence,
	// first (when hasFirst) of one at the start.
	local, first [numLabels]int32
	hasFirst     bool
	// nb[k] sums neighbourFeatures of this word at neighbourOffsets[k]
	// from the token featured.
	nb [len(neighbourOffsets)][numLabels]int32
	// pair holds the pair scores of the word with no gazetteer tag (as
	// emissionsCached writes them to scratch.pair), when the entry
	// hasPair: its pairLocalFeatures and its pair context feature of hash
	// pairHash, summed after each previous label (start last) and scaled.
	// Most tokens have them; the others are summed from the table.
	pair [pairRow]float32
	// pairLocal is the index plus one in the model's pairLocals of the
	// sums of the word's pairLocalFeatures, once a token of the word had
	// a gazetteer tag (see pairLocalOf); 0 if none.
	pairLocal int32
}

// strSpan is the span [start, end) of a string in another.
type strSpan struct{ start, end uint32 }

// The spans of a wordEntry: its key, then the strings of its token.
const (
	spanWord = iota
	spanFold
	spanStem
	spanClitic
	spanShape
	spanTrigger
	numTokSpans
)

// packToken appends to dst the bytes of word w and its analysis t (whose
// gaz must be "") that an entry keeps, and returns them with the spans of
// w and t's strings in dst: each string is the first occurrence of its
// bytes in what packToken appended, which is w then the strings not found
// in what is before. It never grows dst: the caller makes room for the
// lengths of all the strings.
func packToken(dst []byte, w string, t *token) ([]byte, [numTokSpans]strSpan) {
	parts := [numTokSpans]string{w, t.fold, t.stem, t.clitic, t.shape, t.trigger}
	var spans [numTokSpans]strSpan
	base := len(dst)
	for k, p := range parts {
		i := -1
		if len(dst) > base {
			// A view of the bytes appended so far, dropped before the
			// next append.
			i = strings.Index(unsafe.String(&dst[base], len(dst)-base), p)
		}
		if i < 0 {
			i = len(dst) - base
			dst = append(dst, p...)
		}
		spans[k] = strSpan{uint32(base + i), uint32(base + i + len(p))}
	}
	return dst, spans
}

// packedLen returns the number of bytes packToken may append for word w
// and its analysis t.
func packedLen(w string, t *token) int {
	return len(w) + len(t.fold) + len(t.stem) + len(t.clitic) + len(t.shape) + len(t.trigger)
}

// arenaString returns the bytes of span sp of arena a as a string. The
// bytes of an arena are never written again once an entry spans them.
func arenaString(a []byte, sp strSpan) string {
	if sp.end == sp.start {
		return ""
	}
	a = a[:sp.end] // the one bounds check: sp.start < sp.end
	return unsafe.String((*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(a)), sp.start)), sp.end-sp.start)
}

// bufString returns the bytes of b as a string, valid until b is written
// again.
func bufString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// packedSpan returns the span of an arena that spans (of one entry) cover.
func packedSpan(spans *[numTokSpans]strSpan) strSpan {
	sp := spans[spanWord]
	for _, s := range spans[1:] {
		if s.end > sp.end {
			sp.end = s.end
		}
		if s.start < sp.start && s.end > s.start {
			sp.start = s.start
		}
	}
	return sp
}

// arenaChunk is the size of the byte arenas of a wordCache.
const arenaChunk = 64 << 10

// room returns the index of an arena with room for n more bytes,
// starting a new one when the last has not: arenas never grow, so the
// strings that span them stay put.
func (c *wordCache) room(n int) int32 {
	k := len(c.arenas) - 1
	if k < 0 || cap(c.arenas[k])-len(c.arenas[k]) < n {
		c.arenas = append(c.arenas, make([]byte, 0, max(arenaChunk, n)))
		k++
	}
	return int32(k)
}

// copyPacked appends to the cache's arenas the bytes of the strings of
// an entry with spans sp in arena src, and returns the arena and the
// spans of the copy.
func (c *wordCache) copyPacked(src []byte, sp [numTokSpans]strSpan) (int32, [numTokSpans]strSpan) {
	all := packedSpan(&sp)
	k := c.room(int(all.end - all.start))
	a := c.arenas[k]
	shift := uint32(len(a)) - all.start
	c.arenas[k] = append(a, src[all.start:all.end]...)
	for j := range sp {
		sp[j].start += shift
		sp[j].end += shift
	}
	return k, sp
}

// token returns the token of entry e, whose strings are parts of its
// string.
func (c *wordCache) token(e int32) token {
	var t token
	c.setToken(&t, e)
	return t
}

// setToken sets *t to the token of entry e (see token).
func (c *wordCache) setToken(t *token, e int32) { c.setTokenOf(t, c.entry(e)) }

// setTokenOf sets *t to the token of entry ent.
func (c *wordCache) setTokenOf(t *token, ent *wordEntry) {
	a := c.arenas[ent.arena]
	sp := &ent.spans
	t.tokenInfo = ent.info
	t.fold = arenaString(a, sp[spanFold])
	t.stem = arenaString(a, sp[spanStem])
	t.clitic = arenaString(a, sp[spanClitic])
	t.shape = arenaString(a, sp[spanShape])
	t.trigger = arenaString(a, sp[spanTrigger])
	t.gaz = ""
}

// word returns the word of entry e.
func (c *wordCache) word(e int32) string {
	ent := c.entry(e)
	return arenaString(c.arenas[ent.arena], ent.spans[spanWord])
}

// wordCache keeps, for one quantised model, the analyses and weight sums
// of the word types met so far: most words of the news recur from
// sentence to sentence and article to article, and their features then
// cost one index lookup instead of dozens of reads scattered over a
// weight table larger than the CPU caches. It holds copies of at most
// maxWordCache words (576 bytes each, nine cache lines, 400 more for the
// sums of a twin, and the bytes of their strings), never the texts they
// came from, and makes room when full (see reserve). Not safe for
// concurrent use: each tagging scratch has its own.
type wordCache struct {
	m     *Model
	index wordIndex
	// arenas hold the strings of the entries (see wordEntry), appended
	// to the last; reserve copies the strings of the entries it keeps to
	// new ones.
	arenas [][]byte
	// lender, when not nil, is the cache of a model that analyses words
	// as m does: a word it holds is not analysed again.
	lender *wordCache
	// chunks hold the entries, entryChunk at a time: they stay put as
	// the cache grows, and stay allocated when it starts afresh.
	chunks []*[entryChunk]wordEntry
	n      int32 // entries in use
	// models are the sums of m (models[0]) and, when the cache has a
	// twin, of the twin (models[1]).
	models [2]modelSums
	// twin is true when the cache keeps the sums of m.twin too, in
	// twinChunks, side by side with the entries: the sums of the twin,
	// which analyses words as m does, has the same word features and a
	// weight table joint with m's (see Model.twin), computed with m's
	// from the same rows (in the same cache lines). The twin then needs
	// no cache of its own.
	twin       bool
	twinChunks []*[entryChunk]wordSums
	feats      []uint32
	ph         []hasher
	// foldBuf holds the matching form of the word being analysed.
	foldBuf []byte
	// pending holds the entries lookup added and fill has not summed.
	pending []int32
	// touched combines the weights weightTable.touch read; it is never
	// used.
	touched uint64
	// hits, misses and resets count lookups and fresh starts, lent the
	// analyses taken from the lender, for the benchmarks and tests.
	hits, misses, resets, lent int
}

// modelSums are the sums a wordCache keeps for one model but per word.
type modelSums struct {
	m *Model
	// edge[k] sums neighbourFeatures at neighbourOffsets[k] when that
	// offset falls outside the sentence.
	edge [len(neighbourOffsets)][numLabels]int32
	// pairIndex maps the hashes of pair context features to their sums
	// in pairSums (see pairRows).
	pairIndex map[hasher]int32
	pairSums  [][pairRow]int32
	// pairLocals holds the sums of the pairLocalFeatures of the words met
	// with a gazetteer tag (see pairLocalOf), at most maxPairLocals.
	pairLocals [][pairRow]int32
}

// newModelSums returns the sums of model m with no word yet.
func newModelSums(m *Model) modelSums {
	ms := modelSums{m: m}
	var feats []uint32
	for k, off := range neighbourOffsets {
		feats = m.neighbourFeatures(feats[:0], off, nil)
		m.sumRows(&ms.edge[k], feats)
	}
	return ms
}

// entryChunk is the number of entries allocated at a time.
const entryChunk = 256

// sums returns the sums of model k (see wordCache.models) of entry e.
func (c *wordCache) sums(k int, e int32) *wordSums {
	if k == 0 {
		return &c.entry(e).wordSums
	}
	return &c.twinChunks[uint32(e)/entryChunk][uint32(e)%entryChunk]
}

// entry returns entry e.
func (c *wordCache) entry(e int32) *wordEntry {
	return &c.chunks[uint32(e)/entryChunk][uint32(e)%entryChunk]
}

// newWordCache returns an empty cache for the quantised model m, which
// keeps the sums of m.twin too when m has one.
func newWordCache(m *Model, seed maphash.Seed) *wordCache {
	c := &wordCache{m: m, index: wordIndex{seed: seed}}
	c.models[0] = newModelSums(m)
	if m.twin != nil {
		c.twin = true
		c.models[1] = newModelSums(m.twin)
	}
	return c
}

// reserve makes room for n more words when they might not fit: it keeps
// the entries found again since they were added (or last kept), at most
// half the cache, and forgets the others, so that the frequent words of
// the news need not be analysed and summed again after each fresh start.
// Entries stay put between reserves, so a sentence's entries can be
// looked up first and used after.
func (c *wordCache) reserve(n int) { c.reserveIn(n, maxWordCache) }

// reserveIn is reserve for a cache of limit words.
func (c *wordCache) reserveIn(n, limit int) {
	if int(c.n)+n <= limit {
		return
	}
	c.resets++
	c.index.reset()
	for k := range c.models {
		c.models[k].pairLocals = c.models[k].pairLocals[:0]
	}
	kept := int32(0)
	old := c.arenas
	c.arenas = nil
	if n <= limit/2 {
		for e := int32(0); e < c.n && kept < int32(limit/2); e++ {
			ent := c.entry(e)
			if ent.hits == 0 {
				continue
			}
			if kept != e {
				*c.entry(kept) = *ent
				if c.twin {
					*c.sums(1, kept) = *c.sums(1, e)
				}
			}
			k := c.entry(kept)
			k.hits, k.pairLocal = 0, 0
			if c.twin {
				c.sums(1, kept).pairLocal = 0
			}
			k.arena, k.spans = c.copyPacked(old[k.arena], k.spans)
			c.index.insert(k.h, kept)
			kept++
		}
	}
	c.n = kept
}

// wordHead is the number of bytes of a word a wordEntry holds itself.
const wordHead = 16

// is reports whether entry e is word w's.
func (c *wordCache) is(e int32, w string) bool {
	ent := c.entry(e)
	sp := ent.spans[spanWord]
	if len(w) != int(sp.end-sp.start) {
		return false
	}
	if len(w) <= wordHead {
		return string(ent.head[:len(w)]) == w
	}
	return string(c.arenas[ent.arena][sp.start:sp.end]) == w
}

// find returns the entry of word w of hash h, if any.
func (c *wordCache) find(h uint32, w string) (int32, bool) {
	slots := c.index.slots
	if len(slots) == 0 {
		return 0, false
	}
	mask := uint32(len(slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := slots[i]
		if s.e == 0 {
			return 0, false
		}
		if s.h == h && c.is(s.e-1, w) {
			return s.e - 1, true
		}
	}
}

// lookup returns the index of the entry of word w. A word met for the first
// time gets an entry with its analysis, and its sums wait for fill.
func (c *wordCache) lookup(w string) int32 { return c.lookupHashed(c.index.hash(w), w) }

// lookupHashed is lookup of word w of hash c.index.hash(w).
func (c *wordCache) lookupHashed(h uint32, w string) int32 {
	if e, ok := c.find(h, w); ok {
		c.hits++
		c.entry(e).hits++
		return e
	}
	c.misses++
	// Words are substrings of the caller's text: keep copies, not the
	// text (the analysis's strings are the copy, parts of it, or new).
	e := c.n
	if int(e/entryChunk) == len(c.chunks) {
		c.chunks = append(c.chunks, new([entryChunk]wordEntry))
		if c.twin {
			c.twinChunks = append(c.twinChunks, new([entryChunk]wordSums))
		}
	}
	c.n++
	ent := c.entry(e)
	if f, ok := c.lendIndex(h, w); ok {
		// The lender's analysis, its strings copied: the lender's
		// arenas go when it makes room.
		lent := c.lender.entry(f)
		*ent = wordEntry{h: h, head: lent.head, info: lent.info}
		ent.arena, ent.spans = c.copyPacked(c.lender.arenas[lent.arena], lent.spans)
		c.lent++
	} else {
		// The matching form is folded into a buffer of the cache: the
		// token's strings are views of it until packToken copies them.
		c.foldBuf = normalize.AppendFold(c.foldBuf[:0], w)
		t := c.m.analyseWord(w, bufString(c.foldBuf))
		*ent = wordEntry{h: h, info: t.tokenInfo}
		ent.arena = c.room(packedLen(w, &t))
		c.arenas[ent.arena], ent.spans = packToken(c.arenas[ent.arena], w, &t)
		copy(ent.head[:], w)
	}
	c.index.insert(h, e)
	c.pending = append(c.pending, e)
	return e
}

// sumsPerEntry is the number of sums of a wordEntry that fill computes:
// local, one per neighbour offset, one per previous label.
const sumsPerEntry = 1 + len(neighbourOffsets) + numLabels + 1

// fill computes the sums of the entries lookup added since the last fill.
// It takes them a few at a time: the buckets of their features first,
// then one read of each row to start the memory loads together (the table
// is far larger than the CPU caches, and the loads, not the sums, take the
// time), then the sums.
func (c *wordCache) fill() {
	const batch = 8
	m := c.m
	twin := c.models[1].m
	// The batches are taken from a copy of the slice, so that c.pending
	// keeps its capacity for the next lookups.
	pending := c.pending
	for len(pending) > 0 {
		es := pending[:min(batch, len(pending))]
		pending = pending[len(es):]
		c.feats = c.feats[:0]
		var ends [batch * sumsPerEntry]int
		j := 0
		for _, e := range es {
			tok := c.token(e)
			t := &tok
			c.feats = m.localFeatures(c.feats, t, false)
			ends[j] = len(c.feats)
			j++
			for _, off := range neighbourOffsets {
				c.feats = m.neighbourFeatures(c.feats, off, t)
				ends[j] = len(c.feats)
				j++
			}
			if !m.pairs {
				continue
			}
			c.ph = m.pairLocalFeatures(c.ph[:0], t)
			for a := 0; a <= numLabels; a++ {
				for _, h := range c.ph {
					c.feats = append(c.feats, h.byte(byte(a)).bucket(m.bits))
				}
				ends[j] = len(c.feats)
				j++
			}
		}
		m.tab.resolve(c.feats)
		c.touched ^= m.tab.touch(c.feats)
		j, f0 := 0, 0
		next := func() []uint32 {
			fs := c.feats[f0:ends[j]]
			f0 = ends[j]
			j++
			return fs
		}
		for _, e := range es {
			// The twin's rows are in the lines of m's (see jointTables),
			// and its table's index is m's: the rows found serve it.
			sums := &c.entry(e).wordSums
			var tsums *wordSums
			if c.twin {
				tsums = c.sums(1, e)
				*tsums = wordSums{}
			}
			fs := next()
			m.tab.sumRows(&sums.local, fs)
			if c.twin {
				twin.tab.sumRows(&tsums.local, fs)
			}
			for o := range sums.nb {
				fs := next()
				m.tab.sumRows(&sums.nb[o], fs)
				if c.twin {
					twin.tab.sumRows(&tsums.nb[o], fs)
				}
			}
			if !m.pairs {
				continue
			}
			var pair, tpair [pairRow]int32
			for a := 0; a <= numLabels; a++ {
				fs := next()
				m.tab.sumRows(pairRowOf(&pair, a), fs)
				if c.twin {
					twin.tab.sumRows(pairRowOf(&tpair, a), fs)
				}
			}
			c.setPairScores(0, e, &pair)
			if c.twin {
				c.setPairScores(1, e, &tpair)
			}
		}
	}
	c.pending = c.pending[:0]
}

// setPairScores sets the pair scores of model k of entry e from the sums
// of its pairLocalFeatures, if its pair context features without a
// gazetteer tag are one hash (found when m's sums are: the twin's come
// after).
func (c *wordCache) setPairScores(k int, e int32, local *[pairRow]int32) {
	ent := c.entry(e)
	if k == 0 {
		toks := [1]token{c.token(e)}
		c.ph = c.m.pairContextFeatures(c.ph[:0], toks[:], 0)
		ent.hasPair = len(c.ph) == 1
		if ent.hasPair {
			ent.pairHash = c.ph[0]
		}
	}
	if !ent.hasPair {
		return
	}
	rows := c.pairRows(k, ent.pairHash)
	sums := c.sums(k, e)
	scale := c.models[k].m.scale
	for j := range sums.pair {
		sums.pair[j] = float32(local[j]+rows[j]) * scale
	}
}

// pairLocalSums returns the sums of model k of the pairLocalFeatures of
// token t after each previous label.
func (c *wordCache) pairLocalSums(k int, t *token) [pairRow]int32 {
	var acc [pairRow]int32
	m := c.models[k].m
	c.ph = m.pairLocalFeatures(c.ph[:0], t)
	for a := 0; a <= numLabels; a++ {
		c.feats = c.feats[:0]
		for _, h := range c.ph {
			c.feats = append(c.feats, h.byte(byte(a)).bucket(m.bits))
		}
		m.sumRows(pairRowOf(&acc, a), c.feats)
	}
	return acc
}

// touch reads, for each word hash of hs, the index slot its lookup reads
// first and, when the slot is taken, the lines of the entry it points at
// that emissionsCached reads, and combines what it read: only so that the
// reads are done, never used.
func (c *wordCache) touch(k int, hs []uint32) uint64 {
	slots := c.index.slots
	if len(slots) == 0 {
		return 0
	}
	mask := uint32(len(slots) - 1)
	var x uint64
	for _, h := range hs {
		sl := slots[h&mask]
		if sl.e == 0 {
			continue
		}
		x += c.touchEntry(k, sl.e-1)
	}
	return x
}

// touchEntry reads the lines of entry e that emissionsCached reads for
// model k (see touch).
func (c *wordCache) touchEntry(k int, e int32) uint64 {
	ent := c.entry(e)
	x := uint64(ent.head[0]) + uint64(ent.spans[spanFold].end) + uint64(ent.spans[spanTrigger].end) +
		uint64(ent.info.clus) + uint64(ent.info.pairShape) + uint64(ent.pairHash)
	sums := &ent.wordSums
	if k == 1 {
		sums = c.sums(1, e)
	}
	return x + uint64(sums.local[0]) + uint64(sums.nb[0][0]) + uint64(sums.nb[3][0]) +
		uint64(math.Float32bits(sums.pair[0])) + uint64(math.Float32bits(sums.pair[24])) +
		uint64(math.Float32bits(sums.pair[40]))
}

// found counts, for the entries ents of words found without a lookup, the
// hits their lookups would have counted (so that reserve keeps the same
// entries), and reads their lines for model k as touch does.
func (c *wordCache) found(k int, ents []int32) uint64 {
	var x uint64
	for _, e := range ents {
		c.entry(e).hits++
		x += c.touchEntry(k, e)
	}
	c.hits += len(ents)
	return x
}

// maxPairLocals bounds the words whose pair local sums a wordCache keeps
// (see pairLocalOf): 896 KiB.
const maxPairLocals = 1 << 12

// pairLocalOf returns pairLocalSums of model k of the token of entry e:
// kept for the words met with a gazetteer tag (names of the lexicon,
// which recur), whose tokens cannot use the entry's pair scores.
func (c *wordCache) pairLocalOf(k int, e int32) [pairRow]int32 {
	sums := c.sums(k, e)
	ms := &c.models[k]
	if sums.pairLocal > 0 {
		return ms.pairLocals[sums.pairLocal-1]
	}
	t := c.token(e)
	acc := c.pairLocalSums(k, &t)
	if len(ms.pairLocals) < maxPairLocals {
		ms.pairLocals = append(ms.pairLocals, acc)
		sums.pairLocal = int32(len(ms.pairLocals))
	}
	return acc
}

// firstRow returns the sums of model k of localFeatures of a word at the
// start of a sentence, whose sums are sums and token t, computing them
// on first use.
func (c *wordCache) firstRow(k int, sums *wordSums, t *token) *[numLabels]int32 {
	if !sums.hasFirst {
		m := c.models[k].m
		c.feats = m.localFeatures(c.feats[:0], t, true)
		m.sumRows(&sums.first, c.feats)
		sums.hasFirst = true
	}
	return &sums.first
}

// sumRows adds to acc the quantised weights of the buckets feats, as
// integers: exact, so the order of feats does not matter.
func (m *Model) sumRows(acc *[numLabels]int32, feats []uint32) { m.tab.sum(acc, feats) }

// scaled writes to dst the scores of the weight sums acc: each the sum
// times the model's scale, rounded once.
func (m *Model) scaled(dst []float32, acc *[numLabels]int32) {
	scaleRow((*[numLabels]float32)(dst), acc, m.scale)
}

// scaleRow writes to dst the sums acc times scale, written out: a loop of
// seven is not unrolled by the compiler.
func scaleRow(dst *[numLabels]float32, acc *[numLabels]int32, scale float32) {
	dst[0] = float32(acc[0]) * scale
	dst[1] = float32(acc[1]) * scale
	dst[2] = float32(acc[2]) * scale
	dst[3] = float32(acc[3]) * scale
	dst[4] = float32(acc[4]) * scale
	dst[5] = float32(acc[5]) * scale
	dst[6] = float32(acc[6]) * scale
}

// wordCacheFor returns the scratch's cache for model m, a new one if it
// has none, and the index of m's sums in it (see wordCache.models): 1 for
// a model whose sums its twin's cache keeps (see Model.twin), else 0. A
// scratch serves the two models of a tagger (tests may use more): it
// keeps the caches of the last few models it served.
func (s *scratch) wordCacheFor(m *Model) (*wordCache, int) {
	if m.twinOf != nil {
		c, _ := s.wordCacheFor(m.twinOf)
		return c, 1
	}
	for _, c := range s.caches {
		if c.m == m {
			return c, 0
		}
	}
	const maxModels = 5 // the Arabic first pass, the Arabic model with document memory, Latin, Latin for French and without dictionary (see Model.ForLanguage)
	if len(s.caches) == maxModels {
		copy(s.caches, s.caches[1:])
		s.caches = s.caches[:maxModels-1]
	}
	var lender *wordCache
	seed := maphash.MakeSeed()
	if m.analysedAs != nil {
		lender, _ = s.wordCacheFor(m.analysedAs)
		seed = lender.index.seed // a word's hash serves both
	}
	c := newWordCache(m, seed)
	c.lender = lender
	s.caches = append(s.caches, c)
	return c, 0
}

// shareAnalysis makes m read the word tables of a, which analyses every
// word as m does (see sameAnalysis): one copy of the tables in memory
// instead of two, and half the objects for the garbage collector to mark.
func (m *Model) shareAnalysis(a *Model) {
	m.triggers, m.clusters, m.names = a.triggers, a.clusters, a.names
	m.caseClass, m.memory, m.extra = a.caseClass, a.memory, a.extra
	m.dict = a.dict
	m.wordLex, m.tables = a.wordLex, a.tables
}

// lendIndex returns the index of word w of hash h in the lender's cache,
// if any.
func (c *wordCache) lendIndex(h uint32, w string) (int32, bool) {
	if c.lender == nil {
		return 0, false
	}
	return c.lender.find(h, w)
}

// sameAnalysis reports whether models a and b analyse every word alike
// (see analyseWord): whether they have the same trigger words, clusters,
// given names, case classes and name memory.
func sameAnalysis(a, b *Model) bool {
	return a.articles == b.articles &&
		maps.Equal(a.triggers, b.triggers) &&
		maps.Equal(a.clusters, b.clusters) &&
		maps.Equal(a.names, b.names) &&
		maps.Equal(a.caseClass, b.caseClass) &&
		maps.Equal(a.memory, b.memory) &&
		maps.Equal(a.wordLex, b.wordLex) &&
		maps.Equal(a.dict, b.dict) &&
		a.nameLike.equal(b.nameLike) &&
		equalExtra(a.extra, b.extra)
}

// emissionsCached fills s.toks with the analyses of words (gaz, when
// non-nil, holds their gazetteer tags), s.emit with their emission scores
// and, for a model with pair features, s.pair with their pair scores, as
// emissions does for a quantised model, through the scratch's wordCache:
// per token, the cached sums of its local features, of the neighbour
// features of the words around it and of its local pair features, plus
// the context features read from the table.
func (m *Model) emissionsCached(s *scratch, words, gaz []string) {
	n := len(words)
	c, k := s.wordCacheFor(m)
	c.reserve(n)
	s.ents = s.ents[:0]
	s.toks = s.toks[:0]
	// A second pass whose first kept its tokens' buckets (see ctxStore)
	// reuses them; a first pass that keeps them hashes them into the store.
	keep := s.ctx.keep == m
	reuse := s.ctx.use && m.firstContext && len(s.doc) == n && s.ctx.from+n < len(s.ctx.ends)
	if reuse && s.ctx.cache == c && s.ctx.resets == c.resets && s.ctx.from+n <= len(s.ctx.ents) {
		// The words were looked up in this cache by the first pass (the
		// cache keeps the sums of both), which has not made room since:
		// their entries are where the first pass found them.
		s.ents = append(s.ents, s.ctx.ents[s.ctx.from:s.ctx.from+n]...)
		s.touched ^= c.found(k, s.ents)
	} else {
		// The words' hashes first, then one read of the index slot and
		// entry lines each lookup will read, to start the memory loads
		// together (the entries are far larger than the CPU caches), then
		// the lookups.
		s.hs = s.hs[:0]
		for _, w := range words {
			s.hs = append(s.hs, c.index.hash(w))
		}
		s.touched ^= c.touch(k, s.hs)
		for i, w := range words {
			e := c.lookupHashed(s.hs[i], w)
			s.ents = append(s.ents, e)
		}
		c.fill()
	}
	if keep {
		s.ctx.keepEntries(c, s.ents)
	}
	// acc holds the integer sums of every token. Each entry is read once,
	// in order, for its token and its sums; then each token's sum is its
	// local sums plus the neighbour sums of the words around it (the edge
	// sums where the sentence ends), added lane by lane in registers.
	if cap(s.acc) < n {
		s.acc = make([][numLabels]int32, n)
	}
	s.acc = s.acc[:n]
	s.toks = slices.Grow(s.toks, n)[:n]
	s.sums = slices.Grow(s.sums[:0], n)[:n]
	for i, e := range s.ents {
		ent := c.entry(e)
		sums := &ent.wordSums
		if k != 0 {
			sums = c.sums(k, e)
		}
		s.sums[i] = sums
		c.setTokenOf(&s.toks[i], ent)
		if gaz != nil && i < len(gaz) {
			s.toks[i].gaz = gaz[i]
		}
		if len(s.doc) == n {
			s.toks[i].doc = s.doc[i]
		}
		if len(s.fp) == n {
			s.toks[i].fp = byte(s.fp[i])
		}
		if len(s.surf) == n {
			s.toks[i].surf = s.surf[i]
		}
	}
	c.wordRows(k, s.acc, s.sums, s.toks)
	if cap(s.emit) < n*numLabels {
		s.emit = make([]float32, n*numLabels)
	}
	s.emit = s.emit[:n*numLabels]
	// Tokens go in blocks: the context features of the block first, then
	// one read of each feature's weight row to start the memory loads
	// together, then the sums.
	//
	// A second pass whose first kept its tokens' buckets (see ctxStore)
	// copies them a block at a time, its document memory features summed
	// on their own first (they take few values, and their rows stay in
	// the CPU caches); a first pass that keeps them hashes them into the
	// store and copies them from there before they are resolved.
	const block = 8
	if reuse {
		for i := range n {
			c.feats = m.docFeatures(c.feats[:0], s.toks, i)
			m.tab.sum(&s.acc[i], c.feats)
		}
	}
	for i0 := 0; i0 < n; i0 += block {
		i1 := min(i0+block, n)
		var ends [block]int
		resolved := false
		switch {
		case reuse:
			kept := s.ctx.ends[s.ctx.from+i0 : s.ctx.from+i1+1]
			s.feats = append(s.feats[:0], s.ctx.feats[kept[0]:kept[len(kept)-1]]...)
			for k := range i1 - i0 {
				ends[k] = kept[k+1] - kept[0]
			}
			resolved = s.ctx.rows
		case keep:
			k0 := len(s.ctx.feats)
			for i := i0; i < i1; i++ {
				s.ctx.feats = m.contextFeatures(s.ctx.feats, s.toks, i)
				s.ctx.ends = append(s.ctx.ends, len(s.ctx.feats))
				ends[i-i0] = len(s.ctx.feats) - k0
			}
			if s.ctx.rows {
				// The rows found serve the second pass too.
				m.tab.resolve(s.ctx.feats[k0:])
				resolved = true
			}
			s.feats = append(s.feats[:0], s.ctx.feats[k0:]...)
		default:
			s.feats = s.feats[:0]
			for i := i0; i < i1; i++ {
				s.feats = m.contextFeatures(s.feats, s.toks, i)
				ends[i-i0] = len(s.feats)
			}
		}
		if !resolved {
			m.tab.resolve(s.feats)
		}
		s.touched ^= m.tab.touch(s.feats)
		a := 0
		for i := i0; i < i1; i++ {
			acc := &s.acc[i]
			m.tab.sumRows(acc, s.feats[a:ends[i-i0]])
			a = ends[i-i0]
			dst := s.emit[i*numLabels : i*numLabels+numLabels]
			m.scaled(dst, acc)
			dst[0] -= m.oBias
		}
	}
	s.pairAt = s.pairAt[:0]
	if !m.pairs {
		return
	}
	if cap(s.pair) < n*pairRow {
		s.pair = make([]float32, n*pairRow)
	}
	s.pair = s.pair[:n*pairRow]
	scale := m.scale
	for i := 0; i < n; i++ {
		e := c.entry(s.ents[i])
		s.ph = m.pairContextFeatures(s.ph[:0], s.toks, i)
		// The scores after each previous label (the start for the first
		// token), as flat rows: the entry's when its pair context
		// feature is the token's (viterbiAt reads them there: the entry
		// stays put until the next sentence), else summed into s.pair.
		if e.hasPair && len(s.ph) == 1 && s.ph[0] == e.pairHash {
			s.pairAt = append(s.pairAt, &s.sums[i].pair)
			continue
		}
		dst := (*[pairRow]float32)(s.pair[i*pairRow:])
		s.pairAt = append(s.pairAt, dst)
		lo, hi := 0, numLabels*numLabels
		if i == 0 {
			lo, hi = start*numLabels, pairRow
		}
		// The scores after the labels the token cannot follow are zero:
		// cleared here rather than the whole slice first.
		clear(dst[:lo])
		clear(dst[hi:])
		acc := c.pairLocalOf(k, s.ents[i])
		for _, h := range s.ph {
			rows := c.pairRows(k, h)
			for j := range acc {
				acc[j] += rows[j]
			}
		}
		for j := lo; j < hi; j++ {
			dst[j] = float32(acc[j]) * scale
		}
	}
}

// wordRows sets acc[i], for each token i of a sentence whose words have
// sums sums (of model k), to the sums of its word's localFeatures (first
// the first token's, t) and of the neighbourFeatures of the words around
// it: the word at offset off from token i gives its sums nb[o] for off,
// neighbourOffsets[o], and an offset outside the sentence the edge sums.
// toks are the tokens. Integer sums are exact in any order, so each
// token's are added at once instead of row by row into memory.
func (c *wordCache) wordRows(k int, acc [][numLabels]int32, sums []*wordSums, toks []token) {
	n := len(sums)
	if n == 0 || len(acc) < n || len(toks) < n {
		return
	}
	edge := &c.models[k].edge
	for i := range n {
		// neighbourOffsets are -2, -1, 1, 2.
		m2, m1, p1, p2 := &edge[0], &edge[1], &edge[2], &edge[3]
		if i >= 2 {
			m2 = &sums[i-2].nb[0]
		}
		if i >= 1 {
			m1 = &sums[i-1].nb[1]
		}
		if i+1 < n {
			p1 = &sums[i+1].nb[2]
		}
		if i+2 < n {
			p2 = &sums[i+2].nb[3]
		}
		own := &sums[i].local
		if i == 0 {
			own = c.firstRow(k, sums[0], &toks[0])
		}
		a := &acc[i]
		a[0] = own[0] + m2[0] + m1[0] + p1[0] + p2[0]
		a[1] = own[1] + m2[1] + m1[1] + p1[1] + p2[1]
		a[2] = own[2] + m2[2] + m1[2] + p1[2] + p2[2]
		a[3] = own[3] + m2[3] + m1[3] + p1[3] + p2[3]
		a[4] = own[4] + m2[4] + m1[4] + p1[4] + p2[4]
		a[5] = own[5] + m2[5] + m1[5] + p1[5] + p2[5]
		a[6] = own[6] + m2[6] + m1[6] + p1[6] + p2[6]
	}
}

// pairRowOf returns the sums after previous label a of the flat pair
// sums p.
func pairRowOf(p *[pairRow]int32, a int) *[numLabels]int32 {
	return (*[numLabels]int32)(p[a*numLabels:])
}

// maxPairRows bounds the pair context features whose sums a wordCache
// keeps.
const maxPairRows = 1 << 12

// pairRows returns the weights of the pair feature of hash h after every
// previous label (start last). The buckets of a pair feature are a
// function of its hash, so the hash is an exact key. Pair context
// features take few values (a word shape with a lexicon tag), and a
// cache of their rows saves reading eight rows per token.
func (c *wordCache) pairRows(k int, h hasher) *[pairRow]int32 {
	ms := &c.models[k]
	if i, ok := ms.pairIndex[h]; ok {
		return &ms.pairSums[i]
	}
	if len(ms.pairSums) >= maxPairRows {
		clear(ms.pairIndex)
		ms.pairSums = ms.pairSums[:0]
	}
	if ms.pairIndex == nil {
		ms.pairIndex = make(map[hasher]int32)
	}
	var rows [pairRow]int32
	for a := 0; a <= numLabels; a++ {
		f := h.byte(byte(a)).bucket(ms.m.bits)
		ms.m.sumRows(pairRowOf(&rows, a), []uint32{f})
	}
	ms.pairIndex[h] = int32(len(ms.pairSums))
	ms.pairSums = append(ms.pairSums, rows)
	return &ms.pairSums[len(ms.pairSums)-1]
}
