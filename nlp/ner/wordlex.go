package ner

import (
	"context"
	"sort"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

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
	// LexKnownPER, LexKnownORG and LexKnownLOC mark a one-word name of a
	// known person, organisation or place (a gazetteer's alias, those
	// it matches only on lookup included).
	LexKnownPER
	LexKnownORG
	LexKnownLOC
)

// Feature templates of the word lexicon (see wordLexLocalFeatures),
// numbered after the article class features.
const (
	fLex0 = fArtTrigM1 + 1 + iota
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
// token t that read only its analysis: its class with its case, and
// with its article class (Arabic script).
func (m *Model) wordLexLocalFeatures(dst []uint32, t *token) []uint32 {
	if t.lex == 0 {
		return dst
	}
	bits := m.bits
	h0 := fnvOffset
	dst = append(dst, h0.byte(fLex0).byte(t.lex).byte(boolByte(t.upper)).bucket(bits))
	if t.arabic && m.articles {
		dst = append(dst, h0.byte(fLexArt).byte(t.lex).byte(t.cc).bucket(bits))
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

// CountWords counts the words of the texts (files as for LearnClusters)
// in matching form (normalize.Fold).
func CountWords(ctx context.Context, files []string) (map[string]int, error) {
	cnt := map[string]int{}
	for _, path := range files {
		err := readTexts(path, func(text string) {
			for _, t := range tokenize.Tokenize(text) {
				if t.Kind == tokenize.Word {
					cnt[normalize.Fold(t.Text(text))]++
				}
			}
		})
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return cnt, nil
}

// MostFrequent returns the n words of cnt used most often (ties broken
// by byte order), as a set.
func MostFrequent(cnt map[string]int, n int) map[string]bool {
	words := make([]string, 0, len(cnt))
	for w := range cnt {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		if a, b := cnt[words[i]], cnt[words[j]]; a != b {
			return a > b
		}
		return words[i] < words[j]
	})
	out := make(map[string]bool, min(n, len(words)))
	for _, w := range words[:min(n, len(words))] {
		out[w] = true
	}
	return out
}
