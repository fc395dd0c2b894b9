// Package tokenize splits Arabic, English and French text into word,
// number and punctuation tokens that carry byte offsets into the input.
//
// Tokens are never rewritten: Text(s) of a token is a substring of the
// input, so offsets round-trip. Arabic proclitics stay attached to their
// word here (the way Arabic NER corpora tokenize); package arabic exposes
// them for features and matching.
package tokenize

import (
	"unicode"
	"unicode/utf8"
)

// Kind classifies a token.
type Kind uint8

// Token kinds.
const (
	Word   Kind = iota + 1 // letters, with marks and inner hyphens or apostrophes
	Number                 // digits in any script, with inner separators
	Punct                  // one punctuation rune
	Symbol                 // any other non-space rune
)

// String returns the kind's name.
func (k Kind) String() string {
	switch k {
	case Word:
		return "word"
	case Number:
		return "number"
	case Punct:
		return "punct"
	case Symbol:
		return "symbol"
	}
	return "unknown"
}

// Token is a span [Start, End) of bytes of the tokenized text.
type Token struct {
	Start, End int
	Kind       Kind
}

// Text returns the token's text in s, the string it was read from.
func (t Token) Text(s string) string { return s[t.Start:t.End] }

// Tokenize returns the tokens of s.
func Tokenize(s string) []Token {
	return Append(make([]Token, 0, len(s)/6+1), s)
}

// Append appends the tokens of s to dst and returns the extended slice.
func Append(dst []Token, s string) []Token {
	i := 0
	for i < len(s) {
		// Fast paths: a space; a word starting with an ASCII or Arabic
		// letter.
		switch c := s[i]; {
		case c == ' ':
			i++
			continue
		case c < utf8.RuneSelf && (c|0x20)-'a' < 26, arabicLetterAt(s, i):
			end := scanWord(s, i)
			dst = append(dst, Token{Start: i, End: end, Kind: Word})
			i = end
			continue
		}
		r, size := decode(s, i)
		switch {
		case isLetter(r):
			end := scanWord(s, i)
			dst = append(dst, Token{Start: i, End: end, Kind: Word})
			i = end
		case isDigit(r):
			end := scanNumber(s, i)
			dst = append(dst, Token{Start: i, End: end, Kind: Number})
			i = end
		case isSpace(r) || isFormat(r):
			i += size
		case unicode.IsPunct(r):
			dst = append(dst, Token{Start: i, End: i + size, Kind: Punct})
			i += size
		default:
			dst = append(dst, Token{Start: i, End: i + size, Kind: Symbol})
			i += size
		}
	}
	return dst
}

// isLetter reports whether r can start or continue a word: letters, marks
// (tashkeel, accents) and tatweel. ASCII and the Arabic letters take a fast
// path.
func isLetter(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		c := r | 0x20
		return 'a' <= c && c <= 'z'
	case isArabicLetter(r):
		return true
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.M, r)
}

// isArabicLetter reports whether r is an Arabic letter, tatweel or
// tashkeel: the fast path of isLetter.
func isArabicLetter(r rune) bool {
	return r >= 0x0620 && r <= 0x065F || r >= 0x066E && r <= 0x06D3
}

// arabicLetters holds isArabicLetter for the two-byte runes U+0600 to
// U+06FF: bit b of word k is the rune whose UTF-8 bytes are 0xD8+k, 0x80+b.
var arabicLetters = [4]uint64{
	0xffffffff00000000, // U+0620 to U+063F
	0xffffc000ffffffff, // U+0640 to U+065F, U+066E to U+067F
	0xffffffffffffffff, // U+0680 to U+06BF
	0x00000000000fffff, // U+06C0 to U+06D3
}

// arabicLetterAt reports whether s[i:] starts with a rune of
// isArabicLetter (two bytes in UTF-8): the fast path of the scanners,
// one table read instead of decoding the rune.
func arabicLetterAt(s string, i int) bool {
	if i+1 >= len(s) {
		return false
	}
	k, d := uint(s[i])-0xD8, s[i+1]
	return k < 4 && d&0xC0 == 0x80 && arabicLetters[k]>>(d&0x3F)&1 != 0
}

