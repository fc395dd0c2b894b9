package config

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/sasl"
	"github.com/segmentio/kafka-go/sasl/plain"
	"github.com/segmentio/kafka-go/sasl/scram"
)

// SASL mechanisms accepted by --sasl-mechanism.
const (
	SASLPlain       = "plain"
	SASLScramSHA512 = "scram-sha-512"
)

// Secret is a string that never shows itself: it prints, formats and
// marshals as "[redacted]" (or "" when empty), so a Config can be logged
// or printed without leaking credentials.
type Secret string

const redacted = "[redacted]"

// String returns "[redacted]", or "" for an empty secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString is String, for %#v.
func (s Secret) GoString() string { return s.String() }

// MarshalJSON writes the redacted form.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.String() + `"`), nil }

// Reveal returns the secret itself.
func (s Secret) Reveal() string { return string(s) }

// Security holds the TLS and SASL settings of the Kafka connections.
type Security struct {
	// TLS encrypts the connections to the brokers. Setting any TLS file or
	// TLSInsecureSkipVerify implies it.
	TLS bool
	// TLSCAFile is a PEM file of the CAs that sign the broker
	// certificates; empty uses the system roots.
	TLSCAFile string
	// TLSCertFile and TLSKeyFile are the PEM client certificate and key
	// for mutual TLS; both or neither.
	TLSCertFile, TLSKeyFile string
	// TLSInsecureSkipVerify accepts any broker certificate (tests only).
	TLSInsecureSkipVerify bool
	// SASLMechanism is "", plain or scram-sha-512.
	SASLMechanism string
	// SASLUsername is the SASL user.
	SASLUsername string
	// SASLPassword is the SASL password; SASLPasswordFile, when set, is
	// read instead (trailing newline removed).
	SASLPassword     Secret
	SASLPasswordFile string
}

// secretFlag sets a Secret; its String is empty so that --help never
// shows a default.
type secretFlag struct{ s *Secret }

func (f secretFlag) String() string {
	return ""
}

func (f secretFlag) Set(v string) error {
	*f.s = Secret(v)
	return nil
}

// SecurityFlags registers the TLS and SASL flags.
func (c *Config) SecurityFlags(fs *flag.FlagSet) {
	s := &c.Security
	fs.BoolVar(&s.TLS, "tls", s.TLS, "connect to the brokers with TLS (implied by the other --tls-* flags)")
	fs.StringVar(&s.TLSCAFile, "tls-ca-file", s.TLSCAFile, "PEM `file` of the CAs of the broker certificates (default: system roots)")
	fs.StringVar(&s.TLSCertFile, "tls-cert-file", s.TLSCertFile, "PEM client certificate `file` for mutual TLS")
	fs.StringVar(&s.TLSKeyFile, "tls-key-file", s.TLSKeyFile, "PEM client key `file` for mutual TLS")
	fs.BoolVar(&s.TLSInsecureSkipVerify, "tls-insecure-skip-verify", s.TLSInsecureSkipVerify, "accept any broker certificate (testing only)")
	fs.StringVar(&s.SASLMechanism, "sasl-mechanism", s.SASLMechanism, "SASL `mechanism`: plain or scram-sha-512 (default: no SASL)")
	fs.StringVar(&s.SASLUsername, "sasl-username", s.SASLUsername, "SASL user `name`")
	fs.Var(secretFlag{&s.SASLPassword}, "sasl-password", "SASL `password` (prefer NEWSENRICH_SASL_PASSWORD or --sasl-password-file; never logged)")
	fs.StringVar(&s.SASLPasswordFile, "sasl-password-file", s.SASLPasswordFile, "`file` holding the SASL password")
}

// validate reports settings that cannot work.
func (s *Security) validate() []error {
	var errs []error
	switch s.SASLMechanism {
	case "":
		if s.SASLUsername != "" || s.SASLPassword != "" || s.SASLPasswordFile != "" {
			errs = append(errs, errors.New("sasl-username/sasl-password given without sasl-mechanism"))
		}
	case SASLPlain, SASLScramSHA512:
		if s.SASLUsername == "" {
			errs = append(errs, fmt.Errorf("sasl-mechanism %s needs sasl-username", s.SASLMechanism))
		}
		if (s.SASLPassword == "") == (s.SASLPasswordFile == "") {
			errs = append(errs, fmt.Errorf("sasl-mechanism %s needs exactly one of sasl-password and sasl-password-file", s.SASLMechanism))
		}
	default:
		errs = append(errs, fmt.Errorf("sasl-mechanism: %q is not %s or %s", s.SASLMechanism, SASLPlain, SASLScramSHA512))
	}
	if (s.TLSCertFile == "") != (s.TLSKeyFile == "") {
		errs = append(errs, errors.New("tls-cert-file and tls-key-file go together"))
	}
	return errs
}

