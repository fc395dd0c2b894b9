package topics

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/record"
)

// dataDir locates the shared corpora: NEWSENRICH_DATA, else ../shared/data
// from the repository root.
func dataDir() string {
	if d := os.Getenv("NEWSENRICH_DATA"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "data")
}

func TestMapCategory(t *testing.T) {
	tests := []struct {
		corpus, category string
		gold             string
		weak             bool
		accept           []string
	}{
		{CorpusANT2, "culture", Arts, false, []string{Arts}},
		{CorpusANT2, "economy", Economy, false, []string{Economy}},
		{CorpusANT2, "sport", Sport, false, []string{Sport}},
		{CorpusANT2, "technology", Science, false, []string{Science}},
		{CorpusANT2, "internationalNews", "", true, []string{Politics, Conflict}},
		{CorpusANT2, "middleEast", "", true, []string{Politics, Conflict}},
		{CorpusANT1, "politic", Politics, false, []string{Politics}},
		{CorpusANT1, "localNews", "", true, nil},
		{CorpusANT1, "society", "", true, nil},
		{CorpusANT1, "diverse", "", true, nil},
		{CorpusMasakhaEng, "business", Economy, false, []string{Economy}},
		{CorpusMasakhaEng, "entertainment", Arts, false, []string{Arts}},
		{CorpusMasakhaEng, "health", Health, false, []string{Health}},
		{CorpusMasakhaEng, "religion", Religion, false, []string{Religion}},
		{CorpusMasakhaFra, "sports", Sport, false, []string{Sport}},
		{CorpusMasakhaFra, "technology", Science, false, []string{Science}},
	}
	for _, tt := range tests {
		m, ok := MapCategory(tt.corpus, tt.category)
		if !ok {
			t.Errorf("MapCategory(%s, %s): not mapped", tt.corpus, tt.category)
			continue
		}
		if m.Gold != tt.gold || m.Weak != tt.weak || fmt.Sprint(m.Accept) != fmt.Sprint(tt.accept) {
			t.Errorf("MapCategory(%s, %s) = %+v, want gold %q weak %v accept %v", tt.corpus, tt.category, m, tt.gold, tt.weak, tt.accept)
		}
		if m.Weak && m.Fallback != "" && Label(m.Fallback) == "" {
			t.Errorf("MapCategory(%s, %s): fallback %q is not a code", tt.corpus, tt.category, m.Fallback)
		}
	}
	if _, ok := MapCategory(CorpusANT2, "weather"); ok {
		t.Error("an unknown category is mapped")
	}
	// Every mapped code is a top-level code of the contract.
	for corpus, cats := range categoryMap {
		for cat, m := range cats {
			for _, c := range append([]string{m.Gold, m.Fallback}, m.Accept...) {
				if c != "" && Label(c) == "" {
					t.Errorf("%s/%s maps to unknown code %q", corpus, cat, c)
				}
			}
		}
	}
}

func TestLabels(t *testing.T) {
	if len(Codes()) != 17 {
		t.Fatalf("%d codes, want 17", len(Codes()))
	}
	for _, tt := range []struct{ code, label string }{
		{Politics, "politics"}, {Conflict, "conflict/war/peace"}, {Arts, "arts/culture/entertainment/media"},
		{Weather, "weather"}, {"medtop:99000000", ""},
	} {
		if got := Label(tt.code); got != tt.label {
			t.Errorf("Label(%s) = %q, want %q", tt.code, got, tt.label)
		}
	}
}

func TestWeakTarget(t *testing.T) {
	lex := NewLexicon()
	tests := []struct {
		name, title, text string
		fallback          string
		want              string // the class with the largest target share
		alsoPositive      []string
	}{
		{
			name:  "air strikes are conflict and politics",
			title: "غارات جوية على مواقع المسلحين",
			text: "شنت طائرات حربية غارات جوية وقصف مدفعي على مواقع المسلحين، وقال الجيش إن الاشتباكات أوقعت قتلى. " +
				"وأعلن وزير الخارجية أن الحكومة ترفض المفاوضات.",
			fallback: Politics, want: Conflict, alsoPositive: []string{Politics},
		},
		{
			name:     "an earthquake is a disaster",
			title:    "زلزال عنيف يضرب الجزيرة",
			text:     "ضرب زلزال بقوة 6 درجات الجزيرة وأدى إلى انهيار مبان، وتواصل فرق الإنقاذ والدفاع المدني البحث عن مفقودين بعد الزلزال. وقال الدفاع المدني إن الحرائق امتدت.",
			fallback: Politics, want: Disaster, alsoPositive: []string{Politics},
		},
		{
			name:     "nothing decisive falls back",
			title:    "لقاء بين الوفدين",
			text:     "التقى الوفدان اليوم في العاصمة.",
			fallback: Politics, want: Politics,
		},
		{
			name:     "catch-all society news of arrests is crime, whole",
			title:    "القبض على عصابة مختصة في السرقة",
			text:     "تمكنت الشرطة من القبض على عصابة مختصة في سرقة المنازل، وأحيل المتهمون على النيابة بتهمة السرقة، وقررت المحكمة سجن المتهم.",
			fallback: Society, want: Crime,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target, rule := lex.Target(CorpusANT2, Mapping{Weak: true, Fallback: tt.fallback}, tt.title, tt.text)
			best, sum := 0, float32(0)
			for k, v := range target {
				sum += v
				if v > target[best] {
					best = k
				}
			}
			if codes[best] != tt.want {
				t.Errorf("best %s (%s), want %s; target %v", codes[best], rule, tt.want, target)
			}
			if sum < 0.999 || sum > 1.001 {
				t.Errorf("target sums to %v", sum)
			}
			for _, c := range tt.alsoPositive {
				if target[classIndex(c)] <= 0 {
					t.Errorf("%s has no share (%s): %v", c, rule, target)
				}
			}
		})
	}
	// Gold categories keep their label.
	target, _ := lex.Target(CorpusANT2, Mapping{Gold: Sport}, "غارات", "قصف الجيش")
	if target[classIndex(Sport)] != 1 {
		t.Errorf("gold target %v", target)
	}
}

