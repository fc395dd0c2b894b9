package topics

import (
	"context"
	"math"
	"math/rand/v2"
	"sort"
)

// Word clusters for the English and French parts. Each part has a few
// hundred labelled documents: most words occur in one or two of them, and
// naive Bayes learns little from a word it saw once. Words used alike
// ("vaccine", "hospital", "patients"; "striker", "goal", "coach") share
// evidence through a cluster: word vectors are learned with the skip-gram
// objective (word2vec) from the part's training texts, grouped by
// spherical k-means, and a naive Bayes over cluster ids is added to the
// word model. Both are linear in the counts, so the cluster weight of
// every clustered word is folded into the word's own bucket: the model
// format and the prediction cost do not change.

// ClusterOptions configure the word clusters of the English and French
// parts (TrainOptions.Clusters).
type ClusterOptions struct {
	// K is the number of clusters; 0 disables them.
	K int
	// Weight scales the cluster naive Bayes before it is added to the word
	// weights (default 1).
	Weight float64
	// Dim is the size of the word vectors (default 64).
	Dim int
	// MinCount is the fewest occurrences a clustered word needs (default 3).
	MinCount int
	// Epochs of skip-gram training (default 10).
	Epochs int
	// Window is the skip-gram context on each side (default 3).
	Window int
	// Alpha is the smoothing of the cluster naive Bayes (default 1).
	Alpha float64
	// Given, when set, are the clusters to use instead of learning them
	// (cross-validation experiments).
	Given map[string]int
}

func (o *ClusterOptions) defaults() {
	if o.Weight == 0 {
		o.Weight = 1
	}
	if o.Dim == 0 {
		o.Dim = 64
	}
	if o.MinCount == 0 {
		o.MinCount = 3
	}
	if o.Epochs == 0 {
		o.Epochs = 10
	}
	if o.Window == 0 {
		o.Window = 3
	}
	if o.Alpha == 0 {
		o.Alpha = 1
	}
}

// wordClusters learns clusters of the words of texts (sequences of
// words in matching form) and returns each clustered word's cluster.
// It is deterministic for a given seed.
func wordClusters(ctx context.Context, texts [][]string, opt ClusterOptions, seed uint64) (map[string]int, error) {
	ids := map[string]int32{}
	var words []string
	var freq []int
	seqs := make([][]int32, 0, len(texts))
	for _, t := range texts {
		seq := make([]int32, 0, len(t))
		for _, w := range t {
			id, ok := ids[w]
			if !ok {
				id = int32(len(words))
				ids[w] = id
				words = append(words, w)
				freq = append(freq, 0)
			}
			freq[id]++
			seq = append(seq, id)
		}
		seqs = append(seqs, seq)
	}
	order := make([]int32, len(words))
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(a, b int) bool {
		x, y := order[a], order[b]
		if freq[x] != freq[y] {
			return freq[x] > freq[y]
		}
		return words[x] < words[y]
	})
	row := make([]int32, len(words))
	for i := range row {
		row[i] = -1
	}
	var vocab []int32
	for _, id := range order {
		if freq[id] < opt.MinCount {
			break
		}
		row[id] = int32(len(vocab))
		vocab = append(vocab, id)
	}
	out := map[string]int{}
	if len(vocab) < 2*opt.K {
		return out, nil
	}
	vec := skipGram(ctx, seqs, row, freq, vocab, opt, seed)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for r := range vocab {
		unit(vec[r*opt.Dim : r*opt.Dim+opt.Dim])
	}
	assign, err := sphericalKMeans(ctx, vec, opt.Dim, opt.K, 10, seed)
	if err != nil {
		return nil, err
	}
	for r, id := range vocab {
		out[words[id]] = assign[r]
	}
	return out, nil
}

