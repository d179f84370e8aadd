package dedup

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	mathbits "math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The LSH band table is log-structured. An article's 64 band hashes are
// first one record under its ordinal (keySig), written with the article;
// once enough records are in the store, Compact merges them into sorted
// levels, one value per band and level (keyLevel), and deletes them.
//
// A key per bucket, rewritten whenever an article joins it, made every
// batch touch as many random pages of the store as it has bucket entries
// (64 per article), so that writing grew with the size of the table:
// at 100,000 articles it was most of dedup's time. Levels are written
// whole and in order; each entry is rewritten a few times in all, as it
// moves down the levels, and a lookup reads at most a few levels per band
// in one ordered scan.

// Keys of the band table.
const (
	keyNext = "dedup/next" // the next article ordinal
	keyRef  = "dedup/ref/" // ordinal (8 hex digits) -> article ID "\t" word count
	keySig  = "dedup/sig/" // ordinal -> band hashes, not yet in a level
	// keySketch: ordinal -> shingle-set size and signature nibbles
	// (sketch.go).
	keySketch = "dedup/sketch/"
	keyLevel  = "dedup/lsh/" // band (2 hex) "/" level (1-9) -> entries
	// keyOldBand is the bucket-per-key layout of earlier versions.
	keyOldBand = "dedup/band/"
	// keyOldInfo is where earlier versions kept what infoKey holds, with
	// the other records of an article each under a prefix of its own.
	keyOldInfo = "dedup/info/"
)

// ErrOldState reports dedup state in the layout of an earlier version,
// which this one cannot read: articles would not be checked against it.
var ErrOldState = errors.New("dedup: the index's duplicate-detection state is in an older layout; delete the index and run `ingest index` again on the sources to rebuild it")

// errStop ends a scan early.
var errStop = errors.New("stop")

const (
	// entrySize is a level entry: band hash then ordinal, big-endian, so
	// that byte order is (hash, ordinal) order.
	entrySize = 12
	// compactAt is the number of stored records that makes Compact merge
	// them into the levels.
	compactAt = 4096
	// fanout is the growth of level capacity from one level to the next.
	// At 4 rather than 16 an entry is rewritten half as often: 4,100
	// rather than 9,000 bytes written per article at 100,000 articles
	// (with the budget below), for about the same time per article, with
	// one or two more levels per band to read.
	fanout = 4
	// deepBudget bounds the bytes of the merges below level 1 in one
	// compaction (one band's merge is always allowed, however large).
	deepBudget = 16 << 20
	// maxLevel bounds the levels: the last one takes whatever is left.
	maxLevel = 9
)

// bandTable is the part of the band table held in memory: the records
// not yet merged into levels, and the entry count of each level.
type bandTable struct {
	loaded bool
	// next is the next ordinal to give; savedNext, the one last returned
	// by Compact for the store.
	next, savedNext uint32
	// recent maps each band's hash to the ordinals with it, for records
	// not yet in a level; sigs holds those records' hashes, and stored
	// those of them already in the store (the ones Compact may merge),
	// ids their keyRef records.
	recent []recentBand
	sigs   map[uint32][]uint64
	ids    map[uint32]string
	stored map[uint32]bool
	// levels[b][l] is the entry count of band b's level l+1.
	levels [][maxLevel]int
	// fences are the hashes at every fenceStep-th entry of the levels
	// read from the store in parts, by level key.
	fences map[string]fence
	// budget is deepBudget, or a test's smaller one.
	budget int
	// buf holds the entries findIn reads, for the next read.
	buf []byte
}

func ordKey(ord uint32) string { return fmt.Sprintf("%08x", ord) }

func levelKey(band, level int) string { return fmt.Sprintf("%s%02x/%d", keyLevel, band, level) }

// parseLevelKey reads band and level from a key under keyLevel.
func parseLevelKey(k string) (band, level int, ok bool) {
	b, l, found := strings.Cut(strings.TrimPrefix(k, keyLevel), "/")
	if !found {
		return 0, 0, false
	}
	bv, err1 := strconv.ParseUint(b, 16, 16)
	lv, err2 := strconv.Atoi(l)
	if err1 != nil || err2 != nil || lv < 1 || lv > maxLevel {
		return 0, 0, false
	}
	return int(bv), lv, true
}