// synthetic returns a small deterministic training set: three topics in
// each of Arabic, English and French.
func synthetic() []Example {
	words := map[string][3][]string{ // language → sport, economy, politics
		"ar": {{"المباراة", "الفريق", "الهدف", "الدوري"}, {"الأسعار", "البنك", "النفط", "الاستثمار"}, {"الحكومة", "الانتخابات", "البرلمان", "الوزير"}},
		"en": {{"football", "match", "goal", "league"}, {"market", "bank", "prices", "shares"}, {"government", "election", "minister", "vote"}},
		"fr": {{"football", "equipe", "but", "championnat"}, {"marche", "banque", "prix", "bourse"}, {"gouvernement", "election", "ministre", "scrutin"}},
	}
	glue := map[string]string{"ar": " في ", "en": " the and ", "fr": " le la et "}
	classes := [3]string{Sport, Economy, Politics}
	var out []Example
	for _, lang := range []string{"ar", "en", "fr"} {
		for i := range 30 {
			k := i % 3
			ws := words[lang][k]
			var sb strings.Builder
			for j := range 20 {
				sb.WriteString(ws[(i+j)%len(ws)])
				sb.WriteString(glue[lang])
			}
			var ex Example
			ex.Input = Input{Title: ws[i%len(ws)], Story: []string{sb.String()}}
			ex.Target[classIndex(classes[k])] = 1
			out = append(out, ex)
		}
	}
	return out
}

func modelHash(t *testing.T, m *Model) string {
	t.Helper()
	var buf bytes.Buffer
	if err := m.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(buf.Bytes())
	return fmt.Sprintf("%x", h[:8])
}

func TestTrainDeterministic(t *testing.T) {
	opt := TrainOptions{Bits: 12, LatinBits: 10, Epochs: 3, Seed: 7, LatinNB: true}
	data := synthetic()
	m1, err := Train(context.Background(), data, data[:10], opt)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := Train(context.Background(), synthetic(), synthetic()[:10], opt)
	if err != nil {
		t.Fatal(err)
	}
	if h1, h2 := modelHash(t, m1), modelHash(t, m2); h1 != h2 {
		t.Errorf("same data and seed gave different models: %s vs %s", h1, h2)
	}
	opt.Seed = 8
	m3, err := Train(context.Background(), data, data[:10], opt)
	if err != nil {
		t.Fatal(err)
	}
	if modelHash(t, m1) == modelHash(t, m3) {
		t.Error("another seed gave the same Arabic weights: the seed is not used")
	}
	// The model learnt the synthetic topics and survives encoding.
	var buf bytes.Buffer
	if err := m1.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	dec, err := Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ text, want string }{
		{"الفريق سجل الهدف في المباراة", Sport},
		{"the football match and the goal", Sport},
		{"the government and the minister won the election vote", Politics},
		{"la banque et le marche", Economy},
	} {
		p := dec.Predict(Input{Story: []string{tt.text}}, DefaultThreshold)
		if len(p) == 0 || p[0].Code != tt.want {
			t.Errorf("%q: %v, want %s first", tt.text, p, tt.want)
		}
	}
}

