package entities

import (
	"strings"

	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

// taggerTokens returns toks with the tokens that the Latin-script NER
// corpora write as one joined, as the tagger learned them: an initial and
// its period ("W." in George W. Bush), an abbreviation and its period
// (Mr., Inc., Sept.), a dotted acronym and its last period (U.S.), and a
// domain name (ripoffreport.com). The tokenizer splits them; the tagger
// would then see a name broken by a sentence-final-looking period, or a
// web site's first label as a capitalised word. The other way round, an
// English clitic ('s, 've, n't...) becomes a token of its own, as in the
// corpora: "UK's" is "UK" and "'s". It returns toks itself when nothing
// changes.
func taggerTokens(text string, toks []tokenize.Token) []tokenize.Token {
	var out []tokenize.Token
	for i := 0; i < len(toks); i++ {
		if t := toks[i]; t.Kind != tokenize.Word || !isLatinLetter(text[t.Start]) {
			// Only a Latin word starts a join or ends with a clitic
			// (joinLength is 1, englishClitic 0): Arabic words, numbers
			// and punctuation stay as they are.
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		n := joinLength(text, toks, i)
		c := 0
		if n == 1 {
			c = englishClitic(text, toks[i])
		}
		if n == 1 && c == 0 && out == nil {
			continue
		}
		if out == nil {
			out = append(make([]tokenize.Token, 0, len(toks)+8), toks[:i]...)
		}
		t := toks[i]
		if c > 0 {
			word, clitic := t, t
			word.End -= c
			clitic.Start = word.End
			out = append(out, word, clitic)
			continue
		}
		t.End = toks[i+n-1].End
		if n > 1 {
			t.Kind = tokenize.Word
		}
		out = append(out, t)
		i += n - 1
	}
	if out == nil {
		return toks
	}
	return out
}

// englishClitic returns the byte length of the English clitic ending the
// Latin word t ('s, 've, 're, 'll, 'd, 'm, with ' or ’; n't), 0 if it has
// none or is nothing else.
func englishClitic(text string, t tokenize.Token) int {
	if t.Kind != tokenize.Word || !isLatinLetter(text[t.Start]) {
		return 0
	}
	w := text[t.Start:t.End]
	if strings.HasSuffix(w, "n't") && len(w) > 3 {
		return 3
	}
	for _, q := range [...]string{"'", "’"} {
		i := strings.LastIndex(w, q)
		if i <= 0 {
			continue
		}
		switch w[i+len(q):] {
		case "s", "ve", "re", "ll", "d", "m", "S":
			return len(w) - i
		}
	}
	return 0
}

// joinLength returns how many tokens from toks[i] make one tagger token:
// 1 unless toks[i] starts one of the forms taggerTokens joins.
func joinLength(text string, toks []tokenize.Token, i int) int {
	t := toks[i]
	if t.Kind != tokenize.Word || !isLatinLetter(text[t.Start]) || i+1 >= len(toks) {
		return 1
	}
	w := text[t.Start:t.End]
	dot := toks[i+1]
	if dot.Start != t.End || text[dot.Start:dot.End] != "." {
		return 1
	}
	// A domain name: labels joined by periods, the last a common
	// top-level domain.
	if n := domainLength(text, toks, i); n > 0 {
		return n
	}
	switch {
	case len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z':
		// An initial, when a capitalised word or another initial follows.
		if i+2 < len(toks) && toks[i+2].Kind == tokenize.Word && isUpper(text[toks[i+2].Start]) {
			return 2
		}
	case strings.Contains(w, "."):
		// A dotted acronym (U.S, U.N, p.m) takes its last period.
		return 2
	case isAbbreviation(w):
		return 2
	}
	return 1
}

// domainLength returns the number of tokens of the domain name starting at
// toks[i] (label . label ... . tld, written without spaces), 0 when there
// is none.
func domainLength(text string, toks []tokenize.Token, i int) int {
	end := i
	for end+2 < len(toks) && toks[end+1].Start == toks[end].End && text[toks[end+1].Start:toks[end+1].End] == "." &&
		toks[end+2].Start == toks[end+1].End && toks[end+2].Kind == tokenize.Word {
		end += 2
	}
	if end == i || !isTopLevelDomain(strings.ToLower(text[toks[end].Start:toks[end].End])) {
		return 0
	}
	return end - i + 1
}

func isLatinLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

func isUpper(b byte) bool { return b >= 'A' && b <= 'Z' }

// isAbbreviation reports whether w is a word written with a period that
// the English NER corpora keep in one token: a title, a company form, a
// month.
func isAbbreviation(w string) bool {
	switch w {
	case "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "Gen", "Col", "Lt", "Sgt", "Capt", "Gov", "Sen", "Rep",
		"Rev", "Mt", "Ft", "Inc", "Ltd", "Co", "Corp", "Bros",
		"Jan", "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "vs":
		return true
	}
	return false
}

// isTopLevelDomain reports whether d (lower case) is a domain a web
// address is recognised by.
func isTopLevelDomain(d string) bool {
	switch d {
	case "com", "org", "net", "edu", "gov", "int", "info", "io", "co", "uk", "fr", "de", "eu", "us", "ca", "au",
		"in", "tv", "news", "ae", "sa", "eg", "qa", "ma", "tn", "dz":
		return true
	}
	return false
}
