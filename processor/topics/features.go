package topics

import (
	"math"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/arabic"
	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// Parts of the model, one per language of the training corpora: Arabic
// (any document mostly in Arabic script), English and French (Latin
// script, told apart by function words). Every feature is hashed with its
// part, so the parts share the bucket table but never a bucket by
// construction, and each part has its own biases: the class priors of the
// Arabic corpora do not leak into English or French.
const (
	partArabic = iota
	partEnglish
	partFrench
	numParts
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
	// bits is the log2 of the buckets of each part's table.
	bits [numParts]uint8
	// maxWords caps the words read from the story (and from the title):
	// the topic of a news story is set in its first paragraphs, and the
	// cap bounds the cost.
	maxWords int
	// binary counts a feature once however often it occurs.
	binary bool
	// latinUnigrams keeps only the unigrams of Latin-script words (no
	// bigrams, no truncation stems): naive Bayes, which the English and
	// French parts use, double-counts overlapping features.
	latinUnigrams bool
}

// bag is the features of one document: hashed buckets, one entry per
// occurrence, and the model part that reads them.
type bag struct {
	idx    []uint32
	part   int
	folded []string
	// title reports whether folded[0] is the title.
	title bool
	// words is scratch space for the lexicon fallback.
	words []string
}

func (b *bag) reset() { b.idx, b.part, b.folded, b.title = b.idx[:0], partArabic, b.folded[:0], false }

// norm is the factor every feature occurrence is scaled by: 1/sqrt(n).
func (b *bag) norm() float32 {
	if len(b.idx) == 0 {
		return 0
	}
	return float32(1 / math.Sqrt(float64(len(b.idx))))
}

// featurize sets the features of an input: the title (at most maxWords
// words, each occurrence titleRepeat times) and the first maxWords words of
// the story.
func (f featurizer) featurize(b *bag, in Input, titleRepeat int) {
	// Fold only what is read: a word of the folded text never spans two
	// space-separated tokens of the original, so n tokens hold at least
	// n words.
	budget := f.maxWords
	if in.Title != "" {
		t, _ := clipWords(in.Title, budget)
		b.folded = append(b.folded, normalize.Fold(t))
		b.title = true
	}
	for _, s := range in.Story {
		if budget <= 0 {
			break
		}
		t, n := clipWords(s, budget)
		b.folded = append(b.folded, normalize.Fold(t))
		budget -= n
	}
	b.part = detectPart(b.folded)
	budget = f.maxWords
	for i, t := range b.folded {
		if i == 0 && in.Title != "" {
			f.add(b, t, titleRepeat, f.maxWords)
			continue
		}
		if budget <= 0 {
			break
		}
		budget -= f.add(b, t, 1, budget)
	}
	if f.binary {
		slices.Sort(b.idx)
		b.idx = slices.Compact(b.idx)
	}
}

// clipWords returns the prefix of s holding its first n tokens separated
// by ASCII white space, and the number of tokens in it.
func clipWords(s string, n int) (string, int) {
	tokens := 0
	in := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\n', '\t', '\r':
			in = false
		default:
			if !in {
				if tokens == n {
					return s[:i], tokens
				}
				tokens++
				in = true
			}
		}
	}
	return s, tokens
}

// detectWords is how many words detectPart reads.
const detectWords = 100

// detectPart returns the part for folded texts: Arabic when most words are
// in Arabic script, else French or English by the count of their most
// frequent function words.
func detectPart(texts []string) int {
	ar, lat, fr, en := 0, 0, 0, 0
	n := 0
	for _, t := range texts {
		eachWord(t, func(w string, _ bool) bool {
			switch {
			case isArabicRune(firstRune(w)):
				ar++
			case w[0] < utf8.RuneSelf && (w[0] < '0' || w[0] > '9'):
				lat++
				if isFrenchFunctionWord(w) {
					fr++
				} else if isEnglishFunctionWord(w) {
					en++
				}
			}
			n++
			return n < detectWords
		})
		if n >= detectWords {
			break
		}
	}
	switch {
	case lat <= ar:
		return partArabic
	case fr > en:
		return partFrench
	}
	return partEnglish
}

