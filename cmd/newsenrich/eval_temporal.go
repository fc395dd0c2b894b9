package main

import (
	"context"
	"errors"
)

func evalTemporal(ctx context.Context, env *environment, args []string) error {
	return errors.New("eval temporal: not built yet")
}
