package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/newsenrich/newsenrich/corpus"
	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/record"
)

// trainGazetteer builds the compiled gazetteer (gazetteer/data/
// gazetteer.tsv.gz) from, in priority order:
//
//  1. the curated list gazetteer/data/curated.tsv (ours: people,
//     organisations, agencies and media, short and formal country names,
//     nationality adjectives, major cities, regions and seas);
//  2. countries: mledoze/countries (ar, en, fr names; ODbL), dr5hn
//     countries (ar, fr, Wikidata ids; ODbL) and the CLDR region names of
//     golang.org/x/text/language/display (ar, en, fr; Unicode licence);
//  3. cities of dr5hn (ODbL) that are safe to match: national capitals, and
//     cities whose name the labelled corpora attest as a place (a LOC span
//     of the NER corpora, the dateline place of an ANT article) more often
//     than as something else.
//
// Ambiguous aliases listed in gazetteer/data/ambiguous.txt, and aliases
// the NER corpora mostly tag as non-entities, become lookup-only. The
// output is deterministic: the same inputs give the same bytes.
func trainGazetteer(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("gazetteer", flag.ContinueOnError)
	data := fs.String("data", "../shared/data/gazetteer", "folder of the gazetteer sources (mledoze, dr5hn)")
	corpora := fs.String("corpora", "", "shared/data folder for corpus attestation (default: parent of --data)")
	curated := fs.String("curated", "gazetteer/data/curated.tsv", "curated entities")
	ambiguous := fs.String("ambiguous", "gazetteer/data/ambiguous.txt", "ambiguous aliases, one per line")
	out := fs.String("out", "gazetteer/data/gazetteer.tsv.gz", "compiled gazetteer to write")
	placesOut := fs.String("places-out", "", "places index to write (default: places.tsv.gz beside --out)")
	regions := fs.String("regions", "gazetteer/data/regions.tsv", "states and provinces for the places index")
	cities := fs.String("cities", "gazetteer/data/cities.tsv", "cities for the places index (of the countries dr5hn lacks)")
	verbose := fs.Bool("v", false, "print the cities kept and the country ids corrected")
	report := fs.Int("report", 0, "after building, match this many ANT articles (every 10th) and print the most frequent matches")
	top := fs.Int("top", 80, "matches printed by --report")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *corpora == "" {
		*corpora = filepath.Dir(filepath.Clean(*data))
	}
	if *placesOut == "" {
		*placesOut = filepath.Join(filepath.Dir(*out), "places.tsv.gz")
	}
	gb := &gazBuild{b: gazetteer.NewBuilder(), verbose: *verbose, stats: map[string]int{}}
	steps := []struct {
		name string
		f    func() error
	}{
		{"curated", func() error { return gb.curated(*curated) }},
		{"countries", func() error { return gb.countries(*data) }},
		{"national teams", func() error { return gb.nationalTeams(*curated) }},
		{"attestation", func() error { return gb.attest(ctx, *corpora) }},
		{"cities", func() error { return gb.cities(*data) }},
		{"ambiguous", func() error { return gb.ambiguous(*ambiguous) }},
		{"adjective contexts", func() error {
			gb.stats["aliases with the adjective as context"] = gb.b.ContextAdjectives()
			return nil
		}},
	}
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := gb.b.NumAliases()
		if err := s.f(); err != nil {
			return fmt.Errorf("gazetteer %s: %w", s.name, err)
		}
		if d := gb.b.NumAliases() - n; d > 0 {
			gb.stats["aliases added by "+s.name] = d
		}
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	if err := gb.b.Write(zw); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	nPlaces, err := gb.writePlaces(*data, *regions, *cities, *placesOut)
	if err != nil {
		return fmt.Errorf("gazetteer places: %w", err)
	}
	g, err := gazetteer.LoadFile(*out)
	if err != nil {
		return fmt.Errorf("gazetteer: reading back %s: %w", *out, err)
	}
	counts := map[string]int{}
	aliases := map[string]int{}
	for i := range g.Entities() {
		e := &g.Entities()[i]
		counts[e.Type+"/"+e.Kind]++
		aliases[e.Type] += len(g.Aliases(e))
	}
	fmt.Printf("wrote %s: %d bytes, %d entities\n", *out, buf.Len(), g.Len())
	fmt.Printf("wrote %s: %d places\n", *placesOut, nPlaces)
	for _, k := range sortedKeys(counts) {
		fmt.Printf("  entities %-16s %6d\n", k, counts[k])
	}
	for _, k := range sortedKeys(aliases) {
		fmt.Printf("  aliases  %-16s %6d\n", k, aliases[k])
	}
	for _, k := range sortedKeys(gb.stats) {
		fmt.Printf("  %-38s %6d\n", k, gb.stats[k])
	}
	if *report > 0 {
		return matchReport(ctx, g, filepath.Join(*corpora, corpus.ANTv21), *report, *top)
	}
	return nil
}

