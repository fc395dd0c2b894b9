package main

import (
	"testing"

	"github.com/newsenrich/newsenrich/processor/topics"
)

// TestTextExperiments: the --cv-caps and --cv-lead rewrites change the
// English and French stories only, and leave the input untouched.
func TestTextExperiments(t *testing.T) {
	docs := []topics.CorpusDoc{
		{Corpus: topics.CorpusMasakhaEng, Text: "Talks resumed. The Bank of England held rates"},
		{Corpus: topics.CorpusANT2, Text: "Talks resumed. The Bank of England held rates"},
		{Corpus: topics.CorpusMasakhaFra, Text: "rien ici"},
	}
	tests := []struct {
		name string
		got  []topics.CorpusDoc
		want []string
	}{
		{"capitals", withCapitalTokens(docs, 100), []string{
			"zqcapbank zqcapengland . Talks resumed. The Bank of England held rates",
			"Talks resumed. The Bank of England held rates",
			"rien ici",
		}},
		{"capitals within the limit", withCapitalTokens(docs, 4), []string{
			"zqcapbank . Talks resumed. The Bank of England held rates",
			"Talks resumed. The Bank of England held rates",
			"rien ici",
		}},
		{"lead twice", withLeadTwice(docs, 2), []string{
			"Talks resumed. Talks resumed. The Bank of England held rates",
			"Talks resumed. The Bank of England held rates",
			"rien ici rien ici",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, d := range tt.got {
				if d.Text != tt.want[i] {
					t.Errorf("doc %d = %q, want %q", i, d.Text, tt.want[i])
				}
			}
			if docs[0].Text != "Talks resumed. The Bank of England held rates" {
				t.Error("the input was changed")
			}
		})
	}
}
