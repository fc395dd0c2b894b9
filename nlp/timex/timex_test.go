package timex

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// tuesday is the sample article's publication time, 2023-09-05 (a Tuesday).
var tuesday = time.Date(2023, 9, 5, 0, 0, 0, 0, time.UTC)

type want struct{ text, typ, value string }

func (w want) String() string { return fmt.Sprintf("%q %s %s", w.text, w.typ, w.value) }

type tagCase struct {
	name, lang, text string
	anchor           time.Time
	want             []want
}

func runCases(t *testing.T, cases []tagCase) {
	t.Helper()
	tg := New()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := tg.Tag(c.text, c.lang, c.anchor)
			var gs, ws []string
			for _, g := range got {
				if c.text[g.Start:g.End] != g.Text {
					t.Errorf("span [%d,%d) is %q, Text %q", g.Start, g.End, c.text[g.Start:g.End], g.Text)
				}
				gs = append(gs, want{g.Text, g.Type, g.Value}.String())
			}
			for _, w := range c.want {
				ws = append(ws, w.String())
			}
			if strings.Join(gs, "; ") != strings.Join(ws, "; ") {
				t.Errorf("Tag(%q)\n got %s\nwant %s", c.text, strings.Join(gs, "; "), strings.Join(ws, "; "))
			}
		})
	}
}

func TestArabicDates(t *testing.T) {
	a := tuesday
	runCases(t, []tagCase{
		{"yesterday monday", "ar", "أعلن البيت الأبيض أمس الإثنين أن", a, []want{{"أمس الإثنين", Date, "2023-09-04"}}},
		{"yesterday", "ar", "وصل أمس إلى القاهرة", a, []want{{"أمس", Date, "2023-09-04"}}},
		{"day before yesterday", "ar", "وقع الحادث أول أمس", a, []want{{"أول أمس", Date, "2023-09-03"}}},
		{"day before yesterday 2", "ar", "وقع الحادث أمس الأول", a, []want{{"أمس الأول", Date, "2023-09-03"}}},
		{"tomorrow", "ar", "يصل الوفد غداً", a, []want{{"غداً", Date, "2023-09-06"}}},
		{"day after tomorrow", "ar", "يصل الوفد بعد غد", a, []want{{"بعد غد", Date, "2023-09-07"}}},
		{"today", "ar", "يغادر اليوم إلى الكويت", a, []want{{"اليوم", Date, "2023-09-05"}}},
		{"national day is not today", "ar", "احتفلت البلاد باليوم الوطني", a, nil},
		{"next day", "ar", "وفي اليوم التالي غادر", a, []want{{"اليوم التالي", Date, "2023-09-06"}}},
		{"clitic", "ar", "وأمس قال الوزير", a, []want{{"أمس", Date, "2023-09-04"}}},
		{"bare weekday past", "ar", "وقال بوتين الاثنين إنه", a, []want{{"الاثنين", Date, "2023-09-04"}}},
		{"weekday today", "ar", "قال الوزير الثلاثاء", a, []want{{"الثلاثاء", Date, "2023-09-05"}}},
		{"weekday future verb", "ar", "سيلتقي الرئيس نظيره الخميس", a, []want{{"الخميس", Date, "2023-09-07"}}},
		{"weekday next", "ar", "تبدأ القمة الجمعة المقبلة", a, []want{{"الجمعة المقبلة", Date, "2023-09-08"}}},
		{"weekday last", "ar", "انطلقت الأحد الماضي", a, []want{{"الأحد الماضي", Date, "2023-09-03"}}},
		{"weekday with date", "ar", "الاثنين 4 سبتمبر 2023", a, []want{{"الاثنين 4 سبتمبر 2023", Date, "2023-09-04"}}},
		{"evening", "ar", "مساء الأحد", a, []want{{"مساء الأحد", Time, "2023-09-03TEV"}}},
		{"morning of day", "ar", "صباح يوم الاثنين", a, []want{{"صباح يوم الاثنين", Time, "2023-09-04TMO"}}},
		{"month future", "ar", "سيسافر في سبتمبر على الأرجح", a, []want{{"سبتمبر", Date, "2023-09"}}},
		{"month past", "ar", "سافر في أغسطس إلى كوريا", a, []want{{"أغسطس", Date, "2023-08"}}},
		{"month future next year", "ar", "سيعقد المؤتمر في أغسطس", a, []want{{"أغسطس", Date, "2024-08"}}},
		{"month past previous year", "ar", "زار الرئيس القاهرة في ديسمبر", a, []want{{"ديسمبر", Date, "2022-12"}}},
		{"month no tense", "ar", "مهرجان ديسمبر", a, []want{{"ديسمبر", Date, "2023-12"}}},
		{"levantine", "ar", "في أيلول 2022", a, []want{{"أيلول 2022", Date, "2022-09"}}},
		{"kanun", "ar", "في كانون الثاني 2024", a, []want{{"كانون الثاني 2024", Date, "2024-01"}}},
		{"tishrin", "ar", "في 12 تشرين الأول 2023", a, []want{{"12 تشرين الأول 2023", Date, "2023-10-12"}}},
		{"pair slash", "ar", "في 4 إبريل/نيسان 2023", a, []want{{"4 إبريل/نيسان 2023", Date, "2023-04-04"}}},
		{"pair paren", "ar", "في نيسان (أبريل) 2023", a, []want{{"نيسان (أبريل) 2023", Date, "2023-04"}}},
		{"indic digits", "ar", "في ٤ أيلول/سبتمبر ٢٠٢٣", a, []want{{"٤ أيلول/سبتمبر ٢٠٢٣", Date, "2023-09-04"}}},
		{"ordinal day", "ar", "في الحادي عشر من سبتمبر 2001", a, []want{{"الحادي عشر من سبتمبر 2001", Date, "2001-09-11"}}},
		{"current month", "ar", "يوم 18 أبريل الجاري", a, []want{{"18 أبريل الجاري", Date, "2023-04-18"}}},
		{"day range", "ar", "من 12 إلى 15 سبتمبر 2023", a, []want{{"12", Date, "2023-09-12"}, {"15 سبتمبر 2023", Date, "2023-09-15"}}},
		{"day range and", "ar", "بين 10 و12 أكتوبر", a, []want{{"10", Date, "2023-10-10"}, {"12 أكتوبر", Date, "2023-10-12"}}},
		{"father is no month", "ar", "شركاء اب الطفل", a, nil},
		{"aab with day", "ar", "في 6 آب", a, []want{{"6 آب", Date, "2023-08-06"}}},
		{"year word", "ar", "في العام 1887 قام", a, []want{{"العام 1887", Date, "1887"}}},
		{"year", "ar", "في عام 2003", a, []want{{"عام 2003", Date, "2003"}}},
		{"bare year", "ar", "شمشون ودليلة (1949)", a, []want{{"1949", Date, "1949"}}},
		{"count noun no year", "ar", "قتل 2000 شخص", a, nil},
		{"hijri year not gregorian 1445", "ar", "عام 1445 هـ", a, []want{{"عام 1445 هـ", Date, "2024"}}},
		{"numeric", "ar", "بتاريخ 05/09/2023", a, []want{{"05/09/2023", Date, "2023-09-05"}}},
		{"iso", "ar", "بتاريخ 2023-09-05", a, []want{{"2023-09-05", Date, "2023-09-05"}}},
		{"last week", "ar", "أعلن الأسبوع الماضي", a, []want{{"الأسبوع الماضي", Date, "2023-W35"}}},
		{"next week", "ar", "الأسبوع المقبل", a, []want{{"الأسبوع المقبل", Date, "2023-W37"}}},
		{"next month", "ar", "الشهر المقبل", a, []want{{"الشهر المقبل", Date, "2023-10"}}},
		{"last year", "ar", "العام الماضي", a, []want{{"العام الماضي", Date, "2022"}}},
		{"last year fem", "ar", "السنة الماضية", a, []want{{"السنة الماضية", Date, "2022"}}},
		{"this year", "ar", "هذا العام", a, []want{{"هذا العام", Date, "2023"}}},
		{"year before last", "ar", "العام قبل الماضي", a, []want{{"العام قبل الماضي", Date, "2021"}}},
		{"current month", "ar", "الشهر الجاري", a, []want{{"الشهر الجاري", Date, "2023-09"}}},
		{"end of year", "ar", "نهاية العام الجاري", a, []want{{"نهاية العام الجاري", Date, "2023"}}},
		{"weekend", "ar", "عطلة نهاية الأسبوع", a, []want{{"نهاية الأسبوع", Date, "2023-W36-WE"}}},
		{"century", "ar", "في القرن التاسع عشر", a, []want{{"القرن التاسع عشر", Date, "18"}}},
		{"century 21", "ar", "القرن الحادي والعشرين", a, []want{{"القرن الحادي والعشرين", Date, "20"}}},
		{"last century", "ar", "القرن الماضي", a, []want{{"القرن الماضي", Date, "19"}}},
		{"late century", "ar", "أواخر القرن التاسع عشر", a, []want{{"أواخر القرن التاسع عشر", Date, "18"}}},
		{"decade", "ar", "في الخمسينيات", a, []want{{"الخمسينيات", Date, "195"}}},
		{"decade construct", "ar", "ثمانينيات القرن الماضي", a, []want{{"ثمانينيات القرن الماضي", Date, "198"}}},
		{"ordinal decade", "ar", "خلال العقد الأول من القرن الماضي", a, []want{{"العقد الأول", Date, "190"}, {"القرن الماضي", Date, "19"}}},
		{"season", "ar", "في فصل الصيف", a, []want{{"الصيف", Date, "2023-SU"}}},
		{"arab spring", "ar", "الربيع العربي", a, nil},
		{"present", "ar", "يقيم حالياً في", a, []want{{"حالياً", Date, "PRESENT_REF"}}},
		{"recently", "ar", "كرمت مؤخراً", a, []want{{"مؤخراً", Date, "PAST_REF"}}},
		{"in the past", "ar", "كانوا في السابق", a, []want{{"في السابق", Date, "PAST_REF"}}},
		{"same time", "ar", "وفي نفس الوقت", a, []want{{"نفس الوقت", Date, "PRESENT_REF"}}},
		{"coming days", "ar", "خلال الأيام المقبلة", a, []want{{"الأيام المقبلة", Date, "FUTURE_REF"}}},
	})
}

