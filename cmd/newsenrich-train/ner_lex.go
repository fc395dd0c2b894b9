package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/nlp/ner"
	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// placeWords returns the word lexicon classes of the words of the place
// names of a places file (gazetteer/data/places.tsv.gz: its "A" lines
// hold folded aliases): LexPlace for a one-word name, LexPlaceFirst and
// LexPlaceRest for the words of longer ones. Only names in the script of
// model lang count (Arabic for "ar", Latin for "latin"), and, when vocab
// is not nil, only words it holds (the words of the cluster texts: a
// place name never seen in the news is left out of the model); words in
// skip (the most frequent words of the news: في، من، على are words of
// place names too) are left out.
func placeWords(path, lang string, vocab map[string][2]uint16, skip map[string]bool) (map[string]uint8, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ner: places: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("ner: places %s: %w", path, err)
	}
	defer zr.Close()
	out := map[string]uint8{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		alias, ok := strings.CutPrefix(sc.Text(), "A\t")
		if !ok {
			continue
		}
		alias, _, _ = strings.Cut(alias, "\t")
		words := strings.Fields(alias)
		if len(words) == 0 || arabicScript(words[0]) != (lang == "ar") || adminHeads[words[0]] {
			continue
		}
		for i, w := range words {
			if skip[w] {
				continue
			}
			if vocab != nil {
				if _, ok := vocab[w]; !ok {
					continue
				}
			}
			switch {
			case len(words) == 1:
				out[w] |= ner.LexPlace
			case i == 0:
				out[w] |= ner.LexPlaceFirst
			default:
				out[w] |= ner.LexPlaceRest
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("ner: places %s: %w", path, err)
	}
	return out, nil
}

// gazetteerAliases calls f with the type, the flags and the matching form
// of every alias of the compiled gazetteer file path
// (gazetteer/data/gazetteer.tsv.gz, see gazetteer.Builder: the type in the
// second field, the aliases FLAGS=alias separated by | in the seventh;
// flag a marks a nationality adjective, x a lookup-only alias, b a
// blocking one).
func gazetteerAliases(path string, f func(typ, flags, alias string)) error {
	fh, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("ner: gazetteer: %w", err)
	}
	defer fh.Close()
	zr, err := gzip.NewReader(fh)
	if err != nil {
		return fmt.Errorf("ner: gazetteer %s: %w", path, err)
	}
	defer zr.Close()
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<24)
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) != 7 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		for a := range strings.SplitSeq(fs[6], "|") {
			if flags, alias, ok := strings.Cut(a, "="); ok {
				f(fs[1], flags, alias)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("ner: gazetteer %s: %w", path, err)
	}
	return nil
}

// adminHeads are the folded head words of qualified region names
// ("محافظة الحديدة", "ولاية الجزيرة": regions.tsv qualifies a region named
// like a city or a common word). Such an alias says nothing about the
// words of place names: it would make the head, among the commonest words
// of the news, the first word of a place, and the city it qualifies a
// later word of one, so placeWords leaves it out.
var adminHeads = map[string]bool{
	"محافظه": true, "المحافظه": true, "ولايه": true, "الولايه": true, "اقليم": true, "الاقليم": true,
	"منطقه": true, "المنطقه": true, "مقاطعه": true, "المقاطعه": true, "جمهوريه": true, "الجمهوريه": true,
	"اماره": true, "الاماره": true, "امانه": true, "مديريه": true, "بلديه": true,
}

// arabicScript reports whether w starts with a letter of the Arabic
// block.
func arabicScript(w string) bool {
	for _, r := range w {
		return unicode.Is(unicode.Arabic, r)
	}
	return false
}

