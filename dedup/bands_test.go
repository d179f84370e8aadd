package dedup

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// randomArticle is n words of random letters: distinct from any other.
func randomArticle(rng *rand.Rand, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		for k := 0; k < 3+rng.IntN(6); k++ {
			b.WriteByte(byte('a' + rng.IntN(26)))
		}
	}
	return b.String()
}

// TestBandLevels adds enough articles for the band records to move into
// levels, then copies of articles now in a level and still in a record,
// in the same run and in a later one (a new Index over the same store).
// It runs over a store that gives values in memory and over one that
// gives them as readers, as the index does.
func TestBandLevels(t *testing.T) {
	for _, parts := range []bool{false, true} {
		t.Run(fmt.Sprintf("parts=%v", parts), func(t *testing.T) { bandLevels(t, parts) })
	}
}

func bandLevels(t *testing.T, parts bool) {
	rng := rand.New(rand.NewPCG(1, 2))
	st := &memStore{meta: map[string][]byte{}, texts: map[string]string{}}
	var store Store = st
	if parts {
		store = partStore{st}
	}
	x := New(store, Options{})
	const n = 2*compactAt + 300
	texts := make([]string, n)
	for i := range texts {
		texts[i] = randomArticle(rng, 120)
		id := fmt.Sprintf("a%05d", i)
		v, err := x.Add(Article{ID: id, Text: texts[i]})
		if err != nil {
			t.Fatal(err)
		}
		if v.DupOf != "" {
			t.Fatalf("%s: random article taken for a copy of %s", id, v.DupOf)
		}
		st.persist(x, id, texts[i], v)
	}
	levels, records := 0, 0
	for k := range st.meta {
		switch {
		case strings.HasPrefix(k, keyLevel):
			levels++
		case strings.HasPrefix(k, keySig):
			records++
		}
	}
	if levels == 0 || records >= compactAt {
		t.Fatalf("after %d articles: %d level keys, %d records; the records were not compacted", n, levels, records)
	}
	check := func(x *Index, tag string) {
		t.Helper()
		for _, src := range []int{0, 700, compactAt + 5, n - 1} {
			id := fmt.Sprintf("%s-copy-of-%d", tag, src)
			// Shorter than its source, so that the source stays canonical.
			ws := strings.Fields(texts[src])[3:]
			text := strings.ToUpper(ws[0]) + " " + strings.Join(ws[1:], "  ")
			v, err := x.Add(Article{ID: id, Text: text})
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("a%05d", src); v.DupOf != want {
				t.Errorf("%s: dup of %q, want %q", id, v.DupOf, want)
			}
			st.persist(x, id, text, v)
		}
	}
	check(x, "same-run")
	check(New(store, Options{}), "next-run")
}

// TestCompactMergesOnlyStored: records of articles whose batch has not
// been written stay out of the levels, so that a crash before it cannot
// leave the levels naming an article the store lacks.
func TestCompactMergesOnlyStored(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	st := &memStore{meta: map[string][]byte{}, texts: map[string]string{}}
	x := New(st, Options{})
	for i := 0; i < compactAt+10; i++ {
		if _, err := x.Add(Article{ID: fmt.Sprint(i), Text: randomArticle(rng, 60)}); err != nil {
			t.Fatal(err)
		}
	}
	meta, err := x.Compact()
	if err != nil {
		t.Fatal(err)
	}
	for k := range meta {
		if k != keyNext {
			t.Errorf("Compact wrote %s, though no record was ever persisted", k)
		}
	}
}

// TestOrdinalsNotReused: verdicts reach the store out of the order dedup
// gave their ordinals (extraction workers finish out of order), and a
// later run must still give new articles new ordinals.
func TestOrdinalsNotReused(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	st := &memStore{meta: map[string][]byte{}, texts: map[string]string{}}
	x := New(st, Options{})
	texts := map[string]string{}
	verdicts := map[string]Verdict{}
	for _, id := range []string{"a", "b", "c"} {
		texts[id] = randomArticle(rng, 80)
		v, err := x.Add(Article{ID: id, Text: texts[id]})
		if err != nil {
			t.Fatal(err)
		}
		verdicts[id] = v
	}
	for _, id := range []string{"c", "a", "b"} {
		st.persist(x, id, texts[id], verdicts[id])
	}
	y := New(st, Options{})
	e := randomArticle(rng, 80)
	v, err := y.Add(Article{ID: "e", Text: e})
	if err != nil {
		t.Fatal(err)
	}
	st.persist(y, "e", e, v)
	for _, id := range []string{"a", "b", "c"} {
		ws := strings.Fields(texts[id])[2:]
		v, err := y.Add(Article{ID: id + "-copy", Text: strings.Join(ws, " ")})
		if err != nil {
			t.Fatal(err)
		}
		if v.DupOf != id {
			t.Errorf("copy of %s: dup of %q", id, v.DupOf)
		}
	}
}

