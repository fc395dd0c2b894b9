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
	"os"
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
	// Concurrency is how many partitions are processed at once.
	Concurrency int
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
}

// Default returns the documented defaults.
func Default() Config {
	return Config{
		Brokers:         []string{"localhost:9092"},
		InputTopic:      "articles.raw",
		OutputTopic:     "articles.enriched",
		DLQTopic:        "articles.dlq",
		Group:           "newsenrich",
		Concurrency:     4,
		MaxMessageBytes: 4 << 20,
		HTTPAddr:        ":9100",
		ShutdownTimeout: 30 * time.Second,
		LogLevel:        "info",
		LogFormat:       "auto",
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
}

// ServiceFlags registers the flags of the running service.
func (c *Config) ServiceFlags(fs *flag.FlagSet) {
	c.KafkaFlags(fs)
	fs.StringVar(&c.Group, "group", c.Group, "consumer group id")
	fs.IntVar(&c.Concurrency, "concurrency", c.Concurrency, "partitions processed concurrently")
	fs.IntVar(&c.MaxMessageBytes, "max-message-bytes", c.MaxMessageBytes, "largest input value accepted; larger ones are dead-lettered")
	fs.StringVar(&c.HTTPAddr, "http-addr", c.HTTPAddr, "listen `address` for /metrics, /healthz and /readyz")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "how long a graceful shutdown may take")
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
	if c.Concurrency < 1 {
		errs = append(errs, fmt.Errorf("concurrency: %d is below 1", c.Concurrency))
	}
	if c.MaxMessageBytes < 1 {
		errs = append(errs, fmt.Errorf("max-message-bytes: %d is below 1", c.MaxMessageBytes))
	}
	if c.ShutdownTimeout <= 0 {
		errs = append(errs, fmt.Errorf("shutdown-timeout: %v is not positive", c.ShutdownTimeout))
	}
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
