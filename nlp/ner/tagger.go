package ner

import (
	"bytes"
	"embed"
	"fmt"
	"runtime"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/tokenize"
)

//go:embed model/*.nerm
var modelFiles embed.FS

// Tagger finds entities in running text with one model per script: the
// Arabic model for sentences mostly in Arabic script, the Latin model for
// the others. It is safe for concurrent use.
type Tagger struct {
	ar, latin *Model
	lex       Lexicon
	// idle keeps the buffers of finished calls for the next ones. Unlike
	// a sync.Pool, which every garbage collection empties, it keeps them:
	// each holds the word caches of the models (see wordCache), worth
	// keeping from article to article.
	idle chan *taggerScratch
	// byLang holds the taggers of the languages whose text the Latin
	// model tags otherwise (see ForLanguage), sharing idle; neutral, when
	// not nil, tags the other languages but English.
	byLang  map[string]*Tagger
	neutral *Tagger
}

// Load returns the tagger with the models embedded in the binary. lex is
// the lexicon the models were trained with (GazetteerLexicon of the
// embedded gazetteer); nil tags without lexicon features, less well.
func Load(lex Lexicon) (*Tagger, error) {
	var ms [2]*Model
	for i, name := range [2]string{"ar", "latin"} {
		b, err := modelFiles.ReadFile("model/" + name + ".nerm")
		if err != nil {
			return nil, fmt.Errorf("ner: embedded model %s: %w", name, err)
		}
		m, err := ReadModel(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("ner: embedded model %s: %w", name, err)
		}
		if m.docs {
			// The first pass of a model with document memory is its
			// own model, trained without it (see TrainOptions.DocWindow).
			b, err := modelFiles.ReadFile("model/" + name + FirstPassSuffix + ".nerm")
			if err != nil {
				return nil, fmt.Errorf("ner: embedded model %s: %w", name, err)
			}
			if m.first, err = ReadModel(bytes.NewReader(b)); err != nil {
				return nil, fmt.Errorf("ner: embedded model %s first pass: %w", name, err)
			}
			if sameAnalysis(m, m.first) {
				m.analysedAs = m.first
				m.shareAnalysis(m.first)
			}
			m.firstContext = sharesContext(m, m.first)
			if m.first.tab.buckets() == m.tab.buckets() {
				m.first.tab, m.tab = jointTables(m.first.tab, m.tab)
				m.first.rowsShared = m.firstContext
				if m.analysedAs == m.first && sameWordFeatures(m, m.first) {
					m.first.twin, m.twinOf = m, m.first
				}
			}
		}
		ms[i] = m
	}
	return New(ms[0], ms[1], lex), nil
}

// New returns a tagger of the given models; either may be nil, and the
// sentences of its script are then not tagged. lex may be nil.
func New(ar, latin *Model, lex Lexicon) *Tagger {
	t := &Tagger{ar: ar, latin: latin, lex: lex, idle: make(chan *taggerScratch, maxIdle())}
	if latin == nil {
		return t
	}
	view := func(m *Model) *Tagger {
		return &Tagger{ar: ar, latin: m, lex: lex, idle: t.idle}
	}
	for _, lang := range latin.DictLanguages() {
		if t.byLang == nil {
			t.byLang = map[string]*Tagger{}
		}
		t.byLang[lang] = view(latin.ForLanguage(lang))
	}
	if m := latin.neutral(); m != nil {
		t.neutral = view(m)
	}
	return t
}

// ForLanguage returns the tagger of text in language lang (an ISO 639-1
// code, as the language stage finds it): the Latin model reads its
// dictionary classes from the dictionary of lang, or, for a language it
// has none of, tags without them when it learned to (see
// Model.ForLanguage). For English, "" and "und", or a Latin model
// without dictionaries of other languages, it returns t. The taggers
// share their buffers.
func (t *Tagger) ForLanguage(lang string) *Tagger {
	if v, ok := t.byLang[lang]; ok {
		return v
	}
	if t.neutral != nil && lang != "" && lang != "und" && lang != "en" {
		return t.neutral
	}
	return t
}

// maxIdle is how many idle scratches a Tagger keeps: more than callers
// tag at once in a service (one per CPU by default, a few more when
// configured), since a scratch dropped is a word cache lost.
func maxIdle() int { return max(8, 2*runtime.GOMAXPROCS(0)) }

// Lexicon returns the tagger's lexicon, nil if none.
func (t *Tagger) Lexicon() Lexicon { return t.lex }

// Models returns the tagger's Arabic and Latin models.
func (t *Tagger) Models() (ar, latin *Model) { return t.ar, t.latin }

// Entity is a tagged name: a byte span [Start, End) of the text and its
// type (PER, ORG or LOC). FirstToken and EndToken index the tokens given.
type Entity struct {
	Type                 string
	Start, End           int
	FirstToken, EndToken int
}

