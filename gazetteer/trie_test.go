package gazetteer

import (
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/corpus"
	"github.com/newsenrich/newsenrich/internal/testarticles"
	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// refCandidates is the matcher Find used before the trie, kept as the
// reference: the Aho-Corasick automaton of the patterns (ahocorasick_test.go)
// fed every byte of the folded text, each occurrence then checked for the
// word boundary at its end, the proclitics before it and the entries of
// its pattern; sorted leftmost, then longest first.
func refCandidates(g *Gazetteer, ac *automaton, t *normalize.Text) []candidate {
	s := t.Norm
	var cands []candidate
	ac.scan(s, func(pat int32, start, end int) {
		if end < len(s) {
			if r, _ := utf8.DecodeRuneInString(s[end:]); isWordRune(r) {
				return
			}
		}
		prefix, ok := refWordPrefix(s, start)
		if !ok {
			return
		}
		for _, e := range g.pats[pat] {
			if g.accept(t, start, end, prefix, e) {
				cands = append(cands, candidate{start, end, pat, e})
				return
			}
		}
	})
	slices.SortFunc(cands, func(a, b candidate) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	return cands
}

// refFind is Find as it was before the trie, with the reference matcher.
func refFind(g *Gazetteer, ac *automaton, t *normalize.Text) []Match {
	cands := refCandidates(g, ac, t)
	if len(cands) == 0 {
		return nil
	}
	s := t.Norm
	out := make([]Match, 0, len(cands))
	last := -1
	for _, c := range cands {
		if c.start < last {
			continue
		}
		last = c.end
		if c.entry.flags&flagBlock != 0 {
			continue
		}
		p := g.patterns[c.pat]
		start, end := c.start, c.end
		if c.entry.pre > 0 {
			start = skipBytes(s, start, int(c.entry.pre))
		}
		if c.entry.post > 0 {
			end = skipBytesBack(s, end, int(c.entry.post))
		}
		alias := p[c.entry.pre : len(p)-int(c.entry.post)]
		if c.entry.flags&flagLamVariant != 0 && c.entry.pre == 0 {
			alias = "ا" + alias
		}
		os, oe := t.OrigSpan(start, end)
		out = append(out, Match{
			Start:     os,
			End:       oe,
			Entity:    &g.entities[c.entry.entity],
			Alias:     alias,
			Adjective: c.entry.flags&flagAdjective != 0,
		})
	}
	return out
}

// refWordPrefix returns the letters of the word glued before s[start:]. It
// fails when they are longer than any clitic sequence (3 runes).
func refWordPrefix(s string, start int) (string, bool) {
	i := start
	for k := 0; k < 4; k++ {
		if i == 0 {
			return s[i:start], true
		}
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !isWordRune(r) {
			return s[i:start], true
		}
		if k == 3 {
			return "", false
		}
		i -= size
	}
	return "", false
}

// checkSameAsReference fails t when the trie's candidates or Find's matches
// for text differ from the reference's.
func checkSameAsReference(t *testing.T, g *Gazetteer, ac *automaton, text string) {
	t.Helper()
	nt := normalize.New(text)
	want := refCandidates(g, ac, nt)
	got := g.candidates(nt, nil)
	if len(want) == 0 {
		want = nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("candidates of %q:\n got %+v\nwant %+v", text, got, want)
	}
	if got, want := g.Find(nt), refFind(g, ac, nt); !reflect.DeepEqual(got, want) {
		t.Fatalf("Find(%q):\n got %+v\nwant %+v", text, got, want)
	}
}

// referenceTexts are texts for the differential tests: the cases of
// TestFind and edge cases of white space, clitics and capitals.
var referenceTexts = []string{
	"بعد زيارة شويغو لبيونغ يانغ،", "الولايات المتحدة وبريطانيا واليابان", "اجتماع بموسكو أمس",
	"زيارة لألمانيا ولالمانيا وبألبانيا", "وبموسكو", "بالولايات المتحدة", "للولايات المتحدة",
	"فللولايات المتحدة", "وللولايات  المتحدة", "ولبريطانيا وكبريطانيا وفبريطانيا ببريطانيا",
	"والبريطانيا", "الوضع المالي في مالي", "جمهورية مالي", "نيويورك تايمز", "الشماليين", "البريطانيا",
	"کوریا الشمالیة", "رُوسـيا", "بين روسيا وجمهورية كوريا الديموقراطية الشعبية",
	"مجلس الأمن القومي الأميركي", "مستشار مجلس الأمن القومي العراقي", "قرارات مجلس الأمن الدولي",
	"الرئيس الروسي", "فاز المنتخب السعودي على منتخب مصر", "الزعيم الكوري الشمالي",
	"Putin met Kim Jong Un in Vladivostok.", "the UN said; us and the US", "a nice day in paris",
	"Le monde a lu Le Monde", "Les États-Unis et la Russie", "دبي (أ ف ب) -", "ذكرت رويترز",
	"بعد صلاة المغرب", "وقالت صحيفة «الراي» ولصحيفة الراي", "لاعب نادي برشلونة في برشلونة",
	"في مدينة غزة وقطاع غزة", "وكالة الأنباء المركزية الكورية الشمالية", "الولايات المتحدة الأمريكية",
	"زار كوريا\nالشمالية  و الولايات   المتحدة", "Russia's war", "l'Ukraine et d'Iran",
	"كوريا \n\n الشمالية", "صحيفة  الراي", "نادي\tبرشلونة  ", "الولايات \r\nالمتحدة", " روسيا ", "  روسيا",
	"\xff\xfeروسيا", "ـــ", "\xd9روسيا", "روسيا\xd8", "و\u0651روسيا", "١٢روسيا", "_روسيا", "روسيا_",
	"وبريطانياا", "UNESCO UN-Habitat U.N. UNICEF", "PARIS Paris pARIS", "NEW YORK New York new york",
}

func TestFindMatchesReference(t *testing.T) {
	g := loadT(t)
	ac := newAutomaton(g.patterns)
	for _, s := range referenceTexts {
		checkSameAsReference(t, g, ac, s)
	}
	for _, a := range testarticles.Read(t, filepath.Join("..", "testdata", "articles")) {
		checkSameAsReference(t, g, ac, a.Text)
		// The same article with its white space and letters changed.
		checkSameAsReference(t, g, ac, strings.ReplaceAll(a.Text, " ", "  \t"))
		checkSameAsReference(t, g, ac, strings.ReplaceAll(a.Text, " ", ""))
		checkSameAsReference(t, g, ac, strings.ToUpper(a.Text))
		checkSameAsReference(t, g, ac, strings.ReplaceAll(a.Text, " ", " و"))
		checkSameAsReference(t, g, ac, strings.ReplaceAll(a.Text, " ", " لل"))
	}
	dir, ok := corpus.Dir()
	if !ok {
		t.Log("corpora absent: ANT articles not compared")
		return
	}
	n, limit := 0, 2000
	if testing.Short() {
		limit = 200
	}
	err := corpus.ReadANT(filepath.Join(dir, corpus.ANTv21), func(d corpus.ANTDoc) error {
		checkSameAsReference(t, g, ac, d.Title+"\n"+d.Text)
		if n++; n >= limit {
			return corpus.ErrStop
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d ANT articles", n)
}

// TestTrieMatchesAutomaton compares the trie with the reference automaton
// on gazetteers of unusual aliases: white space and punctuation at their
// ends, prefixes of each other, proclitics, words that continue (invalid
// UTF-8 is dropped by the Builder).
func TestTrieMatchesAutomaton(t *testing.T) {
	aliases := [][]string{
		{"ab", "abc", "b", "bc", "c", " a", "a ", "x  y", "x y", "(a)", "-", "ا", "وا", "ال", "لا"},
		{"روسيا", "وروسيا", "روس", "سيا", "\xd8", "\xa7", "\xb1\xd9", "ا\xff", "\x80"},
		{"the un", "un", "u n", "n", " ", "  ", "\t", "\u00a0x"},
		{"", "\xff"}, // no pattern at all
	}
	texts := append(slices.Clone(referenceTexts), "\n", "\t a", "a\r\n", "abc ab  c a b  (a) x y x  y -a- ا وا ال لا و(a) ل-a فب(a) بب(a) و (a) وال(a)", " a  a\ta ", "روسيا وروسيا لروسيا \xd8\xa7\xa7\x80", "the un  un u n \u00a0x")
	for _, as := range aliases {
		for rot := range len(customFlags) {
			g := customGazetteer(t, as, rot)
			ac := newAutomaton(g.patterns)
			for _, s := range texts {
				checkSameAsReference(t, g, ac, s)
			}
		}
	}
}

// customFlags are the flags customGazetteer gives aliases in turn.
var customFlags = []aliasFlags{0, flagArticle, flagCaps, flagAllCaps, flagTitle, flagAdjective | flagArticle, flagBlock}

// customGazetteer returns a gazetteer of one entity per alias, the flags
// of alias i customFlags[(i+rot)%len(customFlags)], as the compiled form
// would carry them.
func customGazetteer(tb testing.TB, aliases []string, rot int) *Gazetteer {
	b := NewBuilder()
	flags := customFlags
	for i, a := range aliases {
		id := "x" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		k, err := b.entity(Entity{ID: id, Canonical: id, Type: "LOC", Kind: "city"})
		if err != nil {
			tb.Fatal(err)
		}
		b.addFolded(k, a, flags[(i+rot)%len(flags)])
	}
	g, err := b.Gazetteer()
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

func FuzzFindMatchesReference(f *testing.F) {
	g, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	ac := newAutomaton(g.patterns)
	for _, s := range referenceTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSameAsReference(t, g, ac, s)
	})
}

func FuzzTrieMatchesAutomaton(f *testing.F) {
	f.Add("ab|abc|b| a|a |x  y|(a)|وا|ال|لا|\xd8|\x80", "abc ab  c a b  (a) x y ا وا ال لا \xd8\xa7 و(a)", uint8(0))
	f.Add("روسيا|لروسيا|روس|سيا|UN|Un|un", "لروسيا وروسيا UN un Un روس", uint8(3))
	f.Fuzz(func(t *testing.T, aliases, text string, rot uint8) {
		as := strings.Split(aliases, "|")
		if len(as) > 64 {
			as = as[:64]
		}
		g := customGazetteer(t, as, int(rot))
		checkSameAsReference(t, g, newAutomaton(g.patterns), text)
	})
}

func TestHashConstants(t *testing.T) {
	b, b2, inv := uint64(hashB), uint64(hashB2), uint64(hashInvB2)
	if b*b != b2 {
		t.Errorf("hashB2 = %#x, want hashB² = %#x", b2, b*b)
	}
	if b2*inv != 1 {
		t.Errorf("hashB2·hashInvB2 = %#x, want 1", b2*inv)
	}
	tr, err := newTrie(nil)
	if err != nil {
		t.Fatal(err)
	}
	// The hash of a word without its first letter, as candidates derives
	// it, is the hash of the rest.
	for _, w := range []string{"وبريطانيا", "لل", "بموسكو", "فلروسيا", "ب", "وب"} {
		e, h := tr.scanWord(w, 0)
		if e != len(w) || h != hashBytes(w) {
			t.Fatalf("scanWord(%q) = %d, %#x, want %d, %#x", w, e, h, len(w), hashBytes(w))
		}
		pow := hashPow(len(w) - 2)
		if rest := hashBytes(w) - hashBytes(w[:2])*pow; rest != hashBytes(w[2:]) {
			t.Errorf("hash of %q from %q: %#x, want %#x", w[2:], w, rest, hashBytes(w[2:]))
		}
		if len(w) >= 4 {
			if rest := hashBytes(w[2:]) - hashBytes(w[2:4])*pow*hashInvB2; rest != hashBytes(w[4:]) {
				t.Errorf("hash of %q from %q: %#x, want %#x", w[4:], w[2:], rest, hashBytes(w[4:]))
			}
		}
	}
	want := uint64(1)
	for n := range 70 {
		if got := hashPow(n); got != want {
			t.Errorf("hashPow(%d) = %#x, want %#x", n, got, want)
		}
		want *= hashB
	}
}

// TestUnitClasses checks the fast paths of the word-rune classification
// against isWordRune.
func TestUnitClasses(t *testing.T) {
	tr, err := newTrie(nil)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for r := rune(0); r < 0x800; r++ {
		texts = append(texts, string(r))
	}
	texts = append(texts, "\xd8", "\xd8\x20", "\xd9\xd9\x88", "\xe2\x80", "\xff", "é", "\u200f", "\U0001F600")
	for _, s := range texts {
		r, size := utf8.DecodeRuneInString(s)
		word, n := tr.unit(s, 0)
		if word != isWordRune(r) || n != size {
			t.Errorf("unit(%q) = %v, %d, want %v, %d", s, word, n, isWordRune(r), size)
		}
		e, _ := tr.scanWord(s+" ", 0)
		if want := map[bool]int{true: size, false: 0}[isWordRune(r)]; e != want {
			t.Errorf("scanWord(%q) = %d, want %d", s+" ", e, want)
		}
	}
}
