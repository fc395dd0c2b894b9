package entities

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/record"
)

func TestDatelinePlace(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		place string // the dateline's place: its first occurrence in text
		// want maps an entity's text to its type; "" means no entity
		// has that text.
		want map[string]string
	}{
		{
			name:  "unknown place in capitals becomes a place with its other mentions",
			text:  "MARCIAC (Gers), 20 juillet - Pendant trois semaines, le petit village de Marciac vivra au rythme du jazz.",
			place: "MARCIAC",
			want:  map[string]string{"MARCIAC": record.LOC},
		},
		{
			name:  "a place the tagger took for a person",
			text:  "مقديشيو - رويترز\nقالت الشرطة الصومالية إن انفجارا وقع قرب مقر الحكومة اليوم.",
			place: "مقديشيو",
			want:  map[string]string{"مقديشيو": record.LOC},
		},
		{
			name:  "a linked organisation keeps its type",
			text:  "NATO — The alliance said on Monday that it would expand its forces in the east.",
			place: "NATO",
			want:  map[string]string{"NATO": record.ORG},
		},
		{
			name:  "a reporter with a known given name stays a person",
			text:  "هاني الصفيان - العربية.نت\nأجبرت الميليشيات الحوثية سكان القرية على النزوح من منازلهم في محافظة الحديدة.",
			place: "هاني الصفيان",
			want:  map[string]string{"هاني الصفيان": record.PER},
		},
		{
			name:  "an untagged Arabic word with the article is not added",
			text:  "القافلة - فهد الاسطاء\nلم يكن السينمائيون السعوديون وحدهم الذين فرحوا بقرار السماح بافتتاح صالات العرض.",
			place: "القافلة",
			want:  map[string]string{"القافلة": ""},
		},
	}
	s := stage(t, true, true)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := processor.NewDocument(article.Article{Text: tt.text}, time.Time{})
			i := strings.Index(tt.text, tt.place)
			if i < 0 {
				t.Fatalf("%q is not in the text", tt.place)
			}
			doc.DatelinePlace = processor.Span{Start: i, End: i + len(tt.place)}
			if err := s.Process(context.Background(), doc); err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, e := range doc.Record.Entities {
				got[e.Text] = e.Type
			}
			for text, typ := range tt.want {
				if got[text] != typ {
					t.Errorf("%s: type %q, want %q (entities %v)", text, got[text], typ, got)
				}
			}
		})
	}
}

func TestDatelinePlaceAdded(t *testing.T) {
	// Without a tagger only the gazetteer finds names: the dateline's
	// unknown place must be added, in order, beside them; a span that
	// is not inside the text is ignored.
	s := stage(t, false, true)
	text := "MARCIAC - Le festival de jazz a ouvert samedi, loin de Paris et de Lyon."
	tests := []struct {
		name string
		span processor.Span
		want []string // canonical names and types, in order
	}{
		{"no dateline", processor.Span{}, []string{"Paris/LOC", "Lyon/LOC"}},
		{"unknown place added", processor.Span{Start: 0, End: 7}, []string{"MARCIAC/LOC", "Paris/LOC", "Lyon/LOC"}},
		{"span past the text", processor.Span{Start: 0, End: len(text) + 1}, []string{"Paris/LOC", "Lyon/LOC"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := processor.NewDocument(article.Article{Text: text}, time.Time{})
			doc.DatelinePlace = tt.span
			if err := s.Process(context.Background(), doc); err != nil {
				t.Fatal(err)
			}
			if got := canonicals(doc); !slices.Equal(got, tt.want) {
				t.Errorf("entities %v, want %v", got, tt.want)
			}
		})
	}
}
