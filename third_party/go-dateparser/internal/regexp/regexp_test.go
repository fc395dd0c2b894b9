package regexp

import (
	"fmt"
	stdregex "regexp"
	"sync"
	"testing"
)

func TestLazyMatchesStandard(t *testing.T) {
	for _, tc := range []struct{ expr, in string }{
		{`(\d+)\s+(?:days?|jours?)`, "il y a 3 jours, 12 days"},
		{`^(?i)(mon|tue)`, "Monday"},
		{`\b(\w+)\b`, "a bc def"},
	} {
		lazy, std := MustCompile(tc.expr), stdregex.MustCompile(tc.expr)
		if got, want := lazy.FindAllStringSubmatchIndex(tc.in, -1), std.FindAllStringSubmatchIndex(tc.in, -1); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%q on %q: %v, want %v", tc.expr, tc.in, got, want)
		}
		if got, want := lazy.ReplaceAllString(tc.in, "<$1>"), std.ReplaceAllString(tc.in, "<$1>"); got != want {
			t.Errorf("%q on %q: %q, want %q", tc.expr, tc.in, got, want)
		}
		if lazy.String() != tc.expr || lazy.NumSubexp() != std.NumSubexp() {
			t.Errorf("%q: String %q, NumSubexp %d", tc.expr, lazy.String(), lazy.NumSubexp())
		}
	}
}

func TestLazyConcurrentFirstUse(t *testing.T) {
	re := MustCompile(`a+b`)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !re.MatchString("xaab") {
				t.Error("no match")
			}
		}()
	}
	wg.Wait()
}

func TestCompileError(t *testing.T) {
	if _, err := Compile(`(`); err == nil {
		t.Error("Compile(`(`) gave no error")
	}
}
