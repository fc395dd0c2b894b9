// Package language is the stage that identifies the language of an
// article: it fills Record.Language with an ISO 639-1 code and the
// identifier's confidence.
//
// The text read is the title followed by the article text. When the input
// declares a language, the stage still detects: the declared language is
// only a prior (langid.PriorWeight times as probable a priori as each
// other language), so a wrong declaration is overridden by the text while
// a headline-length text that is genuinely ambiguous follows the sender.
package language

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/newsenrich/newsenrich/nlp/langid"
	"github.com/newsenrich/newsenrich/processor"
)

// Stage identifies the article's language.
type Stage struct {
	model *langid.Model
}

// New returns the stage with the embedded language model.
func New() (*Stage, error) {
	m, err := langid.Load()
	if err != nil {
		return nil, fmt.Errorf("language stage: %w", err)
	}
	return &Stage{model: m}, nil
}

// NewWithModel returns the stage with the given model.
func NewWithModel(m *langid.Model) *Stage { return &Stage{model: m} }

// Name returns "language".
func (*Stage) Name() string { return "language" }

// Process fills doc.Record.Language.
func (s *Stage) Process(_ context.Context, doc *processor.Document) error {
	prior := strings.ToLower(strings.TrimSpace(doc.Input.Language))
	if i := strings.IndexAny(prior, "-_"); i > 0 { // "fa-IR" → "fa"
		prior = prior[:i]
	}
	var r langid.Result
	if t := doc.Record.Title; t != "" && !strings.HasPrefix(doc.Text, t) {
		r = s.model.DetectTitled(t, doc.Text, prior) // the title, then the text
	} else {
		r = s.model.DetectWithPrior(doc.Text, prior)
	}
	doc.Record.Language.Code = r.Code
	// Three decimals: more digits are noise and make records differ
	// across platforms.
	doc.Record.Language.Confidence = math.Round(r.Confidence*1000) / 1000
	return nil
}
