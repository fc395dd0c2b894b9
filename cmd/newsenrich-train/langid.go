package main

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/corpus"
	"github.com/newsenrich/newsenrich/nlp/langid"
)

// trainLangID trains the language identifier.
//
// Training text: Arabic from ANT v2.1 (titles and texts), English from
// MasakhaNEWS (train split) and wikigold, French from MasakhaNEWS (train
// split), Persian and Urdu from the user-interface strings of the Firefox
// ESR language packs (MPL-2.0, Debian packages firefox-esr-l10n-fa and
// firefox-esr-l10n-ur; pass the .xpi files).
//
// Every item is assigned by a hash of its id (ANT docno, MasakhaNEWS URL,
// the string itself) to train (80%), calibration (10%: the confidence
// scale) or evaluation (10%); MasakhaNEWS dev files are evaluation only.
// The command prints the accuracy on the evaluation part, per language, on
// articles and on headlines. Training is deterministic: the same inputs
// give the same model bytes.
//
// To reproduce the embedded model (Debian 12 packages, version
// 153.8.0esr-1~deb12u1):
//
//	apt-get download firefox-esr-l10n-fa firefox-esr-l10n-ur
//	dpkg-deb -x firefox-esr-l10n-fa_*.deb /tmp/fa && dpkg-deb -x firefox-esr-l10n-ur_*.deb /tmp/ur
//	go run ./cmd/newsenrich-train langid --data ../shared/data \
//	  --fa /tmp/fa/usr/lib/firefox-esr/browser/extensions/langpack-fa@firefox-esr.mozilla.org.xpi \
//	  --ur /tmp/ur/usr/lib/firefox-esr/browser/extensions/langpack-ur@firefox-esr.mozilla.org.xpi \
//	  --out nlp/langid/model.bin.gz
func trainLangID(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("langid", flag.ContinueOnError)
	data := fs.String("data", "../shared/data", "the shared/data folder")
	faXPI := fs.String("fa", "", "Persian Firefox language pack (.xpi from the Debian package firefox-esr-l10n-fa)")
	urXPI := fs.String("ur", "", "Urdu Firefox language pack (.xpi from the Debian package firefox-esr-l10n-ur)")
	out := fs.String("out", "nlp/langid/model.bin.gz", "model file to write")
	perLang := fs.Int("per-lang", 12000, "most frequent n-grams kept per language")
	maxAr := fs.Int("max-ar", 4000, "Arabic training articles used (ANT is large)")
	jsonOut := fs.Bool("json", false, "print the evaluation as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *faXPI == "" || *urXPI == "" {
		return errors.New("langid: --fa and --ur language packs are required (apt-get download firefox-esr-l10n-fa firefox-esr-l10n-ur; dpkg-deb -x)")
	}
	c := &lidCorpus{train: map[string][]string{}}
	steps := []func() error{
		func() error {
			return c.ant(filepath.Join(*data, corpus.ANTv21), *maxAr)
		},
		func() error {
			return c.masakha("en", filepath.Join(*data, "topics", "masakhanews_eng_train_50perclass.tsv"), filepath.Join(*data, "topics", "masakhanews_eng_dev.tsv"))
		},
		func() error {
			return c.masakha("fr", filepath.Join(*data, "topics", "masakhanews_fra_train_50perclass.tsv"), filepath.Join(*data, "topics", "masakhanews_fra_dev.tsv"))
		},
		func() error { return c.conll("en", filepath.Join(*data, "ner", "en", "wikigold_train.conll")) },
		func() error { return c.xpi("fa", *faXPI) },
		func() error { return c.xpi("ur", *urXPI) },
	}
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := s(); err != nil {
			return fmt.Errorf("langid: %w", err)
		}
	}
	m, err := langid.Train(c.train, langid.TrainOptions{PerLanguage: *perLang})
	if err != nil {
		return fmt.Errorf("langid: %w", err)
	}
	beta := m.FitBeta(c.calib)
	f, err := os.Create(*out)
	if err != nil {
		return fmt.Errorf("langid: %w", err)
	}
	if err := m.Write(f); err != nil {
		f.Close()
		return fmt.Errorf("langid: write model: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("langid: %w", err)
	}
	st, _ := os.Stat(*out)
	rep := evalLangID(m, c.evalArticles, c.evalHeadlines)
	rep.ModelBytes = st.Size()
	rep.NGrams = m.Size()
	rep.Beta = beta
	rep.TrainChars = map[string]int{}
	for l, ts := range c.train {
		for _, t := range ts {
			rep.TrainChars[l] += utf8.RuneCountInString(t)
		}
	}
	if *jsonOut {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Printf("model %s: %d bytes, %d n-grams, beta %.3f\n", *out, rep.ModelBytes, rep.NGrams, beta)
	fmt.Printf("%-4s %10s %8s %10s %8s %12s\n", "lang", "articles", "acc", "headlines", "acc", "train chars")
	for _, l := range m.Languages() {
		a, h := rep.Articles[l], rep.Headlines[l]
		fmt.Printf("%-4s %10d %8.4f %10d %8.4f %12d\n", l, a.N, a.Accuracy, h.N, h.Accuracy, rep.TrainChars[l])
	}
	return nil
}

// lidCorpus collects the texts of every language split three ways.
type lidCorpus struct {
	train                       map[string][]string
	calib                       []langid.Sample
	evalArticles, evalHeadlines []langid.Sample
}

// lidSplit assigns an item to train (0), calibration (1) or evaluation (2)
// by a hash of its id.
func lidSplit(id string) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	switch h.Sum32() % 10 {
	case 0:
		return 2
	case 1:
		return 1
	}
	return 0
}

