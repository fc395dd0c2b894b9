package corpustest

import (
	"path/filepath"
	"testing"

	"github.com/newsenrich/newsenrich/corpus"
)

func TestDir(t *testing.T) {
	present := t.TempDir()
	tests := []struct {
		name, env   string
		wantSkipped bool
	}{
		{name: "present", env: present},
		{name: "absent", env: filepath.Join(present, "absent"), wantSkipped: true},
	}
	for _, tt := range tests {
		var skipped bool
		var got string
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(corpus.EnvDir, tt.env)
			defer func() { skipped = t.Skipped() }()
			got = Dir(t)
		})
		if skipped != tt.wantSkipped {
			t.Errorf("%s: skipped %v, want %v", tt.name, skipped, tt.wantSkipped)
		}
		if !tt.wantSkipped && got != tt.env {
			t.Errorf("%s: Dir = %q, want %q", tt.name, got, tt.env)
		}
	}
}
