package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/newsenrich/newsenrich/nlp/conll"
	"github.com/newsenrich/newsenrich/nlp/ner"
	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// nameFlags are the options of the Arabic name-likeness scorer (see
// ner.LearnNameScorer).
type nameFlags struct {
	langs    string
	minCount int
	gazFile  string
	cuts     string
	eval     bool
	probe    string
	opt      ner.NameScorerOptions
}

// register defines the flags on fs.
func (f *nameFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.langs, "name-likeness", "", "models (comma separated; ar only) given name-likeness classes: a logistic regression over the letter n-grams of each Arabic word's bare form, learned from the words of place names, gazetteer aliases and given names against the frequent words of the Arabic cluster texts, for the words too rare for an article class; measured over seeds 1-4: ar CV with document memory +0.27 F1 (75.82 to 76.09; per seed +0.33, +0.17, +0.02, +0.56; PER +0.8, ORG -0.3), dev -0.30 (77.32 to 77.02; seed 1 77.40 to 76.07), entities stage +0.43 (seeds 1-3, 76.02 to 76.45; seed 1 76.51 to 75.66); the sample article's tagger output loses مجلس الأمن القومي الأميركي and TestKingdomAnaphora fails: off")
	fs.IntVar(&f.minCount, "name-min-count", 10, "uses in the Arabic cluster texts from which a bare word is a negative example of the name-likeness scorer (one that is also a name's word is both)")
	fs.StringVar(&f.gazFile, "name-gazetteer-file", "gazetteer/data/gazetteer.tsv.gz", "the gazetteer file whose Arabic aliases (nationality adjectives aside) are positive examples of the name-likeness scorer: every word of a person's or place's alias, one-word aliases of organisations")
	fs.UintVar(&f.opt.Bits, "name-bits", 18, "log2 of the name-likeness scorer's letter n-gram buckets")
	fs.IntVar(&f.opt.MaxN, "name-max-n", 4, "longest letter n-gram of the name-likeness scorer (word boundary marks count)")
	fs.IntVar(&f.opt.Epochs, "name-epochs", 6, "epochs of the name-likeness scorer")
	fs.StringVar(&f.cuts, "name-cuts", "0.1,0.3,0.5,0.7,0.9", "probabilities bounding the name-likeness classes")
	fs.BoolVar(&f.eval, "name-eval", false, "print the name-likeness scorer's accuracy on a tenth of its words held out")
	fs.StringVar(&f.probe, "name-probe", "", "comma separated Arabic words whose name-likeness probability (of the bare form) and class are printed")
}

// enabled reports whether model lang gets name-likeness classes.
func (f *nameFlags) enabled(lang string) bool {
	return lang == "ar" && slices.Contains(strings.Split(f.langs, ","), lang)
}

// scorer learns the name-likeness scorer from the Arabic words of the
// places file, the gazetteer file and the given-name lexicon (names)
// against the words of texts used at least minCount times.
func (f *nameFlags) scorer(ctx context.Context, placesFile string, texts []string, sents []conll.Sentence) (*ner.NameScorer, error) {
	t0 := time.Now()
	opt := f.opt
	cuts, err := parseFloats(f.cuts)
	if err != nil {
		return nil, err
	}
	opt.Cuts = cuts
	pos := map[string]bool{}
	addName := func(w string) {
		if !arabicScript(w) {
			return
		}
		if s := ner.NameForm(w); s != "" {
			pos[s] = true
		}
	}
	pw, err := placeWords(placesFile, "ar", nil, nil)
	if err != nil {
		return nil, err
	}
	for w := range pw {
		addName(w)
	}
	gw, err := gazetteerNameWords(f.gazFile)
	if err != nil {
		return nil, err
	}
	for _, w := range gw {
		addName(w)
	}
	for w := range ner.KnownGivenNames() {
		addName(w)
	}
	cnt, err := ner.CountWords(ctx, texts)
	if err != nil {
		return nil, err
	}
	stems := map[string]int{}
	for w, n := range cnt {
		if !arabicScript(w) {
			continue
		}
		if s := ner.NameForm(w); s != "" {
			stems[s] += n
		}
	}
	var examples []ner.NameExample
	both := 0
	for w := range pos {
		examples = append(examples, ner.NameExample{Word: w, Name: true})
	}
	negs := 0
	for w, n := range stems {
		if n < f.minCount {
			continue
		}
		negs++
		if pos[w] {
			both++
		}
		examples = append(examples, ner.NameExample{Word: w})
	}
	// A fixed order: the maps' order would change the scorer.
	sort.Slice(examples, func(i, j int) bool {
		if examples[i].Word != examples[j].Word {
			return examples[i].Word < examples[j].Word
		}
		return !examples[i].Name && examples[j].Name
	})
	fmt.Fprintf(os.Stderr, "ar: name-likeness examples: %d name words, %d frequent words (%d of them both)\n", len(pos), negs, both)
	if f.eval {
		if err := evalNameScorer(ctx, examples, opt); err != nil {
			return nil, err
		}
	}
	s, err := ner.LearnNameScorer(ctx, examples, opt)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "ar: name-likeness scorer learned in %v\n", time.Since(t0).Round(time.Millisecond))
	if f.eval {
		nameClassReport(s, sents, stems, f.minCount)
	}
	if f.probe != "" {
		for _, w := range strings.Split(f.probe, ",") {
			st := ner.NameForm(normalize.Fold(strings.TrimSpace(w)))
			fmt.Fprintf(os.Stderr, "ar: name-likeness of %s (%s): %.3f, class %d\n", w, st, s.Prob(st), s.Class(st))
		}
	}
	return s, nil
}

