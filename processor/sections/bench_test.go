package sections

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/corpus"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/processor/text"
)

// BenchmarkStageANT runs the stage on 500 real 3–6 KB articles in turn
// (ANT v2.1; skipped without the corpora), each prepared by the text stage
// as in the pipeline.
func BenchmarkStageANT(b *testing.B) {
	dir, ok := corpus.Dir()
	if !ok {
		b.Skip("corpora absent")
	}
	ctx := context.Background()
	ts := text.New()
	var docs []*processor.Document
	err := corpus.ReadANT(filepath.Join(dir, corpus.ANTv21), func(d corpus.ANTDoc) error {
		if len(d.Text) < 3000 || len(d.Text) > 6000 {
			return nil
		}
		doc := processor.NewDocument(article.Article{Title: d.Title, Text: d.Text}, time.Time{})
		if err := ts.Process(ctx, doc); err != nil {
			return err
		}
		docs = append(docs, doc)
		if len(docs) >= 500 {
			return corpus.ErrStop
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
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
