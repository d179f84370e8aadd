package index

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// metaValues reads keys through get, getMany, scan and scanParts, and
// fails unless all four agree; absent keys read "".
func metaValues(t *testing.T, m *metaStore, keys ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	many, err := m.getMany(keys)
	if err != nil {
		t.Fatal(err)
	}
	scanned := map[string]string{}
	if err := m.scan("", func(k string, v []byte) error { scanned[k] = string(v); return nil }); err != nil {
		t.Fatal(err)
	}
	parts := partsOf(t, m, "")
	for i, k := range keys {
		v, err := m.get(k)
		if err != nil {
			t.Fatal(err)
		}
		if string(many[i]) != string(v) || scanned[k] != string(v) || parts[k] != string(v) {
			t.Errorf("%s: get %d bytes, getMany %d, scan %d, scanParts %d, or not the same bytes", k, len(v), len(many[i]), len(scanned[k]), len(parts[k]))
		}
		out[k] = string(v)
	}
	return out
}

// filled is n bytes from b on, each differing from its neighbours, so
// that bytes read from the wrong place in the file differ from them.
func filled(b byte, n int) []byte {
	v := make([]byte, n)
	for i := range v {
		v[i] = b + byte(i%251)
	}
	return v
}

// Values on either side of largeValue read back alike, change form when
// their size does, and a rollback restores them, form and all.
func TestLargeValuesRoundTrip(t *testing.T) {
	m := writerMeta(t, t.TempDir())
	small, large, larger := filled('s', 10), filled('L', largeValue), filled('M', 3*largeValue)
	if err := m.commit(1, map[string][]byte{"a": small, "b": large, "c": larger}, nil); err != nil {
		t.Fatal(err)
	}
	keys := []string{"a", "b", "c", "d"}
	first := map[string]string{"a": string(small), "b": string(large), "c": string(larger), "d": ""}
	check := func(when string, want map[string]string) {
		t.Helper()
		got := metaValues(t, m, keys...)
		for _, k := range keys {
			if got[k] != want[k] {
				t.Errorf("%s: %s holds %d bytes, want %d", when, k, len(got[k]), len(want[k]))
			}
		}
	}
	check("first commit", first)
	if err := m.commit(2, map[string][]byte{"a": larger, "b": small, "d": large}, []string{"c"}); err != nil {
		t.Fatal(err)
	}
	check("second commit", map[string]string{"a": string(larger), "b": string(small), "c": "", "d": string(large)})
	if err := m.rollback(1); err != nil {
		t.Fatal(err)
	}
	check("rolled back", first)
}

// A file written before large values had buckets holds them inline: they
// read back, and are replaced and rolled back like any other.
func TestInlineLargeValuesOfOlderFiles(t *testing.T) {
	m := writerMeta(t, t.TempDir())
	old := filled('o', 2*largeValue)
	err := m.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put([]byte("k"), old) })
	if err != nil {
		t.Fatal(err)
	}
	if got := metaValues(t, m, "k")["k"]; got != string(old) {
		t.Fatalf("inline value read as %d bytes", len(got))
	}
	if err := m.commit(1, map[string][]byte{"k": filled('n', 2*largeValue)}, nil); err != nil {
		t.Fatal(err)
	}
	if got := metaValues(t, m, "k")["k"]; got != string(filled('n', 2*largeValue)) {
		t.Fatalf("after the commit: %d bytes", len(got))
	}
	if err := m.rollback(0); err != nil {
		t.Fatal(err)
	}
	if got := metaValues(t, m, "k")["k"]; got != string(old) {
		t.Fatalf("after the rollback: %d bytes, want the inline value", len(got))
	}
}

// Changing one large value writes that value and its undo record, not
// the large values stored beside it: inline, bbolt would rewrite the
// whole page it shares with at least one other.
func TestLargeValueChangeLeavesOthersAlone(t *testing.T) {
	m := writerMeta(t, t.TempDir())
	const size = 200 << 10
	set := map[string][]byte{}
	for i := range 8 {
		set[fmt.Sprintf("lv/%d", i)] = filled(byte('a'+i), size)
	}
	if err := m.commit(1, set, nil); err != nil {
		t.Fatal(err)
	}
	allocated := func() int64 { st := m.db.Stats(); return st.TxStats.GetPageAlloc() }
	before := allocated()
	if err := m.commit(2, map[string][]byte{"lv/3": filled('z', size)}, nil); err != nil {
		t.Fatal(err)
	}
	// The new value and the old one kept for rollback, and small pages.
	written := allocated() - before
	t.Logf("changing one %d-byte value allocated %d bytes of pages", size, written)
	if written > 5*size/2 {
		t.Errorf("changing one %d-byte value allocated %d bytes of pages", size, written)
	}
}