func TestArabicRelative(t *testing.T) {
	a := tuesday
	runCases(t, []tagCase{
		{"an hour ago", "ar", "منذ ساعة", a, []want{{"منذ ساعة", Time, "2023-09-04T23:00"}}},
		{"3 hours ago", "ar", "منذ 3 ساعات", a, []want{{"منذ 3 ساعات", Time, "2023-09-04T21:00"}}},
		{"two days ago", "ar", "قبل يومين", a, []want{{"قبل يومين", Date, "2023-09-03"}}},
		{"years ago words", "ar", "كانت قبل خمسة وتسعين عاما", time.Date(2015, 12, 24, 0, 0, 0, 0, time.UTC), []want{{"قبل خمسة وتسعين عاما", Date, "1920"}}},
		{"months ago", "ar", "منذ ثلاثة أشهر", a, []want{{"منذ ثلاثة أشهر", Date, "2023-06"}}},
		{"century ago", "ar", "منذ أكثر من قرن", a, []want{{"منذ أكثر من قرن", Date, "1923"}}},
		{"since monday", "ar", "منذ يوم الاثنين", a, []want{{"الاثنين", Date, "2023-09-04"}}},
		{"since year", "ar", "منذ عام 2009", a, []want{{"عام 2009", Date, "2009"}}},
		{"ago approx", "ar", "قبل مائة عام تقريبا", a, []want{{"قبل مائة عام تقريبا", Date, "1923"}}},
		{"vague ago", "ar", "منذ سنوات", a, []want{{"منذ سنوات", Date, "PAST_REF"}}},
		{"in two days", "ar", "سيعود بعد يومين", a, []want{{"بعد يومين", Date, "2023-09-07"}}},
		{"after two years", "ar", "عاد بعد عامين من الغياب", a, []want{{"عامين", Duration, "P2Y"}}},
		{"hours article", "ar", "خلال الساعات الـ24 الماضية", a, []want{{"الساعات الـ24 الماضية", Duration, "PT24H"}}},
		{"past three days", "ar", "خلال الأيام الثلاثة الماضية", a, []want{{"الأيام الثلاثة الماضية", Duration, "P3D"}}},
	})
}

func TestArabicDurationsSetsTimes(t *testing.T) {
	a := tuesday
	runCases(t, []tagCase{
		{"three years", "ar", "استمرت ثلاث سنوات", a, []want{{"ثلاث سنوات", Duration, "P3Y"}}},
		{"ten years", "ar", "أقل من عشر سنوات", a, []want{{"أقل من عشر سنوات", Duration, "P10Y"}}},
		{"48 hours", "ar", "خلال 48 ساعة", a, []want{{"48 ساعة", Duration, "PT48H"}}},
		{"48 hours indic", "ar", "خلال ٤٨ ساعة", a, []want{{"٤٨ ساعة", Duration, "PT48H"}}},
		{"article digits", "ar", "خلال الـ24 ساعة الماضية", a, []want{{"الـ24 ساعة الماضية", Duration, "PT24H"}}},
		{"dual", "ar", "أمضوا اسبوعين", a, []want{{"اسبوعين", Duration, "P2W"}}},
		{"acc", "ar", "طوال عشرين عاما من", a, []want{{"عشرين عاما", Duration, "P20Y"}}},
		{"26 years", "ar", "خلال 26 عاما.", a, []want{{"26 عاما", Duration, "P26Y"}}},
		{"year and a half", "ar", "منذ عام ونصف", a, []want{{"منذ عام ونصف", Date, "2022-03"}}},
		{"five minutes", "ar", "من خمس دقائق إلى 20 دقيقة", a, []want{{"خمس دقائق", Duration, "PT5M"}, {"20 دقيقة", Duration, "PT20M"}}},
		{"and a half the hour", "ar", "كل سبع ساعات ونصف الساعة", a, []want{{"كل سبع ساعات ونصف الساعة", Set, "PT450M"}}},
		{"first quarter of year", "ar", "خلال الربع الأول من العام الجاري", a, []want{{"الربع الأول", Date, "2023-Q1"}, {"العام الجاري", Date, "2023"}}},
		{"second half of year", "ar", "في النصف الثاني من 2022", a, []want{{"النصف الثاني", Date, "2022-H2"}, {"2022", Date, "2022"}}},
		{"first quarter with year", "ar", "ارتفعت الصادرات خلال الربع الأول 2018 بنسبة 5%", a, []want{{"الربع الأول 2018", Date, "2018-Q1"}}},
		{"second half with year", "ar", "في النصف الثاني 2022 تراجعت", a, []want{{"النصف الثاني 2022", Date, "2022-H2"}}},
		{"first quarter of film", "ar", "طوال الربع الاول بشكل كبير", a, []want{{"الربع الاول", Duration, "P1Q"}}},
		{"first year", "ar", "في السنة الأولى", a, []want{{"السنة الأولى", Duration, "P1Y"}}},
		{"half hour", "ar", "نصف ساعة", a, []want{{"نصف ساعة", Duration, "PT30M"}}},
		{"quarter century", "ar", "ربع قرن", a, []want{{"ربع قرن", Duration, "P25Y"}}},
		{"post number", "ar", "السنوات الخمس الماضية", a, []want{{"السنوات الخمس الماضية", Duration, "P5Y"}}},
		{"yearly", "ar", "ينظم سنوياً", a, []want{{"سنوياً", Set, "P1Y"}}},
		{"every year", "ar", "يقام كل عام", a, []want{{"كل عام", Set, "P1Y"}}},
		{"every two years", "ar", "يقام كل عامين", a, []want{{"كل عامين", Set, "P2Y"}}},
		{"every saturday", "ar", "كل يوم سبت", a, []want{{"كل يوم سبت", Set, "XXXX-WXX-6"}}},
		{"every three months", "ar", "كل ثلاثة أشهر", a, []want{{"كل ثلاثة أشهر", Set, "P3M"}}},
		{"daily adj", "ar", "المعاناة اليومية", a, []want{{"اليومية", Set, "P1D"}}},
		{"clock word", "ar", "في تمام الساعة الثالثة", a, []want{{"الساعة الثالثة", Time, "2023-09-05T03:00"}}},
		{"clock pm", "ar", "الساعة 10:30 مساءً", a, []want{{"الساعة 10:30 مساءً", Time, "2023-09-05T22:30"}}},
		{"clock am", "ar", "10:30 صباحاً", a, []want{{"10:30 صباحاً", Time, "2023-09-05T10:30"}}},
		{"clock half", "ar", "الساعة الثامنة والنصف مساء", a, []want{{"الساعة الثامنة والنصف مساء", Time, "2023-09-05T20:30"}}},
		{"clock zone", "ar", "الساعة 10 صباحا بتوقيت مكة المكرمة", a, []want{{"الساعة 10 صباحا بتوقيت مكة المكرمة", Time, "2023-09-05T10:00"}}},
		{"clock tomorrow", "ar", "الساعة العاشرة صباحا غدا", a, []want{{"الساعة العاشرة صباحا غدا", Time, "2023-09-06T10:00"}}},
	})
}

