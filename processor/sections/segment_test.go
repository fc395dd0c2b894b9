package sections

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/record"
)

// want describes one expected section: its kind and how its text starts
// and ends ("" checks nothing).
type want struct{ kind, prefix, suffix string }

func readFile(t testing.TB, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("%v", err)
	}
	return string(data)
}

// TestSampleWithoutSourceAndTags removes the source and tags lines from the
// sample: the read-also block, whose headline the related list repeats,
// must still be related, not story.
func TestSampleWithoutSourceAndTags(t *testing.T) {
	text := readFile(t, "../../../shared/fixtures/sample_article_ar.txt")
	var kept []string
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "المصدر:") && !strings.HasPrefix(line, "كلمات دلالية:") {
			kept = append(kept, line)
		}
	}
	text = strings.Join(kept, "\n")
	res := Segment(text, "")
	checkCover(t, text, res.Sections)
	last := res.Sections[len(res.Sections)-1]
	if last.Kind != record.KindRelated || !strings.HasPrefix(text[last.Start:last.End], "إقرأ أيضاً") {
		for _, s := range res.Sections {
			t.Logf("%s %.80q", s.Kind, text[s.Start:s.End])
		}
		t.Errorf("last section %s %.80q, want the related block from إقرأ أيضاً", last.Kind, text[last.Start:last.End])
	}
}

