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
	// Dim is the size of the hashed context vectors. Default 128.
	Dim int
	// Fine and Coarse are the numbers of clusters at the two granularities.
	// Defaults 256 and 32.
	Fine, Coarse int
	// Contexts is the number of most frequent words used as contexts.
	// Default 3000.
	Contexts int
	// Iterations of k-means. Default 8.
	Iterations int
	// Seed fixes the initial centroids.
	Seed uint64
	// MaxWords bounds the running text read, 0 for no bound.
	MaxWords int
}

// LearnClusters groups words by the company they keep in unlabelled text:
// each frequent word (in matching form) gets a vector of its neighbours at
// offsets -2..+2, hashed into Dim signed dimensions and weighted down for
// frequent neighbours, and spherical k-means groups the vectors at two
// granularities. Words used alike (city names, first names, verbs of
// saying) fall into the same cluster, which lets the tagger generalise to
// names it never saw labelled.
//
// files are gzipped JSON Lines with "title" and "text" fields (.jsonl.gz),
// or plain text / TSV files read line by line.
func LearnClusters(ctx context.Context, files []string, opt ClusterOptions) (map[string][2]uint16, error) {
	if opt.Vocab == 0 {
		opt.Vocab = 40000
	}
	if opt.MinCount == 0 {
		opt.MinCount = 5
	}
	if opt.Dim == 0 {
		opt.Dim = 128
	}
	if opt.Fine == 0 {
		opt.Fine = 256
	}
	if opt.Coarse == 0 {
		opt.Coarse = 32
	}
	if opt.Contexts == 0 {
		opt.Contexts = 3000
	}
	if opt.Iterations == 0 {
		opt.Iterations = 8
	}
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
	// Context vectors: each of the opt.Contexts most frequent words, at
	// each offset -2..+2, has a random ±1 vector of Dim dimensions; a
	// word's vector sums the random vectors of its neighbours weighted by
	// 1/count(neighbour), a random projection of its context profile
	// divided by the context frequencies (the ratio inside pointwise
	// mutual information).
	dim := opt.Dim
	nctx := opt.Contexts
	if nctx > len(order) {
		nctx = len(order)
	}
	ctxRow := make([]int32, len(words))
	for i := range ctxRow {
		ctxRow[i] = -1
	}
	for k, id := range order[:nctx] {
		ctxRow[id] = int32(k)
	}
	proj := make([]float32, 4*nctx*dim)
	prng := rand.New(rand.NewPCG(opt.Seed^0x1234, opt.Seed))
	for i := range proj {
		if prng.Uint64()&1 == 0 {
			proj[i] = 1
		} else {
			proj[i] = -1
		}
	}
	vec := make([]float32, len(vocab)*dim)
	for _, seq := range seqs {
		for i, id := range seq {
			r := row[id]
			if r < 0 {
				continue
			}
			v := vec[int(r)*dim : int(r)*dim+dim]
			for k, off := range [4]int{-2, -1, 1, 2} {
				j := i + off
				if j < 0 || j >= len(seq) {
					continue
				}
				n := seq[j]
				c := ctxRow[n]
				if c < 0 {
					continue
				}
				wt := 1 / float32(freq[n])
				p := proj[(int(c)*4+k)*dim : (int(c)*4+k)*dim+dim]
				for d := range v {
					v[d] += wt * p[d]
				}
			}
		}
	}
	// Unit rows, centred: the context every word shares (punctuation,
	// the commonest words) would otherwise dominate every similarity.
	mean := make([]float64, dim)
	for r := range vocab {
		v := vec[r*dim : r*dim+dim]
		normalizeVec(v)
		for j, x := range v {
			mean[j] += float64(x)
		}
	}
	for r := range vocab {
		v := vec[r*dim : r*dim+dim]
		for j := range v {
			v[j] -= float32(mean[j] / float64(len(vocab)))
		}
		normalizeVec(v)
	}
	fine, err := kmeans(ctx, vec, dim, opt.Fine, opt.Iterations, opt.Seed)
	if err != nil {
		return nil, err
	}
	coarse, err := kmeans(ctx, vec, dim, opt.Coarse, opt.Iterations, opt.Seed+1)
	if err != nil {
		return nil, err
	}
	out := make(map[string][2]uint16, len(vocab))
	for r, id := range vocab {
		out[words[id]] = [2]uint16{uint16(fine[r] + 1), uint16(coarse[r] + 1)}
	}
	return out, nil
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
