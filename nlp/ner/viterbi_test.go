package ner

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// viterbiReference is the first viterbi: it looks at every pair of
// labels, a forbidden pair scoring -Inf.
func (m *Model) viterbiReference(s *scratch, n int, out []int) []int {
	out = out[:0]
	if n == 0 {
		return out
	}
	if cap(s.back) < n*numLabels {
		s.back = make([]int8, n*numLabels)
	}
	s.back = s.back[:n*numLabels]
	var cur, next [numLabels]float32
	negInf := float32(math.Inf(-1))
	pair := m.pairs && len(s.pair) >= n*pairRow
	// trans is m.trans with -Inf for the label pairs that may not follow
	// each other: a path through one scores -Inf and never wins, as a
	// skipped one. (A previous label scoring -Inf gives -Inf too.)
	var trans [numLabels][numLabels]float32
	for a := range trans {
		for b := range trans[a] {
			if allowed(a, b) {
				trans[a][b] = m.trans[a][b]
			} else {
				trans[a][b] = negInf
			}
		}
	}
	for b := 0; b < numLabels; b++ {
		if allowed(start, b) {
			cur[b] = m.trans[start][b] + s.emit[b]
			if pair {
				cur[b] += s.pair[start*numLabels+b]
			}
		} else {
			cur[b] = negInf
		}
	}
	// lo[b] and hi[b] bound the labels that may precede label b: the
	// others would score -Inf and need no look.
	var lo, hi [numLabels]int
	for b := range lo {
		lo[b], hi[b] = numLabels, 0
		for a := 0; a < numLabels; a++ {
			if allowed(a, b) {
				lo[b], hi[b] = min(lo[b], a), a+1
			}
		}
	}
	var noPair [pairRow]float32 // adding zeros changes no score
	for i := 1; i < n; i++ {
		emit := (*[numLabels]float32)(s.emit[i*numLabels:])
		back := (*[numLabels]int8)(s.back[i*numLabels:])
		p := &noPair
		if pair {
			p = (*[pairRow]float32)(s.pair[i*pairRow:])
		}
		for b := 0; b < numLabels; b++ {
			best, arg := negInf, 0
			for a := lo[b]; a < hi[b]; a++ {
				if v := cur[a] + trans[a][b] + p[a*numLabels+b]; v > best {
					best, arg = v, a
				}
			}
			next[b] = best + emit[b]
			back[b] = int8(arg)
		}
		cur = next
	}
	best, arg := negInf, 0
	for b := 0; b < numLabels; b++ {
		if cur[b] > best {
			best, arg = cur[b], b
		}
	}
	for i := 0; i < n; i++ {
		out = append(out, 0)
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = arg
		arg = int(s.back[i*numLabels+arg])
	}
	return out
}

// randomLattice fills s with the emission and pair scores of n tokens and
// m with transitions, drawn from few values so that ties are common, and
// now and then -Inf.
func randomLattice(rng *rand.Rand, m *Model, s *scratch, n int) {
	val := func() float32 {
		switch rng.IntN(20) {
		case 0:
			return float32(math.Inf(-1))
		case 1:
			return rng.Float32()*100 - 50
		}
		return float32(rng.IntN(5) - 2)
	}
	for a := range m.trans {
		for b := range m.trans[a] {
			m.trans[a][b] = val()
		}
	}
	s.emit = s.emit[:0]
	for range n * numLabels {
		s.emit = append(s.emit, val())
	}
	s.pair = s.pair[:0]
	if m.pairs {
		for range n * pairRow {
			s.pair = append(s.pair, val())
		}
	}
}

// TestViterbiMatchesReference checks viterbi against viterbiReference on
// random lattices, with and without pair scores.
func TestViterbiMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var s scratch
	var got, want []int
	for k := range 20000 {
		m := &Model{pairs: k%2 == 0}
		n := rng.IntN(12)
		randomLattice(rng, m, &s, n)
		want = m.viterbiReference(&s, n, want)
		got = m.viterbi(&s, n, got)
		if !slices.Equal(got, want) {
			t.Fatalf("lattice %d (%d tokens, pairs %v): viterbi %v, reference %v", k, n, m.pairs, got, want)
		}
	}
}

// FuzzViterbi checks viterbi against viterbiReference on lattices read
// from the fuzzer's bytes: the transitions, then the scores of each token;
// a byte is a small score (ties are common), 255 is -Inf.
func FuzzViterbi(f *testing.F) {
	f.Add(make([]byte, 8*7+3*(7+8*7)), true)
	f.Add([]byte{255, 1, 2, 3, 255, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, false)
	f.Fuzz(func(t *testing.T, data []byte, pairs bool) {
		m := &Model{pairs: pairs}
		next := func() float32 {
			if len(data) == 0 {
				return 0
			}
			b := data[0]
			data = data[1:]
			if b == 255 {
				return float32(math.Inf(-1))
			}
			return float32(int(b%9) - 4)
		}
		for a := range m.trans {
			for b := range m.trans[a] {
				m.trans[a][b] = next()
			}
		}
		perToken := numLabels
		if pairs {
			perToken += pairRow
		}
		n := min(len(data)/perToken, 100)
		var s scratch
		for range n * numLabels {
			s.emit = append(s.emit, next())
		}
		if pairs {
			for range n * pairRow {
				s.pair = append(s.pair, next())
			}
		}
		want := m.viterbiReference(&s, n, nil)
		if got := m.viterbi(&s, n, nil); !slices.Equal(got, want) {
			t.Fatalf("viterbi %v, reference %v", got, want)
		}
	})
}

// BenchmarkViterbi decodes random 30-token lattices with pair scores, with
// viterbi and with the first viterbi.
func BenchmarkViterbi(b *testing.B) {
	rng := rand.New(rand.NewPCG(11, 12))
	m := &Model{pairs: true}
	var s scratch
	randomLattice(rng, m, &s, 30)
	var out []int
	for _, v := range []struct {
		name string
		f    func(*scratch, int, []int) []int
	}{{"current", m.viterbi}, {"reference", m.viterbiReference}} {
		b.Run(v.name, func(b *testing.B) {
			for b.Loop() {
				out = v.f(&s, 30, out)
			}
		})
	}
}
