package extract

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// qTok is one token of the quantity scanner: a run of letters, a number
// written in digits, or a single other rune. Whitespace is not a token; sp
// records whether some came before the token, nl whether it held a newline.
type qTok struct {
	text       string
	lower      string
	start, end int
	kind       qKind
	sp, nl     bool
}

type qKind uint8

const (
	qWord qKind = iota
	qNum
	qPunct
)

// numDigitsRe recognises a number written in digits at the start of a
// string. Thousands are grouped by commas (or in the Indian way, "12,34,567",
// lakhs and crores), or by thin or no-break spaces as SI style writes them;
// scientific notation ("1.3e6") is read too; a plain space between groups,
// a decimal comma and caret powers are handled by the lexer because they
// need to look at both neighbours.
var numDigitsRe = regexp.MustCompile(`^(?:\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[\x{202f}\x{a0}\x{2009}]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][+-]?\d+\b)?|\.\d+)`)

// numLex splits text into scanner tokens with exact byte offsets,
// appended to toks[:0].
func numLex(toks []qTok, text string) []qTok {
	// News text has about one token per five bytes.
	toks = slices.Grow(toks[:0], len(text)/4+1)
	sp, nl := true, true
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			sp = true
			if r == '\n' {
				nl = true
			}
			i += size
			continue
		case unicode.IsDigit(r) && r < utf8.RuneSelf, r == '.' && i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9' && (i == 0 || !isASCIIDigit(text[i-1])):
			m := numDigitsRe.FindString(text[i:numReach(text, i)])
			end := i + len(m)
			end = numSpaceGroups(text, i, end)
			end = numDecimalComma(text, i, end)
			end = numExponent(text, end)
			toks = append(toks, qTok{text: text[i:end], lower: text[i:end], start: i, end: end, kind: qNum, sp: sp, nl: nl})
			i = end
		case unicode.IsLetter(r):
			j := i
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsLetter(r2) {
					break
				}
				j += s2
			}
			toks = append(toks, qTok{text: text[i:j], lower: strings.ToLower(text[i:j]), start: i, end: j, kind: qWord, sp: sp, nl: nl})
			i = j
		default:
			toks = append(toks, qTok{text: text[i : i+size], lower: text[i : i+size], start: i, end: i + size, kind: qPunct, sp: sp, nl: nl})
			i += size
		}
		sp, nl = false, false
	}
	return toks
}

// numReach returns where the input numDigitsRe needs at i ends: after the
// run of bytes and spaces a number can hold, and the character after it,
// which \b reads. The regexp engine clears state for every byte of its
// input, and the text runs to the end of the article.
func numReach(text string, i int) int {
	j := i
	for j < len(text) {
		switch c := text[j]; {
		case isASCIIDigit(c), c == ',', c == '.', c == 'e', c == 'E', c == '+', c == '-':
			j++
			continue
		case c >= utf8.RuneSelf: // the separators beyond ASCII: thin and no-break spaces
			if r, n := utf8.DecodeRuneInString(text[j:]); numIsSeparator(r) {
				j += n
				continue
			}
		}
		break
	}
	if j < len(text) {
		_, n := utf8.DecodeRuneInString(text[j:])
		j += n
	}
	return j
}

// numSpaceGroups extends a digit run over groups of exactly three digits
// separated by single spaces ("1 234 567"), but only when the run so far is
// a plain group of one to three digits and the groups end cleanly, so that
// "in 2021 300 people" or "5 100m" are left alone.
func numSpaceGroups(text string, start, end int) int {
	if end-start > 3 || strings.ContainsAny(text[start:end], ".,") {
		return end
	}
	j := end
	for j+4 <= len(text) && text[j] == ' ' && allDigits(text[j+1:j+4]) && (j+4 == len(text) || !isASCIIDigit(text[j+4]) && !isASCIILetter(text[j+4])) {
		j += 4
	}
	if j == end {
		return end
	}
	// A decimal part may only close the last group.
	if j+1 < len(text) && text[j] == '.' && isASCIIDigit(text[j+1]) {
		j++
		for j < len(text) && isASCIIDigit(text[j]) {
			j++
		}
	}
	return j
}

