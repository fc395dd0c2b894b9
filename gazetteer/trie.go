package gazetteer

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// trie is the matcher of Find: a byte trie of the patterns, and the
// first word of each pattern with the node it leads to. An alias only
// counts when nothing but proclitics (at most two letters) is glued before
// it and no letter follows it, so an alias that starts with a word
// matches only where that word is a whole word of the text, possibly
// after proclitics: Find looks each word of the text up (bare, and without
// the proclitics it may start with) instead of feeding every byte to an
// automaton, and walks the trie on only after the words that start an
// alias. The rare aliases that start with no letter are walked from
// wherever no letter precedes.
//
// Nodes are numbered breadth first, so the children of a node are
// consecutive nodes, in byte order; nodes with many children use a dense
// table instead.
type trie struct {
	nodes []trieNode
	label []byte // byte on the edge into each node
	// root is the dense table of the root: its child on each byte, -1.
	root [256]int32
	// tables are the dense tables of nodes with many children: the index
	// of the child on each byte among the node's children, which the
	// child's label confirms.
	tables [][256]uint8
	// words are the first words of the patterns that start with a word
	// rune (all their leading word runes), with the node after each.
	words wordTable
	// patterns are the patterns of the trie: a word of the table is the
	// start of one of them.
	patterns []string
	// arabic has bit r-0x600 set when isWordRune(r), for the two-byte
	// runes U+0600..U+06FF that make most of Arabic text.
	arabic [4]uint64
}

// trieNode is a node of the trie.
type trieNode struct {
	first int32 // first child
	out   int32 // pattern ending at the node, -1 if none
	kids  int16 // number of children
	// x is, for one child, the byte of its edge; for two, the bytes of
	// both edges (the first in the low byte); for more, the index of the
	// node's table.
	x uint16
}

// trieDenseMin is the number of children from which a node gets a dense
// table.
const trieDenseMin = 3

// newTrie builds the trie of patterns; pattern i is reported as i. Empty
// patterns are ignored. It fails on a pattern that is not valid UTF-8 (the
// Builder drops them) and for sets of millions of patterns, whose trie has
// too many nodes with several children.
func newTrie(patterns []string) (*trie, error) {
	order := make([]int32, 0, len(patterns))
	for i, p := range patterns {
		if !utf8.ValidString(p) {
			return nil, fmt.Errorf("gazetteer: alias %q is not valid UTF-8", p)
		}
		if p != "" {
			order = append(order, int32(i))
		}
	}
	slices.SortFunc(order, func(x, y int32) int { return strings.Compare(patterns[x], patterns[y]) })
	t := &trie{}
	for r := rune(0x600); r < 0x700; r++ {
		if isWordRune(r) {
			t.arabic[(r-0x600)/64] |= 1 << ((r - 0x600) % 64)
		}
	}
	// The node of queue entry n has the prefix of length depth shared by
	// the sorted patterns order[lo:hi].
	type item struct{ lo, hi, depth int32 }
	queue := make([]item, 1, 1+len(order)*4)
	queue[0] = item{0, int32(len(order)), 0}
	t.label = append(t.label, 0)
	for n := 0; n < len(queue); n++ {
		it := queue[n]
		lo, hi, d := it.lo, it.hi, it.depth
		nd := trieNode{first: int32(len(queue)), out: -1}
		for lo < hi && int32(len(patterns[order[lo]])) == d {
			if nd.out < 0 {
				nd.out = order[lo]
			}
			lo++
		}
		for lo < hi {
			c := patterns[order[lo]][d]
			e := lo + 1
			for e < hi && patterns[order[e]][d] == c {
				e++
			}
			queue = append(queue, item{lo, e, d + 1})
			t.label = append(t.label, c)
			lo = e
		}
		kids := int32(len(queue)) - nd.first
		switch {
		case n == 0:
			for i := range t.root {
				t.root[i] = -1
			}
			for k := nd.first; k < nd.first+kids; k++ {
				t.root[t.label[k]] = k
			}
		case kids == 1:
			nd.x = uint16(t.label[nd.first])
		case kids == 2:
			nd.x = uint16(t.label[nd.first]) | uint16(t.label[nd.first+1])<<8
		case kids >= trieDenseMin:
			var tab [256]uint8
			for k := int32(0); k < kids; k++ {
				tab[t.label[nd.first+k]] = uint8(k)
			}
			nd.x = uint16(len(t.tables))
			t.tables = append(t.tables, tab)
		}
		nd.kids = int16(kids)
		t.nodes = append(t.nodes, nd)
	}
	if len(t.tables) > 1<<16 {
		return nil, fmt.Errorf("gazetteer: %d trie nodes with %d children or more, the matcher takes at most 65536", len(t.tables), trieDenseMin)
	}
	t.patterns = patterns
	t.words.init(len(order))
	for _, pi := range order {
		p := patterns[pi]
		n, h := t.scanWord(p, 0) // the leading word runes
		w := p[:n]
		if n == 0 || t.words.find(h, w, patterns) >= 0 {
			continue
		}
		node := int32(0)
		for k := 0; k < len(w) && node >= 0; k++ {
			node = t.child(node, w[k])
		}
		t.words.add(h, w, pi, node)
	}
	return t, nil
}

