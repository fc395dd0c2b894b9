package record

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

// sample is a record with every field set and strings that need escapes.
func sample() Record {
	return Record{
		SchemaVersion: SchemaVersion, ID: "ar-1", URL: "https://example.com/a?b=1&c=<2>", PublishedAt: "2024-03-01T10:00:00Z",
		Language: Language{Code: "ar", Confidence: 0.9734},
		Title:    "عنوان \"مقتبس\" \\ مع\tتبويب",
		Sections: []Section{{KindTitle, 0, 12}, {KindBody, 13, 400}},
		Topics:   []Topic{{"medtop:11000000", "politics", 0.81}, {"medtop:04000000", "economy, business and finance", 1e-7}},
		Entities: []Entity{
			{Text: "تونس", Type: LOC, Canonical: "Tunisia", Wikidata: "Q948", Count: 2, InBody: true,
				Mentions: []Mention{{13, 17, KindBody, "تونس"}, {40, 44, KindBody, "تونس"}}},
			{Text: "X", Type: ORG, Count: 1, Mentions: []Mention{}},
			{Text: "nil mentions", Type: PER},
		},
		Dateline: Dateline{Place: "تونس", PlaceCanonical: "Tunis", Date: "1 مارس", Agency: "وات", AgencyText: "(وات)", Reporter: "r"},
		Source:   Source{Outlet: "Mosaique FM"},
		Temporal: []Temporal{{"أمس", "DATE", "2024-02-29", AnchorPublished, 50, 53, KindBody}},
		Stats:    Stats{Chars: 400, Words: 70, Sentences: 5},
	}
}

func TestAppendJSONMatchesMarshal(t *testing.T) {
	full := sample()
	tests := []struct {
		name string
		r    Record
	}{
		{"zero", Record{}},
		{"empty slices", Record{Sections: []Section{}, Topics: []Topic{}, Entities: []Entity{}, Temporal: []Temporal{}}},
		{"full", full},
		{"control and html characters", Record{ID: "a\x00b\x01\x1f\b\f\n\r\t<>&'\"\\\x7f", Title: "x</script>"}},
		{"invalid utf-8", Record{ID: "caf\xe9", Title: "\xff\xfe ok \xe2\x82"}},
		{"line and paragraph separators", Record{Title: "a\u2028b\u2029c\u2027"}},
		{"floats", Record{Language: Language{Confidence: 1e21}, Topics: []Topic{
			{Score: 0}, {Score: math.Copysign(0, -1)}, {Score: 1}, {Score: 0.1}, {Score: 1e-6}, {Score: 9.99e-7},
			{Score: 1e20}, {Score: 123456789.125}, {Score: -2.5e-10}, {Score: math.MaxFloat64}, {Score: math.SmallestNonzeroFloat64},
		}}},
		{"negative offsets", Record{Sections: []Section{{"x", -1, math.MaxInt}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := json.Marshal(&tt.r)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tt.r.AppendJSON([]byte("prefix"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got[len("prefix"):], want) || string(got[:len("prefix")]) != "prefix" {
				t.Errorf("AppendJSON\n%s\njson.Marshal\n%s", got, want)
			}
		})
	}
}

func TestAppendJSONRejectsNaNAndInfinity(t *testing.T) {
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		r := sample()
		r.Topics[1].Score = f
		if _, err := json.Marshal(&r); err == nil {
			t.Fatalf("json.Marshal accepted %v", f)
		}
		if b, err := r.AppendJSON([]byte("x")); err == nil || string(b) != "x" {
			t.Errorf("AppendJSON(%v) = %q, %v; want an error and b unchanged", f, b, err)
		}
	}
}

func FuzzAppendJSON(f *testing.F) {
	f.Add("ar-1", "عنوان", "تونس\u2028", "<&>", 0.5, 3)
	f.Add("\xff", "\x00\x1f", "\\\"", "", 1e-9, -1)
	f.Fuzz(func(t *testing.T, id, title, text, url string, score float64, n int) {
		if math.IsNaN(score) || math.IsInf(score, 0) {
			return
		}
		r := Record{ID: id, Title: title, URL: url, Language: Language{Code: text, Confidence: score},
			Sections: []Section{{text, n, -n}}, Topics: []Topic{{url, title, score}},
			Entities: []Entity{{Text: text, Count: n, InBody: n%2 == 0, Mentions: []Mention{{n, n + 1, id, text}}}},
			Dateline: Dateline{Place: text, Reporter: title}, Temporal: []Temporal{{Text: text, Value: url, Start: n}}}
		want, err := json.Marshal(&r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.AppendJSON(nil)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("AppendJSON = %s, %v\njson.Marshal = %s", got, err, want)
		}
	})
}

func BenchmarkEncode(b *testing.B) {
	r := sample()
	for range 4 {
		r.Entities = append(r.Entities, r.Entities...)
	}
	b.Run("json.Marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(&r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("AppendJSON", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			var err error
			if buf, err = r.AppendJSON(buf[:0]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// strSeeds are strings for str: Arabic and Latin accents around every
// character str escapes, invalid and three- and four-byte UTF-8, U+2028.
var strSeeds = []string{
	"", "عنوان مقتبس طويل جدا", "élève déjà à l'été", "تونس\u2028تونس\u2029", "ab<cd>ef&gh\"ij\\kl", "\x00\x1f\x7f",
	"مرحبا\tبكم\nفي\rتونس", "\xd8\xa7\xd8", "\xc0\x80\xc1\xbfabcd", "\xe2\x82 bad", "\xed\xa0\x80 surrogate", "€ — “quoted” 😀",
	"\xef\xbf\xbd kept", "\x80\x80\x80\x80\x80\x80\x80\x80", "\xdf\xbf\xdf\xbf\xdf\xbf\xdf\xbf", "\xc2\x80\xc2\x80\xc2\x80\xc2\x80",
}

// TestStrMatchesMarshal compares str with json.Marshal on the seeds,
// doubled, at every offset and cut at every length, so that each special
// byte lands at every place of str's eight-byte steps.
func TestStrMatchesMarshal(t *testing.T) {
	for _, seed := range strSeeds {
		for _, pad := range []string{"", "x", "xy", "xyz", "ب", "بx", "1234567"} {
			s := pad + seed + seed
			for i := 0; i <= len(s); i++ {
				for _, v := range []string{s[i:], s[:i]} {
					want, err := json.Marshal(v)
					if err != nil {
						t.Fatal(err)
					}
					var e encoder
					if e.str(v); !bytes.Equal(e.b, want) {
						t.Fatalf("str(%q) = %s, json.Marshal %s", v, e.b, want)
					}
				}
			}
		}
	}
}
