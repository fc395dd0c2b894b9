package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/corpus/corpustest"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/samples"
	"github.com/newsenrich/newsenrich/schema"
)

// TestServiceEncodingMatchesMarshal runs the pipeline of the service over
// the bundled samples and 300 ANT articles (when the corpora are present)
// and checks that the bytes the service publishes (record.AppendJSON) are
// those of json.Marshal and match the record schema.
func TestServiceEncodingMatchesMarshal(t *testing.T) {
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	pipe, err := newPipeline(nil)
	if err != nil {
		t.Fatal(err)
	}
	var values [][]byte
	names, _ := fs.Glob(samples.FS(), "*")
	for _, n := range names {
		b, _ := fs.ReadFile(samples.FS(), n)
		values = append(values, b)
	}
	check := func(t *testing.T, values [][]byte) {
		for i, value := range values {
			a, err := article.Decoder{MaxBytes: 4 << 20}.Decode(value)
			if err != nil {
				continue // dead-lettered, never encoded
			}
			doc := processor.NewDocument(a, time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC))
			if err := pipe.Process(context.Background(), doc); err != nil {
				continue
			}
			want, err := json.Marshal(&doc.Record)
			if err != nil {
				t.Fatal(err)
			}
			got, err := doc.Record.AppendJSON(nil)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("input %d: AppendJSON differs from json.Marshal:\n%s\n%s", i, got, want)
			}
			if err := v.ValidateRecord(got); err != nil {
				t.Fatalf("input %d: record does not match the schema: %v", i, err)
			}
		}
	}
	t.Run("samples", func(t *testing.T) { check(t, values) })
	t.Run("ANT", func(t *testing.T) {
		dir := corpustest.Dir(t)
		arts, err := loadBenchArticles([]string{filepath.Join(dir, "topics", "ant_v2.1_multisource.train.jsonl.gz")}, 0, 0, 300)
		if err != nil {
			t.Fatal(err)
		}
		var ant [][]byte
		for i, a := range arts {
			ant = append(ant, a.withID("ant-"+strconv.Itoa(i)))
		}
		check(t, ant)
	})
}
