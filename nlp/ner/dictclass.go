package ner

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// Dictionary classes of a Latin-script word: how a general word list (a
// spelling dictionary such as Debian's wamerican-large) writes it. Such a
// list holds the common words in lower case and the proper nouns it knows
// (given names, places, companies) capitalised, so a capitalised word of
// the text that the list knows only as a common word is seldom a name,
// and one it knows only capitalised, or not at all, often is. The class
// is a word's English class (DictCommon ... DictBoth, or 0 when absent)
// plus DictOther when a dictionary of another language (French) holds it
// as a common word.
const (
	// DictCommon marks a word the dictionary holds in lower case only.
	DictCommon byte = 1
	// DictProper marks a word the dictionary holds capitalised only.
	DictProper byte = 2
	// DictBoth marks a word held both ways ("Bush" and "bush").
	DictBoth byte = 3
	// DictOther marks a common word of the other language's dictionary.
	DictOther byte = 4
)

// Feature templates of the dictionary classes (see dictLocalFeatures).
// They are numbered from 192, a range of their own, so that other
// families of templates can be added after the word lexicon's without
// renumbering.
const (
	fDict0 byte = 192 + iota
	fDictCase
	fDictM1
	fDictP1
	fDictBigramM1
	fDictBigramP1
	fDictRun
	fDictSurf
)

// ReadDictionary reads a word list, one word a line (as in
// /usr/share/dict), and adds the dictionary class of each word to
// classes (in matching form, normalize.Fold): DictCommon for a word
// written in lower case, DictProper for one written with a capital, both
// bits for a word written both ways. When other is true every word
// counts as a common word of the other language (DictOther), however
// written. A possessive "'s" is taken off; lines of more than one word
// are skipped. It returns the number of words read.
func ReadDictionary(r io.Reader, classes map[string]uint8, other bool) (int, error) {
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		w = strings.TrimSuffix(w, "'s")
		if w == "" || strings.ContainsAny(w, " \t") {
			continue
		}
		first, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(first) {
			continue
		}
		f := normalize.Fold(w)
		switch {
		case other:
			classes[f] |= DictOther
		case unicode.IsUpper(first):
			classes[f] |= DictProper
		default:
			classes[f] |= DictCommon
		}
		n++
	}
	if err := sc.Err(); err != nil {
		return n, fmt.Errorf("ner: dictionary: %w", err)
	}
	return n, nil
}

// inflections are the English inflectional and derivational endings
// dictClass strips, with what replaces each: "cities" is looked up as
// "city", "making" as "make"; double marks the endings after which a
// doubled final consonant is undone too ("running" as "run").
var inflections = [...]struct {
	suffix, base string
	double       bool
}{
	{"s", "", false}, {"es", "", false}, {"ies", "y", false}, {"ed", "", true}, {"ed", "e", false},
	{"ied", "y", false}, {"ing", "", true}, {"ing", "e", false}, {"er", "", true}, {"er", "e", false},
	{"ers", "", true}, {"ers", "e", false}, {"est", "", true}, {"est", "e", false}, {"ier", "y", false},
	{"iest", "y", false}, {"ly", "", false}, {"ily", "y", false}, {"ness", "", false},
	{"ings", "", true}, {"ings", "e", false}, {"ment", "", false}, {"ments", "", false},
}

// dictClass returns the dictionary class of a word in matching form from
// the classes dict holds: its own class, else DictCommon when the word is
// an inflection of a word held as a common word (see inflections), else
// 0. Training compacts the classes a model keeps with the same rule (see
// CompactDictionary).
func dictClass(dict map[string]uint8, w string) byte {
	if c, ok := dict[w]; ok {
		return c
	}
	if inflectionOfCommon(dict, w) {
		return DictCommon
	}
	return 0
}

// inflectionOfCommon reports whether w ends with one of the inflections
// and, with it replaced, is a common word of dict. The base is shorter
// than w and keeps at least 2 bytes of it.
func inflectionOfCommon(dict map[string]uint8, w string) bool {
	var buf [64]byte
	for _, in := range inflections {
		stem, ok := strings.CutSuffix(w, in.suffix)
		if !ok || len(stem) < 2 || len(stem)+len(in.base) > len(buf) {
			continue
		}
		b := append(append(buf[:0], stem...), in.base...)
		if dict[string(b)]&DictCommon != 0 {
			return true
		}
		if n := len(stem); in.double && n >= 3 && stem[n-1] == stem[n-2] && dict[stem[:n-1]]&DictCommon != 0 {
			return true
		}
	}
	return false
}

