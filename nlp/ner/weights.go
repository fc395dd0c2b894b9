package ner

import "math/bits"

// weightTable holds the quantised weights of a model read from a file in
// little memory: only the rows of the buckets with a non-zero weight, in
// bucket order, and an index of which buckets have one. A trained table
// of 2^20 buckets has about one bucket in nine non-zero (most hashed
// features were never seen in training, or are shared by no name), so
// the rows take a fourth of the dense table's 16 MB and the index
// 256 KB, and a feature whose bucket is empty reads the one zero row,
// always in cache. A bucket without a row has the zero row, so every sum
// is the dense table's.
type weightTable struct {
	// index has one block per 64 buckets.
	index []indexBlock
	// rows[0] is the zero row, the row of every bucket the index has
	// not; the others are the rows of the buckets the index has, in
	// bucket order.
	rows []packedRow
	// shift is 1 in a table that shares its index and its memory with
	// another model's (see jointTables): their rows alternate, and the
	// row of index r (of the shared index) is rows[r<<1]; else 0.
	shift uint32
}

// packedRow holds the stride weights of a row (the first numLabels are
// used, the others are zero) as four words of two 32-bit lanes: weight l
// plus rowBias in lane l%2 of word l/2. The lanes are never negative and
// at most 65535, so adding up to maxRowsAtOnce rows word by word adds
// every lane exactly, with no carry into the next: four additions a row
// instead of seven, in four registers, and the sums of k rows are the
// lanes minus k times rowBias.
type packedRow [stride / 2]uint64

const (
	// rowBias is added to every weight of a packedRow.
	rowBias = 1 << 15
	// maxRowsAtOnce is the most rows whose lanes may be added before
	// they are read.
	maxRowsAtOnce = 1 << 16
)

// packRow returns the packed form of row.
func packRow(row *[stride]int16) packedRow {
	var p packedRow
	for l, w := range row {
		p[l/2] |= uint64(int32(w)+rowBias) << (32 * (l % 2))
	}
	return p
}

// weights returns the weights of a packed row.
func (p *packedRow) weights() [stride]int16 {
	var row [stride]int16
	for l := range row {
		row[l] = int16(int32(uint32(p[l/2]>>(32*(l%2)))) - rowBias)
	}
	return row
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
	b.t.rows = make([]packedRow, 1, 1<<max(int(tableBits)-3, 4))
	b.t.rows[0] = packRow(&[stride]int16{})
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
	b.t.rows = append(b.t.rows, packRow(row))
}

// table returns the table built, its rows in a slice of their size.
func (b *weightTableBuilder) table() *weightTable {
	t := b.t
	t.rows = append([]packedRow(nil), t.rows...)
	return &t
}

// rowOf returns the index in t.rows of the row of bucket f: 0, the zero
// row, when the bucket has none. Without a branch: whether a feature's
// bucket is empty is a coin toss the CPU would mispredict.
func (t *weightTable) rowOf(f uint32) uint32 { return rowIn(t.index, t.shift, f) }

// rowIn is rowOf for a table of index index and shift shift: loops keep
// them in registers (a store to a []uint32 might change t.shift, so a
// loop calling rowOf reads it again at each turn).
func rowIn(index []indexBlock, shift uint32, f uint32) uint32 {
	blk := &index[f/64]
	bit := f % 64
	r := blk.first + uint32(bits.OnesCount64(blk.has&(1<<bit-1)))
	return (r & -uint32(blk.has>>bit&1)) << shift
}

// row returns the weights of bucket f.
func (t *weightTable) row(f uint32) [stride]int16 { return t.rows[t.rowOf(f)].weights() }

// buckets returns the number of buckets of the table.
func (t *weightTable) buckets() int { return len(t.index) * 64 }

// sum adds to acc the weights of the buckets feats, as integers: exact,
// so the order of feats does not matter.
func (t *weightTable) sum(acc *[numLabels]int32, feats []uint32) {
	for len(feats) > maxRowsAtOnce {
		t.sum(acc, feats[:maxRowsAtOnce])
		feats = feats[maxRowsAtOnce:]
	}
	// The lanes of at most maxRowsAtOnce rows are added at once.
	rs, index, shift := t.rows, t.index, t.shift
	var s0, s1, s2, s3 uint64
	for _, f := range feats {
		p := &rs[rowIn(index, shift, f)]
		s0 += p[0]
		s1 += p[1]
		s2 += p[2]
		s3 += p[3]
	}
	addLanes(acc, s0, s1, s2, s3, len(feats))
}

