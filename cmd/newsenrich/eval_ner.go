package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/internal/stagetags"
	"github.com/newsenrich/newsenrich/nlp/conll"
	"github.com/newsenrich/newsenrich/nlp/langid"
	"github.com/newsenrich/newsenrich/nlp/ner"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/processor/entities"
	"github.com/newsenrich/newsenrich/processor/topics"
)

// nerReport is the JSON printed by "eval ner --json" (see CONTRACT.md).
type nerReport struct {
	Precision    float64                  `json:"precision"`
	Recall       float64                  `json:"recall"`
	F1           float64                  `json:"f1"`
	PerType      map[string]conll.Metrics `json:"per_type"`
	Sentences    int                      `json:"sentences"`
	Tokens       int                      `json:"tokens"`
	TokensPerSec float64                  `json:"tokens_per_sec"`
	// TokensPerCPUSec is tokens per second of CPU time spent tagging: the
	// per-core speed, unaffected by other processes sharing the machine.
	TokensPerCPUSec float64 `json:"tokens_per_cpu_sec"`
	// Scored is what was scored: "stage" (the entities stage, the
	// default) or "tagger" (--tagger).
	Scored string `json:"scored"`
}

// evalNER scores the entities stage on a CoNLL file as the service runs it
// (tagger, gazetteer, propagation, places; see stageTags): exact-span
// matches, micro-averaged over PER, ORG and LOC. With --tagger it scores
// the tagger alone.
func evalNER(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "eval ner", "--data FILE [--json] [--tagger [--split-docs]] [--doc-sentences N] [--predictions FILE] [--lang L]")
	data := fs.String("data", "", "CoNLL file: token<TAB or space>tag per line, blank line between sentences")
	asJSON := fs.Bool("json", false, "print the scores as one JSON object on stdout")
	taggerOnly := fs.Bool("tagger", false, "score the tagger alone (the file's sentences tagged as one document, both Arabic passes) instead of the entities stage")
	stage := fs.Bool("stage", true, "score the entities stage (tagger, gazetteer, propagation, places; what the service outputs); the default, --tagger turns it off")
	docSents := fs.Int("doc-sentences", 20, "entities stage, or --tagger --split-docs: sentences per document when the file marks no documents (-DOCSTART- lines)")
	lang := fs.String("lang", "", "language of the file's text (ISO 639-1: ar, en, fr), which picks the Latin model's word list; empty: detected from the text (nlp/langid)")
	split := fs.Bool("split-docs", false, "with --tagger: tag the stage's documents (-DOCSTART- lines, else --doc-sentences) one at a time instead of the file as one document, so that the tagger and the stage see the same context")
	withTopics := fs.Bool("topics", true, "entities stage: classify each document's topics first, as the service does before the entities stage (a sports story reads a country tagged as an organisation as its national team, and a name shared by a club and something else as the club)")
	predictions := fs.String("predictions", "", "file to write every token to with its gold and predicted tags (token, gold, predicted, tab-separated; a blank line between sentences)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *data == "" {
		return usageError{"eval ner: --data FILE is required"}
	}
	if *taggerOnly {
		*stage = false
	}
	if *docSents < 1 {
		return usageError{"eval ner: --doc-sentences must be at least 1"}
	}
	f, err := os.Open(*data)
	if err != nil {
		return fmt.Errorf("eval ner: %w", err)
	}
	sents, err := conll.Read(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("eval ner: %s: %w", *data, err)
	}
	gaz, err := gazetteer.Load()
	if err != nil {
		return fmt.Errorf("eval ner: %w", err)
	}
	tagger, err := ner.Load(ner.GazetteerLexicon{G: gaz})
	if err != nil {
		return fmt.Errorf("eval ner: %w", err)
	}
	if *lang == "" {
		if *lang, err = corpusLanguage(sents); err != nil {
			return fmt.Errorf("eval ner: %w", err)
		}
		fmt.Fprintf(env.stderr, "language: %s (detected; --lang sets it)\n", *lang)
	}
	var sc conll.Scorer
	tokens := 0
	var busy time.Duration
	cpu0 := processCPUTime()
	if err := ctx.Err(); err != nil {
		return err
	}
	var preds [][]string
	t0 := time.Now()
	if *stage {
		places, err := gazetteer.LoadPlaces()
		if err != nil {
			return fmt.Errorf("eval ner: %w", err)
		}
		var before []processor.Stage
		if *withTopics {
			ts, err := topics.New()
			if err != nil {
				return fmt.Errorf("eval ner: %w", err)
			}
			before = append(before, ts)
		}
		cpu0, t0 = processCPUTime(), time.Now()
		if preds, err = stageTags(ctx, entities.New(tagger, gaz, places), before, sents, *docSents, *lang); err != nil {
			return fmt.Errorf("eval ner: %w", err)
		}
	} else {
		// The sentences are tagged as one document in corpus order, as the
		// service tags an article: the Arabic model's second pass reads what
		// the first found for each word in the sentences around.
		words := make([][]string, len(sents))
		for i, s := range sents {
			words[i] = s.Tokens
		}
		tg := tagger.ForLanguage(*lang)
		if *split {
			preds = make([][]string, 0, len(sents))
			for _, d := range documents(sents, *docSents) {
				preds = append(preds, tg.TagDocument(words[d[0]:d[1]])...)
			}
		} else {
			preds = tg.TagDocument(words)
		}
	}
	busy = time.Since(t0)
	for i, s := range sents {
		tokens += len(s.Tokens)
		sc.Add(conll.Spans(s.Tags), conll.Spans(preds[i]))
	}
	cpu := processCPUTime() - cpu0
	if *predictions != "" {
		if err := writePredictions(*predictions, sents, preds); err != nil {
			return fmt.Errorf("eval ner: %w", err)
		}
	}
	micro := sc.Micro()
	rep := nerReport{
		Precision: micro.Precision, Recall: micro.Recall, F1: micro.F1,
		PerType:   map[string]conll.Metrics{},
		Sentences: len(sents), Tokens: tokens,
		Scored: "tagger",
	}
	if *stage {
		rep.Scored = "stage"
	}
	for _, t := range conll.Types {
		rep.PerType[t] = sc.Type(t)
	}
	if busy > 0 {
		rep.TokensPerSec = float64(tokens) / busy.Seconds()
	}
	if cpu > 0 {
		rep.TokensPerCPUSec = float64(tokens) / cpu.Seconds()
	}
	tw := tabwriter.NewWriter(env.stderr, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "type\tprecision\trecall\tf1\tsupport\t\n")
	for _, t := range conll.Types {
		m := rep.PerType[t]
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%.2f\t%d\t\n", t, 100*m.Precision, 100*m.Recall, 100*m.F1, m.Support)
	}
	fmt.Fprintf(tw, "micro\t%.2f\t%.2f\t%.2f\t%d\t\n", 100*micro.Precision, 100*micro.Recall, 100*micro.F1, micro.Support)
	tw.Flush()
	fmt.Fprintf(env.stderr, "%d sentences, %d tokens, %.0f tokens/s wall clock, %.0f tokens per CPU second (tagging and scoring, one goroutine); scored: the %s\n", rep.Sentences, rep.Tokens, rep.TokensPerSec, rep.TokensPerCPUSec, map[string]string{"stage": "entities stage (--tagger: the tagger alone)", "tagger": "tagger alone"}[rep.Scored])
	if *asJSON {
		enc := json.NewEncoder(env.stdout)
		return enc.Encode(rep)
	}
	return nil
}

