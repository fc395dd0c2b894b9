package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/newsenrich/newsenrich/nlp/arabic"
	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/processor/topics"
)

// Cross-lingual training aids: the labelled documents of one language
// translated word by word into another through bilingual dictionaries
// (FreeDict), as extra, down-weighted naive Bayes documents of the English
// and French parts (topics.Example.Aid). Only the training command reads
// the dictionaries; the model learns weights for words of its own
// language, as from any other training document.

// translator translates words of one language into another.
type translator struct {
	src string // "en", "fr" or "ar"
	// words maps the lookup key of a source word (wordKey) to its
	// translations, phrases of the target language, best first.
	words map[string][]string
	// k is how many translations of a word are written (at least 1).
	k int
	// keep writes the Latin-script words without a translation as they are
	// (names, numbers, words shared by both languages); the Arabic ones
	// are dropped.
	keep bool
	// freq, when set, counts the words (in matching form) of text in the
	// target language: a word's translations, and with keep the word
	// itself, are then ranked by how common they are there (the rarest
	// word of a phrase counting), the dictionary's order breaking ties, so
	// that "match" is "match" and not "allumette" in French news.
	freq map[string]int
	// chosen caches the ranked translations of a lookup key.
	chosen map[string][]string
	// only, when set, holds the lookup keys of the only words translated
	// (see topicalWords); the others are dropped.
	only map[string]bool
}

// wordKey is the form a word of language lang is looked up by: its
// matching form (normalize.Fold), and for Arabic without its proclitics
// (arabic.Stem).
func wordKey(lang, w string) string {
	w = normalize.Fold(w)
	if lang == "ar" {
		w, _ = arabic.Stem(w)
	}
	return w
}

// newTranslator builds a translator from src from the entries of a
// dictionary from src (direct) and of one into src (inverse, read
// backwards: the target headword becomes a translation of each one-word
// translation of it). A direct translation ranks before an inverse one;
// inverse ones rank by the sense they come from. Only one-word headwords
// are kept: the text is translated word by word.
func newTranslator(src string, direct, inverse []dictEntry, k int, keep bool) *translator {
	tr := &translator{src: src, words: map[string][]string{}, k: max(k, 1), keep: keep}
	has := map[string]map[string]bool{}
	add := func(key, t string) {
		if has[key] == nil {
			has[key] = map[string]bool{}
		}
		if !has[key][t] {
			has[key][t] = true
			tr.words[key] = append(tr.words[key], t)
		}
	}
	for _, e := range direct {
		if strings.ContainsAny(e.head, " ") {
			continue
		}
		key := wordKey(src, e.head)
		for _, s := range e.senses {
			for _, t := range s {
				add(key, t)
			}
		}
	}
	// Inverse entries, by sense rank: the first sense of every entry
	// before the second sense of any.
	for rank := 0; ; rank++ {
		more := false
		for _, e := range inverse {
			if rank >= len(e.senses) {
				continue
			}
			more = true
			for _, t := range e.senses[rank] {
				if strings.ContainsAny(t, " ") {
					continue
				}
				add(wordKey(src, t), e.head)
			}
		}
		if !more {
			break
		}
	}
	return tr
}

// lookup returns the translations of word w (nil when it has none),
// trying w and then the forms it may be an inflection of, best first.
func (tr *translator) lookup(w string) []string {
	key := wordKey(tr.src, w)
	if t, ok := tr.chosen[key]; ok {
		return t
	}
	t := tr.words[key]
	if t == nil {
		for _, f := range baseForms(tr.src, key) {
			if t = tr.words[f]; t != nil {
				break
			}
		}
	}
	if t != nil && tr.freq != nil {
		t = slices.Clone(t)
		if tr.src != "ar" && tr.keep {
			// The word itself, when the target language uses it too
			// (match, football, internet).
			t = append(t, key)
		}
		score := func(phrase string) int {
			m := -1
			for _, w := range strings.FieldsFunc(normalize.Fold(phrase), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
				if c := tr.freq[w]; m < 0 || c < m {
					m = c
				}
			}
			return max(m, 0)
		}
		slices.SortStableFunc(t, func(a, b string) int { return score(b) - score(a) })
	}
	if tr.chosen == nil {
		tr.chosen = map[string][]string{}
	}
	tr.chosen[key] = t
	return t
}

