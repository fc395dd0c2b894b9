// Package service is the enrichment loop of newsenrich: each input message
// is decoded, run through the pipeline and published as an enriched record
// — or, when it cannot be enriched, as a dead letter — and only then
// reported done so that its offset can be committed.
//
// It wires a consumer, a pipeline and a producer together and knows neither
// the internals of the NLP stages nor the command line.
package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/segmentio/kafka-go"
	"go.uber.org/zap"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/producer"
	"github.com/newsenrich/newsenrich/record"
)

// Header names of output and dead-letter messages.
const (
	HeaderSchemaVersion   = "schema_version"
	HeaderContentType     = "content_type"
	HeaderError           = "error"
	HeaderReason          = "reason"
	HeaderStage           = "stage"
	HeaderSourceTopic     = "source_topic"
	HeaderSourcePartition = "source_partition"
	HeaderSourceOffset    = "source_offset"
	HeaderValueOmitted    = "value_omitted"
)

// Content types.
const (
	ContentJSON  = "application/json"
	ContentText  = "text/plain; charset=utf-8"
	ContentBytes = "application/octet-stream"
)

// Dead-letter reasons beyond the decoder's (article.Reason*) and stages of
// failures outside the pipeline.
const (
	ReasonStageError     = "stage_error"
	ReasonStagePanic     = "stage_panic"
	ReasonPipeline       = "pipeline_error"
	ReasonEncode         = "encode_error"
	ReasonOutputTooLarge = "output_too_large"
	StageDecode          = "decode"
	StagePipeline        = "pipeline"
	StageEncode          = "encode"
	StageProduce         = "produce"
)

// maxErrorHeader bounds the error header; stack traces of panics are long.
const maxErrorHeader = 2048

// Consumer delivers input messages to a handler; *consumer.Consumer is one.
type Consumer interface {
	Run(ctx context.Context, h func(ctx context.Context, msg kafka.Message) error) error
	Healthy() error
}

// Producer writes messages synchronously; *producer.Producer is one.
type Producer interface {
	Write(ctx context.Context, msgs ...kafka.Message) error
	Healthy() error
}

// Observer is told about the outcome of each message; *metrics.Metrics
// implements it. Nil is allowed.
type Observer interface {
	DeadLettered(reason, stage string)
	ObserveRecord(r *record.Record)
	ObserveProcessing(d time.Duration)
	ObserveEndToEnd(d time.Duration)
	InFlightAdd(delta int)
}

// Config configures a Service.
type Config struct {
	OutputTopic string
	DLQTopic    string
	// MaxMessageBytes is the largest input value accepted; larger ones are
	// dead-lettered. 0 means no limit.
	MaxMessageBytes int
	// Concurrency is how many messages are decoded, enriched and encoded
	// at once — the CPU-bound part of Handle; waiting for the output to be
	// acknowledged does not hold a place. 0 means GOMAXPROCS.
	Concurrency int
}

// Service runs the enrichment loop.
type Service struct {
	cfg  Config
	in   Consumer
	out  Producer
	pipe *processor.Pipeline
	obs  Observer
	log  *zap.Logger
	dec  article.Decoder
	cpu  chan struct{} // places of the CPU-bound part of Handle
	// workers, while Run runs, are the goroutines that do the CPU-bound
	// part of Handle (see startWorkers).
	workers atomic.Pointer[workerPool]
	// headers of every output record, shared: the producer only reads them
	headers []kafka.Header

	sizeHint atomic.Int64 // capacity of the next record's buffer
	running  atomic.Bool
	stopping atomic.Bool
}

// New returns a service.
func New(cfg Config, in Consumer, out Producer, pipe *processor.Pipeline, obs Observer, log *zap.Logger) *Service {
	if log == nil {
		log = zap.NewNop()
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = runtime.GOMAXPROCS(0)
	}
	return &Service{cfg: cfg, in: in, out: out, pipe: pipe, obs: obs, log: log,
		dec: article.Decoder{MaxBytes: cfg.MaxMessageBytes}, cpu: make(chan struct{}, cfg.Concurrency),
		headers: []kafka.Header{
			{Key: HeaderSchemaVersion, Value: []byte(record.SchemaVersion)},
			{Key: HeaderContentType, Value: []byte(ContentJSON)},
		}}
}