func TestEnglish(t *testing.T) {
	a := tuesday
	runCases(t, []tagCase{
		{"yesterday", "en", "The ministry said yesterday that", a, []want{{"yesterday", Date, "2023-09-04"}}},
		{"last week", "en", "It was announced last week.", a, []want{{"last week", Date, "2023-W35"}}},
		{"two days ago", "en", "He arrived two days ago.", a, []want{{"two days ago", Date, "2023-09-03"}}},
		{"next month", "en", "The vote is next month.", a, []want{{"next month", Date, "2023-10"}}},
		{"three years", "en", "He served three years in jail.", a, []want{{"three years", Duration, "P3Y"}}},
		{"48-hour", "en", "a 48-hour ceasefire", a, []want{{"48-hour", Duration, "PT48H"}}},
		{"every monday", "en", "They meet every Monday.", a, []want{{"every Monday", Set, "XXXX-WXX-1"}}},
		{"3 pm", "en", "The talks start at 3 p.m.", a, []want{{"3 p.m.", Time, "2023-09-05T15:00"}}},
		{"monday past", "en", "Putin said on Monday and a spokesman", a, []want{{"Monday", Date, "2023-09-04"}}},
		{"monday future", "en", "The minister will visit on Monday.", a, []want{{"Monday", Date, "2023-09-11"}}},
		{"full date", "en", "WASHINGTON, Sept. 5, 2023 (Reuters)", a, []want{{"Sept. 5, 2023", Date, "2023-09-05"}}},
		{"month day", "en", "on September 4 the", a, []want{{"September 4", Date, "2023-09-04"}}},
		{"may is a verb", "en", "He may resign.", a, nil},
		{"in May", "en", "It will reopen in May, officials said.", a, []want{{"May", Date, "2024-05"}}}, // will: the next May
		{"since March", "en", "Prices have risen since March.", a, []want{{"March", Date, "2023-03"}}},
		{"month to May", "en", "The figures from March to May rose.", a, []want{{"March", Date, "2023-03"}, {"May", Date, "2023-05"}}},
		{"to May the person", "en", "He spoke to May about it.", a, nil},
		{"march is a verb", "en", "They will march on the capital.", a, nil},
		{"May the name", "en", "Theresa May resigned.", a, nil},
		{"that year", "en", "In 2015 he moved to Paris. That year he married.", a, []want{{"2015", Date, "2015"}, {"That year", Date, "2015"}}},
		{"that day alone", "en", "He said that day was hard.", a, []want{{"that day", Date, "PAST_REF"}}},
		{"a few days ago", "en", "He left a few days ago.", a, []want{{"a few days ago", Date, "PAST_REF"}}},
		{"several months ago", "en", "It closed several months ago.", a, []want{{"several months ago", Date, "PAST_REF"}}},
		{"year possessive", "en", "this year's rise in bills", a, []want{{"this year", Date, "2023"}}},
		{"weekday possessive", "en", "at Monday's opening match", a, []want{{"Monday", Date, "2023-09-04"}}},
		{"in year", "en", "It happened in 2021.", a, []want{{"2021", Date, "2021"}}},
		{"last year", "en", "sales fell last year", a, []want{{"last year", Date, "2022"}}},
		{"decade", "en", "in the 1990s", a, []want{{"the 1990s", Date, "199"}}},
		{"this morning", "en", "He spoke this morning.", a, []want{{"this morning", Time, "2023-09-05TMO"}}},
		{"in two weeks", "en", "The report is due in two weeks.", a, []want{{"in two weeks", Date, "2023-W38"}}},
		{"gmt", "en", "from 12:20 GMT on Sunday", a, []want{{"12:20 GMT", Time, "2023-09-03T12:20"}, {"Sunday", Date, "2023-09-03"}}},
		{"daily", "en", "a daily briefing", a, []want{{"daily", Set, "P1D"}}},
		{"now", "en", "He is now in Paris.", a, []want{{"now", Date, "PRESENT_REF"}}},
		{"day before yesterday", "en", "the day before yesterday", a, []want{{"the day before yesterday", Date, "2023-09-03"}}},
		{"coming weeks", "en", "in the coming weeks", a, []want{{"the coming weeks", Date, "FUTURE_REF"}}},
		{"past three days", "en", "over the past three days", a, []want{{"the past three days", Duration, "P3D"}}},
		{"noon", "en", "at noon", a, []want{{"noon", Time, "2023-09-05T12:00"}}},
		{"march verb", "en", "We will march", a, nil},
		{"end of year", "en", "by the end of the year", a, []want{{"the end of the year", Date, "2023"}}},
	})
}

func TestFrench(t *testing.T) {
	a := tuesday
	runCases(t, []tagCase{
		{"hier", "fr", "Le ministre a déclaré hier que", a, []want{{"hier", Date, "2023-09-04"}}},
		{"semaine derniere", "fr", "la semaine dernière", a, []want{{"la semaine dernière", Date, "2023-W35"}}},
		{"il y a", "fr", "il y a trois heures", a, []want{{"il y a trois heures", Time, "2023-09-04T21:00"}}},
		{"cette annee-la", "fr", "En 2015, il a déménagé. Cette année-là, il s'est marié.", a, []want{{"2015", Date, "2015"}, {"Cette année-là", Date, "2015"}}},
		{"il y a quelques jours", "fr", "Il y a quelques jours, ses conseillers", a, []want{{"Il y a quelques jours", Date, "PAST_REF"}}},
		{"il y a plusieurs annees", "fr", "il y a plusieurs années", a, []want{{"il y a plusieurs années", Date, "PAST_REF"}}},
		{"mois prochain", "fr", "le mois prochain", a, []want{{"le mois prochain", Date, "2023-10"}}},
		{"annee derniere", "fr", "l'année dernière", a, []want{{"l'année dernière", Date, "2022"}}},
		{"cette annee", "fr", "cette année", a, []want{{"cette année", Date, "2023"}}},
		{"trois ans", "fr", "pendant trois ans", a, []want{{"trois ans", Duration, "P3Y"}}},
		{"lundi", "fr", "Il a parlé lundi.", a, []want{{"lundi", Date, "2023-09-04"}}},
		{"date", "fr", "le 5 septembre 2023", a, []want{{"le 5 septembre 2023", Date, "2023-09-05"}}},
		{"du au", "fr", "du 12 au 15 septembre 2023", a, []want{{"12", Date, "2023-09-12"}, {"15 septembre 2023", Date, "2023-09-15"}}},
		{"premier", "fr", "le 1er mai 2023", a, []want{{"le 1er mai 2023", Date, "2023-05-01"}}},
		{"heure", "fr", "à 15h30", a, []want{{"15h30", Time, "2023-09-05T15:30"}}},
		{"chaque lundi", "fr", "chaque lundi", a, []want{{"chaque lundi", Set, "XXXX-WXX-1"}}},
		{"tous les jours", "fr", "tous les jours", a, []want{{"tous les jours", Set, "P1D"}}},
		{"aujourd'hui", "fr", "aujourd'hui", a, []want{{"aujourd'hui", Date, "2023-09-05"}}},
		{"demain", "fr", "demain soir", a, []want{{"demain soir", Time, "2023-09-06TEV"}}},
		{"vers heures", "fr", "vers 15 heures", a, []want{{"15 heures", Time, "2023-09-05T15:00"}}},
		{"heures duration", "fr", "pendant 15 heures", a, []want{{"15 heures", Duration, "PT15H"}}},
		{"trois derniers jours", "fr", "les trois derniers jours", a, []want{{"les trois derniers jours", Duration, "P3D"}}},
		{"prochains jours", "fr", "dans les prochains jours", a, []want{{"les prochains jours", Date, "FUTURE_REF"}}},
		{"mi-octobre", "fr", "mi-octobre", a, []want{{"mi-octobre", Date, "2023-10"}}},
		{"dans", "fr", "dans deux jours", a, []want{{"dans deux jours", Date, "2023-09-07"}}},
	})
}

func TestNoAnchor(t *testing.T) {
	var z time.Time
	runCases(t, []tagCase{
		{"yesterday", "ar", "أمس الإثنين", z, []want{{"أمس الإثنين", Date, "PAST_REF"}}},
		{"today", "ar", "اليوم", z, []want{{"اليوم", Date, "PRESENT_REF"}}},
		{"tomorrow", "en", "tomorrow", z, []want{{"tomorrow", Date, "FUTURE_REF"}}},
		{"month", "ar", "في سبتمبر", z, []want{{"سبتمبر", Date, "XXXX-09"}}},
		{"day month", "ar", "في 4 سبتمبر", z, []want{{"4 سبتمبر", Date, "XXXX-09-04"}}},
		{"weekday", "ar", "الاثنين", z, []want{{"الاثنين", Date, "XXXX-WXX-1"}}},
		{"last week", "ar", "الأسبوع الماضي", z, []want{{"الأسبوع الماضي", Date, "PAST_REF"}}},
		{"ago", "ar", "منذ 3 ساعات", z, []want{{"منذ 3 ساعات", Date, "PAST_REF"}}},
		{"duration", "ar", "ثلاث سنوات", z, []want{{"ثلاث سنوات", Duration, "P3Y"}}},
		{"absolute", "ar", "4 سبتمبر 2023", z, []want{{"4 سبتمبر 2023", Date, "2023-09-04"}}},
		{"clock", "ar", "الساعة الثالثة", z, []want{{"الساعة الثالثة", Time, "XXXX-XX-XXT03:00"}}},
		{"set", "ar", "سنوياً", z, []want{{"سنوياً", Set, "P1Y"}}},
	})
}

