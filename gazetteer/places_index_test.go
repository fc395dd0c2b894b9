package gazetteer

import (
	"bytes"
	"cmp"
	"slices"
	"sync"
	"testing"
)

// searchKey is how Places found an alias before its hash index: a binary
// search of the sorted alias lines. It returns the alias's number in
// p.keys, or -1.
func searchKey(p *Places, f string) int {
	k, found := slices.BinarySearchFunc(p.keys, f, func(off uint32, f string) int {
		alias, _, _ := bytes.Cut(p.lineAt(off)[2:], []byte{'\t'})
		return cmp.Compare(string(alias), f)
	})
	if !found {
		return -1
	}
	return k
}

var embeddedPlacesOnce = sync.OnceValues(LoadPlaces)

func loadedPlaces(tb testing.TB) *Places {
	tb.Helper()
	p, err := embeddedPlacesOnce()
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// TestIndexMatchesSearch checks the hash index against the binary search
// for every alias of the embedded index, for each alias cut short or
// lengthened, and for strings that are no alias.
func TestIndexMatchesSearch(t *testing.T) {
	for _, p := range []*Places{testPlaces(t), loadedPlaces(t)} {
		for k := range p.keys {
			alias, _ := p.aliasAt(k)
			a := string(alias)
			for _, f := range []string{a, a[:len(a)-1], a + "s", "و" + a, a + "\t", a + "\t1"} {
				if got, want := p.find(f), searchKey(p, f); got != want {
					t.Fatalf("find(%q) = %d, binary search %d", f, got, want)
				}
			}
		}
		for _, f := range []string{"", "\t", "\n", "A", "no such place", "halifax\t0\nA\treading"} {
			if got, want := p.find(f), searchKey(p, f); got != want {
				t.Errorf("find(%q) = %d, binary search %d", f, got, want)
			}
		}
	}
}

func FuzzIndexMatchesSearch(f *testing.F) {
	for _, s := range []string{"halifax", "reading", "بريستول", "", "a\tb", "paris"} {
		f.Add(s)
	}
	p := loadedPlaces(f)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := p.find(s), searchKey(p, s); got != want {
			t.Fatalf("find(%q) = %d, binary search %d", s, got, want)
		}
	})
}