// TestCandidateGone: an article whose text the store no longer has (its
// source was replaced) is no candidate, and no error.
func TestCandidateGone(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	st := &memStore{meta: map[string][]byte{}, texts: map[string]string{}}
	x := New(st, Options{})
	text := randomArticle(rng, 80)
	v, err := x.Add(Article{ID: "old", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	st.persist(x, "old", text, v)
	delete(st.texts, "old")
	v, err = New(st, Options{}).Add(Article{ID: "copy", Text: text})
	if err != nil || v.DupOf != "" {
		t.Errorf("copy of a removed article: dup of %q, error %v", v.DupOf, err)
	}
}

func entries(es ...[2]uint64) []byte {
	var b []byte
	for _, e := range es {
		b = binary.BigEndian.AppendUint64(b, e[0])
		b = binary.BigEndian.AppendUint32(b, uint32(e[1]))
	}
	return b
}

func TestMergeEntries(t *testing.T) {
	a := entries([2]uint64{1, 5}, [2]uint64{7, 1}, [2]uint64{7, 9})
	b := entries([2]uint64{1, 2}, [2]uint64{7, 3}, [2]uint64{9, 4})
	got := mergeEntries([][]byte{a, b}, 2)
	// Hash 7 has three entries; the two oldest (lowest ordinals) stay.
	want := entries([2]uint64{1, 2}, [2]uint64{1, 5}, [2]uint64{7, 1}, [2]uint64{7, 3}, [2]uint64{9, 4})
	if string(got) != string(want) {
		t.Errorf("merged % x\nwant   % x", got, want)
	}
	if ords := levelFind(got, 7); len(ords) != 2 || ords[0] != 1 || ords[1] != 3 {
		t.Errorf("levelFind(7) = %v, want [1 3]", ords)
	}
	if ords := levelFind(got, 8); len(ords) != 0 {
		t.Errorf("levelFind(8) = %v, want none", ords)
	}
	unsorted := entries([2]uint64{9, 1}, [2]uint64{1, 8}, [2]uint64{1, 2})
	sortEntries(unsorted)
	if want := entries([2]uint64{1, 2}, [2]uint64{1, 8}, [2]uint64{9, 1}); string(unsorted) != string(want) {
		t.Errorf("sortEntries: % x", unsorted)
	}
}

// TestLevelFindAgainstScan checks the interpolating search, and the
// search of a level read in parts, against a scan, on a level of skewed
// hashes where the guess is far off, and with runs of one hash longer
// than what findIn reads at once.
func TestLevelFindAgainstScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var es [][2]uint64
	for i := 0; i < 3000; i++ {
		h := rng.Uint64()
		if i%3 == 0 {
			h >>= 40 // a cluster of small hashes
		}
		for k := 0; k < 1+rng.IntN(3); k++ {
			es = append(es, [2]uint64{h, uint64(rng.Uint32())})
		}
	}
	for _, h := range []uint64{rng.Uint64(), 0, ^uint64(0)} {
		for k := 0; k < 3*fenceStep+5; k++ {
			es = append(es, [2]uint64{h, uint64(k)})
		}
	}
	v := entries(es...)
	sortEntries(v)
	tab := bandTable{fences: map[string]fence{}}
	lv := level{key: "l", r: bytes.NewReader(v), size: len(v)}
	probe := []uint64{0, 1, ^uint64(0)}
	for i := 0; i < len(es); i += 7 {
		probe = append(probe, es[i][0], es[i][0]+1, es[i][0]-1)
	}
	for _, h := range probe {
		var want []uint32
		for i := 0; i < len(v); i += entrySize {
			if binary.BigEndian.Uint64(v[i:]) == h {
				want = append(want, binary.BigEndian.Uint32(v[i+8:]))
			}
		}
		got := levelFind(v, h)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("levelFind(%#x) = %v, want %v", h, got, want)
		}
		// What findIn is given to append to stays.
		got, err := tab.findIn([]uint32{99}, lv, h)
		if err != nil || len(got) == 0 || got[0] != 99 || fmt.Sprint(got[1:]) != fmt.Sprint(want) {
			t.Fatalf("findIn(%#x) = %v, %v, want %v", h, got, err, want)
		}
	}
}

