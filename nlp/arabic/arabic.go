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
	out := []int{0}
	n := utf8.RuneCountInString(w)
	// Arabic letters are two bytes each in UTF-8.
	add := func(prefix int) {
		if prefix > len(w) || n-prefix/2 < minStem {
			return
		}
		for _, p := range out {
			if p == prefix {
				return
			}
		}
		out = append(out, prefix)
	}
	i := 0
	// Conjunction: و or ف.
	if hasPrefix(w, i, "و") || hasPrefix(w, i, "ف") {
		i += 2
		add(i)
	}
	// Preposition ب ك ل, and ل + ال written لل.
	j := i
	switch {
	case hasPrefix(w, j, "لل"):
		add(j + 2)     // ل + stem starting with ل
		add(j + 4)     // لل = ل + ال
		return sorted(out)
	case hasPrefix(w, j, "ب") || hasPrefix(w, j, "ك") || hasPrefix(w, j, "ل"):
		j += 2
		add(j)
	}
	// Article ال, after the conjunction/preposition or alone.
	for _, k := range []int{i, j} {
		if hasPrefix(w, k, "ال") {
			add(k + 4)
		}
	}
	return sorted(out)
}

// Stem returns w without its longest plausible proclitic prefix, keeping a
// stem of at least 3 runes, and the prefix length in bytes. It is a
// lexicon-free guess for features; use Splits when a lexicon can decide.
func Stem(w string) (stem string, prefix int) {
	s := Splits(w, 3)
	p := s[len(s)-1]
	return w[p:], p
}

// IsProcliticPrefix reports whether p, in matching form, is a sequence of
// proclitics that may be written attached before a word (و, ف, ب, ل, ك,
// وب, فل, ال, وال, بال, لل, ...). It lets a matcher accept "لبيونغ يانغ" as
// a match of "بيونغ يانغ" with the clitic outside the span.
func IsProcliticPrefix(p string) bool {
	if p == "" {
		return false
	}
	for _, s := range Splits(p+"xx", 0) {
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
