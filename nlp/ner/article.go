package ner

import (
	"context"
	"strings"

	"github.com/newsenrich/newsenrich/nlp/arabic"
	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

// Article classes of an Arabic word, the analogue of the case classes of
// Latin script (see LearnCaseClasses): how often the bare word (its
// proclitics aside) takes the definite article ال in running news text.
// Foreign and personal names (بوتين، موسكو، كيم) almost never do, common
// nouns and adjectives often do, and some place names (القاهرة، العراق)
// nearly always do. The class is one of the article buckets below, times
// 3, plus a suffix bucket when the classes were learned with suffixes:
// how often the word is written with an attached pronoun (ـه، ـها، ـهم،
// ...), which names hardly ever are. 0 is unknown: too rare to tell.
const (
	artUnknown byte = iota
	artNever        // with the article in under 1% of its uses
	artRare         // under 5%
	artSome         // under half
	artOften        // under 95%
	artAlways       // at least 95%
)

// Feature templates of the article classes (see articleFeatures),
// numbered after the document surface features.
const (
	fArt0 = fSurfP1 + 1 + iota
	fArtClitic
	fArtFirst
	fArtM1
	fArtP1
	fArtBigramM1
	fArtBigramP1
	fArtGaz
	fArtTrigM1
)

// ArticleOptions configure LearnArticleClasses.
type ArticleOptions struct {
	// MinCount is the number of uses below which a word's class is
	// unknown (and the word is left out). Default 20.
	MinCount int
	// Suffixes adds the suffix bucket to the classes.
	Suffixes bool
}

// pronounSuffixes are the attached pronouns counted by
// LearnArticleClasses, in matching form, longest first.
var pronounSuffixes = [...]string{"هما", "كما", "ها", "هم", "هن", "كم", "نا", "ه"}

// LearnArticleClasses counts, over the Arabic words of the texts (files
// as for LearnClusters), how often each bare word takes the article and
// returns the article class of every bare word used at least
// opt.MinCount times (see articleClass for the bare word of a token).
//
// A word's bare form is its stem (see arabic.Stem) when the stem has the
// article; else, of the word without a conjunction and the word without a
// conjunction and a lone preposition ب ك ل (بموسكو, لكيم), the form seen
// most often on its own in the texts, the stem on a tie. With
// opt.Suffixes, a bare form ending in an attached pronoun whose remainder
// (ت restored to ة, as in حكومتها) is a word seen on its own counts as a
// suffixed use of the remainder.
func LearnArticleClasses(ctx context.Context, files []string, opt ArticleOptions) (map[string]uint8, error) {
	if opt.MinCount <= 0 {
		opt.MinCount = 20
	}
	cnt := map[string]int{}
	for _, path := range files {
		err := readTexts(path, func(text string) {
			for _, t := range tokenize.Tokenize(text) {
				if t.Kind != tokenize.Word {
					continue
				}
				s := t.Text(text)
				if !startsArabic(s) {
					continue
				}
				cnt[normalize.Fold(s)]++
			}
		})
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	type stat struct{ all, def, suf int }
	stats := map[string]*stat{}
	get := func(w string) *stat {
		st := stats[w]
		if st == nil {
			st = &stat{}
			stats[w] = st
		}
		return st
	}
	for f, n := range cnt {
		base, def := bareForm(f, func(w string) int { return cnt[w] })
		st := get(base)
		st.all += n
		if def {
			st.def += n
			continue
		}
		if opt.Suffixes {
			if r := suffixBase(base, cnt); r != "" {
				get(r).suf += n
			}
		}
	}
	out := make(map[string]uint8)
	for w, st := range stats {
		if st.all < opt.MinCount {
			continue
		}
		f := float64(st.def) / float64(st.all)
		var c byte
		switch {
		case f < 0.01:
			c = artNever
		case f < 0.05:
			c = artRare
		case f < 0.5:
			c = artSome
		case f < 0.95:
			c = artOften
		default:
			c = artAlways
		}
		if opt.Suffixes {
			c *= 3
			switch s := float64(st.suf) / float64(st.all+st.suf); {
			case st.suf == 0:
			case s < 0.02:
				c++
			default:
				c += 2
			}
		}
		out[w] = c
	}
	return out, nil
}

// startsArabic reports whether s starts with an Arabic letter.
func startsArabic(s string) bool {
	for _, r := range s {
		return isArabic(r)
	}
	return false
}

// bareForm returns the bare form of the folded word f and whether f has
// the article (see LearnArticleClasses); seen gives how often a form was
// seen, or whether it is known (any positive number).
func bareForm(f string, seen func(string) int) (base string, def bool) {
	stem, p := arabic.Stem(f)
	if p > 0 && hasArticlePrefix(f[:p]) {
		return stem, true
	}
	base = stem
	best := seen(stem)
	var buf [arabic.MaxSplits]int
	for _, q := range arabic.AppendSplits(buf[:0], f, 2) {
		if q <= p || hasArticlePrefix(f[:q]) {
			continue
		}
		if n := seen(f[q:]); n > best {
			base, best = f[q:], n
		}
	}
	return base, false
}

// hasArticlePrefix reports whether the proclitic sequence p ends with the
// article (ال, or لل: ل + ال).
func hasArticlePrefix(p string) bool {
	return strings.HasSuffix(p, "ال") || strings.HasSuffix(p, "لل")
}

// suffixBase returns the word w is a suffixed use of: w without an
// attached pronoun, ت restored to ة (folded ه) before it, when that word
// has at least 2 runes and was seen on its own; else "". The pronoun ه
// counts only after such a ت.
func suffixBase(w string, cnt map[string]int) string {
	for _, s := range pronounSuffixes {
		r, ok := strings.CutSuffix(w, s)
		if !ok || len(r) < 4 { // two Arabic letters at least
			continue
		}
		if t, ok := strings.CutSuffix(r, "ت"); ok && cnt[t+"ه"] > 0 {
			return t + "ه"
		}
		// A lone ه (his) after any other letter reads as often as
		// the feminine ending ة, folded alike (مصريه: مصرية).
		if s != "ه" && cnt[r] > 0 {
			return r
		}
	}
	return ""
}

// articleClass returns the article class of an Arabic token: the class of
// its bare form, which is the stem when the map knows it, else the word
// without its conjunction and a lone preposition (بموسكو → موسكو) when the
// map knows that (see LearnArticleClasses).
func (m *Model) articleClass(t *token) byte {
	if c, ok := m.caseClass[t.stem]; ok {
		return c
	}
	base, _ := bareForm(t.fold, func(w string) int {
		if _, ok := m.caseClass[w]; ok {
			return 1
		}
		return 0
	})
	return m.caseClass[base]
}

// articleLocalFeatures appends the buckets of the article class features
// of token t that read only its analysis: the class, with the proclitics
// the word has and with whether it starts the sentence.
func (m *Model) articleLocalFeatures(dst []uint32, t *token, first bool) []uint32 {
	bits := m.bits
	h0 := fnvOffset
	dst = append(dst, h0.byte(fArt0).byte(t.cc).bucket(bits))
	dst = append(dst, h0.byte(fArtClitic).byte(t.cc).str(t.clitic).bucket(bits))
	if first {
		dst = append(dst, h0.byte(fArtFirst).byte(t.cc).bucket(bits))
	}
	return dst
}

// articleNeighbourFeatures appends the buckets of the article class of
// the Arabic neighbour nb at offset off, -1 or +1 (see
// neighbourFeatures).
func (m *Model) articleNeighbourFeatures(dst []uint32, off int, nb *token) []uint32 {
	if nb == nil || !nb.arabic {
		return dst
	}
	switch off {
	case -1:
		dst = append(dst, fnvOffset.byte(fArtM1).byte(nb.cc).str(nb.clitic).bucket(m.bits))
	case 1:
		dst = append(dst, fnvOffset.byte(fArtP1).byte(nb.cc).str(nb.clitic).bucket(m.bits))
	}
	return dst
}

// articleContextFeatures appends the buckets of the article class
// features of Arabic token i of toks that read its neighbours or its
// gazetteer tag: the classes of the word and its neighbours, the class
// with the gazetteer tag and with a trigger word before.
func (m *Model) articleContextFeatures(dst []uint32, toks []token, i int) []uint32 {
	bits := m.bits
	h0 := fnvOffset
	t := &toks[i]
	if !t.arabic {
		return dst
	}
	var pc, nc byte = 255, 255
	if i > 0 {
		pc = toks[i-1].cc
	}
	if i+1 < len(toks) {
		nc = toks[i+1].cc
	}
	dst = append(dst, h0.byte(fArtBigramM1).byte(pc).byte(t.cc).bucket(bits))
	dst = append(dst, h0.byte(fArtBigramP1).byte(t.cc).byte(nc).bucket(bits))
	if t.gaz != "" {
		dst = append(dst, h0.byte(fArtGaz).byte(t.cc).str(t.gaz).bucket(bits))
	}
	if i > 0 && toks[i-1].trigger != "" {
		dst = append(dst, h0.byte(fArtTrigM1).str(toks[i-1].trigger).byte(t.cc).bucket(bits))
	}
	return dst
}
