package ner

import (
	"context"
	"math"
	"math/rand/v2"
)

// CRFOptions configure training as a linear-chain conditional random
// field: the weights (the same features, transitions and pair features
// as the perceptron's, so decoding is unchanged) maximise the
// L2-regularised log-likelihood of the gold labels, with AdaGrad steps
// over one sentence at a time and the gradients from forward-backward.
type CRFOptions struct {
	// Rate is AdaGrad's step size. Default 0.1.
	Rate float64
	// L2 is the regularisation weight, applied to the weights a sentence
	// reads each time it is seen. Default 1e-4.
	L2 float64
	// Average returns the weights averaged over all steps, as the
	// perceptron does, rather than the last ones.
	Average bool
	// FineTune, when positive, trains the perceptron first and then
	// FineTune epochs of the CRF from its weights times Scale.
	FineTune int
	Scale    float64
}

// fineTuneCRF scales the perceptron's weights of m by opt.CRF.Scale and
// trains them further as a CRF for opt.CRF.FineTune epochs; a snapshot,
// if asked for, is of the final model as of epoch opt.Epochs.
func (m *Model) fineTuneCRF(ctx context.Context, data []sent, opt TrainOptions) error {
	scale := float32(opt.CRF.Scale)
	if scale == 0 {
		scale = 0.1
	}
	for i := range m.w {
		m.w[i] *= scale
	}
	for a := range m.trans {
		for b := range m.trans[a] {
			m.trans[a][b] *= scale
		}
	}
	ft := opt
	ft.Epochs = opt.CRF.FineTune
	ft.Snapshot = nil
	ft.Progress = nil
	if err := m.trainCRF(ctx, data, ft); err != nil {
		return err
	}
	if opt.Snapshot != nil {
		opt.Snapshot(opt.Epochs, m)
	}
	return nil
}

// trainCRF trains m's weights as a CRF over the sentences data for
// opt.Epochs epochs.
func (m *Model) trainCRF(ctx context.Context, data []sent, opt TrainOptions) error {
	copt := *opt.CRF
	if copt.Rate == 0 {
		copt.Rate = 0.1
	}
	if copt.L2 == 0 {
		copt.L2 = 1e-4
	}
	const eps = 1e-6
	g2 := make([]float32, len(m.w))
	var g2T [numLabels + 1][numLabels]float64
	var acc []float64
	var accT [numLabels + 1][numLabels]float64
	if copt.Average {
		acc = make([]float64, len(m.w))
	}
	c := 1.0
	// step applies gradient g (of the log-likelihood) to weight k.
	step := func(k int, g float64) {
		w := float64(m.w[k])
		g -= copt.L2 * w
		g2[k] += float32(g * g)
		u := copt.Rate * g / (math.Sqrt(float64(g2[k])) + eps)
		m.w[k] = float32(w + u)
		if acc != nil {
			acc[k] += c * u
		}
	}
	stepT := func(a, b int, g float64) {
		g -= copt.L2 * float64(m.trans[a][b])
		g2T[a][b] += g * g
		u := copt.Rate * g / (math.Sqrt(g2T[a][b]) + eps)
		m.trans[a][b] += float32(u)
		if acc != nil {
			accT[a][b] += c * u
		}
	}
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
	var fb forwardBackward
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var nll float64
		for _, k := range order {
			st := &data[k]
			n := len(st.gold)
			fb.scores(m, st)
			nll += fb.run(m, st.gold)
			for i := 0; i < n; i++ {
				var g [numLabels]float64
				for b := range g {
					g[b] = -fb.node(i, b)
				}
				g[st.gold[i]]++
				for _, f := range st.feats[i] {
					for b, v := range g {
						step(int(f)*stride+b, v)
					}
				}
				// The edges into token i: from start for the first.
				a0, a1 := 0, numLabels
				if i == 0 {
					a0, a1 = start, start+1
				}
				for a := a0; a < a1; a++ {
					var ge [numLabels]float64
					for b := range ge {
						if i == 0 {
							ge[b] = -fb.node(0, b)
						} else {
							ge[b] = -fb.edge(m, i, a, b)
						}
					}
					gp := start
					if i > 0 {
						gp = st.gold[i-1]
					}
					if gp == a {
						ge[st.gold[i]]++
					}
					for b, v := range ge {
						if v != 0 {
							stepT(a, b, v)
						}
					}
					if m.pairs {
						for _, h := range st.pairs[i] {
							f := int(h.byte(byte(a)).bucket(m.bits)) * stride
							for b, v := range ge {
								if v != 0 {
									step(f+b, v)
								}
							}
						}
					}
				}
			}
			c++
		}
		if opt.Progress != nil {
			opt.Progress(epoch, int(nll))
		}
		if opt.Snapshot != nil && epoch < opt.Epochs {
			snap := *m
			snap.w = make([]float32, len(m.w))
			copy(snap.w, m.w)
			if acc != nil {
				snap.average(acc, &accT, c)
			}
			opt.Snapshot(epoch, &snap)
		}
	}
	if acc != nil {
		m.average(acc, &accT, c)
	}
	if opt.Snapshot != nil {
		opt.Snapshot(opt.Epochs, m)
	}
	return nil
}

