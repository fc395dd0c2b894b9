package langid

import (
	"math"
	"sort"
	"unicode/utf8"
)

// TrainOptions control Train.
type TrainOptions struct {
	// PerLanguage is the number of most frequent n-grams of each language
	// kept in the model (the vocabulary is their union).
	PerLanguage int
	// Alpha is the additive smoothing of the n-gram counts.
	Alpha float64
}

// Train counts the n-grams of texts (language code → texts) and returns a
// naive Bayes model over the most frequent ones. Languages are ordered by
// code, so training is deterministic. The confidence scale is set to 1;
// call FitBeta with held-out texts to calibrate it.
func Train(texts map[string][]string, opt TrainOptions) (*Model, error) {
	if opt.PerLanguage <= 0 {
		opt.PerLanguage = 12000
	}
	if opt.Alpha <= 0 {
		opt.Alpha = 0.5
	}
	langs := make([]string, 0, len(texts))
	for l := range texts {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	counts := make([]map[string]int, len(langs))
	for li, l := range langs {
		c := map[string]int{}
		var key []byte
		for _, t := range texts[l] {
			EachWord(t, 0, func(w []rune) {
				for i := range w {
					for n := 1; n <= MaxOrder && i+n <= len(w); n++ {
						if n == 1 && w[i] == ' ' {
							continue
						}
						key = key[:0]
						for _, r := range w[i : i+n] {
							key = utf8.AppendRune(key, r)
						}
						c[string(key)]++
					}
				}
			})
		}
		counts[li] = c
	}
	vocab := map[string]bool{}
	for _, c := range counts {
		type kv struct {
			k string
			v int
		}
		all := make([]kv, 0, len(c))
		for k, v := range c {
			all = append(all, kv{k, v})
		}
		sort.Slice(all, func(i, j int) bool {
			if all[i].v != all[j].v {
				return all[i].v > all[j].v
			}
			return all[i].k < all[j].k
		})
		for i := 0; i < len(all) && i < opt.PerLanguage; i++ {
			vocab[all[i].k] = true
		}
	}
	rows := make([]string, 0, len(vocab))
	for k := range vocab {
		rows = append(rows, k)
	}
	sort.Strings(rows)
	m := &Model{langs: langs, beta: 1, maxRunes: MaxRunes}
	m.weights = make([]int16, len(rows)*len(langs))
	for li := range langs {
		total := 0.0
		for _, k := range rows {
			total += float64(counts[li][k])
		}
		denom := total + opt.Alpha*float64(len(rows))
		for row, k := range rows {
			lp := math.Log((float64(counts[li][k]) + opt.Alpha) / denom)
			m.weights[row*len(langs)+li] = int16(max(math.Round(lp*100), math.MinInt16))
		}
	}
	if err := m.setNgrams(rows); err != nil {
		return nil, err
	}
	return m, nil
}

// Sample is a text whose language is known.
type Sample struct {
	Lang, Text string
}

// FitBeta sets the confidence scale to the value, from a fixed grid, that
// minimises the log loss of the confidences on held-out samples, and
// returns it. The predicted language does not depend on it.
func (m *Model) FitBeta(held []Sample) float64 {
	L := len(m.langs)
	type obs struct {
		sums []float64
		n    int
		gold int
	}
	var data []obs
	for _, s := range held {
		g := -1
		for l, c := range m.langs {
			if c == s.Lang {
				g = l
			}
		}
		sums := make([]float64, L)
		n := m.accumulate(s.Text, sums)
		if g < 0 || n == 0 {
			continue
		}
		data = append(data, obs{sums, n, g})
	}
	best, bestLoss := 1.0, math.Inf(1)
	for beta := 0.05; beta <= 8; beta *= 1.15 {
		loss := 0.0
		for _, o := range data {
			scale := beta * math.Sqrt(float64(o.n)) / float64(o.n) / 100
			maxZ := math.Inf(-1)
			for _, v := range o.sums {
				maxZ = math.Max(maxZ, v*scale)
			}
			total := 0.0
			for _, v := range o.sums {
				total += math.Exp(v*scale - maxZ)
			}
			loss -= o.sums[o.gold]*scale - maxZ - math.Log(total)
		}
		if loss < bestLoss {
			best, bestLoss = beta, loss
		}
	}
	m.beta = float64(float32(best)) // as stored
	return m.beta
}
