package sections

import (
	"context"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/processor/text"

	"github.com/newsenrich/newsenrich/corpus/corpustest"
)

// BenchmarkStageANT runs the stage on 500 real 3–6 KB articles in turn
// (ANT v2.1; skipped without the corpora), each prepared by the text stage
// as in the pipeline.
func BenchmarkStageANT(b *testing.B) {
	ctx := context.Background()
	ts := text.New()
	var docs []*processor.Document
	for _, d := range corpustest.ANTArticles(b, 500) {
		doc := processor.NewDocument(article.Article{Title: d.Title, Text: d.Text}, time.Time{})
		if err := ts.Process(ctx, doc); err != nil {
			b.Fatal(err)
		}
		docs = append(docs, doc)
	}
	st := New()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		doc := docs[i%len(docs)]
		doc.Record.Title = ""
		if err := st.Process(ctx, doc); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
