package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// Point lookups in the metadata read bbolt's pages with pread instead of
// through its mapping. Dedup looks up the record of every candidate an
// article's bands find, each in a random leaf; through the mapping each
// first read of a page is a page fault that maps the 64 KiB around it,
// and the writer, keeping its mapped pages under budget, unmaps them
// again and again. At 300,000 generated articles those faults were a
// quarter of the CPU of a run (530 of 2,122 s sampled). A pread of a
// page in the page cache costs a copy, and leaves nothing mapped.
//
// The pages read are those of the read transaction's tree: bbolt writes
// each page to the file before the transaction that names it commits,
// and does not reuse a page while a transaction that can reach it is
// open. The file's layout is bbolt's (go.etcd.io/bbolt/internal/common):
// a page begins with its id (8 bytes), flags (2), element count (2) and
// overflow page count (4); then come its elements, 16 bytes each, whose
// keys and values lie at pos bytes from the element's own start. Numbers
// are in the machine's byte order, as bbolt writes them.

const (
	pageHeader  = 16
	elementSize = 16
	branchPage  = 0x01
	leafPage    = 0x02
	bucketLeaf  = 0x01 // a leaf element's flag: the value is a bucket
)

// branchCache keeps the branch pages read in one committed state of the
// file (bbolt's transaction id): every lookup descends through the same
// few, and they change only when a transaction commits.
type branchCache struct {
	mu    sync.Mutex
	txid  int
	pages map[uint64][]byte
}

// branchCacheMax bounds the pages kept (4 KiB each): at 300,000 articles
// the metadata tree has 819 branch pages.
const branchCacheMax = 2048

func (c *branchCache) get(txid int, id uint64) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.txid != txid {
		return nil
	}
	return c.pages[id]
}

func (c *branchCache) put(txid int, id uint64, p []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case txid < c.txid:
		return // an older state's page; the cache has moved on
	case txid > c.txid || len(c.pages) >= branchCacheMax:
		c.txid, c.pages = txid, map[uint64][]byte{}
	}
	c.pages[id] = p
}

// pageReader reads the pages of one read transaction.
type pageReader struct {
	f     *os.File
	size  int // bbolt's page size
	txid  int
	cache *branchCache
	leaf  []byte // the last leaf page read, reused
}

// pageReader returns a reader of tx's pages; done gives its leaf buffer
// back for the next. Dedup makes several lookups an article, each a read
// transaction of its own: a page allocated for each was 2.6% of the
// bytes allocated on 20,000 generated articles.
func (m *metaStore) pageReader(tx *bolt.Tx) *pageReader {
	r := &pageReader{f: m.f, size: m.db.Info().PageSize, txid: tx.ID(), cache: &m.branches}
	if p, ok := m.leaves.Get().(*[]byte); ok {
		r.leaf = *p
	}
	return r
}

// maxPooledLeaf bounds the leaf buffers kept: a page with overflow pages
// is read into a buffer of its own size, and such a value is rare.
const maxPooledLeaf = 64 << 10

func (m *metaStore) done(r *pageReader) {
	if r != nil && r.leaf != nil && cap(r.leaf) <= maxPooledLeaf {
		leaf := r.leaf
		m.leaves.Put(&leaf)
	}
}

