package topics

import (
	"strings"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/arabic"
	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// Seed lexicons for weak supervision: general news vocabulary per class in
// Arabic, English and French, written by hand (no corpus text). They label
// the documents whose corpus category is a region or a catch-all
// (internationalNews, middleEast, localNews, society, diverse) and mark
// conflict stories among gold politics documents; the model then learns
// from those targets together with the gold labels. An entry is a word or
// a phrase; a word ending in "*" matches every word it begins. Entries are
// matched in matching form (normalize.Fold) with Arabic proclitics removed
// (arabic.Stem) on both sides.
var seedLexicon = map[string][]string{
	Conflict: {
		// Arabic
		"حرب", "الحروب", "قصف*", "غارة", "غارات", "صاروخ*", "صواريخ", "قذيفة", "قذائف", "الجيش", "جنود", "جندي",
		"عسكري*", "القوات", "مسلح*", "معارك", "معركة", "اشتباك*", "هجوم", "هجمات", "قتلى", "مقتل", "تفجير*",
		"انتحاري*", "ارهاب*", "داعش", "تنظيم الدولة", "متمرد*", "ميليشيا*", "مليشيا*", "هدنة", "وقف إطلاق النار",
		"دبابة", "دبابات", "طائرات حربية", "الدفاع الجوي", "جبهة", "مدفعية", "أسلحة", "سلاح", "ذخائر", "ذخيرة",
		"نووي*", "حصار", "احتلال", "نازحين", "لاجئين", "جهادي*", "مقاتل*", "المعارضة المسلحة", "محادثات السلام",
		"عملية السلام", "اتفاق السلام", "الحرب الأهلية", "اجتياح", "الغزو", "كتيبة", "ضربات جوية", "ضربة جوية", "طائرة مسيرة",
		"وزارة الدفاع", "وزير الدفاع", "الحشد", "الدفاع الروسية",
		// English
		"war", "wars", "military", "army", "troops", "soldier*", "missile*", "airstrike*", "air strike*", "bomb*",
		"shelling", "ceasefire", "truce", "militant*", "insurgen*", "rebel*", "jihadist*", "islamic state", "terroris*",
		"weapon*", "artillery", "invasion", "combat*", "fighting", "clashes", "armed", "peace talks", "peace deal",
		"nuclear", "drone*", "warplane*", "gunmen", "refugee*", "offensive", "frontline", "ammunition",
		"shelled", "air raid*", "siege", "hostage*", "casualties", "front line", "invaded", "ukraine war",
		"armed forces", "armed group*", "peacekeep*", "military junta", "coup",
		// French
		"guerre", "guerres", "militaire*", "armee", "soldat*", "frappe*", "bombard*", "cessez-le-feu", "djihadist*",
		"jihadist*", "terroris*", "attentat*", "armes", "arme", "rebelle*", "insurge*", "combat*", "affrontement*",
		"conflit*", "accord de paix", "troupes", "nucleaire*", "munitions", "refugie*",
		"otage*", "assaillant*", "hommes armes", "groupes armes", "groupe arme", "invasion", "offensive",
		"pourparlers de paix", "forces armees", "casques bleus", "coup d'etat", "putsch*",
	},
	Crime: {
		"الشرطة", "شرطة", "اعتقال", "اعتقل*", "القبض", "ايقاف", "أوقف*", "متهم*", "تهمة", "تهم", "محكمة",
		"المحكمة", "القضاء", "قاضي", "حكم بالسجن", "السجن", "سجن", "سرقة", "جريمة", "جرائم", "مخدرات",
		"تهريب", "مهرب*", "عصابة", "احتيال", "فساد", "رشوة", "النيابة", "محامي*", "اغتصاب", "تحرش", "جنائي*",
		"مفتش عنه", "بطاقة جلب", "زطلة", "ابتزاز", "غسل الأموال", "قضية", "دعوى", "الموقوف*", "المشتبه*", "مشتبه*",
		"police", "arrest*", "court", "courts", "judge*", "trial", "prison*", "jail*", "sentenced", "charged",
		"murder*", "crime*", "criminal*", "fraud*", "corruption", "theft", "stolen", "robbery", "trafficking",
		"lawyer*", "prosecutor*", "convicted", "suspect*", "detained", "custody",
		"guilty", "jailed", "stabb*", "shot dead", "gunman", "kidnap*", "homicide*", "manslaughter",
		"detective*", "offender*", "burglar*", "smuggl*", "scam*", "lawsuit*", "sued", "court case",
		"policier*", "interpell*", "tribunal", "proces", "condamn*", "meurtre*", "criminel*", "fraude*",
		"vol", "drogue*", "trafic*", "avocat*", "procureur*", "enquete*", "gendarm*", "detenu*",
		"escroc*", "escroquerie*", "corruption", "juge", "juges", "prison*", "coupable*", "inculp*",
		"mis en examen", "garde a vue", "assassin*", "homicide*", "viol", "viols", "cybercrimin*",
	},
	Disaster: {
		"زلزال", "زلازل", "فيضان*", "سيول", "حريق", "حرائق", "إعصار", "انهيار", "تحطم", "حادث", "حادثة", "حوادث",
		"اصطدام", "غرق", "كارثة", "كوارث", "الإنقاذ", "إنقاذ", "الدفاع المدني", "الحماية المدنية", "مفقودين", "بركان",
		"انزلاق", "مصرع", "لقي حتفه", "لقوا حتفهم", "حادث مرور", "حادث سير", "انقلاب شاحنة", "انقلاب حافلة",
		"earthquake*", "flood*", "wildfire*", "hurricane*", "cyclone*", "crash*", "accident*", "collapse*",
		"disaster*", "rescue*", "landslide*", "tsunami", "volcan*", "blaze", "derail*", "fire", "fires",
		"firefighter*", "flames", "blazes", "ablaze", "burned down", "burnt down", "explosion*",
		"shipwreck*", "capsiz*", "drown*", "evacuat*", "death toll", "coastguard", "coast guard",
		"emergency services", "fire service*", "fire crew*", "search and rescue", "tornado*", "typhoon*",
		"seisme*", "tremblement de terre", "inondation*", "incendie*", "ouragan*", "effondrement*",
		"catastrophe*", "secours", "naufrage*", "glissement de terrain", "pompiers", "flammes",
		"sapeurs-pompiers", "feu de foret", "feux de foret", "deraill*", "chavire*", "noyade*",
		"sinistre*", "evacu*", "eboulement*", "bilan humain", "accident de la route",
	},
	Health: {
		"صحة", "الصحة", "الصحية", "صحي", "مستشفى", "مستشفيات", "مرض", "أمراض", "مرضى", "وباء", "فيروس", "لقاح*",
		"تطعيم", "علاج", "أطباء", "طبيب", "الطبية", "طبي", "سرطان", "الكوليرا", "السكري", "أدوية", "دواء",
		"الإنفلونزا", "إيبولا", "الإيدز", "عدوى", "جراحة", "منظمة الصحة العالمية", "صيدلية", "التغذية", "سمنة", "التدخين",
		"health", "hospital*", "disease*", "patient*", "virus", "vaccin*", "doctor*", "nurse*", "medical",
		"medicine*", "cancer", "malaria", "ebola", "covid*", "cholera", "outbreak*", "world health organization",
		"sante", "hopita*", "maladie*", "medecin*", "medica*", "paludisme", "cholera", "epidemie*", "soins", "infirmi*",
	},
	Environment: {
		"البيئة", "بيئي*", "المناخ", "مناخي*", "التغير المناخي", "الاحتباس الحراري", "تلوث", "التلوث", "انبعاثات",
		"الكربون", "نفايات", "النفايات", "الغابات", "التصحر", "الحياة البرية", "الانقراض", "المحميات",
		"الطاقة المتجددة", "البلاستيك", "إعادة التدوير", "التنوع البيولوجي",
		"environment*", "climate", "pollution", "emissions", "carbon", "plastic*", "wildlife", "deforestation",
		"biodiversity", "global warming", "recycling", "endangered",
		"environnement*", "climat*", "emissions", "carbone", "plastique*", "deforestation", "biodiversite",
		"rechauffement",
	},
	Weather: {
		"الطقس", "طقس", "أمطار", "الأمطار", "درجات الحرارة", "الرياح", "رياح", "ثلوج", "الثلوج", "عاصفة", "العاصفة",
		"العواصف", "الأرصاد", "الرصد الجوي", "غائم", "سحب", "ضباب", "موجة حر", "موجة برد", "الصقيع", "منخفض جوي",
		"التقلبات الجوية", "رعدية",
		"weather", "rain*", "temperature*", "storm*", "snow*", "heatwave", "forecast*", "met office", "drought",
		"meteo*", "pluie*", "temperature*", "orage*", "tempete*", "neige*", "canicule", "secheresse",
	},
	Labour: {
		"إضراب", "الإضراب", "إضرابات", "نقابة", "النقابة", "نقابي*", "النقابات", "اتحاد الشغل", "للشغل", "العمال",
		"عمال", "الأجور", "أجور", "البطالة", "العاطلين", "التشغيل", "الشغل", "وقفة احتجاجية", "اعتصام", "الموظفين",
		"الوظيفة العمومية", "المتقاعدين", "التقاعد", "الحد الأدنى للأجور", "المفاوضات الاجتماعية",
		"strike", "strikes", "union", "unions", "workers", "wage*", "salary", "salaries", "unemployment",
		"employees", "pension*", "labour", "labor",
		"greve*", "syndica*", "travailleurs", "salaire*", "chomage", "retraite*", "fonctionnaires",
	},
	// Arts has French terms only: it serves the French part's fallback
	// (MasakhaNEWS French has no arts stories; Arabic and English train
	// on theirs), and Arabic or English terms would change the Arabic
	// weak labels and the English fallback's margin.
	Arts: {
		"festival*", "concert*", "cinema*", "cineaste*", "film", "films", "acteur*", "actrice*", "comedien*",
		"chanteur*", "chanteuse*", "chanson*", "musique*", "musicien*", "musicale*", "album*", "jazz", "rappeur*",
		"theatre*", "spectacle*", "artiste*", "artistique*", "exposition*", "musee*", "peintre*", "peinture*",
		"sculpt*", "romancier*", "ecrivain*", "litterai*", "litterature", "poete*", "poesie", "danseur*",
		"danseuse*", "choregraph*", "opera", "orchestre*", "tournee*", "oeuvre*", "humoriste*", "serie televisee",
		"box-office", "prix litteraire", "hip-hop", "ballet*",
	},
	Religion: {
		"الدين", "ديني*", "الإسلام", "مسجد", "المسجد", "مساجد", "كنيسة", "الكنيسة", "البابا", "الفاتيكان",
		"المسيحيين", "المسيحية", "الأقباط", "الصلاة", "صلاة", "الحج", "الحجاج", "العمرة", "رمضان", "الصيام",
		"عيد الفطر", "عيد الأضحى", "الأزهر", "الإمام", "الأوقاف", "فتوى", "القرآن", "الكنيس", "رجال الدين",
		"الإفتاء", "المفتي", "الشعائر",
		"church*", "mosque*", "religio*", "pope", "vatican", "muslim*", "christian*", "islam", "prayer*",
		"pilgrim*", "ramadan", "bishop*", "imam*", "faith", "worship*", "clergy",
		"eglise*", "mosquee*", "pape", "musulman*", "chretien*", "priere*", "pelerin*", "eveque*", "culte",
	},
	Education: {
		"التعليم", "تعليم", "التربية", "وزارة التربية", "المدارس", "مدرسة", "مدارس", "الجامعة", "الجامعات", "طلاب",
		"الطلبة", "التلاميذ", "تلاميذ", "المعلمين", "الأساتذة", "أساتذة", "امتحان*", "البكالوريا", "الباكالوريا",
		"العودة المدرسية", "السنة الدراسية", "الدراسة", "المناهج", "التعليم العالي",
		"school*", "education*", "student*", "teacher*", "universit*", "exam*", "pupils", "classroom*", "curriculum",
		"ecole*", "education", "eleve*", "enseignant*", "etudiant*", "examen*", "baccalaureat", "scolaire*",
	},
	Politics: {
		"انتخاب*", "الانتخابات", "برلمان*", "مجلس النواب", "حكومة", "الحكومة", "وزير", "الوزير", "رئيس الوزراء",
		"رئيس الحكومة", "الرئيس", "رئيس", "حزب", "أحزاب", "سياسي*", "السياسية", "دبلوماسي*", "سفير", "السفارة",
		"قمة", "القمة", "مفاوضات", "محادثات", "اتفاق", "الأمم المتحدة", "مجلس الأمن", "عقوبات", "المعارضة",
		"دستور", "الدستور", "استفتاء", "البيت الأبيض", "الكونغرس", "نواب", "النائب", "الخارجية", "وزارة الخارجية",
		"التحالف", "تصويت", "مرشح*", "زيارة", "الدولتين", "العلاقات",
		"election*", "parliament*", "government*", "minister*", "president*", "party", "parties", "political",
		"politic*", "vote*", "voting", "opposition", "senat*", "diplomat*", "sanctions", "summit", "talks",
		"negotiation*", "united nations", "security council", "campaign*", "democra*", "constitution*",
		"referendum", "mp", "mps", "lawmaker*", "congress",
		"gouvernement*", "ministre*", "parti", "partis", "politique*", "scrutin", "sommet", "nations unies",
		"conseil de securite", "campagne", "democrat*", "referendum", "depute*", "assemblee", "presidentiel*",
	},
}

// lexTerm is a compiled lexicon entry: a sequence of matching-form words,
// the last of which may be a prefix.
type lexTerm struct {
	words  []string
	prefix bool // the last word is a prefix
	class  int
}

// Lexicon counts seed-term occurrences per class in a text.
type Lexicon struct {
	// byFirst indexes terms by their first word; prefix terms of one word
	// are in byPrefix by that word.
	byFirst  map[string][]lexTerm
	byPrefix map[string][]int
	// heads holds the first three runes of every one-word prefix (the
	// whole prefix when shorter): a word whose head is not in it matches
	// no prefix, and is not looked up further.
	heads map[string]bool
	// maxPrefix is the longest one-word prefix in bytes.
	maxPrefix int
}

// NewLexicon compiles the seed lexicons.
func NewLexicon() *Lexicon {
	l := &Lexicon{byFirst: map[string][]lexTerm{}, byPrefix: map[string][]int{}, heads: map[string]bool{}}
	for code, entries := range seedLexicon {
		k := classIndex(code)
		for _, e := range entries {
			prefix := strings.HasSuffix(e, "*")
			ws := lexWords(strings.TrimSuffix(e, "*"))
			if len(ws) == 0 {
				continue
			}
			if prefix && len(ws) == 1 {
				if !containsInt(l.byPrefix[ws[0]], k) {
					l.byPrefix[ws[0]] = append(l.byPrefix[ws[0]], k)
				}
				l.maxPrefix = max(l.maxPrefix, len(ws[0]))
				l.heads[head(ws[0])] = true
				continue
			}
			l.byFirst[ws[0]] = append(l.byFirst[ws[0]], lexTerm{words: ws, prefix: prefix, class: k})
		}
	}
	return l
}

// head returns the first three runes of w, w itself when shorter.
func head(w string) string {
	n := 0
	for i := range w {
		if n == 3 {
			return w[:i]
		}
		n++
	}
	return w
}

func containsInt(a []int, v int) bool {
	for _, x := range a {
		if x == v {
			return true
		}
	}
	return false
}

// lexWords splits text into matching-form words, Arabic words without
// their proclitics.
func lexWords(text string) []string {
	var out []string
	folded := normalize.Fold(text)
	for _, w := range strings.FieldsFunc(folded, func(r rune) bool { return !isWordRune(r) && r != '-' }) {
		w = strings.Trim(w, "-")
		if w == "" {
			continue
		}
		if isArabicRune(firstRune(w)) {
			w, _ = arabic.Stem(w)
		}
		out = append(out, w)
	}
	return out
}

// Count adds to counts the number of seed-term occurrences of each class
// in the first maxWords words of text, each counting weight times.
func (l *Lexicon) Count(text string, maxWords int, weight float32, counts *[NumClasses]float32) {
	ws := lexWords(text)
	if len(ws) > maxWords {
		ws = ws[:maxWords]
	}
	l.countWords(ws, weight, counts)
}

// appendFoldedWords appends to dst the words of folded text s as lexWords
// splits them (s must be in matching form already), at most maxWords, and
// returns the extended slice; the words share the memory of s.
func appendFoldedWords(dst []string, s string, maxWords int) []string {
	n := 0
	for i := 0; i < len(s) && n < maxWords; {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) && r != '-' {
			i += size
			continue
		}
		start := i
		for i < len(s) {
			r, size = utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) && r != '-' {
				break
			}
			i += size
		}
		w := strings.Trim(s[start:i], "-")
		if w == "" {
			continue
		}
		if isArabicRune(firstRune(w)) {
			w, _ = arabic.Stem(w)
		}
		dst = append(dst, w)
		n++
	}
	return dst
}

