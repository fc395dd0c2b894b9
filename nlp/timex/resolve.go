package timex

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Normalisation: values from the anchor (s.anchor when s.has).

// dayOffset is the date off days from the anchor, or a reference value
// without an anchor.
func (s *scanner) dayOffset(off int) string {
	if !s.has {
		return refFor(off)
	}
	return s.anchor.AddDate(0, 0, off).Format("2006-01-02")
}

func refFor(off int) string {
	switch {
	case off < 0:
		return "PAST_REF"
	case off > 0:
		return "FUTURE_REF"
	}
	return "PRESENT_REF"
}

// isoWeekday converts a time.Weekday to ISO numbering (Monday 1, Sunday 7).
func isoWeekday(w time.Weekday) int {
	if w == time.Sunday {
		return 7
	}
	return int(w)
}

// relWeekday resolves a weekday named after a relative day (بعد غد
// الثلاثاء): the day wd nearest to the anchor moved by off days, which is
// the relative day itself when the two agree. Without an anchor it is the
// weekday: XXXX-WXX-2.
func (s *scanner) relWeekday(off, wd int) string {
	if !s.has {
		return fmt.Sprintf("XXXX-WXX-%d", wd)
	}
	d := s.anchor.AddDate(0, 0, off)
	delta := (wd - isoWeekday(d.Weekday()) + 7) % 7 // 0..6 days ahead
	if delta > 3 {
		delta -= 7
	}
	return d.AddDate(0, 0, delta).Format("2006-01-02")
}

// weekdayValue resolves a weekday. dir -1 (الماضي, last) is the latest
// such day strictly before the anchor, +1 (المقبل, next) the first strictly
// after; without an adjective, a verb in the future picks the nearest such
// day on or after the anchor, anything else (news speak of the past) the
// nearest on or before it.
func (s *scanner) weekdayValue(i, j, wd, dir int) string {
	if !s.has {
		return fmt.Sprintf("XXXX-WXX-%d", wd)
	}
	aw := isoWeekday(s.anchor.Weekday())
	var delta int
	switch {
	case dir < 0:
		delta = -((aw-wd+6)%7 + 1)
	case dir > 0:
		delta = (wd-aw+6)%7 + 1
	case s.tense(i, j) > 0:
		delta = (wd - aw + 7) % 7
	default:
		delta = -((aw - wd + 7) % 7)
	}
	return s.anchor.AddDate(0, 0, delta).Format("2006-01-02")
}

