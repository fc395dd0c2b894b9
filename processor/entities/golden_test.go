package entities

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsenrich/newsenrich/internal/testarticles"
	"github.com/newsenrich/newsenrich/nlp/langid"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/golden_entities.json from the current code")

// TestEntitiesGolden runs the stage over the project's test articles, each
// in the language nlp/langid finds, twice each (the second time with the caches of the first), and checks
// the entities against testdata/golden_entities.json: a guard for
// performance work, which must not change the output. Regenerate with
// -update-golden only when the output changes on purpose.
func TestEntitiesGolden(t *testing.T) {
	s := stage(t, true, true)
	lid, err := langid.Load()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for _, a := range testarticles.Read(t, filepath.Join("..", "..", "testdata", "articles")) {
		text := a.Text
		lang := lid.Detect(text).Code // as the language stage finds it
		first := runLang(t, s, text, lang).Record.Entities
		again := runLang(t, s, text, lang).Record.Entities
		fj, _ := json.Marshal(first)
		aj, _ := json.Marshal(again)
		if string(fj) != string(aj) {
			t.Errorf("%s: a second run gives other entities", a.Name)
		}
		got[a.Name] = first
	}
	gj, err := json.MarshalIndent(got, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	const file = "testdata/golden_entities.json"
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, gj, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(gj) != string(want) {
		t.Errorf("entities differ from %s; got:\n%s", file, gj)
	}
}
