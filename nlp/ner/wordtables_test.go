package ner

import (
	"maps"
	"testing"

	"github.com/newsenrich/newsenrich/corpus"
	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

// analyseWordMaps is analyseWord from the model's maps (classesFromMaps),
// the definition the merged tables must match.
func analyseWordMaps(m *Model, w, fold string) token {
	plain := *m
	plain.tables = nil
	return plain.analyseWord(w, fold)
}

// checkTables checks that each model analyses word w from its merged
// tables as from its maps.
func checkTables(t *testing.T, models []*Model, w string) {
	t.Helper()
	fold := normalize.Fold(w)
	for _, m := range models {
		if got, want := m.analyseWord(w, fold), analyseWordMaps(m, w, fold); got != want {
			t.Fatalf("%s %q: from the tables %+v, from the maps %+v", m.Name, w, got, want)
		}
	}
}

// tableTestWords returns words to analyse: cacheTestWords, every word of
// the models' tables as it is and behind Arabic proclitics, and the words
// of ANT articles when the corpora are present.
func tableTestWords(t *testing.T, models []*Model) []string {
	words := append([]string(nil), cacheTestWords...)
	seen := map[string]bool{}
	add := func(keys func(yield func(string) bool)) {
		for k := range keys {
			if !seen[k] {
				seen[k] = true
				words = append(words, k)
			}
		}
	}
	for _, m := range models {
		add(maps.Keys(m.triggers))
		add(maps.Keys(m.clusters))
		add(maps.Keys(m.names))
		add(maps.Keys(m.caseClass))
		add(maps.Keys(m.memory))
		add(maps.Keys(m.wordLex))
	}
	// The keys behind proclitics and before a pronoun suffix, the forms
	// whose stems and bare forms the tables give: all behind the article,
	// one key in seven behind the others.
	clitics := []string{"و", "ب", "ك", "ف", "بال", "لل", "فال", "وب", "ول"}
	n := len(words)
	for i, k := range words[:n] {
		words = append(words, "ال"+k, "وال"+k)
		if i%7 == 0 {
			for _, c := range clitics {
				words = append(words, c+k, c+k+"ها")
			}
		}
	}
	if _, ok := corpus.Dir(); ok {
		for _, text := range antArticles(t, 300) {
			for _, tk := range tokenize.Tokenize(text) {
				words = append(words, text[tk.Start:tk.End])
			}
		}
	}
	return words
}

// TestTablesMatchMaps checks that analyseWord finds in a model's merged
// tables what its maps give (classesFromMaps, the definition), for the
// embedded models and many words.
func TestTablesMatchMaps(t *testing.T) {
	tg := loadTagger(t)
	ar, latin := tg.Models()
	models := []*Model{ar.firstPass(), ar, latin}
	for _, m := range models {
		if m.tables == nil {
			t.Fatalf("%s: no merged tables", m.Name)
		}
	}
	words := tableTestWords(t, models)
	for _, w := range words {
		checkTables(t, models, w)
	}
	t.Logf("%d words", len(words))
}

func FuzzTablesMatchMaps(f *testing.F) {
	for _, w := range cacheTestWords {
		f.Add(w)
	}
	tg := loadTagger(f)
	ar, latin := tg.Models()
	models := []*Model{ar.firstPass(), ar, latin}
	f.Fuzz(func(t *testing.T, w string) {
		checkTables(t, models, w)
	})
}
