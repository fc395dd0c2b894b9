package ner

import "math/bits"

// weightTable holds the quantised weights of a model read from a file in
// little memory: only the rows of the buckets with a non-zero weight, in
// bucket order, and an index of which buckets have one. A trained table
// of 2^20 buckets has about one bucket in nine non-zero (most hashed
// features were never seen in training, or are shared by no name), so
// the rows take a ninth of the dense table's 16 MB and the index 256 KB:
// the weights the tagger reads stay in the CPU's second-level cache
// instead of being fetched from far memory, and a feature whose bucket
// is empty costs no row at all. A bucket without a row has the zero row,
// so every sum is the dense table's.
type weightTable struct {
	// index has one block per 64 buckets.
	index []indexBlock
	// rows[0] is the zero row, the row of every bucket the index has
	// not; the others are the rows of the buckets the index has, in
	// bucket order. Each holds stride weights; the first numLabels are
	// used, the others are zero.
	rows [][stride]int16
}

// indexBlock says which of 64 consecutive buckets have a row.
type indexBlock struct {
	// has has bit b set when bucket 64k+b of block k has a row.
	has uint64
	// first is the row of the first bucket of the block with one: one
	// plus the number of rows of the buckets before the block.
	first uint32
	_     uint32 // blocks of 16 bytes: four to a cache line
}

// weightTableBuilder builds a weightTable from its rows in bucket order.
type weightTableBuilder struct {
	t    weightTable
	next uint32 // the bucket the next add is for
}

// newWeightTableBuilder starts a table of 1<<tableBits buckets.
func newWeightTableBuilder(tableBits uint) *weightTableBuilder {
	b := &weightTableBuilder{}
	b.t.index = make([]indexBlock, (1<<tableBits+63)/64)
	b.t.rows = make([][stride]int16, 1, 1<<max(int(tableBits)-3, 4))
	return b
}

// add sets the row of the next bucket.
func (b *weightTableBuilder) add(row *[stride]int16) {
	k, bit := b.next/64, b.next%64
	if bit == 0 {
		b.t.index[k].first = uint32(len(b.t.rows))
	}
	b.next++
	if *row == ([stride]int16{}) {
		return
	}
	b.t.index[k].has |= 1 << bit
	b.t.rows = append(b.t.rows, *row)
}

// table returns the table built, its rows in a slice of their size.
func (b *weightTableBuilder) table() *weightTable {
	t := b.t
	t.rows = append([][stride]int16(nil), t.rows...)
	return &t
}

// rowOf returns the index in t.rows of the row of bucket f: 0, the zero
// row, when the bucket has none. Without a branch: whether a feature's
// bucket is empty is a coin toss the CPU would mispredict.
func (t *weightTable) rowOf(f uint32) uint32 {
	blk := &t.index[f/64]
	bit := f % 64
	r := blk.first + uint32(bits.OnesCount64(blk.has&(1<<bit-1)))
	return r & -uint32(blk.has>>bit&1)
}

// row returns the weights of bucket f.
func (t *weightTable) row(f uint32) *[stride]int16 { return &t.rows[t.rowOf(f)] }

// buckets returns the number of buckets of the table.
func (t *weightTable) buckets() int { return len(t.index) * 64 }

// sum adds to acc the weights of the buckets feats, as integers: exact,
// so the order of feats does not matter.
func (t *weightTable) sum(acc *[numLabels]int32, feats []uint32) {
	a0, a1, a2, a3, a4, a5, a6 := acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6]
	for _, f := range feats {
		row := &t.rows[t.rowOf(f)]
		a0 += int32(row[0])
		a1 += int32(row[1])
		a2 += int32(row[2])
		a3 += int32(row[3])
		a4 += int32(row[4])
		a5 += int32(row[5])
		a6 += int32(row[6])
	}
	*acc = [numLabels]int32{a0, a1, a2, a3, a4, a5, a6}
}

// resolve replaces the buckets feats by their rows (see rowOf): the index
// blocks of all of them are read before any row, so that the loads
// overlap. sumRows then adds the rows.
func (t *weightTable) resolve(feats []uint32) {
	for i, f := range feats {
		feats[i] = t.rowOf(f)
	}
}

// touch reads the first weight of the rows rows and returns them
// combined, so that the reads cannot be left out: it makes the CPU fetch
// the rows' cache lines, all at once, for the sums that follow.
func (t *weightTable) touch(rows []uint32) int16 {
	var x int16
	for _, r := range rows {
		x |= t.rows[r][0]
	}
	return x
}

// sumRows adds to acc the weights of the rows rows (see resolve). The
// labels are summed in registers (seven scalars, not an array the
// compiler keeps in memory).
func (t *weightTable) sumRows(acc *[numLabels]int32, rows []uint32) {
	a0, a1, a2, a3, a4, a5, a6 := acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6]
	for _, r := range rows {
		row := &t.rows[r]
		a0 += int32(row[0])
		a1 += int32(row[1])
		a2 += int32(row[2])
		a3 += int32(row[3])
		a4 += int32(row[4])
		a5 += int32(row[5])
		a6 += int32(row[6])
	}
	*acc = [numLabels]int32{a0, a1, a2, a3, a4, a5, a6}
}

// size returns the bytes the table takes.
func (t *weightTable) size() int { return len(t.index)*16 + len(t.rows)*2*stride }