// maxSentence bounds the tokens tagged as one sentence; longer runs are
// cut, which costs at most a split name at the cut.
const maxSentence = 200

// Entities tags the tokens of text (as tokenize.Tokenize returns them)
// sentence by sentence and returns the entities in text order. sentences
// are byte spans of text; when nil, sentences are found from the tokens:
// they end after . ! ? ؟ … and at line breaks.
func (t *Tagger) Entities(text string, toks []tokenize.Token, sentences [][2]int) []Entity {
	var matches []LexMatch
	if t.lex != nil {
		matches = t.lex.Find(text)
	}
	return t.entities(text, toks, sentences, matches)
}

// EntitiesMatched is Entities for a caller that has already run the
// tagger's lexicon over text: matches must be what Lexicon().Find(text)
// returns. It saves a second scan of the text.
func (t *Tagger) EntitiesMatched(text string, toks []tokenize.Token, sentences [][2]int, matches []LexMatch) []Entity {
	return t.entities(text, toks, sentences, matches)
}

func (t *Tagger) entities(text string, toks []tokenize.Token, sentences [][2]int, matches []LexMatch) []Entity {
	s := t.getScratch()
	defer t.putScratch(s)
	s.gaz = s.gaz[:0]
	if t.lex != nil {
		s.gaz = lexTags(s.gaz, matches, toks)
	}
	// The sentences as token ranges, cut to maxSentence tokens.
	s.ranges = s.ranges[:0]
	addRange := func(a, b int) {
		for a < b {
			end := min(b, a+maxSentence)
			s.ranges = append(s.ranges, [2]int{a, end})
			a = end
		}
	}
	if sentences == nil {
		a := 0
		for i := range toks {
			if i+1 == len(toks) || endsSentence(text, toks, i) {
				addRange(a, i+1)
				a = i + 1
			}
		}
	} else {
		k := 0
		for _, sp := range sentences {
			for k < len(toks) && toks[k].Start < sp[0] {
				k++
			}
			a := k
			for k < len(toks) && toks[k].End <= sp[1] {
				k++
			}
			addRange(a, k)
		}
	}
	// First pass: every sentence on its own. A model with document memory
	// then tags again the sentences with a word the first pass put in a
	// name elsewhere in the text (see docMemory).
	s.all = s.all[:0]
	s.docs = s.docs[:0]
	s.doc.reset()
	window := t.docWindow()
	anyDocs := false
	// The first pass keeps the context feature buckets of the sentences
	// of the Arabic model (the one with document memory), when its second
	// pass can use them (see ctxStore).
	var keep *Model
	if t.ar != nil && t.ar.firstContext {
		keep = t.ar.first
	}
	s.ctx.reset(keep)
	defer s.ctx.reset(nil)
	s.ctxFrom = s.ctxFrom[:0]
	// The words of every token, once for all passes; the scratch keeps
	// none of them after the call (cleared below).
	s.docWords = s.docWords[:0]
	for _, tk := range toks {
		s.docWords = append(s.docWords, text[tk.Start:tk.End])
	}
	defer clear(s.docWords)
	surface := t.surfaceWindow()
	if surface > 0 {
		s.surfc.reset()
		for _, r := range s.ranges {
			s.surfc.add(&s.folds, s.docWords[r[0]:r[1]])
		}
		s.surfc.compute(surface)
	}
	for k, r := range s.ranges {
		from := s.ctx.start()
		m := t.tagSentence(s, r[0], r[1], k, false)
		if from >= 0 && s.ctx.start()-from != r[1]-r[0] {
			s.ctx.truncate(from)
			from = -1
		}
		s.ctxFrom = append(s.ctxFrom, from)
		var docs *Model
		if m != nil && m.docs {
			docs, anyDocs = m, true
		}
		s.docs = append(s.docs, docs)
		s.all = append(s.all, s.labels...)
		if window > 0 {
			s.doc.add(s.toks, s.labels)
		}
	}
	if anyDocs {
		s.doc.compute(window)
		for k, r := range s.ranges {
			if doc, fp := s.doc.sentence(k), s.all[s.doc.bounds[k]:s.doc.bounds[k+1]]; s.docs[k] != nil && s.docs[k].retag(doc, fp) {
				s.scratch.doc, s.scratch.fp = doc, fp
				s.ctx.use, s.ctx.from = s.ctxFrom[k] >= 0, s.ctxFrom[k]
				t.tagSentence(s, r[0], r[1], k, true)
				s.ctx.use = false
				s.scratch.doc, s.scratch.fp = nil, nil
				copy(s.all[s.doc.bounds[k]:], s.labels)
			}
		}
	}
	// The entities are counted first, so that the result is allocated
	// once.
	count, off := 0, 0
	for _, r := range s.ranges {
		n := r[1] - r[0]
		count += countEntities(s.all[off : off+n])
		off += n
	}
	var out []Entity
	if count > 0 {
		out = make([]Entity, 0, count)
	}
	off = 0
	for _, r := range s.ranges {
		n := r[1] - r[0]
		out = appendEntities(out, s.all[off:off+n], toks, r[0])
		off += n
	}
	return out
}

