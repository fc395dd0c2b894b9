package main

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"html"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/timex"
)

// evalTemporal scores the time-expression tagger on TimeML files:
//
//	newsenrich eval temporal --data DIR [--json] [--anchor DATE] [--split all|dev|test] [--lang ar] [--errors]
//
// Every *.tml file of DIR is one document; its TIMEX3 tags are the gold
// expressions. Spans match exactly (precision, recall, f1) or when they
// overlap (relaxed_f1); value_accuracy is the share of exactly matched
// spans whose value equals the gold value.
//
// The files carry no creation time. Unless --anchor is given, the anchor of
// a document is inferred from the gold values: the most frequent full date
// (YYYY-MM-DD) of its DATE expressions when it occurs at least twice in the
// document, else the most frequent full date over the whole directory (the
// files were annotated against one creation date).
//
// --split picks a deterministic part of the files by the FNV-1a hash of the
// file name: test is every file whose hash is even, dev the rest.
//
// --errors lists on stderr every mismatch, one per line: file, kind (FP: a
// prediction overlapping no gold expression; FN: a gold expression no
// prediction overlaps; SPAN: overlapping but different extents; VALUE:
// same extent, different value), the texts, types or values, and the
// passage around it with the expression marked ⟦…⟧, and code-point offsets
// (start-end) into the document's text without tags.
//
// --adjudications FILE applies hand-checked corrections of the gold
// annotation (see readAdjudications) and reports the scores against the
// corrected gold beside the raw ones (JSON field "adjudicated"); the raw
// scores stay the headline figures.
func evalTemporal(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "eval temporal", "--data DIR [--json]")
	data := fs.String("data", "", "directory of TimeML .tml files")
	asJSON := fs.Bool("json", false, "print one JSON object on stdout")
	anchorFlag := fs.String("anchor", "", "anchor (document creation time) for every file: RFC 3339 or YYYY-MM-DD; default inferred from the gold values")
	split := fs.String("split", "all", "files to score: all, dev or test (test = FNV-1a(name) % 2 == 0)")
	lang := fs.String("lang", "ar", "language of the files")
	showErrors := fs.Bool("errors", false, "list mismatches on stderr")
	adjFile := fs.String("adjudications", "", "TSV of hand-checked gold corrections (doc, start, end, drop|add, type, value, reason): also score against the corrected gold")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if *data == "" {
		return usageError{"eval temporal: --data DIR is required"}
	}
	var fixed time.Time
	if *anchorFlag != "" {
		t, err := parseAnchor(*anchorFlag)
		if err != nil {
			return usageError{fmt.Sprintf("eval temporal: --anchor %q: %v", *anchorFlag, err)}
		}
		fixed = t
	}
	if *split != "all" && *split != "dev" && *split != "test" {
		return usageError{fmt.Sprintf("eval temporal: --split %q: want all, dev or test", *split)}
	}
	names, err := filepath.Glob(filepath.Join(*data, "*.tml"))
	if err != nil {
		return fmt.Errorf("eval temporal: %w", err)
	}
	if len(names) == 0 {
		return fmt.Errorf("eval temporal: no .tml files in %s", *data)
	}
	sort.Strings(names)
	var all []timeMLDoc
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return fmt.Errorf("eval temporal: %w", err)
		}
		d, err := parseTimeML(string(b))
		if err != nil {
			return fmt.Errorf("eval temporal: %s: %w", n, err)
		}
		d.name = filepath.Base(n)
		all = append(all, d)
	}
	corpusAnchor := inferAnchor(all, nil)
	var adjs []adjudication
	if *adjFile != "" {
		b, err := os.ReadFile(*adjFile)
		if err != nil {
			return fmt.Errorf("eval temporal: %w", err)
		}
		if adjs, err = readAdjudications(string(b)); err != nil {
			return fmt.Errorf("eval temporal: %s: %w", *adjFile, err)
		}
	}
	var docs []timeMLDoc
	for _, d := range all {
		if *split == "all" || (*split == "test") == inTestSplit(d.name) {
			docs = append(docs, d)
		}
	}

	tagger := timex.New()
	var sc, adjSc temporalScore
	used := make([]bool, len(adjs))
	var tagTime time.Duration
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		anchor := fixed
		if anchor.IsZero() {
			anchor = inferAnchor([]timeMLDoc{d}, &corpusAnchor)
		}
		start := time.Now()
		pred := tagger.TagNorm(normalize.New(d.text), *lang, anchor)
		tagTime += time.Since(start)
		ps := make([]goldTimex, len(pred))
		for k, p := range pred {
			ps[k] = goldTimex{start: utf8.RuneCountInString(d.text[:p.Start]), end: utf8.RuneCountInString(d.text[:p.End]), typ: p.Type, value: p.Value, text: p.Text}
		}
		sc.add(d, ps, *showErrors, env.stderr, anchor)
		if adjs != nil {
			ad, err := d.adjudicate(adjs, used)
			if err != nil {
				return fmt.Errorf("eval temporal: %s: %w", *adjFile, err)
			}
			adjSc.add(ad, ps, false, nil, anchor)
		}
	}
	res := sc.result()
	res.Docs = len(docs)
	res.Split = *split
	if adjs != nil {
		// Every correction must meet a scored document: a stale line
		// (a file renamed, offsets moved) is an error, not a silent no-op.
		for k, a := range adjs {
			if !used[k] && (*split == "all" || (*split == "test") == inTestSplit(a.doc)) {
				return fmt.Errorf("eval temporal: %s: line %d: no document %s", *adjFile, a.line, a.doc)
			}
		}
		ar := adjSc.result()
		ar.Docs = len(docs)
		ar.Split = *split
		ar.Corrections = len(adjs)
		ar.DocsPerSec = res.DocsPerSec
		res.Adjudicated = &ar
	}
	if tagTime > 0 {
		res.DocsPerSec = float64(len(docs)) / tagTime.Seconds()
	}
	if fixed.IsZero() {
		res.Anchor = "inferred (corpus " + corpusAnchor.Format("2006-01-02") + ")"
	} else {
		res.Anchor = fixed.Format(time.RFC3339)
	}
	res.print(env.stderr)
	if res.Adjudicated != nil {
		a := res.Adjudicated
		fmt.Fprintf(env.stderr, "adjudicated gold (%d corrections from %s):\n", a.Corrections, *adjFile)
		fmt.Fprintf(env.stderr, "%-10s %9.3f %9.3f %9.3f\n", "exact", a.Precision, a.Recall, a.F1)
		fmt.Fprintf(env.stderr, "%-10s %9.3f %9.3f %9.3f\n", "relaxed", a.RelaxedPrecision, a.RelaxedRecall, a.RelaxedF1)
		fmt.Fprintf(env.stderr, "value accuracy %.3f (exact spans with a judged value); gold %d, exact %d\n", a.ValueAccuracy, a.Expressions, a.ExactMatches)
	}
	if *asJSON {
		enc := json.NewEncoder(env.stdout)
		return enc.Encode(res)
	}
	return nil
}

