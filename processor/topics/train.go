package topics

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// Example is one training document with its target distribution over the
// classes (in the order of Codes). A gold label is a one-hot target; a
// weak label from the seed lexicons may spread its mass over several
// classes (a story about arms talks: politics and conflict).
type Example struct {
	Input  Input
	Target [NumClasses]float32
	// Weight scales the example's gradient; 0 means 1.
	Weight float32
	// Lang, when "en" or "fr", is the part the example trains whatever its
	// text looks like ("" reads it from the text, as prediction does).
	Lang string
	// Aid marks a training aid, a document translated from another
	// language word by word (the training command's --xling): it trains
	// the naive Bayes word counts of the classes its part has documents of
	// and nothing else; the class priors stay those of the part's own
	// documents. The parts that are not naive Bayes ignore it.
	Aid bool
}

// part returns the part ex trains, or -1 to read it from the text.
func (ex *Example) part() int {
	switch ex.Lang {
	case "en":
		return partEnglish
	case "fr":
		return partFrench
	}
	return -1
}

// TrainOptions are the hyper-parameters of Train. Zero values take the
// defaults given.
type TrainOptions struct {
	// Bits is the log2 of the number of hash buckets of the Arabic part
	// (default 18).
	Bits uint8
	// LatinBits is the same for the English and French parts (default 16).
	LatinBits uint8
	// MaxWords caps the story words read per document (default 400).
	MaxWords int
	// TitleRepeat is how many times a title word counts (default 2).
	TitleRepeat int
	// Epochs over the training set (default 6).
	Epochs int
	// LearnRate is the initial SGD step, decayed linearly to 0 (default 0.5).
	LearnRate float32
	// Seed fixes the shuffling order; training is deterministic for a
	// given seed and example order.
	Seed uint64
	// Binary counts each feature once per document.
	Binary bool
	// LatinNB trains the English and French parts as naive Bayes over
	// unigrams instead of logistic regression.
	LatinNB bool
	// Alpha is the naive Bayes smoothing (default 0.2).
	Alpha float64
	// LatinLR trains the English and French parts as logistic regression
	// by full-batch optimisation with an L2 penalty (see trainBatch), over
	// the same features as the Arabic part; it overrides LatinNB.
	LatinLR bool
	// L2 is the penalty of LatinLR (default 1e-4).
	L2 float64
	// Iters is the number of full-batch steps of LatinLR (default 300).
	Iters int
	// NBScale divides the L2 penalty of each LatinLR weight by its
	// squared naive Bayes weight (NB-SVM, see trainBatch).
	NBScale bool
	// Pool is the example weight with which the documents of the other
	// Latin-script language also train a part (0: none).
	Pool float32
	// CharGrams adds character n-grams of Latin-script words.
	CharGrams bool
	// LatinLogTF counts each distinct feature of a Latin-script document
	// 1+ln(count) times.
	LatinLogTF bool
	// NBBigrams adds word bigrams to the naive Bayes parts (which read
	// unigrams only by default).
	NBBigrams bool
	// NBStems adds the truncation stem of long words to the naive Bayes
	// parts.
	NBStems bool
	// NBDocNorm scales each training document's counts in naive Bayes to
	// unit L2 norm times the mean document norm (Rennie et al. 2003), so
	// that long documents do not dominate their class.
	NBDocNorm bool
	// NBIDF weighs each naive Bayes count by the inverse document frequency
	// of its feature in the part's training documents, at training and
	// (folded into the weights) at prediction.
	NBIDF bool
	// NBComplement trains complement naive Bayes (Rennie et al. 2003): the
	// weight of a feature for class c is minus its log-probability in the
	// documents of every other class.
	NBComplement bool
	// NBDirichlet, when positive, smooths naive Bayes towards the
	// background distribution of all the part's training text instead of
	// uniformly: p(j|c) = (n(j,c) + μ·p(j)) / (n(c) + μ), μ = NBDirichlet.
	NBDirichlet float64
	// NBDirichletFr is NBDirichlet for the French part only.
	NBDirichletFr float64
	// NBUniformPrior gives every class present the same naive Bayes bias.
	NBUniformPrior bool
	// TitleWords adds a feature of its own for each title word (see
	// featurizer.titleWords).
	TitleWords bool
	// Bags, when above 1, averages the weights of this many logistic
	// regressions of the Arabic part, trained with successive seeds
	// (different shuffles): one table, less variance.
	Bags int
	// FoldLR, when positive, adds FoldLR times the weights of a logistic
	// regression over the same unnormalised counts (full batch, L2 and
	// Iters as LatinLR) to the naive Bayes weights of the English and
	// French parts: an ensemble of the two in one table.
	FoldLR float64
	// FoldLRFull fits the FoldLR regression over word bigrams and
	// truncation stems besides the words (the model then reads them; naive
	// Bayes still weighs the words only).
	FoldLRFull bool
	// NBSelect, when positive, keeps in each naive Bayes part only the
	// NBSelect buckets of the highest chi-square association with a class
	// (the largest over the classes, from document counts); the others
	// weigh nothing, as words out of the vocabulary (see selectFeatures).
	NBSelect int
	// NBSelectIG ranks the buckets of NBSelect by information gain
	// instead of chi-square.
	NBSelectIG bool
	// NBBags, when above 1, averages the naive Bayes weights and biases
	// of this many bootstrap replicates of each part's training documents
	// (Poisson(1) document weights, seeded by Seed): one table, with the
	// weights of words seen in few documents shrunk.
	NBBags int
	// NBMinDF, when above 1, drops from the naive Bayes parts the buckets
	// seen in fewer training documents.
	NBMinDF int
	// EnsembleLR and EnsembleWith are for cross-validating an ensemble of
	// naive Bayes and logistic regression (the training command's
	// --cv-ensemble); Train ignores them.
	EnsembleLR   *TrainOptions
	EnsembleWith []float64
	// AidShare, when positive, rescales the naive Bayes counts of the
	// translated aids (Example.Aid) of each class to this share of the
	// class's own token count (see trainNB); otherwise each aid counts
	// with its example weight.
	AidShare float64
	// AidOOV counts the aids only in the buckets the part's own documents
	// never saw (see trainNB).
	AidOOV bool
	// Log, when set, receives progress lines.
	Log func(format string, args ...any)
}

