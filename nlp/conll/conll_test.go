package conll

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func readFile(t *testing.T, name string) []Sentence {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReadSchemes(t *testing.T) {
	tests := []struct {
		file  string
		spans [][]Span
		words [][]string
	}{
		{"bio.txt", [][]Span{
			{{"PER", 0, 1}, {"LOC", 2, 4}, {"ORG", 6, 7}},
			{{"LOC", 1, 2}, {"PER", 2, 3}},
		}, nil},
		{"iob1.txt", [][]Span{
			{{"PER", 0, 2}, {"PER", 2, 4}, {"ORG", 5, 7}},
			{{"LOC", 0, 1}},
		}, nil},
		{"io.txt", [][]Span{
			{{"PER", 0, 1}, {"PER", 2, 3}, {"LOC", 4, 6}},
		}, nil},
		// NewsFANE fine classes; the left-to-right marks are removed and
		// nationalities (Group) and vehicles (Land) are not kept.
		{"fine.txt", [][]Span{
			{{"ORG", 1, 3}, {"LOC", 5, 6}, {"PER", 6, 8}},
		}, [][]string{{"رئيس", "حزب", "العمال", "العرب", "في", "المانيا", "برند", "جوتشولك", "نيسان"}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			sents := readFile(t, tt.file)
			if len(sents) != len(tt.spans) {
				t.Fatalf("got %d sentences, want %d", len(sents), len(tt.spans))
			}
			for i, s := range sents {
				if len(s.Tokens) != len(s.Tags) {
					t.Fatalf("sentence %d: %d tokens, %d tags", i, len(s.Tokens), len(s.Tags))
				}
				if got := Spans(s.Tags); !reflect.DeepEqual(got, tt.spans[i]) {
					t.Errorf("sentence %d: spans %v, want %v", i, got, tt.spans[i])
				}
				if tt.words != nil && !reflect.DeepEqual(s.Tokens, tt.words[i]) {
					t.Errorf("sentence %d: tokens %q, want %q", i, s.Tokens, tt.words[i])
				}
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		raw, want string
	}{
		{"B-PERS I-PERS O B-ORGANIZATION", "B-PER I-PER O B-ORG"},
		{"I-LOC I-LOC I-ORG", "B-LOC I-LOC B-ORG"},
		{"I-LOC B-LOC I-LOC", "B-LOC B-LOC I-LOC"},
		{"B-MISC I-MISC B-GPE", "O O B-LOC"},
		{"S-PER B-ORG E-ORG U-LOC", "B-PER B-ORG I-ORG B-LOC"},
		{"B-person I-person B-group B-corporation B-product", "B-PER I-PER B-ORG B-ORG O"},
		{"B-Politician B-Group", "B-PER O"},
		{"PER PER O LOC", "B-PER I-PER O B-LOC"},
		{"B-DATE I-DATE _ O", "O O O O"},
	}
	for _, tt := range tests {
		got := strings.Join(Normalize(strings.Fields(tt.raw)), " ")
		if got != tt.want {
			t.Errorf("Normalize(%s) = %s, want %s", tt.raw, got, tt.want)
		}
	}
}

func TestTagsRoundTrip(t *testing.T) {
	spans := []Span{{"PER", 0, 2}, {"PER", 2, 3}, {"LOC", 4, 5}}
	tags := Tags(6, spans)
	if want := []string{"B-PER", "I-PER", "B-PER", "O", "B-LOC", "O"}; !reflect.DeepEqual(tags, want) {
		t.Fatalf("Tags = %v, want %v", tags, want)
	}
	if got := Spans(tags); !reflect.DeepEqual(got, spans) {
		t.Fatalf("Spans(Tags) = %v, want %v", got, spans)
	}
}

func TestScorer(t *testing.T) {
	var s Scorer
	gold := []Span{{"PER", 0, 2}, {"LOC", 3, 4}, {"ORG", 5, 7}}
	pred := []Span{
		{"PER", 0, 2}, // correct
		{"LOC", 3, 5}, // wrong end
		{"ORG", 5, 7}, // correct
		{"PER", 8, 9}, // spurious
	}
	s.Add(gold, pred)
	s.Add([]Span{{"LOC", 0, 1}}, []Span{{"ORG", 0, 1}}) // wrong type
	m := s.Micro()
	// tp 2, fp 3, fn 2
	if m.Support != 4 || !near(m.Precision, 2.0/5) || !near(m.Recall, 2.0/4) || !near(m.F1, 2*0.4*0.5/0.9) {
		t.Errorf("micro = %+v", m)
	}
	if p := s.Type("PER"); !near(p.Precision, 0.5) || !near(p.Recall, 1) || p.Support != 1 {
		t.Errorf("PER = %+v", p)
	}
	if l := s.Type("LOC"); l.Precision != 0 || l.Recall != 0 || l.F1 != 0 || l.Support != 2 {
		t.Errorf("LOC = %+v", l)
	}
	var empty Scorer
	if m := empty.Micro(); m != (Metrics{}) {
		t.Errorf("empty scorer = %+v", m)
	}
}

func TestReadLongLineAndBlankRuns(t *testing.T) {
	in := "\n\n  \nA B-PER\n\n\n\nB O\nC\n"
	s, err := Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 2 || len(s[1].Tokens) != 2 || s[1].Tags[1] != "O" {
		t.Fatalf("got %+v", s)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestReadDocStart(t *testing.T) {
	in := "-DOCSTART- -X- O O\n\nA B-PER\n\nB O\n\n-DOCSTART- -X- O O\nC B-LOC\n\n\nD O\n"
	sents, err := Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var got []bool
	for _, s := range sents {
		got = append(got, s.DocStart)
	}
	if want := []bool{true, false, true, false}; !slices.Equal(got, want) {
		t.Errorf("DocStart = %v, want %v", got, want)
	}
}
