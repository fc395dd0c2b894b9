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
	seedChar   = 0x27d4eb2f165667c5
	seedTitle  = 0x85ebca77c2b2ae63
)

// Character n-grams of Latin-script words, when the featurizer has them:
// the n-grams of minGram to maxGram bytes of the word framed by spaces
// (" gouvernement " → " go", "gou", ..., "nt "), of the first charWords
// words of a document. They let the English and French parts, trained on
// a few hundred documents, share evidence between the forms of a word
// (inflection, French elision, compounds) and with names and loanwords.
const (
	minGram   = 3
	maxGram   = 5
	charWords = 250
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
	// latinStop leaves out the function words of Latin-script text
	// (isLatinStopword), as latinUnigrams does, but keeps the bigrams
	// (which then join the words around a function word) and stems.
	latinStop bool
	// latinLogTF gives each distinct feature of a Latin-script document
	// the value 1+ln(count) instead of one per occurrence (sublinear term
	// frequency: the tenth "match" of a story tells less than the first).
	latinLogTF bool
	// charGrams adds the character n-grams of Latin-script words (see
	// minGram).
	charGrams bool
	// nbBigrams and nbStems add word bigrams and truncation stems to the
	// Latin-script features even with latinUnigrams.
	nbBigrams, nbStems bool
	// titleWords adds a second feature for each word of a Latin-script
	// title, apart from the same word in the story, counted once: naive
	// Bayes learns how telling a word is in a headline, where BBC and RFI
	// put the topic, apart from its use in the body (5-fold CV over the
	// MasakhaNEWS training part, five fold assignments: English 0.852 →
	// 0.853, French 0.821 → 0.829). The Arabic part, where it did not
	// help, does without.
	titleWords bool
}

// bag is the features of one document: hashed buckets, one entry per
// occurrence, and the model part that reads them.
type bag struct {
	idx []uint32
	// val, when not empty, is the value of each feature of idx (distinct
	// then); else every entry counts 1.
	val    []float32
	part   int
	folded []string
	// title reports whether folded[0] is the title.
	title bool
	// grams counts down the words whose character n-grams are added.
	grams int
	// words is scratch space for the lexicon fallback.
	words []string
	// gram is scratch space for a framed word.
	gram []byte
	// inTitle is set while the title is read.
	inTitle bool
}

func (b *bag) reset() {
	b.idx, b.val, b.part, b.folded, b.title, b.grams = b.idx[:0], b.val[:0], partArabic, b.folded[:0], false, charWords
}

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
	f.featurizeAs(b, in, titleRepeat, -1)
}

// featurizeAs is featurize with the part forced to part, unless it is
// negative (training may read a document of one Latin-script language as
// evidence for the other).
func (f featurizer) featurizeAs(b *bag, in Input, titleRepeat, part int) {
	// Fold only what is read: a word of the folded text never spans two
	// space-separated tokens of the original, so n tokens hold at least
	// n words.
	fold := normalize.Fold
	if in.Folded {
		fold = func(s string) string { return s }
	}
	budget := f.maxWords
	if in.Title != "" {
		t, _ := clipWords(in.Title, budget)
		b.folded = append(b.folded, fold(t))
		b.title = true
	}
	for _, s := range in.Story {
		if budget <= 0 {
			break
		}
		t, n := clipWords(s, budget)
		b.folded = append(b.folded, fold(t))
		budget -= n
	}
	b.part = detectPart(b.folded)
	if part >= 0 {
		b.part = part
	}
	budget = f.maxWords
	for i, t := range b.folded {
		if i == 0 && in.Title != "" {
			b.inTitle = f.titleWords && b.part != partArabic
			f.add(b, t, titleRepeat, f.maxWords)
			b.inTitle = false
			continue
		}
		if budget <= 0 {
			break
		}
		budget -= f.add(b, t, 1, budget)
	}
	switch {
	case f.binary:
		slices.Sort(b.idx)
		b.idx = slices.Compact(b.idx)
	case f.latinLogTF && b.part != partArabic:
		slices.Sort(b.idx)
		n := 0
		for i := 0; i < len(b.idx); {
			j := i + 1
			for j < len(b.idx) && b.idx[j] == b.idx[i] {
				j++
			}
			b.idx[n] = b.idx[i]
			b.val = append(b.val, float32(1+math.Log(float64(j-i))))
			n++
			i = j
		}
		b.idx = b.idx[:n]
	}
}