func (o *TrainOptions) defaults() {
	if o.Bits == 0 {
		o.Bits = 18
	}
	if o.LatinBits == 0 {
		o.LatinBits = 16
	}
	if o.MaxWords == 0 {
		o.MaxWords = 400
	}
	if o.TitleRepeat == 0 {
		o.TitleRepeat = 2
	}
	if o.Epochs == 0 {
		o.Epochs = 6
	}
	if o.LearnRate == 0 {
		o.LearnRate = 0.5
	}
	if o.Alpha == 0 {
		o.Alpha = 0.2
	}
	if o.L2 == 0 {
		o.L2 = 1e-4
	}
	if o.Iters == 0 {
		o.Iters = 300
	}
	if o.Log == nil {
		o.Log = func(string, ...any) {}
	}
}

// tdoc is a featurised training document.
type tdoc struct {
	idx    []uint32
	val    []float32 // see bag.val
	norm   float32
	target [NumClasses]float32
	weight float32
	// pooled marks a document of the other Latin-script language.
	pooled bool
	// aid marks a translated document (Example.Aid): pooled, and left out
	// of the class priors.
	aid bool
}

// Train fits the model: each language part on the documents of its language,
// by averaged stochastic gradient descent on the softmax cross-entropy
// with soft targets (logistic regression), or by naive Bayes with soft
// counts; then it quantises the weights to int8, one scale per part. The
// calibration examples (held out from training) set each part's softmax
// temperature; with none the temperatures are 1.
func Train(ctx context.Context, train, calib []Example, opt TrainOptions) (*Model, error) {
	opt.defaults()
	if len(train) == 0 {
		return nil, errors.New("topics: train: no examples")
	}
	if opt.Bits < 8 || opt.Bits > 24 || opt.LatinBits < 8 || opt.LatinBits > 24 {
		return nil, fmt.Errorf("topics: train: bits %d/%d outside 8..24", opt.Bits, opt.LatinBits)
	}
	feat := featurizer{
		bits:          [numParts]uint8{opt.Bits, opt.LatinBits, opt.LatinBits},
		maxWords:      opt.MaxWords,
		binary:        opt.Binary,
		latinUnigrams: opt.LatinNB && !opt.LatinLR,
		charGrams:     opt.CharGrams,
		latinStop:     opt.LatinLR,
		latinLogTF:    opt.LatinLogTF,
		nbBigrams:     opt.NBBigrams,
		nbStems:       opt.NBStems,
		titleWords:    opt.TitleWords,
	}
	// featNB reads the naive Bayes documents; with FoldLRFull the model
	// reads bigrams and stems too, which only the regression weighs.
	featNB := feat
	var full [numParts][]tdoc
	if opt.FoldLR > 0 && opt.FoldLRFull {
		feat.nbBigrams, feat.nbStems = true, true
	}
	var docs [numParts][]tdoc
	var b bag
	for i := range train {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if train[i].Aid && (!opt.LatinNB || opt.LatinLR) {
			continue
		}
		if feat != featNB && !train[i].Aid {
			b.reset()
			feat.featurize(&b, train[i].Input, opt.TitleRepeat)
			if b.part != partArabic && len(b.idx) > 0 {
				w := train[i].Weight
				if w == 0 {
					w = 1
				}
				full[b.part] = append(full[b.part], tdoc{idx: append([]uint32(nil), b.idx...), norm: 1, target: train[i].Target, weight: w})
			}
		}
		b.reset()
		featNB.featurizeAs(&b, train[i].Input, opt.TitleRepeat, train[i].part())
		if len(b.idx) == 0 || train[i].Aid && b.part == partArabic {
			continue
		}
		w := train[i].Weight
		if w == 0 {
			w = 1
		}
		s := b.part
		if train[i].Aid {
			docs[s] = append(docs[s], tdoc{idx: append([]uint32(nil), b.idx...), val: append([]float32(nil), b.val...), norm: b.norm(), target: train[i].Target, weight: w, pooled: true, aid: true})
			continue
		}
		docs[s] = append(docs[s], tdoc{idx: append([]uint32(nil), b.idx...), val: append([]float32(nil), b.val...), norm: b.norm(), target: train[i].Target, weight: w})
		if opt.Pool > 0 && s != partArabic {
			// The same document as evidence for the other Latin part.
			o := partEnglish + partFrench - s
			b.reset()
			feat.featurizeAs(&b, train[i].Input, opt.TitleRepeat, o)
			docs[o] = append(docs[o], tdoc{idx: append([]uint32(nil), b.idx...), val: append([]float32(nil), b.val...), norm: b.norm(), target: train[i].Target, weight: w * opt.Pool, pooled: true})
		}
	}
	m := &Model{feat: feat, titleRepeat: opt.TitleRepeat}
	for s := range docs {
		opt.Log("topics: part %d: %d training documents", s, len(docs[s]))
		var w []float32
		pt := &m.parts[s]
		pt.temperature = 1
		buckets := 1 << feat.bits[s]
		if s != partArabic && opt.LatinLR {
			var nb []float32
			if opt.NBScale {
				nb, _ = trainNB(docs[s], buckets, opt.Alpha, opt.AidShare, opt.AidOOV)
			}
			var err error
			w, pt.bias, err = trainBatch(ctx, docs[s], buckets, nb, opt)
			if err != nil {
				return nil, err
			}
		} else if s != partArabic && opt.LatinNB {
			pt.naiveBayes = true
			o := opt
			if s == partFrench && opt.NBDirichletFr > 0 {
				o.NBDirichlet = opt.NBDirichletFr
			}
			nbDocs := docs[s]
			if opt.NBSelect > 0 || opt.NBMinDF > 1 {
				nbDocs = selectFeatures(nbDocs, buckets, opt)
			}
			w, pt.bias = trainNBVariant(nbDocs, buckets, o)
			if opt.NBBags > 1 {
				w, pt.bias = bagNB(nbDocs, buckets, o, w, pt.bias)
			}
			if opt.FoldLR > 0 {
				// A logistic regression over the same counts, unnormalised,
				// is linear in them as naive Bayes is: the sum of both
				// models is one table.
				raw := full[s]
				if raw == nil {
					raw = make([]tdoc, len(docs[s]))
					for i, d := range docs[s] {
						d.norm = 1
						raw[i] = d
					}
				}
				lw, lb, err := trainBatch(ctx, raw, buckets, nil, opt)
				if err != nil {
					return nil, err
				}
				for i := range w {
					w[i] += float32(opt.FoldLR) * lw[i]
				}
				for k := range pt.bias {
					if pt.bias[k] > absentBias {
						pt.bias[k] += float32(opt.FoldLR) * lb[k]
					}
				}
			}
		} else {
			var err error
			w, pt.bias, err = trainSGD(ctx, docs[s], buckets, opt)
			if err != nil {
				return nil, err
			}
			for bag := 1; bag < opt.Bags; bag++ {
				o := opt
				o.Seed = opt.Seed + uint64(bag)
				bw, bb, err := trainSGD(ctx, docs[s], buckets, o)
				if err != nil {
					return nil, err
				}
				for i := range w {
					w[i] += bw[i]
				}
				for k := range pt.bias {
					pt.bias[k] += bb[k]
				}
			}
			if opt.Bags > 1 {
				for i := range w {
					w[i] /= float32(opt.Bags)
				}
				for k := range pt.bias {
					pt.bias[k] /= float32(opt.Bags)
				}
			}
		}
		pt.scale, pt.w = quantize(w)
		opt.Log("topics: part %d: int8 scale %.4f", s, pt.scale)
	}
	if len(calib) > 0 {
		fitTemperatures(m, calib)
		opt.Log("topics: temperatures %.3f (Arabic), %.3f (English), %.3f (French) from %d calibration documents",
			m.parts[partArabic].temperature, m.parts[partEnglish].temperature, m.parts[partFrench].temperature, len(calib))
	}
	// The fallback for absent classes applies after the softmax: it is
	// left out of the temperature fit and set as Decode sets it.
	m.lex, m.fallback = NewLexicon(), DefaultFallback
	return m, nil
}

