package text

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/corpus"
	"github.com/newsenrich/newsenrich/processor"
)

// BenchmarkStageANT runs the stage on 500 real 3–6 KB articles in turn
// (ANT v2.1; skipped without the corpora).
func BenchmarkStageANT(b *testing.B) {
	dir, ok := corpus.Dir()
	if !ok {
		b.Skip("corpora absent")
	}
	var arts []article.Article
	err := corpus.ReadANT(filepath.Join(dir, corpus.ANTv21), func(d corpus.ANTDoc) error {
		if len(d.Text) >= 3000 && len(d.Text) <= 6000 {
			arts = append(arts, article.Article{Title: d.Title, Text: d.Text})
		}
		if len(arts) >= 500 {
			return corpus.ErrStop
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
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
