package temporal

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/record"
)

const story = "أعلن البيت الأبيض أمس الإثنين أن الرئيس سيزور المنطقة في سبتمبر.\n" +
	"زيلينسكي يزور دونيتسك منذ ساعة\n" +
	"وقال بوتين الاثنين إنه فاشل."

func doc(t *testing.T, published, message time.Time) *processor.Document {
	t.Helper()
	d := processor.NewDocument(article.Article{Text: story, PublishedAt: published}, message)
	d.Norm = normalize.New(d.Text)
	d.Record.Language.Code = "ar"
	ticker := strings.Index(story, "زيلينسكي")
	tickerEnd := strings.Index(story, "\nوقال")
	d.Sections = []processor.Section{
		{Kind: record.KindLead, Start: 0, End: ticker},
		{Kind: record.KindTicker, Start: ticker, End: tickerEnd},
		{Kind: record.KindBody, Start: tickerEnd, End: len(story)},
	}
	return d
}

func TestProcess(t *testing.T) {
	pub := time.Date(2023, 9, 5, 0, 0, 0, 0, time.UTC)
	msg := time.Date(2023, 9, 12, 8, 0, 0, 0, time.UTC)
	type exp struct{ text, value, section string }
	cases := []struct {
		name       string
		pub, msg   time.Time
		wantAnchor string
		want       []exp
	}{
		{"published", pub, msg, record.AnchorPublished, []exp{
			{"أمس الإثنين", "2023-09-04", "lead"}, {"سبتمبر", "2023-09", "lead"},
			{"منذ ساعة", "2023-09-04T23:00", "ticker"}, {"الاثنين", "2023-09-04", "body"}}},
		{"message time", time.Time{}, msg, record.AnchorMessage, []exp{
			{"أمس الإثنين", "2023-09-11", "lead"}, {"سبتمبر", "2023-09", "lead"},
			{"منذ ساعة", "2023-09-12T07:00", "ticker"}, {"الاثنين", "2023-09-11", "body"}}},
		{"no anchor", time.Time{}, time.Time{}, record.AnchorNone, []exp{
			{"أمس الإثنين", "PAST_REF", "lead"}, {"سبتمبر", "XXXX-09", "lead"},
			{"منذ ساعة", "PAST_REF", "ticker"}, {"الاثنين", "XXXX-WXX-1", "body"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := doc(t, c.pub, c.msg)
			if err := New().Process(context.Background(), d); err != nil {
				t.Fatal(err)
			}
			got := d.Record.Temporal
			if len(got) != len(c.want) {
				t.Fatalf("got %d expressions %+v, want %d", len(got), got, len(c.want))
			}
			runes := []rune(story)
			for k, w := range c.want {
				g := got[k]
				if g.Text != w.text || g.Value != w.value || g.Section != w.section || g.Anchor != c.wantAnchor {
					t.Errorf("#%d = %+v, want %+v anchor %s", k, g, w, c.wantAnchor)
				}
				// Offsets are code points into the original text.
				if string(runes[g.Start:g.End]) != g.Text {
					t.Errorf("#%d: code points [%d,%d) hold %q, not %q", k, g.Start, g.End, string(runes[g.Start:g.End]), g.Text)
				}
				if g.End > utf8.RuneCountInString(story) {
					t.Errorf("#%d: end %d past the text", k, g.End)
				}
			}
		})
	}
}

func TestProcessWithoutTextStage(t *testing.T) {
	d := processor.NewDocument(article.Article{Text: "Talks resume next week."}, time.Date(2023, 9, 5, 0, 0, 0, 0, time.UTC))
	if err := New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if len(d.Record.Temporal) != 1 || d.Record.Temporal[0].Value != "2023-W37" || d.Record.Temporal[0].Section != record.KindBody {
		t.Fatalf("got %+v", d.Record.Temporal)
	}
}

func BenchmarkProcess(b *testing.B) {
	s := New()
	text := strings.Repeat(story+"\n", 20)
	pub := time.Date(2023, 9, 5, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		d := processor.NewDocument(article.Article{Text: text, PublishedAt: pub}, time.Time{})
		d.Norm = normalize.New(text)
		if err := s.Process(context.Background(), d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
