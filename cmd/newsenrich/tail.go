package main

import (
	"context"
	"errors"
)

func runTail(ctx context.Context, env *environment, args []string) error {
	return errors.New("tail: not built yet")
}
