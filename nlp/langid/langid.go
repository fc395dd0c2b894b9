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
	// batches keeps idle batches with their word caches (see batch and
	// wordCache). (A sync.Pool would lose them at every garbage
	// collection.)
	batches chan *batch
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
//
// It collects the words in batches (see batch) and sums a batch at once:
// in the service the other stages' models evict the word cache and the
// n-gram tables from the CPU caches between two articles, and the loads of
// a batch, issued before any is used, wait for memory together instead of
// one after the other.
type reader struct {
	m     *Model
	b     *batch // the word cache and the words read but not yet summed
	start int    // where the word being read starts in b.runes (its leading space)
	seen  int    // letters read
	found int    // n-grams found in the model
	done  bool
	acc   [maxLangs]int64
}

func (rd *reader) init(m *Model) {
	rd.m = m
	select {
	case rd.b = <-m.batches:
	default:
		rd.b = &batch{cache: newWordCache()}
	}
	rd.b.nw = 0
	rd.b.runes[0] = ' '
	rd.b.n = 1
	rd.start = 0
}

// release hands the batch, and its word cache, back to the model.
func (rd *reader) release() {
	select {
	case rd.m.batches <- rd.b:
	default:
	}
	rd.b = nil
}

// read reads s after what was read before, until the model's letter
// limit.
//
// The letters of a word are read in a loop of their own, which calls no
// function and keeps the word's end and the letters read in locals: the
// compiler keeps them in registers, where a single loop with the calls
// to flush and the decoder in it reloaded them at every rune.
func (rd *reader) read(s string) {
	if rd.done {
		return
	}
	m, b := rd.m, rd.b
	classes := m.classes
	for i := 0; i < len(s); {
		// Letters of one and two bytes, and skipped runes.
		n, start, seen := b.n, rd.start, rd.seen
		var f rune
		for i < len(s) {
			c := s[i]
			var r rune
			if c < utf8.RuneSelf {
				r = rune(c)
				i++
			} else if c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
				r = rune(c&0x1F)<<6 | rune(s[i+1]&0x3F)
				i += 2
			} else {
				f = classSlow
				break
			}
			f = classes[r&(runeClasses-1)]
			if f == classSkip {
				continue
			}
			if f == classBreak {
				break
			}
			if n-start < maxWord+1 {
				b.runes[n] = f
				n++
			}
			seen++
		}
		b.n, rd.seen = n, seen
		if f == classSlow {
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			switch f = runeClass(r); f {
			case classSkip:
				continue
			case classBreak:
			default:
				if b.n-rd.start < maxWord+1 {
					b.runes[b.n] = f
					b.n++
				}
				rd.seen++
				continue
			}
		}
		if f != classBreak {
			continue // the end of s
		}
		rd.flush()
		if m.maxRunes > 0 && rd.seen >= m.maxRunes {
			rd.done = true
			return
		}
	}
}

// flush ends the word read so far: it joins the batch, which is summed
// when full.
func (rd *reader) flush() {
	b := rd.b
	if b.n-rd.start > 1 {
		b.runes[b.n] = ' '
		b.n++
		b.words[b.nw] = wordRef{start: int32(rd.start), end: int32(b.n)}
		b.nw++
		if b.nw == batchWords || b.n+maxWord+2 > len(b.runes) {
			rd.sum()
			b.nw, b.n = 0, 0
		}
	} else {
		b.n = rd.start // no letters: the leading space is reused
	}
	rd.start = b.n
	b.runes[b.n] = ' '
	b.n++
}

