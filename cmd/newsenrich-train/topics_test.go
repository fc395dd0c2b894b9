package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"

	"github.com/newsenrich/newsenrich/processor/topics"
)

// topicExamples returns n English examples of three topics, each story
// with a word of another topic (i%5 == 0) so that the calibration has
// something to fit.
func topicExamples(n, offset int) []topics.Example {
	words := [3][]string{{"football", "match", "goal", "league"}, {"market", "bank", "prices", "shares"}, {"government", "election", "minister", "vote"}}
	codes := [3]string{topics.Sport, topics.Economy, topics.Politics}
	var out []topics.Example
	for i := offset; i < offset+n; i++ {
		k := i % 3
		var sb strings.Builder
		for j := range 12 {
			sb.WriteString(words[k][(i+j)%4] + " the and ")
		}
		if i%5 == 0 {
			sb.WriteString(words[(k+1)%3][i%4])
		}
		out = append(out, topics.Example{Input: topics.Input{Title: words[k][i%4], Story: []string{sb.String()}}, Target: oneHot(codes[k]), Weight: 1})
	}
	return out
}

func topicModelHash(t *testing.T, m *topics.Model) string {
	t.Helper()
	var buf bytes.Buffer
	if err := m.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(buf.Bytes()))
}

// TestTrainTopicModels checks --full: the shipped model trains on the dev
// split too and takes the temperatures the held-out model fitted on it;
// without --full the held-out model is the shipped one; both are
// deterministic.
func TestTrainTopicModels(t *testing.T) {
	ctx := context.Background()
	opt := topics.TrainOptions{Bits: 10, LatinBits: 10, Epochs: 2, Seed: 3, LatinNB: true, TitleWords: true}
	train, calib := topicExamples(60, 0), topicExamples(30, 60)
	held, shipped, err := trainTopicModels(ctx, train, calib, opt, false)
	if err != nil {
		t.Fatal(err)
	}
	if held != shipped {
		t.Error("--full=false: the shipped model is not the held-out one")
	}
	held, shipped, err = trainTopicModels(ctx, train, calib, opt, true)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := shipped.Temperatures(), held.Temperatures(); got != want {
		t.Errorf("shipped temperatures %v, want the held-out model's %v", got, want)
	}
	if held.Temperatures() == ([3]float32{1, 1, 1}) {
		t.Error("the held-out model's temperatures were not fitted")
	}
	if topicModelHash(t, held) == topicModelHash(t, shipped) {
		t.Error("--full: the shipped model did not train on the dev split")
	}
	if len(train) != 60 {
		t.Errorf("training examples changed: %d", len(train))
	}
	held2, shipped2, err := trainTopicModels(ctx, topicExamples(60, 0), topicExamples(30, 60), opt, true)
	if err != nil {
		t.Fatal(err)
	}
	if topicModelHash(t, held) != topicModelHash(t, held2) || topicModelHash(t, shipped) != topicModelHash(t, shipped2) {
		t.Error("same data and seed gave different models")
	}
	for _, in := range []topics.Input{{Story: []string{"the football match and the goal"}}, {Story: []string{"the market and the bank shares"}}} {
		if a, b := held.Predict(in, 0.15), shipped.Predict(in, 0.15); len(a) == 0 || len(b) == 0 || a[0].Code != b[0].Code {
			t.Errorf("%q: held-out %v, shipped %v", in.Story[0], a, b)
		}
	}
}