// page reads page id, with its overflow pages. A branch page comes from
// the cache or goes into it; a leaf page is read into r.leaf.
func (r *pageReader) page(id uint64) ([]byte, error) {
	if p := r.cache.get(r.txid, id); p != nil {
		return p, nil
	}
	p := r.leaf[:cap(r.leaf)]
	if len(p) < r.size {
		p = make([]byte, r.size)
	}
	p = p[:r.size]
	if _, err := r.f.ReadAt(p, int64(id)*int64(r.size)); err != nil {
		return nil, fmt.Errorf("metadata: reading page %d: %w", id, err)
	}
	if got := binary.NativeEndian.Uint64(p); got != id {
		return nil, fmt.Errorf("metadata: page %d reads as page %d", id, got)
	}
	if over := int(binary.NativeEndian.Uint32(p[12:])); over > 0 {
		whole := make([]byte, (over+1)*r.size)
		copy(whole, p)
		if _, err := r.f.ReadAt(whole[r.size:], int64(id+1)*int64(r.size)); err != nil {
			return nil, fmt.Errorf("metadata: reading page %d: %w", id, err)
		}
		p = whole
	}
	if binary.NativeEndian.Uint16(p[8:]) == branchPage {
		p = bytes.Clone(p)
		r.cache.put(r.txid, id, p)
		return p, nil
	}
	r.leaf = p
	return p, nil
}

// element returns element i of page p: its key, and the 16 bytes of the
// element itself. A branch element is pos, key size, child page id; a
// leaf element flags, pos, key size, value size.
func element(p []byte, i int, branch bool) (key, elem []byte, err error) {
	at := pageHeader + i*elementSize
	if at+elementSize > len(p) {
		return nil, nil, errBadPage
	}
	elem = p[at : at+elementSize]
	f := elem[4:]
	if branch {
		f = elem
	}
	pos, ksize := int(binary.NativeEndian.Uint32(f)), int(binary.NativeEndian.Uint32(f[4:]))
	if at+pos+ksize > len(p) {
		return nil, nil, errBadPage
	}
	return p[at+pos : at+pos+ksize], elem, nil
}

var errBadPage = errors.New("metadata: malformed page")

// get returns key's value in the tree rooted at root, a copy; bucket
// reports a key that holds a bucket (its value then is nil). An absent
// key gives nil and false.
func (r *pageReader) get(root uint64, key []byte) (v []byte, bucket bool, err error) {
	for id, depth := root, 0; depth < 64; depth++ {
		p, err := r.page(id)
		if err != nil {
			return nil, false, err
		}
		n := int(binary.NativeEndian.Uint16(p[10:]))
		flags := binary.NativeEndian.Uint16(p[8:])
		branch := flags == branchPage
		// The first element whose key is at least key.
		lo, hi, exact := 0, n, false
		for lo < hi {
			mid := (lo + hi) / 2
			k, _, err := element(p, mid, branch)
			if err != nil {
				return nil, false, fmt.Errorf("%w %d", err, id)
			}
			switch c := bytes.Compare(k, key); {
			case c < 0:
				lo = mid + 1
			default:
				hi, exact = mid, c == 0
			}
		}
		switch flags {
		case branchPage:
			// Descend into the last child whose first key is at most key.
			if !exact && lo > 0 {
				lo--
			}
			if n == 0 {
				return nil, false, fmt.Errorf("%w %d: empty branch", errBadPage, id)
			}
			_, e, err := element(p, lo, branch)
			if err != nil {
				return nil, false, fmt.Errorf("%w %d", err, id)
			}
			id = binary.NativeEndian.Uint64(e[8:])
		case leafPage:
			if !exact {
				return nil, false, nil
			}
			k, e, err := element(p, lo, branch)
			if err != nil {
				return nil, false, fmt.Errorf("%w %d", err, id)
			}
			if binary.NativeEndian.Uint32(e)&bucketLeaf != 0 {
				return nil, true, nil
			}
			vsize := int(binary.NativeEndian.Uint32(e[12:]))
			start := pageHeader + lo*elementSize + int(binary.NativeEndian.Uint32(e[4:])) + len(k)
			if start+vsize > len(p) {
				return nil, false, fmt.Errorf("%w %d", errBadPage, id)
			}
			return bytes.Clone(p[start : start+vsize]), false, nil
		default:
			return nil, false, fmt.Errorf("%w %d: flags %#x", errBadPage, id, flags)
		}
	}
	return nil, false, fmt.Errorf("metadata: tree deeper than 64 pages")
}
