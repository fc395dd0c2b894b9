package main

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/samples"
	"github.com/newsenrich/newsenrich/schema"
)

// TestPipelineRecordsMatchSchema runs the pipeline of the service over
// every sample and test page and validates each record against
// schema/record.schema.json, and each JSON input against
// schema/input.schema.json.
func TestPipelineRecordsMatchSchema(t *testing.T) {
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	pipe, err := newPipeline(nil)
	if err != nil {
		t.Fatal(err)
	}
	inputs := map[string][]byte{}
	names, _ := fs.Glob(samples.FS(), "*")
	for _, n := range names {
		b, _ := fs.ReadFile(samples.FS(), n)
		inputs["samples/"+n] = b
	}
	pages, _ := filepath.Glob("../../testdata/pages/*")
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Ext(p) == ".html" {
			b, _ = json.Marshal(map[string]string{"html": string(b), "published_at": "2024-03-14T09:00:00Z"})
		}
		inputs[p] = b
	}
	if len(inputs) < 5 {
		t.Fatalf("only %d inputs", len(inputs))
	}
	messageTime := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	for name, value := range inputs {
		t.Run(filepath.Base(name), func(t *testing.T) {
			a, err := article.Decoder{MaxBytes: 4 << 20}.Decode(value)
			if err != nil {
				t.Fatal(err)
			}
			if json.Valid(value) {
				if err := v.ValidateInput(value); err != nil {
					t.Errorf("input does not match the input schema: %v", err)
				}
			}
			doc := processor.NewDocument(a, messageTime)
			if err := pipe.Process(context.Background(), doc); err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(doc.Record)
			if err != nil {
				t.Fatal(err)
			}
			if err := v.ValidateRecord(b); err != nil {
				t.Errorf("record does not match the record schema: %v\n%s", err, b)
			}
		})
	}
}
