package topics

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// Example is one training document with its target distribution over the
// classes (in the order of Codes). A gold label is a one-hot target; a
// weak label from the seed lexicons may spread its mass over several
// classes (a story about arms talks: politics and conflict).
type Example struct {
	Input  Input
	Target [NumClasses]float32
	// Weight scales the example's gradient; 0 means 1.
	Weight float32
}

// TrainOptions are the hyper-parameters of Train. Zero values take the
// defaults given.
type TrainOptions struct {
	// Bits is the log2 of the number of hash buckets (default 18).
	Bits uint8
	// MaxWords caps the story words read per document (default 400).
	MaxWords int
	// TitleRepeat is how many times a title word counts (default 2).
	TitleRepeat int
	// Epochs over the training set (default 6).
	Epochs int
	// LearnRate is the initial SGD step, decayed linearly to 0 (default 0.5).
	LearnRate float32
	// Seed fixes the shuffling order; training is deterministic for a
	// given seed and example order.
	Seed uint64
	// Log, when set, receives progress lines.
	Log func(format string, args ...any)
}

func (o *TrainOptions) defaults() {
	if o.Bits == 0 {
		o.Bits = 18
	}
	if o.MaxWords == 0 {
		o.MaxWords = 400
	}
	if o.TitleRepeat == 0 {
		o.TitleRepeat = 2
	}
	if o.Epochs == 0 {
		o.Epochs = 6
	}
	if o.LearnRate == 0 {
		o.LearnRate = 0.5
	}
	if o.Log == nil {
		o.Log = func(string, ...any) {}
	}
}

// Train fits the model by stochastic gradient descent on the softmax
// cross-entropy with soft targets, then quantises the weights to int8.
// The calibration examples (held out from training) set the softmax
// temperature; with none the temperature is 1.
func Train(ctx context.Context, train, calib []Example, opt TrainOptions) (*Model, error) {
	opt.defaults()
	if len(train) == 0 {
		return nil, errors.New("topics: train: no examples")
	}
	if opt.Bits < 8 || opt.Bits > 24 {
		return nil, fmt.Errorf("topics: train: bits %d outside 8..24", opt.Bits)
	}
	feat := featurizer{mask: 1<<opt.Bits - 1, maxWords: opt.MaxWords}
	type doc struct {
		idx    []uint32
		norm   float32
		script int
		target [NumClasses]float32
		weight float32
	}
	docs := make([]doc, 0, len(train))
	var b bag
	for i := range train {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		b.reset()
		feat.featurize(&b, train[i].Input, opt.TitleRepeat)
		if len(b.idx) == 0 {
			continue
		}
		w := train[i].Weight
		if w == 0 {
			w = 1
		}
		docs = append(docs, doc{idx: append([]uint32(nil), b.idx...), norm: b.norm(), script: b.script(), target: train[i].Target, weight: w})
	}
	opt.Log("topics: %d training documents featurised", len(docs))

	buckets := 1 << opt.Bits
	w := make([]float32, buckets*NumClasses)
	var bias [numScripts][NumClasses]float32
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed))
	total := float32(opt.Epochs * len(docs))
	step := float32(0)
	var logits, probs [NumClasses]float64
	for epoch := range opt.Epochs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		loss := 0.0
		for _, di := range order {
			d := &docs[di]
			lr := opt.LearnRate * (1 - step/total)
			step++
			var acc [NumClasses]float32
			for _, j := range d.idx {
				row := w[int(j)*NumClasses : int(j)*NumClasses+NumClasses]
				for k, v := range row {
					acc[k] += v
				}
			}
			for k := range logits {
				logits[k] = float64(bias[d.script][k] + d.norm*acc[k])
			}
			softmax(logits[:], probs[:])
			var g [NumClasses]float32
			for k := range g {
				g[k] = lr * d.weight * (float32(probs[k]) - d.target[k])
				if d.target[k] > 0 {
					loss -= float64(d.target[k]) * math.Log(max(probs[k], 1e-12))
				}
				bias[d.script][k] -= g[k]
				g[k] *= d.norm
			}
			for _, j := range d.idx {
				row := w[int(j)*NumClasses : int(j)*NumClasses+NumClasses]
				for k := range row {
					row[k] -= g[k]
				}
			}
		}
		opt.Log("topics: epoch %d: mean loss %.4f", epoch+1, loss/float64(len(docs)))
	}

	m := &Model{
		feat:        feat,
		bits:        opt.Bits,
		bias:        bias,
		titleRepeat: opt.TitleRepeat,
		temperature: 1,
	}
	m.scale, m.w = quantize(w)
	if len(calib) > 0 {
		m.temperature = fitTemperature(m, calib)
		opt.Log("topics: temperature %.3f from %d calibration documents", m.temperature, len(calib))
	}
	return m, nil
}

// quantize maps float weights to int8 with one scale, clipping the rare
// weights beyond the 99.999th percentile of magnitudes.
func quantize(w []float32) (float32, []int8) {
	mags := make([]float32, 0, len(w)/8)
	for _, v := range w {
		if v != 0 {
			mags = append(mags, float32(math.Abs(float64(v))))
		}
	}
	q := make([]int8, len(w))
	if len(mags) == 0 {
		return 1, q
	}
	sort.Slice(mags, func(i, j int) bool { return mags[i] < mags[j] })
	limit := mags[min(len(mags)-1, len(mags)*99999/100000)]
	scale := limit / 127
	for i, v := range w {
		x := math.Round(float64(v / scale))
		q[i] = int8(max(-127, min(127, x)))
	}
	return scale, q
}

// fitTemperature returns the softmax temperature that minimises the
// negative log-likelihood of the calibration examples, by a grid search
// (deterministic, and the likelihood is smooth in the temperature).
func fitTemperature(m *Model, calib []Example) float32 {
	type row struct {
		logits [NumClasses]float64
		target [NumClasses]float32
	}
	rows := make([]row, 0, len(calib))
	var probs [NumClasses]float64
	m.temperature = 1
	for _, ex := range calib {
		if !m.Probabilities(ex.Input, &probs) {
			continue
		}
		var r row
		for k, p := range probs {
			r.logits[k] = math.Log(max(p, 1e-300))
		}
		r.target = ex.Target
		rows = append(rows, r)
	}
	best, bestT := math.Inf(1), 1.0
	for t := 0.2; t <= 4.0001; t += 0.05 {
		nll := 0.0
		var lt, p [NumClasses]float64
		for i := range rows {
			for k := range lt {
				lt[k] = rows[i].logits[k] / t
			}
			softmax(lt[:], p[:])
			for k, y := range rows[i].target {
				if y > 0 {
					nll -= float64(y) * math.Log(max(p[k], 1e-12))
				}
			}
		}
		if nll < best {
			best, bestT = nll, t
		}
	}
	return float32(bestT)
}
