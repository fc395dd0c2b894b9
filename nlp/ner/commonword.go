package ner

import "github.com/newsenrich/newsenrich/nlp/normalize"

// CommonWord reports whether w, a Latin-script word, is a common word by
// the case classes of the Latin model: inside sentences of the texts they
// were learned from, it is capitalised in under half of its uses. Written
// with a capital at the start of a sentence ("Imaginez", "Thanks"), such
// a word is seldom a name. It is false when the model has no case classes
// or never saw the word.
func (t *Tagger) CommonWord(w string) bool {
	if t == nil || t.latin == nil || t.latin.caseClass == nil {
		return false
	}
	c := t.latin.caseClass[normalize.Fold(w)]
	return c == caseLower || c == caseMostlyLower
}