// forwardBackward holds the scores and the forward and backward log
// sums of one sentence.
type forwardBackward struct {
	n     int
	emit  []float64 // n*numLabels
	pair  []float64 // n*pairRow, zero without pair features
	alpha []float64 // n*numLabels
	beta  []float64 // n*numLabels
	logZ  float64
}

// scores computes the emission and pair scores of sentence st.
func (fb *forwardBackward) scores(m *Model, st *sent) {
	n := len(st.gold)
	fb.n = n
	fb.emit = resize(fb.emit, n*numLabels)
	fb.pair = resize(fb.pair, n*pairRow)
	clear(fb.emit)
	clear(fb.pair)
	for i, fs := range st.feats {
		e := fb.emit[i*numLabels : i*numLabels+numLabels]
		for _, f := range fs {
			row := m.w[int(f)*stride : int(f)*stride+numLabels]
			for l, v := range row {
				e[l] += float64(v)
			}
		}
	}
	if !m.pairs {
		return
	}
	for i, hs := range st.pairs {
		a0, a1 := 0, numLabels
		if i == 0 {
			a0, a1 = start, start+1
		}
		for a := a0; a < a1; a++ {
			dst := fb.pair[i*pairRow+a*numLabels : i*pairRow+a*numLabels+numLabels]
			for _, h := range hs {
				f := int(h.byte(byte(a)).bucket(m.bits)) * stride
				for l := range dst {
					dst[l] += float64(m.w[f+l])
				}
			}
		}
	}
}

func resize(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

// edgeScore is the score of label b at token i after label a (start
// when i is 0), without the emission.
func (fb *forwardBackward) edgeScore(m *Model, i, a, b int) float64 {
	if !allowed(a, b) {
		return math.Inf(-1)
	}
	return float64(m.trans[a][b]) + fb.pair[i*pairRow+a*numLabels+b]
}

// run computes the forward and backward sums and returns the negative
// log-likelihood of the labels gold.
func (fb *forwardBackward) run(m *Model, gold []int) float64 {
	n := fb.n
	fb.alpha = resize(fb.alpha, n*numLabels)
	fb.beta = resize(fb.beta, n*numLabels)
	var tmp [numLabels]float64
	for b := 0; b < numLabels; b++ {
		fb.alpha[b] = fb.edgeScore(m, 0, start, b) + fb.emit[b]
	}
	for i := 1; i < n; i++ {
		for b := 0; b < numLabels; b++ {
			for a := 0; a < numLabels; a++ {
				tmp[a] = fb.alpha[(i-1)*numLabels+a] + fb.edgeScore(m, i, a, b)
			}
			fb.alpha[i*numLabels+b] = logSumExp(tmp[:]) + fb.emit[i*numLabels+b]
		}
	}
	for b := 0; b < numLabels; b++ {
		fb.beta[(n-1)*numLabels+b] = 0
	}
	for i := n - 2; i >= 0; i-- {
		for a := 0; a < numLabels; a++ {
			for b := 0; b < numLabels; b++ {
				tmp[b] = fb.edgeScore(m, i+1, a, b) + fb.emit[(i+1)*numLabels+b] + fb.beta[(i+1)*numLabels+b]
			}
			fb.beta[i*numLabels+a] = logSumExp(tmp[:])
		}
	}
	fb.logZ = logSumExp(fb.alpha[(n-1)*numLabels : n*numLabels])
	gs := fb.edgeScore(m, 0, start, gold[0]) + fb.emit[gold[0]]
	for i := 1; i < n; i++ {
		gs += fb.edgeScore(m, i, gold[i-1], gold[i]) + fb.emit[i*numLabels+gold[i]]
	}
	return fb.logZ - gs
}

// node returns the marginal probability of label b at token i.
func (fb *forwardBackward) node(i, b int) float64 {
	return math.Exp(fb.alpha[i*numLabels+b] + fb.beta[i*numLabels+b] - fb.logZ)
}

// edge returns the marginal probability of labels a, b at tokens i-1, i
// (i > 0).
func (fb *forwardBackward) edge(m *Model, i, a, b int) float64 {
	s := fb.edgeScore(m, i, a, b)
	if math.IsInf(s, -1) {
		return 0
	}
	return math.Exp(fb.alpha[(i-1)*numLabels+a] + s + fb.emit[i*numLabels+b] + fb.beta[i*numLabels+b] - fb.logZ)
}

func logSumExp(xs []float64) float64 {
	mx := math.Inf(-1)
	for _, x := range xs {
		mx = max(mx, x)
	}
	if math.IsInf(mx, -1) {
		return mx
	}
	var s float64
	for _, x := range xs {
		s += math.Exp(x - mx)
	}
	return mx + math.Log(s)
}
