package timex

import (
	"testing"
	"time"
	"unicode/utf8"
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
