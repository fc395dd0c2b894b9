package langid

import (
	"bytes"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsenrich/newsenrich/corpus"
	"github.com/newsenrich/newsenrich/corpus/corpustest"
)

func loadModel(t testing.TB) *Model {
	t.Helper()
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Sentences written for these tests (not from any corpus): news-style
// Persian and Urdu, which share most letters with Arabic, plus headlines
// of every language.
func TestDetect(t *testing.T) {
	m := loadModel(t)
	tests := []struct {
		lang, text string
		minConf    float64
	}{
		{"fa", "رئیس‌جمهور ایران روز دوشنبه در سفر به مسکو با ولادیمیر پوتین دیدار و گفت‌وگو کرد.", 0.9},
		{"fa", "وزارت امور خارجه اعلام کرد که مذاکرات هسته‌ای هفته آینده در وین از سر گرفته می‌شود.", 0.9},
		{"fa", "قیمت دلار در بازار آزاد تهران امروز برای دومین روز پیاپی کاهش یافت.", 0.9},
		{"fa", "زلزله‌ای به بزرگی پنج و شش دهم ریشتر استان کرمان را لرزاند", 0.8},
		{"fa", "افزایش قیمت بنزین در ایران", 0.5},
		{"fa", "تیم ملی فوتبال ایران برای جام جهانی آماده می‌شود", 0.8},
		{"ur", "وزیر اعظم نے پیر کے روز اسلام آباد میں وفاقی کابینہ کے اجلاس کی صدارت کی۔", 0.9},
		{"ur", "پاکستان اور بھارت کے درمیان کرکٹ میچ اتوار کو لاہور میں کھیلا جائے گا۔", 0.9},
		{"ur", "محکمہ موسمیات کے مطابق آئندہ چوبیس گھنٹوں میں کراچی میں بارش کا امکان ہے۔", 0.9},
		{"ur", "حکومت نے پٹرول کی قیمت میں اضافے کا اعلان کر دیا", 0.8},
		{"ur", "لاہور میں شدید دھند، موٹروے بند", 0.5},
		{"fa", "بانک مرکزی ایران نرخ سود بانکی را برای مهار تورم افزایش داد.", 0.8},
		{"fa", "سخنگوی دولت گفت که بودجه سال آینده هفته بعد به مجلس ارائه خواهد شد.", 0.8},
		{"fa", "شمار قربانیان سیل در استان سیستان و بلوچستان به دوازده نفر رسید.", 0.8},
		{"fa", "وزیر نفت از افزایش صادرات نفت خام در ماه گذشته خبر داد.", 0.8},
		{"fa", "دانشگاه تهران امسال پذیرش دانشجوی خارجی را دو برابر می‌کند.", 0.8},
		{"fa", "کاهش ارزش ریال در برابر دلار", 0.5},
		{"fa", "برگزاری انتخابات ریاست‌جمهوری در خرداد", 0.5},
		{"fa", "پلیس راهور از محدودیت‌های ترافیکی در جاده‌های شمال کشور خبر داد.", 0.8},
		{"ur", "اسٹیٹ بینک نے شرح سود میں ایک فیصد اضافے کا اعلان کیا ہے۔", 0.8},
		{"ur", "وفاقی وزیر خزانہ نے کہا کہ آئندہ بجٹ میں تنخواہوں میں اضافہ کیا جائے گا۔", 0.8},
		{"ur", "سیلاب سے متاثرہ علاقوں میں امدادی کارروائیاں جاری ہیں۔", 0.8},
		{"ur", "سپریم کورٹ نے کیس کی سماعت آئندہ ہفتے تک ملتوی کر دی۔", 0.8},
		{"ur", "کراچی میں گرمی کی شدت میں اضافہ", 0.5},
		{"ur", "قومی ٹیم نے سیریز دو صفر سے جیت لی", 0.5},
		{"ur", "وزیر اعلیٰ پنجاب نے نئے ہسپتال کا افتتاح کیا۔", 0.8},
		{"ur", "ملک بھر میں عید الفطر مذہبی جوش و جذبے سے منائی گئی۔", 0.8},
		{"ar", "البيت الأبيض: كيم يعتزم لقاء بوتين في روسيا", 0.8},
		{"ar", "ارتفاع أسعار النفط مع تراجع المخزونات الأمريكية", 0.8},
		{"ar", "قال وزير الخارجية إن المفاوضات ستستأنف الأسبوع المقبل في جنيف بمشاركة جميع الأطراف.", 0.9},
		{"en", "Oil prices rise as US stockpiles fall", 0.8},
		{"en", "The White House said on Monday that the talks would resume next week.", 0.9},
		{"fr", "Les prix du pétrole augmentent malgré la baisse des stocks américains", 0.8},
		{"fr", "La Maison Blanche a annoncé lundi que les discussions reprendraient la semaine prochaine.", 0.9},
	}
	for _, tt := range tests {
		got := m.Detect(tt.text)
		if got.Code != tt.lang || got.Confidence < tt.minConf {
			t.Errorf("Detect(%q) = %+v, want %s with confidence >= %.2f", tt.text, got, tt.lang, tt.minConf)
		}
	}
}

func TestDetectSampleArticle(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(sharedDir(), "fixtures", "sample_article_ar.txt"))
	if err != nil {
		t.Skipf("sample article: %v", err)
	}
	got := loadModel(t).Detect(string(b))
	if got.Code != "ar" || got.Confidence < 0.99 {
		t.Errorf("sample article: %+v, want ar with confidence >= 0.99", got)
	}
}

