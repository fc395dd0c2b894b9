package gazetteer

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/record"
)

// Alias is a name of an entity as written in some language.
type Alias struct {
	// Text is the alias as written ("كوريا الشمالية", "North Korea", "UN").
	// Latin-script aliases keep their capitals: they only match text with
	// the same initial capital (all capitals for an acronym). A context
	// alias puts the name in braces: "صحيفة {الراي}" matches the phrase and
	// reports only الراي, so trigger words stay outside the span.
	Text string
	// Adjective marks a nationality adjective (الروسي) of a country.
	Adjective bool
	// LookupOnly marks an ambiguous alias (مالي is also "financial"): Find
	// never matches it, Lookup does.
	LookupOnly bool
	// Block marks a phrase that contains an alias but names something else
	// (مجلس الأمن القومي is not the Security Council, صلاة المغرب is not
	// Morocco): Find consumes it, so the alias inside is not matched, and
	// reports nothing; Lookup ignores it.
	Block bool
}

// Builder collects entities and aliases and makes a Gazetteer or writes the
// compiled form that Read loads. Entities keep the order of their first
// Add: earlier entities win an alias they share with later ones.
type Builder struct {
	entities []Entity
	index    map[string]int
	aliases  [][]foldedAlias // per entity
	seen     []map[string]int
}

type foldedAlias struct {
	text  string // matching form
	flags aliasFlags
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	return &Builder{index: map[string]int{}}
}

// Add adds e with its aliases. An entity whose ID was added before gets the
// new aliases, and its empty fields are filled from e. Aliases that fold to
// nothing are dropped. It fails on an entity without ID, canonical name or
// a valid type.
func (b *Builder) Add(e Entity, aliases ...Alias) error {
	i, err := b.entity(e)
	if err != nil {
		return err
	}
	for _, a := range aliases {
		f := foldAlias(a.Text)
		var fl aliasFlags
		if a.Adjective {
			fl |= flagAdjective
		}
		if a.LookupOnly {
			fl |= flagLookupOnly
		}
		if a.Block {
			fl |= flagBlock
		}
		if hasArticle(a.Text) {
			fl |= flagArticle
		}
		fl |= caseFlags(a.Text)
		b.addFolded(i, f, fl)
	}
	return nil
}

// Has reports whether an entity with the given ID was added.
func (b *Builder) Has(id string) bool {
	_, ok := b.index[id]
	return ok
}

// SetLookupOnly marks the folded alias f lookup-only on every entity that
// has it, and reports whether any had it.
func (b *Builder) SetLookupOnly(f string) bool {
	found := false
	for i := range b.aliases {
		if k, ok := b.seen[i][f]; ok {
			b.aliases[i][k].flags |= flagLookupOnly
			found = true
		}
	}
	return found
}

// hasArticle reports whether an Arabic alias as written starts with the
// article ال: "الولايات المتحدة" does, "ألمانيا" does not, although both
// fold to a form starting with ال.
func hasArticle(s string) bool {
	s = strings.TrimLeft(strings.TrimSpace(s), "{")
	return strings.HasPrefix(s, "ال") && utf8.RuneCountInString(s) > 3
}

// foldAlias returns the matching form of an alias, white space runs made
// single spaces; the braces of a context alias are kept around the folded
// name ("صحيفة {الرأي}" → "صحيفه {الراي}"). It returns "" for a malformed
// context alias.
func foldAlias(s string) string {
	pre, rest, ok := strings.Cut(s, "{")
	if !ok {
		return strings.Join(strings.Fields(normalize.Fold(s)), " ")
	}
	name, post, ok := strings.Cut(rest, "}")
	if !ok || strings.ContainsAny(post, "{}") || strings.TrimSpace(name) == "" {
		return ""
	}
	f := func(x string) string { return strings.Join(strings.Fields(normalize.Fold(x)), " ") }
	out := f(name)
	if p := f(pre); p != "" {
		out = p + " {" + out
	} else {
		out = "{" + out
	}
	if p := f(post); p != "" {
		out += "} " + p
	} else {
		out += "}"
	}
	return out
}