// isDigit reports whether r is a decimal digit of any script.
func isDigit(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return '0' <= r && r <= '9'
	case r >= 0x0660 && r <= 0x0669, r >= 0x06F0 && r <= 0x06F9:
		return true
	}
	return unicode.IsDigit(r)
}

// isSpace reports whether r is white space.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r)
}

// isFormat reports whether r is an invisible format character (zero-width
// joiners, bidi marks) that separates nothing and belongs to no token when
// it stands between tokens.
func isFormat(r rune) bool { return r >= utf8.RuneSelf && unicode.Is(unicode.Cf, r) }

// scanWord returns the end of the word starting at i. A hyphen between
// letters continues the word (Jean-Pierre); an apostrophe after a French
// elided article (l', d', qu', j', n', s', c', m', t') ends the word after
// it, otherwise an apostrophe between letters continues it (O'Neill).
// Zero-width non-joiners inside Persian words continue the word.
func scanWord(s string, i int) int {
	start := i
	for i < len(s) {
		// Fast path: ASCII letters and the Arabic letters, tatweel and
		// tashkeel continue the word. They run in a loop of their own,
		// which calls no function, so that its variables stay in
		// registers.
		ended := false
		for i < len(s) {
			if c := s[i]; c < utf8.RuneSelf {
				if (c|0x20)-'a' < 26 {
					i++
					continue
				}
				// A space, a digit, punctuation end the word.
				ended = c != '-' && c != '\'' && c != '.'
				break
			} else if arabicLetterAt(s, i) {
				i += 2
				continue
			}
			break
		}
		if ended || i >= len(s) {
			break
		}
		r, size := decode(s, i)
		if isLetter(r) || r == 0x200C || r == 0x200D {
			i += size
			continue
		}
		if r == '-' || r == '\'' || r == '’' {
			n, nsize := utf8.DecodeRuneInString(s[i+size:])
			if i+size < len(s) && isLetter(n) {
				if r != '-' && isElision(s[start:i]) {
					return i + size
				}
				i += size + nsize
				continue
			}
		}
		if r == '.' && isAbbrevLetter(s[start:i]) {
			// U.S., U.N.: single letters joined by dots.
			n, _ := utf8.DecodeRuneInString(s[i+size:])
			if i+size < len(s) && unicode.IsUpper(n) {
				i += size
				continue
			}
		}
		break
	}
	// Trailing zero-width joiners are not part of the word. (They end
	// in 0x8C and 0x8D.)
	for i > start && (s[i-1] == 0x8C || s[i-1] == 0x8D) {
		r, size := utf8.DecodeLastRuneInString(s[start:i])
		if r != 0x200C && r != 0x200D {
			break
		}
		i -= size
	}
	return i
}

// isAbbrevLetter reports whether w is an abbreviation in progress of the
// form "U" or "U.S" (one upper-case ASCII letter per dot).
func isAbbrevLetter(w string) bool {
	for j := 0; j < len(w); j++ {
		c := w[j]
		if j%2 == 0 && !('A' <= c && c <= 'Z') {
			return false
		}
		if j%2 == 1 && c != '.' {
			return false
		}
	}
	return len(w)%2 == 1
}

// isElision reports whether w is a French elided word that an apostrophe
// ends.
func isElision(w string) bool {
	switch w {
	case "l", "L", "d", "D", "j", "J", "qu", "Qu", "QU", "n", "N", "s", "S", "c", "C", "m", "M", "t", "T", "jusqu", "Jusqu", "lorsqu", "Lorsqu", "puisqu", "Puisqu":
		return true
	}
	return false
}

// scanNumber returns the end of the number starting at i: digits with
// inner '.', ',', '٫', '٬' or ':' separators followed by a digit.
func scanNumber(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if isDigit(r) {
			i += size
			continue
		}
		if r == '.' || r == ',' || r == '٫' || r == '٬' || r == ':' {
			n, nsize := utf8.DecodeRuneInString(s[i+size:])
			if i+size < len(s) && isDigit(n) {
				i += size + nsize
				continue
			}
		}
		break
	}
	return i
}

// decode returns the rune at s[i] and its size, with fast paths for ASCII
// and two-byte runes (Latin accents, Arabic).
func decode(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		return rune(c&0x1F)<<6 | rune(s[i+1]&0x3F), 2
	}
	return utf8.DecodeRuneInString(s[i:])
}
