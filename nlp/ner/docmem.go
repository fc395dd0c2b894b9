package ner

import (
	"context"
	"fmt"
)

// DocWindow is the number of sentences before and after a sentence whose
// first-pass labels make its document memory (see TrainOptions.DocWindow):
// the window the shipped models were trained with.
const DocWindow = 20

// docMemory collects the first-pass labels of the sentences of a document
// and turns them into document memory classes: for each token, the memory
// class (see memoryClass) of the labels the first pass gave the same word
// (its matching form without proclitics) in the other sentences at most
// window sentences away, 0 when the word occurs in none of them. A word
// tagged ORG in three sentences nearby is likely ORG here too, even where
// its own sentence says little. The zero value is ready to use; reset
// between documents.
type docMemory struct {
	ids    map[string]int32
	keys   []int32 // word id of every token
	labels []int   // first-pass label of every token
	bounds []int   // sentence k is tokens bounds[k]:bounds[k+1]
	counts [][4]int32
	class  []byte
}

// reset forgets the document.
func (d *docMemory) reset() {
	clear(d.ids)
	d.keys, d.labels, d.bounds, d.class = d.keys[:0], d.labels[:0], d.bounds[:0], d.class[:0]
}

// add appends a sentence: its analysed tokens and first-pass labels.
func (d *docMemory) add(toks []token, labels []int) {
	if d.ids == nil {
		d.ids = make(map[string]int32)
	}
	if len(d.bounds) == 0 {
		d.bounds = append(d.bounds, 0)
	}
	for i := range toks {
		id, ok := d.ids[toks[i].stem]
		if !ok {
			id = int32(len(d.ids))
			d.ids[toks[i].stem] = id
		}
		d.keys = append(d.keys, id)
		d.labels = append(d.labels, labels[i])
	}
	d.bounds = append(d.bounds, len(d.keys))
}

// sentences returns the number of sentences added.
func (d *docMemory) sentences() int { return max(len(d.bounds)-1, 0) }

// compute finds the classes of every token, the window sliding over the
// sentences: each sentence's own labels are taken out of the window's
// counts while its tokens are classed.
func (d *docMemory) compute(window int) {
	n := len(d.ids)
	if cap(d.counts) < n {
		d.counts = make([][4]int32, n)
	}
	d.counts = d.counts[:n]
	clear(d.counts)
	if cap(d.class) < len(d.keys) {
		d.class = make([]byte, len(d.keys))
	}
	d.class = d.class[:len(d.keys)]
	slideWindow(d.sentences(), window, func(k int, v int32) {
		for j := d.bounds[k]; j < d.bounds[k+1]; j++ {
			d.counts[d.keys[j]][(d.labels[j]+1)/2] += v
		}
	}, func(k int) {
		for j := d.bounds[k]; j < d.bounds[k+1]; j++ {
			d.class[j] = memoryClass(d.counts[d.keys[j]])
		}
	})
}

// slideWindow visits the ns sentences of a document with a window of
// window sentences either side: add(k, +1) and add(k, -1) put sentence k
// into the window's counts and take it out, and class(k) is called for
// each sentence with the counts of the window without the sentence itself.
func slideWindow(ns, window int, add func(k int, v int32), class func(k int)) {
	for k := 0; k <= min(window, ns-1); k++ {
		add(k, 1)
	}
	for k := 0; k < ns; k++ {
		if k > 0 {
			if in := k + window; in < ns {
				add(in, 1)
			}
			if out := k - window - 1; out >= 0 {
				add(out, -1)
			}
		}
		add(k, -1)
		class(k)
		add(k, 1)
	}
}

// sentence returns the classes of sentence k (after compute).
func (d *docMemory) sentence(k int) []byte { return d.class[d.bounds[k]:d.bounds[k+1]] }

// retag reports whether a sentence with first-pass labels and document
// memory classes doc is worth a second pass: whether a word the first
// pass found in a name elsewhere is not in a name of that type here. The
// others are left as the first pass tagged them: on the Arabic dev split
// 199 of 397 sentences are re-tagged instead of the 312 with any name
// elsewhere, for the same F1 (76.29; 5-fold CV 75.46 against 75.67).
func retag(doc []byte, labels []int) bool {
	for i, c := range doc {
		if c >= 2 && (labels[i]+1)/2 != int(c-2)/2+1 {
			return true
		}
	}
	return false
}

// RetagPolicy says which sentences the second pass of a model with
// document memory tags again.
type RetagPolicy byte

// The sentences tagged again.
const (
	// RetagMemory: those where a word the first pass found in a name
	// elsewhere is not in a name of that type here (see retag).
	RetagMemory RetagPolicy = iota
	// RetagFound: those where the first pass found a name, or a word
	// was in a name elsewhere.
	RetagFound
	// RetagAll: every sentence.
	RetagAll
)