func isFrenchFunctionWord(w string) bool {
	switch w {
	case "le", "la", "les", "des", "du", "et", "est", "une", "dans", "pour", "que", "qui", "sur", "au", "aux",
		"pas", "par", "avec", "ce", "cette", "il", "elle", "sont", "ont", "ne", "se", "son", "sa", "ses", "mais":
		return true
	}
	return false
}

func isEnglishFunctionWord(w string) bool {
	switch w {
	case "the", "and", "of", "to", "is", "that", "for", "it", "was", "with", "as", "by", "are", "at", "this",
		"from", "has", "have", "be", "he", "she", "they", "said", "were", "his", "her", "their", "but", "not", "been":
		return true
	}
	return false
}

// isLatinStopword reports whether w is an English or French function word.
func isLatinStopword(w string) bool {
	if isFrenchFunctionWord(w) || isEnglishFunctionWord(w) {
		return true
	}
	switch w {
	case "a", "an", "in", "on", "de", "l", "d", "un", "en", "s", "t", "i", "we", "you", "or", "which", "will",
		"would", "had", "also", "its":
		return true
	}
	return false
}

// eachWord calls fn for every word of folded text s, with whether it
// follows the previous word across nothing but a space, hyphen or
// apostrophe (so that a bigram may join them), until fn returns false.
func eachWord(s string, fn func(w string, joined bool) bool) {
	joined := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			i += size
			joined = joined && (r == ' ' || r == '-' || r == '\'' || r == '’')
			continue
		}
		start := i
		for i < len(s) {
			r, size = utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) {
				break
			}
			i += size
		}
		if !fn(s[start:i], joined) {
			return
		}
		joined = true
	}
}

// add appends the features of at most budget words of folded text to b,
// each occurrence repeat times (the title counts more than a body
// sentence), and returns the number of words read.
func (f featurizer) add(b *bag, folded string, repeat, budget int) int {
	part := uint64(b.part) << 56
	latin := b.part != partArabic
	mask := uint32(1)<<f.bits[b.part] - 1
	var prev uint64
	words := 0
	eachWord(folded, func(w string, joined bool) bool {
		words++
		var h uint64
		digits := true
		for i := 0; i < len(w); i++ {
			if w[i] < '0' || w[i] > '9' {
				digits = false
				break
			}
		}
		switch {
		case digits:
			h = hashString(seedWord^part, "0")
		case isArabicRune(firstRune(w)):
			stem, _ := arabic.Stem(w)
			h = hashString(seedWord^part, stem)
		case latin && f.latinUnigrams && isLatinStopword(w):
			// Function words carry no topic and naive Bayes counts
			// them all: leave them out.
			return words < budget
		default:
			h = hashString(seedWord^part, w)
			if !(latin && f.latinUnigrams) && utf8.RuneCountInString(w) > prefixRunes+1 {
				p := 0
				for range prefixRunes {
					_, s := utf8.DecodeRuneInString(w[p:])
					p += s
				}
				b.push(mask, mix(hashString(seedPrefix^part, w[:p])), repeat)
			}
		}
		b.push(mask, mix(h), repeat)
		if joined && words > 1 && !(latin && f.latinUnigrams) {
			b.push(mask, mix(prev*31^h^seedBigram), repeat)
		}
		prev = h
		return words < budget
	})
	return words
}

func (b *bag) push(mask uint32, h uint64, repeat int) {
	for range repeat {
		b.idx = append(b.idx, uint32(h)&mask)
	}
}

// isWordRune reports whether r is a letter or a digit, with fast paths
// for ASCII and the common Arabic letters and marks.
func isWordRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	case 0x0621 <= r && r <= 0x063a || 0x0641 <= r && r <= 0x064a:
		return true // Arabic letters (Lo)
	case 0x064b <= r && r <= 0x065f:
		return false // Arabic marks (Mn)
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
