package producer

import (
	"errors"
	"fmt"
	"testing"

	"github.com/segmentio/kafka-go"
)

func TestTooLarge(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"broker refuses size", kafka.MessageSizeTooLarge, true},
		{"wrapped in write errors", kafka.WriteErrors{nil, fmt.Errorf("p0: %w", kafka.MessageSizeTooLarge)}, true},
		{"over batch bytes", kafka.MessageTooLargeError{}, true},
		{"leader moved", kafka.NotLeaderForPartition, false},
		{"write errors, transient", kafka.WriteErrors{kafka.RequestTimedOut}, false},
		{"network", errors.New("connection reset"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tooLarge(tt.err); got != tt.want {
				t.Fatalf("tooLarge(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
