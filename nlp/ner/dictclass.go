package ner

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
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
	// DictNone is the class of every word of a text in a language the
	// model has no dictionary of, when it was trained with dictionary
	// dropout (see TrainOptions.DictDropout and Model.ForLanguage): the
	// model learned to tag without the classes.
	DictNone byte = 8
)

// LangDict is the dictionary of one more language of a model with
// dictionary classes (see TrainOptions.DictLangs): the text of that
// language reads its words' classes from it instead of from the model's
// own dictionary (English), with the same features.
type LangDict struct {
	// Classes maps folded words to their class (DictCommon, DictProper
	// or both), compacted with the language's inflections (see
	// CompactDictionaryFor).
	Classes map[string]uint8
	// Proper is true when the proper-noun bit of the model's own
	// dictionary counts too: a list of the language's common words only
	// (Debian's wfrench) then learns from the English list which words
	// are names ("Washington", "Pierre").
	Proper bool
}

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
var inflections = [...]inflection{
	{"s", "", false}, {"es", "", false}, {"ies", "y", false}, {"ed", "", true}, {"ed", "e", false},
	{"ied", "y", false}, {"ing", "", true}, {"ing", "e", false}, {"er", "", true}, {"er", "e", false},
	{"ers", "", true}, {"ers", "e", false}, {"est", "", true}, {"est", "e", false}, {"ier", "y", false},
	{"iest", "y", false}, {"ly", "", false}, {"ily", "y", false}, {"ness", "", false},
	{"ings", "", true}, {"ings", "e", false}, {"ment", "", false}, {"ments", "", false},
}

// frenchInflections are the French endings dictClassIn strips for a
// French dictionary, in matching form (no accents), with what replaces
// each: plurals and feminines of nouns and adjectives ("chevaux" as
// "cheval", "actrice" as "acteur"), adverbs in -ment ("lentement" as
// "lente") and the conjugations of the verbs in -er, -ir and -re
// ("parlions" as "parler", "finissait" as "finir", "vendons" as
// "vendre"). A full-form word list such as Debian's wfrench holds every
// form; the model keeps the forms these do not find (see
// CompactDictionaryFor).
var frenchInflections = func() []inflection {
	var out []inflection
	add := func(base string, suffixes ...string) {
		for _, s := range suffixes {
			out = append(out, inflection{suffix: s, base: base})
		}
	}
	add("", "s", "x", "e", "es", "ne", "nes", "le", "les", "te", "tes", "ment")
	add("al", "aux")
	add("f", "ve", "ves")
	add("eur", "euse", "euses", "rice", "rices")
	add("er", "ere", "eres")
	add("ent", "emment")
	add("ant", "amment")
	add("er", "e", "es", "ons", "ez", "ent", "ais", "ait", "ions", "iez", "aient", "ai", "as", "a", "ames", "ates", "erent",
		"erai", "eras", "era", "erons", "erez", "eront", "erais", "erait", "erions", "eriez", "eraient",
		"asse", "asses", "at", "assions", "assiez", "assent", "ant", "ee", "ees")
	add("ir", "is", "it", "issons", "issez", "issent", "issais", "issait", "issions", "issiez", "issaient", "imes", "ites", "irent",
		"irai", "iras", "ira", "irons", "irez", "iront", "irais", "irait", "irions", "iriez", "iraient", "isse", "isses", "issant", "i", "ie", "ies")
	add("re", "", "s", "ons", "ez", "ent", "ais", "ait", "ions", "iez", "aient", "is", "it", "imes", "ites", "irent",
		"rai", "ras", "ra", "rons", "rez", "ront", "rais", "rait", "rions", "riez", "raient", "e", "es", "isse", "isses", "ant", "u", "ue", "us", "ues")
	return out
}()

// inflection is an ending of the words of a language and what replaces
// it in the word it inflects (see inflections).
type inflection struct {
	suffix, base string
	double       bool
}

// inflectionsOf returns the inflections of dictionary language lang:
// French for "fr", else English.
func inflectionsOf(lang string) []inflection {
	if lang == "fr" {
		return frenchInflections
	}
	return inflections[:]
}

// dictClass returns the dictionary class of a word in matching form from
// the classes dict holds: its own class, else DictCommon when the word is
// an inflection of a word held as a common word (see inflections), else
// 0. Training compacts the classes a model keeps with the same rule (see
// CompactDictionary).
func dictClass(dict map[string]uint8, w string) byte {
	return dictClassIn(dict, w, inflections[:])
}

// dictClassIn is dictClass with the inflections of the dictionary's
// language.
func dictClassIn(dict map[string]uint8, w string, infl []inflection) byte {
	if c, ok := dict[w]; ok {
		return c
	}
	if inflectionOfCommon(dict, w, infl) {
		return DictCommon
	}
	return 0
}

// wordDictClass returns the dictionary class of Latin-script word w (in
// matching form) in the model's dictionary: DictNone for every word in a
// model that tags text without one (see ForLanguage); else its class in
// dict, with the inflections of the dictionary's language, plus the
// proper-noun bit of dictProper.
func (m *Model) wordDictClass(w string) byte {
	if m.dictNone {
		return DictNone
	}
	c := dictClassIn(m.dict, w, inflectionsOf(m.dictLang))
	if m.dictProper != nil {
		c |= m.dictProper[w] & DictProper
	}
	return c
}

