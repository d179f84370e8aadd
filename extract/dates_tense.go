package extract

import (
	"iter"
	"strings"
)

// The tense checks in dates_relative.go run for every month or weekday
// mention, over its clause and often its whole sentence. Their regexps
// (dateFutureRe, dateWeakFutureRe, dateAheadRe, datePastAuxRe, datePastRe
// and dateWouldRe) define what counts as a marker, but Go runs a
// case-insensitive alternation like theirs at every position, folding
// each literal as it goes: they were about a quarter of the date
// extractor's time on the BBC corpus. The scanners below walk the text
// word by word and return exactly what the regexps return: the same
// booleans, and the same leftmost-first, non-overlapping matches with the
// same offsets.
//
// They compare bytes. \w and the sides of \b are [0-9A-Za-z_]
// (dateWordBytes), \s is [\t\n\f\r ], and a space in a pattern is one
// space byte: in Go's regexp all of these are ASCII, so any other
// character, and any byte of an invalid sequence, is neither a word
// character nor a space, which is how the scanners see bytes at or above
// 0x80. Under (?i), though, Go folds 'k' with U+212A KELVIN SIGN and 's'
// with U+017F LATIN SMALL LETTER LONG S, and counts both as \w: text
// holding either goes to the regexp itself. Every other character folds
// to no ASCII letter, so news text with curly quotes, dashes or a pound
// sign keeps the scanners.

// dateScannable reports whether the scanners read s as its regexps do.
func dateScannable(s string) bool {
	return !strings.Contains(s, "\u212a") && !strings.Contains(s, "\u017f")
}

func dateIsWord(c byte) bool { return dateWordBytes.has(c) }

// regexpSpaces are the characters of the regexp class \s, which leaves
// out \v: what an expression's \s* or \s+ may step over.
const regexpSpaces = "\t\n\f\r "

// dateIsSpace is the regexp class \s (regexpSpaces).
func dateIsSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// dateWordEnd returns the end of the run of word bytes from i.
func dateWordEnd(s string, i int) int {
	for i < len(s) && dateIsWord(s[i]) {
		i++
	}
	return i
}

// dateWords yields the start and end of each whole run of word bytes in
// s, in order.
func dateWords(s string) iter.Seq2[int, int] {
	return func(yield func(i, e int) bool) {
		for i := 0; i < len(s); i++ {
			if !dateIsWord(s[i]) {
				continue
			}
			e := dateWordEnd(s, i)
			if !yield(i, e) {
				return
			}
			i = e - 1
		}
	}
}

// dateSpaceEnd returns the end of the run of \s bytes from i.
func dateSpaceEnd(s string, i int) int {
	for i < len(s) && dateIsSpace(s[i]) {
		i++
	}
	return i
}

// dateEndsWord reports \b at i where s[i-1] is a word byte.
func dateEndsWord(s string, i int) bool { return i == len(s) || !dateIsWord(s[i]) }

// dateFoldAt reports whether lit, in lower case, is at s[i:] under (?i):
// an ASCII letter matches either case, any other byte only itself.
func dateFoldAt(s string, i int, lit string) bool {
	if i < 0 || len(s)-i < len(lit) {
		return false
	}
	for k := 0; k < len(lit); k++ {
		c, l := s[i+k], lit[k]
		if l >= 'a' && l <= 'z' {
			c |= 0x20 // 'A'-'Z' to 'a'-'z'; no other byte lands on a letter
		}
		if c != l {
			return false
		}
	}
	return true
}

// dateThen returns the end of lit at s[i:] when a word boundary follows
// it, or -1; lit ends in a letter.
func dateThen(s string, i int, lit string) int {
	if dateFoldAt(s, i, lit) && dateEndsWord(s, i+len(lit)) {
		return i + len(lit)
	}
	return -1
}

// dateLowerWord returns word in lower case in buf, or false when it is
// longer than buf and so no word of the scanners' lists.
func dateLowerWord(buf *[12]byte, word string) ([]byte, bool) {
	if len(word) > len(buf) {
		return nil, false
	}
	for k := 0; k < len(word); k++ {
		c := word[k]
		if c >= 'A' && c <= 'Z' {
			c |= 0x20
		}
		buf[k] = c
	}
	return buf[:len(word)], true
}

// dateFutureFirst is what the first word of each dateFutureRe
// alternative asks next: nothing more, "'t", " to", " due" or " to", or
// optional space and "to".
const (
	dateFutureWord = iota + 1
	dateFutureWont
	dateFutureTo
	dateFutureDueTo
	dateFutureNext
)