// TestTrainLatinVariants trains the English and French parts with each
// alternative of TrainOptions (logistic regression, NB-SVM,
// pooling, character n-grams, sublinear term frequency): each must learn
// the synthetic topics, survive encoding, and its feature flags must
// round-trip.
func TestTrainLatinVariants(t *testing.T) {
	tests := []struct {
		name string
		opt  TrainOptions
	}{
		{"logistic regression", TrainOptions{LatinLR: true, L2: 1e-4, Iters: 60}},
		{"NB-SVM", TrainOptions{LatinLR: true, NBScale: true, L2: 1e-3, Iters: 60}},
		{"pooled, character n-grams", TrainOptions{LatinLR: true, Pool: 0.5, CharGrams: true, Iters: 60}},
		{"naive Bayes, sublinear tf", TrainOptions{LatinNB: true, LatinLogTF: true}},
		{"naive Bayes, title words", TrainOptions{LatinNB: true, TitleWords: true}},
		{"naive Bayes variants", TrainOptions{LatinNB: true, NBDocNorm: true, NBIDF: true, NBUniformPrior: true, NBStems: true, NBBigrams: true}},
		{"complement naive Bayes", TrainOptions{LatinNB: true, NBComplement: true}},
		{"naive Bayes, Dirichlet smoothing", TrainOptions{LatinNB: true, NBDirichlet: 100}},
		{"naive Bayes plus a regression over its counts", TrainOptions{LatinNB: true, FoldLR: 1, Iters: 60}},
		{"naive Bayes plus a regression over bigrams and stems", TrainOptions{LatinNB: true, FoldLR: 1, FoldLRFull: true, Iters: 60}},
		{"naive Bayes, chi-square feature selection", TrainOptions{LatinNB: true, NBSelect: 20, NBMinDF: 2}},
		{"naive Bayes, information-gain feature selection", TrainOptions{LatinNB: true, NBSelect: 20, NBSelectIG: true}},
		{"bagged naive Bayes", TrainOptions{LatinNB: true, NBBags: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			opt.Bits, opt.LatinBits, opt.Epochs, opt.Seed = 12, 12, 3, 1
			m, err := Train(context.Background(), synthetic(), nil, opt)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := m.Encode(&buf); err != nil {
				t.Fatal(err)
			}
			dec, err := Decode(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if dec.feat != m.feat {
				t.Errorf("featurizer %+v after decoding, want %+v", dec.feat, m.feat)
			}
			for _, c := range []struct{ text, want string }{
				{"the football match and the goal", Sport},
				{"the government and the minister won the election vote", Politics},
				{"la banque et le marche", Economy},
				{"le gouvernement et le ministre", Politics},
			} {
				p := dec.Predict(Input{Story: []string{c.text}}, DefaultThreshold)
				if len(p) == 0 || p[0].Code != c.want {
					t.Errorf("%q: %v, want %s first", c.text, p, c.want)
				}
			}
		})
	}
}

func TestDecodeRejectsGarbage(t *testing.T) {
	if _, err := Decode(strings.NewReader("not a model")); err == nil {
		t.Error("Decode accepted garbage")
	}
}

func loadModel(t testing.TB) *Model {
	t.Helper()
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestPredictThreshold(t *testing.T) {
	m := loadModel(t)
	in := Input{Title: "محادثات حول الأسلحة", Story: []string{"أعلن البيت الأبيض أن الزعيم الكوري الشمالي يعتزم إجراء مباحثات مع الرئيس الروسي في إطار مفاوضات الأسلحة لإمداد موسكو بذخائر وصواريخ لحربها في أوكرانيا."}}
	all := m.Predict(in, 0)
	if len(all) != NumClasses {
		t.Fatalf("threshold 0 gave %d topics, want all %d", len(all), NumClasses)
	}
	sum := 0.0
	for i, p := range all {
		sum += p.Score
		if i > 0 && p.Score > all[i-1].Score {
			t.Errorf("not best first: %v", all)
		}
	}
	if sum < 0.99 || sum > 1.01 {
		t.Errorf("probabilities sum to %v", sum)
	}
	one := m.Predict(in, 1.1)
	if len(one) != 1 || one[0] != all[0] {
		t.Errorf("threshold above 1 gave %v, want the best topic only", one)
	}
	if p := m.Predict(Input{Story: []string{"  ... !!"}}, DefaultThreshold); len(p) != 0 {
		t.Errorf("a text without words got topics %v", p)
	}
}

func enrich(t testing.TB, st *Stage, text string, sections []processor.Section) []record.Topic {
	t.Helper()
	return enrichTitled(t, st, "", text, sections)
}

func enrichTitled(t testing.TB, st *Stage, title, text string, sections []processor.Section) []record.Topic {
	t.Helper()
	doc := processor.NewDocument(article.Article{Title: title, Text: text}, timeZero)
	doc.Sections = sections
	if err := st.Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	return doc.Record.Topics
}

func TestStageIgnoresDebris(t *testing.T) {
	st, err := New()
	if err != nil {
		t.Fatal(err)
	}
	story := "أعلنت الحكومة أمس أن البرلمان سيصوت الأسبوع المقبل على مشروع قانون الانتخابات، وقال رئيس الوزراء إن الأحزاب توصلت إلى اتفاق بشأن موعد الاقتراع.\n"
	related := "اقرأ أيضا:\nريال مدريد يفوز على برشلونة في الدوري الإسباني ويتصدر الترتيب\nميسي يسجل هدفين في مباراة الكأس\nالمنتخب يتأهل إلى نهائي كأس العالم لكرة القدم بعد ركلات الترجيح\nالنادي الأهلي يتعاقد مع مدرب جديد للفريق الأول\nليفربول يهزم تشيلسي في الدوري الإنجليزي الممتاز\n"
	text := story + related
	secs := []processor.Section{
		{Kind: record.KindBody, Start: 0, End: len(story)},
		{Kind: record.KindRelated, Start: len(story), End: len(text)},
	}
	got := enrich(t, st, text, secs)
	if len(got) == 0 || got[0].Code != Politics {
		t.Errorf("story with sport related links: %v, want politics first", got)
	}
	for _, tp := range got {
		if tp.Code == Sport {
			t.Errorf("related headlines made the story sport: %v", got)
		}
	}
	// The related block alone is sport: the test is not vacuous.
	sport := enrich(t, st, related, nil)
	if len(sport) == 0 || sport[0].Code != Sport {
		t.Errorf("related block alone: %v, want sport", sport)
	}
	// Without sections the whole text is read.
	if whole := enrich(t, st, story, nil); len(whole) == 0 || whole[0].Code != Politics {
		t.Errorf("no sections: %v, want politics", whole)
	}
}

func TestStageMultiLabel(t *testing.T) {
	st, err := New()
	if err != nil {
		t.Fatal(err)
	}
	// Arms talks between two states: politics and conflict both reported.
	text := "أعلن البيت الأبيض أن الزعيم الكوري الشمالي يعتزم إجراء مباحثات مع الرئيس الروسي في روسيا في إطار مفاوضات الأسلحة بين البلدين بهدف إمداد موسكو بأسلحة وذخائر لحربها في أوكرانيا. " +
		"وقال المتحدث باسم مجلس الأمن القومي إن كوريا الشمالية زودت روسيا صواريخ استخدمت في أوكرانيا، وإن وزير الدفاع الروسي سافر إلى بيونغ يانغ سعيا للحصول على ذخائر إضافية للحرب. " +
		"وأعلنت الدول الأربع في بيان مشترك في الأمم المتحدة أن أي اتفاق لزيادة التعاون سيعد انتهاكا لقرارات مجلس الأمن التي تحظر صفقات الأسلحة."
	got := enrichTitled(t, st, "محادثات الأسلحة بين روسيا وكوريا الشمالية", text, nil)
	codesOf := map[string]bool{}
	for _, tp := range got {
		codesOf[tp.Code] = true
	}
	if len(got) < 2 || !codesOf[Politics] || !codesOf[Conflict] {
		t.Errorf("arms talks: %v, want politics and conflict", got)
	}
}

func TestSampleArticle(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(dataDir(), "..", "fixtures", "sample_article_ar.txt"))
	if err != nil {
		t.Skip("sample article not available:", err)
	}
	st, err := New()
	if err != nil {
		t.Fatal(err)
	}
	got := enrich(t, st, string(b), nil)
	if len(got) < 2 {
		t.Fatalf("sample article: %v, want two topics", got)
	}
	top := map[string]bool{got[0].Code: true, got[1].Code: true}
	if !top[Politics] || !top[Conflict] {
		t.Errorf("sample article: %v, want politics and conflict first", got)
	}
}

// TestDevQuality checks the top-1 accuracy of the embedded model on the
// dev split carved from the corpora. The shipped model is trained on all
// labelled documents, the dev split included (newsenrich-train topics
// --full, the default), so this checks that model, features and lexicons
// still match; it is no held-out measure. The floors are just below the
// held-out accuracies the training command prints for the model trained
// without the dev split (ANT v2.1 0.918, ANT v1.1 0.937, MasakhaNEWS
// English 0.876 and French 0.790; naive Bayes alone 0.894 and 0.810), so
// they hold for a model trained either way.
func TestDevQuality(t *testing.T) {
	dir := filepath.Join(dataDir(), "topics")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("corpora not available:", err)
	}
	if testing.Short() {
		t.Skip("reads the corpora")
	}
	docs, err := ReadCorpora(dir, 12000)
	if err != nil {
		t.Fatal(err)
	}
	// MasakhaNEWS labels every story with one of its seven classes: the
	// absent-class fallback moves a few of them (strikes, police and
	// court stories filed under business or politics) to labour or crime,
	// which the gold labels count wrong; without the fallback the floors
	// are those of the naive Bayes parts alone.
	for _, tt := range []struct {
		name     string
		fallback Fallback
		floors   map[string]float64
	}{
		{"default fallback", DefaultFallback, map[string]float64{CorpusANT2: 0.91, CorpusANT1: 0.93, CorpusMasakhaEng: 0.87, CorpusMasakhaFra: 0.78}},
		{"no fallback", Fallback{}, map[string]float64{CorpusANT2: 0.91, CorpusANT1: 0.93, CorpusMasakhaEng: 0.89, CorpusMasakhaFra: 0.80}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := loadModel(t)
			m.SetFallback(tt.fallback)
			right, total := map[string]int{}, map[string]int{}
			for _, d := range docs {
				mp, _ := MapCategory(d.Corpus, d.Category)
				if d.Train || len(mp.Accept) == 0 {
					continue
				}
				total[d.Corpus]++
				p := m.Predict(Input{Title: d.Title, Story: []string{d.Text}}, DefaultThreshold)
				for _, c := range mp.Accept {
					if len(p) > 0 && p[0].Code == c {
						right[d.Corpus]++
					}
				}
			}
			for corpus, floor := range tt.floors {
				if total[corpus] == 0 {
					t.Errorf("%s: no dev documents", corpus)
					continue
				}
				acc := float64(right[corpus]) / float64(total[corpus])
				t.Logf("%s: accuracy %.4f on %d dev documents", corpus, acc, total[corpus])
				if acc < floor {
					t.Errorf("%s: accuracy %.4f below %.2f", corpus, acc, floor)
				}
			}
		})
	}
}

