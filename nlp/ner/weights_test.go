package ner

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// TestWeightTableMatchesDense checks, for every bucket of every embedded
// model, that the compact table holds the row of the dense table as the
// file stores it, and that sums over random buckets are the dense sums.
func TestWeightTableMatchesDense(t *testing.T) {
	names := []string{"ar", "ar" + FirstPassSuffix, "latin"}
	for _, name := range names {
		b, err := modelFiles.ReadFile("model/" + name + ".nerm")
		if err != nil {
			t.Fatal(err)
		}
		m, err := readModel(bytes.NewReader(b), true)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := m.tab.buckets(), 1<<m.bits; got != want {
			t.Fatalf("%s: table of %d buckets, want %d", name, got, want)
		}
		rows := 0
		for f := range uint32(1 << m.bits) {
			dense := m.q[int(f)*stride : int(f)*stride+stride]
			if got := m.tab.row(f); !equalRow(got[:], dense) {
				t.Fatalf("%s bucket %d: row %v, dense %v", name, f, got, dense)
			}
			if m.tab.rowOf(f) != 0 {
				rows++
			}
		}
		if rows != len(m.tab.rows)-1 {
			t.Fatalf("%s: %d buckets have a row, the table holds %d", name, rows, len(m.tab.rows)-1)
		}
		t.Logf("%s: %d of %d buckets non-zero, table %d KB (dense %d KB)", name, rows, 1<<m.bits, m.tab.size()>>10, len(m.q)*2>>10)
		rng := rand.New(rand.NewPCG(7, 8))
		feats := make([]uint32, 0, 64)
		for range 2000 {
			feats = feats[:0]
			for range rng.IntN(64) {
				feats = append(feats, rng.Uint32N(1<<m.bits))
			}
			var got [numLabels]int32
			m.sumRows(&got, feats)
			if want := denseSum(m.q, feats); got != want {
				t.Fatalf("%s %v: sum %v, dense %v", name, feats, got, want)
			}
		}
	}
}

func equalRow(a, b []int16) bool {
	for l := range stride {
		if a[l] != b[l] {
			return false
		}
	}
	return true
}

// denseSum sums the rows feats of the dense table q, label by label.
func denseSum(q []int16, feats []uint32) [numLabels]int32 {
	var acc [numLabels]int32
	for _, f := range feats {
		for l := range acc {
			acc[l] += int32(q[int(f)*stride+l])
		}
	}
	return acc
}

// FuzzWeightTable builds a table from the rows of a dense table read
// from the fuzzer's bytes (five bytes a weight: its bucket, its value and
// its label; the other weights are zero) and checks every bucket's row
// and the sums over the buckets read, each repeated, against the dense
// table.
func FuzzWeightTable(f *testing.F) {
	f.Add(uint8(8), uint16(3), []byte{0, 0, 1, 0, 0, 63, 0, 2, 2, 2, 64, 0, 3, 6, 6, 255, 0, 255, 255, 255})
	f.Add(uint8(4), uint16(1), []byte{15, 0, 0, 128, 1, 14, 0, 255, 127, 6})
	f.Add(uint8(12), uint16(700), []byte{1, 1, 0, 0, 0, 0, 16, 9, 9, 9})
	f.Fuzz(func(t *testing.T, bits uint8, repeat uint16, data []byte) {
		tableBits := uint(4 + bits%9)
		n := 1 << tableBits
		q := make([]int16, n*stride)
		var feats []uint32
		for len(data) >= 5 {
			f := uint32(binary.LittleEndian.Uint16(data)) % uint32(n)
			q[int(f)*stride+int(data[4])%numLabels] = int16(binary.LittleEndian.Uint16(data[2:]))
			feats = append(feats, f)
			data = data[5:]
		}
		checkTable(t, tableBits, q, feats, int(repeat%1024)+1)
	})
}

// checkTable builds a table of 1<<tableBits buckets from the dense table
// q and checks every bucket's row, and the sums over feats repeated
// repeat times, with sum and with resolve and sumRows, against q.
func checkTable(t *testing.T, tableBits uint, q []int16, feats []uint32, repeat int) {
	t.Helper()
	n := 1 << tableBits
	b := newWeightTableBuilder(tableBits)
	for f := range n {
		b.add((*[stride]int16)(q[f*stride:]))
	}
	tab := b.table()
	if tab.buckets() < n {
		t.Fatalf("table of %d buckets, want %d", tab.buckets(), n)
	}
	for f := range uint32(n) {
		if got := tab.row(f); !equalRow(got[:], q[int(f)*stride:]) {
			t.Fatalf("bucket %d: row %v, dense %v", f, got, q[int(f)*stride:int(f)*stride+stride])
		}
	}
	var all []uint32
	for range repeat {
		all = append(all, feats...)
	}
	want := denseSum(q, all)
	var got [numLabels]int32
	tab.sum(&got, all)
	if got != want {
		t.Fatalf("sum of %d rows %v, dense %v", len(all), got, want)
	}
	got = [numLabels]int32{}
	tab.resolve(all)
	tab.sumRows(&got, all)
	if got != want {
		t.Fatalf("sumRows of %d rows %v, dense %v", len(all), got, want)
	}
}