// loadBands reads the band table's state from the store, once.
func (x *Index) loadBands(nBands int) error {
	t := &x.bands
	if t.loaded {
		return nil
	}
	t.recent = make([]recentBand, nBands)
	t.sigs, t.ids, t.stored = map[uint32][]uint64{}, map[uint32]string{}, map[uint32]bool{}
	t.levels = make([][maxLevel]int, nBands)
	t.fences = map[string]fence{}
	if t.budget == 0 {
		t.budget = deepBudget
	}
	for _, prefix := range []string{keyOldBand, keyOldInfo} {
		old := x.store.MetaScan(prefix, func(string, []byte) error { return errStop })
		switch {
		case errors.Is(old, errStop):
			return ErrOldState
		case old != nil:
			return old
		}
	}
	next, err := x.get(keyNext)
	if err != nil {
		return err
	}
	if next != nil {
		n, err := strconv.ParseUint(string(next), 16, 32)
		if err != nil {
			return fmt.Errorf("dedup: %s: %w", keyNext, err)
		}
		t.next = uint32(n)
	}
	t.savedNext = t.next
	err = x.store.MetaScan(keySig, func(k string, v []byte) error {
		ord, err := strconv.ParseUint(strings.TrimPrefix(k, keySig), 16, 32)
		if err != nil || len(v) != 8*nBands {
			return fmt.Errorf("dedup: malformed band record %q", k)
		}
		hs := make([]uint64, nBands)
		for i := range hs {
			hs[i] = binary.BigEndian.Uint64(v[8*i:])
		}
		t.insert(uint32(ord), hs)
		t.stored[uint32(ord)] = true
		return nil
	})
	if err != nil {
		return err
	}
	err = x.scanStored(func(k string, lv level) error {
		b, l, ok := parseLevelKey(k)
		if !ok || b >= nBands || lv.size%entrySize != 0 {
			return fmt.Errorf("dedup: malformed band level %q", k)
		}
		t.levels[b][l-1] = lv.size / entrySize
		return nil
	})
	if err != nil {
		return err
	}
	t.loaded = true
	return nil
}

func (t *bandTable) insert(ord uint32, hs []uint64) {
	t.sigs[ord] = hs
	for b, h := range hs {
		t.recent[b].add(h, ord)
	}
}

// recentBand maps one band's hashes to the ordinals of the records with
// them, for records not yet in a level: an open-addressed table (linear
// probing, at most half full, since most lookups are of hashes it lacks
// and end at an empty slot) with a slot per record, so that
// a hash with several records (copies, shared boilerplate) has several
// slots. Every article looks up, adds and later removes 64 hashes, one
// per band: with Go maps (a map for hashes of one record and a map of
// lists for the others, to keep the collector from scanning them) that
// was a tenth of dedup's time in a run of 300,000 articles, most of it
// probing the maps' groups. The slots hold no pointers.
//
// A hash's slots follow its home slot in the order they were added:
// insertion takes the first empty slot of the run, removal moves later
// slots back in order, and growth reinserts each run from its start.
type recentBand struct {
	hs   []uint64
	ords []uint32
	used []uint64 // a bit per slot
	n    int
}

// recentHome is h's first slot in a table of 1<<bits slots. Band hashes
// are spread already, but a multiplicative hash keeps small test hashes
// apart too.
func recentHome(h uint64, bits int) uint64 { return h * 0x9e3779b97f4a7c15 >> (64 - bits) }

func (r *recentBand) has(i uint64) bool { return r.used[i/64]&(1<<(i%64)) != 0 }

func (r *recentBand) set(i uint64, h uint64, ord uint32) {
	r.hs[i], r.ords[i] = h, ord
	r.used[i/64] |= 1 << (i % 64)
}

func (r *recentBand) bits() int { return mathbits.Len(uint(len(r.hs))) - 1 }

func (r *recentBand) add(h uint64, ord uint32) {
	if 2*(r.n+1) > len(r.hs) {
		r.grow()
	}
	mask := uint64(len(r.hs) - 1)
	i := recentHome(h, r.bits())
	for r.has(i) {
		i = (i + 1) & mask
	}
	r.set(i, h, ord)
	r.n++
}