// docWindow returns the document memory window of the tagger's models.
func (t *Tagger) docWindow() int {
	w := 0
	for _, m := range [2]*Model{t.ar, t.latin} {
		if m != nil && m.docs {
			w = max(w, m.docWindow)
		}
	}
	return w
}

// surfaceWindow returns the widest surface feature window of the
// tagger's models, 0 when none has surface features.
func (t *Tagger) surfaceWindow() int {
	w := 0
	for _, m := range [2]*Model{t.ar, t.latin} {
		if m != nil {
			w = max(w, m.surface, m.firstPass().surface)
		}
	}
	return w
}

// setSurface points s.scratch.surf at the surface classes of sentence k
// (see surfaceClasses) when model m has surface features and they were
// computed (s.surfc holds more than k sentences), else clears it.
func (s *taggerScratch) setSurface(m *Model, k int) {
	s.scratch.surf = nil
	if m != nil && m.surface > 0 && k < s.surfc.sentences() {
		s.scratch.surf = s.surfc.sentence(k)
	}
}

// appendEntities appends the entities of the labels of the tokens from
// first on.
func appendEntities(out []Entity, labels []int, toks []tokenize.Token, first int) []Entity {
	for i := 0; i < len(labels); i++ {
		l := labels[i]
		if l == 0 {
			continue
		}
		j := i + 1
		for j < len(labels) && labels[j] == l+1 && l%2 == 1 {
			j++
		}
		typ := labelNames[l][2:]
		out = append(out, Entity{Type: typ, Start: toks[first+i].Start, End: toks[first+j-1].End, FirstToken: first + i, EndToken: first + j})
		i = j - 1
	}
	return out
}

// countEntities returns the number of entities appendEntities appends
// for labels.
func countEntities(labels []int) int {
	n := 0
	for i := 0; i < len(labels); i++ {
		l := labels[i]
		if l == 0 {
			continue
		}
		j := i + 1
		for j < len(labels) && labels[j] == l+1 && l%2 == 1 {
			j++
		}
		n++
		i = j - 1
	}
	return n
}

// endsSentence reports whether a sentence ends after token i.
func endsSentence(text string, toks []tokenize.Token, i int) bool {
	tk := toks[i]
	if tk.Kind == tokenize.Punct {
		switch text[tk.Start:tk.End] {
		case ".", "!", "?", "؟", "…", "۔":
			return true
		}
	}
	return i+1 < len(toks) && strings.IndexByte(text[tk.End:toks[i+1].Start], '\n') >= 0
}

// getScratch returns idle buffers, or new ones.
func (t *Tagger) getScratch() *taggerScratch {
	select {
	case s := <-t.idle:
		return s
	default:
		return &taggerScratch{}
	}
}

// putScratch keeps s for a later call, unless enough are kept.
func (t *Tagger) putScratch(s *taggerScratch) {
	select {
	case t.idle <- s:
	default:
	}
}

type taggerScratch struct {
	scratch
	words []string
	// docWords are the words of the tokens of the text being tagged (by
	// entities).
	docWords []string
	gaz      []string // lexicon tags of all tokens, empty without lexicon
	labels   []int
	ranges   [][2]int // the sentences being tagged, as token ranges
	all      []int    // the labels of all their tokens
	docs     []*Model // each sentence's model when it has document memory, else nil
	// ctxFrom holds, per sentence, the index of its first token in
	// scratch.ctx, -1 if its buckets were not kept.
	ctxFrom []int
	doc     docMemory
}

// tagSentence tags tokens [a, b) of the text (words s.docWords[a:b]),
// sentence k, into s.labels and s.toks and returns the model used; nil,
// all labels O and tokens keyed by their text when no model applies (no
// letters).
func (t *Tagger) tagSentence(s *taggerScratch, a, b, k int, second bool) *Model {
	words := s.docWords[a:b]
	m := t.modelFor(words)
	if m == nil {
		s.labels = s.labels[:0]
		s.toks = s.toks[:0]
		for _, w := range words {
			s.labels = append(s.labels, 0)
			s.toks = append(s.toks, token{fold: w, stem: w})
		}
		return nil
	}
	var gaz []string
	if m.lexicon && len(s.gaz) >= b {
		gaz = s.gaz[a:b]
	}
	if second {
		s.setSurface(m, k)
		s.labels = m.labels(&s.scratch, words, gaz, s.labels)
	} else {
		s.setSurface(m.firstPass(), k)
		s.labels = m.firstPass().labels(&s.scratch, words, gaz, s.labels)
	}
	s.scratch.surf = nil
	return m
}

