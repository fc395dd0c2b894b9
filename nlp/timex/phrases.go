package timex

import (
	"fmt"
	"strings"
	"time"

	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

// Rules: each reads a whole expression starting at token i.

// ruleDate reads day references and calendar dates with their
// combinations: "أمس الإثنين" (one date), "مساء الأحد", "صباح يوم
// الاثنين", "الاثنين 4 سبتمبر 2023", "في سبتمبر" (from سبتمبر), "18 أبريل
// الجاري", "yesterday morning", "last Monday", "lundi 4 septembre".
func (s *scanner) ruleDate(i int) (expr, bool) {
	j := i
	pd := ""
	// A part of the day before a day reference: مساء أمس, صباح يوم الاثنين,
	// بعد ظهر اليوم (the afternoon).
	if s.word(j, "بعد") && s.word(j+1, "ظهر") && s.clean(j+1) && s.clean(j+2) {
		k := j + 2
		if s.is(k, cDay) {
			k++
		}
		if s.dayStart(k) {
			pd, j = "AF", k
		}
	} else if e, ok := s.get(j, cPartDay); ok && s.clean(j+1) {
		k := j + 1
		if s.is(k, cDay) {
			k++
		}
		if s.dayStart(k) {
			pd, j = e.s, k
		}
	}
	// this morning, ce soir.
	if pd == "" && !isArabic(s.tokW(j)) && s.is(j, cThis) {
		if e, ok := s.get(j+1, cPartDay); ok {
			return s.dateExpr(i, j+2, 0, true, 0, 0, 0, 0, 0, false, 0, e.s, -1, 0)
		}
	}
	rel, hasRel := 0, false
	relStart, split := j, false
	if off, p, k, ok := s.relDay(j); ok {
		rel, hasRel, j = off, true, k
		if p != "" && pd == "" {
			pd = p
		}
	}
	wd, wdDir := 0, 0
	if w, dir, k, ok := s.weekday(j); ok && (j == i || s.clean(j)) {
		// A relative day of two words before a weekday (بعد غد الثلاثاء,
		// أمس الأول الأحد) stands outside the expression in the Arabic
		// TimeML data: the weekday is tagged, dated by the relative day.
		// A one-word relative day is part of it (أمس الإثنين, غدا الاثنين).
		// Its value is the weekday nearest to the relative day: the same
		// day when the anchor is right, and always the day the span names.
		if hasRel && pd == "" && relStart == i && j-i == 2 && isArabic(s.tokW(i)) {
			i = j
			split = true
		}
		wd, wdDir, j = w, dir, k
		if s.punct(j, ",", "،") && (s.dateAhead(j + 1)) {
			j++
		}
	}
	if wd != 0 && s.word(j, "الموافق") {
		j++
	}
	y, m, d, drel, hasDRel := 0, 0, 0, 0, false
	// A weekday with its own adjective (السبت القادم) is complete.
	if (j == i || s.clean(j)) && wdDir == 0 {
		if yy, mm, dd, r, k, hr, ok := s.explicitDate(j); ok {
			y, m, d, drel, hasDRel, j = yy, mm, dd, r, hr, k
		}
	}
	if !hasRel && wd == 0 && m == 0 {
		return expr{}, false
	}
	// A part of the day after: أمس مساء, Monday morning, hier soir.
	if p, k, ok := s.partDay(j); ok && pd == "" && (m == 0 || d != 0) {
		pd, j = p, k
	}
	h, mi := -1, 0
	if hh, mm, k, ok := s.clockTime(j); ok && s.clean(j) && (m == 0 || d != 0) {
		h, mi, j = hh, mm, k
	}
	e, ok := s.dateExpr(i, j, rel, hasRel, wd, wdDir, y, m, d, hasDRel, drel, pd, h, mi)
	if ok && split && e.typ == Date && m == 0 {
		e.val = s.relWeekday(rel, wd)
	}
	return e, ok
}

// dayStart reports whether a day reference starts at token i.
func (s *scanner) dayStart(i int) bool {
	if _, _, _, ok := s.relDay(i); ok {
		return true
	}
	if _, _, _, ok := s.weekday(i); ok {
		return true
	}
	_, _, d, _, _, _, ok := s.explicitDate(i)
	return ok && d != 0
}

// dateAhead reports whether a calendar date with a day starts at i.
func (s *scanner) dateAhead(i int) bool {
	_, _, d, _, _, _, ok := s.explicitDate(i)
	return ok && d != 0
}

func (s *scanner) tokW(i int) string {
	if i < 0 || i >= len(s.toks) {
		return ""
	}
	return s.toks[i].w
}

// dateExpr normalises the parts read by ruleDate.
func (s *scanner) dateExpr(i, j, rel int, hasRel bool, wd, wdDir, y, m, d int, hasDRel bool, drel int, pd string, h, mi int) (expr, bool) {
	var val string
	switch {
	case m != 0:
		val = s.calendar(i, j, y, m, d, hasDRel, drel)
		if wd != 0 && d != 0 && y == 0 && !hasDRel && s.has {
			val = weekdayYear(val, wd)
		}
	case hasRel:
		val = s.dayOffset(rel)
	case wd != 0:
		val = s.weekdayValue(i, j, wd, wdDir)
	default:
		return expr{}, false
	}
	typ := Date
	if h >= 0 && (d != 0 || m == 0) {
		typ = Time
		if strings.HasSuffix(val, "_REF") {
			val = "XXXX-XX-XX"
		}
		val += fmt.Sprintf("T%02d:%02d", h, mi)
	} else if pd != "" && !strings.HasSuffix(val, "_REF") && (d != 0 || m == 0) {
		typ = Time
		val += "T" + pd
	}
	return expr{i: i, j: j, typ: typ, val: val}, true
}

// weekdayYear checks a date whose year came from the anchor against the
// weekday written with it ("Wednesday 22 June", "الأربعاء 22 يونيو"): when
// the day falls on another weekday that year, the year before or after in
// which it falls on the written one is taken (the nearer first).
func weekdayYear(val string, wd int) string {
	t, err := time.Parse("2006-01-02", val)
	if err != nil || isoWeekday(t.Weekday()) == wd {
		return val
	}
	for _, dy := range [...]int{1, -1} {
		u := time.Date(t.Year()+dy, t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		if u.Month() == t.Month() && isoWeekday(u.Weekday()) == wd {
			return u.Format("2006-01-02")
		}
	}
	return val
}

// ruleDayOfMonthRel reads a day of a month named relative to the anchor:
// "الخامس عشر من الشهر الجاري", "العاشر من الشهر المقبل", "15 من الشهر
// الماضي", "20 الشهر الجاري".
func (s *scanner) ruleDayOfMonthRel(i int) (expr, bool) {
	d, k, ok := s.dayNumber(i)
	if !ok || !isArabic(s.tokW(k)) && !s.is(k, cOf) {
		return expr{}, false
	}
	// A day is masculine (اليوم الخامس): a feminine ordinal, or one after
	// the definite noun it qualifies (المرتبة الثالثة, الفصل الثاني), is
	// no day.
	if w := s.tokW(i); s.toks[i].num < 0 && strings.HasSuffix(w, "ه") {
		return expr{}, false
	}
	if p := s.tokW(i - 1); i > 0 && s.clean(i) && strings.HasPrefix(p, "ال") && len(s.toks[i-1].es) == 0 && isArabic(p) {
		return expr{}, false
	}
	// والثلاثين after الحادي ends an ordinal of 31 the month lacks.
	if o, ok := s.get(i-1, cOrd); ok && s.conj(i) && o.v%1000 < 10 && d >= 20 && d%10 == 0 {
		return expr{}, false
	}
	if s.is(k, cOf) && s.clean(k+1) {
		k++
	}
	e, ok := s.unitOf(k)
	if !ok || e.u != uMonth || e.f != fDef || !s.clean(k) {
		return expr{}, false
	}
	r, ok := s.get(k+1, cRelAdj)
	if !ok || !s.clean(k+1) || r.f&fLast != 0 {
		return expr{}, false
	}
	j := k + 2
	if !s.has {
		return expr{i: i, j: j, typ: Date, val: fmt.Sprintf("XXXX-XX-%02d", d)}, true
	}
	t := time.Date(s.anchor.Year(), s.anchor.Month()+time.Month(r.v), 1, 0, 0, 0, 0, time.UTC)
	if d > daysIn(t.Year(), int(t.Month())) {
		return expr{}, false
	}
	return expr{i: i, j: j, typ: Date, val: fmt.Sprintf("%s-%02d", t.Format("2006-01"), d)}, true
}

// ruleUnitRel reads a calendar unit relative to the anchor: "الأسبوع
// الماضي", "هذا العام", "الشهر الجاري", "السنة المقبلة", "العام قبل
// الماضي", "اليوم التالي", "last week", "next month", "la semaine
// dernière", "l'an prochain", "cette année".
func (s *scanner) ruleUnitRel(i int) (expr, bool) {
	j := i
	off, found := 0, false
	if (s.is(j, cThis) || s.is(j, cThat)) && s.clean(j+1) {
		found = true
		j++
	}
	latin := !isArabic(s.tokW(j))
	if latin && !found {
		if r, ok := s.get(j, cRelAdj); ok && r.f&fLast == 0 {
			if e, ok := s.unitOf(j + 1); ok && e.f&fPlural == 0 {
				off, found = r.v, true
				j++
			}
		}
	}
	e, ok := s.unitOf(j)
	if !ok || e.f&(fPlural|fDual|fAcc) != 0 {
		return expr{}, false
	}
	if !latin && e.f&fDef == 0 {
		return expr{}, false
	}
	j++
	if !found || !latin {
		switch {
		case s.is(j, cAgo) && s.word(j, "قبل") && s.isRel(j+1, -1):
			off, found, j = -2, true, j+2
		case s.is(j, cAfter) && s.isRel(j+1, 1):
			off, found, j = 2, true, j+2
		case s.is(j, cNext) && s.clean(j):
			off, found, j = 1, true, j+1
		default:
			if r, ok := s.get(j, cRelAdj); ok && s.clean(j) && r.f&fLast == 0 {
				off, found, j = r.v, true, j+1
			} else if r, ok := s.get(j, cRelAdj); ok && s.clean(j) && r.f&fLast != 0 && e.u != uDay &&
				!(e.u == uQuarter && s.is(j+1, cOf)) {
				// العام الأخير: the last year (but الربع الأخير من القرن
				// is a part of the century: ruleDayOrdinal).
				off, found, j = -1, true, j+1
			}
		}
	}
	if !found {
		return expr{}, false
	}
	if e.u == uDay && !latin && s.word(i, "هذا", "هذه") {
		return expr{}, false
	}
	val, typ := s.unitValue(e.u, off)
	if val == "" {
		return expr{}, false
	}
	that := s.word(i, "ذلك", "تلك", "ذاك") && !latin ||
		latin && (s.is(i, cThat) || s.toks[j-1].distal)
	if that && off == 0 {
		// ذلك العام "that year" (that year, cette année-là) is not the
		// anchor's year but one the text named before: run dates it (see
		// thatUnit).
		return expr{i: i, j: j, typ: typ, val: "PAST_REF", that: e.u}, true
	}
	return expr{i: i, j: j, typ: typ, val: val}, true
}

// thatUnit dates "ذلك العام", "تلك السنة", "ذلك الشهر" by the last date
// the text wrote before it, cut to the unit (the year of 1913-05-04 for
// "that year"); without one, or for a unit the date does not reach, it
// stays PAST_REF.
func thatUnit(u unit, out []Timex) string {
	n := 0
	switch u {
	case uYear:
		n = len("2006")
	case uMonth:
		n = len("2006-01")
	case uDay:
		n = len("2006-01-02")
	default:
		return "PAST_REF"
	}
	for k := len(out) - 1; k >= 0; k-- {
		v := out[k].Value
		if out[k].Type != Date && out[k].Type != Time || len(v) < 4 || !isDigits(v[:4]) {
			continue
		}
		// The last date named is the antecedent, cut to the unit or
		// kept whole when coarser ("عام 1922 ... في ذلك اليوم": 1922).
		m := 4
		if n > 4 && len(v) >= 7 && v[4] == '-' && isDigits(v[5:7]) {
			m = 7
			if n > 7 && len(v) >= 10 && v[7] == '-' && isDigits(v[8:10]) {
				m = 10
			}
		}
		return v[:m]
	}
	return "PAST_REF"
}

// isDigits reports whether s is ASCII digits only.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func (s *scanner) isRel(i, v int) bool {
	r, ok := s.get(i, cRelAdj)
	return ok && r.v == v && s.clean(i)
}

// ruleDuration reads an amount of time with an optional modifier: "ثلاث
// سنوات", "أقل من عشر سنوات", "48 ساعة", "نحو عامين", "three years",
// "plus de deux ans".
func (s *scanner) ruleDuration(i int) (expr, bool) {
	mod, j := s.modPrefix(i)
	amt, u, k, ok := s.durationCore(j, mod != "" || s.forLength(i))
	if !ok {
		return expr{}, false
	}
	mod, k = s.modSuffix(k, mod)
	return expr{i: i, j: k, typ: Duration, val: durValue(amt, u), mod: mod}, true
}

// forLength reports whether token i follows a word that asks for a length
// of time: لمدة, طوال, خلال, على مدى ("for a month", "throughout a week"),
// so that a bare singular unit after it is one unit (لمدة شهر P1M).
func (s *scanner) forLength(i int) bool {
	if i == 0 || !s.clean(i) || !isArabic(s.tokW(i)) {
		return false
	}
	p := s.tokW(i - 1)
	if len(p) > len("و") && (strings.HasPrefix(p, "و") || strings.HasPrefix(p, "ف")) && p != "فتره" {
		p = p[len("و"):] // وطوال, وخلال
	}
	switch p {
	case "لمده", "مده", "طوال", "طيله", "خلال", "سوي":
		return true
	case "مدي", "مدار":
		return s.word(i-2, "علي")
	}
	return false
}

// modSuffix reads an Arabic modifier after an amount, part of the
// expression in TimeML as the one before it: "تقريبا" (APPROX), "على
// الأقل" (EQUAL_OR_MORE). A modifier already read before the amount
// stays.
func (s *scanner) modSuffix(k int, mod string) (string, int) {
	m := ""
	switch {
	case s.word(k, "تقريبا") && s.clean(k):
		m, k = "APPROX", k+1
	case s.word(k, "علي") && s.clean(k) && s.atLeast(k+1):
		m, k = "EQUAL_OR_MORE", k+2
	}
	if mod == "" {
		mod = m
	}
	return mod, k
}

// atLeast reports whether token i is الأقل after على ("at least"). The
// word is matched as written, article included: the scanner reads it as
// the article and أقل "less".
func (s *scanner) atLeast(i int) bool {
	return i < len(s.toks) && s.clean(i) && s.norm[s.toks[i].start:s.toks[i].end] == "الاقل"
}

// agoSuffix reads the verb that may close an Arabic distance in the past:
// "منذ عشر سنوات مضت", "قبل عامين مضيا", "منذ قرن خلا" (that have passed),
// part of the expression as "ago" is.
func (s *scanner) agoSuffix(k int) int {
	if s.clean(k) && s.word(k, "مضت", "مضي", "مضيا", "مضتا", "خلت", "خلا", "خلي", "خلتا") {
		return k + 1
	}
	return k
}

// ruleForUnits reads an unquantified length of time introduced by the
// proclitic ل "for": "لسنوات" (for years) → PXY, "لساعات" → PTXH.
func (s *scanner) ruleForUnits(i int) (expr, bool) {
	if s.toks[i].clitic != "ل" {
		return expr{}, false
	}
	e, ok := s.unitOf(i)
	if !ok || e.f&fPlural == 0 || e.f&fDef != 0 {
		return expr{}, false
	}
	if v := vagueDurValue(e.u); v != "" {
		return expr{i: i, j: i + 1, typ: Duration, val: v}, true
	}
	return expr{}, false
}

// vagueDurValue is the TIMEX3 value of an unknown number of units: PXY.
func vagueDurValue(u unit) string {
	v := durValue(1, u)
	if v == "" {
		return ""
	}
	return strings.Replace(v, "1", "X", 1)
}

// ruleAgo reads a point in the past given by a distance: "منذ ساعة",
// "منذ 3 ساعات", "قبل يومين", "قبل خمسة وتسعين عاما", "منذ سنوات",
// "three hours ago", "il y a trois heures".
func (s *scanner) ruleAgo(i int) (expr, bool) {
	if s.is(i, cAgo) {
		mod, j := s.modPrefix(i + 1)
		if s.clean(i + 1) {
			if amt, u, k, ok := s.durationCore(j, true); ok {
				mod, k = s.modSuffix(s.agoSuffix(k), mod)
				return s.shiftExpr(i, k, amt, u, -1, mod)
			}
		}
		// منذ سنوات, قبل أيام, منذ عدة أشهر.
		k := i + 1
		if s.is(k, cVague) && s.clean(k) {
			k++
		}
		if e, ok := s.unitOf(k); ok && s.clean(k) && e.f&fPlural != 0 && e.f&fDef == 0 {
			return expr{i: i, j: s.agoSuffix(k + 1), typ: Date, val: "PAST_REF"}, true
		}
		return expr{}, false
	}
	if s.word(i, "il") && s.word(i+1, "y") && s.word(i+2, "a") {
		mod, j := s.modPrefix(i + 3)
		if amt, u, k, ok := s.durationCore(j, mod != ""); ok {
			return s.shiftExpr(i, k, amt, u, -1, mod)
		}
		// il y a quelques jours, il y a plusieurs années.
		if e, ok := s.unitOf(j + 1); ok && s.is(j, cVague) && e.f&fPlural != 0 {
			return expr{i: i, j: j + 2, typ: Date, val: "PAST_REF"}, true
		}
		return expr{}, false
	}
	if !isArabic(s.tokW(i)) && s.langs&lEn != 0 {
		mod, j := s.modPrefix(i)
		if amt, u, k, ok := s.durationCore(j, mod != ""); ok && s.is(k, cAgoPost) {
			return s.shiftExpr(i, k+1, amt, u, -1, mod)
		}
		// (a) few days ago, several months ago.
		if e, ok := s.unitOf(i + 1); ok && s.is(i, cVague) && e.f&fPlural != 0 && s.is(i+2, cAgoPost) {
			start := i
			if s.word(i-1, "a") && s.word(i, "few") {
				start = i - 1
			}
			return expr{i: start, j: i + 3, typ: Date, val: "PAST_REF"}, true
		}
	}
	return expr{}, false
}

// ruleAfter reads a point in the future given by a distance: "بعد
// يومين", "in two weeks", "dans trois jours".
func (s *scanner) ruleAfter(i int) (expr, bool) {
	if !s.is(i, cAfter) || s.word(i, "within") {
		return expr{}, false
	}
	mod, j := s.modPrefix(i + 1)
	if !s.clean(i + 1) {
		return expr{}, false
	}
	amt, u, k, ok := s.durationCore(j, true)
	if !ok {
		return expr{}, false
	}
	// Arabic بعد + amount is "in N units" only with a verb in the future
	// (سيعود بعد يومين); otherwise it is "after N units" of something
	// else (عاد بعد ثلاث سنوات من الغياب), and the amount a duration.
	if isArabic(s.tokW(i)) && (s.tense(i, k) <= 0 || s.is(k, cOf)) {
		return expr{}, false
	}
	return s.shiftExpr(i, k, amt, u, 1, mod)
}

// ruleSet reads repetitions: "كل عام", "كل عامين", "كل يوم سبت", "كل
// ثلاثة أشهر", "every Monday", "each year", "chaque jour", "tous les
// jours", "tous les deux ans".
func (s *scanner) ruleSet(i int) (expr, bool) {
	if !s.is(i, cEvery) {
		return expr{}, false
	}
	j := i + 1
	if s.word(i, "tous", "toutes") {
		if !s.word(j, "les") {
			return expr{}, false
		}
		j++
	}
	if s.is(j, cDay) && s.is(j+1, cWeekday) {
		j++
	}
	if e, ok := s.get(j, cWeekday); ok && s.clean(j) {
		return expr{i: i, j: j + 1, typ: Set, val: fmt.Sprintf("XXXX-WXX-%d", e.v)}, true
	}
	if e, ok := s.get(j, cPartDay); ok && s.clean(j) {
		return expr{i: i, j: j + 1, typ: Set, val: "XXXX-XX-XXT" + e.s}, true
	}
	if m, k, strong, ok := s.month(j); ok && strong {
		return expr{i: i, j: k, typ: Set, val: fmt.Sprintf("XXXX-%02d", m)}, true
	}
	if amt, u, k, ok := s.durationCore(j, true); ok {
		return expr{i: i, j: k, typ: Set, val: durValue(amt, u)}, true
	}
	if e, ok := s.unitOf(j); ok && s.clean(j) && e.f&(fDual|fAcc|fDef) == 0 {
		if e.f&fPlural != 0 && !s.word(i, "tous", "toutes") {
			return expr{}, false
		}
		return expr{i: i, j: j + 1, typ: Set, val: durValue(1, e.u)}, true
	}
	return expr{}, false
}

// ruleSetAdv reads one-word sets: "سنوياً", "يومياً", "اليومية", "daily",
// "annuel".
//
// An adjective after a preposition clitic is no set (بيومي is a name:
// #بيومي_فؤاد); nor is the dual construct before the days or months it
// counts (يومي الأحد والاثنين, يومي 14 و15, شهري يناير وفبراير).
func (s *scanner) ruleSetAdv(i int) (expr, bool) {
	e, ok := s.get(i, cSetAdv)
	if !ok || strings.Contains(s.orig(i), "ؤ") { // يؤمي "gestures" folds to يومي
		return expr{}, false
	}
	switch s.toks[i].clitic {
	case "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك":
		return expr{}, false
	}
	if k := i + 1; s.word(i, "يومي", "شهري", "اسبوعي") && s.clean(k) && (s.is(k, cWeekday) || s.is(k, cMonth) ||
		s.is(k, cMonthHead) || (k < len(s.toks) && s.toks[k].kind == tokenize.Number)) {
		return expr{}, false
	}
	return expr{i: i, j: i + 1, typ: Set, val: e.s}, true
}

// ruleRef reads references to the present, past and future: "الآن",
// "حالياً", "مؤخراً", "آنذاك", "في السابق", "في الوقت الحالي" (from
// الوقت), "نفس الوقت", "هذه الأيام", "الآونة الأخيرة", "السنوات الأخيرة",
// "الأيام المقبلة", "now", "recently", "actuellement".
func (s *scanner) ruleRef(i int) (expr, bool) {
	if e, ok := s.get(i, cRef); ok {
		return expr{i: i, j: i + 1, typ: Date, val: e.s}, true
	}
	if s.is(i, cIn) && s.clean(i+1) {
		switch s.tokW(i + 1) {
		case "السابق", "الماضي":
			return expr{i: i, j: i + 2, typ: Date, val: "PAST_REF"}, true
		case "المستقبل":
			return expr{i: i, j: i + 2, typ: Date, val: "FUTURE_REF"}, true
		}
	}
	if s.is(i, cTime) {
		if r, ok := s.get(i+1, cRelAdj); ok && r.v == 0 && s.clean(i+1) {
			return expr{i: i, j: i + 2, typ: Date, val: "PRESENT_REF"}, true
		}
		if s.is(i+1, cSame) && s.clean(i+1) {
			return expr{i: i, j: i + 2, typ: Date, val: "PRESENT_REF"}, true
		}
	}
	if s.word(i, "نفس") && s.is(i+1, cTime) && s.clean(i+1) {
		return expr{i: i, j: i + 2, typ: Date, val: "PRESENT_REF"}, true
	}
	if s.word(i, "هذه") && s.word(i+1, "الايام", "الفتره") && s.clean(i+1) {
		return expr{i: i, j: i + 2, typ: Date, val: "PRESENT_REF"}, true
	}
	// the coming weeks, recent years, les prochains jours, ces derniers mois.
	if t := s.tokW(i); t != "" && !isArabic(t) {
		k := i
		if s.is(k, cThis) {
			k++
		}
		if r, ok := s.get(k, cRelAdj); ok && (r.v != 0 || r.f&fLast != 0) {
			if e, ok := s.unitOf(k + 1); ok && e.f&fPlural != 0 {
				return expr{i: i, j: k + 2, typ: Date, val: refFor(r.v)}, true
			}
			if s.word(k+1, "few") {
				if e, ok := s.unitOf(k + 2); ok && e.f&fPlural != 0 {
					return expr{i: i, j: k + 3, typ: Date, val: refFor(r.v)}, true
				}
			}
		}
	}
	if s.word(i, "these") && s.word(i+1, "days") {
		return expr{i: i, j: i + 2, typ: Date, val: "PRESENT_REF"}, true
	}
	// الآونة الأخيرة, الفترة المقبلة, السنوات الماضية, الأيام القليلة
	// المقبلة. Plural units longer than a day with الأخيرة ("السنوات
	// الأخيرة", recent years) are not tagged in the Arabic TimeML data;
	// "الأيام الأخيرة" (lately) is one of its authors' patterns and is.
	period := s.word(i, "الاونه", "الفتره", "المرحله")
	units := false
	if e, ok := s.unitOf(i); ok && e.f&(fPlural|fDef) == fPlural|fDef {
		period, units = true, e.u != uDay && e.u != uHour && e.u != uMinute && e.u != uSecond
	}
	if period {
		k := i + 1
		if s.word(k, "القليله") && s.clean(k) {
			k++
		}
		if r, ok := s.get(k, cRelAdj); ok && s.clean(k) && !(units && r.f&fLast != 0) {
			v := "PRESENT_REF"
			switch {
			case r.f&fLast != 0 || r.v < 0:
				v = "PAST_REF"
			case r.v > 0:
				v = "FUTURE_REF"
			}
			return expr{i: i, j: k + 1, typ: Date, val: v}, true
		}
	}
	return expr{}, false
}

// ruleSeason reads seasons: "الصيف", "صيف 2023", "الشتاء الماضي", "this
// summer", "l'hiver prochain".
func (s *scanner) ruleSeason(i int) (expr, bool) {
	j := i
	this := false
	if s.is(j, cThis) && s.clean(j+1) {
		this = true
		j++
	}
	latin := !isArabic(s.tokW(j))
	off, mod := 0, false
	if latin && !this {
		if r, ok := s.get(j, cRelAdj); ok && r.f&fLast == 0 && s.is(j+1, cSeason) {
			off, mod = r.v, true
			j++
		}
	}
	e, ok := s.get(j, cSeason)
	if !ok {
		return expr{}, false
	}
	j++
	if s.word(j, "العربي", "الاول", "الاخر", "الثاني") {
		return expr{}, false // the Arab spring; Hijri months ربيع الأول
	}
	year := 0
	if y, k, ok := s.yearPhrase(j); ok && s.clean(j) {
		year, j = y, k
	} else if r, ok := s.get(j, cRelAdj); ok && s.clean(j) && r.f&fLast == 0 {
		off, mod = r.v, true
		j++
	}
	def := strings.HasPrefix(s.tokW(j-1), "ال") || strings.HasPrefix(s.tokW(i), "ال")
	if year == 0 && !mod && !this {
		if latin {
			return expr{}, false
		}
		if !def && !s.word(i-1, "فصل", "فصول", "موسم") {
			return expr{}, false
		}
	}
	var val string
	switch {
	case year != 0:
		val = fmt.Sprintf("%04d-%s", year, e.s)
	case s.has:
		val = fmt.Sprintf("%04d-%s", s.anchor.Year()+off, e.s)
	default:
		val = "XXXX-" + e.s
	}
	return expr{i: i, j: j, typ: Date, val: val}, true
}

// ruleCentury reads centuries: "القرن التاسع عشر", "القرن الماضي",
// "القرن الحادي والعشرين", "the 19th century", "le 19e siècle".
func (s *scanner) ruleCentury(i int) (expr, bool) {
	if e, ok := s.unitOf(i); ok && e.u == uCentury && e.f == fDef {
		n, k := 0, i
		if o, k2, ok := s.ordinal(i + 1); ok && s.clean(i+1) && o >= 1 && o <= 30 {
			n, k = o, k2
		} else if d, k2, ok := s.number(i+1, true); ok && k2 > i+1 && s.toks[k2-1].num >= 1 && d >= 1 && d <= 30 {
			n, k = d, k2 // القرن 19, القرن الـ19
		}
		if n == 0 {
			return expr{}, false
		}
		c := n - 1
		switch {
		case s.clean(k) && s.word(k, "الهجري"):
			// القرن الرابع الهجري: the Gregorian century of its middle.
			c, k = hijriToGregorian((n-1)*100+50, 1, 1).Year()/100, k+1
		case s.clean(k) && s.word(k, "الميلادي"):
			k++
		}
		return expr{i: i, j: k, typ: Date, val: fmt.Sprintf("%02d", c)}, true
	}
	if n, k, ok := s.ordinal(i); ok && n >= 1 && n <= 30 {
		if e, ok := s.unitOf(k); ok && e.u == uCentury && e.f&fPlural == 0 && !isArabic(s.tokW(k)) {
			return expr{i: i, j: k + 1, typ: Date, val: fmt.Sprintf("%02d", n-1)}, true
		}
	}
	return expr{}, false
}

// ruleDecade reads decades: "الخمسينيات", "ثمانينيات القرن الماضي",
// "the 1990s", "the nineties", "les années 1990".
func (s *scanner) ruleDecade(i int) (expr, bool) {
	if e, ok := s.get(i, cDecade); ok {
		century := 19
		j := i + 1
		if c, ok := s.unitOf(j); ok && c.u == uCentury && c.f == fDef && s.clean(j) && !strings.HasPrefix(s.tokW(i), "ال") {
			if n, k, ok := s.ordinal(j + 1); ok && n >= 15 && n <= 22 {
				century, j = n-1, k
			} else if r, ok := s.get(j+1, cRelAdj); ok && s.has {
				century, j = s.anchor.Year()/100+r.v, j+2
			}
		}
		return expr{i: i, j: j, typ: Date, val: fmt.Sprintf("%02d%d", century, e.v)}, true
	}
	// العقد الأول من القرن الماضي: the ordinal decade of the century that
	// follows; the span stops before من, as for الخمسينيات من القرن الماضي.
	if e, ok := s.unitOf(i); ok && e.u == uDecade && e.f == fDef && s.clean(i+1) {
		if n, k, ok := s.ordinal(i + 1); ok && n >= 1 && n <= 10 && s.is(k, cOf) {
			c, ok := s.ruleCentury(k + 1)
			if u, isU := s.unitOf(k + 1); !ok && isU && u.u == uCentury {
				c, ok = s.ruleUnitRel(k + 1)
			}
			if ok && len(c.val) == 2 && s.clean(k+1) {
				return expr{i: i, j: k, typ: Date, val: fmt.Sprintf("%s%d", c.val, n-1)}, true
			}
		}
	}
	if t := s.tokW(i); t != "" && s.toks[i].digits == 4 && s.toks[i].num%10 == 0 && s.word(i+1, "s") && s.toks[i+1].adj {
		return expr{i: i, j: i + 2, typ: Date, val: t[:3]}, true
	}
	if s.word(i, "annees") && i+1 < len(s.toks) {
		t := s.toks[i+1]
		switch {
		case t.digits == 4 && t.num%10 == 0:
			return expr{i: i, j: i + 2, typ: Date, val: t.w[:3]}, true
		case t.digits == 2 && t.num%10 == 0:
			return expr{i: i, j: i + 2, typ: Date, val: "19" + t.w[:1]}, true
		}
	}
	return expr{}, false
}

// ruleYear reads years: "العام 1887", "عام 2003", "2023م", "(1949)",
// "in 2023".
func (s *scanner) ruleYear(i int) (expr, bool) {
	if y, k, ok := s.hijriYear(i); ok {
		return expr{i: i, j: k, typ: Date, val: fmt.Sprintf("%04d", y)}, true
	}
	if e, ok := s.unitOf(i); ok && e.u == uYear && e.f&(fPlural|fDual|fAcc) == 0 && s.clean(i+1) {
		if y, k, ok := s.year(i + 1); ok {
			return expr{i: i, j: k, typ: Date, val: fmt.Sprintf("%04d", y)}, true
		}
		return expr{}, false
	}
	y, k, ok := s.year(i)
	if !ok || y < 1800 || y > 2100 {
		return expr{}, false
	}
	// Not a year: 2000 شخص, 1938 مستخدما, حوالي 2000, 1500 dollars,
	// $2023, 2023%.
	if s.is(k, cCountNoun) || s.punct(k, "%", "٪") || s.punct(i-1, "$", "€", "£") ||
		s.is(i-1, cMod) || (s.is(i-1, cOf) && s.is(i-2, cMod)) || s.countedNoun(k) {
		return expr{}, false
	}
	if k < len(s.toks) && s.toks[k].adj && s.toks[k].kind == 0 {
		return expr{}, false
	}
	return expr{i: i, j: k, typ: Date, val: fmt.Sprintf("%04d", y)}, true
}

// ruleNoon reads "noon", "midnight", "midi", "minuit" as times of day,
// in the languages the tagger reads (their lexicon entry is there).
func (s *scanner) ruleNoon(i int) (expr, bool) {
	if s.toks[i].cats&(1<<cStart) == 0 {
		return expr{}, false
	}
	h := -1
	switch s.tokW(i) {
	case "noon", "midi":
		h = 12
	case "midnight", "minuit":
		h = 0
	}
	if h < 0 {
		return expr{}, false
	}
	date := "XXXX-XX-XX"
	if s.has {
		date = s.anchor.Format("2006-01-02")
	}
	return expr{i: i, j: i + 1, typ: Time, val: fmt.Sprintf("%sT%02d:00", date, h), dayless: true}, true
}

// ruleClock reads times of day: "الساعة الثالثة", "الساعة 10:30
// صباحاً", "10:30", "at 3 p.m." (from 3), "à 15h30" (from 15).
func (s *scanner) ruleClock(i int) (expr, bool) {
	h, mi, j, ok := s.clockTime(i)
	if !ok {
		return expr{}, false
	}
	date := "XXXX-XX-XX"
	if s.has {
		date = s.anchor.Format("2006-01-02")
	}
	// الساعة السابعة من مساء غد: the day after من is an expression of its
	// own (the Arabic TimeML data tags الساعة الثامنة and مساء الأحد
	// apart), but it dates the time and says which half of the day the
	// hour is in. A day right after the time belongs to it: الساعة
	// العاشرة صباح اليوم, 3 p.m. yesterday, الساعة الثامنة مساء الأحد.
	dayless := true
	if d, pd, ok := s.ofDay(j); ok {
		date, h, dayless = d, hourIn(h, pd), false
	} else if s.clean(j) {
		if off, _, k, ok := s.relDay(j); ok {
			date, j, dayless = s.dayOffset(off), k, false
			if strings.HasSuffix(date, "_REF") {
				date = "XXXX-XX-XX"
			}
		} else if d := j + b2i(s.is(j, cDay) && s.clean(j+1)); isArabic(s.tokW(j)) {
			if wd, dir, k, ok := s.weekday(d); ok {
				date, j, dayless = s.weekdayValue(i, k, wd, dir), k, false
			}
		}
	}
	return expr{i: i, j: j, typ: Time, val: fmt.Sprintf("%sT%02d:%02d", date, h, mi), dayless: dayless}, true
}

// ofDay reads the day after a clock time joined by من ("من مساء غد",
// "من صباح الأحد", "من يوم الخميس") without taking it into the span: the
// date part of its value ("2023-09-06", "XXXX-WXX-7") and its part of the
// day ("EV", or "" when none is written).
func (s *scanner) ofDay(j int) (date, pd string, ok bool) {
	if !s.is(j, cOf) || s.toks[j].clitic != "" || !isArabic(s.tokW(j)) || !s.clean(j+1) {
		return "", "", false
	}
	k := j + 1
	if s.is(k, cDay) && s.clean(k+1) {
		k++ // من يوم الخميس
	}
	e, ok := s.ruleDate(k)
	if !ok || (e.typ != Date && e.typ != Time) {
		return "", "", false
	}
	if strings.HasSuffix(e.val, "_REF") {
		date = "XXXX-XX-XX" // no anchor: the day is unknown
	} else {
		date, pd, _ = strings.Cut(e.val, "T")
	}
	// A day of the month only: من سبتمبر is no day.
	if len(date) != len("2006-01-02") && !strings.Contains(date, "-W") {
		return "", "", false
	}
	if len(pd) != 2 || pd[0] < 'A' || pd[0] > 'Z' {
		pd = "" // a clock time of its own (T20:00) says nothing more
	}
	if p, ok := s.get(k, cPartDay); ok && pd == "" && len(p.s) == 2 {
		pd = p.s // مساء غد without an anchor: FUTURE_REF keeps no TEV
	}
	return date, pd, true
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// hourIn moves an hour of the twelve-hour clock into the part of the day
// pd: the seventh hour of the evening is 19:00, the eleventh of the night
// 23:00 (but the third of the night 03:00), the first of the afternoon or
// of noon 13:00.
func hourIn(h int, pd string) int {
	if h >= 12 {
		return h
	}
	switch pd {
	case "EV", "AF":
		return h + 12
	case "NI":
		if h >= 6 {
			return h + 12
		}
	case "MI":
		if h < 6 {
			return h + 12
		}
	}
	return h
}

// ruleBound reads the start, middle or end of a period: "نهاية العام",
// "مطلع الشهر المقبل", "أواخر القرن التاسع عشر", "منتصف سبتمبر", "نهاية
// الستينيات", "عطلة نهاية الأسبوع", "early 2023", "the end of the year",
// "fin septembre".
func (s *scanner) ruleBound(i int) (expr, bool) {
	// mi-octobre, mid-September written as one word.
	if w := s.tokW(i); (strings.HasPrefix(w, "mi-") || strings.HasPrefix(w, "mid-")) && !isArabic(w) {
		for _, e := range s.lookup(w[strings.IndexByte(w, '-')+1:]) {
			if e.c == cMonth {
				return expr{i: i, j: i + 1, typ: Date, val: s.calendar(i, i+1, 0, e.v, 0, false, 0), mod: "MID"}, true
			}
		}
	}
	b, ok := s.get(i, cBound)
	if !ok {
		return expr{}, false
	}
	// منتصف الليل: midnight, a time of day as "midnight" is.
	if b.s == "MID" && s.word(i+1, "الليل") && s.clean(i+1) {
		date := "XXXX-XX-XX"
		if s.has {
			date = s.anchor.Format("2006-01-02")
		}
		return expr{i: i, j: i + 2, typ: Time, val: date + "T00:00", dayless: true}, true
	}
	j := i + 1
	if s.is(j, cOf) || s.word(j, "the", "l'", "la", "le") || (s.punct(j, "-") && s.toks[j].adj) {
		j++
		if s.word(j, "the", "l'", "la", "le") {
			j++
		}
	}
	if !s.clean(j) {
		return expr{}, false
	}
	// Weekend: نهاية الأسبوع (الماضي).
	if b.s == "END" && (s.word(j, "الاسبوع") || (s.word(i, "end") && s.word(j, "week"))) {
		off, k := 0, j+1
		if r, ok := s.get(k, cRelAdj); ok && s.clean(k) {
			off, k = r.v, k+1
		}
		val := "XXXX-WXX-WE"
		if s.has {
			y, w := s.anchor.AddDate(0, 0, 7*off).ISOWeek()
			val = fmt.Sprintf("%04d-W%02d-WE", y, w)
		}
		return expr{i: i, j: k, typ: Date, val: val}, true
	}
	best := expr{j: -1}
	for _, r := range []func(int) (expr, bool){s.ruleUnitRel, s.ruleCentury, s.ruleDecade, s.ruleYear, s.ruleSeason} {
		if e, ok := r(j); ok && e.j > best.j {
			best = e
		}
	}
	if y, m, d, _, k, _, ok := s.explicitDate(j); ok && d == 0 && k > best.j {
		best = expr{i: j, j: k, typ: Date, val: s.calendar(j, k, y, m, 0, false, 0)}
	}
	// A bare year or month unit: نهاية العام, the end of the month.
	if best.j < 0 {
		if e, ok := s.unitOf(j); ok && (e.f == fDef || (!isArabic(s.tokW(j)) && e.f == 0)) && (e.u == uYear || e.u == uMonth || e.u == uWeek) {
			val, typ := s.unitValue(e.u, 0)
			best = expr{i: j, j: j + 1, typ: typ, val: val}
		}
	}
	if best.j < 0 || best.val == "" || strings.HasSuffix(best.val, "_REF") {
		return expr{}, false
	}
	return expr{i: i, j: best.j, typ: best.typ, val: best.val, mod: b.s}, true
}

// ruleDayOrdinal reads "اليوم الأول", "الأسبوع الثاني", "السنة الأولى",
// "الربع الأول" (of an event, a film, a pregnancy): a period of one unit,
// as the Arabic TimeML data annotates it (P1D, P1Q).
func (s *scanner) ruleDayOrdinal(i int) (expr, bool) {
	// الربع الأول من العام الجاري, النصف الثاني من 2022: a quarter or a
	// half of the year that follows (2023-Q1, 2022-H2); the span stops
	// before من, and the year is an expression of its own.
	half := s.word(i, "نصف") && strings.HasPrefix(s.norm[s.toks[i].start:], "ال")
	if (half || s.word(i, "الربع")) && s.clean(i+1) {
		// الربع الأول 2018: the year written right after is part of it.
		if o, ok := s.get(i+1, cOrd); ok && o.f&fTeenOnly == 0 && (o.v <= 2 || !half && o.v <= 4) {
			if y, k, ok := s.year(i + 2); ok && s.clean(i+2) {
				if half {
					return expr{i: i, j: k, typ: Date, val: fmt.Sprintf("%04d-H%d", y, o.v)}, true
				}
				return expr{i: i, j: k, typ: Date, val: fmt.Sprintf("%04d-Q%d", y, o.v)}, true
			}
		}
		n := 0
		if o, ok := s.get(i+1, cOrd); ok && o.f&fTeenOnly == 0 {
			n = o.v
		} else if r, ok := s.get(i+1, cRelAdj); ok && r.f&fLast != 0 && s.clean(i+1) {
			n = 4 // الربع الأخير, النصف الأخير: the last one
			if half {
				n = 2
			}
		}
		if n > 0 && s.is(i+2, cOf) && s.clean(i+3) {
			y, ok := s.ruleUnitRel(i + 3)
			if !ok {
				y, ok = s.ruleYear(i + 3)
			}
			c, isC := s.ruleCentury(i + 3)
			if u, isU := s.unitOf(i + 3); !isC && isU && u.u == uCentury {
				c, isC = s.ruleUnitRel(i + 3)
			}
			switch {
			case ok && len(y.val) == 4 && (n <= 2 || !half && n <= 4):
				if half {
					return expr{i: i, j: i + 2, typ: Date, val: fmt.Sprintf("%s-H%d", y.val, n)}, true
				}
				return expr{i: i, j: i + 2, typ: Date, val: fmt.Sprintf("%s-Q%d", y.val, n)}, true
			case isC && len(c.val) == 2 && (n <= 2 || !half && n <= 4):
				// النصف الثاني من القرن العشرين: TIMEX3 has no part of
				// a century but its first and last parts (START, END).
				mod := ""
				switch {
				case n == 1:
					mod = "START"
				case half && n == 2, n == 4:
					mod = "END"
				}
				return expr{i: i, j: i + 2, typ: Date, val: c.val, mod: mod}, true
			}
		}
	}
	e, ok := s.unitOf(i)
	if !ok || e.f != fDef || !s.clean(i+1) || e.u == uCentury || e.u == uDecade {
		return expr{}, false
	}
	if o, ok := s.get(i+1, cOrd); ok && o.v <= 10 && o.f&fTeenOnly == 0 && strings.HasPrefix(s.tokW(i+1), "ال") {
		if s.is(i+2, cTeen) {
			return expr{}, false
		}
		return expr{i: i, j: i + 2, typ: Duration, val: durValue(1, e.u)}, true
	}
	return expr{}, false
}

// countedNoun reports whether token i is an Arabic indefinite accusative
// noun (مستخدما, شخصا): what a number of 11 and more counts.
func (s *scanner) countedNoun(i int) bool {
	if i >= len(s.toks) || !s.clean(i) {
		return false
	}
	w := s.toks[i].w
	if !isArabic(w) || len(s.toks[i].es) > 0 || !strings.HasSuffix(w, "ا") || len(w) < 8 {
		return false
	}
	switch w {
	case "ايضا", "تقريبا", "فصاعدا", "وصاعدا":
		return false
	}
	return !strings.HasPrefix(w, "ال")
}

// ruleDayRange reads the first day of a range whose month is written once:
// "من 12 إلى 15 سبتمبر", "بين 10 و12 أكتوبر", "12-15 September", "du 12
// au 15 septembre". The first day is a date of its own, in the month of
// the second; the second is read by ruleDate.
func (s *scanner) ruleDayRange(i int) (expr, bool) {
	t := s.toks[i]
	if t.num < 1 || t.num > 31 || t.digits > 2 {
		return expr{}, false
	}
	k := i + 1
	switch {
	case s.punct(k, "-", "–") && s.toks[k].adj:
		k++
	case s.word(k, "الي", "حتي", "to", "until", "au", "and", "et") && s.clean(k):
		k++
	case s.tokW(k) == "و" && k+1 < len(s.toks) && s.toks[k+1].adj:
		k++ // و12: the conjunction is a token of its own before digits
	case s.conj(k):
	default:
		return expr{}, false
	}
	y, m, d, rel, j, hasRel, ok := s.explicitDate(k)
	if !ok || d <= t.num || k >= len(s.toks) || s.toks[k].num < 0 {
		return expr{}, false
	}
	return expr{i: i, j: i + 1, typ: Date, val: s.calendar(i, j, y, m, t.num, hasRel, rel)}, true
}
