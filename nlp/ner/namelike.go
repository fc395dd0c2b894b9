package ner

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/arabic"
)

// Name likeness: how much the letters of an Arabic word look like those
// of a name, from a logistic regression over the letter n-grams of its
// bare form, learned from many more words than the tagger's training
// sentences hold: the words of place names, of the gazetteer's aliases
// and given names against the frequent words of news text. Transliterated
// foreign names (كيربي، شويغو، فلاديفوستوك) share spelling patterns (long
// vowels written out, letters such as غ for g, clusters such as تش) that
// common Arabic words lack; the score carries them to names the tagger
// never saw. The tagger gets the score bucketed into a few classes (see
// NameScorer.Class) and conjoined as the article classes are, for the
// words too rare in the news text to have an article class (those the
// tagger knows least about).

// NameForm returns the form of the folded Arabic word f that a
// NameScorer learns from and scores: f without the article and the
// proclitics before it (الروسي، وبالقاهرة: روسي، قاهره), else f whole, a
// conjunction or preposition kept (فلاديمير and وقال alike; see
// NameScorer.Classes for the other readings).
func NameForm(f string) string {
	stem, p := arabic.Stem(f)
	if p > 0 && hasArticlePrefix(f[:p]) {
		return stem
	}
	return f
}

// Feature templates of the name-likeness classes (see nameLocalFeatures).
// They are numbered from 0xA0, clear of the templates numbered after
// each other from features.go on, so that a template added there does not
// take the same number.
const (
	fName0 byte = 0xA0 + iota
	fNameArt
	fNameSplit
	fNameM1
	fNameP1
	fNameBigramM1
	fNameBigramP1
)

// KnownGivenNames returns the given names the tagger knows (see
// lexdata/given_names.txt), in matching form: a fresh set each call.
func KnownGivenNames() map[string]bool { return givenNames() }

// NameScorerOptions configure LearnNameScorer.
type NameScorerOptions struct {
	// Bits is the log2 of the number of hash buckets of letter n-grams.
	// Default 18.
	Bits uint
	// MaxN is the longest letter n-gram, the word boundary marks
	// counting as letters. Default 4.
	MaxN int
	// Epochs of stochastic gradient descent. Default 6.
	Epochs int
	// Rate is the AdaGrad learning rate. Default 0.1.
	Rate float64
	// L2 is the weight of the L2 penalty per update. Default 1e-5.
	L2 float64
	// Cuts are the probabilities of being a name that bound the classes,
	// ascending: len(Cuts)+1 classes. Default 0.1, 0.3, 0.5, 0.7, 0.9.
	Cuts []float64
	// Seed fixes the order of the examples.
	Seed uint64
}

// NameExample is a word of LearnNameScorer's training data (in matching
// form, its proclitics aside: see arabic.Stem) and whether it is part of
// a name; Weight (default 1) weighs its loss.
type NameExample struct {
	Word   string
	Name   bool
	Weight float64
}

// NameScorer scores how much a word looks like a name (see
// LearnNameScorer). Its weights are quantised to 8 bits when learned, so
// that a model scores with the same weights it was trained with and
// stores.
type NameScorer struct {
	bits  uint
	maxN  int
	w     []int8
	scale float32
	bias  float32
	cuts  []float32 // logits, ascending
}

