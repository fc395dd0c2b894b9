package dateline

import (
	"strings"
	"unicode"

	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// Matches reports whether a gold value of a dateline eval equals any of
// the predictions (surface or canonical forms) after normalisation: the
// matching form of package normalize with only letters and digits kept.
// An empty gold value ("none written") matches only when every prediction
// is empty.
func Matches(gold string, preds ...string) bool {
	g := matchKey(gold)
	if g == "" {
		for _, p := range preds {
			if matchKey(p) != "" {
				return false
			}
		}
		return true
	}
	for _, p := range preds {
		if matchKey(p) == g {
			return true
		}
	}
	return false
}

func matchKey(s string) string {
	var b strings.Builder
	for _, r := range normalize.Fold(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
