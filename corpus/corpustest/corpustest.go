// Package corpustest locates the licensed corpora for tests: it skips
// the test when they are absent, as every test that needs them must (the
// corpora are never committed; CI may run without them).
package corpustest

import (
	"path/filepath"
	"testing"

	"github.com/newsenrich/newsenrich/corpus"
)

// Dir returns the corpora folder (see corpus.Dir) or skips the test or
// benchmark when it is absent.
func Dir(tb testing.TB) string {
	tb.Helper()
	d, ok := corpus.Dir()
	if !ok {
		tb.Skipf("corpora not found (set %s or put shared/data beside the repository)", corpus.EnvDir)
	}
	return d
}

// Benchmark articles are ANT v2.1 articles of this many bytes of text
// (3–6 KB), the size the performance targets are stated for.
const (
	MinBenchBytes = 3000
	MaxBenchBytes = 6000
)

// ANTArticles returns the first n ANT v2.1 articles of 3–6 KB of text,
// in file order, or skips the test or benchmark without the corpora.
func ANTArticles(tb testing.TB, n int) []corpus.ANTDoc {
	tb.Helper()
	docs, err := corpus.ReadANTSized(filepath.Join(Dir(tb), corpus.ANTv21), MinBenchBytes, MaxBenchBytes, n)
	if err != nil {
		tb.Fatal(err)
	}
	return docs
}