// clipWords returns the prefix of s holding its first n tokens separated
// by ASCII white space, and the number of tokens in it.
func clipWords(s string, n int) (string, int) {
	tokens := 0
	for i := 0; i < len(s); {
		if c := s[i]; c <= ' ' && (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			i++
			continue
		}
		if tokens == n {
			return s[:i], tokens
		}
		tokens++
		// The rest of the token: every byte above ' ' is none of the
		// separators.
		for i++; i < len(s); i++ {
			if c := s[i]; c <= ' ' && (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
				break
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
			case startsArabic(w):
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
			// Once half the words to read are Arabic, the rest cannot
			// outnumber them: stop.
			return n < detectWords && 2*ar < detectWords
		})
		if n >= detectWords || 2*ar >= detectWords {
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
	ws := wordScanner{s: s}
	for {
		w, joined, ok := ws.next()
		if !ok || !fn(w, joined) {
			return
		}
	}
}

// arabicWordLetters holds, for the two-byte runes U+0600 to U+067F, the
// Arabic letters of isWordRune's fast path (U+0621 to U+063A, U+0641 to
// U+064A): bit b of word k is the rune whose UTF-8 bytes are 0xD8+k,
// 0x80+b.
var arabicWordLetters = [2]uint64{
	1<<0x3b - 1<<0x21, // U+0621 to U+063A
	1<<0x0b - 1<<0x01, // U+0641 to U+064A
}

// wordScanner reads the words of folded text as eachWord gives them, for
// loops that call no function per word.
type wordScanner struct {
	s      string
	i      int
	joined bool
}

// next returns the next word and whether it follows the previous one
// across nothing but a space, hyphen or apostrophe; ok is false at the
// end of the text.
//
// ASCII bytes and the two-byte Arabic letters of arabicWordLetters are
// told apart without decoding a rune, between words as within them
// (spaces and Arabic letters are most of the bytes of a story); the
// scanner keeps its state in locals and writes it back once per word.
func (ws *wordScanner) next() (w string, joined, ok bool) {
	s, i, j := ws.s, ws.i, ws.joined
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z') {
				i++
				j = j && (c == ' ' || c == '-' || c == '\'')
				continue
			}
		} else if !isArabicWordLetterAt(s, i) {
			r, size := decodeRune(s[i:])
			if !isWordRune(r) {
				i += size
				j = j && r == '’' // the other joining runes are ASCII
				continue
			}
		}
		// A word starts at i; the loop reads its first rune again.
		start := i
		for i < len(s) {
			if c := s[i]; c < utf8.RuneSelf {
				if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z') {
					break
				}
				i++
				continue
			} else if isArabicWordLetterAt(s, i) {
				i += 2
				continue
			}
			r, size := decodeRune(s[i:])
			if !isWordRune(r) {
				break
			}
			i += size
		}
		ws.i, ws.joined = i, true
		return s[start:i], j, true
	}
	ws.i, ws.joined = i, j
	return "", false, false
}

// isArabicWordLetterAt reports whether s[i:] starts with a two-byte Arabic
// letter of arabicWordLetters, for s[i] >= utf8.RuneSelf.
func isArabicWordLetterAt(s string, i int) bool {
	k := uint(s[i]) - 0xd8
	if k >= 2 || i+1 >= len(s) {
		return false
	}
	d := s[i+1]
	return d&0xc0 == 0x80 && arabicWordLetters[k]>>(d&0x3f)&1 != 0
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
	ws := wordScanner{s: folded}
	for {
		w, joined, ok := ws.next()
		if !ok {
			break
		}
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
		case startsArabic(w):
			h = hashString(seedWord^part, stemArabic(w))
		case latin && (f.latinUnigrams || f.latinStop) && isLatinStopword(w):
			// Function words carry no topic and naive Bayes counts
			// them all: leave them out.
			if words < budget {
				continue
			}
			return words
		default:
			h = hashString(seedWord^part, w)
			if (!(latin && f.latinUnigrams) || f.nbStems) && utf8.RuneCountInString(w) > prefixRunes+1 {
				p := 0
				for range prefixRunes {
					_, s := utf8.DecodeRuneInString(w[p:])
					p += s
				}
				b.push(mask, mix(hashString(seedPrefix^part, w[:p])), repeat)
			}
		}
		b.push(mask, mix(h), repeat)
		if b.inTitle {
			b.push(mask, mix(h^seedTitle), 1)
		}
		if latin && f.charGrams && b.grams > 0 && !digits {
			b.grams--
			f.addGrams(b, mask, part, w, repeat)
		}
		if joined && words > 1 && (!(latin && f.latinUnigrams) || f.nbBigrams) {
			b.push(mask, mix(prev*31^h^seedBigram), repeat)
		}
		prev = h
		if words >= budget {
			break
		}
	}
	return words
}

// addGrams adds the character n-grams of word w framed by spaces.
func (f featurizer) addGrams(b *bag, mask uint32, part uint64, w string, repeat int) {
	g := append(append(append(b.gram[:0], ' '), w...), ' ')
	b.gram = g
	for i := range g {
		for n := minGram; n <= maxGram && i+n <= len(g); n++ {
			if n == len(g) {
				break // the framed word itself: its unigram is there
			}
			b.push(mask, mix(hashBytes(seedChar^part, g[i:i+n])), repeat)
		}
	}
}

func (b *bag) push(mask uint32, h uint64, repeat int) {
	for range repeat {
		b.idx = append(b.idx, uint32(h)&mask)
	}
}

