package main

import (
	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/nlp/ner"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/processor/dateline"
	"github.com/newsenrich/newsenrich/processor/entities"
	"github.com/newsenrich/newsenrich/processor/html"
	"github.com/newsenrich/newsenrich/processor/language"
	"github.com/newsenrich/newsenrich/processor/sections"
	"github.com/newsenrich/newsenrich/processor/temporal"
	"github.com/newsenrich/newsenrich/processor/text"
	"github.com/newsenrich/newsenrich/processor/topics"
)

// newPipeline builds the enrichment pipeline with its models loaded, in the
// order the stages depend on each other.
func newPipeline(obs processor.Observer) (*processor.Pipeline, error) {
	lang, err := language.New()
	if err != nil {
		return nil, err
	}
	gaz, err := gazetteer.Load()
	if err != nil {
		return nil, err
	}
	places, err := gazetteer.LoadPlaces()
	if err != nil {
		return nil, err
	}
	topicStage, err := topics.New()
	if err != nil {
		return nil, err
	}
	nerTagger, err := ner.Load(ner.GazetteerLexicon{G: gaz})
	if err != nil {
		return nil, err
	}
	stages := []processor.Stage{
		html.New(),
		text.New(),
		lang,
		sections.New(),
		dateline.New(dateline.GazetteerPlaces{G: gaz, P: places}),
		topicStage, // after sections and dateline, before entities
		entities.New(nerTagger, gaz, places),
		temporal.New(),
	}
	return processor.New(obs, stages...), nil
}
