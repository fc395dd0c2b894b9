// Package normalize folds text to a matching form that hides spelling
// variation irrelevant to meaning, and keeps a map from every byte of the
// folded text back to the text as received.
//
// The matching form is per-rune Unicode compatibility decomposition (NFKD)
// with combining marks removed, lower case, and Arabic-script folding: no
// tashkeel or tatweel, one alef (أ إ آ ٱ → ا), ى → ي, ة → ه, hamza seats
// (ؤ → و, ئ → ي), Persian and Urdu letters folded to their Arabic
// counterparts (ک → ك, ی → ي, ۀ ە ہ ھ → ه, ٹ → ت, ڈ → د, ڑ → ر), Arabic-Indic
// and Persian digits to ASCII, and zero-width format characters removed.
// Word boundaries are never created or destroyed, so a token of the folded
// text always corresponds to a token of the original.
package normalize

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text is a string with its matching form and the map between the two.
type Text struct {
	// Orig is the text as received.
	Orig string
	// Norm is the matching form of Orig.
	Norm string
	// off[i] is the byte offset in Orig of the rune that produced byte i of
	// Norm; off[len(Norm)] is len(Orig).
	off []int32
	// runes is the number of runes of Orig.
	runes int
	// valid reports whether Orig is valid UTF-8.
	valid bool
}

// New returns the matching form of s with its offset map.
func New(s string) *Text {
	norm, off, runes, valid := fold(s, true)
	return &Text{Orig: s, Norm: norm, off: off, runes: runes, valid: valid}
}

// RuneCount returns the number of runes of Orig:
// utf8.RuneCountInString(Orig), counted while folding.
func (t *Text) RuneCount() int { return t.runes }

// ValidUTF8 reports whether Orig is valid UTF-8: utf8.ValidString(Orig),
// found while folding.
func (t *Text) ValidUTF8() bool { return t.valid }

// Fold returns the matching form of s. It is New(s).Norm without the
// offset map.
func Fold(s string) string {
	if isFolded(s) {
		return s
	}
	norm, _, _, _ := fold(s, false)
	return norm
}

// AppendFold appends the matching form of s, Fold(s), to dst and returns
// the extended buffer. It allocates only when dst has too little room
// (or for a rune outside ASCII and the Arabic block that needs Unicode
// decomposition), so a caller folding word after word into one buffer
// folds without allocating.
func AppendFold(dst []byte, s string) []byte {
	dst = slices.Grow(dst, len(s))
	var scratch []byte // appendFold's, allocated by the first rune that needs it
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		if c-0xD8 < 4 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			// U+0600..U+06FF, two bytes: D8..DB, then 80..BF.
			c1 := s[i+1]
			switch f := arabicFolds[(c&3)<<6|c1&0x3F]; {
			case f == arabicKeep:
				dst = append(dst, c, c1)
			case f == 0:
			case f < utf8.RuneSelf:
				dst = append(dst, byte(f))
			default: // Arabic letters fold to Arabic letters: two bytes
				dst = append(dst, byte(0xC0|f>>6), byte(0x80|f&0x3F))
			}
			i += 2
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		dst, scratch = appendFold(dst, r, scratch)
		i += size
	}
	return dst
}