func (c *lidCorpus) add(lang, id, headline, text string, evalOnly bool) {
	split := lidSplit(id)
	if evalOnly {
		split = 2
	}
	switch split {
	case 0:
		c.train[lang] = append(c.train[lang], headline, text)
	case 1:
		c.calib = append(c.calib, langid.Sample{Lang: lang, Text: headline}, langid.Sample{Lang: lang, Text: text})
	case 2:
		if headline != "" {
			c.evalHeadlines = append(c.evalHeadlines, langid.Sample{Lang: lang, Text: headline})
		}
		if text != "" {
			c.evalArticles = append(c.evalArticles, langid.Sample{Lang: lang, Text: text})
		}
	}
}

func (c *lidCorpus) ant(path string, maxTrain int) error {
	trained, evals := 0, 0
	return corpus.ReadANT(path, func(d corpus.ANTDoc) error {
		switch lidSplit(d.Docno) {
		case 0:
			if trained >= maxTrain {
				return nil
			}
			trained++
		case 2:
			if evals >= 2000 {
				return nil
			}
			evals++
		}
		c.add("ar", d.Docno, d.Title, d.Text, false)
		return nil
	})
}

func (c *lidCorpus) masakha(lang, train, dev string) error {
	for _, p := range []string{train, dev} {
		docs, err := corpus.ReadMasakha(p)
		if err != nil {
			return err
		}
		for _, d := range docs {
			// The id is the last column: the url, or in the train files
			// (no url column) the text.
			id := d.URL
			if id == "" {
				id = d.Text
			}
			c.add(lang, id, d.Headline, d.Text, p == dev)
		}
	}
	return nil
}

// conll reads a CoNLL file's sentences (tokens joined by spaces).
func (c *lidCorpus) conll(lang, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var sent []string
	flush := func() {
		if len(sent) > 0 {
			s := strings.Join(sent, " ")
			if lidSplit(s) == 0 {
				c.train[lang] = append(c.train[lang], s)
			}
		}
		sent = sent[:0]
	}
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			flush()
			continue
		}
		sent = append(sent, fields[0])
	}
	flush()
	return sc.Err()
}

var (
	ftlPlaceable = regexp.MustCompile(`\{[^}]*\}|<[^>]*>|%(\d\$)?[sdS@]|&[a-z]+;`)
	latinWord    = regexp.MustCompile(`[A-Za-z][A-Za-z0-9_.\-]*`)
)

