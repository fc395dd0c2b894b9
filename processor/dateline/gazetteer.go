package dateline

import (
	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/record"
)

// GazetteerPlaces resolves names through the entity gazetteer: a name is
// a place when it names a LOC entity (countries, cities, regions). P, when
// not nil, names the dateline places the gazetteer lacks.
type GazetteerPlaces struct {
	G *gazetteer.Gazetteer
	P *gazetteer.Places
}

// Place returns the canonical English name of the first LOC entity that s
// names, else of the places of P that s names when they share one English
// name (HALIFAX: Halifax, whichever of the two it is).
func (g GazetteerPlaces) Place(s string) (string, bool) {
	if g.G != nil {
		for _, e := range g.G.Lookup(s) {
			if e.Type == record.LOC {
				return e.Canonical, true
			}
		}
	}
	name := ""
	for _, e := range g.P.LookupFolded(normalize.Fold(s)) {
		if name != "" && e.Canonical != name {
			return "", false
		}
		name = e.Canonical
	}
	return name, name != ""
}

// Type returns the type of the first entity of G that s names: a place
// when any of them is one (names of cities are also names of clubs), else
// the type of the first. (P is not read: most of its names are also
// other words.)
func (g GazetteerPlaces) Type(s string) string {
	if g.G == nil {
		return ""
	}
	es := g.G.Lookup(s)
	for _, e := range es {
		if e.Type == record.LOC {
			return record.LOC
		}
	}
	if len(es) > 0 {
		return es[0].Type
	}
	return ""
}