// skipGram learns word vectors with skip-gram and negative sampling:
// each kept occurrence predicts its neighbours within opt.Window against
// five words drawn by frequency^0.75; frequent words are subsampled. It
// returns len(vocab) rows of opt.Dim values.
func skipGram(ctx context.Context, seqs [][]int32, row []int32, freq []int, vocab []int32, opt ClusterOptions, seed uint64) []float32 {
	const (
		neg    = 5
		sample = 1e-3
		lr0    = 0.025
	)
	dim := opt.Dim
	n := len(vocab)
	rng := rand.New(rand.NewPCG(seed^0x7ab1e5, seed+7))
	in := make([]float32, n*dim)
	out := make([]float32, n*dim)
	for i := range in {
		in[i] = (rng.Float32() - 0.5) / float32(dim)
	}
	var total, totalPow float64
	for _, id := range vocab {
		total += float64(freq[id])
		totalPow += math.Pow(float64(freq[id]), 0.75)
	}
	table := make([]int32, 1<<18)
	r, acc := 0, math.Pow(float64(freq[vocab[0]]), 0.75)/totalPow
	for i := range table {
		table[i] = int32(r)
		if float64(i+1)/float64(len(table)) > acc && r < n-1 {
			r++
			acc += math.Pow(float64(freq[vocab[r]]), 0.75) / totalPow
		}
	}
	keep := make([]float32, n)
	for r, id := range vocab {
		f := float64(freq[id]) / total
		keep[r] = float32(math.Min(1, (math.Sqrt(f/sample)+1)*sample/f))
	}
	words := 0
	for _, seq := range seqs {
		words += len(seq)
	}
	steps := float64(words * opt.Epochs)
	seen := 0
	grad := make([]float32, dim)
	buf := make([]int32, 0, 1024)
	for range opt.Epochs {
		for k, seq := range seqs {
			if k%256 == 0 && ctx.Err() != nil {
				return in
			}
			buf = buf[:0]
			for _, id := range seq {
				if r := row[id]; r >= 0 && rng.Float32() < keep[r] {
					buf = append(buf, r)
				}
			}
			seen += len(seq)
			lr := float32(lr0 * math.Max(0.0001, 1-float64(seen)/(steps+1)))
			for i, w := range buf {
				win := 1 + rng.IntN(opt.Window)
				for j := i - win; j <= i+win; j++ {
					if j < 0 || j >= len(buf) || j == i {
						continue
					}
					c := buf[j]
					v := in[int(c)*dim : int(c)*dim+dim]
					clear(grad)
					for d := 0; d <= neg; d++ {
						target, label := w, float32(1)
						if d > 0 {
							target = table[rng.IntN(len(table))]
							if target == w {
								continue
							}
							label = 0
						}
						u := out[int(target)*dim : int(target)*dim+dim]
						var dot float32
						for x := range v {
							dot += v[x] * u[x]
						}
						g := (label - logistic(dot)) * lr
						for x := range v {
							grad[x] += g * u[x]
							u[x] += g * v[x]
						}
					}
					for x := range v {
						v[x] += grad[x]
					}
				}
			}
		}
	}
	return in
}

func logistic(x float32) float32 {
	switch {
	case x > 6:
		return 1
	case x < -6:
		return 0
	}
	return float32(1 / (1 + math.Exp(-float64(x))))
}

// unit scales v to unit length.
func unit(v []float32) {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	if s == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i] *= inv
	}
}

// sphericalKMeans groups the unit rows of vec (rows of dim values) into
// k clusters by cosine similarity and returns each row's cluster.
func sphericalKMeans(ctx context.Context, vec []float32, dim, k, iters int, seed uint64) ([]int, error) {
	n := len(vec) / dim
	rng := rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d))
	cent := make([]float32, k*dim)
	perm := rng.Perm(n)
	for c := range k {
		copy(cent[c*dim:c*dim+dim], vec[perm[c]*dim:perm[c]*dim+dim])
	}
	assign := make([]int, n)
	for range iters {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for r := range n {
			v := vec[r*dim : r*dim+dim]
			best, arg := float32(math.Inf(-1)), 0
			for c := range k {
				cv := cent[c*dim : c*dim+dim]
				var d float32
				for j := range v {
					d += v[j] * cv[j]
				}
				if d > best {
					best, arg = d, c
				}
			}
			assign[r] = arg
		}
		clear(cent)
		for r := range n {
			cv := cent[assign[r]*dim : assign[r]*dim+dim]
			for j, x := range vec[r*dim : r*dim+dim] {
				cv[j] += x
			}
		}
		for c := range k {
			unit(cent[c*dim : c*dim+dim])
		}
	}
	return assign, nil
}