// trainSGD fits a multinomial logistic regression by averaged SGD (the
// model keeps the average of the weights over all steps, which
// generalises better than the last iterate), the learning rate decaying
// linearly to 0.
func trainSGD(ctx context.Context, docs []tdoc, buckets int, opt TrainOptions) ([]float32, [NumClasses]float32, error) {
	// w are the current weights, u accumulate step*update; the average
	// is w - u/steps.
	w := make([]float32, buckets*NumClasses)
	u := make([]float32, buckets*NumClasses)
	var bias, ubias [NumClasses]float32
	if len(docs) == 0 {
		return w, bias, nil
	}
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed))
	total := float32(opt.Epochs * len(docs))
	step := float32(0)
	var logits, probs [NumClasses]float64
	for epoch := range opt.Epochs {
		if err := ctx.Err(); err != nil {
			return nil, bias, err
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		loss := 0.0
		for _, di := range order {
			d := &docs[di]
			lr := opt.LearnRate * (1 - step/total)
			step++
			var acc [NumClasses]float32
			for _, j := range d.idx {
				row := w[int(j)*NumClasses : int(j)*NumClasses+NumClasses]
				for k, v := range row {
					acc[k] += v
				}
			}
			for k := range logits {
				logits[k] = float64(bias[k] + d.norm*acc[k])
			}
			softmax(logits[:], probs[:])
			var g, gu [NumClasses]float32
			for k := range g {
				g[k] = lr * d.weight * (float32(probs[k]) - d.target[k])
				if d.target[k] > 0 {
					loss -= float64(d.target[k]) * math.Log(max(probs[k], 1e-12))
				}
				bias[k] -= g[k]
				ubias[k] -= step * g[k]
				g[k] *= d.norm
				gu[k] = step * g[k]
			}
			for _, j := range d.idx {
				row := w[int(j)*NumClasses : int(j)*NumClasses+NumClasses]
				urow := u[int(j)*NumClasses : int(j)*NumClasses+NumClasses]
				for k := range row {
					row[k] -= g[k]
					urow[k] -= gu[k]
				}
			}
		}
		opt.Log("topics: epoch %d: mean loss %.4f", epoch+1, loss/float64(len(docs)))
	}
	for i := range w {
		w[i] -= u[i] / step
	}
	for k := range bias {
		bias[k] -= ubias[k] / step
	}
	return w, bias, nil
}

