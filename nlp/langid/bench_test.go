package langid

import (
	"testing"

	"github.com/newsenrich/newsenrich/corpus/corpustest"
)

// antArticles returns up to n ANT v2.1 articles of 3–6 KB (title, text),
// or skips without the corpora.
func antArticles(b *testing.B, n int) [][2]string {
	b.Helper()
	var arts [][2]string
	for _, d := range corpustest.ANTArticles(b, n) {
		arts = append(arts, [2]string{d.Title, d.Text})
	}
	return arts
}

// BenchmarkDetectANT identifies 500 real 3–6 KB articles in turn, title
// then text, as the language stage does.
func BenchmarkDetectANT(b *testing.B) {
	m := loadModel(b)
	arts := antArticles(b, 500)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a := arts[i%len(arts)]
		m.DetectTitled(a[0], a[1], "")
		i++
	}
}
