package langid

import (
	"path/filepath"
	"testing"

	"github.com/newsenrich/newsenrich/corpus"
)

// antArticles returns up to n ANT v2.1 articles of 3–6 KB (title, text),
// or skips without the corpora.
func antArticles(b *testing.B, n int) [][2]string {
	b.Helper()
	dir, ok := corpus.Dir()
	if !ok {
		b.Skip("corpora absent")
	}
	var arts [][2]string
	err := corpus.ReadANT(filepath.Join(dir, corpus.ANTv21), func(d corpus.ANTDoc) error {
		if len(d.Text) >= 3000 && len(d.Text) <= 6000 {
			arts = append(arts, [2]string{d.Title, d.Text})
		}
		if len(arts) >= n {
			return corpus.ErrStop
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
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
