package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/internal/proctest"

	"github.com/segmentio/kafka-go"

	"github.com/newsenrich/newsenrich/internal/kafkatest"
)

// envBeMain makes the test binary run main() instead of the tests, so
// that tests can start the real command as a process and signal it.
const envBeMain = "NEWSENRICH_TEST_BE_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(envBeMain) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestRunStopsCleanlyOnSIGTERM starts "newsenrich run" as a process,
// lets it enrich a stream, sends SIGTERM in the middle of it and checks it
// exits 0 having committed only what it published; a second run finishes
// the stream.
func TestRunStopsCleanlyOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the service as a process")
	}
	kafkatest.Each(t, func(t *testing.T, b kafkatest.Broker) {
		in, out, dlq, group := kafkatest.Name(t, "in"), kafkatest.Name(t, "out"), kafkatest.Name(t, "dlq"), kafkatest.Name(t, "g")
		b.CreateTopics(t, 3, in, out, dlq)
		const n = 300
		var msgs []kafka.Message
		for i := range n {
			v, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("sig-%d", i),
				"text": fmt.Sprintf("PARIS, 3 mai (AFP) - Article %d sur la grève des transports à Lyon et à Marseille.", i)})
			msgs = append(msgs, kafka.Message{Value: v})
		}
		b.Produce(t, in, msgs...)
		run := func() (*exec.Cmd, *proctest.Buffer) {
			cmd := exec.Command(os.Args[0], "run", "--http-addr", "127.0.0.1:0", "--log-format", "json",
				"--commit-interval", "100ms", "--session-timeout", "6s", "--heartbeat-interval", "1s", "--shutdown-timeout", "20s")
			cmd.Env = append(os.Environ(), envBeMain+"=1", "NEWSENRICH_BROKERS="+strings.Join(b.Brokers, ","),
				"NEWSENRICH_INPUT_TOPIC="+in, "NEWSENRICH_OUTPUT_TOPIC="+out, "NEWSENRICH_DLQ_TOPIC="+dlq, "NEWSENRICH_GROUP="+group)
			var logs proctest.Buffer
			cmd.Stdout, cmd.Stderr = &logs, &logs
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = cmd.Process.Kill() })
			return cmd, &logs
		}
		cmd, logs := run()
		deadline := time.Now().Add(60 * time.Second)
		for {
			c := b.Committed(t, group, in)
			var done int64
			for _, o := range c {
				done += o
			}
			if done >= 20 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("nothing committed within 60s; logs:\n%s", logs.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		select {
		case err := <-exited:
			if err != nil {
				t.Fatalf("run exited with %v; logs:\n%s", err, logs.String())
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("run did not exit within 30s of SIGTERM; logs:\n%s", logs.String())
		}
		if !strings.Contains(logs.String(), "stopped cleanly") {
			t.Errorf("no clean stop in the logs:\n%s", logs.String())
		}
		committed := b.Committed(t, group, in)
		var below int64
		for _, o := range committed {
			below += o
		}
		published := b.Read(t, out, int(below), 30*time.Second)
		t.Logf("SIGTERM after %d committed, %d published of %d", below, len(published), n)
		if int64(len(published)) != below {
			t.Errorf("%d records published but %d offsets committed", len(published), below)
		}

		cmd, logs = run()
		all := b.Read(t, out, n, 90*time.Second)
		seen := map[string]bool{}
		for _, m := range all {
			seen[string(m.Key)] = true
		}
		for i := range n {
			if !seen[fmt.Sprintf("sig-%d", i)] {
				t.Errorf("sig-%d lost", i)
			}
		}
		// The second run may have had nothing left to do: stop it once it
		// runs (its signal handler installed), not while it starts.
		joinBy := time.Now().Add(60 * time.Second)
		for !strings.Contains(logs.String(), "partitions assigned") {
			if time.Now().After(joinBy) {
				t.Fatalf("second run never joined the group; logs:\n%s", logs.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			t.Errorf("second run exited with %v; logs:\n%s", err, logs.String())
		}
	})
}
