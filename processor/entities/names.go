package entities

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/nlp/ner"
	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/record"
)

// maxGivenBefore is the number of known given names joinGiven may add
// before a person's name ("محمد حسن" + "كلاي").
const maxGivenBefore = 2

// joinGiven extends the tagger's unlinked Arabic-script person names
// (ms sorted, without overlaps) to the known given names right before
// them: the tagger, which learned names from their context, often finds
// only the family name of a person new to it ("منى" + "عبدالغني"). A
// given name belongs to the person when nothing but spaces separates
// them and no other mention holds it. Not extended: a name starting with
// the conjunction و, which follows another name in a list ("عادل
// وياسمين"); not added: a given name that is also a word written before
// names (givenAndWord).
func (s *Stage) joinGiven(doc *processor.Document, ms []mention) {
	for i := range ms {
		m := &ms[i]
		if m.typ != record.PER || m.ent != nil || !arabicStart(doc.Text[m.start:m.end]) || strings.HasPrefix(doc.Text[m.start:m.end], "و") {
			continue
		}
		floor := 0
		if i > 0 {
			floor = ms[i-1].end
		}
		for range maxGivenBefore {
			t, ok := wordBefore(doc, m.start)
			if !ok || t.Start < floor {
				break
			}
			if f := foldSpan(doc, t.Start, t.End); !s.knownGiven[f] || givenAndWord(f) {
				break
			}
			m.start = t.Start
		}
	}
}

// givenAndWord reports whether the folded given name f is also a word
// that comes before names: علي is the preposition على once folded ("على
// شاشي"), باسم means "named" ("باسم أوليفر") and خلف "behind" or
// "succeeding".
func givenAndWord(f string) bool {
	switch f {
	case "علي", "باسم", "خلف":
		return true
	}
	return false
}