// sum adds the n-grams of the words of the batch. First the hashes of the
// words, touching their sets in the cache; then the look-ups, which find
// those in the CPU cache; then, for the words the cache does not have, the
// hashes of their n-grams, touching their slots; then those n-grams.
func (rd *reader) sum() {
	b, c, m := rd.b, rd.b.cache, rd.m
	var touch uint64
	for i := range b.words[:b.nw] {
		ref := &b.words[i]
		ref.hash = wordHash(b.runes[ref.start:ref.end])
		set := c.set(ref.hash)
		touch += set[0].hash + set[1].hash
	}
	miss := b.miss[:0]
	for i := range b.words[:b.nw] {
		ref := &b.words[i]
		if e := c.find(ref.hash, b.runes[ref.start:ref.end]); e != nil {
			e.addTo(&rd.acc)
			rd.found += int(e.found)
			continue
		}
		miss = append(miss, int32(i))
	}
	if len(miss) == 0 || len(m.long.slots) == 0 || len(m.short.slots) == 0 {
		m.long.sink(touch)
		return
	}
	k := 0
	for _, i := range miss {
		ref := &b.words[i]
		var short int
		ref.hs = int32(k)
		k, short = m.hashes(b.runes[ref.start:ref.end], b.hs[:], k, &touch)
		ref.short = int32(short)
	}
	m.long.sink(touch)
	for j, i := range miss {
		ref := &b.words[i]
		w := b.runes[ref.start:ref.end]
		if e := c.find(ref.hash, w); e != nil { // met earlier in this batch
			e.addTo(&rd.acc)
			rd.found += int(e.found)
			continue
		}
		end := int32(k)
		if j+1 < len(miss) {
			end = b.words[miss[j+1]].hs
		}
		var lanes laneSums
		for _, h := range b.hs[ref.hs:ref.short] {
			if w := m.short.weights(h); w != nil {
				lanes.add(w)
			}
		}
		for _, h := range b.hs[ref.short:end] {
			if w := m.long.weights(h); w != nil {
				lanes.add(w)
			}
		}
		acc := lanes.sums()
		found := int(lanes.n)
		for l, v := range acc {
			rd.acc[l] += v
		}
		rd.found += found
		c.insert(ref.hash, w, found, &acc)
	}
}

// batchWords is the most words a batch holds.
const batchWords = 32

// batch holds the words a reader read and has not summed yet, and the
// scratch space to sum them, with the reader's word cache. Model keeps
// idle ones.
type batch struct {
	cache *wordCache
	runes [batchWords * (maxWord + 2)]rune // the words, each " word "
	n     int                              // runes in use
	words [batchWords]wordRef
	nw    int // words in use
	miss  [batchWords]int32
	hs    [batchWords * ngramsPerWord]uint64
}

// wordRef is a word of a batch.
type wordRef struct {
	start, end int32  // the word, " word ", in batch.runes
	hash       uint64 // wordHash of the word
	hs, short  int32  // where its n-grams' hashes start in batch.hs, and where its long ones start
}

// end sums what is left and adds the integer sums to sums; it returns the
// number of n-grams found.
func (rd *reader) end(sums []float64) int {
	if !rd.done {
		rd.flush()
	}
	if rd.b.nw > 0 {
		rd.sum()
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
	// classSlow marks, inside reader.read, a rune of three or more bytes
	// (or an invalid byte), whose class is not in the table.
	classSlow rune = -3
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
	m.batches = make(chan *batch, runtime.GOMAXPROCS(0))
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
	rows, err := readStrings(br, int(hdr.Rows))
	if err != nil {
		return nil, err
	}
	if err := binary.Read(br, binary.LittleEndian, m.weights); err != nil {
		return nil, fmt.Errorf("read weights: %w", err)
	}
	if err := m.setNgrams(rows); err != nil {
		return nil, err
	}
	return m, nil
}

// readStrings reads n strings written as readString reads them, all parts
// of one string: one object for the garbage collector instead of n.
func readStrings(br *bufio.Reader, n int) ([]string, error) {
	var buf []byte
	ends := make([]int, n)
	for i := range ends {
		l, err := br.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("read model: %w", err)
		}
		k := len(buf)
		buf = append(buf, make([]byte, l)...)
		if _, err := io.ReadFull(br, buf[k:]); err != nil {
			return nil, fmt.Errorf("read model: %w", err)
		}
		ends[i] = len(buf)
	}
	all := string(buf)
	out := make([]string, n)
	start := 0
	for i, end := range ends {
		out[i] = all[start:end]
		start = end
	}
	return out, nil
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
	// w holds the weights, each plus 1<<15 (so never negative) in 16 bits:
	// the weight of language l at bit 16*(l%4) of w[l/4]. laneSums adds
	// them two words at a time.
	w [2]uint64
}

