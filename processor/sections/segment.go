// Package sections is the stage that tells the story from the debris of a
// scraped page: it splits an article's text into the sections of the
// contract (title, lead, body, and source, tags, related, ticker, other)
// so that extractors count only what the article itself says.
//
// The rules are general and language-aware only through marker phrases in
// Arabic, English and French: line shapes (length, final punctuation,
// bullets, menus), marker phrases at the start of a line ("المصدر:",
// "Tags:", "Lire aussi"), relative-time tickers ("منذ 3 ساعات", "2 hours
// ago", "il y a 3 heures") even when glued into a paragraph, position
// (what follows the source and tags lines is page furniture) and
// repetition (a line repeating a related headline is related too).
package sections

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/record"
)

// unit is a trimmed piece of a line: the whole line, or a part of it when a
// ticker is glued inside.
type unit struct {
	start, end int    // byte span in the text
	kind       string // "" while undecided (story candidate)
	words      int    // words, counted up to wordCap
	fold       string // matching form of the whole unit, "" for long ones
	head       string // matching form of the opening of the unit
	ends       bool   // ends with sentence punctuation
	para       bool   // reads as a paragraph: long or ends a sentence
	short      bool   // reads as a headline or list item
	header     bool   // a related-block header ("إقرأ أيضاً", "Related")
}

// Result is the segmentation of one text.
type Result struct {
	// Sections are byte spans of the text, in order, without overlap,
	// trimmed of white space; together they hold every non-space
	// character of the text.
	Sections []processor.Section
	// Title is the byte span of the title line, when the text has one.
	Title processor.Span
}

// Segment splits text into sections. title is the article's title when
// the input carried one ("" otherwise); a first line equal to it is the
// title section.
func Segment(text, title string) Result {
	return segment(text, nil, nil, title)
}

// SegmentText is Segment(t.Orig, title) that reads the matching forms of
// lines from t instead of folding them again, and the tokens of lines from
// toks, the tokens of t.Orig (tokenize.Tokenize(t.Orig)), instead of
// tokenizing lines again.
func SegmentText(t *normalize.Text, toks []tokenize.Token, title string) Result {
	return segment(t.Orig, t, toks, title)
}

func segment(text string, norm *normalize.Text, toks []tokenize.Token, title string) Result {
	units := splitUnits(text, norm, toks)
	classify(text, units)
	res := Result{}
	titleFold := fold(title)
	markHead(units, titleFold)
	for _, u := range units {
		if u.kind == record.KindTitle && res.Title == (processor.Span{}) {
			res.Title = processor.Span{Start: u.start, End: u.end}
		}
	}
	res.Sections = merge(units)
	return res
}

// splitUnits cuts text into trimmed non-empty lines, and cuts out tickers
// glued inside them. textToks are the tokens of text, or nil: then lines
// that may hold a ticker are tokenized one by one. (No token spans a line
// break or starts in the blanks trim removes, and the tokenizer decides
// nothing by what follows those blanks, so the tokens of a trimmed line
// are the tokens of text within it.)
func splitUnits(text string, norm *normalize.Text, textToks []tokenize.Token) []unit {
	// A unit per line (at most a few hundred at first: blank lines make
	// none), and two more for each ticker cut out of one.
	units := make([]unit, 0, min(strings.Count(text, "\n")+4, 512))
	var toks []tokenize.Token
	k := 0 // the first token of text at or after the line
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		a, b := trim(text, start, end)
		start = end + 1
		if a >= b {
			continue
		}
		line := text[a:b]
		var may bool
		if textToks != nil {
			for k < len(textToks) && textToks[k].Start < a {
				k++
			}
			e := k
			for e < len(textToks) && textToks[e].Start < b {
				e++
			}
			// markerEnds needs one of its trigger words as a token.
			if hasTrigger(text, textToks[k:e]) && mayHaveMarker(line) {
				may = true
				toks = toks[:0]
				for _, t := range textToks[k:e] {
					toks = append(toks, tokenize.Token{Start: t.Start - a, End: t.End - a, Kind: t.Kind})
				}
			}
			k = e
		} else if mayHaveMarker(line) {
			may = true
			toks = tokenize.Append(toks[:0], line)
		}
		if may {
			if ts, te, ok := tickerSpan(line, toks); ok {
				units = appendUnit(units, text, norm, a, a+ts, "")
				units = appendUnit(units, text, norm, a+ts, a+te, record.KindTicker)
				units = appendUnit(units, text, norm, a+te, b, "")
				continue
			}
		}
		units = appendUnit(units, text, norm, a, b, "")
	}
	return units
}

