// Package gazetteer provides canonical named entities (people,
// organisations, places) with their aliases in Arabic, English and French,
// and finds them in text.
//
// Each Entity has one English canonical name and, where known, a Wikidata
// id. Aliases are stored in the matching form of package normalize, so
// "كوريا الشمالية", "کوریا الشمالیة" and "North Korea" all reach the same
// entity. Find walks a trie of the aliases over the folded text and keeps
// the leftmost-longest, non-overlapping occurrences that sit on word
// boundaries. An Arabic alias may be preceded by proclitics glued to it:
//
//   - an alias that does not start with the article ال may follow و or ف,
//     then one of ب ك ل (وبريطانيا, بموسكو, لبيونغ يانغ, فلروسيا);
//   - an alias written with the article ال (الولايات المتحدة, الروسي; not
//     ألمانيا, which only folds to a form starting with ال) may follow و or
//     ف, then ب or ك (والولايات المتحدة, بالولايات المتحدة); after ل the
//     article loses its alef (للولايات المتحدة), and the match then covers
//     the text from the article's lam.
//
// The clitics are never part of the match. A name that continues a longer
// word is no match: كوريا inside كورياتي, نيوي inside نيويورك, and an
// article-less name after ال (البريطانيا) are rejected. Runs of white space
// match the single space of an alias.
//
// Ambiguous aliases that are also common words (مالي "financial", عمان
// Oman or Amman) are lookup-only: Find never reports them, Lookup does. A
// context alias ("صحيفة {الراي}", "نادي {برشلونة}") matches only with its
// trigger words, which stay outside the reported span, as in the Arabic NER
// corpora. Block phrases (مجلس الأمن القومي) hide the shorter alias they
// contain (مجلس الأمن, the Security Council).
//
// Latin-script aliases written with capitals ("Paris", "UN") only match text
// written with the same capitals on the letters that carry them, so "us"
// and "nice" are not the United States or Nice.
//
// Nationality adjectives (الروسي, الأميركية, الكوري الشمالي) are aliases of
// their country marked Adjective: they link to the country, but "the Russian
// minister" is not a mention of Russia as a place, so a caller will usually
// count an adjective match only as a further mention of an entity it found
// by name, or use it as a feature.
package gazetteer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/arabic"
	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// Entity is a canonical named entity.
type Entity struct {
	// ID is the stable key of the entity: its Wikidata id when known,
	// otherwise a key derived from its canonical name (see Builder).
	ID string
	// Canonical is the English name, e.g. "North Korea", "Vladimir Putin",
	// "AFP".
	Canonical string
	// Wikidata is the Wikidata id ("Q423"), empty when unknown.
	Wikidata string
	// Type is record.PER, record.ORG or record.LOC.
	Type string
	// Kind is a finer class: country, city, region, sea, person, agency,
	// media, org, ...
	Kind string
	// Country is the ISO 3166-1 alpha-2 code of the country the entity is
	// (countries) or lies in (cities), empty when unknown or irrelevant.
	Country string
}

// Match is one occurrence of an alias in a text.
type Match struct {
	// Start and End are the byte offsets of the occurrence in the original
	// text (normalize.Text.Orig), clitics excluded, End exclusive.
	Start, End int
	// Entity is the entity the alias names; when an alias names several
	// entities, the first in priority order (Lookup lists them all).
	Entity *Entity
	// Alias is the matched alias in matching form.
	Alias string
	// Adjective is true when the alias is a nationality adjective of the
	// entity (الروسي), not its name.
	Adjective bool
}

// Gazetteer is an immutable set of entities and their aliases. It is safe
// for concurrent use.
type Gazetteer struct {
	entities []Entity
	byID     map[string]*Entity
	// byAlias maps a folded alias to the entities it names, in priority
	// order and without repeats: the lists the lookups return, built once.
	byAlias map[string][]*Entity
	// patterns are the strings of the trie; pats[i] are the entries of
	// pattern i, in priority order.
	trie     *trie
	patterns []string
	pats     [][]entry
}

// entry is one alias of one entity as the matcher sees it.
type entry struct {
	entity int32
	flags  aliasFlags
	// pre and post are the byte lengths of the context words of a context
	// alias ("صحيفة {الراي}") before and after the name: they must match
	// but are not part of the reported span.
	pre, post uint8
}

type aliasFlags uint8

const (
	flagAdjective  aliasFlags = 1 << iota // nationality adjective
	flagLookupOnly                        // ambiguous: never matched in running text
	flagCaps                              // Latin alias written with an initial capital
	flagAllCaps                           // Latin alias written in capitals only (acronym)
	flagArticle                           // Arabic alias written with the article ال
	flagLamVariant                        // ال alias with the alef dropped after ل
	flagBlock                             // phrase consumed but not reported
	flagTitle                             // Latin alias of several capitalised words
)

