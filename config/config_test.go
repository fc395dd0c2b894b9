package config

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(Config) bool
		wantErr string
	}{
		{"defaults", nil, nil, func(c Config) bool {
			return c.Brokers[0] == "localhost:9092" && c.InputTopic == "articles.raw" && c.Concurrency == 0 && c.MaxInFlight == 256 && c.MaxInFlightBytes == 64<<20 && !c.Pprof && c.MemoryLimit == 256<<20 &&
				c.MaxMessageBytes == 4<<20 && c.ShutdownTimeout == 30*time.Second && c.BatchTimeout == time.Millisecond
		}, ""},
		{"env", nil, map[string]string{"NEWSENRICH_BROKERS": "a:1, b:2", "NEWSENRICH_OUTPUT_TOPIC": "out", "NEWSENRICH_COMMIT_INTERVAL": "0s"},
			func(c Config) bool {
				return len(c.Brokers) == 2 && c.Brokers[1] == "b:2" && c.OutputTopic == "out" && c.CommitInterval == 0
			}, ""},
		{"flag beats env", []string{"--concurrency", "7"}, map[string]string{"NEWSENRICH_CONCURRENCY": "2"},
			func(c Config) bool { return c.Concurrency == 7 }, ""},
		{"bad env", nil, map[string]string{"NEWSENRICH_CONCURRENCY": "many"}, nil, "NEWSENRICH_CONCURRENCY"},
		{"same topics", []string{"--output-topic", "articles.raw"}, nil, nil, "must differ"},
		{"bad start offset", []string{"--start-offset", "middle"}, nil, nil, "start-offset"},
		{"heartbeat above session", []string{"--heartbeat-interval", "20s"}, nil, nil, "heartbeat-interval"},
		{"negative concurrency", []string{"--concurrency", "-1"}, nil, nil, "concurrency"},
		{"zero max in flight", []string{"--max-in-flight", "0"}, nil, nil, "max-in-flight"},
		{"batch timeout", []string{"--batch-timeout", "2ms"}, nil, func(c Config) bool { return c.BatchTimeout == 2*time.Millisecond }, ""},
		{"negative batch timeout", []string{"--batch-timeout", "-1ms"}, nil, nil, "batch-timeout"},
		{"memory limit", []string{"--memory-limit", "1GiB"}, nil, func(c Config) bool { return c.MemoryLimit == 1<<30 }, ""},
		{"max in flight bytes", []string{"--max-in-flight-bytes", "8MiB"}, nil, func(c Config) bool { return c.MaxInFlightBytes == 8<<20 }, ""},
		{"zero max in flight bytes", []string{"--max-in-flight-bytes", "0"}, nil, nil, "max-in-flight-bytes"},
		{"memory limit off", nil, map[string]string{"NEWSENRICH_MEMORY_LIMIT": "0"}, func(c Config) bool { return c.MemoryLimit == 0 }, ""},
		{"bad memory limit", []string{"--memory-limit", "lots"}, nil, nil, "memory-limit"},
		{"pprof and max in flight", []string{"--pprof", "--max-in-flight", "9"}, nil,
			func(c Config) bool { return c.Pprof && c.MaxInFlight == 9 }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseService(tt.args, tt.env)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(c) {
				t.Fatalf("unexpected config %+v", c)
			}
		})
	}
}

func TestEnvName(t *testing.T) {
	if got := EnvName("max-message-bytes"); got != "NEWSENRICH_MAX_MESSAGE_BYTES" {
		t.Fatal(got)
	}
}

// parseService parses service flags from args and env the way the run
// command does.
func parseService(args []string, env map[string]string) (Config, error) {
	c := Default()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.ServiceFlags(fs)
	err := c.Parse(fs, args, func(k string) string { return env[k] })
	return c, err
}

func TestParseBytes(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"1234", 1234, true}, {"17B", 17, true}, {"2KiB", 2048, true}, {"256MiB", 256 << 20, true},
		{" 3GiB ", 3 << 30, true}, {"1TiB", 1 << 40, true}, {"", 0, false}, {"-1MiB", 0, false}, {"1.5GiB", 0, false},
		{"1MB", 0, false}, {"9999999TiB", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseBytes(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Fatalf("ParseBytes(%q) = %d, %v; want %d, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
			if tt.ok {
				if back, err := ParseBytes(FormatBytes(got)); err != nil || back != got {
					t.Fatalf("FormatBytes(%d) = %q reads back as %d, %v", got, FormatBytes(got), back, err)
				}
			}
		})
	}
}
