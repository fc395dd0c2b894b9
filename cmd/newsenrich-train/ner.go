package main

import (
	"context"
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/nlp/conll"
	"github.com/newsenrich/newsenrich/nlp/ner"
)

// trainNER trains the named-entity taggers: one for Arabic script from
// CLEANANERCorp (and the Wojood sample), one for Latin script from
// wikigold (and optionally WNUT-17). The last 10% of sentences of the
// main corpus of each is held out as the dev split and scored.
func trainNER(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ner", flag.ContinueOnError)
	data := fs.String("data", "../shared/data/ner", "folder of the NER corpora (with ar/ and en/)")
	out := fs.String("out", "nlp/ner/model", "folder to write the model files to")
	bits := fs.Uint("bits", 20, "log2 of the number of feature hash buckets")
	epochs := fs.Int("epochs", 12, "perceptron epochs")
	seed := fs.Uint64("seed", 1, "shuffling seed")
	seedsLatin := fs.Int("seeds-latin", 3, "Latin models trained with successive seeds whose weights are averaged into the one shipped (1: none); chosen by --cv over 3 seed sets: +0.3 F1, dev +0.6, seed spread on dev 5 points down to 1")
	seedsAr := fs.Int("seeds-ar", 1, "as --seeds-latin for the Arabic model")
	surface := fs.String("surface", "latin", "models (comma separated) given document surface features (how each capitalised word is written in the sentences around: lower case, capitalised inside a sentence, how often); chosen by --cv over 3 seed sets (with --seeds-latin 3): latin F1 65.8 with window 20, 66.5 with 7 (64.9 without), dev 70.0 / 71.2 (68.6)")
	surfaceWindow := fs.Int("surface-window", ner.SurfaceWindow, "sentences either side that make a sentence's surface classes")
	langs := fs.String("langs", "ar,latin", "models to train: ar, latin")
	wojood := fs.Bool("wojood", false, "add the Wojood sample (PERS/ORG/GPE/LOC) to the Arabic training data")
	wnut := fs.Bool("wnut", false, "add WNUT-17 (social media) to the Latin training data")
	clusterText := fs.String("cluster-text", "", "gzipped JSON Lines news corpus (fields title, text) (comma separated) to learn Arabic word clusters from (default DATA/../topics/ant_v2.1_multisource.train.jsonl.gz; \"none\": no clusters)")
	frDev := fs.String("fr-dev", "nlp/ner/testdata/fr_dev.conll", "French dev set (hand-written sentences) scored with the Latin model; empty: none")
	clusterTextEn := fs.String("cluster-text-latin", "", "plain or TSV text files, comma separated, to learn Latin-script word clusters from (default: the MasakhaNEWS English and French TSV files in DATA/../topics; \"none\": no clusters)")
	write := fs.Bool("write", true, "write the model files")
	oBiasAr := fs.Float64("o-bias-ar", 4, "decoding bias against O for the Arabic model (trades precision for recall; chosen by --cv with --o-bias-grid)")
	oBiasLatin := fs.Float64("o-bias-latin", 4, "decoding bias against O for the Latin model (chosen by --cv with --o-bias-grid)")
	useGaz := fs.Bool("gazetteer", true, "give the tagger the embedded gazetteer's matches as features")
	caseClasses := fs.Bool("case-classes", true, "give the Latin model the case class of each word (how often it is capitalised inside sentences of the Latin cluster texts)")
	pairs := fs.String("pairs", "ar", "models (comma separated) given features conjoined with the previous label (word, shape with lexicon tag, cluster); chosen by --cv: ar +0.5 F1, latin none")
	memory := fs.String("memory", "latin", "models (comma separated) given jackknifed name-memory features (how often a word was in a name of each type in training); chosen by --cv: latin +0.3 F1, ar none")
	docMem := fs.String("doc-memory", "ar", "models (comma separated) given document memory features (what a first pass found for the same word in the sentences around); chosen by --cv: ar +1.6 F1, latin none")
	docWindow := fs.Int("doc-window", ner.DocWindow, "sentences either side that make a sentence's document memory")
	stack := fs.String("stack", "", "models (comma separated) with document memory whose second pass is given stacking features: the first pass's labels of the words at -2..+2, label bigrams and trigram, and the type and length of a first-pass name just before or after the word (jackknifed labels for the training sentences, from the document memory's block models); measured with --stack-words: ar 5-fold CV 75.82 to 76.09 (mean of seeds 1-4, every seed up), with --retag found 76.12 to 76.22, but dev 77.32 to 77.34 (found: 77.35 to 77.17) and entities stage (seed 1) 76.51 to 76.42: off")
	stackGiven := fs.String("stack-given", "", "models (comma separated) with document memory whose second pass sees whether a word just before a first-pass person's name is a known given name; with --stack at seed 1: CV 76.07 to 76.02, dev 77.22 to 76.71: off")
	stackWords := fs.String("stack-words", "", "models (comma separated) with document memory whose second pass sees each word (clitics aside) with the first pass's labels of the words before and after it; with --stack at seed 1: CV 76.07 to 76.21, dev 77.22 to 77.17")
	retagWhich := fs.String("retag", "memory", "sentences the second pass of a model with document memory tags again: memory (a word the first pass found in a name elsewhere is not in one of that type here), found (also any sentence where the first pass found a name or a word was in a name elsewhere), all; ar without stacking, seeds 1-4: CV 75.82 (memory), 76.12 (found), 76.11 (all), dev 77.32, 77.35, 77.33, at +10% (found) and +20-30% (all) CPU per streamed article")
	retagGrid := fs.String("retag-grid", "", "comma separated retag policies (memory, found, all) scored in cross-validation and on the dev split, for a model with document memory (default: --retag only)")
	docEpochs := fs.Int("doc-epochs", 0, "epochs of the document memory's block models (0: half of --epochs)")
	cv := fs.Int("cv", 0, "k-fold cross-validation over contiguous blocks of the main corpus (0: none); prints mean and spread per epoch and O bias")
	oBiasGrid := fs.String("o-bias-grid", "", "comma separated O biases scored in cross-validation (default: the model's bias only)")
	full := fs.Bool("full", true, "write a model trained on all the main corpus (the dev split included; its dev scores are then printed from a model trained without it first)")
	cvErrors := fs.String("cv-errors", "", "file to write the cross-validation folds' held-out sentences to, one token a line with its gold and predicted tags (last epoch, first O bias); empty: none")
	articleClasses := fs.String("article-classes", "ar", "models (comma separated) given article class features: how often each bare Arabic word takes the article ال in the Arabic cluster texts (never, rare, some, often, always), alone, with its proclitics, the sentence start, its neighbours' classes, its gazetteer tag and a trigger before; chosen by --cv: ar +0.5 F1 with document memory (75.1 to 75.7, mean of 2 seeds), +0.4 without (73.6 to 74.0, 2 seeds; +0.5 over 3 seeds at --article-min-count 5)")
	articleMin := fs.Int("article-min-count", 20, "uses below which a word's article class is unknown (the model files keep the class of every word above it); chosen by --cv over 2 seeds: 5 (39k words, +0.16 MB a file) 74.3 without document memory, 75.7 with it; 20 (18k words, +0.08 MB) 74.0, 75.7; 50 73.9")
	articleSuffixes := fs.Bool("article-suffixes", false, "article classes also tell how often the word takes an attached pronoun (ـه، ـها، ـهم...); chosen by --cv: -0.55 F1 (seed 1, 5 uses at least, no document memory: 73.96 against 74.51)")
	placesLex := fs.String("places-lex", "ar", "models (comma separated) given word lexicon features of the places index's names in their script (one-word name, first or later word of a longer one); chosen by --cv over 4 seeds: ar +0.34 F1 with document memory (75.54 to 75.89; seeds -0.01, +0.38, +0.76, +0.24), dev 77.0 to 77.2, entities stage on the dev split 76.1 to 76.9; latin -0.2 (seed 1)")
	placesFile := fs.String("places-file", "gazetteer/data/places.tsv.gz", "the places index file the place words of --places-lex come from")
	placesVocab := fs.Bool("places-vocab", false, "keep only place words among the clustered words of the model's cluster texts (2,374 Arabic words instead of 40,127: smaller model files, but ar CV +0.07 instead of +0.5 at seed 1)")
	placesSkip := fs.Int("places-skip-common", 0, "the most frequent words of the model's cluster texts left out of the place words (function words such as في، إلى، من are words of longer place names too; 0: none); chosen by --cv over 3 seeds: 1000 gives ar +0.15 F1 where 0 gives +0.4 (function words marked as words of place names help)")
	gazWords := fs.String("gazetteer-words", "", "models (comma separated) given word lexicon features of the gazetteer's one-word aliases in their script (known person, organisation, place), those it matches only on lookup included); measured with the places words: ar CV +0.46 F1 (3 seeds: 75.98 to 76.44) but dev 77.2 to 76.2 and entities stage 76.9 to 75.8 (LOC down 2): off")
	bylineLex := fs.String("byline-names", "", "models (comma separated; ar only) given word lexicon features of the given and family names harvested from the bylines of the Arabic cluster texts (ANT v2.1 author fields: 201 names); chosen by --cv: ar -0.3 F1 with --byline-min 2 (42 words), -0.1 with 1 (313 words), seed 1")
	bylineMin := fs.Int("byline-min", 2, "distinct byline names a given or family name must be part of")
	bylineMaxPlaces := fs.Int("byline-max-places", 3, "a byline part after more distinct places than this is an outlet, not a name")
	dictEn := fs.String("dict", "/usr/share/dict/american-english-large", "English word list, one word a line, common words in lower case and proper nouns capitalised, whose classes (common, proper, both, absent) give the Latin model dictionary class features (Debian wamerican-large 2020.12.07-2, SCOWL: `apt-get install wamerican-large`, or `apt-get download wamerican-large && dpkg-deb -x wamerican-large_*.deb DIR` and DIR/usr/share/dict/american-english-large); \"none\": no dictionary features; chosen by --cv over 5 seed sets: latin F1 66.56 to 67.35 (every seed up), dev 72.3 to 73.5, French 67.1 to 70.1")
	dictOther := fs.String("dict-other", "", "word lists of other languages' common words, comma separated (Debian wfrench 1.2.7-2, GPL-2+: /usr/share/dict/french), marked as such in the dictionary classes; measured with --dict: latin CV 67.35 to 66.95 over 5 seed sets, French dev unchanged (70.0), model file 1.0 to 2.0 MB: off")
	dictKeep := fs.String("dict-keep", "all", "dictionary classes the model file keeps: all, proper (proper nouns and words written both ways: the rest read as absent), common (common words and both); chosen by --cv over 5 seed sets: all 67.35, proper 66.65, common 67.51 but French dev 63.4 against 70.0")
	dictCompact := fs.Bool("dict-compact", true, "keep in the model only the dictionary's common words that are not inflections of shorter ones (the tagger finds \"cities\" as \"city\", \"running\" as \"run\"): 76,567 words of 130,916, a held-out model file of 0.84 MB instead of 1.01 MB, CV 67.35 either way")
	dictFr := fs.String("dict-fr", "/usr/share/dict/french", "French word list, one common word a line (Debian wfrench 1.2.7-2, GPL-2+: apt-get install wfrench, or apt-get download wfrench && dpkg-deb -x wfrench_*.deb DIR and DIR/usr/share/dict/french), kept in the Latin model compacted with the French inflections (346,205 words in 59,371 entries, +0.23 MB): French text (the entities stage and eval ner pick it by the article's language) reads its words' classes in it instead of in the English list, with the same features; \"none\": French text reads the English list; chosen over 4 seeds (held-out models, English unchanged): fr dev tagger 68.3 to 71.8, entities stage 88.4 to 89.2 (no dictionary at all: 90.4), in 250 French articles 127 mentions of single common French words dropped (\"Heureusement\", \"Suivez\", \"Bonjour\"), 32 added")
	dictFrProper := fs.Bool("dict-fr-proper", true, "with --dict-fr: French text also reads which words the English list holds capitalised (proper nouns; the French list has none); chosen over 4 seeds: fr dev tagger 70.5 without, 71.8 with, entities stage 85.7 without, 89.2 with")
	dictDropout := fs.Float64("dict-dropout", 0, "share of Latin training sentences tagged with a neutral dictionary class (as without a word list), so that the model tags the text of languages without a list (all but English and French) with that class; measured: latin CV 67.35 (0) 67.08 (0.1) 67.43 (0.2) over 5 seeds; with --dict-fr and 0.1 over 4 seeds fr dev tagger 71.8 to 72.3, entities stage 89.2 either way, English dev 73.9 to 73.3: off")
	clusterCache := fs.String("cluster-cache", "", "folder to keep learned word clusters in between runs (speeds up experiments; empty: learn every run)")
	var copt ner.ClusterOptions
	fs.IntVar(&copt.Vocab, "cluster-vocab", 40000, "words clustered (most frequent first)")
	fs.IntVar(&copt.Fine, "cluster-fine", 256, "fine word clusters")
	fs.IntVar(&copt.Coarse, "cluster-coarse", 32, "coarse word clusters")
	fs.IntVar(&copt.Dim, "cluster-dim", 64, "size of the skip-gram word vectors")
	var xf nerExtraFlags
	xf.register(fs)
	var nf nameFlags
	nf.register(fs)
	var ef expandFlags
	ef.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	retagPolicy, err := ner.ParseRetagPolicy(*retagWhich)
	if err != nil {
		return err
	}
	var policies []ner.RetagPolicy
	if *retagGrid != "" {
		for _, name := range strings.Split(*retagGrid, ",") {
			p, err := ner.ParseRetagPolicy(strings.TrimSpace(name))
			if err != nil {
				return err
			}
			policies = append(policies, p)
		}
	}
	xopt, err := xf.options()
	if err != nil {
		return err
	}
	topics := filepath.Join(*data, "..", "topics")
	if *clusterText == "" {
		*clusterText = filepath.Join(topics, "ant_v2.1_multisource.train.jsonl.gz")
	}
	if *clusterTextEn == "" {
		var files []string
		for _, f := range []string{"masakhanews_eng_train_50perclass.tsv", "masakhanews_eng_dev.tsv", "masakhanews_fra_train_50perclass.tsv", "masakhanews_fra_dev.tsv"} {
			files = append(files, filepath.Join(topics, f))
		}
		*clusterTextEn = strings.Join(files, ",")
	}
	var lex ner.Lexicon
	if *useGaz {
		g, err := gazetteer.Load()
		if err != nil {
			return err
		}
		lex = ner.GazetteerLexicon{G: g}
	}
	for _, lang := range strings.Split(*langs, ",") {
		var train, dev, extra []conll.Sentence
		var texts []string
		var err error
		switch lang {
		case "ar":
			main, err := readCorpus(filepath.Join(*data, "ar", "cleananercorp_TRAIN.txt"))
			if err != nil {
				return err
			}
			train, dev = splitDev(main)
			if *wojood {
				w, err := readCorpus(filepath.Join(*data, "ar", "wojood_sample_train.txt"))
				if err != nil {
					return err
				}
				extra = w
			}
			if *clusterText != "none" && *clusterText != "" {
				texts = strings.Split(*clusterText, ",")
			}
		case "latin":
			main, err := readCorpus(filepath.Join(*data, "en", "wikigold_train.conll"))
			if err != nil {
				return err
			}
			train, dev = splitDev(main)
			if *wnut {
				w, err := readCorpus(filepath.Join(*data, "en", "WNUT17_wnut17train.conll"))
				if err != nil {
					return err
				}
				extra = w
			}
			if *clusterTextEn != "none" && *clusterTextEn != "" {
				texts = strings.Split(*clusterTextEn, ",")
			}
		default:
			return fmt.Errorf("ner: unknown model %q (ar, latin)", lang)
		}
		var clusters map[string][2]uint16
		var wordExtra *ner.WordExtra
		if len(texts) > 0 && xopt != nil && slices.Contains(strings.Split(xf.langs, ","), lang) {
			clusters, wordExtra, err = clustersAndExtra(ctx, *clusterCache, lang, texts, copt, *xopt)
			if err != nil {
				return err
			}
		} else if len(texts) > 0 {
			t0 := time.Now()
			clusters, err = cachedClusters(ctx, *clusterCache, lang, texts, copt)
			if err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "%s: %d words clustered in %v\n", lang, len(clusters), time.Since(t0).Round(time.Millisecond))
		}
		oBias := *oBiasLatin
		if lang == "ar" {
			oBias = *oBiasAr
		}
		topt := ner.TrainOptions{Name: lang, Bits: *bits, Epochs: *epochs, Seed: *seed, Clusters: clusters, Lexicon: lex, Pairs: slices.Contains(strings.Split(*pairs, ","), lang), Memory: slices.Contains(strings.Split(*memory, ","), lang), Extra: wordExtra, CRF: xf.crfOptions(lang), Runs: slices.Contains(strings.Split(xf.runs, ","), lang)}
		topt.Seeds = *seedsLatin
		if lang == "ar" {
			topt.Seeds = *seedsAr
		}
		if slices.Contains(strings.Split(*surface, ","), lang) {
			topt.SurfaceWindow = *surfaceWindow
		}
		if slices.Contains(strings.Split(*docMem, ","), lang) {
			topt.DocWindow, topt.DocOBias = *docWindow, float32(oBias)
			topt.DocEpochs, topt.Retag = *docEpochs, retagPolicy
			if slices.Contains(strings.Split(*stack, ","), lang) {
				topt.Stack |= ner.StackLabels
			}
			if slices.Contains(strings.Split(*stackGiven, ","), lang) {
				topt.Stack |= ner.StackGiven
			}
			if slices.Contains(strings.Split(*stackWords, ","), lang) {
				topt.Stack |= ner.StackWords
			}
		}
		if lang == "latin" && *caseClasses && len(texts) > 0 {
			topt.CaseClasses, err = ner.LearnCaseClasses(ctx, texts, 3)
			if err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "%s: case classes of %d words\n", lang, len(topt.CaseClasses))
		}
		if *dictEn == "none" {
			*dictEn = ""
		}
		if *dictFr == "none" {
			*dictFr = ""
		}
		if lang == "latin" && (*dictEn != "" || *dictOther != "") {
			topt.DictClasses, err = dictClasses(*dictEn, *dictOther)
			if err != nil {
				return err
			}
			if err := keepDictClasses(topt.DictClasses, *dictKeep); err != nil {
				return err
			}
			if *dictCompact {
				ner.CompactDictionary(topt.DictClasses)
			}
			fmt.Fprintf(os.Stderr, "%s: dictionary classes of %d words\n", lang, len(topt.DictClasses))
			if *dictFr != "" {
				fr, err := frenchDict(*dictFr)
				if err != nil {
					return err
				}
				topt.DictLangs = map[string]ner.LangDict{"fr": {Classes: fr, Proper: *dictFrProper}}
				fmt.Fprintf(os.Stderr, "%s: French dictionary classes of %d words\n", lang, len(fr))
			}
			topt.DictDropout = *dictDropout
		}
		if slices.Contains(strings.Split(*articleClasses, ","), lang) && len(texts) > 0 {
			t0 := time.Now()
			topt.ArticleClasses, err = ner.LearnArticleClasses(ctx, texts, ner.ArticleOptions{MinCount: *articleMin, Suffixes: *articleSuffixes})
			if err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "%s: article classes of %d words in %v\n", lang, len(topt.ArticleClasses), time.Since(t0).Round(time.Millisecond))
		}
		if slices.Contains(strings.Split(*placesLex, ","), lang) {
			vocab := clusters
			if !*placesVocab {
				vocab = nil
			}
			var skip map[string]bool
			if *placesSkip > 0 && len(texts) > 0 {
				cnt, err := ner.CountWords(ctx, texts)
				if err != nil {
					return err
				}
				skip = ner.MostFrequent(cnt, *placesSkip)
			}
			pw, err := placeWords(*placesFile, lang, vocab, skip)
			if err != nil {
				return err
			}
			topt.WordLex = mergeLex(topt.WordLex, pw)
			fmt.Fprintf(os.Stderr, "%s: %d place words\n", lang, len(pw))
		}
		if nf.enabled(lang) && len(texts) > 0 {
			if topt.NameScorer, err = nf.scorer(ctx, *placesFile, texts, train); err != nil {
				return err
			}
		}
		if gl, ok := lex.(ner.GazetteerLexicon); ok && slices.Contains(strings.Split(*gazWords, ","), lang) {
			gw := gazetteerWords(gl.G, lang)
			topt.WordLex = mergeLex(topt.WordLex, gw)
			fmt.Fprintf(os.Stderr, "%s: %d gazetteer words\n", lang, len(gw))
		}
		if lang == "ar" && slices.Contains(strings.Split(*bylineLex, ","), lang) && len(texts) > 0 {
			var known func(string) bool
			if gl, ok := lex.(ner.GazetteerLexicon); ok {
				known = func(p string) bool { return len(gl.G.LookupFolded(p)) > 0 }
			}
			bw, n, err := bylineNames(texts[0], *bylineMin, *bylineMaxPlaces, known)
			if err != nil {
				return err
			}
			topt.WordLex = mergeLex(topt.WordLex, bw)
			fmt.Fprintf(os.Stderr, "%s: %d given and family names from %d byline names\n", lang, len(bw), n)
		}
		expand, err := ef.expander(lang, topt, lex, oBias, texts)
		if err != nil {
			return err
		}
		if *cv > 1 {
			biases := []float64{oBias}
			if *oBiasGrid != "" {
				biases, err = parseFloats(*oBiasGrid)
				if err != nil {
					return err
				}
			}
			if err := crossValidate(ctx, lang, append(train[:len(train):len(train)], dev...), extra, *cv, biases, policies, topt, lex, *cvErrors, expand); err != nil {
				return err
			}
		}
		t0 := time.Now()
		topt.Progress = func(e, errs int) { fmt.Fprintf(os.Stderr, "%s: epoch %d: %d token errors\n", lang, e, errs) }
		tr, err := expand.apply(ctx, train)
		if err != nil {
			return err
		}
		m, err := ner.Train(ctx, examples(append(tr[:len(tr):len(tr)], extra...)), topt)
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "%s: trained on %d sentences in %v\n", lang, len(tr)+len(extra), time.Since(t0).Round(time.Millisecond))
		m.SetOBias(float32(oBias))
		sc := ner.Evaluate(m, lex, dev)
		printScores(lang+" dev", sc, len(dev))
		if topt.DocWindow > 0 {
			for _, p := range policies {
				m.SetRetagPolicy(p)
				printScores(fmt.Sprintf("%s dev, retag %s", lang, p), ner.Evaluate(m, lex, dev), len(dev))
			}
			m.SetRetagPolicy(topt.Retag)
			printScores(lang+" dev, each sentence alone (no document memory)", ner.EvaluateSentences(m, lex, dev), len(dev))
		}
		if lang == "latin" && *frDev != "" {
			fr, err := readCorpus(*frDev)
			if err != nil {
				return err
			}
			printScores("fr dev", ner.Evaluate(m.ForLanguage("fr"), lex, fr), len(fr))
		}
		if !*write {
			continue
		}
		if *full {
			t0 := time.Now()
			topt.Progress = nil
			all, err := expand.apply(ctx, append(train[:len(train):len(train)], dev...))
			if err != nil {
				return err
			}
			m, err = ner.Train(ctx, examples(append(all[:len(all):len(all)], extra...)), topt)
			if err != nil {
				return err
			}
			m.SetOBias(float32(oBias))
			fmt.Fprintf(os.Stderr, "%s: trained the shipped model on all %d sentences in %v\n", lang, len(all)+len(extra), time.Since(t0).Round(time.Millisecond))
		}
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return err
		}
		if err := writeModel(filepath.Join(*out, lang+".nerm"), m); err != nil {
			return err
		}
		firstPath := filepath.Join(*out, lang+ner.FirstPassSuffix+".nerm")
		if first := m.FirstPass(); first != m {
			if err := writeModel(firstPath, first); err != nil {
				return err
			}
		} else if err := os.Remove(firstPath); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}

