package tokenize

import (
	"reflect"
	"testing"
	"unicode"
	"unicode/utf8"
)

func texts(s string) []string {
	var out []string
	for _, t := range Tokenize(s) {
		out = append(out, t.Text(s))
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"أعلن البيت الأبيض، أمس.", []string{"أعلن", "البيت", "الأبيض", "،", "أمس", "."}},
		{"«مفاوضات الأسلحة»", []string{"«", "مفاوضات", "الأسلحة", "»"}},
		{"منذ 3 ساعات", []string{"منذ", "3", "ساعات"}},
		{"١٢٫٥ مليار", []string{"١٢٫٥", "مليار"}},
		{"l'Élysée d'abord aujourd'hui", []string{"l'", "Élysée", "d'", "abord", "aujourd'hui"}},
		{"Jean-Pierre O'Neill, 1,000.5 U.S. forces", []string{"Jean-Pierre", "O'Neill", ",", "1,000.5", "U.S", ".", "forces"}},
		{"WASHINGTON (Reuters) -", []string{"WASHINGTON", "(", "Reuters", ")", "-"}},
		{"الــرئيس", []string{"الــرئيس"}},
	}
	for _, tt := range tests {
		if got := texts(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	f.Add("أعلن البيت الأبيض، أمس. l'Élysée 1,000.5 U.S.")
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, tok := range Tokenize(s) {
			if tok.Start < prev || tok.End <= tok.Start || tok.End > len(s) {
				t.Fatalf("bad token %+v after %d in %q", tok, prev, s)
			}
			if utf8.ValidString(s) && !utf8.ValidString(tok.Text(s)) {
				t.Fatalf("token splits a rune: %+v", tok)
			}
			prev = tok.End
		}
	})
}

func BenchmarkTokenize(b *testing.B) {
	s := "أعلن البيت الأبيض أمس الإثنين أنّ الزعيم الكوري الشمالي كيم جونغ أون يعتزم إجراء مباحثات مع الرئيس الروسي فلاديمير بوتين. The White House said on Monday. "
	b.SetBytes(int64(len(s)))
	buf := make([]Token, 0, 64)
	for b.Loop() {
		buf = Append(buf[:0], s)
	}
}

// TestFastPathsMatchUnicode checks the ASCII and Arabic fast paths of the
// rune classes against the Unicode tables for every rune.
func TestFastPathsMatchUnicode(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := isLetter(r), unicode.IsLetter(r) || unicode.Is(unicode.M, r); got != want {
			t.Fatalf("isLetter(%U) = %v, want %v", r, got, want)
		}
		if got, want := isDigit(r), unicode.IsDigit(r); got != want {
			t.Fatalf("isDigit(%U) = %v, want %v", r, got, want)
		}
		if got, want := isSpace(r), unicode.IsSpace(r); got != want {
			t.Fatalf("isSpace(%U) = %v, want %v", r, got, want)
		}
	}
}

func TestClitics(t *testing.T) {
	// Clitics stay attached, names stay whole.
	in := "وبوتين في بيونغ يانغ ولندن للحصول"
	want := []string{"وبوتين", "في", "بيونغ", "يانغ", "ولندن", "للحصول"}
	if got := texts(in); !reflect.DeepEqual(got, want) {
		t.Errorf("Tokenize(%q) = %q, want %q", in, got, want)
	}
}

// TestArabicLetterAt checks the table of the Arabic fast path against
// isLetter for every pair of bytes.
func TestArabicLetterAt(t *testing.T) {
	for a := 0; a < 256; a++ {
		for b := 0; b < 256; b++ {
			s := string([]byte{byte(a), byte(b)})
			r, size := utf8.DecodeRuneInString(s)
			want := size == 2 && r >= 0x0600 && r <= 0x06FF && isLetter(r)
			if got := arabicLetterAt(s, 0); got != want {
				t.Fatalf("arabicLetterAt(% x) = %v, want %v", s, got, want)
			}
			if arabicLetterAt(s[:1], 0) {
				t.Fatalf("arabicLetterAt(% x) is true", s[:1])
			}
		}
	}
}

// TestArabicBlockTables checks the digit and punctuation tables against
// isDigit and unicode.IsPunct, and tokens of every rune of the Arabic
// block, alone and between letters and digits, against referenceAppend.
func TestArabicBlockTables(t *testing.T) {
	for r := rune(0x0600); r <= 0x06FF; r++ {
		k, b := (r-0x0600)/64, (r-0x0600)%64
		if got, want := arabicDigits[k]>>b&1 != 0, isDigit(r); got != want {
			t.Errorf("arabicDigits %U = %v, want %v", r, got, want)
		}
		if got, want := arabicPuncts[k]>>b&1 != 0, unicode.IsPunct(r); got != want {
			t.Errorf("arabicPuncts %U = %v, want %v", r, got, want)
		}
		c := string(r)
		for _, s := range []string{c, "ك" + c + "ب", "كتب" + c, c + "كتب", "1" + c + "2", "a" + c, c + "\u200c", "ك" + c[:1], c[:1] + "ب"} {
			if got, want := Append(nil, s), referenceAppend(nil, s); !reflect.DeepEqual(got, want) {
				t.Errorf("%q: %v, reference %v", s, got, want)
			}
		}
	}
}

// TestBasicArabic4 checks the four-rune test of scanWord: it holds for
// four runes of U+0620 to U+065F and fails when any of them is another
// two-byte rune.
func TestBasicArabic4(t *testing.T) {
	basic := func(r rune) bool { return r >= 0x0620 && r <= 0x065F }
	for r := rune(0x80); r < 0x800; r++ {
		if basic(r) && !isLetter(r) {
			t.Fatalf("%U is no letter", r)
		}
		for pos := 0; pos < 4; pos++ {
			rs := []rune{'ب', 'ي', 'ت', 'ا'}
			rs[pos] = r
			if got, want := basicArabic4(string(rs)), basic(r); got != want {
				t.Fatalf("basicArabic4(%q) = %v, want %v", string(rs), got, want)
			}
		}
	}
	for _, s := range []string{"abcdefgh", "بيت 1234", "بيتa1234", "\xd8\xa0\xd8\xa0\xd8\xa0\xd8\x20"} {
		if basicArabic4(s) {
			t.Errorf("basicArabic4(%q) is true", s)
		}
	}
}