// matchReport runs Find over n ANT articles (every 10th) and prints the
// most frequent (alias, entity) matches, to catch common words that are
// also names.
func matchReport(ctx context.Context, g *gazetteer.Gazetteer, path string, n, top int) error {
	type key struct{ alias, id, canonical string }
	counts := map[key]int{}
	byKind := map[string]int{}
	docs, total, bytes := 0, 0, 0
	i := 0
	err := corpus.ReadANT(path, func(doc corpus.ANTDoc) error {
		if docs >= n {
			return corpus.ErrStop
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		every10th := i%10 == 0
		i++
		if !every10th {
			return nil
		}
		docs++
		text := doc.Title + "\n" + doc.Text
		bytes += len(text)
		t := normalize.New(text)
		for _, m := range g.Find(t) {
			a := m.Alias
			if m.Adjective {
				a += " (adj)"
			}
			counts[key{a, m.Entity.ID, m.Entity.Canonical}]++
			byKind[m.Entity.Type+"/"+m.Entity.Kind]++
			total++
		}
		return nil
	})
	if err != nil {
		return err
	}
	keys := make([]key, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		if counts[a] != counts[b] {
			return counts[b] - counts[a]
		}
		return strings.Compare(a.alias+a.id, b.alias+b.id)
	})
	fmt.Printf("report: %d ANT articles, %d bytes, %d matches, %d distinct (alias, entity)\n", docs, bytes, total, len(keys))
	for _, k := range sortedKeys(byKind) {
		fmt.Printf("  matches %-18s %6d\n", k, byKind[k])
	}
	for i, k := range keys {
		if i == top {
			break
		}
		fmt.Printf("  %5d  %-30s %s (%s)\n", counts[k], k.alias, k.canonical, k.id)
	}
	return nil
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// gazBuild is the state of one build.
type gazBuild struct {
	b       *gazetteer.Builder
	verbose bool
	stats   map[string]int
	// countryID maps an ISO 3166-1 alpha-2 code to the entity ID of the
	// country; curatedPlace maps country + folded name of a curated place
	// to its ID, so that dr5hn cities merge into curated ones.
	countryID    map[string]string
	curatedPlace map[string]string
	// attested counts, per folded name, how often the corpora use it as a
	// place (loc) and as anything else (other).
	loc, other map[string]int
	// wordFreq is the frequency of folded words and word pairs in ANT
	// texts, per million words.
	wordFreq map[string]float64
}

func (gb *gazBuild) curated(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	before := gb.b.Len()
	if err := gb.b.ReadSource(f); err != nil {
		return err
	}
	gb.stats["entities from curated"] = gb.b.Len() - before
	// Index curated countries and places.
	g, err := gb.b.Gazetteer()
	if err != nil {
		return err
	}
	gb.countryID = map[string]string{}
	gb.curatedPlace = map[string]string{}
	for i := range g.Entities() {
		e := &g.Entities()[i]
		if e.Type != record.LOC || e.Country == "" {
			continue
		}
		if e.Kind == "country" {
			if old, ok := gb.countryID[e.Country]; ok {
				return fmt.Errorf("country %s curated twice (%s, %s)", e.Country, old, e.ID)
			}
			gb.countryID[e.Country] = e.ID
			continue
		}
		for _, a := range append(g.Aliases(e), normalize.Fold(e.Canonical)) {
			gb.curatedPlace[e.Country+"|"+a] = e.ID
		}
	}
	return nil
}

type mledozeCountry struct {
	CCA2       string `json:"cca2"`
	EN         string `json:"en"`
	AR         string `json:"ar"`
	AROfficial string `json:"ar_official"`
	FR         string `json:"fr"`
}

type dr5hnCountry struct {
	ISO2     string `json:"iso2"`
	Name     string `json:"name"`
	AR       string `json:"ar"`
	FR       string `json:"fr"`
	Capital  string `json:"capital"`
	Wikidata string `json:"wikiDataId"`
}

// countries adds every country of mledoze and dr5hn with the CLDR names.
func (gb *gazBuild) countries(dir string) error {
	var ml []mledozeCountry
	if err := readJSON(filepath.Join(dir, "countries_ar_en_fr.json"), &ml); err != nil {
		return err
	}
	var dr []dr5hnCountry
	if err := readJSON(filepath.Join(dir, "dr5hn_countries_ar_fr_wikidata.json"), &dr); err != nil {
		return err
	}
	drBy := map[string]dr5hnCountry{}
	for _, c := range dr {
		drBy[c.ISO2] = c
	}
	mlBy := map[string]mledozeCountry{}
	var isos []string
	for _, c := range ml {
		mlBy[c.CCA2] = c
		isos = append(isos, c.CCA2)
	}
	for _, c := range dr {
		if _, ok := mlBy[c.ISO2]; !ok {
			isos = append(isos, c.ISO2)
		}
	}
	slices.Sort(isos)
	isos = slices.Compact(isos)
	namers := []display.Namer{display.Regions(language.Arabic), display.Regions(language.English), display.Regions(language.French)}
	for _, iso := range isos {
		m, d := mlBy[iso], drBy[iso]
		id := gb.countryID[iso]
		switch {
		case id != "":
			if d.Wikidata != "" && d.Wikidata != id {
				gb.stats["country ids corrected (dr5hn != curated)"]++
				if gb.verbose {
					fmt.Fprintf(os.Stderr, "country %s: dr5hn id %s, curated %s\n", iso, d.Wikidata, id)
				}
			}
		case gazetteer.ValidQID(d.Wikidata):
			id = d.Wikidata
		default:
			id = "iso:" + iso
		}
		gb.countryID[iso] = id
		canonical := m.EN
		if canonical == "" {
			canonical = d.Name
		}
		var aliases []gazetteer.Alias
		add := func(s string) {
			if s = strings.TrimSpace(s); s != "" {
				aliases = append(aliases, gazetteer.Alias{Text: s})
			}
		}
		add(m.EN)
		add(m.AR)
		add(m.AROfficial)
		add(m.FR)
		add(d.Name)
		add(d.FR)
		// dr5hn's Arabic names include machine translations; keep those
		// that another source confirms or that are a single word.
		if d.AR != "" && (len(strings.Fields(d.AR)) == 1 || normalize.Fold(d.AR) == normalize.Fold(m.AR)) {
			add(d.AR)
		}
		if r, err := language.ParseRegion(iso); err == nil {
			for _, n := range namers {
				add(n.Name(r))
			}
		}
		if len(aliases) == 0 {
			continue
		}
		e := gazetteer.Entity{ID: id, Canonical: canonical, Wikidata: wikidataOf(id), Type: record.LOC, Kind: "country", Country: iso}
		if err := gb.b.Add(e, aliases...); err != nil {
			return err
		}
		gb.stats["countries"]++
	}
	return nil
}

func wikidataOf(id string) string {
	if gazetteer.ValidQID(id) {
		return id
	}
	return ""
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// cityRow is one line of the dr5hn cities file.
type cityRow struct {
	wikidata, country, en, ar, fr string
}

func readCities(path string) ([]cityRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	var rows []cityRow
	for line := 0; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if line == 0 || len(rec) < 5 {
			continue
		}
		rows = append(rows, cityRow{rec[0], rec[1], rec[2], rec[3], rec[4]})
	}
	return rows, nil
}

// cities adds the dr5hn cities that are capitals or attested as places.
func (gb *gazBuild) cities(dir string) error {
	rows, err := readCities(filepath.Join(dir, "dr5hn_cities_ar_fr_wikidata.tsv"))
	if err != nil {
		return err
	}
	var dr []dr5hnCountry
	if err := readJSON(filepath.Join(dir, "dr5hn_countries_ar_fr_wikidata.json"), &dr); err != nil {
		return err
	}
	capital := map[string]bool{}
	for _, c := range dr {
		if c.Capital != "" {
			capital[c.ISO2+"|"+normalize.Fold(c.Capital)] = true
		}
	}
	// A Wikidata id that dr5hn gives to several different cities is wrong
	// for all but one of them: drop it.
	idNames := map[string]map[string]bool{}
	for _, r := range rows {
		if idNames[r.wikidata] == nil {
			idNames[r.wikidata] = map[string]bool{}
		}
		idNames[r.wikidata][r.country+"|"+r.en] = true
	}
	// Countries where each Arabic name is used: a name of places in
	// several countries is ambiguous.
	arCountries := map[string]map[string]bool{}
	for _, r := range rows {
		ar := normalize.Fold(r.ar)
		if arCountries[ar] == nil {
			arCountries[ar] = map[string]bool{}
		}
		arCountries[ar][r.country] = true
	}
	seenName := map[string]bool{}
	for _, r := range rows {
		en := normalize.Fold(r.en)
		key := r.country + "|" + en
		if seenName[key] {
			continue
		}
		isCapital := capital[key]
		ar := normalize.Fold(r.ar)
		fr := normalize.Fold(r.fr)
		// Other cities must be attested by their Arabic name (Latin
		// names of the corpora are too ambiguous: Virginia, Victoria),
		// in one country only, and not be a name of something known
		// already (dr5hn has a Colombian "Francia" named فرنسا).
		attested := gb.attested(ar)
		keepAr := arabicNewsRegion[r.country] && (attested || gb.prominent(r.wikidata, ar) && translitConsistent(r.en, ar)) &&
			len(arCountries[ar]) == 1 && isArabicName(ar) &&
			!gb.b.HasAlias(ar) && !gb.b.HasAlias(en) && !gb.b.HasAlias(fr)
		if !isCapital && !keepAr {
			if gb.verbose && arabicNewsRegion[r.country] && gb.wordFreq[ar] > maxProminentFreq && translitConsistent(r.en, ar) && len(r.wikidata) < len("Q1000000") {
				fmt.Fprintf(os.Stderr, "frequent %s %s %s freq=%.1f loc=%d other=%d\n", r.country, r.en, r.ar, gb.wordFreq[ar], gb.loc[ar], gb.other[ar])
			}
			continue
		}
		seenName[key] = true
		// Merge into a curated place of the same country and name.
		id := ""
		for _, n := range []string{en, ar, fr} {
			if cid := gb.curatedPlace[r.country+"|"+n]; cid != "" {
				id = cid
				break
			}
		}
		wd := ""
		if id == "" {
			if gazetteer.ValidQID(r.wikidata) && len(idNames[r.wikidata]) == 1 {
				wd = r.wikidata
				id = wd
				if gb.b.Has(id) {
					// The id is already some other entity's (a country,
					// a curated place): it is wrong here.
					id, wd = "", ""
				}
			}
			if id == "" {
				id = dr5hnID(r.country, en)
			}
			gb.stats["cities from dr5hn"]++
			if isCapital {
				gb.stats["cities from dr5hn: capitals"]++
			}
		} else {
			gb.stats["cities merged into curated"]++
		}
		aliases := []gazetteer.Alias{{Text: r.en}, {Text: r.fr}}
		// A capital's Arabic name that is neither attested nor a
		// transliteration is a translation, often a common word (Malé → ذكر).
		if keepAr || attested || translitConsistent(r.en, ar) {
			aliases = append(aliases, gazetteer.Alias{Text: r.ar})
		} else {
			gb.stats["capitals without their Arabic name"]++
		}
		e := gazetteer.Entity{ID: id, Canonical: r.en, Wikidata: wd, Type: record.LOC, Kind: "city", Country: r.country}
		if err := gb.b.Add(e, aliases...); err != nil {
			return err
		}
		if gb.verbose {
			fmt.Fprintf(os.Stderr, "city %s %s %s %s capital=%v loc=%d other=%d freq=%.1f translit=%v\n", id, r.country, r.en, r.ar, isCapital, gb.loc[ar], gb.other[ar], gb.wordFreq[ar], translitConsistent(r.en, ar))
		}
	}
	return nil
}

// writePlaces writes the places index (gazetteer.Places) to path: the
// regions of regionsPath and the cities of citiesPath (see listedPlaces),
// then every dr5hn city the gazetteer left out, by its English and Arabic
// names, for linking a span a tagger found as a place. An Arabic name
// counts only where it transliterates the English one: dr5hn gives
// translations too, even for Arab cities (Abs → عضلات البطن "abdominal
// muscles", Male → ذكر). Its French names of small places are often
// translations as well (Ford → Gué, Holywood → Hollywood, Conciliación →
// Conciliation) and are left out; the cities French news names most are in
// the gazetteer itself. A Wikidata id dr5hn gives to several cities is
// dropped, and so is a dr5hn city citiesPath lists. It returns the number
// of places written.
func (gb *gazBuild) writePlaces(dir, regionsPath, citiesPath, path string) (int, error) {
	rows, err := readCities(filepath.Join(dir, "dr5hn_cities_ar_fr_wikidata.tsv"))
	if err != nil {
		return 0, err
	}
	places, err := gb.listedPlaces(regionsPath, "region")
	if err != nil {
		return 0, err
	}
	listed, err := gb.listedPlaces(citiesPath, "city")
	if err != nil {
		return 0, err
	}
	places = append(places, listed...)
	idNames := map[string]map[string]bool{}
	for _, r := range rows {
		if idNames[r.wikidata] == nil {
			idNames[r.wikidata] = map[string]bool{}
		}
		idNames[r.wikidata][r.country+"|"+r.en] = true
	}
	seen := map[string]bool{}
	for _, pl := range listed {
		seen[pl.Country+"|"+normalize.Fold(pl.Name)] = true
	}
	for _, r := range rows {
		key := r.country + "|" + normalize.Fold(r.en)
		if seen[key] || r.en == "" || gb.b.Has(dr5hnID(r.country, normalize.Fold(r.en))) {
			continue
		}
		seen[key] = true
		wd := ""
		if gazetteer.ValidQID(r.wikidata) && len(idNames[r.wikidata]) == 1 {
			wd = r.wikidata
			if gb.b.Has(wd) {
				// The gazetteer has it (or the id is another entity's).
				continue
			}
		}
		merged := false
		for _, n := range []string{r.en, r.fr, r.ar} {
			if gb.curatedPlace[r.country+"|"+normalize.Fold(n)] != "" {
				merged = true
			}
		}
		if merged {
			continue
		}
		aliases := []string{r.en}
		if r.ar != "" && translitConsistent(r.en, r.ar) {
			aliases = append(aliases, r.ar)
		}
		places = append(places, gazetteer.Place{Wikidata: wd, Country: r.country, Kind: "city", Name: r.en, Aliases: aliases})
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	if err := gazetteer.WritePlaces(zw, places); err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return 0, err
	}
	return len(places), nil
}

// clubsOnly reports whether es are clubs and teams only: a city keeps a
// name the gazetteer gives only its clubs (نيس, OGC Nice), since the
// entities stage links a place the tagger found to the club only in a
// sports story and looks it up in the places index elsewhere.
func clubsOnly(es []gazetteer.Entity) bool {
	for _, e := range es {
		if e.Kind != "club" && e.Kind != "team" {
			return false
		}
	}
	return len(es) > 0
}

// listedPlaces reads a hand-written list of places of one kind for the
// places index: gazetteer/data/regions.tsv (states and provinces, kind
// "region") or gazetteer/data/cities.tsv (kind "city"). A line is country,
// Wikidata id or -, English name, aliases separated by "; "; a canonical
// name with parentheses ("Georgia (U.S. state)") is not an alias itself.
// A place the gazetteer has (its Wikidata id, or a name of a place of the
// same country) is left out. So is, for a region, a name the gazetteer
// gives anything else; a city drops only such a name, keeping its other
// names and those the gazetteer gives only clubs (clubsOnly: تورينو,
// Torino FC's), as the entities stage asks the gazetteer first and a city
// links only where the tagger found a place, and is left out when no name
// is left.
func (gb *gazBuild) listedPlaces(path, kind string) ([]gazetteer.Place, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []gazetteer.Place
	names := map[string]int{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		l := sc.Text()
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		fields := strings.Split(l, "\t")
		if len(fields) < 3 || len(fields) > 4 {
			return nil, fmt.Errorf("%s:%d: want 3 or 4 tab-separated fields", path, line)
		}
		pl := gazetteer.Place{Country: fields[0], Kind: kind, Name: fields[2]}
		if fields[1] != "-" {
			if !gazetteer.ValidQID(fields[1]) {
				return nil, fmt.Errorf("%s:%d: bad Wikidata id %q", path, line, fields[1])
			}
			pl.Wikidata = fields[1]
		}
		key := pl.Country + "|" + normalize.Fold(pl.Name)
		if first, ok := names[key]; ok {
			return nil, fmt.Errorf("%s:%d: %s %s already on line %d", path, line, pl.Country, pl.Name, first)
		}
		names[key] = line
		// "Georgia (U.S. state)" is a canonical name, not an alias.
		if !strings.Contains(pl.Name, "(") {
			pl.Aliases = append(pl.Aliases, pl.Name)
		}
		if len(fields) == 4 {
			for _, a := range strings.Split(fields[3], ";") {
				if a = strings.TrimSpace(a); a != "" {
					pl.Aliases = append(pl.Aliases, a)
				}
			}
		}
		known := pl.Wikidata != "" && gb.b.Has(pl.Wikidata)
		var others []string
		for _, a := range pl.Aliases {
			fa := normalize.Fold(a)
			known = known || gb.curatedPlace[pl.Country+"|"+fa] != "" || gb.b.Has(dr5hnID(pl.Country, fa))
			if gb.b.HasAlias(fa) && !(kind == "city" && clubsOnly(gb.b.AliasHolders(fa))) {
				others = append(others, a)
			}
		}
		if kind != "city" {
			known = known || len(others) > 0
		}
		pl.Aliases = slices.DeleteFunc(pl.Aliases, func(a string) bool { return slices.Contains(others, a) })
		if gb.verbose && (known || len(others) > 0) {
			fmt.Fprintf(os.Stderr, "%s %s %s: known=%v, names the gazetteer has: %s\n", kind, pl.Country, pl.Name, known, strings.Join(others, "; "))
		}
		if known || len(pl.Aliases) == 0 {
			gb.stats["listed places the gazetteer has ("+kind+")"]++
			continue
		}
		if len(others) > 0 {
			gb.stats["listed place names the gazetteer has ("+kind+")"] += len(others)
		}
		out = append(out, pl)
	}
	return out, sc.Err()
}

// dr5hnID is the ID the gazetteer gives a dr5hn city without a usable
// Wikidata id, from its country and folded English name.
func dr5hnID(country, folded string) string {
	return "dr5hn:" + country + ":" + strings.ReplaceAll(folded, " ", "_")
}

// nationalTeams adds, for every curated country with a nationality
// adjective, its national team, named as Arabic news names it: "المنتخب"
// and the definite masculine adjective (المنتخب السعودي), or "منتخب" and
// the country's short name (منتخب مصر). The sport is not said: in news it
// is mostly football.
func (gb *gazBuild) nationalTeams(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<20)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 6 || strings.HasPrefix(fields[0], "#") || fields[1] != "country" || fields[0] != record.LOC {
			continue
		}
		var aliases []gazetteer.Alias
		hasAdj := false
		for a := range strings.SplitSeq(fields[5], ";") {
			a = strings.TrimSpace(a)
			switch {
			case strings.HasPrefix(a, "adj:"):
				words := strings.Fields(a[len("adj:"):])
				for i, w := range words {
					words[i] = "ال" + w
				}
				aliases = append(aliases, gazetteer.Alias{Text: "المنتخب " + strings.Join(words, " ")})
				hasAdj = true
			case a == "" || strings.ContainsAny(a[:1], "!~^") || !isArabicName(normalize.Fold(a)) || len(strings.Fields(a)) > 2:
			default:
				aliases = append(aliases, gazetteer.Alias{Text: "منتخب " + a})
			}
		}
		if !hasAdj {
			continue // no adjective: the country is rarely in sports news
		}
		canonical := fields[2] + " national team"
		e := gazetteer.Entity{ID: gazetteer.SlugID(canonical), Canonical: canonical, Type: record.ORG, Kind: "team", Country: fields[4]}
		if err := gb.b.Add(e, aliases...); err != nil {
			return err
		}
		gb.stats["national teams"]++
	}
	return sc.Err()
}