func TestSegment(t *testing.T) {
	tests := []struct {
		name, file, text, title string
		want                    []want
		wantTitle               string
	}{
		{
			name: "sample article", file: "../../../shared/fixtures/sample_article_ar.txt",
			want: []want{
				{record.KindLead, "أعلن البيت الأبيض أمس الإثنين", "بأسلحة كورية شمالية."},
				{record.KindBody, "وكان البيت الأبيض أعلن", "لحربها في أوكرانيا."},
				{record.KindTicker, "زيلينسكي يزور منطقة دونيتسك", "مع دول الجوار منذ 3 ساعات"},
				{record.KindBody, "وقالت المتحدّثة", "ما الذي سيحدث بعد ذلك»."},
				{record.KindSource, "المصدر: الراي", "المصدر: الراي"},
				{record.KindTags, "كلمات دلالية:", "کوریا الشمالیة"},
				{record.KindRelated, "إقرأ أيضاً:", "مع بوتين حول حرب أوكرانيا"},
			},
		},
		{
			name: "english page", file: "../../testdata/pages/en_storm.txt",
			wantTitle: "Storm Elowen cuts power to 200,000 homes across western England",
			want: []want{
				{record.KindOther, "Home | World", "Weather"},
				{record.KindTitle, "Storm Elowen", "western England"},
				{record.KindOther, "By Harriet Cole", "14 March 2024"},
				{record.KindLead, "LONDON, March 14 (Reuters)", "National Grid said."},
				{record.KindBody, "The Met Office", "Gatwick Airport said 40 flights had been diverted."},
				{record.KindTicker, "Ministers face questions", "inflation eases 3 hours ago"},
				{record.KindBody, "Network Rail said", "will be difficult.\""},
				{record.KindRelated, "Read more:", "names its storms"},
				{record.KindBody, "The Environment Agency", "by the weekend."},
				{record.KindSource, "Reporting by", "Mark Potter"},
				{record.KindTags, "Tags:", "Energy"},
				{record.KindRelated, "Related stories", "higher repair bills"},
				{record.KindOther, "Share this article", "Contact us"},
			},
		},
		{
			name: "french page", file: "../../testdata/pages/fr_greve.txt",
			want: []want{
				{record.KindOther, "Accueil", "Transports"},
				{record.KindTitle, "Grève à la SNCF", "Île-de-France"},
				{record.KindOther, "Par Camille Martin", "19h30"},
				{record.KindLead, "La SNCF prévoit", "hausses de salaires."},
				{record.KindBody, "Selon la direction", "leurs déplacements »."},
				{record.KindRelated, "Lire aussi :", "1er septembre"},
				{record.KindBody, "Les syndicats", "vendredi matin."},
				{record.KindTicker, "Incendie dans un entrepôt", "il y a 5 heures"},
				{record.KindBody, "Les négociations", "CGT-Cheminots."},
				{record.KindSource, "Source : AFP", ""},
				{record.KindTags, "Mots-clés :", "Île-de-France"},
				{record.KindRelated, "Sur le même sujet", "billet de train ?"},
				{record.KindOther, "Partager", "Tous droits réservés"},
			},
		},
		{
			name: "arabic plain text with a title line", file: "../../testdata/pages/ar_plain_title.txt",
			wantTitle: "الأمم المتحدة تحذر من نقص حاد في المياه بغزة",
			want: []want{
				{record.KindTitle, "الأمم المتحدة تحذر", "بغزة"},
				{record.KindLead, "حذرت الأمم المتحدة", "نفاد الوقود."},
				{record.KindBody, "وقال المتحدث", "لم تتلق ردا حتى الآن."},
				{record.KindRelated, "اقرأ أيضا:", "الأسواق المحلية"},
				{record.KindBody, "وأشار إلى أن فرق الإغاثة تعمل منذ ساعات الصباح", "في المدارس."},
				{record.KindOther, "شارك الخبر", ""},
				{record.KindSource, "المصدر: وكالات", ""},
			},
		},
		{
			name: "arabic page", file: "../../testdata/pages/ar_page.txt",
			wantTitle: "البنك المركزي يرفع سعر الفائدة للمرة الثالثة هذا العام",
			want: []want{
				{record.KindOther, "الرئيسية |", "ثقافة"},
				{record.KindTitle, "البنك المركزي يرفع", "هذا العام"},
				{record.KindOther, "آخر تحديث:", "10:45"},
				{record.KindLead, "القاهرة - قرر", "منذ خمس سنوات."},
				{record.KindBody, "وقال محافظ البنك", "إذا لزم الأمر."},
				{record.KindRelated, "اقرأ أيضاً", "منذ شهرين"},
				{record.KindBody, "وأضاف المحافظ", "لاستقرار العملة."},
				{record.KindTicker, "انخفاض حاد", "منذ 5 دقائق"},
				{record.KindBody, "وكان البنك", "والمتوسطة."},
				{record.KindTags, "وسوم", "التضخم"},
				{record.KindOther, "شارك", "© 2024"},
			},
		},
		{
			name: "teaser of another article, its headline repeated in a list",
			text: "Diplomats met on Monday in Geneva to resume talks that stalled in May, officials said.\n\n" +
				"Read also\n\nBlast at a chemical plant kills two\n\n" +
				"A blast at a chemical plant near Lyon killed two workers on Thursday, the fire service said.\n\n" +
				"More stories\n\n• Blast at a chemical plant kills two\n• Oil prices fall again",
			want: []want{
				{record.KindLead, "Diplomats met", "officials said."},
				{record.KindRelated, "Read also", "Oil prices fall again"},
			},
		},
		{
			name: "read-also headlines inside a story that resumes",
			text: "Diplomats met on Monday in Geneva to resume talks that stalled in May, officials said.\n\n" +
				"Read also\n\nBlast at a chemical plant kills two\n\n" +
				"The talks will resume on Friday, a spokesman for the mediators told reporters.",
			want: []want{
				{record.KindLead, "Diplomats met", "officials said."},
				{record.KindRelated, "Read also", "kills two"},
				{record.KindBody, "The talks", "told reporters."},
			},
		},
		{
			name:  "given title repeated as the first line",
			text:  "Talks resume in Geneva\nDiplomats met on Monday in Geneva to resume talks that stalled in May.\nThey will meet again on Friday.",
			title: "Talks resume in Geneva",
			want: []want{
				{record.KindTitle, "Talks resume in Geneva", ""},
				{record.KindLead, "Diplomats met", "in May."},
				{record.KindBody, "They will", ""},
			},
		},
		{
			name: "prose with relative time is story",
			text: "قال مسؤول إن القوات انسحبت منذ ساعة، وإن الهدوء عاد إلى المدينة.\nوأضاف أن المفاوضات مستمرة منذ أيام دون نتيجة.",
			want: []want{
				{record.KindLead, "قال مسؤول", "إلى المدينة."},
				{record.KindBody, "وأضاف", "دون نتيجة."},
			},
		},
		{
			name: "relative-time words before a month or a definite noun are prose",
			text: "وأكدت الوزيرة أن الاستعدادات انطلقت منذ شهر جانفي لفائدة الموسم الذي ينطلق عادة منذ شهر ماي.\nوتعمل الفرق منذ ساعات الصباح الأولى.",
			want: []want{
				{record.KindLead, "وأكدت الوزيرة", "منذ شهر ماي."},
				{record.KindBody, "وتعمل الفرق", "الأولى."},
			},
		},
		{
			name: "agency credit in parentheses after the story",
			text: "قال الرئيس إن المفاوضات مستمرة بين الطرفين منذ أسابيع دون نتيجة تذكر.\n(أ ف ب)",
			want: []want{
				{record.KindLead, "قال الرئيس", "تذكر."},
				{record.KindSource, "(أ ف ب)", ""},
			},
		},
		{
			name: "numbered list with dashes stays story",
			text: "The clubs with the most titles are listed below, according to the federation.\n1- Real Madrid - Milan - Bayern 11 titles\n2- Ajax - River Plate - Porto 9 titles",
			want: []want{
				{record.KindLead, "The clubs", "federation."},
				{record.KindBody, "1- Real Madrid", "9 titles"},
			},
		},
		{
			name: "ticker glued inside a paragraph",
			text: "The minister spoke to reporters on Monday about the budget. Floods hit northern Italy 1 hour ago Oil prices fall again 4 hours ago She said the plan would pass.",
			want: []want{
				{record.KindLead, "The minister", "the budget."},
				{record.KindTicker, "Floods hit", "4 hours ago"},
				{record.KindBody, "She said", "would pass."},
			},
		},
		{
			name: "list closing a story stays story",
			text: "The fund sold several stakes last year, the report said, in a long list of deals.\nStake in Rosneft cut to 4.7%\nShares in Tiffany sold for $417 million",
			want: []want{
				{record.KindLead, "The fund", "of deals."},
				{record.KindBody, "Stake in", "$417 million"},
			},
		},
		{name: "empty", text: " \n\n ", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.text
			if tt.file != "" {
				text = readFile(t, tt.file)
			}
			res := Segment(text, tt.title)
			checkCover(t, text, res.Sections)
			if len(res.Sections) != len(tt.want) {
				for _, s := range res.Sections {
					t.Logf("%s %.80q", s.Kind, text[s.Start:s.End])
				}
				t.Fatalf("%d sections, want %d", len(res.Sections), len(tt.want))
			}
			for i, w := range tt.want {
				s := res.Sections[i]
				got := text[s.Start:s.End]
				if s.Kind != w.kind || !strings.HasPrefix(got, w.prefix) || !strings.HasSuffix(got, w.suffix) {
					t.Errorf("section %d = %s %q\nwant %s %q...%q", i, s.Kind, got, w.kind, w.prefix, w.suffix)
				}
			}
			if tt.wantTitle != "" {
				if got := text[res.Title.Start:res.Title.End]; got != tt.wantTitle {
					t.Errorf("title %q, want %q", got, tt.wantTitle)
				}
			}
		})
	}
}