// wordCounts counts the words, in matching form, of texts.
func wordCounts(texts ...string) map[string]int {
	c := map[string]int{}
	for _, t := range texts {
		for w := range strings.FieldsFuncSeq(normalize.Fold(t), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			c[w]++
		}
	}
	return c
}

// baseForms returns the forms a word (its lookup key) may be an inflection
// of, by the commonest suffixes of its language: plurals, verb endings,
// feminine forms.
func baseForms(lang, w string) []string {
	type rule struct{ suffix, repl string }
	var rules []rule
	switch lang {
	case "en":
		rules = []rule{{"ies", "y"}, {"ves", "f"}, {"es", ""}, {"s", ""}, {"ied", "y"}, {"ed", ""}, {"ed", "e"}, {"ing", ""}, {"ing", "e"}, {"ly", ""}, {"er", ""}, {"ers", ""}}
	case "fr":
		rules = []rule{{"aux", "al"}, {"s", ""}, {"x", ""}, {"es", ""}, {"e", ""}, {"ees", "er"}, {"ee", "er"}, {"es", "er"}, {"e", "er"}, {"ent", "er"}, {"ait", "er"}, {"aient", "er"}, {"ant", "er"}, {"ement", ""}, {"euse", "eur"}, {"ive", "if"}, {"elle", "el"}, {"enne", "en"}}
	case "ar":
		// Folded forms: ة is folded to ه.
		rules = []rule{{"ات", "ه"}, {"ات", ""}, {"ون", ""}, {"ين", ""}, {"ه", ""}, {"يه", "ي"}, {"ان", ""}}
	}
	var out []string
	for _, r := range rules {
		if strings.HasSuffix(w, r.suffix) && len(w)-len(r.suffix)+len(r.repl) >= 3 {
			out = append(out, w[:len(w)-len(r.suffix)]+r.repl)
		}
	}
	return out
}

