package main

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/segmentio/kafka-go"
	"go.uber.org/zap"

	"github.com/newsenrich/newsenrich/config"
	"github.com/newsenrich/newsenrich/consumer"
	"github.com/newsenrich/newsenrich/lag"
	"github.com/newsenrich/newsenrich/metrics"
	"github.com/newsenrich/newsenrich/producer"
	"github.com/newsenrich/newsenrich/server"
	"github.com/newsenrich/newsenrich/service"
)

// runService is the "run" command: the Kafka service.
func runService(ctx context.Context, env *environment, args []string) error {
	cfg := config.Default()
	fs := newFlagSet(env, "run", "[flags]")
	cfg.ServiceFlags(fs)
	if err := cfg.Parse(fs, args, env.getenv); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("run takes no arguments, got %q", fs.Args())}
	}
	log, err := newLogger(cfg, env.stderr)
	if err != nil {
		return err
	}
	defer log.Sync() //nolint:errcheck // nothing to do about a failed flush
	setMemoryLimit(cfg, env, log)
	a, err := newApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	return a.run(ctx, nil)
}

// app is the service with everything around it: metrics, HTTP server,
// lag monitor.
type app struct {
	cfg     config.Config
	log     *zap.Logger
	metrics *metrics.Metrics
	prod    *producer.Producer
	cons    *consumer.Consumer
	svc     *service.Service
	srv     *server.Server
	lag     *lag.Monitor
	stages  []string
}

// newApp builds the service from cfg: loads the pipeline, connects
// nothing yet.
func newApp(ctx context.Context, cfg config.Config, log *zap.Logger) (*app, error) {
	m := metrics.New(metrics.ReadBuildInfo())
	loadStart := time.Now()
	pipe, err := newPipeline(m)
	if err != nil {
		return nil, fmt.Errorf("load pipeline: %w", err)
	}
	m.ObserveModelLoad("pipeline", time.Since(loadStart))
	log.Info("pipeline loaded", zap.Strings("stages", pipe.Stages()), zap.Duration("took", time.Since(loadStart)))

	conn, err := cfg.KafkaConn()
	if err != nil {
		return nil, err
	}
	cons, err := consumer.New(consumerConfig(cfg, conn), m, log.Named("consumer"))
	if err != nil {
		return nil, err
	}
	prod := producer.New(producerConfig(cfg, conn), m, log.Named("producer"))
	svc := service.New(service.Config{OutputTopic: cfg.OutputTopic, DLQTopic: cfg.DLQTopic, MaxMessageBytes: cfg.MaxMessageBytes,
		Concurrency: cfg.Concurrency},
		cons, prod, pipe, m, log.Named("service"))

	startOffset := kafka.FirstOffset
	if cfg.StartOffset == "latest" {
		startOffset = kafka.LastOffset
	}
	mon, err := lag.New(conn.Client(cfg.Brokers), cfg.Group, cfg.InputTopic, m.Registry,
		lag.WithInterval(cfg.LagInterval), lag.WithStallTimeout(cfg.StallTimeout), lag.WithStartOffset(startOffset),
		lag.WithLogger(log.Named("lag")))
	if err != nil {
		prod.Close()
		return nil, fmt.Errorf("lag monitor: %w", err)
	}
	srv := server.New(cfg.HTTPAddr, m.Registry, log.Named("http"))
	if cfg.Pprof {
		srv.EnableProfiling()
	}
	srv.AddCheck("service", svc.Ready)
	srv.AddCheck("lag", mon.Ready)
	m.RegisterReady(srv.Ready)
	return &app{cfg: cfg, log: log, metrics: m, prod: prod, cons: cons, svc: svc, srv: srv, lag: mon, stages: pipe.Stages()}, nil
}