// checkCover checks that sections are in order, do not overlap, are
// trimmed, and leave only white space uncovered.
func checkCover(t *testing.T, text string, secs []processor.Section) {
	t.Helper()
	prev := 0
	for _, s := range secs {
		if s.Start < prev || s.End <= s.Start || s.End > len(text) {
			t.Fatalf("bad section %+v after %d (len %d)", s, prev, len(text))
		}
		if utf8.ValidString(text) && !utf8.ValidString(text[s.Start:s.End]) {
			t.Fatalf("section %+v splits a rune", s)
		}
		if gap := text[prev:s.Start]; strings.TrimFunc(gap, isBlank) != "" {
			t.Fatalf("uncovered text %q before %+v", gap, s)
		}
		prev = s.End
	}
	if gap := text[prev:]; strings.TrimFunc(gap, isBlank) != "" {
		t.Fatalf("uncovered text %q at the end", gap)
	}
}

func TestStage(t *testing.T) {
	text := readFile(t, "../../testdata/pages/en_storm.txt")
	doc := processor.NewDocument(article.Article{Text: text}, time.Time{})
	if err := New().Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if doc.Record.Title != "Storm Elowen cuts power to 200,000 homes across western England" {
		t.Errorf("title %q", doc.Record.Title)
	}
	if len(doc.Record.Sections) != len(doc.Sections) {
		t.Fatalf("%d record sections for %d", len(doc.Record.Sections), len(doc.Sections))
	}
	runes := []rune(text)
	for i, s := range doc.Record.Sections {
		b := doc.Sections[i]
		if string(runes[s.Start:s.End]) != text[b.Start:b.End] {
			t.Errorf("section %d: code points %d-%d do not match bytes %d-%d", i, s.Start, s.End, b.Start, b.End)
		}
	}
	// A title given with the input is kept.
	doc = processor.NewDocument(article.Article{Text: text, Title: "Given"}, time.Time{})
	if err := New().Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if doc.Record.Title != "Given" {
		t.Errorf("title %q, want the given one", doc.Record.Title)
	}
}