// calendar resolves a month (m) with optional day (d) and year (y). A
// missing year comes from the anchor: the adjective after the date
// ("الجاري", "الماضي", "المقبل") or the verb's tense picks this year, the
// previous occurrence or the next one; without either, the anchor's year.
func (s *scanner) calendar(i, j, y, m, d int, hasRel bool, rel int) string {
	if y == 0 {
		if !s.has {
			if d == 0 {
				return fmt.Sprintf("XXXX-%02d", m)
			}
			return fmt.Sprintf("XXXX-%02d-%02d", m, d)
		}
		ay, am, ad := s.anchor.Year(), int(s.anchor.Month()), s.anchor.Day()
		y = ay
		dir := 0
		switch {
		case hasRel:
			dir = rel * 2 // strict
		default:
			dir = s.tense(i, j)
		}
		after := m > am || (m == am && d > ad)            // strictly after the anchor
		before := m < am || (m == am && d != 0 && d < ad) // strictly before
		same := m == am && (d == 0 || d == ad)
		switch dir {
		case 2:
			if !after {
				y++
			}
		case -2:
			if !before {
				y--
			}
		case 1:
			if !after && !same {
				y++
			}
		case -1:
			if !before && !same {
				y--
			}
		}
	}
	if d == 0 {
		return fmt.Sprintf("%04d-%02d", y, m)
	}
	if d > daysIn(y, m) {
		return fmt.Sprintf("%04d-%02d", y, m)
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

// daysIn returns the number of days of month m of year y.
func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// unitValue is the unit containing the anchor moved by off units: the
// year 2022, the month 2023-08, the ISO week 2023-W35, the day.
func (s *scanner) unitValue(u unit, off int) (string, string) {
	if !s.has {
		return refFor(off), Date
	}
	a := s.anchor
	switch u {
	case uYear:
		return strconv.Itoa(a.Year() + off), Date
	case uMonth:
		t := time.Date(a.Year(), a.Month()+time.Month(off), 1, 0, 0, 0, 0, time.UTC)
		return t.Format("2006-01"), Date
	case uWeek:
		y, w := a.AddDate(0, 0, 7*off).ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w), Date
	case uDay:
		return a.AddDate(0, 0, off).Format("2006-01-02"), Date
	case uDecade:
		return fmt.Sprintf("%03d", a.Year()/10+off), Date
	case uCentury:
		return fmt.Sprintf("%02d", a.Year()/100+off), Date
	case uQuarter:
		q := (int(a.Month())-1)/3 + off
		y := a.Year() + floorDiv(q, 4)
		return fmt.Sprintf("%04d-Q%d", y, q-4*floorDiv(q, 4)+1), Date
	case uHour:
		return a.Add(time.Duration(off) * time.Hour).Format("2006-01-02T15"), Time
	}
	return "", ""
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// shiftExpr is the point amt units before (sign -1) or after (+1) the
// anchor, at the granularity of the unit: "قبل خمسة وتسعين عاما" → 1920,
// "منذ 3 ساعات" → 2023-09-04T21:00.
func (s *scanner) shiftExpr(i, j int, amt float64, u unit, sign int, mod string) (expr, bool) {
	if !s.has {
		return expr{i: i, j: j, typ: Date, val: refFor(sign), mod: mod}, true
	}
	amt, u = wholeUnits(amt, u)
	n := int(amt) * sign
	a := s.anchor
	var val, typ string = "", Date
	switch u {
	case uYear:
		val = strconv.Itoa(a.Year() + n)
	case uDecade:
		val = strconv.Itoa(a.Year() + 10*n)
	case uCentury:
		val = strconv.Itoa(a.Year() + 100*n)
	case uMonth:
		val = time.Date(a.Year(), a.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
	case uQuarter:
		val = time.Date(a.Year(), a.Month()+time.Month(3*n), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
	case uWeek:
		y, w := a.AddDate(0, 0, 7*n).ISOWeek()
		val = fmt.Sprintf("%04d-W%02d", y, w)
	case uDay:
		val = a.AddDate(0, 0, n).Format("2006-01-02")
	case uHour:
		val, typ = a.Add(time.Duration(n)*time.Hour).Format("2006-01-02T15:04"), Time
	case uMinute:
		val, typ = a.Add(time.Duration(n)*time.Minute).Format("2006-01-02T15:04"), Time
	case uSecond:
		val, typ = a.Add(time.Duration(n)*time.Second).Format("2006-01-02T15:04:05"), Time
	default:
		return expr{}, false
	}
	return expr{i: i, j: j, typ: typ, val: val, mod: mod}, true
}

// wholeUnits turns a fractional amount into a whole number of a smaller
// unit: 1.5 years → 18 months, half an hour → 30 minutes.
func wholeUnits(amt float64, u unit) (float64, unit) {
	for amt != math.Trunc(amt) {
		switch u {
		case uCentury:
			amt, u = amt*100, uYear
		case uDecade:
			amt, u = amt*10, uYear
		case uYear:
			amt, u = amt*12, uMonth
		case uQuarter:
			amt, u = amt*3, uMonth
		case uMonth:
			amt, u = amt*30, uDay
		case uWeek:
			amt, u = amt*7, uDay
		case uDay:
			amt, u = amt*24, uHour
		case uHour:
			amt, u = amt*60, uMinute
		case uMinute:
			amt, u = amt*60, uSecond
		default:
			return math.Round(amt), u
		}
	}
	return amt, u
}

// durValue is the TIMEX3 value of a duration: P3Y, PT48H, P2W, P1DE, P1CE.
func durValue(amt float64, u unit) string {
	amt, u = wholeUnits(amt, u)
	n := strconv.Itoa(int(amt))
	switch u {
	case uYear:
		return "P" + n + "Y"
	case uMonth:
		return "P" + n + "M"
	case uWeek:
		return "P" + n + "W"
	case uDay:
		return "P" + n + "D"
	case uHour:
		return "PT" + n + "H"
	case uMinute:
		return "PT" + n + "M"
	case uSecond:
		return "PT" + n + "S"
	case uDecade:
		return "P" + n + "DE"
	case uCentury:
		return "P" + n + "CE"
	case uQuarter:
		return "P" + n + "Q"
	}
	return ""
}

// tense guesses the tense of the clause around tokens [i, j): +1 when a
// future marker (سـ/سوف + verb, will, va, a French future) is nearest,
// -1 for a past marker, 0 when there is none. It looks back to the start
// of the sentence (at most 10 tokens) and ahead at most 4 tokens.
func (s *scanner) tense(i, j int) int {
	for k := i - 1; k >= 0 && k >= i-10; k-- {
		if t := s.tenseOf(k); t != 0 {
			return t
		}
		if s.toks[k].brk {
			break
		}
	}
	for k := j; k < len(s.toks) && k < j+4; k++ {
		if s.toks[k].brk {
			break
		}
		if t := s.tenseOf(k); t != 0 {
			return t
		}
	}
	return 0
}

func (s *scanner) tenseOf(k int) int {
	t := s.toks[k]
	if s.is(k, cFuture) {
		return 1
	}
	if s.is(k, cPast) {
		return -1
	}
	w := t.w
	if isArabic(w) {
		if isArabicFuture(w) {
			return 1
		}
		return 0
	}
	if s.langs&lEn != 0 && len(w) >= 5 && strings.HasSuffix(w, "ed") {
		return -1
	}
	if s.langs&lFr != 0 {
		if len(w) >= 6 && (strings.HasSuffix(w, "ra") || strings.HasSuffix(w, "ront") || strings.HasSuffix(w, "rons") || strings.HasSuffix(w, "rai")) {
			return 1
		}
		if w == "a" && s.orig(k) == "a" && k+1 < len(s.toks) {
			return -1 // "a" + participle; "à" folds to "a" too
		}
	}
	return 0
}

// isArabicFuture reports whether w (folded, proclitics kept) is a verb with
// the future prefix سـ: سيسافر, ستكون, وسيعقد.
func isArabicFuture(w string) bool {
	if strings.HasPrefix(w, "و") || strings.HasPrefix(w, "ف") {
		w = w[len("و"):]
	}
	if !strings.HasPrefix(w, "س") || utf8.RuneCountInString(w) < 5 {
		return false
	}
	rest := w[len("س"):]
	if !(strings.HasPrefix(rest, "ي") || strings.HasPrefix(rest, "ت") || strings.HasPrefix(rest, "ن")) {
		return false
	}
	for _, p := range []string{"سيار", "سياس", "سيطر", "سيد", "سينا", "سينم", "سيول", "سيره", "سيرت", "ستين", "سنوات", "سنوي",
		"سنين", "ستار", "ستراتيج", "سياح", "سيناري", "سنغافور", "سنتيم", "سنترال", "ستوكهولم", "سيبير", "سيليكون", "سيكولوج", "ستوديو", "سيمفون"} {
		if strings.HasPrefix(w, p) {
			return false
		}
	}
	return true
}
