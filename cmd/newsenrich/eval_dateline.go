package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/processor/dateline"
)

// datelineReport is the JSON printed by "eval dateline --json" (see
// CONTRACT.md); the *_docs fields count the lines that were scored for
// each field.
type datelineReport struct {
	PlaceAccuracy  float64 `json:"place_accuracy"`
	AgencyAccuracy float64 `json:"agency_accuracy"`
	OutletAccuracy float64 `json:"outlet_accuracy"`
	Docs           int     `json:"docs"`
	PlaceDocs      int     `json:"place_docs"`
	AgencyDocs     int     `json:"agency_docs"`
	OutletDocs     int     `json:"outlet_docs"`
	DocsPerSec     float64 `json:"docs_per_sec"`
}

// evalDateline scores the dateline stage on a JSON Lines file: one
// {"text","title"?,"published_at"?,"dateline":{"place"?,"agency"?},"outlet"?}
// per line.
//
// A field is scored on a line when the line has it; an empty gold string
// means "none written" and is matched only by an empty prediction, so the
// score also counts guesses on articles without a dateline. A prediction
// matches when its surface form (place, agency_text, outlet) or its
// canonical form (place_canonical, agency, the outlet's canonical agency)
// equals the gold value after normalisation (the matching form of package
// normalize, letters and digits only).
func evalDateline(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "eval dateline", "--data FILE.jsonl [--json]")
	data := fs.String("data", "", `JSON Lines: {"text","title"?,"published_at"?,"dateline":{"place"?,"agency"?},"outlet"?} per line`)
	asJSON := fs.Bool("json", false, "print the scores as one JSON object on stdout")
	stageOnly := fs.Bool("stage-only", false, "run the dateline stage alone instead of the whole pipeline")
	errorsN := fs.Int("errors", 0, "print up to N mismatches on stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *data == "" {
		return usageError{"eval dateline: --data FILE.jsonl is required"}
	}
	f, err := os.Open(*data)
	if err != nil {
		return fmt.Errorf("eval dateline: %w", err)
	}
	defer f.Close()
	var pipe *processor.Pipeline
	if *stageOnly {
		gaz, err := gazetteer.Load()
		if err != nil {
			return fmt.Errorf("eval dateline: %w", err)
		}
		pipe = processor.New(nil, dateline.New(dateline.GazetteerPlaces{G: gaz}))
	} else {
		if pipe, err = newPipeline(nil); err != nil {
			return fmt.Errorf("eval dateline: %w", err)
		}
		if !slices.Contains(pipe.Stages(), "dateline") {
			return fmt.Errorf("eval dateline: the pipeline has no dateline stage")
		}
	}
	parser := dateline.NewParser(nil)
	var (
		rep                         datelineReport
		placeOK, agencyOK, outletOK int
		busy                        time.Duration
		shown                       int
		sc                          = bufio.NewScanner(f)
	)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		if line%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var ex struct {
			Text        string `json:"text"`
			Title       string `json:"title"`
			PublishedAt string `json:"published_at"`
			Dateline    struct {
				Place  *string `json:"place"`
				Agency *string `json:"agency"`
			} `json:"dateline"`
			Outlet *string `json:"outlet"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ex); err != nil {
			return fmt.Errorf("eval dateline: %s:%d: %w", *data, line, err)
		}
		a := article.Article{Text: ex.Text, Title: ex.Title}
		if ex.PublishedAt != "" {
			t, err := time.Parse(time.RFC3339, ex.PublishedAt)
			if err != nil {
				return fmt.Errorf("eval dateline: %s:%d: published_at: %w", *data, line, err)
			}
			a.PublishedAt = t
		}
		doc := processor.NewDocument(a, time.Time{})
		t0 := time.Now()
		err := pipe.Process(ctx, doc)
		busy += time.Since(t0)
		if err != nil {
			return fmt.Errorf("eval dateline: %s:%d: %w", *data, line, err)
		}
		rep.Docs++
		d, outlet := doc.Record.Dateline, doc.Record.Source.Outlet
		outletCanon, _ := parser.CanonicalAgency(outlet)
		check := func(field string, gold *string, n, ok *int, preds ...string) {
			if gold == nil {
				return
			}
			*n++
			if dateline.Matches(*gold, preds...) {
				*ok++
			} else if shown < *errorsN {
				shown++
				head := []rune(ex.Text)
				fmt.Fprintf(env.stderr, "line %d %s: gold %q, got %q\n  %q\n", line, field, *gold, preds, string(head[:min(len(head), 90)]))
			}
		}
		check("place", ex.Dateline.Place, &rep.PlaceDocs, &placeOK, d.Place, d.PlaceCanonical)
		check("agency", ex.Dateline.Agency, &rep.AgencyDocs, &agencyOK, d.AgencyText, d.Agency)
		check("outlet", ex.Outlet, &rep.OutletDocs, &outletOK, outlet, outletCanon)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("eval dateline: %s: %w", *data, err)
	}
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	rep.PlaceAccuracy = ratio(placeOK, rep.PlaceDocs)
	rep.AgencyAccuracy = ratio(agencyOK, rep.AgencyDocs)
	rep.OutletAccuracy = ratio(outletOK, rep.OutletDocs)
	if busy > 0 {
		rep.DocsPerSec = float64(rep.Docs) / busy.Seconds()
	}
	tw := tabwriter.NewWriter(env.stderr, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "field\taccuracy\tscored\n")
	fmt.Fprintf(tw, "place\t%.4f\t%d\n", rep.PlaceAccuracy, rep.PlaceDocs)
	fmt.Fprintf(tw, "agency\t%.4f\t%d\n", rep.AgencyAccuracy, rep.AgencyDocs)
	fmt.Fprintf(tw, "outlet\t%.4f\t%d\n", rep.OutletAccuracy, rep.OutletDocs)
	fmt.Fprintf(tw, "docs\t%d\t(%.0f docs/s)\n", rep.Docs, rep.DocsPerSec)
	tw.Flush()
	if *asJSON {
		enc := json.NewEncoder(env.stdout)
		return enc.Encode(rep)
	}
	return nil
}
