//go:build unix

package main

import (
	"syscall"
	"time"
)

// processCPUTime returns the CPU time (user + system) the process has used,
// which unlike wall time does not count the time other processes held the
// cores.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