// CompactDictionary deletes from dict the words whose class is
// DictCommon and that dictClass finds common without them, as
// inflections of shorter common words it keeps: the same classes for
// every word, in fewer entries. Words are taken shortest first.
func CompactDictionary(dict map[string]uint8) {
	words := make([]string, 0, len(dict))
	for w, c := range dict {
		if c == DictCommon {
			words = append(words, w)
		}
	}
	sort.Slice(words, func(i, j int) bool {
		if len(words[i]) != len(words[j]) {
			return len(words[i]) < len(words[j])
		}
		return words[i] < words[j]
	})
	for _, w := range words {
		delete(dict, w)
		if !inflectionOfCommon(dict, w) {
			dict[w] = DictCommon
		}
	}
}

// dictLocalFeatures appends the buckets of the dictionary features of
// Latin-script token t that read only its analysis: its class with its
// case and whether it starts the sentence, and with its case class.
func (m *Model) dictLocalFeatures(dst []uint32, t *token, first bool) []uint32 {
	if t.arabic {
		return dst
	}
	bits := m.bits
	h0 := fnvOffset
	dst = append(dst, h0.byte(fDict0).byte(t.dict).byte(boolByte(t.upper)).byte(boolByte(first)).bucket(bits))
	if t.upper {
		dst = append(dst, h0.byte(fDictCase).byte(t.dict).byte(t.cc).bucket(bits))
	}
	return dst
}

// dictNeighbourFeatures appends the bucket of the dictionary class of the
// Latin-script neighbour nb at offset off, -1 or +1, with its case (see
// neighbourFeatures).
func (m *Model) dictNeighbourFeatures(dst []uint32, off int, nb *token) []uint32 {
	if nb == nil || nb.arabic {
		return dst
	}
	switch off {
	case -1:
		dst = append(dst, fnvOffset.byte(fDictM1).byte(nb.dict).byte(boolByte(nb.upper)).bucket(m.bits))
	case 1:
		dst = append(dst, fnvOffset.byte(fDictP1).byte(nb.dict).byte(boolByte(nb.upper)).bucket(m.bits))
	}
	return dst
}

// dictContextFeatures appends the buckets of the dictionary features of
// Latin-script token i of toks that read other tokens: the classes and
// cases of the word and the one before, and of the word and the one
// after; for a capitalised word, which classes the other capitalised
// words of its run have (see runBounds), with its own class; and its
// class with its surface class (see surfaceClasses) in a model with
// surface features.
func (m *Model) dictContextFeatures(dst []uint32, toks []token, i int) []uint32 {
	t := &toks[i]
	if t.arabic {
		return dst
	}
	bits := m.bits
	h0 := fnvOffset
	if i > 0 {
		p := &toks[i-1]
		dst = append(dst, h0.byte(fDictBigramM1).byte(p.dict).byte(boolByte(p.upper)).byte(t.dict).byte(boolByte(t.upper)).bucket(bits))
	}
	if i+1 < len(toks) {
		n := &toks[i+1]
		dst = append(dst, h0.byte(fDictBigramP1).byte(t.dict).byte(boolByte(t.upper)).byte(n.dict).byte(boolByte(n.upper)).bucket(bits))
	}
	if !t.upper {
		return dst
	}
	a, b := runBounds(toks, i)
	// The classes of the run's other capitalised words, one bit each
	// (connectors aside), and whether the run has a word the dictionary
	// knows only as a proper noun.
	var others uint16
	for j := a; j <= b; j++ {
		if j != i && toks[j].upper {
			others |= 1 << (toks[j].dict & 7)
		}
	}
	dst = append(dst, h0.byte(fDictRun).byte(t.dict).u16(others).byte(boolByte(a == b)).bucket(bits))
	if m.surface > 0 {
		dst = append(dst, h0.byte(fDictSurf).byte(t.dict).byte(t.surf).bucket(bits))
	}
	return dst
}
