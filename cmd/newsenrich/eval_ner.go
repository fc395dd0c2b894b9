package main

import (
	"context"
	"errors"
)

func evalNER(ctx context.Context, env *environment, args []string) error {
	return errors.New("eval ner: not built yet")
}
