// Package article decodes raw articles, the input half of the interface in
// CONTRACT.md, from message values and files, and rejects what cannot be
// enriched with an error that says why.
package article

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
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
	if !validUTF8(value) {
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

// maxDepth bounds JSON nesting; articles are flat objects.
const maxDepth = 32

// Fields of the JSON object, in the order of fieldName.
const (
	fieldID = iota
	fieldURL
	fieldTitle
	fieldText
	fieldHTML
	fieldPublishedAt
	fieldSource
	fieldLanguage
	numFields
)

// fieldName returns the JSON name of field i.
func fieldName(i int) string {
	return [numFields]string{"id", "url", "title", "text", "html", "published_at", "source", "language"}[i]
}

// span is where the last string value of a field lies in the input,
// quotes excluded; set is false when the field is absent or null.
type span struct {
	start, end int
	escaped    bool
	set        bool
}

// typeError is the first value of a known field that is neither a string
// nor null.
type typeError struct {
	field, kind string
}

// objectScan is one pass over a JSON value: it checks the syntax as
// encoding/json does, bounds the nesting, and records where the string
// values of the article's fields are, so that they can be copied once.
type objectScan struct {
	b       []byte
	pos     int
	fields  [numFields]span
	typeErr *typeError
}

// errDeep and errSyntax end a scan; the caller turns them into rejections.
var (
	errDeep   = errors.New("too deep")
	errSyntax = errors.New("syntax")
)

// decodeJSON decodes b, which starts with '{', as encoding/json would
// decode it into a struct of *string fields (field names matched exactly,
// then case-insensitively; the last duplicate wins; null unsets) followed
// by a check that no value follows, in one pass and with one allocation
// for all the strings.
func decodeJSON(b []byte) (Article, error) {
	s := objectScan{b: b}
	if err := s.object(1); err != nil {
		return Article{}, s.reject(err)
	}
	// The nesting limit covers the whole value, trailing bytes included,
	// and comes before every other error.
	rest := b[s.pos:]
	if len(rest) > 0 {
		if depth := nesting(rest); depth > maxDepth {
			return Article{}, reject(ReasonBadJSON, "JSON nested %d levels deep (limit %d)", depth, maxDepth)
		}
	}
	if s.typeErr != nil {
		return Article{}, reject(ReasonSchema, "field %q must be a string, not %s", s.typeErr.field, s.typeErr.kind)
	}
	// As with json.Decoder.More, which the first implementation asked, a
	// ']' or '}' after the object does not count as another value.
	if i := skipSpace(rest, 0); i < len(rest) && rest[i] != ']' && rest[i] != '}' {
		return Article{}, reject(ReasonBadJSON, "trailing data after the JSON object")
	}
	var vals [numFields]string
	s.strings(&vals)
	a := Article{
		ID: vals[fieldID], URL: vals[fieldURL], Title: vals[fieldTitle], Text: vals[fieldText],
		HTML: vals[fieldHTML], Source: vals[fieldSource], Language: vals[fieldLanguage],
	}
	if pub := vals[fieldPublishedAt]; pub != "" {
		t, err := time.Parse(time.RFC3339, pub)
		if err != nil {
			return Article{}, reject(ReasonSchema, "published_at %q is not RFC 3339", pub)
		}
		a.PublishedAt = t
	}
	if !s.fields[fieldText].set && !s.fields[fieldHTML].set {
		return Article{}, reject(ReasonSchema, "object has neither \"text\" nor \"html\"")
	}
	return a, a.Validate()
}

// reject turns a scan error into a rejection.
func (s *objectScan) reject(err error) error {
	if err == errDeep {
		return reject(ReasonBadJSON, "JSON nested more than %d levels deep", maxDepth)
	}
	if s.pos >= len(s.b) {
		return reject(ReasonBadJSON, "unexpected end of JSON input")
	}
	return reject(ReasonBadJSON, "invalid character %q at offset %d of the JSON object", s.b[s.pos], s.pos)
}

// strings copies the fields' values into one string and slices it.
func (s *objectScan) strings(vals *[numFields]string) {
	n := 0
	for _, f := range s.fields {
		if f.set {
			n += f.end - f.start // unescaping never lengthens a string
		}
	}
	if n == 0 {
		return
	}
	var sb strings.Builder
	sb.Grow(n)
	var ends [numFields]int
	for i, f := range s.fields {
		if f.set {
			if f.escaped {
				unescape(&sb, s.b[f.start:f.end])
			} else {
				sb.Write(s.b[f.start:f.end])
			}
		}
		ends[i] = sb.Len()
	}
	all := sb.String()
	start := 0
	for i := range vals {
		vals[i] = all[start:ends[i]]
		start = ends[i]
	}
}

// skipSpace returns the index of the first byte at or after i in b that
// is not JSON white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// object scans the object at s.pos, at the given depth, recording the
// fields of an article when depth is 1.
func (s *objectScan) object(depth int) error {
	s.pos++ // '{'
	s.pos = skipSpace(s.b, s.pos)
	if s.pos < len(s.b) && s.b[s.pos] == '}' {
		s.pos++
		return nil
	}
	for {
		if s.pos >= len(s.b) || s.b[s.pos] != '"' {
			return errSyntax
		}
		start := s.pos + 1
		escaped, err := s.str()
		if err != nil {
			return err
		}
		field := -1
		if depth == 1 {
			field = s.field(s.b[start:s.pos-1], escaped)
		}
		s.pos = skipSpace(s.b, s.pos)
		if s.pos >= len(s.b) || s.b[s.pos] != ':' {
			return errSyntax
		}
		s.pos = skipSpace(s.b, s.pos+1)
		if field >= 0 {
			if err := s.fieldValue(field, depth); err != nil {
				return err
			}
		} else if err := s.value(depth); err != nil {
			return err
		}
		s.pos = skipSpace(s.b, s.pos)
		if s.pos >= len(s.b) {
			return errSyntax
		}
		switch s.b[s.pos] {
		case ',':
			s.pos = skipSpace(s.b, s.pos+1)
		case '}':
			s.pos++
			return nil
		default:
			return errSyntax
		}
	}
}

// fieldValue scans the value of a known field: a string is recorded, null
// unsets the field, anything else is a type error once the syntax is
// known to be good.
func (s *objectScan) fieldValue(field, depth int) error {
	if s.pos < len(s.b) {
		switch s.b[s.pos] {
		case '"':
			start := s.pos + 1
			escaped, err := s.str()
			if err != nil {
				return err
			}
			s.fields[field] = span{start: start, end: s.pos - 1, escaped: escaped, set: true}
			return nil
		case 'n':
			if err := s.value(depth); err != nil {
				return err
			}
			s.fields[field] = span{}
			return nil
		}
	}
	kind := "number"
	if s.pos < len(s.b) {
		switch s.b[s.pos] {
		case '{':
			kind = "object"
		case '[':
			kind = "array"
		case 't', 'f':
			kind = "bool"
		}
	}
	if err := s.value(depth); err != nil {
		return err
	}
	if s.typeErr == nil {
		s.typeErr = &typeError{field: fieldName(field), kind: kind}
	}
	return nil
}

// field returns the index of the field named by the raw key, matched as
// encoding/json matches names (exactly, else case-insensitively), or -1.
func (s *objectScan) field(key []byte, escaped bool) int {
	if !escaped {
		switch string(key) {
		case "id":
			return fieldID
		case "url":
			return fieldURL
		case "title":
			return fieldTitle
		case "text":
			return fieldText
		case "html":
			return fieldHTML
		case "published_at":
			return fieldPublishedAt
		case "source":
			return fieldSource
		case "language":
			return fieldLanguage
		}
		for i := range numFields {
			if bytes.EqualFold(key, []byte(fieldName(i))) {
				return i
			}
		}
		return -1
	}
	var sb strings.Builder
	unescape(&sb, key)
	for i := range numFields {
		if strings.EqualFold(sb.String(), fieldName(i)) {
			return i
		}
	}
	return -1
}

// value scans any JSON value at s.pos, nested at depth.
func (s *objectScan) value(depth int) error {
	if s.pos >= len(s.b) {
		return errSyntax
	}
	switch c := s.b[s.pos]; {
	case c == '"':
		_, err := s.str()
		return err
	case c == '{':
		if depth >= maxDepth {
			return errDeep
		}
		return s.object(depth + 1)
	case c == '[':
		if depth >= maxDepth {
			return errDeep
		}
		return s.array(depth + 1)
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		return s.number()
	}
	return errSyntax
}

// array scans the array at s.pos, at the given depth.
func (s *objectScan) array(depth int) error {
	s.pos = skipSpace(s.b, s.pos+1)
	if s.pos < len(s.b) && s.b[s.pos] == ']' {
		s.pos++
		return nil
	}
	for {
		if err := s.value(depth); err != nil {
			return err
		}
		s.pos = skipSpace(s.b, s.pos)
		if s.pos >= len(s.b) {
			return errSyntax
		}
		switch s.b[s.pos] {
		case ',':
			s.pos = skipSpace(s.b, s.pos+1)
		case ']':
			s.pos++
			return nil
		default:
			return errSyntax
		}
	}
}

// literal scans true, false or null.
func (s *objectScan) literal(lit string) error {
	for i := 0; i < len(lit); i++ {
		if s.pos >= len(s.b) || s.b[s.pos] != lit[i] {
			return errSyntax
		}
		s.pos++
	}
	return nil
}

// number scans a JSON number.
func (s *objectScan) number() error {
	b, i := s.b, s.pos
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		i = digits(b, i)
	default:
		s.pos = i
		return errSyntax
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			s.pos = i
			return errSyntax
		}
		i = digits(b, i)
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			s.pos = i
			return errSyntax
		}
		i = digits(b, i)
	}
	s.pos = i
	return nil
}