var dateFutureFirst = map[string]uint8{
	"will": dateFutureWord, "shall": dateFutureWord, "scheduled": dateFutureWord,
	"won":   dateFutureWont,
	"going": dateFutureTo, "plan": dateFutureTo, "plans": dateFutureTo, "planned": dateFutureTo,
	"planning": dateFutureTo, "expect": dateFutureTo, "expects": dateFutureTo, "expected": dateFutureTo,
	"set": dateFutureTo, "likely": dateFutureTo,
	"is": dateFutureDueTo, "are": dateFutureDueTo,
	"next": dateFutureNext,
}

// dateFutureAt returns the end of the match of dateFutureRe that starts
// at i, or -1. The first alternative opens with \b and a letter, so i
// starts a word, and the word's first run of word bytes is the first
// word of the alternative; the second, 'll\b, needs no \b before.
func dateFutureAt(s string, i int) int {
	if s[i] == '\'' {
		return dateThen(s, i+1, "ll")
	}
	if !dateIsWord(s[i]) || i > 0 && dateIsWord(s[i-1]) {
		return -1
	}
	e := dateWordEnd(s, i)
	var buf [12]byte
	w, ok := dateLowerWord(&buf, s[i:e])
	if !ok {
		return -1
	}
	switch dateFutureFirst[string(w)] {
	case dateFutureWord:
		return e
	case dateFutureWont:
		return dateThen(s, e, "'t")
	case dateFutureTo:
		return dateThen(s, e, " to")
	case dateFutureDueTo:
		if end := dateThen(s, e, " due"); end >= 0 {
			return end
		}
		return dateThen(s, e, " to")
	case dateFutureNext:
		// next(?:\s+to)?\b tries "to" first and falls back to "next"
		// alone, whose \b the space or the word's end already gives.
		if j := dateSpaceEnd(s, e); j > e {
			if end := dateThen(s, j, "to"); end >= 0 {
				return end
			}
		}
		return e
	}
	return -1
}

// dateFutureIndex is dateFutureRe.FindAllStringIndex(s, -1).
func dateFutureIndex(s string) [][]int {
	if !dateScannable(s) {
		return dateFutureRe.FindAllStringIndex(s, -1)
	}
	var out [][]int
	for i := 0; i < len(s); {
		switch end := dateFutureAt(s, i); {
		case end >= 0:
			// The regexp goes on where its last match ended.
			out = append(out, []int{i, end})
			i = end
		case dateIsWord(s[i]):
			// No match starts inside a word.
			i = dateWordEnd(s, i)
		default:
			i++
		}
	}
	return out
}

// dateWeakFutureIn is dateWeakFutureRe.MatchString(s).
func dateWeakFutureIn(s string) bool {
	if !dateScannable(s) {
		return dateWeakFutureRe.MatchString(s)
	}
	var buf [12]byte
	for i, e := range dateWords(s) {
		if w, ok := dateLowerWord(&buf, s[i:e]); ok {
			switch string(w) {
			case "until", "effective":
				return true
			case "as":
				if dateThen(s, e, " soon as") >= 0 || dateThen(s, e, " early as") >= 0 {
					return true
				}
			case "ahead":
				if dateThen(s, e, " of") >= 0 {
					return true
				}
			}
		}
	}
	return false
}

// dateAheadEnds is dateAheadRe.MatchString(s): s ends in "ahead of" or
// "ahead of the" and at least one space. Every \s+ runs between letters
// or to the end, so it is the whole run of spaces there.
func dateAheadEnds(s string) bool {
	if !dateScannable(s) {
		return dateAheadRe.MatchString(s)
	}
	// spaceBefore returns where the run of \s ending at i starts.
	spaceBefore := func(i int) int {
		for i > 0 && dateIsSpace(s[i-1]) {
			i--
		}
		return i
	}
	// before returns where lit, ending at i after a run of \s, starts,
	// or -1.
	before := func(i int, lit string) int {
		j := spaceBefore(i)
		if j == i || !dateFoldAt(s, j-len(lit), lit) {
			return -1
		}
		return j - len(lit)
	}
	for _, the := range []bool{false, true} {
		i := len(s)
		if the {
			i = before(i, "the")
		}
		if i >= 0 {
			i = before(i, "of")
		}
		if i >= 0 {
			i = before(i, "ahead")
		}
		if i >= 0 && (i == 0 || !dateIsWord(s[i-1])) {
			return true
		}
	}
	return false
}