var timeZero time.Time

var benchTexts = map[string]string{
	"ar": strings.Repeat("أعلنت الحكومة أمس أن البرلمان سيصوت الأسبوع المقبل على مشروع قانون الانتخابات، وقال رئيس الوزراء إن الأحزاب توصلت إلى اتفاق بشأن موعد الاقتراع. ", 12),
	"en": strings.Repeat("The government said on Monday that parliament would vote next week on the election bill, and the prime minister said parties had agreed a date. ", 14),
	"fr": strings.Repeat("Le gouvernement a annoncé lundi que le parlement votera la semaine prochaine le projet de loi électorale, et le Premier ministre a déclaré que les partis étaient d'accord. ", 12),
}

// TestStageReadsNorm checks that the stage gives the same topics when it
// reads the matching form the text stage computed (Document.Norm) as when
// it folds the text itself, with and without sections.
func TestStageReadsNorm(t *testing.T) {
	st, err := New()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		benchTexts["ar"], benchTexts["en"], benchTexts["fr"],
		"Élections : le Président sortant réélu à l’issue d’un scrutin très disputé\nLe président a été réélu dimanche avec 54 % des voix, a annoncé la Commission électorale.",
		"وَقَّعَتِ الحكومةُ اتفاقاً مع صندوق النقد الدولي لتمويل الموازنة\nقال وزير المالية إن الاتفاق يشمل قرضاً بقيمة ثلاثة مليارات دولار لدعم الاقتصاد.",
	}
	for _, text := range texts {
		nl := strings.IndexByte(text, '\n')
		var withSections []processor.Section
		if nl > 0 {
			withSections = []processor.Section{
				{Kind: record.KindTitle, Start: 0, End: nl},
				{Kind: record.KindBody, Start: nl + 1, End: len(text)},
			}
		}
		for _, secs := range [][]processor.Section{nil, withSections} {
			plain := processor.NewDocument(article.Article{Title: "Titre éphémère", Text: text}, timeZero)
			plain.Sections = secs
			normed := processor.NewDocument(article.Article{Title: "Titre éphémère", Text: text}, timeZero)
			normed.Sections = secs
			normed.Norm = normalize.New(text)
			for _, d := range []*processor.Document{plain, normed} {
				if err := st.Process(context.Background(), d); err != nil {
					t.Fatal(err)
				}
			}
			if fmt.Sprint(plain.Record.Topics) != fmt.Sprint(normed.Record.Topics) {
				t.Errorf("%.40q (%d sections): %v folding, %v reading Norm", text, len(secs), plain.Record.Topics, normed.Record.Topics)
			}
			if len(plain.Record.Topics) == 0 {
				t.Errorf("%.40q: no topics", text)
			}
		}
	}
}

