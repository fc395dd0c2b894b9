package ner

import (
	"context"
	"maps"
	"math/rand/v2"
	"sort"

	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// Example is one training sentence: words with their BIO tags and,
// optionally, gazetteer tags.
type Example struct {
	Words []string
	Tags  []string
	Gaz   []string
}

// TrainOptions configure Train.
type TrainOptions struct {
	// Name is the model's name ("ar", "latin").
	Name string
	// Bits is the log2 of the number of hash buckets. Default 20.
	Bits uint
	// Epochs is the number of passes over the data. Default 10.
	Epochs int
	// Seed fixes the shuffling order. Training is deterministic for a
	// given seed and data.
	Seed uint64
	// Clusters maps folded words to fine and coarse cluster ids (1-based);
	// nil disables the cluster features.
	Clusters map[string][2]uint16
	// CaseClasses maps folded Latin-script words to their case class (see
	// LearnCaseClasses); nil disables the case-class features.
	CaseClasses map[string]uint8
	// ArticleClasses maps bare Arabic words to their article class (see
	// LearnArticleClasses); non-nil adds the article class features.
	ArticleClasses map[string]uint8
	// Extra, when non-nil, adds extra word features learned from word
	// vectors (see BuildWordExtra).
	Extra *WordExtra
	// WordLex maps folded words to their word lexicon class (LexPlace
	// ... LexFamily bits): known place names, given and family names
	// compiled outside the training data. Non-nil adds the word lexicon
	// features.
	WordLex map[string]uint8
	// DictClasses maps folded Latin-script words to their dictionary
	// class (see ReadDictionary): how a general word list writes them.
	// Non-nil adds the dictionary class features.
	DictClasses map[string]uint8
	// DictLangs holds the dictionaries of other languages, by ISO 639-1
	// code: a model with DictClasses tags the text of these languages
	// with their own dictionary's classes (see Model.ForLanguage).
	DictLangs map[string]LangDict
	// DictDropout is the share of training sentences whose words all
	// take the class DictNone, as if the model had no dictionary: the
	// model then learns to tag without the classes, and tags so the text
	// of languages it has no dictionary of (see Model.ForLanguage).
	DictDropout float64
	// NameScorer, when non-nil, adds the name-likeness features of
	// Arabic words (see LearnNameScorer).
	NameScorer *NameScorer
	// Lexicon, when non-nil, tags known names in every sentence (Example.Gaz
	// is then computed) and the model learns to use the tags.
	Lexicon Lexicon
	// Memory adds name-memory features: how often each word was inside a
	// name of each type in the training data. While training, each
	// sentence sees the memory of the other tenths of the data only
	// (jackknifed), so the model learns how far to trust it on new text.
	Memory bool
	// Pairs adds features conjoined with the previous label.
	Pairs bool
	// DocWindow, when positive, adds document memory features (see
	// docMemory): what a first pass found for the same word in the
	// sentences at most DocWindow away, the examples being consecutive
	// sentences of documents. The first-pass labels of the training
	// sentences come from models trained without them: DocFolds
	// contiguous blocks (default 5), DocEpochs epochs each (default
	// Epochs/2), tagging with O bias DocOBias.
	DocWindow int
	DocFolds  int
	DocEpochs int
	DocOBias  float32
	// Stack, with DocWindow, adds stacking features to the second pass
	// (StackLabels, StackGiven, StackWords bits; see stackFeatures): the labels the
	// first pass gave the sentence's words, the jackknifed ones of the
	// blocks' models for the training sentences. Retag says which
	// sentences the second pass tags again.
	Stack byte
	Retag RetagPolicy
	// Runs adds features of the capitalised run a Latin-script word is in
	// (see runFeatures).
	Runs bool
	// SurfaceWindow, when positive, adds document surface features (see
	// surfaceClasses): how each capitalised word is written in the
	// sentences at most SurfaceWindow away, the examples being
	// consecutive sentences of documents.
	SurfaceWindow int
	// Seeds, when above 1, trains that many models on the same examples,
	// shuffled with seeds Seed, Seed+7919, ..., and returns the average of
	// their weights: one model of the same size whose scores depend less
	// on the order the examples were seen in.
	Seeds int
	// CRF, when non-nil, trains the weights as a linear-chain conditional
	// random field (see CRFOptions) instead of with the perceptron.
	CRF *CRFOptions
	// Progress, when non-nil, is called after every epoch with the number
	// of training errors (tokens mislabelled) in that epoch.
	Progress func(epoch, errors int)
	// Snapshot, when non-nil, is called after every epoch with the model
	// averaged so far (a copy: the caller may keep and score it). It
	// lets cross-validation choose the number of epochs in one run.
	Snapshot func(epoch int, m *Model)
}

// Train learns a model from examples with the averaged structured
// perceptron: each sentence is decoded with the current weights and, when
// the decoding differs from the gold tags, the gold features are rewarded
// and the predicted ones penalised. The returned weights are the average
// over all steps, which generalises far better than the last weights.
func Train(ctx context.Context, examples []Example, opt TrainOptions) (*Model, error) {
	if opt.Bits == 0 {
		opt.Bits = 20
	}
	if opt.Epochs == 0 {
		opt.Epochs = 10
	}
	if opt.Seeds > 1 {
		return trainSeeds(ctx, examples, opt)
	}
	m := newModel(opt.Name, opt.Bits, opt.Clusters)
	m.lexicon = opt.Lexicon != nil
	m.caseClass = opt.CaseClasses
	if opt.ArticleClasses != nil {
		m.articles = true
		m.caseClass = make(map[string]uint8, len(opt.CaseClasses)+len(opt.ArticleClasses))
		maps.Copy(m.caseClass, opt.CaseClasses)
		maps.Copy(m.caseClass, opt.ArticleClasses)
	}
	m.pairs = opt.Pairs
	m.extra = opt.Extra
	m.wordLex = opt.WordLex
	m.dict = opt.DictClasses
	if m.dict != nil {
		m.dicts = opt.DictLangs
		m.dictNeutral = opt.DictDropout > 0
	}
	m.nameLike = opt.NameScorer
	if opt.Runs {
		m.runs, m.orgHeads = true, orgHeadWords()
	}
	m.surface = max(opt.SurfaceWindow, 0)
	var surf surfaceClasses
	if m.surface > 0 {
		var fc FoldCache
		for _, ex := range examples {
			surf.add(&fc, ex.Words)
		}
		surf.compute(m.surface)
	}
	var jack [][]byte
	if opt.Memory {
		m.memory, jack = nameMemory(examples, 10)
	}
	var docs [][]byte
	var fps [][]int
	if opt.DocWindow > 0 {
		k := opt.DocFolds
		if k < 2 {
			k = 5
		}
		var err error
		if docs, fps, err = docFirstPass(ctx, examples, opt, k); err != nil {
			return nil, err
		}
		m.docs, m.docWindow = true, opt.DocWindow
		m.stack, m.retagWhich = opt.Stack&(StackLabels|StackGiven|StackWords), opt.Retag
		if m.stack == 0 {
			fps = nil
		}
		// The first pass on new text: a model trained on all the
		// examples without document memory.
		first := opt
		first.DocWindow = 0
		first.Progress, first.Snapshot = nil, nil
		if m.first, err = Train(ctx, examples, first); err != nil {
			return nil, err
		}
	}

	// Precompute the feature buckets and gold labels of every token.
	data := make([]sent, 0, len(examples))
	var s scratch
	for k, ex := range examples {
		if len(ex.Words) == 0 {
			continue
		}
		gaz := ex.Gaz
		if opt.Lexicon != nil && gaz == nil {
			gaz = wordsLexTags(opt.Lexicon, ex.Words)
		}
		s.toks = m.analyse(s.toks, &s.folds, ex.Words, gaz)
		if jack != nil {
			for i := range s.toks {
				s.toks[i].mem = jack[k][i]
			}
		}
		if m.dict != nil && dictDropped(k, opt.Seed, opt.DictDropout) {
			for i := range s.toks {
				if !s.toks[i].arabic {
					s.toks[i].dict = DictNone
				}
			}
		}
		if docs != nil {
			for i := range s.toks {
				s.toks[i].doc = docs[k][i]
			}
		}
		if fps != nil {
			for i := range s.toks {
				s.toks[i].fp = byte(fps[k][i])
			}
		}
		if m.surface > 0 {
			for i, c := range surf.sentence(k) {
				s.toks[i].surf = c
			}
		}
		st := sent{feats: make([][]uint32, len(ex.Words)), gold: make([]int, len(ex.Words))}
		for i := range ex.Words {
			f := m.features(nil, s.toks, i)
			st.feats[i] = f
			st.gold[i] = labelIndex(ex.Tags[i])
			if m.pairs {
				st.pairs = append(st.pairs, m.pairFeatures(nil, s.toks, i))
			}
		}
		data = append(data, st)
	}
	if opt.CRF != nil && opt.CRF.FineTune == 0 {
		if err := m.trainCRF(ctx, data, opt); err != nil {
			return nil, err
		}
		return m, nil
	}

	// acc holds the sum over steps of each update times its step, so that
	// the average is w - acc/c (Daumé's trick).
	acc := make([]float64, len(m.w))
	var accT [numLabels + 1][numLabels]float64
	c := 1.0
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15))
	var pred []int
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs := 0
		for _, k := range order {
			st := &data[k]
			n := len(st.gold)
			if cap(s.emit) < n*numLabels {
				s.emit = make([]float32, n*numLabels)
			}
			s.emit = s.emit[:n*numLabels]
			for i, fs := range st.feats {
				var a [stride]float32
				for _, f := range fs {
					row := m.w[int(f)*stride : int(f)*stride+stride]
					for l := range a {
						a[l] += row[l]
					}
				}
				copy(s.emit[i*numLabels:], a[:numLabels])
			}
			if m.pairs {
				if cap(s.pair) < n*pairRow {
					s.pair = make([]float32, n*pairRow)
				}
				s.pair = s.pair[:n*pairRow]
				clear(s.pair)
				for i, hs := range st.pairs {
					a0, a1 := 0, numLabels
					if i == 0 {
						a0, a1 = start, start+1
					}
					for a := a0; a < a1; a++ {
						dst := s.pair[i*pairRow+a*numLabels : i*pairRow+a*numLabels+numLabels]
						for _, h := range hs {
							f := int(h.byte(byte(a)).bucket(m.bits))
							row := m.w[f*stride : f*stride+stride]
							for l := range dst {
								dst[l] += row[l]
							}
						}
					}
				}
			}
			pred = m.viterbi(&s, n, pred)
			for i := 0; i < n; i++ {
				g, p := st.gold[i], pred[i]
				if g != p {
					errs++
					for _, f := range st.feats[i] {
						m.w[int(f)*stride+g]++
						m.w[int(f)*stride+p]--
						acc[int(f)*stride+g] += c
						acc[int(f)*stride+p] -= c
					}
				}
				gp, pp := start, start
				if i > 0 {
					gp, pp = st.gold[i-1], pred[i-1]
				}
				if m.pairs && (g != p || gp != pp) {
					for _, h := range st.pairs[i] {
						fg := int(h.byte(byte(gp)).bucket(m.bits))*stride + g
						fp := int(h.byte(byte(pp)).bucket(m.bits))*stride + p
						m.w[fg]++
						m.w[fp]--
						acc[fg] += c
						acc[fp] -= c
					}
				}
				if g != p || gp != pp {
					m.trans[gp][g]++
					m.trans[pp][p]--
					accT[gp][g] += c
					accT[pp][p] -= c
				}
			}
			c++
		}
		if opt.Progress != nil {
			opt.Progress(epoch, errs)
		}
		if opt.Snapshot != nil && epoch < opt.Epochs {
			snap := *m
			snap.w = make([]float32, len(m.w))
			copy(snap.w, m.w)
			snap.average(acc, &accT, c)
			opt.Snapshot(epoch, &snap)
		}
	}
	m.average(acc, &accT, c)
	if opt.CRF != nil {
		return m, m.fineTuneCRF(ctx, data, opt)
	}
	if opt.Snapshot != nil {
		opt.Snapshot(opt.Epochs, m)
	}
	return m, nil
}