func digits(b []byte, i int) int {
	for i < len(b) && '0' <= b[i] && b[i] <= '9' {
		i++
	}
	return i
}

// str scans the string at s.pos (its opening quote) and leaves s.pos
// after the closing quote; escaped tells whether it has escapes.
func (s *objectScan) str() (escaped bool, err error) {
	b, i := s.b, s.pos+1
	for i < len(b) {
		i = plainRun(b, i)
		if i >= len(b) {
			break
		}
		c := b[i]
		switch {
		case c == '"':
			s.pos = i + 1
			return escaped, nil
		case c == '\\':
			escaped = true
			i++
			if i >= len(b) {
				s.pos = i
				return escaped, errSyntax
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				if hex4(b, i+1) < 0 {
					s.pos = i
					return escaped, errSyntax
				}
				i += 5
			default:
				s.pos = i
				return escaped, errSyntax
			}
		case c < ' ':
			s.pos = i
			return escaped, errSyntax
		default:
			i++
		}
	}
	s.pos = i
	return escaped, errSyntax
}

// plainRun returns the index of the first byte at or after i in b that
// ends a run of plain string bytes: a quote, a backslash or a control
// character. It tests eight bytes at a time.
func plainRun(b []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i : i+8])
		quote, backslash := x^(ones*'"'), x^(ones*'\\')
		// A byte below 0x20, or a zero byte in quote or backslash, sets
		// its high bit in special (hasless and haszero of Bit Twiddling
		// Hacks); plain bytes never do.
		special := (x-ones*' ')&^x | (quote-ones)&^quote | (backslash-ones)&^backslash
		if special&highs != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c < ' ' || c == '"' || c == '\\' {
			return i
		}
	}
	return i
}

