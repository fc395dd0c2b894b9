// Package arabic analyses Arabic words in matching form (see package
// normalize): which letters at the start of a word may be proclitics
// (conjunctions و ف, prepositions ب ل ك, the article ال and their
// combinations such as وبال, فل, لل), so that names keep their own letters
// and extractors can look a word up with and without its clitics.
package arabic

import "unicode/utf8"

// Splits returns the byte lengths of every proclitic prefix that can be
// split off the folded word w leaving a stem of at least minStem runes,
// shortest first; 0 (no split) is always first. Whether a split is right
// is for the caller to decide with a lexicon or a model: "بوتين" can read
// as ب + وتين, but a gazetteer only knows بوتين.
func Splits(w string, minStem int) []int {
	return appendSplits(make([]int, 0, MaxSplits), w, minStem)
}

// AppendSplits is Splits appended to dst[:0]: without allocating when dst
// has room for MaxSplits.
func AppendSplits(dst []int, w string, minStem int) []int {
	return appendSplits(dst, w, minStem)
}

// MaxSplits bounds the splits of one word: none, conjunction,
// preposition, and the article after either.
const MaxSplits = 5

// appendSplits appends the splits of w to dst[:0] and returns it: Splits
// without allocating when dst has room.
func appendSplits(dst []int, w string, minStem int) []int {
	out := append(dst[:0], 0)
	if !mayHaveProclitic(w) {
		return out
	}
	// A prefix is Arabic letters, two bytes each in UTF-8: the stem is
	// w[prefix:].
	add := func(out []int, prefix int) []int {
		if prefix > len(w) || !hasRunes(w[prefix:], minStem) {
			return out
		}
		for _, p := range out {
			if p == prefix {
				return out
			}
		}
		return append(out, prefix)
	}
	i := 0
	// Conjunction: و or ف.
	if hasPrefix(w, i, "و") || hasPrefix(w, i, "ف") {
		i += 2
		out = add(out, i)
	}
	// Preposition ب ك ل, and ل + ال written لل.
	j := i
	switch {
	case hasPrefix(w, j, "لل"):
		out = add(out, j+2) // ل + stem starting with ل
		out = add(out, j+4) // لل = ل + ال
		return sorted(out)
	case hasPrefix(w, j, "ب") || hasPrefix(w, j, "ك") || hasPrefix(w, j, "ل"):
		j += 2
		out = add(out, j)
	}
	// Article ال, after the conjunction/preposition or alone.
	for _, k := range [2]int{i, j} {
		if hasPrefix(w, k, "ال") {
			out = add(out, k+4)
		}
	}
	return sorted(out)
}

// Stem returns w, a word in matching form, without its proclitics, and
// the prefix length in bytes. It is a lexicon-free guess for features, in
// the manner of light stemmers: it removes the article with what precedes
// it (ال، وال، بال، كال، فال، لل، وبال...) when at least 2 runes remain,
// and a lone conjunction و or ف when at least 3 remain, but never a lone
// ب, ك or ل (بوتين، بيونغ، لندن stay whole) and never letters of a
// frequent word that merely starts with a clitic letter (وزير، فرنسا,
// see Unsplittable). Use Splits when a lexicon can decide.
func Stem(w string) (stem string, prefix int) {
	best := 0
	var buf [MaxSplits]int
	for _, p := range appendSplits(buf[:0], w, 2) {
		if Unsplittable(w[p:]) {
			return w[p:], p
		}
		switch pre := w[:p]; {
		case p == 0:
		case pre == "و" || pre == "ف":
			if hasRunes(w[p:], 3) {
				best = p
			}
		case hasArticle(pre):
			best = p
		}
	}
	return w[best:], best
}

// hasArticle reports whether the proclitic sequence p ends with the
// article: ال, or لل (ل + ال).
func hasArticle(p string) bool {
	return len(p) >= 4 && (p[len(p)-4:] == "ال" || p[len(p)-4:] == "لل")
}

