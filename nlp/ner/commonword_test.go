package ner

import "testing"

func TestCommonWord(t *testing.T) {
	tg, err := Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	for w, want := range map[string]bool{
		"Imagine": true, "However": true, "Thanks": true, "Mais": true, "Cependant": true,
		"London": false, "Paris": false, "Macron": false, "zzqxv": false,
	} {
		if got := tg.CommonWord(w); got != want {
			t.Errorf("CommonWord(%q) = %v, want %v", w, got, want)
		}
	}
	if (*Tagger)(nil).CommonWord("the") {
		t.Error("nil tagger knows words")
	}
}
