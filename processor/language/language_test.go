package language

import (
	"context"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/processor"
)

func TestProcess(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		in       article.Article
		wantCode string
	}{
		{"arabic", article.Article{Text: "أعلن البيت الأبيض أمس الإثنين أن الزعيم الكوري الشمالي يعتزم إجراء مباحثات مع الرئيس الروسي."}, "ar"},
		{"persian", article.Article{Text: "وزارت امور خارجه اعلام کرد که مذاکرات هفته آینده از سر گرفته می‌شود."}, "fa"},
		{"urdu", article.Article{Text: "وزیر اعظم نے پیر کے روز کابینہ کے اجلاس کی صدارت کی۔"}, "ur"},
		{"title only", article.Article{Title: "La Maison Blanche annonce une rencontre", Text: "12 345"}, "fr"},
		{"declared wrongly", article.Article{Text: "The White House said on Monday that the talks would resume.", Language: "fr-FR"}, "en"},
		{"nothing to read", article.Article{Text: "2023 — 12:45"}, "und"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := processor.NewDocument(tt.in, time.Time{})
			if err := s.Process(context.Background(), doc); err != nil {
				t.Fatal(err)
			}
			got := doc.Record.Language
			if got.Code != tt.wantCode {
				t.Errorf("language = %+v, want %s", got, tt.wantCode)
			}
			if got.Confidence < 0 || got.Confidence > 1 || (got.Code != "und" && got.Confidence < 0.5) {
				t.Errorf("confidence %v", got.Confidence)
			}
		})
	}
}