// writePredictions writes every token of sents to path with its gold and
// predicted tags, tab-separated, a blank line between sentences.
func writePredictions(path string, sents []conll.Sentence, preds [][]string) error {
	var sb strings.Builder
	for i, s := range sents {
		for j, w := range s.Tokens {
			fmt.Fprintf(&sb, "%s\t%s\t%s\n", w, s.Tags[j], preds[i][j])
		}
		sb.WriteByte('\n')
	}
	return os.WriteFile(path, []byte(sb.String()), 0o644)
}

// stageTags runs the entities stage over the documents of the sentences
// (see documents), each as one text (the stages of before run first; see
// stagetags.Tags), and returns the BIO tags of its mentions on the corpus
// tokens. Every document is of language lang, as the language stage would
// find it.
func stageTags(ctx context.Context, st *entities.Stage, before []processor.Stage, sents []conll.Sentence, docSents int, lang string) ([][]string, error) {
	preds := make([][]string, 0, len(sents))
	stages := append(slices.Clip(before), st)
	for _, d := range documents(sents, docSents) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		toks := make([][]string, 0, d[1]-d[0])
		for _, s := range sents[d[0]:d[1]] {
			toks = append(toks, s.Tokens)
		}
		tags, err := stagetags.Tags(ctx, stages, toks, lang)
		if err != nil {
			return nil, err
		}
		preds = append(preds, tags...)
	}
	return preds, nil
}

// documents returns the [start, end) sentence ranges of the documents of
// sents: the corpus's own (-DOCSTART- lines) when it marks them, else runs
// of docSents sentences.
func documents(sents []conll.Sentence, docSents int) [][2]int {
	var out [][2]int
	if slices.ContainsFunc(sents, func(s conll.Sentence) bool { return s.DocStart }) {
		start := 0
		for i := 1; i <= len(sents); i++ {
			if i == len(sents) || sents[i].DocStart {
				out = append(out, [2]int{start, i})
				start = i
			}
		}
		return out
	}
	for a := 0; a < len(sents); a += docSents {
		out = append(out, [2]int{a, min(a+docSents, len(sents))})
	}
	return out
}

// corpusLanguage returns the language of the text of sents, as the
// language stage would find it from its head.
func corpusLanguage(sents []conll.Sentence) (string, error) {
	m, err := langid.Load()
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	for _, s := range sents {
		if sb.Len() > 4*langid.MaxRunes {
			break
		}
		sb.WriteString(strings.Join(s.Tokens, " "))
		sb.WriteByte('\n')
	}
	return m.Detect(sb.String()).Code, nil
}
