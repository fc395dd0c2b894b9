package dateline

import (
	"github.com/newsenrich/newsenrich/gazetteer"
	"github.com/newsenrich/newsenrich/record"
)

// GazetteerPlaces resolves names through the entity gazetteer: a name is
// a place when it names a LOC entity (countries, cities, regions).
type GazetteerPlaces struct {
	G *gazetteer.Gazetteer
}

// Place returns the canonical English name of the first LOC entity that s
// names.
func (g GazetteerPlaces) Place(s string) (string, bool) {
	if g.G == nil {
		return "", false
	}
	for _, e := range g.G.Lookup(s) {
		if e.Type == record.LOC {
			return e.Canonical, true
		}
	}
	return "", false
}

// Type returns the type of the first entity s names: a place when any of
// them is one (names of cities are also names of clubs), else the type of
// the first.
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