// value returns the value of the n-th feature of d.
func (d *tdoc) value(n int) float32 {
	if len(d.val) == 0 {
		return 1
	}
	return d.val[n]
}

// trainBatch fits a multinomial logistic regression over the classes
// with training documents by full-batch optimisation (Adam, opt.Iters
// steps, deterministic) of the weighted mean cross-entropy plus an L2
// penalty opt.L2/2·Σ w². With nb (naive Bayes weights, as trainNB gives
// them) the penalty of each weight is divided by its squared naive Bayes
// weight (plus nbFloor): the multiclass form of NB-SVM (Wang & Manning
// 2012), where the classifier is fitted over features scaled by their
// naive Bayes log-count ratios, so that the words naive Bayes finds
// telling are cheap to use and the others are shrunk. Classes without
// documents get a prohibitive bias, as in trainNB.
func trainBatch(ctx context.Context, docs []tdoc, buckets int, nb []float32, opt TrainOptions) ([]float32, [NumClasses]float32, error) {
	var bias [NumClasses]float32
	out := make([]float32, buckets*NumClasses)
	var present [NumClasses]bool
	for _, d := range docs {
		for k, t := range d.target {
			present[k] = present[k] || t > 0 && !d.pooled
		}
	}
	// cls are the classes fitted; the model's class of fitted class c is
	// cls[c].
	var cls []int
	for k, p := range present {
		if p {
			cls = append(cls, k)
		}
	}
	for k := range bias {
		bias[k] = -1e4
	}
	K := len(cls)
	// A pooled document of a class this part has no documents of teaches
	// it nothing: it weighs 0.
	weight := make([]float64, len(docs))
	sumW := 0.0
	for i, d := range docs {
		for _, k := range cls {
			if d.target[k] > 0 {
				weight[i] = float64(d.weight)
			}
		}
		sumW += weight[i]
	}
	if K == 0 || sumW == 0 {
		return out, bias, nil
	}
	// Compact the buckets seen to dense feature ids and each document to
	// (id, value) pairs, the value being count × norm.
	id := make(map[uint32]int32)
	var seen []uint32
	type fv struct {
		f int32
		v float64
	}
	rows := make([][]fv, len(docs))
	for i, d := range docs {
		if weight[i] == 0 {
			continue
		}
		at := map[int32]int{}
		var r []fv
		for n, j := range d.idx {
			f, ok := id[j]
			if !ok {
				f = int32(len(seen))
				id[j] = f
				seen = append(seen, j)
			}
			x := float64(d.norm * d.value(n))
			if p, ok := at[f]; ok {
				r[p].v += x
				continue
			}
			at[f] = len(r)
			r = append(r, fv{f, x})
		}
		rows[i] = r
	}
	nf := len(seen)
	w := make([]float64, nf*K)
	lambda := make([]float64, nf*K)
	for f, j := range seen {
		for c, k := range cls {
			lambda[f*K+c] = opt.L2
			if nb != nil {
				r := float64(nb[int(j)*NumClasses+k])
				lambda[f*K+c] = opt.L2 / (r*r + nbFloor)
			}
		}
	}
	b := make([]float64, K)
	g := make([]float64, nf*K)
	gb := make([]float64, K)
	m1 := make([]float64, nf*K+K)
	m2 := make([]float64, nf*K+K)
	const (
		rate  = 0.05
		beta1 = 0.9
		beta2 = 0.999
		eps   = 1e-8
	)
	logits := make([]float64, K)
	probs := make([]float64, K)
	dk := make([]float64, K)
	for it := range opt.Iters {
		if it%16 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, bias, err
			}
		}
		clear(g)
		clear(gb)
		loss := 0.0
		for i, d := range docs {
			if weight[i] == 0 {
				continue
			}
			copy(logits, b)
			for _, x := range rows[i] {
				row := w[int(x.f)*K : int(x.f)*K+K]
				for c := range row {
					logits[c] += x.v * row[c]
				}
			}
			softmax(logits, probs)
			a := weight[i] / sumW
			for c, k := range cls {
				y := float64(d.target[k])
				dk[c] = a * (probs[c] - y)
				gb[c] += dk[c]
				if y > 0 {
					loss -= a * y * math.Log(max(probs[c], 1e-12))
				}
			}
			for _, x := range rows[i] {
				grow := g[int(x.f)*K : int(x.f)*K+K]
				for c := range grow {
					grow[c] += x.v * dk[c]
				}
			}
		}
		t := float64(it + 1)
		c1, c2 := 1-math.Pow(beta1, t), 1-math.Pow(beta2, t)
		for i := range w {
			gi := g[i] + lambda[i]*w[i]
			m1[i] = beta1*m1[i] + (1-beta1)*gi
			m2[i] = beta2*m2[i] + (1-beta2)*gi*gi
			w[i] -= rate * (m1[i] / c1) / (math.Sqrt(m2[i]/c2) + eps)
		}
		for c := range b {
			i := nf*K + c
			m1[i] = beta1*m1[i] + (1-beta1)*gb[c]
			m2[i] = beta2*m2[i] + (1-beta2)*gb[c]*gb[c]
			b[c] -= rate * (m1[i] / c1) / (math.Sqrt(m2[i]/c2) + eps)
		}
		if (it+1)%100 == 0 {
			opt.Log("topics: batch step %d: loss %.4f", it+1, loss)
		}
	}
	for f, j := range seen {
		for c, k := range cls {
			out[int(j)*NumClasses+k] = float32(w[f*K+c])
		}
	}
	for c, k := range cls {
		bias[k] = float32(b[c])
	}
	return out, bias, nil
}