func parseAnchor(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Parse("2006-01-02", s)
}

// inTestSplit reports whether a file belongs to the held-out test part.
func inTestSplit(name string) bool {
	h := fnv.New32a()
	io.WriteString(h, name)
	return h.Sum32()%2 == 0
}

// timeMLDoc is a TimeML document: its text without tags and its gold
// TIMEX3 expressions with code-point offsets.
type timeMLDoc struct {
	name  string
	text  string
	gold  []goldTimex
	dates map[string]int // full-date values of DATE expressions and their counts
}

type goldTimex struct {
	start, end       int // code points
	typ, value, text string
	noValue          bool // an adjudicated expression whose value was not judged
}

// parseTimeML reads the body of a TimeML document: the text between
// <TimeML> and </TimeML>, with TIMEX3 tags turned into spans and every
// other tag dropped.
func parseTimeML(src string) (timeMLDoc, error) {
	if i := strings.Index(src, "<TimeML>"); i >= 0 {
		src = src[i+len("<TimeML>"):]
	}
	if i := strings.LastIndex(src, "</TimeML>"); i >= 0 {
		src = src[:i]
	}
	var b strings.Builder
	doc := timeMLDoc{dates: map[string]int{}}
	open := -1
	var cur goldTimex
	for len(src) > 0 {
		i := strings.IndexByte(src, '<')
		if i < 0 {
			b.WriteString(html.UnescapeString(src))
			break
		}
		b.WriteString(html.UnescapeString(src[:i]))
		j := strings.IndexByte(src[i:], '>')
		if j < 0 {
			return doc, fmt.Errorf("unterminated tag")
		}
		tag := src[i+1 : i+j]
		src = src[i+j+1:]
		switch {
		case strings.HasPrefix(tag, "TIMEX3"):
			if open >= 0 {
				return doc, fmt.Errorf("nested TIMEX3")
			}
			open = b.Len()
			cur = goldTimex{typ: attr(tag, "type"), value: attr(tag, "value")}
			if strings.HasSuffix(tag, "/") { // empty (non-consuming) TIMEX3
				open = -1
			}
		case tag == "/TIMEX3":
			if open < 0 {
				return doc, fmt.Errorf("unbalanced </TIMEX3>")
			}
			s := b.String()
			cur.text = s[open:]
			cur.start = utf8.RuneCountInString(s[:open])
			cur.end = cur.start + utf8.RuneCountInString(cur.text)
			doc.gold = append(doc.gold, cur)
			if cur.typ == "DATE" && isFullDate(cur.value) {
				doc.dates[cur.value]++
			}
			open = -1
		}
	}
	doc.text = b.String()
	return doc, nil
}

