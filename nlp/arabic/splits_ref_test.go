package arabic

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// referenceSplits is Splits as first written, without the early exit:
// the reference the faster code must agree with.
func referenceSplits(w string, minStem int) []int {
	out := []int{0}
	n := utf8.RuneCountInString(w)
	add := func(out []int, prefix int) []int {
		if prefix > len(w) || n-prefix/2 < minStem || slices.Contains(out, prefix) {
			return out
		}
		return append(out, prefix)
	}
	i := 0
	if hasPrefix(w, i, "و") || hasPrefix(w, i, "ف") {
		i += 2
		out = add(out, i)
	}
	j := i
	switch {
	case hasPrefix(w, j, "لل"):
		out = add(out, j+2)
		out = add(out, j+4)
		slices.Sort(out)
		return out
	case hasPrefix(w, j, "ب") || hasPrefix(w, j, "ك") || hasPrefix(w, j, "ل"):
		j += 2
		out = add(out, j)
	}
	for _, k := range [2]int{i, j} {
		if hasPrefix(w, k, "ال") {
			out = add(out, k+4)
		}
	}
	slices.Sort(out)
	return out
}

func referenceIsProcliticPrefix(p string) bool {
	return p != "" && slices.Contains(referenceSplits(p+"xx", 0), len(p))
}

// Every word of up to five letters over the proclitic letters and a few
// others splits as the reference says.
func TestSplitsMatchReference(t *testing.T) {
	letters := []string{"و", "ف", "ب", "ك", "ل", "ا", "م", "ي", "x", "ـ"}
	var words []string
	var gen func(w string, k int)
	gen = func(w string, k int) {
		words = append(words, w)
		if k == 0 {
			return
		}
		for _, l := range letters {
			gen(w+l, k-1)
		}
	}
	gen("", 5)
	var buf [MaxSplits]int
	for _, w := range words {
		for minStem := 0; minStem <= 3; minStem++ {
			want := referenceSplits(w, minStem)
			if got := Splits(w, minStem); !slices.Equal(got, want) {
				t.Fatalf("Splits(%q, %d) = %v, want %v", w, minStem, got, want)
			}
			if got := AppendSplits(buf[:0], w, minStem); !slices.Equal(got, want) {
				t.Fatalf("AppendSplits(%q, %d) = %v, want %v", w, minStem, got, want)
			}
		}
		if got, want := IsProcliticPrefix(w), referenceIsProcliticPrefix(w); got != want {
			t.Fatalf("IsProcliticPrefix(%q) = %v, want %v", w, got, want)
		}
	}
}

// referenceStem is Stem as first written, counting every stem's runes.
func referenceStem(w string) (string, int) {
	best := 0
	for _, p := range referenceSplits(w, 2) {
		if Unsplittable(w[p:]) {
			return w[p:], p
		}
		n := utf8.RuneCountInString(w[p:])
		switch pre := w[:p]; {
		case p == 0:
		case pre == "و" || pre == "ف":
			if n >= 3 {
				best = p
			}
		case hasArticle(pre):
			best = p
		}
	}
	return w[best:], best
}

// Every word of up to six letters over the proclitic letters and a few
// others (with a frequent word after them) stems as the reference says.
func TestStemMatchesReference(t *testing.T) {
	letters := []string{"و", "ف", "ب", "ك", "ل", "ا", "م", "ي", "x", "ـ", "\xd8"}
	var gen func(w string, k int)
	gen = func(w string, k int) {
		for _, x := range []string{w, w + "وزير", w + "في"} {
			stem, p := Stem(x)
			if ws, wp := referenceStem(x); stem != ws || p != wp {
				t.Fatalf("Stem(%q) = %q, %d; want %q, %d", x, stem, p, ws, wp)
			}
		}
		if k == 0 {
			return
		}
		for _, l := range letters {
			gen(w+l, k-1)
		}
	}
	gen("", 5)
}

func FuzzStemMatchesReference(f *testing.F) {
	for _, w := range benchWords {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		stem, p := Stem(w)
		if ws, wp := referenceStem(w); stem != ws || p != wp {
			t.Fatalf("Stem(%q) = %q, %d; want %q, %d", w, stem, p, ws, wp)
		}
	})
}

func FuzzHasRunes(f *testing.F) {
	for _, s := range []string{"", "a", "بوتين", "\xd8", "\xd8\xa7\xff", "\xc0\x80", "€x", "\U0001F600"} {
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		if got, want := hasRunes(s, n), utf8.RuneCountInString(s) >= n; got != want {
			t.Fatalf("hasRunes(%q, %d) = %v, want %v", s, n, got, want)
		}
	})
}
