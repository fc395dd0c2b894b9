package ner

import (
	"context"
	"math/rand/v2"
	"sort"
)

// Example is one training sentence: words with their BIO tags and,
// optionally, gazetteer tags.
type Example struct {
	Words []string
	Tags  []string
	Gaz   []string
}

// TrainOptions configure Train.
type TrainOptions struct {
	// Name is the model's name ("ar", "latin").
	Name string
	// Bits is the log2 of the number of hash buckets. Default 20.
	Bits uint
	// Epochs is the number of passes over the data. Default 10.
	Epochs int
	// Seed fixes the shuffling order. Training is deterministic for a
	// given seed and data.
	Seed uint64
	// Clusters maps folded words to fine and coarse cluster ids (1-based);
	// nil disables the cluster features.
	Clusters map[string][2]uint16
	// CaseClasses maps folded Latin-script words to their case class (see
	// LearnCaseClasses); nil disables the case-class features.
	CaseClasses map[string]uint8
	// Lexicon, when non-nil, tags known names in every sentence (Example.Gaz
	// is then computed) and the model learns to use the tags.
	Lexicon Lexicon
	// Pairs adds features conjoined with the previous label.
	Pairs bool
	// Progress, when non-nil, is called after every epoch with the number
	// of training errors (tokens mislabelled) in that epoch.
	Progress func(epoch, errors int)
	// Snapshot, when non-nil, is called after every epoch with the model
	// averaged so far (a copy: the caller may keep and score it). It
	// lets cross-validation choose the number of epochs in one run.
	Snapshot func(epoch int, m *Model)
}

// Train learns a model from examples with the averaged structured
// perceptron: each sentence is decoded with the current weights and, when
// the decoding differs from the gold tags, the gold features are rewarded
// and the predicted ones penalised. The returned weights are the average
// over all steps, which generalises far better than the last weights.
func Train(ctx context.Context, examples []Example, opt TrainOptions) (*Model, error) {
	if opt.Bits == 0 {
		opt.Bits = 20
	}
	if opt.Epochs == 0 {
		opt.Epochs = 10
	}
	m := newModel(opt.Name, opt.Bits, opt.Clusters)
	m.lexicon = opt.Lexicon != nil
	m.caseClass = opt.CaseClasses
	m.pairs = opt.Pairs

	// Precompute the feature buckets and gold labels of every token.
	type sent struct {
		feats [][]uint32
		pairs [][]hasher
		gold  []int
	}
	data := make([]sent, 0, len(examples))
	var s scratch
	for _, ex := range examples {
		if len(ex.Words) == 0 {
			continue
		}
		gaz := ex.Gaz
		if opt.Lexicon != nil && gaz == nil {
			gaz = wordsLexTags(opt.Lexicon, ex.Words)
		}
		s.toks = m.analyse(s.toks, ex.Words, gaz)
		st := sent{feats: make([][]uint32, len(ex.Words)), gold: make([]int, len(ex.Words))}
		for i := range ex.Words {
			f := m.features(nil, s.toks, i)
			st.feats[i] = f
			st.gold[i] = labelIndex(ex.Tags[i])
			if m.pairs {
				st.pairs = append(st.pairs, m.pairFeatures(nil, s.toks, i))
			}
		}
		data = append(data, st)
	}

	// acc holds the sum over steps of each update times its step, so that
	// the average is w - acc/c (Daumé's trick).
	acc := make([]float64, len(m.w))
	var accT [numLabels + 1][numLabels]float64
	c := 1.0
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
	var pred []int
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs := 0
		for _, k := range order {
			st := &data[k]
			n := len(st.gold)
			if cap(s.emit) < n*numLabels {
				s.emit = make([]float32, n*numLabels)
			}
			s.emit = s.emit[:n*numLabels]
			for i, fs := range st.feats {
				var a [stride]float32
				for _, f := range fs {
					row := m.w[int(f)*stride : int(f)*stride+stride]
					for l := range a {
						a[l] += row[l]
					}
				}
				copy(s.emit[i*numLabels:], a[:numLabels])
			}
			if m.pairs {
				if cap(s.pair) < n*pairRow {
					s.pair = make([]float32, n*pairRow)
				}
				s.pair = s.pair[:n*pairRow]
				clear(s.pair)
				for i, hs := range st.pairs {
					a0, a1 := 0, numLabels
					if i == 0 {
						a0, a1 = start, start+1
					}
					for a := a0; a < a1; a++ {
						dst := s.pair[i*pairRow+a*numLabels : i*pairRow+a*numLabels+numLabels]
						for _, h := range hs {
							f := int(h.byte(byte(a)).bucket(m.bits))
							row := m.w[f*stride : f*stride+stride]
							for l := range dst {
								dst[l] += row[l]
							}
						}
					}
				}
			}
			pred = m.viterbi(&s, n, pred)
			for i := 0; i < n; i++ {
				g, p := st.gold[i], pred[i]
				if g != p {
					errs++
					for _, f := range st.feats[i] {
						m.w[int(f)*stride+g]++
						m.w[int(f)*stride+p]--
						acc[int(f)*stride+g] += c
						acc[int(f)*stride+p] -= c
					}
				}
				gp, pp := start, start
				if i > 0 {
					gp, pp = st.gold[i-1], pred[i-1]
				}
				if m.pairs && (g != p || gp != pp) {
					for _, h := range st.pairs[i] {
						fg := int(h.byte(byte(gp)).bucket(m.bits))*stride + g
						fp := int(h.byte(byte(pp)).bucket(m.bits))*stride + p
						m.w[fg]++
						m.w[fp]--
						acc[fg] += c
						acc[fp] -= c
					}
				}
				if g != p || gp != pp {
					m.trans[gp][g]++
					m.trans[pp][p]--
					accT[gp][g] += c
					accT[pp][p] -= c
				}
			}
			c++
		}
		if opt.Progress != nil {
			opt.Progress(epoch, errs)
		}
		if opt.Snapshot != nil && epoch < opt.Epochs {
			snap := *m
			snap.w = make([]float32, len(m.w))
			copy(snap.w, m.w)
			snap.average(acc, &accT, c)
			opt.Snapshot(epoch, &snap)
		}
	}
	m.average(acc, &accT, c)
	if opt.Snapshot != nil {
		opt.Snapshot(opt.Epochs, m)
	}
	return m, nil
}

// average turns the running weights into the averaged ones given the
// step-weighted update sums acc and accT after c steps.
func (m *Model) average(acc []float64, accT *[numLabels + 1][numLabels]float64, c float64) {
	for i := range m.w {
		m.w[i] -= float32(acc[i] / c)
	}
	for a := range m.trans {
		for b := range m.trans[a] {
			m.trans[a][b] -= float32(accT[a][b] / c)
		}
	}
}

func sortedKeys(m map[string][2]uint16) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
