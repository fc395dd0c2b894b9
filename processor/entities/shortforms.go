package entities

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/record"
)

// This file joins the short forms that Latin-script news uses for a name
// it gave in full earlier: a title and a surname ("Ms Baxter" for Kat
// Baxter, "M. Meyer" for Robert Meyer), an acronym ("ONS" for the Office
// for National Statistics) and the first words of an organisation's name
// ("Octopus" for Octopus Energy). Each one would otherwise be an entity of
// its own, often of the wrong type. It also drops month names the Latin
// tagger takes for names ("in April").

// honorific reports whether w (folded) is a personal title written before
// a surname: Mr, Mrs, Ms, Dr, Sir, Dame, Lord, Lady; M., Mme, Mlle.
func honorific(w string) bool {
	switch strings.TrimSuffix(w, ".") {
	case "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady",
		"m", "mme", "mlle", "mm", "mmes":
		return true
	}
	return false
}

// acronymWord reports whether w (folded) is a word that acronyms usually
// leave out: of, for, and, the; de, des, du, pour, et.
func acronymWord(w string) bool {
	switch w {
	case "of", "for", "and", "the", "on", "in", "at", "to", "&",
		"de", "des", "du", "d", "la", "le", "les", "l", "pour", "et", "en", "à", "au", "aux":
		return true
	}
	return false
}

// acronym returns s when s is written as an acronym: 2 to 8 ASCII
// capitals ("ONS", "VGCCC"), "" otherwise.
func acronym(s string) string {
	if len(s) < 2 || len(s) > 8 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return ""
		}
	}
	return s
}

// abbreviates reports whether acr (capitals) is made of the initials of
// words (folded; a hyphenated word gives one initial: Co-operation), with
// or without the function words that acronyms
// usually leave out. The full name has at least two words.
func abbreviates(acr string, words []string) bool {
	if len(words) < 2 {
		return false
	}
	for _, skip := range [...]bool{true, false} {
		i := 0
		ok := true
		for _, w := range words {
			if skip && acronymWord(w) {
				continue
			}
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsLetter(r) {
				continue
			}
			if i >= len(acr) || unicode.ToLower(rune(acr[i])) != r {
				ok = false
				break
			}
			i++
		}
		if ok && i == len(acr) {
			return true
		}
	}
	return false
}

// monthName reports whether w (folded) is an English month name.
func monthName(w string) bool {
	switch w {
	case "january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december":
		return true
	}
	return false
}

// datePrefix reports whether w (folded), the word before a month's name,
// makes it a date: "in April", "since May", "last June".
func datePrefix(w string) bool {
	switch w {
	case "in", "since", "until", "till", "from", "to", "by", "last", "next", "early",
		"late", "mid", "of", "during", "before", "after", "this", "between", "through",
		"end", "start", "beginning", "and", "or", "throughout":
		return true
	}
	return false
}

// asDate reports whether the month name at text[a:b] is used as a date:
// after a word that makes it one ("in April") or beside a number ("5
// April", "April 2022").
func asDate(doc *processor.Document, a, b int) bool {
	text := doc.Text
	after := strings.TrimLeft(text[b:], " ")
	if after != "" && after[0] >= '0' && after[0] <= '9' {
		return true
	}
	before := strings.TrimRight(text[:a], " ")
	if before != "" && before[len(before)-1] >= '0' && before[len(before)-1] <= '9' {
		return true
	}
	i := strings.LastIndexAny(before, " \n\t(\"'“")
	w := strings.ToLower(before[i+1:])
	return datePrefix(w)
}

// latinWords returns the folded words of e's longest mention, nil when the
// mention is not in Latin script.
func latinWords(doc *processor.Document, e *entity) (surface string, words []string) {
	l := longestMention(doc, e.mentions)
	surface = doc.Text[l.start:l.end]
	r, _ := utf8.DecodeRuneInString(surface)
	if r >= 0x250 || !unicode.IsLetter(r) {
		return surface, nil
	}
	return surface, strings.FieldsFunc(foldSpan(doc, l.start, l.end), isSpace)
}

