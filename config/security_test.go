package config

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go/sasl/plain"
)

func TestSecurityParse(t *testing.T) {
	dir := t.TempDir()
	pwFile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwFile, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr string
		check   func(t *testing.T, c Config)
	}{
		{"off by default", nil, nil, "", func(t *testing.T, c Config) {
			k, err := c.KafkaConn()
			if err != nil || k.TLS != nil || k.SASL != nil {
				t.Fatalf("%+v %v", k, err)
			}
		}},
		{"plain from env", nil, map[string]string{"NEWSENRICH_SASL_MECHANISM": "plain", "NEWSENRICH_SASL_USERNAME": "u",
			"NEWSENRICH_SASL_PASSWORD": "s3cret", "NEWSENRICH_TLS": "true"}, "", func(t *testing.T, c Config) {
			k, err := c.KafkaConn()
			if err != nil {
				t.Fatal(err)
			}
			if m, ok := k.SASL.(plain.Mechanism); !ok || m.Username != "u" || m.Password != "s3cret" {
				t.Fatalf("mechanism %#v", k.SASL)
			}
			if k.TLS == nil || k.Dialer().TLS == nil || k.Transport().SASL == nil {
				t.Fatal("TLS or SASL not passed on")
			}
		}},
		{"scram from file", []string{"--sasl-mechanism", "scram-sha-512", "--sasl-username", "u", "--sasl-password-file", pwFile}, nil, "",
			func(t *testing.T, c Config) {
				k, err := c.KafkaConn()
				if err != nil || k.SASL == nil || k.SASL.Name() != "SCRAM-SHA-512" {
					t.Fatalf("%v %v", k.SASL, err)
				}
				if k.TLS != nil {
					t.Fatal("TLS on without being asked")
				}
			}},
		{"ca file implies tls", []string{"--tls-ca-file", pwFile}, nil, "", func(t *testing.T, c Config) {
			if _, err := c.KafkaConn(); err == nil || !strings.Contains(err.Error(), "no PEM certificate") {
				t.Fatalf("err = %v", err)
			}
		}},
		{"unknown mechanism", []string{"--sasl-mechanism", "gssapi", "--sasl-username", "u"}, nil, "sasl-mechanism", nil},
		{"no user", []string{"--sasl-mechanism", "plain", "--sasl-password", "p"}, nil, "needs sasl-username", nil},
		{"no password", []string{"--sasl-mechanism", "plain", "--sasl-username", "u"}, nil, "exactly one", nil},
		{"both passwords", []string{"--sasl-mechanism", "plain", "--sasl-username", "u", "--sasl-password", "p", "--sasl-password-file", pwFile}, nil, "exactly one", nil},
		{"password without mechanism", []string{"--sasl-password", "p"}, nil, "without sasl-mechanism", nil},
		{"cert without key", []string{"--tls-cert-file", pwFile}, nil, "go together", nil},
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
			tt.check(t, c)
		})
	}
}

// TestPasswordNeverShown checks the password shows neither in --help (as a
// default taken from the environment) nor when the config is printed or
// marshalled.
func TestPasswordNeverShown(t *testing.T) {
	const pw = "hunter2-very-secret"
	c := Default()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	var help bytes.Buffer
	fs.SetOutput(&help)
	c.ServiceFlags(fs)
	env := map[string]string{"NEWSENRICH_SASL_MECHANISM": "scram-sha-512", "NEWSENRICH_SASL_USERNAME": "u", "NEWSENRICH_SASL_PASSWORD": pw}
	if err := c.Parse(fs, []string{"--help"}, func(k string) string { return env[k] }); err != flag.ErrHelp {
		t.Fatalf("err = %v", err)
	}
	if c.Security.SASLPassword.Reveal() != pw {
		t.Fatal("password not read from the environment")
	}
	if !strings.Contains(help.String(), "-sasl-password") {
		t.Fatalf("no password flag in help:\n%s", help.String())
	}
	js, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"help": help.String(), "%v": fmt.Sprintf("%v", c), "%+v": fmt.Sprintf("%+v", c),
		"%#v": fmt.Sprintf("%#v", c), "%s": fmt.Sprintf("%s", c.Security.SASLPassword), "json": string(js)} {
		if strings.Contains(out, pw) {
			t.Errorf("password shown by %s: %s", name, out)
		}
	}
}

// TestTLSFiles loads a CA file and a client certificate and key (mutual
// TLS) into the TLS configuration.
func TestTLSFiles(t *testing.T) {
	dir := t.TempDir()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "client"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(key)
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := errors.Join(os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600),
		os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}), 0o600)); err != nil {
		t.Fatal(err)
	}
	c := Default()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	c.ServiceFlags(fs)
	if err := c.Parse(fs, []string{"--tls-ca-file", certFile, "--tls-cert-file", certFile, "--tls-key-file", keyFile}, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	k, err := c.KafkaConn()
	if err != nil {
		t.Fatal(err)
	}
	if k.TLS == nil || k.TLS.RootCAs == nil || len(k.TLS.Certificates) != 1 || k.TLS.InsecureSkipVerify || k.SASL != nil {
		t.Fatalf("TLS config %+v", k.TLS)
	}
	c.Security.TLSKeyFile = certFile // not a key
	if _, err := c.KafkaConn(); err == nil {
		t.Fatal("a certificate accepted as the key")
	}
}
