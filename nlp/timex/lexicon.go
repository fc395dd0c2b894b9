package timex

import "github.com/newsenrich/newsenrich/nlp/normalize"

// The lexicon maps words in matching form (package normalize: lower case,
// no accents or tashkeel, Arabic letters folded, ة → ه, أ → ا, ى → ي) to
// what they can mean in a time expression. A word may have several
// entries ("اليوم" is both "today" and "the day"); the rules pick the one
// they need.

// cat is the category of a lexicon entry.
type cat uint8

const (
	cMonth      cat = iota + 1 // v = 1..12
	cMonthHead                 // كانون / تشرين: v = month of "الاول"; "الثاني" adds one
	cWeekday                   // v = ISO weekday 1 (Monday) .. 7 (Sunday)
	cUnit                      // u = unit; f = plural, dual, definite, singular accusative
	cNum                       // v = value; f&fTeenOnly: only before عشر
	cTens                      // v = 20..90
	cHundred                   // v = 100..900
	cThousand                  // v = 1000 (×) or 2000
	cTeen                      // عشر / عشره: adds 10
	cOrd                       // v = ordinal 1..31
	cRelDay                    // v = day offset; s = part of day ("NI" for tonight)
	cRelAdj                    // v = -1 past, +1 future, 0 current; f&fLast: "the last"
	cPartDay                   // s = MO, AF, EV, NI, or hour "12", "00"
	cRef                       // s = PRESENT_REF, PAST_REF, FUTURE_REF
	cSetAdv                    // s = SET value (P1D)
	cSeason                    // s = SP, SU, FA, WI
	cEvery                     // كل, every, chaque
	cMod                       // s = TIMEX3 mod; f&fModPrefix needs a following word (أكثر من)
	cBound                     // s = START, MID, END
	cDecade                    // v = 2..9 (the twenties .. nineties)
	cAgo                       // قبل / منذ / il y a: the past
	cAfter                     // بعد / dans / in: the future
	cAgoPost                   // ago
	cThis                      // هذا / هذه / this / ce / cette
	cThat                      // that: a distal demonstrative, read only before a unit (that year)
	cClock                     // الساعة (the hour, before a clock time)
	cAMPM                      // am / pm words: s = "am" or "pm" or a part of day
	cOf                        // من / of / de: joins a day ordinal to its month
	cYearSuffix                // م (Gregorian), "AD"
	cHalf                      // نصف / ربع / half / quarter: v = percent of the unit
	cDay                       // يوم: the day word before weekdays and dates
	cPast                      // past markers for tense (verbs in the past, "yesterday")
	cFuture                    // future markers for tense (سوف, will)
	cCountNoun                 // a noun counted by a number (people, dollars): the number is no year
	cVague                     // عده / بضعه / several: vague quantities
	cSame                      // نفس / نفسه / same
	cTime                      // الوقت / time
	cIn                        // في / in / en: the preposition before references
	cNext                      // التالي / following
	cHoliday                   // the first word of a holiday's name (عيد, رأس): see holidays
	cHijri                     // شهر, a Hijri month's first word, an Islamic holiday's: see ruleHijri
	cStart                     // a word that starts expressions and has no other entry (more, il, الفتره)
)

// unit is a calendar unit.
type unit uint8

const (
	uNone unit = iota
	uYear
	uMonth
	uWeek
	uDay
	uHour
	uMinute
	uSecond
	uDecade
	uCentury
	uQuarter
)

// flags qualify entries.
type flags uint16

const (
	fPlural    flags = 1 << iota // سنوات, years
	fDual                        // عامين: two
	fDef                         // definite: العام, السنه
	fAcc                         // indefinite accusative singular: عاما, يوما
	fTeenOnly                    // احد: only in احد عشر
	fAmbig                       // month name that is also a common word (آب, مارس, may)
	fAbbrev                      // abbreviated month (sept): needs a day or a year
	fLast                        // الاخيره / last: "the last N units"
	fFem                         // feminine form (الثالثه): a clock hour
	fModPrefix                   // modifier needing a following word (اكثر + من)
)

// lang is a bit set of languages an entry belongs to.
type lang uint8

const (
	lAr lang = 1 << iota
	lEn
	lFr
	lAll = lAr | lEn | lFr
)

// entry is one meaning of a word.
type entry struct {
	c cat
	v int
	u unit
	f flags
	s string
	l lang
}

// lexicon is the word list, built once by New.
type lexicon map[string][]entry

