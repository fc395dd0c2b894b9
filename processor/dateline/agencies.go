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
// or outlet. A credit joined with "and"/"و" or a comma ("العربية.نت
// ووكالات", "AFP, Reuters") resolves to its first known part.
func (a agencies) lookup(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 80 {
		return "", false
	}
	if c, ok := a[agencyKey(s)]; ok {
		return c, true
	}
	for _, sep := range []string{"،", ",", " و", " and ", " et ", "/"} {
		if i := strings.Index(s, sep); i > 0 {
			if c, ok := a[agencyKey(s[:i])]; ok {
				return c, true
			}
		}
	}
	return "", false
}
