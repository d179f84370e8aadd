package extract

import (
	"math/rand/v2"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// dateTenseChecks pairs each scanner of dates_tense.go with the regexp
// call it stands for.
var dateTenseChecks = []struct {
	name     string
	scan, re func(string) any
}{
	{"dateFutureIndex",
		func(s string) any { return dateFutureIndex(s) },
		func(s string) any { return dateFutureRe.FindAllStringIndex(s, -1) }},
	{"dateWeakFutureIn",
		func(s string) any { return dateWeakFutureIn(s) },
		func(s string) any { return dateWeakFutureRe.MatchString(s) }},
	{"dateAheadEnds",
		func(s string) any { return dateAheadEnds(s) },
		func(s string) any { return dateAheadRe.MatchString(s) }},
	{"datePastAuxIn",
		func(s string) any { return datePastAuxIn(s) },
		func(s string) any { return datePastAuxRe.MatchString(s) }},
	{"datePastIn",
		func(s string) any { return datePastIn(s) },
		func(s string) any { return datePastRe.MatchString(s) }},
	{"datePastIndex",
		func(s string) any { return datePastIndex(s) },
		func(s string) any { return datePastRe.FindAllStringIndex(s, -1) }},
	{"dateWouldIndex",
		func(s string) any { return dateWouldIndex(s) },
		func(s string) any { return dateWouldRe.FindAllStringSubmatchIndex(s, -1) }},
}

// checkDateTense fails t when a scanner and its regexp disagree on s. The
// comparison is strict: an empty list where the regexp returns nil
// counts as a difference.
func checkDateTense(t *testing.T, s string) {
	t.Helper()
	for _, c := range dateTenseChecks {
		if got, want := c.scan(s), c.re(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s(%q) = %v, the regexp gives %v", c.name, s, got, want)
		}
	}
}

// dateTenseASCII maps each byte of s at or above 0x80 to an ASCII byte,
// so that text with the runes that send it to the regexps, and text with
// other non-ASCII bytes, also exercise the scanners with ASCII in their
// place.
func dateTenseASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = c & 0x7f
	}
	return string(b)
}

// dateTenseTricky are the edge cases of the patterns: case, "next to"
// and the backtracking of next(?:\s+to)?\b, single and double spaces, \s
// against other control bytes, 'll with no \b before it, \w{2,}ed
// against short words and digits and underscores, "would" with and
// without "not" or "n't", and the runes that (?i) folds with 'k' and 's'.
var dateTenseTricky = []string{
	"", " ", "will", "WILL", "Will", "wIlL", "willing", "swill", "will_", "_will", "2will",
	"won't", "Won't", "WON'T", "won't've", "wont", "won", "won'", "won't_", "won’t",
	"shall", "going to", "going  to", "going\tto", "going tomorrow", "GOING TO",
	"plan to", "plans to", "planned to", "planning to", "plans  to", "plan to_", "plant to",
	"scheduled", "rescheduled", "expect to", "expects to", "expected to", "Expected To",
	"is due", "are due", "is to", "are to", "is due to", "is dues", "this is to", "is_to",
	"set to", "sets to", "likely to", "unlikely to",
	"next", "next to", "NEXT TO", "next tom", "next\tto", "next \n to", "next  to", "next\vto",
	"next to_", "next to.", "nexts", "next2", "next to next to", "next\r\nto",
	"we'll", "'ll", "'llama", "'LL", "we 'll", "it'll.", "'ll'll", "will'll", "''ll", "'l",
	"until", "as soon as", "as  soon as", "as soon asap", "as early as", "ahead of", "Ahead Of",
	"effective", "ineffective", "aheadof",
	"ahead of ", "ahead of", "ahead of the ", "ahead of the", "ahead  of\tthe\n", "AHEAD OF THE ",
	"ahead of them ", "ahead of of ", "bahead of ", "_ahead of ", " ahead of\v", "ahead of the the ",
	"had", "was", "were", "did", "Had", "hadn't", "was_", "wasn't",
	"bed", "shed", "embed", "feed", "ABCed", "_ed", "12ed", "__ed", "1234ed", "aED", "aaED", "edited",
	"said.", "said", "Said", "SAID", "unsaid", "said_", "led", "LED", "fed", "forbade", "understood",
	"arose", "undertook", "it's", "'said'", "\"said\"", "said'", "told,met;went",
	"would", "would ", "would go", "would  go", "would\tgo", "would not go", "would n't go",
	"would not", "would not ", "would nothing", "would n't", "would n'tgo", "would not,", "WOULD NOT BE",
	"would have", "would_go", "wouldgo", "would\n\nhave", "would not  not", "would would go", "would 12",
	"would _", "would,go", "he would've", "shouldn't would be",
	"The talks will resume next week, officials said.",
	"Shares fell after it was announced that the firm won't pay; he'll decide next to nothing.",
	"It is expected to reopen ahead of the ",
	"mu\u212Aed", "\u212Aed", "wi\u212All", "\u017Faid", "wa\u017F", "ahead of \u017F", "would \u212A",
	"\u212Aaed", "ta\u017Fed", "café said", "said \xff", "\xe2\x80\x99ll", "won\u2019t",
}

