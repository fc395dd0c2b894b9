// Package corpus locates the licensed corpora folder (shared/data) and
// reads the news corpora in it: ANT (gzip'd JSON lines) and MasakhaNEWS
// (tab-separated values).
//
// Tests, benchmarks and training commands in several packages read these
// same files; this package gives them one way to find the folder and one
// reader per format, so that a change of layout or format is made once.
// Nothing here is embedded or committed: the corpora stay outside the
// repository (see shared/data/README.md for their licences).
package corpus

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// EnvDir is the environment variable that names the corpora folder.
const EnvDir = "NEWSENRICH_DATA"

// Dir returns the corpora folder and whether it exists: $NEWSENRICH_DATA
// when set, else shared/data beside the repository root (../shared/data
// from the root). The root is the nearest folder holding go.mod, looking
// up from the working directory, so Dir works from a package's folder
// (where go test runs) as well as from the root. Without a root and
// without the variable it returns "", false.
func Dir() (string, bool) {
	if d := os.Getenv(EnvDir); d != "" {
		return d, isDir(d)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			data := filepath.Join(filepath.Dir(d), "shared", "data")
			return data, isDir(data)
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", false
		}
		d = parent
	}
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// ANT corpus file names, relative to the corpora folder.
const (
	// ANTv21 is ANT v2.1: Arabic news of five outlets.
	ANTv21 = "topics/ant_v2.1_multisource.train.jsonl.gz"
	// ANTv11 is ANT v1.1: Arabic news of Jawhara FM (Tunisia).
	ANTv11 = "topics/ant_v1.1_jawharafm.jsonl.gz"
)

// ANTDoc is one article of the ANT corpus (one JSON object a line). The
// one other field of the files, path (the article's file in the original
// archive), is not read.
type ANTDoc struct {
	// Docno is the document id, e.g. "AL-culture-1-20180218".
	Docno string `json:"docno"`
	// URL is the page the article was taken from.
	URL string `json:"url"`
	// Src names the outlet, e.g. "alarabia", "BBC", "Jawhara FM".
	Src string `json:"src"`
	// Cat is the outlet's category of the article.
	Cat string `json:"cat"`
	// Title is the headline.
	Title string `json:"title"`
	// Time is the publication time as the corpus prints it: RFC 1123
	// with a numeric zone in v2.1, RFC 3339 in v1.1.
	Time string `json:"time"`
	// Author is the byline, often "PLACE - REPORTER OR OUTLET".
	Author string `json:"author"`
	// Abstract is the standfirst, often empty.
	Abstract string `json:"abstract"`
	// Text is the story.
	Text string `json:"text"`
}

// ErrStop, returned by the function given to ReadANT, ends the reading
// early; ReadANT then returns nil.
var ErrStop = errors.New("corpus: stop reading")

// ReadANT calls fn with each document of the ANT file at path, in file
// order, without holding the file in memory. The file may be gzip'd
// (recognised by its magic number) or plain JSON lines. It stops at the
// first error of fn and returns it, unless it is ErrStop. An error
// opening the file is returned as os.Open gives it (errors.Is(err,
// os.ErrNotExist) holds for a missing file); other errors name the path.
func ReadANT(path string, fn func(ANTDoc) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	var r io.Reader = br
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	dec := json.NewDecoder(r)
	for n := 1; ; n++ {
		var d ANTDoc
		if err := dec.Decode(&d); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return fmt.Errorf("%s: document %d: %w", path, n, err)
		}
		if err := fn(d); errors.Is(err, ErrStop) {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// ReadANTSized returns, in file order, the first n documents of the ANT
// file at path whose text is minBytes to maxBytes long (all of them when
// n <= 0): the real articles of a given size that benchmarks run on.
func ReadANTSized(path string, minBytes, maxBytes, n int) ([]ANTDoc, error) {
	var docs []ANTDoc
	err := ReadANT(path, func(d ANTDoc) error {
		if len(d.Text) >= minBytes && len(d.Text) <= maxBytes {
			docs = append(docs, d)
		}
		if n > 0 && len(docs) >= n {
			return ErrStop
		}
		return nil
	})
	return docs, err
}

// MasakhaDoc is one article of a MasakhaNEWS file.
type MasakhaDoc struct {
	// Category is the gold class, e.g. "business".
	Category string
	// Headline is the title.
	Headline string
	// Text is the story.
	Text string
	// URL is the page of the article; "" in the train files, which have
	// no url column.
	URL string
}

// ReadMasakha reads a MasakhaNEWS file: tab-separated values whose
// quoted fields may span lines and hold stray quotes, under a header row
// naming the columns category, headline, text and (in dev files) url, in
// any order. Rows with fewer fields than the text columns need are
// skipped, as the callers did before this package.
func ReadMasakha(path string) ([]MasakhaDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	docs, err := readMasakha(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return docs, nil
}

func readMasakha(r io.Reader) ([]MasakhaDoc, error) {
	cr := csv.NewReader(r)
	cr.Comma = '\t'
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("no header row")
	}
	if err != nil {
		return nil, err
	}
	col := map[string]int{"url": -1}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	need := 0
	for _, c := range []string{"category", "headline", "text"} {
		i, ok := col[c]
		if !ok {
			return nil, fmt.Errorf("no %q column in the header %q", c, header)
		}
		need = max(need, i+1)
	}
	var docs []MasakhaDoc
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		if len(row) < need {
			continue
		}
		d := MasakhaDoc{Category: row[col["category"]], Headline: row[col["headline"]], Text: row[col["text"]]}
		if u := col["url"]; u >= 0 && u < len(row) {
			d.URL = row[u]
		}
		docs = append(docs, d)
	}
}
