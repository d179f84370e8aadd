package dedup

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"

	"github.com/ingest-news/ingest/internal/metakey"
)

// Store is where dedup state persists between runs, and where the text of
// an article already stored is read back to verify a candidate.
type Store interface {
	Meta(key string) ([]byte, error)
	// MetaScan calls fn for every key under prefix, in key order, with
	// its value, which is valid only until fn returns.
	MetaScan(prefix string, fn func(key string, val []byte) error) error
	// Text returns a stored article's text, or an error wrapping
	// ErrNoText when no article has the ID (any more).
	Text(id string) (string, error)
}

// ErrNoText is what Store.Text returns, wrapped, for an ID it has no
// article for: a candidate whose source was replaced by a new version
// since its band entries were written.
var ErrNoText = errors.New("no stored article with that ID")

// Options configure an Index. The zero value means the defaults below.
type Options struct {
	// Threshold is the similarity at or above which two articles are one
	// report: the larger of their shingle Jaccard and, when the smaller
	// has at least MinShingles shingles, its containment in the larger.
	// Default 0.6, chosen from the labelled BBC pairs (doc/design.md).
	Threshold float64
	// Hashes is the MinHash signature length, Rows the rows per LSH band
	// (default 128 and 2: 64 bands, so that pairs of Jaccard 0.2 are
	// candidates with probability 0.93).
	Hashes, Rows int
	// Shingle is the number of words per shingle (default 5).
	Shingle int
	// MinShingles is the size below which containment is not trusted: a
	// short text is "contained" in any article that quotes it (default 40).
	MinShingles int
	// MaxBucket bounds the articles read per LSH bucket (default 64):
	// the oldest, so that a bucket shared by boilerplate cannot make
	// lookups grow with the corpus.
	MaxBucket int
}

func (o Options) withDefaults() Options {
	if o.Threshold <= 0 {
		o.Threshold = 0.6
	}
	if o.Hashes <= 0 {
		o.Hashes = 128
	}
	if o.Rows <= 0 {
		o.Rows = 2
	}
	if o.Shingle <= 0 {
		o.Shingle = 5
	}
	if o.MinShingles <= 0 {
		o.MinShingles = 40
	}
	if o.MaxBucket <= 0 {
		o.MaxBucket = 64
	}
	return o
}

// Article is what dedup needs to know of an article.
type Article struct {
	ID        string
	Text      string
	Published string // YYYY-MM-DD or empty
}

// Verdict is the outcome of adding one article.
type Verdict struct {
	// DupOf is the canonical article this one duplicates, or "".
	DupOf string
	// Similarity is the verified similarity to DupOf's cluster canonical.
	Similarity float64
	// Repoint lists articles that were in a cluster whose canonical this
	// article now is (it is earlier, or as early and longer): their
	// duplicate-of must become this article's ID.
	Repoint []string
	// Meta is the state to persist with the article, in the same batch.
	Meta map[string][]byte
}

// Index finds near-duplicates by MinHash LSH and verifies each candidate
// on the exact shingle sets. Add must be called from one goroutine;
// CanonicalOf, Compact and Persisted may be called from others.
type Index struct {
	opts  Options
	store Store
	seeds [][2]uint64

	// addMu guards the band table, which Add reads and extends while
	// Compact and Persisted, called by the writer, reorganise it.
	addMu sync.Mutex
	bands bandTable
	// refs caches the keyRef records read from the store (under addMu).
	refs refCache

	mu sync.Mutex
	// pendingLevels are band levels that Compact wrote and the store
	// does not hold yet (nil: deleted).
	pendingLevels map[string][]byte
	// pending is state not yet readable from the store: what this run
	// set, until the batch holding it is persisted.
	pending map[string][]byte
	texts   map[string]string // texts of articles added but not persisted
	// work counts LSH candidates and exact verifications, for the
	// benchmark's per-article cost.
	work struct{ candidates, verified, refReads, refHits, ruledOut int }
}