// BenchmarkStage measures articles per second of the topics stage on
// articles of about 2,000 to 3,000 characters, folding the text itself
// (ar, en, fr) or reading the matching form of the text stage
// (*/pipeline).
func BenchmarkStage(b *testing.B) {
	st, err := New()
	if err != nil {
		b.Fatal(err)
	}
	for _, lang := range []string{"ar", "en", "fr", "ar/pipeline", "en/pipeline", "fr/pipeline"} {
		base, pipeline := strings.CutSuffix(lang, "/pipeline")
		text := benchTexts[base]
		b.Run(lang, func(b *testing.B) {
			doc := processor.NewDocument(article.Article{Title: "title", Text: text}, timeZero)
			if pipeline {
				// As in the pipeline: the text stage has folded the text.
				doc.Norm = normalize.New(text)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if err := st.Process(context.Background(), doc); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzPredict(f *testing.F) {
	m, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range benchTexts {
		f.Add(s[:200], s)
	}
	f.Add("", "")
	f.Add("\xff\xfe", "ـــ ً ٌ 123 ١٢٣")
	f.Fuzz(func(t *testing.T, title, text string) {
		p := m.Predict(Input{Title: title, Story: []string{text}}, DefaultThreshold)
		for i, x := range p {
			if Label(x.Code) == "" || x.Score < 0 || x.Score > 1 || x.Score != x.Score {
				t.Fatalf("bad prediction %v", p)
			}
			if i > 0 && (x.Score > p[i-1].Score || x.Score < DefaultThreshold) {
				t.Fatalf("bad order or threshold %v", p)
			}
		}
	})
}

// TestCheckSet checks the top-1 accuracy on the hand-labelled check set
// (testdata/topics, texts read from the corpora by id). Its documents are
// dev-split documents, which the shipped model trains on with the
// lexicons' weak labels (it scores 0.75: the weak labels differ from the
// hand labels); the held-out accuracy (0.77) is printed by the training
// command for the model trained without the dev split. The floor is below
// both.
func TestCheckSet(t *testing.T) {
	items, byID := labelledDocs(t, "checkset.tsv", 100, func(CorpusDoc) bool { return true })
	for _, it := range items {
		if byID[it.ID].Train {
			t.Errorf("check-set document %s is in the training split", it.ID)
		}
	}
	acc := float64(top1(loadModel(t), items, byID)) / float64(len(items))
	t.Logf("check set: accuracy %.2f on %d documents", acc, len(items))
	if acc < 0.73 {
		t.Errorf("check-set accuracy %.2f below 0.73", acc)
	}
}

// labelledDocs reads the hand-labelled set file of testdata/topics (at
// least min items) and the corpus documents it names, of those keep
// accepts; it skips the test when the corpora are absent or in -short
// mode, and fails it when a document is missing.
func labelledDocs(t *testing.T, file string, min int, keep func(CorpusDoc) bool) ([]CheckItem, map[string]CorpusDoc) {
	t.Helper()
	items, err := ReadCheckSet(filepath.Join("..", "..", "testdata", "topics", file))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) < min {
		t.Fatalf("%s: %d items, want at least %d", file, len(items), min)
	}
	dir := filepath.Join(dataDir(), "topics")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("corpora not available:", err)
	}
	if testing.Short() {
		t.Skip("reads the corpora")
	}
	docs, err := ReadCorpora(dir, 12000)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]CorpusDoc{}
	for _, d := range docs {
		if keep(d) {
			byID[d.ID] = d
		}
	}
	for _, it := range items {
		if _, ok := byID[it.ID]; !ok {
			t.Fatalf("%s: document %s not in the corpora", file, it.ID)
		}
	}
	return items, byID
}

// top1 returns how many items get as the model's first topic one of the
// item's labels.
func top1(m *Model, items []CheckItem, byID map[string]CorpusDoc) int {
	right := 0
	for _, it := range items {
		d := byID[it.ID]
		p := m.Predict(Input{Title: d.Title, Story: []string{d.Text}}, DefaultThreshold)
		if len(p) > 0 && slices.Contains(it.Labels, p[0].Code) {
			right++
		}
	}
	return right
}

// absentStories are stories written for this test, in the classes the
// English and French training data lack.
var absentStories = []struct {
	title, story, want string
}{
	{"Fire at harbour destroys three fishing boats", "A fire broke out overnight at the harbour and destroyed three fishing boats moored at the quay. Firefighters fought the flames for four hours before the blaze was brought under control. Nobody was injured, the fire service said.", Disaster},
	{"Floods force thousands from their homes", "Heavy rain caused floods across the valley on Tuesday, and rescue teams evacuated thousands of residents. The flooding cut roads and bridges, and rescuers searched for two people reported missing after the river burst its banks.", Disaster},
	{"Man jailed for harbour robbery", "A man was sentenced to six years in prison on Friday after a court found him guilty of robbery. Police arrested him a week after the theft, and the judge said the crime had left the victims in fear. His lawyer said he would appeal.", Crime},
	{"Unions call national strike over wages", "Trade unions called a national strike for next week after talks on wages broke down. Workers in transport and hospitals will walk out, union leaders said, demanding salary rises in line with prices. It is the third strike this year.", Labour},
	{"Troops advance as shelling hits border towns", "Troops pushed forward on Sunday as heavy shelling hit towns near the border, the army said. Artillery and missile strikes killed several soldiers, and fighting continued overnight. Rebels said they had repelled the offensive.", Conflict},
	{"Un incendie ravage un entrepôt du port", "Un incendie a détruit dans la nuit un entrepôt du port. Les pompiers ont lutté contre les flammes pendant cinq heures. Les secours n'ont signalé aucune victime, mais l'incendie a causé d'importants dégâts.", Disaster},
	{"Deux hommes condamnés pour trafic de drogue", "Le tribunal a condamné jeudi deux hommes à huit ans de prison pour trafic de drogue. Les policiers les avaient interpellés l'an dernier après une longue enquête, a indiqué le procureur. Leurs avocats ont annoncé qu'ils feraient appel.", Crime},
	{"Les syndicats appellent à la grève", "Les syndicats appellent à une grève générale la semaine prochaine pour réclamer une hausse des salaires. Les travailleurs des transports et les fonctionnaires sont appelés à cesser le travail, ont annoncé les responsables syndicaux.", Labour},
	{"Le nouveau film du réalisateur sort en salles", "Le film, présenté au printemps dans un festival, sort mercredi dans les salles de cinéma. L'actrice principale et le réalisateur ont été salués par la critique, et la musique du film a été écrite par un musicien de jazz.", Arts},
	{"Le musée inaugure une grande exposition", "Le musée des beaux-arts inaugure samedi une exposition consacrée à un peintre du siècle dernier. Plus de cent œuvres, peintures et sculptures, y sont présentées jusqu'en janvier, et un concert de l'orchestre de la ville accompagnera l'ouverture.", Arts},
	{"Les troupes avancent malgré les bombardements", "Les troupes ont progressé dimanche malgré les bombardements sur les villes frontalières, a indiqué l'armée. Les frappes d'artillerie ont tué plusieurs soldats et les combats se sont poursuivis dans la nuit, selon les rebelles.", Conflict},
}

// TestAbsentClassFallback checks that English and French stories of a
// class their training data lacks get that class from the seed-lexicon
// fallback, and that stories of the trained classes are left alone.
func TestAbsentClassFallback(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range absentStories {
		p := m.Predict(Input{Title: s.title, Story: []string{s.story}}, DefaultThreshold)
		if len(p) == 0 || p[0].Code != s.want {
			t.Errorf("%q: got %v, want %s first", s.title, p, s.want)
		}
	}
	// A short story with one crime word and one fire word: too little
	// evidence, the part's own classes stay.
	weak := Input{Title: "Striker fires his team into the final", Story: []string{"The striker scored twice as the team won the cup semi-final on Saturday, and the coach praised the players."}}
	if p := m.Predict(weak, DefaultThreshold); len(p) == 0 || p[0].Code != Sport {
		t.Errorf("sport story: got %v, want %s first", p, Sport)
	}
}

func TestDecodeRune(t *testing.T) {
	for _, s := range []string{"a", "é", "ب", "ـ", "€", "😀", "\xc0\x80", "\xc2", "\xd8\x28", "", "\xdf\xbf", "\xc2\x80"} {
		r, n := decodeRune(s)
		wr, wn := utf8.DecodeRuneInString(s)
		if r != wr || n != wn {
			t.Errorf("decodeRune(%q) = %U, %d; want %U, %d", s, r, n, wr, wn)
		}
	}
}

// TestFallbackSettings checks the absent-class fallback under settings:
// off it never gives an absent class, and the gate on hits, margin and the
// part's uncertainty holds.
func TestFallbackSettings(t *testing.T) {
	fire := Input{Title: "Fire destroys warehouse at the port", Story: []string{"A fire destroyed a warehouse at the port overnight. Firefighters fought the blaze for five hours and the flames spread to two fishing boats, the fire service said. Rescue teams searched the site, and the cause of the fire is not known. The minister visited the port and the government promised help."}}
	tests := []struct {
		name     string
		fallback Fallback
		in       Input
		want     string // best topic; "" for any trained class
	}{
		{"off", Fallback{}, fire, ""},
		{"default", DefaultFallback, fire, Disaster},
		{"too few hits", Fallback{MinHits: 50, Margin: 2, Kappa: 0.25, MaxWords: 400}, fire, ""},
		{"margin over trained classes", Fallback{MinHits: 4, Margin: 100, Kappa: 0.25, MaxWords: 400}, fire, ""},
		{"sport story", DefaultFallback, Input{Title: "Striker fires his team into the final", Story: []string{"The striker scored twice as the team won the cup semi-final on Saturday, and the coach praised the players."}}, ""},
	}
	m := loadModel(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m.SetFallback(tt.fallback)
			p := m.Predict(tt.in, DefaultThreshold)
			if len(p) == 0 {
				t.Fatal("no topic")
			}
			absent := slices.Contains([]string{Conflict, Crime, Disaster, Labour, Education, Environment, Weather}, p[0].Code)
			if tt.want == "" && absent || tt.want != "" && p[0].Code != tt.want {
				t.Errorf("got %v, want %q first (\"\": a trained class)", p, tt.want)
			}
		})
	}
}

