package gazetteer

import (
	"slices"
	"strings"
)

// automaton is a byte-level Aho-Corasick automaton over a set of distinct
// patterns. Nodes are stored as parallel arrays; the children of a node are
// a linked list of siblings, and nodes with many children (the root, and
// nodes after an Arabic lead byte) also get a dense 256-entry table.
type automaton struct {
	label   []byte  // byte on the edge into the node
	child   []int32 // first child, -1 if none
	sibling []int32 // next sibling, -1 if none
	fail    []int32 // failure link
	out     []int32 // pattern ending at the node, -1 if none
	dict    []int32 // nearest node on the failure chain with out >= 0, -1 if none
	dense   []int32 // index into tables, -1 if the node has no dense table
	tables  [][256]int32
	patLen  []int32 // byte length of each pattern
}

// denseMin is the number of children from which a node gets a dense table.
const denseMin = 6

// newAutomaton builds the automaton of patterns; pattern i is reported as i.
// Empty patterns are ignored.
func newAutomaton(patterns []string) *automaton {
	a := &automaton{patLen: make([]int32, len(patterns))}
	a.addNode(0)
	// Insert in lexicographic order so that a child is found among the
	// siblings most recently added: with a last-child pointer the trie is
	// built without searching.
	order := make([]int32, len(patterns))
	for i := range order {
		order[i] = int32(i)
		a.patLen[i] = int32(len(patterns[i]))
	}
	slices.SortFunc(order, func(x, y int32) int { return strings.Compare(patterns[x], patterns[y]) })
	last := []int32{-1} // last child of each node
	for _, pi := range order {
		p := patterns[pi]
		if p == "" {
			continue
		}
		n := int32(0)
		for i := 0; i < len(p); i++ {
			c := p[i]
			lc := last[n]
			if lc >= 0 && a.label[lc] == c {
				n = lc
				continue
			}
			m := a.addNode(c)
			last = append(last, -1)
			if lc >= 0 {
				a.sibling[lc] = m
			} else {
				a.child[n] = m
			}
			last[n] = m
			n = m
		}
		a.out[n] = pi
	}
	a.buildDense()
	a.buildFail()
	return a
}

func (a *automaton) addNode(c byte) int32 {
	a.label = append(a.label, c)
	a.child = append(a.child, -1)
	a.sibling = append(a.sibling, -1)
	a.fail = append(a.fail, 0)
	a.out = append(a.out, -1)
	a.dict = append(a.dict, -1)
	a.dense = append(a.dense, -1)
	return int32(len(a.label) - 1)
}

func (a *automaton) buildDense() {
	for n := range a.label {
		k := 0
		for c := a.child[n]; c >= 0; c = a.sibling[c] {
			k++
		}
		if k < denseMin && n != 0 {
			continue
		}
		var t [256]int32
		for i := range t {
			t[i] = -1
		}
		for c := a.child[n]; c >= 0; c = a.sibling[c] {
			t[a.label[c]] = c
		}
		a.dense[n] = int32(len(a.tables))
		a.tables = append(a.tables, t)
	}
}

// next returns the child of n on byte c, or -1.
func (a *automaton) next(n int32, c byte) int32 {
	if d := a.dense[n]; d >= 0 {
		return a.tables[d][c]
	}
	for m := a.child[n]; m >= 0; m = a.sibling[m] {
		if a.label[m] == c {
			return m
		}
	}
	return -1
}

// step follows the goto and failure functions from n on byte c.
func (a *automaton) step(n int32, c byte) int32 {
	for {
		if m := a.next(n, c); m >= 0 {
			return m
		}
		if n == 0 {
			return 0
		}
		n = a.fail[n]
	}
}

func (a *automaton) buildFail() {
	queue := make([]int32, 0, len(a.label))
	for c := a.child[0]; c >= 0; c = a.sibling[c] {
		a.fail[c] = 0
		queue = append(queue, c)
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for c := a.child[n]; c >= 0; c = a.sibling[c] {
			f := a.step(a.fail[n], a.label[c])
			a.fail[c] = f
			if a.out[f] >= 0 {
				a.dict[c] = f
			} else {
				a.dict[c] = a.dict[f]
			}
			queue = append(queue, c)
		}
	}
}

// scan calls emit(pattern, end) for every occurrence of every pattern in s,
// in order of end offset; end is the byte offset just after the occurrence.
func (a *automaton) scan(s string, emit func(pat int32, end int)) {
	n := int32(0)
	for i := 0; i < len(s); i++ {
		n = a.step(n, s[i])
		m := n
		if a.out[m] < 0 {
			m = a.dict[m]
		}
		for ; m >= 0; m = a.dict[m] {
			emit(a.out[m], i+1)
		}
	}
}
