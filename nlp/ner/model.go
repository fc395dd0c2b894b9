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
	// A model being trained has w; a model read from a file has q instead.
	w []float32
	// q holds the weights of a model read from a file as stored: stride
	// int16 per bucket, each weight float32(q)*scale. Half the memory of
	// w, so more of the table stays in the CPU caches.
	q     []int16
	scale float32
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
	caseClass map[string]uint8
	// memory maps folded words seen in training to their name memory
	// class (see memoryClass); nil disables the memory features.
	memory map[string]uint8
	// extra holds the extra word features (see WordExtra); nil for none.
	extra *WordExtra
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
	// first is the model of the first pass of a model with document
	// memory, trained without it; nil: the model itself.
	first *Model
	// analysedAs, when not nil, is a model that analyses every word as
	// this one does (see sameAnalysis): the first pass, whose word cache
	// then lends this model's the analyses of the words it holds.
	analysedAs *Model
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
	doc   []byte
	toks  []token
	feats []uint32
	// pair holds, per token, the scores of the previous-label-conjoined
	// features: pairRow (numLabels+1 previous labels × numLabels) floats.
	pair  []float32
	ph    []hasher
	emit  []float32
	back  []int8
	score []float32
	// folds serves analyse, for models being trained.
	folds FoldCache
	// caches keep the word types of quantised models (see wordCache), and
	// ents the cache entries of the tokens being tagged.
	caches []*wordCache
	ents   []int32
	acc    [][numLabels]int32
	// touched combines the weights touchRows read; it is never used.
	touched int16
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
		if m.q != nil {
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

// touchRows reads the first weight of the rows feats of q and returns
// them combined, so that the reads cannot be left out: it makes the CPU
// fetch the rows' cache lines, all at once, for the sums that follow.
func touchRows(q []int16, feats []uint32) int16 {
	var x int16
	for _, f := range feats {
		x |= q[int(f)*stride]
	}
	return x
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
			if m.q != nil {
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

// viterbi returns the best label sequence for the emissions in s.
func (m *Model) viterbi(s *scratch, n int, out []int) []int {
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
	pair := m.pairs && len(s.pair) >= n*pairRow
	// trans is m.trans with -Inf for the label pairs that may not follow
	// each other: a path through one scores -Inf and never wins, as a
	// skipped one. (A previous label scoring -Inf gives -Inf too.)
	var trans [numLabels][numLabels]float32
	for a := range trans {
		for b := range trans[a] {
			if allowed(a, b) {
				trans[a][b] = m.trans[a][b]
			} else {
				trans[a][b] = negInf
			}
		}
	}
	for b := 0; b < numLabels; b++ {
		if allowed(start, b) {
			cur[b] = m.trans[start][b] + s.emit[b]
			if pair {
				cur[b] += s.pair[start*numLabels+b]
			}
		} else {
			cur[b] = negInf
		}
	}
	// lo[b] and hi[b] bound the labels that may precede label b: the
	// others would score -Inf and need no look.
	var lo, hi [numLabels]int
	for b := range lo {
		lo[b], hi[b] = numLabels, 0
		for a := 0; a < numLabels; a++ {
			if allowed(a, b) {
				lo[b], hi[b] = min(lo[b], a), a+1
			}
		}
	}
	var noPair [pairRow]float32 // adding zeros changes no score
	for i := 1; i < n; i++ {
		emit := (*[numLabels]float32)(s.emit[i*numLabels:])
		back := (*[numLabels]int8)(s.back[i*numLabels:])
		p := &noPair
		if pair {
			p = (*[pairRow]float32)(s.pair[i*pairRow:])
		}
		for b := 0; b < numLabels; b++ {
			best, arg := negInf, 0
			for a := lo[b]; a < hi[b]; a++ {
				if v := cur[a] + trans[a][b] + p[a*numLabels+b]; v > best {
					best, arg = v, a
				}
			}
			next[b] = best + emit[b]
			back[b] = int8(arg)
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

// Labels returns the best label index sequence for words; gaz, when
// non-nil, holds one gazetteer tag per word (as used in training).
func (m *Model) labels(s *scratch, words, gaz []string, out []int) []int {
	if m.q != nil {
		m.emissionsCached(s, words, gaz)
	} else {
		s.toks = m.analyse(s.toks, &s.folds, words, gaz)
		if len(s.doc) == len(words) {
			for i := range s.toks {
				s.toks[i].doc = s.doc[i]
			}
		}
		m.emissions(s, len(words))
	}
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
//	bits uint32, scale float32, flags uint32 (1: trained with a lexicon, 2: pair features, 4: document memory, bits 8-15 its window, bit 16: capitalised-run features), O bias float32
//	trans: (numLabels+1)*numLabels float32
//	clusters: uint32 count, then per word: uint8 length, bytes, uint16 fine, uint16 coarse
//	case classes (version 3): uint32 count, then per word: uint8 length, bytes, uint8 class
//	name memory (version 4): the same layout as the case classes
//	extra word features (version 5, written only for a model that has them): see appendExtra
//	weights: (1<<bits)*numLabels int16, weight = value*scale
const (
	magic   = "NERM"
	version = 5
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
	if m.extra == nil {
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
	if m.w == nil && m.q != nil { // read from a file: written as read
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
	if _, err := bw.Write(b); err != nil {
		return cw.n, err
	}
	buf := make([]byte, 0, 2*numLabels*1024)
	for i := 0; i < 1<<m.bits; i++ {
		for l := 0; l < numLabels; l++ {
			var q int16
			if m.w == nil && m.q != nil {
				q = m.q[i*stride+l]
			} else {
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
func ReadModel(r io.Reader) (*Model, error) {
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
	if err := binary.Read(br, le, &m.trans); err != nil {
		return nil, fmt.Errorf("ner: model transitions: %w", err)
	}
	var nc uint32
	if err := binary.Read(br, le, &nc); err != nil {
		return nil, fmt.Errorf("ner: model clusters: %w", err)
	}
	if nc > 0 {
		m.clusters = make(map[string][2]uint16, nc)
		var wb [255]byte
		for k := uint32(0); k < nc; k++ {
			n, err := br.ReadByte()
			if err != nil {
				return nil, fmt.Errorf("ner: model clusters: %w", err)
			}
			if _, err := io.ReadFull(br, wb[:n]); err != nil {
				return nil, fmt.Errorf("ner: model clusters: %w", err)
			}
			var c [2]uint16
			if err := binary.Read(br, le, &c); err != nil {
				return nil, fmt.Errorf("ner: model clusters: %w", err)
			}
			m.clusters[string(wb[:n])] = c
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
	m.q, m.scale = make([]int16, (1<<m.bits)*stride), hdr.Scale
	row := make([]byte, 2*numLabels)
	for i := 0; i < 1<<m.bits; i++ {
		if _, err := io.ReadFull(br, row); err != nil {
			return nil, fmt.Errorf("ner: model weights: %w", err)
		}
		for l := 0; l < numLabels; l++ {
			m.q[i*stride+l] = int16(le.Uint16(row[2*l:]))
		}
	}
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
	out := make(map[string]uint8, min(n, 1<<20))
	var wb [256]byte
	for k := uint32(0); k < n; k++ {
		l, err := br.ReadByte()
		if err != nil {
			return nil, err
		}
		if _, err := io.ReadFull(br, wb[:int(l)+1]); err != nil {
			return nil, err
		}
		out[string(wb[:l])] = wb[l]
	}
	return out, nil
}