// TestWeightTableExtremes checks the sums of more rows than the lanes of
// a packedRow take at once, of the extreme weights.
func TestWeightTableExtremes(t *testing.T) {
	q := make([]int16, 64*stride)
	for l := range numLabels {
		q[1*stride+l] = math.MaxInt16
		q[2*stride+l] = math.MinInt16
		q[3*stride+l] = int16(l - 3)
	}
	for _, feats := range [][]uint32{{1}, {2}, {1, 2, 3, 0}, {2, 2, 3}} {
		checkTable(t, 6, q, feats, maxRowsAtOnce+3)
	}
}

// TestWriteReadModel checks that a model written, read and written again
// gives the same bytes: a model read from a file writes its weights as
// read.
func TestWriteReadModel(t *testing.T) {
	m, err := Train(context.Background(), tinyCorpus(), TrainOptions{Name: "latin", Bits: 14, Epochs: 5, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	var first, second bytes.Buffer
	if _, err := m.WriteTo(&first); err != nil {
		t.Fatal(err)
	}
	m2, err := ReadModel(bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m2.WriteTo(&second); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Fatalf("written again, %d bytes differ from the first %d", second.Len(), first.Len())
	}
}

// TestKeyReader checks that the keys a keyReader gives back are the ones
// added, empty ones included.
func TestKeyReader(t *testing.T) {
	tests := [][]string{
		{"a"},
		{"", "x", ""},
		{"قال", "الرئيس", "Paris", "", "paris"},
	}
	for _, keys := range tests {
		var r keyReader
		for _, k := range keys {
			r.add([]byte(k))
		}
		for i, want := range keys {
			if got := r.key(i); got != want {
				t.Errorf("%q: key %d = %q, want %q", keys, i, got, want)
			}
		}
	}
}

// TestJointTablesMatch checks that the joint tables of the Arabic model
// and its first pass (see jointTables) hold, for every bucket, the rows
// of the tables read from the files, side by side in one cache line, and
// that a row index found in either serves both.
func TestJointTablesMatch(t *testing.T) {
	tg := loadTagger(t)
	ar, _ := tg.Models()
	if ar.first == nil || ar.first.tab.shift != 1 || ar.tab.shift != 1 {
		t.Fatal("the Arabic model and its first pass do not share a joint table")
	}
	for _, m := range []*Model{ar.first, ar} {
		name := "ar"
		if m == ar.first {
			name += FirstPassSuffix
		}
		b, err := modelFiles.ReadFile("model/" + name + ".nerm")
		if err != nil {
			t.Fatal(err)
		}
		own, err := readModel(bytes.NewReader(b), false)
		if err != nil {
			t.Fatal(err)
		}
		for f := range uint32(own.tab.buckets()) {
			if got, want := m.tab.row(f), own.tab.row(f); got != want {
				t.Fatalf("%s bucket %d: joint row %v, own %v", name, f, got, want)
			}
			if m.tab.rowOf(f) != ar.first.tab.rowOf(f) {
				t.Fatalf("%s bucket %d: row %d, first pass's %d", name, f, m.tab.rowOf(f), ar.first.tab.rowOf(f))
			}
		}
		rng := rand.New(rand.NewPCG(9, 10))
		feats := make([]uint32, 0, 64)
		for range 2000 {
			feats = feats[:0]
			for range rng.IntN(64) {
				feats = append(feats, rng.Uint32N(uint32(own.tab.buckets())))
			}
			var got, want [numLabels]int32
			m.sumRows(&got, feats)
			own.sumRows(&want, feats)
			if got != want {
				t.Fatalf("%s %v: joint sum %v, own %v", name, feats, got, want)
			}
		}
	}
	if p := uintptr(unsafe.Pointer(&ar.first.tab.rows[0])); p%64 != 0 {
		t.Errorf("joint rows start at %#x, not on a cache line", p)
	}
}