// attr returns the value of attribute name in a tag's inside.
func attr(tag, name string) string {
	k := strings.Index(tag, " "+name+`="`)
	if k < 0 {
		return ""
	}
	rest := tag[k+len(name)+3:]
	if e := strings.IndexByte(rest, '"'); e >= 0 {
		return html.UnescapeString(rest[:e])
	}
	return ""
}

func isFullDate(v string) bool {
	_, err := time.Parse("2006-01-02", v)
	return err == nil
}

// inferAnchor returns the most frequent full date of docs (ties: the
// latest); with fallback set, a date must occur at least twice, else the
// fallback is returned.
func inferAnchor(docs []timeMLDoc, fallback *time.Time) time.Time {
	counts := map[string]int{}
	for _, d := range docs {
		for v, n := range d.dates {
			counts[v] += n
		}
	}
	best, bn := "", 0
	for v, n := range counts {
		if n > bn || (n == bn && v > best) {
			best, bn = v, n
		}
	}
	if fallback != nil && bn < 2 {
		return *fallback
	}
	t, err := time.Parse("2006-01-02", best)
	if err != nil {
		if fallback != nil {
			return *fallback
		}
		return time.Time{}
	}
	return t
}

// temporalScore accumulates counts over documents.
type temporalScore struct {
	gold, pred, exact        int
	relaxedPred, relaxedGold int
	valueExact, valueRelaxed int
	relaxedPairs, typeExact  int
	valued, valuedPairs      int // exact and overlapping pairs whose gold has a value
}

func (sc *temporalScore) add(d timeMLDoc, pred []goldTimex, showErrors bool, w io.Writer, anchor time.Time) {
	sc.gold += len(d.gold)
	sc.pred += len(pred)
	goldHit := make([]bool, len(d.gold))
	usedPair := make([]bool, len(d.gold))
	for _, p := range pred {
		overlapped := false
		exact := false
		for k, g := range d.gold {
			if p.start < g.end && g.start < p.end {
				overlapped = true
				goldHit[k] = true
				if !usedPair[k] {
					usedPair[k] = true
					sc.relaxedPairs++
					if !g.noValue {
						sc.valuedPairs++
						if p.value == g.value {
							sc.valueRelaxed++
						}
					}
				}
				if p.start == g.start && p.end == g.end {
					exact = true
					sc.exact++
					switch {
					case g.noValue: // not judged: the span counts, the value does not
					case p.value == g.value:
						sc.valued++
						sc.valueExact++
					default:
						sc.valued++
						if showErrors {
							fmt.Fprintf(w, "%s\tVALUE\t%d-%d\t%q\tgold=%s\tpred=%s\t%s\n", d.name, g.start, g.end, g.text, g.value, p.value, inContext(d.text, g.start, g.end))
						}
					}
					if p.typ == g.typ {
						sc.typeExact++
					}
				} else if showErrors {
					fmt.Fprintf(w, "%s\tSPAN\tgold=%d-%d\tpred=%d-%d\tgold=%q\tpred=%q\t%s/%s\t%s\n", d.name, g.start, g.end, p.start, p.end, g.text, p.text, g.value, p.value, inContext(d.text, min(g.start, p.start), max(g.end, p.end)))
				}
			}
		}
		if overlapped {
			sc.relaxedPred++
		} else if showErrors {
			fmt.Fprintf(w, "%s\tFP\t%d-%d\t%q\t%s\t%s\t%s\n", d.name, p.start, p.end, p.text, p.typ, p.value, inContext(d.text, p.start, p.end))
		}
		_ = exact
	}
	for k, hit := range goldHit {
		if hit {
			sc.relaxedGold++
		} else if showErrors {
			g := d.gold[k]
			fmt.Fprintf(w, "%s\tFN\t%d-%d\t%q\t%s\t%s\t%s\n", d.name, g.start, g.end, g.text, g.typ, g.value, inContext(d.text, g.start, g.end))
		}
	}
	_ = anchor
}