// joinShortForms merges into the full names of the article the short
// forms that Latin-script news writes for them, and drops the month names
// used as dates. An entity merged or dropped is marked merged. Linked
// entities are never merged into others, nor are places (by place, which
// reports whether a folded name is a known place; it may be nil).
func joinShortForms(doc *processor.Document, order []*entity, place func(folded string) bool) {
	type cand struct {
		e       *entity
		surface string
		words   []string
	}
	var cs []cand
	for _, e := range order {
		if e.merged {
			continue
		}
		s, w := latinWords(doc, e)
		if w == nil {
			continue
		}
		cs = append(cs, cand{e, s, w})
	}
	if len(cs) == 0 {
		return
	}
	join := func(c *cand, target *entity) {
		target.mentions = append(target.mentions, c.e.mentions...)
		c.e.merged = true
	}
	for i := range cs {
		c := &cs[i]
		if c.e.merged || c.e.ent != nil {
			continue
		}
		switch {
		case len(c.words) >= 2 && honorific(c.words[0]):
			// "Ms Baxter" joins the one person whose name, titles
			// aside, ends with (or starts with) Baxter; a title says
			// it is a person whatever the tagger said.
			rest := c.words[1:]
			var target *entity
			ambiguous := false
			for j := range cs {
				o := &cs[j]
				if o.e == c.e || o.e.merged {
					continue
				}
				ow := o.words
				for len(ow) > 0 && honorific(ow[0]) {
					ow = ow[1:]
				}
				if len(ow) <= len(rest) || o.e.ent != nil && o.e.ent.Type != record.PER {
					continue
				}
				if !slices.Equal(ow[len(ow)-len(rest):], rest) && !slices.Equal(ow[:len(rest)], rest) {
					continue
				}
				if target != nil && target != o.e {
					ambiguous = true
				}
				target = o.e
			}
			if target != nil && !ambiguous {
				join(c, target)
				target.types = typeCounts{}
				target.types.add(record.PER, len(target.mentions))
				continue
			}
			c.e.types = typeCounts{}
			c.e.types.add(record.PER, len(c.e.mentions))
		case acronym(c.surface) != "":
			// "ONS" joins the Office for National Statistics.
			var target *entity
			for j := range cs {
				o := &cs[j]
				if o.e != c.e && !o.e.merged && typeOf(o.e) != record.PER && abbreviates(c.surface, o.words) {
					target = o.e
					break
				}
			}
			if target != nil {
				join(c, target)
			}
		case len(c.words) == 1 && monthName(c.words[0]):
			for _, m := range c.e.mentions {
				if asDate(doc, m.start, m.end) {
					c.e.merged = true // dropped: a date
					break
				}
			}
		}
	}
	// "Octopus" joins Octopus Energy, the one organisation of the article
	// whose name starts with it; a place's name only in a sports story,
	// where a city names its club ("Denver" for the Denver Nuggets).
	for i := range cs {
		c := &cs[i]
		if c.e.merged || c.e.ent != nil || typeOf(c.e) == record.LOC || acronym(c.surface) != "" {
			// A place (Leeds is not Leeds City Council) or an acronym
			// (the NBA is not the NBA Finals, nor the NHS its boards).
			continue
		}
		var target *entity
		ambiguous := false
		for j := range cs {
			o := &cs[j]
			if o.e == c.e || o.e.merged || len(o.words) <= len(c.words) || typeOf(o.e) != record.ORG ||
				!slices.Equal(o.words[:len(c.words)], c.words) || !nameTail(o.surface, len(c.words)) {
				continue
			}
			if target != nil && target != o.e {
				ambiguous = true
			}
			target = o.e
		}
		if target != nil && !ambiguous && (place == nil || sportStory(doc) || !place(strings.Join(c.words, " "))) {
			join(c, target)
		}
	}
}

// nameTail reports whether the words of surface after its first n words
// continue a name: each is capitalised (Energy, Madrid) or a function word
// (des, of), and none is "and" or "et", which join two names ("Lib Dems and
// Conservatives"). "MARCIAC (Gers" and "Communist Party government" are
// no organisations named Marciac or Communist Party.
func nameTail(surface string, n int) bool {
	ws := strings.Fields(surface)
	if len(ws) <= n {
		return false
	}
	for _, w := range ws[n:] {
		lw := strings.ToLower(w)
		switch {
		case lw == "and" || lw == "et":
			return false
		case acronymWord(lw) || strings.HasPrefix(lw, "d'") || strings.HasPrefix(lw, "d’") || strings.HasPrefix(lw, "l'") || strings.HasPrefix(lw, "l’"):
		default:
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsUpper(r) {
				return false
			}
		}
	}
	return true
}

// isPlace reports whether f, a folded name, is a place the gazetteer or
// the places index knows: "Leeds", tagged as a person, is not short for
// Leeds City Council.
func (s *Stage) isPlace(f string) bool {
	if s.gaz != nil {
		for _, e := range s.gaz.LookupFolded(f) {
			if e.Type == record.LOC {
				return true
			}
		}
	}
	return s.places != nil && len(s.places.LookupFolded(f)) > 0
}
