package timex

import "time"

// Hijri dates ("20 صفر 1445 هـ") are converted to the Gregorian calendar
// with the arithmetical (tabular, civil epoch) Islamic calendar. Official
// calendars (Umm al-Qura, sighting) can differ from it by a day or two.

// hijriToGregorian returns the Gregorian date of day d of month m of Hijri
// year y by the tabular calendar.
func hijriToGregorian(y, m, d int) time.Time {
	jdn := d + (59*(m-1)+1)/2 + (y-1)*354 + (3+11*y)/30 + 1948439
	// Julian day number to Gregorian (Richards' algorithm).
	f := jdn + 1401 + (((4*jdn+274277)/146097)*3)/4 - 38
	e := 4*f + 3
	g := (e % 1461) / 4
	h := 5*g + 2
	day := (h%153)/5 + 1
	month := (h/153+2)%12 + 1
	year := e/1461 - 4716 + (12+2-month)/12
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// hijriMonth reads a Hijri month name: رمضان, ربيع الأول, جمادى الآخرة,
// ذو الحجة.
func (s *scanner) hijriMonth(i int) (int, int, bool) {
	switch s.tokW(i) {
	case "محرم":
		return 1, i + 1, true
	case "صفر":
		return 2, i + 1, true
	case "رجب":
		return 7, i + 1, true
	case "شعبان":
		return 8, i + 1, true
	case "رمضان":
		return 9, i + 1, true
	case "شوال":
		return 10, i + 1, true
	case "ربيع":
		switch s.tokW(i + 1) {
		case "الاول":
			return 3, i + 2, true
		case "الاخر", "الثاني":
			return 4, i + 2, true
		}
	case "جمادي":
		switch s.tokW(i + 1) {
		case "الاولي", "الاول":
			return 5, i + 2, true
		case "الاخره", "الثانيه", "الاخر", "الثاني":
			return 6, i + 2, true
		}
	case "ذو", "ذي":
		switch s.tokW(i + 1) {
		case "القعده":
			return 11, i + 2, true
		case "الحجه":
			return 12, i + 2, true
		}
	}
	return 0, i, false
}

// hijriDate reads "20 صفر 1445 هـ" (day, month, year and an optional هـ)
// and returns its Gregorian date.
func (s *scanner) hijriDate(i int) (time.Time, int, bool) {
	if i >= len(s.toks) {
		return time.Time{}, i, false
	}
	d := s.toks[i].num
	if d < 1 || d > 30 || s.toks[i].digits > 2 {
		return time.Time{}, i, false
	}
	m, j, ok := s.hijriMonth(i + 1)
	if !ok || !s.clean(i+1) || j >= len(s.toks) {
		return time.Time{}, i, false
	}
	y := s.toks[j].num
	if s.toks[j].digits != 4 || y < 1300 || y > 1600 {
		return time.Time{}, i, false
	}
	j++
	if s.hijri(j) {
		j++
	}
	return hijriToGregorian(y, m, d), j, true
}

// hijriYear reads a Hijri year with its mark: "عام 1445 هـ", "سنة 1325
// هجرية", "1445هـ", "عام (1325) هجري". A TIMEX3 value is Gregorian: the
// year is the Gregorian one that holds most of the Hijri year (the one of
// its seventh month), a year off at most for a date within it.
func (s *scanner) hijriYear(i int) (int, int, bool) {
	j := i
	if e, ok := s.unitOf(j); ok && e.u == uYear && e.f&(fPlural|fDual|fAcc) == 0 {
		j++
		if !s.clean(j) {
			return 0, i, false
		}
	}
	paren := s.punct(j, "(") && j > i
	if paren {
		j++
	}
	if j >= len(s.toks) || s.toks[j].digits != 4 || s.toks[j].num < 1300 || s.toks[j].num > 1600 {
		return 0, i, false
	}
	y := s.toks[j].num
	j++
	if paren {
		if !s.punct(j, ")") {
			return 0, i, false
		}
		j++
	}
	if !s.hijri(j) {
		return 0, i, false
	}
	return hijriToGregorian(y, 7, 1).Year(), j + 1, true
}
