// Package langid identifies the language of a text (Arabic, English,
// French, Persian and Urdu) with a confidence, using a compact naive Bayes
// model over character 1–4-grams of the lower-cased raw text.
//
// The raw text is used, not the matching form of package normalize: the
// letters that set Persian and Urdu apart from Arabic (ی ک گ پ چ ژ ے ہ ں ٹ
// ڈ ڑ and the zero-width non-joiner) are exactly what the matching form
// folds away. The model is trained by "newsenrich-train langid" and
// embedded in the package; Load returns it.
package langid

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"unicode"
	"unicode/utf8"
)

//go:embed model.bin.gz
var embedded []byte

// Undetermined is the code returned when a text has no letters the model
// knows (empty text, digits only, or scripts outside the model).
const Undetermined = "und"

// Result is a language with the model's confidence in it.
type Result struct {
	// Code is an ISO 639-1 code, or Undetermined.
	Code string
	// Confidence is the posterior probability of Code, in [0, 1].
	Confidence float64
}

// Model is a trained language identifier. It is safe for concurrent use.
type Model struct {
	langs []string
	// ngrams are the model's n-grams (UTF-8, ' ' marks word boundaries),
	// one per row of weights.
	ngrams []string
	// weights[row*len(langs)+l] is log P(n-gram | language l) in
	// hundredths of a nat.
	weights []int16
	// short and long map the hash (ngramHash) of an n-gram of one or two
	// runes (short) or of three or four (long) to its weights, which they
	// hold inline: one look-up touches one place in memory. The short
	// n-grams are few and their table stays in cache.
	short, long ngramTable
	// classes says how EachWord treats each rune below runeClasses.
	classes *[runeClasses]rune
	// words keeps idle word caches (see wordCache). (A sync.Pool would
	// lose them at every garbage collection.)
	words chan *wordCache
	// beta scales the mean log-likelihood per n-gram into the softmax
	// that gives the confidence; fitted on held-out text at training.
	beta float64
	// maxRunes bounds the letters read from one text.
	maxRunes int
}

// MaxRunes is the number of letters of a text the model reads: the head of
// an article decides its language, and the cost stays bounded.
const MaxRunes = 1200

// Load returns the embedded model.
func Load() (*Model, error) {
	m, err := Read(bytes.NewReader(embedded))
	if err != nil {
		return nil, fmt.Errorf("langid: embedded model: %w", err)
	}
	return m, nil
}

// Languages returns the codes the model can return, besides Undetermined.
func (m *Model) Languages() []string { return append([]string(nil), m.langs...) }

// Size returns the number of n-grams in the model.
func (m *Model) Size() int { return len(m.ngrams) }

// Detect returns the most probable language of s.
func (m *Model) Detect(s string) Result {
	return m.DetectWithPrior(s, "")
}

// DetectWithPrior returns the most probable language of s when the sender
// declared the language prior (an ISO 639-1 code, "" for none). The
// declared language gets PriorWeight times the prior probability of each
// other language; enough text against it still wins.
func (m *Model) DetectWithPrior(s, prior string) Result {
	var rd reader
	rd.init(m)
	rd.read(s)
	return m.best(&rd, prior)
}

// DetectTitled is DetectWithPrior(title+"\n"+text, prior) without building
// that string.
func (m *Model) DetectTitled(title, text, prior string) Result {
	var rd reader
	rd.init(m)
	rd.read(title)
	rd.read("\n")
	rd.read(text)
	return m.best(&rd, prior)
}

// best returns the first of the scores of what rd read.
func (m *Model) best(rd *reader, prior string) Result {
	var buf [maxLangs]Result
	var sums [maxLangs]float64
	n := rd.end(sums[:len(m.langs)])
	return m.scores(buf[:0], sums[:len(m.langs)], n, prior)[0]
}

// PriorWeight is how many times more probable a declared language is a
// priori than each other language.
const PriorWeight = 4.0

// Scores returns every language of the model with its posterior
// probability, best first. prior is a declared language or "".
// For a text without usable letters it returns one Result{Undetermined, 0}.
func (m *Model) Scores(s, prior string) []Result {
	sums := make([]float64, len(m.langs))
	n := m.accumulate(s, sums)
	return m.scores(nil, sums, n, prior)
}