// writeModel writes m to the file path.
func writeModel(path string, m *ner.Model) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	n, err := m.WriteTo(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("ner: write %s: %w", path, err)
	}
	fmt.Fprintf(os.Stderr, "%s: wrote %s (%d bytes)\n", m.Name, path, n)
	return nil
}

func readCorpus(path string) ([]conll.Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := conll.Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// splitDev holds out the last 10% of sentences as the dev split.
func splitDev(s []conll.Sentence) (train, dev []conll.Sentence) {
	cut := len(s) - len(s)/10
	return s[:cut:cut], s[cut:]
}

func examples(s []conll.Sentence) []ner.Example {
	out := make([]ner.Example, len(s))
	for i, x := range s {
		out[i] = ner.Example{Words: x.Tokens, Tags: x.Tags}
	}
	return out
}

func printScores(name string, sc *conll.Scorer, sents int) {
	m := sc.Micro()
	fmt.Printf("%s (%d sentences): P %.2f R %.2f F1 %.2f (support %d)\n", name, sents, 100*m.Precision, 100*m.Recall, 100*m.F1, m.Support)
	for _, t := range conll.Types {
		x := sc.Type(t)
		fmt.Printf("  %-3s P %.2f R %.2f F1 %.2f (support %d)\n", t, 100*x.Precision, 100*x.Recall, 100*x.F1, x.Support)
	}
}

// crossValidate scores k-fold cross-validation over contiguous blocks of
// main (extra is added to the training data of every fold): for every
// epoch and O bias, the mean and standard deviation over the folds of the
// micro F1 and of each type's F1. expand, when not nil, turns each fold's
// training sentences into the ones its model learns from.
func crossValidate(ctx context.Context, lang string, main, extra []conll.Sentence, k int, biases []float64, policies []ner.RetagPolicy, topt ner.TrainOptions, lex ner.Lexicon, errorsPath string, expand expander) error {
	var errs strings.Builder
	// Each O bias is scored with each retag policy (the model's own when
	// none is given): config c is bias c/len(pols) with policy
	// c%len(pols).
	pols := policies
	if len(pols) == 0 {
		pols = []ner.RetagPolicy{topt.Retag}
	}
	// f1[epoch][config][fold] = micro, PER, ORG, LOC
	f1 := make([][][][4]float64, topt.Epochs+1)
	for e := range f1 {
		f1[e] = make([][][4]float64, len(biases)*len(pols))
	}
	t0 := time.Now()
	for fold := 0; fold < k; fold++ {
		a, b := fold*len(main)/k, (fold+1)*len(main)/k
		held := main[a:b]
		var train []conll.Sentence
		train = append(train, main[:a]...)
		train = append(train, main[b:]...)
		train, err := expand.apply(ctx, train)
		if err != nil {
			return err
		}
		train = append(train, extra...)
		opt := topt
		opt.Snapshot = func(epoch int, m *ner.Model) {
			for c := range len(biases) * len(pols) {
				m.SetOBias(float32(biases[c/len(pols)]))
				m.SetRetagPolicy(pols[c%len(pols)])
				sc := ner.Evaluate(m, lex, held)
				r := [4]float64{sc.Micro().F1}
				for ti, t := range conll.Types {
					r[ti+1] = sc.Type(t).F1
				}
				f1[epoch][c] = append(f1[epoch][c], r)
			}
			m.SetRetagPolicy(topt.Retag)
			if errorsPath != "" && epoch == topt.Epochs {
				m.SetOBias(float32(biases[0]))
				writePredictions(&errs, m, lex, held)
			}
		}
		if _, err := ner.Train(ctx, examples(train), opt); err != nil {
			return err
		}
	}
	if errorsPath != "" {
		if err := os.WriteFile(errorsPath, []byte(errs.String()), 0o644); err != nil {
			return fmt.Errorf("ner: cv errors: %w", err)
		}
	}
	fmt.Fprintf(os.Stderr, "%s: %d-fold cross-validation in %v\n", lang, k, time.Since(t0).Round(time.Millisecond))
	for e := 1; e <= topt.Epochs; e++ {
		for c := range len(biases) * len(pols) {
			fmt.Printf("%s cv%d epoch %2d o-bias %4.1f:", lang, k, e, biases[c/len(pols)])
			if len(policies) > 0 {
				fmt.Printf(" retag %s:", pols[c%len(pols)])
			}
			for ti, name := range [4]string{"F1", "PER", "ORG", "LOC"} {
				var xs []float64
				for _, r := range f1[e][c] {
					xs = append(xs, 100*r[ti])
				}
				mean, sd := meanSD(xs)
				fmt.Printf(" %s %.2f±%.2f", name, mean, sd)
			}
			fmt.Println()
		}
	}
	return nil
}

// writePredictions writes the sentences to b, one token a line with its
// gold tag and the tag m gives it (each sentence tagged alone), a blank
// line after each sentence.
func writePredictions(b *strings.Builder, m *ner.Model, lex ner.Lexicon, sents []conll.Sentence) {
	for _, x := range sents {
		pred := m.Tag(x.Tokens, lex)
		for i, w := range x.Tokens {
			fmt.Fprintf(b, "%s\t%s\t%s\n", w, x.Tags[i], pred[i])
		}
		b.WriteByte('\n')
	}
}

func meanSD(xs []float64) (mean, sd float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	if len(xs) > 1 {
		sd = math.Sqrt(sd / float64(len(xs)-1))
	}
	return mean, sd
}

func parseFloats(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil {
			return nil, fmt.Errorf("ner: bad number %q: %w", f, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// cachedClusters learns the word clusters of texts, or reads them from the
// cache folder dir when a run with the same inputs and options left them
// there.
func cachedClusters(ctx context.Context, dir, lang string, texts []string, opt ner.ClusterOptions) (map[string][2]uint16, error) {
	var path string
	if dir != "" {
		h := fnv.New64a()
		fmt.Fprintf(h, "%s|%v|%+v", lang, texts, opt)
		path = filepath.Join(dir, fmt.Sprintf("%s-%016x.tsv", lang, h.Sum64()))
		if b, err := os.ReadFile(path); err == nil {
			out := map[string][2]uint16{}
			for _, line := range strings.Split(string(b), "\n") {
				f := strings.Split(line, "\t")
				if len(f) != 3 {
					continue
				}
				a, err1 := strconv.ParseUint(f[1], 10, 16)
				b, err2 := strconv.ParseUint(f[2], 10, 16)
				if err1 != nil || err2 != nil {
					return nil, fmt.Errorf("ner: cluster cache %s: bad line %q", path, line)
				}
				out[f[0]] = [2]uint16{uint16(a), uint16(b)}
			}
			return out, nil
		}
	}
	c, err := ner.LearnClusters(ctx, texts, opt)
	if err != nil || path == "" {
		return c, err
	}
	words := make([]string, 0, len(c))
	for w := range c {
		words = append(words, w)
	}
	sort.Strings(words)
	var sb strings.Builder
	for _, w := range words {
		fmt.Fprintf(&sb, "%s\t%d\t%d\n", w, c[w][0], c[w][1])
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		return nil, fmt.Errorf("ner: cluster cache: %w", err)
	}
	return c, nil
}
