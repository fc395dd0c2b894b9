package main

import (
	"context"
	"errors"
)

func runService(ctx context.Context, env *environment, args []string) error {
	return errors.New("run: not built yet")
}
