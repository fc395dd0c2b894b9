package article

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestDecode(t *testing.T) {
	d := Decoder{MaxBytes: 128}
	tests := []struct {
		name       string
		value      string
		wantReason string // "" for success
		check      func(t *testing.T, a Article)
	}{
		{"plain text", "Rain in Oslo on Monday.", "", func(t *testing.T, a Article) {
			if a.Text != "Rain in Oslo on Monday." {
				t.Errorf("text %q", a.Text)
			}
		}},
		{"json", `{"id":"a1","text":"Hi","published_at":"2023-09-05T10:00:00+03:00","language":"en"}`, "", func(t *testing.T, a Article) {
			if a.ID != "a1" || a.Text != "Hi" || a.Language != "en" || !a.PublishedAt.Equal(time.Date(2023, 9, 5, 7, 0, 0, 0, time.UTC)) {
				t.Errorf("decoded %+v", a)
			}
		}},
		{"json html only", `{"html":"<p>Hi</p>"}`, "", nil},
		{"unknown fields are allowed", `{"text":"Hi","extra":{"a":[1]}}`, "", nil},
		{"too large", strings.Repeat("x", 129), ReasonTooLarge, nil},
		{"invalid utf-8", "abc\xff", ReasonInvalidUTF8, nil},
		{"empty", "", ReasonEmpty, nil},
		{"white space", " \n\t ", ReasonEmpty, nil},
		{"empty text field", `{"text":"   "}`, ReasonEmpty, nil},
		{"broken json", `{"text":"Hi"`, ReasonBadJSON, nil},
		{"trailing data", `{"text":"Hi"} {}`, ReasonBadJSON, nil},
		{"deep nesting", `{"a":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`, ReasonBadJSON, nil},
		{"text not a string", `{"text":42}`, ReasonSchema, nil},
		{"no text or html", `{"title":"Hi"}`, ReasonSchema, nil},
		{"bad time", `{"text":"Hi","published_at":"yesterday"}`, ReasonSchema, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := d.Decode([]byte(tt.value))
			if got := Reason(err); got != tt.wantReason {
				t.Fatalf("reason %q (%v), want %q", got, err, tt.wantReason)
			}
			var e *Error
			if tt.wantReason != "" && (!errors.As(err, &e) || e.Error() == "") {
				t.Fatalf("error %v is not an *Error with a message", err)
			}
			if tt.check != nil {
				tt.check(t, a)
			}
		})
	}
}

func TestStableID(t *testing.T) {
	a := Article{Text: "same"}
	if a.StableID() != (Article{Text: "same"}).StableID() {
		t.Error("the same content gave two ids")
	}
	if a.StableID() == (Article{Text: "other"}).StableID() {
		t.Error("different content gave one id")
	}
	if (Article{ID: "given", Text: "same"}).StableID() != "given" {
		t.Error("an input id was not kept")
	}
	// Fields are separated: moving text between fields changes the id.
	if (Article{Title: "ab", Text: "c"}).StableID() == (Article{Title: "a", Text: "bc"}).StableID() {
		t.Error("field boundaries do not count")
	}
}

func TestFromText(t *testing.T) {
	if _, err := FromText("\xff", time.Time{}); Reason(err) != ReasonInvalidUTF8 {
		t.Errorf("invalid UTF-8: %v", err)
	}
	if _, err := FromText("  ", time.Time{}); Reason(err) != ReasonEmpty {
		t.Errorf("empty: %v", err)
	}
	if Reason(errors.New("other")) != "" {
		t.Error("a foreign error has a reason")
	}
}
