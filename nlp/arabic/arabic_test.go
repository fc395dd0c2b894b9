package arabic

import (
	"reflect"
	"testing"
)

func TestSplits(t *testing.T) {
	tests := []struct {
		word string
		want []string // stems
	}{
		{"بوتين", []string{"بوتين", "وتين"}},
		{"وبريطانيا", []string{"وبريطانيا", "بريطانيا", "ريطانيا"}},
		{"لبيونغ", []string{"لبيونغ", "بيونغ"}},
		{"بموسكو", []string{"بموسكو", "موسكو"}},
		{"والرئيس", []string{"والرئيس", "الرئيس", "رئيس"}},
		{"للحصول", []string{"للحصول", "لحصول", "حصول"}},
		{"وبالتالي", []string{"وبالتالي", "بالتالي", "التالي", "تالي"}},
		{"لندن", []string{"لندن", "ندن"}},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range Splits(tt.word, 3) {
			got = append(got, tt.word[p:])
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Splits(%q) stems = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestIsProcliticPrefix(t *testing.T) {
	for p, want := range map[string]bool{"و": true, "ل": true, "وب": true, "بال": true, "لل": true, "وال": true, "": false, "م": false, "بو": false} {
		if got := IsProcliticPrefix(p); got != want {
			t.Errorf("IsProcliticPrefix(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestStem(t *testing.T) {
	tests := []struct{ word, stem string }{
		{"بوتين", "بوتين"},
		{"وبوتين", "بوتين"},
		{"بيونغ", "بيونغ"},
		{"لبيونغ", "لبيونغ"}, // a lone ل is left for a lexicon to decide
		{"لندن", "لندن"},
		{"ولندن", "لندن"},
		{"والرييس", "رييس"},
		{"بالتالي", "تالي"},
		{"للحصول", "حصول"},
		{"وقال", "قال"},
		{"وزير", "وزير"},
		{"والوزير", "وزير"},
		{"فرنسا", "فرنسا"},
		{"وفرنسا", "فرنسا"},
		{"واشنطن", "واشنطن"},
		{"وبين", "بين"},
		{"والد", "والد"},
		{"ال", "ال"},
		{"", ""},
	}
	for _, tt := range tests {
		stem, p := Stem(tt.word)
		if stem != tt.stem || tt.word[p:] != stem {
			t.Errorf("Stem(%q) = %q, %d; want %q", tt.word, stem, p, tt.stem)
		}
	}
}

func FuzzStem(f *testing.F) {
	f.Add("وبالتالي")
	f.Add("لل")
	f.Fuzz(func(t *testing.T, w string) {
		for _, p := range Splits(w, 0) {
			if p < 0 || p > len(w) {
				t.Fatalf("split %d out of range for %q", p, w)
			}
		}
		stem, p := Stem(w)
		if p < 0 || p > len(w) || w[p:] != stem {
			t.Fatalf("Stem(%q) = %q, %d", w, stem, p)
		}
	})
}

// benchWords are words in matching form with and without proclitics.
var benchWords = []string{"والرئيس", "بموسكو", "للاتحاد", "وزير", "فرنسا", "الحكومه", "وقال", "كالعاده", "لبنان", "في", "المتحده", "وبالتالي"}

func BenchmarkStem(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range benchWords {
			Stem(w)
		}
	}
}

func BenchmarkSplits(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range benchWords {
			Splits(w, 2)
		}
	}
}
