package ner

import "github.com/newsenrich/newsenrich/nlp/conll"

// Evaluate tags the words of every sentence with m (and lex, when the
// model uses a lexicon) and scores the entity spans against the
// sentences' gold tags. The sentences are taken as consecutive sentences
// of documents, as in the corpora: a model with document memory sees
// what its first pass found in the sentences around, and one with
// surface features how each word is written there (see
// Model.TagDocument).
func Evaluate(m *Model, lex Lexicon, sents []conll.Sentence) *conll.Scorer {
	if !m.docs && m.surface == 0 {
		return EvaluateSentences(m, lex, sents)
	}
	sc := &conll.Scorer{}
	words := make([][]string, len(sents))
	for i, x := range sents {
		words[i] = x.Tokens
	}
	preds := m.TagDocument(words, lex, m.docWindow)
	tags := make([]string, 0, 64)
	for i, x := range sents {
		tags = tags[:0]
		for _, l := range preds[i] {
			tags = append(tags, labelNames[l])
		}
		sc.Add(conll.Spans(x.Tags), conll.Spans(tags))
	}
	return sc
}

// EvaluateSentences is Evaluate with every sentence tagged on its own,
// without document memory or other sentences' surface (by the first-pass
// model, as Tagger.TagWords tags).
func EvaluateSentences(m *Model, lex Lexicon, sents []conll.Sentence) *conll.Scorer {
	m = m.firstPass()
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
