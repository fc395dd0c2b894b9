// Package timex finds time expressions in Arabic, English and French text
// and normalises them to TIMEX3 types (DATE, TIME, DURATION, SET) and
// values, resolved against an anchor time (the article's publication time).
//
// The tagger is a hand-written scanner over tokens of the matching form of
// the text (package normalize: Arabic-Indic digits as ASCII, alef, ya and
// ta marbuta folded, no tashkeel), with lexicons per language and rules in
// the style of HeidelTime: at each token every rule tries to read an
// expression, the longest reading wins, and a normaliser computes the
// value. No regular expressions are involved.
//
// Spans follow the TimeML conventions of the Arabic TimeML data:
// governing prepositions (في, خلال, on, en) and attached proclitics (و ف ب ل
// ك) are left out, modifiers and boundaries are kept (أقل من عشر سنوات,
// نهاية العام), and so are the words that make a distance a point in time
// (منذ 3 ساعات, قبل يومين, three hours ago, il y a trois heures). English and
// French determiners belong to the expression (the 1990s, la semaine
// dernière). A one-word relative day with a weekday is one expression
// (أمس الإثنين, غدا الاثنين); after a relative day of two words the weekday
// alone is tagged (بعد غد الثلاثاء → الثلاثاء), dated by the relative day.
// The plural units of "the past N units" keep their adjective (السنوات
// الخمس الماضية) but not الأخيرة "the last" (السنوات الست الأخيرة →
// السنوات الست), and "السنوات الأخيرة" (recent years) is not tagged, as
// in the data; الآونة الأخيرة (lately) is.
// In a list of bare month names or weekdays joined by an attached و (أبريل
// ومايو ويونيو) only the head is tagged; an expression must end at a word
// boundary (not 1863في); a year naming a plan (رؤية 2030) is a proper name;
// sequencing adverbs (لاحقا "later") are not markable. A clock time and
// the day after من are two expressions (الساعة السابعة | من | مساء غد),
// as in the data; the day still dates the time (T19:00 of the next day),
// as a day written apart dates a clock time in English and French (8
// p.m. on Sunday, demain à 20h). Modifiers after an amount belong to it
// (ثلاث سنوات على الأقل, قبل مائة عام تقريبا), and so does the verb
// closing a distance in the past (قبل عشر سنوات مضت). Conventions of the
// data that contradict TimeML are not followed: a clock time written with
// a dot (الساعة 7.30) is one TIME, not the duration "الساعة".
//
// Fixed-date holidays (عيد الميلاد, ليلة رأس السنة, عيد العمال) are dates
// of the nearest occurrence unless the tense says otherwise. Hijri months
// (شهر رمضان المقبل, رمضان 2018) are the Gregorian month holding most of
// their days, Islamic holidays (عيد الفطر, المولد النبوي) their first
// Gregorian day, Hijri years (عام 1325 هـ) the Gregorian year holding
// most of them.
//
// Values: dates as 2023-09-04, 2023-09, 2023, weeks as ISO 8601 2023-W35,
// decades and centuries as 199 and 18, seasons as 2023-SU, times as
// 2023-09-04T21:00 or 2023-09-03TEV, durations as P3Y, PT48H, P1DE, sets as
// P1Y or XXXX-WXX-1, and PRESENT_REF, PAST_REF, FUTURE_REF for vague
// references. A month or day without a year takes the year from the
// anchor: an adjective (الجاري, الماضي, المقبل) or the verb's tense (سـ/سوف,
// will, a French future: the next occurrence; a past verb: the previous
// one) decides, else the anchor's year. A bare weekday is the nearest such
// day on or before the anchor (news report the past), or on or after it
// with a verb in the future. Hijri dates are converted with the tabular
// Islamic calendar (a day or two from official calendars at most).
//
// Without an anchor, values stay underspecified: "XXXX-09" for a month
// without a year, "XXXX-WXX-1" for a bare Monday, "XXXX-XX-XXT15:00" for a
// clock time, PRESENT_REF for today, PAST_REF for yesterday, last week or
// "three hours ago", FUTURE_REF for tomorrow or next month; absolute dates,
// durations and sets are unaffected.
package timex

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

// TIMEX3 types.
const (
	Date     = "DATE"
	Time     = "TIME"
	Duration = "DURATION"
	Set      = "SET"
)