// appendUnit appends the trimmed span [a, b) of text as a unit, unless it
// is empty.
func appendUnit(units []unit, text string, norm *normalize.Text, a, b int, kind string) []unit {
	a, b = trim(text, a, b)
	if a >= b {
		return units
	}
	s := text[a:b]
	words := countWords(s, wordCap)
	end := endsSentence(s)
	u := unit{
		start: a, end: b, kind: kind, words: words, ends: end,
		para:  words >= 15 || end && words >= 4,
		short: words <= 20 && (!end || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "؟")) || isBullet(s) && words <= 30,
	}
	// Markers need the opening words only; whole lines are compared only
	// when short (titles, headlines, repetitions).
	if u.short || kind != "" || len(s) <= maxHead {
		u.fold = foldSpan(text, norm, b-len(stripBullet(s)), b)
		u.head = u.fold
	} else {
		u.head = foldSpan(text, norm, a, a+headEnd(s))
	}
	return append(units, u)
}

// foldSpan returns fold(text[a:b]), a and b on rune boundaries: from norm,
// the matching form of text, when there is one.
func foldSpan(text string, norm *normalize.Text, a, b int) string {
	if norm == nil {
		return fold(text[a:b])
	}
	return strings.TrimSpace(norm.Folded(a, b))
}

// maxHead is the length in bytes of the opening of a long line that marker
// phrases are matched against.
const maxHead = 160

