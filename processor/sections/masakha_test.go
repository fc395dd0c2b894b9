package sections

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/newsenrich/newsenrich/corpus"
	"github.com/newsenrich/newsenrich/corpus/corpustest"
	"github.com/newsenrich/newsenrich/record"
)

// TestMasakhaNewsStoriesAreStory checks on real English and French news
// (MasakhaNEWS, mostly BBC; columns category, headline, text, url) that
// the story texts come out as story.
func TestMasakhaNewsStoriesAreStory(t *testing.T) {
	for _, name := range []string{"masakhanews_eng_train_50perclass.tsv", "masakhanews_fra_train_50perclass.tsv", "masakhanews_fra_dev.tsv"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(corpustest.Dir(t), "topics", name)
			if _, err := os.Stat(path); err != nil {
				t.Skipf("corpus absent: %v", err)
			}
			rows, err := corpus.ReadMasakha(path)
			if err != nil {
				t.Fatal(err)
			}
			docs, total, story, bad := 0, 0, 0, 0
			kinds := map[string]int{}
			for _, row := range rows {
				text := row.Text
				docs++
				n, s := 0, 0
				for _, sec := range Segment(text, row.Headline).Sections {
					kinds[sec.Kind]++
					n += sec.End - sec.Start
					if record.IsStory(sec.Kind) {
						s += sec.End - sec.Start
					}
					if (!record.IsStory(sec.Kind) || sec.Kind == record.KindTitle) && testing.Verbose() && os.Getenv("SECTIONS_SHOW") != "" {
						t.Logf("doc %d: %s %.200q", docs, sec.Kind, text[sec.Start:sec.End])
					}
				}
				total += n
				story += s
				if n > 0 && float64(s) < 0.8*float64(n) {
					bad++
				}
			}
			share := float64(story) / float64(total)
			t.Logf("sections by kind: %v", kinds)
			t.Logf("%d docs: %.4f of characters in story sections; %d docs below 80%%", docs, share, bad)
			if share < 0.99 || float64(bad) > 0.01*float64(docs) {
				t.Errorf("story share %.4f, %d of %d docs below 80%%", share, bad, docs)
			}
		})
	}
}