// BenchmarkAbsentKeys reads 1,000 keys absent from 200,000, as dedup
// reads fingerprints and clusters it has not seen: one descent of the
// bucket each when an absent key is told apart from a large value's
// bucket by the same seek.
func BenchmarkAbsentKeys(b *testing.B) {
	m := writerMeta(b, b.TempDir())
	for c := range 20 {
		set := map[string][]byte{}
		for i := range 10000 {
			set[fmt.Sprintf("dedup/info/%06d-%04d", i, c)] = []byte("2026-01-01\t300")
		}
		if err := m.commit(uint64(c+1), set, nil); err != nil {
			b.Fatal(err)
		}
	}
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = fmt.Sprintf("dedup/info/%06dx", i*7)
	}
	b.ResetTimer()
	for range b.N {
		vs, err := m.getMany(keys)
		if err != nil || vs[0] != nil {
			b.Fatal(vs[0], err)
		}
	}
}

// largeFilesIn lists the numbers of the files of large values in dir.
func largeFilesIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, largeDir))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimLeft(e.Name(), "0"))
	}
	return names
}

// A large value's file stays while an undo record names it, goes after
// the next commit, and goes at once when its commit is rolled back; a
// writer opening the index deletes files nothing names.
func TestLargeValueFiles(t *testing.T) {
	dir := t.TempDir()
	m, err := openMeta(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	files := func(when string, want ...string) {
		t.Helper()
		if got := largeFilesIn(t, dir); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: files %v, want %v", when, got, want)
		}
	}
	a, b, c := filled('a', largeValue), filled('b', 2*largeValue), filled('c', largeValue+1)
	steps := []struct {
		gen  uint64
		set  map[string][]byte
		want []string // file numbers, in hex without leading zeros ("" is 0)
	}{
		{1, map[string][]byte{"k": a}, []string{""}},
		{2, map[string][]byte{"k": b}, []string{"", "1"}}, // the undo record names 0
		{3, map[string][]byte{"small": []byte("s")}, []string{"1"}},
		{4, map[string][]byte{"k": c}, []string{"1", "2"}},
	}
	for _, s := range steps {
		if err := m.commit(s.gen, s.set, nil); err != nil {
			t.Fatal(err)
		}
		files(fmt.Sprintf("after commit %d", s.gen), s.want...)
	}
	if got := metaValues(t, m, "k")["k"]; got != string(c) {
		t.Errorf("k holds %d bytes, want %d", len(got), len(c))
	}
	if err := m.rollback(3); err != nil {
		t.Fatal(err)
	}
	files("after the rollback", "1")
	if got := metaValues(t, m, "k")["k"]; got != string(b) {
		t.Errorf("k holds %d bytes after the rollback, want %d", len(got), len(b))
	}
	// What a crash leaves: a file written for a commit that never was.
	if err := os.WriteFile(filepath.Join(dir, largeDir, "00000000000000ff"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	m.close()
	if m, err = openMeta(dir, false); err != nil {
		t.Fatal(err)
	}
	defer m.close()
	if err := m.collect(); err != nil {
		t.Fatal(err)
	}
	files("after reopening", "1")
	if err := m.commit(4, map[string][]byte{"k": a}, nil); err != nil {
		t.Fatal(err)
	}
	files("after a commit of the reopened file", "1", "100")
}

// Lookups read bbolt's pages themselves (pages.go); they must find what
// bbolt's own cursor finds, in a tree of several levels, for keys
// present and absent, values empty, small, spanning overflow pages, and
// large (in files), across commits that change and delete keys.
func TestPageLookupsAgreeWithBolt(t *testing.T) {
	m := writerMeta(t, t.TempDir())
	rng := rand.New(rand.NewPCG(1, 2))
	size := func() int {
		switch r := rng.IntN(100); {
		case r < 5:
			return 0
		case r < 90:
			return 1 + rng.IntN(300)
		case r < 98:
			return 4096 + rng.IntN(20000) // overflow pages
		}
		return largeValue + rng.IntN(4096)
	}
	var all []string
	for gen := uint64(1); gen <= 6; gen++ {
		set := map[string][]byte{}
		for range 3000 {
			k := fmt.Sprintf("k/%08x", rng.Uint32())
			set[k] = filled(byte(len(all)), size())
			all = append(all, k)
		}
		var del []string
		for range 200 {
			k := all[rng.IntN(len(all))]
			if _, ok := set[k]; !ok {
				del = append(del, k)
			}
		}
		if err := m.commit(gen, set, del); err != nil {
			t.Fatal(err)
		}
		keys := append([]string{"", "a", "k/", "k/00000000", "k/ffffffff~", "z"}, all...)
		for range 500 {
			keys = append(keys, fmt.Sprintf("k/%08x", rng.Uint32()))
		}
		got, err := m.getMany(keys)
		if err != nil {
			t.Fatal(err)
		}
		err = m.db.View(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketMeta)
			for i, k := range keys {
				want, err := m.value(b, []byte(k))
				if err != nil {
					return err
				}
				if (want == nil) != (got[i] == nil) || !bytes.Equal(want, got[i]) {
					return fmt.Errorf("generation %d, %q: read %d bytes (nil %v), bbolt has %d (nil %v)", gen, k, len(got[i]), got[i] == nil, len(want), want == nil)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var depth int
	m.db.View(func(tx *bolt.Tx) error { depth = tx.Bucket(bucketMeta).Stats().Depth; return nil })
	if depth < 3 {
		t.Errorf("the tree is %d levels deep; the test needs branch pages below the root", depth)
	}
}

// writerMeta opens a writer's metadata store in dir, closed when the test
// ends.
func writerMeta(tb testing.TB, dir string) *metaStore {
	tb.Helper()
	m, err := openMeta(dir, false)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { m.close() })
	return m
}

// partsOf reads every value under prefix through scanParts.
func partsOf(t *testing.T, m *metaStore, prefix string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := m.scanParts(prefix, func(k string, r io.ReaderAt, n int) error {
		v := make([]byte, n)
		_, err := r.ReadAt(v, 0)
		got[k] = string(v)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// scanParts keeps the files of a prefix whose values are all in files
// until the next commit or rollback, and never gives what either
// replaced; a prefix with a value inline is not kept.
func TestScanPartsKept(t *testing.T) {
	m := writerMeta(t, t.TempDir())
	a, b, c := filled('a', largeValue), filled('b', 2*largeValue), filled('c', largeValue+7)
	check := func(when, prefix string, wantKept bool, want map[string]string) {
		t.Helper()
		if got := partsOf(t, m, prefix); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: scanParts(%q) read %d values, not the %d committed, or other bytes", when, prefix, len(got), len(want))
		}
		if _, kept := m.parts.get(prefix, m.state.Load()); kept != wantKept {
			t.Errorf("%s: parts of %q kept: %v, want %v", when, prefix, kept, wantKept)
		}
	}
	if err := m.commit(1, map[string][]byte{"lv/1": a, "lv/2": b, "small": []byte("s")}, nil); err != nil {
		t.Fatal(err)
	}
	first := map[string]string{"lv/1": string(a), "lv/2": string(b)}
	check("first scan", "lv/", true, first)
	check("second scan", "lv/", true, first)
	check("a prefix with an inline value", "", false, map[string]string{"lv/1": string(a), "lv/2": string(b), "small": "s"})
	check("back to the levels", "lv/", true, first)
	if err := m.commit(2, map[string][]byte{"lv/1": c, "lv/3": a}, []string{"lv/2"}); err != nil {
		t.Fatal(err)
	}
	second := map[string]string{"lv/1": string(c), "lv/3": string(a)}
	check("after a commit", "lv/", true, second)
	// The files of the first commit are deleted by this one.
	if err := m.commit(3, map[string][]byte{"small": []byte("t")}, nil); err != nil {
		t.Fatal(err)
	}
	check("after the files replaced were deleted", "lv/", true, second)
	if err := m.commit(4, map[string][]byte{"lv/3": b}, nil); err != nil {
		t.Fatal(err)
	}
	check("before a rollback", "lv/", true, map[string]string{"lv/1": string(c), "lv/3": string(b)})
	if err := m.rollback(3); err != nil {
		t.Fatal(err)
	}
	check("after the rollback", "lv/", true, second)
	if err := m.commit(4, map[string][]byte{"lv/9": []byte("inline")}, nil); err != nil {
		t.Fatal(err)
	}
	check("with an inline value", "lv/", false, map[string]string{"lv/1": string(c), "lv/3": string(a), "lv/9": "inline"})
}

// Scans running while commits replace every value read whole values of
// one commit each, with no read of a deleted file (run with -race).
func TestScanPartsDuringCommits(t *testing.T) {
	m := writerMeta(t, t.TempDir())
	keys := []string{"lv/1", "lv/2", "lv/3"}
	values := func(gen uint64) map[string][]byte {
		set := map[string][]byte{}
		for i, k := range keys {
			set[k] = filled(byte(gen), largeValue+i)
		}
		return set
	}
	if err := m.commit(1, values(1), nil); err != nil {
		t.Fatal(err)
	}
	const commits = 40
	done := make(chan error, 1)
	go func() {
		for gen := uint64(2); gen <= commits; gen++ {
			if err := m.commit(gen, values(gen), nil); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			running = false
		default:
		}
		got := partsOf(t, m, "lv/")
		gen := got["lv/1"][0]
		for i, k := range keys {
			if got[k] != string(filled(gen, largeValue+i)) {
				t.Fatalf("%s: %d bytes, not the value of commit %d that lv/1 holds", k, len(got[k]), gen)
			}
		}
	}
}