// splitContext splits a folded alias into the pattern to match and the
// byte lengths of its context before and after the name.
func splitContext(f string) (pattern string, pre, post int) {
	i := strings.IndexByte(f, '{')
	if i < 0 {
		return f, 0, 0
	}
	j := strings.IndexByte(f, '}')
	if j < i {
		return f, 0, 0
	}
	pattern = f[:i] + f[i+1:j] + f[j+1:]
	return pattern, i, len(f) - j - 1
}

// HasAlias reports whether some entity added so far has the alias f, in
// matching form.
func (b *Builder) HasAlias(f string) bool {
	for i := range b.seen {
		if _, ok := b.seen[i][f]; ok {
			return true
		}
	}
	return false
}

// AliasHolders returns the entities added so far that have the alias f,
// in matching form.
func (b *Builder) AliasHolders(f string) []Entity {
	var out []Entity
	for i := range b.seen {
		if _, ok := b.seen[i][f]; ok {
			out = append(out, b.entities[i])
		}
	}
	return out
}

// Len returns the number of entities added.
func (b *Builder) Len() int { return len(b.entities) }

// NumAliases returns the number of distinct (entity, alias) pairs added.
func (b *Builder) NumAliases() int {
	n := 0
	for _, as := range b.aliases {
		n += len(as)
	}
	return n
}

func (b *Builder) entity(e Entity) (int, error) {
	if e.ID == "" || e.Canonical == "" {
		return 0, fmt.Errorf("gazetteer: entity %q/%q: empty id or canonical name", e.ID, e.Canonical)
	}
	switch e.Type {
	case record.PER, record.ORG, record.LOC:
	default:
		return 0, fmt.Errorf("gazetteer: entity %s: invalid type %q", e.ID, e.Type)
	}
	for _, s := range []string{e.ID, e.Canonical, e.Wikidata, e.Type, e.Kind, e.Country} {
		if strings.ContainsAny(s, "\t\n|") {
			return 0, fmt.Errorf("gazetteer: entity %s: field %q has a tab, newline or |", e.ID, s)
		}
	}
	if i, ok := b.index[e.ID]; ok {
		old := &b.entities[i]
		fill := func(dst *string, src string) {
			if *dst == "" {
				*dst = src
			}
		}
		fill(&old.Wikidata, e.Wikidata)
		fill(&old.Kind, e.Kind)
		fill(&old.Country, e.Country)
		return i, nil
	}
	b.index[e.ID] = len(b.entities)
	b.entities = append(b.entities, e)
	b.aliases = append(b.aliases, nil)
	b.seen = append(b.seen, map[string]int{})
	return len(b.entities) - 1, nil
}

// addFolded adds the alias f, in matching form, to entity i. An empty
// alias, one with a tab, a line break or "|" (which the compiled form
// cannot hold) and one that is not valid UTF-8 (no matching form is) are
// dropped.
func (b *Builder) addFolded(i int, f string, fl aliasFlags) {
	if f == "" || strings.ContainsAny(f, "\t\n|") || !utf8.ValidString(f) {
		return
	}
	if k, ok := b.seen[i][f]; ok {
		// The same folded alias twice: a name wins over an adjective, a
		// matchable alias over a lookup-only one, and the laxer case rule
		// wins (none < initial capital < capitalised words < capitals).
		old := &b.aliases[i][k].flags
		keep := *old & fl & (flagAdjective | flagLookupOnly | flagBlock | flagArticle)
		keep |= laxerCase(*old, fl)
		*old = keep
		return
	}
	b.seen[i][f] = len(b.aliases[i])
	b.aliases[i] = append(b.aliases[i], foldedAlias{f, fl})
}

// caseRules are the capitalisation flags, laxest first.
var caseRules = []aliasFlags{flagCaps, flagTitle, flagAllCaps}

// laxerCase returns the laxer of the capitalisation rules of a and b.
func laxerCase(a, b aliasFlags) aliasFlags {
	if a&(flagCaps|flagTitle|flagAllCaps) == 0 || b&(flagCaps|flagTitle|flagAllCaps) == 0 {
		return 0
	}
	for _, r := range caseRules {
		if (a|b)&r != 0 {
			return r
		}
	}
	return 0
}

