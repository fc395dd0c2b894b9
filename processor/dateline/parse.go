package dateline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/record"
)

// Parsed is what the head of a story says about where, when and by whom it
// was reported. Strings are as written; Agency is canonical.
type Parsed struct {
	Place      string // first element of the dateline: "دبي", "WASHINGTON"
	Region     string // a further place element: "الإمارات العربية المتحدة", "Lebanon"
	Date       string // a date element as written: "Sept 5"
	AgencyText string // the credited agency or outlet as written: "أ ف ب"
	Agency     string // its canonical name: "AFP"
	Reporter   string // a person credited in the byline
	// End is the byte offset in the parsed head where the story text
	// starts after the dateline and byline; 0 when nothing was found.
	End int
}

// found reports whether anything was parsed.
func (p Parsed) found() bool {
	return p.Place != "" || p.AgencyText != "" || p.Reporter != ""
}

// Parser reads datelines and bylines. It is safe for concurrent use.
type Parser struct {
	agencies agencies
	// typeOf, when set, returns the entity type (record.LOC, PER, ORG)
	// of a name, "" when unknown. Known places make separator-only
	// datelines ("القاهرة - أعلن ...") acceptable; known people and
	// organisations are no places, and known places and organisations
	// are no reporters.
	typeOf func(string) string
}

// NewParser returns a parser with the built-in agency table. typeOf may
// be nil (no entity knowledge: only shapes and agencies decide).
func NewParser(typeOf func(string) string) *Parser {
	return &Parser{agencies: newAgencies(), typeOf: typeOf}
}

// isPlace reports a known place.
func (p *Parser) isPlace(s string) bool { return p.typeOf != nil && p.typeOf(s) == record.LOC }

// isOther reports a name known as a person or organisation.
func (p *Parser) isOther(s string) bool {
	if p.typeOf == nil {
		return false
	}
	t := p.typeOf(s)
	return t == record.PER || t == record.ORG
}

// maxHeadLines is how many short byline lines may precede the dateline.
const maxHeadLines = 3

// Parse reads the dateline and byline at the start of head, the text from
// the start of a story (its first paragraph, maybe preceded by byline
// lines). It accepts:
//
//   - a parenthesised credit after a place: "PARIS (AFP) —",
//     "BEIRUT, Lebanon (AP) —", "WASHINGTON, Sept 5 (Reuters) -",
//     "دبي، الإمارات العربية المتحدة (CNN) --", "واشنطن - (أ ف ب):",
//     "فرانكفورت (د ب ا)";
//   - a byline line "place - credit": "أبوظبي - سكاي نيوز عربية",
//     "القاهرة - أحمد الريدي" (a credit that is no known agency is a
//     reporter), "العربية.نت - إسلام سيف";
//   - an inline "place - agency:" ("لوس أنجلوس - فرانس برس: ...");
//   - a capitalised or known place followed by a dash ("WASHINGTON — The",
//     "القاهرة - أعلن" when the place is known);
//   - a credit alone on a line ("رويترز") and "By NAME" / "Par NAME" /
//     "بقلم NAME" lines.
//
// Anything else yields an empty Parsed: the parser never guesses.
func (p *Parser) Parse(head string) Parsed {
	var out Parsed
	pos := 0
	for n := 0; n <= maxHeadLines; n++ {
		pos = skipSpace(head, pos)
		if pos >= len(head) {
			break
		}
		lineEnd := strings.IndexByte(head[pos:], '\n')
		if lineEnd < 0 {
			lineEnd = len(head)
		} else {
			lineEnd += pos
		}
		line := head[pos:lineEnd]
		// A dateline with a parenthesised credit opening the line.
		if r, end, ok := p.parenCredit(line); ok {
			merge(&out, r)
			out.End = pos + end
			return out
		}
		// A line that is only a byline: keep it and go on to the next.
		r, ok := p.bylineLine(line)
		if !ok || n == maxHeadLines {
			// A dash dateline opening the story line.
			if r, end, ok := p.dashDateline(line); ok && !hasPlaceOrAgency(out) {
				merge(&out, r)
				out.End = pos + end
			}
			break
		}
		merge(&out, r)
		pos = lineEnd
		out.End = skipSpace(head, pos)
		if r.Place != "" || r.AgencyText != "" {
			// Place or agency known: a further line may only add a
			// reporter or an inline dateline of its own; stop here
			// unless the next line is an inline dateline.
			next := skipSpace(head, pos)
			le := strings.IndexByte(head[next:], '\n')
			if le < 0 {
				le = len(head) - next
			}
			if r2, end, ok := p.inline(head[next : next+le]); ok && out.Place == "" {
				merge(&out, r2)
				out.End = next + end
			}
			return out
		}
	}
	if !out.found() {
		return Parsed{}
	}
	return out
}

