package topics

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Corpora the topic model is trained from (see the data README).
const (
	CorpusANT2       = "ant2"            // ANT v2.1 multi-source Arabic news, 2018
	CorpusANT1       = "ant1"            // ANT v1.1, JawharaFM (Tunisia)
	CorpusMasakhaEng = "masakhanews-eng" // MasakhaNEWS English
	CorpusMasakhaFra = "masakhanews-fra" // MasakhaNEWS French
)

// Mapping says how one category of a corpus maps to IPTC top-level codes.
type Mapping struct {
	// Gold is the code of a topical category; "" for a weak one.
	Gold string
	// Weak categories (regions, catch-alls) are labelled by the seed
	// lexicons; Fallback is their code when the lexicons are not
	// decisive, "" to leave such documents out of training.
	Weak     bool
	Fallback string
	// Accept are the codes an evaluation accepts as the top topic; empty
	// when the category is too mixed to evaluate.
	Accept []string
}

// regionMapping is the mapping of a region category: most such stories are
// politics or conflict, a few crime, disaster, health...
var regionMapping = Mapping{Weak: true, Fallback: Politics, Accept: []string{Politics, Conflict}}

// categoryMap maps corpus → category → IPTC.
var categoryMap = map[string]map[string]Mapping{
	CorpusANT2: {
		"culture":           {Gold: Arts, Accept: []string{Arts}},
		"economy":           {Gold: Economy, Accept: []string{Economy}},
		"sport":             {Gold: Sport, Accept: []string{Sport}},
		"technology":        {Gold: Science, Accept: []string{Science}},
		"internationalNews": regionMapping,
		"middleEast":        regionMapping,
	},
	CorpusANT1: {
		"culture":           {Gold: Arts, Accept: []string{Arts}},
		"economy":           {Gold: Economy, Accept: []string{Economy}},
		"sport":             {Gold: Sport, Accept: []string{Sport}},
		"technology":        {Gold: Science, Accept: []string{Science}},
		"politic":           {Gold: Politics, Accept: []string{Politics}},
		"internationalNews": regionMapping,
		// Tunisian local news: politics, but as much weather, schools,
		// strikes, crime, tourism...: only the documents the lexicons
		// label are used; not evaluated.
		"localNews": {Weak: true},
		// "Société" on JawharaFM is mostly police and court news, and
		// social issues; not evaluated.
		"society": {Weak: true, Fallback: Society},
		// "Divers" (faits divers): odd and human-interest stories.
		"diverse": {Weak: true, Fallback: HumanInterest},
	},
	CorpusMasakhaEng: masakhaMapping,
	CorpusMasakhaFra: masakhaMapping,
}

var masakhaMapping = map[string]Mapping{
	"business":      {Gold: Economy, Accept: []string{Economy}},
	"entertainment": {Gold: Arts, Accept: []string{Arts}},
	"health":        {Gold: Health, Accept: []string{Health}},
	"politics":      {Gold: Politics, Accept: []string{Politics}},
	"religion":      {Gold: Religion, Accept: []string{Religion}},
	"sports":        {Gold: Sport, Accept: []string{Sport}},
	"technology":    {Gold: Science, Accept: []string{Science}},
}

// MapCategory returns the IPTC mapping of a corpus category.
func MapCategory(corpus, category string) (Mapping, bool) {
	m, ok := categoryMap[corpus][category]
	return m, ok
}

// CorpusDoc is one labelled document of a training corpus.
type CorpusDoc struct {
	Corpus   string
	ID       string // docno; URL (dev) or headline (train) for MasakhaNEWS
	Category string // the corpus's own label
	Title    string
	Text     string
	// Abstract is the ANT summary ("abstract" field), often the first
	// sentences of Text, for BBC and some CNN stories a standfirst of its
	// own.
	Abstract string
	// Train is false for the documents of the dev split.
	Train bool
	// DevFile is true for the documents of a MasakhaNEWS dev file.
	DevFile bool
}

// DevShare is the share (in tenths) of the ANT corpora held out as the dev
// split, by a hash of the document id; half of the MasakhaNEWS dev files
// is held out the same way (their train files always train).
const DevShare = 1