func TestResolution(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 12, 0, 0, 0, time.UTC) }
	runCases(t, []tagCase{
		// ISO 8601 weeks: 2021-01-01 is a Friday of week 2020-W53.
		{"week 53", "ar", "الأسبوع الماضي", d(2021, 1, 8), []want{{"الأسبوع الماضي", Date, "2020-W53"}}},
		{"week 1 of next year", "en", "next week", d(2024, 12, 25), []want{{"next week", Date, "2025-W01"}}},
		{"this week iso year", "en", "this week", d(2024, 12, 30), []want{{"this week", Date, "2025-W01"}}},
		{"month boundary", "ar", "الشهر الماضي", d(2023, 1, 15), []want{{"الشهر الماضي", Date, "2022-12"}}},
		{"month forward", "ar", "الشهر المقبل", d(2023, 12, 31), []want{{"الشهر المقبل", Date, "2024-01"}}},
		{"year boundary yesterday", "ar", "أمس", d(2024, 1, 1), []want{{"أمس", Date, "2023-12-31"}}},
		{"leap day yesterday", "ar", "أمس", d(2024, 3, 1), []want{{"أمس", Date, "2024-02-29"}}},
		{"no leap day", "ar", "أمس", d(2023, 3, 1), []want{{"أمس", Date, "2023-02-28"}}},
		{"leap date valid", "ar", "29 فبراير 2024", d(2023, 3, 1), []want{{"29 فبراير 2024", Date, "2024-02-29"}}},
		{"invalid date day dropped", "ar", "29 فبراير 2023", d(2023, 3, 1), []want{{"29 فبراير 2023", Date, "2023-02"}}},
		{"hours across midnight", "ar", "منذ 3 ساعات", time.Date(2023, 1, 1, 1, 0, 0, 0, time.UTC), []want{{"منذ 3 ساعات", Time, "2022-12-31T22:00"}}},
		{"weekday across year", "ar", "الجمعة الماضية", d(2024, 1, 2), []want{{"الجمعة الماضية", Date, "2023-12-29"}}},
		{"december future in january", "ar", "ستعقد القمة في ديسمبر", d(2024, 1, 10), []want{{"ديسمبر", Date, "2024-12"}}},
		{"december past in january", "ar", "عقدت القمة في ديسمبر", d(2024, 1, 10), []want{{"ديسمبر", Date, "2023-12"}}},
		{"quarter", "ar", "منذ عام ونصف", d(2024, 1, 10), []want{{"منذ عام ونصف", Date, "2022-07"}}},
	})
}

func TestHijri(t *testing.T) {
	// Expected dates computed independently by counting days from the
	// epoch with the leap rule (11y+14) mod 30 < 11.
	for _, c := range []struct {
		y, m, d int
		want    string
	}{
		{1, 1, 1, "0622-07-19"}, // proleptic Gregorian of 16 July 622 Julian
		{1444, 9, 1, "2023-03-23"},
		{1445, 2, 20, "2023-09-06"}, // Umm al-Qura: 2023-09-05
		{1446, 1, 1, "2024-07-08"},  // Umm al-Qura: 2024-07-07
	} {
		if got := hijriToGregorian(c.y, c.m, c.d).Format("2006-01-02"); got != c.want {
			t.Errorf("hijriToGregorian(%d, %d, %d) = %s, want %s", c.y, c.m, c.d, got, c.want)
		}
	}
	runCases(t, []tagCase{
		{"hijri and gregorian", "ar", "الثلاثاء 20 صفر 1445 هـ الموافق 5 سبتمبر 2023 م", tuesday,
			[]want{{"الثلاثاء 20 صفر 1445 هـ", Date, "2023-09-06"}, {"5 سبتمبر 2023 م", Date, "2023-09-05"}}},
		{"rabi", "ar", "في 12 ربيع الأول 1445", tuesday, []want{{"12 ربيع الأول 1445", Date, "2023-09-27"}}},
	})
}

// TestConcurrent shares one tagger between goroutines (run with -race).
func TestConcurrent(t *testing.T) {
	tg := New()
	done := make(chan []Timex)
	for k := 0; k < 4; k++ {
		go func() { done <- tg.Tag(benchArticle, "ar", tuesday) }()
	}
	first := <-done
	for k := 1; k < 4; k++ {
		if got := <-done; len(got) != len(first) {
			t.Errorf("goroutine %d found %d expressions, another %d", k, len(got), len(first))
		}
	}
	if len(first) == 0 {
		t.Error("no expressions in the benchmark article")
	}
}

func TestCliticSplits(t *testing.T) {
	for _, c := range []struct {
		w    string
		want []int
	}{
		{"وامس", []int{2}},
		{"بالامس", []int{2, 6}},
		{"والاثنين", []int{2, 6}},
		{"وبالامس", []int{2, 4, 8}},
		{"للعام", []int{2, 4}},
		{"الخمس", []int{4}},
		{"فلسطين", []int{2, 4}}, // the lexicon decides
		{"سبتمبر", nil},
		{"وهو", []int{2}},
		{"وب", nil},
	} {
		got := cliticSplits(c.w, nil)
		if fmt.Sprint(got) != fmt.Sprint(c.want) && !(len(got) == 0 && len(c.want) == 0) {
			t.Errorf("cliticSplits(%q) = %v, want %v", c.w, got, c.want)
		}
	}
}

