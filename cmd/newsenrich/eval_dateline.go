package main

import (
	"context"
	"errors"
)

func evalDateline(ctx context.Context, env *environment, args []string) error {
	return errors.New("eval dateline: not built yet")
}
