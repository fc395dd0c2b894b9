package record

import (
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends the JSON encoding of r to b. The bytes are exactly
// those of json.Marshal(r) — same field order, omitempty fields, nil
// slices as null, HTML-safe string escapes, float formatting — without
// its reflection and intermediate buffers. A score or confidence that is
// NaN or infinite, which JSON cannot carry, is an error, as it is for
// json.Marshal.
func (r *Record) AppendJSON(b []byte) ([]byte, error) {
	e := encoder{b: b}
	e.raw(`{"schema_version":`)
	e.str(r.SchemaVersion)
	e.raw(`,"id":`)
	e.str(r.ID)
	if r.URL != "" {
		e.raw(`,"url":`)
		e.str(r.URL)
	}
	if r.PublishedAt != "" {
		e.raw(`,"published_at":`)
		e.str(r.PublishedAt)
	}
	e.raw(`,"language":{"code":`)
	e.str(r.Language.Code)
	e.raw(`,"confidence":`)
	e.float(r.Language.Confidence)
	e.raw(`},"title":`)
	e.str(r.Title)

	e.raw(`,"sections":`)
	list(&e, r.Sections, (*encoder).section)

	e.raw(`,"topics":`)
	list(&e, r.Topics, (*encoder).topic)

	e.raw(`,"entities":`)
	list(&e, r.Entities, (*encoder).entity)

	d := &r.Dateline
	e.raw(`,"dateline":{"place":`)
	e.str(d.Place)
	e.raw(`,"place_canonical":`)
	e.str(d.PlaceCanonical)
	e.raw(`,"date":`)
	e.str(d.Date)
	e.raw(`,"agency":`)
	e.str(d.Agency)
	e.raw(`,"agency_text":`)
	e.str(d.AgencyText)
	e.raw(`,"reporter":`)
	e.str(d.Reporter)
	e.raw(`},"source":{"outlet":`)
	e.str(r.Source.Outlet)

	e.raw(`},"temporal":`)
	list(&e, r.Temporal, (*encoder).temporal)

	e.raw(`,"stats":{"chars":`)
	e.int(r.Stats.Chars)
	e.raw(`,"words":`)
	e.int(r.Stats.Words)
	e.raw(`,"sentences":`)
	e.int(r.Stats.Sentences)
	e.raw("}}")
	if e.err != nil {
		return b, e.err
	}
	return e.b, nil
}

// entity appends an entity as a JSON object.
func (e *encoder) entity(en *Entity) {
	e.raw(`{"text":`)
	e.str(en.Text)
	e.raw(`,"type":`)
	e.str(en.Type)
	e.raw(`,"canonical":`)
	e.str(en.Canonical)
	e.raw(`,"wikidata":`)
	e.str(en.Wikidata)
	e.raw(`,"count":`)
	e.int(en.Count)
	if en.InBody {
		e.raw(`,"in_body":true`)
	} else {
		e.raw(`,"in_body":false`)
	}
	e.raw(`,"mentions":`)
	list(e, en.Mentions, (*encoder).mention)
	e.byte('}')
}

// list appends xs as a JSON array, each element by elem; a nil slice is
// null, as json.Marshal writes it.
func list[T any](e *encoder, xs []T, elem func(*encoder, *T)) {
	if xs == nil {
		e.raw("null")
		return
	}
	e.byte('[')
	for i := range xs {
		if i > 0 {
			e.byte(',')
		}
		elem(e, &xs[i])
	}
	e.byte(']')
}

// section appends a section as a JSON object.
func (e *encoder) section(s *Section) {
	e.raw(`{"kind":`)
	e.str(s.Kind)
	e.raw(`,"start":`)
	e.int(s.Start)
	e.raw(`,"end":`)
	e.int(s.End)
	e.byte('}')
}

// topic appends a topic as a JSON object.
func (e *encoder) topic(t *Topic) {
	e.raw(`{"code":`)
	e.str(t.Code)
	e.raw(`,"label":`)
	e.str(t.Label)
	e.raw(`,"score":`)
	e.float(t.Score)
	e.byte('}')
}

// temporal appends a time expression as a JSON object.
func (e *encoder) temporal(t *Temporal) {
	e.raw(`{"text":`)
	e.str(t.Text)
	e.raw(`,"type":`)
	e.str(t.Type)
	e.raw(`,"value":`)
	e.str(t.Value)
	e.raw(`,"anchor":`)
	e.str(t.Anchor)
	e.raw(`,"start":`)
	e.int(t.Start)
	e.raw(`,"end":`)
	e.int(t.End)
	e.raw(`,"section":`)
	e.str(t.Section)
	e.byte('}')
}

// mention appends a mention as a JSON object.
func (e *encoder) mention(m *Mention) {
	e.raw(`{"start":`)
	e.int(m.Start)
	e.raw(`,"end":`)
	e.int(m.End)
	e.raw(`,"section":`)
	e.str(m.Section)
	e.raw(`,"text":`)
	e.str(m.Text)
	e.byte('}')
}

// encoder appends JSON tokens to b and keeps the first error.
type encoder struct {
	b   []byte
	err error
}

func (e *encoder) raw(s string) { e.b = append(e.b, s...) }

func (e *encoder) byte(c byte) { e.b = append(e.b, c) }

func (e *encoder) int(n int) { e.b = strconv.AppendInt(e.b, int64(n), 10) }

// float appends f as encoding/json does: like ES6's number to string,
// 'f' format between 1e-6 and 1e21, else 'e' with a short exponent.
func (e *encoder) float(f float64) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		if e.err == nil {
			e.err = fmt.Errorf("record: unsupported value %v: JSON has no NaN or infinity", f)
		}
		e.b = append(e.b, '0')
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b := strconv.AppendFloat(e.b, f, format, -1, 64)
	if format == 'e' {
		// e-09 → e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	e.b = b
}

const hexDigits = "0123456789abcdef"

// str appends s as a JSON string the way encoding/json does: control
// characters, quote and backslash escaped, <, > and & as \u00XX (safe in
// HTML), invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped.
//
// Eight bytes that need none of that (plainUTF8) are passed at once; the
// rest a rune at a time. It checks UTF-8 as it goes, instead of first
// calling utf8.ValidString, which took a rune at a time.
func (e *encoder) str(s string) {
	b := append(e.b, '"')
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) {
			if n := plainUTF8(s[i : i+8]); n > 0 {
				i += n
				continue
			}
		}
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	e.b = append(b, '"')
}

