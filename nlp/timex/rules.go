package timex

import (
	"strconv"
	"strings"

	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

// Components: each reads a part of an expression starting at token i and
// returns where it ends (exclusive). They never look before i.

// number reads a cardinal number: digits, Arabic words ("خمسة وتسعين",
// "ثلاثة عشر", "مائة"), English or French words ("twenty-five", "trois").
// article allows a definite article before digits ("الـ24") and the
// English article "a"/"an" as one.
func (s *scanner) number(i int, article bool) (int, int, bool) {
	if i >= len(s.toks) {
		return 0, i, false
	}
	t := s.toks[i]
	if t.kind == tokenize.Word && article && i+1 < len(s.toks) && s.toks[i+1].adj && s.toks[i+1].num >= 0 {
		switch t.w {
		case "ال", "وال", "بال", "لل", "فال", "كال":
			return s.toks[i+1].num, i + 2, true
		}
	}
	if t.num >= 0 {
		return t.num, i + 1, true
	}
	if t.kind != tokenize.Word {
		return 0, i, false
	}
	if strings.Contains(t.w, "-") && !isArabic(t.w) {
		if v, ok := s.hyphenNumber(t.w); ok {
			return v, i + 1, true
		}
		return 0, i, false
	}
	j := i
	v := 0
	if e, ok := s.get(j, cHundred); ok {
		v = e.v
		j++
		if s.conj(j) {
			if w, k, ok := s.smallNumber(j, article); ok {
				return v + w, k, true
			}
		}
		return v, j, true
	}
	if e, ok := s.get(j, cThousand); ok && e.v == 2000 {
		return 2000, j + 1, true
	}
	w, k, ok := s.smallNumber(j, article)
	if !ok {
		return 0, i, false
	}
	// ثلاث مائة, three hundred.
	if e, ok := s.get(k, cHundred); ok && e.v == 100 && s.clean(k) {
		w *= 100
		k++
		if s.conj(k) {
			if x, k2, ok := s.smallNumber(k, false); ok {
				w += x
				k = k2
			}
		}
	}
	if e, ok := s.get(k, cThousand); ok && e.v == 1000 && s.clean(k) && w < 1000 {
		w *= 1000
		k++
	}
	return w, k, true
}

// smallNumber reads 1..99 in words.
func (s *scanner) smallNumber(i int, article bool) (int, int, bool) {
	if v, ok := s.tens(i); ok {
		return v, i + 1, true
	}
	e, ok := s.get(i, cNum)
	if !ok {
		return 0, i, false
	}
	v, j := e.v, i+1
	if s.is(j, cTeen) && s.clean(j) && v < 10 {
		return v + 10, j + 1, true
	}
	if s.conj(j) {
		if t, ok := s.tens(j); ok && v < 10 {
			return v + t, j + 1, true
		}
	}
	if e.f&fTeenOnly != 0 {
		// احد alone is "one of"; English "a"/"an" is one only as an article.
		if article && !isArabic(s.toks[i].w) {
			return 1, j, true
		}
		return 0, i, false
	}
	return v, j, true
}

// tens reads 20..90 in words: عشرين, twenty, and the definite العشرين,
// which reads like the ordinal "twentieth" but counts before a unit
// (طوال الثلاثين شهرا, خلال الخمسة والعشرين عاما الماضية).
func (s *scanner) tens(i int) (int, bool) {
	if e, ok := s.get(i, cTens); ok {
		return e.v, true
	}
	if e, ok := s.get(i, cOrd); ok && e.v >= 20 && e.v%10 == 0 && strings.HasPrefix(s.toks[i].w, "ال") {
		return e.v, true
	}
	return 0, false
}

func (s *scanner) hyphenNumber(w string) (int, bool) {
	parts := strings.Split(w, "-")
	v := 0
	for _, p := range parts {
		if p == "et" {
			continue
		}
		es := s.lookup(p)
		found := false
		for _, e := range es {
			if e.c == cNum || e.c == cTens {
				v += e.v
				found = true
				break
			}
		}
		if !found {
			return 0, false
		}
	}
	return v, v > 0
}

// ordinal reads an ordinal: "التاسع عشر", "الحادي والعشرين", "fifth",
// "19th", "1er".
func (s *scanner) ordinal(i int) (int, int, bool) {
	if i >= len(s.toks) {
		return 0, i, false
	}
	t := s.toks[i]
	if t.num > 0 && i+1 < len(s.toks) && s.toks[i+1].adj {
		switch s.toks[i+1].w {
		case "st", "nd", "rd", "th", "er", "e", "eme", "ere", "re":
			return t.num, i + 2, true
		}
	}
	e, ok := s.get(i, cOrd)
	if !ok {
		return 0, i, false
	}
	v, j := e.v, i+1
	if v < 10 && s.is(j, cTeen) && s.clean(j) {
		return v + 10, j + 1, true
	}
	if v < 10 && s.conj(j) {
		if t, ok := s.get(j, cOrd); ok && t.v >= 20 {
			return v + t.v, j + 1, true
		}
		if t, ok := s.get(j, cTens); ok {
			return v + t.v, j + 1, true
		}
	}
	if e.f&fTeenOnly != 0 {
		return 0, i, false
	}
	return v, j, true
}

// month reads a month name: "سبتمبر", "كانون الثاني", "شهر آب", pairs
// "أيلول/سبتمبر", "نيسان (أبريل)", English "Sept.". strong is false for a
// bare ambiguous name (آب "father", مارس "practised", May, abbreviations).
func (s *scanner) month(i int) (m, j int, strong, ok bool) {
	j = i
	prefixed := false
	if s.word(j, "شهر") && s.clean(j+1) {
		prefixed = true
		j++
	}
	m, k, f, ok := s.monthName(j)
	if !ok {
		return 0, i, false, false
	}
	j = k
	strong = prefixed || f&(fAmbig|fAbbrev) == 0
	// Pairs: month/month, month (month), month - month.
	if s.punct(j, "/", "-", "،", ",") {
		if m2, k2, _, ok := s.monthName(j + 1); ok && m2 == m {
			return m, k2, true, true
		}
	}
	if s.punct(j, "(") {
		if m2, k2, _, ok := s.monthName(j + 1); ok && m2 == m && s.punct(k2, ")") {
			return m, k2 + 1, true, true
		}
	}
	if m2, k2, _, ok := s.monthName(j); ok && m2 == m && s.clean(j) {
		return m, k2, true, true // يناير كانون الثاني
	}
	return m, j, strong, true
}

func (s *scanner) monthName(i int) (int, int, flags, bool) {
	if e, ok := s.get(i, cMonth); ok {
		// آب (August) folds like أب "father" and إب (Ibb, a Yemeni
		// city): the hamza as written tells them apart.
		if e.v == 8 && s.toks[i].w == "اب" && (strings.HasPrefix(s.orig(i), "أ") || strings.HasPrefix(s.orig(i), "إ")) {
			return 0, i, 0, false
		}
		j := i + 1
		if e.f&fAbbrev != 0 && s.punct(j, ".") && s.toks[j].adj {
			j++
		}
		return e.v, j, e.f, true
	}
	if e, ok := s.get(i, cMonthHead); ok && s.clean(i+1) {
		if o, ok := s.get(i+1, cOrd); ok && (o.v == 1 || o.v == 2) && o.f&fTeenOnly == 0 {
			m := e.v + o.v - 1
			if m > 12 {
				m -= 12
			}
			return m, i + 2, 0, true
		}
	}
	return 0, i, 0, false
}

// year reads a four-digit year (1000-2999) with an optional Gregorian
// suffix ("2023م", "2023 م").
func (s *scanner) year(i int) (int, int, bool) {
	if i >= len(s.toks) {
		return 0, i, false
	}
	t := s.toks[i]
	if t.digits != 4 || t.num < 1000 || t.num > 2999 {
		return 0, i, false
	}
	j := i + 1
	if s.is(j, cYearSuffix) {
		j++
	}
	if s.hijri(j) {
		return 0, i, false
	}
	return t.num, j, true
}

// hijri reports whether token i marks a Hijri year (هـ).
func (s *scanner) hijri(i int) bool {
	return s.word(i, "ه", "هـ", "هجري", "هجريه", "للهجره")
}

// yearPhrase reads "عام 2023", "العام 2023", "سنة 2023", "year 2023",
// "l'année 2023" or a bare year after a comma.
func (s *scanner) yearPhrase(i int) (int, int, bool) {
	if e, ok := s.get(i, cUnit); ok && e.u == uYear && e.f&(fPlural|fDual|fAcc) == 0 && s.clean(i+1) {
		if y, j, ok := s.year(i + 1); ok {
			return y, j, true
		}
	}
	return s.year(i)
}

// explicitDate reads a calendar date: "4 سبتمبر 2023", "الرابع من
// أيلول", "September 5, 2023", "5 septembre", "سبتمبر 2023", "05/09/2023",
// "2023-09-05", or a month alone. y or d are 0 when not written; rel is
// the relative adjective after a date without a year ("18 أبريل الجاري").
func (s *scanner) explicitDate(i int) (y, m, d, rel, j int, hasRel, ok bool) {
	if y, m, d, j, ok := s.numericDate(i); ok {
		return y, m, d, 0, j, false, true
	}
	if t, j, ok := s.hijriDate(i); ok {
		return t.Year(), int(t.Month()), t.Day(), 0, j, false, true
	}
	j = i
	// Day first: 4 سبتمبر, الرابع من سبتمبر, 5 septembre, 1er mai.
	if dd, k, ok := s.dayNumber(j); ok {
		if s.is(k, cOf) && s.clean(k+1) {
			k++
		}
		if mm, k2, _, ok := s.month(k); ok && s.clean(k) {
			d, m, j = dd, mm, k2
		}
	}
	if m == 0 {
		mm, k, strong, ok := s.month(i)
		if !ok {
			return 0, 0, 0, 0, i, false, false
		}
		m, j = mm, k
		// Month first: September 5, 2023.
		if s.langs&lEn != 0 && !isArabic(s.toks[i].w) {
			if dd, k2, ok := s.dayNumber(j); ok && !s.isYearTok(j) {
				d, j = dd, k2
			}
		}
		if d == 0 && !strong && isArabic(s.toks[i].w) && s.clean(i) && s.word(i-1, "في", "خلال") {
			// After في or خلال the word is a noun: مارس "practised" and
			// آب "father" would not follow them bare.
			strong = true
		}
		if o := s.orig(i); d == 0 && !strong && !isArabic(s.toks[i].w) && s.langs&lEn != 0 && s.clean(i) &&
			o != "" && o[0] >= 'A' && o[0] <= 'Z' &&
			(s.word(i-1, "in", "since", "until", "till", "by", "from", "during", "before", "after", "through", "of", "last", "next", "this", "early", "late", "mid") ||
				s.word(i-1, "to", "and", "or", "-") && s.is(i-2, cMonth)) {
			// So is May or March, capitalised, after a preposition or a
			// relative word, or after another month and "to" or "and":
			// "in May", "since March", "last May", "from March to May".
			strong = true
		}
		if d == 0 && !strong && isArabic(s.toks[i].w) {
			// So is a word with a relative adjective: مارس الماضي.
			if e, ok := s.get(j, cRelAdj); ok && s.clean(j) && e.f&fLast == 0 {
				return 0, m, 0, e.v, j + 1, true, true
			}
		}
		if d == 0 && !strong {
			// An ambiguous month needs a year after it.
			k := j
			if s.punct(k, ",", "،") {
				k++
			}
			if yy, k2, ok := s.yearPhrase(k); ok {
				return yy, m, 0, 0, k2, false, true
			}
			return 0, 0, 0, 0, i, false, false
		}
	}
	// Year.
	k := j
	if s.punct(k, ",", "،") {
		k++
	}
	if yy, k2, ok := s.yearPhrase(k); ok && s.clean(k) {
		return yy, m, d, 0, k2, false, true
	}
	if e, ok := s.get(j, cRelAdj); ok && s.clean(j) && e.f&fLast == 0 {
		return 0, m, d, e.v, j + 1, true, true
	}
	return 0, m, d, 0, j, false, true
}

func (s *scanner) isYearTok(i int) bool {
	return i < len(s.toks) && s.toks[i].digits == 4
}

// dayNumber reads a day of the month: 1-31 in digits (with an ordinal
// suffix) or an ordinal word.
func (s *scanner) dayNumber(i int) (int, int, bool) {
	if i >= len(s.toks) {
		return 0, i, false
	}
	if v, j, ok := s.ordinal(i); ok && v >= 1 && v <= 31 {
		return v, j, true
	}
	t := s.toks[i]
	if t.num >= 1 && t.num <= 31 && t.digits <= 2 {
		return t.num, i + 1, true
	}
	return 0, i, false
}

// numericDate reads 05/09/2023, 2023-09-05, 5.9.2023 (day first unless the
// text is English only or the year comes first).
func (s *scanner) numericDate(i int) (y, m, d, j int, ok bool) {
	if i >= len(s.toks) || s.toks[i].kind != tokenize.Number {
		return 0, 0, 0, i, false
	}
	var parts []int
	var lens []int
	t := s.toks[i]
	j = i + 1
	if t.num < 0 {
		// One token with inner dots: 05.09.2023.
		ps := strings.Split(t.w, ".")
		if len(ps) != 3 {
			return 0, 0, 0, i, false
		}
		for _, p := range ps {
			n, err := strconv.Atoi(p)
			if err != nil {
				return 0, 0, 0, i, false
			}
			parts, lens = append(parts, n), append(lens, len(p))
		}
	} else {
		if !(s.punct(i+1, "/", "-") && s.toks[i+1].adj && i+4 < len(s.toks)) {
			return 0, 0, 0, i, false
		}
		sep := s.toks[i+1].w
		for k := 0; k < 3; k++ {
			tk := s.toks[i+2*k]
			if tk.num < 0 || (k > 0 && !tk.adj) {
				return 0, 0, 0, i, false
			}
			if k < 2 && !(s.punct(i+2*k+1, sep) && s.toks[i+2*k+1].adj) {
				return 0, 0, 0, i, false
			}
			parts, lens = append(parts, tk.num), append(lens, tk.digits)
		}
		j = i + 5
	}
	switch {
	case lens[0] == 4:
		y, m, d = parts[0], parts[1], parts[2]
	case lens[2] == 4 || lens[2] == 2:
		y, m, d = parts[2], parts[1], parts[0]
		if lens[2] == 2 {
			y += 2000
			if y > 2069 {
				y -= 100
			}
		}
		if s.langs == lEn && m <= 12 && d <= 12 || s.langs == lEn && d <= 12 && m > 12 {
			m, d = d, m
		}
	default:
		return 0, 0, 0, i, false
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) || y < 1000 {
		return 0, 0, 0, i, false
	}
	return y, m, d, j, true
}

// relDay reads "أمس", "أول أمس", "أمس الأول", "بعد غد", "اليوم", "الليلة
// الماضية", "yesterday", "last night", "avant-hier".
func (s *scanner) relDay(i int) (off int, pd string, j int, ok bool) {
	if i >= len(s.toks) {
		return 0, "", i, false
	}
	// هذه الليلة: tonight, with its demonstrative as هذا العام.
	if s.word(i, "هذه") && s.word(i+1, "الليله") && s.clean(i+1) {
		return 0, "NI", i + 2, true
	}
	// أول أمس.
	if s.word(i, "اول") && s.word(i+1, "امس") && s.clean(i+1) {
		return -2, "", i + 2, true
	}
	// بعد غد.
	if s.is(i, cAfter) && s.word(i+1, "غد", "الغد", "غدا") && s.clean(i+1) {
		return 2, "", i + 2, true
	}
	// the day before yesterday, the day after tomorrow.
	if s.word(i, "day") && s.word(i+2, "yesterday", "tomorrow") && s.word(i+1, "before", "after") {
		if s.word(i+2, "yesterday") {
			return -2, "", i + 3, true
		}
		return 2, "", i + 3, true
	}
	// last night.
	if s.word(i, "last") && s.word(i+1, "night") {
		return -1, "NI", i + 2, true
	}
	e, ok := s.get(i, cRelDay)
	if !ok {
		return 0, "", i, false
	}
	j = i + 1
	if s.word(i, "امس", "الامس") && s.word(j, "الاول") && s.clean(j) {
		return -2, "", j + 1, true
	}
	if s.word(i, "اليوم") {
		// طوال اليوم, في اليوم (per day), باليوم: the day, not today.
		if s.toks[i].clitic == "ب" || s.word(i-1, "طوال", "طيله", "مدار", "نفس", "ذات", "في") || s.word(j, "الواحد", "نفسه", "ذاته") {
			return 0, "", i, false
		}
		// اليوم التالي, اليوم الأول, اليوم الوطني: not "today".
		if j < len(s.toks) && s.clean(j) && strings.HasPrefix(s.toks[j].w, "ال") && !functionWord(s.toks[j].w) &&
			!s.is(j, cWeekday) && !s.is(j, cPartDay) && !s.is(j, cClock) && !s.is(j, cRelDay) {
			return 0, "", i, false
		}
	}
	if s.word(i, "الليله") {
		if r, ok := s.get(j, cRelAdj); ok && s.clean(j) {
			return r.v, "NI", j + 1, true
		}
	}
	return e.v, e.s, j, true
}

// weekday reads "الاثنين", "الاثنين المقبل", "يوم سبت" (from سبت), "last
// Monday", "lundi prochain". dir is -1, +1 or 0 (no adjective).
func (s *scanner) weekday(i int) (wd, dir, j int, ok bool) {
	if i >= len(s.toks) {
		return 0, 0, i, false
	}
	j = i
	if !isArabic(s.toks[i].w) {
		if r, ok := s.get(i, cRelAdj); ok && s.is(i+1, cWeekday) {
			e, _ := s.get(i+1, cWeekday)
			return e.v, r.v, i + 2, true
		}
		if s.is(i, cThis) && s.is(i+1, cWeekday) {
			e, _ := s.get(i+1, cWeekday)
			return e.v, 0, i + 2, true
		}
	}
	e, ok := s.get(i, cWeekday)
	if !ok {
		return 0, 0, i, false
	}
	if e.f&fAmbig != 0 && !(s.is(i-1, cDay) || s.is(i-1, cEvery)) {
		return 0, 0, i, false
	}
	// الاثنين is also "both": من الاثنين معا, كلا الاثنين, بين الاثنين.
	if e.v == 1 && (s.word(i+1, "معا") || s.word(i-1, "كلا", "بين", "هذين")) {
		return 0, 0, i, false
	}
	j = i + 1
	if r, ok := s.get(j, cRelAdj); ok && s.clean(j) && r.f&fLast == 0 {
		return e.v, r.v, j + 1, true
	}
	return e.v, 0, j, true
}

// partDay reads a part of the day after a day reference: "صباحا",
// "مساء", "morning", "soir".
func (s *scanner) partDay(i int) (string, int, bool) {
	if e, ok := s.get(i, cPartDay); ok && s.clean(i) {
		return e.s, i + 1, true
	}
	return "", i, false
}

// unitOf returns the unit entry of token i.
func (s *scanner) unitOf(i int) (entry, bool) {
	return s.get(i, cUnit)
}

// durationCore reads an amount of a unit: "ثلاث سنوات", "48 ساعة", "عامين",
// "يوما", "ساعة ونصف", "نصف ساعة", "السنوات الخمس الماضية", "three
// years", "a year", "two-day", "48-hour", "trois ans".
func (s *scanner) durationCore(i int, bare bool) (amt float64, u unit, j int, ok bool) {
	if i >= len(s.toks) {
		return 0, 0, i, false
	}
	ar := isArabic(s.toks[i].w) || (s.toks[i].kind == tokenize.Number && s.langs&lAr != 0)
	// One Latin token: two-day, 48-hour is split by the tokenizer.
	if t := s.toks[i]; t.kind == tokenize.Word && !isArabic(t.w) && strings.Contains(t.w, "-") {
		k := strings.LastIndexByte(t.w, '-')
		if v, okv := s.hyphenNumber(t.w[:k]); okv {
			for _, e := range s.lookup(t.w[k+1:]) {
				if e.c == cUnit {
					return float64(v), e.u, i + 1, true
				}
			}
		}
	}
	// the past three days, the next two weeks, les trois derniers jours.
	if t := s.toks[i]; t.kind == tokenize.Word && !isArabic(t.w) {
		if r, ok := s.get(i, cRelAdj); ok && r.v != 0 {
			if n, k, ok := s.number(i+1, false); ok && n > 0 {
				if e, ok := s.unitOf(k); ok && e.f&fPlural != 0 {
					return float64(n), e.u, k + 1, true
				}
			}
		}
		if n, k, ok := s.number(i, false); ok && n > 0 && s.is(k, cRelAdj) {
			if e, ok := s.unitOf(k + 1); ok && e.f&fPlural != 0 {
				return float64(n), e.u, k + 2, true
			}
		}
	}
	// Half and quarter: نصف ساعة, ربع قرن, half an hour.
	if h, okh := s.get(i, cHalf); okh {
		k := i + 1
		if s.word(k, "an", "a") {
			k++
		}
		if e, ok := s.unitOf(k); ok && s.clean(k) && e.f&(fPlural|fDual|fDef) == 0 {
			return float64(h.v) / 100, e.u, k + 1, true
		}
	}
	if n, k, okn := s.number(i, true); okn && n > 0 {
		if s.punct(k, "-") && s.toks[k].adj {
			k++
		}
		if e, ok := s.unitOf(k); ok && s.clean(k) {
			// A definite tens read as a count (العشرين, see tens) counts
			// only the accusative (الثلاثين شهرا); after و it ends an
			// ordinal (رئيسها الثاني والعشرين عام 2014, عامه الحادي
			// والثلاثين يوم الأحد).
			if s.is(k-1, cOrd) && !s.is(k-1, cTens) && (e.f&fAcc == 0 || s.conj(i)) {
				return 0, 0, i, false
			}
			if (e.u == uSecond || e.u == uQuarter) && e.f&fPlural == 0 && s.toks[i].kind == tokenize.Word && n == 1 {
				return 0, 0, i, false // a second time, a quarter of, une seconde fois
			}
			// 3-1 يوم السبت: a score before the day word of a weekday.
			if e.u == uDay && e.f == 0 && (s.is(k+1, cWeekday) || s.dateAhead(k+1)) {
				return 0, 0, i, false
			}
			article := k > i+1 && s.toks[i].kind == tokenize.Word && s.toks[i+1].kind == tokenize.Number
			if e.f&fDef != 0 && !article {
				return 0, 0, i, false
			}
			if e.f&fDual != 0 {
				return 0, 0, i, false
			}
			j = k + 1
			amt = float64(n)
			if s.conj(j) && s.word(j, "نصف", "نصفا") {
				amt += 0.5
				j++
				if u2, ok := s.unitOf(j); ok && u2.u == e.u && u2.f&fDef != 0 && s.clean(j) {
					j++ // سبع ساعات ونصف الساعة
				}
			}
			if ar {
				if r, ok := s.get(j, cRelAdj); ok && s.clean(j) && r.v != 0 {
					j++
				}
			}
			return amt, e.u, j, true
		}
		return 0, 0, i, false
	}
	e, ok := s.unitOf(i)
	if !ok || !ar {
		return 0, 0, i, false
	}
	j = i + 1
	switch {
	case e.f&fDual != 0:
		// A dual before the numbers it names (العامين 1910 و1915) is
		// tagged as two units in the Arabic TimeML data, and kept so.
		amt = 2
		if e.f&fDef != 0 || strings.HasPrefix(s.norm[s.toks[i].start:], "ال") {
			// العامين الماضيين, اليومين المقبلين; not الأخيرين (see the
			// plural below).
			if r, ok := s.get(j, cRelAdj); ok && s.clean(j) && r.v != 0 && r.f&fLast == 0 {
				return amt, e.u, j + 1, true
			}
		}
	case e.f&fAcc != 0:
		// عاما, يوما: the counted form of 11 and more. A count in
		// brackets before it (لـ(15) عاما) is set apart from the span but
		// gives the amount; "the past/next N units" keeps its adjective
		// (عاما الماضية) as after a count in digits.
		amt = 1
		if n, ok := s.bracketedCount(i); ok {
			amt = float64(n)
		} else if s.word(j, "واحدا", "كاملا") && s.clean(j) {
			j++ // يوما واحدا, عاما كاملا
		}
		if r, ok := s.get(j, cRelAdj); ok && s.clean(j) && r.v != 0 && r.f&fLast == 0 {
			return amt, e.u, j + 1, true
		}
	case e.f&(fPlural|fDef) == fPlural|fDef:
		// السنوات الخمس (الماضية).
		n, k, ok := s.number(j, true)
		if !ok || !s.clean(j) || s.toks[j].kind == tokenize.Number {
			return 0, 0, i, false
		}
		j = k
		amt = float64(n)
		if s.word(j, "القليله") {
			j++
		}
		// السنوات الخمس الماضية; الأخيرة "the last" stays out of the
		// span in the Arabic TimeML data (السنوات الست الأخيرة).
		if r, ok := s.get(j, cRelAdj); ok && s.clean(j) && r.v != 0 && r.f&fLast == 0 {
			j++
		}
		return amt, e.u, j, true
	case e.f == 0 && s.toks[i].w == "ساعه" && (bare || s.word(j, "كامله", "واحده")):
		// A bare ساعة is an hour only where a duration is expected (منذ
		// ساعة, نحو ساعة, ساعة كاملة): elsewhere it is a watch or km/ساعة.
		amt = 1
		if s.word(j, "كامله", "واحده") {
			j++
		}
	case e.f == 0 && e.u != uDay && s.conj(j) && s.word(j, "نصف"):
		amt = 1
	case e.f == 0 && bare && !s.isYearTok(j) && !s.is(j, cWeekday) && !s.is(j, cMonth) && (j >= len(s.toks) || s.toks[j].num < 0):
		// منذ قرن, قبل عام, منذ أكثر من شهر (not منذ عام 2009), لمدة
		// أسبوع كامل.
		amt = 1
		if s.clean(j) && s.word(j, "كامل", "كامله", "واحد", "واحده") {
			j++
		}
	default:
		return 0, 0, i, false
	}
	if s.conj(j) && s.word(j, "نصف", "نصفا") {
		amt += 0.5
		j++
	}
	return amt, e.u, j, true
}

// bracketedCount reads a count in brackets right before token i: "(15)".
func (s *scanner) bracketedCount(i int) (int, bool) {
	if i < 3 || !s.punct(i-1, ")") || !s.punct(i-3, "(") {
		return 0, false
	}
	if t := s.toks[i-2]; t.num > 0 && t.adj && s.toks[i-1].adj {
		return t.num, true
	}
	return 0, false
}

// modPrefix reads a modifier before an amount: "أكثر من", "أقل من",
// "نحو", "حوالي", "more than", "about", "plus de", "environ".
func (s *scanner) modPrefix(i int) (string, int) {
	if i >= len(s.toks) {
		return "", i
	}
	w := s.toks[i].w
	switch w {
	case "اكثر", "اطول":
		if s.is(i+1, cOf) {
			return "MORE_THAN", i + 2
		}
	case "اقل", "اقصر":
		if s.is(i+1, cOf) {
			return "LESS_THAN", i + 2
		}
	case "more", "over":
		if s.word(i+1, "than") {
			return "MORE_THAN", i + 2
		}
		if w == "over" {
			return "MORE_THAN", i + 1
		}
	case "less", "fewer":
		if s.word(i+1, "than") {
			return "LESS_THAN", i + 2
		}
	case "plus", "moins":
		if s.word(i+1, "de", "d'") {
			if w == "plus" {
				return "MORE_THAN", i + 2
			}
			return "LESS_THAN", i + 2
		}
	case "at":
		if s.word(i+1, "least") {
			return "EQUAL_OR_MORE", i + 2
		}
	case "علي":
		if s.atLeast(i + 1) {
			return "EQUAL_OR_MORE", i + 2
		}
	}
	if e, ok := s.get(i, cMod); ok && e.f&fModPrefix == 0 && w != "تقريبا" {
		return e.s, i + 1
	}
	if w == "ما" && s.word(i+1, "يقارب") {
		return "APPROX", i + 2
	}
	if w == "ما" && s.word(i+1, "يقرب", "يزيد") && s.is(i+2, cOf) {
		if s.word(i+1, "يزيد") {
			return "MORE_THAN", i + 3
		}
		return "APPROX", i + 3
	}
	return "", i
}

// clockTime reads a time of day: "الساعة الثالثة", "الساعة 10:30
// صباحا", "10:30", "3 p.m.", "15h30". It returns hour and minute.
func (s *scanner) clockTime(i int) (h, mi, j int, ok bool) {
	if i >= len(s.toks) {
		return 0, 0, i, false
	}
	j = i
	clock := false
	if s.is(j, cClock) || s.word(j, "ساعه") {
		clock = true
		j++
	}
	h, mi = -1, 0
	hasMin := false
	if j < len(s.toks) && s.toks[j].kind == tokenize.Number {
		t := s.toks[j]
		if t.num >= 0 && t.num <= 24 && t.digits <= 2 {
			h = t.num
		} else if hh, mm, okc := splitClock(t.w); okc {
			if !clock && !strings.Contains(t.w, ":") {
				return 0, 0, i, false
			}
			h, mi, hasMin = hh, mm, true
		}
		if h >= 0 {
			j++
		}
	} else if clock || s.hourOrdinal(j) {
		clock = true
		if v, k, ok := s.ordinal(j); ok && v >= 1 && v <= 12 {
			h, j = v, k
		} else if v, k, ok := s.smallNumber(j, false); ok && v >= 1 && v <= 12 {
			h, j = v, k
		}
	}
	if h < 0 {
		return 0, 0, i, false
	}
	// Minutes in words: والنصف, والربع, إلا ربعا, و10 دقائق.
	if clock && !hasMin {
		switch {
		case s.conj(j) && s.word(j, "النصف", "نصف"):
			mi, j, hasMin = 30, j+1, true
		case s.conj(j) && s.word(j, "الربع"):
			mi, j, hasMin = 15, j+1, true
		case s.word(j, "الا") && s.word(j+1, "ربعا", "ربع", "الربع"):
			h, mi, j, hasMin = h-1, 45, j+2, true
		case s.conj(j):
			if v, k, ok := s.number(j, false); ok && v < 60 && (s.word(k, "دقيقه", "دقائق")) {
				mi, j, hasMin = v, k+1, true
			}
		}
	}
	// French 15h30, 15 h 30, à 15 heures (30).
	frClock := s.word(j, "heures", "heure") && (s.word(i-1, "vers", "des", "jusqu'a") || (s.word(i-1, "a") && s.orig(i-1) != "a"))
	if !clock && (s.word(j, "h") || frClock) && h >= 0 {
		j++
		if j < len(s.toks) && s.toks[j].num >= 0 && s.toks[j].num < 60 && s.toks[j].digits == 2 {
			mi, j = s.toks[j].num, j+1
		}
		return h, mi, j, true
	}
	// am / pm.
	pm, am := false, false
	if e, ok := s.get(j, cAMPM); ok && s.clean(j) {
		pm, am = e.s == "pm", e.s == "am"
		j++
	} else if s.word(j, "p", "a") && s.punct(j+1, ".") && s.word(j+2, "m") {
		pm, am = s.toks[j].w == "p", s.toks[j].w == "a"
		j += 3
		if s.punct(j, ".") && s.toks[j].adj {
			j++
		}
	} else if s.word(j, "بعد") && s.word(j+1, "الظهر", "ظهر") && s.clean(j+1) {
		pm, j = true, j+2 // الثالثة بعد الظهر
	} else if s.word(j, "o'clock") {
		j++
		clock = true
	}
	if !clock && !pm && !am && !hasMin {
		return 0, 0, i, false
	}
	if !clock && !pm && !am && !strings.Contains(s.toks[i].w, ":") {
		return 0, 0, i, false
	}
	// Time zone: بتوقيت غرينتش, بتوقيت مكة المكرمة, بالتوقيت المحلي, GMT.
	if s.word(j, "بتوقيت", "بالتوقيت", "توقيت") && j+1 < len(s.toks) && s.toks[j+1].kind == tokenize.Word {
		j += 2
		if s.word(j, "المكرمه", "المحلي", "العالمي") {
			j++
		}
	} else if s.word(j, "gmt", "utc", "cet", "est", "edt", "bst") {
		j++
	}
	if pm && h < 12 && !(s.word(j-1, "ليلا") && h < 6) { // الثالثة ليلا: 03:00
		h += 12
	}
	if am && h == 12 {
		h = 0
	}
	if h < 0 || h > 24 || mi < 0 || mi > 59 {
		return 0, 0, i, false
	}
	return h, mi, j, true
}

// hourOrdinal reports whether a feminine ordinal of the hours at token i
// is a time of day without الساعة: "التاسعة صباحا", "الثامنة والنصف
// مساء" (a part of the day must follow, else it is "the ninth").
func (s *scanner) hourOrdinal(i int) bool {
	if i >= len(s.toks) || s.toks[i].clitic != "" && s.toks[i].clitic != "و" {
		return false
	}
	w := s.toks[i].w
	if !strings.HasPrefix(w, "ال") || !strings.HasSuffix(w, "ه") {
		return false
	}
	v, k, ok := s.ordinal(i)
	if !ok || v < 1 || v > 12 {
		return false
	}
	if p := s.tokW(i - 1); strings.HasSuffix(p, "مره") && isArabic(p) {
		return false // للمرة الثانية مساء أمس: the second time
	}
	if s.conj(k) && s.word(k, "النصف", "نصف", "الربع") {
		k++
	}
	if s.is(k, cAMPM) && s.clean(k) {
		return true
	}
	_, pd, ok := s.ofDay(k)
	return ok && pd != ""
}

func splitClock(w string) (int, int, bool) {
	k := strings.IndexAny(w, ":.")
	if k <= 0 || k > 2 || len(w)-k-1 != 2 {
		return 0, 0, false
	}
	h, err1 := strconv.Atoi(w[:k])
	m, err2 := strconv.Atoi(w[k+1:])
	if err1 != nil || err2 != nil || h > 24 || m > 59 {
		return 0, 0, false
	}
	return h, m, true
}

// functionWord reports whether w, folded, is an Arabic function word that
// starts like the article: الى, الا, الذي, التي.
func functionWord(w string) bool {
	switch w {
	case "الي", "الا", "الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي", "اللذان", "اللتان", "الان":
		return true
	}
	return false
}
