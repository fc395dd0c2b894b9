package faults

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/newsenrich/newsenrich/internal/kafkatest"
)

// The streams are published at a steady rate while the fault happens, so
// that it hits the service mid-stream.
const (
	streamLen  = 1000
	streamRate = 100 // articles per second
)

// TestServiceKilled SIGKILLs the service mid-stream and restarts it: the
// restart resumes from the committed offsets, every article comes out, and
// the only duplicates are records published after the last commit of the
// killed process.
func TestServiceKilled(t *testing.T) {
	b := realBroker(t)
	tp := newTopics(t)
	tp.create(t, b)
	s := publish(t, b.Brokers, tp.in, "kill", streamLen, streamRate)
	p := start(t, "first", b.Brokers, tp, nil)
	p.waitReady(true, 90*time.Second)
	waitFor(t, 90*time.Second, "200 articles committed", func() bool { return committed(t, b, tp.group, tp.in) >= 200 })
	p.signal(syscall.SIGKILL)
	_ = p.wait(30 * time.Second)
	// The process is gone: what it committed and published is final.
	c := committed(t, b, tp.group, tp.in)
	pub := total(t, b.Brokers, tp.out) + total(t, b.Brokers, tp.dlq)
	window := pub - c
	t.Logf("killed after %d committed, %d published: at-least-once window %d", c, pub, window)
	if window < 0 {
		t.Errorf("committed %d offsets but published only %d records", c, pub)
	}

	p2 := start(t, "restarted", b.Brokers, tp, nil)
	p2.waitReady(true, 90*time.Second)
	s.wait(t)
	waitCovered(t, b.Brokers, tp, s.ids, 120*time.Second)
	p2.waitReady(true, 30*time.Second)
	o := check(t, b.Brokers, tp, s.ids)
	t.Logf("SIGKILL: %v (window %d)", o, window)
	if int64(o.duplicates) > window {
		t.Errorf("%d duplicates, more than the %d records published after the last commit", o.duplicates, window)
	}
}

// TestServiceStopped sends SIGTERM mid-stream: the service finishes and
// commits what is in flight and exits 0 with nothing published beyond its
// commits; a restart finishes the stream without duplicates.
func TestServiceStopped(t *testing.T) {
	b := realBroker(t)
	tp := newTopics(t)
	tp.create(t, b)
	s := publish(t, b.Brokers, tp.in, "term", streamLen, streamRate)
	p := start(t, "first", b.Brokers, tp, nil)
	p.waitReady(true, 90*time.Second)
	waitFor(t, 90*time.Second, "200 articles committed", func() bool { return committed(t, b, tp.group, tp.in) >= 200 })
	p.signal(syscall.SIGTERM)
	if err := p.wait(40 * time.Second); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	if !strings.Contains(p.logs.String(), "stopped cleanly") {
		t.Error(`no "stopped cleanly" in the logs`)
	}
	c := committed(t, b, tp.group, tp.in)
	pub := total(t, b.Brokers, tp.out) + total(t, b.Brokers, tp.dlq)
	t.Logf("stopped after %d committed, %d published", c, pub)
	if pub != c {
		t.Errorf("graceful stop: %d records published but %d offsets committed", pub, c)
	}
	p2 := start(t, "restarted", b.Brokers, tp, nil)
	p2.waitReady(true, 90*time.Second)
	s.wait(t)
	waitCovered(t, b.Brokers, tp, s.ids, 120*time.Second)
	p2.waitReady(true, 30*time.Second)
	o := check(t, b.Brokers, tp, s.ids)
	t.Logf("SIGTERM: %v", o)
	if o.duplicates > 0 {
		t.Errorf("%d duplicates after a graceful stop", o.duplicates)
	}
}

