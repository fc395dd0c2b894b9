package ner

import "github.com/newsenrich/newsenrich/nlp/arabic"

// wordFacts is what the word tables of a model (triggers, clusters,
// names, caseClass, memory and wordLex) say of one folded word: the
// tables merged into one map (see wordTables), so that analysing a word
// looks up each of its forms once instead of once per table.
type wordFacts struct {
	clus    [2]uint16 // the word's clusters, when has&factClus
	trigger uint8     // the index plus one of the word's trigger class in wordTables.triggers, 0 if none
	has     uint8     // which tables hold the word: factClus, factCC, factLex
	cc      uint8     // caseClass's value, 0 if none
	mem     uint8     // memory's value, 0 if none
	lex     uint8     // wordLex's value, 0 if none
	given   bool      // names's value
}

// The bits of wordFacts.has.
const (
	factClus uint8 = 1 << iota
	factCC
	factLex
)

// wordTables merges the word tables of a model read from a file: the map
// of every word of any of them to its facts. The model's maps stay the
// definition (training and writing read them, and analyseWordMaps is the
// reference the tests check analyseWord against).
type wordTables struct {
	facts    map[string]wordFacts
	triggers []string // the trigger classes
}

// newWordTables merges the word tables of m; nil when m has more trigger
// classes than a wordFacts can index.
func newWordTables(m *Model) *wordTables {
	n := len(m.triggers) + len(m.clusters) + len(m.names) + len(m.caseClass) + len(m.memory) + len(m.wordLex)
	tb := &wordTables{facts: make(map[string]wordFacts, n)}
	for w, class := range m.triggers {
		k := 0
		for k < len(tb.triggers) && tb.triggers[k] != class {
			k++
		}
		if k == len(tb.triggers) {
			if k == 255 {
				return nil
			}
			tb.triggers = append(tb.triggers, class)
		}
		f := tb.facts[w]
		f.trigger = uint8(k + 1)
		tb.facts[w] = f
	}
	for w, c := range m.clusters {
		f := tb.facts[w]
		f.clus, f.has = c, f.has|factClus
		tb.facts[w] = f
	}
	for w, g := range m.names {
		f := tb.facts[w]
		f.given = g
		tb.facts[w] = f
	}
	for w, c := range m.caseClass {
		f := tb.facts[w]
		f.cc, f.has = c, f.has|factCC
		tb.facts[w] = f
	}
	for w, c := range m.memory {
		f := tb.facts[w]
		f.mem = c
		tb.facts[w] = f
	}
	for w, c := range m.wordLex {
		f := tb.facts[w]
		f.lex, f.has = c, f.has|factLex
		tb.facts[w] = f
	}
	return tb
}

// trigger returns the trigger class of facts f, "" if none.
func (tb *wordTables) trigger(f wordFacts) string {
	if f.trigger == 0 {
		return ""
	}
	return tb.triggers[f.trigger-1]
}

// classesFromTables sets the parts of token t that the word tables give
// (see classesFromMaps, the definition), from m.tables. t has its forms,
// case and script; stem and p are arabic.Stem(t.fold) for an Arabic
// token.
func (m *Model) classesFromTables(t *token, stem string, p int) {
	tb := m.tables
	ff := tb.facts[t.fold]
	fs := ff
	if t.stem != t.fold {
		fs = tb.facts[t.stem]
	}
	t.trigger = tb.trigger(ff)
	if t.trigger == "" && t.stem != t.fold {
		t.trigger = tb.trigger(fs)
	}
	if ff.has&factClus != 0 {
		t.clus, t.clusC = ff.clus[0], ff.clus[1]
	} else if fs.has&factClus != 0 {
		t.clus, t.clusC = fs.clus[0], fs.clus[1]
	}
	// The article class (see articleClass) and the word lexicon class
	// (see wordLexClass) of an Arabic word not in their tables as it is
	// come from its bare form, found for both in one pass.
	needCC := t.arabic && m.articles && fs.has&factCC == 0
	needLex := t.arabic && m.wordLex != nil && ff.has&factLex == 0 && fs.has&factLex == 0
	var bareCC, bareLex uint8
	if needCC || needLex {
		bareCC, bareLex = tb.bareClasses(t.fold, stem, p, needCC, needLex)
	}
	if t.arabic {
		t.given = ff.given || (t.stem != t.fold && fs.given)
		t.part = nameParticle(t.fold)
		if m.articles {
			t.cc = fs.cc
			if needCC {
				t.cc = bareCC
			}
		}
	} else {
		t.given = t.upper && ff.given
		if m.caseClass != nil {
			t.cc = ff.cc
		}
	}
	if m.memory != nil {
		t.mem = ff.mem
	}
	if m.wordLex != nil {
		switch {
		case ff.has&factLex != 0 || !t.arabic:
			t.lex = ff.lex
		case fs.has&factLex != 0:
			t.lex = fs.lex
		default:
			t.lex = bareLex
		}
	}
}

// bareClasses returns the caseClass and wordLex values of the bare forms
// of the folded Arabic word fold (see bareForm) in the caseClass and the
// wordLex tables, when needCC and needLex ask for them: bareForm's two
// searches, with seen the membership in each table, in one pass. stem
// and p are arabic.Stem(fold).
func (tb *wordTables) bareClasses(fold, stem string, p int, needCC, needLex bool) (cc, lex uint8) {
	base := tb.facts[stem]
	if p > 0 && hasArticlePrefix(fold[:p]) {
		return base.cc, base.lex
	}
	ccBase, lexBase := base, base
	// bareForm keeps the first split (after the stem) that the table
	// has, when the stem is not in it.
	doneCC := !needCC || base.has&factCC != 0
	doneLex := !needLex || base.has&factLex != 0
	var buf [arabic.MaxSplits]int
	for _, q := range arabic.AppendSplits(buf[:0], fold, 2) {
		if doneCC && doneLex {
			break
		}
		if q <= p || hasArticlePrefix(fold[:q]) {
			continue
		}
		f := tb.facts[fold[q:]]
		if !doneCC && f.has&factCC != 0 {
			ccBase, doneCC = f, true
		}
		if !doneLex && f.has&factLex != 0 {
			lexBase, doneLex = f, true
		}
	}
	return ccBase.cc, lexBase.lex
}
