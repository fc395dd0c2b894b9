// Package dateline is the stage that reads where, when and by whom a story
// was reported: the dateline and byline at the head of the story
// ("واشنطن - (أ ف ب):", "BEIRUT, Lebanon (AP) —", "أبوظبي - سكاي نيوز
// عربية") into Record.Dateline, and the source and credit lines anywhere
// in the article ("المصدر: الراي", "Source: Reuters", a closing
// "(Reuters)") into Record.Source.
//
// Parsing is by shape and position: the head of the first story
// paragraph, dash, colon and comma separators, parentheses, capitalised
// place names, a table of news agencies and self-crediting outlets, and
// (when given) a place gazetteer. Nothing is guessed: an article without a
// dateline leaves the fields empty.
package dateline

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/record"
)

// Places resolves names as written: places to canonical English names,
// and any name to its entity type. The gazetteer provides one
// (GazetteerPlaces); nil means no knowledge of names.
type Places interface {
	// Place returns the canonical English name of the place written s
	// ("دبي" → "Dubai") and whether s names a known place.
	Place(s string) (canonical string, ok bool)
	// Type returns the type (record.LOC, record.PER, record.ORG) of the
	// entity s names, "" when unknown.
	Type(s string) string
}

// Stage fills Record.Dateline and Record.Source.
type Stage struct {
	parser *Parser
	places Places
}

// New returns the stage. places may be nil.
func New(places Places) *Stage {
	var typeOf func(string) string
	if places != nil {
		typeOf = places.Type
	}
	return &Stage{parser: NewParser(typeOf), places: places}
}

// Name returns "dateline".
func (*Stage) Name() string { return "dateline" }

// Process fills doc.Record.Dateline and doc.Record.Source.
func (s *Stage) Process(_ context.Context, doc *processor.Document) error {
	var p Parsed
	head := 0 // the byte offset in doc.Text of the head p was parsed from
	for _, start := range storyHeads(doc) {
		if start < 0 || start > len(doc.Text) {
			return fmt.Errorf("dateline: story head at %d outside the text", start)
		}
		end := min(len(doc.Text), start+headBytes)
		for end < len(doc.Text) && !isRuneStart(doc.Text[end]) {
			end++
		}
		if p = s.parser.Parse(doc.Text[start:end]); p.found() {
			head = start
			break
		}
	}
	doc.DatelinePlace = processor.Span{}
	if p.Place != "" {
		// The place is the dateline's first element, as written in the
		// head: its first occurrence before the story text.
		if i := strings.Index(doc.Text[head:head+p.End], p.Place); i >= 0 {
			doc.DatelinePlace = processor.Span{Start: head + i, End: head + i + len(p.Place)}
		}
	}
	d := record.Dateline{
		Place:      p.Place,
		Date:       p.Date,
		Agency:     p.Agency,
		AgencyText: p.AgencyText,
		Reporter:   p.Reporter,
	}
	if p.Place != "" && s.places != nil {
		if c, ok := s.places.Place(p.Place); ok {
			d.PlaceCanonical = c
		}
	}
	if p.Date != "" {
		d.Date = isoDate(p.Date, publication(doc))
	}
	doc.Record.Dateline = d
	outlet := s.parser.SourceLine(doc.Text, sourceSpans(doc))
	if outlet == "" {
		outlet = p.AgencyText
	}
	doc.Record.Source.Outlet = outlet
	return nil
}

// storyHeads returns the starts of the text where a dateline may stand,
// in order of preference: the start of the text, after a first line or
// title section that repeats the article's title; then, when a title
// section that is not the given title opens the text, after it (a
// headline printed above the dateline). A title section is not simply
// skipped: pages print bylines above the story on a line of their own,
// which a segmenter may well take for a title.
func storyHeads(doc *processor.Document) []int {
	start := skipSpace(doc.Text, 0)
	title := strings.TrimSpace(doc.Record.Title)
	firstLine := doc.Text[start:]
	if k := strings.IndexByte(firstLine, '\n'); k >= 0 {
		firstLine = firstLine[:k]
	}
	if title != "" && strings.TrimSpace(firstLine) == title {
		return []int{start + len(firstLine)}
	}
	heads := []int{start}
	switch {
	case len(doc.Sections) > 0:
		if doc.Sections[0].Kind == record.KindTitle {
			heads = append(heads, doc.Sections[0].End)
		}
	case looksLikeHeadline(firstLine) && start+len(firstLine) < len(doc.Text):
		heads = append(heads, start+len(firstLine))
	}
	return heads
}

// looksLikeHeadline: a short first line that does not end a sentence.
func looksLikeHeadline(line string) bool {
	line = strings.TrimSpace(line)
	return line != "" && words(line) <= 20 && !strings.HasSuffix(line, ".") && !strings.HasSuffix(line, "؟") && !strings.HasSuffix(line, ":")
}

// headBytes bounds the head read for a dateline: a few byline lines and
// the opening of the first paragraph.
const headBytes = 1200

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// sourceSpans returns the source sections as byte spans, nil when the
// sections stage found none (then every line is looked at).
func sourceSpans(doc *processor.Document) []processor.Span {
	var out []processor.Span
	for _, sec := range doc.Sections {
		if sec.Kind == record.KindSource {
			out = append(out, processor.Span{Start: sec.Start, End: sec.End})
		}
	}
	return out
}

// publication is the article's publication time, else the message time.
func publication(doc *processor.Document) time.Time {
	if !doc.Input.PublishedAt.IsZero() {
		return doc.Input.PublishedAt
	}
	return doc.MessageTime
}

// isoDate turns a written dateline date into YYYY-MM-DD, with the year as
// written or else the latest year that does not put the date after the
// publication time (a dateline dates the story, which is never published
// before it happens; two days of slack cover time zones and late
// publication stamps). Without either it returns "XXXX-MM-DD" (TIMEX3 style).
func isoDate(written string, pub time.Time) string {
	day, month, ok := parseDayMonth(written)
	if !ok {
		return written
	}
	if y, ok := parseYear(written); ok {
		return fmt.Sprintf("%04d-%02d-%02d", y, month, day)
	}
	if pub.IsZero() {
		return fmt.Sprintf("XXXX-%02d-%02d", month, day)
	}
	limit := pub.Add(48 * time.Hour)
	best := pub.Year()
	if time.Date(best, time.Month(month), day, 0, 0, 0, 0, time.UTC).After(limit) {
		best--
	}
	return fmt.Sprintf("%04d-%02d-%02d", best, month, day)
}
