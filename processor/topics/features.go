package topics

import (
	"math"
	"unicode"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/arabic"
	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// Scripts of a document; the model keeps one bias vector per script, so
// that the class priors of the Arabic corpora do not leak into English or
// French and the other way round.
const (
	scriptArabic = iota
	scriptLatin
	numScripts
)

// Kinds of hashed feature, mixed into the hash so that a word, a bigram
// and a prefix never share a bucket by construction.
const (
	seedWord   = 0x9e3779b97f4a7c15
	seedBigram = 0xc2b2ae3d27d4eb4f
	seedPrefix = 0x165667b19e3779f9
)

// prefixRunes is the length of the truncation stem added as a feature for
// long Latin-script words ("government", "governments" → "gover").
const prefixRunes = 5

// featurizer turns text into hashed feature buckets: folded word unigrams
// (Arabic words without their proclitics, see arabic.Stem), word bigrams,
// and a truncation stem of long Latin-script words. Numbers all map to one
// feature.
type featurizer struct {
	mask uint32
	// maxWords caps the words read from one text: the topic of a news
	// story is set in its first paragraphs, and the cap bounds the cost.
	maxWords int
}

// bag is the features of one document: hashed buckets, one entry per
// occurrence, and the majority script.
type bag struct {
	idx           []uint32
	arabic, latin int
}

func (b *bag) reset() { b.idx, b.arabic, b.latin = b.idx[:0], 0, 0 }

// script returns the majority script of the words seen.
func (b *bag) script() int {
	if b.latin > b.arabic {
		return scriptLatin
	}
	return scriptArabic
}

// norm is the factor every feature occurrence is scaled by: 1/sqrt(n).
func (b *bag) norm() float32 {
	if len(b.idx) == 0 {
		return 0
	}
	return float32(1 / math.Sqrt(float64(len(b.idx))))
}

// add appends the features of at most budget words of text to b, each
// occurrence repeat times (the title counts more than a body sentence),
// and returns the number of words read.
func (f featurizer) add(b *bag, text string, repeat, budget int) int {
	folded := normalize.Fold(text)
	var prev uint64
	havePrev := false
	words := 0
	for i := 0; i < len(folded) && words < budget; {
		r, size := utf8.DecodeRuneInString(folded[i:])
		if !isWordRune(r) {
			i += size
			havePrev = havePrev && (r == ' ' || r == '-' || r == '\'' || r == '’')
			continue
		}
		start := i
		digits := true
		for i < len(folded) {
			r, size = utf8.DecodeRuneInString(folded[i:])
			if !isWordRune(r) {
				break
			}
			if r < '0' || r > '9' {
				digits = false
			}
			i += size
		}
		w := folded[start:i]
		words++
		var h uint64
		switch {
		case digits:
			h = hashString(seedWord, "0")
		case isArabicRune(firstRune(w)):
			b.arabic++
			stem, _ := arabic.Stem(w)
			h = hashString(seedWord, stem)
		default:
			b.latin++
			h = hashString(seedWord, w)
			if utf8.RuneCountInString(w) > prefixRunes+1 {
				p := 0
				for k := 0; k < prefixRunes; k++ {
					_, s := utf8.DecodeRuneInString(w[p:])
					p += s
				}
				b.push(f.mask, mix(hashString(seedPrefix, w[:p])), repeat)
			}
		}
		b.push(f.mask, mix(h), repeat)
		if havePrev {
			b.push(f.mask, mix(prev*31^h^seedBigram), repeat)
		}
		prev, havePrev = h, true
	}
	return words
}

func (b *bag) push(mask uint32, h uint64, repeat int) {
	for range repeat {
		b.idx = append(b.idx, uint32(h)&mask)
	}
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isArabicRune(r rune) bool { return r >= 0x0600 && r <= 0x06ff || r >= 0x0750 && r <= 0x077f }

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// hashString is FNV-1a over s, started from seed.
func hashString(seed uint64, s string) uint64 {
	h := seed ^ 0xcbf29ce484222325
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 0x100000001b3
	}
	return h
}

// mix is the splitmix64 finaliser: it spreads the bits of h so that the
// low bits used as a bucket are well distributed.
func mix(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

// featurize adds the features of an input: the title (at most maxWords
// words, each occurrence titleRepeat times) and the first maxWords words of
// the story.
func (f featurizer) featurize(b *bag, in Input, titleRepeat int) {
	if in.Title != "" {
		f.add(b, in.Title, titleRepeat, f.maxWords)
	}
	budget := f.maxWords
	for _, s := range in.Story {
		if budget <= 0 {
			break
		}
		budget -= f.add(b, s, 1, budget)
	}
}