// TestSampleTopics checks the best topic of the embedded English and
// French demo stories (title on the first line).
func TestSampleTopics(t *testing.T) {
	tests := []struct {
		file string
		want string
	}{
		{"en_harbour_fire.txt", Disaster},
		{"fr_greve.txt", Labour},
	}
	m := loadModel(t)
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "..", "samples", "articles", tt.file))
			if err != nil {
				t.Skip("sample not available:", err)
			}
			title, story, _ := strings.Cut(string(b), "\n")
			p := m.Predict(Input{Title: title, Story: []string{story}}, DefaultThreshold)
			if len(p) == 0 || p[0].Code != tt.want {
				t.Errorf("got %v, want %s first", p, tt.want)
			}
		})
	}
}

func TestCheckKey(t *testing.T) {
	for _, tt := range []struct{ corpus, id, want string }{
		{CorpusMasakhaEng, "", "masakhanews-eng:e3b0c44298fc1c14"},
		{CorpusMasakhaFra, "abc", "masakhanews-fra:ba7816bf8f01cfea"},
	} {
		if got := CheckKey(tt.corpus, tt.id); got != tt.want {
			t.Errorf("CheckKey(%q, %q) = %q, want %q", tt.corpus, tt.id, got, tt.want)
		}
	}
}

// TestLatinCheckSet checks that the Latin check set parses and that its
// keys are check keys of MasakhaNEWS training-part documents.
func TestLatinCheckSet(t *testing.T) {
	items, err := ReadCheckSet(filepath.Join("..", "..", "testdata", "topics", "checkset_latin.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) < 50 {
		t.Fatalf("%d items, want at least 50", len(items))
	}
	dir := filepath.Join(dataDir(), "topics")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("corpora not available:", err)
	}
	docs, err := ReadCorpora(dir, 100)
	if err != nil {
		t.Fatal(err)
	}
	train := map[string]bool{}
	for _, d := range docs {
		if d.Train {
			train[CheckKey(d.Corpus, d.ID)] = true
		}
	}
	for _, it := range items {
		if !train[it.ID] {
			t.Errorf("%s: not a MasakhaNEWS training-part document", it.ID)
		}
	}
}

