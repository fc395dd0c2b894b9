package main

import (
	"context"
	"errors"
)

func evalTopics(ctx context.Context, env *environment, args []string) error {
	return errors.New("eval topics: not built yet")
}