// child returns the child of node n on byte c, -1 if none.
func (t *trie) child(n int32, c byte) int32 {
	if n == 0 {
		return t.root[c]
	}
	nd := &t.nodes[n]
	switch nd.kids {
	case 0:
		return -1
	case 1:
		if byte(nd.x) == c {
			return nd.first
		}
	case 2:
		switch c {
		case byte(nd.x):
			return nd.first
		case byte(nd.x >> 8):
			return nd.first + 1
		}
	default:
		if m := nd.first + int32(t.tables[nd.x][c]); t.label[m] == c {
			return m
		}
	}
	return -1
}

// match is an occurrence of a pattern found by the trie.
type match struct {
	pat        int32
	start, end int
}

// walk appends to dst the patterns that occur in s at offset i, shortest
// first, given that s[i:j] leads from the root to node n. A run of white
// space bytes in s matches the single space of a pattern; i is not inside
// such a run.
func (t *trie) walk(dst []match, s string, i, j int, n int32) []match {
	nodes, label, tables := t.nodes, t.label, t.tables
	for n >= 0 {
		nd := &nodes[n]
		if nd.out >= 0 {
			dst = append(dst, match{nd.out, i, j})
		}
		if nd.kids == 0 {
			return dst
		}
		// The next byte, a run of white space as one space.
		var c byte
		for {
			if j >= len(s) {
				return dst
			}
			c = s[j]
			j++
			if c <= ' ' && isSpaceByte(c) {
				if isSpaceByte(s[j-2]) {
					continue
				}
				c = ' '
			}
			break
		}
		switch nd.kids {
		case 1:
			if byte(nd.x) != c {
				return dst
			}
			n = nd.first
		case 2:
			switch c {
			case byte(nd.x):
				n = nd.first
			case byte(nd.x >> 8):
				n = nd.first + 1
			default:
				return dst
			}
		default:
			n = nd.first + int32(tables[nd.x][c])
			if label[n] != c {
				return dst
			}
		}
	}
	return dst
}

// candidates appends to dst the valid occurrences of patterns in t.Norm
// (see Find), leftmost first, then longest first.
//
// A pattern may start where the letters glued before it (as wordPrefix
// reads them backwards) are none or proclitics (isClitics), and not on a
// white space byte after another (a run of white space counts as its
// first byte). It must end where no word rune follows: a pattern that
// starts with word runes starts where they are all the word runes of the
// text up to the next rune that is none.
func (g *Gazetteer) candidates(t *normalize.Text, dst []candidate) []candidate {
	tr, s := g.trie, t.Norm
	var buf [16]match
	for i := 0; i < len(s); {
		// No letter precedes i.
		e, h := tr.scanWord(s, i)
		if e == i {
			if !(i > 0 && isSpaceByte(s[i]) && isSpaceByte(s[i-1])) {
				dst = g.walkFrom(t, buf[:0], i, "", dst)
			}
			_, size := tr.unit(s, i)
			i += size
			continue
		}
		// The word s[w:e], of hash h.
		w := i
		if tr.words.mayHave(h) {
			dst = g.wordAt(t, buf[:0], w, e, h, "", dst)
		}
		// After one proclitic letter, or two, a name may start. The hash
		// of the rest: h = hashBytes(proclitic)·B^len(rest) + hashBytes(rest).
		if p := cliticLen(s[w:e]); p > 0 {
			c := w + p
			pow := hashPow(e - c)
			h -= hashBytes(s[w:c]) * pow
			dst = g.afterClitics(t, buf[:0], w, c, e, h, dst)
			// A conjunction (و ف) may be followed by a preposition (ب ك ل).
			if conj := s[w:c]; conj == "و" || conj == "ف" {
				rest := s[c:e]
				if q := cliticLen(rest); q > 0 && !strings.HasPrefix(rest, "و") && !strings.HasPrefix(rest, "ف") {
					c2 := c + q
					pow *= hashInvB2
					h -= hashBytes(s[c:c2]) * pow
					dst = g.afterClitics(t, buf[:0], w, c2, e, h, dst)
				}
			}
		}
		// Nothing starts where the word ends: go past the rune there.
		i = e
		if i < len(s) {
			_, size := tr.unit(s, i)
			i += size
		}
	}
	return dst
}

