package gazetteer

import (
	"strings"
	"testing"
	"unicode"

	"github.com/newsenrich/newsenrich/nlp/arabic"
)

func TestLetterOrDigit(t *testing.T) {
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		if got, want := letterOrDigit(r), unicode.IsLetter(r) || unicode.IsDigit(r); got != want {
			t.Fatalf("letterOrDigit(%U) = %v, want %v", r, got, want)
		}
	}
}

// lookupStrippedReference is lookupStripped as it was before its fast
// path for spans that need no trim.
func lookupStrippedReference(f string, exact func(string) []*Entity) ([]*Entity, int) {
	t := strings.TrimFunc(f, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if t == "" {
		return nil, 0
	}
	lead := strings.Index(f, t)
	if es := exact(t); es != nil {
		return es, lead
	}
	first, _, _ := strings.Cut(t, " ")
	var splits [arabic.MaxSplits]int
	for _, p := range arabic.AppendSplits(splits[:0], first, 2)[1:] {
		stem := t[p:]
		if es := exact(stem); es != nil {
			return es, lead + p
		}
		if strings.HasSuffix(t[:p], "ل") && strings.HasPrefix(stem, "ل") {
			if es := exact("ا" + stem); es != nil {
				return es, lead + p
			}
		}
	}
	return nil, 0
}

// FuzzLookupStripped checks lookupStripped against
// lookupStrippedReference on the loaded gazetteer's aliases.
func FuzzLookupStripped(f *testing.F) {
	g, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"", " ", "وبريطانيا", "«روسيا»", "(بوتين)", "للولايات المتحدة", "\xffروسيا", "روسيا\xff", "UN.", "،فرنسا", "ـروسيا", "٣روسيا"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		es, p := lookupStripped(s, g.lookupExact)
		wes, wp := lookupStrippedReference(s, g.lookupExact)
		if p != wp || len(es) != len(wes) || len(es) > 0 && es[0] != wes[0] {
			t.Fatalf("lookupStripped(%q) = %v, %d; want %v, %d", s, es, p, wes, wp)
		}
	})
}
