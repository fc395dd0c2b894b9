// Package config holds every setting of newsenrich in one place: defaults,
// command-line flags, NEWSENRICH_* environment variables and validation.
//
// A flag named "output-topic" is also read from NEWSENRICH_OUTPUT_TOPIC;
// a flag given on the command line wins over the environment.
package config

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"
)

// EnvPrefix is the prefix of every environment variable read.
const EnvPrefix = "NEWSENRICH_"

// Config is the configuration of the service and its commands.
type Config struct {
	// Brokers are the Kafka bootstrap addresses. Default localhost:9092.
	Brokers []string
	// InputTopic holds raw articles. Default articles.raw.
	InputTopic string
	// OutputTopic receives enriched records. Default articles.enriched.
	OutputTopic string
	// DLQTopic receives the inputs that could not be enriched, with the
	// reason in headers. Default articles.dlq.
	DLQTopic string
	// Group is the consumer group id. Default newsenrich.
	Group string
	// Concurrency is how many messages are decoded, enriched and encoded
	// at once: the CPU-bound work. Default 0: one per CPU (GOMAXPROCS).
	Concurrency int
	// MaxInFlight is how many messages are fetched and not yet finished
	// (waiting to be processed, processed, or waiting for their output to
	// be acknowledged) at once, across partitions and within one; messages
	// of a partition with the same key are handled one after the other.
	// It bounds memory and the records repeated after a crash. Default 256.
	MaxInFlight int
	// MaxInFlightBytes bounds the bytes of the messages in flight; a
	// larger message is handled alone. Default 64 MiB.
	MaxInFlightBytes int64
	// MaxMessageBytes is the largest input value accepted; larger values
	// are dead-lettered. Default 4 MiB.
	MaxMessageBytes int
	// HTTPAddr serves /metrics, /healthz and /readyz. Default :9100.
	HTTPAddr string
	// ShutdownTimeout bounds the drain on SIGINT/SIGTERM. Default 30s.
	ShutdownTimeout time.Duration
	// LogLevel is debug, info, warn or error. Default info.
	LogLevel string
	// LogFormat is json, console or auto (console on a terminal). Default auto.
	LogFormat string

	// ClientID names this process to the brokers. Default newsenrich.
	ClientID string
	// StartOffset is where a group without committed offsets starts:
	// earliest or latest. Default earliest.
	StartOffset string
	// CommitInterval is how often completed offsets are committed; 0
	// commits after every message. Offsets are also committed when
	// partitions are revoked and on shutdown. Default 1s.
	CommitInterval time.Duration
	// SessionTimeout is the consumer group session timeout. Default 10s
	// (brokers reject less than 6s by default).
	SessionTimeout time.Duration
	// HeartbeatInterval is how often the group member heartbeats. Default 3s.
	HeartbeatInterval time.Duration
	// RebalanceTimeout is how long the coordinator waits for members to
	// rejoin during a rebalance. Default 30s.
	RebalanceTimeout time.Duration
	// FetchMaxWait bounds how long a fetch waits for new messages. Default 500ms.
	FetchMaxWait time.Duration
	// BatchTimeout is how long a write waits, when no produce request is
	// in flight, for the writes of other messages to share its request; it
	// adds to the latency of every record at low rates. 0 sends at once
	// (the writes that arrive while a request is in flight share the next
	// one anyway). Default 1ms.
	BatchTimeout time.Duration
	// WriteTimeout bounds one write attempt. Default 10s.
	WriteTimeout time.Duration
	// RetryBackoffMin and RetryBackoffMax bound the exponential backoff
	// between retries of failed writes and fetches. Defaults 100ms and 5s.
	RetryBackoffMin, RetryBackoffMax time.Duration
	// Partitions and ReplicationFactor are used when newsenrich creates
	// missing topics (demo, --create-topics). Defaults 3 and 1.
	Partitions, ReplicationFactor int
	// CreateTopics makes run create missing topics at start-up. Default false.
	CreateTopics bool
	// LagInterval is how often the consumer lag is measured. Default 15s.
	LagInterval time.Duration
	// StallTimeout is how long messages may wait without the group
	// committing progress before the service reports not ready; 0 turns
	// the watchdog off. Default 2m.
	StallTimeout time.Duration
	// MemoryLimit is the soft memory limit of the Go runtime in bytes
	// (runtime/debug.SetMemoryLimit): the garbage collector works harder
	// as the process nears it instead of letting the heap double. 0 leaves
	// the runtime's default; the GOMEMLIMIT environment variable, when
	// set, wins. Default 256 MiB: the models take about 120 MB of live
	// heap, and GOGC=100 alone lets a busy service reach 300 MB.
	MemoryLimit int64
	// Pprof serves Go's runtime profiles on HTTPAddr under /debug/pprof/.
	// Default false: they reveal internals and should not be exposed
	// unless someone is profiling.
	Pprof bool

	// Security holds the TLS and SASL settings of the Kafka connections.
	Security Security
}