func TestUndetermined(t *testing.T) {
	m := loadModel(t)
	for _, s := range []string{"", "   ", "12345 67.8 %", "—", "東京都で地震"} {
		if got := m.Detect(s); got.Code != Undetermined || got.Confidence != 0 {
			t.Errorf("Detect(%q) = %+v, want und", s, got)
		}
	}
}

func TestPrior(t *testing.T) {
	m := loadModel(t)
	// A declared language must not override clear evidence.
	if got := m.DetectWithPrior("La Maison Blanche a annoncé lundi que les discussions reprendraient.", "en"); got.Code != "fr" {
		t.Errorf("declared en on French text: %+v", got)
	}
	// And it raises the confidence in the declared language.
	s := "Iran"
	a, b := m.Scores(s, ""), m.Scores(s, "fr")
	conf := func(rs []Result, l string) float64 {
		for _, r := range rs {
			if r.Code == l {
				return r.Confidence
			}
		}
		return -1
	}
	if conf(b, "fr") <= conf(a, "fr") {
		t.Errorf("prior fr did not raise P(fr): %v vs %v", a, b)
	}
}

func TestScoresSumToOne(t *testing.T) {
	m := loadModel(t)
	rs := m.Scores("Les discussions reprendront", "")
	sum := 0.0
	for i, r := range rs {
		sum += r.Confidence
		if i > 0 && r.Confidence > rs[i-1].Confidence {
			t.Errorf("not sorted: %v", rs)
		}
	}
	if sum < 0.999 || sum > 1.001 || len(rs) != len(m.Languages()) {
		t.Errorf("scores %v sum to %v", rs, sum)
	}
}

func TestModelRoundTrip(t *testing.T) {
	m, err := Train(map[string][]string{
		"aa": {"abc abd abe", "ab ab"},
		"bb": {"xyz xyw", "xy xz"},
	}, TrainOptions{PerLanguage: 50})
	if err != nil {
		t.Fatal(err)
	}
	m.FitBeta([]Sample{{"aa", "abd"}, {"bb", "xyw"}})
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"abx", "xyq", "ab xy xz"} {
		if a, b := m.Detect(s), m2.Detect(s); a != b {
			t.Errorf("%q: %+v before, %+v after round trip", s, a, b)
		}
	}
	if got := m2.Detect("abab"); got.Code != "aa" {
		t.Errorf("toy model: %+v", got)
	}
	if _, err := Read(strings.NewReader("junk")); err == nil {
		t.Error("Read accepted junk")
	}
}

