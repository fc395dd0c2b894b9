package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/newsenrich/newsenrich/processor/topics"
)

// trainTopics trains the IPTC topic classifier (package processor/topics).
//
// Training data: ANT v2.1, ANT v1.1 and MasakhaNEWS English and French from
// <data>/topics. Corpus categories are mapped to IPTC top-level codes
// (topics.MapCategory); region and catch-all categories are labelled by
// the seed lexicons (weak supervision, topics.Lexicon.Target). A dev split
// is held out by a hash of the document id (10% of ANT, half of the
// MasakhaNEWS dev files): a model trained without it has its softmax
// temperatures fitted on it and is scored on it. The written model
// (--full, the default) is then trained on every labelled document, the
// dev split included, and takes the held-out model's temperatures;
// --full=false writes the held-out model, --heldout-out writes both. The
// same data and seed give the same models, byte for byte.
//
// The --xling-* flags add cross-lingual training aids: labelled documents
// of another language translated word by word through the FreeDict
// dictionaries (dictd format, --xling-dicts; Debian packages
// dict-freedict-{fra-eng,eng-fra,ara-eng,eng-ara}), as down-weighted naive
// Bayes documents of the English and French parts (topics.Example.Aid).
// They are off by default: no variant gained in cross-validation (see
// MODELS.md), and with them off the model is the same, byte for byte.
//
//	go run ./cmd/newsenrich-train topics --data ../shared/data --out processor/topics/model.bin.gz
//	go run ./cmd/newsenrich-train topics --data ../shared/data --heldout-out /tmp/topics-heldout.bin.gz
//	go run ./cmd/newsenrich-train topics --export-dev /tmp/topics-dev   # eval files, no training
//	go run ./cmd/newsenrich-train topics --export-check /tmp/topics-check.jsonl
func trainTopics(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("topics", flag.ContinueOnError)
	data := fs.String("data", "../shared/data", "the shared/data folder (or its topics folder)")
	out := fs.String("out", "processor/topics/model.bin.gz", "model file to write")
	exportCheck := fs.String("export-check", "", "write the check set (testdata/topics/checkset.tsv) with its texts as an eval JSON Lines file and exit")
	checkSet := fs.String("check-set", "testdata/topics/checkset.tsv", "the check set to export")
	exportDev := fs.String("export-dev", "", "write the dev split as eval JSON Lines files to this directory and exit")
	seed := fs.Uint64("seed", 1, "shuffling seed")
	bits := fs.Uint("bits", 18, "log2 of the hash buckets of the Arabic part")
	latinBits := fs.Uint("latin-bits", 16, "log2 of the hash buckets of the English and French parts")
	epochs := fs.Int("epochs", 4, "training epochs")
	titleRepeat := fs.Int("title-repeat", 2, "how many times a title word counts")
	maxWords := fs.Int("max-words", 800, "story words read per document")
	rate := fs.Float64("rate", 0.5, "initial learning rate")
	regionWeight := fs.Float64("fallback-weight", 0.5, "example weight of weakly labelled documents that took their category's fallback (the least certain labels)")
	enWeight := fs.Float64("latin-weight", 2, "example weight of the English and French documents")
	masakhaDev := fs.String("masakha-dev", "split", "use of the MasakhaNEWS dev files: split (half trains, half is held out), all (all train: no English/French dev figures), none (train files only)")
	only := fs.String("only", "", "train on these corpora only, comma-separated (experiments, tests)")
	nb := fs.Bool("latin-nb", true, "train the Latin-script part (English, French) as naive Bayes")
	alpha := fs.Float64("alpha", 0.2, "naive Bayes smoothing")
	binary := fs.Bool("binary", false, "count each feature once per document")
	showErrors := fs.Bool("show-errors", false, "print every dev-split error with its title")
	cv := fs.Int("cv", 0, "print the K-fold cross-validated macro-F1 of the English and French parts over the training part of MasakhaNEWS (the train files and the trained half of the dev files) and exit")
	cvAll := fs.Bool("cv-all", false, "cross-validate over all labelled MasakhaNEWS documents, the held-out half of the dev files included")
	latinLR := fs.Bool("latin-lr", false, "train the English and French parts as L2-penalised logistic regression (full batch); overrides --latin-nb")
	l2 := fs.Float64("l2", 1e-4, "L2 penalty of --latin-lr")
	iters := fs.Int("iters", 300, "full-batch steps of --latin-lr")
	nbScale := fs.Bool("nb-scale", false, "divide the --latin-lr penalty of each weight by its squared naive Bayes weight (NB-SVM)")
	pool := fs.Float64("pool", 0, "example weight of the other Latin-script language's documents in the English and French parts")
	charGrams := fs.Bool("char-grams", false, "add character n-grams of Latin-script words")
	logTF := fs.Bool("log-tf", false, "count each distinct feature of an English or French document 1+ln(count) times")
	var nbo topics.TrainOptions
	fs.BoolVar(&nbo.NBBigrams, "nb-bigrams", false, "add word bigrams to the naive Bayes parts")
	fs.BoolVar(&nbo.NBStems, "nb-stems", false, "add truncation stems to the naive Bayes parts")
	fs.BoolVar(&nbo.NBDocNorm, "nb-doc-norm", false, "length-normalise naive Bayes training documents")
	fs.BoolVar(&nbo.NBIDF, "nb-idf", false, "weigh naive Bayes counts by inverse document frequency")
	fs.BoolVar(&nbo.NBComplement, "nb-complement", false, "complement naive Bayes")
	fs.BoolVar(&nbo.NBUniformPrior, "nb-uniform-prior", false, "naive Bayes without class priors")
	ensemble := fs.String("cv-ensemble", "", "with --cv, also train logistic regression and score log p_NB × a + log p_LR for each a of this comma-separated list")
	fs.Float64Var(&nbo.NBDirichlet, "nb-dirichlet", 0, "smooth naive Bayes towards the background word distribution with this prior mass")
	fs.Float64Var(&nbo.FoldLR, "fold-lr", 0, "add this multiple of a logistic regression over the naive Bayes counts to the naive Bayes weights (uses --l2, --iters)")
	fs.BoolVar(&nbo.FoldLRFull, "fold-lr-full", false, "fit the --fold-lr regression over bigrams and stems too")
	fs.Float64Var(&nbo.NBDirichletFr, "nb-dirichlet-fr", 0, "--nb-dirichlet for the French part only")
	fs.IntVar(&nbo.NBSelect, "nb-select", 0, "keep the naive Bayes buckets of the highest chi-square association with a class, this many per part (0: all)")
	fs.BoolVar(&nbo.NBSelectIG, "nb-select-ig", false, "rank the --nb-select buckets by information gain")
	fs.IntVar(&nbo.NBBags, "nb-bags", 0, "average the naive Bayes weights over this many bootstrap replicates (0: none)")
	fs.IntVar(&nbo.NBMinDF, "nb-min-df", 0, "drop the naive Bayes buckets seen in fewer training documents")
	fs.BoolVar(&nbo.TitleWords, "title-words", true, "add a feature of its own for each word of an English or French title")
	abstracts := fs.Bool("abstracts", false, "train on the ANT abstract before the text when the text does not contain it (a standfirst of its own); the dev split is read as before")
	cvReps := fs.Int("cv-reps", 1, "repeat --cv with this many fold assignments (the fold hash salted by the repetition) and print the mean")
	cvClasses := fs.Bool("cv-classes", false, "print the per-class F1 of --cv")
	cvCheck := fs.String("cv-check", "testdata/topics/checkset_latin.tsv", "the hand-labelled English and French check set scored by --cv-fallback-grid")
	cvWeak := fs.Float64("cv-weak-latin", 0, "with --cv-fallback-grid, give training-fold documents dense in one absent class's seed terms this share of that class in their target (weak supervision experiment)")
	cvFallbackGrid := fs.Bool("cv-fallback-grid", false, "with --cv, score every absent-class fallback setting of a grid on the held-out folds (MasakhaNEWS macro-F1 and --cv-check accuracy) and exit")
	selectK := fs.Int("select", 0, "model selection for the Arabic part: leave the ANT dev split out entirely, split the ANT training part in this many folds by a salted hash of the id and hold out fold --select-fold as the dev split scored at the end")
	selectFold := fs.Int("select-fold", 0, "the fold --select holds out")
	relabel := fs.Float64("relabel", 0, "relabel the region documents the lexicons left to politics: a model trained without them that gives one of them arts, economy, sport or science at least this probability gives that class --relabel-share of its target (0: off)")
	relabelShare := fs.Float64("relabel-share", 0.6, "target share of the class a --relabel document takes (politics keeps the rest)")
	bags := fs.Int("bags", 1, "average the Arabic logistic regression over this many seeds")
	ant1Weight := fs.Float64("ant1-weight", 1, "example weight of the ANT v1.1 (Tunisian) documents")
	cvShare := fs.Int("cv-train-share", 100, "with --cv, train each fold on this percentage of its training documents (chosen by a salted hash of the id; the held-out fold is scored whole): a learning curve")
	cvTemp := fs.Bool("cv-temperature", false, "with --cv, print the temperatures that fit the out-of-fold predictions of the English and French parts and exit")
	cvCaps := fs.Int("cv-caps", 0, "with --cv, mark the capitalised words of the first this many words of each English and French story that do not open a sentence with tokens of their own (experiment; 0: off)")
	cvPlaces := fs.Int("cv-places", 0, "with --cv, add a token shared by all country names, capitals and demonyms (gazetteer/countries_ar_en_fr.json) for each in the first this many words of each English and French story (experiment; 0: off)")
	cvLead := fs.Int("cv-lead", 0, "with --cv, count the first this many words of each English and French story twice (experiment; 0: off)")
	trainShare := fs.Int("train-share", 100, "train on this percentage of the training part of every corpus (chosen by a salted hash of the id; the dev split is scored whole): a learning curve; implies --full=false")
	full := fs.Bool("full", true, "write a model trained on every labelled document, the dev split included (the ANT dev split and the held-out half of the MasakhaNEWS dev files); the dev scores are printed from the same model trained without the dev split first, whose temperatures (fitted on the dev split) the written model takes; --full=false writes that held-out model")
	heldoutOut := fs.String("heldout-out", "", "with --full, also write the model trained without the dev split to this file (the held-out scores: newsenrich eval topics --model FILE)")
	var xl xlingConfig
	fs.StringVar(&xl.dicts.dir, "xling-dicts", "/usr/share/dictd", "the directory of the FreeDict dictd databases (freedict-{fra-eng,eng-fra,ara-eng,eng-ara}.{index,dict.dz}; Debian: apt-get install dict-freedict-fra-eng dict-freedict-eng-fra dict-freedict-ara-eng dict-freedict-eng-ara) the --xling-* aids translate with; none: no translated documents")
	fs.Float64Var(&xl.en, "xling-en", 0, "train the English part on the French MasakhaNEWS documents translated word by word (fra-eng, eng-fra read backwards), each weighing this fraction of an English one (0: none)")
	fs.Float64Var(&xl.fr, "xling-fr", 0, "the same for the French part, from the English documents (eng-fra, fra-eng read backwards)")
	fs.Float64Var(&xl.antEn, "xling-ant-en", 0, "train the English part on the gold-labelled ANT documents (arts, economy, sport, science, politics) translated word by word (ara-eng, eng-ara read backwards), each weighing this fraction of an English one (0: none)")
	fs.Float64Var(&xl.antFr, "xling-ant-fr", 0, "the same for the French part, translated into English and then into French")
	fs.Float64Var(&nbo.AidShare, "xling-share", 0, "rescale the translated documents of each class to this share of the class's own words in naive Bayes (0: each counts with its --xling-* weight)")
	fs.BoolVar(&nbo.AidOOV, "xling-oov", false, "count the translated documents only in the naive Bayes buckets the part's own documents never saw")
	fs.IntVar(&xl.top, "xling-top", 0, "translate only this many words of each source language, those most associated with a class (chi-square over its documents; 0: every word)")
	fs.IntVar(&xl.k, "xling-k", 1, "translations written per word (the first ones of the dictionary)")
	fs.BoolVar(&xl.rank, "xling-rank", true, "rank each word's translations by their frequency in the MasakhaNEWS text of the target language (its training part for the held-out model)")
	fs.BoolVar(&xl.keep, "xling-keep", true, "keep the Latin-script words the dictionary lacks as they are (names, numbers, shared words)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	xl.maxWords, xl.latinWeight = *maxWords, *enWeight
	dir := *data
	if _, err := os.Stat(filepath.Join(dir, "topics")); err == nil {
		dir = filepath.Join(dir, "topics")
	}
	docs, err := topics.ReadCorpora(dir, 12000)
	if err != nil {
		return err
	}
	if *selectK > 1 {
		docs = selectionSplit(docs, uint32(*selectK), uint32(*selectFold))
		*full = false // model selection: the inner dev split stays held out
	}
	if *trainShare < 100 {
		kept := docs[:0]
		for _, d := range docs {
			h := fnv.New32a()
			h.Write([]byte("share|" + d.ID))
			if !d.Train || int(h.Sum32()%100) < *trainShare {
				kept = append(kept, d)
			}
		}
		docs = kept
		*full = false
	}
	if *full && *relabel > 0 {
		return fmt.Errorf("--relabel relabels the training part only: use it with --full=false")
	}
	if *exportDev != "" {
		return exportTopicDev(docs, *exportDev)
	}
	if *exportCheck != "" {
		return exportTopicCheck(docs, *checkSet, *exportCheck)
	}
	if *cv > 1 {
		opt := topics.TrainOptions{LatinBits: uint8(*latinBits), MaxWords: *maxWords, TitleRepeat: *titleRepeat, Seed: *seed, LatinNB: *nb, Alpha: *alpha, Binary: *binary,
			LatinLR: *latinLR, L2: *l2, Iters: *iters, NBScale: *nbScale, Pool: float32(*pool), CharGrams: *charGrams, LatinLogTF: *logTF}
		nbOptions(&opt, nbo)
		if *ensemble != "" {
			lr := opt
			lr.LatinLR = true
			for _, a := range strings.Split(*ensemble, ",") {
				var x float64
				if _, err := fmt.Sscan(a, &x); err != nil {
					return fmt.Errorf("--cv-ensemble: %w", err)
				}
				opt.EnsembleWith = append(opt.EnsembleWith, x)
			}
			opt.EnsembleLR = &lr
		}
		if *cvCaps > 0 {
			docs = withCapitalTokens(docs, *cvCaps)
		}
		if *cvPlaces > 0 {
			if docs, err = withPlaceTokens(docs, filepath.Join(filepath.Dir(dir), "gazetteer", "countries_ar_en_fr.json"), *cvPlaces); err != nil {
				return err
			}
		}
		if *cvLead > 0 {
			docs = withLeadTwice(docs, *cvLead)
		}
		aids, err := xl.aids(docs, true)
		if err != nil {
			return err
		}
		if *cvAll {
			dev, err := xl.aids(docs, false)
			if err != nil {
				return err
			}
			aids = append(aids, dev...)
		}
		if len(aids) > 0 {
			fmt.Fprintf(os.Stderr, "topics: %d translated training aids\n", len(aids))
		}
		if *cvTemp {
			return outOfFoldTemperatures(ctx, docs, *cv, *cvAll, opt)
		}
		if *cvFallbackGrid {
			items, err := topics.ReadCheckSet(*cvCheck)
			if err != nil {
				return err
			}
			check := map[string][]string{}
			for _, it := range items {
				check[it.ID] = it.Labels
			}
			return crossValidateFallback(ctx, docs, aids, *cv, max(*cvReps, 1), check, fallbackGrid(), opt, float32(*cvWeak))
		}
		for _, c := range []string{topics.CorpusMasakhaEng, topics.CorpusMasakhaFra} {
			opt := opt
			sum, n := 0.0, 0
			var each []string
			for rep := range max(*cvReps, 1) {
				f1, nd, err := crossValidateTopics(ctx, docs, aids, c, *cv, rep, *cvAll, *cvClasses, *cvShare, opt)
				if err != nil {
					return err
				}
				sum += f1
				n = nd
				each = append(each, fmt.Sprintf("%.4f", f1))
			}
			if *cvReps > 1 {
				fmt.Printf("cv %d-fold ×%d %s macro-F1 %.4f (%d docs; %s)\n", *cv, *cvReps, c, sum/float64(*cvReps), n, strings.Join(each, " "))
				continue
			}
			fmt.Printf("cv %d-fold %s macro-F1 %.4f (%d docs)\n", *cv, c, sum, n)
		}
		return nil
	}
	lex := topics.NewLexicon()
	var train, calib []topics.Example
	var fallbackRegion []int // indices in train of region documents left to politics
	rules := map[string]int{}
	switch *masakhaDev {
	case "split":
	case "all", "none":
		kept := docs[:0]
		for _, d := range docs {
			masakha := d.Corpus == topics.CorpusMasakhaEng || d.Corpus == topics.CorpusMasakhaFra
			if masakha && *masakhaDev == "all" {
				d.Train = true
			}
			if masakha && *masakhaDev == "none" && d.DevFile && d.Train {
				continue // the trained half of a dev file
			}
			kept = append(kept, d)
		}
		docs = kept
	default:
		return fmt.Errorf("--masakha-dev %q: want split, all or none", *masakhaDev)
	}
	if *only != "" {
		corpora := strings.Split(*only, ",")
		kept := docs[:0]
		for _, d := range docs {
			if slices.Contains(corpora, d.Corpus) {
				kept = append(kept, d)
			}
		}
		docs = kept
	}
	for _, d := range docs {
		m, _ := topics.MapCategory(d.Corpus, d.Category)
		if a := strings.TrimSpace(d.Abstract); *abstracts && d.Train && a != "" && !strings.Contains(d.Text, a[:min(len(a), 100)]) {
			d.Text = a + "\n" + d.Text
		}
		target, rule := lex.Target(d.Corpus, m, d.Title, d.Text)
		if target == ([topics.NumClasses]float32{}) {
			rules[d.Corpus+" "+d.Category+" → "+rule]++
			continue
		}
		ex := topics.Example{Input: topics.Input{Title: d.Title, Story: []string{d.Text}}, Target: target, Weight: 1}
		if d.Corpus == topics.CorpusMasakhaEng || d.Corpus == topics.CorpusMasakhaFra {
			ex.Weight = float32(*enWeight)
		}
		if strings.HasPrefix(rule, "fallback") {
			ex.Weight = float32(*regionWeight)
		}
		if d.Corpus == topics.CorpusANT1 {
			ex.Weight *= float32(*ant1Weight)
		}
		if d.Train {
			if strings.HasPrefix(rule, "fallback") && m.Fallback == topics.Politics {
				fallbackRegion = append(fallbackRegion, len(train))
			}
			train = append(train, ex)
			rules[d.Corpus+" "+d.Category+" → "+rule]++
		} else {
			calib = append(calib, ex)
		}
	}
	keys := make([]string, 0, len(rules))
	for k := range rules {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(os.Stderr, "%6d  %s\n", rules[k], k)
	}
	fmt.Fprintf(os.Stderr, "topics: %d training, %d dev documents\n", len(train), len(calib))
	opt := topics.TrainOptions{
		Bits: uint8(*bits), LatinBits: uint8(*latinBits), Epochs: *epochs, MaxWords: *maxWords, TitleRepeat: *titleRepeat, LearnRate: float32(*rate), Seed: *seed, LatinNB: *nb, Alpha: *alpha, Binary: *binary,
		LatinLR: *latinLR, L2: *l2, Iters: *iters, NBScale: *nbScale, Pool: float32(*pool), CharGrams: *charGrams, LatinLogTF: *logTF,
		Log:  func(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) },
		Bags: *bags,
	}
	nbOptions(&opt, nbo)
	if *relabel > 0 {
		if err := relabelRegion(ctx, train, fallbackRegion, *relabel, float32(*relabelShare), opt); err != nil {
			return err
		}
	}
	aids, err := xl.aids(docs, true)
	if err != nil {
		return err
	}
	var devAids []topics.Example
	if *full {
		if devAids, err = xl.aids(docs, false); err != nil {
			return err
		}
	}
	if len(aids) > 0 {
		fmt.Fprintf(os.Stderr, "topics: %d translated training aids (%d more from the dev split)\n", len(aids), len(devAids))
	}
	train = append(train, aids...)
	heldout, shipped, err := trainTopicModels(ctx, train, calib, devAids, opt, *full)
	if err != nil {
		return err
	}
	scoreTopicDev(heldout, docs, *showErrors)
	heldout.SetFallback(topics.Fallback{})
	scoreLatinDev(heldout, docs, "absent-class fallback off")
	heldout.SetFallback(topics.DefaultFallback)
	scoreLatinDev(heldout, docs, "")
	if err := scoreTopicChecks(heldout, docs, *checkSet, "testdata/topics/ant_dev_audit.tsv"); err != nil {
		return err
	}
	if *full && *heldoutOut != "" {
		if err := writeTopicModel(heldout, *heldoutOut); err != nil {
			return err
		}
	}
	return writeTopicModel(shipped, *out)
}

