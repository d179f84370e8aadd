package reader

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// dateHeader is the first-line date some feeds prepend: " date 2026-03-03 ".
var dateHeader = regexp.MustCompile(`^\s*date (\d{4}-\d{2}-\d{2})\s+`)

// parseText reads a plain-text article: an optional date header, then the
// text, whose first line is taken as the title when it reads as a
// headline.
func parseText(source, s string) (Article, error) {
	a := Article{Source: source, Format: "text"}
	if m := dateHeader.FindStringSubmatchIndex(s); m != nil {
		if d := s[m[2]:m[3]]; validDate(d) {
			a.Published, a.PublishedFrom = d, FromHeader
			s = s[m[1]:]
		}
	}
	a.Text = s
	if strings.TrimSpace(s) == "" {
		return a, ErrEmpty
	}
	a.Title = headline(s)
	return a, nil
}

// headline returns the first line of s when it looks like a headline:
// short, and not ending as a sentence does. Body paragraphs that open a
// file without a headline are not titles.
func headline(s string) string {
	s = strings.TrimLeft(s, " \t\r\n")
	line, _, _ := strings.Cut(s, "\n")
	line = strings.TrimSpace(line)
	if line == "" || utf8.RuneCountInString(line) > 200 || len(strings.Fields(line)) > 30 {
		return ""
	}
	switch line[len(line)-1] {
	case '.', '!', '?', ',', ';', ':':
		return ""
	}
	return line
}
