package sentence

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func texts(o Options, s string) []string {
	var out []string
	for _, sp := range o.Append(nil, s) {
		out = append(out, s[sp.Start:sp.End])
	}
	return out
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
		in   string
		want []string
	}{
		{"arabic comma is not an end", Options{},
			"من جهتها، أفادت الصحيفة أنّ كيم سيسافر. وقالت الصحيفة إن كيم قد يزور موسكو، لكن لم يتم تأكيد ذلك.",
			[]string{"من جهتها، أفادت الصحيفة أنّ كيم سيسافر.", "وقالت الصحيفة إن كيم قد يزور موسكو، لكن لم يتم تأكيد ذلك."}},
		{"arabic question mark", Options{},
			"هل تتقدم المفاوضات؟ نعم! قال ذلك.",
			[]string{"هل تتقدم المفاوضات؟", "نعم!", "قال ذلك."}},
		{"semicolon kept by default", Options{},
			"قال الوزير إن الاتفاق قريب؛ وأضاف أنه سيوقع غدا.",
			[]string{"قال الوزير إن الاتفاق قريب؛ وأضاف أنه سيوقع غدا."}},
		{"semicolon as an end", Options{Semicolon: true},
			"قال الوزير إن الاتفاق قريب؛ وأضاف أنه سيوقع غدا.",
			[]string{"قال الوزير إن الاتفاق قريب؛", "وأضاف أنه سيوقع غدا."}},
		{"quote closing after the period", Options{},
			"وتابعت: «نحض كوريا على وقف المفاوضات». وأشارت إلى ذلك.",
			[]string{"وتابعت: «نحض كوريا على وقف المفاوضات».", "وأشارت إلى ذلك."}},
		{"period inside a quotation", Options{},
			"وقال بوتين «إنه فاشل»، مضيفا «على الأقل هذا ما يبدو عليه اليوم. دعونا نرى ما الذي سيحدث بعد ذلك». وانتهى.",
			[]string{"وقال بوتين «إنه فاشل»، مضيفا «على الأقل هذا ما يبدو عليه اليوم. دعونا نرى ما الذي سيحدث بعد ذلك».", "وانتهى."}},
		{"english quote", Options{},
			"“We are ready.” He left. Then he came back.",
			[]string{"“We are ready.”", "He left.", "Then he came back."}},
		{"abbreviations", Options{},
			"Mr. Smith met Dr. Jones at 5 p.m. on Monday. They spoke.",
			[]string{"Mr. Smith met Dr. Jones at 5 p.m. on Monday.", "They spoke."}},
		{"acronyms", Options{},
			"U.S. forces left the U.S. The war was over. Talks at the U.N. Security Council went on.",
			[]string{"U.S. forces left the U.S.", "The war was over.", "Talks at the U.N. Security Council went on."}},
		{"initials", Options{},
			"John F. Kennedy spoke. It was 1961.",
			[]string{"John F. Kennedy spoke.", "It was 1961."}},
		{"french", Options{},
			"M. Macron a reçu Mme Dupont à l'Élysée. Il a déclaré : « Nous agirons. » Puis il est parti.",
			[]string{"M. Macron a reçu Mme Dupont à l'Élysée.", "Il a déclaré : « Nous agirons. »", "Puis il est parti."}},
		{"decimals", Options{},
			"Growth was 3.5 percent. Prices rose.",
			[]string{"Growth was 3.5 percent.", "Prices rose."}},
		{"paragraph breaks", Options{},
			"المصدر: الراي\n\nكلمات دلالية: مفاوضات الأسلحة\n  • البيت الأبيض: ترامب يعتزم حضور قمة\n",
			[]string{"المصدر: الراي", "كلمات دلالية: مفاوضات الأسلحة", "• البيت الأبيض: ترامب يعتزم حضور قمة"}},
		{"wrapped english line", Options{},
			"The minister said the talks\nwould resume. Next\nTopic",
			[]string{"The minister said the talks\nwould resume.", "Next", "Topic"}},
		{"ellipsis", Options{},
			"كيم غاضب.. ثم ماذا؟ لا أحد يعرف...",
			[]string{"كيم غاضب..", "ثم ماذا؟", "لا أحد يعرف..."}},
		{"unclosed quotation", Options{},
			"قال «إنه فاشل. ثم غادر.",
			[]string{"قال «إنه فاشل.", "ثم غادر."}},
		{"arabic dotted acronym", Options{},
			"وفي مقابلة مع قناة سي.إن.إن. ترك، قال الوزير إن بلاده سترد. وانتهى اللقاء.",
			[]string{"وفي مقابلة مع قناة سي.إن.إن. ترك، قال الوزير إن بلاده سترد.", "وانتهى اللقاء."}},
		{"numbered list", Options{},
			"وإليكم الخطوات:\n1. العثور على التطبيقات. 2. إيقافها.\n3. إعادة التشغيل",
			[]string{"وإليكم الخطوات:", "1. العثور على التطبيقات.", "2. إيقافها.", "3. إعادة التشغيل"}},
		{"empty", Options{}, " \n\n\u200f ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := texts(tt.opt, tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestSampleArticle(t *testing.T) {
	data, err := os.ReadFile("../../../shared/fixtures/sample_article_ar.txt")
	if err != nil {
		t.Skip(err)
	}
	s := string(data)
	got := Split(s)
	var last string
	for _, sp := range got {
		if strings.Contains(s[sp.Start:sp.End], "دعونا نرى") {
			last = s[sp.Start:sp.End]
		}
	}
	if !strings.HasPrefix(last, "وقال بوتين الاثنين") || !strings.HasSuffix(last, "بعد ذلك».") {
		t.Errorf("Putin's quote is split: %q", last)
	}
}

func checkSpans(t *testing.T, s string, spans []Span) {
	t.Helper()
	prev := 0
	for _, sp := range spans {
		if sp.Start < prev || sp.End <= sp.Start || sp.End > len(s) {
			t.Fatalf("bad span %+v after %d in %q", sp, prev, s)
		}
		if utf8.ValidString(s) && !utf8.ValidString(s[sp.Start:sp.End]) {
			t.Fatalf("span splits a rune: %+v in %q", sp, s)
		}
		prev = sp.End
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("Mr. Smith «met» U.S. officials. هل؟ نعم! «قال. ثم» …\nnext")
	f.Add("a.\n\n«b».” c؛ d")
	f.Fuzz(func(t *testing.T, s string) {
		checkSpans(t, s, Split(s))
		checkSpans(t, s, Options{Semicolon: true}.Append(nil, s))
	})
}

func BenchmarkSplit(b *testing.B) {
	data, err := os.ReadFile("../../../shared/fixtures/sample_article_ar.txt")
	if err != nil {
		b.Skip(err)
	}
	s := string(data)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	var buf []Span
	for b.Loop() {
		buf = Options{}.Append(buf[:0], s)
	}
}

// The byte filter of appendParagraph (markBytes) stops at every
// quotation mark and terminator.
func TestMarkBytes(t *testing.T) {
	o := Options{Semicolon: true}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		switch {
		case r >= 0xD800 && r <= 0xDFFF:
			continue
		case o.isTerminator(r), r == '«', r == '“', r == '»', r == '”':
			b := utf8.AppendRune(nil, r)
			if markBytes[b[0]] != '1' && !(b[0] == 0xD8 && markBytes[b[1]] == '2') {
				t.Errorf("%U: %#x not a possible mark", r, b)
			}
		}
	}
}
