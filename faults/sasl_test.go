package faults

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/internal/kafkatest"
)

// pki is a CA and a broker certificate for 127.0.0.1, made for one test.
type pki struct {
	caFile   string // PEM CA certificate
	keystore string // PEM PKCS#8 broker key followed by its certificate
}

func newPKI(t *testing.T, dir string) pki {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "newsenrich test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	p := pki{caFile: filepath.Join(dir, "ca.pem"), keystore: filepath.Join(dir, "broker.pem")}
	write := func(path string, blocks ...*pem.Block) {
		var b []byte
		for _, bl := range blocks {
			b = append(b, pem.EncodeToMemory(bl)...)
		}
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(p.caFile, &pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	write(p.keystore, &pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}, &pem.Block{Type: "CERTIFICATE", Bytes: der})
	return p
}

func randomSecret(t *testing.T) string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// testSASLSSL runs the service against the SASL_SSL listener only: with
// SCRAM-SHA-512 and the password from a file, with PLAIN and the password
// from the environment, and with a wrong password. The password never
// shows in the logs (at debug level) or in --help.
func testSASLSSL(t *testing.T, b kafkatest.Broker, saslAddr string, p pki, users map[string]string) {
	pwFile := filepath.Join(t.TempDir(), "password")
	if err := os.WriteFile(pwFile, []byte(users["alice"]+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	noSecret := func(t *testing.T, what, s string) {
		for _, pw := range users {
			if strings.Contains(s, pw) {
				t.Errorf("a password shows in %s", what)
			}
		}
	}
	cases := []struct {
		name string
		env  []string
		args []string
	}{
		{"scram-sha-512 password file", nil, []string{"--tls-ca-file", p.caFile, "--sasl-mechanism", "scram-sha-512",
			"--sasl-username", "alice", "--sasl-password-file", pwFile}},
		{"plain password env", []string{"NEWSENRICH_TLS_CA_FILE=" + p.caFile, "NEWSENRICH_SASL_MECHANISM=plain",
			"NEWSENRICH_SASL_USERNAME=bob", "NEWSENRICH_SASL_PASSWORD=" + users["bob"]}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tp := newTopics(t)
			tp.create(t, b)
			s := publish(t, b.Brokers, tp.in, "sasl", 60, 200)
			proc := start(t, "service", []string{saslAddr}, tp, c.env, append(c.args, "--log-level", "debug")...)
			proc.waitReady(true, 90*time.Second)
			s.wait(t)
			waitCovered(t, b.Brokers, tp, s.ids, 90*time.Second)
			o := check(t, b.Brokers, tp, s.ids)
			t.Logf("%s over SASL_SSL: %v", c.name, o)
			proc.signal(syscall.SIGTERM)
			if err := proc.wait(40 * time.Second); err != nil {
				t.Errorf("exit: %v", err)
			}
			noSecret(t, "the logs", proc.logs.String())
		})
	}
	t.Run("wrong password", func(t *testing.T) {
		tp := newTopics(t)
		tp.create(t, b)
		wrong := "not-" + users["bob"]
		proc := start(t, "service", []string{saslAddr}, tp, []string{"NEWSENRICH_SASL_PASSWORD=" + wrong},
			"--tls-ca-file", p.caFile, "--sasl-mechanism", "plain", "--sasl-username", "bob", "--log-level", "debug")
		waitFor(t, 60*time.Second, "an authentication error in the logs", func() bool {
			l := strings.ToLower(proc.logs.String())
			return strings.Contains(l, "sasl") && (strings.Contains(l, "authentication") || strings.Contains(l, "auth"))
		})
		if proc.ready() {
			t.Error("ready with a wrong password")
		}
		if strings.Contains(proc.logs.String(), wrong) {
			t.Error("the wrong password shows in the logs")
		}
	})
	t.Run("help", func(t *testing.T) {
		cmd := exec.Command(binary(t), "run", "--help")
		cmd.Env = append(os.Environ(), "NEWSENRICH_SASL_PASSWORD="+users["alice"], "NEWSENRICH_SASL_MECHANISM=plain", "NEWSENRICH_SASL_USERNAME=alice")
		out, _ := cmd.CombinedOutput()
		if !strings.Contains(string(out), "sasl-password") {
			t.Fatalf("no --sasl-password in help:\n%s", out)
		}
		noSecret(t, "--help", string(out))
	})
}