// refCache holds keyRef records read from the store, by ordinal, in
// refCacheSlots slots, a record's slot fixed by its ordinal. A record is
// written once and never changes. A lookup returns at most the oldest
// ordinals of each bucket (Options.MaxBucket), so that the same records
// come back article after article; read from the store they were 27% of
// dedup's CPU time in a 1 GB run, most of it reading the store's pages.
// The slots hold no pointers, so that the collector never scans them,
// and a record longer than a slot is read from the store each time.
type refCache struct {
	slots []refSlot
}

// refSlot is one record: ord is its ordinal + 1 (0: empty), n its length.
type refSlot struct {
	ord uint32
	n   uint8
	rec [refSlotBytes]byte
}

// refSlotBytes fits an ID of 32 bytes (the pipeline's are 16), a tab and
// a word count of up to 6 digits.
const refSlotBytes = 39

// refCacheSlots bounds the cache: 5.8 MB. At 1 GB (500,000 articles)
// the buckets' oldest ordinals are more than a cache of 32,768 slots
// held.
const refCacheSlots = 1 << 17

func (c *refCache) get(ord uint32) (string, bool) {
	if c.slots == nil {
		return "", false
	}
	s := &c.slots[ord%refCacheSlots]
	if s.ord != ord+1 {
		return "", false
	}
	return string(s.rec[:s.n]), true
}

func (c *refCache) put(ord uint32, ref string) {
	if len(ref) > refSlotBytes {
		return
	}
	if c.slots == nil {
		c.slots = make([]refSlot, refCacheSlots)
	}
	s := &c.slots[ord%refCacheSlots]
	s.ord, s.n = ord+1, uint8(len(ref))
	copy(s.rec[:], ref)
}

// New returns an Index over a store.
func New(store Store, opts Options) *Index {
	opts = opts.withDefaults()
	return &Index{
		opts: opts, store: store, seeds: hashSeeds(opts.Hashes),
		pending: map[string][]byte{}, texts: map[string]string{},
		pendingLevels: map[string][]byte{},
	}
}

// Keys of the persisted state. What dedup keeps about one article is
// named with metakey.Article, beside the article's other records.
const keyExact = "dedup/exact/" // fingerprint -> first article with it

// ofKey holds a duplicate's canonical ID.
func ofKey(id string) string { return metakey.Article(id, "dedup/of") }

// membersKey holds a canonical's duplicates' IDs, one per line.
func membersKey(id string) string { return metakey.Article(id, "dedup/members") }

// infoKey holds an article's published date "\t" word count.
func infoKey(id string) string { return metakey.Article(id, "dedup/info") }

// PartReader is a Store that gives values as readers, so that dedup
// reads only the entries of a band level that a lookup needs.
type PartReader interface {
	// MetaScanParts is MetaScan with each value as a reader and its
	// length; the reader is valid only until fn returns.
	MetaScanParts(prefix string, fn func(key string, r io.ReaderAt, n int) error) error
}

// MetaBatcher is a Store that reads many keys in one go (one read
// transaction instead of one per key); Add reads its candidates' records
// so.
type MetaBatcher interface {
	MetaBatch(keys []string) ([][]byte, error)
}

// getMany reads keys, each from the state not yet persisted if it is
// there, else from the store: in one batch when the store can.
func (x *Index) getMany(keys []string) ([][]byte, error) {
	out := make([][]byte, len(keys))
	var missing []string
	var at []int
	x.mu.Lock()
	for i, k := range keys {
		if v, ok := x.pending[k]; ok {
			out[i] = v
		} else {
			missing = append(missing, k)
			at = append(at, i)
		}
	}
	x.mu.Unlock()
	if b, ok := x.store.(MetaBatcher); ok && len(missing) > 1 {
		vs, err := b.MetaBatch(missing)
		if err != nil {
			return nil, err
		}
		for j, i := range at {
			out[i] = vs[j]
		}
		return out, nil
	}
	for j, k := range missing {
		v, err := x.store.Meta(k)
		if err != nil {
			return nil, err
		}
		out[at[j]] = v
	}
	return out, nil
}