// caseFlags returns the capitalisation rule of a Latin-script alias: an
// alias of capitals only (at least two letters: "UN", "AFP") must match
// capitals only; an alias of several words that all start with a capital
// ("Le Monde", "Sky News") must match words that all start with a capital;
// an alias with a capital first letter ("Isle of Man") must match a capital
// first letter. Aliases in other scripts have no rule.
func caseFlags(s string) aliasFlags {
	s = strings.TrimSpace(s)
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.Is(unicode.Latin, r) {
		return 0
	}
	letters, upper := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	words, title := 0, 0
	for _, w := range strings.Fields(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLetter(r) {
			words++
			if unicode.IsUpper(r) {
				title++
			}
		}
	}
	switch {
	case letters >= 2 && upper == letters:
		return flagAllCaps
	case words > 1 && title == words:
		return flagTitle
	case unicode.IsUpper(r):
		return flagCaps
	}
	return 0
}

// Gazetteer returns the gazetteer of the entities added so far.
func (b *Builder) Gazetteer() (*Gazetteer, error) {
	if len(b.entities) == 0 {
		return nil, fmt.Errorf("gazetteer: no entities")
	}
	g := &Gazetteer{
		entities: slices.Clone(b.entities),
		byID:     make(map[string]*Entity, len(b.entities)),
		byAlias:  map[string][]*Entity{},
	}
	for i := range g.entities {
		g.byID[g.entities[i].ID] = &g.entities[i]
	}
	patIndex := map[string]int32{}
	var patterns []string
	addPat := func(p string, e entry) {
		k, ok := patIndex[p]
		if !ok {
			k = int32(len(patterns))
			patIndex[p] = k
			patterns = append(patterns, p)
			g.pats = append(g.pats, nil)
		}
		g.pats[k] = append(g.pats[k], e)
	}
	for i, as := range b.aliases {
		for _, a := range as {
			text, pre, post := splitContext(a.text)
			if pre > 255 || post > 255 {
				continue
			}
			e := entry{entity: int32(i), flags: a.flags, pre: uint8(pre), post: uint8(post)}
			if ent := &g.entities[i]; a.flags&flagBlock == 0 && !slices.Contains(g.byAlias[text], ent) {
				g.byAlias[text] = append(g.byAlias[text], ent)
			}
			if a.flags&flagLookupOnly != 0 {
				continue
			}
			if e.flags&flagArticle != 0 && strings.HasPrefix(text, "ال") {
				addPat(text, e)
				v := e
				v.flags = e.flags&^flagArticle | flagLamVariant
				if v.pre >= uint8(len("ا")) {
					v.pre -= uint8(len("ا"))
				}
				addPat(text[len("ا"):], v)
				continue
			}
			addPat(text, e)
		}
	}
	t, err := newTrie(patterns)
	if err != nil {
		return nil, err
	}
	g.trie = t
	g.patterns = patterns
	return g, nil
}

// header is the first line of the compiled form.
const header = "#newsenrich-gazetteer\tv1"

// Write writes the compiled form: a header line, then one line per entity
// with tab-separated id, type, kind, canonical, wikidata, country and the
// aliases in matching form separated by "|", each prefixed by its flags
// (a adjective, x lookup-only, C initial capital, T every word capitalised,
// U capitals, b block, A written with the article ال) and "=".
func (b *Builder) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, header)
	for i, e := range b.entities {
		fmt.Fprintf(bw, "%s\t%s\t%s\t%s\t%s\t%s\t", e.ID, e.Type, e.Kind, e.Canonical, e.Wikidata, e.Country)
		for k, a := range b.aliases[i] {
			if k > 0 {
				bw.WriteByte('|')
			}
			bw.WriteString(flagString(a.flags))
			bw.WriteByte('=')
			bw.WriteString(a.text)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

func flagString(f aliasFlags) string {
	var s []byte
	for _, x := range []struct {
		f aliasFlags
		c byte
	}{{flagAdjective, 'a'}, {flagLookupOnly, 'x'}, {flagCaps, 'C'}, {flagAllCaps, 'U'}, {flagTitle, 'T'}, {flagBlock, 'b'}, {flagArticle, 'A'}} {
		if f&x.f != 0 {
			s = append(s, x.c)
		}
	}
	return string(s)
}

func parseFlags(s string) (aliasFlags, error) {
	var f aliasFlags
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 'a':
			f |= flagAdjective
		case 'x':
			f |= flagLookupOnly
		case 'C':
			f |= flagCaps
		case 'U':
			f |= flagAllCaps
		case 'b':
			f |= flagBlock
		case 'T':
			f |= flagTitle
		case 'A':
			f |= flagArticle
		default:
			return 0, fmt.Errorf("unknown alias flag %q", s[i])
		}
	}
	return f, nil
}