// arabicNewsRegion lists the countries whose minor cities Arabic news
// names often enough, and whose Arabic names dr5hn has mostly right: the
// Arab League, Iran, Turkey, Israel. Elsewhere, an Arabic name attested in
// the corpora is more often a famous place missing from dr5hn (Naples,
// Valencia, Java) than the dr5hn town of that name (نابولي in Greece,
// بلنسية in Guatemala, جاوا in Jordan); those countries keep their capitals
// and the curated cities.
var arabicNewsRegion = map[string]bool{
	"DZ": true, "BH": true, "KM": true, "DJ": true, "EG": true, "IQ": true,
	"JO": true, "KW": true, "LB": true, "LY": true, "MR": true, "MA": true,
	"OM": true, "PS": true, "QA": true, "SA": true, "SO": true, "SD": true,
	"SY": true, "TN": true, "AE": true, "YE": true, "IR": true, "TR": true,
	"IL": true,
}

// prominent reports whether a city whose dr5hn Wikidata id is qid and
// folded Arabic name is ar is likely a well-known place with a name that is
// not a common word: a low Wikidata id (items created from the first
// Wikipedia articles), a name of at least 3 letters that the NER corpora do
// not mostly tag as a non-entity and that is not a frequent word of ANT
// news text.
func (gb *gazBuild) prominent(qid, ar string) bool {
	if !gazetteer.ValidQID(qid) || len(qid) > len("Q300000") || len(qid) == len("Q300000") && qid >= "Q300000" {
		return false
	}
	if utf8.RuneCountInString(ar) < 3 || gb.other[ar] > gb.loc[ar] {
		return false
	}
	return gb.wordFreq[ar] <= maxProminentFreq
}