// sent is a training sentence: the feature buckets, the hashes of the
// pair features and the gold label of every token.
type sent struct {
	feats [][]uint32
	pairs [][]hasher
	gold  []int
}

// average turns the running weights into the averaged ones given the
// step-weighted update sums acc and accT after c steps.
func (m *Model) average(acc []float64, accT *[numLabels + 1][numLabels]float64, c float64) {
	for i := range m.w {
		m.w[i] -= float32(acc[i] / c)
	}
	for a := range m.trans {
		for b := range m.trans[a] {
			m.trans[a][b] -= float32(accT[a][b] / c)
		}
	}
}

func sortedKeys(m map[string][2]uint16) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// nameMemory counts, for every folded word of examples, its uses outside
// names and inside names of each type, and returns the memory class of
// every word from all the data, and the jackknifed class of every token of
// every example: from the counts of the other of k contiguous blocks.
func nameMemory(examples []Example, k int) (map[string]uint8, [][]byte) {
	type counts [4]int32
	total := map[string]*counts{}
	block := make([]map[string]*counts, k)
	blockOf := func(i int) int { return i * k / len(examples) }
	folds := make([][]string, len(examples))
	for i, ex := range examples {
		b := blockOf(i)
		if block[b] == nil {
			block[b] = map[string]*counts{}
		}
		folds[i] = make([]string, len(ex.Words))
		for j, w := range ex.Words {
			f := normalize.Fold(w)
			folds[i][j] = f
			typ := (labelIndex(ex.Tags[j]) + 1) / 2
			for _, mp := range [2]map[string]*counts{total, block[b]} {
				c := mp[f]
				if c == nil {
					c = &counts{}
					mp[f] = c
				}
				c[typ]++
			}
		}
	}
	mem := make(map[string]uint8, len(total))
	for w, c := range total {
		mem[w] = memoryClass(*c)
	}
	jack := make([][]byte, len(examples))
	for i := range examples {
		bc := block[blockOf(i)]
		jack[i] = make([]byte, len(folds[i]))
		for j, f := range folds[i] {
			c := *total[f]
			for t, v := range bc[f] {
				c[t] -= v
			}
			jack[i][j] = memoryClass(c)
		}
	}
	return mem, jack
}

