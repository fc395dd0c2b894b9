package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/newsenrich/newsenrich/article"
	"github.com/newsenrich/newsenrich/corpus"
	"github.com/newsenrich/newsenrich/processor"
	"github.com/newsenrich/newsenrich/samples"

	"github.com/newsenrich/newsenrich/corpus/corpustest"
)

// processCPU returns the user and system CPU time of this process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// stageTimes adds up the time of each stage.
type stageTimes map[string]time.Duration

func (s stageTimes) ObserveStage(stage string, d time.Duration, _ error) { s[stage] += d }

// benchArticlesForPipeline returns up to n real 3–6 KB news articles
// (ANT v2.1 from the shared corpora, see corpus.Dir), or the bundled
// samples when the corpora are absent.
func benchArticlesForPipeline(tb testing.TB, n int) ([]article.Article, string) {
	tb.Helper()
	var arts []article.Article
	if dir, ok := corpus.Dir(); ok {
		docs, err := corpus.ReadANTSized(filepath.Join(dir, corpus.ANTv21), corpustest.MinBenchBytes, corpustest.MaxBenchBytes, n)
		if err != nil {
			tb.Fatal(err)
		}
		for _, d := range docs {
			arts = append(arts, article.Article{Title: d.Title, Text: d.Text, URL: d.URL})
		}
		if len(arts) > 0 {
			return arts, "ANT v2.1 articles of 3-6 KB"
		}
	}
	dec := article.Decoder{}
	values, err := sampleMessages(samples.FS())
	if err != nil {
		tb.Fatal(err)
	}
	for _, m := range values {
		a, err := dec.Decode(m.Value)
		if err != nil {
			tb.Fatal(err)
		}
		arts = append(arts, a)
	}
	return arts, "bundled samples"
}

// BenchmarkPipeline runs every stage on real-size articles, one article
// per op, and reports the time of each stage per article (ns-STAGE/op)
// beside the totals. Profile it with
// go test -run - -bench Pipeline -cpuprofile cpu.out ./cmd/newsenrich
func BenchmarkPipeline(b *testing.B) {
	arts, what := benchArticlesForPipeline(b, 500)
	times := stageTimes{}
	pipe, err := newPipeline(times)
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, a := range arts {
		size += int64(len(a.Text))
	}
	b.Logf("%d %s, mean %d bytes", len(arts), what, size/int64(len(arts)))
	b.SetBytes(size / int64(len(arts)))
	ctx := context.Background()
	now := time.Now()
	clear(times)
	b.ReportAllocs()
	cpu0 := processCPU()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		doc := processor.NewDocument(arts[i%len(arts)], now)
		if err := pipe.Process(ctx, doc); err != nil {
			b.Fatal(err)
		}
		if _, err := json.Marshal(&doc.Record); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.StopTimer()
	cpu := processCPU() - cpu0
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "articles/s")
	// CPU time is what a loaded, shared machine does not inflate much.
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(i), "cpu-ns/op")
		b.ReportMetric(float64(i)/cpu.Seconds(), "articles/cpu-s")
	}
	names := make([]string, 0, len(times))
	for name := range times {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		b.ReportMetric(float64(times[name].Nanoseconds())/float64(i), "ns-"+name+"/op")
	}
}

// threadCPU returns the CPU time of the calling OS thread
// (CLOCK_THREAD_CPUTIME_ID); the caller locks its goroutine to the thread.
func threadCPU() time.Duration {
	var ts syscall.Timespec
	const clockThreadCPUTimeID = 3
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}

// stageCost measures each stage: CPU time of the benchmark's thread and
// heap allocations between one stage's end and the next.
type stageCost struct {
	mark    time.Duration
	ms      runtime.MemStats
	cpu     map[string]time.Duration
	allocs  map[string]uint64
	bytes   map[string]uint64
	mallocs uint64
	total   uint64
}

func (c *stageCost) start() {
	runtime.ReadMemStats(&c.ms)
	c.mallocs, c.total = c.ms.Mallocs, c.ms.TotalAlloc
	c.mark = threadCPU()
}

func (c *stageCost) ObserveStage(stage string, _ time.Duration, _ error) {
	c.cpu[stage] += threadCPU() - c.mark
	runtime.ReadMemStats(&c.ms)
	c.allocs[stage] += c.ms.Mallocs - c.mallocs
	c.bytes[stage] += c.ms.TotalAlloc - c.total
	c.mallocs, c.total = c.ms.Mallocs, c.ms.TotalAlloc
	c.mark = threadCPU()
}

