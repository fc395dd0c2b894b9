package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/processor/topics"
)

// withCapitalTokens returns docs with, for the English and French
// documents, a marked token ("zqcap" + the word in lower case) for each
// capitalised word of the story that does not open a sentence, put before
// the story: the experiment of --cv-caps, which tells whether name-like
// words deserve weights of their own before the featurizer reads case.
func withCapitalTokens(docs []topics.CorpusDoc, limit int) []topics.CorpusDoc {
	return rewriteLatin(docs, func(text string) string {
		var marks []string
		start := true
		for n, w := range strings.Fields(text) {
			if n >= limit {
				break
			}
			r, _ := utf8.DecodeRuneInString(w)
			word := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			if !start && unicode.IsUpper(r) && utf8.RuneCountInString(word) > 1 {
				marks = append(marks, "zqcap"+strings.ToLower(word))
			}
			last, _ := utf8.DecodeLastRuneInString(w)
			start = strings.ContainsRune(".!?:\"»”", last)
		}
		return withMarks(marks, text)
	})
}

// rewriteLatin returns a copy of docs whose English and French texts are
// replaced by rewrite's result: the common step of the text experiments
// below, which leave the Arabic corpora alone.
func rewriteLatin(docs []topics.CorpusDoc, rewrite func(text string) string) []topics.CorpusDoc {
	out := make([]topics.CorpusDoc, len(docs))
	for i, d := range docs {
		out[i] = d
		if d.Corpus == topics.CorpusMasakhaEng || d.Corpus == topics.CorpusMasakhaFra {
			out[i].Text = rewrite(d.Text)
		}
	}
	return out
}

// withMarks returns text with the marker tokens put before it, as a
// sentence of their own.
func withMarks(marks []string, text string) string {
	if len(marks) == 0 {
		return text
	}
	return strings.Join(marks, " ") + " . " + text
}

// withPlaceTokens returns docs with, for the English and French documents,
// a token "zqplace" before the story for each word of the story's first
// limit words that is the one-word name, capital or demonym of a country
// (names from the gazetteer file countries): the experiment of
// --cv-places, which tells whether a feature shared by all place names
// (an entity type) helps before the stage reads the gazetteer.
func withPlaceTokens(docs []topics.CorpusDoc, countries string, limit int) ([]topics.CorpusDoc, error) {
	b, err := os.ReadFile(countries)
	if err != nil {
		return nil, err
	}
	var cs []struct {
		En, Fr    string
		DemonymEn string `json:"demonym_en"`
		Capital   []string
	}
	if err := json.Unmarshal(b, &cs); err != nil {
		return nil, fmt.Errorf("%s: %w", countries, err)
	}
	places := map[string]bool{}
	for _, c := range cs {
		for _, n := range append([]string{c.En, c.Fr, c.DemonymEn}, c.Capital...) {
			if n = normalize.Fold(n); n != "" && !strings.ContainsAny(n, " -'") {
				places[n] = true
			}
		}
	}
	out := rewriteLatin(docs, func(text string) string {
		var marks []string
		for n, w := range strings.Fields(normalize.Fold(text)) {
			if n >= limit {
				break
			}
			if places[strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })] {
				marks = append(marks, "zqplace")
			}
		}
		return withMarks(marks, text)
	})
	n := 0
	for i := range out {
		n += strings.Count(out[i].Text, "zqplace")
	}
	fmt.Fprintf(os.Stderr, "topics: %d place tokens added\n", n)
	return out, nil
}

// withLeadTwice returns docs with the first lead words of each English and
// French story put before it once more, so that they count twice: the
// experiment of --cv-lead, which tells whether the opening paragraph
// deserves more weight than the rest of the story.
func withLeadTwice(docs []topics.CorpusDoc, lead int) []topics.CorpusDoc {
	return rewriteLatin(docs, func(text string) string {
		w := strings.Fields(text)
		return strings.Join(w[:min(lead, len(w))], " ") + " " + text
	})
}