// TestANTDevAudit checks that the audit of ANT v2.1 dev-split region
// articles (testdata/topics/ant_dev_audit.tsv) parses, that every entry is
// a region article of the dev split, and logs the model's accuracy on it
// against the hand labels (the shipped model trains on the dev split: the
// training command prints the held-out figure).
func TestANTDevAudit(t *testing.T) {
	items, byID := labelledDocs(t, "ant_dev_audit.tsv", 100, func(d CorpusDoc) bool { return d.Corpus == CorpusANT2 })
	for _, it := range items {
		switch d := byID[it.ID]; {
		case d.Train:
			t.Errorf("audit document %s is in the training split", it.ID)
		case d.Category != "internationalNews" && d.Category != "middleEast":
			t.Errorf("audit document %s is %s, not a region article", it.ID, d.Category)
		}
	}
	right := top1(loadModel(t), items, byID)
	t.Logf("ANT dev audit: accuracy %.3f on %d region articles", float64(right)/float64(len(items)), len(items))
}

// TestSelectFeatures checks the feature selection of the naive Bayes
// parts: a bucket in every document tells nothing about the class and is
// the first dropped, a bucket in one document goes below a minimum
// document frequency of 2, and the kept buckets keep their values.
func TestSelectFeatures(t *testing.T) {
	const shared, sport, economy, rare = 1, 2, 3, 4
	var docs []tdoc
	for i := range 6 {
		d := tdoc{idx: []uint32{shared, sport}, weight: 1}
		d.target[classIndex(Sport)] = 1
		if i%2 == 1 {
			d = tdoc{idx: []uint32{shared, economy}, weight: 1}
			d.target[classIndex(Economy)] = 1
		}
		if i == 0 {
			d.idx = append(d.idx, rare)
		}
		docs = append(docs, d)
	}
	kept := func(ds []tdoc) map[uint32]bool {
		m := map[uint32]bool{}
		for _, d := range ds {
			for _, j := range d.idx {
				m[j] = true
			}
		}
		return m
	}
	for _, tt := range []struct {
		name string
		opt  TrainOptions
		want map[uint32]bool
	}{
		{"chi-square top 2", TrainOptions{NBSelect: 2}, map[uint32]bool{sport: true, economy: true}},
		{"information gain top 2", TrainOptions{NBSelect: 2, NBSelectIG: true}, map[uint32]bool{sport: true, economy: true}},
		{"min df 2", TrainOptions{NBMinDF: 2}, map[uint32]bool{shared: true, sport: true, economy: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := kept(selectFeatures(docs, 8, tt.opt))
			if !maps.Equal(got, tt.want) {
				t.Errorf("kept %v, want %v", got, tt.want)
			}
		})
	}
	if len(docs[0].idx) != 3 {
		t.Error("selectFeatures changed its input")
	}
}

