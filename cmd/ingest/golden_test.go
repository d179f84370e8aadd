package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingest-news/ingest/internal/golden"
)

// indentJSON re-indents each JSON line of out, so that snapshots diff
// line by line.
func indentJSON(t *testing.T, out string) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		if err := json.Indent(&buf, []byte(line), "", "  "); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, line)
		}
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// TestGoldenExtract snapshots `ingest extract --json` for each seed.
func TestGoldenExtract(t *testing.T) {
	chdir(t, golden.Root())
	seeds, _ := filepath.Glob("seeds/*.txt")
	if len(seeds) != 5 {
		t.Fatalf("%d seeds, want 5", len(seeds))
	}
	for _, s := range seeds {
		out, stderr, code := run(t, "", "extract", "--json", s)
		if code != 0 {
			t.Fatalf("extract %s: status %d\n%s", s, code, stderr)
		}
		golden.Check(t, "extract/"+strings.TrimSuffix(filepath.Base(s), ".txt")+".json", indentJSON(t, out))
	}
}

// TestGoldenIndex snapshots `ingest dupes --json`, `ingest stats --json`
// and a handful of searches over the seeds.
func TestGoldenIndex(t *testing.T) {
	ix := seedsIndex(t)
	out, _, code := run(t, "", "dupes", "--index", ix, "--json")
	if code != 0 {
		t.Fatalf("dupes: status %d", code)
	}
	golden.Check(t, "dupes.jsonl", []byte(out))
	out, _, _ = run(t, "", "stats", "--index", ix, "--json")
	golden.Check(t, "stats.json", []byte(out))
	for name, q := range map[string]string{
		"tehrik-e-taliban": "Tehrik-e-Taliban",
		"belousov":         "Belousov",
		"csto-phrase":      `"Collective Security Treaty"`,
		"isk-variants":     "IS-K ISIS-K IS-KP",
		"border-not-ttp":   "border -TTP",
	} {
		out, stderr, code := run(t, "", "search", "--index", ix, "--json", "--limit", "5", q)
		if code != 0 {
			t.Fatalf("search %q: status %d\n%s", q, code, stderr)
		}
		golden.Check(t, "search/"+name+".json", indentJSON(t, out))
	}
}