// decodeRune is utf8.DecodeRuneInString with a fast path for the two-byte
// sequences of Arabic (and accented Latin) letters, which the standard
// decoder leaves to its slow path.
func decodeRune(s string) (rune, int) {
	if len(s) >= 2 && s[0] >= 0xc2 && s[0] < 0xe0 && s[1]&0xc0 == 0x80 {
		return rune(s[0]&0x1f)<<6 | rune(s[1]&0x3f), 2
	}
	return utf8.DecodeRuneInString(s)
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

// startsArabic is isArabicRune(firstRune(w)) read from the first two
// bytes: U+0600 to U+06FF are D8..DB then a continuation byte, U+0750 to
// U+077F are DD then 90..BF; any other start decodes to another rune or
// to utf8.RuneError.
func startsArabic(w string) bool {
	return len(w) >= 2 && w[1]&0xc0 == 0x80 && (w[0]-0xd8 < 4 || w[0] == 0xdd && w[1] >= 0x90)
}

func firstRune(s string) rune {
	r, _ := decodeRune(s)
	return r
}

// stemArabic is arabic.Stem(w) without the prefix length, cheaper for
// the words that need no analysis of their proclitics: arabic.Stem
// returns a word whose first letter cannot begin a proclitic (و ف ب ك ل,
// or the ا of the article) as it is, and a word beginning with ا (whose
// only possible proclitic is the article) without its ال when at least
// two runes remain, unless the word is one of arabic.Unsplittable. Stems
// are a third of the cost of the features of an Arabic story;
// TestStemArabic and FuzzStemArabic check that both agree.
func stemArabic(w string) string {
	if len(w) < 2 {
		return w
	}
	switch w[:2] {
	case "و", "ف", "ب", "ك", "ل":
		return stemClitics(w)
	case "ا":
		if len(w) < 4 || w[2:4] != "ل" || arabic.Unsplittable(w) {
			return w
		}
		if _, size := decodeRune(w[4:]); len(w) > 4+size {
			return w[4:]
		}
	}
	return w
}

// stemClitics is arabic.Stem(w) for a word w beginning with و ف ب ك or
// ل, without the slice of splits, its closure and its sort: it visits
// the same splits in the same (ascending) order, with the same tests.
// The splits of such a word are 0, the conjunction's 2 (w begins with و
// or ف), then after the conjunction's i bytes either ل + ال written لل
// (i+2, i+4), or a preposition ب ك ل (i+2) with the article after it
// (i+6), or the article alone (i+4): a preposition and the article cannot
// both begin at i, so no split repeats and each list is ascending. A
// split is kept when at least two runes follow it; the first kept split
// whose rest is Unsplittable is the stem; otherwise the stem follows the
// longest kept split that ends with the article, or the lone
// conjunction with three runes after it. A preposition's split ends with
// neither (ول, فب, ب...), so it is only tested for Unsplittable. Half of
// the stems' cost in an Arabic story; TestStemClitics compares it with
// arabic.Stem on every word of up to four letters from the proclitics'
// alphabet and frequent Unsplittable words behind every proclitic
// sequence, as TestStemArabic and FuzzStemArabic do through stemArabic.
func stemClitics(w string) string {
	if arabic.Unsplittable(w) {
		return w
	}
	best, i := 0, 0
	if c := w[:2]; c == "و" || c == "ف" {
		i = 2
		if hasTwoRunes(w[2:]) {
			if arabic.Unsplittable(w[2:]) {
				return w[2:]
			}
			if hasRunes(w[2:], 3) {
				best = 2
			}
		}
	}
	// art is the split after the article, or 0 when there is none.
	art := 0
	switch rest := w[i:]; {
	case len(rest) >= 4 && rest[:4] == "لل":
		if hasTwoRunes(rest[2:]) && arabic.Unsplittable(rest[2:]) {
			return rest[2:]
		}
		art = i + 4
	case len(rest) >= 2 && (rest[:2] == "ب" || rest[:2] == "ك" || rest[:2] == "ل"):
		if hasTwoRunes(rest[2:]) && arabic.Unsplittable(rest[2:]) {
			return rest[2:]
		}
		if len(rest) >= 6 && rest[2:6] == "ال" {
			art = i + 6
		}
	case len(rest) >= 4 && rest[:4] == "ال":
		art = i + 4
	}
	if art > 0 && hasTwoRunes(w[art:]) {
		if arabic.Unsplittable(w[art:]) {
			return w[art:]
		}
		best = art
	}
	return w[best:]
}

// hasTwoRunes reports whether s has at least two runes.
func hasTwoRunes(s string) bool { return hasRunes(s, 2) }

// hasRunes reports whether s has at least n runes (invalid bytes count
// one each, as in utf8.RuneCountInString). A rune takes at most
// utf8.UTFMax bytes and at least one, so the length alone answers most
// words.
func hasRunes(s string, n int) bool {
	if len(s) >= n*utf8.UTFMax {
		return true
	}
	if len(s) < n {
		return false
	}
	for i := 0; i < len(s) && n > 0; n-- {
		_, size := decodeRune(s[i:])
		i += size
	}
	return n <= 0
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

// hashBytes is hashString for a byte slice.
func hashBytes(seed uint64, s []byte) uint64 {
	h := seed ^ 0xcbf29ce484222325
	for _, c := range s {
		h ^= uint64(c)
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