// TestArabicConventions pins the span conventions of the Arabic TimeML
// data (see markable and the package comment), each with the cases it
// must not touch.
func TestArabicConventions(t *testing.T) {
	a := tuesday
	runCases(t, []tagCase{
		// Lists of bare names joined by an attached و: the head only.
		{"month list", "ar", "طوال أشهر أبريل ومايو ويونيو", a, []want{{"أبريل", Date, "2023-04"}}},
		{"weekday list", "ar", "يوميا عدا الخميس والجمعة", a, []want{{"يوميا", Set, "P1D"}, {"الخميس", Date, "2023-08-31"}}},
		{"weekday after conjunction, no list", "ar", "وقال الوزير. والخميس، أعلنت الوزارة", a, []want{{"الخميس", Date, "2023-08-31"}}},
		{"weekday after non-name", "ar", "وصل الوفد والخميس المقبل يغادر", a, []want{{"الخميس المقبل", Date, "2023-09-07"}}},
		{"coordinated day and month", "ar", "في 4 سبتمبر و5 سبتمبر", a, []want{{"4 سبتمبر", Date, "2023-09-04"}, {"5 سبتمبر", Date, "2023-09-05"}}},
		// A number glued to a following word is no expression.
		{"year glued to word", "ar", "المولود عام 1863في الإسكندرية", a, nil},
		{"bare year glued to word", "ar", "قرأ كتاب 1867رأس المال", a, nil},
		{"word glued to digit", "ar", "بنسبة 10 بالمائة سنويا0 كما", a, nil},
		{"year suffix glued", "ar", "في عام 2015م قال", a, []want{{"عام 2015م", Date, "2015"}}},
		{"years glued by conjunction", "ar", "أعوام 1966و1968", a, []want{{"1966", Date, "1966"}, {"1968", Date, "1968"}}},
		{"year then space", "ar", "المولود عام 1863 في الإسكندرية", a, []want{{"عام 1863", Date, "1863"}}},
		// An ambiguous month name (مارس "practised", آب "father") is a
		// month after في/خلال or with a relative adjective.
		{"march after fi", "ar", "ارتفعت الأسعار في مارس، بحسب التقرير", a, []want{{"مارس", Date, "2023-03"}}},
		{"march last", "ar", "زار الوفد القاهرة مارس الماضي", a, []want{{"مارس الماضي", Date, "2023-03"}}},
		{"march verb", "ar", "مارس الرياضة طويلا", a, nil},
		{"march verb after noun", "ar", "اللاعب مارس الضغط", a, nil},
		// Unquantified durations with ل "for".
		{"for years", "ar", "استمر ذلك لسنوات.", a, []want{{"سنوات", Duration, "PXY"}}},
		{"for hours", "ar", "انتظروا لساعات أمام المبنى", a, []want{{"ساعات", Duration, "PTXH"}}},
		{"for the years not vague", "ar", "السنوات الماضية", a, []want{{"السنوات الماضية", Date, "PAST_REF"}}},
		// A year naming a plan is part of a proper name.
		{"vision year", "ar", "ضمن رؤية 2030 للتنمية", a, nil},
		{"vision of country year", "ar", "أهداف رؤية المملكة 2030 الطموحة", a, nil},
		{"agenda year", "ar", "وفق أجندة 2063", a, nil},
		{"year with cue near vision", "ar", "تحقق الرؤية بحلول عام 2030", a, []want{{"عام 2030", Date, "2030"}}},
		// A relative day of two words before a weekday: the weekday is
		// the expression, dated by the relative day; one word joins it.
		{"day after tomorrow weekday", "ar", "يفتتح الوزير المعرض بعد غد الخميس في العاصمة", a, []want{{"الخميس", Date, "2023-09-07"}}},
		{"day before yesterday weekday", "ar", "عاد اللاعبون أمس الأول الأحد من المعسكر", a, []want{{"الأحد", Date, "2023-09-03"}}},
		{"day before yesterday weekday 2", "ar", "وقع الانفجار أول أمس الأحد قرب الميناء", a, []want{{"الأحد", Date, "2023-09-03"}}},
		{"tomorrow weekday joined", "ar", "تبدأ المباريات غداً الأربعاء", a, []want{{"غداً الأربعاء", Date, "2023-09-06"}}},
		{"weekday after relative day without anchor", "ar", "يفتتح الوزير المعرض بعد غد الخميس", time.Time{}, []want{{"الخميس", Date, "XXXX-WXX-4"}}},
		{"weekday after relative day names the day", "ar", "يصل الوفد بعد غد الجمعة", a, []want{{"الجمعة", Date, "2023-09-08"}}},
		{"day after tomorrow alone", "ar", "تصل البعثة بعد غد إلى بيروت", a, []want{{"بعد غد", Date, "2023-09-07"}}},
		// الأخيرة "the last" is no part of an expression of plural units.
		{"recent years untagged", "ar", "تضاعفت الأسعار خلال السنوات الأخيرة بشكل كبير", a, nil},
		{"recent months untagged", "ar", "تراجعت المبيعات في الأشهر الأخيرة", a, nil},
		{"last days kept", "ar", "تصاعد القتال في الأيام الأخيرة", a, []want{{"الأيام الأخيرة", Date, "PAST_REF"}}},
		{"last three months", "ar", "خلال الأشهر الثلاثة الأخيرة ارتفع", a, []want{{"الأشهر الثلاثة", Duration, "P3M"}}},
		{"past three months kept", "ar", "خلال الأشهر الثلاثة الماضية ارتفع", a, []want{{"الأشهر الثلاثة الماضية", Duration, "P3M"}}},
		{"lately kept", "ar", "تزايدت الهجمات في الآونة الأخيرة", a, []want{{"الآونة الأخيرة", Date, "PAST_REF"}}},
		{"recent period kept", "ar", "تحسن الأداء في الفترة الأخيرة", a, []want{{"الفترة الأخيرة", Date, "PAST_REF"}}},
		// A counted unit keeps "past/next"; a count in brackets gives the amount.
		{"bracketed count past", "ar", "نما الاقتصاد على مدى ل(20) عاما الماضية بثبات", a, []want{{"عاما الماضية", Duration, "P20Y"}}},
		{"bracketed count", "ar", "استمرت الحرب (12) عاما كاملة", a, []want{{"عاما", Duration, "P12Y"}}},
		{"counted unit next", "ar", "ستنفق الحكومة المبلغ خلال 15 عاما المقبلة", a, []want{{"15 عاما المقبلة", Duration, "P15Y"}}},
		// Definite tens count before a unit; واحدا/كاملا and ونصفا belong to it.
		{"definite tens", "ar", "طوال الثلاثين شهرا التي قضاها في المنفى", a, []want{{"الثلاثين شهرا", Duration, "P30M"}}},
		{"definite compound tens past", "ar", "تضاعف الإنتاج خلال الخمسة والعشرين عاما الماضية", a, []want{{"الخمسة والعشرين عاما الماضية", Duration, "P25Y"}}},
		{"definite tens past", "ar", "لم يتغير شيء خلال العشرين عاماً الماضية", a, []want{{"العشرين عاماً الماضية", Duration, "P20Y"}}},
		{"ordinal compound before year", "ar", "وتولى رئيسها الثاني والعشرين عام 2014 منصبه", a, []want{{"عام 2014", Date, "2014"}}},
		{"ordinal compound before day", "ar", "يكمل عامه الحادي والثلاثين يوم الأحد", a, []want{{"الأحد", Date, "2023-09-03"}}},
		{"twentieth century stays ordinal", "ar", "في القرن العشرين", a, []want{{"القرن العشرين", Date, "19"}}},
		{"twentieth of month stays a day", "ar", "موعد العشرين من سبتمبر", a, []want{{"العشرين من سبتمبر", Date, "2023-09-20"}}},
		{"one whole day", "ar", "استمرت القمة يوما واحدا فقط", a, []want{{"يوما واحدا", Duration, "P1D"}}},
		{"a whole year", "ar", "انتظر عاماً كاملاً قبل أن يعود", a, []want{{"عاماً كاملاً", Duration, "P1Y"}}},
		{"a year and a half acc", "ar", "نتوقع عاماً ونصفاً من النمو", a, []want{{"عاماً ونصفاً", Duration, "P18M"}}},
		// Sports pages: scores before a weekday, numbered minutes, the
		// dual construct of days, a name after ب.
		{"score before weekday", "ar", "فاز الفريق على مضيفه 3-1 يوم السبت في الدوري", a, []want{{"السبت", Date, "2023-09-02"}}},
		{"dual before numbers", "ar", "صور أفلامه بين العامين 1910 و1915", a, []want{{"العامين", Duration, "P2Y"}, {"1910", Date, "1910"}, {"1915", Date, "1915"}}},
		{"dual with past", "ar", "توقفت المباراة خلال الدقيقتين الماضيتين", a, []want{{"الدقيقتين الماضيتين", Duration, "PT2M"}}},
		{"dual with last", "ar", "ارتفعت الأسعار في الأسبوعين الأخيرين", a, []want{{"الأسبوعين", Duration, "P2W"}}},
		{"dual construct days", "ar", "يعرض الفيلم يومي الأحد والاثنين", a, []want{{"الأحد", Date, "2023-09-03"}}},
		{"dual construct dates", "ar", "تقام العروض يومي 14 و15 سبتمبر", a, []want{{"14", Date, "2023-09-14"}, {"15 سبتمبر", Date, "2023-09-15"}}},
		{"daily kept", "ar", "يتدرب بشكل يومي في النادي", a, []want{{"يومي", Set, "P1D"}}},
		{"yearly before number kept", "ar", "تربح الشركة سنويا 5 ملايين دولار", a, []want{{"سنويا", Set, "P1Y"}}},
		{"name after ba", "ar", "أعلن الفنان #بيومي_فؤاد أنه سيعود", a, nil},
		{"tonight demonstrative", "ar", "يلتقي الفريقان هذه الليلة في الدوحة", a, []want{{"هذه الليلة", Time, "2023-09-05TNI"}}},
		// Sequencing adverbs are not markable; references to a time are.
		{"later", "ar", "سيضاف إلى القائمة لاحقا", a, nil},
		{"at that time", "ar", "كانت وقتئذ عاصمة السينما", a, []want{{"وقتئذ", Date, "PAST_REF"}}},
		{"in the future", "ar", "ما قد يحدث مستقبلا", a, []want{{"مستقبلا", Date, "FUTURE_REF"}}},
	})
}

