package index

import (
	"fmt"
	"time"
	"unsafe"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// The writer keeps the pages it has mapped of the files bbolt and bleve
// read through mappings under a budget: every releaseCheck it reads how
// much of its resident set is file pages (/proc/self/statm), and when
// that passes mappedBudget it unmaps the pages it has touched of
// ingest-meta.db and of bleve's segments. Unmapped after each commit,
// what a batch of 256 articles touched stayed resident, up to 103 MB of
// ingest-meta.db at 130,000 articles, since each random read of a small
// key maps 64 KiB. Unmapped every 100 ms regardless, the pages touched
// again faulted in again so often that bbolt's first look at a page took
// 49 s of the 538 s of CPU a profile sampled on 100,000 generated
// articles. The budget counts the program's own code too (about 19 MB).
const releaseCheck = 50 * time.Millisecond

var mappedBudget int64 = 64 << 20

// releaser keeps a writer's mapped pages under the budget until stopped.
type releaser struct {
	quit chan struct{}
	done chan struct{}
	err  error // the first failure, reported by stop
}

func startReleasing(ix *Index) *releaser {
	r := &releaser{quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(r.done)
		t := time.NewTicker(releaseCheck)
		defer t.Stop()
		for {
			select {
			case <-r.quit:
				return
			case <-t.C:
			}
			if mapped, ok := mappedBytes(); ok && mapped < mappedBudget {
				continue
			}
			err := ix.releaseSegments()
			if ix.meta != nil && err == nil {
				err = ix.meta.release()
			}
			if err != nil && r.err == nil {
				r.err = fmt.Errorf("releasing mapped pages: %w", err)
			}
		}
	}()
	return r
}

// stop ends the releasing and returns its first failure; a nil releaser
// (a reader's) stops at once.
func (r *releaser) stop() error {
	if r == nil {
		return nil
	}
	close(r.quit)
	<-r.done
	return r.err
}

// releaseSegments unmaps the pages of bleve's segment files that the
// process has touched; they stay in the page cache, and a later read maps
// them again. bleve reads its segments through mappings, and the pages
// any read touches, with the 64 KiB the kernel maps around each, stay in
// the resident set while the segment is open: about 10 MB of each
// segment from the time it is opened, and the whole of each segment a
// merge reads. The snapshot it
// reads the segments from holds them open, so that none is unmapped
// while it runs. Segments of another kind than bleve's default are left
// alone.
func (ix *Index) releaseSegments() error {
	bi, err := ix.b.Advanced()
	if err != nil {
		return err
	}
	r, err := bi.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil
	}
	for _, ss := range snap.Segments() {
		seg := ss.Segment()
		if _, ok := seg.(segment.PersistedSegment); !ok {
			continue // in memory, not mapped
		}
		if m, ok := seg.(interface{ Data() []byte }); ok {
			d := m.Data()
			if err := dropPages(uintptr(unsafe.Pointer(unsafe.SliceData(d))), uintptr(len(d))); err != nil {
				return err
			}
		}
	}
	return nil
}