// hasPlaceOrAgency reports whether a place or agency was already found (then a dash
// in the story's first line is no dateline).
func hasPlaceOrAgency(p Parsed) bool { return p.Place != "" || p.AgencyText != "" }

// merge copies the fields of r that out lacks.
func merge(out *Parsed, r Parsed) {
	if out.Place == "" && r.Place != "" {
		out.Place, out.Region = r.Place, r.Region
	}
	if out.Date == "" {
		out.Date = r.Date
	}
	if out.AgencyText == "" {
		out.AgencyText, out.Agency = r.AgencyText, r.Agency
	}
	if out.Reporter == "" {
		out.Reporter = r.Reporter
	}
}

func skipSpace(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) && !isFormat(r) {
			break
		}
		i += size
	}
	return i
}

// isFormat reports zero-width and bidirectional format characters, which
// pages leave around bylines.
func isFormat(r rune) bool {
	return r >= 0x200B && r <= 0x200F || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0xFEFF
}

// maxPlaceRunes bounds the dateline before a credit or separator.
const maxPlaceRunes = 70

// inline finds a dateline that opens a story line and returns it with the
// byte offset where the story text starts.
func (p *Parser) inline(line string) (Parsed, int, bool) {
	if r, end, ok := p.parenCredit(line); ok {
		return r, end, true
	}
	return p.dashDateline(line)
}

// parenCredit: "PLACE[, REGION|DATE]* [SEP] (AGENCY) [SEP]".
func (p *Parser) parenCredit(line string) (Parsed, int, bool) {
	open := strings.IndexAny(line, "([")
	if open < 0 || utf8.RuneCountInString(line[:open]) > maxPlaceRunes {
		return Parsed{}, 0, false
	}
	closeCh := byte(')')
	if line[open] == '[' {
		closeCh = ']'
	}
	cl := strings.IndexByte(line[open+1:], closeCh)
	if cl < 0 || cl > 60 {
		return Parsed{}, 0, false
	}
	credit := strings.TrimSpace(line[open+1 : open+1+cl])
	agency, known := p.agencies.lookup(credit)
	if !known {
		switch {
		case isAcronym(credit):
			agency = credit // an unknown all-capitals credit: (PNA), (PTI)
		case isOrgCredit(credit):
			// an agency outside the table, named as one: "(La Presse
			// Canadienne)"; no canonical name
		default:
			return Parsed{}, 0, false
		}
	}
	pre := trimSeparators(line[:open])
	if pre == "" {
		return Parsed{}, 0, false
	}
	r := Parsed{AgencyText: credit, Agency: agency}
	if !p.placeElements(pre, &r, true) {
		return Parsed{}, 0, false
	}
	end := open + 1 + cl + 1
	rest, sep := afterSeparator(line[end:], true)
	if !sep {
		rest, _ = afterSeparator(line[end:], false)
	}
	// The words before the parenthesis must look like a dateline and not
	// like the start of a sentence ("قالت منظمة الصحة العالمية (WHO) إن"):
	// a place in capitals or known as a place, or a "place, country"
	// or "place, date" shape, or a short place with a separator after
	// the credit. An unknown acronym needs the separator as well.
	shaped := r.Region != "" || r.Date != ""
	knownPlace := isCapsPlace(r.Place) || p.isPlace(r.Place)
	if !(knownPlace || shaped || sep && words(r.Place) <= 3) || !known && !sep {
		return Parsed{}, 0, false
	}
	return r, end + rest, true
}

// dashDateline: "PLACE - AGENCY:" or "PLACE - text" (PLACE in capitals or
// a known place, maybe followed by a region and a date: "PLACE (Region),
// DATE - text").
func (p *Parser) dashDateline(line string) (Parsed, int, bool) {
	i, j := findSeparator(line, maxPlaceRunes)
	if i <= 0 {
		return Parsed{}, 0, false
	}
	pre := strings.TrimSpace(line[:i])
	rest := line[j:]
	// "place - agency: text" or "place - agency - text".
	if k := strings.IndexAny(rest, ":-–—"); k > 0 && k < 60 {
		credit := strings.TrimSpace(rest[:k])
		if agency, text, ok := p.agencies.lookupFirst(credit); ok {
			var r Parsed
			if p.placeElements(pre, &r, false) {
				r.AgencyText, r.Agency = text, agency
				_, size := utf8.DecodeRuneInString(rest[k:])
				after, _ := afterSeparator(rest[k+size:], false)
				return r, j + k + size + after, true
			}
		}
	}
	if strings.TrimSpace(rest) == "" {
		return Parsed{}, 0, false
	}
	// "MARCIAC (Gers), 20 juillet - text", "LONDON, June 5 — text": a
	// date element is allowed, as in a parenthesised credit's dateline.
	var r Parsed
	if !p.placeElements(pre, &r, true) {
		return Parsed{}, 0, false
	}
	if !isCapsPlace(r.Place) && !p.isPlace(r.Place) {
		return Parsed{}, 0, false
	}
	// The text after the dash must be a sentence, not a short credit.
	if words(rest) < 4 {
		return Parsed{}, 0, false
	}
	return r, j + skipSpace(rest, 0), true
}