// Timex is one time expression found in a text.
type Timex struct {
	// Start and End are byte offsets into the original text, End exclusive.
	Start, End int
	// Text is the expression as written.
	Text string
	// Type is Date, Time, Duration or Set.
	Type string
	// Value is the TIMEX3 value: 2023-09-04, 2023-W35, 2023-09, 2022,
	// 2023-09-04T21:00, P3Y, PT48H, XXXX-WXX-1, PRESENT_REF, ...
	Value string
	// Mod is the TIMEX3 mod (START, MID, END, APPROX, LESS_THAN,
	// MORE_THAN) or "".
	Mod string
}

// Tagger finds and normalises time expressions. It is safe for concurrent
// use; build one with New and share it.
type Tagger struct {
	lex lexicon
	// ends lets prepare skip the map look-ups (and proclitic splits) of
	// the words no lexicon key can match, most words of a text.
	ends *endFilter
	// free keeps the token buffers of finished calls for the next ones
	// (a bounded free list: a sync.Pool would drop them at every GC).
	free chan *scratch
}

// scratch is the reusable memory of one Tag call.
type scratch struct {
	raw  []tokenize.Token
	toks []tok
}

// maxIdle bounds the free list; maxIdleToks drops buffers grown by an
// unusually long text.
const (
	maxIdle     = 16
	maxIdleToks = 1 << 14
)

// New returns a tagger with its lexicons built.
func New() *Tagger {
	lx := newLexicon()
	return &Tagger{lex: lx, ends: newEndFilter(lx), free: make(chan *scratch, maxIdle)}
}

func (t *Tagger) getScratch() *scratch {
	select {
	case sc := <-t.free:
		return sc
	default:
		return &scratch{}
	}
}

func (t *Tagger) putScratch(sc *scratch) {
	if cap(sc.toks) > maxIdleToks {
		return
	}
	clear(sc.toks) // drop references to the text and the lexicon
	sc.toks = sc.toks[:0]
	sc.raw = sc.raw[:0]
	select {
	case t.free <- sc:
	default:
	}
}

// endFilter is a Bloom-like bit set (one hash) that rejects most words
// without a map look-up. Proclitics are prefixes (cliticSplits), so an
// Arabic word can match a key only as the key itself or as proclitics
// followed by the key: it has the key's ending. The filter holds every
// key whole; the last eight bytes (four Arabic letters) of the longer
// Arabic keys; and the Arabic keys of two and three letters.
type endFilter [1 << 17 / 64]uint64

// Hash domains of endFilter.
const (
	fWhole byte = iota + 1
	fEnd8
	fKey
)

// filterHash hashes w with its length and domain by one multiplication:
// all of w up to eight bytes (every key and ending the Arabic domains
// hold); the first eight and the last two bytes of a longer word, which
// only fWhole sees, where a collision costs one map look-up.
func filterHash(domain byte, w string) uint32 {
	x := uint64(len(w))<<56 ^ uint64(domain)<<48
	switch {
	case len(w) >= 8:
		x ^= uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		if len(w) > 8 {
			x ^= uint64(w[len(w)-1])<<8 | uint64(w[len(w)-2])
		}
	case len(w) == 6: // three Arabic letters
		x ^= uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 | uint64(w[4])<<32 | uint64(w[5])<<40
	case len(w) == 4: // two Arabic letters
		x ^= uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24
	default:
		for i := 0; i < len(w); i++ {
			x ^= uint64(w[i]) << (8 * i)
		}
	}
	x *= 0x9E3779B97F4A7C15
	return uint32(x >> (64 - 17)) // as hit
}

func (f *endFilter) set(domain byte, w string) {
	h := filterHash(domain, w)
	f[h/64] |= 1 << (h % 64)
}

func (f *endFilter) has(domain byte, w string) bool {
	h := filterHash(domain, w)
	return f[h/64]&(1<<(h%64)) != 0
}

func newEndFilter(lx lexicon) *endFilter {
	var f endFilter
	for w := range lx {
		f.set(fWhole, w)
		switch {
		case !isArabic(w):
		case len(w) >= 8:
			f.set(fEnd8, w[len(w)-8:])
		case len(w) >= 4:
			f.set(fKey, w)
		}
	}
	return &f
}

