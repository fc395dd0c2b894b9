package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/processor/topics"
)

// topicsReport is the JSON printed by "eval topics --json" (see CONTRACT.md).
type topicsReport struct {
	Accuracy   float64                 `json:"accuracy"`
	MacroF1    float64                 `json:"macro_f1"`
	PerClass   map[string]classMetrics `json:"per_class"`
	Docs       int                     `json:"docs"`
	DocsPerSec float64                 `json:"docs_per_sec"`
}

// classMetrics are the figures of one gold class.
type classMetrics struct {
	Label     string  `json:"label"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int     `json:"support"`
}

// evalTopics scores the topics stage on a JSON Lines file of labelled
// articles. A prediction is right when its top code is one of the line's
// labels; per-class figures count a right prediction for the first label
// (the gold class) and a wrong one for the predicted class. Macro-F1
// averages the classes that occur as gold classes.
func evalTopics(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "eval topics", "--data FILE.jsonl [--json]")
	data := fs.String("data", "", `JSON Lines: {"text","title"?,"labels":["medtop:..."]} per line`)
	asJSON := fs.Bool("json", false, "print the scores as one JSON object on stdout")
	pipeline := fs.Bool("pipeline", false, "run the whole pipeline (sections etc.) before the topics stage, not the stage alone")
	modelFile := fs.String("model", "", "score this model file (newsenrich-train topics --out) instead of the embedded one; not with --pipeline")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *data == "" {
		return usageError{"eval topics: --data FILE.jsonl is required"}
	}
	f, err := os.Open(*data)
	if err != nil {
		return fmt.Errorf("eval topics: %w", err)
	}
	defer f.Close()
	stage, err := topics.New()
	if err != nil {
		return fmt.Errorf("eval topics: %w", err)
	}
	if *modelFile != "" {
		if *pipeline {
			return usageError{"eval topics: --model and --pipeline do not go together"}
		}
		mf, err := os.Open(*modelFile)
		if err != nil {
			return fmt.Errorf("eval topics: %w", err)
		}
		m, err := topics.Decode(mf)
		mf.Close()
		if err != nil {
			return fmt.Errorf("eval topics: %s: %w", *modelFile, err)
		}
		stage = topics.NewWithModel(m, topics.DefaultThreshold)
	}
	var pipe *processor.Pipeline
	if *pipeline {
		if pipe, err = newPipeline(nil); err != nil {
			return fmt.Errorf("eval topics: %w", err)
		}
	}
	type counts struct{ tp, fp, fn int }
	per := map[string]*counts{}
	get := func(code string) *counts {
		c := per[code]
		if c == nil {
			c = &counts{}
			per[code] = c
		}
		return c
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	docs, right, line := 0, 0, 0
	var busy time.Duration
	for sc.Scan() {
		line++
		if line%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var ex struct {
			Text   string   `json:"text"`
			Title  string   `json:"title"`
			Labels []string `json:"labels"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ex); err != nil {
			return fmt.Errorf("eval topics: %s:%d: %w", *data, line, err)
		}
		if len(ex.Labels) == 0 {
			return fmt.Errorf("eval topics: %s:%d: no labels", *data, line)
		}
		doc := processor.NewDocument(article.Article{Title: ex.Title, Text: ex.Text}, time.Time{})
		t0 := time.Now()
		if pipe != nil {
			err = pipe.Process(ctx, doc)
		}
		if err == nil && (pipe == nil || !pipelineHasStage(pipe, stage.Name())) {
			err = stage.Process(ctx, doc)
		}
		busy += time.Since(t0)
		if err != nil {
			return fmt.Errorf("eval topics: %s:%d: %w", *data, line, err)
		}
		docs++
		gold, pred := ex.Labels[0], ""
		if len(doc.Record.Topics) > 0 {
			pred = doc.Record.Topics[0].Code
		}
		ok := false
		for _, l := range ex.Labels {
			ok = ok || l == pred
		}
		if ok {
			right++
			get(gold).tp++
			continue
		}
		get(gold).fn++
		if pred != "" {
			get(pred).fp++
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("eval topics: %s: %w", *data, err)
	}
	rep := topicsReport{PerClass: map[string]classMetrics{}, Docs: docs}
	if docs > 0 {
		rep.Accuracy = topicsRound(float64(right) / float64(docs))
	}
	if busy > 0 {
		rep.DocsPerSec = math.Round(float64(docs) / busy.Seconds())
	}
	codes := make([]string, 0, len(per))
	for c := range per {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	gold := 0
	for _, code := range codes {
		c := per[code]
		m := classMetrics{Label: topics.Label(code), Support: c.tp + c.fn}
		if c.tp+c.fp > 0 {
			m.Precision = float64(c.tp) / float64(c.tp+c.fp)
		}
		if c.tp+c.fn > 0 {
			m.Recall = float64(c.tp) / float64(c.tp+c.fn)
		}
		if m.Precision+m.Recall > 0 {
			m.F1 = 2 * m.Precision * m.Recall / (m.Precision + m.Recall)
		}
		if m.Support > 0 {
			rep.MacroF1 += m.F1
			gold++
		}
		m.Precision, m.Recall, m.F1 = topicsRound(m.Precision), topicsRound(m.Recall), topicsRound(m.F1)
		rep.PerClass[code] = m
	}
	if gold > 0 {
		rep.MacroF1 = topicsRound(rep.MacroF1 / float64(gold))
	}
	tw := tabwriter.NewWriter(env.stderr, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "class\tlabel\tprecision\trecall\tf1\tsupport\t\n")
	for _, code := range codes {
		m := rep.PerClass[code]
		fmt.Fprintf(tw, "%s\t%s\t%.4f\t%.4f\t%.4f\t%d\t\n", code, m.Label, m.Precision, m.Recall, m.F1, m.Support)
	}
	fmt.Fprintf(tw, "accuracy %.4f\tmacro-F1 %.4f\t%d docs\t%.0f docs/s\t\t\t\n", rep.Accuracy, rep.MacroF1, rep.Docs, rep.DocsPerSec)
	tw.Flush()
	if *asJSON {
		enc := json.NewEncoder(env.stdout)
		return enc.Encode(rep)
	}
	return nil
}

func pipelineHasStage(p *processor.Pipeline, name string) bool {
	for _, s := range p.Stages() {
		if s == name {
			return true
		}
	}
	return false
}

func topicsRound(x float64) float64 { return math.Round(x*1e4) / 1e4 }
