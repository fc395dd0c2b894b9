package gazetteer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/newsenrich/newsenrich/record"
)

// Places is a lookup-only index of the world's cities (and of states and
// provinces) that the Gazetteer leaves out because their names are too
// ambiguous to match in running text (Reading, Halifax, Victoria, حجة). It
// answers one question: which places a span already tagged as a place may
// name. Most names belong to several
// cities; the caller chooses among them, e.g. by the countries an article
// mentions.
//
// The index keeps the compiled file's bytes and offsets into them: about
// 60,000 cities cost a few megabytes and no allocation per city. It is
// immutable and safe for concurrent use.
type Places struct {
	data   []byte
	cities []uint32 // offsets of the city lines: qid, country, name
	keys   []uint32 // offsets of the alias lines, sorted by alias
	// index is an open-addressing hash table of the aliases: an entry is
	// 1 + the alias's number in keys in its low indexBits bits and the top
	// bits of the alias's hash above them (a probe reads the alias line
	// only when they agree); 0 is an empty slot. Pointer-free, so the
	// garbage collector never scans it.
	index []uint32
	seed  maphash.Seed
}

// indexBits is the number of bits of an index entry that hold the key
// number; the others hold a fingerprint of the hash.
const indexBits = 18

// Place is a city written to a places file by WritePlaces.
type Place struct {
	// Wikidata is the city's Wikidata id, "" when unknown.
	Wikidata string
	// Country is the ISO 3166-1 alpha-2 code of its country.
	Country string
	// Kind is its entity's kind: "city", or "region" for a state or
	// province.
	Kind string
	// Name is its English name, the canonical name of its entity.
	Name string
	// Aliases are its names in any script, as written.
	Aliases []string
}

//go:embed data/places.tsv.gz
var embeddedPlaces []byte

// placesHeader is the first line of a places file.
const placesHeader = "#newsenrich-places\tv2"

// LoadPlaces returns the places index compiled into the binary.
func LoadPlaces() (*Places, error) {
	return ReadPlaces(bytes.NewReader(embeddedPlaces))
}

// ReadPlaces reads a places file, gzip'd or plain, as written by
// WritePlaces.
func ReadPlaces(r io.Reader) (*Places, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var src io.Reader = br
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("places: %w", err)
		}
		defer zr.Close()
		src = zr
	}
	data, err := io.ReadAll(src)
	if err != nil {
		return nil, fmt.Errorf("places: %w", err)
	}
	return parsePlaces(data)
}

// parsePlaces indexes the lines of a places file: the header, "C" lines
// (a place each: C, Wikidata id, country, kind, English name) and "A" lines (an
// alias each, in byte order: A, folded alias, the numbers of its cities
// separated by commas).
func parsePlaces(data []byte) (*Places, error) {
	p := &Places{data: data}
	if len(data) > 1<<32-1 {
		return nil, errors.New("places: file too large")
	}
	n := bytes.Count(data, []byte{'\n'}) + 1
	p.cities = make([]uint32, 0, n/3)
	p.keys = make([]uint32, 0, n-n/3)
	line := 0
	var prev []byte
	for off := 0; off < len(data); {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += off
		}
		l := data[off:end]
		line++
		switch {
		case line == 1:
			if string(l) != placesHeader {
				return nil, fmt.Errorf("places: line 1: not a places file (want %q)", placesHeader)
			}
		case len(l) == 0:
		case bytes.HasPrefix(l, []byte("C\t")):
			if len(p.keys) > 0 {
				return nil, fmt.Errorf("places: line %d: city after the aliases", line)
			}
			if bytes.Count(l, []byte{'\t'}) != 4 {
				return nil, fmt.Errorf("places: line %d: want 5 fields", line)
			}
			p.cities = append(p.cities, uint32(off))
		case bytes.HasPrefix(l, []byte("A\t")):
			alias, ids, ok := bytes.Cut(l[2:], []byte{'\t'})
			if !ok || len(alias) == 0 {
				return nil, fmt.Errorf("places: line %d: want an alias and its cities", line)
			}
			if prev != nil && bytes.Compare(prev, alias) >= 0 {
				return nil, fmt.Errorf("places: line %d: aliases not in order", line)
			}
			for rest := ids; ; {
				f, more, _ := bytes.Cut(rest, []byte{','})
				n, err := strconv.Atoi(string(f))
				if err != nil || n < 0 || n >= len(p.cities) {
					return nil, fmt.Errorf("places: line %d: bad city number %q", line, f)
				}
				if more == nil {
					break
				}
				rest = more
			}
			prev = alias
			p.keys = append(p.keys, uint32(off))
		default:
			return nil, fmt.Errorf("places: line %d: unknown line", line)
		}
		off = end + 1
	}
	if line == 0 {
		return nil, errors.New("places: empty file")
	}
	p.cities, p.keys = slices.Clip(p.cities), slices.Clip(p.keys)
	if len(p.keys) >= 1<<indexBits-1 {
		return nil, errors.New("places: too many aliases")
	}
	p.buildIndex()
	return p, nil
}

