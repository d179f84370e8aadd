package index

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// ErrLocked reports that another process is writing the index.
var ErrLocked = errors.New("index is in use by another process")

// lockFile holds an flock(2) on DIR.lock, beside the index directory so
// that it survives the rename that publishes a new index. The kernel
// drops the lock when the process dies, so a killed run never leaves a
// stale lock behind.
type lockFile struct{ f *os.File }

func acquire(path string, exclusive bool) (*lockFile, error) {
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		if !exclusive && errors.Is(err, os.ErrPermission) {
			return &lockFile{}, nil // a read-only location: nobody can be writing through us
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(path + ".lock")
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			if pid := strings.TrimSpace(string(holder)); pid != "" && !exclusive {
				return nil, fmt.Errorf("%s: %w (ingest index, pid %s, is writing it); try again when it finishes", path, ErrLocked, pid)
			} else if pid != "" {
				return nil, fmt.Errorf("%s: %w (pid %s)", path, ErrLocked, pid)
			}
			return nil, fmt.Errorf("%s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("%s: lock: %w", path, err)
	}
	if exclusive {
		f.Truncate(0)
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &lockFile{f}, nil
}

func (l *lockFile) release() {
	if l == nil || l.f == nil {
		return
	}
	syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	l.f.Close()
}
