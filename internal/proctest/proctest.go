// Package proctest helps tests that run newsenrich as a real process:
// a buffer the process may write while the test reads it.
package proctest

import (
	"bytes"
	"sync"
)

// Buffer is a bytes.Buffer safe for one goroutine (a process's output
// copier) to write while others read. The zero value is ready to use.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns everything written so far.
func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
