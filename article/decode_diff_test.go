package article

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/samples"
)

// sameDecode fails when Decode and the reference disagree on value: both
// must return the same article, or errors with the same reason.
func sameDecode(t testing.TB, d Decoder, value []byte) {
	t.Helper()
	got, gotErr := d.Decode(value)
	want, wantErr := referenceDecode(d, value)
	if (gotErr == nil) != (wantErr == nil) || Reason(gotErr) != Reason(wantErr) {
		t.Fatalf("Decode(%q) (max %d): error %v, reference error %v", value, d.MaxBytes, gotErr, wantErr)
	}
	if gotErr != nil {
		if Reason(gotErr) == "" || gotErr.Error() == "" {
			t.Fatalf("Decode(%q): error %v has no reason or message", value, gotErr)
		}
		return
	}
	if !sameArticle(got, want) {
		t.Fatalf("Decode(%q) (max %d):\n got %#v\nwant %#v", value, d.MaxBytes, got, want)
	}
}

// sameArticle compares articles field by field, the time by instant, zone
// name and offset.
func sameArticle(a, b Article) bool {
	ta, tb := a.PublishedAt, b.PublishedAt
	an, ao := ta.Zone()
	bn, bo := tb.Zone()
	if !ta.Equal(tb) || an != bn || ao != bo || ta.IsZero() != tb.IsZero() {
		return false
	}
	a.PublishedAt, b.PublishedAt = time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}

// diffSeeds are values where a one-pass decoder could easily part from
// encoding/json: key folding, escapes, surrogates, duplicates, null,
// type errors mixed with syntax errors, nesting and trailing bytes.
func diffSeeds() []string {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	return []string{
		`{"id":"a1","text":"Hi","published_at":"2023-09-05T10:00:00+03:00","language":"en"}`,
		`{"html":"<p>Hi</p>"}`, `{"text":"Hi","extra":{"a":[1]}}`, `{"text":"   "}`, `{"text":"Hi"`,
		`{"text":"Hi"} {}`, `{"a":` + deep(40) + `}`, `{"text":42}`, `{"title":"Hi"}`,
		`{"text":"Hi","published_at":"yesterday"}`, `{"TEXT":"x","Id":"y"}`, `{"ſource":"s","text":"x"}`,
		`{"\u0074ext":"escaped key"}`, `{"te\u0078T":"escaped folded key"}`, `{"text":"a\"b\\c\/d\b\f\n\r\t"}`,
		`{"text":"\ud83d\ude00 pair"}`, `{"text":"\ud800 lone"}`, `{"text":"\udc00\ud800\ud800\udc00"}`,
		`{"text":"\ud800\u0041"}`, `{"text":"\ud800\\"}`, `{"text":"\uD83D\uDE00"}`, `{"text":"x\'y"}`,
		`{"text":"a","text":null}`, `{"text":null,"text":"b"}`, `{"text":1,"text":"x"}`, `{"text":"x","html":[1,2]}`,
		`{"text":"x","id":true}`, `{"text":"x","id":{"a":1}}`, `{"text":1,"x":tru}`, `{"text":1,"x":` + deep(40) + `}`,
		`{"text":"x"} ]`, `{"text":"x"}}garbage`, `{"text":"x"}]` + strings.Repeat("[", 40), `{"text":1} ` + deep(40),
		`{"text":"x"} ] "` + strings.Repeat("[", 40) + `"`, `{"text":"x"}` + "\u00a0", `{"text":"x"}` + "\u00a0 }",
		`{"text":"x","n":-0.5e+10}`, `{"text":"x","n":01}`, `{"text":"x","n":-}`, `{"text":"x","n":1.}`, `{"text":"x","n":1e}`,
		`{"text":"x",}`, `{"text":"x" "id":"y"}`, `{,}`, `{}`, "{\"text\":\"tab\tinside\"}", `{"text":"x","a":[1,]}`,
		`{"text":"x","a":[ ]}`, `{"text":"x","a":{ }}`, "\u00a0{\"text\":\"x\"}\u3000", ` {"text":"x"} `,
		`{"text":"x","published_at":""}`, `{"text":"x","published_at":null}`, `{"text":"x","published_at":"2024-03-14T09:00:00Z"}`,
		`{"id":"` + strings.Repeat("x", 600) + `","text":"t"}`, `{"text":"x","a":` + deep(31) + `}`, `{"text":"x","a":` + deep(32) + `}`,
		`{"a":` + strings.Repeat(`{"a":`, 40) + "1" + strings.Repeat("}", 41), `{"text":"a\u0000b"}`, `{"url":"u","html":""}`,
		"plain text", " \n ", "", "\xff", "[1,2,3]", `"just a string"`, `{"text":"x","k":nul}`, `{"text":"x","k":"\u12G4"}`,
		`{"text":"x","k":"\x"}`, `{"text":"\u00e9t\u00E9"}`, `{"text":"x"}` + strings.Repeat(" ", 10) + "x",
	}
}

