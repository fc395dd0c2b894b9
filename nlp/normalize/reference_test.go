package normalize

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

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
		buf = appendFold(buf, r, scratch[:0])
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
		got, gotOff, gotRunes := fold(s, withMap)
		want, wantOff, wantRunes := referenceFold(s, withMap)
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

func FuzzFoldMatchesReference(f *testing.F) {
	for _, s := range foldTexts(f)[:16] {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkFold(t, s)
	})
}
