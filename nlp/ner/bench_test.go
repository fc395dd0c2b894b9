package ner

import (
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/newsenrich/newsenrich/nlp/tokenize"

	"github.com/newsenrich/newsenrich/corpus/corpustest"
)

// antArticles returns up to n ANT v2.1 articles of 3-6 KB (title and
// text), as the pipeline benchmarks use; it skips without the corpora.
func antArticles(tb testing.TB, n int) []string {
	tb.Helper()
	var out []string
	for _, d := range corpustest.ANTArticles(tb, n) {
		out = append(out, d.Title+"\n"+d.Text)
	}
	return out
}

// BenchmarkEntitiesANT tags real news articles one after the other, as
// the entities stage does (the word caches persist from article to
// article): 500 ANT articles of 3-6 KB in turns, gazetteer lexicon
// included.
func BenchmarkEntitiesANT(b *testing.B) { benchEntities(b, 500) }

// BenchmarkEntitiesANTStream is BenchmarkEntitiesANT over 5,000 articles,
// as a stream of news that seldom comes back to an article: the word
// caches find fewer words than over 500 articles in turns (run it with
// -benchtime of at most 5000x to see each article once).
func BenchmarkEntitiesANTStream(b *testing.B) { benchEntities(b, 5000) }

// BenchmarkEntitiesANTStreamRetag is BenchmarkEntitiesANTStream with the
// Arabic second pass tagging again the sentences of each RetagPolicy:
// what tagging more sentences twice costs.
func BenchmarkEntitiesANTStreamRetag(b *testing.B) {
	for _, p := range []RetagPolicy{RetagMemory, RetagFound, RetagAll} {
		b.Run(p.String(), func(b *testing.B) {
			benchEntitiesWith(b, 5000, func(tg *Tagger) { tg.ar.SetRetagPolicy(p) })
		})
	}
}

func benchEntities(b *testing.B, articles int) { benchEntitiesWith(b, articles, nil) }

// benchEntitiesWith is benchEntities with a change to the tagger before
// it starts, when set.
func benchEntitiesWith(b *testing.B, articles int, set func(*Tagger)) {
	tg := loadTagger(b)
	if set != nil {
		set(tg)
	}
	texts := antArticles(b, articles)
	toks := make([][]tokenize.Token, len(texts))
	matches := make([][]LexMatch, len(texts))
	for i, text := range texts {
		toks[i] = tokenize.Tokenize(text)
		matches[i] = tg.Lexicon().Find(text)
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	b.ResetTimer()
	n, tokens := 0, 0
	cpu0 := threadCPU()
	for b.Loop() {
		k := n % len(texts)
		tg.EntitiesMatched(texts[k], toks[k], nil, matches[k])
		tokens += len(toks[k])
		n++
	}
	cpu := threadCPU() - cpu0
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu-ns/op")
		b.ReportMetric(float64(tokens)/cpu.Seconds(), "tokens/cpu-s")
	}
	// What the garbage collector has to mark once the caches are full:
	// the live heap objects and the time of a forced collection.
	b.StopTimer()
	gc0 := time.Now()
	runtime.GC()
	b.ReportMetric(float64(time.Since(gc0).Microseconds())/1000, "gc-ms")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapObjects), "heap-objects")
	// The hits of all the word caches: the Arabic second pass looks its
	// words up in its first pass's cache (see Model.twin), where they
	// were just found.
	hits, lookups := 0, 0
	for len(tg.idle) > 0 {
		s := <-tg.idle
		for _, c := range s.caches {
			hits += c.hits
			lookups += c.hits + c.misses
		}
	}
	if lookups > 0 {
		b.ReportMetric(100*float64(hits)/float64(lookups), "cache-hit-%")
	}
}

// BenchmarkTagWordsCorpus tags the sentences of the CLEANANERCorp dev
// split one by one with TagWords, as `newsenrich eval ner` does
// (gazetteer lexicon tags included); skipped without the corpora.
func BenchmarkTagWordsCorpus(b *testing.B) {
	dir := dataDir(b)
	tg := loadTagger(b)
	sents := devSplit(b, filepath.Join(dir, "ner", "ar", "cleananercorp_TRAIN.txt"))
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	b.ResetTimer()
	tokens := 0
	cpu0 := threadCPU()
	for b.Loop() {
		for _, s := range sents {
			tg.TagWords(s.Tokens)
			tokens += len(s.Tokens)
		}
	}
	if cpu := threadCPU() - cpu0; cpu > 0 {
		b.ReportMetric(float64(tokens)/cpu.Seconds(), "tokens/cpu-s")
	}
}

// BenchmarkContextFeatures computes the context feature buckets of every
// token of the sentences of 200 ANT articles (analysed once, with their
// gazetteer tags), as the first pass of the Arabic model does: one op is
// one token.
func BenchmarkContextFeatures(b *testing.B) {
	tg := loadTagger(b)
	m := tg.ar.firstPass()
	var sents [][]token
	for _, text := range antArticles(b, 200) {
		toks := tokenize.Tokenize(text)
		gaz := lexTags(nil, tg.Lexicon().Find(text), toks)
		for a := 0; a < len(toks); a += 30 {
			end := min(a+30, len(toks))
			var words []string
			for _, tk := range toks[a:end] {
				words = append(words, text[tk.Start:tk.End])
			}
			sents = append(sents, m.analyse(nil, nil, words, gaz[a:end]))
		}
	}
	var dst []uint32
	b.ReportAllocs()
	k, i := 0, 0
	for b.Loop() {
		dst = m.contextFeatures(dst[:0], sents[k], i)
		if i++; i == len(sents[k]) {
			i, k = 0, (k+1)%len(sents)
		}
	}
}