// fold computes the matching form of s, when withMap is set the offset
// map, the number of runes of s and whether s is valid UTF-8. ASCII and
// the two-byte Arabic block take fast paths, which write by index (they
// never write more bytes than they read); every other rune goes through
// Unicode decomposition, which may write more, and then room is made for
// the rest. The fast paths run in a loop of their own, which calls no
// function: the compiler keeps its variables in registers, where a
// single loop with the decomposition's call in it reloaded them at every
// rune.
func fold(s string, withMap bool) (string, []int32, int, bool) {
	buf := make([]byte, len(s))
	var off []int32
	if withMap {
		off = make([]int32, len(s)+1)
	}
	var scratch []byte // appendFold's, allocated by the first rune that needs it
	runes, n, valid := 0, 0, true
	for i := 0; i < len(s); runes++ {
		// Fast paths: runs of ASCII and of the Arabic block.
		for i < len(s) {
			c := s[i]
			if c < utf8.RuneSelf {
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf[n] = c
				if withMap {
					off[n] = int32(i)
				}
				n++
				i++
				runes++
				continue
			}
			if c-0xD8 >= 4 || i+1 >= len(s) || s[i+1]&0xC0 != 0x80 {
				break
			}
			// U+0600..U+06FF, two bytes: D8..DB, then 80..BF. (The
			// two-element slices below cost one bounds check each.)
			c1 := s[i+1]
			switch f := arabicFolds[(c&3)<<6|c1&0x3F]; {
			case f == arabicKeep:
				b := buf[n : n+2]
				b[0], b[1] = c, c1
				if withMap {
					o := off[n : n+2]
					o[0], o[1] = int32(i), int32(i)
				}
				n += 2
			case f == 0:
			case f < utf8.RuneSelf:
				buf[n] = byte(f)
				if withMap {
					off[n] = int32(i)
				}
				n++
			default: // Arabic letters fold to Arabic letters: two bytes
				b := buf[n : n+2]
				b[0], b[1] = byte(0xC0|f>>6), byte(0x80|f&0x3F)
				if withMap {
					o := off[n : n+2]
					o[0], o[1] = int32(i), int32(i)
				}
				n += 2
			}
			i += 2
			runes++
		}
		if i >= len(s) {
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if size == 1 {
			valid = false // the only one-byte rune decoded here is utf8.RuneError
		}
		var b []byte
		b, scratch = appendFold(buf[:n], r, scratch)
		i += size
		// The rest of s needs at most len(s)-i bytes.
		if need := len(b) + len(s) - i; need > len(buf) {
			grown := make([]byte, need)
			copy(grown, b)
			buf = grown
			if withMap {
				o := make([]int32, need+1)
				copy(o, off[:n])
				off = o
			}
		}
		if withMap {
			for j := n; j < len(b); j++ {
				off[j] = int32(i - size)
			}
		}
		n = len(b)
	}
	if withMap {
		off[n] = int32(len(s))
		off = off[:n+1]
	}
	return string(buf[:n]), off, runes, valid
}

// isFolded reports whether s is already in matching form by the fast path:
// lower-case ASCII letters, digits, spaces and punctuation only.
func isFolded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// OrigSpan maps the byte span [start, end) of Norm to the byte span of Orig
// it was folded from. Spans are clamped to the text.
func (t *Text) OrigSpan(start, end int) (int, int) {
	start = clamp(start, 0, len(t.Norm))
	end = clamp(end, start, len(t.Norm))
	os := int(t.off[start])
	if end == start {
		return os, os
	}
	// The last folded byte comes from the rune starting at off[end-1]; the
	// span ends after that rune.
	last := int(t.off[end-1])
	_, size := utf8.DecodeRuneInString(t.Orig[last:])
	oe := last + size
	// Marks and tatweel folded away after the last rune belong to it:
	// the span of "ان" in "أنّ" is "أنّ" with its shadda.
	for oe < len(t.Orig) {
		r, n := utf8.DecodeRuneInString(t.Orig[oe:])
		if !isAttached(r) {
			break
		}
		oe += n
	}
	return os, oe
}

// NormOffset returns the offset in Norm of the first byte folded from the
// rune of Orig at byte offset i or after it (len(Norm) when none is).
func (t *Text) NormOffset(i int) int {
	// off is non-decreasing and off[len(Norm)] == len(Orig).
	lo, hi := 0, len(t.Norm)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if int(t.off[h]) < i {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo
}

// NormOffsetFrom is NormOffset(i) found from from, an offset in Norm at or
// before the result (NormOffset of an offset at or before i): the first
// offset k >= from with off[k] >= i, or len(Norm) (from when from is past
// it). It first tries the offset that folding byte for byte since from
// gives, which is the answer over most text (ASCII and Arabic letters fold
// to as many bytes as they have), and otherwise scans forward: linear over
// a text when offsets come in order. It is small enough to be inlined in a
// caller's loop.
func (t *Text) NormOffsetFrom(i, from int) int {
	k := max(from, 0)
	if k+1 < len(t.off) {
		// The guess g is the answer when k < g < len(Norm) and
		// off[g-1] < i <= off[g] (g wraps below k on overflow).
		if g := k + i - int(t.off[k]); k < g && g+1 < len(t.off) && int(t.off[g-1]) < i && i <= int(t.off[g]) {
			return g
		}
	}
	for k < len(t.Norm) && int(t.off[k]) < i {
		k++
	}
	return k
}

// Folded returns the matching form of Orig[start:end] as a substring of
// Norm, without folding again: folding works rune by rune, so when start
// and end fall on rune boundaries of Orig (as token offsets do) it is
// Fold(Orig[start:end]).
func (t *Text) Folded(start, end int) string {
	ns := t.NormOffset(start)
	// NormOffset(end) when it is at or after ns; ns is the slice's end
	// otherwise, and so is the first offset from ns found here.
	return t.Norm[ns:t.normOffsetSearch(end, ns)]
}

// normOffsetSearch returns the first offset k >= from with off[k] >= i,
// or len(Norm), for 0 <= from <= len(Norm): the offset that folding byte
// for byte since from gives when it is that, a binary search otherwise.
func (t *Text) normOffsetSearch(i, from int) int {
	n := len(t.Norm)
	off := t.off[:n+1]
	if from >= n || int(off[from]) >= i {
		return from
	}
	// off[from] < i: the answer is in (from, n].
	lo, hi := from+1, n
	if g := from + (i - int(off[from])); g > from && g <= n {
		if int(off[g-1]) < i {
			if g == n || int(off[g]) >= i {
				return g
			}
			lo = g + 1
		} else {
			hi = g - 1
		}
	}
	// The first h in [lo, hi) with off[h] >= i, hi when none is.
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if int(off[h]) < i {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo
}

// isAttached reports whether r is a mark or tatweel: dropped by folding and
// written as part of the letter before it.
func isAttached(r rune) bool {
	if r >= 0x0600 && r <= 0x06FF {
		f, ok := foldArabic(r)
		return ok && f == 0
	}
	return r >= 0x0300 && unicode.Is(unicode.Mn, r)
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// FoldRune returns the matching form of r as zero or more runes appended to
// dst. Most runes fold to exactly one rune.
func FoldRune(dst []rune, r rune) []rune {
	var buf, scratch [utf8.UTFMax * 8]byte
	b, _ := appendFold(buf[:0], r, scratch[:0])
	for _, f := range string(b) {
		dst = append(dst, f)
	}
	return dst
}

// appendFold appends the matching form of r to b. scratch is a buffer for
// decompositions, reused from call to call: appendFold returns it, grown
// when it had to be (only runes outside ASCII and the Arabic block use
// it, so a nil scratch is allocated only when such a rune comes).
func appendFold(b []byte, r rune, scratch []byte) ([]byte, []byte) {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r)), scratch
	case r >= 0x0600 && r <= 0x06FF:
		if f, ok := foldArabic(r); ok {
			if f != 0 {
				b = utf8.AppendRune(b, f)
			}
			return b, scratch
		}
		return utf8.AppendRune(b, r), scratch
	}
	switch r {
	case 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF, 0x2060, 0x00AD,
		0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069:
		return b, scratch // zero-width and bidi format characters
	}
	if unicode.Is(unicode.Mn, r) {
		return b, scratch
	}
	// Compatibility decomposition of one rune, marks dropped, lower case:
	// the rune is scratch[:k], its decomposition follows it.
	if cap(scratch) < 64 {
		scratch = make([]byte, 0, 64)
	}
	scratch = utf8.AppendRune(scratch[:0], r)
	k := len(scratch)
	if norm.NFKD.IsNormal(scratch) && !unicode.IsUpper(r) && !isSpaceVariant(r) {
		return utf8.AppendRune(b, r), scratch
	}
	scratch = norm.NFKD.Append(scratch, scratch[:k]...)
	d := scratch[k:]
	for len(d) > 0 {
		c, size := utf8.DecodeRune(d)
		d = d[size:]
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		if c >= 0x0600 && c <= 0x06FF {
			if f, ok := foldArabic(c); ok {
				if f != 0 {
					b = utf8.AppendRune(b, f)
				}
				continue
			}
		}
		if isSpaceVariant(c) {
			c = ' '
		}
		b = utf8.AppendRune(b, unicode.ToLower(c))
	}
	return b, scratch
}

// isSpaceVariant reports whether r is a space character other than the
// ASCII ones (no-break space, thin space, ...), folded to ' '.
func isSpaceVariant(r rune) bool {
	return r >= 0x80 && unicode.IsSpace(r)
}

// arabicFolds[r-0x0600] is foldArabic(r) for the Arabic block: the folded
// rune, 0 for a dropped rune, arabicKeep for a rune kept as it is. It is
// never written after it is built.
var arabicFolds = arabicFoldTable()

const arabicKeep = 0xFFFF

func arabicFoldTable() *[256]uint16 {
	var t [256]uint16
	for i := range t {
		switch f, ok := foldArabic(rune(0x0600 + i)); {
		case !ok:
			t[i] = arabicKeep
		default:
			t[i] = uint16(f)
		}
	}
	return &t
}

// foldArabic folds a rune of the Arabic block. It returns ok false when the
// rune is kept as it is, and f == 0 when the rune is dropped.
func foldArabic(r rune) (f rune, ok bool) {
	switch {
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r >= 0x0610 && r <= 0x061A,
		r >= 0x06D6 && r <= 0x06ED && r != 0x06E5 && r != 0x06E6:
		return 0, true // tashkeel, Quranic marks
	case r == 0x0640:
		return 0, true // tatweel
	case r >= 0x0660 && r <= 0x0669:
		return '0' + (r - 0x0660), true
	case r >= 0x06F0 && r <= 0x06F9:
		return '0' + (r - 0x06F0), true
	}
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ', 'ٲ', 'ٳ', 'ٵ':
		return 'ا', true
	case 'ى', 'ی', 'ې', 'ۍ', 'ێ', 'ے', 'ۓ', 'ئ':
		return 'ي', true
	case 'ة', 'ۀ', 'ە', 'ہ', 'ۂ', 'ھ', 'ۃ':
		return 'ه', true
	case 'ک', 'ڪ':
		return 'ك', true
	case 'ؤ', 'ۄ', 'ۅ', 'ۆ', 'ۇ', 'ۈ', 'ۉ', 'ۋ', 'ۊ', 'ۏ':
		return 'و', true
	case 'ٹ':
		return 'ت', true
	case 'ڈ':
		return 'د', true
	case 'ڑ':
		return 'ر', true
	case 'ں':
		return 'ن', true
	case '٫':
		return '.', true // Arabic decimal separator
	case '٬':
		return ',', true // Arabic thousands separator
	}
	return r, false
}