// countWords adds to counts the seed-term occurrences of each class in the
// matching-form words ws, each counting weight times.
func (l *Lexicon) countWords(ws []string, weight float32, counts *[NumClasses]float32) {
	for i, w := range ws {
		var hit [NumClasses]bool
		for _, t := range l.byFirst[w] {
			if i+len(t.words) > len(ws) || hit[t.class] {
				continue
			}
			ok := true
			for j := 1; j < len(t.words); j++ {
				last := j == len(t.words)-1
				if ws[i+j] != t.words[j] && !(last && t.prefix && strings.HasPrefix(ws[i+j], t.words[j])) {
					ok = false
					break
				}
			}
			if ok {
				hit[t.class] = true
			}
		}
		// A word whose first three runes begin no prefix matches none
		// (shorter prefixes are whole heads, matched only by such words).
		if l.heads[head(w)] {
			for n := len(w); n > 0; {
				if n <= l.maxPrefix {
					for _, k := range l.byPrefix[w[:n]] {
						hit[k] = true
					}
				}
				_, size := utf8.DecodeLastRuneInString(w[:n])
				n -= size
				if utf8.RuneCountInString(w[:n]) < 3 {
					break
				}
			}
		}
		for k, h := range hit {
			if h {
				counts[k] += weight
			}
		}
	}
}
