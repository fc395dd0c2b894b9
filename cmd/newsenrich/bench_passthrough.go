package main

import (
	"context"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"
	"go.uber.org/zap"

	"github.com/newsenrich/newsenrich/config"
	"github.com/newsenrich/newsenrich/consumer"
	"github.com/newsenrich/newsenrich/metrics"
	"github.com/newsenrich/newsenrich/producer"
	"github.com/newsenrich/newsenrich/server"
)

// runPassthrough is the passthrough service of bench: the same consumer,
// producer, metrics and HTTP server as "run", configured the same way,
// but each input value is written to the output topic unchanged, with its
// key — what Kafka and the clients cost without any processing.
func runPassthrough(ctx context.Context, env *environment, args []string) error {
	cfg := config.Default()
	fs := newFlagSet(env, "bench "+servePassthrough, "[flags]")
	cfg.ServiceFlags(fs)
	if err := cfg.Parse(fs, args, env.getenv); err != nil {
		return err
	}
	log, err := newLogger(cfg, env.stderr)
	if err != nil {
		return err
	}
	defer log.Sync() //nolint:errcheck // nothing to do about a failed flush
	setMemoryLimit(cfg, env, log)
	m := metrics.New(metrics.ReadBuildInfo())
	conn, err := cfg.KafkaConn()
	if err != nil {
		return err
	}
	cons, err := consumer.New(consumerConfig(cfg, conn), m, log.Named("consumer"))
	if err != nil {
		return err
	}
	prod := producer.New(producerConfig(cfg, conn), m, log.Named("producer"))
	srv := server.New(cfg.HTTPAddr, m.Registry, log.Named("http"))
	if cfg.Pprof {
		srv.EnableProfiling()
	}
	srv.AddCheck("consumer", cons.Healthy)
	srv.AddCheck("producer", prod.Healthy)
	if _, err := srv.Start(); err != nil {
		prod.Close()
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	runErr := cons.Run(ctx, func(ctx context.Context, msg kafka.Message) error {
		return prod.Write(ctx, kafka.Message{Topic: cfg.OutputTopic, Key: msg.Key, Value: msg.Value})
	})
	if err := prod.Close(); err != nil && runErr == nil {
		log.Warn("closing the producer", zap.Error(err))
	}
	if runErr != nil {
		return fmt.Errorf("passthrough: %w", runErr)
	}
	return nil
}
