package reader

import (
	"bytes"
	"fmt"
	"net/http"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// decode turns raw bytes into UTF-8 text. It accepts UTF-8 (with or
// without a byte-order mark), UTF-16 with a byte-order mark, and 8-bit
// text that is not UTF-8, read as Windows-1252 (a superset of Latin-1
// for printable text, and what such news files are in practice). Data
// with NUL bytes, other control bytes in bulk, or broken UTF-8 sequences
// mixed with valid ones is refused with a reason.
func decode(b []byte) (string, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err != nil {
			return "", fmt.Errorf("%w: UTF-16: %v", ErrEncoding, err)
		}
		if !utf8.Valid(out) {
			return "", fmt.Errorf("%w: UTF-16 with unpaired surrogates", ErrEncoding)
		}
		b = out
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return "", fmt.Errorf("%w: %s, NUL byte at offset %d", ErrBinary, sniff(b), i)
	}
	if n := controlBytes(b); n > len(b)/100+2 {
		return "", fmt.Errorf("%w: %s, %d control bytes", ErrBinary, sniff(b), n)
	}
	if utf8.Valid(b) {
		return string(b), nil
	}
	if hasMultibyte(b) {
		return "", fmt.Errorf("%w: invalid UTF-8 at byte %d", ErrEncoding, firstInvalid(b))
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrEncoding, err)
	}
	return string(out), nil
}

// sniff names the kind of binary data for error messages.
func sniff(b []byte) string {
	kind := http.DetectContentType(b)
	if kind == "text/plain; charset=utf-8" || kind == "application/octet-stream" {
		return "binary data"
	}
	return kind
}

// controlBytes counts C0 control bytes other than tab, newline, carriage
// return and form feed: text has almost none, binary formats many.
func controlBytes(b []byte) int {
	n := 0
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
			n++
		}
	}
	return n
}

// hasMultibyte reports whether b holds at least one well-formed multi-byte
// UTF-8 sequence: then the file meant to be UTF-8 and its broken bytes are
// damage, not another encoding.
func hasMultibyte(b []byte) bool {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r != utf8.RuneError && size > 1 {
			return true
		}
		b = b[size:]
	}
	return false
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}
