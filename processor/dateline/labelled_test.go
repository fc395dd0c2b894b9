package dateline

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/processor"
)

// TestHandLabelled scores the stage, with the real gazetteer, on the
// hand-written English and French datelines of testdata/dateline (the
// format of "newsenrich eval dateline").
func TestHandLabelled(t *testing.T) {
	gaz, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	st := New(GazetteerPlaces{G: gaz})
	f, err := os.Open(filepath.Join("..", "..", "testdata", "dateline", "en_fr.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var n, place, agency, outlet int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var ex struct {
			Text     string
			Dateline struct{ Place, Agency string }
			Outlet   string
		}
		if err := json.Unmarshal(sc.Bytes(), &ex); err != nil {
			t.Fatal(err)
		}
		doc := processor.NewDocument(article.Article{Text: ex.Text}, time.Time{})
		if err := st.Process(context.Background(), doc); err != nil {
			t.Fatal(err)
		}
		d := doc.Record.Dateline
		n++
		ok := func(c *int, what, gold string, preds ...string) {
			if Matches(gold, preds...) {
				*c++
			} else {
				t.Logf("%s: gold %q, got %q in %.60q", what, gold, preds, ex.Text)
			}
		}
		ok(&place, "place", ex.Dateline.Place, d.Place, d.PlaceCanonical)
		ok(&agency, "agency", ex.Dateline.Agency, d.AgencyText, d.Agency)
		canon, _ := st.parser.CanonicalAgency(doc.Record.Source.Outlet)
		ok(&outlet, "outlet", ex.Outlet, doc.Record.Source.Outlet, canon)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 30 {
		t.Fatalf("only %d labelled lines", n)
	}
	for what, c := range map[string]int{"place": place, "agency": agency, "outlet": outlet} {
		acc := float64(c) / float64(n)
		t.Logf("%s accuracy %.3f of %d", what, acc, n)
		if acc < 0.95 {
			t.Errorf("%s accuracy %.3f below 0.95", what, acc)
		}
	}
}

func TestMatches(t *testing.T) {
	tests := []struct {
		gold  string
		preds []string
		want  bool
	}{
		{"WASHINGTON", []string{"Washington", ""}, true},
		{"Dubai", []string{"دبي", "Dubai"}, true},
		{"أ ف ب", []string{"أ.ف.ب", "AFP"}, true},
		{"AFP", []string{"فرانس برس", "AFP"}, true},
		{"القاهرة", []string{"القاهره", ""}, true},
		{"", []string{"", ""}, true},
		{"", []string{"رويترز", "Reuters"}, false},
		{"Reuters", []string{"", ""}, false},
	}
	for _, tt := range tests {
		if got := Matches(tt.gold, tt.preds...); got != tt.want {
			t.Errorf("Matches(%q, %q) = %v, want %v", tt.gold, tt.preds, got, tt.want)
		}
	}
}
