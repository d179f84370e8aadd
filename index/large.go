package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// Values of largeValue bytes or more (dedup's band levels, in practice)
// are each kept in a file of their own under ingest-large/, and the bbolt
// file holds where: a bucket under the value's key, holding fileKey ->
// the file's number and the value's length (8 bytes each). Kept in
// bbolt, every read of a level, even one read in parts with pread, made
// bbolt touch the value's first page, and with it the 64 KiB the kernel
// maps around it: 576 levels, 37 MB resident again after each time the
// writer unmapped them. A commit also copied each level it replaced into
// the level's undo record, doubling what a compaction wrote; the undo
// record of a file is its number. Files are written and synced before
// the commit that names them, and never changed. A file a commit
// replaces or deletes stays until the next commit, since the first one's
// undo records still name it; files no key or undo record names (left by
// a rollback or a crash) are deleted when a writer opens the index.
// Values kept in bbolt by earlier versions are read as before, and move
// to a file when next written.
const largeDir = "ingest-large"

// fileKey is the key, in a large value's bucket, of its file's number
// and length; largeKey, of the value itself, in files of earlier versions.
var fileKey = []byte{1}

// largeFiles are the files of large values of an index.
type largeFiles struct {
	dir string
	// inUse is held for reading while files are read, and for writing
	// while files are deleted.
	inUse sync.RWMutex
	mu    sync.Mutex // guards open
	open  map[uint64]*os.File
	// next is the next file number; written and superseded, the files
	// the last commit wrote, and replaced or deleted (writer only).
	next                uint64
	written, superseded []uint64
}

func newLargeFiles(dir string) *largeFiles {
	return &largeFiles{dir: filepath.Join(dir, largeDir), open: map[uint64]*os.File{}}
}

func (l *largeFiles) path(n uint64) string { return filepath.Join(l.dir, fmt.Sprintf("%016x", n)) }

// pointer is what bbolt holds of a value in file n.
func pointer(n uint64, size int) []byte {
	p := binary.BigEndian.AppendUint64(make([]byte, 0, 16), n)
	return binary.BigEndian.AppendUint64(p, uint64(size))
}

func parsePointer(p []byte) (n uint64, size int64, ok bool) {
	if len(p) != 16 {
		return 0, 0, false
	}
	return binary.BigEndian.Uint64(p), int64(binary.BigEndian.Uint64(p[8:])), true
}

// file returns file n open for reading; the caller holds inUse.
func (l *largeFiles) file(n uint64) (*os.File, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if f, ok := l.open[n]; ok {
		return f, nil
	}
	f, err := os.Open(l.path(n))
	if err != nil {
		return nil, err
	}
	l.open[n] = f
	return f, nil
}

// write puts each value in a new file, synced, and returns their
// numbers.
func (l *largeFiles) write(vs [][]byte) ([]uint64, error) {
	if len(vs) == 0 {
		return nil, nil
	}
	if err := os.MkdirAll(l.dir, 0o755); err != nil {
		return nil, err
	}
	ns := make([]uint64, 0, len(vs))
	for _, v := range vs {
		n := l.next
		l.next++
		ns = append(ns, n)
		if err := writeSynced(l.path(n), v); err != nil {
			l.remove(ns)
			return nil, err
		}
	}
	if err := syncDir(l.dir); err != nil {
		l.remove(ns)
		return nil, err
	}
	return ns, nil
}

func writeSynced(path string, v []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(v)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// remove deletes files, once no one reads them.
func (l *largeFiles) remove(ns []uint64) error {
	if len(ns) == 0 {
		return nil
	}
	l.inUse.Lock()
	defer l.inUse.Unlock()
	l.mu.Lock()
	for _, n := range ns {
		if f, ok := l.open[n]; ok {
			f.Close()
			delete(l.open, n)
		}
	}
	l.mu.Unlock()
	var first error
	for _, n := range ns {
		if err := os.Remove(l.path(n)); err != nil && !errors.Is(err, fs.ErrNotExist) && first == nil {
			first = err
		}
	}
	return first
}

// close closes the files open for reading.
func (l *largeFiles) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for n, f := range l.open {
		f.Close()
		delete(l.open, n)
	}
}

// collect deletes the files not in named, and numbers new files after
// every file there is.
func (l *largeFiles) collect(named map[uint64]bool) error {
	entries, err := os.ReadDir(l.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var unnamed []uint64
	for _, e := range entries {
		n, err := strconv.ParseUint(e.Name(), 16, 64)
		if err != nil || len(e.Name()) != 16 {
			continue // not one of ours
		}
		l.next = max(l.next, n+1)
		if !named[n] {
			unnamed = append(unnamed, n)
		}
	}
	return l.remove(unnamed)
}
