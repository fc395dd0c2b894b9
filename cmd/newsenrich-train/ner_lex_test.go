package main

import (
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/nlp/ner"
)

// writeGzip writes lines, gzipped, to a new file in dir.
func writeGzip(t *testing.T, dir, name string, lines []string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	if _, err := zw.Write([]byte(strings.Join(lines, "\n") + "\n")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPlaceWords(t *testing.T) {
	path := writeGzip(t, t.TempDir(), "places.tsv.gz", []string{
		"#newsenrich-places\tv2",
		"C\tQ1\tUA\tcity\tDonetsk",
		"C\tQ2\tUS\tcity\tSan Jose",
		"A\tdonetsk\t0",
		"A\tsan jose\t1",
		"A\tدونيتسك\t0",
		"A\tسان خوسيه\t1",
		// A qualified region name: its head and the city it qualifies
		// are no words of place names.
		"C\t-\tYE\tregion\tAl Hudaydah",
		"A\tمحافظه الحديده\t2",
	})
	tests := []struct {
		lang  string
		vocab map[string][2]uint16
		skip  map[string]bool
		want  map[string]uint8
	}{
		{"ar", nil, nil, map[string]uint8{"دونيتسك": ner.LexPlace, "سان": ner.LexPlaceFirst, "خوسيه": ner.LexPlaceRest}},
		{"latin", nil, nil, map[string]uint8{"donetsk": ner.LexPlace, "san": ner.LexPlaceFirst, "jose": ner.LexPlaceRest}},
		{"ar", map[string][2]uint16{"سان": {1, 1}}, nil, map[string]uint8{"سان": ner.LexPlaceFirst}},
		{"ar", nil, map[string]bool{"سان": true}, map[string]uint8{"دونيتسك": ner.LexPlace, "خوسيه": ner.LexPlaceRest}},
	}
	for _, tt := range tests {
		got, err := placeWords(path, tt.lang, tt.vocab, tt.skip)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("placeWords(%s, vocab %v) = %v, want %v", tt.lang, tt.vocab, got, tt.want)
		}
	}
}

func TestBylineParts(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"القاهرة - أحمد الريدي", []string{"القاهره", "احمد الريدي"}},
		{"القاهرة- أحمد الريدي", []string{"القاهره", "احمد الريدي"}},
		{"دبي ـ العربية.نت", []string{"دبي", "العربيه.نت"}},
		{"العربية.نت، وكالات", []string{"العربيه.نت", "وكالات"}},
		{"علاوة مزياني", []string{"علاوه مزياني"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := bylineParts(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("bylineParts(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBylineNames(t *testing.T) {
	var lines []string
	for _, a := range []string{
		"القاهرة - أحمد الريدي",
		"الرياض - أحمد الحربي",
		"دبي - فيصل الحربي",
		"علاوة مزياني",
		"موسكو - د ب أ", "لندن - د ب أ", "برلين - د ب أ", "روما - د ب أ", // an agency after many places
		"أبوظبي - سكاي نيوز عربية", "أبوظبي - سكاي نيوز عربية",
		"باريس - فرانس 24",
	} {
		b, err := json.Marshal(map[string]string{"author": a, "text": "..."})
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(b))
	}
	path := writeGzip(t, t.TempDir(), "ant.jsonl.gz", lines)
	known := func(p string) bool { return p == "سكاي نيوز عربيه" }
	got, n, err := bylineNames(path, 1, 3, known)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]uint8{"احمد": ner.LexGiven, "فيصل": ner.LexGiven, "علاوه": ner.LexGiven, "الريدي": ner.LexFamily, "الحربي": ner.LexFamily, "مزياني": ner.LexFamily}
	if n != 4 || !reflect.DeepEqual(got, want) {
		t.Errorf("bylineNames = %v from %d names, want %v from 4", got, n, want)
	}
	// Used by two names at least: أحمد and الحربي.
	got, _, err = bylineNames(path, 2, 3, known)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]uint8{"احمد": ner.LexGiven, "الحربي": ner.LexFamily}; !reflect.DeepEqual(got, want) {
		t.Errorf("bylineNames, 2 names at least = %v, want %v", got, want)
	}
}

func TestGazetteerWords(t *testing.T) {
	b := gazetteer.NewBuilder()
	for _, x := range []struct {
		e       gazetteer.Entity
		aliases []gazetteer.Alias
	}{
		{gazetteer.Entity{ID: "Q1", Canonical: "Al Ahly SC", Type: "ORG"}, []gazetteer.Alias{{Text: "الأهلي", LookupOnly: true}, {Text: "النادي الأهلي"}, {Text: "Al Ahly"}}},
		{gazetteer.Entity{ID: "Q2", Canonical: "Vladimir Putin", Type: "PER"}, []gazetteer.Alias{{Text: "بوتين"}, {Text: "فلاديمير بوتين"}, {Text: "Putin"}}},
		{gazetteer.Entity{ID: "Q3", Canonical: "Moscow", Type: "LOC"}, []gazetteer.Alias{{Text: "موسكو"}, {Text: "Moscow"}}},
	} {
		if err := b.Add(x.e, x.aliases...); err != nil {
			t.Fatal(err)
		}
	}
	g, err := b.Gazetteer()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang string
		want map[string]uint8
	}{
		{"ar", map[string]uint8{"الاهلي": ner.LexKnownORG, "بوتين": ner.LexKnownPER, "موسكو": ner.LexKnownLOC}},
		{"latin", map[string]uint8{"putin": ner.LexKnownPER, "moscow": ner.LexKnownLOC}},
	}
	for _, tt := range tests {
		if got := gazetteerWords(g, tt.lang); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("gazetteerWords(%s) = %v, want %v", tt.lang, got, tt.want)
		}
	}
}

