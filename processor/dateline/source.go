package dateline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/processor"
)

// sourceLabels open a source or credit line: "المصدر: الراي",
// "Source : Reuters", "Crédit : AFP". They are matched case-insensitively
// at the start of a line and must be followed by a colon.
var sourceLabels = []string{
	"المصدر", "مصدر الخبر", "المصادر", "نقلا عن", "نقلاً عن",
	"source", "sources", "credit", "credits", "crédit", "crédits",
}

// maxOutletRunes bounds an outlet name read from a source line.
const maxOutletRunes = 60

// SourceLine returns the outlet credited by a source line of text ("المصدر:
// الراي" → "الراي"), else by a paragraph that ends with a parenthesised
// agency credit ("... on Monday. (Reuters)" → "Reuters"), else "". When
// spans is not empty only those byte spans of text (the source sections)
// are read for labelled lines; the closing credit is looked for in every
// paragraph.
func (p *Parser) SourceLine(text string, spans []processor.Span) string {
	if len(spans) > 0 {
		for _, sp := range spans {
			if sp.Start < 0 || sp.End > len(text) || sp.Start > sp.End {
				continue
			}
			if o := labelledOutlet(text[sp.Start:sp.End]); o != "" {
				return o
			}
		}
	} else if o := labelledOutlet(text); o != "" {
		return o
	}
	return p.closingCredit(text)
}

// labelledOutlet returns the value of the first "label: outlet" line.
func labelledOutlet(text string) string {
	for line := range strings.Lines(text) {
		t := strings.TrimSpace(line)
		if t == "" || len(t) > 200 {
			continue
		}
		for _, label := range sourceLabels {
			if len(t) <= len(label) || !strings.EqualFold(t[:len(label)], label) {
				continue
			}
			rest := t[len(label):]
			rest = strings.TrimLeft(rest, " \t\u00a0")
			if !strings.HasPrefix(rest, ":") && !strings.HasPrefix(rest, "：") {
				continue
			}
			_, size := utf8.DecodeRuneInString(rest)
			outlet := cleanOutlet(rest[size:])
			if outlet != "" {
				return outlet
			}
		}
	}
	return ""
}

// cleanOutlet trims an outlet name and rejects what is no name: empty,
// too long, a sentence or a link list.
func cleanOutlet(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '.' || r == '-' || r == '–' || r == '—' || r == '«' || r == '»' || r == '"'
	})
	if s == "" || utf8.RuneCountInString(s) > maxOutletRunes || words(s) > 8 || strings.ContainsAny(s, "!?؟") {
		return ""
	}
	return s
}

// closingCredit finds a paragraph that is, or ends with, a parenthesised
// known agency: "(رويترز)", "... a-t-il dit. (AFP)".
func (p *Parser) closingCredit(text string) string {
	for line := range strings.Lines(text) {
		t := strings.TrimSpace(line)
		if !strings.HasSuffix(t, ")") {
			continue
		}
		open := strings.LastIndexByte(t, '(')
		if open < 0 {
			continue
		}
		credit := strings.TrimSpace(t[open+1 : len(t)-1])
		if _, ok := p.agencies.lookup(credit); !ok {
			continue
		}
		before := strings.TrimSpace(t[:open])
		if before == "" || strings.HasSuffix(before, ".") || strings.HasSuffix(before, "»") || strings.HasSuffix(before, "\"") {
			return credit
		}
	}
	return ""
}
