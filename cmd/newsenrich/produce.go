package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/newsenrich/newsenrich/config"
)

// runProduce publishes articles from files to the input topic: a .jsonl
// file holds one article per line, a .json file one JSON object, any other
// file one plain-text article. Directories are read recursively.
func runProduce(ctx context.Context, env *environment, args []string) error {
	cfg := config.Default()
	fs := newFlagSet(env, "produce", "[flags] FILE|DIR...")
	cfg.KafkaFlags(fs)
	cfg.ProducerFlags(fs)
	cfg.TopicFlags(fs)
	fs.BoolVar(&cfg.CreateTopics, "create-topics", cfg.CreateTopics, "create the topics if missing")
	topic := fs.String("topic", "", "topic to publish to (default: --input-topic)")
	progress := fs.String("progress", "auto", "show progress on stderr: auto (on a terminal), always, never")
	if err := cfg.Parse(fs, args, env.getenv); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"produce needs at least one FILE or DIR (- for stdin)"}
	}
	if *topic == "" {
		*topic = cfg.InputTopic
	}
	if cfg.CreateTopics {
		if err := createTopics(ctx, cfg); err != nil {
			return err
		}
	}
	var msgs []kafka.Message
	for _, arg := range fs.Args() {
		m, err := readArticleArg(arg, env.stdin)
		if err != nil {
			return err
		}
		msgs = append(msgs, m...)
	}
	show := *progress == "always" || (*progress == "auto" && isTerminal(env.stderr))
	n, err := publish(ctx, cfg, *topic, msgs, func(done, total int) {
		if show {
			fmt.Fprintf(env.stderr, "\rpublished %d/%d articles to %s", done, total, *topic)
		}
	})
	if show {
		fmt.Fprintln(env.stderr)
	}
	if err != nil {
		return fmt.Errorf("published %d of %d articles: %w", n, len(msgs), err)
	}
	fmt.Fprintf(env.stderr, "published %d articles to %s\n", n, *topic)
	return nil
}

// publish writes msgs to topic in batches, waiting for all replicas, and
// reports progress after each batch. It returns how many were written.
func publish(ctx context.Context, cfg config.Config, topic string, msgs []kafka.Message, progress func(done, total int)) (int, error) {
	conn, err := cfg.KafkaConn()
	if err != nil {
		return 0, err
	}
	w := &kafka.Writer{
		Addr:         kafka.TCP(cfg.Brokers...),
		Topic:        topic,
		Balancer:     &kafka.Hash{}, // by id when the article has one, else round robin
		RequiredAcks: kafka.RequireAll,
		// kafka.Writer reads 0 as its default, 1s: each call's
		// partial batches would wait that long.
		BatchTimeout: max(cfg.BatchTimeout, time.Millisecond),
		BatchBytes:   64 << 20,
		WriteTimeout: cfg.WriteTimeout,
		Transport:    conn.Transport(),
	}
	defer w.Close()
	const batch = 100
	done := 0
	for done < len(msgs) {
		end := min(done+batch, len(msgs))
		if err := w.WriteMessages(ctx, msgs[done:end]...); err != nil {
			return done, fmt.Errorf("write to %s: %w", topic, err)
		}
		done = end
		if progress != nil {
			progress(done, len(msgs))
		}
	}
	return done, nil
}

// readArticleArg reads a file, a directory (recursively) or stdin ("-").
func readArticleArg(arg string, stdin io.Reader) ([]kafka.Message, error) {
	if arg == "-" {
		data, err := io.ReadAll(stdin)
		if err != nil {
			return nil, fmt.Errorf("read stdin: %w", err)
		}
		return articleMessages("stdin.jsonl", data), nil
	}
	st, err := os.Stat(arg)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		data, err := os.ReadFile(arg)
		if err != nil {
			return nil, err
		}
		return articleMessages(arg, data), nil
	}
	var msgs []kafka.Message
	err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		msgs = append(msgs, articleMessages(path, data)...)
		return nil
	})
	return msgs, err
}

// articleMessages turns a file into messages: one per non-blank line of a
// .jsonl file (or of stdin holding JSON objects), one for anything else.
// The value is sent as is — the service decides what is valid — and the
// key is the article id when the value is a JSON object that has one.
func articleMessages(name string, data []byte) []kafka.Message {
	lower := strings.ToLower(name)
	jsonl := strings.HasSuffix(lower, ".jsonl") || strings.HasSuffix(lower, ".ndjson")
	if name == "stdin.jsonl" {
		trimmed := bytes.TrimSpace(data)
		jsonl = len(trimmed) > 0 && trimmed[0] == '{' && !json.Valid(trimmed)
	}
	if !jsonl {
		return []kafka.Message{articleMessage(data)}
	}
	var msgs []kafka.Message
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			msgs = append(msgs, articleMessage(bytes.Clone(line)))
		}
	}
	return msgs
}

func articleMessage(value []byte) kafka.Message {
	m := kafka.Message{Value: value}
	var a struct {
		ID string `json:"id"`
	}
	if trimmed := bytes.TrimSpace(value); len(trimmed) > 0 && trimmed[0] == '{' && json.Unmarshal(trimmed, &a) == nil && a.ID != "" {
		m.Key = []byte(a.ID)
	}
	return m
}
