package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"strings"
)

// dictEntry is one entry of a dictd database: its headword and its senses,
// each a list of translations (phrases, as written), first sense first.
type dictEntry struct {
	head   string
	senses [][]string
}

// readDictd reads the entries of a dictd database (the FreeDict format the
// Debian packages dict-freedict-* install in /usr/share/dictd): index is
// the ".index" file, one entry a line, "headword TAB offset TAB length" with
// offset and length in dictd's base64 digits; dict is the ".dict.dz" file
// (dictzip, which gzip reads whole) or an uncompressed ".dict". The
// database's own "00-database-…" entries are left out. An entry is a
// headword line (the headword, then optionally its pronunciation between
// slashes and its part of speech between angle brackets) followed by its
// translations: one sense a line, numbered "N. " when there are several,
// its translations separated by commas or semicolons. Bracketed notes
// ("[cul]", "(fam.)") are dropped.
func readDictd(index, dict string) ([]dictEntry, error) {
	text, err := readDictData(dict)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(index)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var entries []dictEntry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 3 {
			continue
		}
		if strings.HasPrefix(fields[0], "00database") || strings.HasPrefix(fields[0], "00-database") {
			continue
		}
		off, err1 := dictdNumber(fields[1])
		n, err2 := dictdNumber(fields[2])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s:%d: bad offset or length %q %q", index, line, fields[1], fields[2])
		}
		if off < 0 || n < 0 || off+n > int64(len(text)) {
			return nil, fmt.Errorf("%s:%d: entry at %d+%d outside the %d-byte dictionary %s", index, line, off, n, len(text), dict)
		}
		if e, ok := parseDictEntry(string(text[off : off+n])); ok {
			entries = append(entries, e)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", index, err)
	}
	return entries, nil
}

// readDictData returns the text of a dictd ".dict.dz" (gzip) or ".dict"
// file.
func readDictData(path string) ([]byte, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(raw) < 2 || raw[0] != 0x1f || raw[1] != 0x8b {
		return raw, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return text, nil
}

// dictdNumber decodes a number written in dictd's base64 digits
// (A–Z, a–z, 0–9, +, /; most significant first).
func dictdNumber(s string) (int64, error) {
	if s == "" {
		return 0, fmt.Errorf("empty number")
	}
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		var d int64
		switch {
		case c >= 'A' && c <= 'Z':
			d = int64(c - 'A')
		case c >= 'a' && c <= 'z':
			d = int64(c-'a') + 26
		case c >= '0' && c <= '9':
			d = int64(c-'0') + 52
		case c == '+':
			d = 62
		case c == '/':
			d = 63
		default:
			return 0, fmt.Errorf("bad digit %q", c)
		}
		if v > 1<<40 {
			return 0, fmt.Errorf("number %q too large", s)
		}
		v = v<<6 | d
	}
	return v, nil
}

// parseDictEntry parses the text of one entry (see readDictd); ok is false
// for an entry without a headword or without translations.
func parseDictEntry(s string) (e dictEntry, ok bool) {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	head := lines[0]
	if i := strings.Index(head, " /"); i >= 0 {
		head = head[:i]
	}
	if i := strings.Index(head, " <"); i >= 0 {
		head = head[:i]
	}
	e.head = strings.TrimSpace(head)
	if e.head == "" {
		return e, false
	}
	for _, l := range lines[1:] {
		l = strings.TrimSpace(l)
		if i := strings.Index(l, ". "); i > 0 && i <= 3 && isDigits(l[:i]) {
			l = l[i+2:]
		}
		l = dropBracketed(l)
		var sense []string
		for _, t := range strings.FieldsFunc(l, func(r rune) bool { return r == ',' || r == ';' }) {
			if t = strings.Join(strings.Fields(t), " "); t != "" {
				sense = append(sense, t)
			}
		}
		if len(sense) > 0 {
			e.senses = append(e.senses, sense)
		}
	}
	return e, len(e.senses) > 0
}

// dropBracketed removes the parts of s between square brackets or
// parentheses.
func dropBracketed(s string) string {
	if !strings.ContainsAny(s, "[(") {
		return s
	}
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '[' || r == '(':
			depth++
		case (r == ']' || r == ')') && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