// The quality floor on held-out news: the evaluation part of the split the
// trainer uses (FNV-32a of the id, mod 10 == 0) of ANT v2.1, 1,000 Jawhara
// FM articles of ANT v1.1 and the MasakhaNEWS dev files (never trained
// on).
func TestHeldOutAccuracy(t *testing.T) {
	data := corpustest.Dir(t)
	dir := filepath.Join(data, "topics")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no corpora: %v", err)
	}
	m := loadModel(t)
	type doc struct{ lang, title, text string }
	var docs []doc
	n := 0
	err := corpus.ReadANT(filepath.Join(data, corpus.ANTv21), func(d corpus.ANTDoc) error {
		if n >= 500 {
			return corpus.ErrStop
		}
		h := fnv.New32a()
		h.Write([]byte(d.Docno))
		if h.Sum32()%10 == 0 {
			docs = append(docs, doc{"ar", d.Title, d.Text})
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// ANT v1.1 (Jawhara FM, Tunisia): another source, never trained on.
	n = 0
	err = corpus.ReadANT(filepath.Join(data, corpus.ANTv11), func(d corpus.ANTDoc) error {
		if n >= 1000 {
			return corpus.ErrStop
		}
		docs = append(docs, doc{"ar", d.Title, d.Text})
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for lang, name := range map[string]string{"en": "masakhanews_eng_dev.tsv", "fr": "masakhanews_fra_dev.tsv"} {
		rows, err := corpus.ReadMasakha(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			docs = append(docs, doc{lang, row.Headline, row.Text})
		}
	}
	type tally struct{ ok, n int }
	arts, heads := map[string]*tally{}, map[string]*tally{}
	count := func(m map[string]*tally, lang string, ok bool) {
		if m[lang] == nil {
			m[lang] = &tally{}
		}
		m[lang].n++
		if ok {
			m[lang].ok++
		}
	}
	for _, d := range docs {
		if strings.TrimSpace(d.text) != "" {
			count(arts, d.lang, m.Detect(d.text).Code == d.lang)
		}
		if strings.TrimSpace(d.title) != "" {
			count(heads, d.lang, m.Detect(d.title).Code == d.lang)
		}
	}
	for _, c := range []struct {
		what  string
		m     map[string]*tally
		floor float64
	}{{"articles", arts, 0.99}, {"headlines", heads, 0.97}} {
		for lang, tl := range c.m {
			acc := float64(tl.ok) / float64(tl.n)
			t.Logf("%s %s: %.4f of %d", c.what, lang, acc, tl.n)
			if acc < c.floor {
				t.Errorf("%s %s: accuracy %.4f below %.2f", c.what, lang, acc, c.floor)
			}
		}
	}
}

func TestModelSize(t *testing.T) {
	if len(embedded) > 2<<20 {
		t.Errorf("embedded model is %d bytes, over 2 MiB", len(embedded))
	}
}

// sharedDir is the parent of the corpora folder (see corpus.Dir), where
// the fixtures are.
func sharedDir() string {
	d, _ := corpus.Dir()
	return filepath.Dir(filepath.Clean(d))
}

func FuzzDetect(f *testing.F) {
	m := loadModel(f)
	for _, s := range []string{"", "كوریا", "abc", "می‌شود", "\xff\xfe", strings.Repeat("ا", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := m.Detect(s)
		if r.Confidence < 0 || r.Confidence > 1 || r.Confidence != r.Confidence {
			t.Fatalf("confidence %v", r.Confidence)
		}
	})
}

func BenchmarkDetectArticle(b *testing.B) {
	m := loadModel(b)
	text, err := os.ReadFile(filepath.Join(sharedDir(), "fixtures", "sample_article_ar.txt"))
	if err != nil {
		b.Skip(err)
	}
	s := string(text)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		m.Detect(s)
	}
}

func BenchmarkDetectHeadline(b *testing.B) {
	m := loadModel(b)
	s := "البيت الأبيض: كيم يعتزم لقاء بوتين في روسيا"
	b.ReportAllocs()
	for b.Loop() {
		m.Detect(s)
	}
}
