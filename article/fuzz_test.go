package article

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecode checks that any message value either decodes into an article
// that can be enriched or is rejected with an *Error of a known reason —
// never a panic, never an article with invalid UTF-8, nothing above the
// size limit, and a stable id.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"id":"a1","text":"PARIS (AFP) - Le gouvernement a annoncé lundi..."}`,
		`{"html":"<html><body><p>نص المقال</p></body></html>","url":"https://example.com/a","published_at":"2024-03-14T09:00:00Z"}`,
		"بيروت - أعلن الجيش اللبناني اليوم", "", "   \n\t", "{", "{}", `{"text":1}`, `{"text":"x"} trailing`,
		`{"text":"x","published_at":"yesterday"}`, `{"text":null,"html":null}`, strings.Repeat("[", 40) + strings.Repeat("]", 40),
		`{"a":` + strings.Repeat(`{"a":`, 40) + "1" + strings.Repeat("}", 41), "\xff\xfe\x00garbage", `{"id":"` + strings.Repeat("x", 600) + `","text":"t"}`,
		`{"text":"\ud800"}`, `{"text":"a\u0000b"}`, "[1,2,3]", `"just a string"`,
	} {
		f.Add([]byte(s))
	}
	reasons := map[string]bool{ReasonTooLarge: true, ReasonInvalidUTF8: true, ReasonEmpty: true, ReasonBadJSON: true, ReasonSchema: true}
	const limit = 1 << 12
	f.Fuzz(func(t *testing.T, value []byte) {
		a, err := Decoder{MaxBytes: limit}.Decode(value)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || !reasons[e.Reason] || Reason(err) != e.Reason {
				t.Fatalf("error %v (%T) has no known reason", err, err)
			}
			if e.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if len(value) > limit {
			t.Fatalf("value of %d bytes accepted above the limit %d", len(value), limit)
		}
		for name, s := range map[string]string{"id": a.ID, "url": a.URL, "title": a.Title, "text": a.Text, "html": a.HTML, "source": a.Source, "language": a.Language} {
			if !utf8.ValidString(s) {
				t.Fatalf("%s is not valid UTF-8: %q", name, s)
			}
		}
		if strings.TrimSpace(a.Text) == "" && strings.TrimSpace(a.HTML) == "" {
			t.Fatalf("article without text accepted from %q", value)
		}
		if err := a.Validate(); err != nil {
			t.Fatalf("decoded article does not validate: %v", err)
		}
		if id := a.StableID(); id == "" || id != a.StableID() {
			t.Fatalf("unstable id %q", id)
		}
	})
}

// validSeeds are byte strings for validUTF8: Arabic, Latin accents, every
// kind of bad byte, at every alignment against the eight-byte steps.
var validSeeds = []string{
	"", "a", "أعلن البيت الأبيض أمس الإثنين", "élève déjà à l'été", "abcdefgh", "ابتثجحخد", "ابتثجحخ\xd8",
	"\xc0\x80abcdef", "\xc1\xbf\xd8\xa7\xd8\xa7\xd8\xa7", "\xd8\xa7\xd8\xa7\xd8\xa7\xd8\x27", "\xd8\xa7\xd8\xa7\xd8\xa7\xd8\xc7",
	"\xed\xa0\x80 surrogate", "€ 3 bytes € and 😀 four", "\xf4\x90\x80\x80 too big", "\xef\xbf\xbd replacement",
	"\xdf\xbf\xdf\xbf\xdf\xbf\xdf\xbf", "\xc2\x80\xc2\x80\xc2\x80\xc2\x80", "\xe0\x80\x80 overlong", "\x80 lone continuation",
}

// TestValidUTF8 compares validUTF8 with utf8.Valid on the seeds, at every
// offset into each and with each cut at every length.
func TestValidUTF8(t *testing.T) {
	for _, s := range validSeeds {
		for _, pad := range []string{"", "x", "xy", "xyz", "ب", "بx", "xyzw1234"} {
			v := []byte(pad + s + s)
			for i := 0; i <= len(v); i++ {
				if got, want := validUTF8(v[i:]), utf8.Valid(v[i:]); got != want {
					t.Fatalf("validUTF8(%q) = %v, want %v", v[i:], got, want)
				}
				if got, want := validUTF8(v[:i]), utf8.Valid(v[:i]); got != want {
					t.Fatalf("validUTF8(%q) = %v, want %v", v[:i], got, want)
				}
			}
		}
	}
}

// FuzzValidUTF8 compares validUTF8 with utf8.Valid on any bytes.
func FuzzValidUTF8(f *testing.F) {
	for _, s := range validSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := validUTF8(b), utf8.Valid(b); got != want {
			t.Fatalf("validUTF8(%q) = %v, want %v", b, got, want)
		}
	})
}