// LearnNameScorer fits a logistic regression of whether a word is part of
// a name on the hashed letter n-grams of the word with boundary marks
// (^ at the start, $ at the end), the classes weighed to balance.
func LearnNameScorer(ctx context.Context, examples []NameExample, opt NameScorerOptions) (*NameScorer, error) {
	if opt.Bits == 0 {
		opt.Bits = 18
	}
	if opt.MaxN == 0 {
		opt.MaxN = 4
	}
	if opt.Epochs == 0 {
		opt.Epochs = 6
	}
	if opt.Rate == 0 {
		opt.Rate = 0.1
	}
	if opt.L2 == 0 {
		opt.L2 = 1e-5
	}
	if opt.Cuts == nil {
		opt.Cuts = []float64{0.1, 0.3, 0.5, 0.7, 0.9}
	}
	if opt.Bits > 24 || opt.MaxN > 8 || len(opt.Cuts) > 254 {
		return nil, errors.New("ner: name scorer: too many buckets, letters or classes")
	}
	var pos, neg float64
	for _, ex := range examples {
		wt := ex.Weight
		if wt == 0 {
			wt = 1
		}
		if ex.Name {
			pos += wt
		} else {
			neg += wt
		}
	}
	if pos == 0 || neg == 0 {
		return nil, errors.New("ner: name scorer: needs names and other words")
	}
	s := &NameScorer{bits: opt.Bits, maxN: opt.MaxN}
	type item struct {
		grams []uint32
		y, wt float64
	}
	items := make([]item, 0, len(examples))
	for _, ex := range examples {
		wt := ex.Weight
		if wt == 0 {
			wt = 1
		}
		y := 0.0
		if ex.Name {
			y, wt = 1, wt*(pos+neg)/(2*pos)
		} else {
			wt *= (pos + neg) / (2 * neg)
		}
		items = append(items, item{grams: s.grams(nil, ex.Word), y: y, wt: wt})
	}
	w := make([]float64, 1<<opt.Bits)
	g2 := make([]float64, 1<<opt.Bits)
	var bias, bias2 float64
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x5851f42d4c957f2d))
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	for range opt.Epochs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, k := range order {
			it := &items[k]
			z := bias
			for _, f := range it.grams {
				z += w[f]
			}
			g := (sigmoid64(z) - it.y) * it.wt
			bias2 += g * g
			bias -= opt.Rate * g / math.Sqrt(bias2+1e-8)
			for _, f := range it.grams {
				gf := g + opt.L2*w[f]
				g2[f] += gf * gf
				w[f] -= opt.Rate * gf / math.Sqrt(g2[f]+1e-8)
			}
		}
	}
	var maxAbs float64
	for _, v := range w {
		maxAbs = max(maxAbs, math.Abs(v))
	}
	s.scale = float32(maxAbs / 127)
	if s.scale == 0 {
		s.scale = 1
	}
	s.w = make([]int8, len(w))
	for i, v := range w {
		s.w[i] = int8(math.Round(v / float64(s.scale)))
	}
	s.bias = float32(bias)
	for _, c := range opt.Cuts {
		s.cuts = append(s.cuts, float32(math.Log(c/(1-c))))
	}
	return s, nil
}

