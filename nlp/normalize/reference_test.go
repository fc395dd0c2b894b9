package normalize

import (
	"os"
	"path/filepath"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/newsenrich/newsenrich/corpus"
)

// referenceFold is fold as it was first written, with append: the
// differential tests check that fold, which writes by index, gives the
// same matching form, offset map and rune count.
func referenceFold(s string, withMap bool) (string, []int32, int) {
	buf := make([]byte, 0, len(s))
	var off []int32
	if withMap {
		off = make([]int32, 0, len(s)+1)
	}
	var scratch [utf8.UTFMax * 4]byte
	runes := 0
	for i := 0; i < len(s); runes++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
			if withMap {
				off = append(off, int32(i))
			}
			i++
			continue
		}
		n := len(buf)
		if c >= 0xD8 && c <= 0xDB && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			// U+0600..U+06FF, two bytes.
			r := rune(c&0x1F)<<6 | rune(s[i+1]&0x3F)
			switch f := arabicFolds[r-0x0600]; {
			case f == arabicKeep:
				buf = append(buf, c, s[i+1])
			case f == 0:
			case f < utf8.RuneSelf:
				buf = append(buf, byte(f))
			default: // Arabic letters fold to Arabic letters: two bytes
				buf = append(buf, byte(0xC0|f>>6), byte(0x80|f&0x3F))
			}
			if withMap {
				switch len(buf) - n {
				case 2:
					off = append(off, int32(i), int32(i))
				case 1:
					off = append(off, int32(i))
				}
			}
			i += 2
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		buf = referenceAppendFold(buf, r, scratch[:0])
		if withMap {
			for j := n; j < len(buf); j++ {
				off = append(off, int32(i))
			}
		}
		i += size
	}
	if withMap {
		off = append(off, int32(len(s)))
	}
	return string(buf), off, runes
}

func checkFold(t *testing.T, s string) {
	t.Helper()
	for _, withMap := range []bool{false, true} {
		got, gotOff, gotRunes, gotValid := fold(s, withMap)
		want, wantOff, wantRunes := referenceFold(s, withMap)
		if gotValid != utf8.ValidString(s) {
			t.Fatalf("%.40q (map %v): valid %v", s, withMap, gotValid)
		}
		if got != want || gotRunes != wantRunes || len(gotOff) != len(wantOff) {
			t.Fatalf("%.40q (map %v): %q %d runes %d offsets, want %q %d %d", s, withMap, got, gotRunes, len(gotOff), want, wantRunes, len(wantOff))
		}
		for i := range gotOff {
			if gotOff[i] != wantOff[i] {
				t.Fatalf("%.40q: off[%d] = %d, want %d", s, i, gotOff[i], wantOff[i])
			}
		}
	}
}

// foldTexts are texts for the differential tests: expansions (ligatures,
// presentation forms) at the start, in the middle and at the end, drops,
// invalid UTF-8, and the real articles when the corpora are present.
func foldTexts(t testing.TB) []string {
	texts := []string{
		"", "a", "ABC déjà", "ﷺ", "ﷺﷺﷺﷺ", "ﷺ abc", "abc ﷺ", "ﷻ ﷽ ﻻ ﬁ ㎏ ½", "‌‍",
		"أنّ الــرئيسØaÿ ك́", "کوریا الشمالیة ٢٠٢٣ ۱۴۰۲", "Ø", "Ø§Ø", "ǅ İ ΣΊ",
		" «»–”“•‏‎ ﻟﺎﻘﺔ®",
	}
	if data, err := os.ReadFile("../../../shared/fixtures/sample_article_ar.txt"); err == nil {
		texts = append(texts, string(data))
	}
	if dir, ok := corpus.Dir(); ok {
		_ = corpus.ReadANT(filepath.Join(dir, corpus.ANTv21), func(d corpus.ANTDoc) error {
			texts = append(texts, d.Title, d.Text)
			if len(texts) > 600 {
				return corpus.ErrStop
			}
			return nil
		})
	}
	return texts
}

