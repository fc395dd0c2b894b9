package timex

import (
	"strings"
	"testing"

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
