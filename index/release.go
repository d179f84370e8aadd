package index

import (
	"unsafe"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// releaseSegments unmaps the pages of bleve's segment files that the
// process has touched; they stay in the page cache, and a later read maps
// them again. bleve reads its segments through mappings, and the pages
// any read touches, with the 64 KiB the kernel maps around each, stay in
// the resident set while the segment is open: about 10 MB of each
// segment from the time it is opened, and the whole of each segment a
// merge reads. The writer calls it after each batch. The snapshot it
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