func TestOldStateRefused(t *testing.T) {
	for _, old := range []string{keyOldBand + "1a2b", keyOldInfo + "0a1b2c"} {
		st := &memStore{meta: map[string][]byte{old: []byte("x")}, texts: map[string]string{}}
		_, err := New(st, Options{}).Add(Article{ID: "a", Text: "one two three four five six"})
		if !errors.Is(err, ErrOldState) {
			t.Errorf("Add over a state with %q: %v, want ErrOldState", old, err)
		}
	}
	// The layout of now is not refused.
	st := &memStore{meta: map[string][]byte{}, texts: map[string]string{}}
	v, err := New(st, Options{}).Add(Article{ID: "a", Text: "one two three four five six"})
	if err != nil {
		t.Fatal(err)
	}
	maps.Copy(st.meta, v.Meta)
	if _, err := New(st, Options{}).Add(Article{ID: "b", Text: "seven eight nine ten eleven twelve"}); err != nil {
		t.Errorf("Add over this version's state: %v", err)
	}
}

// TestCompactBudget: with a budget that admits one merge below level 1
// per compaction, no compaction writes two, levels deeper than 1 still
// form, and every article stays findable by each of its band hashes.
func TestCompactBudget(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	st := &memStore{meta: map[string][]byte{}, texts: map[string]string{}}
	x := New(st, Options{})
	x.bands.budget = 1
	nBands := x.opts.Hashes / x.opts.Rows
	if err := x.loadBands(nBands); err != nil {
		t.Fatal(err)
	}
	const n = 7 * compactAt
	sigs := make([][]uint64, n)
	deepest := 1
	for ord := range sigs {
		hs := make([]uint64, nBands)
		for b := range hs {
			hs[b] = rng.Uint64()
		}
		sigs[ord] = hs
		x.bands.insert(uint32(ord), hs)
		x.bands.stored[uint32(ord)] = true
		if (ord+1)%256 != 0 {
			continue
		}
		meta, err := x.Compact()
		if err != nil {
			t.Fatal(err)
		}
		deep := 0
		for k, v := range meta {
			if _, l, ok := parseLevelKey(k); ok && l > 1 && v != nil {
				deep++
				deepest = max(deepest, l)
			}
		}
		if deep > 1 {
			t.Fatalf("after %d articles one compaction merged %d bands below level 1, over its budget", ord+1, deep)
		}
		st.persist(x, "", "", Verdict{Meta: meta})
		x.Persisted(meta, nil)
	}
	if deepest < 2 {
		t.Fatalf("after %d articles no band has a level below 1", n)
	}
	for _, ord := range []int{0, 1234, compactAt, 3*compactAt + 7, n - 1} {
		got, err := x.lookup(sigs[ord], n)
		if err != nil {
			t.Fatal(err)
		}
		for b, ords := range got {
			found := false
			for _, o := range ords {
				found = found || o == uint32(ord)
			}
			if !found {
				t.Fatalf("article %d is missing from band %d's bucket", ord, b)
			}
		}
	}
}

// TestRecentBand checks the table of recent records against a map of
// lists, through random adds and removes: over few hashes, so that hashes
// go from one ordinal to several and back in long runs of slots that
// wrap round the table's end, and over many, so that the table grows
// while full of runs. Removing a record twice, or one never added, must
// change nothing.
func TestRecentBand(t *testing.T) {
	for _, tc := range []struct {
		hashes  uint64
		ops     int
		addPct  int
		checked int
	}{{40, 5000, 50, 40}, {3000, 20000, 60, 64}} {
		rng := rand.New(rand.NewPCG(3, tc.hashes))
		var r recentBand
		want := map[uint64][]uint32{}
		type rec struct {
			h   uint64
			ord uint32
		}
		var live, gone []rec
		for ord := uint32(0); ord < uint32(tc.ops); ord++ {
			switch {
			case len(gone) > 0 && rng.IntN(10) == 0:
				x := gone[rng.IntN(len(gone))]
				r.remove(x.h, x.ord)
				r.remove(x.h, x.ord+uint32(tc.ops))
			case len(live) > 0 && rng.IntN(100) >= tc.addPct:
				i := rng.IntN(len(live))
				x := live[i]
				live = append(live[:i], live[i+1:]...)
				gone = append(gone, x)
				r.remove(x.h, x.ord)
				want[x.h] = slices.DeleteFunc(want[x.h], func(o uint32) bool { return o == x.ord })
			default:
				h := rng.Uint64N(tc.hashes)
				r.add(h, ord)
				want[h] = append(want[h], ord)
				live = append(live, rec{h, ord})
			}
			if r.n != len(live) {
				t.Fatalf("%d hashes, after ordinal %d: %d records, want %d", tc.hashes, ord, r.n, len(live))
			}
			for range tc.checked {
				h := rng.Uint64N(tc.hashes)
				if got := r.appendTo(nil, h); !slices.Equal(got, want[h]) {
					t.Fatalf("%d hashes, after ordinal %d, hash %d: %v, want %v", tc.hashes, ord, h, got, want[h])
				}
			}
		}
		if len(r.hs) < 2*len(live) {
			t.Errorf("%d hashes: %d slots for %d records, more than half full", tc.hashes, len(r.hs), len(live))
		}
	}
}
