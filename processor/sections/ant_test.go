package sections

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsenrich/newsenrich/record"
)

// dataDir locates the shared corpora: NEWSENRICH_DATA, else ../shared/data
// beside the repository.
func dataDir() string {
	if d := os.Getenv("NEWSENRICH_DATA"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "data")
}

// TestANTStoriesAreStory checks on real articles (ANT corpus v2.1, story
// texts from five outlets, and v1.1 from Jawhara FM) that the segmenter keeps the story as
// story: at least 99.5% of the characters of all texts, and no text losing
// more than a fifth of itself.
func TestANTStoriesAreStory(t *testing.T) {
	for _, name := range []string{"ant_v2.1_multisource.train.jsonl.gz", "ant_v1.1_jawharafm.jsonl.gz"} {
		t.Run(name, func(t *testing.T) { testANT(t, filepath.Join(dataDir(), "topics", name)) })
	}
}

func testANT(t *testing.T, path string) {
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("corpus absent: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	docs, total, story, bad := 0, 0, 0, 0
	kinds := map[string]int{}
	// Every 8th article: about 3,000 spread over the five outlets.
	stride := 8
	if testing.Short() {
		stride = 80
	}
	for line := 0; sc.Scan(); line++ {
		if line%stride != 0 {
			continue
		}
		var a struct{ Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		docs++
		res := Segment(a.Text, a.Title)
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
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	share := float64(story) / float64(total)
	t.Logf("sections by kind: %v", kinds)
	t.Logf("%d docs: %.4f of characters in story sections; %d docs below 80%%", docs, share, bad)
	if share < 0.995 || float64(bad) > 0.005*float64(docs) {
		t.Errorf("story share %.4f, %d of %d docs below 80%%", share, bad, docs)
	}
}
