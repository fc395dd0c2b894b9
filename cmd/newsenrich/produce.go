package main

import (
	"context"
	"errors"
)

func runProduce(ctx context.Context, env *environment, args []string) error {
	return errors.New("produce: not built yet")
}