func TestDateTenseTricky(t *testing.T) {
	for _, s := range dateTenseTricky {
		// Every substring: the ends of a clause fall anywhere.
		for i := 0; i <= len(s); i++ {
			for j := i; j <= len(s); j++ {
				checkDateTense(t, s[i:j])
			}
		}
	}
}

// TestDateTenseWords builds sentences from the words of the patterns
// themselves, so that no word of an alternation can be left out of a
// scanner unseen, in three cases and with words one letter short or long,
// between separators that are and are not \s or word bytes.
func TestDateTenseWords(t *testing.T) {
	var words []string
	tok := regexp.MustCompile(`[A-Za-z']+`)
	for _, re := range []*regexp.Regexp{dateFutureRe, dateWeakFutureRe, dateAheadRe, datePastAuxRe, datePastRe, dateWouldRe} {
		for _, w := range tok.FindAllString(re.String(), -1) {
			words = append(words, w, strings.ToUpper(w), strings.ToUpper(w[:1])+w[1:], w[:len(w)-1], w+"s", w+"ed")
		}
	}
	seps := []string{" ", " ", " ", "  ", "\t", "\n", "\v", "\f", "\r", ",", ".", "'", "_", "-", "", "1", "\u212A", "\u017F"}
	rng := rand.New(rand.NewPCG(3, 4))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for range n {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			if rng.IntN(4) == 0 {
				b.WriteString(seps[rng.IntN(len(seps))])
			}
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteString(seps[rng.IntN(len(seps))])
		}
		s := b.String()
		checkDateTense(t, s)
		checkDateTense(t, dateTenseASCII(s))
	}
}

// TestDateTenseBBC compares scanners and regexps on every line of the BBC
// corpus, and on clause-sized pieces either side of random places in
// each article, the pieces the tense checks are given.
func TestDateTenseBBC(t *testing.T) {
	texts := gazBBCTexts(t, 0)
	if testing.Short() {
		texts = texts[:min(len(texts), 100)]
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, text := range texts {
		for line := range strings.Lines(text) {
			checkDateTense(t, line)
			if a := dateTenseASCII(line); a != line {
				checkDateTense(t, a)
			}
		}
		// Pieces cut at any byte, so some begin or end inside a
		// character, as the regexps see them: invalid bytes.
		for range 12 {
			p, n := rng.IntN(len(text)+1), rng.IntN(121)
			checkDateTense(t, text[max(0, p-n):p])
			checkDateTense(t, text[p:min(len(text), p+n)])
		}
	}
}

func FuzzDateTense(f *testing.F) {
	for _, s := range dateTenseTricky {
		f.Add(s)
	}
	for _, s := range fuzzSnippets {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// A clause is some tens of bytes. The fuzzer minimizes each new
		// interesting input by trying every pair of cut points, each try
		// a run of all the regexps: uncut, a 30-second run spent all but
		// its first 800 inputs minimizing; cut at 128 bytes it ran
		// 38,000 in 15 seconds.
		s = s[:min(len(s), 128)]
		// s itself takes the regexp path when it holds U+212A or U+017F,
		// and the scanners' otherwise; its ASCII image takes the
		// scanners'.
		checkDateTense(t, s)
		if a := dateTenseASCII(s); a != s {
			checkDateTense(t, a)
		}
	})
}