// sampleValues returns the bundled samples as message values, and the
// Arabic sample as a JSON article too.
func sampleValues(t testing.TB) map[string][]byte {
	t.Helper()
	values := map[string][]byte{}
	err := fs.WalkDir(samples.FS(), ".", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(samples.FS(), path)
		values[path] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ar, err := json.Marshal(Article{
		ID: "sample-ar", URL: "https://example.com/ar/sample", Title: "sample", Text: string(values["sample_article_ar.txt"]),
		PublishedAt: time.Date(2024, 3, 14, 9, 0, 0, 0, time.FixedZone("", 3*3600)), Source: "sample", Language: "ar",
	})
	if err != nil {
		t.Fatal(err)
	}
	values["sample_article_ar.json"] = ar
	return values
}

func TestDecodeMatchesReference(t *testing.T) {
	var values [][]byte
	for _, s := range diffSeeds() {
		values = append(values, []byte(s))
	}
	for _, v := range sampleValues(t) {
		values = append(values, v)
	}
	for _, v := range values {
		for _, d := range []Decoder{{}, {MaxBytes: 128}, {MaxBytes: 1 << 12}} {
			sameDecode(t, d, v)
			// Every prefix: truncated objects, strings and escapes.
			if len(v) < 2000 {
				for i := range v {
					sameDecode(t, d, v[:i])
				}
			}
		}
	}
}

// corpusArticles returns message values built from the topic corpora
// (../shared/data/topics): each line as it is (an object with extra
// fields) and as a contract article; nil when the corpora are absent.
func corpusArticles(t testing.TB, perFile int) [][]byte {
	t.Helper()
	dir := os.Getenv("NEWSENRICH_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "topics", "*.jsonl.gz"))
	var values [][]byte
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(nil, 1<<24)
		for n := 0; n < perFile && sc.Scan(); n++ {
			line := append([]byte(nil), sc.Bytes()...)
			var rec struct{ Docno, URL, Src, Title, Time, Text string }
			if err := json.Unmarshal(line, &rec); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			a := Article{ID: rec.Docno, URL: rec.URL, Title: rec.Title, Text: rec.Text, Source: rec.Src, Language: "ar"}
			if ts, err := time.Parse(time.RFC1123Z, rec.Time); err == nil {
				a.PublishedAt = ts
			}
			b, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			values = append(values, line, b)
		}
		if err := sc.Err(); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		f.Close()
	}
	return values
}

func TestDecodeMatchesReferenceOnCorpus(t *testing.T) {
	values := corpusArticles(t, 3000)
	if len(values) == 0 {
		t.Skip("topic corpora not found (set NEWSENRICH_DATA)")
	}
	for i, v := range values {
		sameDecode(t, Decoder{MaxBytes: 4 << 20}, v)
		if i%50 == 0 { // a few truncations and a flipped quote
			sameDecode(t, Decoder{}, v[:len(v)*2/3])
			w := append([]byte(nil), v...)
			if j := strings.IndexByte(string(w[len(w)/2:]), '"'); j >= 0 {
				w[len(w)/2+j] = ' '
				sameDecode(t, Decoder{}, w)
			}
		}
	}
	t.Logf("%d corpus values decoded alike", len(values))
}

// FuzzDecodeMatchesReference checks the one-pass decoder against the
// first implementation on arbitrary bytes: the same article or the same
// rejection reason.
func FuzzDecodeMatchesReference(f *testing.F) {
	for _, s := range diffSeeds() {
		f.Add([]byte(s))
	}
	for _, v := range sampleValues(f) {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, value []byte) {
		sameDecode(t, Decoder{}, value)
		sameDecode(t, Decoder{MaxBytes: 1 << 12}, value)
	})
}

