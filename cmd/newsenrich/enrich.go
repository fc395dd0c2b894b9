package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/config"
	"github.com/newsenrich/newsenrich/processor"
)

// runEnrich enriches articles from files or stdin without Kafka and writes
// one record per line to stdout. An article that cannot be enriched is
// reported on stderr and the command goes on; it exits non-zero at the end
// if any failed.
func runEnrich(ctx context.Context, env *environment, args []string) error {
	cfg := config.Default()
	fs := newFlagSet(env, "enrich", "[flags] [FILE...]")
	format := fs.String("format", "auto", "input format: auto, text, json, jsonl, html")
	publishedAt := fs.String("published-at", "", "publication time (RFC 3339) of plain-text input")
	indent := fs.Bool("indent", false, "indent the JSON output (no longer one record per line)")
	fs.IntVar(&cfg.MaxMessageBytes, "max-bytes", cfg.MaxMessageBytes, "largest article accepted")
	if err := cfg.Parse(fs, args, env.getenv); err != nil {
		return err
	}
	switch *format {
	case "auto", "text", "json", "jsonl", "html":
	default:
		return usageError{fmt.Sprintf("--format %q is not auto, text, json, jsonl or html", *format)}
	}
	var pub time.Time
	if *publishedAt != "" {
		t, err := time.Parse(time.RFC3339, *publishedAt)
		if err != nil {
			return usageError{fmt.Sprintf("--published-at %q is not RFC 3339", *publishedAt)}
		}
		pub = t
	}
	pipe, err := newPipeline(nil)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(env.stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	if *indent {
		enc.SetIndent("", "  ")
	}
	e := &enricher{pipe: pipe, enc: enc, stderr: env.stderr, dec: article.Decoder{MaxBytes: cfg.MaxMessageBytes}, format: *format, published: pub}
	files := fs.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	for _, name := range files {
		if err := e.file(ctx, name, env.stdin); err != nil {
			return err
		}
	}
	if e.failed > 0 {
		return fmt.Errorf("%d of %d articles could not be enriched", e.failed, e.failed+e.done)
	}
	return nil
}

type enricher struct {
	pipe         *processor.Pipeline
	enc          *json.Encoder
	stderr       io.Writer
	dec          article.Decoder
	format       string
	published    time.Time
	done, failed int
}

func (e *enricher) file(ctx context.Context, name string, stdin io.Reader) error {
	var data []byte
	var err error
	if name == "-" {
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return fmt.Errorf("read input: %w", err)
	}
	switch format := e.detect(name, data); format {
	case "jsonl":
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 0, 1<<20), e.dec.MaxBytes+1)
		for line := 1; sc.Scan(); line++ {
			if len(bytes.TrimSpace(sc.Bytes())) == 0 {
				continue
			}
			a, err := e.dec.Decode(sc.Bytes())
			e.one(ctx, fmt.Sprintf("%s:%d", name, line), a, err)
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	case "json":
		a, err := e.dec.Decode(data)
		e.one(ctx, name, a, err)
	case "html":
		a := article.Article{HTML: string(data), PublishedAt: e.published}
		e.one(ctx, name, a, a.Validate())
	default:
		a, err := article.FromText(string(data), e.published)
		if err == nil && e.dec.MaxBytes > 0 && len(data) > e.dec.MaxBytes {
			err = &article.Error{Reason: article.ReasonTooLarge, Err: fmt.Errorf("%d bytes exceeds the limit of %d", len(data), e.dec.MaxBytes)}
		}
		e.one(ctx, name, a, err)
	}
	return ctx.Err()
}

// detect resolves the auto format: JSON objects one per line are JSON
// Lines, one object is JSON, an .html file or a page is HTML, anything else
// one plain-text article.
func (e *enricher) detect(name string, data []byte) string {
	if e.format != "auto" {
		return e.format
	}
	trimmed := bytes.TrimSpace(data)
	lower := strings.ToLower(name)
	switch {
	case len(trimmed) > 0 && trimmed[0] == '{':
		if json.Valid(trimmed) {
			return "json"
		}
		return "jsonl"
	case strings.HasSuffix(lower, ".html"), strings.HasSuffix(lower, ".htm"),
		bytes.HasPrefix(bytes.ToLower(trimmed[:min(len(trimmed), 15)]), []byte("<!doctype html")),
		bytes.HasPrefix(bytes.ToLower(trimmed[:min(len(trimmed), 5)]), []byte("<html")):
		return "html"
	}
	return "text"
}

func (e *enricher) one(ctx context.Context, where string, a article.Article, err error) {
	if err == nil {
		doc := processor.NewDocument(a, time.Time{})
		err = e.pipe.Process(ctx, doc)
		if err == nil && strings.TrimSpace(doc.Text) == "" {
			// As in the service: a page whose extraction found no text
			// has nothing to enrich.
			err = errors.New("no article text left after extraction")
		}
		if err == nil {
			err = e.enc.Encode(&doc.Record)
		}
	}
	if err != nil {
		e.failed++
		var pe *processor.StageError
		if errors.As(err, &pe) && pe.Panic {
			err = fmt.Errorf("stage %s panicked", pe.Stage)
		}
		fmt.Fprintf(e.stderr, "newsenrich: %s: %v\n", where, err)
		return
	}
	e.done++
}
