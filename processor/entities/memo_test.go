package entities

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func TestStartMemo(t *testing.T) {
	calls := map[string]int{}
	var mu sync.Mutex
	f := func(s string) int {
		mu.Lock()
		calls[s]++
		mu.Unlock()
		return len(s)
	}
	var c startMemo
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				s := strconv.Itoa(i)
				if got := c.get(s, f); got != len(s) {
					t.Errorf("get(%q) = %d, want %d", s, got, len(s))
				}
			}
		}()
	}
	wg.Wait()
	// Each form is computed once, or at most once per goroutine that
	// missed it at the same time.
	for s, n := range calls {
		if n > 4 {
			t.Fatalf("f(%q) computed %d times", s, n)
		}
	}
	for i := 0; i < 3*maxStartMemo; i++ {
		s := strconv.Itoa(i)
		if got := c.get(s, f); got != len(s) {
			t.Fatalf("get(%q) = %d, want %d", s, got, len(s))
		}
		if len(c.m) > maxStartMemo {
			t.Fatalf("memo holds %d forms, more than %d", len(c.m), maxStartMemo)
		}
	}
}

// TestNameStartMemo checks that the stage's remembered name starts are
// those nameStart computes, on the forms refine asks about and others.
func TestNameStartMemo(t *testing.T) {
	s := stage(t, false, true)
	for _, surface := range []string{"وبريطانيا", "بموسكو", "لبيونغ يانغ", "والولايات المتحدة", "للولايات المتحدة", "واشبيلية", "موسكو", "وزير", ""} {
		want := s.nameStart(surface)
		for range 2 {
			if got := s.starts.get(surface, s.nameStart); got != want {
				t.Fatalf("remembered start of %q = %d, want %d", surface, got, want)
			}
		}
	}
}

func FuzzAppendFields(f *testing.F) {
	for _, s := range []string{"", " ", "كيم جونغ أون", "  a  b ", "a\u00a0b\u2003c", "\xff x", "x\u0085"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := appendFields([]string{"x"}, s)[1:]
		if want := strings.FieldsFunc(s, isSpace); !slices.Equal(got, want) {
			t.Fatalf("appendFields(%q) = %q, want %q", s, got, want)
		}
	})
}