// grow doubles the table (from 64 slots), reinserting the slots in order
// from an empty one, so that each run is reinserted from its start.
func (r *recentBand) grow() {
	old := *r
	size := max(64, 2*len(old.hs))
	*r = recentBand{hs: make([]uint64, size), ords: make([]uint32, size), used: make([]uint64, size/64)}
	if old.n == 0 {
		return
	}
	mask := uint64(len(old.hs) - 1)
	e := uint64(0)
	for old.has(e) {
		e++
	}
	for k := uint64(1); k <= mask; k++ {
		if i := (e + k) & mask; old.has(i) {
			r.add(old.hs[i], old.ords[i])
		}
	}
}

// appendTo appends the ordinals with hash h to out.
func (r *recentBand) appendTo(out []uint32, h uint64) []uint32 {
	if r.n == 0 {
		return out
	}
	mask := uint64(len(r.hs) - 1)
	for i := recentHome(h, r.bits()); r.has(i); i = (i + 1) & mask {
		if r.hs[i] == h {
			out = append(out, r.ords[i])
		}
	}
	return out
}

// remove takes the slot of h and ord out, and moves back into the gap
// any later slot of the run whose home is at or before the gap, so that
// a lookup never stops at a hole short of what it looks for.
func (r *recentBand) remove(h uint64, ord uint32) {
	if r.n == 0 {
		return
	}
	mask, bits := uint64(len(r.hs)-1), r.bits()
	i := recentHome(h, bits)
	for r.hs[i] != h || r.ords[i] != ord || !r.has(i) {
		if !r.has(i) {
			return // the run ends without it
		}
		i = (i + 1) & mask
	}
	for j := (i + 1) & mask; r.has(j); j = (j + 1) & mask {
		// Distance from home, taken round the end of the table.
		if (j-recentHome(r.hs[j], bits))&mask >= (j-i)&mask {
			r.hs[i], r.ords[i] = r.hs[j], r.ords[j]
			i = j
		}
	}
	r.used[i/64] &^= 1 << (i % 64)
	r.n--
}

// lookup returns, for each band hash of an article, the ordinals of the
// articles in that bucket: the oldest maxBucket of them, so that a bucket
// shared by boilerplate cannot make lookups grow with the table.
func (x *Index) lookup(hs []uint64, maxBucket int) ([][]uint32, error) {
	t := &x.bands
	out := make([][]uint32, len(hs))
	err := x.scanLevels(func(b, _ int, lv level) error {
		if b >= len(hs) {
			return nil
		}
		if lv.v != nil {
			out[b] = append(out[b], levelFind(lv.v, hs[b])...)
			return nil
		}
		var err error
		out[b], err = t.findIn(out[b], lv, hs[b])
		return err
	})
	if err != nil {
		return nil, err
	}
	for b, h := range hs {
		ords := t.recent[b].appendTo(out[b], h)
		slices.Sort(ords)
		out[b] = ords[:min(len(ords), maxBucket)]
	}
	return out, nil
}

// level is a band level as scanLevels gives it: its entries in memory
// (v), or a reader of them; size is its length in bytes.
type level struct {
	key  string
	v    []byte
	r    io.ReaderAt
	size int
}

// bytes returns the level's entries, a copy when they are the store's.
func (lv level) bytes() ([]byte, error) {
	if lv.r == nil {
		return bytes.Clone(lv.v), nil
	}
	buf := make([]byte, lv.size)
	_, err := lv.r.ReadAt(buf, 0)
	return buf, err
}

// scanStored calls fn with every level in the store: as a reader when
// the store gives one, else in memory (valid only during fn).
func (x *Index) scanStored(fn func(k string, lv level) error) error {
	if pr, ok := x.store.(PartReader); ok {
		return pr.MetaScanParts(keyLevel, func(k string, r io.ReaderAt, n int) error {
			return fn(k, level{key: k, r: r, size: n})
		})
	}
	return x.store.MetaScan(keyLevel, func(k string, v []byte) error {
		return fn(k, level{key: k, v: v, size: len(v)})
	})
}

