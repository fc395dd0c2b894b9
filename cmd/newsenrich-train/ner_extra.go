package main

import (
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsenrich/newsenrich/nlp/ner"
)

// nerExtraFlags are the options of the extra word features of the NER
// models (see ner.WordExtra), off by default.
type nerExtraFlags struct {
	levels    string // comma separated extra k-means cluster counts
	tree      string // BRANCHxDEPTH of a hierarchical k-means tree
	embedding bool
	neighbour bool
	langs     string
	// crf: models trained as a CRF (see ner.CRFOptions).
	crf    string
	crfOpt ner.CRFOptions
	// runs: models given capitalised-run features.
	runs string
}

// register defines the flags on fs.
func (f *nerExtraFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.levels, "extra-clusters", "", "extra k-means granularities of the word vectors (comma separated cluster counts, e.g. 16,64,1024) given as features besides the fine and coarse clusters; empty: none")
	fs.StringVar(&f.tree, "extra-tree", "", "BRANCHxDEPTH: a hierarchical k-means tree of the word vectors whose path prefixes are features (e.g. 4x5); empty: none")
	fs.BoolVar(&f.embedding, "extra-embedding", false, "binarised word-vector dimensions as features (+ above the mean of the positive values, - below the mean of the negative ones)")
	fs.BoolVar(&f.neighbour, "extra-neighbours", true, "give the words at ±1 the extra word features too")
	fs.StringVar(&f.langs, "extra-langs", "ar,latin", "models (comma separated) given the extra word features")
	fs.StringVar(&f.runs, "runs", "latin", "models (comma separated) given features of the capitalised run a Latin-script word is in (position, length, organisation/place/person heads in the run); chosen by --cv: latin +0.8 F1 (3 seeds)")
	fs.StringVar(&f.crf, "crf", "", "models (comma separated) trained as a CRF (L2-regularised log-likelihood, AdaGrad; --epochs epochs) instead of with the perceptron")
	fs.Float64Var(&f.crfOpt.Rate, "crf-rate", 0.1, "AdaGrad step size of CRF training")
	fs.Float64Var(&f.crfOpt.L2, "crf-l2", 1e-4, "L2 regularisation of CRF training")
	fs.BoolVar(&f.crfOpt.Average, "crf-average", true, "average the CRF weights over all steps")
	fs.IntVar(&f.crfOpt.FineTune, "crf-fine-tune", 0, "train the perceptron first, then this many CRF epochs from its weights (0: CRF from scratch)")
	fs.Float64Var(&f.crfOpt.Scale, "crf-scale", 0.1, "the perceptron's weights are multiplied by this before CRF fine-tuning")
}

// crfOptions returns the CRF options of model lang, nil for the
// perceptron.
func (f *nerExtraFlags) crfOptions(lang string) *ner.CRFOptions {
	if !slices.Contains(strings.Split(f.crf, ","), lang) {
		return nil
	}
	opt := f.crfOpt
	return &opt
}

// options returns the options of the extra word features, nil when
// none is asked for.
func (f *nerExtraFlags) options() (*ner.WordExtraOptions, error) {
	opt := ner.WordExtraOptions{Embedding: f.embedding, Neighbours: f.neighbour}
	if f.levels != "" {
		for _, s := range strings.Split(f.levels, ",") {
			k, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				return nil, fmt.Errorf("ner: bad cluster count %q: %w", s, err)
			}
			opt.Levels = append(opt.Levels, k)
		}
	}
	if f.tree != "" {
		b, d, ok := strings.Cut(f.tree, "x")
		var err1, err2 error
		opt.Branch, err1 = strconv.Atoi(b)
		opt.Depth, err2 = strconv.Atoi(d)
		if !ok || err1 != nil || err2 != nil {
			return nil, fmt.Errorf("ner: bad cluster tree %q (want BRANCHxDEPTH)", f.tree)
		}
	}
	if len(opt.Levels) == 0 && opt.Depth == 0 && !opt.Embedding {
		return nil, nil
	}
	return &opt, nil
}

// clustersAndExtra learns the word vectors of texts (or reads them from
// the cache folder dir) and returns their clusters, as cachedClusters
// would, and the extra word features of xopt.
func clustersAndExtra(ctx context.Context, dir, lang string, texts []string, copt ner.ClusterOptions, xopt ner.WordExtraOptions) (map[string][2]uint16, *ner.WordExtra, error) {
	t0 := time.Now()
	v, err := cachedVectors(ctx, dir, lang, texts, copt)
	if err != nil {
		return nil, nil, err
	}
	clusters, err := v.Clusters(ctx, copt)
	if err != nil {
		return nil, nil, err
	}
	x, err := ner.BuildWordExtra(ctx, v, xopt)
	if err != nil {
		return nil, nil, err
	}
	fmt.Fprintf(os.Stderr, "%s: vectors, clusters and extra word features of %d words in %v\n", lang, len(v.Words), time.Since(t0).Round(time.Millisecond))
	return clusters, x, nil
}

// cachedVectors learns the word vectors of texts, or reads them from the
// cache folder dir when a run with the same inputs and options left them
// there.
func cachedVectors(ctx context.Context, dir, lang string, texts []string, opt ner.ClusterOptions) (*ner.WordVectors, error) {
	var path string
	if dir != "" {
		h := fnv.New64a()
		fmt.Fprintf(h, "vectors|%s|%v|%+v", lang, texts, opt)
		path = filepath.Join(dir, fmt.Sprintf("%s-%016x.vec", lang, h.Sum64()))
		if b, err := os.ReadFile(path); err == nil {
			return decodeVectors(b)
		}
	}
	v, err := ner.LearnWordVectors(ctx, texts, opt)
	if err != nil || path == "" {
		return v, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, encodeVectors(v), 0o644); err != nil {
		return nil, fmt.Errorf("ner: vector cache: %w", err)
	}
	return v, nil
}

// encodeVectors writes v as: uint32 words, uint32 dim, then per word
// uint8 length, bytes, dim float32 (little endian).
func encodeVectors(v *ner.WordVectors) []byte {
	le := binary.LittleEndian
	b := le.AppendUint32(nil, uint32(len(v.Words)))
	b = le.AppendUint32(b, uint32(v.Dim))
	for r, w := range v.Words {
		b = append(b, byte(len(w)))
		b = append(b, w[:min(len(w), 255)]...)
		for _, f := range v.Vec[r*v.Dim : r*v.Dim+v.Dim] {
			b = le.AppendUint32(b, math.Float32bits(f))
		}
	}
	return b
}

// decodeVectors reads what encodeVectors wrote.
func decodeVectors(b []byte) (*ner.WordVectors, error) {
	le := binary.LittleEndian
	bad := fmt.Errorf("ner: vector cache: truncated")
	if len(b) < 8 {
		return nil, bad
	}
	n, dim := int(le.Uint32(b)), int(le.Uint32(b[4:]))
	b = b[8:]
	v := &ner.WordVectors{Dim: dim, Words: make([]string, 0, n), Vec: make([]float32, 0, n*dim)}
	for range n {
		if len(b) < 1 || len(b) < 1+int(b[0])+4*dim {
			return nil, bad
		}
		l := int(b[0])
		v.Words = append(v.Words, string(b[1:1+l]))
		b = b[1+l:]
		for d := range dim {
			v.Vec = append(v.Vec, math.Float32frombits(le.Uint32(b[4*d:])))
		}
		b = b[4*dim:]
	}
	return v, nil
}