// mayHave reports whether w, or w without proclitics, can be a lexicon key.
func (f *endFilter) mayHave(w string) bool {
	if !isArabic(w) || len(w) < 4 {
		return f.has(fWhole, w)
	}
	return f.mayHaveArabic(w)
}

// mayHaveArabic is mayHave for an Arabic word of two letters or more, the
// most frequent case: its hashes are filterHash's for the lengths it
// reads, written out (one load each, no switch and no call).
func (f *endFilter) mayHaveArabic(w string) bool {
	n := len(w)
	if n >= 8 {
		e := w[n-8 : n]
		x := uint64(e[0]) | uint64(e[1])<<8 | uint64(e[2])<<16 | uint64(e[3])<<24 |
			uint64(e[4])<<32 | uint64(e[5])<<40 | uint64(e[6])<<48 | uint64(e[7])<<56
		if f.hit(x ^ (8<<56 | uint64(fEnd8)<<48)) {
			return true
		}
	}
	// A key of two or three letters, alone or after proclitics (وفي,
	// بعام), not after the start of a longer word (فيما, عندما).
	e := w[n-4 : n]
	x4 := uint64(e[0]) | uint64(e[1])<<8 | uint64(e[2])<<16 | uint64(e[3])<<24
	k4 := f.hit(x4 ^ (4<<56 | uint64(fKey)<<48))
	k6 := false
	if n >= 6 {
		x6 := uint64(w[n-6]) | uint64(w[n-5])<<8 | x4<<16
		k6 = f.hit(x6 ^ (6<<56 | uint64(fKey)<<48))
	}
	if !k6 && !k4 {
		return false
	}
	if k6 && n == 6 || k4 && n == 4 {
		return true
	}
	var buf [6]int
	splits := cliticSplits(w, buf[:0])
	return k6 && slices.Contains(splits, n-6) || k4 && slices.Contains(splits, n-4)
}

// hit reports whether the filter holds the word whose filterHash input
// (before the multiplication) is x.
func (f *endFilter) hit(x uint64) bool {
	h := uint32(x * 0x9E3779B97F4A7C15 >> (64 - 17))
	return f[h/64]&(1<<(h%64)) != 0
}

// Tag finds the time expressions of text. lang is an ISO 639-1 code ("ar",
// "en", "fr"); any other value enables all three languages. anchor is the
// reference time for relative expressions; the zero time means none.
func (t *Tagger) Tag(text, lang string, anchor time.Time) []Timex {
	return t.TagNorm(normalize.New(text), lang, anchor)
}

// TagNorm is Tag over a text already normalised (normalize.New), so that a
// pipeline folds each article once.
func (t *Tagger) TagNorm(nt *normalize.Text, lang string, anchor time.Time) []Timex {
	sc := t.getScratch()
	s := scanner{lex: t.lex, ends: t.ends, nt: nt, norm: nt.Norm, anchor: anchor, has: !anchor.IsZero(), langs: langMask(lang)}
	s.prepare(sc)
	out := s.run()
	t.putScratch(sc)
	return out
}

func langMask(code string) lang {
	switch strings.ToLower(code) {
	case "ar":
		return lAr
	case "en":
		return lEn
	case "fr":
		return lFr
	}
	return lAll
}

// tok is a token of the matching form with its lexicon entries.
type tok struct {
	start, end int    // bytes of Norm; start is after any proclitic
	clitic     string // proclitic removed (و, ب, وال...), "" if none
	w          string // folded text without the proclitic
	kind       tokenize.Kind
	es         []entry
	cats       uint64 // bit c set when es has an entry of category c in the tagger's languages
	num        int    // value of a plain digit token, -1 otherwise
	digits     int    // number of digits of a plain digit token
	brk        bool   // a sentence boundary lies before the token
	adj        bool   // no space between the previous token and this one
	distal     bool   // a French word with -là (année-là), read without it
	// lone marks the tokens without lexicon entries that can start an
	// expression (see candidate): numbers, words glued to the digits after
	// them, hyphenated Latin words.
	lone bool
}

// scanner holds the state of one Tag call.
type scanner struct {
	lex    lexicon
	ends   *endFilter
	nt     *normalize.Text
	norm   string
	anchor time.Time
	has    bool
	langs  lang
	toks   []tok
}