func TestGazetteerAliasReaders(t *testing.T) {
	path := writeGzip(t, t.TempDir(), "gazetteer.tsv.gz", []string{
		"#newsenrich-gazetteer\tv1",
		"Q1\tLOC\tcountry\tRussia\tQ1\tRU\t=روسيا|aA=الروسي|C=russia",
		"x:kim\tPER\tperson\tKim Jong Un\t\tKP\t=كيم جونغ اون|x=كيم",
		"x:un\tORG\torg\tUnited Nations\t\t\tA=الامم المتحده|U=ONU|=اليونيسيف|b=مجلس الامن القومي",
	})
	var seen []string
	if err := gazetteerAliases(path, func(typ, flags, alias string) { seen = append(seen, typ+" "+flags+" "+alias) }); err != nil {
		t.Fatal(err)
	}
	want := []string{"LOC  روسيا", "LOC aA الروسي", "LOC C russia", "PER  كيم جونغ اون", "PER x كيم",
		"ORG A الامم المتحده", "ORG U ONU", "ORG  اليونيسيف", "ORG b مجلس الامن القومي"}
	if !reflect.DeepEqual(seen, want) {
		t.Errorf("gazetteerAliases:\n got  %q\n want %q", seen, want)
	}
	// Augmentation names: Arabic aliases by type, without adjectives,
	// lookup-only and blocking ones.
	names, err := readGazetteerNames(path)
	if err != nil {
		t.Fatal(err)
	}
	wantNames := map[string][][]string{"LOC": {{"روسيا"}}, "PER": {{"كيم", "جونغ", "اون"}}, "ORG": {{"الامم", "المتحده"}, {"اليونيسيف"}}}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("readGazetteerNames = %q, want %q", names, wantNames)
	}
	// Name-likeness words: every word of people and places, one-word
	// organisations, no adjectives.
	words, err := gazetteerNameWords(path)
	if err != nil {
		t.Fatal(err)
	}
	wantWords := []string{"روسيا", "كيم", "جونغ", "اون", "كيم", "اليونيسيف"}
	if !reflect.DeepEqual(words, wantWords) {
		t.Errorf("gazetteerNameWords = %q, want %q", words, wantWords)
	}
	if err := gazetteerAliases(filepath.Join(t.TempDir(), "missing.gz"), func(string, string, string) {}); err == nil {
		t.Error("missing file: no error")
	}
}
