// Package conll reads named-entity corpora in CoNLL-like column format and
// scores entity spans against them.
//
// A corpus is one token per line, the token first and its tag in the
// second column (tab or spaces between), with a blank line between
// sentences. Tags may follow BIO, IOB1 or plain IO: a run of I-X without a
// B-X is one entity. Classes are mapped to the three coarse types of the
// record (PER, ORG, LOC) by MapClass; every other class is ignored (read as
// O). Further columns, such as the inner layers of nested corpora, are
// ignored: the second column is the outermost annotation.
package conll

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Types are the entity types kept, in report order.
var Types = [...]string{"PER", "ORG", "LOC"}

// Sentence is a tokenized sentence with one normalised BIO tag per token:
// "O", "B-PER", "I-PER", "B-ORG", ...
type Sentence struct {
	Tokens []string
	Tags   []string
	// DocStart is true for the first sentence after a -DOCSTART- line:
	// a document of the corpus starts here.
	DocStart bool
}

// Span is an entity of a sentence: tokens [Start, End) of type Type.
type Span struct {
	Type       string
	Start, End int
}

// Read reads a corpus. Lines starting with -DOCSTART- and lines of
// whitespace only separate sentences; invisible format characters (such as
// the left-to-right marks some corpora put before tokens) are removed from
// tokens, and a token left empty is dropped. Tags are normalised to BIO
// over PER/ORG/LOC whatever the scheme of the file.
func Read(r io.Reader) ([]Sentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var (
		out      []Sentence
		raws     [][]string
		toks     []string
		raw      []string
		line     int
		docStart bool
	)
	flush := func() {
		if len(toks) > 0 {
			out = append(out, Sentence{Tokens: toks, DocStart: docStart})
			raws = append(raws, raw)
			docStart = false
		}
		toks, raw = nil, nil
	}
	for sc.Scan() {
		line++
		s := sc.Text()
		if line == 1 {
			s = strings.TrimPrefix(s, "\uFEFF")
		}
		fields := strings.Fields(s)
		if len(fields) == 0 || strings.HasPrefix(fields[0], "-DOCSTART-") {
			flush()
			docStart = docStart || len(fields) > 0
			continue
		}
		tok := stripFormat(fields[0])
		if tok == "" {
			continue
		}
		tag := "O"
		if len(fields) > 1 {
			tag = fields[1]
		}
		toks = append(toks, tok)
		raw = append(raw, tag)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("conll: line %d: %w", line+1, err)
	}
	flush()
	fine := false
	for _, r := range raws {
		if isFineScheme(r) {
			fine = true
			break
		}
	}
	for i := range out {
		out[i].Tags = normalize(raws[i], fine)
	}
	return out, nil
}

