package reader

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// record is one JSON Lines article.
type record struct {
	ID        json.RawMessage `json:"id"`
	Title     string          `json:"title"`
	Text      *string         `json:"text"`
	Published string          `json:"published"`
	Source    string          `json:"source"`
	URL       string          `json:"url"`
}

// ReadJSONL reads one article per line from r. name is how the stream is
// called in sources ("feed.jsonl", or "-" for standard input); a line's
// source is name#LINE unless the record carries its own. Blank lines are
// skipped; a malformed or oversized line is passed to emit as an *Error
// and reading goes on. Only a failure of r itself ends reading early.
func ReadJSONL(r io.Reader, name string, opts Options, emit func(Article, error)) error {
	opts = opts.withDefaults()
	br := bufio.NewReaderSize(r, 64<<10)
	for line := 1; ; line++ {
		b, tooLong, err := readLine(br, opts.MaxLineBytes)
		if len(b) > 0 || tooLong {
			source := name + "#" + strconv.Itoa(line)
			if tooLong {
				emit(Article{Source: source, Format: "jsonl"}, &Error{source, fmt.Errorf("%w: line is over %d bytes", ErrTooLarge, opts.MaxLineBytes)})
			} else if a, perr := parseRecord(source, b); perr != nil {
				emit(a, &Error{source, perr})
			} else {
				emit(a, nil)
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &Error{name, err}
		}
	}
}

// readLine returns the next line without its newline. A line longer than
// max is consumed and dropped, with tooLong set, so that one runaway line
// never holds more than max bytes in memory.
func readLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			// The newline is not part of the line: the last line of a
			// stream may have none, and must be held to the same bound.
			if len(buf)+len(bytes.TrimSuffix(chunk, []byte{'\n'})) > max {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		buf = []byte(strings.TrimRight(string(buf), "\r\n"))
		if len(strings.TrimSpace(string(buf))) == 0 {
			buf = nil
		}
		return buf, tooLong, err
	}
}

func parseRecord(source string, b []byte) (Article, error) {
	a := Article{Source: source, Format: "jsonl"}
	var rec record
	if err := json.Unmarshal(b, &rec); err != nil {
		return a, fmt.Errorf("malformed JSON: %v", err)
	}
	if rec.Source != "" {
		a.Source = rec.Source
	}
	if rec.Text == nil {
		return a, errors.New(`record has no "text" field`)
	}
	if len(rec.ID) > 0 && string(rec.ID) != "null" {
		var s string
		if json.Unmarshal(rec.ID, &s) == nil {
			a.ExternalID = s
		} else {
			a.ExternalID = string(rec.ID)
		}
	}
	a.Title, a.URL = strings.TrimSpace(rec.Title), rec.URL
	if rec.Published != "" {
		d := ParseDate(rec.Published)
		if d == "" {
			return a, fmt.Errorf("published %q is not a date", rec.Published)
		}
		a.Published, a.PublishedFrom = d, FromJSONL
	}
	text := *rec.Text
	if strings.TrimSpace(text) == "" {
		return a, ErrEmpty
	}
	if a.Title != "" && !strings.HasPrefix(strings.TrimSpace(text), a.Title) {
		text = a.Title + "\n\n" + text
	}
	a.Text = text
	return a, nil
}