// isDev reports whether the document id falls in the dev split of n tenths.
func isDev(id string, tenths uint32) bool {
	h := fnv.New32a()
	h.Write([]byte(id))
	return h.Sum32()%10 < tenths
}

// ReadCorpora reads the four topic corpora from dir (the data's topics
// folder), keeping at most maxBytes of each text.
func ReadCorpora(dir string, maxBytes int) ([]CorpusDoc, error) {
	var docs []CorpusDoc
	for _, c := range []struct{ corpus, file string }{
		{CorpusANT2, "ant_v2.1_multisource.train.jsonl.gz"},
		{CorpusANT1, "ant_v1.1_jawharafm.jsonl.gz"},
	} {
		d, err := readANT(filepath.Join(dir, c.file), c.corpus, maxBytes)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d...)
	}
	for _, c := range []struct{ corpus, lang string }{{CorpusMasakhaEng, "eng"}, {CorpusMasakhaFra, "fra"}} {
		for _, part := range []string{"train_50perclass", "dev"} {
			d, err := readMasakha(filepath.Join(dir, "masakhanews_"+c.lang+"_"+part+".tsv"), c.corpus, part == "dev", maxBytes)
			if err != nil {
				return nil, err
			}
			docs = append(docs, d...)
		}
	}
	return docs, nil
}

func clip(s string, n int) string {
	if n <= 0 || len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n]
}