// TLSEnabled reports whether connections use TLS.
func (s *Security) TLSEnabled() bool {
	return s.TLS || s.TLSCAFile != "" || s.TLSCertFile != "" || s.TLSInsecureSkipVerify
}

// TLSConfig returns the TLS configuration of the broker connections, or
// nil when TLS is off.
func (s *Security) TLSConfig() (*tls.Config, error) {
	if !s.TLSEnabled() {
		return nil, nil
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: s.TLSInsecureSkipVerify} //nolint:gosec // opt-in, for tests
	if s.TLSCAFile != "" {
		pem, err := os.ReadFile(s.TLSCAFile)
		if err != nil {
			return nil, fmt.Errorf("tls-ca-file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("tls-ca-file %s: no PEM certificate found", s.TLSCAFile)
		}
		tc.RootCAs = pool
	}
	if s.TLSCertFile != "" {
		cert, err := tls.LoadX509KeyPair(s.TLSCertFile, s.TLSKeyFile)
		if err != nil {
			return nil, fmt.Errorf("tls-cert-file/tls-key-file: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}

// SASL returns the SASL mechanism of the broker connections, or nil when
// SASL is off. The password is read from SASLPasswordFile when set.
func (s *Security) SASL() (sasl.Mechanism, error) {
	if s.SASLMechanism == "" {
		return nil, nil
	}
	password := s.SASLPassword.Reveal()
	if s.SASLPasswordFile != "" {
		b, err := os.ReadFile(s.SASLPasswordFile)
		if err != nil {
			return nil, fmt.Errorf("sasl-password-file: %w", err)
		}
		password = strings.TrimRight(string(b), "\r\n")
		if password == "" {
			return nil, fmt.Errorf("sasl-password-file %s is empty", s.SASLPasswordFile)
		}
	}
	switch s.SASLMechanism {
	case SASLPlain:
		return plain.Mechanism{Username: s.SASLUsername, Password: password}, nil
	case SASLScramSHA512:
		m, err := scram.Mechanism(scram.SHA512, s.SASLUsername, password)
		if err != nil {
			// The error may quote the credentials; do not wrap it.
			return nil, errors.New("sasl: the scram-sha-512 user name or password is not valid (SASLprep)")
		}
		return m, nil
	}
	return nil, fmt.Errorf("sasl-mechanism: %q is not %s or %s", s.SASLMechanism, SASLPlain, SASLScramSHA512)
}

// Kafka is how to connect to the brokers: the same TLS and SASL settings
// for every kind of kafka-go client.
type Kafka struct {
	ClientID string
	TLS      *tls.Config
	SASL     sasl.Mechanism
}

// KafkaConn reads the TLS and SASL settings (certificate and password
// files) once.
func (c *Config) KafkaConn() (Kafka, error) {
	tc, err := c.Security.TLSConfig()
	if err != nil {
		return Kafka{}, err
	}
	mech, err := c.Security.SASL()
	if err != nil {
		return Kafka{}, err
	}
	return Kafka{ClientID: c.ClientID, TLS: tc, SASL: mech}, nil
}

// Dialer returns a dialer for consumers and readers.
func (k Kafka) Dialer() *kafka.Dialer {
	return &kafka.Dialer{ClientID: k.ClientID, Timeout: 10 * time.Second, DualStack: true, TLS: k.TLS, SASLMechanism: k.SASL}
}

// Transport returns a transport for writers and clients.
func (k Kafka) Transport() *kafka.Transport {
	return &kafka.Transport{ClientID: k.ClientID, DialTimeout: 10 * time.Second, TLS: k.TLS, SASL: k.SASL}
}

// Client returns an admin client for the brokers.
func (k Kafka) Client(brokers []string) *kafka.Client {
	return &kafka.Client{Addr: kafka.TCP(brokers...), Timeout: 10 * time.Second, Transport: k.Transport()}
}