// nbFloor bounds the penalty of a weight whose naive Bayes weight is 0
// (see trainBatch).
const nbFloor = 0.01

// trainNB fits multinomial naive Bayes with soft counts. The weight of
// bucket j for class c is log((count(j,c) + alpha) / (total(c) + alpha*V)),
// total(c) being the tokens of class c and V the buckets seen; buckets
// never seen weigh nothing, as words out of the vocabulary. Weights are
// centred over the classes, which leaves the decision unchanged. A class
// without training documents gets a prohibitive bias: it is never
// predicted for this script.
func trainNB(docs []tdoc, buckets int, alpha, aidShare float64, aidOOV bool) ([]float32, [NumClasses]float32) {
	count := make([]float64, buckets*NumClasses)
	seen := make([]bool, buckets)
	var total, prior [NumClasses]float64
	// A pooled document (of the other Latin-script language) counts only
	// for the classes this part has documents of.
	var own [NumClasses]bool
	for _, d := range docs {
		for k, t := range d.target {
			own[k] = own[k] || t > 0 && !d.pooled
		}
	}
	// The counts of the translated aids, added at the end (see aidShare).
	var aidCount []float64
	var aidTotal [NumClasses]float64
	for _, d := range docs {
		cnt, tot := count, &total
		if d.aid {
			if aidCount == nil {
				aidCount = make([]float64, buckets*NumClasses)
			}
			cnt, tot = aidCount, &aidTotal
		}
		for k, t := range d.target {
			if t == 0 || d.pooled && !own[k] {
				continue
			}
			c := float64(t * d.weight)
			if !d.aid {
				prior[k] += c
			}
			if len(d.val) == 0 {
				tot[k] += c * float64(len(d.idx))
				for _, j := range d.idx {
					cnt[int(j)*NumClasses+k] += c
				}
				continue
			}
			for n, j := range d.idx {
				x := c * float64(d.val[n])
				tot[k] += x
				cnt[int(j)*NumClasses+k] += x
			}
		}
		for _, j := range d.idx {
			seen[j] = true
		}
	}
	if aidCount != nil {
		// With aidShare, the aids of each class weigh aidShare times the
		// class's own tokens: a class's normaliser then grows by the same
		// factor for every class, and the aids shift no class against
		// another by their volume.
		var scale [NumClasses]float64
		for k := range scale {
			scale[k] = 1
			if aidShare > 0 && aidTotal[k] > 0 {
				scale[k] = aidShare * total[k] / aidTotal[k]
			}
			if !aidOOV {
				total[k] += scale[k] * aidTotal[k]
			}
		}
		// With aidOOV, the aids count only in the buckets the part's own
		// documents never saw, and the normalisers stay theirs: the aids
		// add words, and change no weight of a word the part has.
		var own []bool
		if aidOOV {
			own = make([]bool, buckets)
			for _, d := range docs {
				if !d.aid {
					for _, j := range d.idx {
						own[j] = true
					}
				}
			}
		}
		for i, x := range aidCount {
			if x != 0 && (own == nil || !own[i/NumClasses]) {
				count[i] += scale[i%NumClasses] * x
			}
		}
	}
	vocab := 0.0
	for _, s := range seen {
		if s {
			vocab++
		}
	}
	var norm [NumClasses]float64
	for k := range norm {
		norm[k] = math.Log(total[k] + alpha*max(vocab, 1))
	}
	w := make([]float32, len(count))
	for j := range buckets {
		if !seen[j] {
			continue
		}
		mean := 0.0
		var lg [NumClasses]float64
		for k := range lg {
			lg[k] = math.Log(count[j*NumClasses+k]+alpha) - norm[k]
			mean += lg[k]
		}
		mean /= float64(NumClasses)
		for k := range lg {
			w[j*NumClasses+k] = float32(lg[k] - mean)
		}
	}
	var bias [NumClasses]float32
	sum := 0.0
	for _, p := range prior {
		sum += p
	}
	for k := range bias {
		bias[k] = -1e4
		if prior[k] > 0 {
			bias[k] = float32(math.Log(prior[k] / sum))
		}
	}
	return w, bias
}