// scanLevels calls fn with every level, from the state not yet persisted
// where it has the level, else from the store.
func (x *Index) scanLevels(fn func(band, level int, lv level) error) error {
	x.mu.Lock()
	pending := make(map[string][]byte, len(x.pendingLevels))
	for k, v := range x.pendingLevels {
		pending[k] = v
	}
	x.mu.Unlock()
	err := x.scanStored(func(k string, lv level) error {
		if _, ok := pending[k]; ok {
			return nil // read below, as this run left it
		}
		if b, l, ok := parseLevelKey(k); ok {
			return fn(b, l, lv)
		}
		return nil
	})
	if err != nil {
		return err
	}
	keys := make([]string, 0, len(pending))
	for k := range pending {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if b, l, ok := parseLevelKey(k); ok && len(pending[k]) > 0 {
			if err := fn(b, l, level{key: k, v: pending[k], size: len(pending[k])}); err != nil {
				return err
			}
		}
	}
	return nil
}

// fenceStep is the entries between two fences: a lookup in a level read
// in parts reads about two steps of entries, 1.5 KB, and the fences take
// 8 bytes per 64 entries of memory (3.2 MB at 400,000 articles).
const fenceStep = 64

// filterBits is the size of a level's filter in bits per entry. With two
// bits set per hash, a hash the level lacks passes it 15% of the time.
// Most lookups are of hashes a level lacks, and each that passes costs a
// pread: 12 s of the 39 s dedup took on 50,000 generated articles
// without the filter. The filters take half a byte per entry (12.8 MB at
// 400,000 articles).
const filterBits = 4

// fence is what is kept in memory of a level read in parts: its size,
// its hashes at every fenceStep-th entry, and a Bloom filter of its
// hashes.
type fence struct {
	size   int
	hashes []uint64
	filter []uint64
}

func makeFence(v []byte) fence {
	n := len(v) / entrySize
	f := fence{size: len(v), filter: make([]uint64, (n*filterBits+63)/64)}
	for i := 0; i < n; i++ {
		h := binary.BigEndian.Uint64(v[i*entrySize:])
		if i%fenceStep == 0 {
			f.hashes = append(f.hashes, h)
		}
		a, b := f.bits(h)
		f.filter[a/64] |= 1 << (a % 64)
		f.filter[b/64] |= 1 << (b % 64)
	}
	return f
}

// bits are the filter's two bits for h, from its two halves (band hashes
// are uniform).
func (f *fence) bits(h uint64) (a, b uint64) {
	m := uint64(len(f.filter)) * 64
	return uint64(uint32(h)) * m >> 32, (h >> 32) * m >> 32
}

// mayHold is false when the level holds no entry with hash h.
func (f *fence) mayHold(h uint64) bool {
	if len(f.filter) == 0 {
		return false
	}
	a, b := f.bits(h)
	return f.filter[a/64]&(1<<(a%64)) != 0 && f.filter[b/64]&(1<<(b%64)) != 0
}

// findIn appends to dst the ordinals of the entries with hash h in a
// level read in parts, as levelFind finds them in a level in memory: the
// filter tells most hashes the level lacks, the fences which stretch of
// entries holds h's, and only that stretch is read. A level's fences are
// made when Compact writes it, or from the whole level when first read;
// a level of another size than its fences' is read again.
func (t *bandTable) findIn(dst []uint32, lv level, h uint64) ([]uint32, error) {
	f, ok := t.fences[lv.key]
	if !ok || f.size != lv.size {
		v, err := lv.bytes()
		if err != nil {
			return nil, err
		}
		f = makeFence(v)
		t.fences[lv.key] = f
	}
	if !f.mayHold(h) {
		return dst, nil
	}
	n := lv.size / entrySize
	// The first entry >= h is after the last fence < h and at or before
	// the next one.
	i := sort.Search(len(f.hashes), func(i int) bool { return f.hashes[i] >= h })
	from := max(0, i-1) * fenceStep
	out := dst
	for from < n {
		to := min(n, from+2*fenceStep)
		t.buf = slices.Grow(t.buf[:0], (to-from)*entrySize)[:(to-from)*entrySize]
		buf := t.buf
		if _, err := lv.r.ReadAt(buf, int64(from*entrySize)); err != nil {
			return nil, err
		}
		k := sort.Search(to-from, func(k int) bool { return binary.BigEndian.Uint64(buf[k*entrySize:]) >= h })
		for ; k < to-from; k++ {
			e := buf[k*entrySize:]
			if binary.BigEndian.Uint64(e) != h {
				return out, nil
			}
			out = append(out, binary.BigEndian.Uint32(e[8:]))
		}
		from = to // the entries with h go on past what was read
	}
	return out, nil
}