// memoryClass sums up a word's uses outside names and inside PER, ORG and
// LOC names: 0 never seen, 1 never in a name, else 2 + 2*(type-1) for the
// type it was most often in, plus 1 when half its uses or more were in a
// name.
func memoryClass(c [4]int32) byte {
	all := c[0] + c[1] + c[2] + c[3]
	switch {
	case all == 0:
		return 0
	case all == c[0]:
		return 1
	}
	t := 1
	for x := 2; x <= 3; x++ {
		if c[x] > c[t] {
			t = x
		}
	}
	cls := byte(2 + 2*(t-1))
	if 2*(all-c[0]) >= all {
		cls++
	}
	return cls
}

// trainSeeds trains opt.Seeds models with successive seeds (see
// TrainOptions.Seeds) and returns the average of their weights and
// transitions. Snapshot, when set, is called with the average once, after
// the last epoch; Progress is called for the first model's epochs.
func trainSeeds(ctx context.Context, examples []Example, opt TrainOptions) (*Model, error) {
	inner := opt
	inner.Seeds, inner.Snapshot = 0, nil
	var sum *Model
	for k := range opt.Seeds {
		inner.Seed = opt.Seed + uint64(k)*7919
		m, err := Train(ctx, examples, inner)
		if err != nil {
			return nil, err
		}
		inner.Progress = nil
		if sum == nil {
			sum = m
			continue
		}
		for i, v := range m.w {
			sum.w[i] += v
		}
		for a := range sum.trans {
			for b := range sum.trans[a] {
				sum.trans[a][b] += m.trans[a][b]
			}
		}
	}
	d := float32(opt.Seeds)
	for i := range sum.w {
		sum.w[i] /= d
	}
	for a := range sum.trans {
		for b := range sum.trans[a] {
			sum.trans[a][b] /= d
		}
	}
	if opt.Snapshot != nil {
		opt.Snapshot(opt.Epochs, sum)
	}
	return sum, nil
}