// Default returns the documented defaults.
func Default() Config {
	return Config{
		Brokers:          []string{"localhost:9092"},
		InputTopic:       "articles.raw",
		OutputTopic:      "articles.enriched",
		DLQTopic:         "articles.dlq",
		Group:            "newsenrich",
		Concurrency:      0,
		MaxInFlight:      256,
		MaxInFlightBytes: 64 << 20,
		MaxMessageBytes:  4 << 20,
		HTTPAddr:         ":9100",
		ShutdownTimeout:  30 * time.Second,
		LogLevel:         "info",
		LogFormat:        "auto",

		ClientID:          "newsenrich",
		StartOffset:       "earliest",
		CommitInterval:    time.Second,
		SessionTimeout:    10 * time.Second,
		HeartbeatInterval: 3 * time.Second,
		RebalanceTimeout:  30 * time.Second,
		FetchMaxWait:      500 * time.Millisecond,
		BatchTimeout:      time.Millisecond,
		WriteTimeout:      10 * time.Second,
		RetryBackoffMin:   100 * time.Millisecond,
		RetryBackoffMax:   5 * time.Second,
		Partitions:        3,
		ReplicationFactor: 1,
		LagInterval:       15 * time.Second,
		StallTimeout:      2 * time.Minute,
		MemoryLimit:       256 << 20,
	}
}

// KafkaFlags registers the flags that locate Kafka topics.
func (c *Config) KafkaFlags(fs *flag.FlagSet) {
	fs.Func("brokers", "comma-separated Kafka bootstrap `addresses` (default "+strings.Join(c.Brokers, ",")+")", func(s string) error {
		c.Brokers = splitList(s)
		if len(c.Brokers) == 0 {
			return errors.New("no brokers given")
		}
		return nil
	})
	fs.StringVar(&c.InputTopic, "input-topic", c.InputTopic, "topic of raw articles")
	fs.StringVar(&c.OutputTopic, "output-topic", c.OutputTopic, "topic of enriched records")
	fs.StringVar(&c.DLQTopic, "dlq-topic", c.DLQTopic, "dead-letter topic for inputs that cannot be enriched")
	fs.StringVar(&c.ClientID, "client-id", c.ClientID, "client id sent to the brokers")
	c.SecurityFlags(fs)
}

// ProducerFlags registers the flags of writing to Kafka.
func (c *Config) ProducerFlags(fs *flag.FlagSet) {
	fs.DurationVar(&c.BatchTimeout, "batch-timeout", c.BatchTimeout, "how long a write waits, when no produce request is in flight, to share its request with other writes (0: send at once; adds to latency at low rates)")
	fs.DurationVar(&c.WriteTimeout, "write-timeout", c.WriteTimeout, "limit of one write attempt")
	fs.DurationVar(&c.RetryBackoffMin, "retry-backoff-min", c.RetryBackoffMin, "first wait before retrying a failed write or fetch")
	fs.DurationVar(&c.RetryBackoffMax, "retry-backoff-max", c.RetryBackoffMax, "longest wait between retries")
}

// TopicFlags registers the flags used when creating missing topics.
func (c *Config) TopicFlags(fs *flag.FlagSet) {
	fs.IntVar(&c.Partitions, "partitions", c.Partitions, "partitions of topics newsenrich creates")
	fs.IntVar(&c.ReplicationFactor, "replication-factor", c.ReplicationFactor, "replication factor of topics newsenrich creates")
}