// Run processes messages until ctx is done, then drains: messages in
// flight are finished and published, their offsets committed. It returns
// nil after a clean shutdown.
func (s *Service) Run(ctx context.Context) error {
	s.running.Store(true)
	defer s.running.Store(false)
	context.AfterFunc(ctx, func() { s.stopping.Store(true) })
	stop := s.startWorkers()
	defer stop()
	return s.in.Run(ctx, s.Handle)
}

// workerPool is a pool of goroutines, one per place of Handle's CPU-bound
// part, that decode, process and encode messages for Handle.
//
// The consumer runs each message's Handle on a goroutine of its own, whose
// stack starts small: deep in decoding and NER tagging it grew by copying,
// several times per message, and the runtime's frame walks of those copies
// cost about 1% of the service's CPU. The workers' stacks stay grown from
// one message to the next; handing a message over costs two channel
// operations.
type workerPool struct {
	jobs chan job
	done chan struct{} // closed when Run ends: the workers exit
}

// job is one message for a worker and where its result goes.
type job struct {
	ctx   context.Context
	msg   kafka.Message
	reply chan result
}

// result is what enrich returns.
type result struct {
	out   kafka.Message
	r     *record.Record
	fault *fault
}

// startWorkers starts the workers and returns the function that stops
// them. There are as many as places in s.cpu, so a Handle holding a place
// always finds a worker free or about to be.
func (s *Service) startWorkers() (stop func()) {
	w := &workerPool{jobs: make(chan job), done: make(chan struct{})}
	for range cap(s.cpu) {
		go func() {
			for {
				select {
				case j := <-w.jobs:
					out, r, f := s.enrich(j.ctx, j.msg)
					j.reply <- result{out, r, f}
				case <-w.done:
					return
				}
			}
		}()
	}
	s.workers.Store(w)
	return func() {
		s.workers.CompareAndSwap(w, nil)
		close(w.done)
	}
}

// enrichOnWorker is enrich on one of the workers while Run runs, else on
// the calling goroutine.
func (s *Service) enrichOnWorker(ctx context.Context, msg kafka.Message) (kafka.Message, *record.Record, *fault) {
	if w := s.workers.Load(); w != nil {
		j := job{ctx: ctx, msg: msg, reply: make(chan result, 1)}
		select {
		case w.jobs <- j:
			res := <-j.reply
			return res.out, res.r, res.fault
		case <-w.done:
		}
	}
	return s.enrich(ctx, msg)
}

// Ready returns nil when the service is running, a member of its group,
// fetching and able to write; else why not.
func (s *Service) Ready() error {
	switch {
	case s.stopping.Load():
		return errors.New("shutting down")
	case !s.running.Load():
		return errors.New("not running")
	}
	if err := s.in.Healthy(); err != nil {
		return err
	}
	return s.out.Healthy()
}

// Handle processes one message and returns nil once its record or dead
// letter is acknowledged. It returns an error only when ctx ends first. It
// is safe to call from many goroutines: at most Config.Concurrency of them
// decode, enrich and encode at once, while any number wait for their
// writes to be acknowledged.
func (s *Service) Handle(ctx context.Context, msg kafka.Message) error {
	if s.obs != nil {
		s.obs.InFlightAdd(1)
		defer s.obs.InFlightAdd(-1)
	}
	select {
	case s.cpu <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("waiting to process: %w", ctx.Err())
	}
	out, r, fault := s.enrichOnWorker(ctx, msg)
	<-s.cpu
	if fault != nil {
		if fault.ctxErr != nil {
			return fault.ctxErr
		}
		return s.deadLetter(ctx, msg, fault.reason, fault.stage, fault.err)
	}
	if err := s.out.Write(ctx, out); err != nil {
		if errors.Is(err, producer.ErrTooLarge) {
			return s.deadLetter(ctx, msg, ReasonOutputTooLarge, StageProduce, err)
		}
		return err
	}
	if s.obs != nil {
		s.obs.ObserveRecord(r)
		s.observeLatency(msg)
	}
	return nil
}

// fault is why a message was not enriched: a dead letter's reason, stage
// and error, or ctxErr when processing was cut short.
type fault struct {
	reason, stage string
	err           error
	ctxErr        error
}