// hex4 returns the value of the four hex digits at b[i:], or -1.
func hex4(b []byte, i int) rune {
	if i+4 > len(b) {
		return -1
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// unescape writes the JSON string body raw, whose syntax is known to be
// good, to w with its escapes resolved as encoding/json resolves them: a
// surrogate that is not half of a pair becomes U+FFFD.
func unescape(w *strings.Builder, raw []byte) {
	for i := 0; i < len(raw); {
		j := bytes.IndexByte(raw[i:], '\\')
		if j < 0 {
			w.Write(raw[i:])
			return
		}
		w.Write(raw[i : i+j])
		i += j + 1
		switch raw[i] {
		case 'b':
			w.WriteByte('\b')
		case 'f':
			w.WriteByte('\f')
		case 'n':
			w.WriteByte('\n')
		case 'r':
			w.WriteByte('\r')
		case 't':
			w.WriteByte('\t')
		case 'u':
			r := hex4(raw, i+1)
			i += 5
			if utf16.IsSurrogate(r) {
				if i+1 < len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
					if pair := utf16.DecodeRune(r, hex4(raw, i+2)); pair != unicode.ReplacementChar {
						w.WriteRune(pair)
						i += 6
						continue
					}
				}
				r = unicode.ReplacementChar
			}
			w.WriteRune(r)
			continue
		default: // '"', '\\', '/'
			w.WriteByte(raw[i])
		}
		i++
	}
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

// validUTF8 is utf8.Valid, faster on Arabic: it checks eight bytes at a
// time when they are ASCII and two-byte runes (Arabic, Latin accents),
// where utf8.Valid takes a rune at a time. With a marker in the top bit
// of each byte, the eight bytes are valid when no byte starts a rune of
// three or four bytes, no lead byte is 0xC0 or 0xC1 (overlong: bits 1 to
// 4 all zero), and the continuation bytes (10xxxxxx) are exactly the
// bytes after the lead bytes (110xxxxx). A lead in the last byte is
// checked with the next eight.
func validUTF8(b []byte) bool {
	const hi = 0x8080808080808080
	i := 0
	for i+8 <= len(b) {
		w := b[i : i+8] // one bounds check, one load
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		if x&hi == 0 {
			i += 8
			continue
		}
		h, b6, b5 := x&hi, x<<1&hi, x<<2&hi // bits 7, 6 and 5 of each byte
		lead, cont, long := h&b6&^b5, h&^b6, h&b6&b5
		short := (x&0x1E1E1E1E1E1E1E1E + 0x7F7F7F7F7F7F7F7F) & hi // bits 1 to 4 not all zero
		last := lead >> 63
		lead &^= last << 63
		if long == 0 && lead&^short == 0 && cont == lead<<8 {
			i += 8 - int(last)
			continue
		}
		// A rune of three or four bytes, or an error.
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return false
		}
		i += size
	}
	return utf8.Valid(b[i:])
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
