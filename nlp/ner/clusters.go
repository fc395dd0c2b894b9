package ner

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"strings"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

// ClusterOptions configure LearnClusters.
type ClusterOptions struct {
	// Vocab is the number of most frequent words clustered. Default 40000.
	Vocab int
	// MinCount is the fewest occurrences a clustered word needs. Default 5.
	MinCount int
	// Dim is the size of the word vectors. Default 64.
	Dim int
	// Fine and Coarse are the numbers of clusters at the two granularities.
	// Defaults 256 and 32.
	Fine, Coarse int
	// Iterations of k-means. Default 8.
	Iterations int
	// Seed fixes the initial centroids.
	Seed uint64
	// Sample is the subsampling threshold of frequent words (word2vec's
	// -sample). Default 1e-4; negative: no subsampling.
	Sample float64
	// MaxWords bounds the running text read, 0 for no bound.
	MaxWords int
}

// LearnClusters groups words by the company they keep in unlabelled text:
// every frequent word (in matching form) gets a vector learned with the
// skip-gram objective (predict the neighbours at offsets -2..+2), and
// spherical k-means groups the vectors at two granularities. Words used
// alike (city names, first names, verbs of saying) fall into the same
// cluster, which lets the tagger generalise to names it never saw
// labelled. Learning is deterministic for a given seed.
//
// files are gzipped JSON Lines with "title" and "text" fields (.jsonl.gz),
// or plain text / TSV files read line by line.
func LearnClusters(ctx context.Context, files []string, opt ClusterOptions) (map[string][2]uint16, error) {
	v, err := LearnWordVectors(ctx, files, opt)
	if err != nil {
		return nil, err
	}
	return v.Clusters(ctx, opt)
}

// WordVectors are word vectors learned from unlabelled text (see
// LearnWordVectors).
type WordVectors struct {
	// Words is the vocabulary in matching form, most frequent first.
	Words []string
	// Dim is the size of a vector.
	Dim int
	// Vec holds len(Words) rows of Dim values, each row of unit length.
	Vec []float32
}

// withDefaults returns opt with its zero fields set to their defaults.
func (opt ClusterOptions) withDefaults() ClusterOptions {
	if opt.Vocab == 0 {
		opt.Vocab = 40000
	}
	if opt.MinCount == 0 {
		opt.MinCount = 5
	}
	if opt.Dim == 0 {
		opt.Dim = 64
	}
	if opt.Fine == 0 {
		opt.Fine = 256
	}
	if opt.Coarse == 0 {
		opt.Coarse = 32
	}
	if opt.Iterations == 0 {
		opt.Iterations = 8
	}
	return opt
}

