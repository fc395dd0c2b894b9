// Package processor defines the stage interface every enrichment step
// implements and the pipeline that runs the stages in order over a
// document.
//
// Data flows one way: a decoded article becomes a Document, each stage
// reads what earlier stages left in it and adds its own results, and the
// pipeline returns the finished record.
package processor

import (
	"context"
	"fmt"
	"runtime/debug"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/nlp/tokenize"
	"github.com/newsenrich/newsenrich/record"
)

// Stage is one step of enrichment.
type Stage interface {
	// Name identifies the stage in metrics, logs and dead letters: short,
	// lower case, constant.
	Name() string
	// Process adds the stage's results to doc. An error fails the article,
	// which goes to the dead-letter topic; stages return errors only for
	// input they cannot handle, never for an empty result.
	Process(ctx context.Context, doc *Document) error
}

// Document is an article being enriched: the input, the analyses that
// stages share, and the record being built.
//
// Internal analyses (Norm, Tokens, Sentences, Sections) use byte offsets
// into Text. Everything written into Record uses code-point offsets, as the
// contract says: convert with CodePoint.
type Document struct {
	// Input is the decoded article.
	Input article.Article
	// MessageTime is the Kafka message timestamp, zero outside Kafka.
	MessageTime time.Time
	// Text is the article text every offset refers to: Input.Text, or the
	// text extracted from Input.HTML.
	Text string
	// Norm is the matching form of Text with its offset map.
	Norm *normalize.Text
	// Tokens are the tokens of Text.
	Tokens []tokenize.Token
	// Sentences are byte spans of Text.
	Sentences []Span
	// Sections are the page roles of byte spans of Text, in order and
	// without overlap. Only white space lies between them; SectionAt
	// reports such gaps as body.
	Sections []Section
	// DatelinePlace is the byte span of Text that the dateline stage read
	// as the dateline's place ("MARCIAC" in "MARCIAC (Gers), 20 juillet
	// -"); zero when the story has no dateline place.
	DatelinePlace Span
	// Record is the output being built.
	Record record.Record

	// cpIndex[b] is the number of runes that start before byte b*cpBlock
	// of Text, built on demand; cpValid reports whether Text is valid
	// UTF-8 (only then does cpIndex serve).
	cpIndex []int32
	cpValid bool
	// runeIndex is the byte offset of every runeStride-th rune, built on
	// demand for offsets cpIndex does not serve.
	runeIndex []int32
}

// Span is a byte span [Start, End) of Document.Text.
type Span struct{ Start, End int }

// Section is a byte span of Document.Text with its kind (record.Kind*).
type Section struct {
	Kind       string
	Start, End int
}

// NewDocument returns a document for a decoded article. The text is the
// article's text; a stage that extracts text from HTML replaces it.
func NewDocument(a article.Article, messageTime time.Time) *Document {
	d := &Document{Input: a, MessageTime: messageTime, Text: a.Text}
	d.Record = record.Record{
		SchemaVersion: record.SchemaVersion,
		ID:            a.StableID(),
		URL:           a.URL,
		Title:         a.Title,
		Language:      record.Language{Code: "und"},
		Sections:      []record.Section{},
		Topics:        []record.Topic{},
		Entities:      []record.Entity{},
		Temporal:      []record.Temporal{},
	}
	if !a.PublishedAt.IsZero() {
		d.Record.PublishedAt = a.PublishedAt.Format(time.RFC3339)
	}
	return d
}

// SetText replaces the document text (after HTML extraction) and drops
// analyses of the old text.
func (d *Document) SetText(text string) {
	d.Text = text
	d.Norm, d.Tokens, d.Sentences, d.Sections = nil, nil, nil, nil
	d.cpIndex, d.cpValid, d.runeIndex = nil, false, nil
}

// CodePoint converts a byte offset into Text to a code-point offset:
// utf8.RuneCountInString(Text[:byteOffset]), with the offset clamped to the
// text.
//
// In valid UTF-8 text, at a rune boundary, that is the number of bytes
// before the offset that start a rune (are no continuation byte): a table
// built once per document holds it for every cpBlock-th byte, and the
// bytes from there are counted eight at a time. Other offsets (within a
// rune, or in text that is not valid UTF-8) count runes from an index of
// every runeStride-th rune.
func (d *Document) CodePoint(byteOffset int) int {
	if byteOffset <= 0 {
		return 0
	}
	s := d.Text
	if byteOffset >= len(s) {
		byteOffset = len(s)
	}
	if d.cpIndex == nil {
		d.buildCPIndex()
	}
	if d.cpValid && (byteOffset == len(s) || s[byteOffset]&0xC0 != 0x80) {
		b := byteOffset / cpBlock
		return int(d.cpIndex[b]) + runeStarts(s, b*cpBlock, byteOffset)
	}
	return d.codePointByRunes(byteOffset)
}

// cpBlock is the spacing in bytes of Document.cpIndex.
const cpBlock = 32

// buildCPIndex builds cpIndex and finds cpValid, from the matching form
// when it was folded from Text (folding checks UTF-8 at no cost).
func (d *Document) buildCPIndex() {
	s := d.Text
	if d.Norm != nil && d.Norm.Orig == s {
		d.cpValid = d.Norm.ValidUTF8()
	} else {
		d.cpValid = utf8.ValidString(s)
	}
	idx := make([]int32, len(s)/cpBlock+1)
	n := 0
	for b := 1; b < len(idx); b++ {
		p := (b - 1) * cpBlock
		c := continuations(s, p) + continuations(s, p+8) + continuations(s, p+16) + continuations(s, p+24)
		n += cpBlock - byteSum(c)
		idx[b] = int32(n)
	}
	d.cpIndex = idx
}

