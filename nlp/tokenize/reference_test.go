package tokenize

import (
	"reflect"
	"testing"
	"unicode"
	"unicode/utf8"
)

// referenceAppend and referenceScanWord are Append and scanWord as first
// written, without the fast paths: the reference they must agree with.
func referenceAppend(dst []Token, s string) []Token {
	i := 0
	for i < len(s) {
		r, size := decode(s, i)
		switch {
		case isLetter(r):
			end := referenceScanWord(s, i)
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

func referenceScanWord(s string, i int) int {
	start := i
	for i < len(s) {
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
	// Trailing zero-width joiners are not part of the word.
	for i > start {
		r, size := utf8.DecodeLastRuneInString(s[start:i])
		if r != 0x200C && r != 0x200D {
			break
		}
		i -= size
	}
	return i
}

func FuzzMatchesReference(f *testing.F) {
	f.Add("Jean-Pierre l'Agence O'Neill U.S. وبريطانيا می‌شود\u200c ٢٠٢٣ 3,5 \xd8 \xe2\x80\x8c")
	f.Add("kَلمة\u200dx abc\u200c\u200c def")
	f.Add("أعلن البيت الأبيض، أمس الإثنين؟ ٢٠٢٣ ١٢٫٥ كَلِمَةٌ ۰۱ ىۀۓ الاستراتيجيات؛ والمستشفيات\u0600x")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Append(nil, s), referenceAppend(nil, s); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: %v, reference %v", s, got, want)
		}
	})
}
