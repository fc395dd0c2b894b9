package main

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/samples"
	"github.com/newsenrich/newsenrich/schema"
)

// FuzzPipeline runs the service's whole pipeline (decoder and every stage
// with its models) on arbitrary message values: no stage may panic, and
// every record produced must match the record schema with its offsets
// inside the text and its mention texts equal to the spans they name.
func FuzzPipeline(f *testing.F) {
	seeds := []string{
		`{"id":"a1","text":"PARIS, 3 mai (AFP) - Le président Emmanuel Macron a rencontré lundi à Lyon le chancelier allemand."}`,
		`{"html":"<html><head><title>عنوان</title></head><body><nav>الرئيسية</nav><p>بيروت - أعلن الجيش اللبناني أمس الإثنين عن مقتل ثلاثة.</p></body></html>"}`,
		"WASHINGTON (Reuters) - The U.S. Senate voted on Tuesday, three hours ago, to pass the bill.",
		"القاهرة - «الأهرام»: قال وزير الخارجية المصري سامح شكري في 4 أيلول/سبتمبر 2023 إن...",
		`{"text":"x","published_at":"2024-03-14T09:00:00Z","language":"fr"}`, "a", "؟", "\u200f\u200e", "1 2 3",
		strings.Repeat("كلمة ", 200), "<p></p>", `{"html":"<script>x</script>"}`,
	}
	names, _ := fs.Glob(samples.FS(), "*")
	for _, n := range names {
		if b, err := fs.ReadFile(samples.FS(), n); err == nil {
			seeds = append(seeds, string(b))
		}
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	pipe, err := newPipeline(nil)
	if err != nil {
		f.Fatal(err)
	}
	v, err := schema.New()
	if err != nil {
		f.Fatal(err)
	}
	dec := article.Decoder{MaxBytes: 1 << 16}
	msgTime := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, value []byte) {
		a, err := dec.Decode(value)
		if err != nil {
			return // dead-lettered by the service; FuzzDecode checks the reasons
		}
		doc := processor.NewDocument(a, msgTime)
		if err := pipe.Process(context.Background(), doc); err != nil {
			var se *processor.StageError
			if errors.As(err, &se) && se.Panic {
				t.Fatalf("stage %s panicked on %q: %v", se.Stage, value, se.Err)
			}
			return // a stage refused the input: dead-lettered with its reason
		}
		b, err := json.Marshal(doc.Record)
		if err != nil {
			t.Fatal(err)
		}
		if err := v.ValidateRecord(b); err != nil {
			t.Fatalf("record does not match the schema: %v\ninput %q\nrecord %s", err, value, b)
		}
		runes := []rune(doc.Text)
		span := func(what string, start, end int, text string) {
			if start < 0 || end < start || end > len(runes) {
				t.Fatalf("%s [%d,%d) outside the text of %d code points; input %q", what, start, end, len(runes), value)
			}
			if text != "" && string(runes[start:end]) != text {
				t.Fatalf("%s [%d,%d) is %q, not %q; input %q", what, start, end, string(runes[start:end]), text, value)
			}
		}
		if doc.Record.Stats.Chars != utf8.RuneCountInString(doc.Text) {
			t.Fatalf("stats.chars %d, text has %d code points", doc.Record.Stats.Chars, len(runes))
		}
		for _, s := range doc.Record.Sections {
			span("section "+s.Kind, s.Start, s.End, "")
		}
		for _, e := range doc.Record.Entities {
			for _, m := range e.Mentions {
				span("mention of "+e.Text, m.Start, m.End, m.Text)
			}
		}
		for _, x := range doc.Record.Temporal {
			span("time expression", x.Start, x.End, x.Text)
		}
	})
}
