package index

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	bolt "go.etcd.io/bbolt"
)

// Metadata (the dedup state: signatures' bands, fingerprints, clusters)
// lives in a bbolt file beside bleve's segments, not in bleve's internal
// keys: scorch copies every internal key into each snapshot it persists,
// which made ingesting quadratic in the number of articles (80% of the
// CPU on the BBC corpus). A bolt transaction writes only what changed.
//
// A batch commits here first, then to bleve, both tagged with the same
// generation. A crash between the two leaves this file one generation
// ahead; the transaction kept an undo record of every key it changed, so
// the next writer to open the index rolls it back to bleve's generation.

const metaFile = "ingest-meta.db"

// writerMmapBytes is the size of the writer's mapping of the file from
// the start: address space only, pages are read in as they are touched.
// bbolt otherwise maps the file anew each time it outgrows the mapping
// (doubling up to 1 GiB, then by 1 GiB), and before unmapping copies onto
// the heap every value the writing transaction can reach through the old
// mapping: 172 MB of a 531 MB live heap in one commit while indexing
// 300,000 generated articles: band levels that shared a page with
// changed keys. A file larger than this is remapped as before.
var writerMmapBytes uint64 = 16 << 30

var (
	bucketMeta = []byte("meta")
	bucketUndo = []byte("undo") // key -> 0x00 (absent before) or 0x01 + old value
	bucketGen  = []byte("gen")
	keyGen     = []byte("generation")
)

// metaStore is the bolt file of an index. f is the same file, for
// reading large values without touching bbolt's mapping (scanParts).
type metaStore struct {
	db    *bolt.DB
	f     *os.File
	large *largeFiles
	// writer: reads check the budget of mapped pages (see touched).
	writer   bool
	reads    atomic.Uint32
	branches branchCache // for lookups with pread (pages.go)
	leaves   sync.Pool   // of *[]byte, pageReaders' leaf buffers
	// state counts the commits and rollbacks, for parts.
	state atomic.Uint64
	parts partsCache
}

func openMeta(dir string, readOnly bool) (*metaStore, error) {
	opts := &bolt.Options{Timeout: 2 * time.Second, ReadOnly: readOnly}
	if !readOnly && writerMmapBytes <= math.MaxInt {
		opts.InitialMmapSize = int(writerMmapBytes)
	}
	db, err := bolt.Open(filepath.Join(dir, metaFile), 0o644, opts)
	if err != nil {
		return nil, fmt.Errorf("metadata: %w", err)
	}
	if !readOnly {
		err = db.Update(func(tx *bolt.Tx) error {
			for _, b := range [][]byte{bucketMeta, bucketUndo, bucketGen} {
				if _, err := tx.CreateBucketIfNotExists(b); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("metadata: %w", err)
		}
	}
	f, err := os.Open(filepath.Join(dir, metaFile))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("metadata: %w", err)
	}
	return &metaStore{db: db, f: f, large: newLargeFiles(dir), writer: !readOnly}, nil
}

func (m *metaStore) close() error {
	m.large.close()
	err := m.db.Close()
	if ferr := m.f.Close(); err == nil {
		err = ferr
	}
	return err
}

// generation is the generation of the last batch committed here.
func (m *metaStore) generation() (uint64, error) {
	var g uint64
	err := m.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketGen); b != nil {
			g = decodeGen(b.Get(keyGen))
		}
		return nil
	})
	return g, err
}

func (m *metaStore) get(key string) ([]byte, error) {
	vs, err := m.getMany([]string{key})
	if err != nil {
		return nil, err
	}
	return vs[0], nil
}

