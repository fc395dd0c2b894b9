// Package server serves the operational HTTP endpoints of newsenrich:
// /metrics for Prometheus, /healthz (the process is alive) and /readyz
// (ready only when every registered readiness check passes).
package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.uber.org/zap"
)

// Check reports why the service is not ready, or nil when it is.
type Check func() error

// Server is the HTTP server of the operational endpoints.
type Server struct {
	addr   string
	log    *zap.Logger
	mux    *http.ServeMux
	mu     sync.Mutex
	checks map[string]Check
	srv    *http.Server
	ln     net.Listener
	done   chan error
}

// New returns a server for addr (host:port; ":0" picks a free port) that
// serves the metrics of g. A nil logger logs nothing.
func New(addr string, g prometheus.Gatherer, log *zap.Logger) *Server {
	if log == nil {
		log = zap.NewNop()
	}
	s := &Server{addr: addr, log: log, mux: http.NewServeMux(), checks: map[string]Check{}}
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(g, promhttp.HandlerOpts{ErrorLog: zap.NewStdLog(log)}))
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	s.mux.HandleFunc("GET /readyz", s.readyz)
	return s
}

// AddCheck registers a readiness check under a name shown when it fails;
// a second check with the same name replaces the first. Safe to call while
// serving.
func (s *Server) AddCheck(name string, c Check) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checks[name] = c
}

// Ready runs the readiness checks and joins their failures, each prefixed
// with its name; nil means ready.
func (s *Server) Ready() error {
	s.mu.Lock()
	names := make([]string, 0, len(s.checks))
	for n := range s.checks {
		names = append(names, n)
	}
	checks := make([]Check, len(names))
	sort.Strings(names)
	for i, n := range names {
		checks[i] = s.checks[n]
	}
	s.mu.Unlock()
	var errs []error
	for i, c := range checks {
		if err := c(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", names[i], err))
		}
	}
	return errors.Join(errs...)
}

func (s *Server) readyz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.Ready(); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "not ready")
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(w, line)
		}
		return
	}
	fmt.Fprintln(w, "ok")
}

// EnableProfiling serves Go's runtime profiles under /debug/pprof/ (CPU,
// heap, goroutines, mutex, block, execution trace). They reveal internals
// and cost CPU while collected, so the service turns them on only when
// asked (--pprof). Call it before Start.
func (s *Server) EnableProfiling() {
	s.mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	s.mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	s.mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	s.mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	s.mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
}

// Handler returns the handler of all endpoints.
func (s *Server) Handler() http.Handler { return s.mux }

// Start listens on the address and serves in the background. It returns
// the address listened on.
func (s *Server) Start() (string, error) {
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return "", fmt.Errorf("listen on %s: %w", s.addr, err)
	}
	s.ln = ln
	s.srv = &http.Server{Handler: s.mux, ReadHeaderTimeout: 10 * time.Second}
	s.done = make(chan error, 1)
	go func() {
		err := s.srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.done <- err
	}()
	s.log.Info("http server listening", zap.String("addr", ln.Addr().String()))
	return ln.Addr().String(), nil
}

// Shutdown stops a started server, letting requests in progress finish
// until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error {
	if s.srv == nil {
		return nil
	}
	err := s.srv.Shutdown(ctx)
	if serveErr := <-s.done; err == nil {
		err = serveErr
	}
	return err
}
