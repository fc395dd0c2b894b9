package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

func TestEndpoints(t *testing.T) {
	reg := prometheus.NewRegistry()
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "newsenrich_test_total", Help: "test"})
	reg.MustRegister(c)
	c.Inc()
	s := New(":0", reg, nil)
	var notReady error
	s.AddCheck("service", func() error { return notReady })
	h := s.Handler()
	tests := []struct {
		name     string
		path     string
		notReady error
		code     int
		contains string
	}{
		{"metrics", "/metrics", nil, 200, "newsenrich_test_total 1"},
		{"healthz", "/healthz", nil, 200, "ok"},
		{"ready", "/readyz", nil, 200, "ok"},
		{"not ready", "/readyz", errors.New("output unavailable"), 503, "service: output unavailable"},
		{"healthz when not ready", "/healthz", errors.New("x"), 200, "ok"},
		{"unknown", "/nope", nil, 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			notReady = tt.notReady
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", tt.path, nil))
			if rec.Code != tt.code {
				t.Fatalf("GET %s = %d, want %d", tt.path, rec.Code, tt.code)
			}
			if !strings.Contains(rec.Body.String(), tt.contains) {
				t.Fatalf("GET %s body %q lacks %q", tt.path, rec.Body.String(), tt.contains)
			}
		})
	}
}

func TestStartShutdown(t *testing.T) {
	s := New("127.0.0.1:0", prometheus.NewRegistry(), nil)
	addr, err := s.Start()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.TrimSpace(string(body)) != "ok" {
		t.Fatalf("healthz = %d %q", resp.StatusCode, body)
	}
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Fatal("server still answers after Shutdown")
	}
}

func TestProfiling(t *testing.T) {
	tests := []struct {
		name   string
		enable bool
		code   int
	}{
		{"off by default", false, 404},
		{"on when enabled", true, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(":0", prometheus.NewRegistry(), nil)
			if tt.enable {
				s.EnableProfiling()
			}
			for _, path := range []string{"/debug/pprof/", "/debug/pprof/goroutine?debug=1", "/debug/pprof/cmdline"} {
				rec := httptest.NewRecorder()
				s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
				if rec.Code != tt.code {
					t.Errorf("GET %s = %d, want %d", path, rec.Code, tt.code)
				}
			}
		})
	}
}