// levelFind returns the ordinals of the entries with hash h. Band hashes
// are uniform, so the entry's place is about h/2^64 of the way through
// the level; a second guess corrects the first by the hashes' density
// there, and a gallop from it finds the place, touching a few
// neighbouring cache lines instead of a binary search's jumps across
// megabytes.
func levelFind(v []byte, h uint64) []uint32 {
	n := len(v) / entrySize
	if n == 0 {
		return nil
	}
	at := func(i int) uint64 { return binary.BigEndian.Uint64(v[i*entrySize:]) }
	guess := min(int(float64(h)/(1<<64)*float64(n)), n-1)
	guess += int((float64(h) - float64(at(guess))) / (1 << 64) * float64(n))
	guess = max(0, min(guess, n-1))
	// Find lo < first <= hi, where first is the first entry >= h.
	lo, hi := guess-1, guess
	if at(guess) < h {
		lo, hi = guess, n
		for step := 1; guess+step < n; step *= 2 {
			if at(guess+step) >= h {
				hi = guess + step
				break
			}
			lo = guess + step
		}
	} else {
		for step := 1; ; step *= 2 {
			if guess-step < 0 {
				lo = -1
				break
			}
			if at(guess-step) < h {
				lo = guess - step
				break
			}
			hi = guess - step
		}
	}
	i := lo + 1 + sort.Search(hi-lo-1, func(k int) bool { return at(lo+1+k) >= h })
	var out []uint32
	for ; i < n && at(i) == h; i++ {
		out = append(out, binary.BigEndian.Uint32(v[i*entrySize+8:]))
	}
	return out
}

