package ner

import "github.com/newsenrich/newsenrich/nlp/conll"

// Evaluate tags the words of every sentence with m (and lex, when the
// model uses a lexicon) and scores the entity spans against the
// sentences' gold tags.
func Evaluate(m *Model, lex Lexicon, sents []conll.Sentence) *conll.Scorer {
	sc := &conll.Scorer{}
	var s scratch
	var pred []int
	tags := make([]string, 0, 64)
	for _, x := range sents {
		var gaz []string
		if m.lexicon {
			gaz = wordsLexTags(lex, x.Tokens)
		}
		pred = m.labels(&s, x.Tokens, gaz, pred)
		tags = tags[:0]
		for _, l := range pred {
			tags = append(tags, labelNames[l])
		}
		sc.Add(conll.Spans(x.Tags), conll.Spans(tags))
	}
	return sc
}