// translate returns text translated word by word: each word replaced by
// its first tr.k translations, numbers kept, other words kept or dropped
// by tr.keep; at most maxWords words are read (0: all).
func (tr *translator) translate(text string, maxWords int) string {
	var b strings.Builder
	n := 0
	for w := range strings.FieldsFuncSeq(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if maxWords > 0 && n >= maxWords {
			break
		}
		n++
		if tr.only != nil && !tr.only[wordKey(tr.src, w)] {
			continue
		}
		out := ""
		switch t := tr.lookup(w); {
		case t != nil:
			out = strings.Join(t[:min(tr.k, len(t))], " ")
		case isArabicWord(w) || tr.src == "ar" && !isDigits(w):
			continue
		case tr.keep || isDigits(w):
			out = w
		default:
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(out)
	}
	return b.String()
}

func isArabicWord(w string) bool {
	for _, r := range w {
		return r >= 0x0600 && r <= 0x06ff || r >= 0x0750 && r <= 0x077f
	}
	return false
}

// chain translates through two translators: from a's source language
// into b's target language, by way of a's target, which is b's source.
type chain [2]*translator

func (c chain) translate(text string, maxWords int) string {
	return c[1].translate(c[0].translate(text, maxWords), 0)
}

// xlingDicts are the paths of the four FreeDict databases the
// cross-lingual aids read: the directory of each pair's .index and
// .dict.dz files.
type xlingDicts struct {
	dir string
}

// load reads the translators for the given pair from the dictionaries in
// d.dir: "fra-eng" translates French into English (with eng-fra read
// backwards), and so on.
func (d xlingDicts) load(pair string, k int, keep bool) (*translator, error) {
	inv := map[string]string{"fra-eng": "eng-fra", "eng-fra": "fra-eng", "ara-eng": "eng-ara"}[pair]
	if inv == "" {
		return nil, fmt.Errorf("xling: no dictionary pair %q", pair)
	}
	read := func(name string) ([]dictEntry, error) {
		base := filepath.Join(d.dir, "freedict-"+name)
		e, err := readDictd(base+".index", base+".dict.dz")
		if err != nil {
			return nil, fmt.Errorf("xling: %w (install dict-freedict-%s or set --xling-dicts)", err, name)
		}
		return e, nil
	}
	direct, err := read(pair)
	if err != nil {
		return nil, err
	}
	inverse, err := read(inv)
	if err != nil {
		return nil, err
	}
	src := map[string]string{"fra": "fr", "eng": "en", "ara": "ar"}[pair[:3]]
	return newTranslator(src, direct, inverse, k, keep), nil
}

// xlingConfig is the cross-lingual aids of a training run (the --xling-*
// flags): the weight of each kind of translated document, relative to the
// weight of a MasakhaNEWS document (0 leaves it out).
type xlingConfig struct {
	dicts xlingDicts
	// en and fr weigh the MasakhaNEWS documents of the other language
	// translated into English and French; antEn and antFr the gold-labelled
	// ANT documents (arts, economy, sport, science/technology, politics)
	// translated into English, and from English into French.
	en, fr, antEn, antFr float64
	// k and keep are the translator's (see translator); rank ranks each
	// word's translations by their frequency in the MasakhaNEWS text of
	// the target language (translator.freq).
	k          int
	keep, rank bool
	// maxWords caps the story words translated per document.
	maxWords int
	// top, when positive, translates only the top most topical words of
	// each source language (topicalWords).
	top int
	// latinWeight is the example weight of a MasakhaNEWS document.
	latinWeight float64
}

// enabled reports whether c adds any translated document.
func (c xlingConfig) enabled() bool {
	return c.dicts.dir != "none" && c.dicts.dir != "" && (c.en > 0 || c.fr > 0 || c.antEn > 0 || c.antFr > 0)
}

// xlingText translates documents of one language for one part.
type xlingText interface {
	translate(text string, maxWords int) string
}

// aids returns the translated documents of docs as training aids
// (topics.Example.Aid), in the order of docs: for each document, its
// translation into English, then into French. With train set only the
// documents of the training part (d.Train) are translated; otherwise only
// those of the dev split, so that the two calls partition the documents.
func (c xlingConfig) aids(docs []topics.CorpusDoc, train bool) ([]topics.Example, error) {
	if !c.enabled() {
		return nil, nil
	}
	need := map[string]float64{"fra-eng": c.en, "eng-fra": max(c.fr, c.antFr), "ara-eng": max(c.antEn, c.antFr)}
	tr := map[string]*translator{}
	for _, pair := range []string{"fra-eng", "eng-fra", "ara-eng"} {
		if need[pair] > 0 {
			t, err := c.dicts.load(pair, c.k, c.keep)
			if err != nil {
				return nil, err
			}
			if c.rank {
				t.freq = targetCounts(docs, pair[4:], train)
			}
			if c.top > 0 {
				src := map[string][]string{"fra": {topics.CorpusMasakhaFra}, "eng": {topics.CorpusMasakhaEng}, "ara": {topics.CorpusANT2, topics.CorpusANT1}}[pair[:3]]
				t.only = topicalWords(docs, src, t.src, c.top, c.maxWords, train)
			}
			tr[pair] = t
		}
	}
	type route struct {
		lang   string
		weight float64
		text   xlingText
	}
	var out []topics.Example
	for _, d := range docs {
		if d.Train != train {
			continue
		}
		m, _ := topics.MapCategory(d.Corpus, d.Category)
		if m.Gold == "" {
			continue
		}
		var routes []route
		switch d.Corpus {
		case topics.CorpusMasakhaFra:
			if c.en > 0 {
				routes = append(routes, route{"en", c.en, tr["fra-eng"]})
			}
		case topics.CorpusMasakhaEng:
			if c.fr > 0 {
				routes = append(routes, route{"fr", c.fr, tr["eng-fra"]})
			}
		case topics.CorpusANT2, topics.CorpusANT1:
			if c.antEn > 0 {
				routes = append(routes, route{"en", c.antEn, tr["ara-eng"]})
			}
			if c.antFr > 0 {
				routes = append(routes, route{"fr", c.antFr, chain{tr["ara-eng"], tr["eng-fra"]}})
			}
		}
		for _, r := range routes {
			title := r.text.translate(d.Title, c.maxWords)
			text := r.text.translate(d.Text, c.maxWords)
			if text == "" && title == "" {
				continue
			}
			out = append(out, topics.Example{
				Input:  topics.Input{Title: title, Story: []string{text}},
				Target: oneHot(m.Gold),
				Weight: float32(c.latinWeight * r.weight),
				Lang:   r.lang,
				Aid:    true,
			})
		}
	}
	return out, nil
}

// targetCounts counts the words of the MasakhaNEWS documents in language
// lang ("eng" or "fra"): of the training part only with train set, of all
// documents otherwise (the words, never the labels).
func targetCounts(docs []topics.CorpusDoc, lang string, train bool) map[string]int {
	corpus := map[string]string{"eng": topics.CorpusMasakhaEng, "fra": topics.CorpusMasakhaFra}[lang]
	var texts []string
	for _, d := range docs {
		if d.Corpus == corpus && (d.Train || !train) {
			texts = append(texts, d.Title, d.Text)
		}
	}
	return wordCounts(texts...)
}

// topicalWords returns the lookup keys of the n words of the documents of
// corpora (the training part only with train set) most associated with
// one of their gold classes: the largest chi-square statistic over the
// classes of the word's presence in a document, among the words of at
// least 3 documents; the title and the first maxWords words of each
// document are read.
func topicalWords(docs []topics.CorpusDoc, corpora []string, lang string, n, maxWords int, train bool) map[string]bool {
	df := map[string]*[topics.NumClasses]float64{}
	var nc [topics.NumClasses]float64
	total := 0.0
	codes := topics.Codes()
	for _, d := range docs {
		m, _ := topics.MapCategory(d.Corpus, d.Category)
		if !slices.Contains(corpora, d.Corpus) || m.Gold == "" || train && !d.Train {
			continue
		}
		k := slices.Index(codes, m.Gold)
		nc[k]++
		total++
		seen := map[string]bool{}
		words := 0
		for _, t := range []string{d.Title, d.Text} {
			for w := range strings.FieldsFuncSeq(t, func(r rune) bool { return !unicode.IsLetter(r) }) {
				if words++; words > maxWords {
					break
				}
				key := wordKey(lang, w)
				if seen[key] {
					continue
				}
				seen[key] = true
				if df[key] == nil {
					df[key] = &[topics.NumClasses]float64{}
				}
				df[key][k]++
			}
		}
	}
	type scored struct {
		key   string
		score float64
	}
	var all []scored
	for key, c := range df {
		dw := 0.0
		for _, x := range c {
			dw += x
		}
		if dw < 3 {
			continue
		}
		best := 0.0
		for k, a := range c {
			if nc[k] == 0 {
				continue
			}
			b := dw - a           // with the word, other classes
			cc := nc[k] - a       // without the word, this class
			dd := total - dw - cc // without the word, other classes
			den := dw * (total - dw) * nc[k] * (total - nc[k])
			if den > 0 && a*dd > b*cc {
				best = max(best, total*(a*dd-b*cc)*(a*dd-b*cc)/den)
			}
		}
		all = append(all, scored{key, best})
	}
	slices.SortFunc(all, func(x, y scored) int {
		if x.score != y.score {
			if x.score > y.score {
				return -1
			}
			return 1
		}
		return strings.Compare(x.key, y.key)
	})
	out := map[string]bool{}
	for _, s := range all[:min(n, len(all))] {
		out[s.key] = true
	}
	return out
}
