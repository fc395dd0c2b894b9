package schema

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/record"
)

func validator(t *testing.T) *Validator {
	t.Helper()
	v, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// full returns a record with every part filled in.
func full() record.Record {
	doc := processor.NewDocument(article.Article{ID: "x1", Text: "PARIS, 3 mai (AFP) - Emmanuel Macron a parlé.", PublishedAt: time.Date(2024, 5, 3, 10, 0, 0, 0, time.UTC)}, time.Time{})
	r := doc.Record
	r.Language = record.Language{Code: "fr", Confidence: 0.98}
	r.Sections = []record.Section{{Kind: record.KindBody, Start: 0, End: 46}}
	r.Topics = []record.Topic{{Code: "medtop:11000000", Label: "politics", Score: 0.7}}
	r.Entities = []record.Entity{{Text: "Emmanuel Macron", Type: record.PER, Canonical: "Emmanuel Macron", Wikidata: "Q3052772", Count: 1, InBody: true,
		Mentions: []record.Mention{{Start: 21, End: 36, Section: record.KindBody, Text: "Emmanuel Macron"}}}}
	r.Dateline = record.Dateline{Place: "PARIS", PlaceCanonical: "Paris", Date: "2024-05-03", Agency: "AFP", AgencyText: "AFP"}
	r.Temporal = []record.Temporal{{Text: "3 mai", Type: "DATE", Value: "2024-05-03", Anchor: record.AnchorPublished, Start: 7, End: 12, Section: record.KindBody}}
	r.Stats = record.Stats{Chars: 46, Words: 8, Sentences: 1}
	return r
}

func TestRecordSchema(t *testing.T) {
	v := validator(t)
	tests := []struct {
		name  string
		edit  func(*record.Record)
		valid bool
	}{
		{"full", func(*record.Record) {}, true},
		{"empty extractions", func(r *record.Record) { *r = processor.NewDocument(article.Article{Text: "x"}, time.Time{}).Record }, true},
		{"topic code", func(r *record.Record) { r.Topics[0].Code = "politics" }, false},
		{"topic score above 1", func(r *record.Record) { r.Topics[0].Score = 1.5 }, false},
		{"entity type", func(r *record.Record) { r.Entities[0].Type = "PERSON" }, false},
		{"entity without mentions", func(r *record.Record) { r.Entities[0].Mentions = nil }, false},
		{"wikidata id", func(r *record.Record) { r.Entities[0].Wikidata = "Macron" }, false},
		{"negative offset", func(r *record.Record) { r.Temporal[0].Start = -1 }, false},
		{"section kind", func(r *record.Record) { r.Sections[0].Kind = "footer" }, false},
		{"temporal type", func(r *record.Record) { r.Temporal[0].Type = "EVENT" }, false},
		{"schema version", func(r *record.Record) { r.SchemaVersion = "2" }, false},
		{"published_at", func(r *record.Record) { r.PublishedAt = "3 May" }, false},
		{"language code", func(r *record.Record) { r.Language.Code = "French" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := full()
			tt.edit(&r)
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			err = v.ValidateRecord(b)
			if tt.valid && err != nil {
				t.Fatalf("valid record rejected: %v", err)
			}
			if !tt.valid && err == nil {
				t.Fatalf("invalid record accepted: %s", b)
			}
		})
	}
	if err := v.ValidateRecord([]byte(`{"id": "x"}`)); err == nil {
		t.Error("record without its required fields accepted")
	}
}

// TestInputSchemaAgreesWithDecoder checks the input schema against the
// decoder on every JSON test article: both accept or both reject.
func TestInputSchemaAgreesWithDecoder(t *testing.T) {
	v := validator(t)
	var values [][]byte
	files, _ := filepath.Glob("../testdata/articles/*.json")
	bad, _ := filepath.Glob("../testdata/articles/bad/*.json")
	for _, f := range append(files, bad...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		values = append(values, b)
	}
	lines, err := os.ReadFile("../testdata/articles/bad/mixed.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(lines)), "\n") {
		values = append(values, []byte(l))
	}
	values = append(values, []byte(`{"html": "<p>page</p>"}`), []byte(`{"text": "  "}`), []byte(`{"text": "x", "id": "`+strings.Repeat("i", 513)+`"}`))
	if len(values) < 10 {
		t.Fatalf("only %d test values", len(values))
	}
	for _, value := range values {
		_, decErr := article.Decoder{}.Decode(value)
		if !json.Valid(value) {
			if decErr == nil {
				t.Errorf("decoder accepted invalid JSON %s", value)
			}
			continue
		}
		schemaErr := v.ValidateInput(value)
		if (decErr == nil) != (schemaErr == nil) {
			t.Errorf("%s: decoder error %v, schema error %v", value, decErr, schemaErr)
		}
	}
}
