package ner

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// articleText writes a small Arabic text in which حكومة takes the article
// in 2 of its 5 uses (and is written with a pronoun too), بوتين never
// takes either (and is written with a preposition), القاهرة always has
// the article, and كيم is too rare to tell.
func articleText(t *testing.T) string {
	t.Helper()
	line := "قالت الحكومة إن بوتين زار القاهرة وقالت حكومة روسيا إن حكومتها تدعم الحكومة ولبوتين حكومة وبحكومة\n"
	path := filepath.Join(t.TempDir(), "text.txt")
	if err := os.WriteFile(path, []byte(strings.Repeat(line, 5)+"كيم\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLearnArticleClasses(t *testing.T) {
	path := articleText(t)
	tests := []struct {
		suffixes bool
		word     string
		want     byte
	}{
		{false, "حكومه", artSome},       // 10 of 25 with the article
		{false, "بوتين", artNever},      // ولبوتين counts as بوتين
		{false, "قاهره", artAlways},     // always القاهرة
		{false, "كيم", artUnknown},      // once
		{false, "حكومتها", artNever},    // its own word without suffixes
		{true, "حكومه", 3*artSome + 2},  // حكومتها: a suffixed use
		{true, "بوتين", 3 * artNever},   // never suffixed
		{true, "حكومتها", 3 * artNever}, // still its own bare form
	}
	for _, tt := range tests {
		got, err := LearnArticleClasses(context.Background(), []string{path}, ArticleOptions{MinCount: 3, Suffixes: tt.suffixes})
		if err != nil {
			t.Fatal(err)
		}
		if c := got[tt.word]; c != tt.want {
			t.Errorf("suffixes %v: class of %q = %d, want %d", tt.suffixes, tt.word, c, tt.want)
		}
	}
}

func TestBareForm(t *testing.T) {
	seen := map[string]int{"موسكو": 10, "بموسكو": 2, "بيان": 10, "يان": 1, "حكومه": 5}
	tests := []struct {
		word string
		base string
		def  bool
	}{
		{"الحكومة", "حكومه", true},
		{"وبالحكومة", "حكومه", true},
		{"للحكومة", "حكومه", true},
		{"بموسكو", "موسكو", false}, // seen more often alone
		{"وبموسكو", "موسكو", false},
		{"بيان", "بيان", false}, // not ب + يان
		{"وبيان", "بيان", false},
		{"لندن", "لندن", false}, // unseen either way: the stem
	}
	for _, tt := range tests {
		base, def := bareForm(normalize.Fold(tt.word), func(w string) int { return seen[w] })
		if base != tt.base || def != tt.def {
			t.Errorf("bareForm(%q) = %q, %v, want %q, %v", tt.word, base, def, tt.base, tt.def)
		}
	}
}

func TestSuffixBase(t *testing.T) {
	cnt := map[string]int{"حكومه": 3, "رييس": 3, "مصري": 3}
	tests := []struct{ word, want string }{
		{"حكومتها", "حكومه"},
		{"حكومته", "حكومه"},
		{"رييسهم", "رييس"},
		{"مصريه", ""}, // the feminine ending, not a pronoun
		{"بوتين", ""},
		{"ها", ""},
	}
	for _, tt := range tests {
		if got := suffixBase(tt.word, cnt); got != tt.want {
			t.Errorf("suffixBase(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestArticleClassOfToken(t *testing.T) {
	m := &Model{articles: true, caseClass: map[string]uint8{"موسكو": artNever, "حكومه": artSome, "smith": caseUpper}}
	tests := []struct {
		word string
		want byte
	}{
		{"موسكو", artNever},
		{"بموسكو", artNever}, // the preposition aside
		{"وبالحكومة", artSome},
		{"حكومة", artSome},
		{"كيم", artUnknown},
	}
	for _, tt := range tests {
		tok := m.analyseWord(tt.word, normalize.Fold(tt.word))
		if tok.cc != tt.want {
			t.Errorf("article class of %q = %d, want %d", tt.word, tok.cc, tt.want)
		}
	}
	// Without the article features, Arabic words have no class.
	m.articles = false
	if tok := m.analyseWord("موسكو", normalize.Fold("موسكو")); tok.cc != 0 {
		t.Errorf("without articles: class %d, want 0", tok.cc)
	}
}

func TestTrainArticleRoundTrip(t *testing.T) {
	var ex []Example
	people := []string{"بوتين", "كيم", "شويغو"}
	places := []string{"موسكو", "بيونغ", "القاهرة"}
	for i := 0; i < 30; i++ {
		ex = append(ex, Example{
			Words: []string{"قال", people[i%3], "في", places[(i+1)%3], "إن", "الحكومة", "تدعم", "الاتفاق"},
			Tags:  []string{"O", "B-PER", "O", "B-LOC", "O", "O", "O", "O"},
		})
	}
	classes := map[string]uint8{"بوتين": artNever, "كيم": artNever, "موسكو": artNever, "قاهره": artAlways, "حكومه": artSome, "اتفاق": artOften, "قال": artNever}
	opt := TrainOptions{Name: "ar", Bits: 14, Epochs: 5, Seed: 3, ArticleClasses: classes, Pairs: true}
	words := []string{"قال", "كيم", "في", "القاهرة", "إن", "الحكومة", "تدعم", "الاتفاق"}
	want := []string{"O", "B-PER", "O", "B-LOC", "O", "O", "O", "O"}
	m2 := trainRoundTrip(t, ex, opt, words, want)
	if !m2.articles || !reflect.DeepEqual(m2.caseClass, classes) {
		t.Fatalf("round trip lost the article classes: %v %v", m2.articles, m2.caseClass)
	}
}
