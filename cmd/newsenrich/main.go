// Command newsenrich turns raw news articles into enriched records: as a
// Kafka stream processor (run), on files (enrich), as a zero-setup demo,
// and with tools to publish, watch and evaluate.
//
// Usage:
//
//	newsenrich <command> [flags] [args]
//
// Run "newsenrich help" for the commands and "newsenrich <command> -h" for
// the flags of one.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// command is one subcommand of the binary.
type command struct {
	name, summary string
	run           func(ctx context.Context, env *environment, args []string) error
}

// environment is what a command may use from the process: its standard
// streams and environment variables. Tests give their own.
type environment struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

func commands() []command {
	return []command{
		{"run", "the service: consume raw articles from Kafka, enrich, publish, serve metrics", runService},
		{"enrich", "enrich articles from files or stdin, print JSON Lines (no Kafka)", runEnrich},
		{"demo", "zero-setup demo: embedded Kafka broker, sample articles in, enriched records out", runDemo},
		{"produce", "publish articles from files or JSON Lines to the input topic", runProduce},
		{"tail", "print enriched records from the output topic", runTail},
		{"bench", "load test: publish articles at a rate, measure throughput, latency, CPU, RSS, start-up", runBench},
		{"eval", "score the extractors on labelled data: eval ner|topics|temporal|dateline", runEval},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &environment{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	err := dispatch(ctx, env, os.Args[1:])
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "newsenrich:", err)
		}
		os.Exit(exitCode(err))
	}
}

// usageError is a mistake on the command line; it exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

func dispatch(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(env.stderr)
		if len(args) == 0 {
			return usageError{"no command given"}
		}
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, env, args[1:])
		}
	}
	usage(env.stderr)
	return usageError{fmt.Sprintf("unknown command %q", args[0])}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: newsenrich <command> [flags] [args]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nEvery flag can also be set with a NEWSENRICH_* environment variable (--output-topic: NEWSENRICH_OUTPUT_TOPIC).")
	fmt.Fprintln(w, "Run 'newsenrich <command> -h' for the flags of a command.")
}

// newFlagSet returns a flag set for a command that reports errors instead
// of exiting, and prints its usage on env.stderr.
func newFlagSet(env *environment, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.stderr, "Usage: newsenrich %s %s\n\nFlags (each also read from NEWSENRICH_<FLAG>):\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}