// ServiceFlags registers the flags of the running service.
func (c *Config) ServiceFlags(fs *flag.FlagSet) {
	c.KafkaFlags(fs)
	fs.StringVar(&c.Group, "group", c.Group, "consumer group id")
	fs.IntVar(&c.Concurrency, "concurrency", c.Concurrency, "messages decoded, enriched and encoded at once (0: one per CPU)")
	fs.IntVar(&c.MaxInFlight, "max-in-flight", c.MaxInFlight, "messages fetched and not yet finished at once, also within a partition (same key: one after the other)")
	fs.Func("max-in-flight-bytes", "bound on the bytes of the messages in flight, e.g. 64MiB (a larger message is handled alone) (default "+FormatBytes(c.MaxInFlightBytes)+")",
		func(s string) error {
			n, err := ParseBytes(s)
			c.MaxInFlightBytes = n
			return err
		})
	fs.IntVar(&c.MaxMessageBytes, "max-message-bytes", c.MaxMessageBytes, "largest input value accepted; larger ones are dead-lettered")
	fs.StringVar(&c.HTTPAddr, "http-addr", c.HTTPAddr, "listen `address` for /metrics, /healthz and /readyz")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "how long a graceful shutdown may take")
	fs.StringVar(&c.StartOffset, "start-offset", c.StartOffset, "where a group without committed offsets starts: earliest or latest")
	fs.DurationVar(&c.CommitInterval, "commit-interval", c.CommitInterval, "how often completed offsets are committed (0: after every message)")
	fs.DurationVar(&c.SessionTimeout, "session-timeout", c.SessionTimeout, "consumer group session timeout (brokers require >= 6s by default)")
	fs.DurationVar(&c.HeartbeatInterval, "heartbeat-interval", c.HeartbeatInterval, "consumer group heartbeat interval")
	fs.DurationVar(&c.RebalanceTimeout, "rebalance-timeout", c.RebalanceTimeout, "how long the coordinator waits for members to rejoin")
	fs.DurationVar(&c.FetchMaxWait, "fetch-max-wait", c.FetchMaxWait, "longest wait of one fetch for new messages")
	fs.BoolVar(&c.CreateTopics, "create-topics", c.CreateTopics, "create the input, output and dead-letter topics if missing")
	fs.DurationVar(&c.LagInterval, "lag-interval", c.LagInterval, "how often the consumer lag is measured")
	fs.DurationVar(&c.StallTimeout, "stall-timeout", c.StallTimeout, "messages waiting without committed progress this long make /readyz fail (0: off)")
	fs.BoolVar(&c.Pprof, "pprof", c.Pprof, "serve Go runtime profiles under /debug/pprof/ on the HTTP address")
	fs.Func("memory-limit", "soft memory limit of the Go runtime, e.g. 256MiB or 1GiB (0: none; GOMEMLIMIT wins when set) (default "+FormatBytes(c.MemoryLimit)+")",
		func(s string) error {
			n, err := ParseBytes(s)
			c.MemoryLimit = n
			return err
		})
	c.ProducerFlags(fs)
	c.TopicFlags(fs)
	c.LogFlags(fs)
}

// LogFlags registers the logging flags.
func (c *Config) LogFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn, error")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: json, console, auto (console on a terminal)")
}

// Parse applies NEWSENRICH_* environment variables to the flags of fs,
// then the command-line args, then validates.
func (c *Config) Parse(fs *flag.FlagSet, args []string, getenv func(string) string) error {
	if getenv == nil {
		getenv = os.Getenv
	}
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		name := EnvName(f.Name)
		if v := getenv(name); v != "" && envErr == nil {
			if err := f.Value.Set(v); err != nil {
				envErr = fmt.Errorf("environment variable %s: %w", name, err)
			}
		}
	})
	if envErr != nil {
		return envErr
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	return c.Validate()
}