// TestGroupScaled scales the consumer group 1 → 3 → 1 mid-stream: the new
// members get partitions, the stopped ones hand theirs back, nothing is
// lost and the remaining member is ready.
func TestGroupScaled(t *testing.T) {
	b := realBroker(t)
	tp := newTopics(t)
	tp.create(t, b)
	s := publish(t, b.Brokers, tp.in, "scale", 1500, streamRate)
	a := start(t, "a", b.Brokers, tp, nil)
	a.waitReady(true, 90*time.Second)
	waitFor(t, 90*time.Second, "150 articles committed", func() bool { return committed(t, b, tp.group, tp.in) >= 150 })
	more := []*proc{start(t, "b", b.Brokers, tp, nil), start(t, "c", b.Brokers, tp, nil)}
	for _, p := range more {
		p.waitReady(true, 90*time.Second)
	}
	a.waitReady(true, 60*time.Second)
	at := committed(t, b, tp.group, tp.in)
	waitFor(t, 90*time.Second, "300 more articles committed by three members", func() bool { return committed(t, b, tp.group, tp.in) >= at+300 })
	for _, p := range more {
		if !assignedSome(p.logs.String()) {
			t.Errorf("%s never had a partition", p.name)
		}
		p.signal(syscall.SIGTERM)
	}
	for _, p := range more {
		if err := p.wait(40 * time.Second); err != nil {
			t.Errorf("%s exit after SIGTERM: %v", p.name, err)
		}
	}
	s.wait(t)
	waitCovered(t, b.Brokers, tp, s.ids, 120*time.Second)
	a.waitReady(true, 60*time.Second)
	o := check(t, b.Brokers, tp, s.ids)
	t.Logf("scaled 1→3→1: %v; generations of a: %d", o, strings.Count(a.logs.String(), `"partitions assigned"`))
}

func assignedSome(logs string) bool {
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, `"msg":"partitions assigned"`) && !strings.Contains(line, `"partitions":[]`) {
			return true
		}
	}
	return false
}

// TestExtraBroker runs the faults that need a broker of their own (started
// here with scripts/kafka.sh, so that the shared one stays up): SASL_SSL
// connections, an output topic refusing writes, and a broker killed and
// restarted. The broker has a PLAINTEXT listener for the test's own admin
// work, a SASL_SSL one (PLAIN and SCRAM-SHA-512, certificate from a CA made
// here) and the standard authorizer allowing everything without ACLs.
func TestExtraBroker(t *testing.T) {
	realBroker(t)
	dir := t.TempDir()
	pki := newPKI(t, dir)
	saslPort := freePort(t)
	users := map[string]string{"alice": "alice-" + randomSecret(t), "bob": "bob-" + randomSecret(t)}
	eb := startBroker(t, fmt.Sprintf("KAFKA_SASL_SSL_PORT=%d", saslPort), "KAFKA_TLS_KEYSTORE="+pki.keystore,
		"KAFKA_TLS_CA_FILE="+pki.caFile, "KAFKA_SASL_USERS=alice:"+users["alice"]+" bob:"+users["bob"],
		"KAFKA_EXTRA_PROPS=authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\nallow.everyone.if.no.acl.found=true")
	b := kafkatest.Broker{Name: "extra", Brokers: []string{eb.addr}}
	saslAddr := fmt.Sprintf("127.0.0.1:%d", saslPort)
	t.Run("SASL_SSL", func(t *testing.T) { testSASLSSL(t, b, saslAddr, pki, users) })
	t.Run("OutputUnavailable", func(t *testing.T) { testOutputUnavailable(t, b) })
	t.Run("BrokerKilled", func(t *testing.T) { testBrokerKilled(t, b, eb) })
}

// testOutputUnavailable makes the output topic refuse writes for a while
// (an ACL denying Write on it: every write fails with
// TOPIC_AUTHORIZATION_FAILED) and then accept them again: the service
// turns not ready, never commits beyond what it published, dead-letters
// nothing, and recovers on its own.
func testOutputUnavailable(t *testing.T, b kafkatest.Broker) {
	tp := newTopics(t)
	tp.create(t, b)
	s := publish(t, b.Brokers, tp.in, "outage", streamLen, streamRate)
	p := start(t, "service", b.Brokers, tp, nil)
	p.waitReady(true, 90*time.Second)
	waitFor(t, 90*time.Second, "150 articles committed", func() bool { return committed(t, b, tp.group, tp.in) >= 150 })
	denyWrite(t, b.Brokers, tp.out, true)
	p.waitReady(false, 60*time.Second)
	c1 := committed(t, b, tp.group, tp.in)
	s.wait(t) // the rest of the stream arrives during the outage
	c2 := committed(t, b, tp.group, tp.in)
	pub := total(t, b.Brokers, tp.out) + total(t, b.Brokers, tp.dlq)
	t.Logf("outage: committed %d when not ready, %d after the stream; %d published", c1, c2, pub)
	if c2 > pub {
		t.Errorf("committed %d offsets with only %d records published", c2, pub)
	}
	if total(t, b.Brokers, tp.in) <= c2 {
		t.Fatal("the stream was consumed before the outage; nothing to test")
	}
	if p.ready() {
		t.Error("ready while the output refuses writes")
	}
	denyWrite(t, b.Brokers, tp.out, false)
	p.waitReady(true, 90*time.Second)
	waitCovered(t, b.Brokers, tp, s.ids, 120*time.Second)
	o := check(t, b.Brokers, tp, s.ids)
	t.Logf("output unavailable: %v", o)
	if o.dlq > 0 {
		t.Errorf("%d articles dead-lettered: a refused output must be retried, not dead-lettered", o.dlq)
	}
}

