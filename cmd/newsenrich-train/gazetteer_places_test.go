package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/record"
)

// testGazBuild returns a build whose gazetteer has a city (Lyon), a club
// whose lookup-only name is a city's (تورينو, Torino FC), a person and a
// region, as curated would have them.
func testGazBuild(t *testing.T) *gazBuild {
	t.Helper()
	gb := &gazBuild{b: gazetteer.NewBuilder(), stats: map[string]int{}, curatedPlace: map[string]string{}}
	add := func(e gazetteer.Entity, aliases ...gazetteer.Alias) {
		t.Helper()
		if err := gb.b.Add(e, aliases...); err != nil {
			t.Fatal(err)
		}
	}
	add(gazetteer.Entity{ID: "Q456", Wikidata: "Q456", Canonical: "Lyon", Type: record.LOC, Kind: "city", Country: "FR"},
		gazetteer.Alias{Text: "ليون"}, gazetteer.Alias{Text: "Lyon"})
	add(gazetteer.Entity{ID: "x:torino_fc", Canonical: "Torino FC", Type: record.ORG, Kind: "club", Country: "IT"},
		gazetteer.Alias{Text: "تورينو", LookupOnly: true}, gazetteer.Alias{Text: "Torino FC"})
	add(gazetteer.Entity{ID: "x:lloyd_austin", Canonical: "Lloyd Austin", Type: record.PER, Kind: "person", Country: "US"},
		gazetteer.Alias{Text: "أوستن"}, gazetteer.Alias{Text: "Austin"})
	add(gazetteer.Entity{ID: "x:bavaria", Canonical: "Bavaria", Type: record.LOC, Kind: "region", Country: "DE"},
		gazetteer.Alias{Text: "بافاريا"}, gazetteer.Alias{Text: "Bavaria"})
	gb.curatedPlace["FR|ليون"] = "Q456"
	gb.curatedPlace["FR|lyon"] = "Q456"
	gb.curatedPlace["DE|بافاريا"] = "x:bavaria"
	gb.curatedPlace["DE|bavaria"] = "x:bavaria"
	return gb
}

func writeTemp(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "places.tsv")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestListedPlaces reads lists of cities and regions: what the gazetteer
// has is left out, a city keeps the names the gazetteer does not give
// anything else but clubs, a region that shares one is left out.
func TestListedPlaces(t *testing.T) {
	tests := []struct {
		name, kind, line string
		want             string // "country kind name: aliases", "" when left out
	}{
		{"new city", "city", "DE\tQ24879\tBremen\tبريمن; Brême", "DE city Bremen Q24879: Bremen|بريمن|Brême"},
		{"city without id", "city", "RU\t-\tSaransk\tسارانسك", "RU city Saransk : Saransk|سارانسك"},
		{"club's name kept", "city", "IT\tQ495\tTurin\tتورينو; Torino", "IT city Turin Q495: Turin|تورينو|Torino"},
		{"person's name dropped", "city", "US\t-\tAustin, Texas\tأوستن; Austin", "US city Austin, Texas : Austin, Texas"},
		{"qualified canonical", "city", "IT\t-\tFlorence (Italy)\tفلورنسا; Firenze", "IT city Florence (Italy) : فلورنسا|Firenze"},
		{"gazetteer's city by name", "city", "FR\t-\tLyon\tليون; Lugdunum", ""},
		{"gazetteer's city by id", "city", "FR\tQ456\tLyons\tLugdunum", ""},
		{"namesake elsewhere kept", "city", "ES\t-\tLeón (Spain)\tLeón de España; ليون", "ES city León (Spain) : León de España"},
		{"no name left", "city", "US\t-\tAustin (Texas)\tأوستن", ""},
		{"region sharing a name", "region", "US\t-\tAustin County\tAustin", ""},
		{"gazetteer's region", "region", "DE\t-\tFree State of Bavaria\tبافاريا", ""},
		{"new region", "region", "DE\t-\tSaxony\tساكسونيا; Sachsen", "DE region Saxony : Saxony|ساكسونيا|Sachsen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gb := testGazBuild(t)
			got, err := gb.listedPlaces(writeTemp(t, "# a comment\n\n"+tt.line+"\n"), tt.kind)
			if err != nil {
				t.Fatal(err)
			}
			var s string
			for _, pl := range got {
				s = pl.Country + " " + pl.Kind + " " + pl.Name + " " + pl.Wikidata + ": " + strings.Join(pl.Aliases, "|")
			}
			if len(got) > 1 || s != tt.want {
				t.Errorf("listedPlaces(%q) = %q (%d places), want %q", tt.line, s, len(got), tt.want)
			}
		})
	}
}

func TestListedPlacesErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"two fields", "FR\tQ90\n", "3 or 4 tab-separated fields"},
		{"five fields", "FR\t-\tNice\tنيس\tx\n", "3 or 4 tab-separated fields"},
		{"bad id", "FR\tQ0\tNice\n", "bad Wikidata id"},
		{"not an id", "FR\tNice\tNice\n", "bad Wikidata id"},
		{"twice", "FR\t-\tNice\tنيس\nFR\t-\tnice\n", "already on line 1"},
	}
	for _, tt := range tests {
		gb := testGazBuild(t)
		_, err := gb.listedPlaces(writeTemp(t, tt.text), "city")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
	if _, err := testGazBuild(t).listedPlaces(filepath.Join(t.TempDir(), "absent.tsv"), "city"); err == nil {
		t.Error("a missing file read without error")
	}
}

// TestCitiesFile reads gazetteer/data/cities.tsv against an empty
// gazetteer: every line parses, the countries are the ones the dr5hn
// cities file lacks, and every city has a name to be looked up by.
func TestCitiesFile(t *testing.T) {
	gb := &gazBuild{b: gazetteer.NewBuilder(), stats: map[string]int{}, curatedPlace: map[string]string{}}
	places, err := gb.listedPlaces(filepath.Join("..", "..", "gazetteer", "data", "cities.tsv"), "city")
	if err != nil {
		t.Fatal(err)
	}
	if len(places) < 500 {
		t.Errorf("%d cities, want more than 500", len(places))
	}
	countries := []string{"US", "RU", "FR", "DE", "IN", "BR", "IT", "ES", "MX", "AU", "PH", "RO", "SS"}
	per := map[string]int{}
	for _, pl := range places {
		per[pl.Country]++
		if !slices.Contains(countries, pl.Country) || pl.Kind != "city" || len(pl.Aliases) == 0 {
			t.Errorf("%s (%s, %s): %d aliases", pl.Name, pl.Country, pl.Kind, len(pl.Aliases))
		}
	}
	for _, c := range countries {
		if per[c] < 10 {
			t.Errorf("%s: %d cities, want at least 10", c, per[c])
		}
	}
}