// Compact returns the band table's state to persist with the caller's
// next batch: the ordinal counter, and, when enough band records are in
// the store, the levels they are merged into and the records deleted.
// The caller writes it with that batch and then calls Persisted, as for
// a verdict's state; nil means nothing to write. Only records already in
// the store are merged, so that the levels never hold an article that is
// not.
//
// The counter is written here rather than with each article: articles
// reach a batch out of the order dedup numbered them, so a counter
// written with each would go back and ordinals be given twice.
func (x *Index) Compact() (map[string][]byte, error) {
	x.addMu.Lock()
	defer x.addMu.Unlock()
	nBands := x.opts.Hashes / x.opts.Rows
	if err := x.loadBands(nBands); err != nil {
		return nil, err
	}
	t := &x.bands
	var counter map[string][]byte
	if t.next != t.savedNext {
		counter = map[string][]byte{keyNext: []byte(strconv.FormatUint(uint64(t.next), 16))}
		t.savedNext = t.next
	}
	if len(t.stored) < compactAt {
		return counter, nil
	}
	ords := make([]uint32, 0, len(t.stored))
	for ord := range t.stored {
		ords = append(ords, ord)
	}
	sort.Slice(ords, func(i, j int) bool { return ords[i] < ords[j] })
	fresh := make([][]byte, nBands)
	for b := range fresh {
		fresh[b] = make([]byte, 0, len(ords)*entrySize)
	}
	for _, ord := range ords {
		for b, h := range t.sigs[ord] {
			fresh[b] = binary.BigEndian.AppendUint64(fresh[b], h)
			fresh[b] = binary.BigEndian.AppendUint32(fresh[b], ord)
		}
	}
	// Which levels each band merges into: the first whose capacity holds
	// the new entries and every level above it. Capacities differ a
	// little from band to band, which spreads the bands' large merges
	// over batches at first; the budget below keeps them spread.
	target := make([]int, nBands)
	size := make([]int, nBands) // entries of the merged level
	var deep []int              // bands that merge below level 1
	for b := range target {
		sortEntries(fresh[b])
		sum := len(ords)
		target[b] = maxLevel
		for l := 1; l <= maxLevel; l++ {
			sum += t.levels[b][l-1]
			if sum <= levelCap(l, b, nBands) {
				target[b] = l
				break
			}
		}
		size[b] = sum
		if target[b] > 1 {
			deep = append(deep, b)
		}
	}
	// The merges below level 1 share a budget of bytes, the fullest level
	// 1 first; the bands left out merge into level 1, beyond its capacity,
	// and go first at the next compaction. Without it the bands' large
	// merges drift into step, and one batch wrote 59 MiB of levels at
	// 300,000 articles (BenchmarkIndex; the store holds a batch's writes
	// in memory until it commits), against 27 MiB with it.
	sort.SliceStable(deep, func(i, j int) bool {
		bi, bj := deep[i], deep[j]
		return float64(t.levels[bi][0])/float64(levelCap(1, bi, nBands)) > float64(t.levels[bj][0])/float64(levelCap(1, bj, nBands))
	})
	spent := 0
	for i, b := range deep {
		if i > 0 && spent+size[b]*entrySize > t.budget {
			target[b] = 1
			continue
		}
		spent += size[b] * entrySize
	}
	inputs := make([][][]byte, nBands)
	for b := range inputs {
		inputs[b] = [][]byte{fresh[b]}
	}
	err := x.scanLevels(func(b, l int, lv level) error {
		if b < nBands && l <= target[b] {
			// Merged after the scan, when the store's value may be gone.
			v, err := lv.bytes()
			inputs[b] = append(inputs[b], v)
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	meta := map[string][]byte{}
	for k, v := range counter {
		meta[k] = v
	}
	for b := range inputs {
		merged := mergeEntries(inputs[b], x.opts.MaxBucket)
		for l := 1; l < target[b]; l++ {
			if t.levels[b][l-1] > 0 {
				meta[levelKey(b, l)] = nil
				delete(t.fences, levelKey(b, l))
				t.levels[b][l-1] = 0
			}
		}
		meta[levelKey(b, target[b])] = merged
		t.fences[levelKey(b, target[b])] = makeFence(merged)
		t.levels[b][target[b]-1] = len(merged) / entrySize
	}
	for _, ord := range ords {
		meta[keySig+ordKey(ord)] = nil
		for b, h := range t.sigs[ord] {
			t.recent[b].remove(h, ord)
		}
		delete(t.sigs, ord)
		delete(t.stored, ord)
		delete(t.ids, ord)
	}
	x.mu.Lock()
	for k, v := range meta {
		if strings.HasPrefix(k, keyLevel) {
			x.pendingLevels[k] = v
		}
	}
	x.mu.Unlock()
	return meta, nil
}

// levelCap is the most entries band b keeps in level l before they move
// to the next.
func levelCap(l, b, nBands int) int {
	c := compactAt
	for range l {
		c *= fanout
	}
	return c + c*b/nBands
}

// sortEntries sorts a run of entries by hash, then ordinal.
func sortEntries(v []byte) {
	n := len(v) / entrySize
	es := make([][entrySize]byte, n)
	for i := range es {
		copy(es[i][:], v[i*entrySize:])
	}
	sort.Slice(es, func(i, j int) bool { return string(es[i][:]) < string(es[j][:]) })
	for i := range es {
		copy(v[i*entrySize:], es[i][:])
	}
}

// mergeEntries merges sorted runs of entries into one, keeping at most
// maxBucket entries per hash: the lowest ordinals, the oldest articles.
func mergeEntries(runs [][]byte, maxBucket int) []byte {
	total := 0
	for _, r := range runs {
		total += len(r)
	}
	out := make([]byte, 0, total)
	pos := make([]int, len(runs))
	var last uint64
	same := 0
	for {
		best := -1
		for i, r := range runs {
			if pos[i] < len(r) && (best < 0 || string(r[pos[i]:pos[i]+entrySize]) < string(runs[best][pos[best]:pos[best]+entrySize])) {
				best = i
			}
		}
		if best < 0 {
			return out
		}
		e := runs[best][pos[best] : pos[best]+entrySize]
		pos[best] += entrySize
		h := binary.BigEndian.Uint64(e)
		if len(out) > 0 && h == last {
			same++
		} else {
			last, same = h, 1
		}
		if same <= maxBucket {
			out = append(out, e...)
		}
	}
}
