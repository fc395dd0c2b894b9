package samples

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/article"
)

// TestSamplesDecode checks every bundled sample is a valid article and
// identical to its copy in testdata/articles.
func TestSamplesDecode(t *testing.T) {
	names, err := fs.Glob(FS(), "*")
	if err != nil || len(names) < 5 {
		t.Fatalf("samples: %v %v", names, err)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			data, err := fs.ReadFile(FS(), name)
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.Valid(data) {
				t.Fatal("not UTF-8")
			}
			if _, err := (article.Decoder{MaxBytes: 4 << 20}).Decode(data); err != nil {
				t.Fatalf("does not decode: %v", err)
			}
			copyData, err := os.ReadFile(filepath.Join("..", "testdata", "articles", name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data, copyData) {
				t.Fatalf("differs from testdata/articles/%s", name)
			}
		})
	}
}