// afterClitics appends the candidates that start at c after the proclitics
// s[w:c] of the word s[w:e]; h is the hash of s[c:e].
func (g *Gazetteer) afterClitics(t *normalize.Text, buf []match, w, c, e int, h uint64, dst []candidate) []candidate {
	if c < e {
		return g.wordAt(t, buf, c, e, h, t.Norm[w:c], dst)
	}
	// The word is only proclitics: a pattern that starts with no word rune
	// may follow.
	return g.walkFrom(t, buf, c, t.Norm[w:c], dst)
}

// wordAt appends the candidates that start with the word s[c:e] (whole
// word runes), of hash h (hashBytes), after the proclitics prefix.
func (g *Gazetteer) wordAt(t *normalize.Text, buf []match, c, e int, h uint64, prefix string, dst []candidate) []candidate {
	tr := g.trie
	if !tr.words.mayHave(h) {
		return dst
	}
	n := tr.words.find(h, t.Norm[c:e], tr.patterns)
	if n < 0 {
		return dst
	}
	if ms := tr.walk(buf, t.Norm, c, e, n); len(ms) > 0 {
		dst = g.accepted(t, ms, prefix, dst)
	}
	return dst
}

// walkFrom appends the candidates that start at i (i < len(s)) after the
// proclitics prefix, walking the trie from its root.
func (g *Gazetteer) walkFrom(t *normalize.Text, buf []match, i int, prefix string, dst []candidate) []candidate {
	s := t.Norm
	if i >= len(s) {
		return dst
	}
	c := s[i]
	if isSpaceByte(c) {
		c = ' ' // a run of white space matches a space
	}
	n := g.trie.root[c]
	if n < 0 {
		return dst
	}
	if ms := g.trie.walk(buf, s, i, i+1, n); len(ms) > 0 {
		dst = g.accepted(t, ms, prefix, dst)
	}
	return dst
}

// The hash of words: a polynomial hashBytes(w) = Σ w[k]·B^(len(w)-1-k),
// modulo 2^64, which gives the hash of a word without its first letters
// from the hash of the word.
const (
	hashB     = 0x100000001b3      // odd: invertible modulo 2^64
	hashB2    = 0x366000002e329    // hashB² modulo 2^64
	hashInvB2 = 0x501d877bc9ac6919 // the inverse of hashB2 modulo 2^64
)

// hashBytes returns the hash of w.
func hashBytes(w string) uint64 {
	var h uint64
	for i := 0; i < len(w); i++ {
		h = h*hashB + uint64(w[i])
	}
	return h
}

// scanWord returns the end of the word runes of s from i on (the offset of
// the first rune that is none, len(s) if none) and their hash (hashBytes).
func (t *trie) scanWord(s string, i int) (e int, h uint64) {
	for i < len(s) {
		// Runs of Arabic letters: U+0600..U+06FF, two bytes, a word rune
		// when bit c1&63 of arabic[c-0xD8] is set.
		for i+1 < len(s) {
			c, c1 := s[i], s[i+1]
			if c-0xD8 > 3 || c1&0xC0 != 0x80 || t.arabic[c&3]>>(c1&63)&1 == 0 {
				break
			}
			h = h*hashB2 + uint64(c)*hashB + uint64(c1)
			i += 2
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if !asciiWord(c) {
				break
			}
			h = h*hashB + uint64(c)
			i++
			continue
		}
		word, size := t.unit(s, i)
		if !word {
			break
		}
		for k := i; k < i+size; k++ {
			h = h*hashB + uint64(s[k])
		}
		i += size
	}
	return i, h
}

// hashPow returns hashB to the power of n.
func hashPow(n int) uint64 {
	p, b := uint64(1), uint64(hashB)
	for ; n > 0; n >>= 1 {
		if n&1 != 0 {
			p *= b
		}
		b *= b
	}
	return p
}

// wordTable is a hash table from the first words of the patterns to the
// trie node after them, with open addressing.
type wordTable struct {
	// filter has the bit filterBit(h) set for the hash h of every word:
	// most words of a text are no first word, and 8 KB answer that
	// without a look at the slots.
	filter [1 << 10]uint64
	slots  []wordSlot // a power of two of them, at most half used
	shift  uint
}

