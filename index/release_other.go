//go:build !linux

package index

// dropPages does nothing where madvise's MADV_DONTNEED may discard
// data rather than only unmap it.
func dropPages(addr, n uintptr) error { return nil }

// mappedBytes is unknown here.
func mappedBytes() (int64, bool) { return 0, false }