// run serves HTTP, creates topics when asked, and runs the service until
// ctx ends, then shuts down within the shutdown timeout. started, when not
// nil, is called with the HTTP address once listening.
func (a *app) run(ctx context.Context, started func(httpAddr string)) error {
	cfg := a.cfg
	// Never log credentials: only the settings below, none of them secret.
	a.log.Info("starting", zap.Strings("brokers", cfg.Brokers), zap.String("input_topic", cfg.InputTopic),
		zap.String("output_topic", cfg.OutputTopic), zap.String("dlq_topic", cfg.DLQTopic),
		zap.String("group", cfg.Group), zap.Int("concurrency", cfg.Concurrency),
		zap.Int("max_in_flight", cfg.MaxInFlight))
	addr, err := a.srv.Start()
	if err != nil {
		a.prod.Close()
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := a.srv.Shutdown(sctx); err != nil {
			a.log.Warn("http shutdown", zap.Error(err))
		}
	}()
	if started != nil {
		started(addr)
	}
	if cfg.CreateTopics {
		if err := createTopics(ctx, cfg); err != nil {
			a.prod.Close()
			return err
		}
	}
	lagCtx, stopLag := context.WithCancel(context.WithoutCancel(ctx))
	lagDone := make(chan struct{})
	go func() {
		defer close(lagDone)
		if err := a.lag.Run(lagCtx); err != nil {
			a.log.Warn("lag monitor stopped", zap.Error(err))
		}
	}()
	runErr := a.svc.Run(ctx)
	stopLag()
	<-lagDone
	if err := a.prod.Close(); err != nil && runErr == nil {
		a.log.Warn("closing the producer", zap.Error(err))
	}
	if runErr != nil {
		a.log.Error("service stopped", zap.Error(runErr))
		return runErr
	}
	a.log.Info("stopped cleanly")
	return nil
}

// createTopics creates the input, output and dead-letter topics if missing.
func createTopics(ctx context.Context, cfg config.Config) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	var topics []producer.Topic
	for _, name := range []string{cfg.InputTopic, cfg.OutputTopic, cfg.DLQTopic} {
		topics = append(topics, producer.Topic{Name: name, Partitions: cfg.Partitions, ReplicationFactor: cfg.ReplicationFactor})
	}
	conn, err := cfg.KafkaConn()
	if err != nil {
		return err
	}
	if err := producer.CreateTopicsVia(ctx, conn.Transport(), cfg.Brokers, topics...); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("brokers %v did not answer within a minute: %w", cfg.Brokers, err)
		}
		return err
	}
	return nil
}

// consumerConfig is the consumer of the service as cfg configures it.
func consumerConfig(cfg config.Config, conn config.Kafka) consumer.Config {
	return consumer.Config{
		Brokers: cfg.Brokers, Topic: cfg.InputTopic, Group: cfg.Group, ClientID: cfg.ClientID,
		MaxInFlight: cfg.MaxInFlight, MaxInFlightBytes: cfg.MaxInFlightBytes, StartEarliest: cfg.StartOffset == "earliest",
		CommitInterval: cfg.CommitInterval, SessionTimeout: cfg.SessionTimeout,
		HeartbeatInterval: cfg.HeartbeatInterval, RebalanceTimeout: cfg.RebalanceTimeout,
		FetchMaxWait: cfg.FetchMaxWait, FetchMaxBytes: max(16<<20, 2*cfg.MaxMessageBytes),
		DrainTimeout: cfg.ShutdownTimeout, BackoffMin: cfg.RetryBackoffMin, BackoffMax: cfg.RetryBackoffMax,
		Dialer: conn.Dialer(),
	}
}

// producerConfig is the producer of the service as cfg configures it.
func producerConfig(cfg config.Config, conn config.Kafka) producer.Config {
	return producer.Config{
		Brokers: cfg.Brokers, ClientID: cfg.ClientID, BatchTimeout: cfg.BatchTimeout,
		WriteTimeout: cfg.WriteTimeout, BackoffMin: cfg.RetryBackoffMin, BackoffMax: cfg.RetryBackoffMax,
		Transport: conn.Transport(),
	}
}

// setMemoryLimit applies cfg.MemoryLimit as the Go runtime's soft memory
// limit unless GOMEMLIMIT is set (the runtime has applied it already) or
// the setting is 0.
func setMemoryLimit(cfg config.Config, env *environment, log *zap.Logger) {
	if cfg.MemoryLimit <= 0 || env.getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(cfg.MemoryLimit)
	log.Debug("soft memory limit set", zap.String("limit", config.FormatBytes(cfg.MemoryLimit)))
}