// denyWrite adds (or removes) ACLs on topic that deny everyone Write and
// allow everything else (with ACLs on a resource, allow.everyone.if.no.acl.found
// no longer applies to it, and Deny wins over Allow).
func denyWrite(t *testing.T, brokers []string, topic string, deny bool) {
	t.Helper()
	client := &kafka.Client{Addr: kafka.TCP(brokers...), Timeout: 10 * time.Second}
	ctx := context.Background()
	acls := []kafka.ACLEntry{
		{Operation: kafka.ACLOperationTypeWrite, PermissionType: kafka.ACLPermissionTypeDeny},
		{Operation: kafka.ACLOperationTypeAll, PermissionType: kafka.ACLPermissionTypeAllow},
	}
	for i := range acls {
		acls[i].ResourceType, acls[i].ResourceName, acls[i].ResourcePatternType = kafka.ResourceTypeTopic, topic, kafka.PatternTypeLiteral
		acls[i].Principal, acls[i].Host = "User:*", "*"
	}
	if deny {
		resp, err := client.CreateACLs(ctx, &kafka.CreateACLsRequest{ACLs: acls})
		if err == nil {
			err = errors.Join(resp.Errors...)
		}
		if err != nil {
			t.Fatalf("deny writes to %s: %v", topic, err)
		}
		return
	}
	var filters []kafka.DeleteACLsFilter
	for _, a := range acls {
		filters = append(filters, kafka.DeleteACLsFilter{ResourceTypeFilter: a.ResourceType, ResourceNameFilter: a.ResourceName,
			ResourcePatternTypeFilter: a.ResourcePatternType, PrincipalFilter: a.Principal, HostFilter: a.Host,
			Operation: a.Operation, PermissionType: a.PermissionType})
	}
	resp, err := client.DeleteACLs(ctx, &kafka.DeleteACLsRequest{Filters: filters})
	if err == nil {
		for _, r := range resp.Results {
			err = errors.Join(err, r.Error)
		}
	}
	if err != nil {
		t.Fatalf("allow writes to %s again: %v", topic, err)
	}
}

// testBrokerKilled SIGKILLs the broker's JVM mid-stream and restarts it on
// its data: the service reports not ready while the broker is gone, is
// ready again without help, and nothing is lost.
func testBrokerKilled(t *testing.T, b kafkatest.Broker, eb *extraBroker) {
	tp := newTopics(t)
	tp.create(t, b)
	s := publish(t, b.Brokers, tp.in, "broker", streamLen, streamRate)
	p := start(t, "service", b.Brokers, tp, nil)
	p.waitReady(true, 90*time.Second)
	waitFor(t, 90*time.Second, "150 articles committed", func() bool { return committed(t, b, tp.group, tp.in) >= 150 })
	c := committed(t, b, tp.group, tp.in)
	eb.kill()
	p.waitReady(false, 60*time.Second)
	eb.resume()
	p.waitReady(true, 120*time.Second)
	s.wait(t)
	waitCovered(t, b.Brokers, tp, s.ids, 120*time.Second)
	p.waitReady(true, 60*time.Second)
	o := check(t, b.Brokers, tp, s.ids)
	t.Logf("broker killed after %d committed: %v", c, o)
}