// readCompiled adds the entities of the compiled form read from r.
func (b *Builder) readCompiled(r *bufio.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<24)
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if line == 1 {
			if s != header {
				return fmt.Errorf("gazetteer: not a compiled gazetteer (header %.40q)", s)
			}
			continue
		}
		if s == "" {
			continue
		}
		f := strings.Split(s, "\t")
		if len(f) != 7 {
			return fmt.Errorf("gazetteer: line %d: %d fields, want 7", line, len(f))
		}
		i, err := b.entity(Entity{ID: f[0], Type: f[1], Kind: f[2], Canonical: f[3], Wikidata: f[4], Country: f[5]})
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		for a := range strings.SplitSeq(f[6], "|") {
			fl, text, ok := strings.Cut(a, "=")
			if !ok {
				return fmt.Errorf("gazetteer: line %d: alias %q without flags", line, a)
			}
			flags, err := parseFlags(fl)
			if err != nil {
				return fmt.Errorf("gazetteer: line %d: %w", line, err)
			}
			b.addFolded(i, text, flags)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("gazetteer: %w", err)
	}
	return nil
}

// ReadSource adds the entities of a source file in the readable format of
// data/curated.tsv: lines of six tab-separated fields
//
//	type  kind  canonical  wikidata  country  aliases
//
// with "#" comment lines and blank lines ignored. type is PER, ORG or LOC;
// wikidata is a Q-id or "-"; country an ISO 3166-1 alpha-2 code or "-".
// The ID is the Wikidata id, or "x:" and the canonical name in lower case
// with "_" for spaces when the id is unknown (SlugID). Lines with the same
// ID add to one entity. aliases are separated by ";" and each is
//
//	Name         a name, in any script (capitals matter for Latin script)
//	!Name        an ambiguous name: lookup only, never matched in text
//	~Adj         a nationality adjective, as written
//	^Phrase      a phrase that contains an alias but names something else
//	             (see Alias.Block)
//	Ctx {Name}   a context alias: the whole phrase must match, only Name is
//	             the entity's span ("صحيفة {الراي}": the newspaper, not "the
//	             opinion"; "نادي {برشلونة}": the club, not the city)
//	adj:Stem     a nationality adjective given by its masculine indefinite
//	             form, word by word: adds the feminine (+ة) and the definite
//	             (ال+) forms: "adj:كوري شمالي" adds كوري شمالي, كورية
//	             شمالية, الكوري الشمالي, الكورية الشمالية.
func (b *Builder) ReadSource(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		f := strings.Split(s, "\t")
		if len(f) != 6 {
			return fmt.Errorf("gazetteer: source line %d: %d fields, want 6", line, len(f))
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
			if f[i] == "-" {
				f[i] = ""
			}
		}
		e := Entity{Type: f[0], Kind: f[1], Canonical: f[2], Wikidata: f[3], Country: f[4]}
		if e.Wikidata != "" && !ValidQID(e.Wikidata) {
			return fmt.Errorf("gazetteer: source line %d: bad wikidata id %q", line, e.Wikidata)
		}
		e.ID = e.Wikidata
		if e.ID == "" {
			e.ID = SlugID(e.Canonical)
		}
		var aliases []Alias
		for a := range strings.SplitSeq(f[5], ";") {
			a = strings.TrimSpace(a)
			switch {
			case a == "":
			case strings.HasPrefix(a, "!"):
				aliases = append(aliases, Alias{Text: a[1:], LookupOnly: true})
			case strings.HasPrefix(a, "^"):
				aliases = append(aliases, Alias{Text: a[1:], Block: true})
			case strings.HasPrefix(a, "~"):
				aliases = append(aliases, Alias{Text: a[len("~"):], Adjective: true})
			case strings.HasPrefix(a, "adj:"):
				for _, form := range AdjectiveForms(a[len("adj:"):]) {
					aliases = append(aliases, Alias{Text: form, Adjective: true})
				}
			default:
				aliases = append(aliases, Alias{Text: a})
			}
		}
		if len(aliases) == 0 {
			return fmt.Errorf("gazetteer: source line %d: no aliases", line)
		}
		if err := b.Add(e, aliases...); err != nil {
			return fmt.Errorf("source line %d: %w", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("gazetteer: %w", err)
	}
	return nil
}

// AdjectiveForms returns the masculine and feminine, indefinite and definite
// forms of an Arabic nationality adjective given by its masculine
// indefinite form, one or more words ("روسي", "كوري شمالي").
func AdjectiveForms(masc string) []string {
	words := strings.Fields(masc)
	if len(words) == 0 {
		return nil
	}
	var out []string
	for _, fem := range []bool{false, true} {
		for _, def := range []bool{false, true} {
			ws := make([]string, len(words))
			for i, w := range words {
				if fem {
					w += "ة"
				}
				if def {
					w = "ال" + w
				}
				ws[i] = w
			}
			out = append(out, strings.Join(ws, " "))
		}
	}
	return out
}

// SlugID returns the ID of an entity without a Wikidata id: "x:" and its
// canonical name folded, with "_" for runs of non-letters.
func SlugID(canonical string) string {
	var sb strings.Builder
	sb.WriteString("x:")
	gap := false
	for _, r := range normalize.Fold(canonical) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if gap && sb.Len() > 2 {
				sb.WriteByte('_')
			}
			gap = false
			sb.WriteRune(r)
			continue
		}
		gap = true
	}
	return sb.String()
}