// LearnClusters learns the word clusters of the texts of inputs as Train
// does for the English and French parts (experiments).
func LearnClusters(ctx context.Context, inputs []Input, opt ClusterOptions, maxWords int, seed uint64) (map[string]int, error) {
	opt.defaults()
	f := featurizer{bits: [numParts]uint8{16, 16, 16}, maxWords: maxWords, latinUnigrams: true}
	var texts [][]string
	var b bag
	for _, in := range inputs {
		b.reset()
		f.featurize(&b, in, 1)
		texts = append(texts, bagWords(&b))
	}
	return wordClusters(ctx, texts, opt, seed)
}

// bagWords returns the words of the folded texts of b in order, numbers
// as "0".
func bagWords(b *bag) []string {
	var out []string
	for _, t := range b.folded {
		eachWord(t, func(w string, _ bool) bool {
			out = append(out, numberAsZero(w))
			return true
		})
	}
	return out
}

func numberAsZero(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return w
		}
	}
	return "0"
}

// featureWords returns the words whose unigram features featurize gave
// b (a Latin-script document read as naive Bayes reads it), one entry per
// occurrence, title words titleRepeat times.
func (f featurizer) featureWords(b *bag, titleRepeat int) []string {
	var out []string
	budget := f.maxWords
	for i, t := range b.folded {
		repeat, n := 1, budget
		if i == 0 && b.title {
			repeat, n = titleRepeat, f.maxWords
		} else if budget <= 0 {
			break
		}
		read := 0
		eachWord(t, func(w string, _ bool) bool {
			read++
			w = numberAsZero(w)
			if w == "0" || !isLatinStopword(w) {
				for range repeat {
					out = append(out, w)
				}
			}
			return read < n
		})
		if !(i == 0 && b.title) {
			budget -= read
		}
	}
	return out
}

// addClusterNB learns word clusters from texts, fits a naive Bayes over
// the cluster ids of the feature words of the part's documents (docs and
// featWords in the same order) and adds opt.Clusters.Weight times its
// weights to the bucket of every clustered word in w, the naive Bayes
// weights of part s.
func addClusterNB(ctx context.Context, w []float32, s int, feat featurizer, docs []tdoc, texts, featWords [][]string, opt TrainOptions) error {
	co := opt.Clusters
	co.defaults()
	cl := co.Given
	if cl == nil {
		var err error
		cl, err = wordClusters(ctx, texts, co, opt.Seed+uint64(s))
		if err != nil {
			return err
		}
	}
	if len(cl) == 0 {
		return nil
	}
	k := co.K
	count := make([]float64, k*NumClasses)
	var total [NumClasses]float64
	var own [NumClasses]bool
	for _, d := range docs {
		for c, t := range d.target {
			own[c] = own[c] || t > 0 && !d.pooled
		}
	}
	for i, d := range docs {
		for c, t := range d.target {
			if t == 0 || !own[c] {
				continue
			}
			x := float64(t * d.weight)
			for _, wd := range featWords[i] {
				if id, ok := cl[wd]; ok {
					count[id*NumClasses+c] += x
					total[c] += x
				}
			}
		}
	}
	wc := make([]float64, k*NumClasses)
	for id := range k {
		var lg [NumClasses]float64
		mean, n := 0.0, 0.0
		for c := range lg {
			if !own[c] {
				continue
			}
			lg[c] = math.Log(count[id*NumClasses+c]+co.Alpha) - math.Log(total[c]+co.Alpha*float64(k))
			mean += lg[c]
			n++
		}
		for c := range lg {
			if own[c] {
				wc[id*NumClasses+c] = co.Weight * (lg[c] - mean/n)
			}
		}
	}
	// Fold: the mean cluster weights of the words in each bucket.
	part := uint64(s) << 56
	mask := uint32(1)<<feat.bits[s] - 1
	type acc struct {
		sum [NumClasses]float64
		n   float64
	}
	buckets := map[uint32]*acc{}
	words := make([]string, 0, len(cl))
	for wd := range cl {
		words = append(words, wd)
	}
	sort.Strings(words)
	for _, wd := range words {
		if wd != "0" && isLatinStopword(wd) {
			continue
		}
		j := uint32(mix(hashString(seedWord^part, wd))) & mask
		a := buckets[j]
		if a == nil {
			a = &acc{}
			buckets[j] = a
		}
		id := cl[wd]
		for c := range a.sum {
			a.sum[c] += wc[id*NumClasses+c]
		}
		a.n++
	}
	for j, a := range buckets {
		for c := range a.sum {
			w[int(j)*NumClasses+c] += float32(a.sum[c] / a.n)
		}
	}
	return nil
}
