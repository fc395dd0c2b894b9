package sections

import (
	"strings"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

// Relative-time words in matching form: the units of "منذ 3 ساعات",
// "2 hours ago", "il y a 3 heures".
var (
	arUnits = map[string]bool{
		"ثانيه": true, "ثواني": true, "ثوان": true, "دقيقه": true, "دقيقتين": true,
		"دقايق": true, "ساعه": true, "ساعتين": true, "ساعات": true, "يوم": true,
		"يومين": true, "ايام": true, "اسبوع": true, "اسبوعين": true, "اسابيع": true,
		"شهر": true, "شهرين": true, "اشهر": true,
	}
	// arMonths are month names in matching form (Gregorian as written in
	// Egypt and the Gulf, the Levant and the Maghreb).
	arMonths = map[string]bool{
		"يناير": true, "فبراير": true, "مارس": true, "ابريل": true, "مايو": true,
		"يونيو": true, "يوليو": true, "اغسطس": true, "سبتمبر": true, "اكتوبر": true,
		"نوفمبر": true, "ديسمبر": true, "كانون": true, "شباط": true, "اذار": true,
		"نيسان": true, "ايار": true, "حزيران": true, "تموز": true, "اب": true,
		"ايلول": true, "تشرين": true, "جانفي": true, "فيفري": true, "افريل": true,
		"ماي": true, "جوان": true, "جويليه": true, "اوت": true, "رمضان": true,
	}
	enUnits = map[string]bool{
		"second": true, "seconds": true, "sec": true, "secs": true, "s": true,
		"minute": true, "minutes": true, "min": true, "mins": true, "m": true,
		"hour": true, "hours": true, "hr": true, "hrs": true, "h": true,
		"day": true, "days": true, "d": true, "week": true, "weeks": true,
		"month": true, "months": true,
	}
	frUnits = map[string]bool{
		"seconde": true, "secondes": true, "minute": true, "minutes": true,
		"min": true, "mn": true, "heure": true, "heures": true, "h": true,
		"jour": true, "jours": true, "semaine": true, "semaines": true, "mois": true,
	}
)

// maxHeadlineWords bounds the words of one ticker headline.
const maxHeadlineWords = 25

// tickerSpan finds a ticker inside line (a trimmed line of text): a chain
// of short headlines each ending in a relative-time marker ("... منذ
// ساعة"). It returns the byte span of the chain within line, or ok false.
// A chain of two or more headlines may sit anywhere in the line, after a
// sentence end; a single headline must be the whole line.
func tickerSpan(line string, toks []tokenize.Token) (start, end int, ok bool) {
	if !mayHaveMarker(line) {
		return 0, 0, false
	}
	ends := markerEnds(line, toks)
	if len(ends) == 0 {
		return 0, 0, false
	}
	// Walk the markers, growing chains of adjacent headlines.
	bestStart, bestEnd, bestN := 0, 0, 0
	chainStart, chainEnd, n := -1, 0, 0
	for _, m := range ends {
		segStart := chainEnd
		if n == 0 {
			segStart = sentenceStart(line, toks, m.start)
		}
		if headlineOK(line, toks, segStart, m) {
			if n == 0 {
				chainStart = segStart
			}
			chainEnd = m.end
			n++
		} else {
			if n > bestN {
				bestStart, bestEnd, bestN = chainStart, chainEnd, n
			}
			n = 0
			// This marker may start a new chain.
			segStart = sentenceStart(line, toks, m.start)
			if headlineOK(line, toks, segStart, m) {
				chainStart, chainEnd, n = segStart, m.end, 1
			}
		}
	}
	if n > bestN {
		bestStart, bestEnd, bestN = chainStart, chainEnd, n
	}
	switch {
	case bestN >= 2:
		return bestStart, bestEnd, true
	case bestN == 1 && bestStart == 0 && bestEnd == len(line):
		return 0, len(line), true
	}
	return 0, 0, false
}

// mark is a relative-time marker: the byte span in the line and the index
// of its first token.
type mark struct {
	start, end int
	tok        int // index of the marker's first token
}

// markerEnds returns the relative-time markers of line in order.
func markerEnds(line string, toks []tokenize.Token) []mark {
	var out []mark
	word := func(i int) string {
		if i < 0 || i >= len(toks) {
			return ""
		}
		return normalize.Fold(toks[i].Text(line))
	}
	isNum := func(i int) bool { return i < len(toks) && toks[i].Kind == tokenize.Number }
	for i := 0; i < len(toks); i++ {
		// Trigger words are compared as written; only the words after a
		// trigger are folded.
		switch w := toks[i].Text(line); w {
		case "منذ", "قبل":
			// منذ ساعة, منذ 3 ساعات
			j := i + 1
			if isNum(j) {
				j++
			}
			// "منذ ساعات الصباح", "منذ يوم الاثنين", "منذ شهر جانفي" are
			// not markers.
			if next := word(j + 1); arUnits[word(j)] && !strings.HasPrefix(next, "ال") && !arMonths[next] {
				out = append(out, mark{start: toks[i].Start, end: toks[j].End, tok: i})
				i = j
			}
		case "il", "Il", "IL":
			// il y a 3 heures
			if word(i+1) == "y" && word(i+2) == "a" {
				j := i + 3
				if isNum(j) || word(j) == "un" || word(j) == "une" {
					if frUnits[word(j+1)] {
						out = append(out, mark{start: toks[i].Start, end: toks[j+1].End, tok: i})
						i = j + 1
					}
				}
			}
		case "ago", "Ago", "AGO":
			// 2 hours ago, an hour ago, 5h ago
			if i >= 2 && enUnits[word(i-1)] && (isNum(i-2) || word(i-2) == "a" || word(i-2) == "an") {
				s := toks[i-2].Start
				if len(out) > 0 && out[len(out)-1].end > s {
					continue
				}
				out = append(out, mark{start: s, end: toks[i].End, tok: i - 2})
			}
		}
	}
	return out
}

// sentenceStart returns the start of the sentence holding byte offset at:
// the line start or the first token after the last sentence-ending
// punctuation before at.
func sentenceStart(line string, toks []tokenize.Token, at int) int {
	start := 0
	for i, t := range toks {
		if t.Start >= at {
			break
		}
		if t.Kind == tokenize.Punct && isSentenceEnd(t.Text(line)) && i+1 < len(toks) {
			start = toks[i+1].Start
		}
	}
	return start
}

func isSentenceEnd(p string) bool {
	switch p {
	case ".", "!", "?", "؟", "…":
		return true
	}
	return false
}

// headlineOK reports whether line[start:m.end] reads as one ticker
// headline: 2 to maxHeadlineWords words before the marker, no sentence
// punctuation, and the marker not followed by a comma or period that
// would make it part of a sentence.
func headlineOK(line string, toks []tokenize.Token, start int, m mark) bool {
	words := 0
	for i := 0; i < m.tok; i++ {
		t := toks[i]
		if t.Start < start {
			continue
		}
		switch t.Kind {
		case tokenize.Word, tokenize.Number:
			words++
		case tokenize.Punct:
			if isSentenceEnd(t.Text(line)) {
				return false
			}
		}
	}
	if words < 2 || words > maxHeadlineWords {
		return false
	}
	// What follows the marker.
	for _, t := range toks {
		if t.Start < m.end {
			continue
		}
		if t.Kind == tokenize.Punct {
			switch t.Text(line) {
			case "،", ",", ".", "؛", ";", ":", "و":
				return false
			}
		}
		break
	}
	return true
}

// hasTrigger reports whether one of toks (tokens of text) is a word that
// starts a marker in markerEnds.
func hasTrigger(text string, toks []tokenize.Token) bool {
	for _, t := range toks {
		switch t.End - t.Start {
		case 2, 3, 6:
			switch text[t.Start:t.End] {
			case "منذ", "قبل", "il", "Il", "IL", "ago", "Ago", "AGO":
				return true
			}
		}
	}
	return false
}

// mayHaveMarker is a quick test for the words every marker holds.
func mayHaveMarker(line string) bool {
	return strings.Contains(line, "منذ") || strings.Contains(line, "قبل") ||
		strings.Contains(line, "ago") || strings.Contains(line, "il y a")
}
