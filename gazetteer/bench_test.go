package gazetteer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/corpus"
	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// sampleArticle returns the shared sample article (about 6 KB), or a
// synthetic news text of the same size when the fixtures are absent.
func sampleArticle(tb testing.TB) string {
	dir, _ := corpus.Dir()
	if b, err := os.ReadFile(filepath.Join(dir, "..", "fixtures", "sample_article_ar.txt")); err == nil {
		return string(b)
	}
	s := "وقال الرئيس الروسي فلاديمير بوتين في موسكو إن روسيا وكوريا الشمالية ستواصلان المحادثات، بحسب وكالة فرانس برس. "
	return strings.Repeat(s, 6000/len(s)+1)
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFind(b *testing.B) {
	g := loadT(b)
	text := sampleArticle(b)
	t := normalize.New(text)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		g.Find(t)
	}
}

func BenchmarkLookup(b *testing.B) {
	g := loadT(b)
	b.ReportAllocs()
	for b.Loop() {
		g.Lookup("وبريطانيا")
		g.Lookup("فلاديمير بوتين")
	}
}

func FuzzFind(f *testing.F) {
	g, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"لبيونغ يانغ", "وبريطانيا", "الشمالية مالي", "للولايات المتحدة", "UN US nice", "کوریا الشمالیة", "\xff\xfeروسيا", "ـــ", "كوريا \n\n الشمالية", "صحيفة  الراي", "نادي\tبرشلونة  ", "الولايات \r\nالمتحدة"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		txt := normalize.New(s)
		last := 0
		for _, m := range g.Find(txt) {
			if m.Start < last || m.End <= m.Start || m.End > len(s) {
				t.Fatalf("bad span %d-%d (previous end %d, len %d)", m.Start, m.End, last, len(s))
			}
			if utf8.ValidString(s) && !utf8.ValidString(s[m.Start:m.End]) {
				t.Fatalf("span %d-%d not on rune boundaries", m.Start, m.End)
			}
			if m.Entity == nil || m.Alias == "" {
				t.Fatalf("match without entity or alias: %+v", m)
			}
			if utf8.ValidString(s) {
				got := strings.Join(strings.Fields(normalize.Fold(s[m.Start:m.End])), " ")
				if got != m.Alias && "ا"+got != m.Alias {
					t.Fatalf("span %q folds to %q, alias %q", s[m.Start:m.End], got, m.Alias)
				}
			}
			last = m.End
		}
		g.Lookup(s)
	})
}