// adjudication is one hand-checked correction of a gold annotation: drop
// removes the gold expression at [start, end) (not a time expression, or
// a wrong extent), add inserts one the annotators missed (or the right
// extent of one dropped). Offsets are code points into the document's text
// without tags, as --errors prints them.
type adjudication struct {
	doc        string
	start, end int
	drop       bool
	typ, value string // add only; value "-" is not judged
	line       int
}

// readAdjudications parses an adjudication file: tab-separated lines
// "doc start end drop|add type value reason", '#' comments and blank lines
// ignored. type and value are "-" for drop; the reason is free text for
// the reader and is required, so that every correction says why.
func readAdjudications(src string) ([]adjudication, error) {
	var out []adjudication
	for n, line := range strings.Split(src, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 7 || strings.TrimSpace(f[6]) == "" {
			return nil, fmt.Errorf("line %d: want 7 tab-separated fields (doc, start, end, drop|add, type, value, reason), got %d", n+1, len(f))
		}
		a := adjudication{doc: f[0], typ: f[4], value: f[5], line: n + 1}
		var err1, err2 error
		a.start, err1 = strconv.Atoi(f[1])
		a.end, err2 = strconv.Atoi(f[2])
		if err1 != nil || err2 != nil || a.start < 0 || a.end <= a.start {
			return nil, fmt.Errorf("line %d: bad offsets %q-%q", n+1, f[1], f[2])
		}
		switch f[3] {
		case "drop":
			a.drop = true
		case "add":
			if a.typ == "-" || a.typ == "" {
				return nil, fmt.Errorf("line %d: add needs a type", n+1)
			}
		default:
			return nil, fmt.Errorf("line %d: action %q: want drop or add", n+1, f[3])
		}
		out = append(out, a)
	}
	return out, nil
}

// adjudicate returns d with the corrections for it applied, marking in
// used the ones it applied. A drop must name a gold expression exactly and
// an add must not overlap a gold expression that stays: either is an error
// otherwise, so a correction cannot silently miss its target.
func (d timeMLDoc) adjudicate(adjs []adjudication, used []bool) (timeMLDoc, error) {
	out := d
	out.gold = append([]goldTimex(nil), d.gold...)
	for k, a := range adjs {
		if a.doc != d.name || !a.drop {
			continue
		}
		i := slices.IndexFunc(out.gold, func(g goldTimex) bool { return g.start == a.start && g.end == a.end })
		if i < 0 {
			return d, fmt.Errorf("line %d: %s has no gold expression at %d-%d", a.line, d.name, a.start, a.end)
		}
		out.gold = slices.Delete(out.gold, i, i+1)
		used[k] = true
	}
	runes := []rune(d.text)
	for k, a := range adjs {
		if a.doc != d.name || a.drop {
			continue
		}
		if a.end > len(runes) {
			return d, fmt.Errorf("line %d: %d-%d is past the end of %s", a.line, a.start, a.end, d.name)
		}
		if slices.ContainsFunc(out.gold, func(g goldTimex) bool { return a.start < g.end && g.start < a.end }) {
			return d, fmt.Errorf("line %d: %d-%d overlaps a gold expression of %s", a.line, a.start, a.end, d.name)
		}
		out.gold = append(out.gold, goldTimex{start: a.start, end: a.end, typ: a.typ, value: a.value, noValue: a.value == "-", text: string(runes[a.start:a.end])})
		used[k] = true
	}
	slices.SortFunc(out.gold, func(x, y goldTimex) int { return x.start - y.start })
	return out, nil
}