// maxProminentFreq is the largest ANT frequency (per million words) of a
// prominent city name that no corpus attests as a place.
const maxProminentFreq = 20

// isArabicName reports whether s is written in Arabic letters and spaces.
func isArabicName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r != ' ' && r != '-' && (r < 0x0600 || r > 0x06FF) {
			return false
		}
	}
	return true
}

// attested reports whether the corpora use the folded name n as a place
// at least twice and more often than as anything else.
func (gb *gazBuild) attested(n string) bool {
	if utf8.RuneCountInString(n) < 3 {
		return false
	}
	return gb.loc[n] >= 2 && gb.loc[n] > gb.other[n]
}

// ambiguous marks the aliases of the ambiguous list lookup-only.
func (gb *gazBuild) ambiguous(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		s, _, _ := strings.Cut(sc.Text(), "#")
		s = normalize.Fold(strings.TrimSpace(s))
		if s == "" {
			continue
		}
		if gb.b.SetLookupOnly(s) {
			gb.stats["aliases made lookup-only (list)"]++
		}
	}
	return sc.Err()
}

// attest counts how the corpora use names: LOC spans of the Arabic and
// English NER corpora, and dateline places of ANT articles, are places;
// other spans of the same words in the NER corpora are not.
func (gb *gazBuild) attest(ctx context.Context, dir string) error {
	gb.loc, gb.other = map[string]int{}, map[string]int{}
	files := []string{
		"ner/ar/ANERcorp_CAMeLsplit_train_origlabels.txt",
		"ner/ar/newsfane_gold_train.txt",
		"ner/en/wikigold_train.conll",
	}
	for _, f := range files {
		if err := gb.attestCoNLL(filepath.Join(dir, f)); err != nil {
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			return err
		}
	}
	return gb.attestANT(ctx, filepath.Join(dir, corpus.ANTv21))
}

