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
