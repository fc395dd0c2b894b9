package gazetteer

import (
	"slices"
	"strings"
)

// automaton is a byte-level Aho-Corasick automaton over a set of distinct
// patterns: the matcher of Find before the word table and trie of trie.go,
// kept as the reference they are tested against (trie_test.go). Nodes are stored as parallel arrays; the children of a node are
// a linked list of siblings, and nodes with many children (the root, and
// nodes after an Arabic lead byte) also get a dense 256-entry table.
type automaton struct {
	label   []byte  // byte on the edge into the node
	child   []int32 // first child, -1 if none
	sibling []int32 // next sibling, -1 if none
	fail    []int32 // failure link
	out     []int32 // pattern ending at the node, -1 if none
	dict    []int32 // nearest node on the failure chain with out >= 0, -1 if none
	report  []int32 // the node itself if out >= 0, else dict: the first pattern to report
	dense   []int32 // index into tables, -1 if the node has no dense table
	tables  [][256]int32
	patLen  []int32 // byte length of each pattern
}

// denseMin is the number of children from which a node gets a dense table
// (about 800 nodes of the embedded gazetteer, 800 KB: a scan then mostly
// steps through complete rows instead of sibling lists and failures).
const denseMin = 3

// newAutomaton builds the automaton of patterns; pattern i is reported as i.
// Empty patterns are ignored.
func newAutomaton(patterns []string) *automaton {
	a := &automaton{patLen: make([]int32, len(patterns))}
	// At most one node per pattern byte: allocate once.
	size := 1
	for _, p := range patterns {
		size += len(p)
	}
	size = size/2 + 1 // patterns share prefixes; append grows if needed
	a.label = make([]byte, 0, size)
	for _, f := range []*[]int32{&a.child, &a.sibling, &a.fail, &a.out, &a.dict, &a.dense} {
		*f = make([]int32, 0, size)
	}
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
	last := make([]int32, 1, size) // last child of each node
	last[0] = -1
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
	bfs := a.buildFail()
	a.completeDense(bfs)
	a.report = make([]int32, len(a.out))
	for n, o := range a.out {
		a.report[n] = a.dict[n]
		if o >= 0 {
			a.report[n] = int32(n)
		}
	}
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

// next returns the child of n on byte c, or -1; for a node with a
// completed dense table, the state of the deterministic automaton.
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

// buildFail computes the failure and dictionary links and returns the
// nodes in breadth-first order.
func (a *automaton) buildFail() []int32 {
	queue := make([]int32, 0, len(a.label))
	for c := a.child[0]; c >= 0; c = a.sibling[c] {
		a.fail[c] = 0
		queue = append(queue, c)
	}
	for k := 0; k < len(queue); k++ {
		n := queue[k]
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
	return queue
}

// completeDense turns the dense tables into rows of the deterministic
// automaton: a byte without a child goes where the failure links lead, so
// a step from a node with a dense table never follows failure links. The
// nodes are completed shallowest first, so the failure target's row is
// complete when it is read.
func (a *automaton) completeDense(bfs []int32) {
	complete := func(n int32) {
		d := a.dense[n]
		if d < 0 {
			return
		}
		t := &a.tables[d]
		for c := range t {
			if t[c] >= 0 {
				continue
			}
			if n == 0 {
				t[c] = 0
			} else {
				t[c] = a.step(a.fail[n], byte(c))
			}
		}
	}
	complete(0)
	for _, n := range bfs {
		complete(n)
	}
}

// scan calls emit(pattern, start, end) for every occurrence of every
// pattern in s, in order of end offset; [start, end) are byte offsets in s.
// A run of white space bytes in s matches the single space of a pattern:
// the bytes after the first are not fed to the automaton.
func (a *automaton) scan(s string, emit func(pat int32, start, end int)) {
	// skips records, for the compacted stream, from which compacted offset
	// on how many bytes of s were skipped so far.
	type skip struct{ at, skipped int }
	var skips []skip
	skipped := 0
	n := int32(0)
	// Local copies of the arrays: the step is written out here so that
	// they stay in registers.
	dense, tables, child, sibling, label, fail := a.dense, a.tables, a.child, a.sibling, a.label, a.fail
	report := a.report
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isSpaceByte(c) {
			if i > 0 && isSpaceByte(s[i-1]) {
				skipped++
				if len(skips) > 0 && skips[len(skips)-1].at == i-skipped+1 {
					skips[len(skips)-1].skipped = skipped
				} else {
					skips = append(skips, skip{i - skipped + 1, skipped})
				}
				continue
			}
			c = ' '
		}
		// n = a.step(n, c), written out
		for {
			if d := dense[n]; d >= 0 {
				n = tables[d][c] // a complete row: never fails
				break
			}
			m := child[n]
			for m >= 0 && label[m] != c {
				m = sibling[m]
			}
			if m >= 0 {
				n = m
				break
			}
			if n == 0 {
				break
			}
			n = fail[n]
		}
		for m := report[n]; m >= 0; m = a.dict[m] {
			pat := a.out[m]
			end := i + 1
			// The compacted start offset, mapped back to s.
			cs := end - skipped - int(a.patLen[pat])
			start := cs
			for k := len(skips) - 1; k >= 0; k-- {
				if skips[k].at <= cs {
					start = cs + skips[k].skipped
					break
				}
			}
			emit(pat, start, end)
		}
	}
}