// inflectionOfCommon reports whether w ends with one of the inflections
// infl and, with it replaced, is a common word of dict. The part of w
// kept is at least 2 bytes long.
func inflectionOfCommon(dict map[string]uint8, w string, infl []inflection) bool {
	var buf [64]byte
	for _, in := range infl {
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
func CompactDictionary(dict map[string]uint8) { CompactDictionaryFor(dict, "en") }

// CompactDictionaryFor is CompactDictionary for the dictionary of
// language lang, with its inflections ("fr": French; else English).
func CompactDictionaryFor(dict map[string]uint8, lang string) {
	infl := inflectionsOf(lang)
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
		if !inflectionOfCommon(dict, w, infl) {
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
			others |= 1 << (toks[j].dict & 15)
		}
	}
	dst = append(dst, h0.byte(fDictRun).byte(t.dict).u16(others).byte(boolByte(a == b)).bucket(bits))
	if m.surface > 0 {
		dst = append(dst, h0.byte(fDictSurf).byte(t.dict).byte(t.surf).bucket(bits))
	}
	return dst
}

// DictLanguages returns the languages the model has a dictionary of
// besides its own (see TrainOptions.DictLangs), sorted.
func (m *Model) DictLanguages() []string {
	return slices.Sorted(maps.Keys(m.dicts))
}

// ForLanguage returns the model that tags text of language lang (an ISO
// 639-1 code): for a model with dictionary classes, the same weights with
// the dictionary of lang (see TrainOptions.DictLangs) instead of its own,
// English, one; with no classes (DictNone) for a language it has no
// dictionary of, when it was trained with dictionary dropout; else m
// itself, as for "en", "" and "und" (undetermined). Each call returns a
// new model, with word caches of its own in a Tagger: keep it.
func (m *Model) ForLanguage(lang string) *Model {
	if m.dict == nil || lang == "" || lang == "und" || lang == "en" {
		return m
	}
	if _, ok := m.dicts[lang]; ok || m.dictNeutral {
		return m.withLanguage(lang)
	}
	return m
}

// withLanguage returns a copy of m that reads the dictionary classes of
// language lang: those of its dictionary of lang if it has one, else
// DictNone (see ForLanguage).
func (m *Model) withLanguage(lang string) *Model {
	v := *m
	if d, ok := m.dicts[lang]; ok {
		v.dict, v.dictLang, v.dictProper = d.Classes, lang, nil
		if v.dict == nil {
			v.dict = map[string]uint8{}
		}
		if d.Proper {
			v.dictProper = m.dict
		}
	} else {
		v.dictNone = true
	}
	if m.first != nil {
		v.first = m.first.withLanguage(lang)
		if m.analysedAs == m.first {
			v.analysedAs = v.first
		}
	}
	return &v
}

// neutral returns the copy of m that tags without dictionary classes
// (see ForLanguage), nil when m was not trained to.
func (m *Model) neutral() *Model {
	if m.dict == nil || !m.dictNeutral {
		return nil
	}
	return m.withLanguage("")
}

// appendLangDicts appends the dictionaries of other languages of m:
// their count, then per language its code (a byte of length and the
// bytes), a byte of flags (1: Proper) and the classes (see
// appendByteMap).
func appendLangDicts(b []byte, m *Model) []byte {
	langs := m.DictLanguages()
	b = append(b, byte(len(langs)))
	for _, l := range langs {
		d := m.dicts[l]
		b = append(b, byte(len(l)))
		b = append(b, l...)
		b = append(b, boolByte(d.Proper))
		b = appendByteMap(b, d.Classes)
	}
	return b
}

// readLangDicts reads what appendLangDicts wrote.
func readLangDicts(br *bufio.Reader) (map[string]LangDict, error) {
	n, err := br.ReadByte()
	if err != nil {
		return nil, err
	}
	out := make(map[string]LangDict, n)
	for range n {
		l, err := br.ReadByte()
		if err != nil {
			return nil, err
		}
		code := make([]byte, l)
		if _, err := io.ReadFull(br, code); err != nil {
			return nil, err
		}
		flags, err := br.ReadByte()
		if err != nil {
			return nil, err
		}
		classes, err := readByteMap(br)
		if err != nil {
			return nil, err
		}
		out[string(code)] = LangDict{Classes: classes, Proper: flags&1 != 0}
	}
	return out, nil
}

// dictDropped reports whether training sentence k is one of the share p
// that dictionary dropout tags with DictNone classes (see
// TrainOptions.DictDropout), for shuffling seed seed.
func dictDropped(k int, seed uint64, p float64) bool {
	if p <= 0 {
		return false
	}
	// splitmix64 of the seed and the index.
	z := seed*0x9e3779b97f4a7c15 + uint64(k) + 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	z ^= z >> 31
	return float64(z>>11)/(1<<53) < p
}