// TestEndFilter checks that the word filter of prepare lets through every
// lexicon key, alone and behind every proclitic cliticSplits strips, so
// that it can only save look-ups, never lose an entry.
func TestEndFilter(t *testing.T) {
	tg := New()
	prefixes := []string{"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "ال", "وال", "بال", "لل", "ولل"}
	n := 0
	for w := range tg.lex {
		for _, p := range prefixes {
			if p != "" && !isArabic(w) {
				continue
			}
			word := p + w
			if p != "" && !slices.Contains(cliticSplits(word, nil), len(p)) {
				continue // prepare never looks w up behind p
			}
			n++
			if !tg.ends.mayHave(word) {
				t.Errorf("filter rejects %q (key %q)", word, w)
			}
		}
	}
	if n < len(tg.lex) {
		t.Fatalf("checked %d words for %d keys", n, len(tg.lex))
	}
	// It rejects most other words: a filter that lets everything through
	// would pass the loop above.
	rejected := 0
	words := strings.Fields("أعلن رئيس الوزراء أن الحكومة ستعقد اجتماعاً طارئاً لبحث الأزمة الاقتصادية التي تعصف بالبلاد وقال في مؤتمر صحفي عقده العاصمة إن معدل التضخم ارتفع إلى أعلى مستوى له")
	for _, w := range words {
		if !tg.ends.mayHave(normalize.Fold(w)) {
			rejected++
		}
	}
	if rejected < len(words)/2 {
		t.Errorf("filter rejects only %d of %d ordinary words", rejected, len(words))
	}
}

// TestScratchReuse tags texts of different lengths in turn with one
// tagger, so that reused token buffers carry nothing from a longer text
// into a shorter one.
func TestScratchReuse(t *testing.T) {
	tg := New()
	long := tg.Tag(benchArticle, "ar", tuesday)
	for k := 0; k < 3; k++ {
		if got := tg.Tag("وصل أمس إلى القاهرة", "ar", tuesday); len(got) != 1 || got[0].Value != "2023-09-04" {
			t.Fatalf("short text after a long one: %+v", got)
		}
		if got := tg.Tag("", "ar", tuesday); len(got) != 0 {
			t.Fatalf("empty text: %+v", got)
		}
		if got := tg.Tag(benchArticle, "ar", tuesday); fmt.Sprint(got) != fmt.Sprint(long) {
			t.Fatalf("long text changed on reuse")
		}
	}
}

// TestRuleStartBits checks that every lexicon category has its own bit in
// a ruleStart and in tok.cats, below the bits for tokens without one.
func TestRuleStartBits(t *testing.T) {
	if startOn(cStart) >= onGlued {
		t.Fatalf("category %d collides with the token bits of ruleStart", cStart)
	}
}

// TestArabicClockDays checks that a clock time takes its day and half of
// the day from the day reference after it: joined (مساء الأحد, part of the
// expression) or after من (an expression of its own, as in the Arabic
// TimeML data, that still dates the time).
func TestArabicClockDays(t *testing.T) {
	a := tuesday
	runCases(t, []tagCase{
		{"of tomorrow evening", "ar", "تنطلق في تمام الساعة السابعة من مساء غد فعاليات الندوة", a,
			[]want{{"الساعة السابعة", Time, "2023-09-06T19:00"}, {"مساء غد", Time, "2023-09-06TEV"}}},
		{"of next sunday evening", "ar", "في تمام الساعة الثامنة من مساء الأحد القادم", a,
			[]want{{"الساعة الثامنة", Time, "2023-09-10T20:00"}, {"مساء الأحد القادم", Time, "2023-09-10TEV"}}},
		{"of yesterday morning", "ar", "وقع الانفجار الساعة العاشرة من صباح أمس", a,
			[]want{{"الساعة العاشرة", Time, "2023-09-04T10:00"}, {"صباح أمس", Time, "2023-09-04TMO"}}},
		{"of noon today", "ar", "الساعة الواحدة من ظهر اليوم", a,
			[]want{{"الساعة الواحدة", Time, "2023-09-05T13:00"}, {"ظهر اليوم", Time, "2023-09-05TMI"}}},
		{"of the night", "ar", "الساعة العاشرة من ليلة الخميس", a,
			[]want{{"الساعة العاشرة", Time, "2023-08-31T22:00"}, {"ليلة الخميس", Time, "2023-08-31TNI"}}},
		{"of dawn stays early", "ar", "الساعة الثالثة من فجر الجمعة", a,
			[]want{{"الساعة الثالثة", Time, "2023-09-01T03:00"}, {"فجر الجمعة", Time, "2023-09-01TMO"}}},
		{"of a day word", "ar", "الساعة العاشرة من يوم الخميس المقبل", a,
			[]want{{"الساعة العاشرة", Time, "2023-09-07T10:00"}, {"الخميس المقبل", Date, "2023-09-07"}}},
		{"of a dated evening", "ar", "الساعة الثامنة من مساء 4 سبتمبر", a,
			[]want{{"الساعة الثامنة", Time, "2023-09-04T20:00"}, {"مساء 4 سبتمبر", Time, "2023-09-04TEV"}}},
		{"24-hour clock kept", "ar", "الساعة 20:00 من مساء الأحد", a,
			[]want{{"الساعة 20:00", Time, "2023-09-03T20:00"}, {"مساء الأحد", Time, "2023-09-03TEV"}}},
		{"of a month is no day", "ar", "الساعة الخامسة من سبتمبر", a,
			[]want{{"الساعة الخامسة", Time, "2023-09-05T05:00"}, {"سبتمبر", Date, "2023-09"}}},
		{"without anchor", "ar", "الساعة السابعة من مساء غد", time.Time{},
			[]want{{"الساعة السابعة", Time, "XXXX-XX-XXT19:00"}, {"مساء غد", Date, "FUTURE_REF"}}},
		{"weekday joined", "ar", "الساعة الثامنة مساء الأحد", a, []want{{"الساعة الثامنة مساء الأحد", Time, "2023-09-03T20:00"}}},
		{"weekday with day word joined", "ar", "الساعة الثامنة مساء يوم الأحد المقبل", a,
			[]want{{"الساعة الثامنة مساء يوم الأحد المقبل", Time, "2023-09-10T20:00"}}},
		{"clock then day word alone", "ar", "وقال الساعة العاشرة يوم", a, []want{{"الساعة العاشرة", Time, "2023-09-05T10:00"}}},
		// A feminine ordinal hour with a part of the day is a clock time
		// without الساعة.
		{"ordinal hour morning", "ar", "يبدأ الاجتماع في التاسعة صباحا", a, []want{{"التاسعة صباحا", Time, "2023-09-05T09:00"}}},
		{"ordinal hour half evening", "ar", "عند الثامنة والنصف مساء أمس", a, []want{{"الثامنة والنصف مساء أمس", Time, "2023-09-04T20:30"}}},
		{"ordinal hour eleven night", "ar", "في الحادية عشرة ليلا", a, []want{{"الحادية عشرة ليلا", Time, "2023-09-05T23:00"}}},
		{"three at night", "ar", "الساعة الثالثة ليلا", a, []want{{"الساعة الثالثة ليلا", Time, "2023-09-05T03:00"}}},
		{"ordinal hour of evening", "ar", "في الخامسة من مساء الجمعة", a,
			[]want{{"الخامسة", Time, "2023-09-01T17:00"}, {"مساء الجمعة", Time, "2023-09-01TEV"}}},
		{"ordinal alone", "ar", "احتل المركز الثالثة", a, nil},
		{"afternoon of yesterday joined", "ar", "وصل الجثمان في الساعة الرابعة عصر أمس", a, []want{{"الساعة الرابعة عصر أمس", Time, "2023-09-04T16:00"}}},
		{"ordinal time of occasion", "ar", "فاز للمرة الثانية مساء أمس", a, []want{{"مساء أمس", Time, "2023-09-04TEV"}}},
	})
}

// TestArabicModifiers checks the modifiers that TimeML keeps in the span
// with their mod (أقل من, على الأقل, تقريبا) and the verbs that close a
// distance in the past (مضت).
func TestArabicModifiers(t *testing.T) {
	type modCase struct {
		name, text          string
		span, typ, val, mod string
	}
	tg := New()
	for _, c := range []modCase{
		{"at least before", "استمرت على الأقل ثلاث سنوات", "على الأقل ثلاث سنوات", Duration, "P3Y", "EQUAL_OR_MORE"},
		{"at least after", "استمرت ثلاث سنوات على الأقل", "ثلاث سنوات على الأقل", Duration, "P3Y", "EQUAL_OR_MORE"},
		{"at least digits", "وعلى الأقل 3 أيام", "على الأقل 3 أيام", Duration, "P3D", "EQUAL_OR_MORE"},
		{"approximately after", "بدأ قبل مائة عام تقريبا مشروعا", "قبل مائة عام تقريبا", Date, "1923", "APPROX"},
		{"less than", "أقل من عشر سنوات", "أقل من عشر سنوات", Duration, "P10Y", "LESS_THAN"},
		{"ago passed", "قبل عشر سنوات مضت", "قبل عشر سنوات مضت", Date, "2013", ""},
		{"ago passed masculine", "منذ قرن مضى", "منذ قرن مضى", Date, "1923", ""},
		{"ago vague passed", "منذ سنوات مضت", "منذ سنوات مضت", Date, "PAST_REF", ""},
		{"ago passed and at least", "منذ عامين على الاقل", "منذ عامين على الاقل", Date, "2021", "EQUAL_OR_MORE"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := tg.Tag(c.text, "ar", tuesday)
			if len(got) != 1 {
				t.Fatalf("Tag(%q) = %+v, want one expression", c.text, got)
			}
			g := got[0]
			if g.Text != c.span || g.Type != c.typ || g.Value != c.val || g.Mod != c.mod {
				t.Errorf("Tag(%q) = %q %s %s mod %q, want %q %s %s mod %q", c.text, g.Text, g.Type, g.Value, g.Mod, c.span, c.typ, c.val, c.mod)
			}
		})
	}
	// على alone (and the name علي) starts nothing.
	for _, text := range []string{"قال علي الأقل", "وصل على الطائرة", "على الأقل"} {
		if got := tg.Tag(text, "ar", tuesday); len(got) != 0 {
			t.Errorf("Tag(%q) = %+v, want none", text, got)
		}
	}
}

// TestArabicHolidays checks the fixed-date holidays: the name with its
// epithet, the year from the tense or the nearest occurrence, and the
// look-alikes that are not holidays.
func TestArabicHolidays(t *testing.T) {
	eve := time.Date(2015, 12, 24, 0, 0, 0, 0, time.UTC)
	runCases(t, []tagCase{
		{"christmas past", "ar", "شارك المسيحيون في قداس عيد الميلاد المجيد", eve, []want{{"عيد الميلاد المجيد", Date, "2014-12-25"}}},
		{"christmas nearest", "ar", "تزينت الشوارع استعدادا لعيد الميلاد", eve, []want{{"عيد الميلاد", Date, "2015-12-25"}}},
		{"christmas eve", "ar", "قداس ليلة عيد الميلاد", eve, []want{{"ليلة عيد الميلاد", Date, "2015-12-24"}}},
		{"new year's eve", "ar", "احتفالات ليلة رأس السنة الميلادية", eve, []want{{"ليلة رأس السنة الميلادية", Date, "2015-12-31"}}},
		{"new year future", "ar", "سيحتفل العالم برأس السنة", eve, []want{{"رأس السنة", Date, "2016-01-01"}}},
		{"labour day", "ar", "بمناسبة عيد العمال العالمي", tuesday, []want{{"عيد العمال العالمي", Date, "2023-05-01"}}},
		{"valentine", "ar", "ارتفعت أسعار الورود قبل عيد الحب", tuesday, []want{{"عيد الحب", Date, "2024-02-14"}}},
		{"halloween", "ar", "احتفالات الهالووين", tuesday, []want{{"الهالووين", Date, "2023-10-31"}}},
		{"mother's day", "ar", "هدايا عيد الأم", tuesday, []want{{"عيد الأم", Date, "2023-03-21"}}},
		{"no anchor", "ar", "عيد الميلاد", time.Time{}, []want{{"عيد الميلاد", Date, "XXXX-12-25"}}},
		{"birthday", "ar", "احتفل بعيد ميلاده الستين", tuesday, nil},
		{"hijri new year", "ar", "عطلة رأس السنة الهجرية", tuesday, []want{{"رأس السنة الهجرية", Date, "2023-07-19"}}},
		{"far", "ar", "بعيد عن الأنظار", tuesday, nil},
		{"head", "ar", "رأس المال", tuesday, nil},
	})
}