func (s *scanner) prepare(sc *scratch) {
	sc.raw = tokenize.Append(sc.raw[:0], s.norm)
	raw := sc.raw
	if cap(sc.toks) < len(raw) {
		sc.toks = make([]tok, len(raw), len(raw)+len(raw)/4)
	}
	toks := sc.toks[:len(raw)]
	sc.toks, s.toks = toks, toks
	norm := s.norm
	prevEnd := 0
	stop := true // a sentence boundary lies before the next token
	for i, r := range raw {
		w := norm[r.Start:r.End]
		// The scratch tokens are zero (putScratch clears them, make
		// returns them zeroed): only the fields that are not are set, the
		// cheaper for the few hundred tokens of an article.
		tk := &toks[i]
		tk.start, tk.end, tk.w, tk.kind, tk.num = r.Start, r.End, w, r.Kind, -1
		switch {
		case r.Start == prevEnd:
			tk.adj = i > 0
			tk.brk = stop
		case r.Start == prevEnd+1 && norm[prevEnd] == ' ':
			tk.brk = stop
		default:
			tk.brk = stop || strings.ContainsAny(norm[prevEnd:r.Start], "\n\r")
		}
		prevEnd = r.End
		stop = false
		switch r.Kind {
		case tokenize.Punct:
			switch w {
			case ".", "!", "?", "؟", "؛", ";":
				stop = true
			}
		case tokenize.Number:
			if n, ok := atoi(w); ok {
				tk.num, tk.digits = n, len(w)
			}
			if tk.adj && toks[i-1].kind == tokenize.Word {
				toks[i-1].lone = true // a word glued to digits (الـ24)
			}
			tk.lone = true
		case tokenize.Word:
			if w[0] < 0x80 {
				if strings.HasSuffix(w, "-la") && len(w) > 3 {
					// cette année-là, ce jour-là: "that year", "that day".
					w = w[:len(w)-3]
					tk.w, tk.distal = w, true
				}
				if p := possessive(w); p > 0 && !(s.ends.mayHave(w) && s.lookup(w) != nil) {
					// "this year's rise": the expression is "this year" (but
					// "New Year's Eve" is a name of its own).
					w = w[:len(w)-p]
					tk.w, tk.end = w, tk.end-p
				}
			}
			arabic := isArabic(w)
			if !arabic && strings.IndexByte(w, '-') >= 0 {
				tk.lone = true // a hyphenated Latin word (two-day)
			}
			if arabic && len(w) >= 4 {
				if !s.ends.mayHaveArabic(w) {
					break
				}
			} else if !s.ends.has(fWhole, w) {
				break
			}
			tk.es = s.lookup(w)
			if tk.es == nil && arabic && maybeClitic(w) {
				var buf [6]int
				for _, p := range cliticSplits(w, buf[:0]) {
					es := s.lookup(w[p:])
					if es == nil {
						continue
					}
					// The article stays in the span; other proclitics
					// (و ف ب ل ك) do not.
					cl := strings.TrimSuffix(w[:p], "ال")
					tk.start += len(cl)
					tk.clitic = cl
					tk.w = w[p:]
					tk.es = es
					break
				}
			}
			for _, e := range tk.es {
				if e.l&s.langs != 0 {
					tk.cats |= 1 << e.c
				}
			}
		}
	}
}

