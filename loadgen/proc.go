package loadgen

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTick is the unit of the CPU times in /proc/PID/stat: USER_HZ, 100
// on every Linux architecture Go supports (it is fixed by the kernel ABI,
// not by CONFIG_HZ).
const clockTick = 10 * time.Millisecond

// Usage is what a process has used so far, read from /proc.
type Usage struct {
	// CPU is user plus system CPU time.
	CPU time.Duration
	// RSS is the resident set now and PeakRSS its high-water mark, in bytes.
	RSS, PeakRSS int64
}

// ReadUsage reads the usage of process pid from /proc/PID/stat and
// /proc/PID/status (Linux only).
func ReadUsage(pid int) (Usage, error) {
	dir := "/proc/" + strconv.Itoa(pid)
	stat, err := os.ReadFile(dir + "/stat")
	if err != nil {
		return Usage{}, fmt.Errorf("process usage: %w", err)
	}
	cpu, err := ParseStatCPU(stat)
	if err != nil {
		return Usage{}, err
	}
	status, err := os.ReadFile(dir + "/status")
	if err != nil {
		return Usage{}, fmt.Errorf("process usage: %w", err)
	}
	rss, peak := ParseStatusMemory(status)
	return Usage{CPU: cpu, RSS: rss, PeakRSS: peak}, nil
}

// ParseStatCPU returns utime+stime of a /proc/PID/stat line. The command
// name (field 2) may hold spaces and parentheses, so fields are counted
// from the last ')'.
func ParseStatCPU(stat []byte) (time.Duration, error) {
	end := bytes.LastIndexByte(stat, ')')
	if end < 0 {
		return 0, fmt.Errorf("process usage: malformed stat %q", truncate(stat))
	}
	// After ")": field 3 (state) onwards; utime and stime are fields 14 and 15.
	fields := strings.Fields(string(stat[end+1:]))
	if len(fields) < 13 {
		return 0, fmt.Errorf("process usage: short stat %q", truncate(stat))
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("process usage: bad CPU times in %q", truncate(stat))
	}
	return time.Duration(utime+stime) * clockTick, nil
}

// ParseStatusMemory returns VmRSS and VmHWM (peak) of /proc/PID/status,
// in bytes; missing lines give 0.
func ParseStatusMemory(status []byte) (rss, peak int64) {
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		line := sc.Text()
		var dst *int64
		switch {
		case strings.HasPrefix(line, "VmRSS:"):
			dst = &rss
		case strings.HasPrefix(line, "VmHWM:"):
			dst = &peak
		default:
			continue
		}
		f := strings.Fields(line)
		if len(f) >= 2 {
			if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil {
				*dst = kb << 10
			}
		}
	}
	return rss, peak
}

// MetricValue returns the value of the first sample of a metric without
// labels (e.g. go_goroutines) in a Prometheus text exposition, or of the
// first sample whose labels contain labelSubstr when it is not empty.
func MetricValue(exposition []byte, name, labelSubstr string) (float64, bool) {
	sc := bufio.NewScanner(bytes.NewReader(exposition))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, name) || len(line) == len(name) {
			continue
		}
		rest := line[len(name):]
		switch rest[0] {
		case ' ':
			if labelSubstr != "" {
				continue
			}
		case '{':
			closing := strings.IndexByte(rest, '}')
			if closing < 0 || labelSubstr == "" || !strings.Contains(rest[:closing], labelSubstr) {
				continue
			}
			rest = rest[closing+1:]
		default:
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			continue
		}
		if v, err := strconv.ParseFloat(f[0], 64); err == nil {
			return v, true
		}
	}
	return 0, false
}

func truncate(b []byte) string {
	if len(b) > 80 {
		b = b[:80]
	}
	return string(b)
}
