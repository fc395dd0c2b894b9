package main

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"

	"github.com/newsenrich/newsenrich/processor/topics"
)

// outOfFoldTemperatures prints, for the English and French parts, the
// softmax temperature that minimises the negative log-likelihood of the
// out-of-fold predictions of a k-fold cross-validation (absent-class
// fallback off, as when the shipped temperatures are fitted) over the
// training part, or with all over every labelled MasakhaNEWS document. It
// checks that the temperatures the shipped model takes from the model
// trained without the dev split suit a model trained on more documents:
// with k = 2, 5 and 10 the fold models train on 50%, 80% and 90% of the
// documents.
func outOfFoldTemperatures(ctx context.Context, docs []topics.CorpusDoc, k int, all bool, opt topics.TrainOptions) error {
	for _, c := range []string{topics.CorpusMasakhaEng, topics.CorpusMasakhaFra} {
		type item struct {
			ex   topics.Example
			gold int
			fold int
		}
		var items []item
		codes := topics.Codes()
		for _, d := range docs {
			m, _ := topics.MapCategory(d.Corpus, d.Category)
			if d.Corpus != c || m.Gold == "" || !d.Train && !all {
				continue
			}
			h := fnv.New32a()
			h.Write([]byte(d.ID))
			gold := 0
			for i, code := range codes {
				if code == m.Gold {
					gold = i
				}
			}
			items = append(items, item{topics.Example{Input: topics.Input{Title: d.Title, Story: []string{d.Text}}, Target: oneHot(m.Gold), Weight: 1}, gold, int(h.Sum32() % uint32(k))})
		}
		var logp [][topics.NumClasses]float64
		var gold []int
		for f := range k {
			var train []topics.Example
			for _, it := range items {
				if it.fold != f {
					train = append(train, it.ex)
				}
			}
			model, err := topics.Train(ctx, train, nil, opt)
			if err != nil {
				return err
			}
			model.SetFallback(topics.Fallback{})
			var p [topics.NumClasses]float64
			for _, it := range items {
				if it.fold != f || !model.Probabilities(it.ex.Input, &p) {
					continue
				}
				var l [topics.NumClasses]float64
				for i, x := range p {
					l[i] = math.Log(max(x, 1e-300))
				}
				logp = append(logp, l)
				gold = append(gold, it.gold)
			}
		}
		t, nll := fitTemperature(logp, gold)
		fmt.Printf("out-of-fold temperature %s: %.3f (%d-fold, %d docs, mean NLL %.4f)\n", c, t, k, len(gold), nll/float64(max(len(gold), 1)))
	}
	return nil
}

// fitTemperature returns the temperature (on the grid of the model's own
// fit) minimising the negative log-likelihood of the gold classes under
// softmax(logp / t), and that likelihood.
func fitTemperature(logp [][topics.NumClasses]float64, gold []int) (float64, float64) {
	best, bestT := math.Inf(1), 1.0
	for t := 0.2; t <= 500; t *= 1.03 {
		nll := 0.0
		for i, l := range logp {
			m := math.Inf(-1)
			for _, x := range l {
				m = max(m, x/t)
			}
			s := 0.0
			for _, x := range l {
				s += math.Exp(x/t - m)
			}
			nll -= l[gold[i]]/t - m - math.Log(s)
		}
		if nll < best {
			best, bestT = nll, t
		}
	}
	return bestT, best
}