// packWeights returns the slot words of weights w.
func packWeights(w [maxLangs]int16) [2]uint64 {
	var p [2]uint64
	for l, v := range w {
		p[l/4] |= uint64(uint16(v)^0x8000) << (16 * (l % 4))
	}
	return p
}

// laneSums adds up the weights of n-grams as the slots hold them: the
// even and the odd 16-bit lanes of each slot word into 32-bit lanes of
// their own, six operations per slot word instead of a loop over the
// languages. A lane holds n sums of 16 bits (n is at most ngramsPerWord,
// far below 1<<16), so it never carries into the next; sums takes the
// 1<<15 of every weight out again: the sums are exact.
type laneSums struct {
	even, odd [2]uint64
	n         int64
}

// lanes32 selects the low 16 bits of each 32-bit lane.
const lanes32 = 0x0000FFFF0000FFFF

func (a *laneSums) add(w *[2]uint64) {
	a.even[0] += w[0] & lanes32
	a.odd[0] += w[0] >> 16 & lanes32
	a.even[1] += w[1] & lanes32
	a.odd[1] += w[1] >> 16 & lanes32
	a.n++
}

// sums returns the sum of the weights added, per language.
func (a *laneSums) sums() [maxLangs]int64 {
	var acc [maxLangs]int64
	bias := a.n << 15
	for k := range 2 {
		acc[4*k] = int64(uint32(a.even[k])) - bias
		acc[4*k+1] = int64(uint32(a.odd[k])) - bias
		acc[4*k+2] = int64(a.even[k]>>32) - bias
		acc[4*k+3] = int64(a.odd[k]>>32) - bias
	}
	return acc
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
	x.slots[i] = ngramSlot{key: h, w: packWeights(w)}
	return true
}

// hashes puts the hashes of the n-grams of w (" word ") in hs from k on,
// those of one and two runes first, and returns the new end of hs and the
// end of the short ones. It adds what their slots hold to touch: these
// loads do not depend on each other and overlap in memory, and the probes
// then find the slots in the CPU cache.
func (m *Model) hashes(w []rune, hs []uint64, k int, touch *uint64) (end, short int) {
	t := *touch
	for i := range w {
		h := uint64(fnvOffset)
		for n := 1; n <= 2 && i+n <= len(w); n++ {
			h = (h ^ uint64(w[i+n-1])) * fnvPrime
			if n == 1 && w[i] == ' ' {
				continue
			}
			if h == 0 {
				h = 1
			}
			hs[k] = h
			k++
			t += m.short.touch(h)
		}
	}
	short = k
	for i := range w {
		h := uint64(fnvOffset)
		for n := 1; n <= MaxOrder && i+n <= len(w); n++ {
			h = (h ^ uint64(w[i+n-1])) * fnvPrime
			if n <= 2 {
				continue
			}
			if h == 0 {
				h = 1
			}
			hs[k] = h
			k++
			t += m.long.touch(h)
		}
	}
	*touch = t
	return k, short
}

// ngramsPerWord bounds the n-grams of one word.
const ngramsPerWord = MaxOrder * (maxWord + 2)

// weights returns the slot words of hash h (not 0), nil when the table
// does not have h.
func (x *ngramTable) weights(h uint64) *[2]uint64 {
	for j := x.slot(h); ; j = (j + 1) & x.mask {
		sl := &x.slots[j]
		if sl.key == h {
			return &sl.w
		}
		if sl.key == 0 {
			return nil
		}
	}
}

// touch loads the first and the last word of the home slot of h (a slot
// may straddle two cache lines) and returns their sum.
func (x *ngramTable) touch(h uint64) uint64 {
	sl := &x.slots[x.slot(h)]
	return sl.key + sl.w[1]
}

