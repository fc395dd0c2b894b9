package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/newsenrich/newsenrich/processor/topics"
)

// dictdDigits writes n in dictd's base64 digits.
func dictdDigits(n int) string {
	const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	if n == 0 {
		return "A"
	}
	var s []byte
	for ; n > 0; n >>= 6 {
		s = append([]byte{digits[n&63]}, s...)
	}
	return string(s)
}

// writeDictd writes a dictd database of the given entries (their texts)
// to dir as freedict-<name>.index and .dict.dz, with a database header
// entry as FreeDict's, and returns the base path.
func writeDictd(t *testing.T, dir, name string, entries []string) string {
	t.Helper()
	var text bytes.Buffer
	var index strings.Builder
	all := append([]string{"00-database-info\nA test dictionary.\n"}, entries...)
	for i, e := range all {
		head := strings.Fields(e)[0]
		if i == 0 {
			head = "00databaseinfo"
		}
		index.WriteString(head + "\t" + dictdDigits(text.Len()) + "\t" + dictdDigits(len(e)) + "\n")
		text.WriteString(e)
	}
	base := filepath.Join(dir, "freedict-"+name)
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(text.Bytes())
	zw.Close()
	if err := os.WriteFile(base+".dict.dz", z.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(base+".index", []byte(index.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return base
}

func TestDictdNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		bad  bool
	}{
		{"A", 0, false},
		{"B", 1, false},
		{"/", 63, false},
		{"BA", 64, false},
		{"8m", 60*64 + 38, false}, // an offset of freedict-fra-eng.index
		{"BFAD", 1<<18 | 5<<12 | 3, false},
		{"", 0, true},
		{"A-", 0, true},
	} {
		got, err := dictdNumber(tc.in)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("dictdNumber(%q) = %d, %v; want %d, error %v", tc.in, got, err, tc.want, tc.bad)
		}
	}
	for _, n := range []int{0, 1, 63, 64, 4095, 123456789} {
		if got, _ := dictdNumber(dictdDigits(n)); got != int64(n) {
			t.Errorf("round trip %d: %d", n, got)
		}
	}
}