// getMany reads keys in one read transaction; absent keys read nil.
// It reads bbolt's pages with pread (pages.go), and a large value's
// bucket through the mapping.
func (m *metaStore) getMany(keys []string) ([][]byte, error) {
	out := make([][]byte, len(keys))
	m.large.inUse.RLock()
	defer m.large.inUse.RUnlock()
	var r *pageReader
	defer func() { m.done(r) }()
	err := m.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta)
		if b == nil {
			return nil
		}
		root := uint64(b.Root())
		if root != 0 { // not inline in its parent
			r = m.pageReader(tx)
		}
		for i, k := range keys {
			key := []byte(k)
			if r != nil {
				v, bucket, err := r.get(root, key)
				if err != nil {
					return err
				}
				if !bucket {
					out[i] = v
					continue
				}
			}
			got, err := m.value(b, key)
			if err != nil {
				return err
			}
			out[i] = bytes.Clone(got)
			if err := m.touched(tx); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// commit sets and deletes keys (a nil value deletes) as generation gen,
// keeping the old values for rollback.
func (m *metaStore) commit(gen uint64, set map[string][]byte, del []string) error {
	// Large values go to their files first.
	var keys []string
	var vals [][]byte
	for k, v := range set {
		if len(v) >= largeValue {
			keys, vals = append(keys, k), append(vals, v)
		}
	}
	nums, err := m.large.write(vals)
	if err != nil {
		return err
	}
	files := make(map[string][]byte, len(keys))
	for i, k := range keys {
		files[k] = pointer(nums[i], len(vals[i]))
	}
	// A commit maps each leaf it rewrites (see touched): it starts from
	// few mapped pages, so that its own do not come on top of a full
	// budget.
	if m.writer {
		if mapped, ok := mappedBytes(); !ok || mapped >= mappedBudget/2 {
			if err := m.release(); err != nil {
				m.large.remove(nums)
				return err
			}
		}
	}
	var superseded []uint64
	err = m.db.Update(func(tx *bolt.Tx) error {
		superseded = superseded[:0]
		meta := tx.Bucket(bucketMeta)
		// The previous batch is durable in bleve too: its undo is done.
		if err := tx.DeleteBucket(bucketUndo); err != nil {
			return err
		}
		undo, err := tx.CreateBucket(bucketUndo)
		if err != nil {
			return err
		}
		change := func(k string, v []byte) error {
			if err := m.touched(tx); err != nil {
				return err
			}
			key := []byte(k)
			if undo.Get(key) == nil {
				rec := []byte{0}
				switch old, inFile := lookup(meta, key); {
				case inFile:
					rec = append([]byte{2}, old...)
					n, _, _ := parsePointer(old)
					superseded = append(superseded, n)
				case old != nil:
					rec = make([]byte, 1+len(old))
					rec[0] = 1
					if err := m.copyOut(tx, rec[1:], old); err != nil {
						return err
					}
				}
				if err := undo.Put(key, rec); err != nil {
					return err
				}
			}
			switch p, ok := files[k]; {
			case v == nil:
				return remove(meta, key)
			case ok:
				return putFile(meta, key, p)
			}
			return put(meta, key, v)
		}
		// In key order: each change descends the tree to its key twice
		// (for the undo record and to write), and keys in order find the
		// pages of the one before still in the processor's caches and
		// mapped; the undo bucket, new each commit, is then written by
		// appending.
		for _, k := range slices.Sorted(maps.Keys(set)) {
			if err := change(k, set[k]); err != nil {
				return err
			}
		}
		for _, k := range slices.Sorted(slices.Values(del)) {
			if err := change(k, nil); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketGen).Put(keyGen, encodeGen(gen))
	})
	m.state.Add(1)
	if err != nil {
		m.large.remove(nums)
		return err
	}
	// The files the previous commit replaced are named by no undo record
	// now.
	err = m.large.remove(m.large.superseded)
	m.large.written, m.large.superseded = nums, superseded
	if err != nil {
		return fmt.Errorf("deleting replaced values: %w", err)
	}
	return nil
}

// Large values are each kept in a file of their own (large.go), under a
// bucket of the value's key. Earlier versions kept them in that bucket,
// as its one key (largeKey): bbolt puts at least two keys in a page
// however large their values, and rewrites a page whole when one of its
// keys changes, so that band levels stored inline, several MB each at a
// few hundred thousand articles, shared pages two to four at a time, and
// each compaction rewrote most of them. Files written before that hold
// large values inline. All three forms are read; a value is written
// inline or to a file, as its size calls for.
const largeValue = 32 << 10

var largeKey = []byte{0}

// lookup returns key's value in b, inline or in its bucket, or, when
// inFile, the pointer to its file; nil when absent.
func lookup(b *bolt.Bucket, key []byte) (v []byte, inFile bool) {
	// One descent tells an absent key, an inline value and a bucket
	// (which the cursor shows with a nil value) apart.
	k, v := b.Cursor().Seek(key)
	switch {
	case !bytes.Equal(k, key):
		return nil, false
	case v != nil:
		return v, false
	}
	return inBucket(b, key)
}

// inBucket is lookup for a key known to hold a bucket, or nothing.
func inBucket(b *bolt.Bucket, key []byte) (v []byte, inFile bool) {
	sb := b.Bucket(key)
	if sb == nil {
		return nil, false
	}
	if p := sb.Get(fileKey); p != nil {
		return p, true
	}
	return sb.Get(largeKey), false
}

// value returns key's value in b, read from its file when it has one;
// nil when absent. The caller holds m.large.inUse for reading.
func (m *metaStore) value(b *bolt.Bucket, key []byte) ([]byte, error) {
	v, inFile := lookup(b, key)
	if !inFile {
		return v, nil
	}
	return m.readFile(key, v)
}

// readFile reads the value a pointer names.
func (m *metaStore) readFile(key, p []byte) ([]byte, error) {
	f, size, err := m.fileOf(key, p)
	if err != nil {
		return nil, err
	}
	v := make([]byte, size)
	if _, err := f.ReadAt(v, 0); err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name(), err)
	}
	return v, nil
}

