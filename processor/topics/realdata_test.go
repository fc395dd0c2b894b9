package topics

import (
	"path/filepath"
	"testing"

	"github.com/newsenrich/newsenrich/corpus"
	"github.com/newsenrich/newsenrich/nlp/normalize"

	"github.com/newsenrich/newsenrich/corpus/corpustest"
)

// realInputs returns up to n inputs in matching form from the first
// 3–6 KB articles of ANT v2.1 (as BenchmarkStages in cmd/newsenrich reads
// them) followed by up to n MasakhaNEWS English and French documents, or
// skips when the corpora are absent.
func realInputs(tb testing.TB, n int) []Input {
	tb.Helper()
	dir := corpustest.Dir(tb)
	var ins []Input
	for _, d := range corpustest.ANTArticles(tb, n) {
		ins = append(ins, Input{Title: normalize.Fold(d.Title), Story: []string{normalize.Fold(d.Text)}, Folded: true})
	}
	for _, name := range []string{"masakhanews_eng_dev.tsv", "masakhanews_fra_dev.tsv"} {
		docs, err := corpus.ReadMasakha(filepath.Join(dir, "topics", name))
		if err != nil {
			tb.Fatal(err)
		}
		for i, d := range docs {
			if i >= n/2 {
				break
			}
			ins = append(ins, Input{Title: d.Headline, Story: []string{d.Text}})
		}
	}
	return ins
}

// BenchmarkRealArticles classifies real articles in turn (the Arabic
// ones are the 3–6 KB ANT articles of the pipeline benchmark), so that
// the weight rows they read are as scattered as in the service.
func BenchmarkRealArticles(b *testing.B) {
	m, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	ins := realInputs(b, 500)
	for _, lang := range []string{"ar", "latin"} {
		var sel []Input
		for _, in := range ins {
			if in.Folded == (lang == "ar") {
				sel = append(sel, in)
			}
		}
		b.Run(lang, func(b *testing.B) {
			b.ReportAllocs()
			var probs [NumClasses]float64
			i := 0
			for b.Loop() {
				m.Probabilities(sel[i%len(sel)], &probs)
				i++
			}
		})
	}
}
