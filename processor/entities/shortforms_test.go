package entities

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/record"
)

func TestJoinShortForms(t *testing.T) {
	type span struct{ s, typ string }
	for _, tc := range []struct {
		name  string
		text  string
		spans []span // in order of the text, each at its next occurrence
		want  []string
	}{
		{
			name:  "title and surname",
			text:  "Kat Baxter spoke. Ms Baxter said more.",
			spans: []span{{"Kat Baxter", record.PER}, {"Ms Baxter", record.ORG}},
			want:  []string{"PER Kat Baxter 2"},
		},
		{
			name:  "French title, person tagged as a place",
			text:  "Alison Rose parle. M. Rose ajoute.",
			spans: []span{{"Alison Rose", record.LOC}, {"M. Rose", record.PER}},
			want:  []string{"PER Alison Rose 2"},
		},
		{
			name:  "title and first name",
			text:  "Dame Sharon White spoke. Dame Sharon said.",
			spans: []span{{"Dame Sharon White", record.PER}, {"Dame Sharon", record.PER}},
			want:  []string{"PER Dame Sharon White 2"},
		},
		{
			name:  "two people of one surname: no join",
			text:  "Ann Smith and John Smith met. Mr Smith left.",
			spans: []span{{"Ann Smith", record.PER}, {"John Smith", record.PER}, {"Mr Smith", record.ORG}},
			want:  []string{"PER Ann Smith 1", "PER John Smith 1", "PER Mr Smith 1"},
		},
		{
			name:  "acronym",
			text:  "The Office for National Statistics (ONS) said. The ONS added.",
			spans: []span{{"Office for National Statistics", record.ORG}, {"ONS", record.ORG}, {"ONS", record.LOC}},
			want:  []string{"ORG Office for National Statistics 3"},
		},
		{
			name:  "French acronym",
			text:  "Le Programme alimentaire mondial (PAM) aide.",
			spans: []span{{"Programme alimentaire mondial", record.ORG}, {"PAM", record.ORG}},
			want:  []string{"ORG Programme alimentaire mondial 2"},
		},
		{
			name:  "acronym of something else",
			text:  "The Office for National Statistics said. The BBC added.",
			spans: []span{{"Office for National Statistics", record.ORG}, {"BBC", record.ORG}},
			want:  []string{"ORG Office for National Statistics 1", "ORG BBC 1"},
		},
		{
			name:  "first word of an organisation",
			text:  "Octopus Energy said. Octopus added.",
			spans: []span{{"Octopus Energy", record.ORG}, {"Octopus", record.PER}},
			want:  []string{"ORG Octopus Energy 2"},
		},
		{
			name:  "first word of two organisations: no join",
			text:  "Crown Resorts and Crown Towers. Crown said.",
			spans: []span{{"Crown Resorts", record.ORG}, {"Crown Towers", record.ORG}, {"Crown", record.ORG}},
			want:  []string{"ORG Crown Resorts 1", "ORG Crown Towers 1", "ORG Crown 1"},
		},
		{
			name:  "no join into two names run together",
			text:  "Lib Dems and Conservatives met. The Lib Dems left.",
			spans: []span{{"Lib Dems and Conservatives", record.ORG}, {"Lib Dems", record.ORG}},
			want:  []string{"ORG Lib Dems and Conservatives 1", "ORG Lib Dems 1"},
		},
		{
			name:  "no join into a name and a common word",
			text:  "The Communist Party government fell. The Communist Party met.",
			spans: []span{{"Communist Party government", record.ORG}, {"Communist Party", record.ORG}},
			want:  []string{"ORG Communist Party government 1", "ORG Communist Party 1"},
		},
		{
			name:  "French name with function words",
			text:  "La Coupe des Nations commence. La Coupe dure.",
			spans: []span{{"Coupe des Nations", record.ORG}, {"Coupe", record.PER}},
			want:  []string{"ORG Coupe des Nations 2"},
		},
		{
			name:  "a place is not the organisation named after it",
			text:  "Leeds City Museum is in Leeds.",
			spans: []span{{"Leeds City Museum", record.ORG}, {"Leeds", record.LOC}},
			want:  []string{"ORG Leeds City Museum 1", "LOC Leeds 1"},
		},
		{
			name:  "month as a date",
			text:  "Prices rose in April. April was hot.",
			spans: []span{{"April", record.PER}, {"April", record.PER}},
			want:  nil,
		},
		{
			name:  "month name as a name",
			text:  "April said so. April agreed.",
			spans: []span{{"April", record.PER}, {"April", record.PER}},
			want:  []string{"PER April 2"},
		},
		{
			name:  "month before a year",
			text:  "Inflation (May 2022) was high.",
			spans: []span{{"May", record.LOC}},
			want:  nil,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := processor.NewDocument(article.Article{Text: tc.text}, time.Time{})
			var ms []mention
			from := 0
			for _, sp := range tc.spans {
				i := strings.Index(tc.text[from:], sp.s)
				if i < 0 {
					t.Fatalf("%q not found after %d", sp.s, from)
				}
				a := from + i
				ms = append(ms, mention{start: a, end: a + len(sp.s), typ: sp.typ})
				from = a + len(sp.s)
			}
			var got []string
			for _, e := range group(doc, ms, nil, nil) {
				got = append(got, fmt.Sprintf("%s %s %d", e.Type, e.Canonical, e.Count))
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAbbreviates(t *testing.T) {
	for _, tc := range []struct {
		acr   string
		words string
		want  bool
	}{
		{"OECD", "organisation for economic co-operation and development", true},
		{"OECD", "organisation for economic cooperation and development", true},
		{"VGCCC", "victorian gambling and casino control commission", true},
		{"PAM", "programme alimentaire mondial", true},
		{"ONU", "organisation des nations unies", true},
		{"ONS", "office for national", false},
		{"UK", "uk", false},
		{"NHS", "national health", false},
	} {
		if got := abbreviates(tc.acr, strings.Fields(tc.words)); got != tc.want {
			t.Errorf("abbreviates(%q, %q) = %v, want %v", tc.acr, tc.words, got, tc.want)
		}
	}
}

func TestConjunctionBeforeGivenName(t *testing.T) {
	s := New(nil, nil, nil)
	for _, tc := range []struct {
		text, typ, want string
	}{
		{"قال المطرب ومحمد حماقي إن", record.PER, "محمد حماقي"},
		{"قال المطرب وزياد الرحباني إن", record.PER, "زياد الرحباني"},
		{"قال المدرب وليد الركراكي إن", record.PER, "وليد الركراكي"}, // وليد is a name
		{"قال ومحمد حماقي إن", record.ORG, "ومحمد حماقي"},            // a person's name only
	} {
		doc := processor.NewDocument(article.Article{Text: tc.text}, time.Time{})
		doc.Norm = normalize.New(doc.Text)
		doc.Tokens = tokenize.Tokenize(doc.Text)
		folded := make([]string, len(doc.Tokens))
		for i, tk := range doc.Tokens {
			folded[i] = normalize.Fold(doc.Text[tk.Start:tk.End])
		}
		start := strings.Index(tc.text, " ") + 1
		start += strings.Index(tc.text[start:], " ") + 1
		if strings.HasPrefix(tc.text, "قال و") {
			start = len("قال ")
		}
		end := strings.LastIndex(tc.text, " ")
		m := mention{start: start, end: end, typ: tc.typ}
		s.refine(doc, &m, &wordSet{tokens: doc.Tokens, folded: folded})
		if got := doc.Text[m.start:m.end]; got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestJoinShortFormsPlaceInSport: a city's name joins the club named
// after it only in a sports story.
func TestJoinShortFormsPlaceInSport(t *testing.T) {
	text := "The Denver Nuggets won. Denver coach Mike Malone said."
	place := func(f string) bool { return f == "denver" }
	for _, tc := range []struct {
		sport bool
		want  string
	}{
		{true, "ORG Denver Nuggets 2"},
		{false, "ORG Denver Nuggets 1|PER Denver 1"},
	} {
		doc := processor.NewDocument(article.Article{Text: text}, time.Time{})
		if tc.sport {
			doc.Record.Topics = []record.Topic{{Code: sportTopic}}
		}
		i := strings.Index(text, "Denver Nuggets")
		j := strings.Index(text, "Denver coach")
		ms := []mention{{start: i, end: i + len("Denver Nuggets"), typ: record.ORG}, {start: j, end: j + len("Denver"), typ: record.PER}}
		var got []string
		for _, e := range group(doc, ms, nil, place) {
			got = append(got, fmt.Sprintf("%s %s %d", e.Type, e.Canonical, e.Count))
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("sport %v: got %q, want %q", tc.sport, got, tc.want)
		}
	}
}
