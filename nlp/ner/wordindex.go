package ner

import "hash/maphash"

// wordIndex maps the words of a wordCache to their entries: open
// addressing with linear probing in a table at most half full, each slot
// an entry and the 32-bit hash of its word, so that a probe compares words
// only when the hashes match, and a word is hashed once for the probes of
// both caches of a tagger (they share the seed). It does the work of a Go
// map of strings with one hash and, mostly, one slot read.
type wordIndex struct {
	seed  maphash.Seed
	slots []wordSlot
	n     int // slots in use
}

// wordSlot is one slot of a wordIndex.
type wordSlot struct {
	h uint32 // the word's hash
	e int32  // the entry plus one; 0: the slot is empty
}

// minWordSlots is the size of a new wordIndex's table.
const minWordSlots = 1 << 10

// hash returns the hash of word w.
func (x *wordIndex) hash(w string) uint32 {
	h := maphash.String(x.seed, w)
	return uint32(h ^ h>>32)
}

// insert adds entry e for a word of hash h that the index does not hold.
func (x *wordIndex) insert(h uint32, e int32) {
	if 2*(x.n+1) > len(x.slots) {
		x.grow()
	}
	x.put(h, e)
	x.n++
}

// put puts entry e of hash h in the first free slot from its own.
func (x *wordIndex) put(h uint32, e int32) {
	mask := uint32(len(x.slots) - 1)
	i := h & mask
	for x.slots[i].e != 0 {
		i = (i + 1) & mask
	}
	x.slots[i] = wordSlot{h: h, e: e + 1}
}

// grow doubles the table.
func (x *wordIndex) grow() {
	old := x.slots
	x.slots = make([]wordSlot, max(2*len(old), minWordSlots))
	for _, s := range old {
		if s.e != 0 {
			x.put(s.h, s.e-1)
		}
	}
}

// reset empties the index; the table keeps its size.
func (x *wordIndex) reset() {
	clear(x.slots)
	x.n = 0
}

// len returns the number of words indexed.
func (x *wordIndex) len() int { return x.n }
