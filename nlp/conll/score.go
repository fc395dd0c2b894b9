package conll

// Scorer accumulates exact-span matches between gold and predicted
// entities. The zero value is ready to use.
type Scorer struct {
	counts map[string]*counts
}

type counts struct{ tp, fp, fn int }

// Metrics are precision, recall and F1 (fractions in [0, 1]) and the number
// of gold entities.
type Metrics struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int     `json:"support"`
}

// Add scores the predicted spans of one sentence against its gold spans. A
// prediction is correct when a gold span has the same start, end and type.
func (s *Scorer) Add(gold, pred []Span) {
	if s.counts == nil {
		s.counts = make(map[string]*counts, len(Types))
	}
	get := func(t string) *counts {
		c := s.counts[t]
		if c == nil {
			c = &counts{}
			s.counts[t] = c
		}
		return c
	}
	matched := make([]bool, len(gold))
	for _, p := range pred {
		hit := false
		for j, g := range gold {
			if !matched[j] && g == p {
				matched[j], hit = true, true
				break
			}
		}
		if hit {
			get(p.Type).tp++
		} else {
			get(p.Type).fp++
		}
	}
	for j, g := range gold {
		if !matched[j] {
			get(g.Type).fn++
		}
	}
}

// Type returns the metrics of one entity type.
func (s *Scorer) Type(t string) Metrics {
	c := s.counts[t]
	if c == nil {
		return Metrics{}
	}
	return metrics(*c)
}

// Micro returns the metrics micro-averaged over PER, ORG and LOC.
func (s *Scorer) Micro() Metrics {
	var sum counts
	for _, t := range Types {
		if c := s.counts[t]; c != nil {
			sum.tp += c.tp
			sum.fp += c.fp
			sum.fn += c.fn
		}
	}
	return metrics(sum)
}

func metrics(c counts) Metrics {
	m := Metrics{Support: c.tp + c.fn}
	if c.tp+c.fp > 0 {
		m.Precision = float64(c.tp) / float64(c.tp+c.fp)
	}
	if c.tp+c.fn > 0 {
		m.Recall = float64(c.tp) / float64(c.tp+c.fn)
	}
	if m.Precision+m.Recall > 0 {
		m.F1 = 2 * m.Precision * m.Recall / (m.Precision + m.Recall)
	}
	return m
}