// TagWords tags one tokenized sentence with the model of its script and
// returns one BIO tag per word.
func (t *Tagger) TagWords(words []string) []string {
	s := t.getScratch()
	defer t.putScratch(s)
	out := make([]string, len(words))
	for i := range out {
		out[i] = "O"
	}
	m := t.modelFor(words)
	if m == nil {
		return out
	}
	var gaz []string
	if m.lexicon {
		gaz = wordsLexTags(t.lex, words)
	}
	s.labels = m.firstPass().labels(&s.scratch, words, gaz, s.labels)
	for i, l := range s.labels {
		out[i] = labelNames[l]
	}
	return out
}

// TagDocument tags consecutive tokenized sentences of a document (or of
// documents in order, as in a CoNLL corpus) with the model of each
// sentence's script and returns one BIO tag per word. A model with
// document memory sees what the first pass found for each word in the
// sentences around (see docMemory), one with surface features how each
// word is written there (see surfaceClasses); TagWords tags a sentence
// alone.
func (t *Tagger) TagDocument(sents [][]string) [][]string {
	s := t.getScratch()
	defer t.putScratch(s)
	if surface := t.surfaceWindow(); surface > 0 {
		s.surfc.reset()
		for _, words := range sents {
			s.surfc.add(&s.folds, words)
		}
		s.surfc.compute(surface)
	} else {
		s.surfc.reset()
	}
	s.all = s.all[:0]
	s.docs = s.docs[:0]
	s.doc.reset()
	window := t.docWindow()
	anyDocs := false
	models := make([]*Model, len(sents))
	gaz := make([][]string, len(sents))
	for k, words := range sents {
		m := t.modelFor(words)
		models[k] = m
		if m == nil {
			s.toks = s.toks[:0]
			for _, w := range words {
				s.toks = append(s.toks, token{fold: w, stem: w})
			}
			s.labels = append(s.labels[:0], make([]int, len(words))...)
		} else {
			if m.lexicon {
				gaz[k] = wordsLexTags(t.lex, words)
			}
			s.setSurface(m.firstPass(), k)
			s.labels = m.firstPass().labels(&s.scratch, words, gaz[k], s.labels)
			anyDocs = anyDocs || m.docs
		}
		s.all = append(s.all, s.labels...)
		if window > 0 {
			s.doc.add(s.toks, s.labels)
		}
	}
	if anyDocs {
		s.doc.compute(window)
		for k, words := range sents {
			if doc, fp := s.doc.sentence(k), s.all[s.doc.bounds[k]:s.doc.bounds[k+1]]; models[k] != nil && models[k].docs && models[k].retag(doc, fp) {
				s.scratch.doc, s.scratch.fp = doc, fp
				s.setSurface(models[k], k)
				s.labels = models[k].labels(&s.scratch, words, gaz[k], s.labels)
				s.scratch.doc, s.scratch.fp = nil, nil
				copy(s.all[s.doc.bounds[k]:], s.labels)
			}
		}
	}
	s.scratch.surf = nil
	out := make([][]string, len(sents))
	off := 0
	for k := range sents {
		tags := make([]string, 0, len(sents[k]))
		for _, l := range s.all[off : off+len(sents[k])] {
			tags = append(tags, labelNames[l])
		}
		out[k] = tags
		off += len(sents[k])
	}
	return out
}

// twoByteRune returns the first rune of w when w starts with a valid
// sequence of two bytes (Arabic script among others), as
// utf8.DecodeRuneInString would, and false otherwise: decoded inline,
// without a call to the decoder's general path, which took about 20
// instructions a word in the tagger's checks of script and case.
func twoByteRune(w string) (rune, bool) {
	if len(w) >= 2 && w[0]-0xC2 < 0xE0-0xC2 && w[1]&0xC0 == 0x80 {
		return rune(w[0]&0x1F)<<6 | rune(w[1]&0x3F), true
	}
	return 0, false
}

// modelFor returns the model of the script most words are written in.
func (t *Tagger) modelFor(words []string) *Model {
	arabicWords, latinWords := 0, 0
	for _, w := range words {
		r, ok := twoByteRune(w)
		if !ok {
			r, _ = utf8.DecodeRuneInString(w)
		}
		switch {
		case isArabic(r):
			arabicWords++
		case unicode.IsLetter(r):
			latinWords++
		}
	}
	switch {
	case arabicWords+latinWords == 0:
		return nil
	case arabicWords >= latinWords:
		return t.ar
	}
	return t.latin
}
