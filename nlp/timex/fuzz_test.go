package timex

import (
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

// FuzzTag checks that the tagger never panics and returns spans inside the
// text, on rune boundaries, in order and without overlap, with a type and
// a value.
func FuzzTag(f *testing.F) {
	for _, s := range []string{
		"أعلن البيت الأبيض أمس الإثنين", "منذ 3 ساعات", "في ٤ أيلول/سبتمبر ٢٠٢٣", "الساعة 10:30 مساءً",
		"كل يوم سبت", "نيسان (أبريل)", "الـ24 ساعة الماضية", "القرن الحادي والعشرين", "05/09/2023",
		"three hours ago", "Sept. 5, 2023", "at 3 p.m.", "il y a trois heures", "le 1er mai", "15h30",
		"أول", "بعد", "كانون", "الساعة", "2023-", "31/02/2023", "twenty-", "-", "ال 5", "يوم", "شهر آب",
	} {
		f.Add(s, uint8(0), true)
	}
	tg := New()
	langs := []string{"ar", "en", "fr", "und"}
	f.Fuzz(func(t *testing.T, text string, lang uint8, anchored bool) {
		if !utf8.ValidString(text) {
			t.Skip() // the decoder rejects invalid UTF-8 before any stage
		}
		var anchor time.Time
		if anchored {
			anchor = tuesday
		}
		prev := 0
		for _, x := range tg.Tag(text, langs[int(lang)%len(langs)], anchor) {
			if x.Start < prev || x.End <= x.Start || x.End > len(text) {
				t.Fatalf("bad span [%d,%d) after %d in %q", x.Start, x.End, prev, text)
			}
			if !utf8.RuneStart(text[x.Start]) || (x.End < len(text) && !utf8.RuneStart(text[x.End])) {
				t.Fatalf("span [%d,%d) not on rune boundaries in %q", x.Start, x.End, text)
			}
			if text[x.Start:x.End] != x.Text {
				t.Fatalf("Text %q != span %q", x.Text, text[x.Start:x.End])
			}
			switch x.Type {
			case Date, Time, Duration, Set:
			default:
				t.Fatalf("bad type %q", x.Type)
			}
			if x.Value == "" {
				t.Fatalf("empty value for %q", x.Text)
			}
			prev = x.End
		}
	})
}

// FuzzRuleStarts checks the shortcuts of run against trying every rule on
// every token that has a starting lexicon entry, a number, digits glued
// after it or a hyphen (what run tried before the shortcuts): a rule that
// run skips there (candidate, ruleStart) must find nothing.
func FuzzRuleStarts(f *testing.F) {
	for _, s := range ruleStartSeeds {
		f.Add(s, uint8(0))
	}
	tg := New()
	f.Fuzz(func(t *testing.T, text string, lang uint8) {
		if !utf8.ValidString(text) {
			t.Skip()
		}
		checkRuleStarts(t, tg, text, []string{"ar", "en", "fr", "und"}[int(lang)%4])
	})
}

// ruleStartSeeds mix the phrases every rule reads with the words the
// shortcuts skip (في, ما, هذا, ذلك).
var ruleStartSeeds = []string{
	"في السابق كان ما يقارب ثلاث سنوات هذا العام وذلك الوقت في الماضي",
	"قال في بيان إن ما حدث هذا الأسبوع وذلك اليوم منذ عام ونصف في المستقبل",
	"هذه الليلة وهذه الأيام وتلك الفترة بعد غد الثلاثاء أمس الأول الأحد",
	"الـ24 ساعة الماضية خلال 15 عاما المقبلة ل(20) عاما الماضية نهاية العام",
	"الساعة 10:30 مساءً كل يوم سبت سنوياً القرن التاسع عشر الخمسينيات",
	"at 3 p.m. the day before yesterday this morning these days over two-day talks",
	"il y a trois heures mi-septembre plus de deux ans ce soir midi à 15h30",
	"mid-September noon last night more than 48-hour every Monday in 2023",
	"Christmas Eve, New Year's Eve, during Ramadan, Eid al-Fitr, la veille de Noël, le jour de l'An, l'Aïd el-Fitr",
	"at 8 p.m. on Sunday, Monday at 9 a.m., demain à 20h, 20 heures dimanche, noon on Friday",
	"الساعة السابعة من مساء غد والتاسعة صباحا على الأقل ثلاث سنوات قبل عشر سنوات مضت وعيد الميلاد ليلة رأس السنة يوم العمال عام (1325) هجري 1445هـ خلال 30 ثانية وفي تلك السنة ذلك اليوم",
	"الربع الأخير من القرن الماضي النصف الثاني من القرن العشرين القرن الـ19 القرن الرابع الهجري لمدة أسبوع كامل في الخامس عشر من الشهر الجاري بعد ظهر اليوم منتصف الليل",
	"في شهر رمضان المقبل ورمضان 2018 ولرمضان 1439 هـ عيد الفطر المبارك المولد النبوي عاشوراء ذي الحجة صفر سنة 384هـ",
}

func checkRuleStarts(t *testing.T, tg *Tagger, text, lang string) {
	t.Helper()
	s := scanner{lex: tg.lex, ends: tg.ends, nt: normalize.New(text), anchor: tuesday, has: true, langs: langMask(lang)}
	s.norm = s.nt.Norm
	s.prepare(&scratch{})
	table := rules()
	for i := range s.toks {
		if !s.triedBefore(i) {
			continue
		}
		on := s.startsOf(i)
		cand := s.candidate(i)
		for k, r := range table {
			if cand && r.start&on != 0 {
				continue
			}
			if e, ok := r.read(&s, i); ok && e.val != "" && e.j > i {
				t.Errorf("rule %d skipped on token %d %q reads %q (%s)", k, i, s.toks[i].w, s.norm[s.toks[i].start:s.toks[e.j-1].end], e.val)
			}
		}
	}
}

// triedBefore is what candidate accepted before its shortcuts.
func (s *scanner) triedBefore(i int) bool {
	t := &s.toks[i]
	if t.kind == tokenize.Number {
		return true
	}
	for _, e := range t.es {
		if starts(e.c) {
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

// TestRuleStarts runs the check of FuzzRuleStarts on its seeds and on the
// benchmark article in every language setting.
func TestRuleStarts(t *testing.T) {
	tg := New()
	for _, text := range append(ruleStartSeeds, benchArticle) {
		for _, lang := range []string{"ar", "en", "fr", "und"} {
			checkRuleStarts(t, tg, text, lang)
		}
	}
}

func FuzzAtoi(f *testing.F) {
	for _, s := range []string{"", "0", "2023", "007", "2,5", "10:30", "٢٠٢٣", "+5", "-5", "999999999999999999", "9999999999999999999", "99999999999999999999", "1e3", " 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := atoi(s)
		want, err := strconv.Atoi(s)
		if ok != (err == nil) || ok && n != want {
			t.Fatalf("atoi(%q) = %d, %v; strconv.Atoi: %d, %v", s, n, ok, want, err)
		}
	})
}