// xpi reads the localised strings of a Firefox language pack: the values
// of its Fluent (.ftl) and .properties files, without placeables, markup
// and Latin-script product and code names. Evaluation "articles" are runs
// of consecutive evaluation strings joined into paragraphs of about 600
// characters; evaluation "headlines" are single strings of 20–120
// characters.
func (c *lidCorpus) xpi(lang, path string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer zr.Close()
	files := append([]*zip.File(nil), zr.File...)
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	var para strings.Builder
	for _, zf := range files {
		if !strings.HasSuffix(zf.Name, ".ftl") && !strings.HasSuffix(zf.Name, ".properties") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(b), "\n") {
			v, ok := uiString(line)
			if !ok {
				continue
			}
			switch lidSplit(v) {
			case 0:
				c.train[lang] = append(c.train[lang], v)
			case 1:
				c.calib = append(c.calib, langid.Sample{Lang: lang, Text: v})
			case 2:
				if n := utf8.RuneCountInString(v); n >= 20 && n <= 120 {
					c.evalHeadlines = append(c.evalHeadlines, langid.Sample{Lang: lang, Text: v})
				}
				para.WriteString(v)
				para.WriteString(" ")
				if para.Len() > 1100 { // bytes: about 600 Arabic-script characters
					c.evalArticles = append(c.evalArticles, langid.Sample{Lang: lang, Text: para.String()})
					para.Reset()
				}
			}
		}
	}
	return nil
}

// uiString returns the text of a localisation line "key = value" (or a
// continuation line) when it holds at least three Arabic-script letters.
func uiString(line string) (string, bool) {
	t := strings.TrimSpace(line)
	if t == "" || t[0] == '#' || t[0] == '[' {
		return "", false
	}
	if k, v, ok := strings.Cut(t, "="); ok {
		k = strings.TrimSpace(strings.TrimPrefix(k, "."))
		if k != "" && !strings.ContainsAny(k, " \t") && isASCII(k) {
			t = v // "key = value" or Fluent ".attribute = value"
		}
	}
	t = ftlPlaceable.ReplaceAllString(t, " ")
	t = latinWord.ReplaceAllString(t, " ")
	t = strings.Join(strings.Fields(t), " ")
	arabic := 0
	for _, r := range t {
		if r >= 0x0600 && r <= 0x06FF {
			arabic++
		}
	}
	return t, arabic >= 3
}

// lidScore is the accuracy on one language's samples.
type lidScore struct {
	N        int     `json:"n"`
	Accuracy float64 `json:"accuracy"`
	// MeanConfidence is the mean confidence of the predictions.
	MeanConfidence float64 `json:"mean_confidence"`
	// Confusions counts the wrong predictions by predicted language.
	Confusions map[string]int `json:"confusions,omitempty"`
}

type lidReport struct {
	ModelBytes int64               `json:"model_bytes"`
	NGrams     int                 `json:"ngrams"`
	Beta       float64             `json:"beta"`
	TrainChars map[string]int      `json:"train_chars"`
	Articles   map[string]lidScore `json:"articles"`
	Headlines  map[string]lidScore `json:"headlines"`
}

func evalLangID(m *langid.Model, articles, headlines []langid.Sample) lidReport {
	score := func(ss []langid.Sample) map[string]lidScore {
		out := map[string]lidScore{}
		for _, s := range ss {
			r := m.Detect(s.Text)
			sc := out[s.Lang]
			sc.N++
			sc.MeanConfidence += r.Confidence
			if r.Code == s.Lang {
				sc.Accuracy++
			} else {
				if sc.Confusions == nil {
					sc.Confusions = map[string]int{}
				}
				sc.Confusions[r.Code]++
			}
			out[s.Lang] = sc
		}
		for l, sc := range out {
			sc.Accuracy /= float64(sc.N)
			sc.MeanConfidence /= float64(sc.N)
			out[l] = sc
		}
		return out
	}
	return lidReport{Articles: score(articles), Headlines: score(headlines)}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
