package reader

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

// File is one input file: where to open it and the source name its
// articles carry.
type File struct {
	Path   string
	Source string
}

// Errors of walking, testable with errors.Is.
var (
	ErrDanglingLink = errors.New("dangling symbolic link")
	ErrLinkLoop     = errors.New("symbolic link loop")
	ErrUnsupported  = errors.New("not an article format (read are .txt, .html, .htm, .jsonl or no extension)")
)

// Walk calls fn for each file named by paths, in order, and for each
// file under a directory, recursively in lexical order, following
// symbolic links. A path that cannot be walked is passed to fn as an
// *Error and walking goes on; files and directories whose names start
// with "." under a directory are skipped, as are files of formats that
// are not read (reported as ErrUnsupported). fn's own error stops the
// walk and is returned.
func Walk(paths []string, fn func(File, error) error) error {
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			if err := fn(File{Path: p, Source: p}, &Error{p, statReason(p, err)}); err != nil {
				return err
			}
			continue
		}
		if !st.IsDir() {
			if err := fn(File{Path: p, Source: p}, nil); err != nil {
				return err
			}
			continue
		}
		w := walker{fn: fn, seen: map[fileID]bool{}}
		if err := w.dir(p, p, st); err != nil {
			return err
		}
	}
	return nil
}

type fileID struct{ dev, ino uint64 }

type walker struct {
	fn   func(File, error) error
	seen map[fileID]bool // directories on the current path, against loops
}

func idOf(st fs.FileInfo) (fileID, bool) {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return fileID{uint64(s.Dev), uint64(s.Ino)}, true
	}
	return fileID{}, false
}

func (w *walker) dir(path, source string, st fs.FileInfo) error {
	if id, ok := idOf(st); ok {
		if w.seen[id] {
			return w.fn(File{path, source}, &Error{source, ErrLinkLoop})
		}
		w.seen[id] = true
		defer delete(w.seen, id)
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return w.fn(File{path, source}, &Error{source, openReason(err)})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p, src := filepath.Join(path, e.Name()), filepath.Join(source, e.Name())
		st, err := os.Stat(p)
		if err != nil {
			if err := w.fn(File{p, src}, &Error{src, statReason(p, err)}); err != nil {
				return err
			}
			continue
		}
		switch {
		case st.IsDir():
			err = w.dir(p, src, st)
		case !st.Mode().IsRegular():
			err = w.fn(File{p, src}, &Error{src, fmt.Errorf("not a regular file (%s)", st.Mode().Type())})
		case KindOf(p) == Unknown:
			err = w.fn(File{p, src}, &Error{src, ErrUnsupported})
		default:
			err = w.fn(File{p, src}, nil)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// statReason explains why a path could not be stat'ed, telling a
// dangling symbolic link and a loop of them from a missing file.
func statReason(p string, err error) error {
	if lst, lerr := os.Lstat(p); lerr == nil && lst.Mode()&fs.ModeSymlink != 0 {
		if errors.Is(err, syscall.ELOOP) {
			return ErrLinkLoop
		}
		if errors.Is(err, fs.ErrNotExist) {
			return ErrDanglingLink
		}
	}
	return openReason(err)
}