// stripFormat removes invisible format characters (Unicode Cf) from s.
func stripFormat(s string) string {
	clean := true
	for _, r := range s {
		if unicode.Is(unicode.Cf, r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !unicode.Is(unicode.Cf, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// MapClass maps a corpus class name to PER, ORG or LOC, or "" when the
// class is not kept. Matching ignores case. Besides the coarse names
// (PER, PERS, PERSON; ORG, ORGANIZATION; LOC, LOCATION, GPE) it maps the
// WNUT-17 classes (person; location; corporation and group as ORG) and the
// fine classes of NewsFANE Gold (see classOf for the full mapping:
// people by occupation to PER, organisations by kind to ORG,
// geopolitical entities and natural regions to LOC; facilities, vehicles,
// works, products and nationality groups are not kept).
func MapClass(class string) string {
	return classOf(strings.ToLower(class))
}

// classOf maps a lower-case class name to PER, ORG or LOC, "" if not
// kept. Not kept: NewsFANE "Group" (nationalities: العرب, المسلمين),
// facilities (Building-Grounds, Airport, Subarea-Facility, Path, Plant),
// vehicles (Air, Land, Water), works and products (Book, Movie, Software,
// Hardware, Food, Drug), weapons (Projectile, Shooting); MISC, DATE, ...
func classOf(c string) string {
	switch c {
	case "per", "pers", "person", "politician", "athlete", "artist", "other_per", "religious_per", "scientist", "businessperson", "lawyer", "engineer", "police":
		return "PER"
	case "org", "organization", "organisation", "corporation", "group", "government", "non-governmental", "commercial", "educational", "media", "religious_org", "sports", "medical-science", "entertainment":
		return "ORG"
	case "loc", "location", "gpe", "nation", "population-center", "state-or-province", "county-or-district", "gpe-cluster", "continent", "water-body", "land-region-natural", "celestial", "region-general", "region-international", "address", "boundary":
		return "LOC"
	}
	return ""
}

// newsFANEGroup is NewsFANE's nationality class; it collides with WNUT-17's
// "group" (organisations), so files using fine classes are detected and
// read with the NewsFANE meaning.
const newsFANEGroup = "group"

// Normalize converts the raw tags of one sentence to BIO over PER/ORG/LOC.
// It accepts BIO, IOB1 and IO ("I-X" runs without "B-X"), bare class names
// (read as IO), and BIOES/BILOU prefixes (S-, E-, L-, U-).
//
// The class "group" means organisations (WNUT-17) unless the sentence uses
// NewsFANE's fine classes, where it means nationalities and is dropped;
// Read decides this for a whole file.
func Normalize(raw []string) []string {
	return normalize(raw, isFineScheme(raw))
}

func normalize(raw []string, fine bool) []string {
	out := make([]string, len(raw))
	prev := ""
	for i, t := range raw {
		prefix, class := splitTag(t)
		typ := ""
		if class != "" {
			if fine && strings.EqualFold(class, newsFANEGroup) {
				typ = ""
			} else {
				typ = MapClass(class)
			}
		}
		switch {
		case typ == "":
			out[i] = "O"
			prev = ""
			continue
		case prefix == 'B' || prefix == 'S' || prefix == 'U' || typ != prev:
			out[i] = "B-" + typ
		default:
			out[i] = "I-" + typ
		}
		prev = typ
		if prefix == 'E' || prefix == 'S' || prefix == 'L' || prefix == 'U' {
			prev = "" // the entity ends here
		}
	}
	return out
}

// isFineScheme reports whether the tags use NewsFANE's fine classes.
func isFineScheme(raw []string) bool {
	for _, t := range raw {
		_, class := splitTag(t)
		switch strings.ToLower(class) {
		case "politician", "nation", "population-center", "other_per", "non-governmental", "athlete":
			return true
		}
	}
	return false
}

// splitTag splits "B-PER" into 'B' and "PER"; a bare class has prefix 'I';
// "O" (or "_", "-") has no class.
func splitTag(t string) (byte, string) {
	if t == "" || t == "O" || t == "o" || t == "_" || t == "-" {
		return 0, ""
	}
	if len(t) > 2 && (t[1] == '-' || t[1] == '_') {
		switch t[0] {
		case 'B', 'I', 'E', 'S', 'L', 'U', 'b', 'i', 'e', 's', 'l', 'u':
			return byte(unicode.ToUpper(rune(t[0]))), t[2:]
		}
	}
	if r, _ := utf8.DecodeRuneInString(t); !unicode.IsLetter(r) {
		return 0, ""
	}
	return 'I', t
}

// Spans returns the entities of a normalised BIO tag sequence.
func Spans(tags []string) []Span {
	var out []Span
	cur := -1
	for i, t := range tags {
		switch {
		case len(t) > 2 && t[0] == 'B':
			if cur >= 0 {
				out[cur].End = i
			}
			out = append(out, Span{Type: t[2:], Start: i, End: i + 1})
			cur = len(out) - 1
		case len(t) > 2 && t[0] == 'I' && cur >= 0 && out[cur].Type == t[2:]:
			out[cur].End = i + 1
		case len(t) > 2 && t[0] == 'I':
			out = append(out, Span{Type: t[2:], Start: i, End: i + 1})
			cur = len(out) - 1
		default:
			cur = -1
		}
	}
	return out
}

// Tags returns the BIO tags of n tokens holding the given spans; spans are
// assumed not to overlap.
func Tags(n int, spans []Span) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "O"
	}
	for _, s := range spans {
		for i := s.Start; i < s.End && i < n; i++ {
			if i == s.Start {
				out[i] = "B-" + s.Type
			} else {
				out[i] = "I-" + s.Type
			}
		}
	}
	return out
}