// plainUTF8 returns how many of the eight bytes of w (8 or 7), starting
// at a rune, str can copy as they are, or 0 to take them a rune at a
// time. They can be copied when they are ASCII without control
// characters, quote, backslash, <, > or &, and valid two-byte runes
// (Arabic, Latin accents); a lead byte in the last place is left for the
// next eight. With a marker in the top bit of each byte: the continuation
// bytes (10xxxxxx) are exactly those after the lead bytes (110xxxxx, not
// the overlong 0xC0 and 0xC1, whose bits 1 to 4 are zero), no byte starts
// a longer rune (so no U+2028 or U+2029), and no ASCII byte is special
// (hasless and haszero of Bit Twiddling Hacks: a byte at or above 0x80
// never sets its marker there, and a false marker only appears above a
// true one).
func plainUTF8(w string) int {
	const ones, hi = 0x0101010101010101, 0x8080808080808080
	x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
	quote, backslash, lt, gt, amp := x^(ones*'"'), x^(ones*'\\'), x^(ones*'<'), x^(ones*'>'), x^(ones*'&')
	special := (x-ones*' ')&^x | (quote-ones)&^quote | (backslash-ones)&^backslash |
		(lt-ones)&^lt | (gt-ones)&^gt | (amp-ones)&^amp
	if special&hi != 0 {
		return 0
	}
	h := x & hi
	if h == 0 {
		return 8
	}
	b6, b5 := x<<1&hi, x<<2&hi // bits 6 and 5 of each byte
	lead, cont, long := h&b6&^b5, h&^b6, h&b6&b5
	short := (x&0x1E1E1E1E1E1E1E1E + 0x7F7F7F7F7F7F7F7F) & hi // bits 1 to 4 not all zero
	last := lead >> 63
	lead &^= last << 63
	if long == 0 && lead&^short == 0 && cont == lead<<8 {
		return 8 - int(last)
	}
	return 0
}