func TestParseDictEntry(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     dictEntry
		ok       bool
	}{
		{"numbered senses", "abandonner /abɑ̃dɔne/ <v>\n1. cede, give in\n2. abandon; forsake\n",
			dictEntry{"abandonner", [][]string{{"cede", "give in"}, {"abandon", "forsake"}}}, true},
		{"one sense, notes dropped", "abattis /abati/ <n, masc>\n [cul] giblets, rubble (fam.)\n",
			dictEntry{"abattis", [][]string{{"giblets", "rubble"}}}, true},
		{"no pronunciation", "abbatial\nabbatial\n", dictEntry{"abbatial", [][]string{{"abbatial"}}}, true},
		{"phrase headword", "abase oneself /əbeiswʌnself/\n1. s'humilier\n", dictEntry{"abase oneself", [][]string{{"s'humilier"}}}, true},
		{"Arabic", "معقوف /mˈaʕquːf/\n1. Aduncous\n2. Aquiline\n", dictEntry{"معقوف", [][]string{{"Aduncous"}, {"Aquiline"}}}, true},
		{"no translation", "vide /vid/ <adj>\n", dictEntry{head: "vide"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseDictEntry(tc.in)
			if ok != tc.ok || ok && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("parseDictEntry(%q) = %#v, %v; want %#v, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestReadDictd(t *testing.T) {
	dir := t.TempDir()
	base := writeDictd(t, dir, "fra-eng", []string{
		"match /matʃ/ <n, masc>\n1. game, match\n",
		"élection /elɛksjɔ̃/ <n, fem>\nelection, poll\n",
	})
	got, err := readDictd(base+".index", base+".dict.dz")
	if err != nil {
		t.Fatal(err)
	}
	want := []dictEntry{
		{"match", [][]string{{"game", "match"}}},
		{"élection", [][]string{{"election", "poll"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("readDictd = %#v, want %#v", got, want)
	}
	// An offset beyond the data is an error, not a panic.
	if err := os.WriteFile(base+".index", []byte("match\tBAAA\tB\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readDictd(base+".index", base+".dict.dz"); err == nil {
		t.Error("readDictd: no error for an entry outside the data")
	}
	if _, err := readDictd(filepath.Join(dir, "missing.index"), base+".dict.dz"); err == nil {
		t.Error("readDictd: no error for a missing index")
	}
}

func TestTranslate(t *testing.T) {
	direct := []dictEntry{
		{"match", [][]string{{"allumette"}, {"match"}}},
		{"government", [][]string{{"gouvernement"}}},
		{"election", [][]string{{"choix", "élection"}}},
		{"take part", [][]string{{"participer"}}}, // phrase: not used
	}
	inverse := []dictEntry{
		{"banque", [][]string{{"bank"}}},
		{"rive", [][]string{{"shore"}, {"bank"}}},
	}
	for _, tc := range []struct {
		name string
		freq map[string]int
		k    int
		keep bool
		in   string
		want string
	}{
		{"first translation, unknown words kept", nil, 1, true,
			"The Government's elections: match 2-1 at the bank", "The gouvernement s choix allumette 2 1 at the banque"},
		{"unknown words dropped, numbers kept", nil, 1, false,
			"The Government's elections: match 2-1", "gouvernement choix allumette 2 1"},
		{"two translations", nil, 2, false, "elections banks", "choix élection banque rive"},
		{"ranked by target frequency, the word itself too", map[string]int{"election": 5, "match": 9, "allumette": 1}, 1, true,
			"elections match", "élection match"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := newTranslator("en", direct, inverse, tc.k, tc.keep)
			tr.freq = tc.freq
			if got := tr.translate(tc.in, 0); got != tc.want {
				t.Errorf("translate(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	tr := newTranslator("en", direct, inverse, 1, true)
	if got := tr.translate("match match match government", 2); got != "allumette allumette" {
		t.Errorf("translate with maxWords 2 = %q", got)
	}
}

func TestTranslateArabic(t *testing.T) {
	// Arabic headwords and text are looked up in matching form without
	// their proclitics; words without a translation are dropped.
	direct := []dictEntry{{"الحكومة", [][]string{{"Government"}}}, {"انتخاب", [][]string{{"Election"}}}}
	tr := newTranslator("ar", direct, nil, 1, true)
	if got := tr.translate("وأعلنت الحكومة نتائج الانتخابات 2018", 0); got != "Government Election 2018" {
		t.Errorf("translate = %q", got)
	}
	fr := newTranslator("en", []dictEntry{{"government", [][]string{{"gouvernement"}}}}, nil, 1, false)
	if got := (chain{tr, fr}).translate("الحكومة", 0); got != "gouvernement" {
		t.Errorf("chain = %q", got)
	}
}

func TestXlingAids(t *testing.T) {
	dir := t.TempDir()
	writeDictd(t, dir, "eng-fra", []string{"government /g/\ngouvernement\n"})
	writeDictd(t, dir, "fra-eng", []string{"gouvernement /g/\ngovernment\n"})
	docs := []topics.CorpusDoc{
		{Corpus: topics.CorpusMasakhaEng, ID: "e1", Category: "politics", Title: "Government", Text: "The government fell.", Train: true},
		{Corpus: topics.CorpusMasakhaEng, ID: "e2", Category: "politics", Title: "Government", Text: "The government won.", Train: false},
		{Corpus: topics.CorpusMasakhaFra, ID: "f1", Category: "sports", Title: "Sport", Text: "Le gouvernement.", Train: true},
	}
	c := xlingConfig{dicts: xlingDicts{dir}, fr: 0.5, k: 1, keep: true, maxWords: 800, latinWeight: 2}
	aids, err := c.aids(docs, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(aids) != 1 {
		t.Fatalf("%d aids, want 1 (the English training document, into French): %+v", len(aids), aids)
	}
	a := aids[0]
	if a.Lang != "fr" || !a.Aid || a.Weight != 1 || a.Input.Title != "gouvernement" || a.Input.Story[0] != "The gouvernement fell" || a.Target != oneHot(topics.Politics) {
		t.Errorf("aid = %+v", a)
	}
	dev, err := c.aids(docs, false)
	if err != nil || len(dev) != 1 || dev[0].Input.Story[0] != "The gouvernement won" {
		t.Errorf("dev aids = %+v, %v", dev, err)
	}
	c.dicts.dir = "none"
	if aids, err := c.aids(docs, true); aids != nil || err != nil {
		t.Errorf("--xling-dicts none: %d aids, %v", len(aids), err)
	}
	c.dicts.dir = filepath.Join(dir, "missing")
	if _, err := c.aids(docs, true); err == nil {
		t.Error("no error for missing dictionaries")
	}
}

func TestTopicalWords(t *testing.T) {
	var docs []topics.CorpusDoc
	for i := range 12 {
		cat, text := "sports", "match goal today"
		if i%2 == 1 {
			cat, text = "business", "market shares today"
		}
		docs = append(docs, topics.CorpusDoc{Corpus: topics.CorpusMasakhaEng, ID: string(rune('a' + i)), Category: cat, Text: text, Train: i < 10})
	}
	got := topicalWords(docs, []string{topics.CorpusMasakhaEng}, "en", 4, 800, true)
	want := map[string]bool{"match": true, "goal": true, "market": true, "shares": true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("topicalWords = %v, want %v (\"today\" is in every class)", got, want)
	}
	tr := newTranslator("en", []dictEntry{{"match", [][]string{{"allumette"}}}, {"today", [][]string{{"aujourd'hui"}}}}, nil, 1, true)
	tr.only = got
	if s := tr.translate("match today goal", 0); s != "allumette goal" {
		t.Errorf("translate with only = %q", s)
	}
}
