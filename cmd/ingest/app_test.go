package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/ingest-news/ingest/internal/golden"
)

// run runs the app in-process and returns stdout, stderr and the exit
// status main would give.
func run(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	app := newApp(strings.NewReader(stdin), &out, &errb)
	err := app.RunContext(context.Background(), append([]string{"ingest"}, args...))
	code := 0
	if err != nil {
		code = exitCode(err)
		errb.WriteString("ingest: " + err.Error() + "\n")
	}
	return out.String(), errb.String(), code
}

// seedsIndex indexes seeds/ into a temporary index, named as a user in
// the repository root would name it, and returns the index path.
func seedsIndex(t *testing.T) string {
	t.Helper()
	ix := filepath.Join(t.TempDir(), "ingest.bleve")
	chdir(t, golden.Root())
	if _, stderr, code := run(t, "", "index", "--index", ix, "seeds"); code != 0 {
		t.Fatalf("index seeds: status %d\n%s", code, stderr)
	}
	return ix
}

func chdir(t *testing.T, dir string) {
	t.Helper()
	old, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(old) })
}

type searchResult struct {
	Total int `json:"total"`
	Hits  []struct {
		Source     string   `json:"source"`
		Title      string   `json:"title"`
		Published  string   `json:"published"`
		Score      float64  `json:"score"`
		Fragments  []string `json:"fragments"`
		Duplicates int      `json:"duplicates"`
	} `json:"hits"`
}

func search(t *testing.T, ix string, args ...string) searchResult {
	t.Helper()
	out, stderr, code := run(t, "", append([]string{"search", "--index", ix, "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("search %v: status %d\n%s", args, code, stderr)
	}
	var r searchResult
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("search %v: output is not the contract's JSON: %v\n%s", args, err, out)
	}
	return r
}

func sources(r searchResult) []string {
	var s []string
	for _, h := range r.Hits {
		s = append(s, filepath.Base(h.Source))
	}
	sort.Strings(s)
	return s
}

func TestSeedsEndToEnd(t *testing.T) {
	ix := seedsIndex(t)

	got := sources(search(t, ix, "Tehrik-e-Taliban"))
	want := []string{"000_a70ea9993960b450.txt", "001_75f6104382a438fe.txt"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Tehrik-e-Taliban: hits %v, want %v", got, want)
	}

	r := search(t, ix, "Belousov")
	if r.Total != 1 || len(r.Hits) != 1 || r.Hits[0].Source != "seeds/002_a9b12d0b3fdb988c.txt" {
		t.Fatalf("Belousov: %+v, want exactly seeds/002", r)
	}
	h := r.Hits[0]
	if h.Score <= 0 || len(h.Fragments) == 0 || !strings.Contains(h.Fragments[0], "<mark>Belousov</mark>") {
		t.Errorf("Belousov hit lacks score or highlighted fragment: %+v", h)
	}

	r = search(t, ix, "Islamabad")
	for _, h := range r.Hits {
		if h.Source == "seeds/001_75f6104382a438fe.txt" && h.Published != "2026-03-03" {
			t.Errorf("seed 001 published %q, want 2026-03-03 from its date header", h.Published)
		}
	}

	// Re-indexing the same inputs adds nothing.
	_, stderr, code := run(t, "", "index", "--index", ix, "seeds")
	if code != 0 || !strings.Contains(stderr, "0 indexed, 0 duplicates, 0 failed, 5 unchanged") {
		t.Errorf("re-index: status %d, summary:\n%s", code, stderr)
	}
	out, _, _ := run(t, "", "stats", "--index", ix, "--json")
	if strings.TrimSpace(out) != `{"articles":5,"canonical":5,"duplicates":0,"failed":0}` {
		t.Errorf("stats after re-index: %s", out)
	}
}

// TestMixedInputs feeds one of each input kind, with a bad JSON line and
// a binary file: the good articles are indexed, the bad inputs named.
func TestMixedInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", []byte("Plain headline\n\nThe plain text article mentions Kabul.\n"))
	write("b.html", []byte(`<html><head><title>Site | Page</title><meta property="article:published_time" content="2026-02-01T10:00:00Z"></head>
<body><nav>Home News</nav><article><h1>HTML headline</h1><p>The HTML article mentions Dushanbe.</p></article><footer>Share this article</footer></body></html>`))
	write("c.jsonl", []byte(`{"id":"x1","title":"JSON headline","text":"The JSON article mentions Tashkent.","published":"2026-01-15"}
{"title": "broken", "text": 
`))
	write("d.png", append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...))
	write("e.txt", append([]byte("GIF89a"), 0, 1, 2, 3, 0, 0))
	chdir(t, dir)
	ix := filepath.Join(t.TempDir(), "ix")
	errFile := filepath.Join(t.TempDir(), "errors.jsonl")
	_, stderr, code := run(t, "", "index", "--index", ix, "--errors", errFile, ".")
	if code != 1 {
		t.Errorf("status %d, want 1\n%s", code, stderr)
	}
	b, _ := os.ReadFile(errFile)
	var failed []string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var f struct{ Source, Stage, Reason string }
		if err := json.Unmarshal([]byte(l), &f); err != nil || f.Reason == "" || f.Stage != "read" {
			t.Errorf("--errors line %q: %v", l, err)
		}
		failed = append(failed, f.Source)
	}
	sort.Strings(failed) // reported as they happen, from concurrent stages
	if strings.Join(failed, " ") != "c.jsonl#2 d.png e.txt" {
		t.Errorf("--errors lists %v", failed)
	}
	for _, want := range []string{"c.jsonl#2: malformed JSON", "d.png:", "e.txt: not text", "read 6 articles", "3 indexed", "3 failed"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	for q, want := range map[string]string{"Kabul": "a.txt", "Dushanbe": "b.html", "Tashkent": "c.jsonl#1"} {
		r := search(t, ix, q)
		if len(r.Hits) != 1 || r.Hits[0].Source != want {
			t.Errorf("%s: %+v, want one hit from %s", q, r.Hits, want)
		}
	}
	r := search(t, ix, "Share")
	if r.Total != 0 {
		t.Errorf("footer text was indexed: %+v", r)
	}
	r = search(t, ix, "Dushanbe")
	if len(r.Hits) == 1 && (r.Hits[0].Title != "HTML headline" || r.Hits[0].Published != "2026-02-01") {
		t.Errorf("HTML title/date: %+v", r.Hits[0])
	}
	out, _, _ := run(t, "", "stats", "--index", ix, "--json")
	if strings.TrimSpace(out) != `{"articles":3,"canonical":3,"duplicates":0,"failed":3}` {
		t.Errorf("stats: %s", out)
	}
}