// get reads a key: state not yet persisted first, then the store's.
func (x *Index) get(key string) ([]byte, error) {
	vs, err := x.getMany([]string{key})
	if err != nil {
		return nil, err
	}
	return vs[0], nil
}

// CanonicalOf returns the canonical article of id's cluster: id itself
// when it is canonical. It reflects every Add so far.
func (x *Index) CanonicalOf(id string) (string, error) {
	v, err := x.get(ofKey(id))
	if err != nil || v == nil {
		return id, err
	}
	return string(v), nil
}

// Persisted tells the Index that the state of a batch is now in the
// store, so it need not be held in memory any longer.
func (x *Index) Persisted(meta map[string][]byte, ids []string) {
	x.addMu.Lock()
	for k, v := range meta {
		if v != nil && strings.HasPrefix(k, keySig) {
			if ord, err := strconv.ParseUint(k[len(keySig):], 16, 32); err == nil {
				if _, ok := x.bands.sigs[uint32(ord)]; ok {
					x.bands.stored[uint32(ord)] = true
				}
			}
		}
	}
	x.addMu.Unlock()
	x.mu.Lock()
	defer x.mu.Unlock()
	for k, v := range meta {
		if cur, ok := x.pending[k]; ok && string(cur) == string(v) {
			delete(x.pending, k)
		}
		if cur, ok := x.pendingLevels[k]; ok && string(cur) == string(v) && (cur == nil) == (v == nil) {
			delete(x.pendingLevels, k)
		}
	}
	for _, id := range ids {
		delete(x.texts, id)
	}
}

func (x *Index) text(id string) (string, error) {
	x.mu.Lock()
	t, ok := x.texts[id]
	x.mu.Unlock()
	if ok {
		return t, nil
	}
	return x.store.Text(id)
}

