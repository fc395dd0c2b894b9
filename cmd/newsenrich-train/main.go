// Command newsenrich-train builds the models newsenrich embeds, from the
// labelled corpora in shared/data, reproducibly.
//
// Usage:
//
//	newsenrich-train <model> [flags]
//
// Each model has its own file in this directory with its flags; run
// "newsenrich-train <model> -h" for them.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// trainers maps a model name to the function that builds it from its
// command-line arguments.
func trainers() map[string]func(ctx context.Context, args []string) error {
	return map[string]func(ctx context.Context, args []string) error{
		"dateline-devset": buildDatelineDevSet,
		"gazetteer":       trainGazetteer,
		"langid":          trainLangID,
		"ner":             trainNER,
		"topics":          trainTopics,
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	t := trainers()
	if len(os.Args) < 2 {
		usage(t)
		os.Exit(2)
	}
	f, ok := t[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "newsenrich-train: unknown model %q\n", os.Args[1])
		usage(t)
		os.Exit(2)
	}
	if err := f(ctx, os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, "newsenrich-train:", err)
		os.Exit(1)
	}
}

func usage(t map[string]func(context.Context, []string) error) {
	names := make([]string, 0, len(t))
	for n := range t {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(os.Stderr, "Usage: newsenrich-train <model> [flags]\n\nModels:")
	for _, n := range names {
		fmt.Fprintln(os.Stderr, "  "+n)
	}
}
