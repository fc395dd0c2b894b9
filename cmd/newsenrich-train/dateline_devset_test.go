package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/corpus"
	"github.com/newsenrich/newsenrich/corpus/corpustest"
	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/processor/dateline"
)

func TestSplitAuthor(t *testing.T) {
	tests := []struct{ in, l, r string }{
		{"أبوظبي - سكاي نيوز عربية", "أبوظبي", "سكاي نيوز عربية"},
		{"القاهرة- أحمد الريدي", "القاهرة", "أحمد الريدي"},
		{"بتروبافلوفسك-كامتشاتسكي (روسيا) - رويترز", "بتروبافلوفسك-كامتشاتسكي (روسيا)", "رويترز"},
		{"اليمن-إسلام سيف", "اليمن", "إسلام سيف"},
		{"العربية.نت، وكالات", "العربية.نت", "وكالات"},
		{"فرانس 24", "فرانس 24", ""},
	}
	for _, tt := range tests {
		l, r, _ := splitAuthor(tt.in)
		if l != tt.l || r != tt.r {
			t.Errorf("splitAuthor(%q) = %q, %q; want %q, %q", tt.in, l, r, tt.l, tt.r)
		}
	}
}

// TestDatelineDevSet builds the ANT dev set in memory and checks the
// dateline stage against the targets (place, agency and outlet accuracy
// >= 0.95). Skipped without the corpora.
func TestDatelineDevSet(t *testing.T) {
	data := corpustest.Dir(t)
	if _, err := os.Stat(filepath.Join(data, corpus.ANTv21)); err != nil {
		t.Skipf("no corpora: %v", err)
	}
	out := filepath.Join(t.TempDir(), "dev.jsonl")
	if err := buildDatelineDevSet(context.Background(), []string{"--data", data, "--out", out}); err != nil {
		t.Fatal(err)
	}
	gaz, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	st := dateline.New(dateline.GazetteerPlaces{G: gaz})
	parser := dateline.NewParser(nil)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var n, place, agency, outlet int
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		ex := decodeDevLine(t, line)
		doc := processor.NewDocument(article.Article{Text: ex.Text, Title: ex.Title}, time.Time{})
		if err := st.Process(context.Background(), doc); err != nil {
			t.Fatal(err)
		}
		d := doc.Record.Dateline
		n++
		if dateline.Matches(ex.Dateline.Place, d.Place, d.PlaceCanonical) {
			place++
		}
		if dateline.Matches(ex.Dateline.Agency, d.AgencyText, d.Agency) {
			agency++
		}
		canon, _ := parser.CanonicalAgency(doc.Record.Source.Outlet)
		if ex.Outlet == nil || dateline.Matches(*ex.Outlet, doc.Record.Source.Outlet, canon) {
			outlet++
		}
	}
	if n < 1000 {
		t.Fatalf("dev set has %d lines", n)
	}
	for what, c := range map[string]int{"place": place, "agency": agency, "outlet": outlet} {
		acc := float64(c) / float64(n)
		t.Logf("%s accuracy %.4f of %d", what, acc, n)
		if acc < 0.95 {
			t.Errorf("%s accuracy %.4f below 0.95", what, acc)
		}
	}
}

func decodeDevLine(t *testing.T, line string) devExample {
	t.Helper()
	var ex devExample
	if err := json.Unmarshal([]byte(line), &ex); err != nil {
		t.Fatal(err)
	}
	return ex
}