func TestExactDuplicates(t *testing.T) {
	dir := t.TempDir()
	text := "Officials said 300 fighters crossed the border on Monday.\n"
	for name, body := range map[string]string{
		"a.txt":     text,
		"b.txt":     strings.ToUpper(text),                             // case differs
		"c.txt":     strings.ReplaceAll(text, " ", "  \n"),             // spacing differs
		"d.txt":     "A different report entirely about Kazakhstan.\n", // distinct
		"sub/a.txt": text,                                              // same text, other name
	} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	chdir(t, dir)
	ix := filepath.Join(t.TempDir(), "ix")
	if _, stderr, code := run(t, "", "index", "--index", ix, "--workers", "1", "."); code != 0 {
		t.Fatalf("status %d\n%s", code, stderr)
	}
	out, _, _ := run(t, "", "dupes", "--index", ix, "--json")
	want := `{"canonical":"a.txt","duplicates":["b.txt","c.txt","sub/a.txt"]}`
	if strings.TrimSpace(out) != want {
		t.Errorf("dupes:\n%s\nwant\n%s", out, want)
	}
	r := search(t, ix, "fighters")
	if r.Total != 1 || r.Hits[0].Duplicates != 3 {
		t.Errorf("collapsed search: %+v", r)
	}
	r = search(t, ix, "--all", "fighters")
	if r.Total != 4 {
		t.Errorf("--all: total %d, want 4", r.Total)
	}
}