// Add checks an article against every one added before, joins it to the
// cluster of the most similar canonical it verifies against, and records
// it for those to come.
func (x *Index) Add(a Article) (Verdict, error) {
	v := Verdict{Meta: map[string][]byte{}}
	set := func(k string, b []byte) {
		v.Meta[k] = b
		x.mu.Lock()
		x.pending[k] = b
		x.mu.Unlock()
	}
	ws := words(a.Text)
	sh := shingles(ws, x.opts.Shingle)

	// Candidates: the first article with the same words, then those
	// sharing an LSH bucket; each stands for its cluster's canonical.
	fp := fingerprint(ws)
	// candidates counts the buckets each candidate shares with a: for a
	// pair of Jaccard J the expected count is J^Rows * bands.
	candidates := map[string]int{}
	nBands := x.opts.Hashes / x.opts.Rows
	if first, err := x.get(keyExact + fp); err != nil {
		return v, err
	} else if first != nil {
		candidates[string(first)] = nBands
	} else {
		set(keyExact+fp, []byte(a.ID))
	}
	sig := signature(sh, x.seeds)
	bands := bandKeys(sig, x.opts.Rows)
	x.addMu.Lock()
	if err := x.loadBands(nBands); err != nil {
		x.addMu.Unlock()
		return v, err
	}
	buckets, err := x.lookup(bands, x.opts.MaxBucket)
	if err != nil {
		x.addMu.Unlock()
		return v, err
	}
	ord := x.bands.next
	x.bands.next++
	// refOf holds the record of each ordinal in the buckets: the ID of
	// the article it stands for, a tab and its word count.
	refOf := map[uint32]string{}
	var refs []string // keys of the records to read, of the ordinals in unread
	var unread []uint32
	for _, ords := range buckets {
		for _, o := range ords {
			if _, ok := refOf[o]; ok {
				continue
			}
			if r, ok := x.bands.ids[o]; ok {
				refOf[o] = r
			} else if r, ok := x.refs.get(o); ok {
				refOf[o] = r
				x.work.refHits++
			} else {
				refOf[o] = ""
				refs = append(refs, keyRef+ordKey(o))
				unread = append(unread, o)
			}
		}
	}
	ref := a.ID + "\t" + strconv.Itoa(ws.len())
	x.bands.insert(ord, bands)
	x.bands.ids[ord] = ref
	x.addMu.Unlock()
	records, err := x.getMany(refs)
	if err != nil {
		return v, err
	}
	x.addMu.Lock()
	x.work.refReads += len(unread)
	for i, o := range unread {
		refOf[o] = string(records[i])
		if records[i] != nil {
			x.refs.put(o, refOf[o])
		}
	}
	x.addMu.Unlock()
	size := map[string]int{} // candidates' word counts, from their records
	ordsOf := map[string][]uint32{}
	for _, ords := range buckets {
		for _, o := range ords {
			id, count, _ := strings.Cut(refOf[o], "\t")
			if id == "" {
				continue
			}
			candidates[id]++
			size[id], _ = strconv.Atoi(count)
			if !slices.Contains(ordsOf[id], o) {
				ordsOf[id] = append(ordsOf[id], o)
			}
		}
	}
	record := make([]byte, 0, 8*len(bands))
	for _, h := range bands {
		record = binary.BigEndian.AppendUint64(record, h)
	}
	set(keyRef+ordKey(ord), []byte(ref))
	set(keySig+ordKey(ord), record)
	sketch := sketchOf(len(sh), sig)
	set(keySketch+ordKey(ord), sketch)
	// A candidate is verified only when the buckets it shares make the
	// threshold plausible; one chance collision (a shared sentence) is not
	// worth reading its text back.
	var likely []string // candidates that may reach the threshold
	for id, n := range candidates {
		if n < 2 && !x.plausible(n, nBands, ws.len(), size[id]) {
			continue
		}
		likely = append(likely, id)
	}
	likely, err = x.unlessRuledOut(likely, candidates, nBands, ordsOf, sketch)
	if err != nil {
		return v, err
	}
	canon := map[string]bool{}
	for _, id := range likely {
		c, err := x.CanonicalOf(id)
		if err != nil {
			return v, err
		}
		canon[c] = true
	}
	// Verify against each canonical, most similar wins; ties by ID so
	// that the verdict does not depend on map order.
	ids := make([]string, 0, len(canon))
	for id := range canon {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	x.mu.Lock()
	x.work.candidates += len(candidates)
	x.work.verified += len(ids)
	x.mu.Unlock()
	best, bestSim := "", 0.0
	for _, id := range ids {
		if id == a.ID {
			continue
		}
		t, err := x.text(id)
		if errors.Is(err, ErrNoText) {
			continue // replaced or removed since: nothing to be a copy of
		}
		if err != nil {
			return v, fmt.Errorf("dedup: reading candidate %s: %w", id, err)
		}
		s := x.score(sh, shingles(words(t), x.opts.Shingle))
		if s >= x.opts.Threshold && s > bestSim {
			best, bestSim = id, s
		}
	}

	// Record what this article is.
	set(infoKey(a.ID), []byte(a.Published+"\t"+strconv.Itoa(ws.len())))
	x.mu.Lock()
	x.texts[a.ID] = a.Text
	x.mu.Unlock()
	if best == "" {
		return v, nil
	}
	v.Similarity = bestSim
	earlier, err := x.precedes(a.Published, ws.len(), best)
	if err != nil {
		return v, err
	}
	members, err := x.get(membersKey(best))
	if err != nil {
		return v, err
	}
	list := splitIDs(members)
	if !earlier {
		v.DupOf = best
		set(ofKey(a.ID), []byte(best))
		set(membersKey(best), []byte(strings.Join(append(list, a.ID), "\n")))
		return v, nil
	}
	// This article displaces the canonical: the whole cluster follows it.
	v.Repoint = append([]string{best}, list...)
	for _, id := range v.Repoint {
		set(ofKey(id), []byte(a.ID))
	}
	set(membersKey(a.ID), []byte(strings.Join(v.Repoint, "\n")))
	set(membersKey(best), nil)
	return v, nil
}

// unlessRuledOut returns the candidates in ids that the sketches of
// their ordinals do not rule out against an article with sketch mine. A
// candidate is ruled out only when each of its ordinals has a sketch
// that does so (an ID may have several, one per version); a candidate in
// every bucket (an exact copy) is kept without reading any.
func (x *Index) unlessRuledOut(ids []string, shared map[string]int, nBands int, ordsOf map[string][]uint32, mine []byte) ([]string, error) {
	var keys []string
	for _, id := range ids {
		if shared[id] < nBands {
			for _, o := range ordsOf[id] {
				keys = append(keys, keySketch+ordKey(o))
			}
		}
	}
	if len(keys) == 0 {
		return ids, nil
	}
	sketches, err := x.getMany(keys)
	if err != nil {
		return nil, err
	}
	kept := ids[:0]
	i, ruledOut := 0, 0
	for _, id := range ids {
		if shared[id] >= nBands {
			kept = append(kept, id)
			continue
		}
		out := true
		for range ordsOf[id] {
			out = out && sketchRulesOut(mine, sketches[i], x.opts.Threshold, x.opts.MinShingles)
			i++
		}
		if out && len(ordsOf[id]) > 0 {
			ruledOut++
			continue
		}
		kept = append(kept, id)
	}
	x.mu.Lock()
	x.work.ruledOut += ruledOut
	x.mu.Unlock()
	return kept, nil
}

// plausible reports whether a candidate of m words (0 when unknown)
// sharing shared of bands buckets with an article of n words may reach
// the threshold. The shared fraction estimates Jaccard as
// (shared/bands)^(1/Rows); containment follows from Jaccard and the two
// sizes. The margin is wide (0.25 below the threshold) since an estimate
// from few buckets is coarse: this only spares verifications that cannot
// succeed.
func (x *Index) plausible(shared, bands, n, m int) bool {
	if shared >= 2 {
		return true
	}
	j := math.Pow(float64(shared)/float64(bands), 1/float64(x.opts.Rows))
	est := j
	if lo := min(n, m); lo >= x.opts.MinShingles {
		est = max(est, j*float64(n+m)/((1+j)*float64(lo)))
	}
	return est >= x.opts.Threshold-0.25
}

// score is the similarity the threshold applies to.
func (x *Index) score(a, b shingleSet) float64 {
	j, c := similarity(a, b)
	if min(len(a), len(b)) >= x.opts.MinShingles && c > j {
		return c
	}
	return j
}

// precedes reports whether an article published on date with n words
// should be canonical over the article id: it was published earlier, or
// on the same day (or neither has a date) and has more words. An article
// with a date precedes one without; on a tie the first one stays.
func (x *Index) precedes(date string, n int, id string) (bool, error) {
	info, err := x.get(infoKey(id))
	if err != nil {
		return false, err
	}
	pub, count, _ := strings.Cut(string(info), "\t")
	length, _ := strconv.Atoi(count)
	switch {
	case date != "" && pub == "":
		return true, nil
	case date == "" && pub != "":
		return false, nil
	case date != pub:
		return date < pub, nil
	}
	return n > length, nil
}

func splitIDs(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	return strings.Split(string(b), "\n")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Fingerprint hashes the words of a text (as shingles see them), so that
// copies differing only in case, punctuation, spacing or figures match
// without a verification.
func Fingerprint(text string) string { return fingerprint(words(text)) }

func fingerprint(ws wordSeq) string {
	// The words, each followed by a space.
	b := bytes.ReplaceAll(ws.buf, []byte{0}, []byte{' '})
	return fmt.Sprintf("%016x", xxhash.Sum64(b))
}
