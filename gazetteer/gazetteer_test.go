package gazetteer

import (
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/record"
)

// loadT loads the embedded gazetteer once per test binary.
func loadT(t testing.TB) *Gazetteer {
	t.Helper()
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

type want struct {
	surface   string // text of the match in the original
	canonical string
}

func TestFind(t *testing.T) {
	g := loadT(t)
	tests := []struct {
		name string
		text string
		want []want
	}{
		{"proclitic lam", "بعد زيارة شويغو لبيونغ يانغ،", []want{{"شويغو", "Sergei Shoigu"}, {"بيونغ يانغ", "Pyongyang"}}},
		{"proclitic waw", "الولايات المتحدة وبريطانيا واليابان", []want{{"الولايات المتحدة", "United States"}, {"بريطانيا", "United Kingdom"}, {"اليابان", "Japan"}}},
		{"proclitic ba", "اجتماع بموسكو أمس", []want{{"موسكو", "Moscow"}}},
		{"hamza alef is no article", "زيارة لألمانيا ولالمانيا وبألبانيا", []want{{"ألمانيا", "Germany"}, {"المانيا", "Germany"}, {"ألبانيا", "Albania"}}},
		{"waw ba", "وبموسكو", []want{{"موسكو", "Moscow"}}},
		{"article alias after ba", "بالولايات المتحدة", []want{{"الولايات المتحدة", "United States"}}},
		{"article alias after lam", "للولايات المتحدة", []want{{"لولايات المتحدة", "United States"}}},
		{"mali inside word", "كوريا الشمالية", []want{{"كوريا الشمالية", "North Korea"}}},
		{"mali alone is ambiguous", "الوضع المالي في مالي", nil},
		{"formal name mali", "جمهورية مالي", []want{{"جمهورية مالي", "Mali"}}},
		{"no prefix of a longer word", "نيويورك تايمز", []want{{"نيويورك تايمز", "The New York Times"}}},
		{"no match inside word", "الشماليين", nil},
		{"article not glued to bare name", "البريطانيا", nil},
		{"persian letters", "کوریا الشمالیة", []want{{"کوریا الشمالیة", "North Korea"}}},
		{"diacritics and tatweel", "رُوسـيا", []want{{"رُوسـيا", "Russia"}}},
		{"formal long", "بين روسيا وجمهورية كوريا الديموقراطية الشعبية", []want{{"روسيا", "Russia"}, {"جمهورية كوريا الديموقراطية الشعبية", "North Korea"}}},
		{"longest wins", "مجلس الأمن القومي الأميركي", []want{{"مجلس الأمن القومي الأميركي", "United States National Security Council"}}},
		{"block phrase", "مستشار مجلس الأمن القومي العراقي", []want{{"العراقي", "Iraq"}}},
		{"security council", "قرارات مجلس الأمن الدولي", []want{{"مجلس الأمن الدولي", "United Nations Security Council"}}},
		{"adjective", "الرئيس الروسي", []want{{"الروسي", "Russia"}}},
		{"national team", "فاز المنتخب السعودي على منتخب مصر", []want{{"المنتخب السعودي", "Saudi Arabia national team"}, {"منتخب مصر", "Egypt national team"}}},
		{"two-word adjective", "الزعيم الكوري الشمالي", []want{{"الكوري الشمالي", "North Korea"}}},
		{"english", "Putin met Kim Jong Un in Vladivostok.", []want{{"Putin", "Vladimir Putin"}, {"Kim Jong Un", "Kim Jong Un"}, {"Vladivostok", "Vladivostok"}}},
		{"english case", "the UN said; us and the US", []want{{"UN", "United Nations"}, {"US", "United States"}}},
		{"english lower is no name", "a nice day in paris", nil},
		{"title case alias", "Le monde a lu Le Monde", []want{{"Le Monde", "Le Monde"}}},
		{"french", "Les États-Unis et la Russie", []want{{"États-Unis", "United States"}, {"Russie", "Russia"}}},
		{"agency", "دبي (أ ف ب) -", []want{{"دبي", "Dubai"}, {"أ ف ب", "AFP"}}},
		{"agency reuters", "ذكرت رويترز", []want{{"رويترز", "Reuters"}}},
		{"maghrib prayer", "بعد صلاة المغرب", nil},
		{"context alias", "وقالت صحيفة «الراي» ولصحيفة الراي", []want{{"الراي", "Al Rai"}}},
		{"context alias club", "لاعب نادي برشلونة في برشلونة", []want{{"برشلونة", "FC Barcelona"}, {"برشلونة", "Barcelona"}}},
		{"context alias city", "في مدينة غزة وقطاع غزة", []want{{"غزة", "Gaza City"}, {"قطاع غزة", "Gaza Strip"}}},
		{"overlap: agency over adjective", "وكالة الأنباء المركزية الكورية الشمالية", []want{{"وكالة الأنباء المركزية الكورية الشمالية", "KCNA"}}},
		{"overlap: longest formal name", "الولايات المتحدة الأمريكية", []want{{"الولايات المتحدة الأمريكية", "United States"}}},
		{"line break inside a name", "زار كوريا\nالشمالية  و الولايات   المتحدة", []want{{"كوريا\nالشمالية", "North Korea"}, {"الولايات   المتحدة", "United States"}}},
		{"english possessive", "Russia's war", []want{{"Russia", "Russia"}}},
		{"french elision", "l'Ukraine et d'Iran", []want{{"Ukraine", "Ukraine"}, {"Iran", "Iran"}}},
		// Clubs, companies and their ambiguous names.
		{"club by its full name", "فاز ريال مدريد على أتلتيكو مدريد", []want{{"ريال مدريد", "Real Madrid"}, {"أتلتيكو مدريد", "Atlético Madrid"}}},
		{"club named after its city", "انتقل إلى نادي العين في العين", []want{{"العين", "Al Ain FC"}}},
		{"club that is a common word", "الوحدة الوطنية ونادي الوحدة", []want{{"الوحدة", "Al Wahda FC"}}},
		{"club with its nationality", "فاز الأهلي المصري والهلال السعودي", []want{{"الأهلي", "Al Ahly"}, {"الهلال", "Al Hilal"}}},
		{"adjective outside the name", "قال حزب الله اللبناني إن الكونغرس الأميركي", []want{{"حزب الله", "Hezbollah"}, {"الكونغرس", "United States Congress"}}},
		{"place keeps its adjective", "الولايات المتحدة الأمريكية", []want{{"الولايات المتحدة الأمريكية", "United States"}}},
		{"the city bare, the club in its league", "يلعب برشلونة في دوري أبطال أوروبا", []want{{"برشلونة", "Barcelona"}, {"دوري أبطال أوروبا", "UEFA Champions League"}}},
		{"a bank named like a club", "البنك الأهلي المصري والأهلي السعودي", []want{{"البنك الأهلي المصري", "National Bank of Egypt"}, {"الأهلي", "Al-Ahli Saudi FC"}}},
		{"cooperation is no club", "التعاون السعودي الأمريكي", []want{{"السعودي", "Saudi Arabia"}, {"الأمريكي", "United States"}}},
		{"car maker", "أعلنت تويوتا وهيونداي وجنرال موتورز", []want{{"تويوتا", "Toyota"}, {"هيونداي", "Hyundai"}, {"جنرال موتورز", "General Motors"}}},
		{"nissan is april", "في نيسان الماضي", nil},
		{"nissan the company", "باعت شركة نيسان ونيسان اليابانية", []want{{"نيسان", "Nissan"}, {"نيسان", "Nissan"}}},
		{"ford the surname", "الرئيس جيرالد فورد وشركة فورد", []want{{"فورد", "Ford Motor Company"}}},
		{"english: the city bare, the club by its name", "Liverpool beat Lille OSC in Lille", []want{{"Liverpool", "Liverpool"}, {"Lille OSC", "Lille OSC"}}},
		{"body", "قرار الاتحاد الأفريقي لكرة القدم ومحكمة التحكيم الرياضي", []want{{"الاتحاد الأفريقي لكرة القدم", "Confederation of African Football"}, {"محكمة التحكيم الرياضي", "Court of Arbitration for Sport"}}},
		// UN missions and agencies, media, clubs and companies of the
		// world-knowledge lists, and the common words among their names.
		{"un mission by its full name", "قوات الأمم المتحدة المؤقتة في لبنان (اليونيفيل)", []want{{"قوات الأمم المتحدة المؤقتة في لبنان", "UNIFIL"}, {"اليونيفيل", "UNIFIL"}}},
		{"un agencies", "برنامج الأمم المتحدة الإنمائي ومنظمة الأغذية والزراعة", []want{{"برنامج الأمم المتحدة الإنمائي", "United Nations Development Programme"}, {"منظمة الأغذية والزراعة", "Food and Agriculture Organization"}}},
		{"faw is a port, not FAO", "ميناء الفاو الكبير", nil},
		{"dispatching is no IFAD", "قرر إيفاد بعثة", nil},
		{"newspaper named after a city", "نقلت صحيفة القدس عن مصادر في القدس", []want{{"القدس", "Al-Quds (newspaper)"}, {"القدس", "Jerusalem"}}},
		{"israel today is a phrase", "أعلنت إسرائيل اليوم", []want{{"إسرائيل", "Israel"}}},
		{"israeli channel", "ذكرت القناة 12 الإسرائيلية", []want{{"القناة 12 الإسرائيلية", "Channel 12"}}},
		{"the axis is no channel", "دول المحور وقناة المحور", []want{{"المحور", "Al Mehwar"}}},
		{"clubs by their full names", "فاز ستيوا بوخارست على أيك أثينا", []want{{"ستيوا بوخارست", "FCSB"}, {"أيك أثينا", "AEK Athens"}}},
		{"iraqi oil is no club", "صادرات النفط العراقي", []want{{"العراقي", "Iraq"}}},
		{"the house is no Elbit", "قال البيت الأبيض إن البيت", []want{{"البيت الأبيض", "White House"}}},
		{"an index is no company", "ارتفع مؤشر ستاندرد آند بورز 500", nil},
		{"central bank", "قال البنك المركزي المصري", []want{{"البنك المركزي المصري", "Central Bank of Egypt"}}},
		{"english media", "The Mail on Sunday and Bild reported", []want{{"The Mail on Sunday", "Mail on Sunday"}, {"Bild", "Bild"}}},
		{"GMC is the medical council", "the General Medical Council (GMC)", nil},
		// A proclitic and a short name that make another word.
		{"kabul is not k+apple", "في العاصمة كابل", []want{{"كابل", "Kabul"}}},
		{"barrage is not w+apple", "وابل من الرصاص وأعلنت آبل", []want{{"آبل", "Apple"}}},
		{"early is not b+accra", "غادر باكرا إلى أكرا", []want{{"أكرا", "Accra"}}},
		{"languages are not l+ghat", "بعدة لغات", nil},
		{"a cat is lookup-only", "صورة لقطة", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			txt := normalize.New(tt.text)
			var got []want
			for _, m := range g.Find(txt) {
				got = append(got, want{tt.text[m.Start:m.End], m.Entity.Canonical})
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Find(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestFindAdjectiveFlag(t *testing.T) {
	g := loadT(t)
	ms := g.Find(normalize.New("الرئيس الروسي في روسيا"))
	if len(ms) != 2 || !ms[0].Adjective || ms[1].Adjective {
		t.Fatalf("got %+v, want an adjective then a name", ms)
	}
	if ms[0].Entity != ms[1].Entity {
		t.Errorf("adjective and name link to different entities: %v, %v", ms[0].Entity, ms[1].Entity)
	}
}

func TestLookup(t *testing.T) {
	g := loadT(t)
	tests := []struct{ surface, canonical string }{
		{"بوتين", "Vladimir Putin"},
		{"وبريطانيا", "United Kingdom"},
		{"لبيونغ يانغ", "Pyongyang"},
		{"للولايات المتحدة", "United States"},
		{"«موسكو»", "Moscow"},
		{"مالي", "Mali"}, // lookup-only alias
		{"North Korea", "North Korea"},
		{"كوريا الشمالیة", "North Korea"},
		{"فرانس برس", "AFP"},
		{"صحيفة الراي", "Al Rai"},
		{"(أ ف ب)", "AFP"},
		{"(د ب أ)", "DPA"},
		{"(CNN)", "CNN"},
		{"كونا", "KUNA"},
		{"لوس أنجلوس", "Los Angeles"},
		{"أبوظبي", "Abu Dhabi"},
		{"لألمانيا", "Germany"},
		{"الراي", "Al Rai"},
		// Lookup-only names stay off people and places: a tagged بوش is
		// Bush, not Bosch; الفاو the Iraqi port, not FAO.
		{"الحدث", "Al Hadath"},
		{"بوش", ""},
		{"الفاو", ""},
		{"دانون", ""},
		{"البيت", ""},
		{"لا شيء هنا", ""},
	}
	for _, tt := range tests {
		es := g.Lookup(tt.surface)
		got := ""
		if len(es) > 0 {
			got = es[0].Canonical
		}
		if got != tt.canonical {
			t.Errorf("Lookup(%q) = %q, want %q", tt.surface, got, tt.canonical)
		}
	}
}

func TestByID(t *testing.T) {
	g := loadT(t)
	for id, canonical := range map[string]string{"Q423": "North Korea", "Q7747": "Vladimir Putin", "Q18808": "Pyongyang", "Q40464": "AFP"} {
		e := g.ByID(id)
		if e == nil || e.Canonical != canonical {
			t.Errorf("ByID(%s) = %v, want %s", id, e, canonical)
		}
	}
	if g.ByID("Q0") != nil {
		t.Error("ByID of an unknown id is not nil")
	}
	// dr5hn gives Pyongyang the id Q109386, which is another item.
	for i := range g.Entities() {
		if e := &g.Entities()[i]; e.Wikidata == "Q109386" {
			t.Errorf("%s (%s) has dr5hn's wrong Pyongyang id", e.ID, e.Canonical)
		}
	}
}

func TestEntitiesValid(t *testing.T) {
	g := loadT(t)
	if g.Len() < 500 {
		t.Fatalf("only %d entities", g.Len())
	}
	wikidata := map[string]string{}
	for i := range g.Entities() {
		e := &g.Entities()[i]
		switch e.Type {
		case record.PER, record.ORG, record.LOC:
		default:
			t.Errorf("%s: bad type %q", e.ID, e.Type)
		}
		if e.Canonical == "" || e.Kind == "" {
			t.Errorf("%s: empty canonical or kind", e.ID)
		}
		if e.Wikidata != "" {
			if !ValidQID(e.Wikidata) {
				t.Errorf("%s: bad wikidata %q", e.ID, e.Wikidata)
			}
			if other, ok := wikidata[e.Wikidata]; ok {
				t.Errorf("wikidata %s shared by %s and %s", e.Wikidata, other, e.ID)
			}
			wikidata[e.Wikidata] = e.ID
		}
		if len(g.Aliases(e)) == 0 {
			t.Errorf("%s: no aliases", e.ID)
		}
	}
}

// TestCuratedSource checks the readable curated file: every line parses,
// every entry has a valid type and aliases that fold to something, and no
// Wikidata id names two different canonical entities.
func TestCuratedSource(t *testing.T) {
	f, err := os.Open("data/curated.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := NewBuilder()
	if err := b.ReadSource(f); err != nil {
		t.Fatal(err)
	}
	g, err := b.Gazetteer()
	if err != nil {
		t.Fatal(err)
	}
	canon := map[string]string{}
	for i := range g.Entities() {
		e := &g.Entities()[i]
		if len(g.Aliases(e)) == 0 {
			t.Errorf("%s: no alias folds to a non-empty string", e.ID)
		}
		if c, ok := canon[e.Canonical]; ok {
			t.Errorf("canonical %q used by %s and %s", e.Canonical, c, e.ID)
		}
		canon[e.Canonical] = e.ID
	}
	if g.Len() < 400 {
		t.Errorf("curated list has %d entities, want hundreds", g.Len())
	}
}

func TestQIDs(t *testing.T) {
	for s, want := range map[string]bool{"Q1": true, "Q423": true, "Q0": false, "Q012": false, "q42": false, "Q": false, "Q12a": false, "": false} {
		if ValidQID(s) != want {
			t.Errorf("ValidQID(%q) = %v", s, !want)
		}
	}
}

func TestAdjectiveForms(t *testing.T) {
	got := AdjectiveForms("كوري شمالي")
	want := []string{"كوري شمالي", "الكوري الشمالي", "كورية شمالية", "الكورية الشمالية"}
	if !slices.Equal(got, want) {
		t.Errorf("AdjectiveForms = %q, want %q", got, want)
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	b := NewBuilder()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(b.Add(Entity{ID: "Q1", Canonical: "One", Type: record.LOC, Kind: "city"}, Alias{Text: "One"}, Alias{Text: "واحد"}, Alias{Text: "ONU"}))
	must(b.Add(Entity{ID: "Q2", Canonical: "Two", Type: record.PER, Kind: "person"}, Alias{Text: "اثنان", Adjective: true}, Alias{Text: "two", LookupOnly: true}, Alias{Text: "block me", Block: true}))
	var sb strings.Builder
	must(b.Write(&sb))
	g, err := Read(strings.NewReader(sb.String()))
	must(err)
	if g.Len() != 2 {
		t.Fatalf("Len = %d", g.Len())
	}
	var sb2 strings.Builder
	b2 := NewBuilder()
	must(b2.readCompiled(bufioReader(sb.String())))
	must(b2.Write(&sb2))
	if sb.String() != sb2.String() {
		t.Errorf("round trip differs:\n%s\n%s", sb.String(), sb2.String())
	}
	if err := b.Add(Entity{ID: "x", Canonical: "X", Type: "MISC"}); err == nil {
		t.Error("Add accepted type MISC")
	}
}

func TestFindSpansValid(t *testing.T) {
	g := loadT(t)
	text := "وقال بوتين\u200fإن روسيا، ومصر... و«الإمارات» ١٢ North Korea"
	txt := normalize.New(text)
	last := 0
	for _, m := range g.Find(txt) {
		if m.Start < last || m.End <= m.Start || m.End > len(text) {
			t.Fatalf("bad span %d-%d after %d", m.Start, m.End, last)
		}
		if !utf8.ValidString(text[m.Start:m.End]) {
			t.Fatalf("span %d-%d not on rune boundaries", m.Start, m.End)
		}
		last = m.End
	}
}

func TestCaseFlags(t *testing.T) {
	for s, want := range map[string]aliasFlags{
		"UN": flagAllCaps, "AFP": flagAllCaps, "Le Monde": flagTitle, "Isle of Man": flagCaps,
		"Paris": flagCaps, "pape François": 0, "بوتين": 0, "U.S.": flagAllCaps, "A": flagCaps,
	} {
		if got := caseFlags(s); got != want {
			t.Errorf("caseFlags(%q) = %b, want %b", s, got, want)
		}
	}
	if got := laxerCase(flagAllCaps, flagCaps); got != flagCaps {
		t.Errorf("laxerCase(U, C) = %b", got)
	}
	if got := laxerCase(flagTitle, 0); got != 0 {
		t.Errorf("laxerCase(T, none) = %b", got)
	}
}

// An organisation's alias made of another of its aliases and a nationality
// adjective keeps the adjective outside the span; a place keeps it (it is
// part of the name), and so does an organisation without the shorter alias
// (الجيش اللبناني is not الجيش).
func TestContextAdjectives(t *testing.T) {
	b := NewBuilder()
	for _, x := range []struct {
		e       Entity
		aliases []Alias
	}{
		{Entity{ID: "Q822", Canonical: "Lebanon", Type: record.LOC, Kind: "country"}, []Alias{{Text: "لبنان"}, {Text: "اللبناني", Adjective: true}}},
		{Entity{ID: "Q30", Canonical: "United States", Type: record.LOC, Kind: "country"}, []Alias{{Text: "الولايات المتحدة"}, {Text: "الولايات المتحدة الأمريكية"}, {Text: "الأمريكية", Adjective: true}}},
		{Entity{ID: "x:hezbollah", Canonical: "Hezbollah", Type: record.ORG}, []Alias{{Text: "حزب الله"}, {Text: "حزب الله اللبناني"}}},
		{Entity{ID: "x:al_ahly", Canonical: "Al Ahly", Type: record.ORG}, []Alias{{Text: "الأهلي", LookupOnly: true}, {Text: "الأهلي اللبناني"}}},
		{Entity{ID: "x:laf", Canonical: "Lebanese Armed Forces", Type: record.ORG}, []Alias{{Text: "الجيش اللبناني"}}},
	} {
		if err := b.Add(x.e, x.aliases...); err != nil {
			t.Fatal(err)
		}
	}
	if n := b.ContextAdjectives(); n != 2 {
		t.Errorf("ContextAdjectives changed %d aliases, want 2", n)
	}
	g, err := b.Gazetteer()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want []want
	}{
		{"قال حزب الله اللبناني", []want{{"حزب الله", "Hezbollah"}}},
		{"فاز الأهلي اللبناني", []want{{"الأهلي", "Al Ahly"}}},
		{"فاز الأهلي", nil},
		{"انتشر الجيش اللبناني", []want{{"الجيش اللبناني", "Lebanese Armed Forces"}}},
		{"الولايات المتحدة الأمريكية", []want{{"الولايات المتحدة الأمريكية", "United States"}}},
	}
	for _, tt := range tests {
		var got []want
		for _, m := range g.Find(normalize.New(tt.text)) {
			if !m.Adjective {
				got = append(got, want{tt.text[m.Start:m.End], m.Entity.Canonical})
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	if es := g.Lookup("حزب الله اللبناني"); len(es) != 1 || es[0].Canonical != "Hezbollah" {
		t.Errorf("Lookup of the whole phrase = %v, want Hezbollah", es)
	}
}
