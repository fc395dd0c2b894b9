package language

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/processor"
)

// BenchmarkStage identifies the language of each sample article of the
// repository (testdata/articles: the Arabic sample page, English and
// French articles), one article per op.
func BenchmarkStage(b *testing.B) {
	s, err := New()
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	var size int
	for _, name := range []string{"sample_article_ar.txt", "en_harbour_fire.txt", "fr_greve.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "articles", name))
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(data))
		size += len(data)
	}
	b.SetBytes(int64(size / len(texts)))
	b.ReportAllocs()
	ctx := context.Background()
	i := 0
	for b.Loop() {
		doc := processor.NewDocument(article.Article{Text: texts[i%len(texts)]}, time.Time{})
		if err := s.Process(ctx, doc); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "articles/s")
}
