package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/golang/snappy"

	"github.com/ingest-news/ingest/internal/metakey"
)

// Dedup reads back the text of every candidate it verifies. Read from
// bleve's stored fields, that made the stored section of every segment
// resident: bleve reads segments through mappings, the kernel maps 64
// KiB around each page a read faults in, and candidates are spread over
// the whole index (1.4 GB of the 2.8 GB peak RSS at 400,000 articles,
// the first 40% of each segment file in /proc/PID/pagemap). So the
// writer also appends each article's text, compressed with snappy, to a
// file of its own, read with pread, which leaves the pages in the page
// cache and out of the resident set. It costs disk: snappy keeps 74% of
// the BBC corpus's bytes and 88% of the generated corpus's.
//
// A batch's texts are written and synced before its metadata commits;
// the metadata holds each text's place (textKey) and the file's
// committed length (keyTextEnd). Texts past that length are of a batch
// that never committed: the next batch writes over them, and the next
// writer to open the index cuts them off. A text whose article is
// deleted stays in the file, unreferenced.

const textFile = "ingest-text.log"

const keyTextEnd = "text-end"

// textKey holds the place of an article's text: offset (8 bytes), length
// (4 bytes).
func textKey(id string) string { return metakey.Article(id, "text") }

// textLog is the file of texts; end is its committed length, set by the
// writer while dedup reads.
type textLog struct {
	f   *os.File
	end atomic.Int64
}

func newTextLog(f *os.File, end int64) *textLog {
	l := &textLog{f: f}
	l.end.Store(end)
	return l
}

// openTexts opens the text file of the index in dir, at the committed
// length m records. A reader of an index written before the file
// existed gets nil, and reads texts from bleve.
func openTexts(dir string, m *metaStore, readOnly bool) (*textLog, error) {
	path := filepath.Join(dir, textFile)
	var end int64
	if m != nil {
		v, err := m.get(keyTextEnd)
		if err != nil {
			return nil, err
		}
		if len(v) == 8 {
			end = int64(binary.BigEndian.Uint64(v))
		}
	}
	if readOnly {
		f, err := os.Open(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return newTextLog(f, end), nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil && st.Size() < end {
		err = fmt.Errorf("%s holds %d bytes, but %d were committed", textFile, st.Size(), end)
	}
	if err == nil && st.Size() > end {
		err = f.Truncate(end)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return newTextLog(f, end), nil
}

func (l *textLog) close() error {
	if l == nil {
		return nil
	}
	return l.f.Close()
}

// append writes the texts of a batch's articles after the committed
// length and syncs them; set receives each text's place and the new
// length, to commit with the batch. It returns the new length, which the
// caller makes end once the batch has committed.
func (l *textLog) append(arts []Article, set map[string][]byte) (int64, error) {
	var buf, enc []byte
	start := l.end.Load()
	for i := range arts {
		enc = snappy.Encode(enc[:cap(enc)], []byte(arts[i].Text))
		loc := binary.BigEndian.AppendUint64(make([]byte, 0, 12), uint64(start)+uint64(len(buf)))
		set[textKey(arts[i].ID)] = binary.BigEndian.AppendUint32(loc, uint32(len(enc)))
		buf = append(buf, enc...)
	}
	if len(buf) == 0 {
		return start, nil
	}
	if _, err := l.f.WriteAt(buf, start); err != nil {
		return 0, err
	}
	if err := l.f.Sync(); err != nil {
		return 0, err
	}
	end := start + int64(len(buf))
	set[keyTextEnd] = binary.BigEndian.AppendUint64(nil, uint64(end))
	return end, nil
}

// read returns the text at a place from textKey.
func (l *textLog) read(loc []byte) (string, error) {
	if len(loc) != 12 {
		return "", fmt.Errorf("%s: malformed place of a text (%d bytes)", textFile, len(loc))
	}
	off, n := int64(binary.BigEndian.Uint64(loc)), int64(binary.BigEndian.Uint32(loc[8:]))
	if end := l.end.Load(); off+n > end {
		return "", fmt.Errorf("%s: a text at %d-%d, past the committed %d bytes", textFile, off, off+n, end)
	}
	enc := make([]byte, n)
	if _, err := l.f.ReadAt(enc, off); err != nil {
		return "", fmt.Errorf("%s: %w", textFile, err)
	}
	text, err := snappy.Decode(nil, enc)
	if err != nil {
		return "", fmt.Errorf("%s: the text at %d: %w", textFile, off, err)
	}
	return string(text), nil
}