func TestExtractJSONOffsets(t *testing.T) {
	chdir(t, golden.Root())
	out, stderr, code := run(t, "", "extract", "--json", "seeds/000_a70ea9993960b450.txt", "seeds/001_75f6104382a438fe.txt")
	if code != 0 {
		t.Fatalf("status %d\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d records, want 2 (one per file, in order)", len(lines))
	}
	for i, l := range lines {
		var rec record
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatal(err)
		}
		if i == 1 && (rec.Published != "2026-03-03" || strings.Contains(rec.Text, "date 2026") || strings.HasPrefix(rec.Title, "date")) {
			t.Errorf("seed 001 header not taken as date: published %q title %q", rec.Published, rec.Title)
		}
		if len(rec.Entities) == 0 {
			t.Errorf("%s: no entities", rec.Source)
		}
		for _, e := range rec.Entities {
			if e.Start < 0 || e.End > len(rec.Text) || rec.Text[e.Start:e.End] != e.Text {
				t.Errorf("%s: entity %q at %d:%d does not match the text", rec.Source, e.Text, e.Start, e.End)
			}
		}
		for _, q := range rec.Quantities {
			if rec.Text[q.Start:q.End] != q.Text {
				t.Errorf("%s: quantity %q at %d:%d does not match the text", rec.Source, q.Text, q.Start, q.End)
			}
		}
		for _, d := range rec.Dates {
			if rec.Text[d.Start:d.End] != d.Text {
				t.Errorf("%s: date %q at %d:%d does not match the text", rec.Source, d.Text, d.Start, d.End)
			}
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"index"},
		{"index", "--date-default", "March", "x"},
		{"index", "--memory-limit", "-1", "x"},
		{"search"},
		{"extract"},
	} {
		if _, _, code := run(t, "", args...); code != 2 {
			t.Errorf("%v: status %d, want 2", args, code)
		}
	}
	if _, stderr, code := run(t, "", "search", "--index", filepath.Join(t.TempDir(), "none"), "x"); code != 2 || !strings.Contains(stderr, "no index") {
		t.Errorf("search without index: %d %s", code, stderr)
	}
}

// TestIncrementalDedup indexes a batch, then a later batch holding an
// edited re-post of one article and a copy dated earlier than another:
// the new articles are checked against everything already indexed.
func TestIncrementalDedup(t *testing.T) {
	chdir(t, golden.Root())
	ix := filepath.Join(t.TempDir(), "ix")
	if _, stderr, code := run(t, "", "index", "--index", ix, "seeds"); code != 0 {
		t.Fatalf("%d %s", code, stderr)
	}
	b003, _ := os.ReadFile("seeds/003_8fbf7b8233b0c918.txt")
	b002, _ := os.ReadFile("seeds/002_a9b12d0b3fdb988c.txt")
	repost := strings.Replace(string(b003), "more than 23,000 fighters", "more than 24,000 fighters", 1)
	repost = "UPDATE 1-" + strings.Replace(repost, "Scroll to Top", "", 1)
	recs := []map[string]string{
		{"text": repost, "source": "wire/003-update"},
		{"text": string(b002), "source": "wire/002-early", "published": "2025-01-01"},
	}
	var in strings.Builder
	for _, r := range recs {
		b, _ := json.Marshal(r)
		in.Write(b)
		in.WriteByte('\n')
	}
	_, stderr, code := run(t, in.String(), "index", "--index", ix, "-")
	if code != 0 || !strings.Contains(stderr, "1 indexed, 1 duplicates") {
		t.Fatalf("second batch: %d\n%s", code, stderr)
	}
	out, _, _ := run(t, "", "dupes", "--index", ix, "--json")
	want := `{"canonical":"seeds/003_8fbf7b8233b0c918.txt","duplicates":["wire/003-update"]}
{"canonical":"wire/002-early","duplicates":["seeds/002_a9b12d0b3fdb988c.txt"]}
`
	if out != want {
		t.Errorf("dupes:\n%s\nwant\n%s", out, want)
	}
	out, _, _ = run(t, "", "stats", "--index", ix, "--json")
	if strings.TrimSpace(out) != `{"articles":7,"canonical":5,"duplicates":2,"failed":0}` {
		t.Errorf("stats: %s", out)
	}
	r := search(t, ix, "Belousov")
	if len(r.Hits) != 1 || r.Hits[0].Source != "wire/002-early" || r.Hits[0].Duplicates != 1 {
		t.Errorf("collapsed hit is not the earlier copy with its duplicate: %+v", r.Hits)
	}
	// Re-reading the same stream changes nothing.
	_, stderr, _ = run(t, in.String(), "index", "--index", ix, "-")
	if !strings.Contains(stderr, "2 unchanged") {
		t.Errorf("re-run: %s", stderr)
	}
	if out2, _, _ := run(t, "", "dupes", "--index", ix, "--json"); out2 != want {
		t.Errorf("dupes after re-run:\n%s", out2)
	}
}

