package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net"
	"sort"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/newsenrich/newsenrich/config"
	"github.com/newsenrich/newsenrich/samples"
)

// runDemo is the zero-setup demo: an embedded Kafka-protocol broker (or
// --brokers), the sample articles published to the input topic, the
// service enriching them, and the records printed as they come out.
func runDemo(ctx context.Context, env *environment, args []string) error {
	cfg := config.Default()
	cfg.Group = "newsenrich-demo"
	cfg.LogLevel = "warn"
	cfg.HTTPAddr = "127.0.0.1:9100"
	cfg.CreateTopics = true
	cfg.CommitInterval = 200 * time.Millisecond
	cfg.ShutdownTimeout = 10 * time.Second
	fs := newFlagSet(env, "demo", "[flags] [FILE|DIR...]  (default: the bundled sample articles)")
	cfg.ServiceFlags(fs)
	keep := fs.Bool("keep-running", false, "keep the service (and embedded broker) running after the samples are out, until interrupted")
	format := fs.String("format", "auto", "how records are printed: pretty, json or auto (pretty on a terminal)")
	timeout := fs.Duration("timeout", 2*time.Minute, "give up waiting for the records after this long")
	if err := cfg.Parse(fs, args, env.getenv); err != nil {
		return err
	}
	brokersGiven := env.getenv(config.EnvName("brokers")) != ""
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "brokers" {
			brokersGiven = true
		}
	})
	log, err := newLogger(cfg, env.stderr)
	if err != nil {
		return err
	}
	defer log.Sync() //nolint:errcheck // nothing to do about a failed flush
	say := func(format string, args ...any) { fmt.Fprintf(env.stderr, "demo: "+format+"\n", args...) }

	var msgs []kafka.Message
	if fs.NArg() == 0 {
		msgs, err = sampleMessages(samples.FS())
	} else {
		for _, arg := range fs.Args() {
			m, err2 := readArticleArg(arg, env.stdin)
			if err2 != nil {
				return err2
			}
			msgs = append(msgs, m...)
		}
	}
	if err != nil {
		return err
	}
	if len(msgs) == 0 {
		return usageError{"no articles to publish"}
	}

	if !brokersGiven {
		// kfake keeps group sessions of at least 6s, as Kafka does.
		cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.DefaultNumPartitions(cfg.Partitions))
		if err != nil {
			return fmt.Errorf("start the embedded broker: %w", err)
		}
		defer cluster.Close()
		cfg.Brokers = cluster.ListenAddrs()
		say("embedded Kafka-protocol broker (kfake) at %s", cfg.Brokers[0])
	} else {
		say("using the Kafka cluster at %v", cfg.Brokers)
	}
	if err := createTopics(ctx, cfg); err != nil {
		return err
	}
	conn, err := cfg.KafkaConn()
	if err != nil {
		return err
	}
	client := conn.Client(cfg.Brokers)
	outStarts, err := startOffsets(ctx, client, cfg.OutputTopic, false)
	if err != nil {
		return err
	}
	dlqStarts, err := startOffsets(ctx, client, cfg.DLQTopic, false)
	if err != nil {
		return err
	}

	if ln, err := net.Listen("tcp", cfg.HTTPAddr); err != nil {
		say("%s is taken; serving metrics on a free port instead", cfg.HTTPAddr)
		cfg.HTTPAddr = "127.0.0.1:0"
	} else {
		ln.Close()
	}
	a, err := newApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	svcCtx, stopSvc := context.WithCancel(ctx)
	defer stopSvc()
	svcDone := make(chan error, 1)
	httpAddr := make(chan string, 1)
	go func() { svcDone <- a.run(svcCtx, func(addr string) { httpAddr <- addr }) }()
	var metricsURL string
	select {
	case addr := <-httpAddr:
		metricsURL = "http://" + addr + "/metrics"
		say("metrics at %s, readiness at http://%s/readyz", metricsURL, addr)
	case err := <-svcDone:
		return err
	}

	n, err := publish(ctx, cfg, cfg.InputTopic, msgs, nil)
	if err != nil {
		return err
	}
	say("published %d articles to %s; enriching with stages %v", n, cfg.InputTopic, a.stages)

	pretty := *format == "pretty" || (*format == "auto" && isTerminal(env.stdout))
	out := bufio.NewWriter(env.stdout)
	defer out.Flush()
	printed := make(chan kafka.Message)
	tailCtx, stopTail := context.WithCancel(ctx)
	defer stopTail()
	for topic, starts := range map[string]map[int]int64{cfg.OutputTopic: outStarts, cfg.DLQTopic: dlqStarts} {
		go func() {
			_ = tailTopic(tailCtx, conn.Dialer(), cfg.Brokers, topic, starts, func(m kafka.Message) {
				select {
				case printed <- m:
				case <-tailCtx.Done():
				}
			})
		}()
	}
	records, dead := 0, 0
	deadline := time.After(*timeout)
	for records+dead < n {
		select {
		case m := <-printed:
			if pretty {
				printPretty(out, m)
			} else {
				printJSON(out, m)
			}
			out.Flush()
			if m.Topic == cfg.DLQTopic {
				dead++
			} else {
				records++
			}
		case err := <-svcDone:
			if err == nil {
				err = errors.New("the service stopped early")
			}
			return err
		case <-deadline:
			return fmt.Errorf("only %d of %d articles came out within %v", records+dead, n, *timeout)
		case <-ctx.Done():
			stopSvc()
			return <-svcDone
		}
	}
	stopTail()
	say("%d enriched records on %s, %d dead letters on %s", records, cfg.OutputTopic, dead, cfg.DLQTopic)
	if *keep {
		say("still running (metrics at %s); press Ctrl-C to stop", metricsURL)
		<-ctx.Done()
	}
	stopSvc()
	if err := <-svcDone; err != nil {
		return err
	}
	say("stopped cleanly")
	return nil
}

// sampleMessages returns one message per bundled sample, in name order.
func sampleMessages(fsys fs.FS) ([]kafka.Message, error) {
	names, err := fs.Glob(fsys, "*")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var msgs []kafka.Message
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		msgs = append(msgs, articleMessages(name, data)...)
	}
	return msgs, nil
}
