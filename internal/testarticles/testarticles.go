// Package testarticles reads the articles the project's tests share
// (testdata/articles at the repository root) as the text a stage sees.
package testarticles

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Article is one test article: its file name and its text.
type Article struct {
	Name string // file name, without the folder
	Text string
}

// Read returns the articles of dir in file-name order. A .json file is an
// input article: its title and text joined by a line break; any other file
// is plain text. Folders are skipped; errors fail t.
func Read(t testing.TB, dir string) []Article {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out []Article
	for _, path := range files {
		if st, err := os.Stat(path); err != nil || st.IsDir() {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if strings.HasSuffix(path, ".json") {
			var a struct{ Title, Text string }
			if err := json.Unmarshal(b, &a); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			text = a.Title + "\n" + a.Text
		}
		out = append(out, Article{Name: filepath.Base(path), Text: text})
	}
	return out
}
