// Package topics classifies news stories into the top level of the IPTC
// Media Topics taxonomy (politics, sport, conflict/war/peace, ...) in
// Arabic, English and French, with calibrated scores.
//
// The model is linear over hashed features of the matching form of the
// text, with int8 weights embedded in the binary: for Arabic a multinomial
// logistic regression over word unigrams and bigrams (words without
// proclitics), for English and French multinomial naive Bayes over word
// unigrams (which beat L2 logistic regression, NB-SVM, character n-grams
// and pooling the two languages in cross-validation on their few hundred
// training documents). It is trained by "newsenrich-train topics" from ANT
// v2.1, ANT v1.1 and MasakhaNEWS; classes without labelled data are learnt
// from documents labelled by seed lexicons (weak supervision, see Lexicon).
package topics

import (
	"context"
	"math"
	"strings"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/record"
)

// Stage is the "topics" stage: it classifies the story (the title, lead
// and body sections, never related headlines, tickers or tags) and writes
// Record.Topics, best first.
type Stage struct {
	model     *Model
	threshold float64
}

// New returns the stage with the embedded model and DefaultThreshold.
func New() (*Stage, error) {
	m, err := Load()
	if err != nil {
		return nil, err
	}
	return NewWithModel(m, DefaultThreshold), nil
}

// NewWithModel returns the stage with a given model, reporting every topic
// whose probability is at least threshold (and always the best one).
func NewWithModel(m *Model, threshold float64) *Stage {
	return &Stage{model: m, threshold: threshold}
}

// Name returns "topics".
func (*Stage) Name() string { return "topics" }

// Process classifies the document. Without sections the whole text is the
// story; the title is the title section, else the input or extracted
// title. The story is read in the matching form the text stage computed
// (Document.Norm) when there is one, not folded again.
func (s *Stage) Process(_ context.Context, doc *processor.Document) error {
	in := StoryInput(doc)
	if doc.Norm != nil && doc.Norm.Orig == doc.Text {
		in = foldedStoryInput(doc)
	}
	var probs [NumClasses]float64
	if !s.model.Probabilities(in, &probs) {
		doc.Record.Topics = []record.Topic{}
		return nil
	}
	order, n := rank(&probs, s.threshold)
	topics := make([]record.Topic, n)
	for i, k := range order[:n] {
		topics[i] = record.Topic{Code: codes[k], Label: labels[k], Score: math.Round(probs[k]*1e4) / 1e4}
	}
	doc.Record.Topics = topics
	return nil
}

// StoryInput returns what the classifier reads of a document: its title
// and story sections, or its title and whole text when it has no sections
// or no story section.
func StoryInput(doc *processor.Document) Input {
	return storyInput(doc, func(start, end int) string { return doc.Text[start:end] }, func(s string) string { return s })
}

// foldedStoryInput is StoryInput in matching form, read from doc.Norm
// (which must be the matching form of doc.Text).
func foldedStoryInput(doc *processor.Document) Input {
	in := storyInput(doc, doc.Norm.Folded, normalize.Fold)
	in.Folded = true
	return in
}

// storyInput builds the input from the spans of doc.Text that text
// returns, and the record title, transformed by title, when the document
// has no title section.
func storyInput(doc *processor.Document, text func(start, end int) string, title func(string) string) Input {
	var in Input
	if len(doc.Sections) > 0 {
		in.Story = make([]string, 0, len(doc.Sections))
	}
	hasTitle := false
	for _, sec := range doc.Sections {
		if !record.IsStory(sec.Kind) || sec.Start >= sec.End || sec.End > len(doc.Text) {
			continue
		}
		if sec.Kind == record.KindTitle && !hasTitle {
			in.Title, hasTitle = text(sec.Start, sec.End), true
			continue
		}
		in.Story = append(in.Story, text(sec.Start, sec.End))
	}
	if !hasTitle {
		in.Title = title(doc.Record.Title)
	}
	if len(in.Story) == 0 && strings.TrimSpace(in.Title) == "" || len(doc.Sections) == 0 {
		in.Story = []string{text(0, len(doc.Text))}
	}
	return in
}
