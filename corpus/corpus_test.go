package corpus

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var antDocs = []ANTDoc{
	{Docno: "XX-sport-1-20200101", URL: "http://example.org/a/1", Src: "example", Cat: "sport", Title: "فاز الفريق",
		Time: "Wed, 01 Jan 2020 10:00:00 +0300", Author: "المدينة - مراسل", Text: "فاز الفريق أمس.\nوقال المدرب إن \"الفوز\" مستحق."},
	{Docno: "XX-economy-2-20200102", URL: "http://example.org/a/2", Src: "example", Cat: "economy", Title: "Markets",
		Time: "2020-01-02T09:30:00+01:00", Abstract: "Short abstract.", Text: "Prices rose."},
	{Docno: "XX-culture-3-20200103", Title: "Only some fields"},
}

func TestReadANT(t *testing.T) {
	stopAfter := func(n int) func(int) error {
		return func(i int) error {
			if i+1 == n {
				return ErrStop
			}
			return nil
		}
	}
	errFn := errors.New("fn failed")
	tests := []struct {
		name    string
		file    string
		after   func(i int) error // returned by fn after the i-th document (0-based)
		want    []ANTDoc
		wantErr error  // errors.Is target
		errText string // substring of the error
	}{
		{name: "plain", file: "ant.jsonl", want: antDocs},
		{name: "gzip", file: "ant.jsonl.gz", want: antDocs},
		{name: "stop", file: "ant.jsonl.gz", after: stopAfter(2), want: antDocs[:2]},
		{name: "fn error", file: "ant.jsonl", after: func(int) error { return errFn }, want: antDocs[:1], wantErr: errFn},
		{name: "broken", file: "ant_broken.jsonl", want: []ANTDoc{{Docno: "ok-1", Text: "fine"}}, errText: "ant_broken.jsonl: document 2"},
		{name: "missing", file: "absent.jsonl", wantErr: os.ErrNotExist},
		{name: "empty", file: "empty.tsv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []ANTDoc
			err := ReadANT(filepath.Join("testdata", tt.file), func(d ANTDoc) error {
				got = append(got, d)
				if tt.after != nil {
					return tt.after(len(got) - 1)
				}
				return nil
			})
			switch {
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Errorf("error %v, want %v", err, tt.wantErr)
			case tt.errText != "" && (err == nil || !strings.Contains(err.Error(), tt.errText)):
				t.Errorf("error %v, want one with %q", err, tt.errText)
			case tt.wantErr == nil && tt.errText == "" && err != nil:
				t.Errorf("error %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestReadANTSized(t *testing.T) {
	tests := []struct {
		name               string
		minBytes, maxBytes int
		n                  int
		want               []ANTDoc
	}{
		{name: "all with text", minBytes: 1, maxBytes: 1000, want: antDocs[:2]},
		{name: "long only", minBytes: 13, maxBytes: 1000, want: antDocs[:1]},
		{name: "short only", minBytes: 1, maxBytes: 12, want: antDocs[1:2]},
		{name: "first n", minBytes: 0, maxBytes: 1000, n: 2, want: antDocs[:2]},
		{name: "empty text", minBytes: 0, maxBytes: 0, want: antDocs[2:]},
		{name: "none", minBytes: 2000, maxBytes: 3000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadANTSized(filepath.Join("testdata", "ant.jsonl.gz"), tt.minBytes, tt.maxBytes, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %d documents %+v, want %d %+v", len(got), got, len(tt.want), tt.want)
			}
		})
	}
	if _, err := ReadANTSized(filepath.Join("testdata", "absent.jsonl"), 0, 10, 0); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: error %v, want os.ErrNotExist", err)
	}
}

func TestReadMasakha(t *testing.T) {
	tests := []struct {
		file    string
		want    []MasakhaDoc
		errText string
	}{
		{file: "masakha_dev.tsv", want: []MasakhaDoc{
			{Category: "sport", Headline: "A win", Text: "First line.\nSecond line with \"quotes\".", URL: "http://example.org/1"},
			{Category: "business", Headline: `Stray " quote`, Text: `Prices rose "sharply" today.`, URL: "http://example.org/2"},
			{Category: "health", Headline: "No url field", Text: "Text only."},
		}},
		{file: "masakha_train.tsv", want: []MasakhaDoc{{Category: "politics", Headline: "Vote", Text: "The vote was held."}}},
		{file: "masakha_reordered.tsv", want: []MasakhaDoc{{Category: "technology", Headline: "Title", Text: "Body.", URL: "http://example.org/9"}}},
		{file: "masakha_notext.tsv", errText: `no "text" column`},
		{file: "empty.tsv", errText: "no header row"},
		{file: "absent.tsv", errText: "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ReadMasakha(filepath.Join("testdata", tt.file))
			if tt.errText != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errText) || !strings.Contains(err.Error(), tt.file) {
					t.Errorf("error %v, want one naming %s with %q", err, tt.file, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestDir(t *testing.T) {
	tmp := t.TempDir()
	repo := filepath.Join(tmp, "repo")
	pkg := filepath.Join(repo, "a", "b")
	data := filepath.Join(tmp, "shared", "data")
	for _, d := range []string{pkg, data} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(repo, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, env, wd string
		want          string
		ok            bool
	}{
		{name: "env", env: data, wd: tmp, want: data, ok: true},
		{name: "env absent", env: filepath.Join(tmp, "nowhere"), wd: pkg, want: filepath.Join(tmp, "nowhere"), ok: false},
		{name: "from package folder", wd: pkg, want: data, ok: true},
		{name: "from root", wd: repo, want: data, ok: true},
		{name: "no repository", wd: tmp, want: "", ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvDir, tt.env)
			t.Chdir(tt.wd)
			got, ok := Dir()
			if got != tt.want || ok != tt.ok {
				t.Errorf("Dir() = %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
	t.Run("shared data absent", func(t *testing.T) {
		if err := os.RemoveAll(data); err != nil {
			t.Fatal(err)
		}
		t.Setenv(EnvDir, "")
		t.Chdir(pkg)
		if got, ok := Dir(); got != data || ok {
			t.Errorf("Dir() = %q, %v; want %q, false", got, ok, data)
		}
	})
}