func isASCIIDigit(b byte) bool  { return b >= '0' && b <= '9' }
func isASCIILetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isASCIIDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// numDecimalComma extends a digit run over a decimal comma, as much of
// Europe writes it: "5,00", "1,3", "1.111,11" (dots then group thousands).
// A comma followed by exactly three digits stays a thousands separator
// ("1,000"), so the rule only fires when the digits after the comma are
// not three; a list ("1,2,3"), a year with a stray comma ("2019,20") or
// digits running into letters are left alone.
func numDecimalComma(text string, start, end int) int {
	if start > 0 && text[start-1] == ',' {
		return end
	}
	run := text[start:end]
	j := start
	switch {
	case allDigits(run) && !qYearLike(run):
		j = end
	default:
		// Dot-grouped thousands: one to three digits, then ".ddd" groups.
		n := digitsAt(text, j)
		if n < 1 || n > 3 {
			return end
		}
		j += n
		groups := 0
		for j < len(text) && text[j] == '.' && digitsAt(text, j+1) == 3 {
			j += 4
			groups++
		}
		if groups == 0 || j < end {
			return end
		}
	}
	if j >= len(text) || text[j] != ',' {
		return end
	}
	n := digitsAt(text, j+1)
	if n == 0 || n == 3 {
		return end
	}
	k := j + 1 + n
	if k < len(text) {
		c := text[k]
		if isASCIILetter(c) || (c == ',' || c == '.') && k+1 < len(text) && isASCIIDigit(text[k+1]) {
			return end
		}
	}
	return k
}

// numExponent extends a number over a power written with a caret: "10^6",
// "1.1^23", "2.5^-1", or scientific notation with a multiplication sign,
// "1.3x10^6", "6.23 × 10^-4". The exponent is whole, its signs combine
// ("^--23" is "^23"), and nothing may be glued after it.
func numExponent(text string, end int) int {
	j := end
	// "x10^": the mantissa times a power of ten.
	k := j
	if k < len(text) && text[k] == ' ' {
		k++
	}
	if m := numTimesSign(text[k:]); m > 0 {
		k += m
		if k < len(text) && text[k] == ' ' {
			k++
		}
		if strings.HasPrefix(text[k:], "10^") {
			j = k + 2
		}
	}
	if j >= len(text) || text[j] != '^' {
		return end
	}
	k = j + 1
	for k < len(text) && (text[k] == '+' || text[k] == '-') {
		k++
	}
	n := digitsAt(text, k)
	if n == 0 {
		return end
	}
	k += n
	if k < len(text) && (isASCIILetter(text[k]) || text[k] == '^' || text[k] == '.' && k+1 < len(text) && isASCIIDigit(text[k+1])) {
		return end
	}
	return k
}

// numTimesSign returns the length of a multiplication sign at the start of
// s ("x", "×", "*"), or 0.
func numTimesSign(s string) int {
	switch {
	case strings.HasPrefix(s, "×"):
		return len("×")
	case s != "" && (s[0] == 'x' || s[0] == 'X' || s[0] == '*'):
		return 1
	}
	return 0
}

// digitsAt counts the ASCII digits at text[i:].
func digitsAt(text string, i int) int {
	n := 0
	for i+n < len(text) && isASCIIDigit(text[i+n]) {
		n++
	}
	return n
}