// bylineLine reads a line that is all byline: "PLACE - CREDIT",
// "AGENCY - REPORTER", "AGENCY", "By NAME".
func (p *Parser) bylineLine(line string) (Parsed, bool) {
	line = strings.TrimRight(strings.TrimSpace(line), ":")
	if line == "" || utf8.RuneCountInString(line) > 90 || words(line) > 10 || hasSentencePunct(line) {
		return Parsed{}, false
	}
	for _, pre := range []string{"By ", "BY ", "Par ", "PAR ", "بقلم ", "بقلم: ", "كتب ", "كتبت "} {
		if name, ok := strings.CutPrefix(line, pre); ok {
			name = strings.TrimSpace(strings.TrimPrefix(name, ":"))
			if isName(name) {
				return Parsed{Reporter: name}, true
			}
			return Parsed{}, false
		}
	}
	if agency, ok := p.agencies.lookup(line); ok {
		return Parsed{AgencyText: line, Agency: agency}, true
	}
	i, j := findSeparator(line, maxPlaceRunes)
	if i <= 0 {
		// "العربية.نت، فرانس برس": credits joined by a comma.
		if agency, text, ok := p.agencies.lookupFirst(line); ok {
			return Parsed{AgencyText: text, Agency: agency}, true
		}
		// "الأمم المتحدة، وكالات": place, agency.
		if k := strings.LastIndexAny(line, ",،"); k > 0 {
			_, size := utf8.DecodeRuneInString(line[k:])
			if agency, text, ok := p.agencies.lookupFuzzy(line[k+size:]); ok {
				var r Parsed
				if p.placeElements(line[:k], &r, false) {
					r.AgencyText, r.Agency = text, agency
					return r, true
				}
			}
		}
		return Parsed{}, false
	}
	left, right := trimSeparators(line[:i]), trimSeparators(line[j:])
	// "عماد الحكمي (تصوير عبدالعزيز النزهة)": a note after the credit.
	if open := strings.IndexByte(right, '('); open > 0 && strings.HasSuffix(right, ")") {
		right = strings.TrimSpace(right[:open])
	}
	if left == "" || right == "" {
		return Parsed{}, false
	}
	if agency, text, ok := p.agencies.lookupFirst(left); ok {
		// "العربية.نت - إسلام سيف", "AFP - John Smith", "العربية.نت -
		// الرياض"
		r := Parsed{AgencyText: text, Agency: agency}
		if p.isPlace(right) {
			r.Place = right
		} else if isNames(right) {
			r.Reporter = right
		}
		return r, true
	}
	var r Parsed
	if !p.placeElements(left, &r, false) {
		return Parsed{}, false
	}
	if agency, text, ok := p.agencies.lookupFuzzy(right); ok {
		r.AgencyText, r.Agency = text, agency
		return r, true
	}
	if isOrgCredit(right) {
		// An outlet missing from the table: "دبي - البوابة العربية
		// للأخبار التقنية". No canonical name.
		r.AgencyText = right
		return r, true
	}
	if !isNames(right) {
		return Parsed{}, false
	}
	switch {
	case p.isPlace(r.Place):
	case p.isPlace(right) && isNames(left):
		// "person - place": "منى الشقاقي - كامبريدج"
		return Parsed{Place: right, Reporter: left}, true
	case p.isOther(r.Place):
		// A known person or organisation is no place.
		return Parsed{}, false
	}
	if p.typeOf != nil && p.typeOf(right) != "" && p.typeOf(right) != record.PER {
		// A known place or organisation is no reporter: "Liverpool -
		// Manchester United" is a headline.
		return Parsed{}, false
	}
	r.Reporter = right
	return r, true
}

