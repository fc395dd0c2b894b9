package ner

import (
	"bytes"
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// tinyVectors returns unit vectors for the words of tinyCorpus: the
// first names near each other, the places near each other, the rest
// apart.
func tinyVectors() *WordVectors {
	groups := [][]string{
		{"alice", "bob", "carol", "dan", "eve"},
		{"brown", "stone", "white", "green", "black"},
		{"paris", "rome", "cairo", "oslo", "lima"},
		{"president", "visited", "on", "monday", "."},
	}
	const dim = 8
	v := &WordVectors{Dim: dim}
	rng := rand.New(rand.NewPCG(5, 6))
	for g, ws := range groups {
		for _, w := range ws {
			row := make([]float32, dim)
			row[g] = 1
			for d := range row {
				row[d] += 0.1 * (rng.Float32() - 0.5)
			}
			normalizeVec(row)
			v.Words = append(v.Words, w)
			v.Vec = append(v.Vec, row...)
		}
	}
	return v
}

func TestWordExtraModelRoundTrip(t *testing.T) {
	ctx := context.Background()
	for _, opt := range []WordExtraOptions{
		{Levels: []int{2, 4}, Neighbours: true},
		{Branch: 2, Depth: 3},
		{Embedding: true, Neighbours: true},
	} {
		x, err := BuildWordExtra(ctx, tinyVectors(), opt)
		if err != nil {
			t.Fatal(err)
		}
		m, err := Train(ctx, tinyCorpus(), TrainOptions{Name: "latin", Bits: 14, Epochs: 5, Seed: 7, Extra: x, Runs: true})
		if err != nil {
			t.Fatal(err)
		}
		words := []string{"President", "Carol", "White", "visited", "Oslo", "on", "Monday", "."}
		want := []string{"O", "B-PER", "I-PER", "O", "B-LOC", "O", "O", "O"}
		if got := m.Tag(words, nil); !reflect.DeepEqual(got, want) {
			t.Fatalf("%+v: Tag = %v, want %v", opt, got, want)
		}
		var buf bytes.Buffer
		if _, err := m.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		m2, err := ReadModel(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if !equalExtra(m.extra, m2.extra) || !m2.runs {
			t.Fatalf("%+v: the extra word features or the run flag did not survive the round trip", opt)
		}
		if got := m2.Tag(words, nil); !reflect.DeepEqual(got, want) {
			t.Fatalf("%+v: after round trip Tag = %v, want %v", opt, got, want)
		}
		// The word cache sums the extra features as the plain sums do.
		var cached, plain scratch
		m2.emissionsCached(&cached, words, nil)
		plain.toks = m2.analyse(plain.toks, nil, words, nil)
		m2.emissions(&plain, len(words))
		if !slices.Equal(cached.emit, plain.emit) {
			t.Fatalf("%+v: cached emissions %v, plain %v", opt, cached.emit, plain.emit)
		}
	}
}

func TestModelWithoutExtraKeepsVersion4(t *testing.T) {
	m, err := Train(context.Background(), tinyCorpus(), TrainOptions{Name: "latin", Bits: 10, Epochs: 1})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := ReadModel(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if m2.extra != nil || m2.runs {
		t.Fatal("a model without extra features read back with them")
	}
	var again bytes.Buffer
	if _, err := m2.WriteTo(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Fatal("a model read and written again changed")
	}
}

func TestKmeansTree(t *testing.T) {
	v := tinyVectors()
	paths, err := kmeansTree(context.Background(), v.Vec, v.Dim, 2, 3, 8, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 3 {
		t.Fatalf("%d levels, want 3", len(paths))
	}
	for l := 1; l < len(paths); l++ {
		for r := range paths[l] {
			if paths[l][r]/2 != paths[l-1][r] {
				t.Fatalf("row %d: level %d path %d does not extend level %d path %d", r, l, paths[l][r], l-1, paths[l-1][r])
			}
		}
	}
	// Rows of one group share the top of the tree at least as often as
	// not: the four groups fall into two halves, whole.
	for g := 0; g < 4; g++ {
		for r := g * 5; r < g*5+5; r++ {
			if paths[0][r] != paths[0][g*5] {
				t.Errorf("group %d split at the top", g)
			}
		}
	}
}

func TestBuildWordExtraEmbedding(t *testing.T) {
	x, err := BuildWordExtra(context.Background(), tinyVectors(), WordExtraOptions{Embedding: true})
	if err != nil {
		t.Fatal(err)
	}
	// "paris" points along dimension 2: high there, nothing low.
	r := int(x.row("paris", "paris") - 1)
	code := x.codes[r*x.dims : r*x.dims+x.dims]
	if code[2] != 1 {
		t.Errorf("paris: code of dimension 2 is %d, want 1 (high)", code[2])
	}
	if x.row("unknown", "unknown") != 0 {
		t.Error("an unknown word has a row")
	}
}

func TestRunFeatures(t *testing.T) {
	m := newModel("latin", 16, nil)
	m.runs, m.orgHeads = true, orgHeadWords()
	words := strings.Fields("fans of Manchester United Football Club while Bank of England cheered")
	toks := m.analyse(nil, nil, words, nil)
	head := fnvOffset.byte(fRunHead).byte(0).bucket(m.bits)
	pos := func(p byte, n int) uint32 { return fnvOffset.byte(fRunPos).byte(p).byte(byte(n)).bucket(m.bits) }
	for _, c := range []struct {
		i       int
		pos     byte
		n       int
		orgHead bool
	}{
		{2, 'B', 4, true}, // Manchester: Club ahead in the run
		{5, 'E', 4, true},
		{7, 'B', 3, true}, // Bank of England
		{9, 'E', 3, true},
	} {
		fs := m.runFeatures(nil, toks, c.i)
		if !slices.Contains(fs, pos(c.pos, c.n)) {
			t.Errorf("%s: no position %c in a run of %d", words[c.i], c.pos, c.n)
		}
		if slices.Contains(fs, head) != c.orgHead {
			t.Errorf("%s: organisation head feature %v, want %v", words[c.i], !c.orgHead, c.orgHead)
		}
	}
	if fs := m.runFeatures(nil, toks, 0); len(fs) != 0 {
		t.Errorf("a lower-case word has run features %v", fs)
	}
}

// TestForwardBackward checks the CRF's sums against enumerating every
// label sequence of short sentences.
func TestForwardBackward(t *testing.T) {
	m := newModel("x", 8, nil)
	m.pairs = true
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range m.w {
		m.w[i] = float32(rng.NormFloat64())
	}
	for a := range m.trans {
		for b := range m.trans[a] {
			m.trans[a][b] = float32(rng.NormFloat64())
		}
	}
	for n := 1; n <= 4; n++ {
		st := sent{gold: make([]int, n)}
		for range n {
			st.feats = append(st.feats, []uint32{uint32(rng.IntN(256)), uint32(rng.IntN(256))})
			st.pairs = append(st.pairs, []hasher{hasher(rng.Uint64())})
		}
		st.gold[0] = 1 // B-PER, then I-PER
		for i := 1; i < n; i++ {
			st.gold[i] = 2
		}
		var fb forwardBackward
		fb.scores(m, &st)
		nll := fb.run(m, st.gold)
		// Enumerate.
		var scores []float64
		node := make([][numLabels]float64, n)
		var goldScore float64
		seq := make([]int, n)
		var rec func(i int)
		rec = func(i int) {
			if i == n {
				s := fb.edgeScore(m, 0, start, seq[0]) + fb.emit[seq[0]]
				for j := 1; j < n; j++ {
					s += fb.edgeScore(m, j, seq[j-1], seq[j]) + fb.emit[j*numLabels+seq[j]]
				}
				if math.IsInf(s, -1) {
					return
				}
				scores = append(scores, s)
				if slices.Equal(seq, st.gold) {
					goldScore = s
				}
				for j, l := range seq {
					node[j][l] += math.Exp(s)
				}
				return
			}
			for l := 0; l < numLabels; l++ {
				seq[i] = l
				rec(i + 1)
			}
		}
		rec(0)
		logZ := logSumExp(scores)
		if d := math.Abs(fb.logZ - logZ); d > 1e-9 {
			t.Fatalf("n=%d: log Z %v, enumerated %v", n, fb.logZ, logZ)
		}
		if d := math.Abs(nll - (logZ - goldScore)); d > 1e-9 {
			t.Fatalf("n=%d: NLL %v, enumerated %v", n, nll, logZ-goldScore)
		}
		for i := range n {
			for l := range numLabels {
				if d := math.Abs(fb.node(i, l) - node[i][l]/math.Exp(logZ)); d > 1e-9 {
					t.Fatalf("n=%d token %d label %d: marginal %v, enumerated %v", n, i, l, fb.node(i, l), node[i][l]/math.Exp(logZ))
				}
			}
		}
		// Edge marginals sum to the node marginal of their label.
		for i := 1; i < n; i++ {
			for b := range numLabels {
				var s float64
				for a := range numLabels {
					s += fb.edge(m, i, a, b)
				}
				if d := math.Abs(s - fb.node(i, b)); d > 1e-9 {
					t.Fatalf("n=%d token %d label %d: edge marginals sum to %v, node %v", n, i, b, s, fb.node(i, b))
				}
			}
		}
	}
}

func TestTrainCRF(t *testing.T) {
	m, err := Train(context.Background(), tinyCorpus(), TrainOptions{Name: "latin", Bits: 14, Epochs: 3, Seed: 7, Pairs: true, CRF: &CRFOptions{Average: true}})
	if err != nil {
		t.Fatal(err)
	}
	words := []string{"President", "Carol", "White", "visited", "Oslo", "on", "Monday", "."}
	want := []string{"O", "B-PER", "I-PER", "O", "B-LOC", "O", "O", "O"}
	if got := m.Tag(words, nil); !reflect.DeepEqual(got, want) {
		t.Fatalf("Tag = %v, want %v", got, want)
	}
}
