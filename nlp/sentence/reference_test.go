package sentence

import (
	"reflect"
	"testing"
	"unicode/utf8"
)

// referenceAppend is Append with appendParagraph as first written, which
// decodes every rune: the reference the byte filter must agree with.
func (o Options) referenceAppend(dst []Span, s string) []Span {
	start := 0
	for start < len(s) {
		end := paragraphEnd(s, start)
		dst = o.referenceParagraph(dst, s, start, end)
		start = end
	}
	return dst
}

func (o Options) referenceParagraph(dst []Span, s string, start, end int) []Span {
	p := s[start:end]
	sent := 0  // start of the current sentence in p
	depth := 0 // open guillemets or curly quotes
	for i := 0; i < len(p); {
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

func FuzzMatchesReference(f *testing.F) {
	f.Add("Mr. Smith «met» U.S. officials. هل؟ نعم! «قال. ثم» …\nnext")
	f.Add("a.\n\n«b».” c؛ d \xe2\x80 \xd8. \xc2“x” 。‼⁉")
	f.Fuzz(func(t *testing.T, s string) {
		for _, o := range []Options{{}, {Semicolon: true}} {
			if got, want := o.Append(nil, s), o.referenceAppend(nil, s); !reflect.DeepEqual(got, want) {
				t.Fatalf("%q: %v, reference %v", s, got, want)
			}
		}
	})
}