// TestClockDayApart checks that a clock time written apart from its day
// (joined by on/at/à or nothing) takes the day's date; each stays an
// expression of its own.
func TestClockDayApart(t *testing.T) {
	a := tuesday
	runCases(t, []tagCase{
		{"en time on day", "en", "The meeting starts at 8 p.m. on Sunday.", a,
			[]want{{"8 p.m.", Time, "2023-09-03T20:00"}, {"Sunday", Date, "2023-09-03"}}},
		{"en day at time", "en", "They met on Monday at 9 a.m. in Oslo.", a,
			[]want{{"Monday", Date, "2023-09-04"}, {"9 a.m.", Time, "2023-09-04T09:00"}}},
		{"en evening at time", "en", "tomorrow evening at 8 p.m.", a,
			[]want{{"tomorrow evening", Time, "2023-09-06TEV"}, {"8 p.m.", Time, "2023-09-06T20:00"}}},
		{"en time on day evening", "en", "at 8 on Sunday evening", a,
			[]want{{"Sunday evening", Time, "2023-09-03TEV"}}},
		{"en noon on day", "en", "at noon on Friday", a,
			[]want{{"noon", Time, "2023-09-01T12:00"}, {"Friday", Date, "2023-09-01"}}},
		{"en sentence apart", "en", "On Monday. At 9 a.m. they left.", a,
			[]want{{"Monday", Date, "2023-09-04"}, {"9 a.m.", Time, "2023-09-05T09:00"}}},
		{"en month is no day", "en", "in September at 9 a.m.", a,
			[]want{{"September", Date, "2023-09"}, {"9 a.m.", Time, "2023-09-05T09:00"}}},
		{"fr time day", "fr", "à 20 heures dimanche", a,
			[]want{{"20 heures", Time, "2023-09-03T20:00"}, {"dimanche", Date, "2023-09-03"}}},
		{"fr evening hour", "fr", "demain soir à 9 heures", a,
			[]want{{"demain soir", Time, "2023-09-06TEV"}, {"9 heures", Time, "2023-09-06T21:00"}}},
		{"fr hour of evening", "fr", "à 8 heures dimanche soir", a,
			[]want{{"8 heures", Time, "2023-09-03T20:00"}, {"dimanche soir", Time, "2023-09-03TEV"}}},
		{"fr day at time", "fr", "demain à 20h", a,
			[]want{{"demain", Date, "2023-09-06"}, {"20h", Time, "2023-09-06T20:00"}}},
		{"fr date at time", "fr", "lundi 4 septembre à 15h30", a,
			[]want{{"lundi 4 septembre", Date, "2023-09-04"}, {"15h30", Time, "2023-09-04T15:30"}}},
		{"no anchor", "fr", "demain à 20h", time.Time{},
			[]want{{"demain", Date, "FUTURE_REF"}, {"20h", Time, "XXXX-XX-XXT20:00"}}},
	})
}

// TestHijriYearsAndSeconds checks Hijri years (the Gregorian year holding
// most of them) and seconds, whose singular is also the ordinal "second".
func TestHijriYearsAndSeconds(t *testing.T) {
	a := tuesday
	runCases(t, []tagCase{
		{"hijri year", "ar", "ولد عام 1325 هـ في نابلس", a, []want{{"عام 1325 هـ", Date, "1907"}}},
		{"hijri year word", "ar", "توفي سنة 1445 هجرية", a, []want{{"سنة 1445 هجرية", Date, "2024"}}},
		{"hijri year brackets", "ar", "مضابط البلدية عام (1308) هجري", a, []want{{"عام (1308) هجري", Date, "1891"}}},
		{"hijri year glued", "ar", "في 1445هـ", a, []want{{"1445هـ", Date, "2024"}}},
		{"hijri date kept", "ar", "في 20 شعبان 1428 هـ", a, []want{{"20 شعبان 1428 هـ", Date, "2007-09-03"}}},
		{"brackets without mark", "ar", "عام (1325) وبعده", a, nil},
		{"seconds", "ar", "خلال 30 ثانية فقط", a, []want{{"30 ثانية", Duration, "PT30S"}}},
		{"two seconds", "ar", "في غضون ثانيتين", a, []want{{"ثانيتين", Duration, "PT2S"}}},
		{"every second", "ar", "كل ثانية", a, []want{{"كل ثانية", Set, "PT1S"}}},
		{"second time", "ar", "فاز للمرة الثانية ومرة ثانية", a, nil},
		{"second episode", "ar", "الحلقة الثانية", a, nil},
	})
}

// TestDistalAndLookalikes checks "that year" dated by the text before it,
// and words that fold to a time word but are written otherwise.
func TestDistalAndLookalikes(t *testing.T) {
	a := tuesday
	runCases(t, []tagCase{
		{"that year", "ar", "ولد عام 1913 وفي تلك السنة انتقل", a, []want{{"عام 1913", Date, "1913"}, {"تلك السنة", Date, "1913"}}},
		{"that day", "ar", "وصل في 4 مايو 2010 وفي ذلك اليوم قال", a, []want{{"4 مايو 2010", Date, "2010-05-04"}, {"ذلك اليوم", Date, "2010-05-04"}}},
		{"that month of a year", "ar", "عام 2010 وفي ذلك الشهر", a, []want{{"عام 2010", Date, "2010"}, {"ذلك الشهر", Date, "2010"}}},
		{"that day of a year", "ar", "ولدت في 30 ديسمبر 1898 وفي عام 1922 غنت وتلقت أجرا في ذلك اليوم", a,
			[]want{{"30 ديسمبر 1898", Date, "1898-12-30"}, {"عام 1922", Date, "1922"}, {"ذلك اليوم", Date, "1922"}}},
		{"that year alone", "ar", "في ذلك العام", a, []want{{"ذلك العام", Date, "PAST_REF"}}},
		{"this year", "ar", "هذا العام", a, []want{{"هذا العام", Date, "2023"}}},
		{"that year no anchor", "ar", "عام 1913 وفي تلك السنة", time.Time{}, []want{{"عام 1913", Date, "1913"}, {"تلك السنة", Date, "PAST_REF"}}},
		{"ibb", "ar", "في إب مارك بونسان", a, nil},
		{"father", "ar", "في أب الطفل", a, nil},
		{"august madda", "ar", "في آب الماضي", a, []want{{"آب الماضي", Date, "2023-08"}}},
		{"gestures", "ar", "عماد يرتبك ويؤمي الجزدان", a, nil},
	})
}

// TestHijriPeriods checks Hijri months (the Gregorian month holding most
// of their days) and Islamic holidays (their first Gregorian day by the
// tabular calendar), the year picked by the year written, the adjective,
// the tense or the nearest occurrence, and the names that are no months.
func TestHijriPeriods(t *testing.T) {
	eve := time.Date(2015, 12, 24, 0, 0, 0, 0, time.UTC)
	runCases(t, []tagCase{
		{"ramadan next", "ar", "يعرض في شهر رمضان المقبل", eve, []want{{"شهر رمضان المقبل", Date, "2016-06"}}},
		{"ramadan last", "ar", "عرض في شهر رمضان الماضي", eve, []want{{"شهر رمضان الماضي", Date, "2015-07"}}},
		{"ramadan current away", "ar", "ويعرض في شهر رمضان الجاري", eve, []want{{"شهر رمضان الجاري", Date, "2015-07"}}},
		{"ramadan current holding", "ar", "في شهر رمضان الجاري", time.Date(2018, 6, 1, 0, 0, 0, 0, time.UTC), []want{{"شهر رمضان الجاري", Date, "2018-05"}}},
		{"ramadan gregorian year", "ar", "وعدتكم بمسلسل لشهر رمضان 2018", eve, []want{{"شهر رمضان 2018", Date, "2018-05"}}},
		{"ramadan hijri year", "ar", "في رمضان 1439 هـ", eve, []want{{"رمضان 1439 هـ", Date, "2018-05"}}},
		{"ramadan epithet nearest", "ar", "شهر رمضان المبارك", eve, []want{{"شهر رمضان المبارك", Date, "2015-07"}}},
		{"ramadan after preposition future", "ar", "سيعرض في رمضان", eve, []want{{"رمضان", Date, "2016-06"}}},
		{"ramadan with clitic", "ar", "مسلسل لرمضان المقبل", eve, []want{{"رمضان المقبل", Date, "2016-06"}}},
		{"two-word month", "ar", "في ربيع الأول", eve, []want{{"ربيع الأول", Date, "2015-12"}}},
		{"eid al-fitr", "ar", "مع احتفالات عيد الفطر المبارك", eve, []want{{"عيد الفطر المبارك", Date, "2015-07-18"}}},
		{"eid al-fitr next", "ar", "في موسم عيد الفطر المقبل", eve, []want{{"عيد الفطر المقبل", Date, "2016-07-07"}}},
		{"eid al-adha", "ar", "عطلة عيد الأضحى", eve, []want{{"عيد الأضحى", Date, "2015-09-24"}}},
		{"mawlid", "ar", "ذكرى المولد النبوي الشريف", eve, []want{{"المولد النبوي الشريف", Date, "2015-12-24"}}},
		{"ashura", "ar", "إحياء ذكرى عاشوراء", eve, []want{{"عاشوراء", Date, "2015-10-24"}}},
		{"no anchor", "ar", "في شهر رمضان", time.Time{}, []want{{"شهر رمضان", Date, "XXXX-XX-XX"}}},
		{"hijri year three digits", "ar", "وتوفي بها عام 160 هجرية", eve, []want{{"عام 160 هجرية", Date, "0777"}}},
		{"hijri year glued", "ar", "المتوفى سنة 384هـ", eve, []want{{"سنة 384هـ", Date, "0994"}}},
		{"name ramadan", "ar", "يقدم محمد رمضان مسلسل", eve, nil},
		{"name after title", "ar", "أعدها الدكتور رمضان الشراح", eve, nil},
		{"name rajab", "ar", "قال رجب طيب أردوغان", eve, nil},
		{"name rajab after preposition", "ar", "ثقته في رجب طيب أردوغان", eve, nil},
		{"name with clitic", "ar", "أن تغني لرجب طيب أردوغان", eve, nil},
		{"zero", "ar", "صفر في المئة", eve, nil},
		{"count is no year", "ar", "قتل 160 شخصا", eve, nil},
	})
}