// evalNameScorer learns a scorer without a tenth of the words of examples
// (chosen at random) and prints its accuracy and class counts on them.
func evalNameScorer(ctx context.Context, examples []ner.NameExample, opt ner.NameScorerOptions) error {
	rng := rand.New(rand.NewPCG(7, 11))
	held := map[string]bool{}
	for _, ex := range examples {
		if rng.IntN(10) == 0 {
			held[ex.Word] = true
		}
	}
	var train, test []ner.NameExample
	for _, ex := range examples {
		if held[ex.Word] {
			test = append(test, ex)
		} else {
			train = append(train, ex)
		}
	}
	s, err := ner.LearnNameScorer(ctx, train, opt)
	if err != nil {
		return err
	}
	var right, n int
	classes := map[bool][]int{true: make([]int, len(opt.Cuts)+2), false: make([]int, len(opt.Cuts)+2)}
	for _, ex := range test {
		p := s.Prob(ex.Word)
		if (p >= 0.5) == ex.Name {
			right++
		}
		n++
		classes[ex.Name][s.Class(ex.Word)]++
	}
	fmt.Fprintf(os.Stderr, "ar: name-likeness held out: %d words, accuracy %.1f%%; classes of names %v, of other words %v\n", n, 100*float64(right)/float64(max(n, 1)), classes[true][1:], classes[false][1:])
	return nil
}

// nameClassReport prints, for every name-likeness class, how many tokens
// of the sentences have it and how many of them are in names, for words
// frequent in the cluster texts (a negative example of the scorer, a name
// word too or not) and for the others.
func nameClassReport(s *ner.NameScorer, sents []conll.Sentence, stems map[string]int, minCount int) {
	type count struct{ all, names int }
	var freq, rare [256]count
	for _, x := range sents {
		for i, w := range x.Tokens {
			f := normalize.Fold(w)
			if !arabicScript(f) {
				continue
			}
			c, _ := s.Classes(f)
			at := &rare
			if stems[ner.NameForm(f)] >= minCount {
				at = &freq
			}
			at[c].all++
			if x.Tags[i] != "O" {
				at[c].names++
			}
		}
	}
	for _, part := range []struct {
		name string
		c    *[256]count
	}{{"frequent", &freq}, {"rare", &rare}} {
		fmt.Fprintf(os.Stderr, "ar: name-likeness classes of %s words in the training sentences (tokens, in names):", part.name)
		for c, n := range part.c {
			if n.all > 0 {
				fmt.Fprintf(os.Stderr, " %d: %d, %.0f%%;", c, n.all, 100*float64(n.names)/float64(n.all))
			}
		}
		fmt.Fprintln(os.Stderr)
	}
}

// gazetteerNameWords returns the words of the Arabic-script aliases of
// the gazetteer file (gazetteer/data/gazetteer.tsv.gz: type in the second
// field, aliases FLAGS=alias separated by | in the seventh, flag a for a
// nationality adjective): every word of the aliases of people and places,
// the one-word aliases of organisations; adjectives left out.
func gazetteerNameWords(path string) ([]string, error) {
	var out []string
	err := gazetteerAliases(path, func(typ, flags, alias string) {
		words := strings.Fields(alias)
		if strings.Contains(flags, "a") || len(words) == 0 || !arabicScript(words[0]) || (typ == "ORG" && len(words) > 1) {
			return
		}
		out = append(out, words...)
	})
	return out, err
}