// trainNBVariant is trainNB with the options of opt (NBDocNorm, NBIDF,
// NBComplement, NBUniformPrior).
func trainNBVariant(docs []tdoc, buckets int, opt TrainOptions) ([]float32, [NumClasses]float32) {
	if !opt.NBDocNorm && !opt.NBIDF && !opt.NBComplement && !opt.NBUniformPrior && opt.NBDirichlet == 0 {
		return trainNB(docs, buckets, opt.Alpha, opt.AidShare, opt.AidOOV)
	}
	alpha := opt.Alpha
	var idf []float64
	if opt.NBIDF {
		df := make([]float64, buckets)
		seen := map[uint32]bool{}
		for _, d := range docs {
			clear(seen)
			for _, j := range d.idx {
				if !seen[j] {
					seen[j] = true
					df[j]++
				}
			}
		}
		idf = make([]float64, buckets)
		n := float64(len(docs))
		for j, f := range df {
			if f > 0 {
				idf[j] = math.Log((n + 1) / f)
			}
		}
	}
	// Each document's feature values (count × idf), optionally scaled to
	// unit L2 norm times the mean norm.
	vals := make([]map[uint32]float64, len(docs))
	meanNorm := 0.0
	for i, d := range docs {
		v := map[uint32]float64{}
		for n, j := range d.idx {
			x := float64(d.value(n))
			if idf != nil {
				x *= idf[j]
			}
			v[j] += x
		}
		vals[i] = v
		ss := 0.0
		for _, x := range v {
			ss += x * x
		}
		meanNorm += math.Sqrt(ss)
	}
	meanNorm /= float64(max(len(docs), 1))
	count := make([]float64, buckets*NumClasses)
	seen := make([]bool, buckets)
	var total, prior [NumClasses]float64
	var own [NumClasses]bool
	for _, d := range docs {
		for k, t := range d.target {
			own[k] = own[k] || t > 0 && !d.pooled
		}
	}
	for i, d := range docs {
		scale := 1.0
		if opt.NBDocNorm {
			ss := 0.0
			for _, x := range vals[i] {
				ss += x * x
			}
			if ss > 0 {
				scale = meanNorm / math.Sqrt(ss)
			}
		}
		for k, t := range d.target {
			if t == 0 || d.pooled && !own[k] {
				continue
			}
			c := float64(t*d.weight) * scale
			if !d.aid {
				prior[k] += float64(t * d.weight)
			}
			for j, x := range vals[i] {
				total[k] += c * x
				count[int(j)*NumClasses+k] += c * x
			}
		}
		for j := range vals[i] {
			seen[j] = true
		}
	}
	vocab := 0.0
	for _, s := range seen {
		if s {
			vocab++
		}
	}
	grand := 0.0
	for k := range total {
		if own[k] {
			grand += total[k]
		}
	}
	w := make([]float32, len(count))
	for j := range buckets {
		if !seen[j] {
			continue
		}
		var lg [NumClasses]float64
		rowAll := 0.0
		for k := range lg {
			if own[k] {
				rowAll += count[j*NumClasses+k]
			}
		}
		mean, n := 0.0, 0.0
		for k := range lg {
			if opt.NBDirichlet > 0 {
				bg := (rowAll + 0.01) / (grand + 0.01*max(vocab, 1))
				lg[k] = math.Log(count[j*NumClasses+k]+opt.NBDirichlet*bg) - math.Log(total[k]+opt.NBDirichlet)
			} else if opt.NBComplement {
				if !own[k] {
					continue
				}
				lg[k] = -(math.Log(rowAll-count[j*NumClasses+k]+alpha) - math.Log(grand-total[k]+alpha*max(vocab, 1)))
			} else {
				lg[k] = math.Log(count[j*NumClasses+k]+alpha) - math.Log(total[k]+alpha*max(vocab, 1))
			}
			mean += lg[k]
			n++
		}
		mean /= n
		for k := range lg {
			if opt.NBComplement && !own[k] {
				continue
			}
			x := lg[k] - mean
			if idf != nil {
				x *= idf[j]
			}
			w[j*NumClasses+k] = float32(x)
		}
	}
	var bias [NumClasses]float32
	sum := 0.0
	for _, p := range prior {
		sum += p
	}
	present := 0.0
	for _, p := range prior {
		if p > 0 {
			present++
		}
	}
	for k := range bias {
		bias[k] = -1e4
		if prior[k] > 0 {
			bias[k] = float32(math.Log(prior[k] / sum))
			if opt.NBUniformPrior || opt.NBComplement {
				bias[k] = float32(-math.Log(present))
			}
		}
	}
	return w, bias
}