// scores appends to dst the languages with their posterior probabilities,
// best first, given the sums of the log-likelihoods of n n-grams.
func (m *Model) scores(dst []Result, sums []float64, n int, prior string) []Result {
	if n == 0 {
		return append(dst, Result{Code: Undetermined})
	}
	// Confidence: softmax over the mean log-likelihood per n-gram scaled
	// by beta*sqrt(n), which grows with evidence but far slower than the
	// raw naive Bayes sum, whose posteriors are always near 0 or 1.
	var zBuf [maxLangs]float64
	z := zBuf[:len(sums)]
	scale := m.beta * math.Sqrt(float64(n)) / float64(n) / 100
	for l := range sums {
		z[l] = sums[l] * scale
		if prior != "" && m.langs[l] == prior {
			z[l] += math.Log(PriorWeight)
		}
	}
	maxZ := math.Inf(-1)
	for _, v := range z {
		maxZ = math.Max(maxZ, v)
	}
	total := 0.0
	for l := range z {
		z[l] = math.Exp(z[l] - maxZ)
		total += z[l]
	}
	k := len(dst)
	for l := range z {
		dst = append(dst, Result{Code: m.langs[l], Confidence: z[l] / total})
	}
	out := dst[k:]
	// Insertion sort: L is tiny; ties keep model order (deterministic).
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Confidence > out[j-1].Confidence; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return dst
}

// accumulate adds the log-likelihoods of the n-grams of s to sums and
// returns the number of n-grams found in the model.
func (m *Model) accumulate(s string, sums []float64) int {
	var rd reader
	rd.init(m)
	rd.read(s)
	return rd.end(sums)
}

// reader reads the words of a text exactly as EachWord does (the training
// reads them with EachWord), with a table for the classes of one- and
// two-byte runes, and adds up the integer weights of their n-grams.
type reader struct {
	m     *Model
	buf   [maxWord + 2]rune
	w     int // runes of the word in buf, the leading space included
	seen  int // letters read
	found int // n-grams found in the model
	done  bool
	acc   [maxLangs]int64
	cache *wordCache
	hs    [longPerWord]uint64 // addWord's hashes, kept here to be zeroed once
}

func (rd *reader) init(m *Model) {
	rd.m = m
	rd.buf[0] = ' '
	rd.w = 1
	select {
	case rd.cache = <-m.words:
	default:
		rd.cache = newWordCache()
	}
}

// release hands the word cache back to the model.
func (rd *reader) release() {
	select {
	case rd.m.words <- rd.cache:
	default:
	}
	rd.cache = nil
}

// read reads s after what was read before, until the model's letter
// limit.
func (rd *reader) read(s string) {
	if rd.done {
		return
	}
	m := rd.m
	for i := 0; i < len(s); {
		c := s[i]
		var r rune
		switch {
		case c < utf8.RuneSelf:
			r = rune(c)
			i++
		case c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			r = rune(c&0x1F)<<6 | rune(s[i+1]&0x3F)
			i += 2
		default:
			var size int
			r, size = utf8.DecodeRuneInString(s[i:])
			i += size
		}
		var f rune
		if r < runeClasses {
			f = m.classes[r]
		} else {
			f = runeClass(r)
		}
		switch f {
		case classSkip:
			continue
		case classBreak:
			rd.flush()
			if m.maxRunes > 0 && rd.seen >= m.maxRunes {
				rd.done = true
				return
			}
			continue
		}
		if rd.w < maxWord+1 {
			rd.buf[rd.w] = f
			rd.w++
		}
		rd.seen++
	}
}

// flush adds the n-grams of the word read so far.
func (rd *reader) flush() {
	if rd.w > 1 {
		rd.buf[rd.w] = ' '
		rd.addWord(rd.buf[:rd.w+1])
	}
	rd.w = 1
}

// addWord adds the n-grams of w (" word "), from the word cache when the
// word was met before.
func (rd *reader) addWord(w []rune) {
	c := rd.cache
	h := wordHash(w)
	sl, hit := c.find(h, w)
	if hit {
		for l, v := range sl.w {
			rd.acc[l] += int64(v)
		}
		rd.found += int(sl.found)
		return
	}
	var acc [maxLangs]int64
	found := rd.m.addWord(w, &acc, &rd.hs)
	for l, v := range acc {
		rd.acc[l] += v
	}
	rd.found += found
	if c.full(len(w)) {
		c.reset()
		sl, _ = c.find(h, w)
	}
	c.insert(sl, h, w, found, &acc)
}