func TestFoldMatchesReference(t *testing.T) {
	for _, s := range foldTexts(t) {
		checkFold(t, s)
	}
}

// checkAppendFold checks that AppendFold appends Fold(s), the reference,
// to a buffer with and without room, and leaves the bytes before alone.
func checkAppendFold(t *testing.T, s string) {
	t.Helper()
	want := Fold(s)
	for _, dst := range [][]byte{nil, []byte("pre"), make([]byte, 2, 2+len(s)+8)} {
		before := string(dst)
		got := AppendFold(dst, s)
		if string(got[:len(before)]) != before || string(got[len(before):]) != want {
			t.Fatalf("AppendFold(%q, %.40q) = %q, want %q", before, s, got, before+want)
		}
	}
}

// TestAppendFoldStringMatchesFold checks AppendFold against Fold on the
// texts, every word of them, and every rune alone.
func TestAppendFoldStringMatchesFold(t *testing.T) {
	for _, s := range foldTexts(t) {
		checkAppendFold(t, s)
		for _, sp := range wordSpans(s) {
			checkAppendFold(t, s[sp[0]:sp[1]])
		}
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		checkAppendFold(t, string(r))
	}
}

// TestAppendFoldAllocs checks that AppendFold into a buffer with room
// allocates nothing for ASCII and Arabic words.
func TestAppendFoldAllocs(t *testing.T) {
	buf := make([]byte, 0, 64)
	for _, w := range []string{"Reuters", "الرئيس", "أنّ", "٢٠٢٣"} {
		if n := testing.AllocsPerRun(100, func() { buf = AppendFold(buf[:0], w) }); n != 0 {
			t.Errorf("AppendFold(%q): %v allocations, want 0", w, n)
		}
	}
}

func FuzzAppendFoldMatchesFold(f *testing.F) {
	for _, s := range foldTexts(f)[:16] {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkAppendFold(t, s)
	})
}

func FuzzFoldMatchesReference(f *testing.F) {
	for _, s := range foldTexts(f)[:16] {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkFold(t, s)
	})
}

// referenceNormOffsetFrom is NormOffsetFrom as it was first written, a
// linear scan: the differential tests check that NormOffsetFrom, which
// guesses and then searches, gives the same offsets.
func referenceNormOffsetFrom(t *Text, i, from int) int {
	k := max(from, 0)
	for k < len(t.Norm) && int(t.off[k]) < i {
		k++
	}
	return k
}

// checkNormOffsetFrom compares NormOffsetFrom with the reference for every
// offset of s (and a few outside it) from several starting points: 0, the
// result for the previous offset (as a forward pass calls it), each offset
// of Norm up to a bound, and points past Norm.
func checkNormOffsetFrom(t *testing.T, s string) {
	t.Helper()
	x := New(s)
	check := func(i, from int) int {
		got, want := x.NormOffsetFrom(i, from), referenceNormOffsetFrom(x, i, from)
		if got != want {
			t.Fatalf("%.40q: NormOffsetFrom(%d, %d) = %d, want %d", s, i, from, got, want)
		}
		return got
	}
	prev := 0
	for i := -2; i <= len(s)+2; i++ {
		prev = check(i, prev)
		check(i, 0)
		check(i, len(x.Norm)+3)
		if len(s) <= 64 {
			for from := -1; from <= len(x.Norm)+1; from++ {
				check(i, from)
			}
		}
	}
}

func TestNormOffsetFromMatchesReference(t *testing.T) {
	for _, s := range foldTexts(t) {
		checkNormOffsetFrom(t, s)
	}
}