// numParseDigits reads a number token, dropping its group separators. A
// token whose last comma is followed by other than three digits uses the
// decimal comma (numDecimalComma made it); one with a caret is a power.
func numParseDigits(s string) (float64, bool) {
	if p := strings.IndexByte(s, '^'); p >= 0 {
		return numParsePower(s[:p], s[p+1:])
	}
	comma := byte(0)
	if c := strings.LastIndexByte(s, ','); c >= 0 && allDigits(s[c+1:]) && len(s)-c-1 != 3 {
		comma = '.'
	}
	if comma == 0 && strings.IndexFunc(s, numIsSeparator) < 0 {
		v, err := strconv.ParseFloat(s, 64)
		return v, err == nil
	}
	var buf [40]byte
	b := buf[:0]
	for _, r := range s {
		switch {
		case r == ',' && comma != 0:
			b = append(b, comma)
		case r == '.' && comma != 0:
		case r == '.' || r >= '0' && r <= '9' || r == 'e' || r == 'E' || r == '+' || r == '-':
			b = append(b, byte(r))
		case numIsSeparator(r):
		default:
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(string(b), 64)
	return v, err == nil
}

func numIsSeparator(r rune) bool {
	return r == ',' || r == ' ' || r == '\u202f' || r == '\u00a0' || r == '\u2009'
}

// numParsePower reads "base^exp" as numExponent wrote it, where base may
// be "m x 10" for scientific notation.
func numParsePower(base, exp string) (float64, bool) {
	neg := false
	for exp != "" && (exp[0] == '+' || exp[0] == '-') {
		neg = neg != (exp[0] == '-')
		exp = exp[1:]
	}
	e, err := strconv.Atoi(exp)
	if err != nil {
		return 0, false
	}
	if neg {
		e = -e
	}
	var v float64
	if i := strings.IndexAny(base, "xX*×"); i >= 0 {
		m, ok := numParseDigits(strings.TrimRight(base[:i], " "))
		if !ok {
			return 0, false
		}
		v = m * math.Pow10(e)
	} else {
		b, ok := numParseDigits(base)
		if !ok {
			return 0, false
		}
		v = math.Pow(b, float64(e))
	}
	return v, !math.IsInf(v, 0) && !math.IsNaN(v)
}

// numUnits are the number words below twenty; numTens the multiples of ten.
var (
	numUnits = map[string]float64{
		"zero": 0, "nought": 0, "naught": 0, "one": 1, "two": 2, "three": 3, "four": 4,
		"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
		"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
		"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
	}
	numTens = map[string]float64{
		"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
		"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	}
	// numScales multiply what precedes them; hundred is kept apart because
	// it multiplies only the group below a thousand.
	numScales = map[string]float64{
		"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
		"lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
	}
	// numSuffixes are scale abbreviations glued to digits ("$20bn", "3.5m",
	// "10k"); lookups are case-insensitive except where a case carries
	// meaning ("MM" is a million in finance, "mm" a millimetre). A lone "t"
	// is left out: "a 40t truck" weighs tonnes.
	numSuffixes = map[string]float64{
		"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "MM": 1e6,
		"b": 1e9, "bn": 1e9, "bln": 1e9, "tn": 1e12, "tln": 1e12, "trn": 1e12,
	}
	// numSpacedSuffixes may also stand one space away from the digits;
	// "m", "b" and "t" may not, since "10 m" is ten metres. Capital "M"
	// and "G" may ("1,674,200.5 M"): metres and grams are lower case.
	numSpacedSuffixes = map[string]bool{"k": true, "bn": true, "mn": true, "mln": true, "bln": true, "tln": true, "trn": true, "tn": true}
	// numCaseSuffixes are scales only in the case given: "10G" is ten
	// giga, "10g" ten grams.
	numCaseSuffixes = map[string]float64{"G": 1e9}
	// numDenominators name fractions ("two thirds", "a quarter").
	numDenominators = map[string]float64{
		"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
		"fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
		"seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
		"tenth": 10, "tenths": 10,
	}
)

// numSuffix returns the scale of a glued abbreviation.
func numSuffix(s string) (float64, bool) {
	if v, ok := numSuffixes[s]; ok {
		return v, true
	}
	if v, ok := numCaseSuffixes[s]; ok {
		return v, true
	}
	if s == "mm" || s == "Mm" {
		return 0, false
	}
	v, ok := numSuffixes[strings.ToLower(s)]
	return v, ok
}

// numSpacedSuffix returns the scale of an abbreviation written one space
// after the digits ("10 k", "1,674.5 G").
func numSpacedSuffix(s string) (float64, bool) {
	if s == "M" || numCaseSuffixes[s] > 0 {
		return numSuffix(s)
	}
	if numSpacedSuffixes[strings.ToLower(s)] {
		return numSuffixes[strings.ToLower(s)], true
	}
	return 0, false
}
