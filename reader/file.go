package reader

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Options bound what the reader accepts. The zero value means the
// defaults below.
type Options struct {
	// MaxArticleBytes bounds a plain-text file or a JSON Lines line
	// (default 1 MiB, ten times a long news article): anything larger is
	// refused without being held in memory.
	MaxArticleBytes int
	// MaxHTMLBytes bounds an HTML file, markup included (default 16 MiB).
	MaxHTMLBytes int
	// MaxLineBytes bounds a JSON Lines line (default MaxArticleBytes).
	MaxLineBytes int
}

func (o Options) withDefaults() Options {
	if o.MaxArticleBytes <= 0 {
		o.MaxArticleBytes = 1 << 20
	}
	if o.MaxHTMLBytes <= 0 {
		o.MaxHTMLBytes = 16 << 20
	}
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = o.MaxArticleBytes
	}
	return o
}

// Kind is the format of a file, from its name.
type Kind int

// The formats read. Files of other extensions are not articles.
const (
	Unknown Kind = iota
	Text
	HTML
	JSONL
)

// KindOf tells a file's format from its extension: .txt or none is plain
// text, .html/.htm HTML, .jsonl JSON Lines.
func KindOf(path string) Kind {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".text", "":
		return Text
	case ".html", ".htm":
		return HTML
	case ".jsonl", ".ndjson":
		return JSONL
	}
	return Unknown
}

// ReadFile reads the articles of one file and passes each to emit, with
// an *Error for each one that could not be read. JSON Lines files give
// any number of articles; other files one.
func ReadFile(f File, opts Options, emit func(Article, error)) {
	opts = opts.withDefaults()
	fail := func(err error) {
		emit(Article{Source: f.Source}, &Error{f.Source, err})
	}
	fh, err := os.Open(f.Path)
	if err != nil {
		fail(openReason(err))
		return
	}
	defer fh.Close()
	kind := KindOf(f.Path)
	if kind == JSONL {
		if err := ReadJSONL(fh, f.Source, opts, emit); err != nil {
			fail(err)
		}
		return
	}
	limit := opts.MaxArticleBytes
	if kind == HTML {
		limit = opts.MaxHTMLBytes
	}
	b, err := io.ReadAll(io.LimitReader(fh, int64(limit)+1))
	if err != nil {
		fail(err)
		return
	}
	if len(b) > limit {
		size := "over"
		if st, err := fh.Stat(); err == nil {
			size = fmt.Sprintf("%.1f MiB,", float64(st.Size())/(1<<20))
		}
		fail(fmt.Errorf("%w: %s more than the %d-byte limit", ErrTooLarge, size, limit))
		return
	}
	a, err := Parse(f.Source, kind, b)
	if err != nil {
		emit(a, &Error{f.Source, err})
		return
	}
	emit(a, nil)
}

// Parse reads one plain-text or HTML article from its raw bytes.
func Parse(source string, kind Kind, b []byte) (Article, error) {
	if len(b) == 0 {
		return Article{Source: source}, ErrEmpty
	}
	s, err := decode(b)
	if err != nil {
		return Article{Source: source}, err
	}
	if kind == HTML {
		return parseHTML(source, s)
	}
	return parseText(source, s)
}

func openReason(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
