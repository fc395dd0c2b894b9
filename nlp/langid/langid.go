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
	"unicode"
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
	// index maps the hash (ngramHash) of an n-gram to its row in weights.
	index hashIndex
	// weights[row*len(langs)+l] is log P(n-gram | language l) in
	// hundredths of a nat.
	weights []int16
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
	r := m.Scores(s, "")
	return r[0]
}

// DetectWithPrior returns the most probable language of s when the sender
// declared the language prior (an ISO 639-1 code, "" for none). The
// declared language gets PriorWeight times the prior probability of each
// other language; enough text against it still wins.
func (m *Model) DetectWithPrior(s, prior string) Result {
	return m.Scores(s, prior)[0]
}

// PriorWeight is how many times more probable a declared language is a
// priori than each other language.
const PriorWeight = 4.0

// Scores returns every language of the model with its posterior
// probability, best first. prior is a declared language or "".
// For a text without usable letters it returns one Result{Undetermined, 0}.
func (m *Model) Scores(s, prior string) []Result {
	L := len(m.langs)
	var sumBuf [8]float64
	var sums []float64
	if L <= len(sumBuf) {
		sums = sumBuf[:L]
	} else {
		sums = make([]float64, L)
	}
	n := m.accumulate(s, sums)
	if n == 0 {
		return []Result{{Code: Undetermined}}
	}
	// Confidence: softmax over the mean log-likelihood per n-gram scaled
	// by beta*sqrt(n), which grows with evidence but far slower than the
	// raw naive Bayes sum, whose posteriors are always near 0 or 1.
	z := make([]float64, L)
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
	out := make([]Result, L)
	for l := range z {
		out[l] = Result{Code: m.langs[l], Confidence: z[l] / total}
	}
	// Insertion sort: L is tiny; ties keep model order (deterministic).
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Confidence > out[j-1].Confidence; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// accumulate adds the log-likelihoods of the n-grams of s to sums and
// returns the number of n-grams found in the model.
func (m *Model) accumulate(s string, sums []float64) int {
	L := len(m.langs)
	found := 0
	EachWord(s, m.maxRunes, func(w []rune) {
		for i := range w {
			h := uint64(fnvOffset)
			for n := 1; n <= MaxOrder && i+n <= len(w); n++ {
				h = (h ^ uint64(w[i+n-1])) * fnvPrime
				if n == 1 && w[i] == ' ' {
					continue
				}
				row, ok := m.index.get(h)
				if !ok {
					continue
				}
				found++
				ws := m.weights[int(row)*L : int(row)*L+L]
				for l, v := range ws {
					sums[l] += float64(v)
				}
			}
		}
	})
	return found
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

// setNgrams sets the model's rows and builds the index. Two n-grams with
// one hash would be a (astronomically unlikely) error.
func (m *Model) setNgrams(rows []string) error {
	m.ngrams = rows
	m.index = newHashIndex(len(rows))
	for i, s := range rows {
		h := ngramHash(s)
		if _, dup := m.index.get(h); dup {
			return fmt.Errorf("n-gram hash collision on %q", s)
		}
		m.index.put(h, int32(i))
	}
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
	if err := m.setNgrams(rows); err != nil {
		return nil, err
	}
	if err := binary.Read(br, binary.LittleEndian, m.weights); err != nil {
		return nil, fmt.Errorf("read weights: %w", err)
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

// hashIndex is an open-addressing table from n-gram hashes to rows, at
// most half full: one multiply and, mostly, one probe per look-up, about
// four times faster than a Go map for this use.
type hashIndex struct {
	keys  []uint64 // 0 marks an empty slot (hash 0 is stored as 1)
	rows  []int32
	mask  uint64
	shift uint
}

func newHashIndex(n int) hashIndex {
	size, bits := 1, uint(0)
	for size < 2*n+2 {
		size <<= 1
		bits++
	}
	return hashIndex{keys: make([]uint64, size), rows: make([]int32, size), mask: uint64(size - 1), shift: 64 - bits}
}

func (x *hashIndex) slot(h uint64) uint64 {
	return (h * 0x9E3779B97F4A7C15) >> x.shift & x.mask
}

func (x *hashIndex) get(h uint64) (int32, bool) {
	if len(x.keys) == 0 {
		return 0, false
	}
	if h == 0 {
		h = 1
	}
	for i := x.slot(h); ; i = (i + 1) & x.mask {
		switch x.keys[i] {
		case h:
			return x.rows[i], true
		case 0:
			return 0, false
		}
	}
}

func (x *hashIndex) put(h uint64, row int32) {
	if h == 0 {
		h = 1
	}
	i := x.slot(h)
	for x.keys[i] != 0 && x.keys[i] != h {
		i = (i + 1) & x.mask
	}
	x.keys[i], x.rows[i] = h, row
}
