package main

import (
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/processor/text"
)

// newPipeline builds the enrichment pipeline with its models loaded, in the
// order the stages depend on each other.
func newPipeline(obs processor.Observer) (*processor.Pipeline, error) {
	stages := []processor.Stage{
		text.New(),
	}
	return processor.New(obs, stages...), nil
}
