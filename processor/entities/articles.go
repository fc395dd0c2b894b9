package entities

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/processor"
)

// trimFunctionWords corrects the Latin tagger's spans that start with a
// function word, mostly French sentences whose capitalised first word the
// tagger, trained on English, takes into the name: "La Russie" (tagged as
// a person), "Au Soudan", "Le" alone. It returns false when the span has
// nothing but function words (drop it). Otherwise it moves m.start past
// the leading function words that are written in lower case, or that
// start a sentence, unless the gazetteer knows the span as it is ("Le
// Monde", "La Haye"); an English "the" goes only before a name the
// gazetteer knows ("The Kremlin" → Kremlin, but "The Guardian" stays). An
// elided article goes the same way (L'Égypte), and a single common word
// capitalised at a sentence start ("Imagine", "Mais") is dropped.
func (s *Stage) trimFunctionWords(doc *processor.Document, m *mention) bool {
	text := doc.Text
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(text[m.start:m.end], "'’"))
	if r >= 0x250 || !unicode.IsLetter(r) {
		return true // not Latin script
	}
	start := m.start
	if n := elision(text[start:m.end]); n > 0 && !s.known(text[m.start:m.end]) &&
		(lowerLatin(text[start:m.end]) || sentenceStart(doc, start)) {
		// L'Égypte, d'État: the elided article is no part of the name.
		start += n
	}
	for {
		w, next := firstWord(text, start, m.end)
		fw := functionWord(w)
		if fw == notFunction {
			break
		}
		if next >= m.end {
			return false // nothing but function words
		}
		if s.known(text[m.start:m.end]) {
			return true
		}
		lower := w[0] >= 'a' && w[0] <= 'z'
		switch {
		case fw == clitic:
			// 's, n't: never the start of a name.
		case fw == english && !s.known(text[next:m.end]):
			return true
		case !lower && !sentenceStart(doc, start):
			return true
		}
		start = next
	}
	if start == m.start {
		// A common word alone, capitalised because it starts a
		// sentence ("Imagine", "Mais"), is no name.
		if next := strings.IndexByte(text[start:m.end], ' '); next < 0 && s.tagger.CommonWord(text[start:m.end]) && sentenceStart(doc, start) {
			return false
		}
		return true
	}
	// What is left must look like a name: "le centre" is none.
	if r, _ := utf8.DecodeRuneInString(text[start:m.end]); unicode.IsLower(r) {
		return false
	}
	m.start = start
	return true
}

// elision returns the byte length of the elided French article or
// preposition that starts s (l', d', L', D', with ' or ’) before a
// capital letter, 0 if there is none.
func elision(s string) int {
	if len(s) < 3 || (s[0]|0x20) != 'l' && (s[0]|0x20) != 'd' {
		return 0
	}
	for _, q := range [...]string{"'", "’"} {
		if rest, ok := strings.CutPrefix(s[1:], q); ok {
			if r, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(r) {
				return 1 + len(q)
			}
		}
	}
	return 0
}

// known reports whether the gazetteer has the name s.
func (s *Stage) known(name string) bool {
	return s.gaz != nil && len(s.gaz.Lookup(name)) > 0
}

// firstWord returns the word of text starting at i (up to a space or end)
// and the offset of the word after it (end when none).
func firstWord(text string, i, end int) (string, int) {
	j := i
	for j < end && text[j] != ' ' {
		j++
	}
	w := text[i:j]
	for j < end && text[j] == ' ' {
		j++
	}
	return w, j
}

// The kinds of function words trimFunctionWords knows.
const (
	notFunction = iota
	french
	english
	clitic
)

// functionWord returns the kind of function word w is: French articles,
// contracted prepositions and words that start sentences, English articles, English clitics ('s,
// n't); words in capitals are acronyms, not function words.
func functionWord(w string) int {
	if len(w) > 1 && strings.ToUpper(w) == w {
		return notFunction // an acronym: LA, AN
	}
	switch strings.ToLower(w) {
	case "'s", "’s", "'ve", "’ve", "'re", "’re", "'ll", "’ll", "'d", "’d", "'m", "’m", "n't":
		return clitic
	case "le", "la", "les", "un", "une", "des", "du", "de", "au", "aux", "en", "à",
		// Prepositions and conjunctions that start French sentences
		// and that the Latin tagger, trained on English, takes into the
		// name after them ("Selon M. Cornish", "Lorsque Tim Heller",
		// "Dans Apple"): no name starts with them.
		"selon", "lorsque", "dans", "mais", "avant", "après", "puis", "comme", "pour",
		"sur", "avec", "quand", "depuis", "alors", "pendant", "chez", "parmi", "lors",
		"donc", "cependant", "toutefois", "ainsi", "malgré", "contre", "vers", "sans":
		return french
	case "the", "a", "an":
		return english
	}
	return notFunction
}

// sentenceStart reports whether the byte offset i begins a sentence of
// doc (after opening quotes or brackets), or the text when doc has no
// sentences.
func sentenceStart(doc *processor.Document, i int) bool {
	if doc.Sentences == nil {
		return strings.TrimLeft(doc.Text[:i], " \t\n\"'«“(") == ""
	}
	for _, sp := range doc.Sentences {
		if sp.Start <= i && i < sp.End {
			return strings.TrimLeft(doc.Text[sp.Start:i], " \t\n\"'«“(") == ""
		}
	}
	return false
}
