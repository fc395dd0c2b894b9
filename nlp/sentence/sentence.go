// Package sentence splits Arabic, English and French text into sentences
// given as byte spans of the input, so that offsets round-trip.
//
// A sentence ends at . ! ? ؟ or … (and at ؛ when Options.Semicolon is set),
// together with the closing quotes and brackets that follow (a quotation
// closing after a period belongs to the sentence), and at a line break:
// scraped articles put one paragraph, headline or list item per line. The
// Arabic comma ، never ends a sentence. A period does not end a sentence
// after an abbreviation (Mr., M., Dr., U.S. before a lower-case word),
// an initial, a number's decimal point, or inside a quotation that closes
// later in the same paragraph.
package sentence

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a byte span [Start, End) of the split text.
type Span struct{ Start, End int }

// Options tune the splitter. The zero value is the default.
type Options struct {
	// Semicolon makes the Arabic semicolon ؛ end a sentence.
	Semicolon bool
}

// Split returns the sentences of s with the default options.
func Split(s string) []Span { return Options{}.Append(nil, s) }

// Append appends the sentences of s to dst and returns the extended slice.
// Sentences are trimmed of surrounding white space and never empty.
func (o Options) Append(dst []Span, s string) []Span {
	start := 0
	for start < len(s) {
		end := paragraphEnd(s, start)
		dst = o.appendParagraph(dst, s, start, end)
		start = end
	}
	return dst
}

// paragraphEnd returns the end of the line starting at i, past its line
// break. A line break followed by a lower-case Latin letter is a wrapped
// line, not a break.
func paragraphEnd(s string, i int) int {
	for {
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			return len(s)
		}
		i += j + 1
		r, _ := utf8.DecodeRuneInString(s[i:])
		if !(r < utf8.RuneSelf && 'a' <= r && r <= 'z') {
			return i
		}
	}
}

// appendParagraph splits s[start:end], a paragraph, into sentences.
func (o Options) appendParagraph(dst []Span, s string, start, end int) []Span {
	p := s[start:end]
	sent := 0  // start of the current sentence in p
	depth := 0 // open guillemets or curly quotes
	for i := 0; i < len(p); {
		// Most bytes start no quotation mark or terminator (nor continue
		// one: those bytes are never UTF-8 continuation bytes), so the
		// loop meets every mark at its first byte.
		for i < len(p) {
			// Eight bytes at a time while none is a mark: the classes
			// '1' and '2' have bits '0' lacks, so the OR of eight
			// classes is '0' only when all are.
			for i+8 <= len(p) {
				q := p[i : i+8]
				if markBytes[q[0]]|markBytes[q[1]]|markBytes[q[2]]|markBytes[q[3]]|
					markBytes[q[4]]|markBytes[q[5]]|markBytes[q[6]]|markBytes[q[7]] != '0' {
					break
				}
				i += 8
			}
			for i < len(p) && markBytes[p[i]] == '0' {
				i++
			}
			if i == len(p) || markBytes[p[i]] == '1' {
				break
			}
			// The second byte of ؟ (D8 9F) or ؛ (D8 9B), or of a rarer
			// rune: D8, the first byte, starts most Arabic letters too.
			if i > 0 && p[i-1] == 0xD8 {
				i--
				break
			}
			i++
		}
		if i == len(p) {
			break
		}
		r, size := utf8.DecodeRuneInString(p[i:])
		switch r {
		case '«', '“':
			depth++
		case '»', '”':
			if depth > 0 {
				depth--
			}
		}
		if !o.isTerminator(r) {
			i += size
			continue
		}
		// Take in the run of terminators and the closing quotes and
		// brackets that follow.
		j := i + size
		for j < len(p) {
			r2, n := utf8.DecodeRuneInString(p[j:])
			if o.isTerminator(r2) || isCloser(r2) {
				if r2 == '»' || r2 == '”' {
					if depth > 0 {
						depth--
					}
				}
				j += n
				continue
			}
			if r2 == ' ' || r2 == '\u00a0' || r2 == '\u202f' {
				// French spacing: « Nous agirons. »
				r3, n3 := utf8.DecodeRuneInString(p[j+n:])
				if r3 == '»' || r3 == '”' {
					if depth > 0 {
						depth--
					}
					j += n + n3
					continue
				}
			}
			break
		}
		if o.isBoundary(p, sent, i, j, depth) {
			dst = appendTrimmed(dst, s, start+sent, start+j)
			sent = j
		}
		i = j
	}
	return appendTrimmed(dst, s, start+sent, end)
}

func (o Options) isTerminator(r rune) bool {
	switch r {
	case '.', '!', '?', '؟', '…', '‼', '⁇', '⁈', '⁉', '。':
		return true
	case '؛':
		return o.Semicolon
	}
	return false
}

// markBytes[c] is '1' for the first bytes of the quotation marks that
// appendParagraph counts (« “ » ”) and of the terminators (. ! ? … ‼ ⁇ ⁈ ⁉
// 。: . ! ? C2 E2 E3), '2' for the second bytes of ؟ (D8 9F) and ؛ (D8
// 9B), whose first byte starts most Arabic letters too, '0' for the
// others.
const markBytes = "0000000000000000000000000000000001000000000000100000000000000001" +
	"0000000000000000000000000000000000000000000000000000000000000000" +
	"0000000000000000000000000002000200000000000000000000000000000000" +
	"0010000000000000000000000000000000110000000000000000000000000000"

