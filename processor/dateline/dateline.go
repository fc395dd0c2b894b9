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
	start, end := storyHead(doc)
	if start < 0 || start > end || end > len(doc.Text) {
		return fmt.Errorf("dateline: story head [%d,%d) outside the text", start, end)
	}
	p := s.parser.Parse(doc.Text[start:end])
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

// storyHead returns the byte span of the text where a dateline may stand:
// from the start of the first non-title section (or of the text, skipping
// a first line equal to the title) for at most headBytes.
func storyHead(doc *processor.Document) (int, int) {
	start := 0
	for _, sec := range doc.Sections {
		if sec.Kind == record.KindTitle {
			start = sec.End
			continue
		}
		break
	}
	if len(doc.Sections) == 0 && doc.Record.Title != "" {
		i := skipSpace(doc.Text, 0)
		line := doc.Text[i:]
		if k := strings.IndexByte(line, '\n'); k >= 0 {
			line = line[:k]
		}
		if strings.TrimSpace(line) == strings.TrimSpace(doc.Record.Title) {
			start = i + len(line)
		}
	}
	end := min(len(doc.Text), start+headBytes)
	for end < len(doc.Text) && !isRuneStart(doc.Text[end]) {
		end++
	}
	return start, end
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
// written or else the one of the publication time that puts the date
// closest to it; without either it returns "XXXX-MM-DD" (TIMEX3 style).
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
	best, bestDist := pub.Year(), time.Duration(1<<62)
	for _, y := range []int{pub.Year() - 1, pub.Year(), pub.Year() + 1} {
		t := time.Date(y, time.Month(month), day, 12, 0, 0, 0, time.UTC)
		dist := t.Sub(pub)
		if dist < 0 {
			dist = -dist
		}
		if dist < bestDist {
			best, bestDist = y, dist
		}
	}
	return fmt.Sprintf("%04d-%02d-%02d", best, month, day)
}
