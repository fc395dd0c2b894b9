// Package entities is the stage that finds the people, organisations and
// places of an article: the statistical tagger of package ner proposes
// names sentence by sentence, the gazetteer finds known names and links
// every mention it can to a canonical entity (one English name and a
// Wikidata id across languages and spellings), and mentions of one entity
// are grouped, with short person names ("بوتين") joining the full name met
// in the same article ("فلاديمير بوتين").
package entities

import (
	"cmp"
	"context"
	_ "embed"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/nlp/arabic"
	"github.com/newsenrich/newsenrich/nlp/ner"
	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/record"
)

// Stage fills Record.Entities.
type Stage struct {
	tagger *ner.Tagger
	gaz    *gazetteer.Gazetteer
	places *gazetteer.Places
	// nonNames are the matching forms of words written like names that
	// are none (data/nonnames.txt: Covid, Brexit, Bitcoin, TV).
	nonNames map[string]bool
	// givenNames are the matching forms of Arabic-script given names
	// (data/given_names_ar.txt) that a conjunction may be glued to.
	givenNames map[string]bool
	// knownGiven are the matching forms of the given names of the
	// tagger's lexicon (ner.KnownGivenNames) and of givenNames.
	knownGiven map[string]bool
	// starts remembers nameStart by surface form.
	starts *startMemo
	// clubs remembers clubPrefix by folded word.
	clubs *startMemo
	// buffers keeps resolve's buffers (*buffers) between articles.
	buffers sync.Pool
}

// buffers are the slices and maps of one resolve call that nothing it
// returns holds, kept between articles (Stage.buffers): they were two
// thirds of the bytes resolve and Find allocated per article (19.3 of 28.7
// KB in BenchmarkResolve), and so of the collector's work they caused.
// They are cleared after use, so that they hold no article's text.
type buffers struct {
	folded []string  // the tokens' matching forms
	found  []mention // the gazetteer's mentions
	all    []mention // merge's mentions before the overlaps are removed
	ms     []mention // merge's result, to which later steps add
	// propagate's patterns, their tokens and its maps.
	pats    []pattern
	arena   []string
	byFirst map[string][2]int32
	seen    map[string]bool
	// group's entities, their owners and their first lists of mentions.
	slab    []entity
	owner   []*entity
	backing []mention
}

//go:embed data/nonnames.txt
var nonNamesText string

//go:embed data/given_names_ar.txt
var givenNamesText string

// readWords returns the matching forms of the words of the lines of text
// that are not comments.
func readWords(text string) map[string]bool {
	out := map[string]bool{}
	for line := range strings.SplitSeq(text, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, w := range strings.Fields(line) {
			out[normalize.Fold(w)] = true
		}
	}
	return out
}

// readNonNames returns the matching forms of the lines of text that are
// not blank or comments.
func readNonNames(text string) map[string]bool {
	out := map[string]bool{}
	for line := range strings.SplitSeq(text, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out[normalize.Fold(line)] = true
		}
	}
	return out
}

// New returns the entities stage. Any argument may be nil: without a
// tagger only gazetteer names are found, without a gazetteer nothing is
// linked and entities keep their surface form as canonical name. Places
// links the places the tagger finds and the gazetteer does not know to
// cities, where the article's other places say which city is meant (see
// choosePlace).
func New(t *ner.Tagger, g *gazetteer.Gazetteer, p *gazetteer.Places) *Stage {
	return &Stage{tagger: t, gaz: g, places: p, nonNames: readNonNames(nonNamesText), givenNames: readWords(givenNamesText), knownGiven: knownGiven(givenNamesText), starts: &startMemo{}, clubs: &startMemo{}}
}

// Name returns "entities".
func (*Stage) Name() string { return "entities" }

// mention is a candidate occurrence of an entity, byte offsets into the
// document text.
type mention struct {
	start, end int
	typ        string
	ent        *gazetteer.Entity // nil when not linked
	fromGaz    bool              // found by the gazetteer matcher
	dateline   bool              // the dateline's place (datelinePlace)
}

// Process finds, links and groups the entities of doc.
func (s *Stage) Process(ctx context.Context, doc *processor.Document) error {
	if doc.Norm == nil {
		doc.Norm = normalize.New(doc.Text)
	}
	if doc.Tokens == nil {
		doc.Tokens = tokenize.Tokenize(doc.Text)
	}
	// The gazetteer's matches serve twice: as mentions here and as the
	// tagger's lexicon features when the tagger's lexicon is this
	// gazetteer (doc.Norm is the normalised doc.Text that the lexicon
	// would build again).
	var gazMatches []gazetteer.Match
	if s.gaz != nil {
		gazMatches = s.gaz.Find(doc.Norm)
	}
	tagged := s.tag(doc, gazMatches)
	if err := ctx.Err(); err != nil {
		return err
	}
	doc.Record.Entities = s.resolve(doc, gazMatches, tagged)
	return nil
}

// tag returns the tagger's names in doc.
func (s *Stage) tag(doc *processor.Document, gazMatches []gazetteer.Match) []mention {
	if s.tagger == nil {
		return nil
	}
	var sents [][2]int
	if doc.Sentences != nil {
		sents = make([][2]int, len(doc.Sentences))
		for i, sp := range doc.Sentences {
			sents[i] = [2]int{sp.Start, sp.End}
		}
	}
	toks := taggerTokens(doc.Text, doc.Tokens)
	// The article's language picks the Latin model's word list (French
	// text is not read with an English dictionary).
	tagger := s.tagger.ForLanguage(doc.Record.Language.Code)
	var es []ner.Entity
	if lex, ok := tagger.Lexicon().(ner.GazetteerLexicon); ok && lex.G == s.gaz && s.gaz != nil {
		es = tagger.EntitiesMatched(doc.Text, toks, sents, ner.Matches(gazMatches))
	} else {
		es = tagger.Entities(doc.Text, toks, sents)
	}
	tagged := make([]mention, 0, len(es))
	for _, e := range es {
		m := mention{start: e.Start, end: e.End, typ: e.Type}
		if calendarWord(doc.Text[e.Start:e.End]) || s.nonName(doc, e.Start, e.End) || !s.trimFunctionWords(doc, &m) {
			continue
		}
		if m.start != e.Start && s.nonName(doc, m.start, m.end) {
			continue // "Le PIB": a non-name after its article
		}
		tagged = append(tagged, m)
	}
	return tagged
}

// nonName reports whether doc.Text[a:b] is a word written like a name that
// is none (data/nonnames.txt), alone or after numbers and function words
// ("845 FCFA", an amount; "Le PIB").
func (s *Stage) nonName(doc *processor.Document, a, b int) bool {
	if s.nonNames[foldSpan(doc, a, b)] {
		return true
	}
	i := a
	for i < b {
		w, next := firstWord(doc.Text, i, b)
		if next >= b || !number(w) && functionWord(w) != french && functionWord(w) != english {
			break
		}
		i = next
	}
	return i > a && s.nonNames[foldSpan(doc, i, b)]
}

// number reports whether w is written with digits and separators only.
func number(w string) bool {
	for i := 0; i < len(w); i++ {
		if (w[i] < '0' || w[i] > '9') && w[i] != ',' && w[i] != '.' {
			return false
		}
	}
	return w != ""
}

// calendarWord reports whether a tagged name is a weekday or a holiday
// (Wednesday, Halloween, mercredi, الأربعاء): a time expression, which the
// Latin tagger, trained on encyclopaedia text, sometimes takes for a place
// in news.
func calendarWord(s string) bool {
	if len(s) > len("Thanksgiving") || strings.ContainsRune(s, ' ') {
		return false
	}
	switch strings.ToLower(s) {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"christmas", "halloween", "easter", "thanksgiving",
		"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "noël", "pâques":
		return true
	}
	return false
}

