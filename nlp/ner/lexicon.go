package ner

import (
	_ "embed"
	"strings"

	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

// Lexicon finds known names in text. The tagger turns its matches into
// features (this token starts, continues or is a nationality adjective of
// a known PER, ORG or LOC name), so a model trained with a lexicon must be
// run with the same lexicon.
type Lexicon interface {
	// Find returns the known names of text, in text order, without
	// overlaps.
	Find(text string) []LexMatch
}

// LexMatch is a known name: a byte span of the text, its type (PER, ORG,
// LOC) and whether it is a nationality adjective (الروسي) rather than the
// name itself.
type LexMatch struct {
	Start, End int
	Type       string
	Adjective  bool
}

// GazetteerLexicon is the Lexicon of a gazetteer.
type GazetteerLexicon struct{ G *gazetteer.Gazetteer }

// Find returns the gazetteer's matches in text.
func (l GazetteerLexicon) Find(text string) []LexMatch {
	if l.G == nil {
		return nil
	}
	return Matches(l.G.Find(normalize.New(text)))
}

// Matches turns gazetteer matches into what GazetteerLexicon.Find returns
// for the same text: the matches of linked names.
func Matches(ms []gazetteer.Match) []LexMatch {
	out := make([]LexMatch, 0, len(ms))
	for _, m := range ms {
		if m.Entity == nil {
			continue
		}
		out = append(out, LexMatch{Start: m.Start, End: m.End, Type: m.Entity.Type, Adjective: m.Adjective})
	}
	return out
}

// lexTags returns one lexicon tag per token: "B-LOC", "I-LOC", "A-LOC"
// (adjective) or "" for tokens outside every match. A match starting
// inside a token (after its clitics) tags that token.
func lexTags(dst []string, matches []LexMatch, toks []tokenize.Token) []string {
	dst = dst[:0]
	for range toks {
		dst = append(dst, "")
	}
	k := 0
	for _, m := range matches {
		for k < len(toks) && toks[k].End <= m.Start {
			k++
		}
		for j := k; j < len(toks) && toks[j].Start < m.End; j++ {
			switch {
			case m.Adjective:
				dst[j] = lexTag('A', m.Type)
			case j == k:
				dst[j] = lexTag('B', m.Type)
			default:
				dst[j] = lexTag('I', m.Type)
			}
		}
	}
	return dst
}

// lexTag returns the lexicon tag of prefix ('A', 'B' or 'I') and typ: the
// string prefix + "-" + typ, a constant for the entity types, so that
// tagging allocates no strings.
func lexTag(prefix byte, typ string) string {
	var a, b, i string
	switch typ {
	case "PER":
		a, b, i = "A-PER", "B-PER", "I-PER"
	case "ORG":
		a, b, i = "A-ORG", "B-ORG", "I-ORG"
	case "LOC":
		a, b, i = "A-LOC", "B-LOC", "I-LOC"
	}
	switch {
	case a == "":
	case prefix == 'A':
		return a
	case prefix == 'B':
		return b
	case prefix == 'I':
		return i
	}
	return string(prefix) + "-" + typ
}

// wordsLexTags returns the lexicon tags of a tokenized sentence: the words
// are joined with spaces and the lexicon run over the result.
func wordsLexTags(lex Lexicon, words []string) []string {
	if lex == nil {
		return nil
	}
	var b strings.Builder
	toks := make([]tokenize.Token, len(words))
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		toks[i] = tokenize.Token{Start: b.Len(), End: b.Len() + len(w)}
		b.WriteString(w)
	}
	return lexTags(nil, lex.Find(b.String()), toks)
}

//go:embed lexdata/given_names.txt
var givenNamesText string

// givenNames returns the folded given names of lexdata/given_names.txt:
// common Arabic given names, Western and other given names in Arabic
// transliteration, and English and French given names. A known given
// name before an unknown word is the strongest sign of a person's name.
func givenNames() map[string]bool {
	out := make(map[string]bool, 1200)
	for _, line := range strings.Split(givenNamesText, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, w := range strings.Fields(line) {
			out[normalize.Fold(w)] = true
		}
	}
	return out
}

// nameParticle reports whether the folded word is a particle of Arabic
// names that a name follows: أبو/أبي/أبا (father of), بن/ابن/بنت (son,
// daughter of), أم (mother of).
func nameParticle(fold string) bool {
	switch fold {
	case "ابو", "ابي", "ابا", "بن", "ابن", "بنت", "ام", "وابو", "وابن", "لابن", "لابي", "bin", "ibn", "abu":
		return true
	}
	return false
}
