package ner

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
)

// Feature templates of the extra word features (see WordExtra), numbered
// after the templates of features.go.
const (
	fXClus = fDocClus + 1 + iota
	fXClusM1
	fXClusP1
	fXEmb
	fXEmbM1
	fXEmbP1
)

// WordExtraOptions select what BuildWordExtra derives from word vectors.
type WordExtraOptions struct {
	// Levels are numbers of clusters of extra, independent spherical
	// k-means clusterings of the vectors (say 16, 64, 1024): every word
	// gets one cluster id per level, a feature each.
	Levels []int
	// Branch and Depth, when both positive, add the clusters of a
	// hierarchical k-means tree instead of Levels: Branch clusters at the
	// top, each split into Branch at the next level, Depth levels; a
	// word's features are the prefixes of its path, as Brown cluster bit
	// string prefixes are used.
	Branch, Depth int
	// Embedding adds binarised embedding features: for each dimension of
	// the vector, whether its value is above the mean of the dimension's
	// positive values (+), below the mean of its negative values (-), or
	// neither (no feature).
	Embedding bool
	// Neighbours gives the words at ±1 the same features.
	Neighbours bool
	// Iterations of k-means. Default 8.
	Iterations int
	// Seed fixes the initial centroids.
	Seed uint64
}

// WordExtra holds the extra per-word features of a model learned from
// word vectors: cluster ids at several granularities and binarised
// embedding dimensions. A model trained with them (TrainOptions.Extra)
// stores them in its file.
type WordExtra struct {
	levels int  // cluster ids per word
	dims   int  // embedding codes per word, 0 for none
	nb     bool // features of the neighbours at ±1 too
	index  map[string]int32
	ids    []uint16 // row*levels+level: 1-based cluster id
	codes  []byte   // row*dims+dim: 0 none, 1 high, 2 low
}

// BuildWordExtra derives the extra word features of the words of v.
func BuildWordExtra(ctx context.Context, v *WordVectors, opt WordExtraOptions) (*WordExtra, error) {
	if opt.Iterations == 0 {
		opt.Iterations = 8
	}
	n := len(v.Words)
	x := &WordExtra{nb: opt.Neighbours, index: make(map[string]int32, n)}
	for r, w := range v.Words {
		x.index[w] = int32(r)
	}
	var levels [][]int
	switch {
	case opt.Branch > 1 && opt.Depth > 0:
		paths, err := kmeansTree(ctx, v.Vec, v.Dim, opt.Branch, opt.Depth, opt.Iterations, opt.Seed)
		if err != nil {
			return nil, err
		}
		levels = paths
	default:
		for k, size := range opt.Levels {
			if size < 2 || size > math.MaxUint16-1 || size > n {
				return nil, fmt.Errorf("ner: word extra: bad cluster count %d", size)
			}
			a, err := kmeans(ctx, v.Vec, v.Dim, size, opt.Iterations, opt.Seed+uint64(10+k))
			if err != nil {
				return nil, err
			}
			levels = append(levels, a)
		}
	}
	x.levels = len(levels)
	x.ids = make([]uint16, n*x.levels)
	for l, a := range levels {
		for r := range n {
			x.ids[r*x.levels+l] = uint16(a[r] + 1)
		}
	}
	if opt.Embedding {
		x.dims = v.Dim
		x.codes = make([]byte, n*v.Dim)
		for d := 0; d < v.Dim; d++ {
			var pos, neg float64
			var np, nn int
			for r := range n {
				if f := float64(v.Vec[r*v.Dim+d]); f > 0 {
					pos += f
					np++
				} else if f < 0 {
					neg += f
					nn++
				}
			}
			hi, lo := float32(pos/float64(max(np, 1))), float32(neg/float64(max(nn, 1)))
			for r := range n {
				switch f := v.Vec[r*v.Dim+d]; {
				case f > hi && f > 0:
					x.codes[r*v.Dim+d] = 1
				case f < lo && f < 0:
					x.codes[r*v.Dim+d] = 2
				}
			}
		}
	}
	return x, nil
}

// kmeansTree clusters the unit rows of vec with k-means into branch
// groups, each group again into branch, depth levels down, and returns
// for each level every row's path prefix as a number (base branch).
func kmeansTree(ctx context.Context, vec []float32, dim, branch, depth, iters int, seed uint64) ([][]int, error) {
	n := len(vec) / dim
	if p := math.Pow(float64(branch), float64(depth)); p > math.MaxUint16-1 {
		return nil, fmt.Errorf("ner: word extra: a tree of %d^%d clusters", branch, depth)
	}
	out := make([][]int, depth)
	members := [][]int{make([]int, n)}
	for r := range n {
		members[0][r] = r
	}
	prefix := []int{0}
	for l := range depth {
		out[l] = make([]int, n)
		var nextMembers [][]int
		var nextPrefix []int
		for g, rows := range members {
			sub := make([]float32, 0, len(rows)*dim)
			for _, r := range rows {
				sub = append(sub, vec[r*dim:r*dim+dim]...)
			}
			var assign []int
			if len(rows) <= branch {
				assign = make([]int, len(rows))
				for i := range assign {
					assign[i] = i
				}
			} else {
				var err error
				assign, err = kmeans(ctx, sub, dim, branch, iters, seed+uint64(1000*l+g))
				if err != nil {
					return nil, err
				}
			}
			groups := make([][]int, branch)
			for i, r := range rows {
				out[l][r] = prefix[g]*branch + assign[i]
				groups[assign[i]] = append(groups[assign[i]], r)
			}
			for c, rs := range groups {
				if len(rs) > 0 {
					nextMembers = append(nextMembers, rs)
					nextPrefix = append(nextPrefix, prefix[g]*branch+c)
				}
			}
		}
		members, prefix = nextMembers, nextPrefix
	}
	return out, nil
}