// BenchmarkStages reports, for each stage on the same real-size articles
// as BenchmarkPipeline, its CPU time (thread CPU clock: what a loaded
// machine inflates least), allocations and bytes per article, and the
// articles one core would process per second with that stage alone. The
// ns/op of the benchmark itself includes the cost of measuring and is not
// the pipeline's; BenchmarkPipeline gives that.
func BenchmarkStages(b *testing.B) {
	arts, what := benchArticlesForPipeline(b, 500)
	cost := &stageCost{cpu: map[string]time.Duration{}, allocs: map[string]uint64{}, bytes: map[string]uint64{}}
	pipe, err := newPipeline(cost)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d %s", len(arts), what)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	clear(cost.cpu)
	clear(cost.allocs)
	clear(cost.bytes)
	ctx := context.Background()
	now := time.Now()
	i := 0
	for b.Loop() {
		doc := processor.NewDocument(arts[i%len(arts)], now)
		cost.start()
		if err := pipe.Process(ctx, doc); err != nil {
			b.Fatal(err)
		}
		i++
	}
	var total time.Duration
	for _, name := range pipe.Stages() {
		cpu := cost.cpu[name]
		total += cpu
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(i), "cpu-ns-"+name+"/op")
		b.ReportMetric(float64(cost.allocs[name])/float64(i), "allocs-"+name+"/op")
		b.ReportMetric(float64(cost.bytes[name])/float64(i), "B-"+name+"/op")
	}
	b.ReportMetric(float64(total.Nanoseconds())/float64(i), "cpu-ns-all/op")
}

// streamArticles is the number of distinct articles BenchmarkPipelineStream
// cycles through, as `newsenrich bench --limit 2000` publishes them.
const streamArticles = 2000

// wallStages adds up the wall time of each stage from many goroutines.
type wallStages struct {
	mu    sync.Mutex
	times map[string]time.Duration
}

func (w *wallStages) ObserveStage(stage string, d time.Duration, _ error) {
	w.mu.Lock()
	w.times[stage] += d
	w.mu.Unlock()
}

// gcCPU returns the CPU time the garbage collector took so far (an
// estimate of the runtime's: mark assists, workers and pauses).
func gcCPU() time.Duration {
	s := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64 {
		return 0
	}
	return time.Duration(s[0].Value.Float64() * float64(time.Second))
}

// BenchmarkPipelineStream runs the pipeline as the service does: a fresh
// pipeline (cold word caches), one goroutine per CPU sharing it, over
// 2,000 distinct 3–6 KB articles in turns (run it with -benchtime 8000x
// for a round of `newsenrich bench --count 8000 --limit 2000`; 2000x sees
// each article once). It reports the CPU time of the whole process per
// article (garbage collection included) and its allocations, and the wall
// time of each stage per article (ns-STAGE/op; inflated when the machine
// is busy), the garbage collector's CPU time per article (gc-cpu-ns/op)
// and the collections (gcs). Record encoding is included, as in the
// service; set GOMEMLIMIT=256MiB for the service's default memory limit.
func BenchmarkPipelineStream(b *testing.B) {
	arts, what := benchArticlesForPipeline(b, streamArticles)
	obs := &wallStages{times: map[string]time.Duration{}}
	pipe, err := newPipeline(obs)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d %s, %d goroutines", len(arts), what, runtime.GOMAXPROCS(0))
	ctx := context.Background()
	now := time.Now()
	var next atomic.Int64
	runtime.GC()
	b.ReportAllocs()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	gcs0 := ms.NumGC
	cpu0, gc0 := processCPU(), gcCPU()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var buf []byte
		for pb.Next() {
			i := next.Add(1) - 1
			doc := processor.NewDocument(arts[i%int64(len(arts))], now)
			if err := pipe.Process(ctx, doc); err != nil {
				b.Error(err)
				return
			}
			var err error
			if buf, err = doc.Record.AppendJSON(buf[:0]); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	cpu, gc := processCPU()-cpu0, gcCPU()-gc0
	runtime.ReadMemStats(&ms)
	n := next.Load()
	if cpu > 0 && n > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu-ns/op")
		b.ReportMetric(float64(n)/cpu.Seconds(), "articles/cpu-s")
		b.ReportMetric(float64(gc.Nanoseconds())/float64(n), "gc-cpu-ns/op")
		b.ReportMetric(float64(ms.NumGC-gcs0), "gcs")
	}
	for _, name := range pipe.Stages() {
		b.ReportMetric(float64(obs.times[name].Nanoseconds())/float64(n), "ns-"+name+"/op")
	}
}
