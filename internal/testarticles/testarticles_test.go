package testarticles

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"b.txt":  "plain text",
		"a.json": `{"title":"Title","text":"Body"}`,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	got := Read(t, dir)
	want := []Article{{"a.json", "Title\nBody"}, {"b.txt", "plain text"}}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("article %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}