func (lx lexicon) put(w string, e entry) {
	w = normalize.Fold(w) // keys are in matching form: دقائق → دقايق
	for _, old := range lx[w] {
		if old == e {
			return
		}
	}
	lx[w] = append(lx[w], e)
}

func (lx lexicon) add(l lang, c cat, v int, s string, words ...string) {
	for _, w := range words {
		lx.put(w, entry{c: c, v: v, s: s, l: l})
	}
}

func (lx lexicon) addF(l lang, c cat, v int, f flags, words ...string) {
	for _, w := range words {
		lx.put(w, entry{c: c, v: v, f: f, l: l})
	}
}

func (lx lexicon) addUnit(l lang, u unit, f flags, words ...string) {
	for _, w := range words {
		lx.put(w, entry{c: cUnit, u: u, f: f, l: l})
	}
}

// newLexicon builds the lexicon of the three languages.
func newLexicon() lexicon {
	lx := lexicon{}
	lx.add(lAr, cStart, 0, "", "ما", "علي", "الاونه", "الفتره", "المرحله")
	lx.add(lEn, cStart, 0, "", "more", "over", "less", "fewer", "at", "these")
	lx.add(lFr, cStart, 0, "", "plus", "moins", "il")
	arabicLexicon(lx)
	englishLexicon(lx)
	frenchLexicon(lx)
	return lx
}

