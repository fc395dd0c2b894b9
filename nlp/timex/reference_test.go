package timex

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

// referencePrepare is prepare as it was before its fast paths (every
// token zeroed and filled, the gap before it sliced, the generic mayHave):
// the reference prepare must agree with.
func (s *scanner) referencePrepare(sc *scratch) {
	sc.raw = tokenize.Append(sc.raw[:0], s.norm)
	raw := sc.raw
	if cap(sc.toks) < len(raw) {
		sc.toks = make([]tok, len(raw), len(raw)+len(raw)/4)
	}
	sc.toks = sc.toks[:len(raw)]
	s.toks = sc.toks
	prevEnd := 0
	for i, r := range raw {
		w := s.norm[r.Start:r.End]
		tk := &s.toks[i] // filled in place: a tok is 15 words
		*tk = tok{start: r.Start, end: r.End, w: w, kind: r.Kind, num: -1}
		gap := s.norm[prevEnd:r.Start]
		tk.adj = i > 0 && gap == ""
		tk.brk = i == 0 || (gap != " " && strings.ContainsAny(gap, "\n\r"))
		if i > 0 && raw[i-1].Kind == tokenize.Punct {
			switch s.norm[raw[i-1].Start:raw[i-1].End] {
			case ".", "!", "?", "؟", "؛", ";":
				tk.brk = true
			}
		}
		prevEnd = r.End
		switch r.Kind {
		case tokenize.Number:
			if n, ok := atoi(w); ok {
				tk.num, tk.digits = n, len(w)
			}
		case tokenize.Word:
			if strings.HasSuffix(w, "-la") && len(w) > 3 && w[0] < 0x80 {
				// cette année-là, ce jour-là: "that year", "that day".
				w = w[:len(w)-3]
				tk.w, tk.distal = w, true
			}
			if p := possessive(w); p > 0 && !(s.ends.mayHave(w) && s.lookup(w) != nil) {
				// "this year's rise": the expression is "this year" (but
				// "New Year's Eve" is a name of its own).
				w = w[:len(w)-p]
				tk.w, tk.end = w, tk.end-p
			}
			if !s.ends.mayHave(w) {
				break
			}
			tk.es = s.lookup(w)
			if tk.es == nil && isArabic(w) && maybeClitic(w) {
				var buf [6]int
				for _, p := range cliticSplits(w, buf[:0]) {
					es := s.lookup(w[p:])
					if es == nil {
						continue
					}
					// The article stays in the span; other proclitics
					// (و ف ب ل ك) do not.
					cl := strings.TrimSuffix(w[:p], "ال")
					tk.start += len(cl)
					tk.clitic = cl
					tk.w = w[p:]
					tk.es = es
					break
				}
			}
		}
		for _, e := range tk.es {
			if e.l&s.langs != 0 {
				tk.cats |= 1 << e.c
			}
		}
	}
}

// checkPrepare prepares text with both versions, in every language mode,
// and compares the tokens; it checks too that the tokens run skips
// without calling candidate are no candidates.
func checkPrepare(t *testing.T, tg *Tagger, text string) {
	t.Helper()
	nt := normalize.New(text)
	for _, lang := range []string{"ar", "en", "fr", "und"} {
		got := scanner{lex: tg.lex, ends: tg.ends, nt: nt, norm: nt.Norm, langs: langMask(lang)}
		want := got
		// prepare's scratch comes from the tagger's free list, as in
		// TagNorm: a reused buffer must behave as a new one.
		sg := tg.getScratch()
		var sw scratch
		got.prepare(sg)
		want.referencePrepare(&sw)
		if len(got.toks) != len(want.toks) {
			t.Fatalf("%s: %d tokens, want %d in %q", lang, len(got.toks), len(want.toks), text)
		}
		for i := range got.toks {
			g := got.toks[i]
			if g.es == nil && !g.lone && got.candidate(i) {
				t.Fatalf("%s: token %d %q is a candidate run skips in %q", lang, i, g.w, text)
			}
			g.lone = false
			if !reflect.DeepEqual(g, want.toks[i]) {
				t.Fatalf("%s: token %d = %+v, want %+v in %q", lang, i, g, want.toks[i], text)
			}
		}
		tg.putScratch(sg)
	}
}

// TestPrepareMatchesReference compares prepare with referencePrepare on
// the test texts and on the first 2,000 articles of the ANT corpus
// (skipped without it).
func TestPrepareMatchesReference(t *testing.T) {
	tg := New()
	for _, text := range prepareSeeds {
		checkPrepare(t, tg, text)
	}
	dir := os.Getenv("NEWSENRICH_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	f, err := os.Open(filepath.Join(dir, "topics", "ant_v2.1_multisource.train.jsonl.gz"))
	if err != nil {
		t.Skip("no ANT corpus:", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 0; sc.Scan() && n < 2000; n++ {
		var d struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		checkPrepare(t, tg, d.Text)
	}
}

var prepareSeeds = []string{
	benchArticle, "", " ", "a", "في", "وفي", "عام 2023", "الـ24 ساعة", "٢٠٢٣", "two-day talks", "this year's rise",
	"New Year's Eve", "cette année-là", "ce jour-là.", "Il y a trois heures! Puis ?", "قال: أمس؛ اليوم؟\nغدا\r\n",
	"وبالعام والسنة للسنوات فالشهر كالعادة", "8 p.m. on Sunday", "le 1er mai, à 20h", "x\u200cy", "1,5 10:30 3.5",
	"رؤية 2030", "سنويا0 1863في", "\t\n  \u00a0 end", "الاسبوع-المقبل", "year-end", "it's", "ما يقارب", "علي الاقل",
}

// FuzzPrepareMatchesReference runs checkPrepare on any text.
func FuzzPrepareMatchesReference(f *testing.F) {
	for _, s := range prepareSeeds {
		f.Add(s)
	}
	tg := New()
	f.Fuzz(func(t *testing.T, text string) {
		checkPrepare(t, tg, text)
	})
}
