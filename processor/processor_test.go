package processor

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/record"
)

// stageFunc adapts a function to Stage.
type stageFunc struct {
	name string
	f    func(ctx context.Context, doc *Document) error
}

func (s stageFunc) Name() string                                     { return s.name }
func (s stageFunc) Process(ctx context.Context, doc *Document) error { return s.f(ctx, doc) }

type observed struct {
	stage string
	err   error
}

type recorder struct{ seen []observed }

func (r *recorder) ObserveStage(stage string, _ time.Duration, err error) {
	r.seen = append(r.seen, observed{stage, err})
}

func TestPipeline(t *testing.T) {
	boom := errors.New("boom")
	appendTitle := func(s string) stageFunc {
		return stageFunc{s, func(_ context.Context, d *Document) error { d.Record.Title += s; return nil }}
	}
	tests := []struct {
		name      string
		stages    []Stage
		wantTitle string
		wantStage string // failing stage, "" for success
		wantPanic bool
		wantSeen  []string
	}{
		{"in order", []Stage{appendTitle("a"), appendTitle("b"), appendTitle("c")}, "abc", "", false, []string{"a", "b", "c"}},
		{"error stops", []Stage{appendTitle("a"), stageFunc{"bad", func(context.Context, *Document) error { return boom }}, appendTitle("c")}, "a", "bad", false, []string{"a", "bad"}},
		{"panic recovered", []Stage{appendTitle("a"), stageFunc{"crash", func(context.Context, *Document) error { panic("index out of range") }}, appendTitle("c")}, "a", "crash", true, []string{"a", "crash"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			p := New(rec, tt.stages...)
			doc := NewDocument(article.Article{Text: "x"}, time.Time{})
			err := p.Process(context.Background(), doc)
			if doc.Record.Title != tt.wantTitle {
				t.Errorf("title %q, want %q", doc.Record.Title, tt.wantTitle)
			}
			var se *StageError
			switch {
			case tt.wantStage == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tt.wantStage != "":
				if !errors.As(err, &se) || se.Stage != tt.wantStage || se.Panic != tt.wantPanic {
					t.Fatalf("error %#v, want stage %q panic %v", err, tt.wantStage, tt.wantPanic)
				}
				if !tt.wantPanic && !errors.Is(err, boom) {
					t.Errorf("error %v does not wrap the stage's error", err)
				}
				if tt.wantPanic && !strings.Contains(err.Error(), "index out of range") {
					t.Errorf("panic error %q lacks the panic value", err)
				}
			}
			var seen []string
			for _, o := range rec.seen {
				seen = append(seen, o.stage)
			}
			if strings.Join(seen, ",") != strings.Join(tt.wantSeen, ",") {
				t.Errorf("observed %v, want %v", seen, tt.wantSeen)
			}
			if tt.wantStage != "" && rec.seen[len(rec.seen)-1].err == nil {
				t.Error("the failing stage was observed without its error")
			}
		})
	}
}

func TestPipelineStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ran := 0
	count := stageFunc{"count", func(context.Context, *Document) error { ran++; cancel(); return nil }}
	err := New(nil, count, count).Process(ctx, NewDocument(article.Article{Text: "x"}, time.Time{}))
	if !errors.Is(err, context.Canceled) || ran != 1 {
		t.Fatalf("err %v after %d stages, want context.Canceled after 1", err, ran)
	}
}

func TestNewDocument(t *testing.T) {
	pub := time.Date(2023, 9, 5, 8, 0, 0, 0, time.UTC)
	d := NewDocument(article.Article{ID: "x1", URL: "https://example.org/a", Title: "T", Text: "body", PublishedAt: pub}, time.Time{})
	r := d.Record
	if r.SchemaVersion != record.SchemaVersion || r.ID != "x1" || r.URL != "https://example.org/a" || r.Title != "T" || r.PublishedAt != "2023-09-05T08:00:00Z" {
		t.Errorf("record header %+v", r)
	}
	if r.Language.Code != "und" || r.Sections == nil || r.Topics == nil || r.Entities == nil || r.Temporal == nil {
		t.Errorf("empty results must be present and empty, language und: %+v", r)
	}
	if id := NewDocument(article.Article{Text: "body"}, time.Time{}).Record.ID; !strings.HasPrefix(id, "sha256:") {
		t.Errorf("id without input id = %q", id)
	}
}