// filterBit returns the bit of filter for hash h.
func filterBit(h uint64) uint64 { return h * 0x9e3779b97f4a7c15 >> 48 }

// wordSlot is an entry of a wordTable: the word is the first n bytes of
// pattern pat.
type wordSlot struct {
	hash uint32 // the high bits of the word's hash
	n    uint32
	pat  int32
	node int32 // 0 for an empty slot
}

func (wt *wordTable) init(n int) {
	size := 1
	for size < 2*n {
		size *= 2
	}
	wt.slots = make([]wordSlot, size)
	wt.shift = uint(64 - bits.TrailingZeros(uint(size)))
}

func (wt *wordTable) index(h uint64) int {
	return int((h ^ h>>32) * 0x9e3779b97f4a7c15 >> wt.shift & uint64(len(wt.slots)-1))
}

// add adds w (not yet added) of hash h, the first len(w) bytes of pattern
// pat, leading to node.
func (wt *wordTable) add(h uint64, w string, pat, node int32) {
	i := wt.index(h)
	for wt.slots[i].node != 0 {
		i = (i + 1) & (len(wt.slots) - 1)
	}
	wt.slots[i] = wordSlot{hash: uint32(h >> 32), n: uint32(len(w)), pat: pat, node: node}
	b := filterBit(h)
	wt.filter[b/64] |= 1 << (b % 64)
}

// mayHave reports whether a word of hash h may be in the table: false
// when no word is.
func (wt *wordTable) mayHave(h uint64) bool {
	b := filterBit(h)
	return wt.filter[b/64]&(1<<(b%64)) != 0
}

// find returns the node after w of hash h, -1 if w is no first word.
func (wt *wordTable) find(h uint64, w string, patterns []string) int32 {
	mask := len(wt.slots) - 1
	for i := wt.index(h); ; i = (i + 1) & mask {
		sl := &wt.slots[i]
		if sl.node == 0 {
			return -1
		}
		if sl.hash == uint32(h>>32) && int(sl.n) == len(w) && patterns[sl.pat][:len(w)] == w {
			return sl.node
		}
	}
}

// cliticLen returns the byte length of the proclitic letter that s starts
// with (و ف ب ك ل, 2 bytes in matching form), 0 if none.
func cliticLen(s string) int {
	if len(s) < 2 {
		return 0
	}
	switch s[0] {
	case 0xD9: // و ف ك ل
		switch s[1] {
		case 0x88, 0x81, 0x83, 0x84:
			return 2
		}
	case 0xD8: // ب
		if s[1] == 0xA8 {
			return 2
		}
	}
	return 0
}

// unit returns whether the rune at s[i] continues a word (isWordRune) and
// its byte length: 1 for an invalid byte.
func (t *trie) unit(s string, i int) (word bool, size int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return asciiWord(c), 1
	}
	if c >= 0xD8 && c <= 0xDB && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		// U+0600..U+06FF, two bytes.
		r := (uint(c&0x1F)<<6 | uint(s[i+1]&0x3F)) - 0x600
		return t.arabic[r/64]>>(r%64)&1 != 0, 2
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r), size
}

// accepted appends to dst, longest first, the occurrences ms (of one
// start, shortest first) that end a word and that an entry of their
// pattern accepts after the proclitics prefix.
func (g *Gazetteer) accepted(t *normalize.Text, ms []match, prefix string, dst []candidate) []candidate {
	s := t.Norm
	for k := len(ms) - 1; k >= 0; k-- {
		m := ms[k]
		if m.end < len(s) {
			if r, _ := utf8.DecodeRuneInString(s[m.end:]); isWordRune(r) {
				continue
			}
		}
		for _, e := range g.pats[m.pat] {
			if g.accept(t, m.start, m.end, prefix, e) {
				dst = append(dst, candidate{m.start, m.end, m.pat, e})
				break
			}
		}
	}
	return dst
}

// asciiWord is isWordRune for an ASCII byte: a letter, a digit or '_'.
func asciiWord(c byte) bool {
	const (
		lo = 0x03ff_0000_0000_0000 // '0'..'9'
		hi = 0x07ff_fffe_87ff_fffe // 'A'..'Z', '_', 'a'..'z'
	)
	if c < 64 {
		return lo>>c&1 != 0
	}
	return hi>>(c&63)&1 != 0 && c < 128
}

// isSpaceByte reports whether c is an ASCII white space byte.
func isSpaceByte(c byte) bool {
	const spaces = 1<<' ' | 1<<'\n' | 1<<'\t' | 1<<'\r' | 1<<'\v' | 1<<'\f'
	return c <= ' ' && spaces>>c&1 != 0
}