// end adds the integer sums to sums and returns the number of n-grams
// found.
func (rd *reader) end(sums []float64) int {
	if !rd.done {
		rd.flush()
	}
	rd.release()
	for l := range sums {
		sums[l] += float64(rd.acc[l])
	}
	return rd.found
}

// Rune classes of EachWord: a rune is dropped (classSkip), ends a word
// (classBreak) or is a letter, given as its lower-case form (any other
// value).
const (
	classSkip  rune = -1
	classBreak rune = -2
)

// runeClasses is the number of runes (all one- and two-byte UTF-8 runes)
// whose class Model.classes holds.
const runeClasses = 0x800

// runeClass is how EachWord treats r.
func runeClass(r rune) rune {
	switch {
	case r < 0x80:
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		if 'a' <= r && r <= 'z' {
			return r
		}
		return classBreak
	case r == 0x0640 || r >= 0x0300 && unicode.Is(unicode.Mn, r): // tatweel, marks
		return classSkip
	case r == 0x200C || unicode.IsLetter(r):
		return unicode.ToLower(r)
	}
	return classBreak
}

// newClasses tabulates runeClass.
func newClasses() *[runeClasses]rune {
	var t [runeClasses]rune
	for r := range t {
		t[r] = runeClass(rune(r))
	}
	return &t
}

// FNV-1a over the code points of an n-gram.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// ngramHash is the key of an n-gram in Model.index: FNV-1a over its code
// points, as accumulate computes it incrementally.
func ngramHash(s string) uint64 {
	h := uint64(fnvOffset)
	for _, r := range s {
		h = (h ^ uint64(r)) * fnvPrime
	}
	return h
}

// setNgrams sets the model's rows, whose weights m.weights holds, and
// builds the table. Two n-grams with one hash would be a (astronomically
// unlikely) error.
func (m *Model) setNgrams(rows []string) error {
	L := len(m.langs)
	if L > maxLangs {
		return fmt.Errorf("%d languages, at most %d", L, maxLangs)
	}
	if len(m.weights) != len(rows)*L {
		return fmt.Errorf("%d weights for %d n-grams of %d languages", len(m.weights), len(rows), L)
	}
	m.ngrams = rows
	nShort := 0
	for _, s := range rows {
		if utf8.RuneCountInString(s) <= 2 {
			nShort++
		}
	}
	m.short, m.long = newNgramTable(nShort), newNgramTable(len(rows)-nShort)
	for i, s := range rows {
		var w [maxLangs]int16
		copy(w[:], m.weights[i*L:i*L+L])
		t := &m.long
		if utf8.RuneCountInString(s) <= 2 {
			t = &m.short
		}
		if !t.put(ngramHash(s), w) {
			return fmt.Errorf("n-gram hash collision on %q", s)
		}
	}
	m.classes = newClasses()
	m.words = make(chan *wordCache, runtime.GOMAXPROCS(0))
	return nil
}

// MaxOrder is the longest n-gram, in runes (word-boundary spaces count).
const MaxOrder = 4

// maxWord bounds the runes of one word; longer runs are cut.
const maxWord = 40

// EachWord calls f for each word of s, lower-cased, with diacritics and
// tatweel removed and a space before and after (" word "), reading at most
// maxRunes letters. A word is a run of letters; the zero-width non-joiner
// (part of Persian spelling) stays inside words. f must not keep w.
func EachWord(s string, maxRunes int, f func(w []rune)) {
	var buf [maxWord + 2]rune
	w := buf[:1]
	w[0] = ' '
	seen := 0
	flush := func() {
		if len(w) > 1 {
			f(append(w, ' '))
		}
		w = buf[:1]
	}
	for _, r := range s {
		switch {
		case r < 0x80:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			} else if r < 'a' || r > 'z' {
				flush()
				if maxRunes > 0 && seen >= maxRunes {
					return
				}
				continue
			}
			if len(w) < maxWord+1 {
				w = append(w, r)
			}
			seen++
		case r == 0x0640 || r >= 0x0300 && unicode.Is(unicode.Mn, r): // tatweel, marks
			continue
		case r == 0x200C || unicode.IsLetter(r):
			if len(w) < maxWord+1 {
				w = append(w, unicode.ToLower(r))
			}
			seen++
		default:
			flush()
			if maxRunes > 0 && seen >= maxRunes {
				return
			}
		}
	}
	flush()
}

