package sections

import (
	"context"

	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/record"
)

// Stage fills Document.Sections (byte spans), Record.Sections (code-point
// offsets) and Record.Title when the input had none.
type Stage struct{}

// New returns the sections stage.
func New() *Stage { return &Stage{} }

// Name returns "sections".
func (*Stage) Name() string { return "sections" }

// Process segments the document's text.
func (*Stage) Process(_ context.Context, doc *processor.Document) error {
	var res Result
	if doc.Norm != nil && doc.Norm.Orig == doc.Text && doc.Tokens != nil {
		res = SegmentText(doc.Norm, doc.Tokens, doc.Input.Title)
	} else {
		res = Segment(doc.Text, doc.Input.Title)
	}
	doc.Sections = res.Sections
	doc.Record.Sections = make([]record.Section, len(res.Sections))
	for i, s := range res.Sections {
		doc.Record.Sections[i] = record.Section{Kind: s.Kind, Start: doc.CodePoint(s.Start), End: doc.CodePoint(s.End)}
	}
	if doc.Record.Title == "" && res.Title.End > res.Title.Start {
		doc.Record.Title = doc.Text[res.Title.Start:res.Title.End]
	}
	return nil
}