func FuzzSegment(f *testing.F) {
	for _, p := range []string{"../../testdata/pages/en_storm.txt", "../../testdata/pages/fr_greve.txt", "../../testdata/pages/ar_plain_title.txt"} {
		if data, err := os.ReadFile(filepath.FromSlash(p)); err == nil {
			f.Add(string(data), "")
		}
	}
	f.Add("a منذ ساعة b منذ 3 ساعات\nTags:\nx\n", "a")
	f.Add(" \u200cخبر عاجل هنا منذ ساعة\u200f \n\tbreaking news here 2 hours ago\u200d\r\nune info il y a 3 heures -\u200c\n", "")
	f.Add("U.\u200bS. news - \nabc-\u200c\nl'\u00a0\n", "")
	f.Fuzz(func(t *testing.T, text, title string) {
		res := Segment(text, title)
		if res2 := SegmentText(normalize.New(text), tokenize.Tokenize(text), title); !reflect.DeepEqual(res, res2) {
			t.Fatalf("SegmentText %+v, Segment %+v", res2, res)
		}
		checkCover(t, text, res.Sections)
		if res.Title.Start < 0 || res.Title.End > len(text) || res.Title.Start > res.Title.End {
			t.Fatalf("title span %+v out of range", res.Title)
		}
	})
}

// BenchmarkSegment measures segmentation of the sample article (6 KB).
func BenchmarkSegment(b *testing.B) {
	text := readFile(b, "../../../shared/fixtures/sample_article_ar.txt")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Segment(text, "")
	}
}

func FuzzCountWords(f *testing.F) {
	for _, s := range []string{"", "a b", "كوريا الشمالية ٢٠٢٣", "Élysée l'été 3,5", "\xd8\xff ـ ٫ x\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, in := 0, false
		for _, r := range s {
			w := isWordRune(r)
			if w && !in {
				want++
			}
			in = w
		}
		for _, limit := range []int{0, 1, 2, wordCap, want, want + 1} {
			if got := countWords(s, limit); got != min(want, limit) {
				t.Fatalf("countWords(%q, %d) = %d, want %d", s, limit, got, min(want, limit))
			}
		}
	})
}
