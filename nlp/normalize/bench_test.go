package normalize

import (
	"os"
	"testing"
)

func BenchmarkNew(b *testing.B) {
	data, err := os.ReadFile("../../../shared/fixtures/sample_article_ar.txt")
	if err != nil {
		b.Skip(err)
	}
	s := string(data)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		New(s)
	}
}
