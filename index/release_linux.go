package index

import "syscall"

// dropPages tells the kernel that the process no longer needs its
// mapping of [addr, addr+n) resident. For a read-only shared mapping of
// a file this only unmaps the pages: they stay in the page cache, and
// the next read of one maps it again, without reading the disk.
func dropPages(addr, n uintptr) error {
	if n == 0 {
		return nil
	}
	if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, addr, n, syscall.MADV_DONTNEED); errno != 0 {
		return errno
	}
	return nil
}