// trainTopicModels trains the model on train, its temperatures fitted on
// calib (the dev split): the held-out model, which the dev scores are
// measured on. With full it also trains the shipped model on train and
// calib together, which takes the held-out model's temperatures (no data
// is left to fit them on); otherwise the held-out model is the shipped
// one. devAids are the translated training aids of the dev split's
// documents (--xling-*), which train the shipped model only.
func trainTopicModels(ctx context.Context, train, calib, devAids []topics.Example, opt topics.TrainOptions, full bool) (heldout, shipped *topics.Model, err error) {
	heldout, err = topics.Train(ctx, train, calib, opt)
	if err != nil || !full || len(calib) == 0 {
		return heldout, heldout, err
	}
	all := append(append(train[:len(train):len(train)], calib...), devAids...)
	if opt.Log != nil {
		opt.Log("topics: the shipped model: %d documents (%d training, %d dev)", len(all), len(train), len(calib))
	}
	shipped, err = topics.Train(ctx, all, nil, opt)
	if err != nil {
		return nil, nil, err
	}
	shipped.CalibrateLike(heldout)
	return heldout, shipped, nil
}

// writeTopicModel writes m to the file path and prints its size and
// digest.
func writeTopicModel(m *topics.Model, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	h := sha256.New()
	if err := m.Encode(multiWriter{f, h}); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "topics: wrote %s (%d bytes, sha256 %x)\n", path, st.Size(), h.Sum(nil)[:8])
	return nil
}

