package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/internal/proctest"

	"github.com/segmentio/kafka-go"

	"github.com/newsenrich/newsenrich/internal/kafkatest"
	"github.com/newsenrich/newsenrich/producer"
)

// binDir holds the newsenrich binary built once for the package.
var (
	binDir   string
	binOnce  sync.Once
	binPath  string
	binError error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "newsenrich-faults-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// realBroker returns the shared real broker, or skips: the fault tests
// need real Kafka, Java (for extra brokers) and a built binary.
func realBroker(t *testing.T) kafkatest.Broker {
	t.Helper()
	if testing.Short() {
		t.Skip("fault tests run real processes")
	}
	return kafkatest.Real(t)
}

// binary builds cmd/newsenrich once.
func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binPath = filepath.Join(binDir, "newsenrich")
		out, err := exec.Command("go", "build", "-o", binPath, "../cmd/newsenrich").CombinedOutput()
		if err != nil {
			binError = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binError != nil {
		t.Fatal(binError)
	}
	return binPath
}

// topics names the topics and group of one test.
type topics struct {
	in, out, dlq, group string
}

func newTopics(t *testing.T) topics {
	return topics{kafkatest.Name(t, "in"), kafkatest.Name(t, "out"), kafkatest.Name(t, "dlq"), kafkatest.Name(t, "g")}
}

// create creates the three topics with 3 partitions; configs apply to the
// input topic only.
func (tp topics) create(t *testing.T, b kafkatest.Broker, inputConfigs ...kafka.ConfigEntry) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	client := &kafka.Client{Addr: kafka.TCP(b.Brokers...), Timeout: 30 * time.Second}
	resp, err := client.CreateTopics(ctx, &kafka.CreateTopicsRequest{Topics: []kafka.TopicConfig{
		{Topic: tp.in, NumPartitions: 3, ReplicationFactor: 1, ConfigEntries: inputConfigs},
		{Topic: tp.out, NumPartitions: 3, ReplicationFactor: 1},
		{Topic: tp.dlq, NumPartitions: 3, ReplicationFactor: 1},
	}})
	if err != nil {
		t.Fatalf("create topics: %v", err)
	}
	for name, err := range resp.Errors {
		if err != nil {
			t.Fatalf("create topic %s: %v", name, err)
		}
	}
	// Waits until every partition has a leader.
	if err := producer.CreateTopics(ctx, b.Brokers, producer.Topic{Name: tp.in, Partitions: 3, ReplicationFactor: 1},
		producer.Topic{Name: tp.out, Partitions: 3, ReplicationFactor: 1}, producer.Topic{Name: tp.dlq, Partitions: 3, ReplicationFactor: 1}); err != nil {
		t.Fatal(err)
	}
}

// proc is one running newsenrich process.
type proc struct {
	t    *testing.T
	name string
	cmd  *exec.Cmd
	logs *proctest.Buffer
	done chan struct{}
	err  error // exit status, once done is closed
}

// serviceArgs are the flags of every service instance in these tests:
// short commit interval, minimal session timeout, fast retries.
var serviceArgs = []string{"run", "--http-addr", "127.0.0.1:0", "--log-format", "json",
	"--commit-interval", "200ms", "--session-timeout", "6s", "--heartbeat-interval", "1s",
	"--rebalance-timeout", "15s", "--shutdown-timeout", "20s", "--retry-backoff-max", "2s",
	"--lag-interval", "1s", "--concurrency", "4"}

// start runs "newsenrich run" on brokers and topics; env adds environment
// variables, args more flags. The process is killed when the test ends.
func start(t *testing.T, name string, brokers []string, tp topics, env []string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(binary(t), append(append([]string(nil), serviceArgs...), args...)...)
	cmd.Env = append(os.Environ(), "NEWSENRICH_BROKERS="+strings.Join(brokers, ","),
		"NEWSENRICH_INPUT_TOPIC="+tp.in, "NEWSENRICH_OUTPUT_TOPIC="+tp.out, "NEWSENRICH_DLQ_TOPIC="+tp.dlq,
		"NEWSENRICH_GROUP="+tp.group)
	cmd.Env = append(cmd.Env, env...)
	p := &proc{t: t, name: name, cmd: cmd, logs: &proctest.Buffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.logs, p.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("--- logs of %s (last 6000 bytes):\n%s", name, tail(p.logs.String(), 6000))
		}
	})
	return p
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

