package reader

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Normalize puts an article's text and title in the one form every later
// stage and every stored offset refers to: Unicode NFC, LF line endings,
// no trailing whitespace. It does nothing else, so that offsets into the
// normalised text still point at what the author wrote.
func Normalize(a Article) Article {
	a.Text = normalizeText(a.Text)
	a.Title = strings.TrimSpace(normalizeText(a.Title))
	return a
}

func normalizeText(s string) string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	s = norm.NFC.String(s)
	return strings.TrimRight(s, " \t\n\f\v\u00a0")
}

// ContentID is an article's identity: a hash of its normalised text, so
// that the same text read twice is the same article.
func ContentID(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:10])
}