// sink keeps the touching loads of reader.sum.
//
//go:noinline
func (x *ngramTable) sink(uint64) {}

// wordCache remembers the summed weights of the words a reader met, in
// this text and the texts before: news repeats its words, and a word met
// again costs one look-up instead of one per n-gram. The sums are exact,
// so the cache changes no result. It is a two-way set-associative cache
// with least-recently-used replacement: each entry holds its word inline
// in one 64-byte line, so a hit touches one line of memory, and the cache
// never has to start again empty. Words of more than cachedRunes runes, or
// with a rune beyond U+FFFF, are not kept (under 0.1% of the words of news
// text). It is not safe for concurrent use; Model keeps idle ones.
type wordCache struct {
	sets []wordSet
}

// cachedRunes is the longest word (without its boundary spaces) an entry
// holds.
const cachedRunes = 11

// wordEntry is one word with its sums: 64 bytes.
type wordEntry struct {
	hash  uint64 // wordHash of " word "; 0 marks an empty entry
	w     [maxLangs]int32
	found uint8 // n-grams of the word found in the model (at most 4*(cachedRunes+2))
	n     uint8 // runes of the word
	runes [cachedRunes]uint16
}

// addTo adds the sums of e to acc, written out for the maxLangs (8)
// languages: the loop over them cost more than its additions.
func (e *wordEntry) addTo(acc *[maxLangs]int64) {
	w := &e.w
	acc[0] += int64(w[0])
	acc[1] += int64(w[1])
	acc[2] += int64(w[2])
	acc[3] += int64(w[3])
	acc[4] += int64(w[4])
	acc[5] += int64(w[5])
	acc[6] += int64(w[6])
	acc[7] += int64(w[7])
}

// wordSet is the two entries a hash may be in, the most recently used
// first.
type wordSet [2]wordEntry

// wordCacheBits sets the size of the cache: 2^wordCacheBits sets of two
// entries (2 MiB). On a stream of ANT news articles, it finds 87% of the
// words (8,192 sets: 82%), against 72% for the table of 11,468 words that
// started again empty when full.
const wordCacheBits = 14

func newWordCache() *wordCache {
	return &wordCache{sets: make([]wordSet, 1<<wordCacheBits)}
}

// wordHash is FNV-1a over the runes of w, never 0.
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

// set returns the set of hash h.
func (c *wordCache) set(h uint64) *wordSet {
	return &c.sets[(h*0x9E3779B97F4A7C15)>>(64-wordCacheBits)]
}

// matches reports whether e holds the word w (" word ") of hash h.
func (e *wordEntry) matches(h uint64, w []rune) bool {
	if e.hash != h || int(e.n) != len(w)-2 {
		return false
	}
	for i, r := range w[1 : len(w)-1] {
		if rune(e.runes[i]) != r {
			return false
		}
	}
	return true
}

// find returns the entry of w (" word ", hash h), nil if the cache does
// not hold it. A hit in the second way moves the entry to the first.
func (c *wordCache) find(h uint64, w []rune) *wordEntry {
	s := c.set(h)
	if s[0].matches(h, w) {
		return &s[0]
	}
	if s[1].matches(h, w) {
		s[0], s[1] = s[1], s[0]
		return &s[0]
	}
	return nil
}

// insert puts w (" word ", hash h) with its sums in the first way of its
// set, moving the entry there to the second, whose entry is dropped. It
// does nothing for a word the cache cannot hold.
func (c *wordCache) insert(h uint64, w []rune, found int, acc *[maxLangs]int64) {
	inner := w[1 : len(w)-1]
	if len(inner) > cachedRunes {
		return
	}
	e := wordEntry{hash: h, n: uint8(len(inner)), found: uint8(found)}
	for i, r := range inner {
		if r > 0xFFFF {
			return
		}
		e.runes[i] = uint16(r)
	}
	for l, v := range acc {
		e.w[l] = int32(v)
	}
	s := c.set(h)
	s[1] = s[0]
	s[0] = e
}