// bylineNames harvests people's names from the bylines (the "author"
// field) of a gzipped JSON Lines news corpus such as ANT v2.1, whose
// bylines read "PLACE - NAME" or "PLACE - OUTLET" or "NAME": it returns
// the folded first words of the names as LexGiven and their last words
// as LexFamily, each used by at least minCount distinct names. A byline
// part is a name when it is two to four Arabic words without digits or
// other marks, its first word is not a place heading bylines (the part
// before a dash elsewhere) and the part itself never heads a byline nor
// follows more than maxPlaces distinct places (agencies follow many:
// "موسكو - رويترز", "لندن - رويترز"); isKnown, when not nil, rejects
// parts it knows as something else (the gazetteer's organisations and
// places).
func bylineNames(path string, minCount, maxPlaces int, isKnown func(string) bool) (map[string]uint8, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("ner: bylines: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, 0, fmt.Errorf("ner: bylines %s: %w", path, err)
	}
	defer zr.Close()
	dec := json.NewDecoder(zr)
	heads := map[string]bool{}            // parts before a dash
	after := map[string]map[string]bool{} // part → the heads it followed
	parts := map[string]bool{}
	for {
		var doc struct {
			Author string `json:"author"`
		}
		if err := dec.Decode(&doc); err == io.EOF {
			break
		} else if err != nil {
			return nil, 0, fmt.Errorf("ner: bylines %s: %w", path, err)
		}
		ps := bylineParts(doc.Author)
		for i, p := range ps {
			parts[p] = true
			if i == 0 && len(ps) > 1 {
				heads[p] = true
			}
			if i > 0 {
				if after[p] == nil {
					after[p] = map[string]bool{}
				}
				after[p][ps[0]] = true
			}
		}
	}
	givenN, familyN := map[string]int{}, map[string]int{}
	names := 0
	for p := range parts {
		words := strings.Fields(p)
		if len(words) < 2 || len(words) > 4 || heads[p] || len(after[p]) > maxPlaces || heads[words[0]] {
			continue
		}
		if !allArabicLetters(words) || (isKnown != nil && isKnown(p)) {
			continue
		}
		names++
		givenN[words[0]]++
		familyN[words[len(words)-1]]++
	}
	out := map[string]uint8{}
	for w, n := range givenN {
		if n >= minCount {
			out[w] |= ner.LexGiven
		}
	}
	for w, n := range familyN {
		if n >= minCount {
			out[w] |= ner.LexFamily
		}
	}
	return out, names, nil
}

// bylineParts splits a byline at its dashes (-, –, —, a spaced tatweel)
// and commas into folded, trimmed parts.
func bylineParts(s string) []string {
	s = strings.ReplaceAll(s, " ـ ", " - ")
	f := strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case '-', '–', '—', ',', '،':
			return true
		}
		return false
	})
	var out []string
	for _, p := range f {
		if p = strings.Join(strings.Fields(normalize.Fold(p)), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// allArabicLetters reports whether every word is made of Arabic letters
// only.
func allArabicLetters(words []string) bool {
	for _, w := range words {
		for _, r := range w {
			if !unicode.Is(unicode.Arabic, r) || !unicode.IsLetter(r) {
				return false
			}
		}
	}
	return true
}

// mergeLex adds the classes of b to a (a fresh map when a is nil).
func mergeLex(a, b map[string]uint8) map[string]uint8 {
	if a == nil {
		a = make(map[string]uint8, len(b))
	}
	for w, c := range b {
		a[w] |= c
	}
	return a
}

// gazetteerWords returns the word lexicon classes of the one-word aliases
// of the gazetteer's entities in the script of model lang: LexKnownPER,
// LexKnownORG or LexKnownLOC by the entity's type.
func gazetteerWords(g *gazetteer.Gazetteer, lang string) map[string]uint8 {
	out := map[string]uint8{}
	es := g.Entities()
	for i := range es {
		e := &es[i]
		var c uint8
		switch e.Type {
		case "PER":
			c = ner.LexKnownPER
		case "ORG":
			c = ner.LexKnownORG
		case "LOC":
			c = ner.LexKnownLOC
		}
		for _, a := range g.Aliases(e) {
			if c == 0 || strings.ContainsAny(a, " -") || arabicScript(a) != (lang == "ar") {
				continue
			}
			out[a] |= c
		}
	}
	return out
}
