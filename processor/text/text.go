// Package text is the stage that prepares an article's text for the
// extractors: its matching form with offsets, its tokens, its sentences
// and basic statistics.
package text

import (
	"context"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/sentence"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
	"github.com/newsenrich/newsenrich/processor"
)

// Stage computes Document.Norm, Document.Tokens, Document.Sentences and
// Record.Stats.
type Stage struct {
	split sentence.Options
}

// New returns the text stage.
func New() *Stage { return &Stage{} }

// Name returns "text".
func (*Stage) Name() string { return "text" }

// Process fills the document's text analyses.
func (s *Stage) Process(_ context.Context, doc *processor.Document) error {
	doc.Norm = normalize.New(doc.Text)
	doc.Tokens = tokenize.Tokenize(doc.Text)
	// Room for a sentence per 64 bytes: news sentences are longer, so
	// the spans are rarely copied as they grow.
	spans := s.split.Append(make([]sentence.Span, 0, len(doc.Text)/64+4), doc.Text)
	doc.Sentences = make([]processor.Span, len(spans))
	for i, sp := range spans {
		doc.Sentences[i] = processor.Span{Start: sp.Start, End: sp.End}
	}
	words := 0
	for _, t := range doc.Tokens {
		if t.Kind == tokenize.Word {
			words++
		}
	}
	doc.Record.Stats.Chars = doc.Norm.RuneCount()
	doc.Record.Stats.Words = words
	doc.Record.Stats.Sentences = len(doc.Sentences)
	return nil
}
