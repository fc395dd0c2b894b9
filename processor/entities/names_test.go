package entities

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/record"
)

// namesDoc returns a document of text with its matching form and tokens,
// and the mentions of type typ at the spans of each of spans (found in
// text in order).
func namesDoc(t *testing.T, text string, spans []string, typ string) (*processor.Document, []mention) {
	t.Helper()
	doc := processor.NewDocument(article.Article{Text: text}, time.Time{})
	doc.Norm = normalize.New(text)
	doc.Tokens = tokenize.Tokenize(text)
	var ms []mention
	from := 0
	for _, sp := range spans {
		i := strings.Index(text[from:], sp)
		if i < 0 {
			t.Fatalf("%q not in %q after %d", sp, text, from)
		}
		ms = append(ms, mention{start: from + i, end: from + i + len(sp), typ: typ})
		from += i + len(sp)
	}
	return doc, ms
}

// spansOf returns the text of each mention of ms.
func spansOf(doc *processor.Document, ms []mention) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = doc.Text[m.start:m.end]
	}
	return out
}

func TestJoinGiven(t *testing.T) {
	s := New(nil, nil, nil)
	tests := []struct {
		name, text string
		tagged     []string
		typ        string
		want       []string
	}{
		{"given name before a family name", "والفنانة منى عبدالغني والتي تطل", []string{"عبدالغني"}, record.PER, []string{"منى عبدالغني"}},
		{"two given names", "قال محمد حسن كلاي إن", []string{"كلاي"}, record.PER, []string{"محمد حسن كلاي"}},
		{"at most two", "قال أحمد محمد حسن كلاي إن", []string{"كلاي"}, record.PER, []string{"محمد حسن كلاي"}},
		{"not a place", "وصل محمد القاهرة أمس", []string{"القاهرة"}, record.LOC, []string{"القاهرة"}},
		{"not past a comma", "قال محمد، كلاي إن", []string{"كلاي"}, record.PER, []string{"كلاي"}},
		{"not into the mention before", "التقى سمير جعفر كلاي", []string{"سمير جعفر", "كلاي"}, record.PER, []string{"سمير جعفر", "كلاي"}},
		{"not before a listed name", "حضر عادل وياسمين الحفل", []string{"وياسمين"}, record.PER, []string{"وياسمين"}},
		{"not a preposition", "ردا على شاشي أمس", []string{"شاشي"}, record.PER, []string{"شاشي"}},
		{"not named", "رجل باسم أوليفر وصل", []string{"أوليفر"}, record.PER, []string{"أوليفر"}},
		{"not an unknown word", "قال الوزير أبوالنجا", []string{"أبوالنجا"}, record.PER, []string{"أبوالنجا"}},
		{"not Latin script", "said Mohamed Smith", []string{"Smith"}, record.PER, []string{"Smith"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ms := namesDoc(t, tt.text, tt.tagged, tt.typ)
			s.joinGiven(doc, ms)
			if got := spansOf(doc, ms); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMergeAdjacent(t *testing.T) {
	s := New(nil, nil, nil)
	tests := []struct {
		name, text string
		tagged     []string
		typ        string
		want       []string
	}{
		{"a name cut in two", "وسمو الشيخ حمدان بن محمد بن راشد آل مكتوم رئيس المجلس", []string{"حمدان بن محمد بن راشد", "آل مكتوم"}, record.PER, []string{"حمدان بن محمد بن راشد آل مكتوم"}},
		{"three parts", "الرئيس أشرف غاني أحمد ضاي قال", []string{"أشرف", "غاني", "أحمد ضاي"}, record.PER, []string{"أشرف غاني أحمد ضاي"}},
		{"a list with a conjunction", "حضر ايمانويل ماكرون ودراماني ماهاما", []string{"ايمانويل ماكرون", "ودراماني ماهاما"}, record.PER, []string{"ايمانويل ماكرون", "ودراماني ماهاما"}},
		{"a list with a comma", "حضر ماكرون، ماهاما", []string{"ماكرون", "ماهاما"}, record.PER, []string{"ماكرون", "ماهاما"}},
		{"not places", "بين باريس لندن", []string{"باريس", "لندن"}, record.LOC, []string{"باريس", "لندن"}},
		{"not after an adjective taken for a name", "سجل البوسني إيدن دزيكو هدفا", []string{"البوسني", "إيدن دزيكو"}, record.PER, []string{"البوسني", "إيدن دزيكو"}},
		{"the conjunction left out", "هنري وروبير بيريس", []string{"وروبير", "بيريس"}, record.PER, []string{"روبير بيريس"}},
		{"not Latin script", "with Emmanuel Macron Donald Trump", []string{"Emmanuel Macron", "Donald Trump"}, record.PER, []string{"Emmanuel Macron", "Donald Trump"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ms := namesDoc(t, tt.text, tt.tagged, tt.typ)
			ms = s.mergeAdjacent(doc, ms)
			if got := spansOf(doc, ms); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMergeAdjacentKeepsLinked(t *testing.T) {
	s := New(nil, nil, nil)
	doc, ms := namesDoc(t, "قال بوتين شويغو", []string{"بوتين", "شويغو"}, record.PER)
	ms[0].ent = &gazetteer.Entity{ID: "Q7747", Type: record.PER, Canonical: "Vladimir Putin"}
	if got := spansOf(doc, s.mergeAdjacent(doc, ms)); len(got) != 2 {
		t.Errorf("got %q, want the linked name kept apart", got)
	}
}

func TestClubsByAdjective(t *testing.T) {
	s := stage(t, false, true)
	tests := []struct {
		name, text, place string
		wantType, wantID  string
	}{
		{"a club by its city", "حقق ليون الفرنسي فوزه الأول", "ليون", record.ORG, "Olympique Lyonnais"},
		{"a club the gazetteer lacks", "تعادل مع بوخارست الروماني أمس", "بوخارست", record.ORG, ""},
		{"the city, feminine", "وصل إلى ليون الفرنسية أمس", "ليون", record.LOC, "Lyon"},
		{"no adjective", "وصل إلى ليون أمس", "ليون", record.LOC, "Lyon"},
		{"a museum", "المحفوظة في متحف ليدن الهولندي", "ليدن", record.LOC, ""},
		{"a resort", "في منتجع سوتشي الروسي", "سوتشي", record.LOC, ""},
		{"the city named", "في مدينة جنيف السويسري", "جنيف", record.LOC, ""},
		{"plural adjective", "التقى في روما الإيطاليون", "روما", record.LOC, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ms := namesDoc(t, tt.text, []string{tt.place}, record.LOC)
			gm := s.gaz.Find(doc.Norm)
			if es := s.gaz.Lookup(tt.place); len(es) > 0 && es[0].Type == record.LOC {
				ms[0].ent = es[0]
			}
			before := ms[0].ent
			s.clubsByAdjective(doc, ms, gm)
			m := ms[0]
			if m.typ != tt.wantType {
				t.Fatalf("type %s, want %s", m.typ, tt.wantType)
			}
			switch {
			case tt.wantType == record.LOC && m.ent != before:
				t.Errorf("link changed to %v", m.ent)
			case tt.wantType == record.ORG && tt.wantID == "" && m.ent != nil:
				t.Errorf("linked to %s, want none", m.ent.Canonical)
			case tt.wantType == record.ORG && tt.wantID != "" && (m.ent == nil || m.ent.Canonical != tt.wantID):
				t.Errorf("linked to %v, want %s", m.ent, tt.wantID)
			}
		})
	}
}

func TestPlaceHead(t *testing.T) {
	for w, want := range map[string]bool{"متحف": true, "بمتحف": true, "ومنتجع": true, "مدينه": true, "سيسكا": false, "استقلال": false, "": false, "و": false} {
		if got := placeHead(w); got != want {
			t.Errorf("placeHead(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestOrgsByHead(t *testing.T) {
	tests := []struct {
		name, text, span, typ, want string
	}{
		{"an English head", "The campus of Bucknell University in Lewisburg", "Bucknell University", record.LOC, record.ORG},
		{"a company", "games by Konami Corp. and others", "Konami Corp.", record.PER, record.ORG},
		{"a club", "a move to Reading FC this week", "Reading FC", record.LOC, record.ORG},
		{"a French head", "à l'Université de Montréal hier", "Université de Montréal", record.LOC, record.ORG},
		{"a place's head", "flights to Mexico City resumed", "Mexico City", record.LOC, record.LOC},
		{"one word", "the University said", "University", record.LOC, record.LOC},
		{"a person", "said John Francis yesterday", "John Francis", record.PER, record.PER},
		{"Arabic script", "في جامعة القاهرة", "جامعة القاهرة", record.LOC, record.LOC},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ms := namesDoc(t, tt.text, []string{tt.span}, tt.typ)
			orgsByHead(doc, ms)
			if ms[0].typ != tt.want {
				t.Errorf("type %s, want %s", ms[0].typ, tt.want)
			}
		})
	}
	doc, ms := namesDoc(t, "to Reading FC now", []string{"Reading FC"}, record.LOC)
	ms[0].ent = &gazetteer.Entity{ID: "x", Type: record.LOC}
	if orgsByHead(doc, ms); ms[0].typ != record.LOC {
		t.Errorf("a linked name changed type")
	}
}

func TestOrgsOfPlaces(t *testing.T) {
	tests := []struct {
		name, text string
		spans      []string
		typ        string
		want       []string
		wantType   string
	}{
		{"a university", "تخرج في جامعة القاهرة عام", []string{"القاهرة"}, record.LOC, []string{"جامعة القاهرة"}, record.ORG},
		{"a clitic outside", "أعلن لتلفزيون السودان أن", []string{"السودان"}, record.LOC, []string{"تلفزيون السودان"}, record.ORG},
		{"a head tagged as a place", "أدرجت في بورصة لندن أمس", []string{"بورصة", "لندن"}, record.LOC, []string{"بورصة لندن"}, record.ORG},
		{"no head", "وصل إلى القاهرة أمس", []string{"القاهرة"}, record.LOC, []string{"القاهرة"}, record.LOC},
		{"a city", "في مدينة جدة أمس", []string{"جدة"}, record.LOC, []string{"جدة"}, record.LOC},
		{"not a place", "قال جامعة محمد", []string{"محمد"}, record.PER, []string{"محمد"}, record.PER},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ms := namesDoc(t, tt.text, tt.spans, tt.typ)
			ms = orgsOfPlaces(doc, ms)
			if got := spansOf(doc, ms); !slices.Equal(got, tt.want) || ms[len(ms)-1].typ != tt.wantType {
				t.Errorf("got %q %s, want %q %s", got, ms[len(ms)-1].typ, tt.want, tt.wantType)
			}
		})
	}
}

func TestFamilyNames(t *testing.T) {
	tests := []struct {
		name, text string
		spans      []string
		typs       []string
		want       []string
	}{
		{"untagged family name", "وسمو الشيخ حمد بن خليفة آل ثاني ، وسمو", []string{"حمد بن خليفة"}, []string{record.PER}, []string{"حمد بن خليفة آل ثاني"}},
		{"family name tagged apart", "الشيخ حمدان بن محمد بن راشد آل مكتوم رئيس", []string{"حمدان بن محمد بن راشد", "آل مكتوم"}, []string{record.PER, record.PER}, []string{"حمدان بن محمد بن راشد آل مكتوم"}},
		{"another mention there", "زار محمد آل البيت", []string{"محمد", "آل البيت"}, []string{record.PER, record.ORG}, []string{"محمد", "آل البيت"}},
		{"not a person", "في دبي آل مكتوم", []string{"دبي"}, []string{record.LOC}, []string{"دبي"}},
		{"no family name", "قال حمد بن خليفة إن", []string{"حمد بن خليفة"}, []string{record.PER}, []string{"حمد بن خليفة"}},
		{"آل at the end", "قال حمد بن خليفة آل", []string{"حمد بن خليفة"}, []string{record.PER}, []string{"حمد بن خليفة"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ms := namesDoc(t, tt.text, tt.spans, record.PER)
			for i := range ms {
				ms[i].typ = tt.typs[i]
			}
			ms = familyNames(doc, ms)
			if got := spansOf(doc, ms); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestOrgHeadsBefore(t *testing.T) {
	tests := []struct {
		name, text, span string
		linked           bool
		want             string
	}{
		{"a party", "هزيمة لحكومة حزب كاديما بعد", "كاديما", false, "حزب كاديما"},
		{"a clitic outside", "انضم لحزب كاديما أمس", "كاديما", false, "حزب كاديما"},
		{"apposition to a known name", "قالت منظمة أوبك إن", "أوبك", true, "أوبك"},
		{"no head", "قالت صحيفة هآرتس إن", "هآرتس", false, "هآرتس"},
		{"organising", "تنظيم مجلس أبوظبي للاستثمار", "مجلس أبوظبي للاستثمار", false, "مجلس أبوظبي للاستثمار"},
		{"a head written twice", "قال حزب حزب الله", "حزب الله", false, "حزب الله"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ms := namesDoc(t, tt.text, []string{tt.span}, record.ORG)
			if tt.linked {
				ms[0].ent = &gazetteer.Entity{ID: "x", Type: record.ORG}
			}
			orgHeadsBefore(doc, ms)
			if got := spansOf(doc, ms)[0]; got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestClubWordsOutsideSport(t *testing.T) {
	s := stage(t, false, true)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"after a word for a team", "وقال المدير الفني للفريق الأهلي لكرة القدم", []string{"الأهلي"}},
		{"an adjective after it", "وقال مدرب فريق الوكرة القطري أمس", []string{"الوكرة"}},
		{"part of a longer name", "على فريق الهلال الأحمر وهم", nil},
		{"no word for a team", "المجتمع الأهلي في مصر", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, _ := namesDoc(t, tt.text, nil, record.ORG)
			gm := s.gaz.Find(doc.Norm)
			folded := make([]string, len(doc.Tokens))
			for i, tk := range doc.Tokens {
				folded[i] = foldSpan(doc, tk.Start, tk.End)
			}
			var got []string
			for _, m := range s.clubWords(doc, folded, nil, adjectiveSpans(gm)) {
				if m.typ == record.ORG {
					got = append(got, doc.Text[m.start:m.end])
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestOrgsAfterHeads(t *testing.T) {
	s := stage(t, false, true)
	tests := []struct {
		name, text, span, typ string
		linkPlace             bool
		wantType, wantEntity  string
	}{
		{"a company", "وتهدف شركة ديمورا إلي بيعها", "ديمورا", record.PER, false, record.ORG, ""},
		{"a newspaper named after a city", "قالت صحيفة القدس إن", "القدس", record.LOC, true, record.ORG, ""},
		{"a club named after a country", "مع نادي قطر الذي", "قطر", record.LOC, true, record.ORG, ""},
		{"a club the gazetteer knows", "انتقل إلى نادي ليون أمس", "ليون", record.LOC, true, record.ORG, "Olympique Lyonnais"},
		{"a team's person", "قال فريق روبرت مولر إن", "روبرت مولر", record.PER, false, record.PER, ""},
		{"a match", "أعقبت مباراة الإمارات اتضح", "الإمارات", record.LOC, true, record.ORG, "United Arab Emirates national team"},
		{"no head", "قال إن الإمارات", "الإمارات", record.LOC, true, record.LOC, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ms := namesDoc(t, tt.text, []string{tt.span}, tt.typ)
			if tt.linkPlace {
				for _, e := range s.gaz.Lookup(tt.span) {
					if e.Type == record.LOC {
						ms[0].ent = e
						break
					}
				}
			}
			s.orgsAfterHeads(doc, ms)
			if ms[0].typ != tt.wantType {
				t.Fatalf("type %s, want %s", ms[0].typ, tt.wantType)
			}
			if tt.wantType == record.ORG {
				got := ""
				if ms[0].ent != nil {
					got = ms[0].ent.Canonical
				}
				if got != tt.wantEntity {
					t.Errorf("linked to %q, want %q", got, tt.wantEntity)
				}
			}
		})
	}
}

func TestRulersOfPlaces(t *testing.T) {
	s := stage(t, false, true)
	tests := []struct {
		name, text, span, typ string
		want, wantType        string
	}{
		{"a ruler", "وقال حاكم دبي إن", "حاكم دبي", record.ORG, "دبي", record.LOC},
		{"an emir", "استقبل أمير قطر الوفد", "أمير قطر", record.PER, "قطر", record.LOC},
		{"not a place", "قال رئيس الوزراء", "رئيس الوزراء", record.ORG, "رئيس الوزراء", record.ORG},
		{"no title", "قال مطار دبي", "مطار دبي", record.ORG, "مطار دبي", record.ORG},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ms := namesDoc(t, tt.text, []string{tt.span}, tt.typ)
			s.rulersOfPlaces(doc, ms)
			if got := spansOf(doc, ms)[0]; got != tt.want || ms[0].typ != tt.wantType {
				t.Errorf("got %q %s, want %q %s", got, ms[0].typ, tt.want, tt.wantType)
			}
		})
	}
}

func TestBareHeads(t *testing.T) {
	tests := []struct {
		name, text, span string
		linked           bool
		kept             bool
	}{
		{"a club's head left over", "فاز نادي الشمال", "نادي", false, false},
		{"with the article and a clitic", "وقال للمجلس إن", "للمجلس", false, false},
		{"a name", "قالت أوربت إن", "أوربت", false, true},
		{"two words", "قال مجلس الأمن", "مجلس الأمن", false, true},
		{"linked", "قال المجلس إن", "المجلس", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ms := namesDoc(t, tt.text, []string{tt.span}, record.ORG)
			if tt.linked {
				ms[0].ent = &gazetteer.Entity{ID: "x", Type: record.ORG}
			}
			if got := len(bareHeads(doc, ms)) == 1; got != tt.kept {
				t.Errorf("kept %v, want %v", got, tt.kept)
			}
		})
	}
}