// datePastAuxIn is datePastAuxRe.MatchString(s).
func datePastAuxIn(s string) bool {
	if !dateScannable(s) {
		return datePastAuxRe.MatchString(s)
	}
	var buf [12]byte
	for i, e := range dateWords(s) {
		if w, ok := dateLowerWord(&buf, s[i:e]); ok {
			switch string(w) {
			case "had", "was", "were", "did":
				return true
			}
		}
	}
	return false
}

// datePastForms are the words of datePastRe but for \w{2,}ed.
var datePastForms = map[string]bool{
	"had": true, "was": true, "were": true, "did": true, "been": true,
	"said": true, "told": true, "met": true, "went": true, "came": true, "took": true, "made": true,
	"left": true, "began": true, "saw": true, "gave": true, "got": true, "held": true, "led": true,
	"ran": true, "won": true, "lost": true, "sent": true, "spent": true, "struck": true, "fell": true,
	"rose": true, "brought": true, "bought": true, "thought": true, "found": true, "kept": true,
	"became": true, "broke": true, "chose": true, "fled": true, "flew": true, "fought": true,
	"grew": true, "knew": true, "paid": true, "sold": true, "sought": true, "spoke": true,
	"stood": true, "wrote": true, "heard": true, "meant": true, "felt": true, "built": true,
	"drew": true, "drove": true, "ate": true, "shot": true, "hung": true, "slid": true, "swore": true,
	"threw": true, "wore": true, "woke": true, "forgot": true, "hid": true, "lay": true, "bore": true,
	"beat": true, "bit": true, "caught": true, "taught": true, "dealt": true, "dug": true, "fed": true,
	"forbade": true, "froze": true, "rode": true, "rang": true, "sang": true, "sank": true,
	"shook": true, "shrank": true, "stole": true, "stuck": true, "stung": true, "swam": true,
	"swung": true, "tore": true, "understood": true, "withdrew": true, "overtook": true,
	"undertook": true, "arose": true,
}

// datePastWord reports whether word, a whole run of word bytes, is a
// match of datePastRe. Every alternative there is word bytes between \b
// and \b, so a match is always one whole word.
func datePastWord(word string) bool {
	n := len(word)
	if n >= 4 && word[n-2]|0x20 == 'e' && word[n-1]|0x20 == 'd' {
		return true
	}
	var buf [12]byte
	w, ok := dateLowerWord(&buf, word)
	return ok && datePastForms[string(w)]
}

// datePastIn is datePastRe.MatchString(s).
func datePastIn(s string) bool {
	if !dateScannable(s) {
		return datePastRe.MatchString(s)
	}
	for i, e := range dateWords(s) {
		if datePastWord(s[i:e]) {
			return true
		}
	}
	return false
}

// datePastIndex is datePastRe.FindAllStringIndex(s, -1).
func datePastIndex(s string) [][]int {
	if !dateScannable(s) {
		return datePastRe.FindAllStringIndex(s, -1)
	}
	var out [][]int
	for i, e := range dateWords(s) {
		if datePastWord(s[i:e]) {
			out = append(out, []int{i, e})
		}
	}
	return out
}

// dateWouldIndex is dateWouldRe.FindAllStringSubmatchIndex(s, -1): for
// each "would", the match and the word it governs. The \s+ runs are
// whole, since what follows each starts with a word byte. When "not" or
// "n't" is not followed by spaces and a word, the optional group is
// dropped and the governed word is the one at "n": "not", "nothing",
// or "n" of "n't".
func dateWouldIndex(s string) [][]int {
	if !dateScannable(s) {
		return dateWouldRe.FindAllStringSubmatchIndex(s, -1)
	}
	var out [][]int
	for i := 0; i < len(s); i++ {
		if !dateIsWord(s[i]) {
			continue
		}
		e := dateWordEnd(s, i)
		r := dateSpaceEnd(s, e)
		if e-i != len("would") || !dateFoldAt(s, i, "would") || r == e || r == len(s) {
			i = e - 1
			continue
		}
		g := r
		if dateFoldAt(s, r, "not") || dateFoldAt(s, r, "n't") {
			if t := dateSpaceEnd(s, r+3); t > r+3 && t < len(s) && dateIsWord(s[t]) {
				g = t
			}
		}
		if !dateIsWord(s[g]) {
			i = e - 1
			continue
		}
		end := dateWordEnd(s, g)
		out = append(out, []int{i, end, g, end})
		i = end - 1
	}
	return out
}