const magic = "NLID1\n"

// Read decodes a model written by Write (gzip-compressed).
func Read(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("open model: %w", err)
	}
	defer zr.Close()
	br := bufio.NewReader(zr)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != magic {
		return nil, errors.New("not a langid model")
	}
	var hdr struct {
		Langs    uint8
		Beta     float32
		MaxRunes uint32
		Rows     uint32
	}
	if err := binary.Read(br, binary.LittleEndian, &hdr); err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	if hdr.Langs == 0 || hdr.Rows > 1<<24 {
		return nil, errors.New("bad model header")
	}
	m := &Model{beta: float64(hdr.Beta), maxRunes: int(hdr.MaxRunes)}
	for range hdr.Langs {
		s, err := readString(br)
		if err != nil {
			return nil, err
		}
		m.langs = append(m.langs, s)
	}
	m.weights = make([]int16, int(hdr.Rows)*int(hdr.Langs))
	rows := make([]string, hdr.Rows)
	for i := range rows {
		if rows[i], err = readString(br); err != nil {
			return nil, err
		}
	}
	if err := binary.Read(br, binary.LittleEndian, m.weights); err != nil {
		return nil, fmt.Errorf("read weights: %w", err)
	}
	if err := m.setNgrams(rows); err != nil {
		return nil, err
	}
	return m, nil
}

