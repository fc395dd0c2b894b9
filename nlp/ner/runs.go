package ner

import "github.com/newsenrich/newsenrich/nlp/normalize"

// Feature templates of the capitalised-run features (see runFeatures),
// numbered after the extra word features.
const (
	fRunPos = fXEmbP1 + 1 + iota
	fRunHead
	fRunHeadPos
)

// runConnectors are the lower-case words that may join the capitalised
// words of one Latin-script name: "Bank of England", "Procter & Gamble",
// "Université de Montréal".
var runConnectors = map[string]bool{
	"of": true, "the": true, "and": true, "&": true, "for": true, "de": true, "du": true,
	"des": true, "la": true, "le": true, "et": true, "von": true, "van": true, "der": true,
}

// orgHeadWords returns the folded heads of organisation names in English
// and French: the words that end or start the names of companies,
// institutions, parties, clubs, bands and media. General vocabulary,
// not learned from any corpus.
func orgHeadWords() map[string]bool {
	words := []string{
		// companies
		"inc", "incorporated", "corp", "corporation", "co", "company", "companies", "ltd", "limited",
		"plc", "llc", "llp", "gmbh", "ag", "sa", "nv", "bv", "spa", "holdings", "group", "industries",
		"enterprises", "partners", "associates", "brothers", "bros", "sons", "motors", "airlines",
		"airways", "air", "railways", "railway", "shipping", "bank", "bancorp", "insurance",
		"capital", "investments", "securities", "technologies", "technology", "systems", "software",
		"electronics", "labs", "laboratories", "pharmaceuticals", "foods", "energy", "oil", "petroleum",
		"mining", "steel", "telecom", "communications", "networks", "media", "entertainment",
		"studios", "studio", "pictures", "films", "productions", "records", "recordings", "music",
		"publishing", "publishers", "press", "books", "games", "stores", "hotels", "resorts",
		// media
		"times", "post", "news", "herald", "tribune", "journal", "gazette", "daily", "magazine",
		"review", "radio", "tv", "television", "broadcasting", "channel", "network",
		// institutions
		"university", "college", "academy", "institute", "institution", "school", "seminary",
		"foundation", "trust", "fund", "society", "association", "federation", "confederation",
		"union", "league", "council", "committee", "commission", "board", "authority", "agency",
		"bureau", "office", "department", "ministry", "parliament", "assembly", "congress", "senate",
		"court", "tribunal", "police", "army", "navy", "force", "forces", "guard", "corps",
		"brigade", "regiment", "battalion", "division", "fleet", "church", "diocese", "order",
		"hospital", "clinic", "museum", "library", "gallery", "orchestra", "philharmonic", "choir",
		"ensemble", "quartet", "band", "theatre", "theater", "opera", "ballet",
		// politics and sport
		"party", "movement", "front", "alliance", "coalition", "organisation", "organization",
		"club", "fc", "afc", "cf", "sc", "ac", "united", "city", "rovers", "wanderers", "athletic",
		"athletics", "sporting", "team", "racing",
		// French
		"société", "compagnie", "groupe", "banque", "université", "école", "institut", "académie",
		"fondation", "fédération", "ligue", "conseil", "comité", "ministère", "parti", "mouvement",
		"assemblée", "sénat", "tribunal", "cour", "armée", "église", "musée", "orchestre",
	}
	out := make(map[string]bool, len(words))
	for _, w := range words {
		out[normalize.Fold(w)] = true
	}
	return out
}

// runFeatures appends the buckets of the features of token i of toks
// about the capitalised run it is in (Latin script): its position in the
// run and the run's length, and which heads of names the run holds and
// where, relative to the token (an organisation head three words on
// still says "organisation"). Context features: they read other tokens.
func (m *Model) runFeatures(dst []uint32, toks []token, i int) []uint32 {
	t := &toks[i]
	if t.arabic || !t.upper {
		return dst
	}
	a, b := runBounds(toks, i)
	bits := m.bits
	h0 := fnvOffset
	n := min(b-a+1, 5)
	var pos byte
	switch {
	case a == b:
		pos = 'S'
	case i == a:
		pos = 'B'
	case i == b:
		pos = 'E'
	default:
		pos = 'I'
	}
	dst = append(dst, h0.byte(fRunPos).byte(pos).byte(byte(n)).bucket(bits))
	var seen [3][3]bool // head class (org, place, person) × where (before, here, after)
	for j := a; j <= b; j++ {
		cls := -1
		switch {
		case m.orgHeads[toks[j].fold]:
			cls = 0
		case toks[j].trigger == "L":
			cls = 1
		case toks[j].trigger == "P":
			cls = 2
		}
		if cls < 0 {
			continue
		}
		where := 1
		if j < i {
			where = 0
		} else if j > i {
			where = 2
		}
		seen[cls][where] = true
	}
	for cls := range seen {
		any := false
		for where, ok := range seen[cls] {
			if ok {
				any = true
				dst = append(dst, h0.byte(fRunHeadPos).byte(byte(cls)).byte(byte(where)).byte(pos).bucket(bits))
			}
		}
		if any {
			dst = append(dst, h0.byte(fRunHead).byte(byte(cls)).bucket(bits))
		}
	}
	return dst
}

// runBounds returns the first and last tokens of the capitalised run of
// Latin-script token i of toks, itself capitalised: the capitalised
// words around it, joined by single connectors (see runConnectors).
func runBounds(toks []token, i int) (a, b int) {
	inRun := func(j int) bool { return j >= 0 && j < len(toks) && toks[j].upper && !toks[j].arabic }
	conn := func(j int) bool { return j >= 0 && j < len(toks) && runConnectors[toks[j].fold] }
	a = i
	for {
		if inRun(a - 1) {
			a--
		} else if conn(a-1) && inRun(a-2) {
			a -= 2
		} else {
			break
		}
	}
	b = i
	for {
		if inRun(b + 1) {
			b++
		} else if conn(b+1) && inRun(b+2) {
			b += 2
		} else {
			break
		}
	}
	return a, b
}