// atoi is strconv.Atoi(w) with ok for a nil error, without building the
// error of a number written with separators or other digits (2,5; 10:30;
// ٢٠٢٣), which most number tokens that are no plain integer are.
func atoi(w string) (int, bool) {
	if w == "" || len(w) > 18 || w[0] == '+' || w[0] == '-' {
		n, err := strconv.Atoi(w)
		return n, err == nil
	}
	n := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// possessive returns the byte length of the English possessive ending of
// the Latin word w ('s or ’s), 0 if it has none.
func possessive(w string) int {
	if w == "" || w[0] >= 0x80 {
		return 0
	}
	for _, p := range [...]string{"'s", "’s"} {
		if len(w) > len(p) && strings.HasSuffix(w, p) {
			return len(p)
		}
	}
	return 0
}

func (s *scanner) lookup(w string) []entry {
	es := s.lex[w]
	if es == nil {
		return nil
	}
	for _, e := range es {
		if e.l&s.langs != 0 {
			return es
		}
	}
	return nil
}

// maybeClitic reports whether the folded Arabic word w starts with a letter
// that can be a proclitic (و ف ب ل ك) or the article (ا of ال).
func maybeClitic(w string) bool {
	switch {
	case strings.HasPrefix(w, "و"), strings.HasPrefix(w, "ف"), strings.HasPrefix(w, "ب"),
		strings.HasPrefix(w, "ل"), strings.HasPrefix(w, "ك"), strings.HasPrefix(w, "ال"):
		return true
	}
	return false
}

// cliticSplits appends to dst the byte lengths of the proclitic prefixes
// of the folded Arabic word w, shortest first, leaving at least two
// letters: a conjunction (و ف), then a preposition (ب ل ك), then the
// article (ال, or لل for ل + ال). It allocates nothing with a buffer of 6.
func cliticSplits(w string, dst []int) []int {
	const l = len("و") // every Arabic letter is two bytes
	add := func(p int) {
		if len(w)-p >= 2*l {
			dst = append(dst, p)
		}
	}
	i := 0
	if strings.HasPrefix(w, "و") || strings.HasPrefix(w, "ف") {
		i = l
		add(i)
	}
	rest := w[i:]
	switch {
	case strings.HasPrefix(rest, "لل"):
		add(i + l)
		add(i + 2*l)
	case strings.HasPrefix(rest, "ب") || strings.HasPrefix(rest, "ل") || strings.HasPrefix(rest, "ك"):
		add(i + l)
		if strings.HasPrefix(rest[l:], "ال") {
			add(i + 3*l)
		}
	case strings.HasPrefix(rest, "ال") && i > 0:
		add(i + 2*l)
	}
	if i == 0 && strings.HasPrefix(w, "ال") {
		add(2 * l)
	}
	// Shortest first.
	for a := 1; a < len(dst); a++ {
		for b := a; b > 0 && dst[b] < dst[b-1]; b-- {
			dst[b], dst[b-1] = dst[b-1], dst[b]
		}
	}
	return dst
}

// starts reports whether an entry's category can begin an expression;
// tense markers, count nouns, من and عشر cannot.
func starts(c cat) bool {
	switch c {
	case cPast, cFuture, cCountNoun, cOf, cTeen, cYearSuffix, cNext, cAgoPost:
		return false
	}
	return true
}

// candidate reports whether an expression can start at token i: rules
// start on a lexicon word, a number, an article glued to a number (الـ24)
// or a hyphenated Latin word (two-day).
func (s *scanner) candidate(i int) bool {
	t := &s.toks[i]
	if t.kind == tokenize.Number {
		return true
	}
	for _, e := range t.es {
		if !starts(e.c) {
			continue
		}
		// Words that start expressions only before certain words (a third
		// of all candidates in Arabic news: في, ما, هذا, ذلك) are tried
		// only there.
		switch {
		case e.c == cIn:
			if s.clean(i+1) && s.word(i+1, "السابق", "الماضي", "المستقبل") {
				return true
			}
		case e.c == cThis || e.c == cThat:
			if i+1 < len(s.toks) && s.toks[i+1].es != nil {
				return true
			}
		case e.c == cStart && t.w == "ما":
			if s.word(i+1, "يقارب", "يقرب", "يزيد") {
				return true
			}
		case e.c == cStart && t.w == "علي":
			if s.atLeast(i + 1) {
				return true
			}
		default:
			return true
		}
	}
	if t.kind != tokenize.Word {
		return false
	}
	if i+1 < len(s.toks) && s.toks[i+1].adj && s.toks[i+1].kind == tokenize.Number {
		return true
	}
	return !isArabic(t.w) && strings.IndexByte(t.w, '-') >= 0
}

// isArabic reports whether w starts with a letter of the Arabic block
// (U+0600-U+06FF: lead byte 0xD8-0xDB and a continuation byte).
func isArabic(w string) bool {
	return len(w) >= 2 && w[0] >= 0xD8 && w[0] <= 0xDB && w[1]&0xC0 == 0x80
}

// expr is a candidate expression over tokens [i, j).
type expr struct {
	i, j          int
	typ, val, mod string
	// dayless marks a clock time whose day was not written with it: its
	// date is the anchor's until a day expression next to it says
	// otherwise (see dayOfClock).
	dayless bool
	// that is the unit of a distal demonstrative ("ذلك العام"), dated
	// by the text before it (see thatUnit), or uNone.
	that unit
}

func (s *scanner) run() []Timex {
	var out []Timex
	table := rules()
	var prev expr
	last := 0 // first token not yet inside an expression
	for i := 0; i < len(s.toks); {
		// Most tokens have no lexicon entry and cannot start an
		// expression: skip them without the call.
		if t := &s.toks[i]; t.es == nil && !t.lone || !s.candidate(i) {
			i++
			continue
		}
		on := s.startsOf(i)
		best := expr{j: -1}
		for _, r := range table {
			if r.start&on == 0 {
				continue
			}
			if e, ok := r.read(s, i); ok && e.j > best.j && e.val != "" {
				best = e
			}
		}
		if best.j <= i || !s.markable(best) {
			i++
			continue
		}
		// English and French determiners belong to the expression (the
		// 1990s, la semaine dernière, le 5 septembre), as in TimeBank.
		// A bare year, a set adjective or a hyphenated duration modifies a
		// noun (the 2020 election, the daily briefing, the 30-minute talk):
		// the determiner is the noun's.
		if k := best.i - 1; k >= last && !isArabic(s.toks[best.i].w) && s.word(k, "the", "le", "la", "l'", "l’", "les") &&
			!(best.j == best.i+1 && (best.typ == Set || s.toks[best.i].kind == tokenize.Number || strings.Contains(s.toks[best.i].w, "-"))) {
			best.i = k
		}
		if n := len(out); n > 0 {
			s.dayOfClock(&out[n-1], &prev, &best)
		}
		if best.that != uNone && s.has {
			best.val = thatUnit(best.that, out)
		}
		if out == nil {
			out = make([]Timex, 0, 8) // most articles have a few
		}
		out = append(out, s.timex(best))
		prev = best
		i = best.j
		last = i
	}
	return out
}

// dayOfClock dates a clock time written apart from its day ("8 p.m. on
// Sunday", "demain à 20h", "20 heures dimanche"): the two stay two
// expressions, and the time takes the day's date. a is the expression
// before b, pa its Timex.
func (s *scanner) dayOfClock(pa *Timex, a, b *expr) {
	switch {
	case a.dayless && !b.dayless && s.linked(a.j, b.i, "on", "le", "،", ","):
		if d, pd, ok := dayPart(b.val); ok {
			a.val = withDay(a.val, d, pd)
			pa.Value = a.val
		}
	case b.dayless && !a.dayless && s.linked(a.j, b.i, "at", "a", "à", "vers", "،", ","):
		if d, pd, ok := dayPart(a.val); ok {
			b.val = withDay(b.val, d, pd)
		}
	}
}

// withDay puts the clock time of v (XXXX-XX-XXT07:00) on day d, in the
// half of the day pd says (the seventh hour of the evening is 19:00).
func withDay(v, d, pd string) string {
	t := v[strings.IndexByte(v, 'T')+1:]
	if len(t) < 2 {
		return d + "T" + t
	}
	if h, err := strconv.Atoi(t[:2]); err == nil {
		t = fmt.Sprintf("%02d", hourIn(h, pd)) + t[2:]
	}
	return d + "T" + t
}

// linked reports whether tokens [from, to) are at most one of the words
// ws, with no sentence boundary; the first expression ends at from, and
// its own final dot (p.m.) is no boundary.
func (s *scanner) linked(from, to int, ws ...string) bool {
	brk := func(k int) bool { return s.toks[k].brk && !(k == from && s.punct(k-1, ".")) }
	switch {
	case to == from:
		return !brk(to)
	case to == from+1:
		return !brk(from) && !brk(to) && (s.word(from, ws...) || s.punct(from, ws...))
	}
	return false
}

// dayPart returns the day of a value that names one day and its part of
// the day: 2023-09-03, 2023-09-03TEV, XXXX-WXX-7 (not a clock time of its
// own, a month or a reference).
func dayPart(v string) (day, pd string, ok bool) {
	if strings.HasSuffix(v, "_REF") {
		return "", "", false
	}
	d, t, _ := strings.Cut(v, "T")
	if len(t) > 2 {
		return "", "", false
	}
	if len(d) == len("2006-01-02") || strings.HasPrefix(d, "XXXX-WXX-") && len(d) == len("XXXX-WXX-7") {
		return d, t, true
	}
	return "", "", false
}

// rule is a reading of an expression from token i with the first tokens
// it can start on.
type rule struct {
	read  func(*scanner, int) (expr, bool)
	start ruleStart
}

// rules returns every rule; the order breaks ties between readings of the
// same length. Method expressions, not values bound to a scanner: the
// table costs no allocation per call.
func rules() [21]rule {
	return [...]rule{
		{(*scanner).ruleDate, startOn(cPartDay, cThis, cAfter, cRelDay, cWeekday, cRelAdj, cOrd, cMonth, cMonthHead, cUnit, cStart) | onNumber},
		{(*scanner).ruleClock, startOn(cClock, cUnit, cOrd) | onNumber | onGlued},
		{(*scanner).ruleUnitRel, startOn(cThis, cThat, cRelAdj, cUnit)},
		{(*scanner).ruleDuration, startOn(cMod, cStart, cRelAdj, cHalf, cHundred, cThousand, cTens, cOrd, cNum, cUnit) | onNumber | onLatin | onGlued},
		{(*scanner).ruleAgo, startOn(cAgo) | onNumber | onLatin},
		{(*scanner).ruleAfter, startOn(cAfter)},
		{(*scanner).ruleSet, startOn(cEvery)},
		{(*scanner).ruleSetAdv, startOn(cSetAdv)},
		{(*scanner).ruleRef, startOn(cRef, cIn, cTime, cSame, cThis, cRelAdj, cStart, cUnit)},
		{(*scanner).ruleSeason, startOn(cThis, cRelAdj, cSeason)},
		{(*scanner).ruleCentury, startOn(cUnit, cOrd) | onNumber},
		{(*scanner).ruleDecade, startOn(cDecade, cUnit) | onNumber},
		{(*scanner).ruleYear, startOn(cUnit) | onNumber},
		{(*scanner).ruleBound, startOn(cBound) | onLatin},
		{(*scanner).ruleDayOrdinal, startOn(cHalf, cUnit)},
		{(*scanner).ruleDayRange, onNumber},
		{(*scanner).ruleNoon, startOn(cStart)},
		{(*scanner).ruleForUnits, startOn(cUnit)},
		{(*scanner).ruleHoliday, startOn(cHoliday)},
		{(*scanner).ruleHijri, startOn(cHijri)},
		{(*scanner).ruleDayOfMonthRel, startOn(cOrd) | onNumber},
	}
}

// ruleStart is a set of what a first token can be: a bit per lexicon
// category (1 << cat) and the bits below for tokens without one. A rule
// is tried on a token only when the two sets meet; each set is what the
// rule's first look at token i accepts, so skipping it changes nothing.
type ruleStart uint64

const (
	onNumber ruleStart = 1 << (63 - iota) // a digit token
	onLatin                               // a Latin word (two-day, mid-September, il y a)
	onGlued                               // a word with digits glued after it (الـ24)
)

// startOn returns the set of the categories cs.
func startOn(cs ...cat) ruleStart {
	var m ruleStart
	for _, c := range cs {
		m |= 1 << c
	}
	return m
}

// startsOf returns what token i can start as.
func (s *scanner) startsOf(i int) ruleStart {
	t := &s.toks[i]
	on := ruleStart(t.cats)
	switch {
	case t.kind == tokenize.Number:
		on |= onNumber
	case t.kind == tokenize.Word && !isArabic(t.w):
		on |= onLatin
	}
	if t.kind == tokenize.Word && i+1 < len(s.toks) && s.toks[i+1].adj && s.toks[i+1].kind == tokenize.Number {
		on |= onGlued
	}
	return on
}

// markable applies the span conventions of the Arabic TimeML data that
// are not a matter of reading the expression (see the package comment):
//
//   - In a list of bare month names or weekdays joined by the attached
//     conjunction و ("ابريل ومايو ويونيو", "يومي الخميس والجمعة"), only
//     the head of the list is tagged. A name after و that does not follow
//     a name of its kind ("والخميس، قال ...") or that has a day number, a
//     year or a modifier (و10 مايو, والخميس المقبل) is kept.
//   - A bare year that names a plan ("رؤية 2030", "رؤية المملكة 2030",
//     "أجندة 2063") is part of a proper name, not markable in TimeML; the
//     year with a cue (عام 2030, بحلول 2030) is kept.
//   - An expression ends at a word boundary: a number glued to the Arabic
//     word after it ("عام 1863في", "1867رأس") or an Arabic word glued to
//     the digits after it ("سنويا0") is a typing slip joining two words,
//     and the annotators' patterns (regular expressions with \b) do not
//     read it. A glued letter (2015م, 1439هـ, 1966و1968) is a suffix or
//     the conjunction, not a word.
func (s *scanner) markable(e expr) bool {
	first, last := &s.toks[e.i], &s.toks[e.j-1]
	if e.j == e.i+1 && strings.HasPrefix(first.clitic, "و") {
		for _, c := range [...]cat{cMonth, cWeekday} {
			if s.is(e.i, c) && s.is(e.i-1, c) {
				return false
			}
		}
	}
	if e.j == e.i+1 && first.kind == tokenize.Number && first.digits == 4 &&
		(s.planName(e.i-1) || (e.i >= 2 && s.toks[e.i-1].kind == tokenize.Word && s.toks[e.i-1].es == nil && s.planName(e.i-2))) {
		return false
	}
	if e.j < len(s.toks) {
		n := &s.toks[e.j]
		switch {
		case !n.adj:
		case last.kind == tokenize.Number && n.kind == tokenize.Word && isArabic(n.w) && utf8.RuneCountInString(n.w) > 1:
			return false
		case last.kind == tokenize.Word && isArabic(last.w) && n.kind == tokenize.Number:
			return false
		}
	}
	return true
}

// planName reports whether token i is a noun that names a plan after its
// target year (رؤية, استراتيجية, أجندة), with or without a proclitic.
func (s *scanner) planName(i int) bool {
	if i < 0 || s.toks[i].kind != tokenize.Word {
		return false
	}
	w := s.toks[i].w
	for _, h := range [...]string{"رويه", "استراتيجيه", "اجنده"} {
		if strings.HasSuffix(w, h) && len(w)-len(h) <= 2*len("و") {
			return true
		}
	}
	return false
}

func (s *scanner) timex(e expr) Timex {
	ns, ne := s.toks[e.i].start, s.toks[e.j-1].end
	os, oe := s.nt.OrigSpan(ns, ne)
	return Timex{Start: os, End: oe, Text: s.nt.Orig[os:oe], Type: e.typ, Value: e.val, Mod: e.mod}
}

// get returns the first entry of token i in category c.
func (s *scanner) get(i int, c cat) (entry, bool) {
	if i < 0 || i >= len(s.toks) || s.toks[i].cats&(1<<c) == 0 {
		return entry{}, false
	}
	for _, e := range s.toks[i].es {
		if e.c == c && e.l&s.langs != 0 {
			return e, true
		}
	}
	return entry{}, false
}

func (s *scanner) is(i int, c cat) bool {
	return i >= 0 && i < len(s.toks) && s.toks[i].cats&(1<<c) != 0
}

// word reports whether token i is (in matching form, without proclitic) one of ws.
func (s *scanner) word(i int, ws ...string) bool {
	if i < 0 || i >= len(s.toks) {
		return false
	}
	for _, w := range ws {
		if s.toks[i].w == w {
			return true
		}
	}
	return false
}

// punct reports whether token i is the punctuation p.
func (s *scanner) punct(i int, ps ...string) bool {
	if i < 0 || i >= len(s.toks) || s.toks[i].kind == tokenize.Word || s.toks[i].kind == tokenize.Number {
		return false
	}
	for _, p := range ps {
		if s.toks[i].w == p {
			return true
		}
	}
	return false
}

// clean reports whether token i carries no proclitic, so that it can
// continue an expression (a "و" proclitic starts a new phrase).
func (s *scanner) clean(i int) bool {
	return i < len(s.toks) && s.toks[i].clitic == ""
}

// conj reports whether token i carries the conjunction و (and only it).
func (s *scanner) conj(i int) bool {
	return i < len(s.toks) && s.toks[i].clitic == "و"
}

// orig returns the original text of token i.
func (s *scanner) orig(i int) string {
	a, b := s.nt.OrigSpan(s.toks[i].start, s.toks[i].end)
	return s.nt.Orig[a:b]
}