// row returns the row of the word with matching form fold (or, failing
// that, stem) plus one, 0 when it has none.
func (x *WordExtra) row(fold, stem string) int32 {
	if r, ok := x.index[fold]; ok {
		return r + 1
	}
	if r, ok := x.index[stem]; ok {
		return r + 1
	}
	return 0
}

// extraFeatures appends the buckets of the extra word features of the
// word of row xr (0: unknown) as seen by the template ids clus and emb.
func (m *Model) extraFeatures(dst []uint32, xr int32, clus, emb byte) []uint32 {
	x := m.extra
	bits := m.bits
	h0 := fnvOffset
	if xr == 0 {
		return append(dst, h0.byte(clus).byte(255).bucket(bits))
	}
	r := int(xr - 1)
	for l, id := range x.ids[r*x.levels : r*x.levels+x.levels] {
		dst = append(dst, h0.byte(clus).byte(byte(l)).u16(id).bucket(bits))
	}
	for d, c := range x.codes[r*x.dims : r*x.dims+x.dims] {
		if c != 0 {
			dst = append(dst, h0.byte(emb).byte(byte(d)).byte(c).bucket(bits))
		}
	}
	return dst
}

// extraLocalFeatures appends the buckets of the extra word features of
// token t (local features).
func (m *Model) extraLocalFeatures(dst []uint32, t *token) []uint32 {
	return m.extraFeatures(dst, t.x, fXClus, fXEmb)
}

// extraNeighbourFeatures appends the buckets of the extra word features
// of the neighbour nb at offset off (neighbour features, ±1 only).
func (m *Model) extraNeighbourFeatures(dst []uint32, off int, nb *token) []uint32 {
	if !m.extra.nb {
		return dst
	}
	switch off {
	case -1:
		return m.extraFeatures(dst, nb.x, fXClusM1, fXEmbM1)
	case 1:
		return m.extraFeatures(dst, nb.x, fXClusP1, fXEmbP1)
	}
	return dst
}

// equalExtra reports whether a and b hold the same features.
func equalExtra(a, b *WordExtra) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.levels != b.levels || a.dims != b.dims || a.nb != b.nb || len(a.index) != len(b.index) {
		return false
	}
	for w, ra := range a.index {
		rb, ok := b.index[w]
		if !ok {
			return false
		}
		ia, ib := int(ra)*a.levels, int(rb)*b.levels
		ca, cb := int(ra)*a.dims, int(rb)*b.dims
		if !slices.Equal(a.ids[ia:ia+a.levels], b.ids[ib:ib+b.levels]) || !slices.Equal(a.codes[ca:ca+a.dims], b.codes[cb:cb+b.dims]) {
			return false
		}
	}
	return true
}

// appendExtra appends x in the model file layout: uint32 words, uint8
// levels, uint8 dims, uint8 flags (1: neighbours), then per word (in
// sorted order): uint8 length, bytes, levels uint16 cluster ids, dims
// bytes of codes. A nil x is written as zero words.
func appendExtra(b []byte, x *WordExtra) []byte {
	le := binary.LittleEndian
	if x == nil {
		return append(le.AppendUint32(b, 0), 0, 0, 0)
	}
	words := make([]string, 0, len(x.index))
	for w := range x.index {
		if len(w) <= 255 {
			words = append(words, w)
		}
	}
	sort.Strings(words)
	b = le.AppendUint32(b, uint32(len(words)))
	b = append(b, byte(x.levels), byte(x.dims), boolByte(x.nb))
	for _, w := range words {
		r := int(x.index[w])
		b = append(b, byte(len(w)))
		b = append(b, w...)
		for _, id := range x.ids[r*x.levels : r*x.levels+x.levels] {
			b = le.AppendUint16(b, id)
		}
		b = append(b, x.codes[r*x.dims:r*x.dims+x.dims]...)
	}
	return b
}

// readExtra reads what appendExtra wrote; nil when it holds no words.
func readExtra(br *bufio.Reader) (*WordExtra, error) {
	var head [7]byte
	if _, err := io.ReadFull(br, head[:]); err != nil {
		return nil, err
	}
	n := binary.LittleEndian.Uint32(head[:4])
	if n == 0 {
		return nil, nil
	}
	x := &WordExtra{levels: int(head[4]), dims: int(head[5]), nb: head[6]&1 != 0}
	x.index = make(map[string]int32, min(n, 1<<20))
	var wb [255]byte
	ids := make([]byte, 2*x.levels)
	for r := uint32(0); r < n; r++ {
		l, err := br.ReadByte()
		if err != nil {
			return nil, err
		}
		if _, err := io.ReadFull(br, wb[:l]); err != nil {
			return nil, err
		}
		x.index[string(wb[:l])] = int32(r)
		if _, err := io.ReadFull(br, ids); err != nil {
			return nil, err
		}
		for k := range x.levels {
			x.ids = append(x.ids, binary.LittleEndian.Uint16(ids[2*k:]))
		}
		start := len(x.codes)
		x.codes = append(x.codes, make([]byte, x.dims)...)
		if _, err := io.ReadFull(br, x.codes[start:]); err != nil {
			return nil, err
		}
	}
	return x, nil
}
