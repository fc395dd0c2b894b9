// Package temporal is the pipeline stage that finds the time expressions of
// an article and writes them, normalised to TIMEX3 values, into the record.
//
// Relative expressions are resolved against the article's publication time
// (published_at), else the Kafka message timestamp, else left relative
// (PAST_REF, XXXX-09, ...) with anchor "none"; see package timex.
package temporal

import (
	"context"
	"slices"
	"time"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/timex"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/record"
)

// Stage fills Record.Temporal.
type Stage struct {
	tagger *timex.Tagger
}

// New returns the temporal stage with its lexicons built.
func New() *Stage { return &Stage{tagger: timex.New()} }

// Name returns "temporal".
func (*Stage) Name() string { return "temporal" }

// Process tags the document text. It needs no earlier stage but uses the
// matching form (text stage), the language (language stage) and the
// sections (sections stage) when they are there.
func (s *Stage) Process(_ context.Context, doc *processor.Document) error {
	norm := doc.Norm
	if norm == nil || norm.Orig != doc.Text {
		norm = normalize.New(doc.Text)
	}
	anchor, name := Anchor(doc)
	found := s.tagger.TagNorm(norm, doc.Record.Language.Code, anchor)
	if doc.Record.Temporal == nil {
		doc.Record.Temporal = make([]record.Temporal, 0, len(found))
	} else {
		// NewDocument starts the list empty: room for all at once.
		doc.Record.Temporal = slices.Grow(doc.Record.Temporal, len(found))
	}
	for _, x := range found {
		doc.Record.Temporal = append(doc.Record.Temporal, record.Temporal{
			Text:    x.Text,
			Type:    x.Type,
			Value:   x.Value,
			Anchor:  name,
			Start:   doc.CodePoint(x.Start),
			End:     doc.CodePoint(x.End),
			Section: doc.SectionAt(x.Start),
		})
	}
	return nil
}

// Anchor returns the reference time of a document and its name in the
// record: published_at, else the Kafka message timestamp, else none (the
// zero time).
func Anchor(doc *processor.Document) (time.Time, string) {
	switch {
	case !doc.Input.PublishedAt.IsZero():
		return doc.Input.PublishedAt, record.AnchorPublished
	case !doc.MessageTime.IsZero():
		return doc.MessageTime, record.AnchorMessage
	}
	return time.Time{}, record.AnchorNone
}
