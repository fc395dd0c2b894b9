// Package corpustest locates the licensed corpora for tests: it skips
// the test when they are absent, as every test that needs them must (the
// corpora are never committed; CI may run without them).
package corpustest

import (
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
