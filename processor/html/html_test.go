package html

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/processor/sections"
	"github.com/newsenrich/newsenrich/record"
)

func readPage(tb testing.TB, name string) string {
	tb.Helper()
	data, err := os.ReadFile("../../testdata/pages/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	return string(data)
}

func TestExtract(t *testing.T) {
	tests := []struct {
		file, title, published, author, site string
		story                                []string // paragraphs that must be extracted, in order
		debris                               []string // page furniture that must not
	}{
		{
			file:      "en_storm.html",
			title:     "Storm Elowen cuts power to 200,000 homes across western England",
			published: "2024-03-14T09:30:00Z", author: "Harriet Cole", site: "Example News",
			story: []string{"LONDON, March 14 (Reuters) - Storm Elowen", "The Met Office issued", "Rail operators cancelled", "\"We have not seen winds", "The Environment Agency said"},
			debris: []string{"Business", "Ministers face questions", "2 hours ago", "Related stories",
				"Flood defences in Somerset", "Privacy policy", "All rights reserved"},
		},
		{
			file:      "fr_greve.html",
			title:     "Grève à la SNCF : un trafic très perturbé attendu jeudi en Île-de-France",
			published: "2024-02-06T18:02:00+01:00", author: "Camille Martin", site: "Le Quotidien Exemple",
			story: []string{"La SNCF prévoit", "Selon la direction", "Les syndicats reprochent", "« Nous ne lâcherons rien"},
			debris: []string{"cookies", "Accueil", "Les plus lus", "Incendie dans un entrepôt", "il y a 2 heures",
				"Abonnez-vous", "Tous droits réservés"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p, err := Extract(readPage(t, tt.file), "https://example.com/news/1")
			if err != nil {
				t.Fatal(err)
			}
			if p.Title != tt.title || p.Author != tt.author || p.Site != tt.site {
				t.Errorf("metadata %q %q %q", p.Title, p.Author, p.Site)
			}
			if got := p.PublishedAt.Format(time.RFC3339); got != tt.published {
				t.Errorf("published %s, want %s", got, tt.published)
			}
			lines := strings.Split(p.Text, "\n\n")
			if lines[0] != tt.title {
				t.Errorf("first line %q, want the title", lines[0])
			}
			at := 0
			for _, s := range tt.story {
				i := strings.Index(p.Text[at:], s)
				if i < 0 {
					t.Errorf("story paragraph %q missing or out of order in\n%s", s, p.Text)
					continue
				}
				at += i
				// Each paragraph is on a line of its own.
				if at > 0 && p.Text[at-2:at] != "\n\n" {
					t.Errorf("paragraph %q does not start a line", s)
				}
			}
			for _, d := range tt.debris {
				if strings.Contains(p.Text, d) {
					t.Errorf("debris %q extracted", d)
				}
			}
		})
	}
}

// TestStageWithSections runs html then sections as the pipeline does.
func TestStageWithSections(t *testing.T) {
	a := article.Article{HTML: readPage(t, "fr_greve.html"), URL: "https://example.com/news/1"}
	doc := processor.NewDocument(a, time.Time{})
	for _, st := range []processor.Stage{New(), sections.New()} {
		if err := st.Process(context.Background(), doc); err != nil {
			t.Fatal(err)
		}
	}
	if doc.Record.Title != "Grève à la SNCF : un trafic très perturbé attendu jeudi en Île-de-France" {
		t.Errorf("title %q", doc.Record.Title)
	}
	if doc.Record.PublishedAt != "2024-02-06T18:02:00+01:00" {
		t.Errorf("published_at %q", doc.Record.PublishedAt)
	}
	if doc.Record.Source.Outlet != "Le Quotidien Exemple" {
		t.Errorf("outlet %q", doc.Record.Source.Outlet)
	}
	kinds := map[string]string{}
	for _, s := range doc.Sections {
		kinds[doc.Text[s.Start:s.End]] = s.Kind
	}
	if k := kinds[doc.Record.Title]; k != record.KindTitle {
		t.Errorf("title line is %q", k)
	}
	if len(doc.Sections) == 0 || doc.Sections[len(doc.Sections)-1].Kind != record.KindBody {
		t.Errorf("sections %+v", doc.Sections)
	}
	// Text given with the HTML is kept; the page only adds metadata.
	a.Text = "Texte fourni."
	doc = processor.NewDocument(a, time.Time{})
	if err := New().Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if doc.Text != "Texte fourni." || doc.Record.Title == "" {
		t.Errorf("text %q title %q", doc.Text, doc.Record.Title)
	}
}

func TestNoHTML(t *testing.T) {
	doc := processor.NewDocument(article.Article{Text: "plain"}, time.Time{})
	if err := New().Process(context.Background(), doc); err != nil || doc.Text != "plain" {
		t.Errorf("text %q, err %v", doc.Text, err)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("<html><body><p>a</p><nav>b</nav></body></html>")
	f.Add("<p>unclosed <div><li>x")
	f.Fuzz(func(t *testing.T, page string) {
		p, err := Extract(page, "")
		if err == nil && strings.Contains(p.Text, "\n\n\n") {
			t.Fatalf("empty paragraph in %q", p.Text)
		}
	})
}

func BenchmarkExtract(b *testing.B) {
	page := readPage(b, "en_storm.html")
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Extract(page, "https://example.com/news/1"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestExtractShortPages(t *testing.T) {
	long := strings.Repeat("قال الرئيس إن المفاوضات مستمرة بين الطرفين منذ أسابيع. ", 8)
	tests := []struct {
		name, page, title, text string
	}{
		{"tiny page", "<html><body><p>Short text.</p></body></html>", "", "Short text."},
		{"not html", "just text", "", "just text"},
		{"short page with furniture",
			"<html dir=rtl><head><title>عنوان الخبر</title></head><body><nav><a>الرئيسية</a> <a>أخبار</a></nav><h1>عنوان الخبر</h1><p>قال الرئيس إن المفاوضات مستمرة.<br>وأضاف أن الاتفاق قريب.</p><footer>جميع الحقوق محفوظة</footer></body></html>",
			"عنوان الخبر", "عنوان الخبر\n\nقال الرئيس إن المفاوضات مستمرة.\n\nوأضاف أن الاتفاق قريب."},
		{"line breaks in a long paragraph",
			"<html><head><title>خبر</title></head><body><article><p>" + long + "<br>" + long + "</p></article></body></html>",
			"خبر", "خبر\n\n" + strings.TrimSpace(long) + "\n\n" + strings.TrimSpace(long)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Extract(tt.page, "")
			if err != nil {
				t.Fatal(err)
			}
			if p.Title != tt.title || p.Text != tt.text {
				t.Errorf("got %q %q\nwant %q %q", p.Title, p.Text, tt.title, tt.text)
			}
		})
	}
}