// resolve links the tagged names and the gazetteer's matches and groups
// them into the record's entities.
func (s *Stage) resolve(doc *processor.Document, gazMatches []gazetteer.Match, tagged []mention) []record.Entity {
	bufs, _ := s.buffers.Get().(*buffers)
	if bufs == nil {
		bufs = new(buffers)
	}
	found := bufs.found[:0]
	if s.gaz != nil {
		for _, m := range gazMatches {
			if m.Adjective || m.Entity == nil {
				continue
			}
			f := mention{start: m.Start, end: m.End, typ: m.Entity.Type, ent: m.Entity, fromGaz: true}
			trimStateHead(doc, &f)
			found = append(found, f)
		}
	}
	// The matching forms of the tokens are substrings of doc.Norm, found
	// in one pass over it.
	folded := slices.Grow(bufs.folded[:0], len(doc.Tokens))[:len(doc.Tokens)]
	for i, j := 0, 0; i < len(doc.Tokens); i++ {
		t := doc.Tokens[i]
		j = doc.Norm.NormOffsetFrom(t.Start, j)
		e := doc.Norm.NormOffsetFrom(t.End, j)
		folded[i], j = doc.Norm.Norm[j:e], e
	}
	words := wordSet{tokens: doc.Tokens, folded: folded}
	adjectives := adjectiveSpans(gazMatches)
	for i := range tagged {
		if !adjectiveOnly(doc.Text, tagged[i], adjectives) {
			s.refine(doc, &tagged[i], &words)
		}
		trimStateHead(doc, &tagged[i])
		trimTitle(doc, &tagged[i])
	}
	s.joinGiven(doc, tagged)
	tagged = s.mergeAdjacent(doc, tagged)
	s.rulersOfPlaces(doc, tagged)
	orgsByHead(doc, tagged)
	ms := bufs.merge(doc.Text, tagged, found)
	ms = s.datelinePlace(doc, ms)
	s.clubsByAdjective(doc, ms, gazMatches)
	ms = orgsOfPlaces(doc, ms)
	ms = familyNames(doc, ms)
	orgHeadsBefore(doc, ms)
	s.orgsAfterHeads(doc, ms)
	ms = bareHeads(doc, ms)
	var known func(string) bool
	if s.gaz != nil {
		known = func(w string) bool { es, prefix := s.gaz.LookupFoldedPrefix(w); return len(es) > 0 && prefix == 0 }
	}
	ms = bufs.propagate(doc, folded, ms, adjectives, known)
	stadiums(doc, ms)
	ms = slices.DeleteFunc(ms, competition)
	if s.gaz != nil {
		ms = s.clubWords(doc, folded, ms, adjectives)
	}
	var link func(folded string) *gazetteer.Entity
	if s.places != nil {
		countries := placeCountries(gazMatches, ms)
		link = func(f string) *gazetteer.Entity {
			return choosePlace(s.places.LookupFolded(f), countries)
		}
	}
	out := bufs.group(doc, ms, link, s.isPlace)
	clear(folded)
	clear(found)
	clear(ms)
	bufs.folded, bufs.found, bufs.ms = folded[:0], found[:0], ms[:0]
	s.buffers.Put(bufs)
	return out
}

// datelinePlace marks the dateline's place in ms (sorted, without
// overlaps): the dateline stage read it by its position ("MARCIAC (Gers),
// 20 juillet -"), which says more about a name the gazetteer does not know
// than the tagger's guess from one capitalised word. An unlinked mention
// that covers it exactly becomes a place, and group makes its whole entity
// one; when no mention touches it, it is added as a place (unless it is
// an Arabic name with the article: see below). A linked
// mention keeps its entity (a dateline may open with an organisation's
// name: "NATO —"), and so does a person whose name starts with a known
// given name: bylines print "reporter - outlet" in the shape of "place -
// agency" ("هاني الصفيان - العربية.نت").
func (s *Stage) datelinePlace(doc *processor.Document, ms []mention) []mention {
	sp := doc.DatelinePlace
	if sp.End <= sp.Start || sp.End > len(doc.Text) {
		return ms
	}
	i, _ := slices.BinarySearchFunc(ms, sp.Start, func(m mention, start int) int { return cmp.Compare(m.start, start) })
	if i > 0 && ms[i-1].end > sp.Start {
		i-- // a mention starting before the place runs into it
	}
	if i < len(ms) && ms[i].start < sp.End {
		if m := &ms[i]; m.start == sp.Start && m.end == sp.End && m.ent == nil && !s.givenName(doc, *m) {
			m.typ, m.dateline = record.LOC, true
		}
		return ms
	}
	if strings.HasPrefix(foldSpan(doc, sp.Start, sp.End), "ال") {
		// An Arabic name with the article that neither the tagger nor
		// the gazetteer took for a name is as likely a publication
		// ("القافلة - NAME": the magazine and its writer).
		return ms
	}
	return slices.Insert(ms, i, mention{start: sp.Start, end: sp.End, typ: record.LOC, dateline: true})
}

// givenName reports whether m is a person's name of two words or more
// whose first word is a known given name.
func (s *Stage) givenName(doc *processor.Document, m mention) bool {
	if m.typ != record.PER {
		return false
	}
	first, rest, ok := strings.Cut(strings.TrimSpace(foldSpan(doc, m.start, m.end)), " ")
	return ok && rest != "" && s.givenNames[first]
}

// trimStateHead moves the start of a place mention past a leading head
// word دولة ("State") or إمارة ("Emirate"), proclitics included, when a
// name follows it: "دولة قطر" and "لدولة الكويت" name Qatar and Kuwait,
// and the Arabic corpora tag the name alone, as they leave other heads
// (مدينة, محافظة, إقليم) outside a place's span. The gazetteer has such
// formal names as aliases ("دولة قطر"), which would otherwise win over
// the tagger's shorter span. The head with the article (الدولة
// الإسلامية, الدولة العثمانية) is part of the name and stays.
func trimStateHead(doc *processor.Document, m *mention) {
	if m.typ != record.LOC {
		return
	}
	w, next := firstWord(doc.Text, m.start, m.end)
	if next >= m.end {
		return
	}
	f := normalize.Fold(w)
	for _, head := range [...]string{"دوله", "اماره"} {
		if p, ok := strings.CutSuffix(f, head); ok && (p == "" || arabic.IsProcliticPrefix(p) && !strings.Contains(p, "ال")) {
			m.start = next
			return
		}
	}
}

// trimTitle moves the start of a person mention of two or more words past
// a leading Arabic title or role (titleWord: الرئيس, الشيخ, الحارس),
// proclitics included: "للحارس هيلتون" names Hilton, and the corpora
// leave titles outside a person's span.
func trimTitle(doc *processor.Document, m *mention) {
	if m.typ != record.PER {
		return
	}
	w, next := firstWord(doc.Text, m.start, m.end)
	if next >= m.end {
		return
	}
	if titleToken(normalize.Fold(w)) {
		m.start = next
	}
}

// titleToken reports whether the folded word f is a title or role of
// titleWord after proclitics (للحارس, والرئيس).
func titleToken(f string) bool {
	i := strings.Index(f, "ال")
	switch {
	case i < 0:
		// لل + noun: ل and the article's lam.
		p, ok := strings.CutPrefix(f, "لل")
		return ok && titleWord("ال"+p)
	case i > 0 && !arabic.IsProcliticPrefix(f[:i]):
		return false
	}
	return titleWord(f[i:])
}

// titleWord reports whether f (folded, with the article) is an Arabic
// title or role written before a person's name.
func titleWord(f string) bool {
	switch f {
	case "الرييس", "الشيخ", "السيد", "السيده", "الملك", "الامير", "الاميره", "الوزير", "الوزيره",
		"الدكتور", "المهندس", "الجنرال", "اللواء", "العقيد", "الحارس", "اللاعب", "المدرب",
		"المهاجم", "المدافع", "الفنان", "الفنانه", "النجم", "الكابتن", "الاستاذ", "الامام", "البابا":
		return true
	case "السفير", "السفيره", "المبعوث", "المستشار", "المستشاره", "النايب", "النايبه", "القاضي",
		"الكاتب", "الكاتبه", "الشاعر", "الشاعره", "المخرج", "المخرجه", "الحكم", "الصحفي",
		"الصحفيه", "الاعلامي", "الاعلاميه", "المذيع", "المذيعه", "المطرب", "المطربه", "المغني",
		"المغنيه", "الممثل", "الممثله", "المحامي", "المحاميه", "العميد", "المشير", "الرايد",
		"النقيب", "المقدم", "السلطان", "الملكه", "الاميرال", "البروفيسور", "المطران", "الحاخام",
		"الشيخه", "السيناتور", "السناتور", "النجمه", "اللاعبه", "المفتي", "الرييسه", "المرشح",
		"المرشحه", "الزعيم", "الناشط", "الناشطه", "الروايي", "الموسيقار", "المايسترو", "المدير",
		"المديره", "الداعيه":
		return true
	}
	return false
}

// placeCountries returns the countries of the places an article names:
// the countries, cities and regions the gazetteer linked, and the
// countries of its nationality adjectives (الكندي, Canadian).
func placeCountries(gazMatches []gazetteer.Match, ms []mention) []string {
	var out []string
	add := func(e *gazetteer.Entity) {
		if e != nil && e.Type == record.LOC && e.Country != "" && !slices.Contains(out, e.Country) {
			out = append(out, e.Country)
		}
	}
	for _, m := range gazMatches {
		add(m.Entity)
	}
	for _, m := range ms {
		add(m.ent)
	}
	return out
}

// choosePlace returns the city of cands that a place name means, nil when
// it stays ambiguous:
//
//   - the one city in a country of countries (the article's), or the only
//     prominent one of several there: Halifax is the Canadian one beside
//     "Canadian" or "Nova Scotia", and a Bristol in the United States is
//     not the one of a story set in Britain; a name with no city in those
//     countries stays unlinked (كولون الألمانية is Cologne, which the
//     index knows by another name, not Colón in Argentina);
//   - else, when the article names no country, the only city of the name,
//     or the only prominent city of the name (a Wikidata id below
//     Q300000, the oldest and best-known items): Melbourne (Q3141) rather
//     than Melbourne, Florida, Vancouver (Q24639) rather than Vancouver,
//     Washington. Two prominent cities (Perth, Q3183 and Q203000) stay
//     undecided.
func choosePlace(cands []*gazetteer.Entity, countries []string) *gazetteer.Entity {
	var found *gazetteer.Entity
	n := 0
	for _, c := range cands {
		if slices.Contains(countries, c.Country) {
			found = c
			n++
		}
	}
	switch {
	case n == 1:
		return found
	case n > 1:
		return onlyProminent(cands, countries)
	case len(countries) > 0:
		// The place may well lie in one of them under a name the index
		// lacks (كولون الألمانية is Cologne, not Colón in Argentina).
		return nil
	case len(cands) == 1:
		return cands[0]
	}
	return onlyProminent(cands, nil)
}

