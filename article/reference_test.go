package article

import (
	"bytes"
	"encoding/json"
	"errors"
	"time"
	"unicode/utf8"
)

// This file keeps the first implementation of Decoder.Decode (an
// encoding/json streaming decode after a nesting pre-scan) as the reference
// the one-pass decoder is checked against.

// referenceDecode is the first implementation of Decoder.Decode.
func referenceDecode(d Decoder, value []byte) (Article, error) {
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
		return referenceDecodeJSON(trimmed)
	}
	a := Article{Text: string(value)}
	return a, a.Validate()
}

// referenceArticle mirrors Article with the time as a string so that a bad
// time is reported as a schema error with the field named.
type referenceArticle struct {
	ID          *string `json:"id"`
	URL         *string `json:"url"`
	Title       *string `json:"title"`
	Text        *string `json:"text"`
	HTML        *string `json:"html"`
	PublishedAt *string `json:"published_at"`
	Source      *string `json:"source"`
	Language    *string `json:"language"`
}

func referenceDecodeJSON(b []byte) (Article, error) {
	if depth := nesting(b); depth > maxDepth {
		return Article{}, reject(ReasonBadJSON, "JSON nested %d levels deep (limit %d)", depth, maxDepth)
	}
	var j referenceArticle
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