// TestArabicLengths checks a bare singular unit after a word asking for a
// length of time (لمدة, طوال, خلال, على مدى, سوى): one unit, with كامل or
// واحد; a year, a month or a weekday after the unit keeps its own reading.
func TestArabicLengths(t *testing.T) {
	a := tuesday
	runCases(t, []tagCase{
		{"for a week", "ar", "ويستمر لمدة أسبوع بحسب المنظمين", a, []want{{"أسبوع", Duration, "P1W"}}},
		{"for a month or two", "ar", "توقف البرنامج لمدة شهر أو شهرين", a, []want{{"شهر", Duration, "P1M"}, {"شهرين", Duration, "P2M"}}},
		{"throughout a whole week", "ar", "وطوال أسبوع كامل ظلت الأبواب مغلقة", a, []want{{"أسبوع كامل", Duration, "P1W"}}},
		{"over a whole day", "ar", "على مدى يوم كامل", a, []want{{"يوم كامل", Duration, "P1D"}}},
		{"within an hour", "ar", "خلال ساعة", a, []want{{"ساعة", Duration, "PT1H"}}},
		{"only a week", "ar", "لا يستغرق سوى أسبوع", a, []want{{"أسبوع", Duration, "P1W"}}},
		{"year kept", "ar", "خلال عام 2003", a, []want{{"عام 2003", Date, "2003"}}},
		{"month name kept", "ar", "خلال شهر مايو", a, []want{{"شهر مايو", Date, "2023-05"}}},
		{"weekday kept", "ar", "خلال يوم الجمعة", a, []want{{"الجمعة", Date, "2023-09-01"}}},
		{"definite untouched", "ar", "طوال العام", a, nil},
		{"unit alone untouched", "ar", "شهر العسل", a, nil},
	})
}

// TestCenturiesAndParts checks centuries written with digits, Hijri
// centuries, the epithet الميلادي, and the first or last quarter or half
// of a century or a year (the span stops before من, as for الربع الأول).
func TestCenturiesAndParts(t *testing.T) {
	type modCase struct{ text, span, val, mod string }
	tg := New()
	for _, c := range []modCase{
		{"في القرن الـ19", "القرن الـ19", "18", ""},
		{"في القرن 19", "القرن 19", "18", ""},
		{"في القرن الثامن عشر الميلادي", "القرن الثامن عشر الميلادي", "17", ""},
		{"القرن الرابع الهجري", "القرن الرابع الهجري", "09", ""},
		{"النصف الثاني من القرن العشرين", "النصف الثاني", "19", "END"},
		{"النصف الأول من القرن الماضي", "النصف الأول", "19", "START"},
		{"الربع الأخير من القرن الماضي", "الربع الأخير", "19", "END"},
		{"الربع الأخير من العام الماضي", "الربع الأخير", "2022-Q4", ""},
		{"النصف الأخير من 2022", "النصف الأخير", "2022-H2", ""},
		{"في الربع الأخير", "الربع الأخير", "2023-Q2", ""},
	} {
		got := tg.Tag(c.text, "ar", tuesday)
		if len(got) == 0 || got[0].Text != c.span || got[0].Value != c.val || got[0].Mod != c.mod {
			t.Errorf("Tag(%q) = %+v, want first %q %s mod %q", c.text, got, c.span, c.val, c.mod)
		}
	}
}

// TestDayOfRelativeMonth checks a day of the current, last or next month
// (في الخامس عشر من الشهر الجاري), the afternoon (بعد ظهر) and midnight.
func TestDayOfRelativeMonth(t *testing.T) {
	a := tuesday
	runCases(t, []tagCase{
		{"fifteenth of this month", "ar", "في الخامس عشر من الشهر الجاري", a, []want{{"الخامس عشر من الشهر الجاري", Date, "2023-09-15"}}},
		{"tenth of next month", "ar", "حتى العاشر من الشهر المقبل", a, []want{{"العاشر من الشهر المقبل", Date, "2023-10-10"}}},
		{"digits of last month", "ar", "في 15 من الشهر الماضي", a, []want{{"15 من الشهر الماضي", Date, "2023-08-15"}}},
		{"digits without min", "ar", "يوم 20 الشهر الجاري", a, []want{{"20 الشهر الجاري", Date, "2023-09-20"}}},
		{"thirty-first of a short month", "ar", "الحادي والثلاثين من الشهر الجاري", a, []want{{"الشهر الجاري", Date, "2023-09"}}},
		{"no anchor", "ar", "في الخامس من الشهر الجاري", time.Time{}, []want{{"الخامس من الشهر الجاري", Date, "XXXX-XX-05"}}},
		{"ordinal of a noun", "ar", "الفصل الثاني من الشهر الجاري", a, []want{{"الشهر الجاري", Date, "2023-09"}}},
		{"feminine ordinal", "ar", "المرتبة الثالثة من الشهر الجاري", a, []want{{"الشهر الجاري", Date, "2023-09"}}},
		{"afternoon today", "ar", "بعد ظهر اليوم", a, []want{{"بعد ظهر اليوم", Time, "2023-09-05TAF"}}},
		{"afternoon clock", "ar", "الساعة الثالثة بعد الظهر", a, []want{{"الساعة الثالثة بعد الظهر", Time, "2023-09-05T15:00"}}},
		{"midnight", "ar", "عند منتصف الليل", a, []want{{"منتصف الليل", Time, "2023-09-05T00:00"}}},
		{"after noon alone", "ar", "بعد الظهر", a, nil},
	})
}

// TestLatinHolidays checks the English and French names of the holidays
// and of Ramadan and the Eids.
func TestLatinHolidays(t *testing.T) {
	eve := time.Date(2015, 12, 24, 0, 0, 0, 0, time.UTC)
	runCases(t, []tagCase{
		{"christmas eve", "en", "on Christmas Eve", eve, []want{{"Christmas Eve", Date, "2015-12-24"}}},
		{"christmas", "en", "the festive Christmas season", eve, []want{{"Christmas", Date, "2015-12-25"}}},
		{"new year's eve", "en", "New Year's Eve celebrations", eve, []want{{"New Year's Eve", Date, "2015-12-31"}}},
		{"valentine's day", "en", "flowers for Valentine's Day sold out", eve, []want{{"Valentine's Day", Date, "2016-02-14"}}},
		{"ramadan", "en", "will fast during Ramadan", eve, []want{{"Ramadan", Date, "2016-06"}}},
		{"eid", "en", "Eid al-Fitr", eve, []want{{"Eid al-Fitr", Date, "2015-07-18"}}},
		{"veille de noel", "fr", "la veille de Noël", eve, []want{{"la veille de Noël", Date, "2015-12-24"}}},
		{"jour de l'an", "fr", "le jour de l'An", eve, []want{{"le jour de l'An", Date, "2016-01-01"}}},
		{"ramadan fr", "fr", "pendant le ramadan", eve, []want{{"le ramadan", Date, "2015-07"}}},
		{"aid", "fr", "l'Aïd el-Fitr", eve, []want{{"l'Aïd el-Fitr", Date, "2015-07-18"}}},
		{"toussaint", "fr", "la Toussaint", eve, []want{{"la Toussaint", Date, "2015-11-01"}}},
		{"english words not in arabic mode", "ar", "Christmas", eve, nil},
		{"christmas island", "en", "flights to Christmas Island", eve, nil},
		{"toussaint louverture", "fr", "Toussaint Louverture est né", eve, nil},
	})
}

// TestWeekdayPicksYear checks that a weekday written with a day and month
// picks the year, next to the anchor's, in which the day falls on it.
func TestWeekdayPicksYear(t *testing.T) {
	eve := time.Date(2015, 12, 24, 0, 0, 0, 0, time.UTC)
	runCases(t, []tagCase{
		{"en next year", "en", "It will open on Wednesday 22 June", eve, []want{{"Wednesday 22 June", Date, "2016-06-22"}}},
		{"ar next year", "ar", "الأربعاء 22 يونيو", eve, []want{{"الأربعاء 22 يونيو", Date, "2016-06-22"}}},
		{"fr previous year", "fr", "vendredi 26 décembre", eve, []want{{"vendredi 26 décembre", Date, "2014-12-26"}}},
		{"matching anchor year kept", "ar", "الخميس 24 ديسمبر", eve, []want{{"الخميس 24 ديسمبر", Date, "2015-12-24"}}},
		{"no year matches", "en", "Tuesday 22 June", eve, []want{{"Tuesday 22 June", Date, "2015-06-22"}}},
		{"written year kept", "en", "Tuesday 22 June 2016", eve, []want{{"Tuesday 22 June 2016", Date, "2016-06-22"}}},
	})
}