func FuzzNormOffsetFromMatchesReference(f *testing.F) {
	for _, s := range foldTexts(f)[:16] {
		f.Add(s, 3, 1)
	}
	f.Fuzz(func(t *testing.T, s string, i, from int) {
		x := New(s)
		if got, want := x.NormOffsetFrom(i, from), referenceNormOffsetFrom(x, i, from); got != want {
			t.Fatalf("%.40q: NormOffsetFrom(%d, %d) = %d, want %d", s, i, from, got, want)
		}
		if len(s) <= 256 { // the sweep is quadratic: fuzzing instruments every comparison
			checkNormOffsetFrom(t, s)
		}
	})
}

// referenceFolded is Folded as it was first written, with two binary
// searches.
func referenceFolded(t *Text, start, end int) string {
	ns := t.NormOffset(start)
	return t.Norm[ns:max(ns, t.NormOffset(end))]
}

// checkFolded compares Folded with the reference for every span of s when
// s is short, and for the spans of its words and their neighbours and a
// few long and reversed spans otherwise.
func checkFolded(t *testing.T, s string) {
	t.Helper()
	x := New(s)
	check := func(start, end int) {
		if got, want := x.Folded(start, end), referenceFolded(x, start, end); got != want {
			t.Fatalf("%.40q: Folded(%d, %d) = %q, want %q", s, start, end, got, want)
		}
	}
	if len(s) <= 48 {
		for start := -1; start <= len(s)+1; start++ {
			for end := -1; end <= len(s)+1; end++ {
				check(start, end)
			}
		}
		return
	}
	prev := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			check(prev, i)
			check(prev, i+1)
			check(max(prev-1, 0), i-1)
			check(i, prev)
			prev = i + 1
		}
	}
	check(0, len(s))
	check(len(s)/3, len(s)+5)
}

func TestFoldedMatchesReference(t *testing.T) {
	for _, s := range foldTexts(t) {
		checkFolded(t, s)
	}
}

func FuzzFoldedMatchesReference(f *testing.F) {
	for _, s := range foldTexts(f)[:16] {
		f.Add(s, 1, 5)
	}
	f.Fuzz(func(t *testing.T, s string, start, end int) {
		x := New(s)
		if got, want := x.Folded(start, end), referenceFolded(x, start, end); got != want {
			t.Fatalf("%.40q: Folded(%d, %d) = %q, want %q", s, start, end, got, want)
		}
		if len(s) <= 256 {
			checkFolded(t, s)
		}
	})
}

// referenceAppendFold is appendFold as it was first written, with a
// scratch array of the caller's for the rune and one of its own for the
// decomposition (the array escaped to the heap in every call of fold).
func referenceAppendFold(b []byte, r rune, scratch []byte) []byte {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	case r >= 0x0600 && r <= 0x06FF:
		if f, ok := foldArabic(r); ok {
			if f != 0 {
				b = utf8.AppendRune(b, f)
			}
			return b
		}
		return utf8.AppendRune(b, r)
	}
	switch r {
	case 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF, 0x2060, 0x00AD,
		0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069:
		return b // zero-width and bidi format characters
	}
	if unicode.Is(unicode.Mn, r) {
		return b
	}
	// Compatibility decomposition of one rune, marks dropped, lower case.
	scratch = utf8.AppendRune(scratch, r)
	if norm.NFKD.IsNormal(scratch) && !unicode.IsUpper(r) && !isSpaceVariant(r) {
		return utf8.AppendRune(b, r)
	}
	var dbuf [32]byte
	d := norm.NFKD.Append(dbuf[:0], scratch...)
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
	return b
}

// TestAppendFoldMatchesReference checks appendFold against
// referenceAppendFold for every rune, with a scratch reused from rune to
// rune as fold reuses it.
func TestAppendFoldMatchesReference(t *testing.T) {
	var scratch []byte
	var ref [utf8.UTFMax * 4]byte
	for r := rune(0); r <= unicode.MaxRune+1; r++ {
		var got []byte
		got, scratch = appendFold([]byte("x"), r, scratch)
		if want := referenceAppendFold([]byte("x"), r, ref[:0]); string(got) != string(want) {
			t.Fatalf("appendFold(%U) = %q, want %q", r, got, want)
		}
	}
}