// enrich decodes, processes and encodes msg: the output message and its
// record, or why there is none.
func (s *Service) enrich(ctx context.Context, msg kafka.Message) (kafka.Message, *record.Record, *fault) {
	a, err := s.dec.Decode(msg.Value)
	if err != nil {
		return kafka.Message{}, nil, &fault{reason: article.Reason(err), stage: StageDecode, err: err}
	}
	start := time.Now()
	doc := processor.NewDocument(a, msg.Time)
	err = s.pipe.Process(ctx, doc)
	if s.obs != nil {
		s.obs.ObserveProcessing(time.Since(start))
	}
	if err != nil {
		if ctx.Err() != nil {
			return kafka.Message{}, nil, &fault{ctxErr: fmt.Errorf("processing cut short: %w", ctx.Err())}
		}
		var se *processor.StageError
		switch {
		case errors.As(err, &se) && se.Panic:
			s.log.Error("stage panicked", zap.String("stage", se.Stage), zap.Int("partition", msg.Partition),
				zap.Int64("offset", msg.Offset), zap.Error(se.Err))
			return kafka.Message{}, nil, &fault{reason: ReasonStagePanic, stage: se.Stage, err: err}
		case errors.As(err, &se):
			return kafka.Message{}, nil, &fault{reason: ReasonStageError, stage: se.Stage, err: err}
		default:
			return kafka.Message{}, nil, &fault{reason: ReasonPipeline, stage: StagePipeline, err: err}
		}
	}
	if strings.TrimSpace(doc.Text) == "" {
		// A page whose extraction found no text: a record would claim an
		// enrichment of nothing.
		return kafka.Message{}, nil, &fault{reason: article.ReasonEmpty, stage: StagePipeline,
			err: errors.New("no article text left after extraction")}
	}
	value, err := doc.Record.AppendJSON(make([]byte, 0, s.sizeHint.Load()))
	if err != nil {
		return kafka.Message{}, nil, &fault{reason: ReasonEncode, stage: StageEncode, err: err}
	}
	// Most records fit the next one's buffer at the first try.
	s.sizeHint.Store(int64(len(value) + len(value)/4))
	return kafka.Message{
		Topic:   s.cfg.OutputTopic,
		Key:     []byte(doc.Record.ID),
		Value:   value,
		Headers: s.headers,
	}, &doc.Record, nil
}

func (s *Service) observeLatency(msg kafka.Message) {
	if !msg.Time.IsZero() {
		if d := time.Since(msg.Time); d >= 0 {
			s.obs.ObserveEndToEnd(d)
		}
	}
}

// deadLetter publishes the original value with why it failed.
func (s *Service) deadLetter(ctx context.Context, msg kafka.Message, reason, stage string, cause error) error {
	if reason == "" {
		reason = "invalid"
	}
	errText := cause.Error()
	if len(errText) > maxErrorHeader {
		errText = truncate(errText, maxErrorHeader)
	}
	dl := kafka.Message{
		Topic: s.cfg.DLQTopic,
		Key:   msg.Key,
		Value: msg.Value,
		Headers: []kafka.Header{
			{Key: HeaderSchemaVersion, Value: []byte(record.SchemaVersion)},
			{Key: HeaderContentType, Value: []byte(contentType(msg.Value))},
			{Key: HeaderError, Value: []byte(errText)},
			{Key: HeaderReason, Value: []byte(reason)},
			{Key: HeaderStage, Value: []byte(stage)},
			{Key: HeaderSourceTopic, Value: []byte(msg.Topic)},
			{Key: HeaderSourcePartition, Value: []byte(strconv.Itoa(msg.Partition))},
			{Key: HeaderSourceOffset, Value: []byte(strconv.FormatInt(msg.Offset, 10))},
		},
	}
	err := s.out.Write(ctx, dl)
	if errors.Is(err, producer.ErrTooLarge) {
		// The dead-letter topic refuses the value itself: keep the
		// evidence (headers) and say the value was left out.
		dl.Value = nil
		dl.Headers = append(dl.Headers, kafka.Header{Key: HeaderValueOmitted, Value: []byte(strconv.Itoa(len(msg.Value)))})
		err = s.out.Write(ctx, dl)
	}
	if err != nil {
		return fmt.Errorf("dead-letter %s/%d@%d: %w", msg.Topic, msg.Partition, msg.Offset, err)
	}
	if s.obs != nil {
		s.obs.DeadLettered(reason, stage)
		s.observeLatency(msg)
	}
	s.log.Warn("input dead-lettered", zap.String("reason", reason), zap.String("stage", stage),
		zap.Int("partition", msg.Partition), zap.Int64("offset", msg.Offset), zap.String("error", truncate(errText, 300)))
	return nil
}

func contentType(v []byte) string {
	switch {
	case !utf8.Valid(v):
		return ContentBytes
	case json.Valid(v):
		return ContentJSON
	}
	return ContentText
}

// truncate cuts s to at most n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