func sigmoid64(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// grams appends the buckets of the letter n-grams of word, marked ^ at
// the start and $ at the end, of 1 to maxN letters (the marks alone
// left out).
func (s *NameScorer) grams(dst []uint32, word string) []uint32 {
	// Rune starts of ^word$, the end of the last rune after them.
	var buf [64]int
	starts := buf[:0]
	starts = append(starts, -1) // ^
	for i := range word {
		starts = append(starts, i)
	}
	starts = append(starts, len(word), len(word)+1) // $, the end
	k := len(starts) - 1                            // runes, the marks included
	for i := 0; i < k; i++ {
		for n := 1; n <= s.maxN && i+n <= k; n++ {
			if n == 1 && (i == 0 || i == k-1) {
				continue
			}
			h := fnvOffset.byte(byte(n))
			a, b := starts[i], starts[i+n]
			if a < 0 {
				h = h.byte('^')
				a = 0
			}
			end := min(b, len(word))
			h = h.str(word[a:end])
			if b > len(word) {
				h = h.byte('$')
			}
			dst = append(dst, h.bucket(s.bits))
		}
	}
	return dst
}

// logit returns the log-odds that word (in matching form, its proclitics
// aside) is part of a name.
func (s *NameScorer) logit(word string) float32 {
	var buf [256]uint32
	gs := s.grams(buf[:0], word)
	var sum int32
	for _, f := range gs {
		sum += int32(s.w[f])
	}
	return s.bias + s.scale*float32(sum)
}

// Prob returns the probability that word (in matching form, its
// proclitics aside) is part of a name.
func (s *NameScorer) Prob(word string) float64 { return sigmoid64(float64(s.logit(word))) }

// Class returns the name-likeness class of word: 1 for the least
// name-like to len(cuts)+1 for the most; 0 for the empty word and for a
// nil scorer. Words over 60 runes are not scored (class 0).
func (s *NameScorer) Class(word string) byte {
	if s == nil || word == "" || utf8.RuneCountInString(word) > 60 {
		return 0
	}
	z := s.logit(word)
	c := byte(1)
	for _, cut := range s.cuts {
		if z >= cut {
			c++
		}
	}
	return c
}

// equal reports whether s and o score every word alike.
func (s *NameScorer) equal(o *NameScorer) bool {
	if s == nil || o == nil {
		return s == o
	}
	return s.bits == o.bits && s.maxN == o.maxN && s.scale == o.scale && s.bias == o.bias &&
		slices.Equal(s.cuts, o.cuts) && slices.Equal(s.w, o.w)
}

// appendNameScorer appends s (nil: none) to b: uint8 bits (0 for none),
// then uint8 maxN, float32 scale, float32 bias, uint8 number of cuts,
// the cuts as float32 logits and the 1<<bits weights as int8.
func appendNameScorer(b []byte, s *NameScorer) []byte {
	if s == nil {
		return append(b, 0)
	}
	le := binary.LittleEndian
	b = append(b, byte(s.bits), byte(s.maxN))
	b = le.AppendUint32(b, math.Float32bits(s.scale))
	b = le.AppendUint32(b, math.Float32bits(s.bias))
	b = append(b, byte(len(s.cuts)))
	for _, c := range s.cuts {
		b = le.AppendUint32(b, math.Float32bits(c))
	}
	for _, v := range s.w {
		b = append(b, byte(v))
	}
	return b
}

// readNameScorer reads a scorer written by appendNameScorer; nil for
// none.
func readNameScorer(br *bufio.Reader) (*NameScorer, error) {
	bits, err := br.ReadByte()
	if err != nil || bits == 0 {
		return nil, err
	}
	if bits > 24 {
		return nil, errors.New("too many buckets")
	}
	var hdr struct {
		MaxN        uint8
		Scale, Bias float32
		Cuts        uint8
	}
	if err := binary.Read(br, binary.LittleEndian, &hdr); err != nil {
		return nil, err
	}
	if hdr.MaxN == 0 || hdr.MaxN > 8 {
		return nil, errors.New("bad n-gram length")
	}
	s := &NameScorer{bits: uint(bits), maxN: int(hdr.MaxN), scale: hdr.Scale, bias: hdr.Bias, cuts: make([]float32, hdr.Cuts)}
	if err := binary.Read(br, binary.LittleEndian, s.cuts); err != nil {
		return nil, err
	}
	raw := make([]byte, 1<<bits)
	if _, err := io.ReadFull(br, raw); err != nil {
		return nil, err
	}
	s.w = make([]int8, len(raw))
	for i, v := range raw {
		s.w[i] = int8(v)
	}
	return s, nil
}

// Classes returns the name-likeness classes of the folded Arabic word
// f: of its NameForm, and the highest of the word without a conjunction,
// a preposition (و ف ب ك ل) or both, leaving 3 runes at least (وراموس،
// بكابل، ولكوريا: راموس، كابل، كوريا), 0 when it has the article or no
// such prefix. A nil scorer returns 0, 0.
func (s *NameScorer) Classes(f string) (whole, split byte) {
	if s == nil {
		return 0, 0
	}
	form := NameForm(f)
	if form != f {
		return s.Class(form), 0
	}
	var buf [arabic.MaxSplits]int
	for _, q := range arabic.AppendSplits(buf[:0], f, 3) {
		if q > 0 && !hasArticlePrefix(f[:q]) {
			split = max(split, s.Class(f[q:]))
		}
	}
	return s.Class(f), split
}

// nameLocalFeatures appends the buckets of the name-likeness features of
// Arabic token t that read only its analysis: its class, alone, with its
// article class and with the class of the word without a conjunction or
// preposition.
func (m *Model) nameLocalFeatures(dst []uint32, t *token) []uint32 {
	if !t.arabic {
		return dst
	}
	bits := m.bits
	h0 := fnvOffset
	dst = append(dst, h0.byte(fName0).byte(t.name).bucket(bits))
	dst = append(dst, h0.byte(fNameArt).byte(t.name).byte(t.cc).bucket(bits))
	return append(dst, h0.byte(fNameSplit).byte(t.name).byte(t.nameSplit).bucket(bits))
}

// nameNeighbourFeatures appends the buckets of the name-likeness class of
// the Arabic neighbour nb at offset off, -1 or +1 (see
// neighbourFeatures).
func (m *Model) nameNeighbourFeatures(dst []uint32, off int, nb *token) []uint32 {
	if nb == nil || !nb.arabic {
		return dst
	}
	switch off {
	case -1:
		dst = append(dst, fnvOffset.byte(fNameM1).byte(nb.name).bucket(m.bits))
	case 1:
		dst = append(dst, fnvOffset.byte(fNameP1).byte(nb.name).bucket(m.bits))
	}
	return dst
}

// nameContextFeatures appends the buckets of the name-likeness features of
// Arabic token i of toks that read its neighbours: the classes of the word
// and the one before, and of the word and the one after (255 outside the
// sentence).
func (m *Model) nameContextFeatures(dst []uint32, toks []token, i int) []uint32 {
	t := &toks[i]
	if !t.arabic {
		return dst
	}
	var pc, nc byte = 255, 255
	if i > 0 {
		pc = toks[i-1].name
	}
	if i+1 < len(toks) {
		nc = toks[i+1].name
	}
	dst = append(dst, fnvOffset.byte(fNameBigramM1).byte(pc).byte(t.name).bucket(m.bits))
	return append(dst, fnvOffset.byte(fNameBigramP1).byte(t.name).byte(nc).bucket(m.bits))
}