// attestCoNLL counts entity spans: LOC-like spans (and their clitic-free
// forms) as places, single tokens outside any entity as other uses.
func (gb *gazBuild) attestCoNLL(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<20)
	var span []string
	var spanType string
	flush := func() {
		if len(span) > 0 {
			n := normalize.Fold(strings.Join(span, " "))
			if spanType == "LOC" {
				gb.loc[n]++
			} else {
				gb.other[n]++
			}
		}
		span, spanType = nil, ""
	}
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			flush()
			continue
		}
		tok, tag := fields[0], fields[len(fields)-1]
		if tag == "O" {
			flush()
			gb.other[normalize.Fold(tok)]++
			continue
		}
		bio, cls, _ := strings.Cut(tag, "-")
		if cls == "" {
			cls, bio = bio, "I"
		}
		t := nerClass(cls)
		if bio == "B" || t != spanType {
			flush()
			spanType = t
		}
		span = append(span, tok)
	}
	flush()
	return sc.Err()
}

// nerClass maps the classes of the corpora (NewsFANE's fine ones
// included) to LOC, or to another class name.
func nerClass(c string) string {
	switch strings.ToUpper(c) {
	case "LOC", "LOCATION", "GPE", "POPULATION-CENTER", "NATION", "COUNTRY",
		"STATE-OR-PROVINCE", "CONTINENT", "REGION-GENERAL", "REGION-INTERNATIONAL",
		"COUNTY-OR-DISTRICT", "WATER-BODY", "LAND-REGION-NATURAL", "CELESTIAL", "GPE-CLUSTER", "SPECIAL":
		return "LOC"
	}
	return strings.ToUpper(c)
}

