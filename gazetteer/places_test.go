package gazetteer

import (
	"bytes"
	"strings"
	"testing"

	"github.com/newsenrich/newsenrich/nlp/normalize"
)

func fold(s string) string { return normalize.Fold(s) }

func testPlaces(t *testing.T) *Places {
	t.Helper()
	var buf bytes.Buffer
	err := WritePlaces(&buf, []Place{
		{Wikidata: "Q2141", Country: "CA", Kind: "city", Name: "Halifax", Aliases: []string{"Halifax", "هاليفاكس"}},
		{Wikidata: "Q826561", Country: "GB", Kind: "city", Name: "Halifax", Aliases: []string{"Halifax", "هاليفاكس"}},
		{Country: "GB", Kind: "city", Name: "Reading", Aliases: []string{"Reading", "ريدينغ"}},
		{Wikidata: "Q23154", Country: "GB", Kind: "city", Name: "Bristol", Aliases: []string{"Bristol", "بريستول", "Bristol", "", "a{b"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := ReadPlaces(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPlacesLookup(t *testing.T) {
	p := testPlaces(t)
	if p.Len() != 4 {
		t.Fatalf("Len = %d, want 4", p.Len())
	}
	tests := []struct {
		surface string
		want    []string // ID/country of each city found
	}{
		{"Halifax", []string{"Q2141/CA", "Q826561/GB"}},
		{"HALIFAX", []string{"Q2141/CA", "Q826561/GB"}},
		{"هاليفاكس", []string{"Q2141/CA", "Q826561/GB"}},
		{"وهاليفاكس", []string{"Q2141/CA", "Q826561/GB"}}, // proclitic و
		{"Reading", []string{"places:GB:Reading/GB"}},
		{"بريستول،", []string{"Q23154/GB"}}, // punctuation trimmed
		{"Bristo", nil},
		{"Bristols", nil},
		{"", nil},
		{"Paris", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range p.LookupFolded(fold(tt.surface)) {
			idOK := e.ID == e.Wikidata || e.Wikidata == "" && strings.HasPrefix(e.ID, "places:")
			if e.Type != "LOC" || e.Kind != "city" || e.Canonical == "" || !idOK {
				t.Errorf("%q: bad entity %+v", tt.surface, e)
			}
			got = append(got, e.ID+"/"+e.Country)
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("LookupFolded(%q) = %v, want %v", tt.surface, got, tt.want)
		}
	}
	var nilPlaces *Places
	if got := nilPlaces.LookupFolded("halifax"); got != nil {
		t.Errorf("nil Places found %v", got)
	}
}

func TestReadPlacesErrors(t *testing.T) {
	head := placesHeader + "\n"
	tests := []struct {
		name, file, want string
	}{
		{"empty", "", "empty"},
		{"no header", "C\tQ1\tGB\tcity\tX\n", "not a places file"},
		{"short city", head + "C\tQ1\tGB\tX\n", "5 fields"},
		{"city after aliases", head + "C\t\tGB\tcity\tX\nA\tx\t0\nC\t\tGB\tcity\tY\n", "city after"},
		{"unsorted", head + "C\t\tGB\tcity\tX\nA\ty\t0\nA\tx\t0\n", "not in order"},
		{"duplicate alias", head + "C\t\tGB\tcity\tX\nA\tx\t0\nA\tx\t0\n", "not in order"},
		{"bad number", head + "C\t\tGB\tcity\tX\nA\tx\t1\n", "bad city number"},
		{"not a number", head + "C\t\tGB\tcity\tX\nA\tx\tzero\n", "bad city number"},
		{"no cities", head + "C\t\tGB\tcity\tX\nA\tx\n", "alias and its cities"},
		{"unknown", head + "B\tx\n", "unknown line"},
	}
	for _, tt := range tests {
		_, err := ReadPlaces(strings.NewReader(tt.file))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestWritePlacesErrors(t *testing.T) {
	for _, pl := range []Place{
		{Country: "GB", Kind: "city", Name: ""},
		{Country: "GB", Kind: "city", Name: "A\tB"},
		{Wikidata: "Q0", Country: "GB", Kind: "city", Name: "A"},
		{Country: "GB", Name: "A"},
	} {
		if err := WritePlaces(&bytes.Buffer{}, []Place{pl}); err == nil {
			t.Errorf("WritePlaces(%+v) succeeded", pl)
		}
	}
}

// TestLoadPlaces checks the embedded index: it loads, it is large, and it
// leaves out what the gazetteer has.
func TestLoadPlaces(t *testing.T) {
	p, err := LoadPlaces()
	if err != nil {
		t.Fatal(err)
	}
	if p.Len() < 50000 {
		t.Errorf("%d cities, want more than 50,000", p.Len())
	}
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Halifax", "Reading", "Bristol", "ريدينغ"} {
		if len(p.LookupFolded(fold(name))) == 0 {
			t.Errorf("%s: not in the places index", name)
		}
	}
	for i := range g.Entities() {
		e := &g.Entities()[i]
		if e.Wikidata == "" {
			continue
		}
		for _, c := range p.LookupFolded(fold(e.Canonical)) {
			if c.ID == e.ID {
				t.Errorf("%s (%s) is in both the gazetteer and the places index", e.Canonical, e.ID)
			}
		}
	}
}

func BenchmarkLoadPlaces(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadPlaces(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPlacesLookup(b *testing.B) {
	p, err := LoadPlaces()
	if err != nil {
		b.Fatal(err)
	}
	names := []string{"halifax", "reading", "بريستول", "no such place", "وهاليفاكس"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p.LookupFolded(names[i%len(names)])
		i++
	}
}

// TestPlacesRegions checks the regions of the embedded index: the new
// names resolve to one region of the right country, and no name belongs
// both to a region and to a city of the same country (the entities stage
// chooses among a name's places by country, so such a region would leave
// the city unlinked). The names left out or only qualified (see
// data/regions.tsv) are not regions.
func TestPlacesRegions(t *testing.T) {
	p, err := LoadPlaces()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, country, canonical string
	}{
		{"Rhône", "FR", "Rhône (department)"},
		{"الرون", "FR", "Rhône (department)"},
		{"Bouches-du-Rhône", "FR", "Bouches-du-Rhône"},
		{"Sicile", "IT", "Sicily"},
		{"صقلية", "IT", "Sicily"},
		{"Lombardie", "IT", "Lombardy"},
		{"توسكانا", "IT", "Tuscany"},
		{"كورسيكا", "FR", "Corsica"},
		{"Bretagne", "FR", "Brittany"},
		{"Wallonie", "BE", "Wallonia"},
		{"فلاندرز", "BE", "Flanders"},
		{"الأنبار", "IQ", "Al Anbar"},
		{"بالأنبار", "IQ", "Al Anbar"}, // proclitic ب
		{"نينوى", "IQ", "Nineveh Governorate"},
		{"ذي قار", "IQ", "Dhi Qar"},
		{"القليوبية", "EG", "Qalyubia"},
		{"القصيم", "SA", "Al-Qassim"},
		{"شبوة", "YE", "Shabwah"},
		{"برقة", "LY", "Cyrenaica"},
		{"شمال دارفور", "SD", "North Darfur"},
		{"خوزستان", "IR", "Khuzestan"},
		{"هلمند", "AF", "Helmand"},
		{"داغستان", "RU", "Dagestan"},
		{"كوازولو ناتال", "ZA", "KwaZulu-Natal"},
	}
	for _, tt := range tests {
		var regions []*Entity
		for _, e := range p.LookupFolded(fold(tt.name)) {
			if e.Kind == "region" {
				regions = append(regions, e)
			}
		}
		if len(regions) != 1 || regions[0].Country != tt.country || regions[0].Canonical != tt.canonical || regions[0].Type != "LOC" {
			t.Errorf("%s: regions %v, want one %s in %s", tt.name, regions, tt.canonical, tt.country)
		}
	}
	// Left out or qualified: names of people, organisations and common words.
	for _, name := range []string{"Var", "Cher", "Ain", "Aude", "Vienne", "Manche", "Lazio", "صلاح الدين", "المثنى", "الجزيرة", "الشرقية", "عمران", "فارس", "Hidalgo", "Guerrero", "Imo", "Niger", "Delta", "Rivers", "Bahia", "باهيا", "غوياس"} {
		for _, e := range p.LookupFolded(fold(name)) {
			if e.Kind == "region" {
				t.Errorf("%s: region %s (%s) in the places index", name, e.Canonical, e.Country)
			}
		}
	}
	for k := range p.keys {
		alias, _ := p.aliasAt(k)
		cities, regions := map[string]string{}, map[string]string{}
		for _, e := range p.lookupExact(string(alias)) {
			if e.Kind == "region" {
				regions[e.Country] = e.Canonical
			} else {
				cities[e.Country] = e.Canonical
			}
		}
		for c, name := range regions {
			// dr5hn lists a few English counties among its cities
			// (Surrey, Lancashire): the same place, not a namesake.
			if city, ok := cities[c]; ok && city != name {
				t.Errorf("%q names both the region %s and a city of %s", alias, name, c)
			}
		}
	}
}
