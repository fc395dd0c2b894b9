// Package article decodes raw articles, the input half of the interface in
// CONTRACT.md, from message values and files, and rejects what cannot be
// enriched with an error that says why.
package article

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Article is one raw article to enrich.
type Article struct {
	ID          string    `json:"id,omitempty"`
	URL         string    `json:"url,omitempty"`
	Title       string    `json:"title,omitempty"`
	Text        string    `json:"text,omitempty"`
	HTML        string    `json:"html,omitempty"`
	PublishedAt time.Time `json:"published_at,omitzero"`
	Source      string    `json:"source,omitempty"`
	Language    string    `json:"language,omitempty"`
}

// Reasons for rejecting an input, used as the dead-letter reason label.
const (
	ReasonTooLarge    = "too_large"
	ReasonInvalidUTF8 = "invalid_utf8"
	ReasonEmpty       = "empty"
	ReasonBadJSON     = "bad_json"
	ReasonSchema      = "schema"
)

// Error is a rejected input: a reason of bounded cardinality for metrics
// and a message for people.
type Error struct {
	Reason string
	Err    error
}

func (e *Error) Error() string { return e.Reason + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

func reject(reason, format string, args ...any) error {
	return &Error{Reason: reason, Err: fmt.Errorf(format, args...)}
}

// Reason returns the rejection reason of err, or "" when err is not an
// input error.
func Reason(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

// Decoder turns message values into articles.
type Decoder struct {
	// MaxBytes is the largest value accepted; 0 means no limit.
	MaxBytes int
}

// Decode reads one article from a message value: a JSON object with the
// fields of the contract, or, when the value is not a JSON object, the
// value itself as plain text.
func (d Decoder) Decode(value []byte) (Article, error) {
	if d.MaxBytes > 0 && len(value) > d.MaxBytes {
		return Article{}, reject(ReasonTooLarge, "value of %d bytes exceeds the limit of %d", len(value), d.MaxBytes)
	}
	if !utf8.Valid(value) {
		return Article{}, reject(ReasonInvalidUTF8, "value is not valid UTF-8 (first bad byte at %d)", firstInvalid(value))
	}
	trimmed := bytes.TrimSpace(value)
	if len(trimmed) == 0 {
		return Article{}, reject(ReasonEmpty, "value is empty")
	}
	if trimmed[0] == '{' {
		return decodeJSON(trimmed)
	}
	a := Article{Text: string(value)}
	return a, a.Validate()
}

// FromText returns a plain-text article.
func FromText(text string, publishedAt time.Time) (Article, error) {
	if !utf8.ValidString(text) {
		return Article{}, reject(ReasonInvalidUTF8, "text is not valid UTF-8")
	}
	a := Article{Text: text, PublishedAt: publishedAt}
	return a, a.Validate()
}

// jsonArticle mirrors Article with the time as a string so that a bad
// time is reported as a schema error with the field named.
type jsonArticle struct {
	ID          *string `json:"id"`
	URL         *string `json:"url"`
	Title       *string `json:"title"`
	Text        *string `json:"text"`
	HTML        *string `json:"html"`
	PublishedAt *string `json:"published_at"`
	Source      *string `json:"source"`
	Language    *string `json:"language"`
}

// maxDepth bounds JSON nesting; articles are flat objects.
const maxDepth = 32

func decodeJSON(b []byte) (Article, error) {
	if depth := nesting(b); depth > maxDepth {
		return Article{}, reject(ReasonBadJSON, "JSON nested %d levels deep (limit %d)", depth, maxDepth)
	}
	var j jsonArticle
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&j); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return Article{}, reject(ReasonSchema, "field %q must be a string, not %s", te.Field, te.Value)
		}
		return Article{}, reject(ReasonBadJSON, "%w", err)
	}
	if dec.More() {
		return Article{}, reject(ReasonBadJSON, "trailing data after the JSON object")
	}
	a := Article{
		ID: deref(j.ID), URL: deref(j.URL), Title: deref(j.Title), Text: deref(j.Text),
		HTML: deref(j.HTML), Source: deref(j.Source), Language: deref(j.Language),
	}
	if j.PublishedAt != nil && *j.PublishedAt != "" {
		t, err := time.Parse(time.RFC3339, *j.PublishedAt)
		if err != nil {
			return Article{}, reject(ReasonSchema, "published_at %q is not RFC 3339", *j.PublishedAt)
		}
		a.PublishedAt = t
	}
	if j.Text == nil && j.HTML == nil {
		return Article{}, reject(ReasonSchema, "object has neither \"text\" nor \"html\"")
	}
	return a, a.Validate()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Validate checks the article can be enriched.
func (a Article) Validate() error {
	if strings.TrimSpace(a.Text) == "" && strings.TrimSpace(a.HTML) == "" {
		return reject(ReasonEmpty, "article has no text")
	}
	if len(a.ID) > 512 {
		return reject(ReasonSchema, "id longer than 512 bytes")
	}
	return nil
}

// StableID returns the article's id, else a hash of its content that is
// the same for the same article wherever and whenever it is computed.
func (a Article) StableID() string {
	if a.ID != "" {
		return a.ID
	}
	h := sha256.New()
	for _, part := range []string{a.URL, a.Title, a.Text, a.HTML} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)[:16])
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// nesting returns the deepest nesting of JSON arrays and objects in b,
// ignoring brackets inside strings.
func nesting(b []byte) int {
	depth, deepest, inString, escaped := 0, 0, false, false
	for _, c := range b {
		switch {
		case escaped:
			escaped = false
		case inString:
			if c == '\\' {
				escaped = true
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			if depth > deepest {
				deepest = depth
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return deepest
}
