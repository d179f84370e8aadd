package reader

import (
	"strings"
	"time"
)

// validDate reports whether s is a real calendar date in YYYY-MM-DD form.
func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// ParseDate reads the date part of a timestamp as feeds and HTML
// metadata write it ("2026-03-03", "2026-03-03T10:00:00Z",
// "2026-03-03 10:00", RFC 1123) and returns it as YYYY-MM-DD, or "" when
// s holds no recognisable date. The date is the one written, in the
// writer's own time zone: an article dated 23:30 local is that day's.
func ParseDate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 10 && validDate(s[:10]) {
		return s[:10]
	}
	for _, layout := range []string{time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822, "January 2, 2006", "2 January 2006", "Jan 2, 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	return ""
}
