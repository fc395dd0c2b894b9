package langid

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/newsenrich/newsenrich/corpus"
)

// referenceSums is accumulate written the plain way: the words of
// EachWord (what training reads), each n-gram looked up by its string, the
// weights added as float64.
func referenceSums(m *Model, rows map[string]int, s string) ([]float64, int) {
	L := len(m.langs)
	sums := make([]float64, L)
	found := 0
	EachWord(s, m.maxRunes, func(w []rune) {
		for i := range w {
			for n := 1; n <= MaxOrder && i+n <= len(w); n++ {
				if n == 1 && w[i] == ' ' {
					continue
				}
				row, ok := rows[string(w[i:i+n])]
				if !ok {
					continue
				}
				found++
				for l, v := range m.weights[row*L : row*L+L] {
					sums[l] += float64(v)
				}
			}
		}
	})
	return sums, found
}

func modelRows(m *Model) map[string]int {
	rows := make(map[string]int, len(m.ngrams))
	for i, s := range m.ngrams {
		rows[s] = i
	}
	return rows
}

func checkAccumulate(t *testing.T, m *Model, rows map[string]int, s string) {
	t.Helper()
	want, wantN := referenceSums(m, rows, s)
	got := make([]float64, len(m.langs))
	if n := m.accumulate(s, got); n != wantN || !slices.Equal(got, want) {
		t.Fatalf("%.60q: accumulate %v (%d n-grams), reference %v (%d)", s, got, n, want, wantN)
	}
}

// accumulate, with its rune table and inline weights, reads exactly the
// n-grams EachWord gives and adds exactly the same weights.
func TestAccumulateMatchesReference(t *testing.T) {
	m := loadModel(t)
	rows := modelRows(m)
	texts := []string{
		"", " ", "abc", "ABC déjà-vu Ça", "کوریا الشمالیة", "می‌شود", "\xff\xfeروسيا\xc3",
		"أعلنَ البيتُ الأبيضُ أنّ كيم ـــ جونغ أون", strings.Repeat("ا", 100), strings.Repeat("كلمة ", 2000),
		"İstanbul ǅemal ΣΊΣΥΦΟΣ Привет 日本語 한국어", "x\u0301y\u200c\u200dz", "٠١٢ 3.5 ۴",
	}
	if dir, ok := corpus.Dir(); ok {
		_ = corpus.ReadANT(filepath.Join(dir, corpus.ANTv21), func(d corpus.ANTDoc) error {
			texts = append(texts, d.Title, d.Text)
			if len(texts) > 600 {
				return corpus.ErrStop
			}
			return nil
		})
		for _, name := range []string{"masakhanews_eng_dev.tsv", "masakhanews_fra_dev.tsv"} {
			docs, err := corpus.ReadMasakha(filepath.Join(dir, "topics", name))
			if err != nil {
				continue
			}
			for _, d := range docs[:min(len(docs), 100)] {
				texts = append(texts, d.Headline, d.Text)
			}
		}
	}
	texts = append(texts, evictionTexts()...)
	for _, s := range texts {
		checkAccumulate(t, m, rows, s)
	}
}

// evictionTexts returns texts of more distinct words than the word cache
// holds (so entries are evicted and words met again after their eviction),
// words longer than an entry holds, and words with runes beyond U+FFFF.
func evictionTexts() []string {
	letters := []rune("ابتثجحخدذرسشصضطظعغفقكلمنهوي")
	var texts []string
	x := uint32(1)
	next := func(n int) int { // xorshift: deterministic, no global state
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		return int(x % uint32(n))
	}
	for range 250 {
		var b strings.Builder
		for range 250 {
			for range 2 + next(14) {
				b.WriteRune(letters[next(len(letters))])
			}
			b.WriteByte(' ')
		}
		texts = append(texts, b.String())
	}
	texts = append(texts, strings.Repeat("𝐀𝐁𝐂 abc𝒳 ", 50), strings.Repeat("والمستشفياتالحكومية ", 50),
		strings.Repeat(" .", 5000)+" word "+strings.Repeat("\u00a0", 5000)+"mot")
	return texts
}

func FuzzAccumulate(f *testing.F) {
	m, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	rows := modelRows(m)
	for _, s := range []string{"", "كوریا", "abc DEF", "می‌شود", "\xff\xfe", "ǅ\u0301\u0640"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkAccumulate(t, m, rows, s) })
}

func TestDetectTitled(t *testing.T) {
	m := loadModel(t)
	long := strings.Repeat("وقال الرئيس إن المحادثات ستستمر ", 200)
	for _, c := range []struct{ title, text, prior string }{
		{"", "", ""},
		{"Titre", "", "fr"},
		{"", "abc", ""},
		{"البيت الأبيض: كيم يعتزم لقاء بوتين", "Le président a dit", ""},
		{"Headline", long, "en"},
		{long, "and more text", ""},
		{"word", "continued", "fa"},
	} {
		got := m.DetectTitled(c.title, c.text, c.prior)
		want := m.DetectWithPrior(c.title+"\n"+c.text, c.prior)
		if got != want {
			t.Errorf("%.30q + %.30q: %+v, want %+v", c.title, c.text, got, want)
		}
	}
}

// Concurrent detections, each reader with its own word cache, give what
// one detection at a time gives.
func TestDetectConcurrent(t *testing.T) {
	m := loadModel(t)
	texts := []string{
		"البيت الأبيض: كيم يعتزم لقاء بوتين في روسيا",
		"The White House said on Monday that talks would continue.",
		"Le président a reçu lundi le chancelier à l'Élysée.",
		"رئیس‌جمهور ایران روز دوشنبه در سفر به مسکو با ولادیمیر پوتین دیدار کرد.",
	}
	want := make([]Result, len(texts))
	for i, s := range texts {
		want[i] = m.Detect(s)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(texts))
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 50; k++ {
				for i, s := range texts {
					if got := m.Detect(s); got != want[i] {
						errs <- s
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for s := range errs {
		t.Errorf("%q: concurrent result differs", s)
	}
}