// relabelRegion gives the region documents of train at indices idx (those
// the lexicons left to politics) a topical class when a model trained on
// the other documents, which never saw them, finds one: arts, economy,
// sport or science with probability at least minProb takes share of the
// target, politics the rest. A World Cup story on a world-news desk then
// teaches sport, not politics.
func relabelRegion(ctx context.Context, train []topics.Example, idx []int, minProb float64, share float32, opt topics.TrainOptions) error {
	skip := make(map[int]bool, len(idx))
	for _, i := range idx {
		skip[i] = true
	}
	var rest []topics.Example
	for i, ex := range train {
		if !skip[i] {
			rest = append(rest, ex)
		}
	}
	model, err := topics.Train(ctx, rest, nil, opt)
	if err != nil {
		return err
	}
	codes := topics.Codes()
	topical := map[string]bool{topics.Arts: true, topics.Economy: true, topics.Sport: true, topics.Science: true}
	moved := map[string]int{}
	var probs [topics.NumClasses]float64
	for _, i := range idx {
		if !model.Probabilities(train[i].Input, &probs) {
			continue
		}
		best := 0
		for k := range probs {
			if probs[k] > probs[best] {
				best = k
			}
		}
		if !topical[codes[best]] || probs[best] < minProb {
			continue
		}
		var t [topics.NumClasses]float32
		for k, c := range codes {
			switch c {
			case codes[best]:
				t[k] = share
			case topics.Politics:
				t[k] = 1 - share
			}
		}
		train[i].Target = t
		moved[topics.Label(codes[best])]++
	}
	fmt.Fprintf(os.Stderr, "topics: relabelled region documents %v of %d\n", moved, len(idx))
	return nil
}

