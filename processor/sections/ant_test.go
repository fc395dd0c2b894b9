package sections

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/newsenrich/newsenrich/corpus"
	"github.com/newsenrich/newsenrich/corpus/corpustest"
	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
	"github.com/newsenrich/newsenrich/record"
)

// TestANTStoriesAreStory checks on real articles (ANT corpus v2.1, story
// texts from five outlets, and v1.1 from Jawhara FM) that the segmenter keeps the story as
// story: at least 99.5% of the characters of all texts, and no text losing
// more than a fifth of itself.
func TestANTStoriesAreStory(t *testing.T) {
	for _, name := range []string{corpus.ANTv21, corpus.ANTv11} {
		t.Run(filepath.Base(name), func(t *testing.T) { testANT(t, filepath.Join(corpustest.Dir(t), name)) })
	}
}

func testANT(t *testing.T, path string) {
	if _, err := os.Stat(path); err != nil {
		t.Skipf("corpus absent: %v", err)
	}
	docs, total, story, bad := 0, 0, 0, 0
	kinds := map[string]int{}
	// Every 8th article: about 3,000 spread over the five outlets.
	stride := 8
	if testing.Short() {
		stride = 80
	}
	line := 0
	err := corpus.ReadANT(path, func(a corpus.ANTDoc) error {
		keep := line%stride == 0
		line++
		if !keep {
			return nil
		}
		docs++
		res := Segment(a.Text, a.Title)
		if res2 := SegmentText(normalize.New(a.Text), tokenize.Tokenize(a.Text), a.Title); !reflect.DeepEqual(res, res2) {
			t.Errorf("doc %d: SegmentText %+v, Segment %+v", docs, res2, res)
		}
		n, s := 0, 0
		for _, sec := range res.Sections {
			kinds[sec.Kind]++
			n += sec.End - sec.Start
			if record.IsStory(sec.Kind) {
				s += sec.End - sec.Start
			}
		}
		total += n
		story += s
		if testing.Verbose() && os.Getenv("SECTIONS_SHOW") != "" {
			for _, sec := range res.Sections {
				if !record.IsStory(sec.Kind) {
					t.Logf("doc %d: %s %.200q", docs, sec.Kind, a.Text[sec.Start:sec.End])
				}
			}
		}
		if n > 0 && float64(s) < 0.8*float64(n) {
			bad++
			if bad <= 10 {
				for _, sec := range res.Sections {
					if !record.IsStory(sec.Kind) {
						t.Logf("doc %d: %s %.150q", docs, sec.Kind, a.Text[sec.Start:sec.End])
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	share := float64(story) / float64(total)
	t.Logf("sections by kind: %v", kinds)
	t.Logf("%d docs: %.4f of characters in story sections; %d docs below 80%%", docs, share, bad)
	if share < 0.995 || float64(bad) > 0.005*float64(docs) {
		t.Errorf("story share %.4f, %d of %d docs below 80%%", share, bad, docs)
	}
}
