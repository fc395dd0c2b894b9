package ner

import (
	"context"
	"unicode"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

// Case classes of a Latin-script word, from how it is written inside
// sentences of running text: a word seldom capitalised there (a common
// word) is seldom a name when capitalised at the start of a sentence or
// in a title, and a word nearly always capitalised is nearly always one.
const (
	caseUnknown     byte = iota // too rare to tell
	caseLower                   // capitalised in under 5% of its uses
	caseMostlyLower             // under half
	caseMostlyUpper             // at least half
	caseUpper                   // at least 95%
)

// LearnCaseClasses counts how often each Latin-script word (in matching
// form) is capitalised inside sentences of the texts (files as for
// LearnClusters; the first word of a line and words after . ! ? : or a
// quote are not counted) and returns the case class of every word seen
// at least minCount times.
func LearnCaseClasses(ctx context.Context, files []string, minCount int) (map[string]uint8, error) {
	if minCount <= 0 {
		minCount = 3
	}
	type count struct{ all, upper int }
	counts := map[string]*count{}
	for _, path := range files {
		err := readTexts(path, func(text string) {
			toks := tokenize.Tokenize(text)
			initial := true
			for _, t := range toks {
				s := t.Text(text)
				if t.Kind != tokenize.Word {
					switch s {
					case ".", "!", "?", ":", "\"", "“", "”", "«", "»", "'", "‘", "’", "-", "–", "—", "(":
						initial = true
					}
					continue
				}
				r, _ := utf8.DecodeRuneInString(s)
				if !unicode.IsLetter(r) || isArabic(r) {
					initial = false
					continue
				}
				if initial || (t.Start > 0 && text[t.Start-1] == '\t') {
					initial = false
					continue
				}
				w := normalize.Fold(s)
				c := counts[w]
				if c == nil {
					c = &count{}
					counts[w] = c
				}
				c.all++
				if unicode.IsUpper(r) {
					c.upper++
				}
			}
		})
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	out := make(map[string]uint8)
	for w, c := range counts {
		if c.all < minCount {
			continue
		}
		f := float64(c.upper) / float64(c.all)
		switch {
		case f < 0.05:
			out[w] = caseLower
		case f < 0.5:
			out[w] = caseMostlyLower
		case f < 0.95:
			out[w] = caseMostlyUpper
		default:
			out[w] = caseUpper
		}
	}
	return out, nil
}
