package main

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/processor/entities"
	"github.com/newsenrich/newsenrich/processor/topics"
)

func TestStageLabels(t *testing.T) {
	g, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	ts, err := topics.New()
	if err != nil {
		t.Fatal(err)
	}
	// Without a tagger the stage finds the gazetteer's names; a name
	// with a proclitic tags the whole token.
	st := entities.New(nil, g, nil)
	sents := [][]string{
		strings.Fields("وصل الوفد إلى موسكو أمس ."),
		strings.Fields("وقالت وبريطانيا إنها لن تشارك ."),
		strings.Fields("لا شيء هنا ."),
	}
	got, err := stageLabels(context.Background(), ts, st, sents)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"O", "O", "O", "B-LOC", "O", "O"},
		{"O", "B-LOC", "O", "O", "O", "O"},
		{"O", "O", "O", "O"},
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("sentence %d: %v, want %v", i, got[i], want[i])
		}
	}
}

func TestSentencesOf(t *testing.T) {
	f := selfTrainFlags{minTokens: 3, maxTokens: 8}
	text := "وصل الوفد إلى موسكو أمس. قصير. This sentence is in English only here. كلمة واحدة اثنتان ثلاث أربع خمس ست سبع ثمان تسع."
	got := f.sentencesOf(text)
	want := [][]string{strings.Fields("وصل الوفد إلى موسكو أمس .")}
	if len(got) != len(want) || !slices.Equal(got[0], want[0]) {
		t.Errorf("sentencesOf = %q, want %q", got, want)
	}
}