// quantize maps float weights to int8 with one scale, clipping the rare
// weights beyond the 99.999th percentile of magnitudes.
func quantize(w []float32) (float32, []int8) {
	mags := make([]float32, 0, len(w)/8)
	for _, v := range w {
		if v != 0 {
			mags = append(mags, float32(math.Abs(float64(v))))
		}
	}
	q := make([]int8, len(w))
	if len(mags) == 0 {
		return 1, q
	}
	sort.Slice(mags, func(i, j int) bool { return mags[i] < mags[j] })
	limit := mags[min(len(mags)-1, len(mags)*99999/100000)]
	scale := limit / 127
	for i, v := range w {
		x := math.Round(float64(v / scale))
		q[i] = int8(max(-127, min(127, x)))
	}
	return scale, q
}

// fitTemperatures sets the softmax temperature of each script part to
// the one that minimises the negative log-likelihood of the calibration
// examples of that script, by a grid search (deterministic, and the
// likelihood is smooth in the temperature).
func fitTemperatures(m *Model, calib []Example) {
	type row struct {
		logits [NumClasses]float64
		target [NumClasses]float32
	}
	var rows [numParts][]row
	var probs [NumClasses]float64
	for s := range m.parts {
		m.parts[s].temperature = 1
	}
	var b bag
	for _, ex := range calib {
		if !m.Probabilities(ex.Input, &probs) {
			continue
		}
		b.reset()
		m.feat.featurize(&b, ex.Input, m.titleRepeat)
		var r row
		for k, p := range probs {
			r.logits[k] = math.Log(max(p, 1e-300))
		}
		r.target = ex.Target
		rows[b.part] = append(rows[b.part], r)
	}
	for s := range rows {
		if len(rows[s]) == 0 {
			continue
		}
		best, bestT := math.Inf(1), 1.0
		for t := 0.2; t <= 500; t *= 1.03 {
			nll := 0.0
			var lt, p [NumClasses]float64
			for i := range rows[s] {
				for k := range lt {
					lt[k] = rows[s][i].logits[k] / t
				}
				softmax(lt[:], p[:])
				for k, y := range rows[s][i].target {
					if y > 0 {
						nll -= float64(y) * math.Log(max(p[k], 1e-12))
					}
				}
			}
			if nll < best {
				best, bestT = nll, t
			}
		}
		m.parts[s].temperature = float32(bestT)
	}
}

// CalibrateLike gives m the softmax temperatures of from, part by part. A
// model trained on every labelled document has no held-out data left to
// fit its temperatures on; it takes those of the same model trained
// without the dev split, which were fitted on it.
func (m *Model) CalibrateLike(from *Model) {
	for s := range m.parts {
		m.parts[s].temperature = from.parts[s].temperature
	}
}

// Temperatures returns the softmax temperature of each language part
// (Arabic, English, French).
func (m *Model) Temperatures() [numParts]float32 {
	var t [numParts]float32
	for s := range m.parts {
		t[s] = m.parts[s].temperature
	}
	return t
}

