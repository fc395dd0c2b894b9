package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/newsenrich/newsenrich/corpus"
	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// buildDatelineDevSet writes an "eval dateline" file from ANT v2.1.
//
// ANT's author field holds the byline as the pages print it above the
// story; CNN texts open with an inline dateline. Lines are built so:
//
//   - Sky News Arabia, Al Arabiya and France 24 articles with an author:
//     text = author + "\n" + text (the byline above the story, as printed).
//     Gold: the author is split at its first dash-like separator (- – — ـ _)
//     or colon, else at a comma. The left part is the place unless it is an
//     organisation (then there is no place); the right part (its first
//     comma element) is the agency when it is an organisation, else a
//     reporter and the gold agency is "" (nothing may be taken for an
//     agency). An author of one part is the agency when it is an
//     organisation, else a reporter (gold place and agency ""). When the
//     left part is no known place and the right one is (Arabic names of
//     countries and cities in shared/data/gazetteer), the two are swapped
//     ("غسّان أبو لوز-عمّان"). A credit joining organisations has its first
//     as gold ("العربية.نت ووكالات" → "العربية.نت"). Which
//     credits are organisations is a hand-labelled list of the credit
//     strings of ANT's author field (anOrgs below, typos included).
//   - CNN articles: the text as is; gold place is the first comma element
//     before "(CNN)", gold agency "CNN".
//   - BBC articles: the text as is; BBC Arabic prints no dateline, so gold
//     place and agency are "" (this checks that nothing is guessed).
//   - Outlet: every third line (by a hash of docno) gets a source line
//     "\n\nالمصدر: <site name>" appended, with the site of the article
//     (src); its gold outlet is that name. On other lines the gold outlet
//     is the byline's organisation if any, else "".
//
// No more than --per-byline lines share one author string (or one CNN
// dateline prefix), so the 10,871 identical Sky News bylines do not swamp
// the figures; --max-bbc caps the no-dateline lines.
//
// What this gold can check: splitting bylines into place, agency and
// reporter, finding inline datelines, not guessing on stories without
// one, and reading appended source lines. What it cannot: place canonical
// names (no gold), dates, English and French datelines (see
// processor/dateline/testdata), and source lines other than the one
// appended form. The organisation list was written from the same author
// strings the parser's agency table covers, so agency figures mostly
// measure parsing; the few organisations outside the table (القافلة,
// فرانس 2, typos) show as errors. The gold itself has errors where a
// "reporter - place" byline names a place missing from the gazetteer
// files ("فهد الشهري - موسكو": Russian cities are missing there). This
// set was used to develop the parser: its figures are not a blind test.
func buildDatelineDevSet(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("dateline-devset", flag.ContinueOnError)
	data := fs.String("data", "../shared/data", "the shared/data folder")
	out := fs.String("out", "/tmp/dateline_dev.jsonl", "eval file to write (keep it outside the repository: derived from licensed data)")
	perByline := fs.Int("per-byline", 150, "most lines sharing one author string or CNN dateline")
	maxBBC := fs.Int("max-bbc", 400, "most BBC (no dateline) lines")
	if err := fs.Parse(args); err != nil {
		return err
	}
	path := filepath.Join(*data, corpus.ANTv21)
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("dateline-devset: %w", err)
	}
	w, err := os.Create(*out)
	if err != nil {
		return fmt.Errorf("dateline-devset: %w", err)
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	known, err := knownPlaces(filepath.Join(*data, "gazetteer"))
	if err != nil {
		return fmt.Errorf("dateline-devset: %w", err)
	}
	seen := map[string]int{}
	counts := map[string]int{}
	err = corpus.ReadANT(path, func(d corpus.ANTDoc) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		ex, key, ok := devLine(d.Src, d.Author, d.Text, known)
		if !ok {
			return nil
		}
		if d.Src == "BBC" {
			if counts["BBC"] >= *maxBBC {
				return nil
			}
		} else if seen[key] >= *perByline {
			return nil
		}
		seen[key]++
		counts[d.Src]++
		ex.Title = d.Title
		if t, err := time.Parse(time.RFC1123Z, d.Time); err == nil {
			ex.PublishedAt = t.Format(time.RFC3339)
		}
		h := fnv.New32a()
		h.Write([]byte(d.Docno))
		if name := siteNames[d.Src]; name != "" && h.Sum32()%3 == 0 {
			ex.Text += "\n\nالمصدر: " + name
			ex.Outlet = &name
		}
		return enc.Encode(ex)
	})
	if err != nil {
		return fmt.Errorf("dateline-devset: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("dateline-devset: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("dateline-devset: %w", err)
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	fmt.Fprintf(os.Stderr, "dateline-devset: %d lines to %s %v\n", total, *out, counts)
	return nil
}

// devExample is one line of the eval file.
type devExample struct {
	Text        string      `json:"text"`
	Title       string      `json:"title,omitempty"`
	PublishedAt string      `json:"published_at,omitempty"`
	Dateline    devDateline `json:"dateline"`
	Outlet      *string     `json:"outlet,omitempty"`
}

type devDateline struct {
	Place  string `json:"place"`
	Agency string `json:"agency"`
}

// siteNames are the names the ANT sites print in source lines.
var siteNames = map[string]string{
	"skynews":  "سكاي نيوز عربية",
	"alarabia": "العربية.نت",
	"france24": "فرانس 24",
	"BBC":      "بي بي سي عربي",
	"CNN":      "CNN بالعربية",
}

// anOrgs is the hand-labelled list of organisations among the credits of
// ANT's author field (everything else there is a place or a person).
var anOrgs = []string{
	"سكاي نيوز عربية", "فرانس 24", "FRANCE24", "فرانس 2", "العربية.نت", "العربية نت", "العربية. نت",
	"العربية", "قناة العربية", "قناة الحدث", "البوابة العربية للأخبار التقنية",
	"البواية العربية للأخبار التقنية", "البوابة العربية للاخبار التقنية", "البوابة العربيةللأخبار التقنية",
	"رويترز", "رويرتز", "د ب أ", "فرانس برس", "فراس برس", "فراني برس", "أ ف ب", "ا ف ب", "وكالات",
	"واس", "الأناضول", "أسوشيتد برس", "أسوشيتدبرس", "أسوشييتد برس", "اسوشيتد برس",
	"الأسوشيتد برس", "أسوشتيد برس", "أشوستيد برس", "أسوشيتدر برس", "أ ب", "أب", "وام", "القافلة",
}

func isANTOrg(s string) bool { return slices.Contains(anOrgs, strings.ReplaceAll(s, " .", ".")) }

var (
	uuidAuthor = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f-]{20,}$`)
	cnnHead    = regexp.MustCompile(`^\s*([^\n()]{1,80}?)\s*\(CNN\)`)
	parenPart  = regexp.MustCompile(`\s*\([^)]*\)`)
)

// devLine derives the eval line of one ANT article (without title, time
// and outlet line) and the key that caps repetitions.
func devLine(src, author, text string, known map[string]bool) (devExample, string, bool) {
	author = strings.TrimFunc(author, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) })
	switch src {
	case "CNN":
		m := cnnHead.FindStringSubmatch(text)
		if m == nil {
			return devExample{}, "", false
		}
		place := firstComma(m[1])
		ex := devExample{Text: text, Dateline: devDateline{Place: place, Agency: "CNN"}}
		agency := "CNN"
		ex.Outlet = &agency
		return ex, "CNN " + m[1], true
	case "BBC":
		if author != "" {
			return devExample{}, "", false
		}
		empty := ""
		return devExample{Text: text, Outlet: &empty}, "BBC", true
	}
	if author == "" || uuidAuthor.MatchString(author) {
		return devExample{}, "", false
	}
	var gold devDateline
	left, right, two := splitAuthor(author)
	if two {
		left, right = firstComma(left), firstOrg(firstComma(right))
		if !known[normalize.Fold(left)] && known[normalize.Fold(right)] {
			left, right = right, left // "reporter - place"
		}
		if isANTOrg(left) {
			gold.Agency = left
		} else {
			gold.Place = strings.TrimSpace(parenPart.ReplaceAllString(left, ""))
			if isANTOrg(right) {
				gold.Agency = right
			}
		}
	} else if isANTOrg(firstOrg(author)) {
		gold.Agency = firstOrg(author)
	}
	outlet := gold.Agency
	return devExample{Text: author + "\n" + text, Dateline: gold, Outlet: &outlet}, author, true
}

// splitAuthor splits an author string at its first spaced dash-like
// separator, else its first glued one or colon, else its first comma.
func splitAuthor(a string) (string, string, bool) {
	for _, spaced := range []bool{true, false} {
		for i, r := range a {
			switch r {
			case '-', '–', '—', 'ـ', '_', ':':
				end := i + len(string(r))
				if spaced && r != ':' && (i == 0 || a[i-1] != ' ') && (end >= len(a) || a[end] != ' ') {
					continue
				}
				l, rt := strings.TrimSpace(a[:i]), strings.TrimSpace(a[end:])
				if l != "" && rt != "" {
					return l, rt, true
				}
			}
		}
	}
	for _, sep := range []string{"،", ","} {
		if l, rt, ok := strings.Cut(a, sep); ok && strings.TrimSpace(l) != "" && strings.TrimSpace(rt) != "" {
			return strings.TrimSpace(l), strings.TrimSpace(rt), true
		}
	}
	return a, "", false
}

// firstOrg returns the first organisation of a credit joined with "و" or
// "/" ("العربية.نت ووكالات" → "العربية.نت"), else the credit.
func firstOrg(s string) string {
	for _, sep := range []string{" و", "/"} {
		if i := strings.Index(s, sep); i > 0 && isANTOrg(strings.TrimSpace(s[:i])) {
			return strings.TrimSpace(s[:i])
		}
	}
	return s
}

// knownPlaces reads the Arabic names of countries and cities of the
// shared gazetteer files, folded. They only decide the order of a
// "reporter - place" byline; many large cities are missing from them.
func knownPlaces(dir string) (map[string]bool, error) {
	known := map[string]bool{}
	var countries []mledozeCountry
	if err := readJSON(filepath.Join(dir, "countries_ar_en_fr.json"), &countries); err != nil {
		return nil, err
	}
	for _, c := range countries {
		known[normalize.Fold(c.AR)] = true
	}
	cities, err := readCities(filepath.Join(dir, "dr5hn_cities_ar_fr_wikidata.tsv"))
	if err != nil {
		return nil, err
	}
	for _, c := range cities {
		if c.ar != "" {
			known[normalize.Fold(c.ar)] = true
		}
	}
	return known, nil
}

// firstComma returns the first comma element of s, trimmed.
func firstComma(s string) string {
	if i := strings.IndexAny(s, ",،"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}