// LearnWordVectors learns the skip-gram vectors LearnClusters clusters:
// one for every frequent word of the texts of files, in matching form.
// Learning is deterministic for a given seed.
func LearnWordVectors(ctx context.Context, files []string, opt ClusterOptions) (*WordVectors, error) {
	opt = opt.withDefaults()
	// Read the text as sequences of folded words, interned to ids.
	ids := map[string]int32{}
	var words []string
	var freq []int
	var seqs [][]int32
	total := 0
	for _, path := range files {
		err := readTexts(path, func(text string) {
			if opt.MaxWords > 0 && total >= opt.MaxWords {
				return
			}
			toks := tokenize.Tokenize(text)
			seq := make([]int32, 0, len(toks))
			for _, t := range toks {
				w := normalize.Fold(t.Text(text))
				if t.Kind == tokenize.Number {
					w = "0"
				}
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
			total += len(seq)
			seqs = append(seqs, seq)
		})
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	// The vocabulary: frequent words by decreasing count, then by text.
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
		if len(vocab) == opt.Vocab || freq[id] < opt.MinCount {
			break
		}
		row[id] = int32(len(vocab))
		vocab = append(vocab, id)
	}
	if len(vocab) < opt.Fine {
		return nil, fmt.Errorf("ner: clusters: only %d words occur %d times or more", len(vocab), opt.MinCount)
	}
	vec := sgns(ctx, seqs, row, freq, vocab, opt)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	dim := opt.Dim
	for r := range vocab {
		normalizeVec(vec[r*dim : r*dim+dim])
	}
	out := &WordVectors{Words: make([]string, len(vocab)), Dim: dim, Vec: vec}
	for r, id := range vocab {
		out.Words[r] = words[id]
	}
	return out, nil
}

// Clusters groups the vectors with spherical k-means at the two
// granularities of opt (Fine and Coarse, Iterations, Seed) and returns
// every word's fine and coarse cluster ids, 1-based.
func (v *WordVectors) Clusters(ctx context.Context, opt ClusterOptions) (map[string][2]uint16, error) {
	opt = opt.withDefaults()
	fine, err := kmeans(ctx, v.Vec, v.Dim, opt.Fine, opt.Iterations, opt.Seed)
	if err != nil {
		return nil, err
	}
	coarse, err := kmeans(ctx, v.Vec, v.Dim, opt.Coarse, opt.Iterations, opt.Seed+1)
	if err != nil {
		return nil, err
	}
	out := make(map[string][2]uint16, len(v.Words))
	for r, w := range v.Words {
		out[w] = [2]uint16{uint16(fine[r] + 1), uint16(coarse[r] + 1)}
	}
	return out, nil
}

// sgns learns word vectors with skip-gram and negative sampling (the
// word2vec objective) in one deterministic pass over the text: each word
// of the vocabulary predicts its neighbours at offsets -2..+2 against
// random words drawn by frequency^0.75. Frequent words are subsampled.
// It returns len(vocab) rows of opt.Dim values.
func sgns(ctx context.Context, seqs [][]int32, row []int32, freq []int, vocab []int32, opt ClusterOptions) []float32 {
	const (
		window = 2
		neg    = 5
	)
	sample := opt.Sample
	if sample == 0 {
		sample = 1e-4
	}
	dim := opt.Dim
	n := len(vocab)
	rng := rand.New(rand.NewPCG(opt.Seed^0xabcdef, opt.Seed+99))
	in := make([]float32, n*dim)
	out := make([]float32, n*dim)
	for i := range in {
		in[i] = (rng.Float32() - 0.5) / float32(dim)
	}
	// Negative sampling table.
	var total, totalPow float64
	for _, id := range vocab {
		total += float64(freq[id])
		totalPow += math.Pow(float64(freq[id]), 0.75)
	}
	table := make([]int32, 1<<20)
	r, acc := 0, math.Pow(float64(freq[vocab[0]]), 0.75)/totalPow
	for i := range table {
		table[i] = int32(r)
		if float64(i+1)/float64(len(table)) > acc && r < n-1 {
			r++
			acc += math.Pow(float64(freq[vocab[r]]), 0.75) / totalPow
		}
	}
	keep := make([]float32, n) // probability of keeping an occurrence
	for r, id := range vocab {
		f := float64(freq[id]) / total
		keep[r] = 1
		if sample > 0 {
			keep[r] = float32(math.Min(1, (math.Sqrt(f/sample)+1)*sample/f))
		}
	}
	words := 0
	for _, seq := range seqs {
		words += len(seq)
	}
	const lr0 = 0.025
	seen := 0
	grad := make([]float32, dim)
	buf := make([]int32, 0, 256)
	for k, seq := range seqs {
		if k%1024 == 0 && ctx.Err() != nil {
			return in
		}
		buf = buf[:0]
		for _, id := range seq {
			r := row[id]
			if r >= 0 && rng.Float32() < keep[r] {
				buf = append(buf, r)
			}
		}
		seen += len(seq)
		lr := float32(lr0 * math.Max(0.0001, 1-float64(seen)/float64(words+1)))
		for i, w := range buf {
			for j := i - window; j <= i+window; j++ {
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
					g := (label - sigmoid(dot)) * lr
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
	return in
}

func sigmoid(x float32) float32 {
	switch {
	case x > 6:
		return 1
	case x < -6:
		return 0
	}
	return float32(1 / (1 + math.Exp(-float64(x))))
}

func normalizeVec(v []float32) {
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

// kmeans clusters the unit rows of vec (n rows of dim) into k groups by
// cosine similarity and returns each row's group.
func kmeans(ctx context.Context, vec []float32, dim, k, iters int, seed uint64) ([]int, error) {
	n := len(vec) / dim
	rng := rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d))
	cent := make([]float32, k*dim)
	perm := rng.Perm(n)
	for c := 0; c < k; c++ {
		copy(cent[c*dim:c*dim+dim], vec[perm[c]*dim:perm[c]*dim+dim])
	}
	assign := make([]int, n)
	for it := 0; it < iters; it++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for r := 0; r < n; r++ {
			v := vec[r*dim : r*dim+dim]
			best, arg := float32(math.Inf(-1)), 0
			for c := 0; c < k; c++ {
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
		for r := 0; r < n; r++ {
			cv := cent[assign[r]*dim : assign[r]*dim+dim]
			for j, x := range vec[r*dim : r*dim+dim] {
				cv[j] += x
			}
		}
		for c := 0; c < k; c++ {
			normalizeVec(cent[c*dim : c*dim+dim])
		}
	}
	return assign, nil
}

// readTexts calls fn with every text of a file: the title and text fields
// of gzipped JSON Lines, or every line of another file.
func readTexts(path string, fn func(string)) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("ner: clusters: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	gz := strings.HasSuffix(path, ".gz")
	if gz {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("ner: clusters: %s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if gz && strings.Contains(path, ".jsonl") {
			var doc struct {
				Title string `json:"title"`
				Text  string `json:"text"`
			}
			if err := json.Unmarshal(line, &doc); err != nil {
				return fmt.Errorf("ner: clusters: %s: %w", path, err)
			}
			fn(doc.Title)
			fn(doc.Text)
			continue
		}
		fn(string(line))
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("ner: clusters: %s: %w", path, err)
	}
	return nil
}