// onlyProminent returns the one city of cands (in a country of countries,
// when countries is not nil) that has a Wikidata id below Q300000, nil
// when none or several have.
func onlyProminent(cands []*gazetteer.Entity, countries []string) *gazetteer.Entity {
	var found *gazetteer.Entity
	for _, c := range cands {
		if countries != nil && !slices.Contains(countries, c.Country) {
			continue
		}
		if q := c.Wikidata; gazetteer.ValidQID(q) && (len(q) < len("Q300000") || len(q) == len("Q300000") && q < "Q300000") {
			if found != nil {
				return nil
			}
			found = c
		}
	}
	return found
}

// refine moves the start of a tagged mention past proclitics glued to its
// first word (وبريطانيا, بموسكو, لبيونغ يانغ) and links it through the
// gazetteer. The Arabic corpora the tagger learned from include the
// clitics in names; the record does not. A clitic is removed when the
// gazetteer knows the name without it, or when the name occurs bare
// elsewhere in the article; the article ال is never removed, since it
// belongs to names such as العراق.
func (s *Stage) refine(doc *processor.Document, m *mention, words *wordSet) {
	surface := doc.Text[m.start:m.end]
	if s.gaz != nil {
		f := foldSpan(doc, m.start, m.end)
		if es, prefix := s.gaz.LookupFoldedPrefix(f); len(es) > 0 && !(m.typ == record.LOC && !sportStory(doc) && clubs(es)) {
			// Exact or clitic-stripped, the gazetteer knows this name: find
			// where the name starts with its matcher, after proclitics
			// (which start with a letter of mayBeProclitic).
			if e := pick(es, m.typ, sportStory(doc)); !placeAsOrg(e.Type, m.typ, surface) || e.Kind == "city" && !sportStory(doc) {
				m.ent = e
				m.typ = e.Type
			} else {
				m.ent = s.team(doc, e)
			}
			if mayBeProclitic(f) {
				moved := false
				if p := s.starts.get(surface, s.nameStart); p > 0 {
					m.start += p
					moved = true
				}
				// A lookup-only name, which Find never reports
				// (واشبيلية, Sevilla): the lookup's own prefix.
				if !moved && prefix > 0 && !strings.Contains(f[:prefix], "ال") {
					if first, _, _ := strings.Cut(surface, " "); cliticsOnly(surface[:origOffset(doc, m.start, m.start+len(first), prefix)-m.start]) {
						m.start = origOffset(doc, m.start, m.start+len(first), prefix)
					}
				}
			}
			return
		}
	}
	first, _, _ := strings.Cut(surface, " ")
	r, _ := utf8.DecodeRuneInString(first)
	if !isArabic(r) {
		return
	}
	firstEnd := m.start + len(first)
	norm := foldSpan(doc, m.start, firstEnd)
	var buf [arabic.MaxSplits]int
	splits := arabic.AppendSplits(buf[:0], norm, 2)
	for k := len(splits) - 1; k > 0; k-- {
		p := splits[k]
		pre := norm[:p]
		if strings.Contains(pre, "ال") || strings.HasSuffix(pre, "لل") {
			continue
		}
		// و or ف (with ب or ك) before the article is a conjunction
		// (واليابان); before anything else, the bare word must occur in
		// the article (بموسكو ... موسكو).
		rest := norm[p:]
		if !(strings.HasPrefix(rest, "ال") && len(rest) > 6) && !words.has(rest) &&
			!(m.typ == record.PER && s.givenNames[rest] && !s.givenNames[norm] && cliticsOnly(pre)) {
			// ومحمد حماقي: a known given name after a conjunction.
			continue
		}
		m.start = origOffset(doc, m.start, firstEnd, p)
		if s.gaz != nil {
			if es := s.gaz.Lookup(doc.Text[m.start:m.end]); len(es) > 0 && !(m.typ == record.LOC && !sportStory(doc) && clubs(es)) {
				if e := pick(es, m.typ, sportStory(doc)); !placeAsOrg(e.Type, m.typ, surface) || e.Kind == "city" && !sportStory(doc) {
					m.ent = e
					m.typ = e.Type
				} else {
					m.ent = s.team(doc, e)
				}
			}
		}
		return
	}
}

// clubs reports whether es are clubs and teams only: a place the tagger
// found outside a sports story is not linked to one ("مدينة نيس
// الساحلية" is Nice, not OGC Nice), and the places index may link it.
func clubs(es []*gazetteer.Entity) bool {
	for _, e := range es {
		if e.Kind != "club" && e.Kind != "team" {
			return false
		}
	}
	return true
}

// nameStart returns where the gazetteer finds a name in surface (a tagged
// span) after proclitics only (وبريطانيا: after و), 0 when it finds none.
func (s *Stage) nameStart(surface string) int {
	for _, g := range s.gaz.Find(normalize.New(surface)) {
		if g.End == len(surface) && g.Start > 0 && !g.Adjective && cliticsOnly(surface[:g.Start]) {
			return g.Start
		}
	}
	return 0
}

// startMemo remembers the results of a function of a surface form (the
// same names recur across articles: بموسكو, وبريطانيا), up to
// maxStartMemo of them; it is safe for concurrent use.
type startMemo struct {
	mu sync.Mutex
	m  map[string]int
}

// maxStartMemo is the number of surface forms a startMemo keeps before it
// starts again empty.
const maxStartMemo = 8192

// get returns f(surface), computed once per surface form kept.
func (c *startMemo) get(surface string, f func(string) int) int {
	c.mu.Lock()
	v, ok := c.m[surface]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = f(surface)
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxStartMemo {
		c.m = make(map[string]int, 256)
	}
	c.m[strings.Clone(surface)] = v // surface holds the article's text
	c.mu.Unlock()
	return v
}

// wordSet is the set of the folded words of an article: the first
// questions are answered by a scan of the words, later ones by a set built
// when the scans would cost more.
type wordSet struct {
	tokens []tokenize.Token
	folded []string
	set    map[string]bool
	scans  int
}

// wordSetScans is the number of questions a wordSet answers by scanning
// before it builds its set.
const wordSetScans = 4

// has reports whether the article has the word w (folded).
func (ws *wordSet) has(w string) bool {
	if ws.set == nil && ws.scans < wordSetScans {
		ws.scans++
		for i, t := range ws.tokens {
			if t.Kind == tokenize.Word && ws.folded[i] == w {
				return true
			}
		}
		return false
	}
	if ws.set == nil {
		ws.set = make(map[string]bool, len(ws.tokens)/2)
		for i, t := range ws.tokens {
			if t.Kind == tokenize.Word {
				ws.set[ws.folded[i]] = true
			}
		}
	}
	return ws.set[w]
}