func arabicLexicon(lx lexicon) {
	a := lAr
	// Months, Egyptian/Gulf series.
	months := [][]string{
		{"يناير"}, {"فبراير", "فبرابر"}, {"مارس"}, {"ابريل", "ابريل"}, {"مايو"}, {"يونيو", "يونيه"},
		{"يوليو", "يوليه"}, {"اغسطس", "اغسطس"}, {"سبتمبر"}, {"اكتوبر"}, {"نوفمبر"}, {"ديسمبر"},
	}
	for i, ws := range months {
		for _, w := range ws {
			f := flags(0)
			if w == "مارس" {
				f = fAmbig
			}
			lx.addF(a, cMonth, i+1, f, w)
		}
	}
	// Maghreb variants.
	lx.addF(a, cMonth, 1, 0, "جانفي")
	lx.addF(a, cMonth, 2, 0, "فيفري")
	lx.addF(a, cMonth, 4, 0, "افريل")
	lx.addF(a, cMonth, 5, fAmbig, "ماي")
	lx.addF(a, cMonth, 6, fAmbig, "جوان")
	lx.addF(a, cMonth, 7, 0, "جويليه", "جويلية")
	lx.addF(a, cMonth, 8, fAmbig, "اوت")
	// Levantine/Iraqi series.
	lx.addF(a, cMonth, 2, 0, "شباط")
	lx.addF(a, cMonth, 3, 0, "اذار")
	lx.addF(a, cMonth, 4, 0, "نيسان")
	lx.addF(a, cMonth, 5, 0, "ايار")
	lx.addF(a, cMonth, 6, 0, "حزيران")
	lx.addF(a, cMonth, 7, 0, "تموز")
	lx.addF(a, cMonth, 8, fAmbig, "اب")
	lx.addF(a, cMonth, 9, 0, "ايلول")
	lx.add(a, cMonthHead, 12, "", "كانون") // كانون الاول = 12, كانون الثاني = 1
	lx.add(a, cMonthHead, 10, "", "تشرين") // تشرين الاول = 10, تشرين الثاني = 11

	// Weekdays (ISO numbering).
	// Without the article a weekday name is also a common word (احد
	// "one", اثنين "two"): it counts only after يوم or كل.
	for i, w := range []string{"الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت", "الاحد"} {
		lx.addF(a, cWeekday, i+1, 0, w)
		lx.addF(a, cWeekday, i+1, fAmbig, w[4:])
	}
	lx.addF(a, cWeekday, 1, 0, "الاتنين")

	// Units.
	lx.addUnit(a, uYear, 0, "عام", "سنه")
	lx.addUnit(a, uYear, fDef, "العام", "السنه")
	lx.addUnit(a, uYear, fAcc, "عاما")
	lx.addUnit(a, uYear, fPlural, "سنوات", "سنين", "اعوام", "سنون")
	lx.addUnit(a, uYear, fPlural|fDef, "السنوات", "السنين", "الاعوام")
	lx.addUnit(a, uYear, fDual, "عامين", "عامان", "سنتين", "سنتان")
	lx.addUnit(a, uYear, fDual|fDef, "العامين", "السنتين")
	lx.addUnit(a, uMonth, 0, "شهر")
	lx.addUnit(a, uMonth, fDef, "الشهر")
	lx.addUnit(a, uMonth, fAcc, "شهرا")
	lx.addUnit(a, uMonth, fPlural, "اشهر", "شهور")
	lx.addUnit(a, uMonth, fPlural|fDef, "الاشهر", "الشهور")
	lx.addUnit(a, uMonth, fDual, "شهرين", "شهران")
	lx.addUnit(a, uWeek, 0, "اسبوع")
	lx.addUnit(a, uWeek, fDef, "الاسبوع")
	lx.addUnit(a, uWeek, fAcc, "اسبوعا")
	lx.addUnit(a, uWeek, fPlural, "اسابيع")
	lx.addUnit(a, uWeek, fPlural|fDef, "الاسابيع")
	lx.addUnit(a, uWeek, fDual, "اسبوعين", "اسبوعان")
	lx.addUnit(a, uDay, 0, "يوم")
	lx.addUnit(a, uDay, fDef, "اليوم")
	lx.addUnit(a, uDay, fAcc, "يوما")
	lx.addUnit(a, uDay, fPlural, "ايام")
	lx.addUnit(a, uDay, fPlural|fDef, "الايام")
	lx.addUnit(a, uDay, fDual, "يومين", "يومان")
	lx.addUnit(a, uHour, 0, "ساعه")
	lx.addUnit(a, uHour, fDef, "الساعه")
	lx.addUnit(a, uHour, fPlural, "ساعات")
	lx.addUnit(a, uHour, fPlural|fDef, "الساعات")
	lx.addUnit(a, uHour, fDual, "ساعتين", "ساعتان")
	lx.addUnit(a, uMinute, 0, "دقيقه")
	lx.addUnit(a, uMinute, fPlural, "دقائق")
	lx.addUnit(a, uMinute, fPlural|fDef, "الدقائق")
	lx.addUnit(a, uMinute, fDual, "دقيقتين", "دقيقتان")
	lx.addUnit(a, uSecond, fPlural, "ثوان", "ثواني")
	// ثانية is also the ordinal "second": as a unit only after a count or
	// a modifier (30 ثانية, نحو ثانية), see durationCore.
	lx.addUnit(a, uSecond, 0, "ثانيه")
	lx.addUnit(a, uSecond, fDual, "ثانيتين", "ثانيتان")
	lx.addUnit(a, uSecond, fPlural|fDef, "الثواني")
	lx.addUnit(a, uDecade, 0, "عقد")
	lx.addUnit(a, uDecade, fDef, "العقد")
	lx.addUnit(a, uDecade, fAcc, "عقدا")
	lx.addUnit(a, uDecade, fPlural, "عقود")
	lx.addUnit(a, uDecade, fPlural|fDef, "العقود")
	lx.addUnit(a, uDecade, fDual, "عقدين", "عقدان")
	lx.addUnit(a, uCentury, 0, "قرن")
	lx.addUnit(a, uCentury, fDef, "القرن")
	lx.addUnit(a, uCentury, fAcc, "قرنا")
	lx.addUnit(a, uCentury, fPlural, "قرون")
	lx.addUnit(a, uCentury, fPlural|fDef, "القرون")
	lx.addUnit(a, uCentury, fDual, "قرنين", "قرنان")
	lx.addUnit(a, uQuarter, fDef, "الربع")

	// Cardinal numbers.
	nums := map[int][]string{
		1: {"واحد", "واحده"}, 2: {"اثنان", "اثنين", "اثنتان", "اثنتين", "اثنا", "اثني", "اثنتا", "اثنتي"},
		3: {"ثلاث", "ثلاثه"}, 4: {"اربع", "اربعه"}, 5: {"خمس", "خمسه"}, 6: {"ست", "سته"},
		7: {"سبع", "سبعه"}, 8: {"ثمان", "ثماني", "ثمانيه"}, 9: {"تسع", "تسعه"}, 10: {"عشره"},
	}
	for v, ws := range nums {
		lx.addF(a, cNum, v, 0, ws...)
	}
	lx.addF(a, cNum, 1, fTeenOnly, "احد", "احدي")
	lx.add(a, cTeen, 10, "", "عشر", "عشره")
	lx.addF(a, cNum, 10, 0, "عشر")
	tens := map[int][]string{
		20: {"عشرون", "عشرين"}, 30: {"ثلاثون", "ثلاثين"}, 40: {"اربعون", "اربعين"}, 50: {"خمسون", "خمسين"},
		60: {"ستون", "ستين"}, 70: {"سبعون", "سبعين"}, 80: {"ثمانون", "ثمانين"}, 90: {"تسعون", "تسعين"},
	}
	for v, ws := range tens {
		lx.add(a, cTens, v, "", ws...)
	}
	lx.add(a, cHundred, 100, "", "مائه", "مئه", "ماءه")
	lx.add(a, cHundred, 200, "", "مائتين", "مئتين", "مائتان", "مئتان", "مائتي", "مئتي")
	for i, p := range []string{"ثلاث", "اربع", "خمس", "ست", "سبع", "ثمان", "تسع"} {
		lx.add(a, cHundred, (i+3)*100, "", p+"مائه", p+"مئه")
	}
	lx.add(a, cThousand, 1000, "", "الف", "الاف", "آلاف")
	lx.add(a, cThousand, 2000, "", "الفين", "الفان", "الفي")

	// Ordinals (days of the month, centuries, decades).
	ords := map[int][]string{
		1: {"الاول", "الاولي", "اول"}, 2: {"الثاني", "الثانيه", "ثاني"}, 3: {"الثالث", "الثالثه", "ثالث"},
		4: {"الرابع", "الرابعه", "رابع"}, 5: {"الخامس", "الخامسه", "خامس"}, 6: {"السادس", "السادسه", "سادس"},
		7: {"السابع", "السابعه", "سابع"}, 8: {"الثامن", "الثامنه", "ثامن"}, 9: {"التاسع", "التاسعه", "تاسع"},
		10: {"العاشر", "العاشره", "عاشر"}, 1001: {"الحادي", "الحاديه", "حادي"},
		20: {"العشرين", "العشرون"}, 30: {"الثلاثين", "الثلاثون"},
	}
	for v, ws := range ords {
		for _, w := range ws {
			f, ov := flags(0), v
			if ov > 1000 { // الحادي: only in compounds (الحادي عشر)
				ov, f = ov-1000, fTeenOnly
			}
			if len(w) > 2 && w[len(w)-2:] == "ه" {
				f |= fFem
			}
			lx.addF(a, cOrd, ov, f, w)
		}
	}

	// Relative days.
	lx.add(a, cRelDay, -1, "", "امس", "الامس", "البارحه")
	lx.add(a, cRelDay, 1, "", "غدا", "غد", "الغد")
	lx.add(a, cRelDay, 0, "", "اليوم")
	lx.add(a, cRelDay, 0, "NI", "الليله")

	// Relative adjectives.
	lx.add(a, cRelAdj, -1, "", "الماضي", "الماضيه", "المنصرم", "المنصرمه", "الفائت", "الفائته", "المنقضي", "المنقضيه", "السابق", "السابقه", "الماضيين", "الماضيتين")
	lx.add(a, cRelAdj, 1, "", "المقبل", "المقبله", "القادم", "القادمه", "اللاحق", "اللاحقه", "المقبلين", "القادمين")
	lx.add(a, cRelAdj, 0, "", "الجاري", "الجاريه", "الحالي", "الحاليه", "الراهن", "الراهنه")
	lx.addF(a, cRelAdj, -1, fLast, "الاخير", "الاخيره", "الاخيرين")
	lx.add(a, cNext, 1, "", "التالي", "التاليه")

	// Parts of the day.
	lx.add(a, cPartDay, 0, "MO", "صباح", "الصباح", "صباحا", "صبيحه")
	lx.add(a, cPartDay, 0, "EV", "مساء", "المساء", "مساءا", "امسيه")
	lx.add(a, cPartDay, 0, "NI", "ليله", "ليل", "الليل", "ليلا")
	lx.add(a, cPartDay, 0, "MI", "ظهر", "الظهر", "ظهرا", "ظهيره", "الظهيره")
	lx.add(a, cPartDay, 0, "AF", "عصر", "العصر", "عصرا")
	lx.add(a, cPartDay, 0, "MO", "فجر", "الفجر", "فجرا")
	lx.add(a, cAMPM, 0, "am", "صباحا", "فجرا", "صباح", "الصباح", "الفجر", "فجر")
	lx.add(a, cAMPM, 0, "pm", "مساء", "مساءا", "ظهرا", "عصرا", "ليلا", "المساء", "العصر", "الظهر", "عصر", "ظهر")

	// References to the present, past and future. Adverbs of sequencing
	// (لاحقا "later", بعدئذ "afterwards") order events relative to one
	// another and are not markable in TimeML, as "later" is not in the
	// English list; آنذاك / وقتئذ "at that time" refer to a time and are.
	lx.add(a, cRef, 0, "PRESENT_REF", "الان", "حاليا", "حاضرا", "راهنا")
	lx.add(a, cRef, 0, "PAST_REF", "مؤخرا", "موخرا", "سابقا", "انذاك", "وقتئذ", "حينئذ", "انئذ")
	lx.add(a, cRef, 0, "FUTURE_REF", "قريبا", "مستقبلا")

	// Sets.
	lx.add(a, cSetAdv, 0, "P1Y", "سنويا", "السنوي", "السنويه", "سنوي", "سنويه")
	lx.add(a, cSetAdv, 0, "P1M", "شهريا", "الشهري", "الشهريه", "شهري", "شهريه")
	lx.add(a, cSetAdv, 0, "P1W", "اسبوعيا", "الاسبوعي", "الاسبوعيه", "اسبوعي", "اسبوعيه")
	lx.add(a, cSetAdv, 0, "P1D", "يوميا", "اليومي", "اليوميه", "يومي", "يوميه")
	lx.add(a, cEvery, 0, "", "كل")

	// Seasons.
	lx.add(a, cSeason, 0, "SU", "الصيف", "صيف")
	lx.add(a, cSeason, 0, "WI", "الشتاء", "شتاء")
	lx.add(a, cSeason, 0, "SP", "الربيع", "ربيع")
	lx.add(a, cSeason, 0, "FA", "الخريف", "خريف")

	// Modifiers and boundaries.
	lx.add(a, cMod, 0, "APPROX", "نحو", "حوالي", "قرابه", "زهاء", "تقريبا", "قرابه")
	lx.addF(a, cMod, 0, fModPrefix, "اكثر", "اقل", "اطول", "اقصر")
	lx.add(a, cBound, 0, "START", "بدايه", "مطلع", "اوائل", "مستهل", "بدء", "اول")
	lx.add(a, cBound, 0, "MID", "منتصف", "اواسط", "وسط", "اواسطه")
	lx.add(a, cBound, 0, "END", "نهايه", "اواخر", "اخر", "ختام", "اخير")

	// Decades.
	for i, w := range []string{"العشرينيات", "الثلاثينيات", "الاربعينيات", "الخمسينيات", "الستينيات", "السبعينيات", "الثمانينيات", "التسعينيات"} {
		lx.add(a, cDecade, i+2, "", w, w[4:], w[:len(w)-6]+"ات", w[4:len(w)-6]+"ات")
	}

	lx.add(a, cAgo, 0, "", "قبل", "منذ")
	lx.add(a, cAfter, 0, "", "بعد")
	lx.add(a, cThis, 0, "", "هذا", "هذه", "ذلك", "تلك")
	lx.add(a, cOf, 0, "", "من")
	lx.add(a, cYearSuffix, 0, "", "م")
	lx.add(a, cHalf, 50, "", "نصف", "نصفا") // نصفا: the accusative after عاما و
	lx.add(a, cHalf, 25, "", "ربع")
	lx.add(a, cDay, 0, "", "يوم")
	lx.add(a, cClock, 0, "", "الساعه")
	lx.add(a, cVague, 0, "", "عده", "بضعه", "بضع", "عدة")
	lx.add(a, cSame, 0, "", "نفس", "نفسه", "ذاته")
	lx.add(a, cTime, 0, "", "الوقت")
	lx.add(a, cIn, 0, "", "في")
	for _, h := range holidays {
		lx.add(h.l, cHoliday, 0, "", h.words[0])
	}
	for _, h := range hijriHolidays {
		lx.add(h.l, cHijri, 0, "", h.words[0])
	}
	lx.add(lEn|lFr, cHijri, 0, "", "ramadan")
	lx.add(a, cHijri, 0, "", "شهر", "محرم", "صفر", "ربيع", "جمادي", "رجب", "شعبان", "رمضان", "شوال", "ذو", "ذي")

	// Tense markers.
	lx.add(a, cFuture, 0, "", "سوف", "سيتم", "ستتم", "غدا")
	lx.add(a, cPast, 0, "", "امس", "كان", "كانت", "قال", "قالت", "اعلن", "اعلنت", "اكد", "اكدت", "ذكر", "ذكرت",
		"افاد", "افادت", "اضاف", "اضافت", "اوضح", "اوضحت", "اشار", "اشارت", "سافر", "سافرت", "زار", "زارت",
		"وقع", "وقعت", "شهد", "شهدت", "بدا", "بدات", "انتهي", "انتهت", "عقد", "عقدت", "التقي", "اجتمع", "اجتمعت",
		"اجري", "اجرت", "توفي", "قتل", "قتلت", "اصيب", "فاز", "فازت", "خسر", "خسرت", "وصل", "وصلت", "غادر", "غادرت",
		"اطلق", "اطلقت", "صدر", "صدرت", "تم", "جري", "جرت", "حصل", "حصلت", "نشر", "نشرت", "اعلنا", "قالوا", "لم", "اصدر", "اصدرت",
		"شارك", "شاركت", "استقبل", "استقبلت", "افتتح", "افتتحت", "اختتم", "اختتمت", "نظم", "نظمت", "انطلق", "انطلقت", "حدث")

	// Count nouns: a 4-digit number before them is no year.
	lx.add(a, cCountNoun, 0, "", "شخص", "شخصا", "دولار", "دولارا", "يورو", "جنيه", "ريال", "درهم", "دينار", "ليره",
		"طن", "كيلومتر", "كلم", "كم", "متر", "قتيل", "قتيلا", "جريح", "جريحا", "جندي", "جنديا", "مليون", "مليار",
		"الف", "عنصر", "عنصرا", "مقاتل", "مقاتلا", "لاجئ", "لاجئا", "طالب", "طالبا", "موظف", "موظفا", "منزل", "منزلا",
		"وحده", "برميل", "ميغاواط", "هكتار", "دونم", "صاروخ", "صاروخا", "سياره", "حاله", "اصابه", "وفاه")
}