// inContext returns the code points [start, end) of text marked ⟦…⟧ with
// up to 30 code points on either side, on one line: what --errors shows
// to classify a mismatch.
func inContext(text string, start, end int) string {
	const around = 30
	rs := []rune(text)
	end = min(end, len(rs))
	start = min(start, end)
	a, b := max(0, start-around), min(len(rs), end+around)
	s := string(rs[a:start]) + "⟦" + string(rs[start:end]) + "⟧" + string(rs[end:b])
	return strings.Join(strings.Fields(s), " ")
}

// temporalResult is the JSON output of eval temporal.
type temporalResult struct {
	Precision            float64 `json:"precision"`
	Recall               float64 `json:"recall"`
	F1                   float64 `json:"f1"`
	RelaxedPrecision     float64 `json:"relaxed_precision"`
	RelaxedRecall        float64 `json:"relaxed_recall"`
	RelaxedF1            float64 `json:"relaxed_f1"`
	ValueAccuracy        float64 `json:"value_accuracy"`
	ValueAccuracyRelaxed float64 `json:"value_accuracy_relaxed"`
	TypeAccuracy         float64 `json:"type_accuracy"`
	Expressions          int     `json:"expressions"`
	Predicted            int     `json:"predicted"`
	ExactMatches         int     `json:"exact_matches"`
	Docs                 int     `json:"docs"`
	DocsPerSec           float64 `json:"docs_per_sec"`
	Split                string  `json:"split"`
	Anchor               string  `json:"anchor,omitempty"`
	// Corrections is the number of adjudication lines (adjudicated
	// results only).
	Corrections int `json:"corrections,omitempty"`
	// Adjudicated holds the scores against the gold corrected by
	// --adjudications.
	Adjudicated *temporalResult `json:"adjudicated,omitempty"`
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func (sc *temporalScore) result() temporalResult {
	r := temporalResult{
		Precision:            ratio(sc.exact, sc.pred),
		Recall:               ratio(sc.exact, sc.gold),
		RelaxedPrecision:     ratio(sc.relaxedPred, sc.pred),
		RelaxedRecall:        ratio(sc.relaxedGold, sc.gold),
		ValueAccuracy:        ratio(sc.valueExact, sc.valued),
		ValueAccuracyRelaxed: ratio(sc.valueRelaxed, sc.valuedPairs),
		TypeAccuracy:         ratio(sc.typeExact, sc.exact),
		Expressions:          sc.gold,
		Predicted:            sc.pred,
		ExactMatches:         sc.exact,
	}
	r.F1 = f1(r.Precision, r.Recall)
	r.RelaxedF1 = f1(r.RelaxedPrecision, r.RelaxedRecall)
	return r
}

func (r temporalResult) print(w io.Writer) {
	fmt.Fprintf(w, "temporal: %d docs (split %s), anchor %s\n", r.Docs, r.Split, r.Anchor)
	fmt.Fprintf(w, "%-10s %9s %9s %9s\n", "", "precision", "recall", "f1")
	fmt.Fprintf(w, "%-10s %9.3f %9.3f %9.3f\n", "exact", r.Precision, r.Recall, r.F1)
	fmt.Fprintf(w, "%-10s %9.3f %9.3f %9.3f\n", "relaxed", r.RelaxedPrecision, r.RelaxedRecall, r.RelaxedF1)
	fmt.Fprintf(w, "value accuracy %.3f (exact spans), %.3f (overlapping); type accuracy %.3f\n", r.ValueAccuracy, r.ValueAccuracyRelaxed, r.TypeAccuracy)
	fmt.Fprintf(w, "gold %d, predicted %d, exact %d; %.0f docs/s\n", r.Expressions, r.Predicted, r.ExactMatches, r.DocsPerSec)
}
