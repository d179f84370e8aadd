package index

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// mappedKB is the resident size, in kB, of the process's mappings of the
// files that match, from /proc/self/smaps.
func mappedKB(t *testing.T, match func(path string) bool) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no smaps to read: %v", err)
	}
	defer f.Close()
	kb, in := 0, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":"):
			in = len(fields) >= 6 && match(fields[5])
		case in && fields[0] == "Rss:":
			n, _ := strconv.Atoi(fields[1])
			kb += n
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return kb
}

// Reading through bbolt's mapping makes pages resident; release makes
// them not, and the values still read back.
func TestMetaPagesReleased(t *testing.T) {
	dir := t.TempDir()
	m := writerMeta(t, dir)
	set := map[string][]byte{}
	for i := range 64 {
		set["k"+strconv.Itoa(i)] = filled(byte(i), 1000)
	}
	if err := m.commit(1, set, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, metaFile)
	isMeta := func(p string) bool { return p == path }
	sum := 0
	if err := m.scan("k", func(_ string, v []byte) error { sum += int(v[len(v)-1]); return nil }); err != nil {
		t.Fatal(err)
	}
	if kb := mappedKB(t, isMeta); kb == 0 {
		t.Fatalf("nothing of %s resident after reading it", path)
	}
	if err := m.release(); err != nil {
		t.Fatal(err)
	}
	if kb := mappedKB(t, isMeta); kb != 0 {
		t.Errorf("%d kB of %s resident after release, want 0", kb, path)
	}
	if got := metaValues(t, m, "k7")["k7"]; got != string(set["k7"]) {
		t.Errorf("k7 after release: %d bytes, not the value written", len(got))
	}
}

// The same for bleve's segment files, through releaseSegments. The
// index is opened read-only, so that no merge reads its segments
// meanwhile.
func TestSegmentPagesReleased(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	writeArticles(t, path, 3, 50)
	ix, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	isSegment := func(p string) bool { return strings.HasPrefix(p, path) && strings.HasSuffix(p, ".zap") }
	for i := range 50 {
		id := "a1-" + strconv.Itoa(i)
		if _, err := ix.Get(id); err != nil {
			t.Fatal(err)
		}
	}
	if kb := mappedKB(t, isSegment); kb == 0 {
		t.Fatalf("nothing of the segments resident after reading 50 articles")
	}
	if err := ix.releaseSegments(); err != nil {
		t.Fatal(err)
	}
	if kb := mappedKB(t, isSegment); kb != 0 {
		t.Errorf("%d kB of the segments resident after release, want 0", kb)
	}
	if a, err := ix.Get("a2-7"); err != nil || a.Text != "Officials in Kabul said a2-7" {
		t.Errorf("Get(a2-7) after release: %q, %v", a.Text, err)
	}
}

// A writer over its budget of mapped pages unmaps what it touched
// without being asked; the budget here is nothing. The test waits for
// it, up to ten seconds, however slow the machine.
func TestWriterReleasesPages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	writeArticles(t, path, 2, 50)
	defer func(b int64) { mappedBudget = b }(mappedBudget)
	mappedBudget = 0
	ix, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// bleve's own small bolt file of snapshots, store/root.bolt, is not released.
	inIndex := func(p string) bool { return strings.HasPrefix(p, path+"/") && !strings.HasSuffix(p, "root.bolt") }
	for i := range 50 {
		if _, err := ix.Get("a1-" + strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Text("a0-" + strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
	}
	if kb := mappedKB(t, inIndex); kb == 0 {
		t.Fatalf("nothing of the index resident after reading 100 articles")
	}
	var kb int
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(releaseCheck) {
		if kb = mappedKB(t, inIndex); kb == 0 {
			return
		}
	}
	t.Errorf("%d kB of the index still resident after 10 s", kb)
}

// Lookups read bbolt's pages with pread and leave nothing of the file
// mapped; the same lookups through the mapping make most of it resident.
// Scans read through the mapping, and a writer's look at its budget as
// they go, so that a long scan does not make the file resident either.
func TestReadsKeepMetaUnmapped(t *testing.T) {
	dir := t.TempDir()
	m := writerMeta(t, dir)
	const n = 40000
	set := map[string][]byte{}
	for i := range n {
		set[fmt.Sprintf("k%06d", i)] = filled(byte(i), 400)
	}
	if err := m.commit(1, set, nil); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for i := 0; i < n; i += 20 {
		keys = append(keys, fmt.Sprintf("k%06d", i))
	}
	path := filepath.Join(dir, metaFile)
	isMeta := func(p string) bool { return p == path }
	defer func(b int64) { mappedBudget = b }(mappedBudget)
	mappedBudget = 0

	if err := m.release(); err != nil {
		t.Fatal(err)
	}
	vs, err := m.getMany(keys)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vs {
		if !bytes.Equal(v, set[keys[i]]) {
			t.Fatalf("%s: %d bytes, not the value written", keys[i], len(v))
		}
	}
	// bbolt reads its meta pages and the bucket's through the mapping:
	// two windows of 64 KiB.
	if kb := mappedKB(t, isMeta); kb > 256 {
		t.Errorf("%d kB of the file resident after %d lookups, want no more than bbolt's own reads", kb, len(keys))
	}
	err = m.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta)
		for _, k := range keys {
			if v, _ := lookup(b, []byte(k)); v == nil {
				return fmt.Errorf("%s absent", k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if kb := mappedKB(t, isMeta); kb < 10<<10 {
		t.Fatalf("lookups through the mapping made only %d kB resident; the test needs more", kb)
	}

	scan := func(writer bool) int {
		t.Helper()
		if err := m.release(); err != nil {
			t.Fatal(err)
		}
		m.writer = writer
		defer func() { m.writer = true }()
		seen := 0
		if err := m.scan("k", func(string, []byte) error { seen++; return nil }); err != nil {
			t.Fatal(err)
		}
		if seen != n {
			t.Fatalf("scan saw %d keys of %d", seen, n)
		}
		return mappedKB(t, isMeta)
	}
	unchecked, checked := scan(false), scan(true)
	if unchecked < 10<<10 {
		t.Fatalf("a scan without checks made only %d kB resident; the test needs more", unchecked)
	}
	// touchCheck keys, with the 64 KiB around their pages.
	if limit := touchCheck * 2 * 64; checked > limit {
		t.Errorf("%d kB resident after a scan with checks, want at most %d (%d kB without)", checked, limit, unchecked)
	}
}