// isCloser reports whether r closes a quotation or bracket.
func isCloser(r rune) bool {
	switch r {
	case '»', '”', '’', '"', '\'', ')', ']', '}', '›':
		return true
	}
	return false
}

// isBoundary decides whether the terminators at p[i:j] end the sentence
// that started at sent. depth is the number of quotations still open
// after them.
func (o Options) isBoundary(p string, sent, i, j, depth int) bool {
	// The terminator must be followed by white space or the end.
	next, _ := utf8.DecodeRuneInString(p[j:])
	if j < len(p) && !unicode.IsSpace(next) {
		return false
	}
	k := j
	for k < len(p) {
		r, n := utf8.DecodeRuneInString(p[k:])
		if !unicode.IsSpace(r) {
			break
		}
		k += n
	}
	if k >= len(p) {
		return true
	}
	// Inside a quotation that closes later in the paragraph.
	if depth > 0 && strings.ContainsAny(p[j:], "»”") {
		return false
	}
	after, _ := utf8.DecodeRuneInString(p[k:])
	if after < utf8.RuneSelf && 'a' <= after && after <= 'z' {
		return false // a lower-case Latin word continues the sentence
	}
	if p[i] != '.' || strings.HasPrefix(p[i:j], "..") {
		return true // ! ? ؟ and ellipses
	}
	if isEnumerator(p[sent:i]) {
		return false // "2. Something" opens a list item
	}
	word := lastWord(p[sent:i])
	if word == "" {
		return true
	}
	if isAbbreviation(word) {
		return false
	}
	if isAcronym(word) {
		// "the U.S. The next": an acronym ends the sentence only before a
		// word that usually starts one.
		return isSentenceStarter(firstWord(p[k:]))
	}
	return true
}

// lastWord returns the letters (and inner periods) ending s.
func lastWord(s string) string {
	i := len(s)
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.IsLetter(r) && r != '.' && r != '-' {
			break
		}
		i -= n
	}
	return strings.TrimLeft(s[i:], ".-")
}

// firstWord returns the letters starting s.
func firstWord(s string) string {
	for i, r := range s {
		if !unicode.IsLetter(r) {
			return s[:i]
		}
	}
	return s
}

// isAcronym reports whether w is of the form U.S, U.N.C or سي.إن.إن
// (letters or Arabic letter names, up to three runes each, joined by
// periods).
func isAcronym(w string) bool {
	if !strings.Contains(w, ".") {
		return false
	}
	for _, part := range strings.Split(w, ".") {
		if n := utf8.RuneCountInString(part); n < 1 || n > 3 {
			return false
		}
	}
	return true
}

// isEnumerator reports whether s, the text of a sentence before a period,
// is a list number: "2", "12", "٣".
func isEnumerator(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > 3 {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// isAbbreviation reports whether a period after w marks an abbreviation
// rather than the end of a sentence: single letters (initials, Arabic د.
// for doctor) and common English and French abbreviations.
func isAbbreviation(w string) bool {
	if utf8.RuneCountInString(w) == 1 {
		return true
	}
	switch w {
	case "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Mt", "Gen",
		"Lt", "Col", "Maj", "Capt", "Sgt", "Cpl", "Adm", "Gov", "Sen", "Rep",
		"Rev", "Hon", "Pres", "Supt", "Det", "Insp", "Inc", "Ltd", "Co",
		"Corp", "Bros", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
		"Sep", "Sept", "Oct", "Nov", "Dec", "No", "Nos", "Vol", "vs", "cf",
		"al", "approx", "est", "dept", "Dept", "Fig", "fig", "pp", "ca",
		"Mme", "Mmes", "Mlle", "Mlles", "MM", "Me", "Mgr", "Pr", "Ste",
		"av", "bd", "env", "janv", "févr", "avr", "juil", "sept", "oct",
		"nov", "déc", "art", "p", "vol", "éd", "coll":
		return true
	}
	return false
}

// isSentenceStarter reports whether w is a word that commonly starts an
// English or French sentence.
func isSentenceStarter(w string) bool {
	switch w {
	case "The", "A", "An", "He", "She", "It", "They", "We", "I", "In",
		"But", "And", "This", "That", "These", "Those", "There", "On", "At",
		"His", "Her", "Its", "Their", "Our", "After", "Before", "When",
		"While", "If", "As", "Some", "Many", "Most", "Officials", "Le", "La",
		"Les", "Il", "Elle", "Ils", "Elles", "Un", "Une", "Des", "Mais",
		"Et", "En", "Ce", "Cette", "Ces", "Selon", "Pour", "Dans":
		return true
	}
	return false
}

// appendTrimmed appends s[start:end] without its surrounding white space,
// unless nothing is left.
func appendTrimmed(dst []Span, s string, start, end int) []Span {
	for start < end {
		r, n := utf8.DecodeRuneInString(s[start:end])
		if !unicode.IsSpace(r) && !isInvisible(r) {
			break
		}
		start += n
	}
	for end > start {
		r, n := utf8.DecodeLastRuneInString(s[start:end])
		if !unicode.IsSpace(r) && !isInvisible(r) {
			break
		}
		end -= n
	}
	if start < end {
		dst = append(dst, Span{Start: start, End: end})
	}
	return dst
}

// isInvisible reports whether r is a format character (zero-width space,
// bidi marks) that cannot make a sentence on its own.
func isInvisible(r rune) bool { return r >= utf8.RuneSelf && unicode.Is(unicode.Cf, r) }