func englishLexicon(lx lexicon) {
	e := lEn
	for i, ws := range [][]string{
		{"january"}, {"february"}, {"march"}, {"april"}, {"may"}, {"june"}, {"july"}, {"august"},
		{"september"}, {"october"}, {"november"}, {"december"},
	} {
		f := flags(0)
		if ws[0] == "march" || ws[0] == "may" {
			f = fAmbig
		}
		lx.addF(e, cMonth, i+1, f, ws...)
	}
	for i, w := range []string{"jan", "feb", "mar", "apr", "", "jun", "jul", "aug", "sept", "oct", "nov", "dec"} {
		if w != "" {
			lx.addF(e, cMonth, i+1, fAbbrev, w)
		}
	}
	lx.addF(e, cMonth, 9, fAbbrev, "sep")
	for i, w := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		lx.add(e, cWeekday, i+1, "", w, w+"s")
	}
	type uw struct {
		u     unit
		sg, p string
	}
	for _, x := range []uw{{uYear, "year", "years"}, {uMonth, "month", "months"}, {uWeek, "week", "weeks"},
		{uDay, "day", "days"}, {uHour, "hour", "hours"}, {uMinute, "minute", "minutes"}, {uSecond, "second", "seconds"},
		{uDecade, "decade", "decades"}, {uCentury, "century", "centuries"}, {uQuarter, "quarter", "quarters"}} {
		lx.addUnit(e, x.u, 0, x.sg)
		lx.addUnit(e, x.u, fPlural, x.p)
	}
	lx.addUnit(e, uMinute, 0, "min")
	lx.addUnit(e, uMinute, fPlural, "mins")
	lx.addUnit(e, uHour, fPlural, "hrs")
	words := []string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
		"thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	for i, w := range words {
		lx.addF(e, cNum, i+1, 0, w)
	}
	lx.addF(e, cNum, 1, fTeenOnly, "a", "an")
	for i, w := range []string{"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"} {
		lx.add(e, cTens, (i+2)*10, "", w)
	}
	lx.add(e, cHundred, 100, "", "hundred")
	lx.add(e, cThousand, 1000, "", "thousand")
	for i, w := range []string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
		"eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"} {
		lx.add(e, cOrd, i+1, "", w)
	}
	lx.add(e, cRelDay, -1, "", "yesterday")
	lx.add(e, cRelDay, 1, "", "tomorrow")
	lx.add(e, cRelDay, 0, "", "today")
	lx.add(e, cRelDay, 0, "NI", "tonight")
	lx.add(e, cRelAdj, -1, "", "last", "past", "previous")
	lx.add(e, cRelAdj, 1, "", "next", "coming", "upcoming")
	lx.addF(e, cRelAdj, -1, fLast, "recent")
	lx.add(e, cNext, 1, "", "following")
	lx.add(e, cPartDay, 0, "MO", "morning")
	lx.add(e, cPartDay, 0, "AF", "afternoon")
	lx.add(e, cPartDay, 0, "EV", "evening")
	lx.add(e, cPartDay, 0, "NI", "night")
	lx.add(e, cStart, 0, "", "noon", "midnight", "day")
	lx.add(e, cAMPM, 0, "am", "am")
	lx.add(e, cAMPM, 0, "pm", "pm")
	lx.add(e, cRef, 0, "PRESENT_REF", "now", "currently", "nowadays", "presently")
	lx.add(e, cRef, 0, "PAST_REF", "recently", "formerly", "lately", "previously")
	lx.add(e, cRef, 0, "FUTURE_REF", "soon")
	lx.add(e, cSetAdv, 0, "P1D", "daily")
	lx.add(e, cSetAdv, 0, "P1W", "weekly")
	lx.add(e, cSetAdv, 0, "P1M", "monthly")
	lx.add(e, cSetAdv, 0, "P1Y", "annually", "yearly")
	lx.add(e, cSetAdv, 0, "PT1H", "hourly")
	lx.add(e, cEvery, 0, "", "every", "each")
	lx.add(e, cSeason, 0, "SU", "summer")
	lx.add(e, cSeason, 0, "WI", "winter")
	lx.add(e, cSeason, 0, "SP", "spring")
	lx.add(e, cSeason, 0, "FA", "autumn")
	lx.add(e, cMod, 0, "APPROX", "about", "around", "nearly", "almost", "some", "roughly", "approximately")
	lx.add(e, cBound, 0, "START", "early", "beginning", "start")
	lx.add(e, cBound, 0, "MID", "mid", "middle")
	lx.add(e, cBound, 0, "END", "late", "end")
	for i, w := range []string{"twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"} {
		lx.add(e, cDecade, i+2, "", w)
	}
	lx.add(e, cAgoPost, 0, "", "ago")
	lx.add(e, cAfter, 0, "", "in", "within")
	lx.add(e, cThis, 0, "", "this")
	lx.add(e, cThat, 0, "", "that")
	lx.add(e, cOf, 0, "", "of")
	lx.add(e, cHalf, 50, "", "half")
	lx.add(e, cSame, 0, "", "same")
	lx.add(e, cFuture, 0, "", "will", "shall", "'ll", "next", "tomorrow", "upcoming")
	lx.add(e, cPast, 0, "", "said", "was", "were", "had", "did", "went", "came", "took", "met", "made", "told", "began",
		"left", "won", "lost", "held", "ago", "last", "yesterday", "announced", "visited", "died", "killed")
	lx.add(e, cCountNoun, 0, "", "people", "dollars", "euros", "pounds", "km", "kilometres", "kilometers", "meters",
		"metres", "tons", "tonnes", "troops", "soldiers", "deaths", "cases", "barrels", "miles", "million", "billion")
	lx.add(e, cVague, 0, "", "several", "few", "many")
}