// resolve replaces the buckets feats by their rows (see rowOf): the index
// blocks of all of them are read before any row, so that the loads
// overlap. sumRows then adds the rows.
func (t *weightTable) resolve(feats []uint32) {
	index, shift := t.index, t.shift
	for i, f := range feats {
		feats[i] = rowIn(index, shift, f)
	}
}

// touch reads the first word of the rows rows and returns them combined,
// so that the reads cannot be left out: it makes the CPU fetch the rows'
// cache lines, all at once, for the sums that follow.
func (t *weightTable) touch(rows []uint32) uint64 {
	rs := t.rows
	var x uint64
	for _, r := range rows {
		x |= rs[r][0]
	}
	return x
}

// sumRows adds to acc the weights of the rows rows (see resolve), as
// integers: exact, so the order of rows does not matter.
func (t *weightTable) sumRows(acc *[numLabels]int32, rows []uint32) {
	for len(rows) > maxRowsAtOnce {
		t.sumRows(acc, rows[:maxRowsAtOnce])
		rows = rows[maxRowsAtOnce:]
	}
	// The lanes of at most maxRowsAtOnce rows are added at once.
	rs := t.rows
	var s0, s1, s2, s3 uint64
	for _, r := range rows {
		p := &rs[r]
		s0 += p[0]
		s1 += p[1]
		s2 += p[2]
		s3 += p[3]
	}
	addLanes(acc, s0, s1, s2, s3, len(rows))
}

// addLanes adds to acc the weights summed in the lanes of s0...s3 (see
// packedRow) from k rows.
func addLanes(acc *[numLabels]int32, s0, s1, s2, s3 uint64, k int) {
	off := int64(k) * rowBias
	acc[0] += int32(int64(uint32(s0)) - off)
	acc[1] += int32(int64(s0>>32) - off)
	acc[2] += int32(int64(uint32(s1)) - off)
	acc[3] += int32(int64(s1>>32) - off)
	acc[4] += int32(int64(uint32(s2)) - off)
	acc[5] += int32(int64(s2>>32) - off)
	acc[6] += int32(int64(uint32(s3)) - off)
}

// size returns the bytes the table takes (with its partner's rows, for
// a joint table).
func (t *weightTable) size() int { return len(t.index)*16 + len(t.rows)*8*len(packedRow{}) }

// jointTables returns tables with the rows of a and b, which have as
// many buckets, in one index and one block of memory: the index has the
// buckets either has, and the rows of a bucket, a's then b's (the zero
// row for a bucket one of them has not), are side by side, 64 bytes
// aligned: one cache line. A model whose second pass reads the buckets
// its first pass read (see Model.rowsShared) then finds them in the
// lines the first pass loaded, and the row index found for a bucket
// serves both tables (see ctxStore).
func jointTables(a, b *weightTable) (*weightTable, *weightTable) {
	index := make([]indexBlock, len(a.index))
	n := uint32(1)
	for k := range index {
		index[k] = indexBlock{has: a.index[k].has | b.index[k].has, first: n}
		n += uint32(bits.OnesCount64(index[k].has))
	}
	// A large allocation starts on a page: every pair of rows is in one
	// cache line.
	rows := make([]packedRow, 2*n)
	rows[0], rows[1] = a.rows[0], b.rows[0]
	for k, blk := range index {
		for has := blk.has; has != 0; has &= has - 1 {
			bit := uint32(bits.TrailingZeros64(has))
			f := uint32(k)*64 + bit
			r := blk.first + uint32(bits.OnesCount64(blk.has&(1<<bit-1)))
			rows[2*r] = a.rows[a.rowOf(f)]
			rows[2*r+1] = b.rows[b.rowOf(f)]
		}
	}
	return &weightTable{index: index, rows: rows, shift: 1}, &weightTable{index: index, rows: rows[1:], shift: 1}
}