// ValidQID reports whether s is a well-formed Wikidata item id: Q and a
// positive decimal number without leading zeros.
func ValidQID(s string) bool {
	if len(s) < 2 || s[0] != 'Q' || s[1] == '0' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ContextAdjectives turns every alias of an organisation that is another
// alias of the same entity followed by a one-word nationality adjective of the gazetteer
// ("حزب الله اللبناني", "الأهلي المصري", "الكونغرس الأميركي") into a
// context alias whose adjective stays outside the span ("{حزب الله}
// اللبناني"): the phrase still matches, lookup-only names included, but
// the adjective is not part of the name, as in the NER corpora (where it
// is a MISC of its own) and in the record. It returns the number of
// aliases changed. Places keep theirs: the adjective of "الولايات المتحدة
// الأمريكية" or "غويانا الفرنسية" is part of the name.
func (b *Builder) ContextAdjectives() int {
	adjectives := map[string]bool{}
	for _, as := range b.aliases {
		for _, a := range as {
			if a.flags&flagAdjective != 0 && !strings.ContainsAny(a.text, " {") {
				adjectives[a.text] = true
			}
		}
	}
	n := 0
	for i, as := range b.aliases {
		if b.entities[i].Type != record.ORG {
			continue
		}
		for k, a := range as {
			if a.flags&(flagAdjective|flagBlock) != 0 || strings.Contains(a.text, "{") {
				continue
			}
			j := strings.LastIndexByte(a.text, ' ')
			if j < 0 || !adjectives[a.text[j+1:]] {
				continue
			}
			name := a.text[:j]
			if o, ok := b.seen[i][name]; !ok || as[o].flags&(flagAdjective|flagBlock) != 0 {
				continue
			}
			f := "{" + name + "}" + a.text[j:]
			if _, dup := b.seen[i][f]; dup {
				continue
			}
			delete(b.seen[i], a.text)
			b.seen[i][f] = k
			b.aliases[i][k].text = f
			n++
		}
	}
	return n
}