// selectFeatures returns docs with only the buckets kept by feature
// selection (NBMinDF, NBSelect): those seen in at least NBMinDF documents
// and, of those, the NBSelect of the highest association with a class —
// chi-square of the 2×2 table of bucket presence and class membership
// (Yang & Pedersen 1997), or with NBSelectIG the information gain of the
// bucket's presence about the class. Counts are document counts, a soft
// target counting its share, weighted by the example weight.
func selectFeatures(docs []tdoc, buckets int, opt TrainOptions) []tdoc {
	df := make([]float64, buckets*NumClasses)
	ndf := make([]int, buckets)
	var nc [NumClasses]float64
	n := 0.0
	seen := map[uint32]bool{}
	for _, d := range docs {
		if d.pooled {
			continue
		}
		clear(seen)
		for _, j := range d.idx {
			seen[j] = true
		}
		for k, t := range d.target {
			if t == 0 {
				continue
			}
			x := float64(t * d.weight)
			nc[k] += x
			n += x
			for j := range seen {
				df[int(j)*NumClasses+k] += x
			}
		}
		for j := range seen {
			ndf[j]++
		}
	}
	keep := make([]bool, buckets)
	type scored struct {
		j int
		s float64
	}
	var cand []scored
	for j := range buckets {
		if ndf[j] == 0 || ndf[j] < opt.NBMinDF {
			continue
		}
		a := df[j*NumClasses : j*NumClasses+NumClasses]
		dj := 0.0
		for _, x := range a {
			dj += x
		}
		best := 0.0
		if opt.NBSelectIG {
			best = infoGain(a, nc[:], dj, n)
		} else {
			for k, x := range a {
				if nc[k] == 0 {
					continue
				}
				// 2×2 table: A present in class, B present elsewhere, C
				// absent in class, D absent elsewhere.
				A, B := x, dj-x
				C, D := nc[k]-x, n-nc[k]-(dj-x)
				den := (A + C) * (B + D) * (A + B) * (C + D)
				if den > 0 {
					best = max(best, n*(A*D-C*B)*(A*D-C*B)/den)
				}
			}
		}
		cand = append(cand, scored{j, best})
	}
	if opt.NBSelect > 0 && len(cand) > opt.NBSelect {
		sort.SliceStable(cand, func(a, b int) bool { return cand[a].s > cand[b].s })
		cand = cand[:opt.NBSelect]
	}
	for _, c := range cand {
		keep[c.j] = true
	}
	out := make([]tdoc, 0, len(docs))
	for _, d := range docs {
		e := d
		e.idx, e.val = nil, nil
		for i, j := range d.idx {
			if !keep[j] {
				continue
			}
			e.idx = append(e.idx, j)
			if len(d.val) > 0 {
				e.val = append(e.val, d.val[i])
			}
		}
		out = append(out, e)
	}
	return out
}

// infoGain returns the information gain about the class of a bucket's
// presence, from its document counts per class a (dj in all), the class
// counts nc and the n documents.
func infoGain(a, nc []float64, dj, n float64) float64 {
	h := func(p float64) float64 {
		if p <= 0 {
			return 0
		}
		return -p * math.Log(p)
	}
	g := 0.0
	for k := range nc {
		if nc[k] == 0 {
			continue
		}
		g += h(nc[k] / n)
		if dj > 0 {
			g -= dj / n * h(a[k]/dj)
		}
		if n-dj > 0 {
			g -= (n - dj) / n * h((nc[k]-a[k])/(n-dj))
		}
	}
	return g
}

// bagNB returns the mean of the naive Bayes weights w and biases of all
// the documents and those of opt.NBBags-1 bootstrap replicates of docs
// (each document weighted by a Poisson(1) draw). A class without
// documents in a replicate keeps the full model's weights there.
func bagNB(docs []tdoc, buckets int, opt TrainOptions, w []float32, bias [NumClasses]float32) ([]float32, [NumClasses]float32) {
	rng := rand.New(rand.NewPCG(opt.Seed, 0xba95))
	sum := make([]float64, len(w))
	for i, x := range w {
		sum[i] = float64(x)
	}
	var bsum [NumClasses]float64
	for k, b := range bias {
		bsum[k] = float64(b)
	}
	rep := make([]tdoc, 0, len(docs))
	for range opt.NBBags - 1 {
		rep = rep[:0]
		for _, d := range docs {
			// Poisson(1) by inversion.
			n, p, u := 0, math.Exp(-1), rng.Float64()
			for c := p; u > c; c += p {
				n++
				p /= float64(n)
			}
			if n == 0 {
				continue
			}
			d.weight *= float32(n)
			rep = append(rep, d)
		}
		bw, bb := trainNBVariant(rep, buckets, opt)
		for i := range sum {
			sum[i] += float64(bw[i])
		}
		for k := range bsum {
			if bb[k] > absentBias && bias[k] > absentBias {
				bsum[k] += float64(bb[k])
			} else {
				bsum[k] += float64(bias[k])
			}
		}
	}
	out := make([]float32, len(w))
	for i, x := range sum {
		out[i] = float32(x / float64(opt.NBBags))
	}
	var ob [NumClasses]float32
	for k, x := range bsum {
		ob[k] = float32(x / float64(opt.NBBags))
	}
	return out, ob
}
