package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsenrich/newsenrich/corpus/corpustest"
)

func TestTranslitConsistent(t *testing.T) {
	for _, tt := range []struct {
		latin, ar string
		want      bool
	}{
		{"Mişrātah", "مصراته", true},
		{"Benghazi", "بنغازي", true},
		{"Al Jawf", "الجوف", true},
		{"Kirkuk", "كركوك", true},
		{"Hail", "يشيد", false},
		{"Male", "ذكر", false},
		{"Acre", "فدان", false},
		{"Sin", "الخطييه", false},
		{"Rehab", "اعاده التاهيل", false},
		{"Tikrīt", "تكريت", true},
		{"Zagazig", "الزقازيق", true},
	} {
		if got := translitConsistent(tt.latin, tt.ar); got != tt.want {
			t.Errorf("translitConsistent(%q, %q) = %v (%s / %s)", tt.latin, tt.ar, got, latinSkeleton(tt.latin), arabicSkeleton(tt.ar))
		}
	}
}

// TestGazetteerBuildReproducible rebuilds the gazetteer and the places
// index from the shared data and checks that they are byte for byte the
// committed files.
func TestGazetteerBuildReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the gazetteer (seconds)")
	}
	data := corpustest.Dir(t)
	if _, err := os.Stat(filepath.Join(data, "gazetteer", "dr5hn_cities_ar_fr_wikidata.tsv")); err != nil {
		t.Skip("shared data absent:", err)
	}
	out := filepath.Join(t.TempDir(), "g.tsv.gz")
	args := []string{
		"--data", filepath.Join(data, "gazetteer"),
		"--curated", filepath.Join("..", "..", "gazetteer", "data", "curated.tsv"),
		"--ambiguous", filepath.Join("..", "..", "gazetteer", "data", "ambiguous.txt"),
		"--regions", filepath.Join("..", "..", "gazetteer", "data", "regions.tsv"),
		"--cities", filepath.Join("..", "..", "gazetteer", "data", "cities.tsv"),
		"--out", out,
	}
	if err := trainGazetteer(context.Background(), args); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "gazetteer", "data", "gazetteer.tsv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("rebuilt gazetteer (%d bytes) differs from the committed one (%d bytes): rerun the build", len(got), len(want))
	}
	got, err = os.ReadFile(filepath.Join(filepath.Dir(out), "places.tsv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	want, err = os.ReadFile(filepath.Join("..", "..", "gazetteer", "data", "places.tsv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("rebuilt places index (%d bytes) differs from the committed one (%d bytes): rerun the build", len(got), len(want))
	}
}
