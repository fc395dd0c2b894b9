package normalize

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"persian letters", "کوریا الشمالیة", "كوريا الشماليه"},
		{"arabic spelling", "كوريا الشمالية", "كوريا الشماليه"},
		{"alef and tashkeel", "أعلنَ إسرائيل آمال ٱلله", "اعلن اسراييل امال الله"},
		{"tatweel", "الــرئيس", "الرييس"},
		{"alef maqsura", "مصطفى", "مصطفي"},
		{"digits", "٢٠٢٣ و۱۴۰۲", "2023 و1402"},
		{"latin", "Élysée PARIS", "elysee paris"},
		{"presentation forms", "ﻻ", "لا"},
		{"zero width", "a\u200cb", "ab"},
		{"nbsp", "a\u00a0b", "a b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := New(tt.in).Norm; got != tt.want {
				t.Errorf("New(%q).Norm = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestOrigSpan(t *testing.T) {
	in := "قالت الــمتحدّثة «\u06a9وریا» أنّ"
	tx := New(in)
	tests := []struct{ sub, orig string }{
		{"المتحدثه", "الــمتحدّثة"},
		{"كوريا", "\u06a9وریا"},
		{"قالت", "قالت"},
		{"ان", "أنّ"},
	}
	for _, tt := range tests {
		i := indexOf(tx.Norm, tt.sub)
		if i < 0 {
			t.Fatalf("%q not in %q", tt.sub, tx.Norm)
		}
		s, e := tx.OrigSpan(i, i+len(tt.sub))
		if got := in[s:e]; got != tt.orig {
			t.Errorf("OrigSpan(%q) = %q, want %q", tt.sub, got, tt.orig)
		}
	}
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func FuzzNew(f *testing.F) {
	f.Add("کوریا الشمالیة")
	f.Add("Élysée ﻻ \u200c ٢٠٢٣")
	f.Add("أنّ الــرئيس\xd8a\xff ك\u0301")
	f.Fuzz(func(t *testing.T, s string) {
		tx := New(s)
		if len(tx.off) != len(tx.Norm)+1 {
			t.Fatalf("map length %d for %d bytes", len(tx.off), len(tx.Norm))
		}
		for i := 0; i <= len(tx.Norm); i++ {
			a, b := tx.OrigSpan(0, i)
			if a < 0 || b > len(s) || a > b {
				t.Fatalf("span out of range: %d %d of %d", a, b, len(s))
			}
		}
		if Fold(s) != tx.Norm {
			t.Fatalf("Fold and New disagree on %q", s)
		}
		if n := utf8.RuneCountInString(s); tx.RuneCount() != n {
			t.Fatalf("RuneCount %d, want %d", tx.RuneCount(), n)
		}
		// The matching form of a span between rune boundaries is the
		// substring of Norm that Folded returns.
		var bounds []int
		for i := range s {
			bounds = append(bounds, i)
		}
		bounds = append(bounds, len(s))
		if len(bounds) > 80 {
			bounds = bounds[:80]
		}
		for x, a := range bounds {
			for _, b := range bounds[x:] {
				if got, want := tx.Folded(a, b), Fold(s[a:b]); got != want {
					t.Fatalf("Folded(%d, %d) = %q, Fold(%q) = %q", a, b, got, s[a:b], want)
				}
			}
		}
		// Every word of the matching form maps back to a span of the
		// original whose matching form holds it.
		for _, w := range wordSpans(tx.Norm) {
			a, b := tx.OrigSpan(w[0], w[1])
			if a < 0 || b > len(s) || a > b {
				t.Fatalf("span out of range: %d %d of %d", a, b, len(s))
			}
			if !strings.Contains(Fold(s[a:b]), tx.Norm[w[0]:w[1]]) {
				t.Fatalf("%q maps to %q in %q", tx.Norm[w[0]:w[1]], s[a:b], s)
			}
		}
	})
}

// wordSpans returns the byte spans of the runs of non-space runes of s.
func wordSpans(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, [2]int{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

func TestPersianTagsMatchArabic(t *testing.T) {
	for _, pair := range [][2]string{
		{"کوریا الشمالیة", "كوريا الشمالية"},
		{"پاکستان", "پاكستان"},
		{"۲۰۲۳", "2023"},
		{"ٹیلیویژن", "تيليويژن"},
	} {
		if Fold(pair[0]) != Fold(pair[1]) {
			t.Errorf("Fold(%q) = %q, Fold(%q) = %q", pair[0], Fold(pair[0]), pair[1], Fold(pair[1]))
		}
	}
}