// Unsplittable reports whether w, in matching form, is a frequent word
// whose first letters look like proclitics but are not (وزير، فقط،
// واشنطن). The list holds only common words; names belong in lexicons.
func Unsplittable(w string) bool {
	switch w {
	case "في", "فيه", "فيها", "فيما", "فقط", "فوق", "فور", "فورا", "فوري",
		"فرض", "فرص", "فرصه", "فتره", "فتح", "فريق", "فرق", "فرقه", "فيلم",
		"فيديو", "فضلا", "فضل", "فعل", "فعلا", "فجر", "فعاليات", "فتاه",
		"فنان", "فندق", "فشل", "فصل", "فساد", "فوز", "فيروس", "فبراير",
		"فرنسا", "فرنسي", "فرنسيه", "فرانس", "فيسبوك", "فلسطين", "فلسطيني",
		"فلسطينيه", "فلسطينيين", "فلاديمير", "فنزويلا", "فيينا", "فيتنام",
		"وزير", "وزيره", "وزراء", "وزاره", "وقت", "وسط", "وفق", "وفقا",
		"وكاله", "وكالات", "وسائل", "وجود", "وضع", "وقع", "وقعت", "واسع",
		"واسعه", "واحد", "واحده", "وقف", "وجه", "وصل", "وصلت", "ولايه",
		"ولايات", "وصف", "وصول", "وقوع", "وراء", "وادي", "وثيقه", "وثائق",
		"وفاه", "وتيره", "وظيفه", "وظائف", "والد", "والده", "وافق", "واضح",
		"واضحه", "ولد", "وفد", "وكيل", "واقع", "وطن", "وطني", "وطنيه",
		"واجه", "وحده", "وحدات", "ورقه", "واشنطن", "وليد",
		"بين", "بعد", "بعض", "بلد", "بلاد", "بيان", "بيت", "بدء", "بدايه",
		"برنامج", "بشكل", "كان", "كانت", "كل", "كما", "كيف", "كبير", "كبيره",
		"لكن", "لم", "لن", "لها", "له", "لدي", "لقد", "لقاء", "ليس", "ليله":
		return true
	}
	return false
}

// hasRunes reports whether s has at least n runes.
// ASCII and the two-byte runes (Arabic letters) take a fast path.
func hasRunes(s string, n int) bool {
	for i := 0; i < len(s) && n > 0; n-- {
		switch c := s[i]; {
		case c < utf8.RuneSelf:
			i++
		case c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			i += 2
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
	}
	return n <= 0
}

// mayHaveProclitic reports whether w starts with a letter a proclitic
// sequence starts with: و ف ب ك ل or the alef of ال.
func mayHaveProclitic(w string) bool {
	if len(w) < 2 {
		return false
	}
	switch w[:2] {
	case "و", "ف", "ب", "ك", "ل", "ا":
		return true
	}
	return false
}

// maxProclitics is the byte length of the longest proclitic sequence
// (و + ب + ال).
const maxProclitics = 8

// IsProcliticPrefix reports whether p, in matching form, is a sequence of
// proclitics that may be written attached before a word (و, ف, ب, ل, ك,
// وب, فل, ال, وال, بال, لل, ...). It lets a matcher accept "لبيونغ يانغ" as
// a match of "بيونغ يانغ" with the clitic outside the span.
func IsProcliticPrefix(p string) bool {
	if p == "" || len(p) > maxProclitics || !mayHaveProclitic(p) {
		return false
	}
	var buf [MaxSplits]int
	for _, s := range appendSplits(buf[:0], p+"xx", 0) {
		if s == len(p) {
			return true
		}
	}
	return false
}

func hasPrefix(w string, i int, p string) bool {
	return len(w)-i >= len(p) && w[i:i+len(p)] == p
}

func sorted(a []int) []int {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
	return a
}
