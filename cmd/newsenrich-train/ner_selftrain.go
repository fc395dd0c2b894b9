package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"os"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/internal/stagetags"
	"github.com/newsenrich/newsenrich/nlp/conll"
	"github.com/newsenrich/newsenrich/nlp/ner"
	"github.com/newsenrich/newsenrich/nlp/sentence"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/processor/entities"
	"github.com/newsenrich/newsenrich/processor/topics"
)

// selfTrainFlags are the flags of self-training: news sentences tagged by
// the entities stage (a tagger trained on the training sentences, the
// gazetteer, the stage's rules) added to the training sentences.
type selfTrainFlags struct {
	langs     string
	text      string
	sentences int
	keep      string
	every     int
	minTokens int
	maxTokens int
}

func (f *selfTrainFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.langs, "self-train", "", "models (comma separated; ar only) trained twice: a first model on the training sentences tags news articles with the entities stage (that model, the gazetteer and the stage's rules, with the topics stage before it, as the service runs them), and the second learns from the training sentences and --self-train-sentences of the tagged ones; held-out seed 1 with 2000 sentences (without --augment): ar dev tagger 78.06 to 77.56 (keep agree) and 77.33 (keep stage), entities stage 80.17 to 79.25 and 78.41; 500 sentences (agree): 78.40, 79.29; 5-fold CV (seed 1, 2000 agree) 76.45 to 76.09: off")
	fs.StringVar(&f.text, "self-train-text", "", "gzipped JSON Lines news articles (fields docno, text) to tag (default: the Arabic cluster texts, ANT v2.1 train)")
	fs.IntVar(&f.sentences, "self-train-sentences", 2000, "with --self-train: tagged sentences added")
	fs.StringVar(&f.keep, "self-train-keep", "agree", "with --self-train: the tagged sentences kept: agree (the stage's names are the tagger's alone: the sentences the tagger is sure of and the gazetteer and rules do not contradict), stage (every sentence the stage finds a name in: what the gazetteer and rules add is learned too)")
	fs.IntVar(&f.every, "self-train-every", 5, "with --self-train: one article in this many is read (chosen by a hash of its docno, so that every section and source is sampled)")
	fs.IntVar(&f.minTokens, "self-train-min-tokens", 6, "with --self-train: shorter sentences are skipped")
	fs.IntVar(&f.maxTokens, "self-train-max-tokens", 60, "with --self-train: longer sentences are skipped")
}

func (f *selfTrainFlags) enabled(lang string) bool {
	return lang == "ar" && slices.Contains(strings.Split(f.langs, ","), lang)
}

// expander returns the self-training expansion of lang's training
// sentences, or nil when it is off: train a model on them with topt (O
// bias oBias), tag the articles of f.text with the entities stage, and
// return the training sentences followed by the kept tagged ones.
func (f *selfTrainFlags) expander(lang string, topt ner.TrainOptions, lex ner.Lexicon, oBias float64, texts []string) (expander, error) {
	if !f.enabled(lang) {
		return nil, nil
	}
	if f.text == "" && len(texts) > 0 {
		f.text = texts[0]
	}
	if f.text == "" || f.sentences < 1 || f.every < 1 {
		return nil, fmt.Errorf("ner: --self-train needs --self-train-text, --self-train-sentences and --self-train-every of at least 1")
	}
	if f.keep != "agree" && f.keep != "stage" {
		return nil, fmt.Errorf("ner: --self-train-keep %q: want agree or stage", f.keep)
	}
	gl, ok := lex.(ner.GazetteerLexicon)
	if !ok {
		return nil, fmt.Errorf("ner: --self-train needs the gazetteer (--gazetteer)")
	}
	return func(ctx context.Context, train []conll.Sentence) ([]conll.Sentence, error) {
		t0 := time.Now()
		m, err := ner.Train(ctx, examples(train), topt)
		if err != nil {
			return nil, err
		}
		m.SetOBias(float32(oBias))
		tagged, seen, err := f.tag(ctx, ner.New(m, nil, lex), gl.G)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(os.Stderr, "%s: self-training: %d tagged sentences kept of %d in %v\n", lang, len(tagged), seen, time.Since(t0).Round(time.Millisecond))
		return append(train[:len(train):len(train)], tagged...), nil
	}, nil
}

// tag returns f.sentences sentences of f.text's articles tagged by the
// entities stage of tagger and g, those f.keep keeps, in article order,
// and how many sentences were tagged.
func (f *selfTrainFlags) tag(ctx context.Context, tagger *ner.Tagger, g *gazetteer.Gazetteer) ([]conll.Sentence, int, error) {
	places, err := gazetteer.LoadPlaces()
	if err != nil {
		return nil, 0, err
	}
	ts, err := topics.New()
	if err != nil {
		return nil, 0, err
	}
	st := entities.New(tagger, g, places)
	fh, err := os.Open(f.text)
	if err != nil {
		return nil, 0, fmt.Errorf("ner: self-train: %w", err)
	}
	defer fh.Close()
	zr, err := gzip.NewReader(fh)
	if err != nil {
		return nil, 0, fmt.Errorf("ner: self-train: %s: %w", f.text, err)
	}
	defer zr.Close()
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<26)
	var out []conll.Sentence
	seen := 0
	for sc.Scan() && len(out) < f.sentences {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		var a struct {
			DocNo string `json:"docno"`
			Text  string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, 0, fmt.Errorf("ner: self-train: %s: %w", f.text, err)
		}
		h := fnv.New32a()
		h.Write([]byte(a.DocNo))
		if h.Sum32()%uint32(f.every) != 0 {
			continue
		}
		sents := f.sentencesOf(a.Text)
		if len(sents) == 0 {
			continue
		}
		seen += len(sents)
		stage, err := stageLabels(ctx, ts, st, sents)
		if err != nil {
			return nil, 0, err
		}
		var own [][]string
		if f.keep == "agree" {
			own = tagger.TagDocument(sents)
		}
		for i, ws := range sents {
			if !slices.ContainsFunc(stage[i], func(t string) bool { return t != "O" }) {
				continue
			}
			if own != nil && !slices.Equal(own[i], stage[i]) {
				continue
			}
			out = append(out, conll.Sentence{Tokens: ws, Tags: stage[i]})
			if len(out) == f.sentences {
				break
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, 0, fmt.Errorf("ner: self-train: %s: %w", f.text, err)
	}
	return out, seen, nil
}

// sentencesOf returns the Arabic sentences of text, tokenized, of
// f.minTokens to f.maxTokens tokens.
func (f *selfTrainFlags) sentencesOf(text string) [][]string {
	var out [][]string
	for _, sp := range sentence.Split(text) {
		s := text[sp.Start:sp.End]
		var ws []string
		arabic := 0
		for _, t := range tokenize.Tokenize(s) {
			w := t.Text(s)
			ws = append(ws, w)
			if r := []rune(w)[0]; unicode.Is(unicode.Arabic, r) {
				arabic++
			}
		}
		if len(ws) >= f.minTokens && len(ws) <= f.maxTokens && 2*arabic > len(ws) {
			out = append(out, ws)
		}
	}
	return out
}

// stageLabels runs the topics stage and the entities stage st over the
// tokenized sentences of one Arabic article, written as one text, and
// returns the BIO tags of the entities' mentions on the tokens (see
// stagetags.Tags: as eval ner scores the stage).
func stageLabels(ctx context.Context, ts *topics.Stage, st *entities.Stage, sents [][]string) ([][]string, error) {
	return stagetags.Tags(ctx, []processor.Stage{ts, st}, sents, "ar")
}