func TestCodePoint(t *testing.T) {
	// Long enough to cross several index strides, mixing 1-, 2-, 3- and 4-byte runes.
	text := strings.Repeat("aé€𝄞 كوريا ", 40)
	d := &Document{Text: text}
	n := 0
	for i := range text {
		if got := d.CodePoint(i); got != n {
			t.Fatalf("CodePoint(%d) = %d, want %d", i, got, n)
		}
		n++
	}
	if got, want := d.CodePoint(len(text)), utf8.RuneCountInString(text); got != want {
		t.Errorf("CodePoint(end) = %d, want %d", got, want)
	}
	if d.CodePoint(-3) != 0 || d.CodePoint(len(text)+10) != utf8.RuneCountInString(text) {
		t.Error("out-of-range offsets are not clamped")
	}
	d.SetText("abc")
	if d.CodePoint(2) != 2 {
		t.Error("SetText did not reset the index")
	}
}

func TestSectionAt(t *testing.T) {
	d := &Document{Sections: []Section{{record.KindLead, 0, 10}, {record.KindTicker, 12, 20}, {record.KindRelated, 20, 30}}}
	tests := []struct {
		off  int
		want string
	}{{0, record.KindLead}, {9, record.KindLead}, {10, record.KindBody}, {12, record.KindTicker}, {19, record.KindTicker}, {20, record.KindRelated}, {35, record.KindBody}}
	for _, tt := range tests {
		if got := d.SectionAt(tt.off); got != tt.want {
			t.Errorf("SectionAt(%d) = %q, want %q", tt.off, got, tt.want)
		}
	}
	if got := (&Document{}).SectionAt(3); got != record.KindBody {
		t.Errorf("no sections: %q", got)
	}
}

func TestStages(t *testing.T) {
	p := New(nil, stageFunc{"a", nil}, stageFunc{"b", nil})
	if got := strings.Join(p.Stages(), ","); got != "a,b" {
		t.Errorf("Stages() = %q", got)
	}
}

// checkCodePoint compares CodePoint at every byte offset of text (and a
// few outside it) with utf8.RuneCountInString of the text before it and
// with codePointByRunes, the first implementation (an index of every 64th
// rune), on documents with no matching form, with the text's own and with
// another text's.
func checkCodePoint(t *testing.T, text string) {
	t.Helper()
	docs := []*Document{
		{Text: text},
		{Text: text, Norm: normalize.New(text)},
		{Text: text, Norm: normalize.New(text + "x")},
	}
	for _, d := range docs {
		ref := &Document{Text: text}
		for i := -2; i <= len(text)+2; i++ {
			want := utf8.RuneCountInString(text[:min(max(i, 0), len(text))])
			if i > 0 {
				if old := ref.codePointByRunes(min(i, len(text))); old != want {
					t.Fatalf("%.40q: codePointByRunes(%d) = %d, want %d", text, i, old, want)
				}
			}
			if got := d.CodePoint(i); got != want {
				t.Fatalf("%.40q (norm %v): CodePoint(%d) = %d, want %d", text, d.Norm != nil, i, got, want)
			}
		}
	}
}

func TestCodePointMatchesReference(t *testing.T) {
	texts := []string{
		"", "a", "é", "\xe2\x82", "\xff", strings.Repeat("aé€𝄞 كوريا ", 40),
		strings.Repeat("\xe2\x80 \xff\xd8ب\xc3", 30), strings.Repeat("كوريا", 30) + "\xd8",
		"\xf0\x9d\x84" + strings.Repeat("abcdefg", 20), strings.Repeat("\xef\xbf\xbd", 50),
	}
	if data, err := os.ReadFile("../../shared/fixtures/sample_article_ar.txt"); err == nil {
		texts = append(texts, string(data))
	}
	for _, text := range texts {
		checkCodePoint(t, text)
	}
}

func FuzzCodePoint(f *testing.F) {
	f.Add(strings.Repeat("aé€𝄞 كوريا ", 20))
	f.Add(strings.Repeat("\xe2\x80 \xff\xd8ب\xc3", 30))
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 512 { // the check is quadratic: fuzzing instruments every comparison
			return
		}
		checkCodePoint(t, text)
	})
}
