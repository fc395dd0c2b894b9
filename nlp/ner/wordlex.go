package ner

// Word lexicon classes: bits of a word's class in a model's word lexicon
// (Model.wordLex, TrainOptions.WordLex), lists of words learned or
// compiled outside the training corpus that tell what kind of name a word
// may be part of. A word may have several bits.
const (
	// LexPlace marks a one-word place name (a city, a region).
	LexPlace byte = 1 << iota
	// LexPlaceFirst marks the first word of a longer place name.
	LexPlaceFirst
	// LexPlaceRest marks a later word of a longer place name.
	LexPlaceRest
	// LexGiven marks a given name of people.
	LexGiven
	// LexFamily marks a family name of people.
	LexFamily
)

// Feature templates of the word lexicon (see wordLexLocalFeatures),
// numbered after the article class features.
const (
	fLex0 = fArtTrigM1 + 1 + iota
	fLexClitic
	fLexArt
	fLexM1
	fLexP1
	fLexBigramM1
	fLexBigramP1
)

// wordLexClass returns the word lexicon class of token t: the class of
// its matching form, or of the bare word (its proclitics aside: the stem,
// or the word without a conjunction and a lone ب ك ل, as for the article
// classes) in Arabic script.
func (m *Model) wordLexClass(t *token) byte {
	if c, ok := m.wordLex[t.fold]; ok || !t.arabic {
		return c
	}
	if c, ok := m.wordLex[t.stem]; ok {
		return c
	}
	base, _ := bareForm(t.fold, func(w string) int {
		if _, ok := m.wordLex[w]; ok {
			return 1
		}
		return 0
	})
	return m.wordLex[base]
}

// wordLexLocalFeatures appends the buckets of the word lexicon features of
// token t that read only its analysis: its class with its case (Latin
// script) or proclitics and article class (Arabic).
func (m *Model) wordLexLocalFeatures(dst []uint32, t *token) []uint32 {
	if t.lex == 0 {
		return dst
	}
	bits := m.bits
	h0 := fnvOffset
	dst = append(dst, h0.byte(fLex0).byte(t.lex).byte(boolByte(t.upper)).bucket(bits))
	if t.arabic {
		dst = append(dst, h0.byte(fLexClitic).byte(t.lex).str(t.clitic).bucket(bits))
		if m.articles {
			dst = append(dst, h0.byte(fLexArt).byte(t.lex).byte(t.cc).bucket(bits))
		}
	}
	return dst
}

// wordLexNeighbourFeatures appends the buckets of the word lexicon class
// of the neighbour nb at offset off, -1 or +1 (see neighbourFeatures).
func (m *Model) wordLexNeighbourFeatures(dst []uint32, off int, nb *token) []uint32 {
	if nb == nil || nb.lex == 0 {
		return dst
	}
	switch off {
	case -1:
		dst = append(dst, fnvOffset.byte(fLexM1).byte(nb.lex).byte(boolByte(nb.upper)).bucket(m.bits))
	case 1:
		dst = append(dst, fnvOffset.byte(fLexP1).byte(nb.lex).byte(boolByte(nb.upper)).bucket(m.bits))
	}
	return dst
}

// wordLexContextFeatures appends the buckets of the word lexicon features
// of token i of toks that read its neighbours: the classes of the word and
// the one before, and of the word and the one after, when either has one.
func (m *Model) wordLexContextFeatures(dst []uint32, toks []token, i int) []uint32 {
	t := &toks[i]
	if i > 0 {
		if p := &toks[i-1]; p.lex|t.lex != 0 {
			dst = append(dst, fnvOffset.byte(fLexBigramM1).byte(p.lex).byte(t.lex).bucket(m.bits))
		}
	}
	if i+1 < len(toks) {
		if n := &toks[i+1]; n.lex|t.lex != 0 {
			dst = append(dst, fnvOffset.byte(fLexBigramP1).byte(t.lex).byte(n.lex).bucket(m.bits))
		}
	}
	return dst
}