var listenRE = regexp.MustCompile(`"msg":"http server listening".*?"addr":"([^"]+)"`)

// addr returns the HTTP address of the process once it listens.
func (p *proc) addr() string {
	p.t.Helper()
	var a string
	waitFor(p.t, 60*time.Second, p.name+" listening", func() bool {
		if m := listenRE.FindStringSubmatch(p.logs.String()); m != nil {
			a = m[1]
			return true
		}
		return false
	})
	return a
}

// ready reports whether /readyz answers 200.
func (p *proc) ready() bool {
	c := http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get("http://" + p.addr() + "/readyz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// waitReady waits until /readyz reports want.
func (p *proc) waitReady(want bool, timeout time.Duration) {
	p.t.Helper()
	waitFor(p.t, timeout, fmt.Sprintf("%s ready=%v", p.name, want), func() bool { return p.ready() == want })
}

// signal sends sig; kill waits for the process to be gone.
func (p *proc) signal(sig syscall.Signal) {
	p.t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		p.t.Fatalf("signal %s: %v", p.name, err)
	}
}

// wait waits for the process to exit and returns its exit error.
func (p *proc) wait(timeout time.Duration) error {
	p.t.Helper()
	select {
	case <-p.done:
		return p.err
	case <-time.After(timeout):
		p.t.Fatalf("%s did not exit within %v", p.name, timeout)
		return nil
	}
}

// waitFor polls cond until it holds or the timeout passes (a failure).
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// article returns a short article with an id, in one of three languages.
func article(id string, i int) []byte {
	texts := []string{
		"PARIS, 3 mai (AFP) - Le président français a rencontré lundi à Lyon le chancelier allemand pour parler de la grève des transports, article %d.",
		"WASHINGTON (Reuters) - The U.S. Senate voted on Tuesday to pass the budget bill after a long debate in Congress, story %d.",
		"بيروت - أعلن الجيش اللبناني أمس الإثنين أن ثلاثة جنود أصيبوا في انفجار قرب الحدود الجنوبية، الخبر رقم %d.",
	}
	v, _ := json.Marshal(map[string]string{"id": id, "text": fmt.Sprintf(texts[i%len(texts)], i)})
	return v
}

// stream publishes n articles with ids prefix-0..n-1 (keyed by id) in
// batches of 10, at about rate articles per second, retrying failed
// batches (a broker may be down) until the deadline.
type stream struct {
	ids  []string
	done chan struct{}
	err  error
}

func publish(t *testing.T, brokers []string, topic, prefix string, n, rate int) *stream {
	t.Helper()
	s := &stream{done: make(chan struct{})}
	for i := range n {
		s.ids = append(s.ids, fmt.Sprintf("%s-%d", prefix, i))
	}
	w := &kafka.Writer{Addr: kafka.TCP(brokers...), Topic: topic, Balancer: &kafka.Hash{}, RequiredAcks: kafka.RequireAll,
		BatchTimeout: 5 * time.Millisecond, MaxAttempts: 1, WriteTimeout: 5 * time.Second, ReadTimeout: 5 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	go func() {
		defer close(s.done)
		defer w.Close()
		const batch = 10
		interval := time.Duration(batch) * time.Second / time.Duration(rate)
		next := time.Now()
		for i := 0; i < n; i += batch {
			var msgs []kafka.Message
			for j := i; j < min(i+batch, n); j++ {
				msgs = append(msgs, kafka.Message{Key: []byte(s.ids[j]), Value: article(s.ids[j], j)})
			}
			for {
				err := w.WriteMessages(ctx, msgs...)
				if err == nil {
					break
				}
				if ctx.Err() != nil {
					s.err = fmt.Errorf("publish %s: %w (last error %v)", prefix, ctx.Err(), err)
					return
				}
				time.Sleep(200 * time.Millisecond)
			}
			next = next.Add(interval)
			time.Sleep(time.Until(next))
		}
	}()
	t.Cleanup(func() { cancel(); <-s.done })
	return s
}

// wait waits for the whole stream to be published.
func (s *stream) wait(t *testing.T) {
	t.Helper()
	<-s.done
	if s.err != nil {
		t.Fatal(s.err)
	}
}

// readAll reads every message of topic up to its current end.
func readAll(t *testing.T, brokers []string, topic string) []kafka.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	client := &kafka.Client{Addr: kafka.TCP(brokers...), Timeout: 10 * time.Second}
	ends := endOffsets(t, client, topic)
	var (
		mu   sync.Mutex
		out  []kafka.Message
		wg   sync.WaitGroup
		errs []error
	)
	for p, end := range ends {
		if end == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := kafka.NewReader(kafka.ReaderConfig{Brokers: brokers, Topic: topic, Partition: p, MaxWait: 100 * time.Millisecond, MaxBytes: 32 << 20})
			defer r.Close()
			for {
				m, err := r.ReadMessage(ctx)
				if err != nil {
					mu.Lock()
					errs = append(errs, fmt.Errorf("read %s/%d: %w", topic, p, err))
					mu.Unlock()
					return
				}
				mu.Lock()
				out = append(out, m)
				mu.Unlock()
				if m.Offset >= end-1 {
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	return out
}

// endOffsets returns the next offset of every partition of topic.
func endOffsets(t *testing.T, client *kafka.Client, topic string) map[int]int64 {
	t.Helper()
	var last error
	for range 100 {
		md, err := client.Metadata(context.Background(), &kafka.MetadataRequest{Topics: []string{topic}})
		if err == nil && len(md.Topics) == 1 && md.Topics[0].Error != nil {
			last = md.Topics[0].Error
		}
		if err == nil && len(md.Topics) == 1 && md.Topics[0].Error == nil {
			var reqs []kafka.OffsetRequest
			for _, p := range md.Topics[0].Partitions {
				reqs = append(reqs, kafka.LastOffsetOf(p.ID))
			}
			resp, err := client.ListOffsets(context.Background(), &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{topic: reqs}})
			if err == nil {
				out := map[int]int64{}
				ok := true
				for _, po := range resp.Topics[topic] {
					if po.Error != nil {
						ok, last = false, po.Error
					}
					out[po.Partition] = po.LastOffset
				}
				if ok {
					return out
				}
			} else {
				last = err
			}
		} else if err != nil {
			last = err
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("end offsets of %s: %v", topic, last)
	return nil
}

// total returns the number of messages in topic (all start at offset 0:
// nothing is deleted during the tests).
func total(t *testing.T, brokers []string, topic string) int64 {
	client := &kafka.Client{Addr: kafka.TCP(brokers...), Timeout: 10 * time.Second}
	var n int64
	for _, e := range endOffsets(t, client, topic) {
		n += e
	}
	return n
}

// committed returns the sum of the group's committed offsets on topic.
func committed(t *testing.T, b kafkatest.Broker, group, topic string) int64 {
	var n int64
	for _, o := range b.Committed(t, group, topic) {
		n += o
	}
	return n
}

// outcome is what became of a stream.
type outcome struct {
	in, out, dlq int // messages in the input, output and dead-letter topics
	// duplicates are output or dead-letter messages beyond the number of
	// times their id was published.
	duplicates int
	reasons    map[string]string // dead-letter reason by key
}

func (o outcome) String() string {
	return fmt.Sprintf("in=%d out=%d dlq=%d duplicates=%d", o.in, o.out, o.dlq, o.duplicates)
}

// check reads the three topics in full and checks that every id of ids is
// in the output or dead-letter topic, that every output record's key is
// its id, and that duplicates of an id carry the same key and value.
func check(t *testing.T, brokers []string, tp topics, ids []string) outcome {
	t.Helper()
	in := readAll(t, brokers, tp.in)
	out := readAll(t, brokers, tp.out)
	dlq := readAll(t, brokers, tp.dlq)
	o := outcome{in: len(in), out: len(out), dlq: len(dlq), reasons: map[string]string{}}
	published := map[string]int{}
	for _, m := range in {
		published[string(m.Key)]++
	}
	seen := map[string]int{}
	first := map[string][]byte{}
	for _, m := range out {
		var r struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(m.Value, &r); err != nil {
			t.Errorf("output record is not JSON: %v", err)
			continue
		}
		if r.ID != string(m.Key) {
			t.Errorf("output record %q has key %q", r.ID, m.Key)
		}
		k := string(m.Key)
		seen[k]++
		if prev, ok := first[k]; ok && !bytes.Equal(prev, m.Value) {
			t.Errorf("duplicate of %s differs:\n%s\n%s", k, prev, m.Value)
		}
		first[k] = m.Value
	}
	for _, m := range dlq {
		k := string(m.Key)
		seen[k]++
		o.reasons[k] = kafkatest.Header(m, "reason")
		if o.reasons[k] == "" {
			t.Errorf("dead letter %s without a reason", k)
		}
	}
	var lost []string
	for _, id := range ids {
		if seen[id] == 0 {
			lost = append(lost, id)
		}
	}
	if len(lost) > 0 {
		sort.Strings(lost)
		t.Errorf("%d of %d ids lost (neither output nor dead letter), e.g. %v", len(lost), len(ids), lost[:min(10, len(lost))])
	}
	for k, n := range seen {
		if extra := n - max(published[k], 1); extra > 0 {
			o.duplicates += extra
		}
	}
	return o
}

// waitCovered waits until every id is in the output or dead-letter topic.
func waitCovered(t *testing.T, brokers []string, tp topics, ids []string, timeout time.Duration) {
	t.Helper()
	waitFor(t, timeout, fmt.Sprintf("all %d ids in %s or %s", len(ids), tp.out, tp.dlq), func() bool {
		return total(t, brokers, tp.out)+total(t, brokers, tp.dlq) >= int64(len(ids)) && covered(t, brokers, tp, ids)
	})
}

func covered(t *testing.T, brokers []string, tp topics, ids []string) bool {
	seen := map[string]bool{}
	for _, topic := range []string{tp.out, tp.dlq} {
		for _, m := range readAll(t, brokers, topic) {
			seen[string(m.Key)] = true
		}
	}
	for _, id := range ids {
		if !seen[id] {
			return false
		}
	}
	return true
}

// freePort returns a port p on 127.0.0.1 with p and p+1 free (a Kafka
// broker and its controller).
func freePort(t *testing.T) int {
	t.Helper()
	for range 100 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		p := l.Addr().(*net.TCPAddr).Port
		l.Close()
		if p > 65000 {
			continue
		}
		if l2, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p+1)); err == nil {
			l2.Close()
			return p
		}
	}
	t.Fatal("no free port pair")
	return 0
}

// extraBroker is a broker started by a test with scripts/kafka.sh.
type extraBroker struct {
	t     *testing.T
	env   []string
	state string
	addr  string
}

// startBroker starts a second single-node broker (own port and data) that
// is stopped and deleted when the test ends. It skips without Java.
func startBroker(t *testing.T, env ...string) *extraBroker {
	t.Helper()
	if _, err := exec.LookPath("java"); err != nil {
		t.Skip("java is needed for an extra broker")
	}
	port := freePort(t)
	state := filepath.Join(t.TempDir(), "kafka")
	b := &extraBroker{t: t, state: state, addr: fmt.Sprintf("127.0.0.1:%d", port),
		env: append([]string{fmt.Sprintf("KAFKA_PORT=%d", port), "KAFKA_STATE_DIR=" + state}, env...)}
	t.Cleanup(func() {
		if t.Failed() {
			if log, err := os.ReadFile(filepath.Join(state, "kafka.log")); err == nil {
				t.Logf("--- broker log (last 3000 bytes):\n%s", tail(string(log), 3000))
			}
		}
		_ = b.script("stop")
	})
	if err := b.script("start"); err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *extraBroker) script(cmd string) error {
	c := exec.Command("bash", "../scripts/kafka.sh", cmd)
	c.Env = append(os.Environ(), b.env...)
	out, err := c.CombinedOutput()
	if err != nil {
		return fmt.Errorf("kafka.sh %s: %v\n%s", cmd, err, out)
	}
	return nil
}

// kill SIGKILLs the broker's JVM and waits until it is gone.
func (b *extraBroker) kill() {
	b.t.Helper()
	raw, err := os.ReadFile(filepath.Join(b.state, "kafka.pid"))
	if err != nil {
		b.t.Fatal(err)
	}
	var pid int
	fmt.Sscan(string(raw), &pid)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		b.t.Fatalf("kill broker %d: %v", pid, err)
	}
	waitFor(b.t, 30*time.Second, "the broker to die", func() bool {
		c, err := net.DialTimeout("tcp", b.addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return false
		}
		return true
	})
}

// resume starts the broker again on its data.
func (b *extraBroker) resume() {
	b.t.Helper()
	if err := b.script("resume"); err != nil {
		b.t.Fatal(err)
	}
}
