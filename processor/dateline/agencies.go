package dateline

import (
	"strings"
	"unicode"

	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// agencyNames lists news agencies and the outlets that credit themselves in
// datelines, by canonical English name, with the ways Arabic, English and
// French pages write them. Initialisms are matched without their dots and
// spaces ("أ ف ب", "أ.ف.ب" and "اف ب" are one key).
var agencyNames = []struct {
	canonical string
	aliases   []string
}{
	{"AFP", []string{"أ ف ب", "فرانس برس", "فرانس بريس", "وكالة فرانس برس", "الفرنسية", "وكالة الصحافة الفرنسية", "AFP", "Agence France-Presse", "Agence France Presse"}},
	{"Reuters", []string{"رويترز", "وكالة رويترز", "Reuters"}},
	{"AP", []string{"أ ب", "أسوشيتد برس", "أسوشيتدبرس", "اسوشيتد برس", "أسوشييتد برس", "الأسوشيتد برس", "وكالة أسوشيتد برس", "AP", "Associated Press"}},
	{"DPA", []string{"د ب أ", "د ب ا", "الألمانية", "وكالة الأنباء الألمانية", "DPA"}},
	{"Anadolu", []string{"الأناضول", "وكالة الأناضول", "الأناضول للأنباء", "Anadolu", "Anadolu Agency", "AA"}},
	{"KUNA", []string{"كونا", "KUNA"}},
	{"SPA", []string{"واس", "SPA", "Saudi Press Agency"}},
	{"QNA", []string{"قنا", "QNA"}},
	{"WAM", []string{"وام", "WAM"}},
	{"MENA", []string{"أ ش أ", "وكالة أنباء الشرق الأوسط", "MENA"}},
	{"MAP", []string{"و م ع", "لاماب", "MAP"}},
	{"APS", []string{"واج", "APS"}},
	{"TAP", []string{"وات", "TAP"}},
	{"SANA", []string{"سانا", "SANA"}},
	{"Petra", []string{"بترا", "Petra"}},
	{"BNA", []string{"بنا", "BNA"}},
	{"ONA", []string{"العمانية", "ONA"}},
	{"IRNA", []string{"إرنا", "ايرنا", "IRNA"}},
	{"Xinhua", []string{"شينخوا", "شينخوا", "Xinhua", "Chine nouvelle"}},
	{"TASS", []string{"تاس", "TASS"}},
	{"RIA Novosti", []string{"ريا نوفوستي", "RIA Novosti", "RIA"}},
	{"Interfax", []string{"إنترفاكس", "Interfax"}},
	{"EFE", []string{"إفي", "EFE"}},
	{"ANSA", []string{"آنسا", "ANSA"}},
	{"UPI", []string{"يو بي آي", "UPI"}},
	{"Kyodo", []string{"كيودو", "Kyodo"}},
	{"Yonhap", []string{"يونهاب", "Yonhap"}},
	{"Bloomberg", []string{"بلومبرغ", "بلومبيرغ", "Bloomberg"}},
	{"CNN", []string{"سي إن إن", "CNN"}},
	{"BBC", []string{"بي بي سي", "BBC", "BBC News"}},
	{"Sky News Arabia", []string{"سكاي نيوز عربية", "سكاي نيوز", "Sky News Arabia"}},
	{"Al Arabiya", []string{"العربية.نت", "العربية نت", "قناة العربية", "العربية", "Al Arabiya"}},
	{"Al Hadath", []string{"قناة الحدث", "الحدث"}},
	{"Al Jazeera", []string{"الجزيرة", "الجزيرة نت", "الجزيرة.نت", "Al Jazeera"}},
	{"France 24", []string{"فرانس 24", "France 24"}},
	{"Agencies", []string{"وكالات", "وكالات الأنباء", "Agencies", "Agences", "wires"}},
}

// agencies maps the key (agencyKey) of every alias to its canonical name.
type agencies map[string]string

func newAgencies() agencies {
	a := agencies{}
	for _, e := range agencyNames {
		for _, al := range e.aliases {
			a[agencyKey(al)] = e.canonical
		}
		a[agencyKey(e.canonical)] = e.canonical
	}
	return a
}

// agencyKey is the matching form of a credit: folded (normalize.Fold), with
// dots, spaces, hyphens and guillemets dropped, so that initialisms written
// with or without dots and spaces meet, and Latin letters lower-cased.
func agencyKey(s string) string {
	f := normalize.Fold(s)
	var b strings.Builder
	for _, r := range f {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// lookup returns the canonical name of credit s, if it is a known agency
// or outlet.
func (a agencies) lookup(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 80 {
		return "", false
	}
	c, ok := a[agencyKey(s)]
	return c, ok
}

// lookupFirst resolves a credit that may name several sources
// ("العربية.نت، فرانس برس", "AFP and Reuters", "العربية.نت ووكالات"):
// the whole credit if known, else its first part that is. It returns the
// canonical name and the matched text as written.
func (a agencies) lookupFirst(s string) (canonical, text string, ok bool) {
	s = strings.TrimSpace(s)
	if c, ok := a.lookup(s); ok {
		return c, s, true
	}
	for _, sep := range []string{"،", ",", " و", " and ", " et ", "/"} {
		if i := strings.Index(s, sep); i > 0 {
			part := strings.TrimSpace(s[:i])
			if c, ok := a.lookup(part); ok {
				return c, part, true
			}
		}
	}
	return "", "", false
}

// lookupFuzzy is lookupFirst that also accepts one typing error (an
// insertion, deletion, substitution or swap of neighbours) in credits of
// at least minFuzzyRunes letters: "رويرتز", "فراس برس". Only for the
// credit slot of a byline, where the shape already says "credit".
func (a agencies) lookupFuzzy(s string) (canonical, text string, ok bool) {
	if c, t, ok := a.lookupFirst(s); ok {
		return c, t, true
	}
	k := []rune(agencyKey(s))
	if len(k) < minFuzzyRunes || len(k) > 40 {
		return "", "", false
	}
	best, n := "", 0
	for key, c := range a {
		kr := []rune(key)
		if len(kr) < minFuzzyRunes || abs(len(kr)-len(k)) > 1 {
			continue
		}
		if withinOneEdit(k, kr) && c != best {
			best = c
			n++
		}
	}
	if n != 1 { // none, or ambiguous
		return "", "", false
	}
	return best, strings.TrimSpace(s), true
}

const minFuzzyRunes = 5

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion, substitution or transposition of adjacent runes.
func withinOneEdit(a, b []rune) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if i == len(a) {
		return len(b)-len(a) <= 1
	}
	switch {
	case len(a) == len(b):
		if string(a[i+1:]) == string(b[i+1:]) {
			return true // substitution
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && string(a[i+2:]) == string(b[i+2:])
	default: // len(b) == len(a)+1
		return string(a[i:]) == string(b[i+1:])
	}
}

// CanonicalAgency returns the canonical name of the agency or outlet
// written s ("أ ف ب" → "AFP"), if it is in the parser's table.
func (p *Parser) CanonicalAgency(s string) (string, bool) {
	c, _, ok := p.agencies.lookupFirst(s)
	return c, ok
}