// selectionSplit returns docs without the ANT dev split and with fold
// fold of k of the ANT training part, chosen by a salted hash of the id, as
// the dev split: Arabic settings are chosen by cross-validation over these
// folds, and the real dev split is scored only once they are chosen.
func selectionSplit(docs []topics.CorpusDoc, k, fold uint32) []topics.CorpusDoc {
	var kept []topics.CorpusDoc
	for _, d := range docs {
		if d.Corpus == topics.CorpusANT2 || d.Corpus == topics.CorpusANT1 {
			if !d.Train {
				continue
			}
			h := fnv.New32a()
			h.Write([]byte("select|" + d.ID))
			d.Train = h.Sum32()%k != fold
		}
		kept = append(kept, d)
	}
	return kept
}

type multiWriter [2]interface{ Write([]byte) (int, error) }

func (m multiWriter) Write(p []byte) (int, error) {
	for _, w := range m {
		if _, err := w.Write(p); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// scoreTopicDev prints the top-1 accuracy on the dev split per corpus,
// counting a prediction right when it is one of the category's accepted
// codes, and the errors by category and predicted topic.
func scoreTopicDev(model *topics.Model, docs []topics.CorpusDoc, showErrors bool) {
	type tally struct{ right, total int }
	per := map[string]*tally{}
	confusion := map[string]int{}
	for _, d := range docs {
		m, _ := topics.MapCategory(d.Corpus, d.Category)
		if d.Train || len(m.Accept) == 0 {
			continue
		}
		p := model.Predict(topics.Input{Title: d.Title, Story: []string{d.Text}}, topics.DefaultThreshold)
		t := per[d.Corpus]
		if t == nil {
			t = &tally{}
			per[d.Corpus] = t
		}
		t.total++
		if len(p) > 0 && contains(m.Accept, p[0].Code) {
			t.right++
		} else if len(p) > 0 {
			confusion[d.Corpus+" "+d.Category+" → "+p[0].Label]++
			if showErrors {
				fmt.Fprintf(os.Stderr, "ERR %s %s → %s %.2f | %s\n", d.ID, d.Category, p[0].Label, p[0].Score, d.Title)
			}
		}
	}
	errs := make([]string, 0, len(confusion))
	for k := range confusion {
		errs = append(errs, k)
	}
	sort.Strings(errs)
	for _, k := range errs {
		fmt.Fprintf(os.Stderr, "dev error %4d  %s\n", confusion[k], k)
	}
	names := make([]string, 0, len(per))
	for n := range per {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "dev %-16s accuracy %.4f (%d docs)\n", n, float64(per[n].right)/float64(per[n].total), per[n].total)
	}
}

// scoreLatinDev prints the top-1 accuracy and macro-F1 of model on the
// dev split of the MasakhaNEWS corpora (one gold class a document), with
// note after the corpus name.
func scoreLatinDev(model *topics.Model, docs []topics.CorpusDoc, note string) {
	for _, c := range []string{topics.CorpusMasakhaEng, topics.CorpusMasakhaFra} {
		tp, fp, fn := map[string]int{}, map[string]int{}, map[string]int{}
		right, total := 0, 0
		for _, d := range docs {
			m, _ := topics.MapCategory(d.Corpus, d.Category)
			if d.Corpus != c || d.Train || m.Gold == "" {
				continue
			}
			total++
			got := ""
			if p := model.Predict(topics.Input{Title: d.Title, Story: []string{d.Text}}, topics.DefaultThreshold); len(p) > 0 {
				got = p[0].Code
			}
			if got == m.Gold {
				right++
				tp[got]++
			} else {
				fn[m.Gold]++
				fp[got]++
			}
		}
		if total == 0 {
			continue
		}
		f1, n := 0.0, 0
		for _, code := range topics.Codes() {
			if tp[code]+fn[code] > 0 {
				f1 += 2 * float64(tp[code]) / float64(2*tp[code]+fp[code]+fn[code])
				n++
			}
		}
		if note != "" {
			c += " (" + note + ")"
		}
		fmt.Fprintf(os.Stderr, "dev %s accuracy %.4f macro-F1 %.4f (%d docs)\n", c, float64(right)/float64(total), f1/float64(n), total)
	}
}

// scoreTopicChecks prints the top-1 accuracy of model on the hand-labelled
// sets of dev-split documents (the Arabic check set and the ANT dev audit),
// each read from its file when it exists; the model must be one trained
// without the dev split for the figures to be held out.
func scoreTopicChecks(model *topics.Model, docs []topics.CorpusDoc, files ...string) error {
	byID := map[string]topics.CorpusDoc{}
	for _, d := range docs {
		if !d.Train {
			byID[d.ID] = d
		}
	}
	for _, file := range files {
		if _, err := os.Stat(file); err != nil {
			continue
		}
		items, err := topics.ReadCheckSet(file)
		if err != nil {
			return err
		}
		right, total := 0, 0
		for _, it := range items {
			d, ok := byID[it.ID]
			if !ok {
				continue // not in the dev split (another --select fold)
			}
			total++
			p := model.Predict(topics.Input{Title: d.Title, Story: []string{d.Text}}, topics.DefaultThreshold)
			if len(p) > 0 && contains(it.Labels, p[0].Code) {
				right++
			}
		}
		if total > 0 {
			fmt.Fprintf(os.Stderr, "dev %s accuracy %.4f (%d of %d docs)\n", filepath.Base(file), float64(right)/float64(total), total, len(items))
		}
	}
	return nil
}

func contains(a []string, s string) bool {
	for _, x := range a {
		if x == s {
			return true
		}
	}
	return false
}

// exportTopicDev writes the dev split of every corpus as the JSON Lines
// files "newsenrich eval topics" reads: one per corpus, categories
// without an accepted code left out.
func exportTopicDev(docs []topics.CorpusDoc, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := map[string]*os.File{}
	writers := map[string]*bufio.Writer{}
	counts := map[string]int{}
	for _, d := range docs {
		m, _ := topics.MapCategory(d.Corpus, d.Category)
		if d.Train || len(m.Accept) == 0 {
			continue
		}
		w := writers[d.Corpus]
		if w == nil {
			f, err := os.Create(filepath.Join(dir, d.Corpus+"_dev.jsonl"))
			if err != nil {
				return err
			}
			files[d.Corpus] = f
			w = bufio.NewWriter(f)
			writers[d.Corpus] = w
		}
		line, err := json.Marshal(struct {
			ID       string   `json:"id"`
			Category string   `json:"category"`
			Title    string   `json:"title"`
			Text     string   `json:"text"`
			Labels   []string `json:"labels"`
		}{d.ID, d.Category, d.Title, d.Text, m.Accept})
		if err != nil {
			return err
		}
		w.Write(line)
		w.WriteByte('\n')
		counts[d.Corpus]++
	}
	var names []string
	for c, w := range writers {
		if err := w.Flush(); err != nil {
			return err
		}
		if err := files[c].Close(); err != nil {
			return err
		}
		names = append(names, fmt.Sprintf("%s_dev.jsonl: %d", c, counts[c]))
	}
	sort.Strings(names)
	fmt.Fprintln(os.Stderr, "topics: wrote "+strings.Join(names, ", ")+" to "+dir)
	return nil
}

// exportTopicCheck writes the check set with the texts of its documents,
// read from the corpora, as an eval JSON Lines file.
func exportTopicCheck(docs []topics.CorpusDoc, checkSet, out string) error {
	items, err := topics.ReadCheckSet(checkSet)
	if err != nil {
		return err
	}
	byID := map[string]topics.CorpusDoc{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, it := range items {
		d, ok := byID[it.ID]
		if !ok {
			f.Close()
			return fmt.Errorf("check set: document %s not in the corpora", it.ID)
		}
		line, err := json.Marshal(struct {
			ID     string   `json:"id"`
			Title  string   `json:"title"`
			Text   string   `json:"text"`
			Labels []string `json:"labels"`
		}{d.ID, d.Title, d.Text, it.Labels})
		if err != nil {
			f.Close()
			return err
		}
		w.Write(line)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	fmt.Fprintf(os.Stderr, "topics: wrote %d check-set documents to %s\n", len(items), out)
	return f.Close()
}

// crossValidateTopics trains the model k times on the labelled documents of one
// corpus (MasakhaNEWS train and dev files alike) less one fold, the folds
// set by a hash of the document id, and returns the macro-F1 over the
// corpus's classes of the predictions on the held-out folds.
//
// Repetition rep > 0 salts the fold hash with the repetition number, for
// another assignment of the documents to folds; classes prints the F1 of
// every class. Each fold trains on share percent of its training documents,
// chosen by a hash of the id salted by the repetition.
func crossValidateTopics(ctx context.Context, docs []topics.CorpusDoc, aids []topics.Example, corpus string, k, rep int, all, classes bool, share int, opt topics.TrainOptions) (float64, int, error) {
	var items []cvItem
	for _, d := range docs {
		if d.Corpus != corpus || !d.Train && !all {
			continue
		}
		m, _ := topics.MapCategory(d.Corpus, d.Category)
		if m.Gold == "" {
			continue
		}
		var target [topics.NumClasses]float32
		for i, c := range topics.Codes() {
			if c == m.Gold {
				target[i] = 1
			}
		}
		h := fnv.New32a()
		if rep > 0 {
			fmt.Fprintf(h, "%d|", rep)
		}
		h.Write([]byte(d.ID))
		it := cvItem{topics.Example{Input: topics.Input{Title: d.Title, Story: []string{d.Text}}, Target: target, Weight: 1}, m.Gold, int(h.Sum32() % uint32(k)), true}
		if share < 100 {
			hs := fnv.New32a()
			fmt.Fprintf(hs, "share|%d|%s", rep, d.ID)
			it.trains = int(hs.Sum32()%100) < share
		}
		items = append(items, it)
	}
	// With pooling, the training documents of the other MasakhaNEWS
	// language train every fold too.
	var extra []topics.Example
	if opt.Pool > 0 {
		for _, d := range docs {
			m, _ := topics.MapCategory(d.Corpus, d.Category)
			other := d.Corpus != corpus && (d.Corpus == topics.CorpusMasakhaEng || d.Corpus == topics.CorpusMasakhaFra)
			if !other || m.Gold == "" || !d.Train && !all {
				continue
			}
			var target [topics.NumClasses]float32
			for i, c := range topics.Codes() {
				if c == m.Gold {
					target[i] = 1
				}
			}
			extra = append(extra, topics.Example{Input: topics.Input{Title: d.Title, Story: []string{d.Text}}, Target: target, Weight: 1})
		}
	}
	// Translated documents (--xling-*) of the corpus's language train
	// every fold: none is a translation of a document of the corpus.
	lang := map[string]string{topics.CorpusMasakhaEng: "en", topics.CorpusMasakhaFra: "fr"}[corpus]
	for _, a := range aids {
		if a.Lang == lang {
			extra = append(extra, a)
		}
	}
	// The fold models' temperatures are fit, as the shipped model's, on
	// the held-out half of the dev file: the absent-class fallback reads
	// the calibrated probabilities (with all, the folds hold that half and
	// the models stay uncalibrated).
	var calib []topics.Example
	for _, d := range docs {
		if m, _ := topics.MapCategory(d.Corpus, d.Category); !all && d.Corpus == corpus && !d.Train && m.Gold != "" {
			calib = append(calib, topics.Example{Input: topics.Input{Title: d.Title, Story: []string{d.Text}}, Target: oneHot(m.Gold), Weight: 1})
		}
	}
	tp, fp, fn := map[string]int{}, map[string]int{}, map[string]int{}
	if opt.EnsembleLR != nil {
		return crossValidateEnsemble(ctx, items, k, opt)
	}
	for f := range k {
		train := append([]topics.Example(nil), extra...)
		for _, it := range items {
			if it.fold != f && it.trains {
				train = append(train, it.ex)
			}
		}
		model, err := topics.Train(ctx, train, calib, opt)
		if err != nil {
			return 0, 0, err
		}
		for _, it := range items {
			if it.fold != f {
				continue
			}
			p := model.Predict(it.ex.Input, topics.DefaultThreshold)
			got := ""
			if len(p) > 0 {
				got = p[0].Code
			}
			if got == it.gold {
				tp[it.gold]++
			} else {
				fn[it.gold]++
				fp[got]++
			}
		}
	}
	sum, n := 0.0, 0
	for _, c := range topics.Codes() {
		if tp[c]+fn[c] == 0 {
			if fp[c] > 0 {
				fmt.Fprintf(os.Stderr, "cv %s: %d predictions of %s, a class without documents\n", corpus, fp[c], topics.Label(c))
			}
			continue // not a class of this corpus
		}
		f1 := 2 * float64(tp[c]) / float64(2*tp[c]+fp[c]+fn[c])
		if classes {
			fmt.Printf("cv %s %-20s F1 %.3f (%d docs, %d false positives)\n", corpus, topics.Label(c), f1, tp[c]+fn[c], fp[c])
		}
		sum += f1
		n++
	}
	return sum / float64(max(n, 1)), len(items), nil
}

// nbOptions copies the naive Bayes variant options of from to opt.
func nbOptions(opt *topics.TrainOptions, from topics.TrainOptions) {
	opt.NBBigrams, opt.NBStems, opt.NBDocNorm, opt.NBIDF, opt.NBComplement, opt.NBUniformPrior =
		from.NBBigrams, from.NBStems, from.NBDocNorm, from.NBIDF, from.NBComplement, from.NBUniformPrior
	opt.TitleWords = from.TitleWords
	opt.NBSelect, opt.NBSelectIG, opt.NBMinDF, opt.NBBags = from.NBSelect, from.NBSelectIG, from.NBMinDF, from.NBBags
	opt.NBDirichlet = from.NBDirichlet
	opt.FoldLR = from.FoldLR
	opt.NBDirichletFr = from.NBDirichletFr
	opt.FoldLRFull = from.FoldLRFull
	opt.AidShare, opt.AidOOV = from.AidShare, from.AidOOV
}

// cvItem is a document of a cross-validation: its example, gold code and
// fold, and whether it trains the other folds' models (see
// --cv-train-share).
type cvItem struct {
	ex     topics.Example
	gold   string
	fold   int
	trains bool
}

// crossValidateEnsemble prints the macro-F1 of log p_NB × a + log p_LR for
// each a of opt.EnsembleWith (a = 0: logistic regression alone) and of
// naive Bayes alone, and returns the last.
func crossValidateEnsemble(ctx context.Context, items []cvItem, k int, opt topics.TrainOptions) (float64, int, error) {
	type score struct{ tp, fp, fn map[string]int }
	as := append(append([]float64(nil), opt.EnsembleWith...), -1) // -1: NB alone
	scores := make([]score, len(as))
	for i := range scores {
		scores[i] = score{map[string]int{}, map[string]int{}, map[string]int{}}
	}
	lrOpt := *opt.EnsembleLR
	lrOpt.EnsembleLR = nil
	nbOpt := opt
	nbOpt.EnsembleLR = nil
	codes := topics.Codes()
	for f := range k {
		var train []topics.Example
		for _, it := range items {
			if it.fold != f {
				train = append(train, it.ex)
			}
		}
		nb, err := topics.Train(ctx, train, nil, nbOpt)
		if err != nil {
			return 0, 0, err
		}
		lr, err := topics.Train(ctx, train, nil, lrOpt)
		if err != nil {
			return 0, 0, err
		}
		for _, it := range items {
			if it.fold != f {
				continue
			}
			var pn, pl [topics.NumClasses]float64
			nb.Probabilities(it.ex.Input, &pn)
			lr.Probabilities(it.ex.Input, &pl)
			for i, a := range as {
				best, arg := math.Inf(-1), 0
				for c := range pn {
					v := math.Log(max(pn[c], 1e-300))
					if a >= 0 {
						v = a*v + math.Log(max(pl[c], 1e-300))
					}
					if v > best {
						best, arg = v, c
					}
				}
				got := codes[arg]
				if got == it.gold {
					scores[i].tp[got]++
				} else {
					scores[i].fn[it.gold]++
					scores[i].fp[got]++
				}
			}
		}
	}
	last := 0.0
	for i, a := range as {
		sum, n := 0.0, 0
		for _, c := range codes {
			s := scores[i]
			if s.tp[c]+s.fn[c] == 0 {
				continue
			}
			sum += 2 * float64(s.tp[c]) / float64(2*s.tp[c]+s.fp[c]+s.fn[c])
			n++
		}
		last = sum / float64(max(n, 1))
		fmt.Printf("ensemble a=%g macro-F1 %.4f\n", a, last)
	}
	return last, len(items), nil
}
