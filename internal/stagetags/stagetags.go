// Package stagetags runs pipeline stages over tokenized sentences and reads
// the entities of the record they build as BIO tags on those tokens: how
// `newsenrich eval ner` scores the entities stage on CoNLL data, and how
// training labels sentences with the stage's output.
package stagetags

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/processor"
)

// Tags writes sents (each a sentence's tokens) as one document, tokens
// joined by spaces and a sentence a line, with the sentence spans given and
// the record's language lang; runs stages over it in order (the last is
// normally the entities stage); and returns the BIO tags of the record's
// entity mentions on the tokens. A mention covers the tokens it overlaps
// (the entities stage leaves proclitics out of a name; corpus tokens keep
// them), and one that crosses a sentence or overlaps an earlier one is
// dropped.
func Tags(ctx context.Context, stages []processor.Stage, sents [][]string, lang string) ([][]string, error) {
	type tok struct{ start, end, sent, idx int } // byte offsets in the document
	var sb strings.Builder
	var toks []tok
	spans := make([]processor.Span, 0, len(sents))
	out := make([][]string, len(sents))
	for i, ws := range sents {
		out[i] = make([]string, len(ws))
		s0 := sb.Len()
		for j, w := range ws {
			out[i][j] = "O"
			if j > 0 {
				sb.WriteByte(' ')
			}
			toks = append(toks, tok{sb.Len(), sb.Len() + len(w), i, j})
			sb.WriteString(w)
		}
		spans = append(spans, processor.Span{Start: s0, End: sb.Len()})
		sb.WriteByte('\n')
	}
	text := sb.String()
	doc := processor.NewDocument(article.Article{Text: text}, time.Time{})
	doc.Sentences = spans
	doc.Record.Language.Code = lang
	for _, st := range stages {
		if err := st.Process(ctx, doc); err != nil {
			return nil, err
		}
	}
	// The record's code-point offsets back to bytes.
	byteAt := make([]int, 0, len(text)+1)
	for i := range text {
		byteAt = append(byteAt, i)
	}
	byteAt = append(byteAt, len(text))
	type span struct {
		start, end int
		typ        string
	}
	var ms []span
	for _, e := range doc.Record.Entities {
		for _, m := range e.Mentions {
			ms = append(ms, span{byteAt[m.Start], byteAt[m.End], e.Type})
		}
	}
	slices.SortStableFunc(ms, func(x, y span) int { return x.start - y.start })
	for _, m := range ms {
		first := sort.Search(len(toks), func(k int) bool { return toks[k].end > m.start })
		last := sort.Search(len(toks), func(k int) bool { return toks[k].start >= m.end }) - 1
		if first > last || toks[first].sent != toks[last].sent {
			continue
		}
		row := out[toks[first].sent]
		if slices.ContainsFunc(row[toks[first].idx:toks[last].idx+1], func(t string) bool { return t != "O" }) {
			continue
		}
		for k := first; k <= last; k++ {
			row[toks[k].idx] = "I-" + m.typ
		}
		row[toks[first].idx] = "B-" + m.typ
	}
	return out, nil
}
