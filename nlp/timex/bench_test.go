package timex

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// benchArticle is a news-like Arabic article of about 2.6 KB (the median
// size of the ANT corpus articles) with the usual density of time
// expressions.
var benchArticle = strings.Repeat(`أعلن رئيس الوزراء أمس الإثنين أن الحكومة ستعقد اجتماعاً طارئاً الأسبوع المقبل لبحث الأزمة الاقتصادية التي تعصف بالبلاد منذ ثلاث سنوات.
وقال في مؤتمر صحفي عقده في العاصمة إن معدل التضخم ارتفع خلال الأشهر الستة الماضية إلى أعلى مستوى له منذ عام 2008، مضيفاً أن الحكومة تتوقع تحسناً في الربع الأخير من العام الجاري.
وكان البنك المركزي قد رفع أسعار الفائدة في 12 تموز/يوليو 2023 للمرة الثالثة هذا العام، فيما يتوقع محللون زيادة جديدة في سبتمبر.
ويعاني المواطنون من انقطاع الكهرباء لمدة 8 ساعات يومياً، بحسب ما أفادت وسائل إعلام محلية الثلاثاء.
`, 4)

// BenchmarkTag measures articles per second for the whole tagger,
// normalisation included.
func BenchmarkTag(b *testing.B) {
	tg := New()
	b.ReportAllocs()
	b.SetBytes(int64(len(benchArticle)))
	for b.Loop() {
		tg.Tag(benchArticle, "ar", tuesday)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkTagNorm measures the tagger on text already normalised, as in
// the pipeline (the text stage folds each article once).
func BenchmarkTagNorm(b *testing.B) {
	tg := New()
	nt := normalize.New(benchArticle)
	b.ReportAllocs()
	b.SetBytes(int64(len(benchArticle)))
	for b.Loop() {
		tg.TagNorm(nt, "ar", tuesday)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkNew measures building the lexicons (once per process).
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		New()
	}
}

// BenchmarkTagANT tags the first 500 articles of the ANT v2.1 news corpus
// (../shared/data/topics, or $NEWSENRICH_DATA/topics) and reports articles
// per second over real news; it is skipped without the data.
func BenchmarkTagANT(b *testing.B) {
	dir := os.Getenv("NEWSENRICH_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	f, err := os.Open(filepath.Join(dir, "topics", "ant_v2.1_multisource.train.jsonl.gz"))
	if err != nil {
		b.Skip("no ANT corpus:", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var texts []*normalize.Text
	var anchors []time.Time
	for sc.Scan() && len(texts) < 500 {
		var d struct{ Text, Time string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			b.Fatal(err)
		}
		t, _ := time.Parse(time.RFC1123Z, d.Time)
		texts = append(texts, normalize.New(d.Text))
		anchors = append(anchors, t)
	}
	tg := New()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		tg.TagNorm(texts[n%len(texts)], "ar", anchors[n%len(texts)])
		n++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
