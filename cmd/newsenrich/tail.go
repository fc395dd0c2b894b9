package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/segmentio/kafka-go"

	"github.com/newsenrich/newsenrich/config"
	"github.com/newsenrich/newsenrich/record"
	"github.com/newsenrich/newsenrich/service"
)

// runTail prints the records of the output topic (or another topic) as
// they arrive: pretty on a terminal, one JSON object per line otherwise.
func runTail(ctx context.Context, env *environment, args []string) error {
	cfg := config.Default()
	fs := newFlagSet(env, "tail", "[flags]")
	cfg.KafkaFlags(fs)
	topic := fs.String("topic", "", "topic to print (default: --output-topic; --dlq-topic shows dead letters)")
	fromBeginning := fs.Bool("from-beginning", false, "start at the oldest message instead of new ones")
	count := fs.Int("count", 0, "exit after this many messages (0: run until interrupted)")
	format := fs.String("format", "auto", "output: pretty, json (one record per line) or auto (pretty on a terminal)")
	if err := cfg.Parse(fs, args, env.getenv); err != nil {
		return err
	}
	if *topic == "" {
		*topic = cfg.OutputTopic
	}
	pretty := *format == "pretty" || (*format == "auto" && isTerminal(env.stdout))
	if *format != "auto" && *format != "pretty" && *format != "json" {
		return usageError{fmt.Sprintf("--format %q is not auto, pretty or json", *format)}
	}
	conn, err := cfg.KafkaConn()
	if err != nil {
		return err
	}
	client := conn.Client(cfg.Brokers)
	starts, err := startOffsets(ctx, client, *topic, *fromBeginning)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(env.stdout)
	defer out.Flush()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n := 0
	err = tailTopic(ctx, conn.Dialer(), cfg.Brokers, *topic, starts, func(m kafka.Message) {
		if pretty {
			printPretty(out, m)
		} else {
			printJSON(out, m)
		}
		out.Flush()
		n++
		if *count > 0 && n >= *count {
			cancel()
		}
	})
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// startOffsets returns where to start reading each partition of topic:
// its first offset, or the current end. Errors that a new topic gives
// while its leaders settle are retried for a few seconds.
func startOffsets(ctx context.Context, client *kafka.Client, topic string, fromBeginning bool) (map[int]int64, error) {
	for attempt := 0; ; attempt++ {
		starts, err := listStartOffsets(ctx, client, topic, fromBeginning)
		var ke kafka.Error
		if err == nil || attempt >= 50 || !errors.As(err, &ke) || !ke.Temporary() {
			return starts, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func listStartOffsets(ctx context.Context, client *kafka.Client, topic string, fromBeginning bool) (map[int]int64, error) {
	md, err := client.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{topic}})
	if err != nil {
		return nil, fmt.Errorf("metadata of %s: %w", topic, err)
	}
	if len(md.Topics) != 1 || md.Topics[0].Error != nil {
		return nil, fmt.Errorf("topic %s: %v", topic, md.Topics[0].Error)
	}
	var reqs []kafka.OffsetRequest
	for _, p := range md.Topics[0].Partitions {
		if fromBeginning {
			reqs = append(reqs, kafka.FirstOffsetOf(p.ID))
		} else {
			reqs = append(reqs, kafka.LastOffsetOf(p.ID))
		}
	}
	resp, err := client.ListOffsets(ctx, &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{topic: reqs}})
	if err != nil {
		return nil, fmt.Errorf("offsets of %s: %w", topic, err)
	}
	starts := map[int]int64{}
	for _, p := range resp.Topics[topic] {
		if p.Error != nil {
			return nil, fmt.Errorf("offsets of %s/%d: %w", topic, p.Partition, p.Error)
		}
		if fromBeginning {
			starts[p.Partition] = p.FirstOffset
		} else {
			starts[p.Partition] = p.LastOffset
		}
	}
	return starts, nil
}

// tailTopic reads the partitions of topic from the given offsets and calls
// f with each message (never concurrently) until ctx ends.
func tailTopic(ctx context.Context, dialer *kafka.Dialer, brokers []string, topic string, starts map[int]int64, f func(kafka.Message)) error {
	msgs := make(chan kafka.Message)
	errs := make(chan error, len(starts))
	var wg sync.WaitGroup
	for p, off := range starts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := kafka.NewReader(kafka.ReaderConfig{Brokers: brokers, Topic: topic, Partition: p,
				MaxWait: 250 * time.Millisecond, MaxBytes: 64 << 20, Dialer: dialer})
			defer r.Close()
			if err := r.SetOffset(off); err != nil {
				errs <- err
				return
			}
			for {
				m, err := r.ReadMessage(ctx)
				if err != nil {
					if ctx.Err() == nil {
						errs <- fmt.Errorf("read %s/%d: %w", topic, p, err)
					}
					return
				}
				select {
				case msgs <- m:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(msgs) }()
	for {
		select {
		case m, ok := <-msgs:
			if !ok {
				return ctx.Err()
			}
			f(m)
		case err := <-errs:
			return err
		}
	}
}

func header(m kafka.Message, key string) string {
	for _, h := range m.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

// printJSON writes the value of a record as one line; a dead letter is
// wrapped with its headers.
func printJSON(w io.Writer, m kafka.Message) {
	if header(m, service.HeaderReason) == "" {
		var line bytes.Buffer
		if json.Compact(&line, m.Value) == nil {
			line.WriteByte('\n')
			w.Write(line.Bytes())
			return
		}
	}
	headers := map[string]string{}
	for _, h := range m.Headers {
		headers[h.Key] = string(h.Value)
	}
	value := string(m.Value)
	if !utf8.ValidString(value) {
		value = strings.ToValidUTF8(value, "\uFFFD")
	}
	line, _ := json.Marshal(map[string]any{"topic": m.Topic, "partition": m.Partition, "offset": m.Offset,
		"key": string(m.Key), "headers": headers, "value": value})
	w.Write(line)
	io.WriteString(w, "\n")
}

// printPretty writes a record or dead letter for people to read.
func printPretty(w io.Writer, m kafka.Message) {
	if reason := header(m, service.HeaderReason); reason != "" {
		fmt.Fprintf(w, "✗ dead letter  reason=%s stage=%s  from %s/%s@%s\n", reason, header(m, service.HeaderStage),
			header(m, service.HeaderSourceTopic), header(m, service.HeaderSourcePartition), header(m, service.HeaderSourceOffset))
		fmt.Fprintf(w, "  error    %s\n", firstLine(header(m, service.HeaderError), 160))
		fmt.Fprintf(w, "  value    %s\n\n", firstLine(strings.ToValidUTF8(string(m.Value), "\uFFFD"), 100))
		return
	}
	var r record.Record
	if err := json.Unmarshal(m.Value, &r); err != nil {
		fmt.Fprintf(w, "? %s/%d@%d: not a record: %s\n\n", m.Topic, m.Partition, m.Offset, firstLine(string(m.Value), 100))
		return
	}
	fmt.Fprintf(w, "● %s  [%s %.2f]  %s/%d@%d\n", r.ID, r.Language.Code, r.Language.Confidence, m.Topic, m.Partition, m.Offset)
	if r.Title != "" {
		fmt.Fprintf(w, "  title    %s\n", firstLine(r.Title, 120))
	}
	if len(r.Sections) > 0 {
		kinds := map[string]int{}
		for _, s := range r.Sections {
			kinds[s.Kind]++
		}
		fmt.Fprintf(w, "  sections %s\n", countList(kinds))
	}
	if len(r.Topics) > 0 {
		var parts []string
		for _, t := range r.Topics[:min(3, len(r.Topics))] {
			parts = append(parts, fmt.Sprintf("%s (%s) %.2f", t.Label, t.Code, t.Score))
		}
		fmt.Fprintf(w, "  topics   %s\n", strings.Join(parts, " · "))
	}
	if len(r.Entities) > 0 {
		var parts []string
		for _, e := range r.Entities[:min(8, len(r.Entities))] {
			s := fmt.Sprintf("%s %s ×%d", e.Type, e.Text, e.Count)
			if e.Canonical != "" && e.Canonical != e.Text {
				s += " (" + e.Canonical + ")"
			}
			if !e.InBody {
				s += " [debris]"
			}
			parts = append(parts, s)
		}
		if len(r.Entities) > 8 {
			parts = append(parts, fmt.Sprintf("… %d more", len(r.Entities)-8))
		}
		fmt.Fprintf(w, "  entities %s\n", strings.Join(parts, " · "))
	}
	d := r.Dateline
	if d.Place != "" || d.Agency != "" || d.Date != "" || d.Reporter != "" {
		var parts []string
		for _, p := range []string{d.Place, paren(d.PlaceCanonical, d.Place), d.AgencyText, paren(d.Agency, d.AgencyText), d.Date, d.Reporter} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		fmt.Fprintf(w, "  dateline %s\n", strings.Join(parts, " "))
	}
	if r.Source.Outlet != "" {
		fmt.Fprintf(w, "  source   %s\n", r.Source.Outlet)
	}
	if len(r.Temporal) > 0 {
		var parts []string
		for _, t := range r.Temporal[:min(5, len(r.Temporal))] {
			parts = append(parts, fmt.Sprintf("%s → %s", t.Text, t.Value))
		}
		if len(r.Temporal) > 5 {
			parts = append(parts, fmt.Sprintf("… %d more", len(r.Temporal)-5))
		}
		fmt.Fprintf(w, "  time     %s\n", strings.Join(parts, " · "))
	}
	fmt.Fprintf(w, "  stats    %d chars, %d words, %d sentences\n\n", r.Stats.Chars, r.Stats.Words, r.Stats.Sentences)
}

func paren(s, same string) string {
	if s == "" || s == same {
		return ""
	}
	return "(" + s + ")"
}

func countList(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

// firstLine returns the first line of s cut to n characters.
func firstLine(s string, n int) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " …"
	}
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n]) + "…"
	}
	return s
}