// runeStarts returns the number of bytes of s[i:j] that are no UTF-8
// continuation byte (10xxxxxx), the number of runes of s[i:j] when it is
// valid UTF-8, for 0 <= i <= j <= len(s) and j-i < 256. It reads eight
// bytes at a time, the last eight masked when s has them.
func runeStarts(s string, i, j int) int {
	n := j - i
	var c uint64
	for ; i+8 <= j; i += 8 {
		c += continuations(s, i)
	}
	if i < j {
		if i+8 <= len(s) {
			c += continuations(s, i) & (1<<(8*(j-i)) - 1)
		} else {
			for ; i < j; i++ {
				if s[i]&0xC0 == 0x80 {
					n--
				}
			}
		}
	}
	return n - byteSum(c)
}

// continuations returns a word whose k-th byte is 1 when s[i+k] is a UTF-8
// continuation byte and 0 otherwise, for k < 8.
func continuations(s string, i int) uint64 {
	s = s[i : i+8]
	w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	// Bit 7 of each byte of w &^ (w << 1) is its bit 7 and not its bit 6.
	return (w &^ (w << 1)) >> 7 & 0x0101010101010101
}

// byteSum returns the sum of the bytes of c when it is below 256.
func byteSum(c uint64) int { return int(c * 0x0101010101010101 >> 56) }

// codePointByRunes is CodePoint for 0 < byteOffset <= len(Text), counted
// from the last index entry at or before it.
func (d *Document) codePointByRunes(byteOffset int) int {
	if d.runeIndex == nil {
		d.buildRuneIndex()
	}
	// The last index entry at or before byteOffset (entry 0 is 0).
	lo, hi := 1, len(d.runeIndex)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if int(d.runeIndex[h]) <= byteOffset {
			lo = h + 1
		} else {
			hi = h
		}
	}
	k := lo - 1
	return k*runeStride + utf8.RuneCountInString(d.Text[d.runeIndex[k]:byteOffset])
}

const runeStride = 64

// buildRuneIndex records the byte offset of every runeStride-th rune,
// stepping over runes as "for range" does (an invalid byte is one rune).
func (d *Document) buildRuneIndex() {
	s := d.Text
	idx := make([]int32, 0, len(s)/runeStride/2+1)
	n := 0
	for i := 0; i < len(s); n++ {
		if n%runeStride == 0 {
			idx = append(idx, int32(i))
		}
		switch c := s[i]; {
		case c < utf8.RuneSelf:
			i++
		case c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			i += 2
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
	}
	if len(idx) == 0 {
		idx = append(idx, 0)
	}
	d.runeIndex = idx
}

// SectionAt returns the kind of the section holding byte offset off, or
// record.KindBody when no sections were computed.
func (d *Document) SectionAt(off int) string {
	i := sort.Search(len(d.Sections), func(i int) bool { return d.Sections[i].End > off })
	if i < len(d.Sections) && d.Sections[i].Start <= off {
		return d.Sections[i].Kind
	}
	return record.KindBody
}

// Observer is told how long each stage took; the service records it as a
// histogram. A nil Observer is allowed.
type Observer interface {
	ObserveStage(stage string, d time.Duration, err error)
}

// Pipeline runs stages in order.
type Pipeline struct {
	stages   []Stage
	observer Observer
}

// New returns a pipeline of the given stages, run in the order given.
func New(obs Observer, stages ...Stage) *Pipeline {
	return &Pipeline{stages: stages, observer: obs}
}

// Stages returns the names of the pipeline's stages in order.
func (p *Pipeline) Stages() []string {
	names := make([]string, len(p.stages))
	for i, s := range p.stages {
		names[i] = s.Name()
	}
	return names
}

// StageError is a failure of one stage on one article.
type StageError struct {
	Stage string
	// Panic is true when the stage panicked; the panic was recovered.
	Panic bool
	Err   error
}

func (e *StageError) Error() string {
	if e.Panic {
		return fmt.Sprintf("stage %s panicked: %v", e.Stage, e.Err)
	}
	return fmt.Sprintf("stage %s: %v", e.Stage, e.Err)
}

func (e *StageError) Unwrap() error { return e.Err }

// Process runs every stage over doc. It stops at the first stage that
// fails or panics and returns a *StageError naming it.
func (p *Pipeline) Process(ctx context.Context, doc *Document) error {
	for _, s := range p.stages {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := p.run(ctx, s, doc); err != nil {
			return err
		}
	}
	return nil
}

func (p *Pipeline) run(ctx context.Context, s Stage, doc *Document) (err error) {
	start := time.Now()
	defer func() {
		if r := recover(); r != nil {
			err = &StageError{Stage: s.Name(), Panic: true, Err: fmt.Errorf("%v\n%s", r, debug.Stack())}
		}
		if p.observer != nil {
			p.observer.ObserveStage(s.Name(), time.Since(start), err)
		}
	}()
	if e := s.Process(ctx, doc); e != nil {
		return &StageError{Stage: s.Name(), Err: e}
	}
	return nil
}

// Enrich builds a document for a, runs the pipeline and returns the record.
func (p *Pipeline) Enrich(ctx context.Context, a article.Article, messageTime time.Time) (record.Record, error) {
	doc := NewDocument(a, messageTime)
	if err := p.Process(ctx, doc); err != nil {
		return record.Record{}, err
	}
	return doc.Record, nil
}