func frenchLexicon(lx lexicon) {
	f := lFr
	for i, w := range []string{"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"} {
		lx.addF(f, cMonth, i+1, 0, w)
	}
	for i, w := range []string{"janv", "fevr", "", "avr", "", "", "juil", "", "sept", "oct", "nov", "dec"} {
		if w != "" {
			lx.addF(f, cMonth, i+1, fAbbrev, w)
		}
	}
	for i, w := range []string{"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"} {
		lx.add(f, cWeekday, i+1, "", w, w+"s")
	}
	lx.addUnit(f, uYear, 0, "an", "annee")
	lx.addUnit(f, uYear, fPlural, "ans", "annees")
	lx.addUnit(f, uMonth, 0, "mois")
	lx.addUnit(f, uWeek, 0, "semaine")
	lx.addUnit(f, uWeek, fPlural, "semaines")
	lx.addUnit(f, uDay, 0, "jour", "journee")
	lx.addUnit(f, uDay, fPlural, "jours", "journees")
	lx.addUnit(f, uHour, 0, "heure", "h")
	lx.addUnit(f, uHour, fPlural, "heures")
	lx.addUnit(f, uMinute, 0, "minute")
	lx.addUnit(f, uMinute, fPlural, "minutes")
	lx.addUnit(f, uSecond, 0, "seconde")
	lx.addUnit(f, uSecond, fPlural, "secondes")
	lx.addUnit(f, uDecade, 0, "decennie")
	lx.addUnit(f, uDecade, fPlural, "decennies")
	lx.addUnit(f, uCentury, 0, "siecle")
	lx.addUnit(f, uCentury, fPlural, "siecles")
	for i, w := range []string{"un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
		"treize", "quatorze", "quinze", "seize"} {
		lx.addF(f, cNum, i+1, 0, w)
	}
	lx.addF(f, cNum, 1, 0, "une")
	for i, w := range []string{"vingt", "trente", "quarante", "cinquante", "soixante"} {
		lx.add(f, cTens, (i+2)*10, "", w)
	}
	lx.add(f, cHundred, 100, "", "cent", "cents")
	lx.add(f, cThousand, 1000, "", "mille")
	for i, w := range []string{"premier", "deuxieme", "troisieme", "quatrieme", "cinquieme", "sixieme", "septieme", "huitieme",
		"neuvieme", "dixieme", "onzieme", "douzieme", "treizieme", "quatorzieme", "quinzieme", "seizieme", "dix-septieme",
		"dix-huitieme", "dix-neuvieme", "vingtieme"} {
		lx.add(f, cOrd, i+1, "", w)
	}
	lx.add(f, cOrd, 1, "", "premiere", "1er", "1ere")
	lx.add(f, cOrd, 21, "", "vingt-et-unieme")
	lx.add(f, cRelDay, -1, "", "hier")
	lx.add(f, cRelDay, -2, "", "avant-hier")
	lx.add(f, cRelDay, 1, "", "demain")
	lx.add(f, cRelDay, 2, "", "apres-demain")
	lx.add(f, cRelDay, 0, "", "aujourd'hui", "aujourd’hui")
	lx.add(f, cRelAdj, -1, "", "dernier", "derniere", "derniers", "dernieres", "passe", "passee", "passes", "passees", "precedent", "precedente")
	lx.add(f, cRelAdj, 1, "", "prochain", "prochaine", "prochains", "prochaines")
	lx.add(f, cNext, 1, "", "suivant", "suivante")
	lx.add(f, cRelAdj, 0, "", "courant", "en cours")
	lx.add(f, cPartDay, 0, "MO", "matin", "matinee")
	lx.add(f, cPartDay, 0, "AF", "apres-midi")
	lx.add(f, cPartDay, 0, "EV", "soir", "soiree")
	lx.add(f, cPartDay, 0, "NI", "nuit")
	lx.add(f, cStart, 0, "", "midi", "minuit")
	lx.add(f, cRef, 0, "PRESENT_REF", "maintenant", "actuellement", "desormais")
	lx.add(f, cRef, 0, "PAST_REF", "recemment", "naguere", "autrefois", "dernierement")
	lx.add(f, cRef, 0, "FUTURE_REF", "bientot", "prochainement")
	lx.add(f, cSetAdv, 0, "P1D", "quotidiennement", "quotidien", "quotidienne")
	lx.add(f, cSetAdv, 0, "P1W", "hebdomadaire", "hebdomadairement")
	lx.add(f, cSetAdv, 0, "P1M", "mensuel", "mensuelle", "mensuellement")
	lx.add(f, cSetAdv, 0, "P1Y", "annuel", "annuelle", "annuellement")
	lx.add(f, cEvery, 0, "", "chaque", "tous", "toutes")
	lx.add(f, cSeason, 0, "SU", "ete")
	lx.add(f, cSeason, 0, "WI", "hiver")
	lx.add(f, cSeason, 0, "SP", "printemps")
	lx.add(f, cSeason, 0, "FA", "automne")
	lx.add(f, cMod, 0, "APPROX", "environ", "quelque")
	lx.add(f, cBound, 0, "START", "debut")
	lx.add(f, cBound, 0, "MID", "mi")
	lx.add(f, cBound, 0, "END", "fin")
	lx.add(f, cAfter, 0, "", "dans")
	lx.add(f, cThis, 0, "", "ce", "cet", "cette")
	lx.add(f, cOf, 0, "", "de")
	lx.add(f, cHalf, 50, "", "demi", "demie")
	lx.add(f, cFuture, 0, "", "va", "vont", "allons", "prochain", "prochaine", "demain")
	lx.add(f, cPast, 0, "", "ont", "avait", "avaient", "etait", "etaient", "fut", "hier", "dernier", "derniere", "dit", "declare")
	lx.add(f, cCountNoun, 0, "", "personnes", "euros", "dollars", "km", "kilometres", "metres", "tonnes", "soldats", "morts", "millions", "milliards")
	lx.add(f, cVague, 0, "", "plusieurs", "quelques")
}