// attestANT counts the dateline places of ANT: the author field often
// reads "PLACE - REPORTER OR OUTLET".
func (gb *gazBuild) attestANT(ctx context.Context, path string) error {
	counts := map[string]int{}
	words := 0
	defer func() {
		gb.wordFreq = make(map[string]float64, len(counts))
		for w, c := range counts {
			if c > 1 {
				gb.wordFreq[w] = float64(c) * 1e6 / float64(words)
			}
		}
	}()
	n := 0
	err := corpus.ReadANT(path, func(doc corpus.ANTDoc) error {
		if n%1000 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		n++
		prev := ""
		for _, w := range strings.FieldsFunc(normalize.Fold(doc.Text), notLetter) {
			counts[w]++
			if prev != "" {
				counts[prev+" "+w]++
			}
			prev = w
			words++
		}
		place, _, ok := strings.Cut(doc.Author, " - ")
		if !ok {
			return nil
		}
		place = strings.TrimSpace(place)
		if place != "" && utf8.RuneCountInString(place) <= 30 {
			gb.loc[normalize.Fold(place)]++
		}
		return nil
	})
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// translitConsistent reports whether the Arabic name ar (folded) can be a
// transliteration of the Latin name latin: their consonant skeletons,
// letters grouped by sound (b p; t th; d dh z; s sh ch; k q g kh gh; ...),
// vowels, w, y, the article and ع dropped, are within an edit distance of
// a third of their length. It rejects the translations that dr5hn gives
// for some names (Hail → يشيد "praises", Male → ذكر, Acre → فدان, Sin →
// الخطيئة), which are common words, and keeps real transliterations
// (Misratah → مصراتة).
func translitConsistent(latin, ar string) bool {
	a, b := latinSkeleton(latin), arabicSkeleton(ar)
	if a == "" || b == "" {
		return false
	}
	n := max(len(a), len(b))
	return editDistance(a, b) <= max(1, n/3)
}

func latinSkeleton(s string) string {
	s = normalize.Fold(s)
	s = strings.NewReplacer("‘", "", "’", "", "'", "", "ʿ", "", "ʾ", "", "-", " ").Replace(s)
	words := strings.Fields(s)
	if len(words) > 1 {
		switch words[0] {
		case "al", "el", "ad", "as", "ash", "at", "az", "ar", "an", "ath", "adh", "ed", "es", "et", "er", "en":
			words = words[1:]
		}
	}
	s = strings.Join(words, "")
	for _, p := range []string{"al", "el"} {
		if strings.HasPrefix(s, p) && len(s) > 5 {
			s = s[2:]
			break
		}
	}
	s = strings.NewReplacer("tch", "s", "sh", "s", "ch", "s", "th", "t", "dh", "d", "kh", "k", "gh", "k", "ph", "f", "dj", "j", "ou", "").Replace(s)
	var out []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		var k byte
		switch c {
		case 'b', 'p':
			k = 'B'
		case 'f', 'v':
			k = 'F'
		case 't':
			k = 'T'
		case 'd', 'z':
			k = 'D'
		case 's', 'x':
			k = 'S'
		case 'j':
			k = 'J'
		case 'g':
			k = 'G' // ج or غ or ق
		case 'k', 'q', 'c':
			k = 'K'
		case 'h':
			k = 'H'
		case 'l':
			k = 'L'
		case 'm':
			k = 'M'
		case 'n':
			k = 'N'
		case 'r':
			k = 'R'
		default:
			continue
		}
		if len(out) > 0 && out[len(out)-1] == k {
			continue // doubled consonant
		}
		out = append(out, k)
	}
	return string(out)
}

