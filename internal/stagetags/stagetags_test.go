package stagetags

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/record"
)

// mentions is a stage that puts an entity on each given substring of the
// text (its first occurrence at or after the previous one), with
// code-point offsets as the entities stage writes them.
type mentions struct {
	names []string
	types []string
	err   error
}

func (*mentions) Name() string { return "mentions" }

func (m *mentions) Process(_ context.Context, doc *processor.Document) error {
	if m.err != nil {
		return m.err
	}
	from := 0
	for i, n := range m.names {
		b := strings.Index(doc.Text[from:], n) + from
		start := len([]rune(doc.Text[:b]))
		doc.Record.Entities = append(doc.Record.Entities, record.Entity{Type: m.types[i], Text: n, Count: 1,
			Mentions: []record.Mention{{Start: start, End: start + len([]rune(n)), Text: n}}})
		from = b + 1
	}
	return nil
}

func TestTags(t *testing.T) {
	sents := [][]string{
		{"قال", "الرئيس", "فلاديمير", "بوتين", "في", "لموسكو"},
		{"Kim", "Jong", "Un", "visited", "Moscow"},
	}
	tests := []struct {
		name  string
		stage *mentions
		want  [][]string
	}{
		{
			name:  "spans, and a mention inside a token (a proclitic left out) tags the token",
			stage: &mentions{names: []string{"فلاديمير بوتين", "موسكو", "Kim Jong Un", "Moscow"}, types: []string{record.PER, record.LOC, record.PER, record.LOC}},
			want:  [][]string{{"O", "O", "B-PER", "I-PER", "O", "B-LOC"}, {"B-PER", "I-PER", "I-PER", "O", "B-LOC"}},
		},
		{
			name:  "a mention across sentences is dropped",
			stage: &mentions{names: []string{"لموسكو\nKim"}, types: []string{record.LOC}},
			want:  [][]string{{"O", "O", "O", "O", "O", "O"}, {"O", "O", "O", "O", "O"}},
		},
		{
			name:  "a mention overlapping an earlier one is dropped",
			stage: &mentions{names: []string{"Kim Jong", "Jong Un"}, types: []string{record.PER, record.ORG}},
			want:  [][]string{{"O", "O", "O", "O", "O", "O"}, {"B-PER", "I-PER", "O", "O", "O"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Tags(context.Background(), []processor.Stage{tt.stage}, sents, "ar")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
	boom := errors.New("boom")
	if _, err := Tags(context.Background(), []processor.Stage{&mentions{err: boom}}, sents, "ar"); !errors.Is(err, boom) {
		t.Errorf("stage error: got %v", err)
	}
}