// orgWords mark a credit as an organisation rather than a person.
var orgWords = []string{
	"وكالة", "وكالات", "قناة", "صحيفة", "جريدة", "موقع", "مجلة", "شبكة", "إذاعة", "تلفزيون", "للأنباء", "للأخبار", "نيوز",
	"News", "Agency", "Press", "Radio", "TV", "Times", "Post", "Journal", "Presse", "Agence",
}

// isOrgCredit reports a credit that names an organisation: it holds an
// organisation word ("وكالة", "قناة", "للأخبار", "News", "Agence"...),
// compared in matching form; Arabic ones also glued to a neighbour
// ("العربيةللأخبار").
func isOrgCredit(s string) bool {
	if words(s) == 0 || words(s) > 8 || hasSentencePunct(s) {
		return false
	}
	folded := normalize.Fold(s)
	for _, o := range orgWords {
		fo := normalize.Fold(o)
		if o[0] >= utf8.RuneSelf {
			if strings.Contains(folded, fo) {
				return true
			}
			continue
		}
		for _, w := range strings.Fields(folded) {
			if strings.Trim(w, ".,،") == fo {
				return true
			}
		}
	}
	return false
}

// isNames reports one or more person names separated by commas or "و".
func isNames(s string) bool {
	for _, part := range splitCommas(s) {
		if !isName(part) {
			return false
		}
	}
	return true
}

// placeElements splits "PLACE, REGION, DATE" into r. It fails when the
// text cannot be a dateline: too long, sentence punctuation, too many
// words in the place. allowDate allows a date element.
func (p *Parser) placeElements(s string, r *Parsed, allowDate bool) bool {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > maxPlaceRunes || hasSentencePunct(s) {
		return false
	}
	parts := splitCommas(s)
	if len(parts) > 4 {
		return false
	}
	for k, part := range parts {
		switch {
		case part == "":
			return false
		case k == 0:
			// "كان (جنوب فرنسا)": the parenthesis is a region.
			if open := strings.IndexByte(part, '('); open > 0 && strings.HasSuffix(part, ")") {
				if r.Region == "" {
					r.Region = strings.TrimSpace(part[open+1 : len(part)-1])
				}
				part = strings.TrimSpace(part[:open])
			}
			if part == "" || isDate(part) || words(part) > 4 || !startsWithLetter(part) || strings.ContainsAny(part, "()") {
				return false
			}
			r.Place = part
		case isDate(part):
			if !allowDate {
				return false
			}
			r.Date = part
		case words(part) <= 5 && startsWithLetter(part):
			if r.Region == "" {
				r.Region = part // further regions are dropped
			}
		default:
			return false
		}
	}
	return true
}

// splitCommas splits at Arabic and Latin commas, trimming the parts.
func splitCommas(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '،' })
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	if strings.HasSuffix(strings.TrimSpace(s), ",") || strings.HasSuffix(strings.TrimSpace(s), "،") {
		parts = append(parts, "")
	}
	return parts
}

// findSeparator finds the first dash-like separator in the first maxRunes
// runes of s: a hyphen, en or em dash, "--", or a tatweel or underscore
// between spaces. A hyphen inside a word (Al-Ahram, Jean-Pierre) is not
// one; a hyphen glued between Arabic letters ("اليمن-إسلام سيف") is one
// when the line has no other separator, since Arabic words are not
// hyphenated but transliterated names are ("بتروبافلوفسك-كامتشاتسكي").
// It returns the byte span of the separator with the spaces around it.
func findSeparator(s string, maxRunes int) (int, int) {
	if i, j := scanSeparator(s, maxRunes, false); i >= 0 {
		return i, j
	}
	return scanSeparator(s, maxRunes, true)
}

func scanSeparator(s string, maxRunes int, gluedArabic bool) (int, int) {
	n := 0
	for i, r := range s {
		if n > maxRunes {
			return -1, -1
		}
		n++
		if !isDash(r) {
			continue
		}
		size := utf8.RuneLen(r)
		before := i > 0 && !isSpaceByte(s[i-1])
		after := i+size < len(s) && !isSpaceByte(s[i+size])
		if (r == '-' || r == 'ـ' || r == '_') && before && after {
			// A hyphen, tatweel or underscore glued on both sides joins
			// words, unless doubled ("(CNN)--") or, in the second pass,
			// between Arabic letters.
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			next, _ := utf8.DecodeRuneInString(s[i+size:])
			doubled := r == '-' && (next == '-' || prev == '-')
			arabic := gluedArabic && r == '-' && (isArabicLetter(prev) || isArabicLetter(next))
			if !doubled && !arabic {
				continue
			}
		}
		start := i
		for start > 0 && isSpaceByte(s[start-1]) {
			start--
		}
		end := i + size
		for end < len(s) {
			r2, sz := utf8.DecodeRuneInString(s[end:])
			if !isDash(r2) && !unicode.IsSpace(r2) {
				break
			}
			end += sz
		}
		return start, end
	}
	return -1, -1
}

