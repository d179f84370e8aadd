package index

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

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

// mappedBytes is how much of the process's resident set is pages of
// files (and shared memory): the third field of /proc/self/statm.
func mappedBytes() (int64, bool) {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return 0, false
	}
	pages, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * int64(os.Getpagesize()), true
}