// String returns the policy's name, as ParseRetagPolicy reads it.
func (p RetagPolicy) String() string {
	switch p {
	case RetagFound:
		return "found"
	case RetagAll:
		return "all"
	}
	return "memory"
}

// ParseRetagPolicy returns the policy named name: memory, found or all.
func ParseRetagPolicy(name string) (RetagPolicy, error) {
	for _, p := range [...]RetagPolicy{RetagMemory, RetagFound, RetagAll} {
		if p.String() == name {
			return p, nil
		}
	}
	return 0, fmt.Errorf("ner: unknown retag policy %q (memory, found, all)", name)
}

// SetRetagPolicy sets which sentences the second pass of a model with
// document memory tags again.
func (m *Model) SetRetagPolicy(p RetagPolicy) { m.retagWhich = p }

// RetagPolicy returns which sentences the second pass of a model with
// document memory tags again.
func (m *Model) RetagPolicy() RetagPolicy { return m.retagWhich }

// retag reports whether the second pass of m tags again a sentence with
// first-pass labels and document memory classes doc (see RetagPolicy).
func (m *Model) retag(doc []byte, labels []int) bool {
	switch m.retagWhich {
	case RetagAll:
		return true
	case RetagFound:
		for i, c := range doc {
			if c >= 2 || labels[i] != 0 {
				return true
			}
		}
		return false
	}
	return retag(doc, labels)
}

// docFirstPass returns the document memory classes of every token of
// examples (consecutive sentences of documents) from first-pass labels
// given by models trained without the example's block (k contiguous
// blocks) and without document memory, as a new text would get them from
// the shipped model's first pass; and those labels.
func docFirstPass(ctx context.Context, examples []Example, opt TrainOptions, k int) ([][]byte, [][]int, error) {
	inner := opt
	inner.DocWindow = 0
	inner.Progress = nil
	inner.Snapshot = nil
	inner.Epochs = opt.DocEpochs
	if inner.Epochs <= 0 {
		inner.Epochs = max(opt.Epochs/2, 1)
	}
	blockOf := func(i int) int { return i * k / len(examples) }
	var d docMemory
	var s scratch
	preds := make([][]int, len(examples))
	toks := make([][]token, len(examples))
	for b := 0; b < k; b++ {
		var train []Example
		for i, ex := range examples {
			if blockOf(i) != b {
				train = append(train, ex)
			}
		}
		bm, err := Train(ctx, train, inner)
		if err != nil {
			return nil, nil, err
		}
		bm.oBias = opt.DocOBias
		for i, ex := range examples {
			if blockOf(i) != b {
				continue
			}
			gaz := ex.Gaz
			if opt.Lexicon != nil && gaz == nil {
				gaz = wordsLexTags(opt.Lexicon, ex.Words)
			}
			preds[i] = bm.labels(&s, ex.Words, gaz, nil)
			toks[i] = append([]token(nil), s.toks...)
		}
	}
	for i := range examples {
		d.add(toks[i], preds[i])
	}
	d.compute(opt.DocWindow)
	out := make([][]byte, len(examples))
	for i := range examples {
		out[i] = append([]byte(nil), d.sentence(i)...)
	}
	return out, preds, nil
}

// TagDocument tags consecutive sentences of one document (or of a stream
// of documents in order) with m and returns their label indexes. A model
// with surface features sees how each word is written in the sentences
// around (see surfaceClasses). A model with document memory tags in two
// passes: a first pass without it, then again the sentences with a word
// that the first pass put in a name of another type (or in none) than in
// another sentence at most window sentences away.
func (m *Model) TagDocument(sents [][]string, lex Lexicon, window int) [][]int {
	var s scratch
	var d docMemory
	var surf surfaceClasses
	if w := max(m.firstPass().surface, m.surface); w > 0 {
		for _, ws := range sents {
			surf.add(&s.folds, ws)
		}
		surf.compute(w)
	}
	sentSurf := func(mm *Model, k int) []byte {
		if mm.surface == 0 {
			return nil
		}
		return surf.sentence(k)
	}
	gaz := make([][]string, len(sents))
	out := make([][]int, len(sents))
	for i, ws := range sents {
		if m.lexicon {
			gaz[i] = wordsLexTags(lex, ws)
		}
		s.surf = sentSurf(m.firstPass(), i)
		out[i] = m.firstPass().labels(&s, ws, gaz[i], nil)
		d.add(s.toks, out[i])
	}
	if !m.docs {
		return out
	}
	d.compute(window)
	for i, ws := range sents {
		if doc := d.sentence(i); m.retag(doc, out[i]) {
			s.doc, s.fp = doc, out[i]
			s.surf = sentSurf(m, i)
			out[i] = m.labels(&s, ws, gaz[i], out[i][:0])
			s.doc, s.fp = nil, nil
		}
	}
	return out
}