func isArabicLetter(r rune) bool { return r >= 0x0620 && r <= 0x06FF && unicode.IsLetter(r) }

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == 0xA0 }

func isDash(r rune) bool {
	switch r {
	case '-', '–', '—', '−', '‒', '―', 'ـ', '_':
		return true
	}
	return false
}

// trimSeparators trims spaces, dashes, colons and commas from both ends.
func trimSeparators(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || isDash(r) || r == ':' || r == ',' || r == '،' || isFormat(r)
	})
}

// afterSeparator skips the separator after a credit ("—", " -- ", ":",
// "-") and returns the offset of the story text. needSep says a
// separator is required (the credit opened the line).
func afterSeparator(s string, needSep bool) (int, bool) {
	i := 0
	sep := false
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isDash(r) || r == ':':
			sep = true
		case unicode.IsSpace(r) || isFormat(r):
		default:
			if needSep && !sep {
				return 0, false
			}
			return i, true
		}
		i += size
	}
	return i, !needSep || sep
}

// hasSentencePunct reports punctuation a dateline never holds.
func hasSentencePunct(s string) bool {
	return strings.ContainsAny(s, "!?؟\"«»“”;؛|")
}

func startsWithLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

func words(s string) int { return len(strings.Fields(s)) }

// isAcronym: 2–6 capital Latin letters ("CNN", "PTI").
func isAcronym(s string) bool {
	n := 0
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
		n++
	}
	return n >= 2 && n <= 6
}

// isCapsPlace: a place written in capitals, the English and French
// dateline convention ("WASHINGTON", "LOS ANGELES", "SAINT-DENIS").
func isCapsPlace(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			letters++
		case r == ' ' || r == '-' || r == '\'' || r == '.' || r == '’':
		default:
			return false
		}
	}
	return letters >= 3
}

// isName reports a plausible person name: 1–5 words of letters (with
// inner dots, hyphens or apostrophes), no digits.
func isName(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 5 {
		return false
	}
	for _, w := range f {
		for _, r := range w {
			if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) && r != '.' && r != '-' && r != '\'' && r != '’' {
				return false
			}
		}
	}
	return true
}

// months of the Gregorian calendar in English, French and Arabic (both
// series), folded to lower case for isDate and parseDate.
var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
	"janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fév": 2, "mars": 3, "avril": 4, "avr": 4,
	"mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9,
	"octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12, "déc": 12,
	"يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6,
	"يوليو": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
	"كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8,
	"أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
}

// isDate reports a date element of a dateline: it holds a digit and a
// month name, or is a month name with a day.
func isDate(s string) bool {
	_, _, ok := parseDayMonth(s)
	return ok
}

// parseDayMonth reads "Sept 5", "5 septembre", "5 سبتمبر", "Sept. 5,
// 2023" (the year, if any, is returned as 0 here and read by parseYear).
func parseDayMonth(s string) (day, month int, ok bool) {
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsSpace(r) || r == '.' || r == ','
	})
	for i, f := range fields {
		m, isMonth := monthNames[f]
		if !isMonth && i+1 < len(fields) {
			m, isMonth = monthNames[f+" "+fields[i+1]]
		}
		if !isMonth {
			continue
		}
		for _, k := range []int{i - 1, i + 1, i + 2} {
			if k < 0 || k >= len(fields) {
				continue
			}
			if d, ok := atoiDigits(fields[k]); ok && d >= 1 && d <= 31 {
				return d, m, true
			}
		}
	}
	return 0, 0, false
}

// parseYear returns a four-digit year written in s.
func parseYear(s string) (int, bool) {
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsDigit(r) }) {
		if y, ok := atoiDigits(f); ok && y >= 1900 && y <= 2200 {
			return y, true
		}
	}
	return 0, false
}

// atoiDigits parses ASCII or Arabic-Indic digits.
func atoiDigits(s string) (int, bool) {
	n, digits := 0, 0
	for _, r := range s {
		d := -1
		switch {
		case r >= '0' && r <= '9':
			d = int(r - '0')
		case r >= '٠' && r <= '٩':
			d = int(r - '٠')
		case r >= '۰' && r <= '۹':
			d = int(r - '۰')
		}
		if d < 0 || digits > 4 {
			return 0, false
		}
		n = n*10 + d
		digits++
	}
	return n, digits > 0
}