func readANT(path, corpus string, maxBytes int) ([]CorpusDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("topics: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("topics: %s: %w", path, err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var docs []CorpusDoc
	for sc.Scan() {
		var r struct {
			Docno, Cat, Title, Text, Abstract string
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("topics: %s: %w", path, err)
		}
		if _, ok := MapCategory(corpus, r.Cat); !ok || strings.TrimSpace(r.Text) == "" {
			continue
		}
		docs = append(docs, CorpusDoc{Corpus: corpus, ID: r.Docno, Category: r.Cat, Title: r.Title,
			Text: clip(r.Text, maxBytes), Abstract: r.Abstract, Train: !isDev(r.Docno, DevShare)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("topics: %s: %w", path, err)
	}
	return docs, nil
}

// readMasakha reads a MasakhaNEWS TSV file (category, headline, text and,
// in dev files, url; quoted fields may span lines). Documents of a dev file are split in two
// halves by URL: one trains, one is held out.
func readMasakha(path, corpus string, devFile bool, maxBytes int) ([]CorpusDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("topics: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("topics: %s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	for _, c := range []string{"category", "headline", "text"} {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("topics: %s: no %q column", path, c)
		}
	}
	var docs []CorpusDoc
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("topics: %s: %w", path, err)
		}
		if len(rec) < len(header) {
			continue
		}
		cat := strings.TrimSpace(rec[col["category"]])
		if _, ok := MapCategory(corpus, cat); !ok {
			continue
		}
		// The train files have no url column: the headline is the id.
		id := rec[col["headline"]]
		if c, ok := col["url"]; ok && rec[c] != "" {
			id = rec[c]
		}
		docs = append(docs, CorpusDoc{Corpus: corpus, ID: id, Category: cat, Title: rec[col["headline"]],
			Text: clip(rec[col["text"]], maxBytes), Train: !devFile || !isDev(id, 5), DevFile: devFile})
	}
	return docs, nil
}

// Target returns the training target of a document: one-hot for a gold
// category, from the seed lexicons for a weak one (see WeakTarget), and
// for gold politics a share of conflict when the lexicons find a war
// story. rule names the decision taken.
func (l *Lexicon) Target(corpus string, m Mapping, title, text string) (target [NumClasses]float32, rule string) {
	var counts [NumClasses]float32
	l.Count(title, 100, 3, &counts)
	l.Count(text, weakWords, 1, &counts)
	if !m.Weak {
		target[classIndex(m.Gold)] = 1
		pol, conf := counts[classIndex(Politics)], counts[classIndex(Conflict)]
		// Only where the corpus is weakly labelled too (ANT v1.1): in the
		// gold-only corpora conflict would be a class of a few dozen
		// documents, too few to learn it, and it would take gold
		// politics stories.
		if m.Gold == Politics && mixConflict[corpus] && conf >= minConflict && conf >= pol {
			target[classIndex(Politics)], target[classIndex(Conflict)] = 0.6, 0.4
			return target, "gold politics + conflict lexicon"
		}
		return target, "gold"
	}
	return weakTarget(counts, m.Fallback)
}

// mixConflict lists the corpora whose gold politics documents may share
// their target with conflict.
var mixConflict = map[string]bool{CorpusANT1: true}

// Weak-labelling parameters: the lexicons read the title (three times)
// and the first weakWords words of the text.
const (
	weakWords = 300
	// minOther is the least count for a class other than politics and
	// conflict to take a document, which it must also win by a margin.
	minOther = 5
	// minConflict is the least conflict count to give conflict a share.
	minConflict = 4
	// otherShare is the target share of a winning class other than
	// politics and conflict in region news.
	otherShare = 0.6
)

// weakTarget decides the target of a weakly labelled document from its
// lexicon counts:
//  1. a class other than politics and conflict wins when it has at least
//     minOther hits, twice the next such class and 1.5 times both politics
//     and conflict; in region news it takes otherShare of the target and
//     politics (and conflict, as in 2) the rest;
//  2. else, when conflict has at least minConflict hits, the target is
//     split between conflict and politics in proportion to their counts
//     (a story about arms talks between states is both);
//  3. else the category's fallback (politics for region news), or no
//     target (the document is left out) when the category has none.
func weakTarget(counts [NumClasses]float32, fallback string) (target [NumClasses]float32, rule string) {
	pol, conf := counts[classIndex(Politics)], counts[classIndex(Conflict)]
	best, second := -1, float32(0)
	for k, c := range counts {
		if codes[k] == Politics || codes[k] == Conflict {
			continue
		}
		if best < 0 || c > counts[best] {
			if best >= 0 {
				second = counts[best]
			}
			best = k
		} else if c > second {
			second = c
		}
	}
	if b := counts[best]; b >= minOther && b >= 2*second && b >= 1.5*max(pol, conf) {
		// Region news keep a share of politics and conflict: a crime or
		// a disaster on a world-news desk is usually also a political
		// story.
		if fallback == Politics {
			target[best] = otherShare
			rest := float32(1 - otherShare)
			if conf >= minConflict {
				target[classIndex(Conflict)] = rest * conf / (conf + pol)
				target[classIndex(Politics)] = rest * pol / (conf + pol)
			} else {
				target[classIndex(Politics)] = rest
			}
		} else {
			target[best] = 1
		}
		return target, "lexicon: " + labels[best]
	}
	if conf >= minConflict {
		// The fallback gets the politics share only for region news;
		// elsewhere conflict takes the document.
		if fallback == Politics {
			target[classIndex(Conflict)] = conf / (conf + pol)
			target[classIndex(Politics)] = pol / (conf + pol)
			return target, "lexicon: conflict+politics"
		}
		target[classIndex(Conflict)] = 1
		return target, "lexicon: conflict"
	}
	if fallback == "" {
		return target, "left out"
	}
	target[classIndex(fallback)] = 1
	return target, "fallback: " + labels[classIndex(fallback)]
}

// CheckItem is one document of the labelled check set
// (testdata/topics/checkset.tsv): a corpus document id and its labels, the
// primary one first.
type CheckItem struct {
	ID     string
	Labels []string
}

// ReadCheckSet reads a check-set file: docno, comma-separated codes and a
// note per tab-separated line; lines starting with # are comments.
func ReadCheckSet(path string) ([]CheckItem, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("topics: %w", err)
	}
	var items []CheckItem
	for n, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			return nil, fmt.Errorf("topics: %s:%d: want docno<TAB>labels", path, n+1)
		}
		it := CheckItem{ID: f[0]}
		for _, c := range strings.Split(f[1], ",") {
			if Label(c) == "" {
				return nil, fmt.Errorf("topics: %s:%d: unknown code %q", path, n+1, c)
			}
			it.Labels = append(it.Labels, c)
		}
		items = append(items, it)
	}
	return items, nil
}

// CheckKey is the check-set id of a MasakhaNEWS document: the corpus and
// the first 16 hex digits of the SHA-256 of its id (the train files' ids
// are headlines, which the check set must not copy).
func CheckKey(corpus, id string) string {
	h := sha256.Sum256([]byte(id))
	return corpus + ":" + hex.EncodeToString(h[:8])
}
