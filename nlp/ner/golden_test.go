package ner

import (
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsenrich/newsenrich/internal/testarticles"
	"github.com/newsenrich/newsenrich/nlp/conll"
	"github.com/newsenrich/newsenrich/nlp/langid"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/golden_ner.txt from the current code")

const goldenFile = "testdata/golden_ner.txt"

// scoreDigest folds the emission and pair scores of one sentence, bit for
// bit, into h: performance work on the tagger must leave them unchanged.
func scoreDigest(h interface{ Write([]byte) (int, error) }, m *Model, s *scratch, words, gaz []string) []int {
	labels := m.labels(s, words, gaz, nil)
	var b []byte
	for _, v := range s.emit {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	if m.pairs {
		for _, v := range s.flatPairs(len(words)) {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
		}
	}
	h.Write(b)
	return labels
}

// goldenOutput tags the project's test articles (entities with byte spans;
// each in the language nlp/langid finds) and the French dev set (one tag
// line per sentence, as French), and, when the shared
// corpora are present, digests the tags and scores of their dev splits.
func goldenOutput(t *testing.T) string {
	tg := loadTagger(t)
	lid, err := langid.Load()
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, a := range testarticles.Read(t, filepath.Join("..", "..", "testdata", "articles")) {
		text := a.Text
		fmt.Fprintf(&out, "## %s\n", a.Name)
		// Each article in its language, as the entities stage tags it.
		for _, e := range tg.ForLanguage(lid.Detect(text).Code).Entities(text, tokenize.Tokenize(text), nil) {
			fmt.Fprintf(&out, "%s %d %d %d %d %s\n", e.Type, e.Start, e.End, e.FirstToken, e.EndToken, text[e.Start:e.End])
		}
	}
	f, err := os.Open("testdata/fr_dev.conll")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sents, err := conll.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&out, "## fr_dev.conll\n")
	_, latin := tg.ForLanguage("fr").Models()
	var s scratch
	h := sha256.New()
	for _, x := range sents {
		var gaz []string
		if latin.lexicon {
			gaz = wordsLexTags(tg.Lexicon(), x.Tokens)
		}
		var tags []string
		for _, l := range scoreDigest(h, latin, &s, x.Tokens, gaz) {
			tags = append(tags, labelNames[l])
		}
		fmt.Fprintf(&out, "%s\n", strings.Join(tags, " "))
	}
	fmt.Fprintf(&out, "## fr_dev.conll scores %x\n", h.Sum(nil))
	return out.String()
}

// corpusDigest digests the tags and scores of a corpus's dev split.
func corpusDigest(t *testing.T, tg *Tagger, m *Model, path string) string {
	h := sha256.New()
	var s scratch
	for _, x := range devSplit(t, path) {
		var gaz []string
		if m.lexicon {
			gaz = wordsLexTags(tg.Lexicon(), x.Tokens)
		}
		for _, l := range scoreDigest(h, m, &s, x.Tokens, gaz) {
			h.Write([]byte{byte(l)})
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestNERGolden checks that the tagger's output (and its scores, bit for
// bit) is what testdata/golden_ner.txt recorded: a guard for performance
// work, which must not change a single tag. Regenerate with
// -update-golden only when the models or features change on purpose.
func TestNERGolden(t *testing.T) {
	got := goldenOutput(t)
	if *updateGolden {
		if err := os.WriteFile(goldenFile, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("output differs from %s at line %d:\n got  %s\n want %s", goldenFile, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("output differs from %s in length: %d lines, want %d", goldenFile, len(gl), len(wl))
	}
}

// TestNERGoldenCorpora is TestNERGolden on the dev splits of the shared
// corpora (skipped without them); the golden file holds only digests.
func TestNERGoldenCorpora(t *testing.T) {
	dir := dataDir(t)
	tg := loadTagger(t)
	ar, latin := tg.Models()
	got := fmt.Sprintf("ar %s\nlatin %s\n",
		corpusDigest(t, tg, ar, filepath.Join(dir, "ner", "ar", "cleananercorp_TRAIN.txt")),
		corpusDigest(t, tg, latin, filepath.Join(dir, "ner", "en", "wikigold_train.conll")))
	const file = "testdata/golden_ner_corpora.txt"
	if *updateGolden {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Fatalf("corpus digests\n%s differ from %s:\n%s", got, file, want)
	}
}
