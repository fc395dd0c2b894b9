package ner

import (
	"syscall"
	"time"
)

// threadCPU returns the CPU time of the calling OS thread so far; the
// caller locks its goroutine to the thread. On a shared machine it
// varies far less than the wall clock.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	const rusageThread = 1
	if syscall.Getrusage(rusageThread, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