// EnvName returns the environment variable read for a flag name.
func EnvName(flagName string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Validate reports the first setting that cannot work.
func (c *Config) Validate() error {
	var errs []error
	if len(c.Brokers) == 0 {
		errs = append(errs, errors.New("brokers: none given"))
	}
	for name, t := range map[string]string{"input-topic": c.InputTopic, "output-topic": c.OutputTopic, "dlq-topic": c.DLQTopic} {
		if t == "" {
			errs = append(errs, fmt.Errorf("%s: empty", name))
		}
	}
	if c.InputTopic != "" && (c.InputTopic == c.OutputTopic || c.InputTopic == c.DLQTopic) {
		errs = append(errs, errors.New("input-topic must differ from output-topic and dlq-topic"))
	}
	if c.Concurrency < 0 {
		errs = append(errs, fmt.Errorf("concurrency: %d is negative", c.Concurrency))
	}
	if c.MaxInFlight < 1 || c.MaxInFlightBytes < 1 {
		errs = append(errs, fmt.Errorf("max-in-flight %d and max-in-flight-bytes %d must be at least 1", c.MaxInFlight, c.MaxInFlightBytes))
	}
	if c.MaxMessageBytes < 1 {
		errs = append(errs, fmt.Errorf("max-message-bytes: %d is below 1", c.MaxMessageBytes))
	}
	if c.ShutdownTimeout <= 0 {
		errs = append(errs, fmt.Errorf("shutdown-timeout: %v is not positive", c.ShutdownTimeout))
	}
	if c.StartOffset != "earliest" && c.StartOffset != "latest" {
		errs = append(errs, fmt.Errorf("start-offset: %q is not earliest or latest", c.StartOffset))
	}
	if c.CommitInterval < 0 {
		errs = append(errs, fmt.Errorf("commit-interval: %v is negative", c.CommitInterval))
	}
	if c.BatchTimeout < 0 {
		errs = append(errs, fmt.Errorf("batch-timeout: %v is negative", c.BatchTimeout))
	}
	for name, d := range map[string]time.Duration{"session-timeout": c.SessionTimeout, "heartbeat-interval": c.HeartbeatInterval,
		"rebalance-timeout": c.RebalanceTimeout, "fetch-max-wait": c.FetchMaxWait,
		"write-timeout": c.WriteTimeout, "retry-backoff-min": c.RetryBackoffMin, "retry-backoff-max": c.RetryBackoffMax} {
		if d <= 0 {
			errs = append(errs, fmt.Errorf("%s: %v is not positive", name, d))
		}
	}
	if c.MemoryLimit < 0 {
		errs = append(errs, fmt.Errorf("memory-limit: %d is negative", c.MemoryLimit))
	}
	if c.LagInterval <= 0 || c.StallTimeout < 0 {
		errs = append(errs, fmt.Errorf("lag-interval %v must be positive and stall-timeout %v not negative", c.LagInterval, c.StallTimeout))
	}
	if c.HeartbeatInterval >= c.SessionTimeout {
		errs = append(errs, fmt.Errorf("heartbeat-interval %v must be below session-timeout %v", c.HeartbeatInterval, c.SessionTimeout))
	}
	if c.RetryBackoffMax < c.RetryBackoffMin {
		errs = append(errs, fmt.Errorf("retry-backoff-max %v is below retry-backoff-min %v", c.RetryBackoffMax, c.RetryBackoffMin))
	}
	if c.Partitions < 1 || c.ReplicationFactor < 1 {
		errs = append(errs, fmt.Errorf("partitions %d and replication-factor %d must be at least 1", c.Partitions, c.ReplicationFactor))
	}
	errs = append(errs, c.Security.validate()...)
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log-level: %q is not debug, info, warn or error", c.LogLevel))
	}
	switch c.LogFormat {
	case "json", "console", "auto":
	default:
		errs = append(errs, fmt.Errorf("log-format: %q is not json, console or auto", c.LogFormat))
	}
	return errors.Join(errs...)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// byteUnit is a suffix of ParseBytes, as GOMEMLIMIT spells it.
type byteUnit struct {
	suffix string
	shift  uint
}

// byteUnits returns the suffixes of ParseBytes, largest first.
func byteUnits() [5]byteUnit {
	return [5]byteUnit{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}}
}

// ParseBytes reads a size in bytes written as GOMEMLIMIT writes it: a
// whole number with an optional B, KiB, MiB, GiB or TiB suffix.
func ParseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	shift := uint(0)
	for _, u := range byteUnits() {
		if strings.HasSuffix(t, u.suffix) {
			t, shift = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.shift
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64>>shift {
		return 0, fmt.Errorf("%q is not a size such as 256MiB or 1GiB", s)
	}
	return n << shift, nil
}

// FormatBytes writes n with the largest unit of ParseBytes that divides
// it.
func FormatBytes(n int64) string {
	for _, u := range byteUnits() {
		if n != 0 && n%(1<<u.shift) == 0 {
			return strconv.FormatInt(n>>u.shift, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}
