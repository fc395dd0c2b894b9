package main

import (
	"context"
	"fmt"
)

// runEval dispatches "eval ner|topics|temporal|dateline".
func runEval(ctx context.Context, env *environment, args []string) error {
	evals := map[string]func(context.Context, *environment, []string) error{
		"ner":      evalNER,
		"topics":   evalTopics,
		"temporal": evalTemporal,
		"dateline": evalDateline,
	}
	if len(args) == 0 {
		return usageError{"eval needs one of: ner, topics, temporal, dateline"}
	}
	f, ok := evals[args[0]]
	if !ok {
		return usageError{fmt.Sprintf("eval: unknown extractor %q (ner, topics, temporal, dateline)", args[0])}
	}
	return f(ctx, env, args[1:])
}
