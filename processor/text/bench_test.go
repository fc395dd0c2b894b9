package text

import (
	"context"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/processor"

	"github.com/newsenrich/newsenrich/corpus/corpustest"
)

// BenchmarkStageANT runs the stage on 500 real 3–6 KB articles in turn
// (ANT v2.1; skipped without the corpora).
func BenchmarkStageANT(b *testing.B) {
	var arts []article.Article
	for _, d := range corpustest.ANTArticles(b, 500) {
		arts = append(arts, article.Article{Title: d.Title, Text: d.Text})
	}
	st := New()
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		doc := processor.NewDocument(arts[i%len(arts)], time.Time{})
		if err := st.Process(ctx, doc); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
