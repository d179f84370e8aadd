// Command genbench writes a deterministic generated corpus of news
// articles as JSON Lines, for measuring `ingest index` on inputs far
// larger than the BBC corpus it is built from (../shared/data/bbc-news).
// Articles are BBC sentences recombined into distinct reports, a fifth of
// them perturbed copies of a recent one (internal/corpus); the same -n,
// -seed and base corpus give the same file, byte for byte. It streams,
// holding only the base corpus and the last 1,000 distinct articles it
// may copy, so memory does not grow with -n (40 MB RSS for 500,000
// articles, 1 GB, on the development machine).
//
// Peak RSS of indexing a corpus of about 1 GB (500,000 articles), from
// the repository root (about 2.1 KB an article):
//
//	go run ./cmd/genbench -n 500000 -o /tmp/corpus.jsonl
//	go build -o /tmp/ingest ./cmd/ingest
//	/usr/bin/time -v /tmp/ingest index --index /tmp/bench.idx /tmp/corpus.jsonl
//
// Build ingest first rather than timing `go run`: /usr/bin/time reports
// the largest RSS of the processes it waited for, and go run adds its
// own. Each line is {"id", "title", "published", "text"}; the published
// dates cycle through 2024 and 2025 so that relative dates resolve.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ingest-news/ingest/internal/corpus"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "genbench:", err)
		}
		os.Exit(2)
	}
}

// record is one line of the output, in the JSON Lines form the reader
// takes (reader.ReadJSONL).
type record struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Text      string `json:"text"`
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("genbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 100_000, "number of articles to write")
	out := fs.String("o", "-", "output `FILE` (- for standard output); written under a temporary name and renamed when complete")
	base := fs.String("bbc", "../shared/data/bbc-news/bbc", "the BBC corpus `DIR` (bbc/<category>/<NNN>.txt) the articles are built from")
	seed := fs.Uint64("seed", 1, "generator seed")
	dups := fs.Float64("dup-share", 0.2, "fraction of articles that are perturbed copies of an earlier one")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *n <= 0 {
		return fmt.Errorf("-n %d: want a positive number of articles", *n)
	}
	// The generator takes a share of 0 as its default, so 0 is refused
	// rather than silently meaning 0.2.
	if *dups <= 0 || *dups >= 1 {
		return fmt.Errorf("-dup-share %v: want a fraction in (0, 1)", *dups)
	}
	texts, err := corpus.BBC(*base)
	if err != nil {
		return fmt.Errorf("reading the base corpus: %w", err)
	}

	w, tmp := stdout, ""
	var f *os.File
	if *out != "-" {
		tmp = *out + ".tmp"
		if f, err = os.Create(tmp); err != nil {
			return err
		}
		defer func() {
			if f != nil { // not renamed: an error left it incomplete
				f.Close()
				os.Remove(tmp)
			}
		}()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	cw := &countingWriter{w: bw}
	enc := json.NewEncoder(cw)
	enc.SetEscapeHTML(false)
	day0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var werr error
	written := 0
	corpus.Generate(texts, *n, corpus.Options{Seed: *seed, DupShare: *dups}, func(i int, a corpus.Article) bool {
		title, _, _ := strings.Cut(a.Text, "\n")
		werr = enc.Encode(record{
			ID:        fmt.Sprintf("gen-%07d", i),
			Title:     strings.TrimSpace(title),
			Published: day0.AddDate(0, 0, i%730).Format(time.DateOnly),
			Text:      a.Text,
		})
		written++
		return werr == nil
	})
	if werr != nil {
		return werr
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return err
		}
		f = nil
		if err := os.Rename(tmp, *out); err != nil {
			os.Remove(tmp)
			return err
		}
	}
	fmt.Fprintf(stderr, "genbench: wrote %d articles, %.1f MB, to %s\n", written, float64(cw.n)/1e6, *out)
	return nil
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