func arabicSkeleton(s string) string {
	s = strings.TrimPrefix(strings.ReplaceAll(s, " ", ""), "ال")
	s = strings.TrimSuffix(s, "ه") // ة folds to ه
	var out []byte
	for _, r := range s {
		var k byte
		switch r {
		case 'ب', 'پ':
			k = 'B'
		case 'ف', 'ڤ':
			k = 'F'
		case 'ت', 'ث', 'ط':
			k = 'T'
		case 'د', 'ذ', 'ز', 'ض', 'ظ':
			k = 'D'
		case 'س', 'ش', 'ص', 'چ':
			k = 'S'
		case 'ج':
			k = 'J'
		case 'ك', 'ق', 'خ', 'غ', 'گ':
			k = 'K'
		case 'ح', 'ه':
			k = 'H'
		case 'ل':
			k = 'L'
		case 'م':
			k = 'M'
		case 'ن':
			k = 'N'
		case 'ر':
			k = 'R'
		default:
			continue
		}
		if len(out) > 0 && out[len(out)-1] == k {
			continue
		}
		out = append(out, k)
	}
	return string(out)
}

// editDistance is the Levenshtein distance of two consonant skeletons; the
// Latin G matches the Arabic J and K.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] || a[i-1] == 'G' && (b[j-1] == 'J' || b[j-1] == 'K') {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
