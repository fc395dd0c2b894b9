package ner

import (
	"unicode"
	"unicode/utf8"
)

// Feature templates of the document surface features (see
// surfaceFeatures), numbered after the capitalised-run features.
const (
	fSurf0 = fRunHeadPos + 1 + iota
	fSurfCase
	fSurfM1
	fSurfP1
)

// SurfaceWindow is the number of sentences before and after a sentence
// whose words make its surface classes (see TrainOptions.SurfaceWindow):
// the window the shipped Latin model was trained with.
const SurfaceWindow = 7

// Kinds of a Latin-script word occurrence counted by surfaceClasses.
const (
	surfNone       = iota // not counted: not a Latin letter first
	surfLower             // lower case
	surfUpperMid          // capitalised inside its sentence
	surfUpperFirst        // capitalised first word of its sentence
)

// surfaceClasses computes, for the consecutive sentences of a document,
// the surface class of every token: how the same word (its matching
// form) is written in the other sentences at most window sentences away.
// A capitalised word also written in lower case nearby is most likely a
// common word (a title, a sentence start); one capitalised inside other
// sentences, and often, is most likely a name. The class of a word that
// does not start with an upper-case letter is 0; else 1 plus 1 when the
// word is written in lower case nearby, plus 2 when it is capitalised
// inside another sentence nearby, plus 4 times the bucket of how often it
// is capitalised nearby (0, 1, 2-4, 5 or more). The zero value is ready
// to use; reset between documents.
type surfaceClasses struct {
	ids    map[string]int32
	keys   []int32 // word id of every token, -1 if not counted
	kinds  []uint8 // surfLower, ... of every token
	bounds []int   // sentence k is tokens bounds[k]:bounds[k+1]
	counts [][3]int32
	class  []byte
}

// reset forgets the document.
func (c *surfaceClasses) reset() {
	clear(c.ids)
	c.keys, c.kinds, c.bounds, c.class = c.keys[:0], c.kinds[:0], c.bounds[:0], c.class[:0]
}

// add appends a sentence of words, folded with fc.
func (c *surfaceClasses) add(fc *FoldCache, words []string) {
	if c.ids == nil {
		c.ids = make(map[string]int32)
	}
	if len(c.bounds) == 0 {
		c.bounds = append(c.bounds, 0)
	}
	for i, w := range words {
		r, ok := twoByteRune(w)
		if !ok {
			r, _ = utf8.DecodeRuneInString(w)
		}
		kind := uint8(surfNone)
		switch {
		case isArabic(r) || !unicode.IsLetter(r):
		case !unicode.IsUpper(r):
			kind = surfLower
		case i > 0:
			kind = surfUpperMid
		default:
			kind = surfUpperFirst
		}
		id := int32(-1)
		if kind != surfNone {
			f := fc.Fold(w)
			var ok bool
			if id, ok = c.ids[f]; !ok {
				id = int32(len(c.ids))
				c.ids[f] = id
			}
		}
		c.keys = append(c.keys, id)
		c.kinds = append(c.kinds, kind)
	}
	c.bounds = append(c.bounds, len(c.keys))
}

// sentences returns the number of sentences added.
func (c *surfaceClasses) sentences() int { return max(len(c.bounds)-1, 0) }

// compute finds the classes of every token, the window sliding over the
// sentences as in docMemory.compute: each sentence's own words are taken
// out of the counts while its tokens are classed.
func (c *surfaceClasses) compute(window int) {
	n := len(c.ids)
	if cap(c.counts) < n {
		c.counts = make([][3]int32, n)
	}
	c.counts = c.counts[:n]
	clear(c.counts)
	if cap(c.class) < len(c.keys) {
		c.class = make([]byte, len(c.keys))
	}
	c.class = c.class[:len(c.keys)]
	if n == 0 {
		// No word counted (no Latin-script letter first): every class
		// is 0, without sliding the window.
		clear(c.class)
		return
	}
	slideWindow(c.sentences(), window, func(k int, v int32) {
		for j := c.bounds[k]; j < c.bounds[k+1]; j++ {
			if id := c.keys[j]; id >= 0 {
				c.counts[id][c.kinds[j]-1] += v
			}
		}
	}, func(k int) {
		for j := c.bounds[k]; j < c.bounds[k+1]; j++ {
			c.class[j] = 0
			if c.kinds[j] == surfUpperMid || c.kinds[j] == surfUpperFirst {
				c.class[j] = surfaceClass(c.counts[c.keys[j]])
			}
		}
	})
}

// surfaceClass returns the class of a capitalised word from the counts of
// its other occurrences nearby: lower case, capitalised inside a
// sentence, capitalised first.
func surfaceClass(n [3]int32) byte {
	cls := byte(1)
	if n[0] > 0 {
		cls++
	}
	if n[1] > 0 {
		cls += 2
	}
	switch up := n[1] + n[2]; {
	case up == 0:
	case up == 1:
		cls += 4
	case up < 5:
		cls += 8
	default:
		cls += 12
	}
	return cls
}

// sentence returns the classes of sentence k (after compute).
func (c *surfaceClasses) sentence(k int) []byte { return c.class[c.bounds[k]:c.bounds[k+1]] }

// surfaceFeatures appends the buckets of the document surface features of
// token i of toks, for a model with them: the token's surface class (see
// surfaceClasses) with whether it starts the sentence, with its case
// class, and with the class of each neighbour. Context features: the
// class is the token's, not its word type's.
func (m *Model) surfaceFeatures(dst []uint32, toks []token, i int) []uint32 {
	bits := m.bits
	h0 := fnvOffset
	t := &toks[i]
	dst = append(dst, h0.byte(fSurf0).byte(t.surf).byte(boolByte(i == 0)).bucket(bits))
	dst = append(dst, h0.byte(fSurfCase).byte(t.surf).byte(t.cc).bucket(bits))
	var ps, ns byte = 99, 99
	if i > 0 {
		ps = toks[i-1].surf
	}
	if i+1 < len(toks) {
		ns = toks[i+1].surf
	}
	dst = append(dst, h0.byte(fSurfM1).byte(ps).byte(t.surf).bucket(bits))
	return append(dst, h0.byte(fSurfP1).byte(t.surf).byte(ns).bucket(bits))
}

// sentenceSurface appends to dst the surface classes of words as a
// document of one sentence: 1 for a word that starts with an upper-case
// letter (outside Arabic script), as surfaceClasses gives when no other
// sentence holds the word, 0 for the others.
func sentenceSurface(dst []byte, words []string) []byte {
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		dst = append(dst, boolByte(unicode.IsUpper(r) && !isArabic(r)))
	}
	return dst
}