// An article over --max-article-bytes is refused by name with the reason,
// the rest of the batch indexed; a larger limit admits it.
func TestMaxArticleBytes(t *testing.T) {
	dir := t.TempDir()
	long := "A long report from Kabul.\n\n" + strings.Repeat("Officials in Kabul said the border talks would resume. ", 60)
	if err := os.WriteFile(filepath.Join(dir, "long.txt"), []byte(long), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "short.txt"), []byte("Short note.\n\nTalks resumed in Kabul on Monday."), 0o644); err != nil {
		t.Fatal(err)
	}
	ix := filepath.Join(t.TempDir(), "ix")
	_, stderr, code := run(t, "", "index", "--index", ix, "--max-article-bytes", "1000", dir)
	if code != 1 || !strings.Contains(stderr, "long.txt: too large") || !strings.Contains(stderr, "1 indexed, 0 duplicates, 1 failed") {
		t.Fatalf("limit 1000: status %d\n%s", code, stderr)
	}
	_, stderr, code = run(t, "", "index", "--index", ix, "--max-article-bytes", "100000", dir)
	if code != 0 || !strings.Contains(stderr, "1 indexed") {
		t.Fatalf("limit 100000: status %d\n%s", code, stderr)
	}
}

// TestEvalTempEvalMisses scores a one-document TimeML corpus: --misses
// lists the DATE found with a wrong value and the one missed, and
// without it the list is left out.
func TestEvalTempEvalMisses(t *testing.T) {
	data := t.TempDir()
	dir := filepath.Join(data, "tempeval3", "TBAQ-cleaned", "TimeBank")
	for _, d := range []string{dir, filepath.Join(data, "tempeval3", "TBAQ-cleaned", "AQUAINT")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	src := `<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>Prices fell <TIMEX3 tid="t1" type="DATE" value="1998-01-06">yesterday</TIMEX3> and rose at the <TIMEX3 tid="t2" type="DATE" value="PRESENT_REF">moment</TIMEX3>.</TEXT></TimeML>`
	if err := os.WriteFile(filepath.Join(dir, "x.tml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := run(t, "", "eval", "--set", "tempeval", "--data", data, "--misses")
	if code != 0 {
		t.Fatalf("status %d\n%s", code, stderr)
	}
	for _, want := range []string{
		"tempeval misses",
		`x.tml value: gold "yesterday = 1998-01-06" got "yesterday = 1998-01-07 (relative-day)"`,
		`x.tml miss: gold "moment = PRESENT_REF"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = run(t, "", "eval", "--set", "tempeval", "--data", data)
	if strings.Contains(out, "tempeval misses") {
		t.Errorf("misses listed without --misses:\n%s", out)
	}
}

// --heap-profiles leaves at least one heap profile, gzip-compressed as
// pprof writes them, in the directory it names.
func TestHeapProfiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "heap")
	ix := filepath.Join(t.TempDir(), "ix")
	if _, stderr, code := run(t, "", "index", "--index", ix, "--heap-profiles", dir, filepath.Join(golden.Root(), "seeds")); code != 0 {
		t.Fatalf("status %d\n%s", code, stderr)
	}
	files, err := filepath.Glob(filepath.Join(dir, "heap-*MB.pb.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no profiles in %s (%v)", dir, err)
	}
	b, err := os.ReadFile(files[0])
	if err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Errorf("%s is not a gzip-compressed profile (%v)", files[0], err)
	}
}