// fileOf opens the file a pointer names, and gives the value's length.
// The caller holds m.large.inUse for reading.
func (m *metaStore) fileOf(key, p []byte) (*os.File, int64, error) {
	n, size, ok := parsePointer(p)
	if !ok {
		return nil, 0, fmt.Errorf("metadata: malformed file pointer of %q", key)
	}
	f, err := m.large.file(n)
	return f, size, err
}

// putFile sets key to the value in the file p points to.
func putFile(b *bolt.Bucket, key, p []byte) error { return putInBucket(b, key, fileKey, p) }

// putInBucket replaces key's value in b with a bucket holding inner -> v.
func putInBucket(b *bolt.Bucket, key, inner, v []byte) error {
	if err := remove(b, key); err != nil {
		return err
	}
	sb, err := b.CreateBucket(key)
	if err != nil {
		return err
	}
	return sb.Put(inner, v)
}

// put sets key to v in b: inline, or, for a large value that a rollback
// restores as an earlier version wrote it, in its bucket.
func put(b *bolt.Bucket, key, v []byte) error {
	if len(v) < largeValue {
		if b.Bucket(key) != nil {
			if err := b.DeleteBucket(key); err != nil {
				return err
			}
		}
		return b.Put(key, v)
	}
	return putInBucket(b, key, largeKey, v)
}

// remove deletes key from b, in any form.
func remove(b *bolt.Bucket, key []byte) error {
	if b.Bucket(key) != nil {
		return b.DeleteBucket(key)
	}
	return b.Delete(key)
}

// rollback undoes the last commit, which bleve never received.
func (m *metaStore) rollback(gen uint64) error {
	var orphans []uint64 // files of the values undone
	err := m.db.Update(func(tx *bolt.Tx) error {
		orphans = orphans[:0]
		meta, undo := tx.Bucket(bucketMeta), tx.Bucket(bucketUndo)
		err := undo.ForEach(func(k, rec []byte) error {
			if p, inFile := lookup(meta, k); inFile {
				n, _, _ := parsePointer(p)
				orphans = append(orphans, n)
			}
			switch {
			case len(rec) == 0 || rec[0] == 0:
				return remove(meta, k)
			case rec[0] == 2:
				return putFile(meta, k, rec[1:])
			}
			return put(meta, k, rec[1:])
		})
		if err != nil {
			return err
		}
		if err := tx.DeleteBucket(bucketUndo); err != nil {
			return err
		}
		if _, err := tx.CreateBucket(bucketUndo); err != nil {
			return err
		}
		return tx.Bucket(bucketGen).Put(keyGen, encodeGen(gen))
	})
	m.state.Add(1)
	if err != nil {
		return err
	}
	// What the undone commit replaced is named again; what it wrote, not.
	m.large.written, m.large.superseded = nil, nil
	return m.large.remove(orphans)
}

// reconcile brings the metadata to bleve's generation: equal is fine, one
// ahead is a batch bleve never received (rolled back when writing), any
// other difference is damage.
func (m *metaStore) reconcile(bleveGen uint64, readOnly bool) error {
	g, err := m.generation()
	if err != nil {
		return err
	}
	switch {
	case g == bleveGen:
		return nil
	case g == bleveGen+1 && !readOnly:
		return m.rollback(bleveGen)
	case g == bleveGen+1:
		return nil // a reader does not need the dedup state
	}
	return errors.New("metadata generation " + fmt.Sprint(g) + " does not match the index's " + fmt.Sprint(bleveGen))
}