//go:embed data/gazetteer.tsv.gz
var embedded []byte

// Load returns the gazetteer compiled into the binary.
func Load() (*Gazetteer, error) {
	return Read(bytes.NewReader(embedded))
}

// LoadFile reads a compiled gazetteer (gzip'd or plain) from path.
func LoadFile(path string) (*Gazetteer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	defer f.Close()
	return Read(f)
}

// Read reads a compiled gazetteer, gzip'd or plain, as written by
// Builder.Write.
func Read(r io.Reader) (*Gazetteer, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gazetteer: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 1<<16)
	}
	b := NewBuilder()
	if err := b.readCompiled(br); err != nil {
		return nil, err
	}
	return b.Gazetteer()
}

// Len returns the number of entities.
func (g *Gazetteer) Len() int { return len(g.entities) }

// Entities returns every entity in priority order. The slice must not be
// modified.
func (g *Gazetteer) Entities() []Entity { return g.entities }

// ByID returns the entity with the given ID, or nil.
func (g *Gazetteer) ByID(id string) *Entity { return g.byID[id] }

// Aliases returns the aliases of e in matching form, adjectives included.
func (g *Gazetteer) Aliases(e *Entity) []string {
	var out []string
	for a, es := range g.byAlias {
		if slices.Contains(es, e) {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return out
}

// Lookup returns the entities named by surface, a span of text such as a
// tagger's entity: the span is folded and looked up as it is, then without
// each proclitic prefix it may carry (وبريطانيا → بريطانيا, للولايات
// المتحدة → الولايات المتحدة). Ambiguous aliases that Find never matches are
// found here. The result is in priority order, nil when nothing matches;
// it is shared with other callers and must not be modified.
func (g *Gazetteer) Lookup(surface string) []*Entity {
	return g.LookupFolded(normalize.Fold(surface))
}

// LookupFolded is Lookup of a surface whose matching form (normalize.Fold)
// the caller has: f.
func (g *Gazetteer) LookupFolded(f string) []*Entity {
	es, _ := lookupStripped(f, g.lookupExact)
	return es
}

// LookupFoldedPrefix is LookupFolded that also returns how many leading
// bytes of f (punctuation and proclitics) are not part of the name it
// found: 2 for "وبريطانيا" (و), 0 when f is the name itself.
func (g *Gazetteer) LookupFoldedPrefix(f string) ([]*Entity, int) {
	return lookupStripped(f, g.lookupExact)
}

// lookupStripped looks the folded span f up with exact: trimmed of
// punctuation, then without each proclitic prefix its first word may
// carry. It returns the entities and the length of f's bytes before the
// name.
func lookupStripped(f string, exact func(string) []*Entity) ([]*Entity, int) {
	// A span that starts and ends with a letter or digit, as nearly every
	// one does, is its own trimmed form: the common case is told from the
	// first and last runes without TrimFunc's calls.
	t, lead := f, 0
	if first, _ := utf8.DecodeRuneInString(f); !letterOrDigit(first) {
		t = strings.TrimFunc(f, notLetterOrDigit)
	} else if last, _ := utf8.DecodeLastRuneInString(f); !letterOrDigit(last) {
		t = strings.TrimFunc(f, notLetterOrDigit)
	}
	if t == "" {
		return nil, 0
	}
	if len(t) != len(f) {
		lead = strings.Index(f, t)
	}
	if es := exact(t); es != nil {
		return es, lead
	}
	first, _, _ := strings.Cut(t, " ")
	var splits [arabic.MaxSplits]int
	for _, p := range arabic.AppendSplits(splits[:0], first, 2)[1:] {
		stem := t[p:]
		if es := exact(stem); es != nil {
			return es, lead + p
		}
		// ل + ال is written لل: restore the article.
		if strings.HasSuffix(t[:p], "ل") && strings.HasPrefix(stem, "ل") {
			if es := exact("ا" + stem); es != nil {
				return es, lead + p
			}
		}
	}
	return nil, 0
}

// letterOrDigit reports whether unicode.IsLetter(r) || unicode.IsDigit(r),
// answering ASCII and the Arabic letters U+0621..U+064A (ء..ي, all of them
// letters) without the tables.
func letterOrDigit(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	case 0x621 <= r && r <= 0x64A:
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// notLetterOrDigit is the cut set of lookupStripped's trim.
func notLetterOrDigit(r rune) bool { return !letterOrDigit(r) }

// lookupExact returns the entities of the alias f, a list shared by every
// caller: the exported lookups document that it must not be modified.
func (g *Gazetteer) lookupExact(f string) []*Entity {
	return g.byAlias[f]
}

// candidate is a valid occurrence of a pattern in the folded text.
type candidate struct {
	start, end int // in t.Norm
	pat        int32
	entry      entry
}

// Find returns every occurrence of an alias in t, leftmost-longest and
// non-overlapping, in text order, with offsets into t.Orig.
func (g *Gazetteer) Find(t *normalize.Text) []Match {
	if g == nil || g.trie == nil || t == nil {
		return nil
	}
	s := t.Norm
	var buf [32]candidate
	cands := g.candidates(t, buf[:0])
	if len(cands) == 0 {
		return nil
	}
	// cands are leftmost, then longest first.
	out := make([]Match, 0, len(cands))
	last := -1
	for _, c := range cands {
		if c.start < last {
			continue
		}
		last = c.end
		if c.entry.flags&flagBlock != 0 {
			continue
		}
		// The reported span leaves out the context words of a context
		// alias; the pattern tells their length once white space is
		// compacted.
		p := g.patterns[c.pat]
		start, end := c.start, c.end
		if c.entry.pre > 0 {
			start = skipBytes(s, start, int(c.entry.pre))
		}
		if c.entry.post > 0 {
			end = skipBytesBack(s, end, int(c.entry.post))
		}
		alias := p[c.entry.pre : len(p)-int(c.entry.post)]
		if c.entry.flags&flagLamVariant != 0 && c.entry.pre == 0 {
			alias = "ا" + alias
		}
		os, oe := t.OrigSpan(start, end)
		out = append(out, Match{
			Start:     os,
			End:       oe,
			Entity:    &g.entities[c.entry.entity],
			Alias:     alias,
			Adjective: c.entry.flags&flagAdjective != 0,
		})
	}
	return out
}

// skipBytes returns the offset in s after n bytes of compacted text from
// i: a run of white space counts as one byte.
func skipBytes(s string, i, n int) int {
	for n > 0 && i < len(s) {
		if isSpaceByte(s[i]) {
			for i+1 < len(s) && isSpaceByte(s[i+1]) {
				i++
			}
		}
		i++
		n--
	}
	return i
}

// skipBytesBack is skipBytes backwards from the end offset i.
func skipBytesBack(s string, i, n int) int {
	for n > 0 && i > 0 {
		i--
		if isSpaceByte(s[i]) {
			for i > 0 && isSpaceByte(s[i-1]) {
				i--
			}
		}
		n--
	}
	return i
}

// accept reports whether entry e may match t.Norm[start:end] after the
// letters prefix glued before it.
func (g *Gazetteer) accept(t *normalize.Text, start, end int, prefix string, e entry) bool {
	f := e.flags
	if f&flagLookupOnly != 0 {
		return false
	}
	switch {
	case f&flagLamVariant != 0:
		// ل + ال → لل: exactly one lam, optionally after و/ف.
		if !isClitics(prefix) || !strings.HasSuffix(prefix, "ل") {
			return false
		}
	case prefix == "":
	case f&flagArticle != 0:
		// The article may follow و ف ب ك, not ل (that is لل above).
		if !isClitics(prefix) || strings.HasSuffix(prefix, "ل") {
			return false
		}
	default:
		if !isClitics(prefix) {
			return false
		}
	}
	if f&(flagCaps|flagAllCaps|flagTitle) != 0 {
		return capsMatch(t, start, end, f)
	}
	return true
}

// capsMatch reports whether the original text of the folded span follows
// the capitalisation rule f of the alias: a capital first letter, capitals
// starting every word (flagTitle), no lower-case letter (flagAllCaps).
func capsMatch(t *normalize.Text, start, end int, f aliasFlags) bool {
	os, oe := t.OrigSpan(start, end)
	span := t.Orig[os:oe]
	r, _ := utf8.DecodeRuneInString(span)
	if !unicode.IsUpper(r) {
		return false
	}
	switch {
	case f&flagAllCaps != 0:
		for _, r := range span {
			if unicode.IsLower(r) {
				return false
			}
		}
	case f&flagTitle != 0:
		for _, w := range strings.Fields(span) {
			r, _ := utf8.DecodeRuneInString(w)
			if unicode.IsLower(r) {
				return false
			}
		}
	}
	return true
}

// isClitics reports whether p (matching form) is a sequence of proclitics
// without the article: an optional conjunction و/ف, then an optional
// preposition ب/ك/ل, at least one of the two.
func isClitics(p string) bool {
	if p == "" {
		return false
	}
	if strings.HasPrefix(p, "و") || strings.HasPrefix(p, "ف") {
		p = p[len("و"):]
	}
	if p == "" {
		return true
	}
	if p == "ب" || p == "ك" || p == "ل" {
		return true
	}
	return false
}

// isWordRune reports whether r continues a word.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '_'
}
