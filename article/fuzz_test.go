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
