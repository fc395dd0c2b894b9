package entities

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/corpus"
	"github.com/newsenrich/newsenrich/nlp/arabic"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/processor/sections"
	"github.com/newsenrich/newsenrich/processor/text"

	"github.com/newsenrich/newsenrich/corpus/corpustest"
)

// BenchmarkResolve measures the stage without the tagger: gazetteer
// matching, linking, propagation and grouping into the record, on up to
// 300 ANT v2.1 articles of 3-6 KB (the sample text when the corpora are
// absent) prepared by the text and sections stages, with the tagger's
// names computed beforehand.
func BenchmarkResolve(b *testing.B) {
	s := stage(b, true, true)
	var docs []*processor.Document
	add := func(title, body string) {
		doc := processor.NewDocument(article.Article{Title: title, Text: body}, time.Time{})
		_ = text.New().Process(context.Background(), doc)
		_ = sections.New().Process(context.Background(), doc)
		docs = append(docs, doc)
	}
	if dir, ok := corpus.Dir(); ok {
		arts, _ := corpus.ReadANTSized(filepath.Join(dir, corpus.ANTv21), corpustest.MinBenchBytes, corpustest.MaxBenchBytes, 300)
		for _, d := range arts {
			add(d.Title, d.Text)
		}
	}
	if len(docs) == 0 {
		add("", strings.Repeat("أعلن البيت الأبيض أمس أنّ الزعيم الكوري الشمالي كيم جونغ أون يعتزم إجراء مباحثات مع الرئيس الروسي فلاديمير بوتين في روسيا بهدف إمداد موسكو بأسلحة.\n", 30))
	}
	tags := make([][]mention, len(docs))
	for i, d := range docs {
		tags[i] = s.tag(d, s.gaz.Find(d.Norm))
	}
	tagged := make([]mention, 0, 64)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := i % len(docs)
		doc := *docs[k]
		tagged = append(tagged[:0], tags[k]...) // refined in place
		doc.Record.Entities = s.resolve(&doc, s.gaz.Find(doc.Norm), tagged)
		i++
	}
}

func FuzzPlainSpaced(f *testing.F) {
	for _, s := range []string{"", "a", " a", "a ", "a  b", "a\tb", "كيم جونغ أون", "a\u00a0b", "\xff b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := plainSpaced(s), strings.Join(strings.Fields(s), " ") == s; got != want {
			t.Fatalf("plainSpaced(%q) = %v, want %v", s, got, want)
		}
	})
}

func TestIsSpace(t *testing.T) {
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		if isSpace(r) != unicode.IsSpace(r) {
			t.Fatalf("isSpace(%U) = %v", r, isSpace(r))
		}
	}
}

// checkCodePointEnd fails t when codePointEnd differs from
// Document.CodePoint for a span of s.
func checkCodePointEnd(t *testing.T, s string, start, end int) {
	t.Helper()
	doc := processor.NewDocument(article.Article{Text: s}, time.Time{})
	if got, want := codePointEnd(doc, start, doc.CodePoint(start), end), doc.CodePoint(end); got != want {
		t.Fatalf("codePointEnd(%q, %d, %d) = %d, want %d", s, start, end, got, want)
	}
}

func TestCodePointEnd(t *testing.T) {
	for _, s := range []string{"", "abc", "كيم جونغ أون", "\xff\xd8\xa7\xa7", "a\xe2\x80b\xe2\x80\x99c", "\U0001F600x", strings.Repeat("بوتين ", 40)} {
		for start := 0; start <= len(s); start++ {
			for end := start; end <= len(s)+1; end++ {
				checkCodePointEnd(t, s, start, end)
			}
		}
	}
}

func FuzzCodePointEnd(f *testing.F) {
	f.Add("كيم جونغ أون", 2, 9)
	f.Add("\xff\xd8\xa7\xa7", 1, 3)
	f.Fuzz(func(t *testing.T, s string, start, end int) {
		if start < 0 || start > end || end > len(s) || len(s) > 1<<12 {
			return
		}
		checkCodePointEnd(t, s, start, end)
	})
}

// FuzzMayBeProclitic checks that every run of proclitics starts with a
// letter of mayBeProclitic, so that refine may skip the others.
func FuzzMayBeProclitic(f *testing.F) {
	for _, s := range []string{"و", "وبال", "لل", "ال", "فل", "ب", "x", "ـو"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if arabic.IsProcliticPrefix(s) && !mayBeProclitic(s) {
			t.Fatalf("IsProcliticPrefix(%q) but not mayBeProclitic", s)
		}
	})
}

// FuzzArticleOrLamLam checks articleOrLamLam against the two searches it
// replaces.
func FuzzArticleOrLamLam(f *testing.F) {
	for _, s := range []string{"", "ال", "لل", "الأهلي", "للفريق", "ل", "اxل", "\xd8\xa7\xd9", "x\xd9\x84\xd9\x84", "club"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := articleOrLamLam(s), strings.Contains(s, "ال") || strings.Contains(s, "لل"); got != want {
			t.Fatalf("articleOrLamLam(%q) = %v, want %v", s, got, want)
		}
	})
}

// teamWordReference is teamWord without its test of the word's end.
func teamWordReference(f string) bool {
	_, ok := cutHead(f, func(w string) bool {
		switch w {
		case "فريق", "الفريق", "نادي", "النادي", "لفريق", "لنادي":
			return true
		}
		return false
	})
	return ok
}

// FuzzTeamWord checks teamWord against teamWordReference.
func FuzzTeamWord(f *testing.F) {
	for _, s := range []string{"", "فريق", "الفريق", "وللفريق", "بالنادي", "فبنادي", "ولنادي", "نادي", "xنادي", "فريقه"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := teamWord(s), teamWordReference(s); got != want {
			t.Fatalf("teamWord(%q) = %v, want %v", s, got, want)
		}
	})
}

func FuzzRuneCount(f *testing.F) {
	for _, s := range []string{"", "abc", "كيم جونغ أون", "\xff\xd8", "\xd8", "\xc2\x80\xc1\xbf", "\xe2\x80\x99x", "\U0001F600", "\xd9\xd9\x88"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := runeCount(s), utf8.RuneCountInString(s); got != want {
			t.Fatalf("runeCount(%q) = %d, want %d", s, got, want)
		}
	})
}

// FuzzMayBeTeamWord checks that every teamWord passes mayBeTeamWord; the
// seeds are all the words teamWord accepts.
func FuzzMayBeTeamWord(f *testing.F) {
	for _, p := range []string{"", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"} {
		for _, h := range []string{"فريق", "الفريق", "نادي", "النادي", "لفريق", "لنادي"} {
			f.Add(p + h)
		}
	}
	f.Add("فريقه")
	f.Fuzz(func(t *testing.T, s string) {
		if teamWord(s) && !mayBeTeamWord(s) {
			t.Fatalf("teamWord(%q) but not mayBeTeamWord", s)
		}
	})
}