// collect deletes the files of large values that no key or undo record
// names, left by a rollback or a crash; a writer calls it on opening.
func (m *metaStore) collect() error {
	named := map[uint64]bool{}
	err := m.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		c := meta.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if v == nil {
				if p, inFile := inBucket(meta, k); inFile {
					n, _, _ := parsePointer(p)
					named[n] = true
				}
			}
		}
		return tx.Bucket(bucketUndo).ForEach(func(_, rec []byte) error {
			if len(rec) > 0 && rec[0] == 2 {
				n, _, _ := parsePointer(rec[1:])
				named[n] = true
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	return m.large.collect(named)
}

// each calls fn, in one read transaction, for every key of the meta
// bucket with the prefix, in key order, with its value as the bucket
// holds it (nil for a bucket), until fn returns an error. Files of large
// values are not deleted meanwhile.
func (m *metaStore) each(prefix string, fn func(tx *bolt.Tx, b *bolt.Bucket, k, v []byte) error) error {
	m.large.inUse.RLock()
	defer m.large.inUse.RUnlock()
	return m.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta)
		if b == nil {
			return nil
		}
		p := []byte(prefix)
		c := b.Cursor()
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			if err := fn(tx, b, k, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// scan calls fn for every key with the prefix, in key order, until fn
// returns an error; v is valid only until fn returns.
func (m *metaStore) scan(prefix string, fn func(k string, v []byte) error) error {
	return m.each(prefix, func(tx *bolt.Tx, b *bolt.Bucket, k, v []byte) error {
		if err := m.touched(tx); err != nil {
			return err
		}
		if v == nil { // a bucket: a large value
			var inFile bool
			if v, inFile = inBucket(b, k); inFile {
				var err error
				if v, err = m.readFile(k, v); err != nil {
					return err
				}
			}
		}
		return fn(string(k), v)
	})
}

// release unmaps the pages of the file that the process has touched
// through bbolt's mapping; they stay in the page cache. Without it every
// page read once stays counted in the resident set for as long as the
// index is open, and with the kernel mapping 64 KiB around each page a
// read faults in, random lookups of small keys made the whole file
// resident over time. A writer calls it when over its budget. A read
// transaction keeps bbolt from remapping meanwhile.
func (m *metaStore) release() error {
	return m.db.View(m.releaseIn)
}

// releaseIn is release inside a transaction, which keeps bbolt from
// remapping the file meanwhile.
func (m *metaStore) releaseIn(tx *bolt.Tx) error {
	return dropPages(m.db.Info().Data, uintptr(tx.Size()))
}

// touchCheck is how many keys a writer reads between two looks at its
// budget of mapped pages.
const touchCheck = 32

// touched counts a key read through the mapping, and every touchCheck
// keys a writer unmaps the file's pages if its mapped pages are over
// budget. Lookups read pages with pread (pages.go); what still reads
// through the mapping is a commit, which seeks each key it changes, and
// scans. Each key in a random leaf maps 64 KiB, and costs a few
// microseconds once the page is in the page cache, so that between two
// of the releaser's checks one batch's lookups could map 50 MB. The
// per-article scan of the band levels' keys (scanParts) is not counted:
// it reads the same few pages each time, and a look at /proc/self/statm
// every 32 of its keys took 9 s of a 100,000-article run. bbolt's own
// reads in a commit are not counted either: it reads the header of each
// page it replaces, so a commit maps the leaves it rewrites once more.
func (m *metaStore) touched(tx *bolt.Tx) error {
	if !m.writer || m.reads.Add(1)%touchCheck != 0 {
		return nil
	}
	if mapped, ok := mappedBytes(); ok && mapped < mappedBudget {
		return nil
	}
	return m.releaseIn(tx)
}

// partsFrom is the size from which scanParts reads a value from the file
// rather than through the mapping.
const partsFrom = 4 << 10

// inFile returns where v, a value read in tx, lies in the file: ok is
// false when it does not lie in the mapping (a value the transaction
// wrote, or a small one, which is read through the mapping as it is).
func (m *metaStore) inFile(tx *bolt.Tx, v []byte) (off int64, ok bool) {
	if len(v) < partsFrom {
		return 0, false
	}
	base, size := m.db.Info().Data, uintptr(tx.Size())
	at := uintptr(unsafe.Pointer(unsafe.SliceData(v)))
	if at < base || at-base+uintptr(len(v)) > size {
		return 0, false
	}
	return int64(at - base), true
}

// copyOut copies v, a value read in tx, into dst: from the file when it
// is large, for the reason given at scanParts. The undo record of each
// band level a compaction replaced copied the old level through the
// mapping, which kept half the file resident.
func (m *metaStore) copyOut(tx *bolt.Tx, dst, v []byte) error {
	if off, ok := m.inFile(tx, v); ok {
		_, err := m.f.ReadAt(dst[:len(v)], off)
		return err
	}
	copy(dst, v)
	return nil
}

// scanParts is scan with each value given as a reader and its length.
// A large value is read from the file, at the place where the mapping
// shows it, so that reading part of it makes resident only the pages
// the caller reads, not every page its reads fault in around them: a
// process's resident set counts each page of a mapping it has touched,
// and the kernel maps 64 KiB around each faulting page. Dedup's band
// levels, read a few entries at a time by every lookup, were all
// resident through the mapping (618 MB at 400,000 articles). The
// offsets hold while the read transaction does, since bbolt neither
// remaps nor reuses the pages a reader can reach.
//
// When every value under the prefix is in a file, as dedup's band levels
// are, the keys and their files are kept until the next commit or
// rollback (partsCache): dedup scans the levels for every article, and
// walking their keys in bbolt, each a bucket holding its pointer, took
// 104 of the 222 s of those scans in a 1 GB run.
func (m *metaStore) scanParts(prefix string, fn func(k string, r io.ReaderAt, n int) error) error {
	m.large.inUse.RLock()
	parts, ok := m.parts.get(prefix, m.state.Load())
	if ok {
		defer m.large.inUse.RUnlock()
		for _, p := range parts {
			if err := fn(p.key, p.r, p.n); err != nil {
				return err
			}
		}
		return nil
	}
	m.large.inUse.RUnlock()
	// The state is read before the transaction begins, so that what the
	// transaction sees is at least as new as the state the parts are
	// kept under.
	state := m.state.Load()
	cacheable := true
	err := m.each(prefix, func(tx *bolt.Tx, b *bolt.Bucket, k, v []byte) error {
		var r io.ReaderAt
		n := len(v)
		if v == nil { // a bucket: a large value
			var inFile bool
			if v, inFile = inBucket(b, k); inFile {
				f, size, err := m.fileOf(k, v)
				if err != nil {
					return err
				}
				sr := io.NewSectionReader(f, 0, size)
				r, n = sr, int(size)
				parts = append(parts, filePart{key: string(k), r: sr, n: n})
			} else {
				n = len(v)
			}
		}
		if r == nil {
			cacheable = false
			r = bytes.NewReader(v)
			if off, ok := m.inFile(tx, v); ok {
				r = io.NewSectionReader(m.f, off, int64(len(v)))
			}
		}
		return fn(string(k), r, n)
	})
	if err == nil && cacheable {
		m.parts.put(prefix, state, parts)
	}
	return err
}

// partsCache holds what scanParts found under one prefix in one state of
// the store (metaStore.state), when every value there was in a file. A
// file stays open until a commit deletes it, which is at the commit after
// the one that replaced it, and which waits for readers holding
// largeFiles.inUse: a reader that finds the state unchanged while holding
// it reads files that are still there.
type partsCache struct {
	mu     sync.Mutex
	prefix string
	state  uint64
	parts  []filePart // nil: nothing kept
}

// filePart is a value in a file, as scanParts gives it.
type filePart struct {
	key string
	r   *io.SectionReader
	n   int
}

// get returns the parts kept for prefix in state; ok is false when none
// are.
func (c *partsCache) get(prefix string, state uint64) (parts []filePart, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.parts != nil && c.prefix == prefix && c.state == state {
		return c.parts, true
	}
	return nil, false
}

func (c *partsCache) put(prefix string, state uint64, parts []filePart) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if parts == nil {
		parts = []filePart{}
	}
	c.prefix, c.state, c.parts = prefix, state, parts
}