// buildIndex fills p.index with p.keys, at a load of at most one half.
func (p *Places) buildIndex() {
	size := 8
	for size < 2*len(p.keys) {
		size *= 2
	}
	p.seed = maphash.MakeSeed()
	p.index = make([]uint32, size)
	mask := uint64(size - 1)
	for k := range p.keys {
		alias, _ := p.aliasAt(k)
		h := maphash.Bytes(p.seed, alias)
		i := h & mask
		for p.index[i] != 0 {
			i = (i + 1) & mask
		}
		p.index[i] = uint32(k+1) | fingerprint(h)
	}
}

// fingerprint is the part of an index entry taken from the hash h.
func fingerprint(h uint64) uint32 {
	return uint32(h>>(64-(32-indexBits))) << indexBits
}

// find returns the number in p.keys of the alias f, or -1.
func (p *Places) find(f string) int {
	h := maphash.String(p.seed, f)
	mask := uint64(len(p.index) - 1)
	fp := fingerprint(h)
	for i := h & mask; ; i = (i + 1) & mask {
		e := p.index[i]
		if e == 0 {
			return -1
		}
		if e&^(1<<indexBits-1) != fp {
			continue
		}
		k := int(e&(1<<indexBits-1)) - 1
		if alias, _ := p.aliasAt(k); string(alias) == f {
			return k
		}
	}
}

// Len returns the number of cities.
func (p *Places) Len() int { return len(p.cities) }

// lineAt returns the line starting at off, without its newline.
func (p *Places) lineAt(off uint32) []byte {
	l := p.data[off:]
	if i := bytes.IndexByte(l, '\n'); i >= 0 {
		l = l[:i]
	}
	return l
}

// aliasAt returns the alias and the city list of the k-th alias line.
func (p *Places) aliasAt(k int) (alias, ids []byte) {
	alias, ids, _ = bytes.Cut(p.lineAt(p.keys[k])[2:], []byte{'\t'})
	return alias, ids
}

// LookupFolded returns the places named by f, a span in matching form
// (normalize.Fold), as entities of type LOC: the span as
// it is, then without the proclitics it may carry, like
// Gazetteer.LookupFolded. Each call returns new entities; nil when no city
// has the name.
func (p *Places) LookupFolded(f string) []*Entity {
	if p == nil {
		return nil
	}
	es, _ := lookupStripped(f, p.lookupExact)
	return es
}

func (p *Places) lookupExact(f string) []*Entity {
	k := p.find(f)
	if k < 0 {
		return nil
	}
	_, ids := p.aliasAt(k)
	var out []*Entity
	for _, f := range bytes.Split(ids, []byte{','}) {
		n, _ := strconv.Atoi(string(f)) // checked by parsePlaces
		out = append(out, p.city(n))
	}
	return out
}

// city returns the n-th city as an entity.
func (p *Places) city(n int) *Entity {
	fields := strings.Split(string(p.lineAt(p.cities[n])), "\t")
	e := &Entity{Wikidata: fields[1], Country: fields[2], Kind: fields[3], Canonical: fields[4], Type: record.LOC}
	e.ID = e.Wikidata
	if e.ID == "" {
		e.ID = "places:" + e.Country + ":" + strings.ReplaceAll(e.Canonical, " ", "_")
	}
	return e
}

// WritePlaces writes places as a places file (plain text; compress it as
// you like). Aliases are folded; an alias shared by several places lists
// them all, in the order given. The output depends only on the input.
func WritePlaces(w io.Writer, places []Place) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, placesHeader)
	byAlias := map[string][]int{}
	for i, pl := range places {
		if strings.ContainsAny(pl.Wikidata+pl.Country+pl.Kind+pl.Name, "\t\n") || pl.Name == "" || pl.Kind == "" {
			return fmt.Errorf("places: bad place %q", pl.Name)
		}
		if pl.Wikidata != "" && !ValidQID(pl.Wikidata) {
			return fmt.Errorf("places: %s: bad Wikidata id %q", pl.Name, pl.Wikidata)
		}
		fmt.Fprintf(bw, "C\t%s\t%s\t%s\t%s\n", pl.Wikidata, pl.Country, pl.Kind, pl.Name)
		for _, a := range pl.Aliases {
			f := foldAlias(a)
			if f == "" || strings.ContainsAny(f, "\t\n{}") {
				continue
			}
			if ids := byAlias[f]; len(ids) == 0 || ids[len(ids)-1] != i {
				byAlias[f] = append(ids, i)
			}
		}
	}
	keys := make([]string, 0, len(byAlias))
	for k := range byAlias {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		bw.WriteString("A\t")
		bw.WriteString(k)
		for j, id := range byAlias[k] {
			if j == 0 {
				bw.WriteByte('\t')
			} else {
				bw.WriteByte(',')
			}
			bw.WriteString(strconv.Itoa(id))
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