// headEnd returns the end of the opening of s at a rune boundary.
func headEnd(s string) int {
	i := maxHead
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// classify decides the kind of every unit that markers, blocks and
// position settle; story candidates keep kind "".
func classify(text string, units []unit) {
	const (
		blockNone      = iota
		blockHeadlines // related headlines after a header
		blockAll       // everything up to the next marker
		blockTags      // tag items after a "Tags" header
	)
	block := blockNone
	seenStory, afterEnd := false, false
	debris := map[string]bool{} // folded lines of related and ticker units
	for i := range units {
		u := &units[i]
		if u.kind != "" {
			// A ticker-shaped line inside a related list is a related
			// headline with its time.
			if u.kind == record.KindTicker && (block == blockAll || block == blockHeadlines) {
				u.kind = record.KindRelated
			}
			if u.fold != "" {
				debris[u.fold] = true
			}
			continue
		}
		m := lineMarker(u.head, u.words)
		if m == markNone && seenStory && isCredit(u.fold, u.words) {
			m = markSource
		}
		switch m {
		case markSource:
			u.kind = record.KindSource
			afterEnd = afterEnd || seenStory
			block = blockNone
			continue
		case markTags:
			u.kind = record.KindTags
			afterEnd = afterEnd || seenStory
			block = blockNone
			continue
		case markTagsHeader:
			u.kind = record.KindTags
			afterEnd = afterEnd || seenStory
			block = blockTags
			continue
		case markRelatedHeader:
			u.kind = record.KindRelated
			u.header = true
			if afterEnd {
				block = blockAll
			} else {
				block = blockHeadlines
			}
			continue
		case markRelated:
			u.kind = record.KindRelated
			if u.fold != "" {
				debris[u.fold] = true
			}
			continue
		case markOther:
			u.kind = record.KindOther
			continue
		}
		switch {
		case block == blockAll:
			u.kind = record.KindRelated
		case block == blockHeadlines && u.short:
			u.kind = record.KindRelated
		case block == blockTags && u.words <= 6 && !endsSentence(text[u.start:u.end]):
			u.kind = record.KindTags
		default:
			block = blockNone
			if isNavigation(text[u.start:u.end]) {
				u.kind = record.KindOther
			} else if u.para {
				seenStory = true
			}
		}
		if u.kind == record.KindRelated {
			if u.fold != "" {
				debris[u.fold] = true
			}
		}
	}
	// Repetition: a headline-like line repeating a related or ticker line
	// is debris too.
	for i := range units {
		u := &units[i]
		if u.kind == "" && u.short && debris[u.fold] {
			u.kind = record.KindRelated
		}
	}
	extendTeasers(units)
}

// extendTeasers finds related blocks that introduce another article
// (header, its headline, its opening paragraphs): when a headline of the
// block is repeated elsewhere on the page as a related line, the
// paragraphs after the block, up to the next debris, belong to that other
// article.
func extendTeasers(units []unit) {
	count := map[string]int{}
	for _, u := range units {
		if u.kind == record.KindRelated && u.fold != "" && !u.header {
			count[u.fold]++
		}
	}
	for h := 0; h < len(units); h++ {
		if !units[h].header {
			continue
		}
		j, repeated := h+1, false
		for ; j < len(units) && units[j].kind == record.KindRelated && !units[j].header; j++ {
			repeated = repeated || count[units[j].fold] > 1
		}
		if !repeated {
			continue
		}
		for ; j < len(units) && units[j].kind == ""; j++ {
			units[j].kind = record.KindRelated
		}
		h = j - 1
	}
}

// markHead finds the title, the lead and the end of the story among the
// undecided units, and settles every unit's kind.
func markHead(units []unit, titleFold string) {
	first, last := -1, -1 // first and last story paragraph
	for i, u := range units {
		if u.kind == "" && u.para {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		// No paragraph: a headline list or a fragment. Undecided units are
		// body, the first one a title when it has the shape of one.
		for i := range units {
			if units[i].kind == "" {
				units[i].kind = record.KindBody
			}
		}
		return
	}
	// Head: undecided units before the first paragraph. The title is the
	// unit equal to the given title, else the first with three or more
	// words and no final punctuation; earlier short units are kickers or
	// menus (other); later ones open the story.
	titleAt := -1
	for i := 0; i < first; i++ {
		u := units[i]
		if u.kind != "" {
			continue
		}
		if titleFold != "" && u.fold == titleFold {
			titleAt = i
			break
		}
	}
	if titleAt < 0 {
		for i := 0; i < first; i++ {
			u := units[i]
			if u.kind == "" && u.short && u.words >= 3 && u.words <= 25 && !u.ends {
				titleAt = i
				break
			}
		}
	}
	if titleAt < 0 && first == firstUndecided(units) && titleFold == "" {
		// A plain-text article whose first line is short and unpunctuated
		// is titled by it, even when it is long enough to pass for a
		// paragraph.
		if u := units[first]; u.words >= 2 && u.words <= 25 && !u.ends && last > first {
			titleAt = first
			first = nextParagraph(units, first)
		}
	}
	for i := 0; i < titleAt; i++ {
		if units[i].kind == "" {
			units[i].kind = record.KindOther
		}
	}
	if titleAt >= 0 {
		units[titleAt].kind = record.KindTitle
	}
	// Tail: once debris follows the last paragraph, short units after it
	// are page furniture (a list closing the story stays story).
	debris := false
	for i := last + 1; i < len(units); i++ {
		switch {
		case units[i].kind != "":
			debris = true
		case debris && units[i].short:
			units[i].kind = record.KindOther
		}
	}
	// The lead is the first story unit after the title; the rest is body.
	lead := false
	for i := range units {
		if units[i].kind != "" {
			continue
		}
		if !lead {
			units[i].kind = record.KindLead
			lead = true
			continue
		}
		units[i].kind = record.KindBody
	}
}

func firstUndecided(units []unit) int {
	for i, u := range units {
		if u.kind == "" {
			return i
		}
	}
	return -1
}

func nextParagraph(units []unit, after int) int {
	for i := after + 1; i < len(units); i++ {
		if units[i].kind == "" && units[i].para {
			return i
		}
	}
	return -1
}

// merge joins adjacent units of the same kind (body paragraphs, related
// lists) into sections. Title and lead stay single units.
func merge(units []unit) []processor.Section {
	out := make([]processor.Section, 0, len(units))
	for _, u := range units {
		if n := len(out); n > 0 && out[n-1].Kind == u.kind && u.kind != record.KindTitle && u.kind != record.KindLead {
			out[n-1].End = u.end
			continue
		}
		out = append(out, processor.Section{Kind: u.kind, Start: u.start, End: u.end})
	}
	return out
}

// trim returns [a, b) without surrounding white space and invisible format
// characters.
func trim(s string, a, b int) (int, int) {
	for a < b {
		r, n := utf8.DecodeRuneInString(s[a:b])
		if !isBlank(r) {
			break
		}
		a += n
	}
	for b > a {
		r, n := utf8.DecodeLastRuneInString(s[a:b])
		if !isBlank(r) {
			break
		}
		b -= n
	}
	return a, b
}

func isBlank(r rune) bool {
	return unicode.IsSpace(r) || r >= utf8.RuneSelf && unicode.Is(unicode.Cf, r)
}

// wordCap is where appendUnit stops counting a unit's words: every rule
// compares unit.words with 40 or less (lineMarker's tag lines are the
// highest), so a count of 41 decides every rule as the full count does,
// and a long paragraph is read for its first 41 words only.
const wordCap = 41

// countWords counts the runs of letters or digits of s (runes for which
// isWordRune holds), up to limit: it returns min(runs, limit). One- and
// two-byte runes are looked up in wordRunes.
func countWords(s string, limit int) int {
	n, in := 0, false
	for i := 0; i < len(s); {
		var w bool
		switch c := s[i]; {
		case c < utf8.RuneSelf:
			w = wordRunes[c]
			i++
		case c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			w = wordRunes[rune(c&0x1F)<<6|rune(s[i+1]&0x3F)]
			i += 2
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			w = isWordRune(r)
			i += size
		}
		if w && !in {
			if n == limit {
				return n
			}
			n++
		}
		in = w
	}
	return n
}

// wordRunes[r] is isWordRune(r) for the runes of one and two bytes in
// UTF-8. It is never written after it is built.
var wordRunes = wordRuneTable()

func wordRuneTable() *[0x800]bool {
	var t [0x800]bool
	for r := range t {
		t[r] = isWordRune(rune(r))
	}
	return &t
}

// isBullet reports whether s starts with a list bullet.
func isBullet(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case '•', '●', '▪', '■', '◦', '‣', '-', '*', '–', '—', '·', '►', '▶':
		return true
	}
	return false
}

// isWordRune reports whether r is a letter, mark or digit, with fast paths
// for ASCII and Arabic.
func isWordRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		c := r | 0x20
		return 'a' <= c && c <= 'z' || '0' <= r && r <= '9'
	case r >= 0x0620 && r <= 0x0669, r >= 0x066E && r <= 0x06D3, r >= 0x06F0 && r <= 0x06F9:
		return true
	case r >= 0x0600 && r <= 0x06FF:
		return unicode.IsLetter(r) || unicode.Is(unicode.M, r) || unicode.IsDigit(r)
	case unicode.IsSpace(r):
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
}

// stripBullet returns s without a leading list bullet.
func stripBullet(s string) string {
	if isBullet(s) {
		_, n := utf8.DecodeRuneInString(s)
		return strings.TrimLeftFunc(s[n:], isBlank)
	}
	return s
}