// TestTrainAid checks the translated training aids (Example.Aid): they
// train the part Lang names whatever their text, only for the classes that
// part has documents of, and leave its class priors alone.
func TestTrainAid(t *testing.T) {
	opt := TrainOptions{Bits: 12, LatinBits: 12, Epochs: 2, Seed: 1, LatinNB: true}
	base, err := Train(context.Background(), synthetic(), nil, opt)
	if err != nil {
		t.Fatal(err)
	}
	// English-looking aids for the French part: a new word for
	// economy, and health, a class French has no documents of.
	data := synthetic()
	for range 5 {
		var eco, health Example
		eco.Input = Input{Story: []string{"the stocks and the stocks"}}
		eco.Target[classIndex(Economy)] = 1
		eco.Lang, eco.Aid, eco.Weight = "fr", true, 0.5
		health.Input = Input{Story: []string{"the hospital and the doctors"}}
		health.Target[classIndex(Health)] = 1
		health.Lang, health.Aid = "fr", true
		data = append(data, eco, health)
	}
	m, err := Train(context.Background(), data, nil, opt)
	if err != nil {
		t.Fatal(err)
	}
	if m.parts[partFrench].bias != base.parts[partFrench].bias {
		t.Errorf("aids moved the French priors: %v, was %v", m.parts[partFrench].bias, base.parts[partFrench].bias)
	}
	if m.parts[partEnglish].bias != base.parts[partEnglish].bias || !slices.Equal(m.parts[partEnglish].w, base.parts[partEnglish].w) {
		t.Error("French aids changed the English part")
	}
	var probs [NumClasses]float64
	if !m.Probabilities(Input{Story: []string{"le marche et les stocks"}}, &probs) || probs[classIndex(Economy)] < 0.5 {
		t.Errorf("the aid word did not teach economy: %v", probs)
	}
	m.Probabilities(Input{Story: []string{"le hospital et les doctors"}}, &probs)
	if probs[classIndex(Health)] > 0.01 {
		t.Errorf("an aid of a class without French documents is predicted: %v", probs[classIndex(Health)])
	}
}