// mayBeProclitic reports whether f (matching form) starts with a letter
// that starts every run of proclitics (arabic.IsProcliticPrefix): و ف ب
// ك ل, or the alef of the article ال. Folding works rune by rune, so the
// matching form of a prefix of a text starts as the text's does.
func mayBeProclitic(f string) bool {
	for _, p := range [...]string{"و", "ف", "ب", "ك", "ل", "ا"} {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

// cliticsOnly reports whether p (original text) is a run of Arabic
// proclitics.
func cliticsOnly(p string) bool {
	return arabic.IsProcliticPrefix(normalize.Fold(p))
}

// placeAsOrg reports whether surface, an Arabic name the gazetteer knows
// as a place (of type known), was tagged as an organisation: a club named
// by its city (برشلونة), a newspaper by a region (الشرق الأوسط), an
// agency by its nationality (الفرنسية, AFP). The Arabic tagger read the
// context, and its reading stands: the name stays unlinked (on the Arabic
// dev split the stage's F1 rose by 2.2). The Latin tagger's organisations
// that are known places are mostly its errors (a dateline's OSLO): the
// gazetteer's type stands there. refine lets the reading stand for a city
// only in a sports story, where a city names its club (مانشستر,
// كوبنهاغن); elsewhere a city read as an organisation is the tagger's
// error ("وصل الوفد لبيونغ يانغ", دبي, سانتياغو).
func placeAsOrg(known, tagged, surface string) bool {
	if known != record.LOC || tagged != record.ORG {
		return false
	}
	r, _ := utf8.DecodeRuneInString(surface)
	return isArabic(r)
}

// team returns the national team of place, when place is a country whose
// team the gazetteer has and doc is a sports story (its first topic is
// sport): "البرازيل" tagged as an organisation in a match report is the
// Brazil national team. It returns nil otherwise: the name stays unlinked.
func (s *Stage) team(doc *processor.Document, place *gazetteer.Entity) *gazetteer.Entity {
	if place.Kind != "country" || !sportStory(doc) {
		return nil
	}
	return s.gaz.ByID(gazetteer.SlugID(place.Canonical + " national team"))
}

// sportTopic is the IPTC Media Topic code of sport.
const sportTopic = "medtop:15000000"

// pick returns the entity of es of type typ, else the first; of several
// of the type, in a sports story a club or team (الشباب, Al-Shabab FC),
// elsewhere anything else (الشباب, the Somali movement). With none of the
// type, a sports story takes a club or team of es before the first (ليون
// tagged as a person in a match report is Olympique Lyonnais, not Lyon).
func pick(es []*gazetteer.Entity, typ string, sport bool) *gazetteer.Entity {
	var first *gazetteer.Entity
	for _, e := range es {
		if e.Type != typ {
			continue
		}
		if club := e.Kind == "club" || e.Kind == "team"; club == sport {
			return e
		}
		if first == nil {
			first = e
		}
	}
	if first != nil {
		return first
	}
	if sport {
		for _, e := range es {
			if e.Kind == "club" || e.Kind == "team" {
				return e
			}
		}
	}
	return es[0]
}

// sportStory reports whether doc's first topic is sport.
func sportStory(doc *processor.Document) bool {
	return len(doc.Record.Topics) > 0 && doc.Record.Topics[0].Code == sportTopic
}

func isArabic(r rune) bool { return r >= 0x0600 && r <= 0x06FF }

// merge combines tagged and gazetteer mentions into non-overlapping
// mentions. Where they overlap, the longer span wins (the gazetteer on a
// tie), except that the gazetteer wins over a tagged span that runs names
// together (it holds two or more known names), that runs past a known
// person's name, or that adds one word to a known name (مجموعة فاغنر
// العسكرية, "the Wagner military group"; "Selon l'Agence France-Presse"):
// the tagger's commonest error is a span one word too long. A one-word
// known name wins that way only over a span of its own type (جامعة
// القاهرة stays a university).
func merge(text string, tagged, found []mention) []mention {
	return new(buffers).merge(text, tagged, found)
}

// merge is merge with the buffers of b: it keeps b.all for the next call
// and returns its result in b.ms.
func (b *buffers) merge(text string, tagged, found []mention) []mention {
	all := slices.Grow(b.all[:0], len(tagged)+len(found))
	defer func() {
		clear(all)
		b.all = all[:0]
	}()
	var rest []mention // the names of a tagged span after a known person's
	slices.SortStableFunc(found, func(a, b mention) int { return cmp.Compare(a.start, b.start) })
	for _, t := range tagged {
		inside, yield := 0, false
		rest = rest[:0]
		first := sort.Search(len(found), func(i int) bool { return found[i].start >= t.start })
		for _, f := range found[first:] {
			if f.start >= t.end {
				break
			}
			if f.end > t.end {
				continue
			}
			inside++
			if t.typ == record.PER && f.typ == record.PER && !nasab(text[t.start:f.start]) {
				yield = true
				if r, ok := nameAfter(text, f.end, t.end); ok {
					rest = append(rest, r)
				}
			}
			extra := countWords(text[t.start:f.start]) + countWords(text[f.end:t.end])
			if extra == 1 && t.typ == record.LOC && f.typ == record.LOC && compass(text[t.start:f.start]+" "+text[f.end:t.end]) {
				// جنوب لبنان, أوروبا الغربية, South Sudan: a region, not
				// the known place and a word.
				continue
			}
			if extra <= 1 && !(extra == 0 && placeAsOrg(f.typ, t.typ, text[t.start:t.end])) {
				if countWords(text[f.start:f.end]) >= 2 || f.typ == t.typ {
					yield = true
				}
			}
		}
		if inside >= 2 || yield {
			all = append(all, rest...)
			continue
		}
		all = append(all, t)
	}
	all = append(all, found...)
	// Longest first, the gazetteer's first on a tie, then leftmost.
	slices.SortStableFunc(all, func(a, b mention) int {
		if la, lb := a.end-a.start, b.end-b.start; la != lb {
			return cmp.Compare(lb, la)
		}
		if a.fromGaz != b.fromGaz {
			if a.fromGaz {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.start, b.start)
	})
	out := spanSet{ms: slices.Grow(b.ms[:0], len(all))} // propagate adds to it
	for _, m := range all {
		if m.end <= m.start {
			continue
		}
		if k := out.overlap(m.start, m.end); k >= 0 {
			// The gazetteer's link carries over to the same span found
			// by the tagger.
			o := &out.ms[k]
			if m.start == o.start && m.end == o.end {
				switch {
				case o.ent == nil && m.ent != nil:
					o.ent, o.typ = m.ent, m.ent.Type
				case o.fromGaz && !m.fromGaz && placeAsOrg(o.typ, m.typ, text[m.start:m.end]):
					o.ent, o.typ = m.ent, m.typ
				}
			}
			continue
		}
		out.insert(m)
	}
	return out.ms
}

// nameAfter returns the mention of a person of the words of text[a:b]
// (the rest of a tagged person's span after the known person's name that
// ends at a), when they are two or more: "عمر البشير ميني ميناوي" names
// Omar al-Bashir, whom the gazetteer knows, and Minni Minnawi. One word is
// more often the tagger's span running one word too far.
func nameAfter(text string, a, b int) (mention, bool) {
	var buf [8]tokenize.Token
	n, start := 0, -1
	for _, t := range tokenize.Append(buf[:0], text[a:b]) {
		if t.Kind != tokenize.Word {
			continue
		}
		if start < 0 {
			start = a + t.Start
		}
		n++
	}
	if n < 2 {
		return mention{}, false
	}
	return mention{start: start, end: b, typ: record.PER}, true
}

// spanSet is a set of non-overlapping mentions sorted by start.
type spanSet struct{ ms []mention }

// overlap returns the index of a mention overlapping [a, b), or -1.
func (s *spanSet) overlap(a, b int) int {
	i := sort.Search(len(s.ms), func(i int) bool { return s.ms[i].start >= a })
	if i < len(s.ms) && s.ms[i].start < b {
		return i
	}
	if i > 0 && s.ms[i-1].end > a {
		return i - 1
	}
	return -1
}

// insert adds m, which overlaps no mention of the set.
func (s *spanSet) insert(m mention) {
	i := sort.Search(len(s.ms), func(i int) bool { return s.ms[i].start >= m.start })
	s.ms = append(s.ms, mention{})
	copy(s.ms[i+1:], s.ms[i:])
	s.ms[i] = m
}

// maxPattern is the longest name, in tokens, that propagate repeats.
const maxPattern = 6

// propagate adds the untagged repetitions of names found elsewhere in the
// article: the tagger decides sentence by sentence and may miss in one
// sentence a name it found in another. A name is repeated as the same
// folded tokens, its first token possibly carrying proclitics (وبوتين);
// a person's name of two or more words also repeats as its last word
// (واتسون after أدريان واتسون). Repetitions never override a mention, nor
// land on a nationality adjective the gazetteer found (adjectives, sorted
// spans): "الألمانية", the German agency of an attribution, is an
// adjective in "القوات الألمانية". A name after proclitics is not repeated
// into a word that known (nil: none) reports as a name of its own: وجدة
// is Oujda, not و and Jeddah. An unlinked one-word organisation or place
// with the article is not repeated (definiteNoun: البنك, "the bank").
func propagate(doc *processor.Document, folded []string, ms []mention, adjectives [][2]int, known func(folded string) bool) []mention {
	return new(buffers).propagate(doc, folded, ms, adjectives, known)
}

// pattern is a name propagate repeats: its folded tokens and type. The
// patterns with one first token are a list, in the order they were added:
// next links them (-1 ends a list).
type pattern struct {
	toks []string
	typ  string
	next int32
}

// propagate is propagate with the buffers of b.
func (b *buffers) propagate(doc *processor.Document, folded []string, ms []mention, adjectives [][2]int, known func(folded string) bool) []mention {
	// byFirst holds the first and the last pattern of each list.
	pats := slices.Grow(b.pats[:0], len(ms)+4)
	if b.byFirst == nil {
		b.byFirst, b.seen = make(map[string][2]int32, len(ms)), make(map[string]bool, len(ms))
	}
	byFirst, seen := b.byFirst, b.seen
	// The keys of seen are cut from one string as they are added, the
	// patterns' tokens from one slice.
	var keys strings.Builder
	keys.Grow(48 * len(ms))
	arena := slices.Grow(b.arena[:0], 2*len(ms)+4)
	defer func() {
		clear(pats)
		clear(arena)
		clear(byFirst)
		clear(seen)
		b.pats, b.arena = pats[:0], arena[:0]
	}()
	// Every first token a word can start (itself or after its proclitics)
	// ends as the word ends: ends lets most words be skipped at once.
	var ends firstEnds
	var key []byte
	addPattern := func(toks []string, typ string) {
		if len(toks) == 0 || len(toks) > maxPattern {
			return
		}
		if len(toks) == 1 && runeCount(toks[0]) < 3 {
			return
		}
		// The key typ + "|" + the tokens joined by spaces, built in place.
		key = append(append(key[:0], typ...), '|')
		for i, t := range toks {
			if i > 0 {
				key = append(key, ' ')
			}
			key = append(key, t...)
		}
		if seen[string(key)] {
			return
		}
		at := keys.Len()
		keys.Write(key)
		seen[keys.String()[at:]] = true // earlier keys stay as they are
		n := int32(len(pats))
		pats = append(pats, pattern{toks, typ, -1})
		if list, ok := byFirst[toks[0]]; ok {
			pats[list[1]].next = n
			byFirst[toks[0]] = [2]int32{list[0], n}
		} else {
			byFirst[toks[0]] = [2]int32{n, n}
		}
		ends.add(toks[0])
	}
	toks := doc.Tokens
	tokIndex := func(off int) int {
		return sort.Search(len(toks), func(i int) bool { return toks[i].End > off })
	}
	for _, m := range ms {
		a, b := tokIndex(m.start), tokIndex(m.end-1)+1
		if a >= b || b > len(toks) {
			continue
		}
		at := len(arena)
		for k := a; k < b; k++ {
			w := folded[k]
			if k == a && toks[k].Start < m.start {
				// The mention starts after clitics: the name is the rest.
				w = foldSpan(doc, m.start, toks[k].End)
			}
			arena = append(arena, w)
		}
		// Earlier patterns keep their tokens when arena grows: append
		// copies, it never writes over them.
		p := arena[at:len(arena):len(arena)]
		if !definiteNoun(p, m) && !competition(m) {
			addPattern(p, m.typ)
		}
		if m.typ == record.PER && len(p) >= 2 && !nameParticle(p[len(p)-2]) {
			addPattern(p[len(p)-1:], record.PER)
		}
	}
	if len(byFirst) == 0 {
		return ms
	}
	set := spanSet{ms: ms} // ms is sorted and without overlaps (merge)
	var splits [arabic.MaxSplits]int
	for i, t := range toks {
		if t.Kind != tokenize.Word {
			continue
		}
		// The first token, bare or after proclitics.
		w := folded[i]
		if !ends.has(w) {
			continue
		}
		cands := append(splits[:0], 0)
		if r, _ := utf8.DecodeRuneInString(w); isArabic(r) {
			cands = arabic.AppendSplits(splits[:0], w, 2)
		}
		for _, p := range cands {
			list, ok := byFirst[w[p:]]
			if !ok {
				continue
			}
			if p > 0 && !arabic.IsProcliticPrefix(w[:p]) {
				continue
			}
			if p > 0 && strings.Contains(w[:p], "ال") {
				continue
			}
			for j := list[0]; j >= 0; j = pats[j].next {
				pat := &pats[j]
				n := len(pat.toks)
				if i+n > len(toks) {
					continue
				}
				ok := true
				for k := 1; k < n && ok; k++ {
					ok = folded[i+k] == pat.toks[k]
				}
				for k := 0; k < n && ok; k++ {
					ok = !foldedLikeName(doc.Text[toks[i+k].Start:toks[i+k].End])
				}
				if ok && p == 0 {
					ok = !lowerLatin(doc.Text[t.Start:t.End])
				}
				if ok && p > 0 && known != nil {
					ok = !known(w)
				}
				if !ok {
					continue
				}
				start := t.Start
				if p > 0 {
					start = origOffset(doc, t.Start, t.End, p)
				}
				end := toks[i+n-1].End
				if set.overlap(start, end) < 0 && !overlapsAny(adjectives, start, end) {
					set.insert(mention{start: start, end: end, typ: pat.typ})
				}
			}
		}
	}
	return set.ms
}

// definiteNoun reports whether the name of mention m, its folded tokens
// toks, is one word with the article ال that the gazetteer did not link,
// of an organisation or a place: mostly a common noun the article uses for
// a body it names in full ("البنك", the bank; "الجمعية", the assembly),
// which the tagger reads as a name where the context suggests one.
// Propagation does not repeat it into the other sentences; known
// one-word names (الناتو, clubs such as الوحدة) are linked and repeat.
func definiteNoun(toks []string, m mention) bool {
	return len(toks) == 1 && m.ent == nil && m.typ != record.PER && strings.HasPrefix(toks[0], "ال")
}

// clubWords adds, in a sports story, the untagged one-word names of clubs
// that the gazetteer knows only for lookup because they are also common
// words, written with the article (الأهلي, الوكرة, الوحدة): in a match
// report they name the club. In another story it adds only those right
// after a word for a team (فريق, نادي: "للفريق الأهلي").
func (s *Stage) clubWords(doc *processor.Document, folded []string, ms []mention, adjectives [][2]int) []mention {
	set := spanSet{ms: ms}
	sport := sportStory(doc)
	for i, t := range doc.Tokens {
		w := folded[i]
		// Outside sports stories the test of the word before, a word for
		// a team, rejects nearly every token at less cost than the test of
		// the token's letters: it comes first.
		if t.Kind != tokenize.Word || !sport && !(i > 0 && mayBeTeamWord(folded[i-1]) && afterTeamWord(doc, folded, i, adjectives)) || !articleOrLamLam(w) {
			continue
		}
		p := s.clubs.get(w, s.clubPrefix) - 1
		if p < 0 {
			continue
		}
		es, _ := s.gaz.LookupFoldedPrefix(w)
		start := t.Start
		if p > 0 {
			start = origOffset(doc, t.Start, t.End, p)
		}
		if set.overlap(start, t.End) < 0 && !overlapsAny(adjectives, start, t.End) {
			set.insert(mention{start: start, end: t.End, typ: record.ORG, ent: pick(es, record.ORG, true)})
		}
	}
	return set.ms
}

// articleOrLamLam reports whether w contains "ال" or "لل", as
// strings.Contains(w, "ال") || strings.Contains(w, "لل") does, in one pass
// over the bytes of w instead of two searches: clubWords asks it of every
// token, most of them short, where the searches' set-up cost dominates.
// Both end with ل (0xD9 0x84), after ا (0xD8 0xA7) or ل.
func articleOrLamLam(w string) bool {
	// ل's second byte, 0x84, is rare elsewhere: it is tested first.
	for i := 3; i < len(w); i++ {
		if w[i] == 0x84 && w[i-1] == 0xD9 && (w[i-3] == 0xD8 && w[i-2] == 0xA7 || w[i-3] == 0xD9 && w[i-2] == 0x84) {
			return true
		}
	}
	return false
}

// stadiums makes a place of each mention of ms (sorted, without overlaps)
// that follows an Arabic stadium head, استاد, ستاد or ملعب, proclitics
// allowed but not the article (الملعب is "the pitch"): "ملعب ثاني بن
// جاسم" and "لاستاد القاهرة" name stadiums, not a person or the city, and
// the corpora tag head and name as one place. With the name in quotes
// (استاد "لوكوموتيف") only the type changes; a link to an entity that is
// no place (the club Lokomotiv) is dropped.
func stadiums(doc *processor.Document, ms []mention) {
	for i := range ms {
		m := &ms[i]
		j := m.start
		for j > 0 && doc.Text[j-1] == ' ' {
			j--
		}
		quoted := false
		if r, n := utf8.DecodeLastRuneInString(doc.Text[:j]); r == '"' || r == '«' || r == '“' {
			quoted = true
			for j -= n; j > 0 && doc.Text[j-1] == ' '; j-- {
			}
		}
		if j == m.start && !quoted {
			continue // no space before the name
		}
		k := strings.LastIndexAny(doc.Text[:j], " \n\t\"«“(")
		w := doc.Text[k+1 : j]
		if w == "" || i > 0 && ms[i-1].end > k+1 {
			continue
		}
		f := normalize.Fold(w)
		head := -1
		for _, h := range [...]string{"استاد", "ستاد", "ملعب"} {
			if p, ok := strings.CutSuffix(f, h); ok && (p == "" || arabic.IsProcliticPrefix(p) && !strings.Contains(p, "ال")) {
				head = len(p)
				break
			}
		}
		if head < 0 {
			continue
		}
		m.typ = record.LOC
		if m.ent != nil && m.ent.Type != record.LOC {
			m.ent = nil
		}
		if !quoted {
			m.start = k + 1
			if head > 0 {
				m.start = origOffset(doc, k+1, j, head)
			}
		}
	}
}

// afterTeamWord reports whether token i of doc follows a word for a team
// (teamWord) and is not followed by a word with the article other than
// a nationality adjective, which would make it part of a longer name
// ("فريق الهلال الأحمر" is a Red Crescent team).
func afterTeamWord(doc *processor.Document, folded []string, i int, adjectives [][2]int) bool {
	if i == 0 || !teamWord(folded[i-1]) || strings.TrimSpace(doc.Text[doc.Tokens[i-1].End:doc.Tokens[i].Start]) != "" {
		return false
	}
	if j := i + 1; j < len(doc.Tokens) && strings.HasPrefix(folded[j], "ال") && strings.TrimSpace(doc.Text[doc.Tokens[i].End:doc.Tokens[j].Start]) == "" {
		return overlapsAny(adjectives, doc.Tokens[j].Start, doc.Tokens[j].End)
	}
	return true
}

// teamWord reports whether the folded word f is, proclitics aside, a
// word for a team that a club's name follows (فريق الأهلي, للنادي
// الأهلي).
func teamWord(f string) bool {
	// Every word accepted ends with فريق or نادي, proclitics coming first:
	// the test saves cutHead's nine tries on almost every word.
	if !strings.HasSuffix(f, "فريق") && !strings.HasSuffix(f, "نادي") {
		return false
	}
	_, ok := cutHead(f, func(w string) bool {
		switch w {
		case "فريق", "الفريق", "نادي", "النادي", "لفريق", "لنادي":
			return true
		}
		return false
	})
	return ok
}

// mayBeTeamWord reports whether f may be a teamWord, by its last letter:
// every word teamWord accepts ends with فريق or نادي, so with ق (0xD9
// 0x82) or ي (0xD9 0x8A), and has 8 bytes or more. The test is small
// enough to be inlined in clubWords's loop over the tokens.
func mayBeTeamWord(f string) bool {
	n := len(f)
	return n >= 8 && f[n-2] == 0xD9 && (f[n-1] == 0x82 || f[n-1] == 0x8A)
}

// clubPrefix returns 1 + the length of the proclitics of w (a folded
// word) when the rest is, with its article, a one-word name of clubs or
// teams only (clubWords), 0 otherwise.
func (s *Stage) clubPrefix(w string) int {
	es, p := s.gaz.LookupFoldedPrefix(w)
	if len(es) == 0 {
		return 0
	}
	// The name with its article; ل + ال is written لل.
	if stem := w[p:]; !strings.HasPrefix(stem, "ال") && !(p > 0 && strings.HasSuffix(w[:p], "ل") && len(s.gaz.LookupFolded("ا"+stem)) > 0) {
		return 0
	}
	for _, e := range es {
		if e.Kind != "club" && e.Kind != "team" {
			return 0
		}
	}
	return p + 1
}

// competition reports whether m is linked to a competition (the gazetteer's
// kind "competition": دوري أبطال أوروبا, the Champions League). A
// competition is an event, neither an organisation nor a place, and the
// corpora do not tag it as one (MISC): it is found, so that the tagger's
// span over it and repetitions of other names into it (أوروبا) give way,
// and then left out of the record.
func competition(m mention) bool {
	return m.ent != nil && m.ent.Kind == "competition"
}

// adjectiveSpans returns the spans of the nationality adjectives among
// the gazetteer's matches, in text order.
func adjectiveSpans(gazMatches []gazetteer.Match) [][2]int {
	var out [][2]int
	for _, m := range gazMatches {
		if m.Adjective {
			out = append(out, [2]int{m.Start, m.End})
		}
	}
	return out
}

// adjectiveOnly reports whether the tagged mention m is, proclitics
// aside, a word the gazetteer knows only as a nationality adjective
// (adjectives: the spans of its adjective matches): the tagger's "كيني"
// is Kenny (Miller), not Kenya, whose adjective it is. It is then not
// linked, and keeps the tagger's type.
func adjectiveOnly(text string, m mention, adjectives [][2]int) bool {
	i := sort.Search(len(adjectives), func(i int) bool { return adjectives[i][1] >= m.end })
	if i == len(adjectives) || adjectives[i][1] != m.end || adjectives[i][0] < m.start {
		return false
	}
	return adjectives[i][0] == m.start || cliticsOnly(text[m.start:adjectives[i][0]])
}

// overlapsAny reports whether [a, b) overlaps a span of spans (sorted,
// without overlaps).
func overlapsAny(spans [][2]int, a, b int) bool {
	i := sort.Search(len(spans), func(i int) bool { return spans[i][1] > a })
	return i < len(spans) && spans[i][0] < b
}

// firstEnds is a filter of words by their ends: a word passes when a
// string added may be the word or a suffix of it of two runes or more (a
// stem after proclitics). Strings of 6 bytes or more are kept by their last
// 6 bytes, of 4 or 5 by their last 4, shorter ones in an endSet; a word
// then passes when its last 6 bytes, its last 4 or its end (endSet.has)
// are there.
type firstEnds struct {
	long, mid tailSet
	short     endSet
}

func (f *firstEnds) add(s string) {
	switch {
	case len(s) >= 6:
		f.long.add(tail6(s))
	case len(s) >= 4:
		f.mid.add(tail4(s))
	default:
		f.short.add(s)
	}
}

// has reports whether w may be a string added or end with one of two
// runes or more. When it does not, neither w nor a suffix of w of two
// runes or more was added.
func (f *firstEnds) has(w string) bool {
	return len(w) >= 6 && f.long.has(tail6(w)) ||
		len(w) >= 4 && f.mid.has(tail4(w)) ||
		f.short.has(w)
}

// tail6 returns the last 6 bytes of s (len(s) >= 6) as a number.
func tail6(s string) uint64 {
	s = s[len(s)-6:]
	return uint64(s[0])<<40 | uint64(s[1])<<32 | uint64(s[2])<<24 | uint64(s[3])<<16 | uint64(s[4])<<8 | uint64(s[5])
}

// tail4 returns the last 4 bytes of s (len(s) >= 4) as a number.
func tail4(s string) uint64 {
	s = s[len(s)-4:]
	return uint64(s[0])<<24 | uint64(s[1])<<16 | uint64(s[2])<<8 | uint64(s[3])
}

// tailSet is a set of numbers as a 4096-bit Bloom filter with one hash: a
// number not in the set was not added.
type tailSet [1 << 12 / 64]uint64

func (t *tailSet) add(k uint64) {
	b := k * 0x9e3779b97f4a7c15 >> (64 - 12)
	t[b/64] |= 1 << (b % 64)
}

func (t *tailSet) has(k uint64) bool {
	b := k * 0x9e3779b97f4a7c15 >> (64 - 12)
	return t[b/64]&(1<<(b%64)) != 0
}

// endSet is a set of the last two bytes of strings, as a bitmap: a
// string whose end is not in the set is none of the strings added.
type endSet [1 << 16 / 64]uint64

func endKey(s string) uint16 {
	switch len(s) {
	case 0:
		return 0
	case 1:
		return uint16(s[0])
	}
	return uint16(s[len(s)-2])<<8 | uint16(s[len(s)-1])
}

func (e *endSet) add(s string) {
	k := endKey(s)
	e[k/64] |= 1 << (k % 64)
}

// has reports whether a string added ends with the last two bytes of s
// (is s, when s is shorter). When it does not, neither s nor any suffix of
// s of two bytes or more was added.
func (e *endSet) has(s string) bool {
	k := endKey(s)
	return e[k/64]&(1<<(k%64)) != 0
}

// nameParticle reports whether w (folded) is a particle after which the
// last word of a name is not a name by itself: عبد الله, أبو بكر, بن
// سلمان, de Gaulle, van Gogh.
func nameParticle(w string) bool {
	switch w {
	case "عبد", "ابو", "ابن", "بن", "بنت", "ام", "ال", "de", "van", "von", "da", "di", "del", "la", "le", "al", "el", "bin", "ibn", "abu", "abd":
		return true
	}
	return false
}

// lowerLatin reports whether w starts with a lower-case Latin letter: no
// repetition of a name ("parti" is not the Parti of "le Parti socialiste").
func lowerLatin(w string) bool {
	return w != "" && w[0] >= 'a' && w[0] <= 'z'
}

// foldedLikeName reports whether w (as written) is a function word that
// folding makes a name, or that a proclitic and a name make: the
// preposition على folds as the name علي (Ali), إلى and حتى as words ending
// in ي; لصالح ("in favour of") is ل and the name صالح (Saleh); صفر, zero
// in a score, is also a surname.
// Propagation never repeats a name into one.
func foldedLikeName(w string) bool {
	switch strings.TrimLeft(w, "وف") {
	case "على", "إلى", "الى", "حتى", "لدى", "متى", "سوى", "مدى", "لصالح", "صفر":
		return true
	}
	return false
}

// compass reports whether w, one word around spaces, is a point of the
// compass or its adjective.
func compass(w string) bool {
	switch strings.ToLower(strings.TrimSpace(normalize.Fold(w))) {
	case "جنوب", "شمال", "شرق", "غرب", "وسط", "جنوبي", "شمالي", "شرقي", "غربي",
		"الجنوبيه", "الشماليه", "الشرقيه", "الغربيه", "الوسطي", "الجنوبي", "الشمالي", "الشرقي", "الغربي",
		"south", "north", "east", "west", "central", "southern", "northern", "eastern", "western",
		"sud", "nord", "est", "ouest", "centrale", "occidentale", "orientale", "septentrionale", "meridionale":
		return true
	}
	return false
}

// nasab reports whether before, the text of a person's name before a
// known person's name, ends with a filiation particle: "أحمد بن" before
// "محمد بن راشد آل مكتوم" names the son, not the father.
func nasab(before string) bool {
	f := strings.Fields(normalize.Fold(before))
	if len(f) < 2 {
		return false
	}
	switch f[len(f)-1] {
	case "بن", "ابن", "بنت", "ابنه", "bin", "ibn", "ben":
		return true
	}
	return false
}

// countWords counts the words of s, French elided articles (l', d')
// excepted.
func countWords(s string) int {
	n := 0
	var buf [16]tokenize.Token
	for _, t := range tokenize.Append(buf[:0], s) {
		if t.Kind != tokenize.Word {
			continue
		}
		w := t.Text(s)
		if strings.HasSuffix(w, "'") || strings.HasSuffix(w, "’") {
			continue
		}
		if rest := s[t.End:]; len(w) <= 3 && (strings.HasPrefix(rest, "'") || strings.HasPrefix(rest, "’")) {
			continue // l' d' qu' at the end of the text
		}
		n++
	}
	return n
}

// entity is a group of mentions being built.
type entity struct {
	ent      *gazetteer.Entity
	mentions []mention
	count    int // mentions while grouping, before mentions is filled
	types    typeCounts
	place    bool     // holds the dateline's place: unlinked, it is a place
	folded   []string // folded words of the longest surface form (persons)
	merged   bool     // joined another entity
}

// group groups mentions into the record's entities: linked mentions by
// their canonical entity, the others by their folded surface form; then a
// one-word person mention joins the person whose longer name starts or
// ends with that word. When link is not nil, it links the places still
// unlinked (by their longest surface form, folded).
func group(doc *processor.Document, ms []mention, link func(folded string) *gazetteer.Entity, place func(folded string) bool) []record.Entity {
	return new(buffers).group(doc, ms, link, place)
}

// group is group with the buffers of b.
func (b *buffers) group(doc *processor.Document, ms []mention, link func(folded string) *gazetteer.Entity, place func(folded string) bool) []record.Entity {
	// Linked mentions are grouped by entity id, the others by folded
	// surface form.
	byID := map[string]*entity{}
	bySurface := map[string]*entity{}
	var order []*entity
	// The entities are cut from one slice (there are no more of them than
	// mentions, so it never grows) and so are their first lists of
	// mentions, once owner says how many each entity has.
	slab := slices.Grow(b.slab[:0], len(ms))
	owner := slices.Grow(b.owner[:0], len(ms))[:len(ms)] // each is set below
	backing := slices.Grow(b.backing[:0], len(ms))[:len(ms)]
	defer func() {
		clear(slab)
		clear(owner)
		clear(backing)
		b.slab, b.owner, b.backing = slab[:0], owner[:0], backing[:0]
	}()
	linked := linkedSurfaces(doc, ms)
	for i, m := range ms {
		byKey, key, ent := byID, "", m.ent
		if ent == nil {
			key = foldSpan(doc, m.start, m.end)
			if l := linked[key]; l != nil && l.Type == m.typ {
				ent = l
			}
		}
		if ent != nil {
			key = ent.ID
		} else {
			byKey = bySurface
		}
		e := byKey[key]
		if e == nil {
			slab = append(slab, entity{ent: ent})
			e = &slab[len(slab)-1]
			byKey[key] = e
			order = append(order, e)
		}
		owner[i] = e
		e.count++
		e.types.add(m.typ, 1)
		e.place = e.place || m.dateline
	}
	at := 0
	for _, e := range order {
		e.mentions = backing[at : at : at+e.count]
		at += e.count
	}
	for i, m := range ms {
		owner[i].mentions = append(owner[i].mentions, m) // within its capacity
	}
	// Only persons' words are compared below: an entity of another type
	// never becomes a person by a merge (nor changes at all).
	// The persons' words are cut from one slice.
	var words []string
	for _, e := range order {
		if typeOf(e) == record.PER {
			l := longestMention(doc, e.mentions)
			at := len(words)
			words = appendFields(words, foldSpan(doc, l.start, l.end))
			e.folded = words[at:len(words):len(words)]
			if len(e.folded) == 0 {
				e.folded = nil // as strings.FieldsFunc returns
			}
		}
	}
	// Short person names join the full name met in the article.
	for _, e := range order {
		if len(e.folded) != 1 || typeOf(e) != record.PER {
			continue
		}
		var target *entity
		for _, o := range order {
			if o == e || o.merged || typeOf(o) != record.PER || len(o.folded) < 2 {
				continue
			}
			if o.folded[0] == e.folded[0] || o.folded[len(o.folded)-1] == e.folded[0] {
				if target == nil || o.mentions[0].start < target.mentions[0].start {
					target = o
				}
			}
		}
		if target == nil || (e.ent != nil && target.ent != nil && e.ent != target.ent) {
			continue
		}
		target.mentions = append(target.mentions, e.mentions...)
		for i, n := range e.types {
			target.types[i] += n
		}
		if target.ent == nil {
			target.ent = e.ent
		}
		e.merged = true
	}
	// Places the gazetteer does not know are looked up by link; two
	// surface forms of one city (Taizz, تعز) become one entity. A state or
	// province found under another type is a place all the same ("Nova
	// Scotia" tagged as a person); a city is not (Florence, Lincoln).
	if link != nil {
		var linked map[string]*entity
		for _, e := range order {
			if e.merged || e.ent != nil {
				continue
			}
			l := longestMention(doc, e.mentions)
			ent := link(foldSpan(doc, l.start, l.end))
			if ent == nil || typeOf(e) != record.LOC && ent.Kind != "region" {
				continue
			}
			e.ent = ent
			if linked == nil {
				linked = map[string]*entity{}
			}
			if first := linked[e.ent.ID]; first != nil {
				first.mentions = append(first.mentions, e.mentions...)
				for i, n := range e.types {
					first.types[i] += n
				}
				e.merged = true
				continue
			}
			linked[e.ent.ID] = e
		}
	}
	joinShortForms(doc, order, place)
	kingdomAnaphora(doc, order)
	out := make([]record.Entity, 0, len(order))
	total := 0
	for _, e := range order {
		if !e.merged {
			total += len(e.mentions)
		}
	}
	// The records' mentions are cut from one slice, each entity's with its
	// own capacity, so that an append to one never writes into another.
	rms := make([]record.Mention, 0, total)
	for _, e := range order {
		if e.merged {
			continue
		}
		// Mentions never share a start: any sort gives one order.
		slices.SortFunc(e.mentions, func(a, b mention) int { return a.start - b.start })
		at := len(rms)
		re := record.Entity{Type: typeOf(e), Count: len(e.mentions), Mentions: rms[at : at : at+len(e.mentions)]}
		text := longest(doc, e.mentions)
		re.Text = text
		re.Canonical = canonicalSurface(cased(doc, e.mentions, text))
		if e.ent != nil {
			re.Canonical, re.Wikidata, re.Type = e.ent.Canonical, e.ent.Wikidata, e.ent.Type
		}
		for _, m := range e.mentions {
			sec := doc.SectionAt(m.start)
			re.InBody = re.InBody || record.IsStory(sec)
			start := doc.CodePoint(m.start)
			re.Mentions = append(re.Mentions, record.Mention{
				Start: start, End: codePointEnd(doc, m.start, start, m.end), Section: sec, Text: doc.Text[m.start:m.end],
			})
		}
		rms = rms[:at+len(re.Mentions)]
		out = append(out, re)
	}
	slices.SortStableFunc(out, func(a, b record.Entity) int { return a.Mentions[0].Start - b.Mentions[0].Start })
	return out
}

// appendFields appends to dst the fields of s, as strings.FieldsFunc(s,
// isSpace) returns them.
func appendFields(dst []string, s string) []string {
	start := -1
	for i, r := range s {
		if isSpace(r) {
			if start >= 0 {
				dst = append(dst, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		dst = append(dst, s[start:])
	}
	return dst
}

// typeOf returns the most frequent type of an entity's mentions (PER, then
// ORG, then LOC on ties); a linked entity has its gazetteer type, and an
// unlinked one holding the dateline's place is a place.
func typeOf(e *entity) string {
	if e.ent != nil {
		return e.ent.Type
	}
	if e.place {
		return record.LOC
	}
	best, n := "", -1
	for _, t := range [...]string{record.PER, record.ORG, record.LOC} {
		if c := e.types.count(t); c > n {
			best, n = t, c
		}
	}
	return best
}

// longest returns the longest surface form of mentions (the first on
// ties).
func longest(doc *processor.Document, ms []mention) string {
	m := longestMention(doc, ms)
	return doc.Text[m.start:m.end]
}

// linkedSurfaces maps the folded surface of every linked mention of ms to
// its entity, so that an unlinked mention written the same way joins it:
// a name repeated inside a hashtag (#اقتصاد_السعودية) is found by
// propagation, not by the gazetteer, whose word boundaries exclude it. It
// returns nil when ms has no unlinked mention.
func linkedSurfaces(doc *processor.Document, ms []mention) map[string]*gazetteer.Entity {
	if !slices.ContainsFunc(ms, func(m mention) bool { return m.ent == nil }) {
		return nil
	}
	var out map[string]*gazetteer.Entity
	for _, m := range ms {
		if m.ent == nil {
			continue
		}
		if out == nil {
			out = map[string]*gazetteer.Entity{}
		}
		k := foldSpan(doc, m.start, m.end)
		if _, ok := out[k]; !ok {
			out[k] = m.ent
		}
	}
	return out
}

// kingdomAnaphora links "المملكة" ("the Kingdom"), which Arabic news
// writes for the kingdom it is about, to the one kingdom the article names
// (السعودية ... المملكة), merging its mentions into that entity, and adds
// the words المملكة the tagger left untagged (see kingdomWords); with no
// kingdom or several, it stays unlinked.
func kingdomAnaphora(doc *processor.Document, order []*entity) {
	var kingdom, anaphor *entity
	for _, e := range order {
		switch {
		case e.merged:
		case e.ent != nil && e.ent.Kind == "country" && isKingdom(e.ent.Country):
			if kingdom != nil && kingdom.ent != e.ent {
				return
			}
			kingdom = e
		case e.ent == nil && typeOf(e) == record.LOC && foldSpan(doc, e.mentions[0].start, e.mentions[0].end) == "المملكه":
			anaphor = e
		}
	}
	if kingdom == nil {
		return
	}
	if anaphor != nil {
		kingdom.mentions = append(kingdom.mentions, anaphor.mentions...)
		for i, n := range anaphor.types {
			kingdom.types[i] += n
		}
		anaphor.merged = true
	}
	var all []mention
	for _, e := range order {
		all = append(all, e.mentions...)
	}
	for _, m := range kingdomWords(doc, all) {
		kingdom.mentions = append(kingdom.mentions, m)
		kingdom.types.add(record.LOC, 1)
	}
}

// kingdomWords returns the words المملكة ("the Kingdom") of doc, alone,
// that overlap none of taken, as place mentions with their proclitics
// outside (والمملكة, بالمملكة; للمملكة from its second lam, as the
// gazetteer reports لل names). The tagger tags the word in some sentences
// and not in others; the kingdom an article names is meant in all.
func kingdomWords(doc *processor.Document, taken []mention) []mention {
	const word = "المملكه" // folded
	var out []mention
	for _, t := range doc.Tokens {
		if t.Kind != tokenize.Word || !strings.Contains(doc.Text[t.Start:t.End], "مملك") {
			continue
		}
		f := foldSpan(doc, t.Start, t.End)
		var p int // bytes of f before the mention
		switch {
		case f == word:
		case strings.HasSuffix(f, word) && isClitics(f[:len(f)-len(word)], false):
			p = len(f) - len(word)
		case strings.HasSuffix(f, "ل"+word[len("ا"):]) && isClitics(f[:len(f)-len(word)+len("ا")], true):
			p = len(f) - len(word) + len("ا")
		default:
			continue
		}
		start := t.Start
		if p > 0 {
			start = origOffset(doc, t.Start, t.End, p)
		}
		if slices.ContainsFunc(taken, func(m mention) bool { return m.start < t.End && start < m.end }) {
			continue
		}
		out = append(out, mention{start: start, end: t.End, typ: record.LOC})
	}
	return out
}

// isClitics reports whether p (folded) is a run of proclitics that may
// come before the article: و or ف, then ب or ك, at least one; with lam,
// ل alone or after و or ف (ل + ال is written لل).
func isClitics(p string, lam bool) bool {
	if lam {
		return p == "ل" || p == "ول" || p == "فل"
	}
	switch p {
	case "و", "ف", "ب", "ك", "وب", "فب", "وك", "فك":
		return true
	}
	return false
}

// isKingdom reports whether the country with ISO 3166-1 code cc is a
// kingdom.
func isKingdom(cc string) bool {
	switch cc {
	case "SA", "MA", "JO", "BH", "GB", "ES", "NL", "BE", "SE", "NO", "DK", "TH", "KH", "SZ", "LS", "BT", "TO":
		return true
	}
	return false
}

// cased returns text, or when text is written in capitals only (a
// dateline's HALIFAX) a mention of ms of the same length that is not
// (Halifax), as a name is best written.
func cased(doc *processor.Document, ms []mention, text string) string {
	if upper, cased := capitals(text); !upper || !cased {
		return text
	}
	for _, m := range ms {
		t := doc.Text[m.start:m.end]
		if len(t) != len(text) {
			continue
		}
		if upper, _ := capitals(t); !upper {
			return t
		}
	}
	return text
}

// capitals reports whether strings.ToUpper(s) == s (upper) and whether
// strings.ToLower(s) != s (cased: s has a letter in capitals), without
// building either string: most names are Arabic, which has no case, and
// both conversions decode every rune. Like strings.ToUpper, it takes s
// for changed when s is not valid UTF-8 (the conversion writes U+FFFD).
func capitals(s string) (upper, cased bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z':
				return false, false
			case 'A' <= c && c <= 'Z':
				cased = true
			}
			i++
			continue
		}
		if c >= 0xd8 && c <= 0xdb && i+1 < len(s) && s[i+1]&0xc0 == 0x80 {
			// U+0600 to U+06FF, Arabic: no letter there has a case.
			i += 2
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return false, false
		}
		if unicode.ToUpper(r) != r {
			return false, false
		}
		if unicode.ToLower(r) != r {
			cased = true
		}
		i += size
	}
	return true, cased
}

// longestMention returns the mention of ms with the longest surface form
// (the first on ties), an empty mention when ms is empty.
func longestMention(doc *processor.Document, ms []mention) mention {
	var best mention
	n := 0
	for _, m := range ms {
		if k := runeCount(doc.Text[m.start:m.end]); k > n {
			best, n = m, k
		}
	}
	return best
}

// foldSpan returns the matching form of doc.Text[a:b] (a and b on rune
// boundaries): a substring of doc.Norm when the document has it.
func foldSpan(doc *processor.Document, a, b int) string {
	if doc.Norm != nil && doc.Norm.Orig == doc.Text {
		return doc.Norm.Folded(a, b)
	}
	return normalize.Fold(doc.Text[a:b])
}

// origOffset returns the offset in doc.Text of the rune that gave byte p
// of the matching form of doc.Text[a:b] (a and b on rune boundaries, p
// inside that form).
func origOffset(doc *processor.Document, a, b, p int) int {
	if doc.Norm != nil && doc.Norm.Orig == doc.Text {
		ns := doc.Norm.NormOffset(a)
		os, _ := doc.Norm.OrigSpan(ns+p, ns+p)
		return os
	}
	nt := normalize.New(doc.Text[a:b])
	os, _ := nt.OrigSpan(p, len(nt.Norm))
	return a + os
}

// typeCounts counts mentions by type: PER, ORG, LOC (typeOf reads no
// other).
type typeCounts [3]int

func typeIndex(typ string) int {
	switch typ {
	case record.PER:
		return 0
	case record.ORG:
		return 1
	case record.LOC:
		return 2
	}
	return -1
}

func (c *typeCounts) add(typ string, n int) {
	if i := typeIndex(typ); i >= 0 {
		c[i] += n
	}
}

func (c *typeCounts) count(typ string) int {
	if i := typeIndex(typ); i >= 0 {
		return c[i]
	}
	return 0
}

// canonicalSurface is the canonical name of an unlinked entity: its
// surface form with spaces collapsed and surrounding punctuation removed.
func canonicalSurface(s string) string {
	if !plainSpaced(s) {
		s = strings.Join(strings.Fields(s), " ")
	}
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
}

// codePointEnd returns doc.CodePoint(end) given cpStart =
// doc.CodePoint(start), start <= end: the runes of doc.Text[start:end]
// added to cpStart when start is on a rune boundary (its byte is no UTF-8
// continuation byte, so no rune spans it), counted again from the start of
// the text otherwise.
func codePointEnd(doc *processor.Document, start, cpStart, end int) int {
	if 0 <= start && start < end && end <= len(doc.Text) && doc.Text[start]&0xC0 != 0x80 {
		return cpStart + runeCount(doc.Text[start:end])
	}
	return doc.CodePoint(end)
}

// runeCount is utf8.RuneCountInString, with the two-byte runes (Arabic
// letters) counted in line: RuneCountInString calls the runtime's decoder
// for every rune that is not ASCII, and the stage counts the runes of
// every mention several times (longestMention, codePointEnd). Anything
// but ASCII and a valid two-byte rune is stepped over as
// utf8.DecodeRuneInString steps, which is how RuneCountInString counts.
func runeCount(s string) int {
	n := 0
	for i := 0; i < len(s); n++ {
		switch c := s[i]; {
		case c < utf8.RuneSelf:
			i++
		case 0xC2 <= c && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			i += 2
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
	}
	return n
}

// isSpace is unicode.IsSpace, with the runes from U+0100 to U+167F (Arabic
// among them), none of which is a space, answered at once.
func isSpace(r rune) bool {
	if r >= 0x100 && r < 0x1680 {
		return false
	}
	return unicode.IsSpace(r)
}

// plainSpaced reports whether strings.Join(strings.Fields(s), " ") is s:
// its words are apart by single ASCII spaces, with none around them.
func plainSpaced(s string) bool {
	prevSpace := true
	for _, r := range s {
		if !isSpace(r) {
			prevSpace = false
			continue
		}
		if r != ' ' || prevSpace {
			return false
		}
		prevSpace = true
	}
	return !prevSpace || s == ""
}
