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
// هجرية", "1445هـ", "عام (1325) هجري", "سنة 384هـ". A TIMEX3 value is Gregorian: the
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
	// Three digits and fewer only after عام / سنة: (1325) alone is no year.
	if j >= len(s.toks) || s.toks[j].num < 1 || s.toks[j].num > 1600 || s.toks[j].digits != 4 && j == i {
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

// hijriHolidays are the holidays of the Islamic calendar, by Hijri month
// and day (the first day of a feast of several).
var hijriHolidays = []holiday{
	{[]string{"عيد", "الفطر"}, 10, 1, lAr},
	{[]string{"عيد", "الاضحي"}, 12, 10, lAr},
	{[]string{"يوم", "عرفه"}, 12, 9, lAr},
	{[]string{"يوم", "عرفات"}, 12, 9, lAr},
	{[]string{"المولد", "النبوي"}, 3, 12, lAr},
	{[]string{"راس", "السنه", "الهجريه"}, 1, 1, lAr},
	{[]string{"عاشوراء"}, 1, 10, lAr},
	{[]string{"eid", "al-fitr"}, 10, 1, lEn | lFr},
	{[]string{"eid", "al-adha"}, 12, 10, lEn | lFr},
	{[]string{"aid", "el-fitr"}, 10, 1, lFr},
	{[]string{"aid", "al-fitr"}, 10, 1, lFr},
	{[]string{"aid", "el-kebir"}, 12, 10, lFr},
	{[]string{"aid", "al-adha"}, 12, 10, lFr},
}

// ruleHijri reads Hijri months and Islamic holidays: "شهر رمضان
// المبارك", "في رمضان المقبل", "رمضان 2018", "رمضان 1439 هـ", "عيد
// الفطر", "عيد الأضحى المقبل", "المولد النبوي الشريف". A bare month name
// is also a personal name (محمد رمضان, رجب) or a word (صفر "zero"): it
// needs شهر, a preposition (في رمضان), an epithet (المبارك), a
// relative adjective or a year.
//
// TIMEX3 values are Gregorian: a holiday is the Gregorian day of the
// tabular calendar, a month the Gregorian month holding most of its days
// (Ramadan 1439, 16 May to 14 June 2018: 2018-05). Which year is named
// comes from the year written, the adjective (المقبل, الماضي, الجاري),
// the verb's tense or, without either, the occurrence nearest the anchor.
func (s *scanner) ruleHijri(i int) (expr, bool) {
	m, d, j, strong := 0, 0, i, false
	for _, h := range hijriHolidays {
		if h.l&s.langs == 0 {
			continue
		}
		k := i
		for n, w := range h.words {
			if !s.word(k, w) || (n > 0 && !s.clean(k)) {
				k = -1
				break
			}
			k++
		}
		if k > 0 {
			m, d, j, strong = h.m, h.d, k, true
			break
		}
	}
	if m == 0 && s.langs&(lEn|lFr) != 0 && s.word(i, "ramadan") {
		m, j, strong = 9, i+1, true // Ramadan: no name in English or French
	}
	if m == 0 {
		if s.word(j, "شهر") && s.clean(j+1) {
			j, strong = j+1, true
		}
		mm, k, ok := s.hijriMonth(j)
		if !ok || (k > j+1 && !s.clean(j+1)) {
			return expr{}, false
		}
		// A clitic alone does not make it a month (لرجب طيب أردوغان);
		// nor does a preposition before رجب طيب (Erdoğan's first names).
		if s.toks[j].clitic == "" && s.word(j-1, "في", "خلال", "طوال", "طيله", "منذ", "قبل", "بعد", "حتي", "اواخر", "اوائل", "منتصف", "نهايه", "بدايه", "مطلع") &&
			!(mm == 7 && s.word(k, "طيب")) {
			strong = true
		}
		m, j = mm, k
	}
	if s.clean(j) && s.word(j, "المبارك", "الكريم", "المعظم", "الفضيل", "الشريف", "المبارك", "السعيد") {
		j, strong = j+1, true
	}
	dir, gy, hy := 0, 0, 0
	if r, ok := s.get(j, cRelAdj); ok && s.clean(j) && r.f&fLast == 0 {
		dir, j, strong = 2*r.v, j+1, true
		if r.v == 0 {
			dir = 3 // الجاري: the one holding the anchor
		}
	} else if j < len(s.toks) && s.clean(j) && s.toks[j].num > 0 && s.toks[j].digits <= 4 {
		n := s.toks[j].num
		switch {
		case s.hijri(j + 1):
			hy, j = n, j+2
		case s.toks[j].digits == 4 && n >= 1900 && n <= 2100 && !s.hijri(j+1):
			gy, j = n, j+1
		}
		strong = strong || hy != 0 || gy != 0
	}
	if !strong {
		return expr{}, false
	}
	if hy == 0 && gy == 0 && !s.has {
		return expr{i: i, j: j, typ: Date, val: "XXXX-XX-XX"}, true
	}
	if dir == 0 && hy == 0 && gy == 0 {
		dir = s.tense(i, j)
	}
	start, end, ok := s.hijriPeriod(m, d, hy, gy, dir)
	if !ok && dir == 3 {
		// الجاري away from the month: the nearest one.
		start, end, ok = s.hijriPeriod(m, d, hy, gy, 0)
	}
	if !ok {
		return expr{}, false
	}
	if d != 0 {
		return expr{i: i, j: j, typ: Date, val: start.Format("2006-01-02")}, true
	}
	// The Gregorian month holding most of the Hijri month's days.
	mid := start.AddDate(0, 0, int(end.Sub(start).Hours()/24)/2)
	return expr{i: i, j: j, typ: Date, val: mid.Format("2006-01")}, true
}

// hijriPeriod returns the first and last day of Hijri month m (day d
// when d > 0) of the Hijri year hy, or of the one starting in Gregorian
// year gy, or of the one the anchor and dir pick: 2 the next one strictly
// after the anchor, -2 the last one strictly before, 3 the one holding
// the anchor, 1 / -1 the nearest on or after / on or before, 0 the
// nearest.
func (s *scanner) hijriPeriod(m, d, hy, gy, dir int) (time.Time, time.Time, bool) {
	span := func(y int) (time.Time, time.Time) {
		if d > 0 {
			t := hijriToGregorian(y, m, d)
			return t, t
		}
		a := hijriToGregorian(y, m, 1)
		b := hijriToGregorian(y+m/12, m%12+1, 1).AddDate(0, 0, -1)
		return a, b
	}
	if hy > 0 {
		a, b := span(hy)
		return a, b, true
	}
	ref := gy
	if ref == 0 {
		ref = s.anchor.Year()
	}
	// Hijri years run about 1.0307 to a Gregorian one, from 622.
	y0 := int(float64(ref-622)*1.0307) - 1
	var anchor time.Time
	if s.has {
		anchor = time.Date(s.anchor.Year(), s.anchor.Month(), s.anchor.Day(), 0, 0, 0, 0, time.UTC)
	}
	if gy != 0 {
		// The one that starts in gy, else the one that ends in it.
		for _, starts := range [...]bool{true, false} {
			for y := y0; y <= y0+3; y++ {
				if a, b := span(y); starts && a.Year() == gy || !starts && b.Year() == gy {
					return a, b, true
				}
			}
		}
		return time.Time{}, time.Time{}, false
	}
	var best [2]time.Time
	bestDist, found := time.Duration(1<<62), false
	for y := y0; y <= y0+3; y++ {
		a, b := span(y)
		var dist time.Duration
		switch {
		case anchor.Before(a):
			dist = a.Sub(anchor)
		case anchor.After(b):
			dist = -anchor.Sub(b)
		}
		switch {
		case dir == 2 && !anchor.Before(a), dir == -2 && !anchor.After(b),
			dir == 3 && dist != 0, dir == 1 && dist < 0, dir == -1 && dist > 0:
			continue
		}
		if dist < 0 {
			dist = -dist
		}
		if dist < bestDist {
			best, bestDist, found = [2]time.Time{a, b}, dist, true
		}
	}
	return best[0], best[1], found
}
