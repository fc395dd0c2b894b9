package main

import (
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"sort"

	"github.com/newsenrich/newsenrich/processor/topics"
)

// fallbackGrid is the settings of the absent-class fallback that
// --cv-fallback-grid scores; the first turns it off.
func fallbackGrid() []topics.Fallback {
	grid := []topics.Fallback{{}}
	for _, minHits := range []float32{3, 4, 5, 6} {
		for _, margin := range []float32{0.5, 1, 2, 4} {
			for _, kappa := range []float64{0.25, 0.5, 1, 2, 4} {
				grid = append(grid, topics.Fallback{MinHits: minHits, Margin: margin, Kappa: kappa, MaxWords: 400})
			}
		}
	}
	return grid
}

// fallbackScore is the cross-validated score of one fallback setting.
type fallbackScore struct {
	f topics.Fallback
	// f1 is the mean macro-F1 over the repetitions, per corpus.
	f1 map[string]float64
	// right and total count the check-set documents whose top topic is
	// one of their labels, summed over the repetitions.
	right, total int
}

// crossValidateFallback trains k fold models of the English and French
// parts reps times (the folds of crossValidateTopics) and scores every
// fallback setting of grid on the held-out folds (each fold model's
// temperature fit, as the shipped model's, on the held-out half of the
// MasakhaNEWS dev file, which the fallback's uncertainty gate reads): the macro-F1 of the
// corpus's gold classes, and the accuracy on the check-set documents
// (keyed by topics.CheckKey) with their hand labels. It prints one line
// per setting, best check-set accuracy first.
//
// weakShare > 0 also labels the training-fold documents dense in the seed
// terms of one class absent from the corpus (weakLabel) as that class for
// this share of their target, the gold class for the rest (weak
// supervision). The translated aids of the corpus's language (--xling-*)
// train every fold.
func crossValidateFallback(ctx context.Context, docs []topics.CorpusDoc, aids []topics.Example, k, reps int, check map[string][]string, grid []topics.Fallback, opt topics.TrainOptions, weakShare float32) error {
	lex := topics.NewLexicon()
	scores := make([]fallbackScore, len(grid))
	for i, f := range grid {
		scores[i] = fallbackScore{f: f, f1: map[string]float64{}}
	}
	corpora := []string{topics.CorpusMasakhaEng, topics.CorpusMasakhaFra}
	for _, c := range corpora {
		type item struct {
			in     topics.Input
			gold   string
			labels []string
			fold   int
		}
		for rep := range reps {
			var items []item
			var calib []topics.Example
			for _, d := range docs {
				if m, _ := topics.MapCategory(d.Corpus, d.Category); d.Corpus == c && !d.Train && m.Gold != "" {
					calib = append(calib, topics.Example{Input: topics.Input{Title: d.Title, Story: []string{d.Text}}, Target: oneHot(m.Gold), Weight: 1})
				}
				m, _ := topics.MapCategory(d.Corpus, d.Category)
				if d.Corpus != c || !d.Train || m.Gold == "" {
					continue
				}
				h := fnv.New32a()
				if rep > 0 {
					fmt.Fprintf(h, "%d|", rep)
				}
				h.Write([]byte(d.ID))
				items = append(items, item{topics.Input{Title: d.Title, Story: []string{d.Text}}, m.Gold, check[topics.CheckKey(d.Corpus, d.ID)], int(h.Sum32() % uint32(k))})
			}
			tp := make([]map[string]int, len(grid))
			fp := make([]map[string]int, len(grid))
			fn := make([]map[string]int, len(grid))
			for g := range grid {
				tp[g], fp[g], fn[g] = map[string]int{}, map[string]int{}, map[string]int{}
			}
			var gold [topics.NumClasses]bool
			for _, it := range items {
				gold[slices.Index(topics.Codes(), it.gold)] = true
			}
			weak := 0
			for f := range k {
				var train []topics.Example
				for _, a := range aids {
					if a.Lang == map[string]string{topics.CorpusMasakhaEng: "en", topics.CorpusMasakhaFra: "fr"}[c] {
						train = append(train, a)
					}
				}
				for _, it := range items {
					if it.fold != f {
						t := oneHot(it.gold)
						if weakShare > 0 {
							if a := weakLabel(lex, it.in, gold); a >= 0 {
								for i := range t {
									t[i] *= 1 - weakShare
								}
								t[a] += weakShare
								weak++
							}
						}
						train = append(train, topics.Example{Input: it.in, Target: t, Weight: 1})
					}
				}
				model, err := topics.Train(ctx, train, calib, opt)
				if err != nil {
					return err
				}
				for g, fb := range grid {
					model.SetFallback(fb)
					for _, it := range items {
						if it.fold != f {
							continue
						}
						p := model.Predict(it.in, topics.DefaultThreshold)
						got := ""
						if len(p) > 0 {
							got = p[0].Code
						}
						if got == it.gold {
							tp[g][it.gold]++
						} else {
							fn[g][it.gold]++
							fp[g][got]++
						}
						if len(it.labels) > 0 {
							scores[g].total++
							if slices.Contains(it.labels, got) {
								scores[g].right++
							}
						}
					}
				}
			}
			if weakShare > 0 && rep == 0 {
				fmt.Printf("%s: %d weakly labelled training examples over %d folds\n", c, weak, k)
			}
			for g := range grid {
				sum, n := 0.0, 0
				for _, code := range topics.Codes() {
					if tp[g][code]+fn[g][code] == 0 {
						continue
					}
					sum += 2 * float64(tp[g][code]) / float64(2*tp[g][code]+fp[g][code]+fn[g][code])
					n++
				}
				scores[g].f1[c] += sum / float64(max(n, 1)) / float64(reps)
			}
		}
	}
	sort.SliceStable(scores, func(i, j int) bool { return scores[i].right > scores[j].right })
	for _, s := range scores {
		fmt.Printf("fallback min-hits %g margin %g kappa %g max-words %d: check %d/%d = %.3f, cv macro-F1 en %.4f fr %.4f\n",
			s.f.MinHits, s.f.Margin, s.f.Kappa, s.f.MaxWords, s.right, s.total, float64(s.right)/float64(max(s.total, 1)), s.f1[corpora[0]], s.f1[corpora[1]])
	}
	return nil
}

// oneHot is the target of a gold code.
func oneHot(code string) [topics.NumClasses]float32 {
	var t [topics.NumClasses]float32
	for i, c := range topics.Codes() {
		if c == code {
			t[i] = 1
		}
	}
	return t
}

// weakLabel returns the class absent from the corpus (gold false) whose
// seed terms occur at least 6 times in the title (twice) and the first 400
// words of in, and at least twice as often as those of any other class;
// -1 if none.
func weakLabel(lex *topics.Lexicon, in topics.Input, gold [topics.NumClasses]bool) int {
	var c [topics.NumClasses]float32
	lex.Count(in.Title, 100, 2, &c)
	for _, s := range in.Story {
		lex.Count(s, 400, 1, &c)
	}
	best := -1
	for k, v := range c {
		if !gold[k] && (best < 0 || v > c[best]) {
			best = k
		}
	}
	if best < 0 || c[best] < 6 {
		return -1
	}
	for k, v := range c {
		if k != best && 2*v > c[best] {
			return -1
		}
	}
	return best
}