// BenchmarkDecode decodes the bundled JSON samples (the Arabic sample
// page as a 10 KB JSON article, the short English and French ones) with
// Decode and with the reference.
func BenchmarkDecode(b *testing.B) {
	values := sampleValues(b)
	for _, impl := range []struct {
		name   string
		decode func(Decoder, []byte) (Article, error)
	}{{"onepass", Decoder.Decode}, {"reference", referenceDecode}} {
		for _, name := range []string{"sample_article_ar.json", "en_rates.json", "fr_festival.json"} {
			v := values[name]
			b.Run(impl.name+"/"+strings.TrimSuffix(name, ".json"), func(b *testing.B) {
				b.SetBytes(int64(len(v)))
				b.ReportAllocs()
				d := Decoder{MaxBytes: 4 << 20}
				for b.Loop() {
					if _, err := impl.decode(d, v); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkDecodeCorpus decodes real articles built from the topic
// corpora, cycling through them.
func BenchmarkDecodeCorpus(b *testing.B) {
	values := corpusArticles(b, 500)
	if len(values) == 0 {
		b.Skip("topic corpora not found (set NEWSENRICH_DATA)")
	}
	var contract [][]byte // the contract articles, not the raw lines
	size := 0
	for i := 1; i < len(values); i += 2 {
		if _, err := referenceDecode(Decoder{}, values[i]); err != nil {
			continue // an article without text
		}
		contract = append(contract, values[i])
		size += len(values[i])
	}
	for _, impl := range []struct {
		name   string
		decode func(Decoder, []byte) (Article, error)
	}{{"onepass", Decoder.Decode}, {"reference", referenceDecode}} {
		b.Run(impl.name, func(b *testing.B) {
			b.SetBytes(int64(size / len(contract)))
			b.ReportAllocs()
			d := Decoder{MaxBytes: 4 << 20}
			i := 0
			for b.Loop() {
				if _, err := impl.decode(d, contract[i%len(contract)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// TestDecodeMatchesReferenceGenerated compares the decoders on objects
// assembled at random from pieces that matter to them: keys in every
// spelling, values of every kind, escapes, white space, nesting, and
// trailing bytes, some of them cut short or with one byte changed.
func TestDecodeMatchesReferenceGenerated(t *testing.T) {
	keys := []string{`"id"`, `"url"`, `"title"`, `"text"`, `"html"`, `"published_at"`, `"source"`, `"language"`,
		`"TEXT"`, `"Html"`, `"ſource"`, `"\u0074ext"`, `"te\u0058t"`, `"published_At"`, `"other"`, `""`, `"tex"`, `"text "`}
	values := []string{`"x"`, `"  "`, `""`, `null`, `1`, `-2.5e3`, `true`, `false`, `[]`, `{}`, `[1,"a",{"b":null}]`,
		`"a\nb\t\"c\"\\d\/"`, `"\ud83d\ude00"`, `"\ud800"`, `"\udc00x"`, `"\u00e9"`, `"نص"`, `"2024-03-14T09:00:00Z"`,
		`"2024-03-14T09:00:00+03:00"`, `"yesterday"`, `{"a":[[[]]]}`, strings.Repeat("[", 33) + strings.Repeat("]", 33), `"<p>x</p>"`}
	spaces := []string{"", " ", "\n", "\t ", "\r\n"}
	trailing := []string{"", " ", "]", " }", "}{", "x", " [", "\u00a0", strings.Repeat("[", 40), `"[[[`}
	rng := rand.New(rand.NewPCG(8, 8))
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	for range 20000 {
		var b strings.Builder
		b.WriteString(pick(spaces) + "{")
		for i := range rng.IntN(5) {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(pick(spaces) + pick(keys) + pick(spaces) + ":" + pick(spaces) + pick(values) + pick(spaces))
		}
		b.WriteString("}" + pick(trailing) + pick(spaces))
		v := []byte(b.String())
		switch rng.IntN(4) {
		case 0:
			v = v[:rng.IntN(len(v)+1)]
		case 1:
			v[rng.IntN(len(v))] = "\"\\{}[],:0 un"[rng.IntN(12)]
		}
		sameDecode(t, Decoder{MaxBytes: 1 << 12}, v)
	}
}