func readString(br *bufio.Reader) (string, error) {
	n, err := br.ReadByte()
	if err != nil {
		return "", fmt.Errorf("read model: %w", err)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(br, b); err != nil {
		return "", fmt.Errorf("read model: %w", err)
	}
	return string(b), nil
}

// Write encodes m, gzip-compressed, deterministically.
func (m *Model) Write(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	rows := m.ngrams
	bw.WriteString(magic)
	hdr := struct {
		Langs    uint8
		Beta     float32
		MaxRunes uint32
		Rows     uint32
	}{uint8(len(m.langs)), float32(m.beta), uint32(m.maxRunes), uint32(len(rows))}
	if err := binary.Write(bw, binary.LittleEndian, hdr); err != nil {
		return err
	}
	for _, s := range append(append([]string(nil), m.langs...), rows...) {
		if len(s) > 255 {
			return fmt.Errorf("n-gram %q too long", s)
		}
		bw.WriteByte(byte(len(s)))
		bw.WriteString(s)
	}
	if err := binary.Write(bw, binary.LittleEndian, m.weights); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// maxLangs is the most languages a model may have: the weights of an
// n-gram are held inline in its slot of the table.
const maxLangs = 8

// ngramTable is an open-addressing table from n-gram hashes to their
// weights, at most 70% full: one multiply and, mostly, one or two probes
// of 24-byte slots per look-up. The look-ups are bound by memory latency:
// keys and weights share a slot, and the tables (1.5 MB for the embedded
// model) fit a core's L2 cache, where half-full ones would not.
type ngramTable struct {
	slots []ngramSlot
	mask  uint64
	shift uint
}

type ngramSlot struct {
	key uint64 // 0 marks an empty slot (hash 0 is stored as 1)
	w   [maxLangs]int16
}

func newNgramTable(n int) ngramTable {
	size, bits := 1, uint(0)
	for size*7 < n*10+10 { // n/size <= 0.7
		size <<= 1
		bits++
	}
	return ngramTable{slots: make([]ngramSlot, size), mask: uint64(size - 1), shift: 64 - bits}
}

func (x *ngramTable) slot(h uint64) uint64 {
	return (h * 0x9E3779B97F4A7C15) >> x.shift & x.mask
}

// put adds hash h with weights w; it reports false when h is there.
func (x *ngramTable) put(h uint64, w [maxLangs]int16) bool {
	if h == 0 {
		h = 1
	}
	i := x.slot(h)
	for x.slots[i].key != 0 {
		if x.slots[i].key == h {
			return false
		}
		i = (i + 1) & x.mask
	}
	x.slots[i] = ngramSlot{key: h, w: w}
	return true
}

// addWord adds to acc the weights of the n-grams of w (" word ") found in
// the model, and returns how many were found.
func (m *Model) addWord(w []rune, acc *[maxLangs]int64, hs *[longPerWord]uint64) int {
	if len(m.long.slots) == 0 || len(m.short.slots) == 0 {
		return 0
	}
	// The short n-grams are looked up at once; of the long ones, first
	// the hashes, touching the slot of each: these loads do not depend on
	// each other and overlap in memory; then the probes, which find the
	// slots in cache.
	k, found := 0, 0
	var touch uint64
	for i := range w {
		h := uint64(fnvOffset)
		for n := 1; n <= MaxOrder && i+n <= len(w); n++ {
			h = (h ^ uint64(w[i+n-1])) * fnvPrime
			if n == 1 && w[i] == ' ' {
				continue
			}
			if h == 0 {
				h = 1
			}
			if n <= 2 {
				found += m.short.add(h, acc)
				continue
			}
			hs[k] = h
			k++
			touch += m.long.slots[m.long.slot(h)].key
		}
	}
	for _, h := range hs[:k] {
		found += m.long.add(h, acc)
	}
	m.long.sink(touch)
	return found
}

// longPerWord bounds the n-grams of three or four runes of one word.
const longPerWord = (MaxOrder - 2) * (maxWord + 2)

// add adds to acc the weights of hash h (not 0) and returns 1 if the
// table has h, else returns 0.
func (x *ngramTable) add(h uint64, acc *[maxLangs]int64) int {
	for j := x.slot(h); ; j = (j + 1) & x.mask {
		sl := &x.slots[j]
		if sl.key == h {
			for l, v := range sl.w {
				acc[l] += int64(v)
			}
			return 1
		}
		if sl.key == 0 {
			return 0
		}
	}
}

// sink keeps the touching loads of addWord.
//
//go:noinline
func (x *ngramTable) sink(uint64) {}

// wordCache remembers the summed weights of the words a reader met, in
// this text and the texts before: news repeats its words, and a word met
// again costs one look-up instead of one per n-gram. The sums are exact,
// so the cache changes no result. It is not safe for concurrent use;
// Model keeps idle ones.
type wordCache struct {
	slots []wordSlot
	runes []rune // the words of the slots, one after the other
	used  int    // slots in use
}

type wordSlot struct {
	hash     uint64 // 0 marks an empty slot (hash 0 is stored as 1)
	off, len int32  // the word in runes
	found    int32  // n-grams of the word found in the model
	w        [maxLangs]int32
}

// The cache holds at most wordCacheSlots*7/10 words and wordCacheRunes
// runes; then it starts again empty.
const (
	wordCacheBits  = 14
	wordCacheSlots = 1 << wordCacheBits
	wordCacheRunes = 1 << 17
)

func newWordCache() *wordCache {
	return &wordCache{slots: make([]wordSlot, wordCacheSlots), runes: make([]rune, 0, wordCacheRunes)}
}

// wordHash is FNV-1a over the runes of w.
func wordHash(w []rune) uint64 {
	h := uint64(fnvOffset)
	for _, r := range w {
		h = (h ^ uint64(r)) * fnvPrime
	}
	if h == 0 {
		h = 1
	}
	return h
}

// find returns the slot of w (hash h) and true, or the empty slot where
// w goes and false.
func (c *wordCache) find(h uint64, w []rune) (*wordSlot, bool) {
	mask := uint64(len(c.slots) - 1)
	for i := (h * 0x9E3779B97F4A7C15) >> (64 - wordCacheBits) & mask; ; i = (i + 1) & mask {
		sl := &c.slots[i]
		if sl.hash == 0 {
			return sl, false
		}
		if sl.hash == h && slices.Equal(c.runes[sl.off:sl.off+sl.len], w) {
			return sl, true
		}
	}
}

// full reports whether a word of n runes would overfill the cache.
func (c *wordCache) full(n int) bool {
	return (c.used+1)*10 > len(c.slots)*7 || len(c.runes)+n > cap(c.runes)
}

func (c *wordCache) reset() {
	clear(c.slots)
	c.runes = c.runes[:0]
	c.used = 0
}

// insert puts w (hash h) with its sums into sl, the empty slot find gave.
func (c *wordCache) insert(sl *wordSlot, h uint64, w []rune, found int, acc *[maxLangs]int64) {
	*sl = wordSlot{hash: h, off: int32(len(c.runes)), len: int32(len(w)), found: int32(found)}
	for l, v := range acc {
		sl.w[l] = int32(v)
	}
	c.runes = append(c.runes, w...)
	c.used++
}
