package topics

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"sync"
)

//go:embed model.bin.gz
var embeddedModel []byte

// DefaultThreshold is the calibrated probability above which a topic is
// reported besides the best one. Probabilities are a softmax over the 17
// classes, so at most four topics can pass it; the best topic is always
// reported.
const DefaultThreshold = 0.2

// Prediction is one topic with its calibrated probability.
type Prediction struct {
	Code  string
	Label string
	Score float64
}

// Model is a multinomial logistic regression over hashed word features,
// with int8 weights. It is safe for concurrent use.
type Model struct {
	feat        featurizer
	bits        uint8
	scale       float32 // weight = int8 * scale
	temperature float32 // logits are divided by it (calibration)
	bias        [numScripts][NumClasses]float32
	w           []int8 // bucket*NumClasses + class
	titleRepeat int

	bags sync.Pool // *bag
}

// Load returns the model embedded in the binary, trained by
// "newsenrich-train topics".
func Load() (*Model, error) {
	return Decode(bytes.NewReader(embeddedModel))
}

const magic = "NETOPIC1"

// Encode writes the model in its gzip-compressed binary form.
func (m *Model) Encode(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("topics: encode: %w", err)
	}
	var hdr bytes.Buffer
	hdr.WriteString(magic)
	le := binary.LittleEndian
	hdr.WriteByte(m.bits)
	hdr.WriteByte(byte(NumClasses))
	hdr.WriteByte(byte(m.titleRepeat))
	hdr.Write(le.AppendUint32(nil, uint32(m.feat.maxWords)))
	hdr.Write(le.AppendUint32(nil, math.Float32bits(m.scale)))
	hdr.Write(le.AppendUint32(nil, math.Float32bits(m.temperature)))
	for s := range m.bias {
		for _, b := range m.bias[s] {
			hdr.Write(le.AppendUint32(nil, math.Float32bits(b)))
		}
	}
	if _, err := zw.Write(hdr.Bytes()); err != nil {
		return fmt.Errorf("topics: encode: %w", err)
	}
	raw := make([]byte, len(m.w))
	for i, v := range m.w {
		raw[i] = byte(v)
	}
	if _, err := zw.Write(raw); err != nil {
		return fmt.Errorf("topics: encode: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("topics: encode: %w", err)
	}
	return nil
}

// Decode reads a model written by Encode.
func Decode(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("topics: decode model: %w", err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("topics: decode model: %w", err)
	}
	le := binary.LittleEndian
	hlen := len(magic) + 3 + 4*3 + 4*numScripts*NumClasses
	if len(data) < hlen || string(data[:len(magic)]) != magic {
		return nil, errors.New("topics: decode model: not a topic model")
	}
	p := len(magic)
	m := &Model{bits: data[p]}
	if data[p+1] != byte(NumClasses) || m.bits < 8 || m.bits > 24 {
		return nil, errors.New("topics: decode model: unsupported layout")
	}
	m.titleRepeat = int(data[p+2])
	p += 3
	m.feat = featurizer{mask: 1<<m.bits - 1, maxWords: int(le.Uint32(data[p:]))}
	m.scale = math.Float32frombits(le.Uint32(data[p+4:]))
	m.temperature = math.Float32frombits(le.Uint32(data[p+8:]))
	p += 12
	for s := range m.bias {
		for k := range m.bias[s] {
			m.bias[s][k] = math.Float32frombits(le.Uint32(data[p:]))
			p += 4
		}
	}
	if len(data)-p != (1<<m.bits)*NumClasses {
		return nil, errors.New("topics: decode model: truncated weights")
	}
	m.w = make([]int8, len(data)-p)
	for i, b := range data[p:] {
		m.w[i] = int8(b)
	}
	return m, nil
}

// Input is the text a model classifies: the title and the story.
type Input struct {
	Title string
	// Story holds the story's pieces (lead, body paragraphs) in order.
	Story []string
}

// Predict returns every topic whose probability is at least threshold,
// best first, and always the best one. A text without words gets no topic.
func (m *Model) Predict(in Input, threshold float64) []Prediction {
	var probs [NumClasses]float64
	if !m.Probabilities(in, &probs) {
		return nil
	}
	order := make([]int, NumClasses)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return probs[order[a]] > probs[order[b]] })
	var out []Prediction
	for n, k := range order {
		if n > 0 && probs[k] < threshold {
			break
		}
		out = append(out, Prediction{Code: codes[k], Label: labels[k], Score: math.Round(probs[k]*1e4) / 1e4})
	}
	return out
}

// Probabilities writes the calibrated probability of every class (in the
// order of Codes) to probs and reports whether the input had any words.
func (m *Model) Probabilities(in Input, probs *[NumClasses]float64) bool {
	b, _ := m.bags.Get().(*bag)
	if b == nil {
		b = &bag{idx: make([]uint32, 0, 2048)}
	}
	defer m.bags.Put(b)
	b.reset()
	m.featurize(b, in)
	if len(b.idx) == 0 {
		return false
	}
	var acc [NumClasses]int32
	for _, j := range b.idx {
		row := m.w[int(j)*NumClasses : int(j)*NumClasses+NumClasses]
		for k, v := range row {
			acc[k] += int32(v)
		}
	}
	f := m.scale * b.norm()
	var logits [NumClasses]float64
	for k := range logits {
		logits[k] = float64((m.bias[b.script()][k] + f*float32(acc[k])) / m.temperature)
	}
	softmax(logits[:], probs[:])
	return true
}

func (m *Model) featurize(b *bag, in Input) {
	m.feat.featurize(b, in, m.titleRepeat)
}

func softmax(logits, out []float64) {
	mx := math.Inf(-1)
	for _, v := range logits {
		mx = max(mx, v)
	}
	sum := 0.0
	for k, v := range logits {
		out[k] = math.Exp(v - mx)
		sum += out[k]
	}
	for k := range out {
		out[k] /= sum
	}
}
