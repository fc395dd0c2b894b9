// Package loadgen holds the measuring side of the newsenrich load tool:
// pacing publications at a fixed rate, latency percentiles, process usage
// read from /proc, soak growth checks and the report (a table for people,
// JSON for scripts).
//
// It knows nothing about Kafka: the bench command publishes, consumes and
// starts the services, and hands what it observed to this package.
package loadgen

import (
	"math"
	"slices"
	"time"
)

// Pacer spaces publications evenly at Rate per second from Start.
type Pacer struct {
	// Rate is publications per second; zero or less means as fast as
	// possible.
	Rate  float64
	Start time.Time
}

// Due returns when publication i (0-based) is due. With no rate every
// publication is due at Start.
func (p Pacer) Due(i int) time.Time {
	if p.Rate <= 0 || i <= 0 {
		return p.Start
	}
	return p.Start.Add(time.Duration(float64(i) / p.Rate * float64(time.Second)))
}

// Latency summarises end-to-end latencies, in milliseconds.
type Latency struct {
	Count int     `json:"count"`
	Mean  float64 `json:"mean_ms"`
	P50   float64 `json:"p50_ms"`
	P95   float64 `json:"p95_ms"`
	P99   float64 `json:"p99_ms"`
	Max   float64 `json:"max_ms"`
}

// Percentile returns the nearest-rank p-th percentile (0 < p <= 100) of
// sorted: the smallest value that at least p% of the values do not
// exceed. It returns 0 for no values.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// Summarize returns the percentiles of ds; ds is sorted in place.
func Summarize(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	slices.Sort(ds)
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return Latency{
		Count: len(ds),
		Mean:  ms(sum / time.Duration(len(ds))),
		P50:   ms(Percentile(ds, 50)),
		P95:   ms(Percentile(ds, 95)),
		P99:   ms(Percentile(ds, 99)),
		Max:   ms(ds[len(ds)-1]),
	}
}

func ms(d time.Duration) float64 { return round(d.Seconds()*1000, 2) }

// round rounds x to n decimals.
func round(x float64, n int) float64 {
	p := math.Pow(10, float64(n))
	return math.Round(x*p) / p
}

// Rate returns n per second over d, 0 when d is not positive.
func Rate(n float64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return n / d.Seconds()
}
