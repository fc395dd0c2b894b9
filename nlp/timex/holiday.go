package timex

import (
	"fmt"
	"time"
)

// holiday is a fixed-date holiday named by a sequence of words in
// matching form (the first one a cHoliday lexicon entry): "عيد الميلاد"
// is 25 December.
type holiday struct {
	words []string
	m, d  int
	l     lang
}

// holidays are the Gregorian fixed-date holidays of the news: in Arabic
// the holiday patterns of the Arabic TimeML data's authors (Christmas and
// its eve, New Year's Eve and Day, Valentine's Day, Labour Day, Halloween,
// All Saints' Day, Saint Patrick's Day, Veterans Day) and Mother's Day (21
// March in the Arab world); their English and French names. Holidays whose date depends on the church
// (عيد الغطاس: 6 or 19 January) or on the lunar calendar are left out. A
// longer name comes before its prefixes.
var holidays = []holiday{
	{[]string{"ليله", "عيد", "الميلاد"}, 12, 24, lAr},
	{[]string{"ليله", "راس", "السنه"}, 12, 31, lAr},
	{[]string{"عيد", "الميلاد"}, 12, 25, lAr},
	{[]string{"راس", "السنه"}, 1, 1, lAr},
	{[]string{"عيد", "الحب"}, 2, 14, lAr},
	{[]string{"عيد", "العشاق"}, 2, 14, lAr},
	{[]string{"عيد", "الام"}, 3, 21, lAr},
	{[]string{"عيد", "العمال"}, 5, 1, lAr},
	{[]string{"يوم", "العمال"}, 5, 1, lAr},
	{[]string{"عيد", "الهالووين"}, 10, 31, lAr},
	{[]string{"الهالووين"}, 10, 31, lAr},
	{[]string{"الهالوين"}, 10, 31, lAr},
	{[]string{"عيد", "جميع", "القديسين"}, 11, 1, lAr},
	{[]string{"يوم", "القديس", "باتريك"}, 3, 17, lAr},
	{[]string{"يوم", "المحاربين", "القدامي"}, 11, 11, lAr},
	{[]string{"christmas", "eve"}, 12, 24, lEn},
	{[]string{"christmas", "day"}, 12, 25, lEn},
	{[]string{"christmas"}, 12, 25, lEn},
	{[]string{"new", "year", "eve"}, 12, 31, lEn},
	{[]string{"new", "year", "day"}, 1, 1, lEn},
	{[]string{"valentine", "day"}, 2, 14, lEn},
	{[]string{"halloween"}, 10, 31, lEn},
	{[]string{"veille", "de", "noel"}, 12, 24, lFr},
	{[]string{"noel"}, 12, 25, lFr},
	{[]string{"saint-sylvestre"}, 12, 31, lFr},
	{[]string{"jour", "de", "l'", "an"}, 1, 1, lFr},
	{[]string{"nouvel", "an"}, 1, 1, lFr},
	{[]string{"saint-valentin"}, 2, 14, lFr},
	{[]string{"fete", "du", "travail"}, 5, 1, lFr},
	{[]string{"toussaint"}, 11, 1, lFr},
}

// ruleHoliday reads a fixed-date holiday: "عيد الميلاد (المجيد)", "ليلة
// رأس السنة (الميلادية)", "عيد العمال (العالمي)", "الهالووين". Its year
// is the one the verb's tense points to, else the occurrence nearest the
// anchor (a Christmas named on 24 December is the next day's).
func (s *scanner) ruleHoliday(i int) (expr, bool) {
	if !s.is(i, cHoliday) {
		return expr{}, false
	}
	for _, h := range holidays {
		if h.l&s.langs == 0 {
			continue
		}
		j := i
		for k, w := range h.words {
			if !s.word(j, w) || (k > 0 && !s.clean(j)) {
				j = -1
				break
			}
			j++
		}
		if j < 0 {
			continue
		}
		// The Hijri, Hebrew or Chinese new year is not 1 January;
		// Christmas Island and Toussaint Louverture are names.
		if h.m == 1 && s.word(j, "الهجريه", "العبريه", "الصينيه", "الامازيغيه", "الفارسيه") ||
			s.word(j, "island", "islands") || h.words[0] == "toussaint" && !s.word(i-1, "la") {
			return expr{}, false
		}
		if s.clean(j) && s.word(j, "المجيد", "الميلاديه", "العالمي", "الجديده") {
			j++
		}
		return expr{i: i, j: j, typ: Date, val: s.holidayValue(i, j, h.m, h.d)}, true
	}
	return expr{}, false
}

// holidayValue dates day d of month m: after the anchor with a verb in the
// future, before it with one in the past, else the nearest occurrence.
func (s *scanner) holidayValue(i, j, m, d int) string {
	if !s.has {
		return fmt.Sprintf("XXXX-%02d-%02d", m, d)
	}
	a := time.Date(s.anchor.Year(), s.anchor.Month(), s.anchor.Day(), 0, 0, 0, 0, time.UTC)
	best, bestDist := time.Time{}, time.Duration(1<<62)
	dir := s.tense(i, j)
	for y := a.Year() - 1; y <= a.Year()+1; y++ {
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		dist := t.Sub(a)
		if dir > 0 && dist < 0 || dir < 0 && dist > 0 {
			continue
		}
		if dist < 0 {
			dist = -dist
		}
		if dist < bestDist {
			best, bestDist = t, dist
		}
	}
	return best.Format("2006-01-02")
}