// mergeAdjacent merges the tagger's unlinked Arabic-script person names
// that only spaces separate (ms sorted, without overlaps): Arabic names
// chain given, father's and family names ("حمدان بن محمد بن راشد" +
// "آل مكتوم"), which the tagger sometimes cuts in two, and two people are
// not written side by side without a conjunction or a comma. Not merged:
// a first name of one word with the article (articleWord). A name
// starting with the conjunction و is the next one of a list ("تييري هنري
// وروبير بيريس") and is not merged with the name before it; when the
// merged name starts with و and a known given name, the و is left out.
func (s *Stage) mergeAdjacent(doc *processor.Document, ms []mention) []mention {
	out := ms[:0]
	for _, m := range ms {
		if n := len(out); n > 0 {
			p := &out[n-1]
			if p.typ == record.PER && m.typ == record.PER && p.ent == nil && m.ent == nil &&
				arabicStart(doc.Text[p.start:p.end]) && arabicStart(doc.Text[m.start:m.end]) &&
				!strings.HasPrefix(doc.Text[m.start:m.end], "و") && !articleWord(doc.Text[p.start:p.end]) &&
				p.end <= m.start && strings.TrimSpace(doc.Text[p.end:m.start]) == "" {
				p.end = m.end
				s.trimConjunction(doc, p)
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// trimConjunction moves the start of m past a conjunction و glued to a
// known given name ("وروبير بيريس").
func (s *Stage) trimConjunction(doc *processor.Document, m *mention) {
	first, _, _ := strings.Cut(doc.Text[m.start:m.end], " ")
	if rest, ok := strings.CutPrefix(first, "و"); ok && rest != "" && s.knownGiven[foldSpan(doc, m.start+len("و"), m.start+len(first))] {
		m.start += len("و")
	}
}

// articleWord reports whether s is one word with the article ال: a
// person's name does not start with one such word followed by the rest of
// the name; the tagger took a title or an adjective for a name
// ("البوسني" + "إيدن دزيكو", "الرائد" + "محمد حسين").
func articleWord(s string) bool {
	return strings.HasPrefix(s, "ال") && !strings.ContainsRune(s, ' ')
}

// wordBefore returns the word token of doc.Tokens that ends before
// offset i of doc.Text with only spaces between.
func wordBefore(doc *processor.Document, i int) (tokenize.Token, bool) {
	// k is the first token that ends after i.
	k, _ := slices.BinarySearchFunc(doc.Tokens, i+1, func(t tokenize.Token, i int) int { return cmp.Compare(t.End, i) })
	if k == 0 {
		return tokenize.Token{}, false
	}
	t := doc.Tokens[k-1]
	if t.Kind != tokenize.Word || strings.TrimFunc(doc.Text[t.End:i], unicode.IsSpace) != "" {
		return tokenize.Token{}, false
	}
	return t, true
}

// arabicStart reports whether s starts with an Arabic letter.
func arabicStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isArabic(r)
}

// knownGiven returns the matching forms of the tagger's given names and
// of the words of the lines of text that are not comments.
func knownGiven(text string) map[string]bool {
	out := readWords(text)
	for w := range ner.KnownGivenNames() {
		out[normalize.Fold(w)] = true
	}
	return out
}

// clubsByAdjective makes an organisation of each Arabic place name of ms
// (sorted, without overlaps) that a masculine nationality adjective
// follows ("ليون الفرنسي", "بوخارست الروماني"): a city is feminine in
// Arabic ("ليون الفرنسية" is the city), so the masculine adjective agrees
// with an unwritten فريق or نادي, the city's club. A country is left
// alone (its adjective does not follow it), and so is a place the
// gazetteer links to something that is no city. The club is linked when
// the gazetteer has one of the name (pick).
func (s *Stage) clubsByAdjective(doc *processor.Document, ms []mention, gazMatches []gazetteer.Match) {
	for i := range ms {
		m := &ms[i]
		if m.typ != record.LOC || !arabicStart(doc.Text[m.start:m.end]) || m.ent != nil && m.ent.Kind != "city" {
			continue
		}
		a, ok := adjectiveAfter(doc, m.end, gazMatches)
		if !ok || a.Entity != nil && m.ent != nil && a.Entity.Country != m.ent.Country && m.ent.Country != "" {
			continue
		}
		adj := foldSpan(doc, a.Start, a.End)
		if strings.HasSuffix(adj, "ه") || strings.HasSuffix(adj, "ون") || strings.HasSuffix(adj, "ين") {
			continue // feminine or plural
		}
		if first, _, _ := strings.Cut(foldSpan(doc, m.start, m.end), " "); placeHead(first) {
			continue // the adjective agrees with the head: متحف ليدن الهولندي
		}
		if t, ok := wordBefore(doc, m.start); ok && placeHead(foldSpan(doc, t.Start, t.End)) {
			continue // منتجع سوتشي الروسي
		}
		m.typ, m.ent = record.ORG, nil
		if s.gaz != nil {
			if es, _ := s.gaz.LookupFoldedPrefix(foldSpan(doc, m.start, m.end)); len(es) > 0 {
				if e := pick(es, record.ORG, true); e.Type == record.ORG {
					m.ent = e
				}
			}
		}
	}
}

// placeHead reports whether the folded word f is, proclitics aside, a
// noun before a city's name that makes the name a place: a masculine
// noun heading the name of a place or an institution (متحف ليدن, منتجع
// سوتشي, فيلق القدس), which a masculine adjective after the city then
// agrees with, or مدينة and عاصمة ("مدينة جنيف السويسري" is a slip).
func placeHead(f string) bool {
	_, ok := cutHead(f, func(w string) bool {
		switch w {
		case "متحف", "منتجع", "ميناء", "مرفا", "مطار", "ملعب", "استاد", "ستاد", "فندق", "مستشفي",
			"معبر", "سجن", "مخيم", "معسكر", "قصر", "مسرح", "معرض", "مهرجان", "مؤتمر", "منتدي",
			"مجلس", "مركز", "معهد", "مصرف", "بنك", "حي", "شارع", "ميدان", "جسر", "سد", "نهر",
			"جبل", "خليج", "بحر", "وادي", "فيلق", "جيش", "حزب", "مسجد", "برج", "مجمع", "مصنع",
			"مدينه", "المدينه", "عاصمه", "العاصمه":
			return true
		}
		return false
	})
	return ok
}

// adjectiveAfter returns the gazetteer's nationality adjective match that
// starts after offset i of doc.Text with only spaces between.
func adjectiveAfter(doc *processor.Document, i int, gazMatches []gazetteer.Match) (gazetteer.Match, bool) {
	for _, g := range gazMatches {
		if g.Adjective && g.Start >= i && strings.TrimSpace(doc.Text[i:g.Start]) == "" {
			return g, true
		}
	}
	return gazetteer.Match{}, false
}

// orgsByHead makes an organisation of each unlinked Latin-script name of
// ms the tagger typed otherwise whose head is a word that only
// organisations' names have: the last word in English ("Bucknell
// University", "Konami Corporation"), the first in French ("Université
// de Montréal"). Heads that end places' names too (City, Union, Bank,
// Church, Court...) are not among them.
func orgsByHead(doc *processor.Document, ms []mention) {
	for i := range ms {
		m := &ms[i]
		if m.typ == record.ORG || m.ent != nil || arabicStart(doc.Text[m.start:m.end]) {
			continue
		}
		name := doc.Text[m.start:m.end]
		first, _, ok := strings.Cut(name, " ")
		if !ok {
			continue
		}
		last := name[strings.LastIndexByte(name, ' ')+1:]
		if orgHead(strings.ToLower(last)) || frenchOrgHead(strings.ToLower(first)) {
			m.typ = record.ORG
		}
	}
}

// orgHead reports whether w (lower case) ends only organisations' names
// in English.
func orgHead(w string) bool {
	switch strings.TrimSuffix(w, ".") {
	case "university", "college", "academy", "institute", "corporation", "corp", "inc",
		"incorporated", "ltd", "limited", "plc", "llc", "gmbh", "company", "airlines", "airways",
		"records", "recordings", "party", "committee", "commission", "council", "ministry",
		"federation", "association", "society", "foundation", "fc", "afc", "orchestra",
		"philharmonic", "quartet", "ensemble", "choir", "parliament", "senate", "agency", "bureau",
		"studios", "pictures", "productions", "publishing", "publishers", "technologies",
		"pharmaceuticals", "laboratories", "industries", "holdings", "enterprises", "bancorp",
		"insurance", "securities", "investments", "herald", "tribune", "gazette", "magazine",
		"broadcasting", "television":
		return true
	}
	return false
}

// frenchOrgHead reports whether w (lower case) starts only
// organisations' names in French.
func frenchOrgHead(w string) bool {
	switch w {
	case "université", "société", "compagnie", "groupe", "banque", "fédération", "ministère",
		"parti", "mouvement", "assemblée", "sénat", "institut", "académie", "fondation", "comité":
		return true
	}
	return false
}

// orgsOfPlaces makes one organisation of an Arabic place name of ms
// (sorted, without overlaps) and the head before it that makes it one:
// "جامعة القاهرة", "بورصة لندن", "تلفزيون السودان" name a university, an
// exchange, a broadcaster, not the place. The head may carry proclitics,
// which stay outside the span, and may be a one-word mention of its own
// (the tagger's بورصة as a place), which the organisation replaces.
func orgsOfPlaces(doc *processor.Document, ms []mention) []mention {
	out := ms[:0]
	for _, m := range ms {
		if m.typ == record.LOC && arabicStart(doc.Text[m.start:m.end]) {
			if t, ok := wordBefore(doc, m.start); ok {
				p, head := placeOrgHead(foldSpan(doc, t.Start, t.End))
				prev := len(out) - 1
				free := prev < 0 || out[prev].end <= t.Start
				own := prev >= 0 && out[prev].start == t.Start && out[prev].end == t.End && out[prev].ent == nil
				if head && (free || own) {
					if own {
						out = out[:prev]
					}
					m.start = origOffset(doc, t.Start, t.End, p)
					m.typ, m.ent, m.fromGaz = record.ORG, nil, false
				}
			}
		}
		out = append(out, m)
	}
	return out
}

// placeOrgHead reports whether the folded word f is, after proclitics
// (whose length it returns), a head that makes an organisation of the
// place named after it: the corpora tag "جامعة القاهرة" as one
// organisation.
func placeOrgHead(f string) (int, bool) {
	return cutHead(f, func(w string) bool {
		switch w {
		case "جامعه", "بورصه", "تلفزيون", "تليفزيون", "اذاعه", "راديو", "شرطه":
			return true
		}
		return false
	})
}

// familyNames extends each Arabic person's name of ms (sorted, without
// overlaps) to the family name that follows it, آل and one word ("حمدان
// بن محمد بن راشد" + "آل مكتوم", "حمد بن خليفة" + "آل ثاني"): the family
// name is part of the person's name, which the gazetteer or the tagger
// often knows without it. An unlinked person mention of just those words
// is absorbed; any other mention there stops it.
func familyNames(doc *processor.Document, ms []mention) []mention {
	out := ms[:0]
	for i := 0; i < len(ms); i++ {
		m := ms[i]
		if m.typ == record.PER && arabicStart(doc.Text[m.start:m.end]) {
			if a, ok := wordAfter(doc, m.end); ok && foldSpan(doc, a.Start, a.End) == "ال" {
				if w, ok := wordAfter(doc, a.End); ok && arabicStart(doc.Text[w.Start:w.End]) {
					next := i+1 < len(ms) && ms[i+1].start < w.End
					own := next && ms[i+1].start == a.Start && ms[i+1].end == w.End && ms[i+1].typ == record.PER && ms[i+1].ent == nil
					if !next || own {
						m.end = w.End
						if own {
							i++
						}
					}
				}
			}
		}
		out = append(out, m)
	}
	return out
}

// wordAfter returns the word token of doc.Tokens that starts after
// offset i of doc.Text with only spaces between.
func wordAfter(doc *processor.Document, i int) (tokenize.Token, bool) {
	k, _ := slices.BinarySearchFunc(doc.Tokens, i, func(t tokenize.Token, i int) int { return cmp.Compare(t.Start, i) })
	if k == len(doc.Tokens) {
		return tokenize.Token{}, false
	}
	t := doc.Tokens[k]
	if t.Kind != tokenize.Word || strings.TrimFunc(doc.Text[i:t.Start], unicode.IsSpace) != "" {
		return tokenize.Token{}, false
	}
	return t, true
}

// orgHeadsBefore extends each Arabic organisation's name of ms (sorted,
// without overlaps) to the head right before it that the name of an
// organisation of its kind starts with ("حزب" + "كاديما", "منظمة" +
// "التحرير"), as the corpora tag them: the tagger often finds the name
// without it. The head's proclitics stay outside. A linked name is left
// alone: a head before a known name is in apposition to it ("منظمة
// أوبك", the organisation OPEC).
func orgHeadsBefore(doc *processor.Document, ms []mention) {
	for i := range ms {
		m := &ms[i]
		if m.typ != record.ORG || m.ent != nil || !arabicStart(doc.Text[m.start:m.end]) {
			continue
		}
		t, ok := wordBefore(doc, m.start)
		if !ok || i > 0 && ms[i-1].end > t.Start {
			continue
		}
		if first, _, _ := strings.Cut(foldSpan(doc, m.start, m.end), " "); first == foldSpan(doc, t.Start, t.End) {
			continue // a head written twice ("حزب حزب الله")
		}
		if p, head := orgNameHead(foldSpan(doc, t.Start, t.End)); head {
			m.start = origOffset(doc, t.Start, t.End, p)
		}
	}
}

// orgNameHead reports whether the folded word f is, after proclitics
// (whose length it returns), a head the corpora tag as part of the name
// of the organisation after it. Not تنظيم, also "organising" and
// "regulating" before an organisation's name.
func orgNameHead(f string) (int, bool) {
	return cutHead(f, func(w string) bool {
		switch w {
		case "حزب", "منظمه", "اتحاد", "هييه", "لجنه", "حركه", "جبهه", "مجلس", "منتخب":
			return true
		}
		return false
	})
}

// cutHead reports whether the folded word f is a word that isHead accepts
// after none, one or two of the proclitics و, ف, ب, ل (وب, ول, فب, فل),
// and returns the proclitics' length.
func cutHead(f string, isHead func(string) bool) (int, bool) {
	for _, p := range [...]string{"", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"} {
		if w, ok := strings.CutPrefix(f, p); ok && w != "" && isHead(w) {
			return len(p), true
		}
	}
	return 0, false
}

// orgsAfterHeads makes an organisation of each Arabic name of ms (sorted,
// without overlaps) that directly follows a word whose complement is an
// organisation's name (شركة, صحيفة, مجلة, وكالة, نادي, فريق: "شركة
// ديمورا", "نادي قطر"), or a country after a word for a match (مباراة,
// لقاء: "مباراة الإمارات" is the national team's). A place becomes its
// club or team when the gazetteer has one, and is unlinked otherwise; a
// person after نادي or فريق stays one ("فريق روبرت مولر" is his team).
func (s *Stage) orgsAfterHeads(doc *processor.Document, ms []mention) {
	for i := range ms {
		m := &ms[i]
		if m.typ == record.ORG || !arabicStart(doc.Text[m.start:m.end]) {
			continue
		}
		t, ok := wordBefore(doc, m.start)
		if !ok || i > 0 && ms[i-1].end > t.Start {
			continue
		}
		f := foldSpan(doc, t.Start, t.End)
		_, org := cutHead(f, orgComplementHead)
		_, match := cutHead(f, matchWord)
		switch {
		case org && (m.typ == record.LOC && (m.ent == nil || m.ent.Type == record.LOC) || m.typ == record.PER && m.ent == nil && !teamWord(f)):
			m.typ, m.ent = record.ORG, s.clubOf(doc, *m)
		case match && m.ent != nil && m.ent.Kind == "country" && s.gaz != nil:
			if team := s.gaz.ByID(gazetteer.SlugID(m.ent.Canonical + " national team")); team != nil {
				m.typ, m.ent = record.ORG, team
			}
		}
	}
}

// clubOf returns the club or team the gazetteer knows by the name of m,
// nil if none.
func (s *Stage) clubOf(doc *processor.Document, m mention) *gazetteer.Entity {
	if s.gaz == nil {
		return nil
	}
	es, _ := s.gaz.LookupFoldedPrefix(foldSpan(doc, m.start, m.end))
	for _, e := range es {
		if e.Kind == "club" || e.Kind == "team" {
			return e
		}
	}
	return nil
}

// orgComplementHead reports whether w (folded) is a word the name of an
// organisation follows, in the corpora outside the name: شركة, صحيفة,
// مجلة, وكالة, نادي, فريق.
func orgComplementHead(w string) bool {
	switch w {
	case "شركه", "الشركه", "صحيفه", "الصحيفه", "مجله", "وكاله", "نادي", "فريق":
		return true
	}
	return false
}

// matchWord reports whether w (folded) is a word for a match that a
// team's name follows.
func matchWord(w string) bool {
	switch w {
	case "مباراه", "المباراه", "لقاء", "اللقاء", "مواجهه":
		return true
	}
	return false
}

// rulersOfPlaces turns a tagged Arabic name that is a ruler's title and
// a place the gazetteer knows ("حاكم دبي", "أمير قطر", "محافظ البصرة")
// into the place: the title names a person by office, which the corpora
// leave out, and the place is the name in it.
func (s *Stage) rulersOfPlaces(doc *processor.Document, ms []mention) {
	if s.gaz == nil {
		return
	}
	for i := range ms {
		m := &ms[i]
		if m.ent != nil || m.typ == record.LOC || !arabicStart(doc.Text[m.start:m.end]) {
			continue
		}
		first, next := firstWord(doc.Text, m.start, m.end)
		if next >= m.end {
			continue
		}
		if _, ok := cutHead(normalize.Fold(first), rulerTitle); !ok {
			continue
		}
		for _, e := range s.gaz.Lookup(doc.Text[next:m.end]) {
			if e.Type == record.LOC {
				m.start, m.typ, m.ent = next, record.LOC, e
				break
			}
		}
	}
}

// rulerTitle reports whether w (folded) is the title of an office that
// rules a place, written before the place's name.
func rulerTitle(w string) bool {
	switch w {
	case "حاكم", "امير", "ملك", "سلطان", "محافظ", "عمده", "والي", "رييس":
		return true
	}
	return false
}

// bareHeads drops from ms each unlinked Arabic organisation that is only
// a generic head (نادي, قناة, شركة, "the council"): left over when the
// gazetteer's name after it ("نادي {الشمال}") splits the tagger's span, it
// names nothing.
func bareHeads(doc *processor.Document, ms []mention) []mention {
	return slices.DeleteFunc(ms, func(m mention) bool {
		if m.typ != record.ORG || m.ent != nil || !arabicStart(doc.Text[m.start:m.end]) || strings.ContainsRune(doc.Text[m.start:m.end], ' ') {
			return false
		}
		f := foldSpan(doc, m.start, m.end)
		_, ok := cutHead(f, func(w string) bool {
			// With the article; after ل, written لل (للمجلس).
			return genericHead(strings.TrimPrefix(w, "ال")) || genericHead(strings.TrimPrefix(w, "ل"))
		})
		return ok
	})
}

// genericHead reports whether w (folded, without the article) is a noun
// that heads organisations' names and names none alone.
func genericHead(w string) bool {
	switch w {
	case "نادي", "قناه", "صحيفه", "شركه", "فريق", "مجله", "وكاله", "منتخب", "حزب", "حركه",
		"مجلس", "اتحاد", "جامعه", "هييه", "لجنه", "منظمه", "بنك", "مصرف", "مجموعه", "جمعيه",
		"مؤسسه", "وزاره", "محكمه", "اذاعه", "تلفزيون", "تليفزيون":
		return true
	}
	return false
}
