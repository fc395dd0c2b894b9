package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
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
	langs := fs.String("langs", "ar,latin", "models to train: ar, latin")
	wojood := fs.Bool("wojood", false, "add the Wojood sample (PERS/ORG/GPE/LOC) to the Arabic training data")
	wnut := fs.Bool("wnut", false, "add WNUT-17 (social media) to the Latin training data")
	clusterText := fs.String("cluster-text", "", "gzipped JSON Lines news corpus (fields title, text) (comma separated) to learn Arabic word clusters from (default DATA/../topics/ant_v2.1_multisource.train.jsonl.gz; \"none\": no clusters)")
	frDev := fs.String("fr-dev", "nlp/ner/testdata/fr_dev.conll", "French dev set (hand-written sentences) scored with the Latin model; empty: none")
	clusterTextEn := fs.String("cluster-text-latin", "", "plain or TSV text files, comma separated, to learn Latin-script word clusters from (default: the MasakhaNEWS English and French TSV files in DATA/../topics; \"none\": no clusters)")
	write := fs.Bool("write", true, "write the model files")
	oBiasAr := fs.Float64("o-bias-ar", 8, "decoding bias against O for the Arabic model (trades precision for recall; chosen on other tenths of the corpus than the dev split)")
	oBiasLatin := fs.Float64("o-bias-latin", 4, "decoding bias against O for the Latin model")
	useGaz := fs.Bool("gazetteer", true, "give the tagger the embedded gazetteer's matches as features")
	var copt ner.ClusterOptions
	fs.IntVar(&copt.Vocab, "cluster-vocab", 40000, "words clustered (most frequent first)")
	fs.IntVar(&copt.Fine, "cluster-fine", 256, "fine word clusters")
	fs.IntVar(&copt.Coarse, "cluster-coarse", 32, "coarse word clusters")
	fs.IntVar(&copt.Dim, "cluster-dim", 64, "size of the skip-gram word vectors")
	if err := fs.Parse(args); err != nil {
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
		var train, dev []conll.Sentence
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
				train = append(train, w...)
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
				train = append(train, w...)
			}
			if *clusterTextEn != "none" && *clusterTextEn != "" {
				texts = strings.Split(*clusterTextEn, ",")
			}
		default:
			return fmt.Errorf("ner: unknown model %q (ar, latin)", lang)
		}
		var clusters map[string][2]uint16
		if len(texts) > 0 {
			t0 := time.Now()
			clusters, err = ner.LearnClusters(ctx, texts, copt)
			if err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "%s: %d words clustered in %v\n", lang, len(clusters), time.Since(t0).Round(time.Millisecond))
		}
		t0 := time.Now()
		m, err := ner.Train(ctx, examples(train), ner.TrainOptions{
			Name: lang, Bits: *bits, Epochs: *epochs, Seed: *seed, Clusters: clusters, Lexicon: lex,
			Progress: func(e, errs int) { fmt.Fprintf(os.Stderr, "%s: epoch %d: %d token errors\n", lang, e, errs) },
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "%s: trained on %d sentences in %v\n", lang, len(train), time.Since(t0).Round(time.Millisecond))
		if lang == "ar" {
			m.SetOBias(float32(*oBiasAr))
		} else {
			m.SetOBias(float32(*oBiasLatin))
		}
		sc := ner.Evaluate(m, lex, dev)
		printScores(lang+" dev", sc, len(dev))
		if lang == "latin" && *frDev != "" {
			fr, err := readCorpus(*frDev)
			if err != nil {
				return err
			}
			printScores("fr dev", ner.Evaluate(m, lex, fr), len(fr))
		}
		if !*write {
			continue
		}
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return err
		}
		path := filepath.Join(*out, lang+".nerm")
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
		fmt.Fprintf(os.Stderr, "%s: wrote %s (%d bytes)\n", lang, path, n)
	}
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
