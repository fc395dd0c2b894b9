package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/nlp/conll"
	"github.com/newsenrich/newsenrich/nlp/ner"
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
}

// evalNER scores the embedded tagger on a CoNLL file: exact-span matches,
// micro-averaged over PER, ORG and LOC.
func evalNER(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "eval ner", "--data FILE [--json]")
	data := fs.String("data", "", "CoNLL file: token<TAB or space>tag per line, blank line between sentences")
	asJSON := fs.Bool("json", false, "print the scores as one JSON object on stdout")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *data == "" {
		return usageError{"eval ner: --data FILE is required"}
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
	var sc conll.Scorer
	tokens := 0
	var busy time.Duration
	cpu0 := processCPUTime()
	// The sentences are tagged as one document in corpus order, as the
	// service tags an article: the Arabic model's second pass reads what
	// the first found for each word in the sentences around.
	words := make([][]string, len(sents))
	for i, s := range sents {
		words[i] = s.Tokens
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	t0 := time.Now()
	preds := tagger.TagDocument(words)
	busy = time.Since(t0)
	for i, s := range sents {
		tokens += len(s.Tokens)
		sc.Add(conll.Spans(s.Tags), conll.Spans(preds[i]))
	}
	cpu := processCPUTime() - cpu0
	micro := sc.Micro()
	rep := nerReport{
		Precision: micro.Precision, Recall: micro.Recall, F1: micro.F1,
		PerType:   map[string]conll.Metrics{},
		Sentences: len(sents), Tokens: tokens,
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
	fmt.Fprintf(env.stderr, "%d sentences, %d tokens, %.0f tokens/s wall clock, %.0f tokens per CPU second (tagging and scoring, one goroutine)\n", rep.Sentences, rep.Tokens, rep.TokensPerSec, rep.TokensPerCPUSec)
	if *asJSON {
		enc := json.NewEncoder(env.stdout)
		return enc.Encode(rep)
	}
	return nil
}
