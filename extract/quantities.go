package extract

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Quantities finds the figures of text: numbers in digits or words, ranges,
// bounded and approximate amounts, percentages and sums of money. ents are
// the article's entity mentions sorted by Start (nil is fine); a figure the
// sentence attributes to one of them ("TTP with 5,000 to 7,000", "IS-KP at
// about 3,000 fighters") gets its canonical name as Subject.
//
// Spans include qualifier words ("more than 300"), currency and percent
// signs ("$20bn", "15 per cent") but not the counted noun, which becomes
// Unit ("fighters"); a money amount's Unit is its currency as written ("$",
// "won"), a percentage's is "percent". Years and other parts of dates,
// times, ordinals, model names ("F-16"), phone numbers, list markers and
// digits inside identifiers are not quantities.
//
// Numbers may be written with separators ("1,000", "1,00,000"), a
// decimal comma where the digits after the comma are not three ("5,00",
// "1.111,11"), powers ("1.1^23", "1.3x10^6", "1.3e6"), scale suffixes
// ("10k", "$20bn", "10G", "1,674.5 G"), as ratios ("one in five", "1 over
// 3") or with a minus sign set apart where it cannot be a dash ("- 10 k"
// alone on a line).
//
// Vague amounts carry Vague and a conventional range. A plural with no
// figure names only a floor, so it is at_least twice its base with an open
// top: "dozens" at least 24, "hundreds" 200, "thousands" 2,000, "tens of
// thousands" 20,000, "hundreds of thousands" 200,000 ("thousands" may well
// be 50,000). "several" and "a few" before a scale word are approx, 3 to 9
// and 2 to 5 times it ("several hundred" is 300 to 900).
//
// Rule names the pattern: the number's form ("digits", "words", "suffix",
// "fraction", "vague") or, for ranges, the construction ("range:to",
// "range:dash", "range:between", "range:from"). A range made of two
// comparisons ("more than 100 and at most 300") is qualifier Range with
// Rule "compare:<low>,<high>", naming the qualifiers of its two ends, so
// that whether each end is included survives (here "compare:more_than,
// at_most" is the interval (100, 300]). "equal" marks an explicit equality
// ("equal to 20").
//
// The result is sorted by Start and never overlaps. Quantities is safe for
// concurrent use: its tables are built once and never mutated.
func Quantities(text string, ents []Entity) []Quantity {
	buf, _ := qTokPool.Get().(*[]qTok)
	if buf == nil {
		buf = new([]qTok)
	}
	s := &qScan{text: text, toks: numLex(*buf, text), tab: qTables()}
	defer func() {
		// Cleared, so that the pool does not keep the text alive.
		*buf = s.toks[:0]
		clear(s.toks)
		if cap(*buf) <= maxPooledToks {
			qTokPool.Put(buf)
		}
	}()
	s.bad = s.excluded()
	var out []Quantity
	for i := 0; i < len(s.toks); {
		q, next, ok := s.quantityAt(i)
		if !ok {
			i++
			continue
		}
		q.Text = text[q.Start:q.End]
		out = append(out, q)
		i = next
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Start < out[b].Start })
	if !sort.SliceIsSorted(ents, func(a, b int) bool { return ents[a].Start < ents[b].Start }) {
		ents = append([]Entity(nil), ents...)
		sort.SliceStable(ents, func(a, b int) bool { return ents[a].Start < ents[b].Start })
	}
	for n := range out {
		out[n].Subject = qSubject(text, out[n], ents)
		if n > 0 {
			out[n].Unit = qListUnit(text, out[n-1], out[n])
		}
	}
	return out
}

// qTokPool holds token slices for Quantities to reuse: a new slice for
// each article was 3.6% of the bytes allocated on 20,000 generated
// articles, and the most of any one function of extraction.
var qTokPool sync.Pool // of *[]qTok

// maxPooledToks bounds the slices pooled (56 bytes a token): an outsize
// article's slice is left to the collector.
const maxPooledToks = 1 << 15

// qListUnit lets a figure with no unit of its own take the counted noun of
// the figure before it when both are items of one list split by
// semicolons: "IS-KP at 3,000 fighters; TTP at 5,000 to 7,000" counts
// fighters twice. Only counted nouns carry over (a noun lies outside its
// figure's span, a currency or percent sign inside).
func qListUnit(text string, prev, q Quantity) string {
	if q.Unit != "" || prev.Unit == "" || prev.Unit == "percent" || strings.Contains(prev.Text, prev.Unit) {
		return q.Unit
	}
	gap := text[prev.End:q.Start]
	if !strings.Contains(gap, ";") || strings.ContainsAny(gap, "\n.!?") {
		return q.Unit
	}
	return prev.Unit
}

// qPhrase is one entry of the qualifier table: its words (or symbols) and
// the qualifier it sets.
type qPhrase struct {
	words []string
	qual  string
	equal bool
}

// qPhrases holds phrases by their first word, longest first within each
// word, so that a token is compared only with the phrases it can start.
type qPhrases map[string][]qPhrase

// qTab holds the tables Quantities needs, built once.
type qTab struct {
	prefixes  qPhrases
	postfixes qPhrases
	akaRe     *regexp.Regexp
	inRe      *regexp.Regexp
	countryRe *regexp.Regexp
	urlRe     *regexp.Regexp
	timeRe    *regexp.Regexp
	linkRe    *regexp.Regexp
}

var qTables = sync.OnceValue(func() *qTab {
	t := &qTab{
		akaRe:     regexp.MustCompile(`(?i)^,\s*(?:also\s+)?(?:known\s+as|called|aka|or)(?:\s+the)?$`),
		inRe:      regexp.MustCompile(`(?i)\b(?:in|inside|across|within|throughout)\s+(?:the\s+)?$`),
		countryRe: regexp.MustCompile(`(?i)\b(?:in|inside|across|within|throughout)\s+the\s+(?:country|nation)\b`),
		urlRe:     regexp.MustCompile(`(?i)(?:https?://|www\.)\S+|\S+@\S+\.\w+`),
		timeRe:    regexp.MustCompile(`(?i)^\s*(?:[ap]\.?m\b\.?|o['’]clock\b|gmt\b|utc\b|hrs\b|pst\b|est\b)`),
		// The words that may stand between an entity and the figure it is
		// credited with ("TTP with 5,000", "IS-KP at about 3,000", "the
		// group's 300"); anything else means the figure is not its own.
		linkRe: regexp.MustCompile(`(?i)^\)?\s*(?:['’]s\s*|,?\s*(?:at|with|has|have|had|numbering|numbers|counts|fields|fielding|totals|totalling|totaling|is|are|was|were|stands\s+at|stood\s+at|estimated\s+at|put\s+at|of\s+some|of)\s*:?\s*|\s*:\s*)$`),
	}
	t.prefixes, t.postfixes = qPhrases{}, qPhrases{}
	add := func(list qPhrases, qual string, equal bool, phrases ...string) {
		for _, p := range phrases {
			w := strings.Fields(p)
			list[w[0]] = append(list[w[0]], qPhrase{words: w, qual: qual, equal: equal})
		}
	}
	add(t.prefixes, Approx, false, "about", "around", "roughly", "approximately", "approx", "approx .", "nearly",
		"almost", "some", "an estimated", "estimated", "close to", "~", "circa", "just about", "roughly around")
	add(t.prefixes, MoreThan, false, "more than", "over", "above", "upwards of", "upward of", "greater than",
		"larger than", "bigger than", "higher than", "in excess of", "exceed", "exceeds", "exceeded",
		"exceeding", "surpass", "surpasses", "surpassed", "surpassing", "just over", "well over",
		"well above", "just above", ">")
	add(t.prefixes, AtLeast, false, "at least", "no less than", "no fewer than", "not less than",
		"not fewer than", "a minimum of", "greater than or equal to", "more than or equal to",
		"larger than or equal to", "bigger than or equal to", "higher than or equal to",
		"greater or equal than", "bigger or equal than", "larger or equal than", "higher or equal than",
		"more or equal than", "greater or equal to", "at least or equal to", "equal to or more than",
		"equal to or greater than", "equal to or higher than", "equal to or larger than", "> =", ">=", "≥")
	add(t.prefixes, LessThan, false, "less than", "fewer than", "under", "below", "smaller than",
		"lower than", "just under", "just below", "well under", "well below", "<")
	add(t.prefixes, AtMost, false, "up to", "at most", "as many as", "as much as", "no more than",
		"not more than", "a maximum of", "less than or equal to", "fewer than or equal to",
		"smaller than or equal to", "lower than or equal to", "less or equal than", "smaller or equal than",
		"lower or equal than", "fewer or equal than", "less or equal to", "at most or equal to",
		"equal to or less than", "equal to or fewer than", "equal to or lower than",
		"equal to or smaller than", "< =", "<=", "≤")
	add(t.prefixes, Exact, true, "equal to", "equals", "equals to", "equaling to", "equalling to",
		"equaling", "equalling", "exactly", "precisely")
	add(t.postfixes, AtLeast, false, "or more", "or greater", "or above", "or higher", "or over",
		"and more", "and above", "and over", "or larger", "or bigger", "or more than", "or greater than",
		"or higher than", "or larger than", "or bigger than", "and more than")
	add(t.postfixes, AtMost, false, "or less", "or fewer", "or below", "or lower", "or under",
		"and less", "and below", "or smaller", "or less than", "or fewer than", "or lower than",
		"or smaller than")
	add(t.postfixes, Approx, false, "or so", "or thereabouts")
	// "more than 5000 or equal to": the equality closes an open bound.
	add(t.postfixes, Exact, true, "or equal", "or equal to")
	for _, byWord := range []qPhrases{t.prefixes, t.postfixes} {
		for _, l := range byWord {
			sort.SliceStable(l, func(a, b int) bool { return len(l[a].words) > len(l[b].words) })
		}
	}
	return t
})

// qScan is the state of one Quantities call.
type qScan struct {
	text string
	toks []qTok
	bad  []bool // tokens that are not quantities (dates, times, IDs...)
	tab  *qTab
	// inRatio is set while the denominator of a ratio is read, so that
	// "1 over 2 over 3" does not nest.
	inRatio bool
}

// qAmount is one figure before qualification.
type qAmount struct {
	first, last int // tokens [first, last)
	lo, hi      float64
	vague       bool
	scale       float64 // scale word or suffix applied, 0 if none
	unit        string  // "percent" or the currency
	unitAfter   bool    // the unit followed the number, so a range's first end inherits it
	kind        string
	glued       string // a unit abbreviation glued to the digits ("29km")
}

func (s *qScan) word(i int) string {
	if i < 0 || i >= len(s.toks) {
		return ""
	}
	return s.toks[i].lower
}

func (s *qScan) isNum(i int) bool { return i >= 0 && i < len(s.toks) && s.toks[i].kind == qNum }

// adjacent reports whether token i follows token i-1 with no space.
func (s *qScan) adjacent(i int) bool { return i > 0 && i < len(s.toks) && !s.toks[i].sp }

// matchPhrase returns the longest phrase of list that starts at token i
// and the index after it.
func (s *qScan) matchPhrase(list qPhrases, i int) (qPhrase, int, bool) {
	if i < 0 || i >= len(s.toks) {
		return qPhrase{}, i, false
	}
	for _, p := range list[s.toks[i].lower] {
		j := i
		ok := true
		for _, w := range p.words {
			if j >= len(s.toks) || s.toks[j].lower != w || (j > i && s.toks[j].nl) {
				ok = false
				break
			}
			j++
		}
		if ok {
			return p, j, true
		}
	}
	return qPhrase{}, i, false
}

var qMonths = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// qGluedUnits are measurement abbreviations that may be written against
// the digits ("29km"); any other letters glued to digits make an
// identifier ("A320", "4x4", "5G").
var qGluedUnits = map[string]bool{
	"km": true, "kg": true, "cm": true, "mm": true, "ml": true, "ft": true, "lb": true, "lbs": true,
	"mph": true, "kph": true, "kmh": true, "mw": true, "gw": true, "kw": true, "kwh": true, "gwh": true,
	"mwh": true, "gb": true, "tb": true, "mb": true, "hz": true, "mhz": true, "ghz": true, "sq": true,
}

// qMayHaveURL reports whether text holds what every match of urlRe
// holds, "@", "://" or "www." in any case: the expression, which may
// start at any character, then need not run over the text at all.
func qMayHaveURL(text string) bool {
	if strings.Contains(text, "@") || strings.Contains(text, "://") {
		return true
	}
	for i := strings.IndexAny(text, "wW"); i >= 0 && i+4 <= len(text); {
		if strings.EqualFold(text[i:i+4], "www.") {
			return true
		}
		j := strings.IndexAny(text[i+1:], "wW")
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// excluded marks the number tokens that are parts of dates, times, phone
// numbers, addresses, identifiers or list markers.
func (s *qScan) excluded() []bool {
	toks := s.toks
	bad := make([]bool, len(toks))
	var urls [][]int
	if qMayHaveURL(s.text) {
		urls = s.tab.urlRe.FindAllStringIndex(s.text, -1)
	}
	for _, m := range urls {
		for i, t := range toks {
			if t.start < m[1] && m[0] < t.end {
				bad[i] = true
			}
		}
	}
	// Runs of numbers glued together by - / : . are dates ("2026-03-03",
	// "5/17/2018"), times ("10:30"), phone numbers and addresses.
	for i := 0; i < len(toks); {
		if toks[i].kind != qNum {
			i++
			continue
		}
		j, nums, seps := i+1, 1, ""
		for j+1 < len(toks) && toks[j].kind == qPunct && strings.Contains("-/:.", toks[j].text) &&
			!toks[j].sp && toks[j+1].kind == qNum && !toks[j+1].sp {
			seps += toks[j].text
			nums++
			j += 2
		}
		drop := strings.Contains(seps, ":") || strings.Contains(seps, ".") || nums >= 3
		if nums == 2 && seps == "/" && (strings.HasPrefix(toks[j-1].text, "0") || len(toks[j-1].text) == 4) {
			drop = true // "3/2021", "12/05"
		}
		if nums == 2 && seps == "-" {
			a, b := toks[i].text, toks[j-1].text
			if qYearLike(a) && (len(b) == 2 || qYearLike(b)) || strings.HasPrefix(b, "0") {
				drop = true // "2021-22", "1995-01", "2019-2021"
			}
		}
		if i > 0 && (toks[i-1].text == "+" || toks[i-1].text == "#") && !toks[i].sp {
			drop = true // "+1-222-2222", "#3"
		}
		if i > 0 && toks[i-1].text == ")" && nums == 2 && seps == "-" {
			drop = true // "(555) 123-4567"
		}
		if nums == 2 && (seps == "-" || seps == "/") && (j < len(toks) && qMonths[toks[j].lower] || i > 0 && qMonths[toks[i-1].lower]) &&
			len(toks[i].text) <= 2 && len(toks[j-1].text) <= 2 {
			drop = true // "5-6 March", "March 5-6"
		}
		if nums == 2 && seps == "-" {
			// A falling pair is a score or a vote ("3-2", "52-48"), not a range.
			a, _ := numParseDigits(toks[i].text)
			b, _ := numParseDigits(toks[j-1].text)
			if a >= b {
				drop = true
			}
		}
		if drop {
			for k := i; k < j; k++ {
				bad[k] = true
			}
		}
		i = j
	}
	for i, t := range toks {
		if t.kind != qNum {
			continue
		}
		// Glued on the left to a letter or digit, or to a word by a hyphen:
		// model names and identifiers ("F-16", "Su-35", "COVID-19", "A320").
		if i > 0 && !t.sp {
			p := toks[i-1]
			if p.kind == qWord || p.kind == qNum || p.text == "_" {
				bad[i] = true
			}
			// "5k-20k" is a range: the word before the hyphen is a suffix.
			if (p.text == "-" || p.text == "‑") && i > 1 && !p.sp && toks[i-2].kind == qWord &&
				!(i > 2 && toks[i-3].kind == qNum && !toks[i-2].sp) {
				bad[i] = true
			}
		}
		// Glued on the right to letters: ordinals ("21st") and identifiers.
		if i+1 < len(toks) && !toks[i+1].sp && toks[i+1].kind == qWord {
			w := toks[i+1].text
			if _, ok := numSuffix(w); !ok && !qGluedUnits[strings.ToLower(w)] || qGeneration(t.text, w) {
				bad[i] = true
			}
			if i+2 < len(toks) && !toks[i+2].sp && (toks[i+2].kind == qNum || toks[i+2].kind == qWord) {
				bad[i] = true // "10k2", "3m4"
			}
		}
		// A whole number after a capitalised word inside a sentence is part
		// of a name: "Boeing 737", "Section 230", "Article 5", "Route 66".
		if i > 1 && t.sp && allDigits(t.text) && qLabel(toks, i-1) &&
			!(i+1 < len(toks) && (toks[i+1].text == "%" || qPercentWords[toks[i+1].lower])) {
			bad[i] = true
		}
		// Reference marks ("[3]") and list markers at the start of a line.
		if i > 0 && toks[i-1].text == "[" && i+1 < len(toks) && toks[i+1].text == "]" {
			bad[i] = true
		}
		if (t.nl || i == 0) && i+2 < len(toks) && !toks[i+1].sp && (toks[i+1].text == "." || toks[i+1].text == ")") &&
			toks[i+2].sp {
			bad[i] = true
		}
		// Days of the month beside a month name ("Feb. 13", "17 April").
		if v, ok := numParseDigits(t.text); ok && v >= 1 && v <= 31 && v == math.Trunc(v) && len(t.text) <= 2 {
			prev := i - 1
			if prev >= 0 && toks[prev].text == "." {
				prev--
			}
			next := i + 1
			if next < len(toks) && (toks[next].text == "," || toks[next].lower == "of") {
				next++
			}
			if prev >= 0 && qMonths[toks[prev].lower] || next < len(toks) && qMonths[toks[next].lower] && toks[next].lower != "may" || next < len(toks) && toks[next].lower == "may" && toks[next].text == "May" {
				bad[i] = true
			}
		}
		if s.tab.timeRe.MatchString(qTimeWindow(s.text[t.end:])) {
			bad[i] = true
		}
	}
	return bad
}

// qTimeWindow returns the start of rest that timeRe can look at: its
// leading spaces and the next 16 bytes. A match ends at most 9 bytes
// after the spaces ("o’clock") and its \b reads one more, so the verdict
// is that on the whole of rest; the regexp engine clears state for every
// byte of its input, and rest runs to the end of the article.
func qTimeWindow(rest string) string {
	lead := len(rest) - len(strings.TrimLeft(rest, regexpSpaces))
	return rest[:min(len(rest), lead+16)]
}

// qYearLike reports whether a digit token reads as a year: four plain
// digits from 1700 to 2100.
func qYearLike(s string) bool {
	return len(s) == 4 && allDigits(s) && s >= "1700" && s <= "2100"
}

var qCurrencySymbols = map[string]bool{"$": true, "£": true, "€": true, "¥": true, "₹": true, "₩": true, "₽": true, "₺": true, "₦": true, "₪": true}

// qCurrencyWords are currencies written after the figure; their Unit is the
// word as written.
var qCurrencyWords = map[string]bool{
	"dollar": true, "dollars": true, "euro": true, "euros": true, "pound": true, "pounds": true,
	"yen": true, "yuan": true, "renminbi": true, "won": true, "rupee": true, "rupees": true,
	"ruble": true, "rubles": true, "rouble": true, "roubles": true, "franc": true, "francs": true,
	"peso": true, "pesos": true, "rand": true, "dinar": true, "dinars": true, "riyal": true, "riyals": true,
	"lira": true, "afghani": true, "afghanis": true, "taka": true, "baht": true, "ringgit": true,
	"shekel": true, "shekels": true, "dirham": true, "dirhams": true, "naira": true, "tenge": true,
	"som": true, "somoni": true, "reais": true, "krona": true, "kronor": true, "krone": true,
	"kroner": true, "zloty": true, "forint": true, "hryvnia": true, "hryvnias": true,
	"usd": true, "eur": true, "gbp": true, "jpy": true, "cny": true, "krw": true, "inr": true, "rub": true,
	"sek": true, "chf": true, "pkr": true, "aud": true, "cad": true, "hkd": true, "sgd": true,
}

// qPercentWords end a percentage; "per cent" is two tokens.
var qPercentWords = map[string]bool{"percent": true, "percents": true, "percentage": true, "pct": true}

// amountAt parses one figure starting at token i;
// qualified says a qualifier precedes it, which lets a lone "one" or
// "half" count; bounded says that qualifier is a comparison ("more than
// 2000"), after which four digits are a count rather than a year.
func (s *qScan) amountAt(i int, qualified, bounded bool) (qAmount, bool) {
	toks := s.toks
	a := qAmount{first: i}
	j := i
	neg, spacedSign := false, false
	switch {
	case s.word(j) == "minus" || s.word(j) == "negative":
		neg = true
		j++
	case j < len(toks) && (toks[j].text == "-" || toks[j].text == "−") && s.isNum(j+1) && s.adjacent(j+1) &&
		(j == 0 || toks[j].sp || toks[j-1].kind == qPunct && toks[j-1].text != "-" && toks[j-1].text != "/"):
		neg = true
		j++
	case s.spacedSign(j):
		neg, spacedSign = true, true
		j++
	}
	// A currency before the figure: "$", "US$", "Rs", "£".
	currency := ""
	if j < len(toks) && qCurrencySymbols[toks[j].text] {
		currency = toks[j].text
		j++
	} else if j+1 < len(toks) && toks[j].kind == qWord && len(toks[j].text) <= 3 && strings.ToUpper(toks[j].text) == toks[j].text &&
		qCurrencySymbols[toks[j+1].text] && s.adjacent(j+1) {
		currency = toks[j].text + toks[j+1].text // "US$", "A$", "HK$"
		j += 2
	} else if toks := s.toks; j+1 < len(toks) && toks[j].text == "Rs" {
		// "Rs 500", "Rs. 500"
		k := j + 1
		if toks[k].text == "." && s.adjacent(k) {
			k++
		}
		if s.isNum(k) {
			currency, j = "Rs", k
		}
	}
	if currency != "" && j < len(toks) && (toks[j].text == "-" || toks[j].text == "−") && s.isNum(j+1) {
		neg = !neg
		j++
	}
	end, ok := s.core(j, qualified, currency != "", &a)
	if !ok {
		return a, false
	}
	j = end
	if currency != "" {
		a.unit = currency
	} else {
		// A percent sign or word, or a currency word, after the figure.
		switch {
		case j < len(toks) && toks[j].text == "%":
			a.unit, a.unitAfter = "percent", true
			j++
		case qPercentWords[s.word(j)]:
			a.unit, a.unitAfter = "percent", true
			j++
			if s.word(j) == "points" || s.word(j) == "point" {
				a.unit = "percentage points"
				j++
			}
		case s.word(j) == "per" && s.word(j+1) == "cent":
			a.unit, a.unitAfter = "percent", true
			j += 2
		case j < len(toks) && toks[j].kind == qWord && qCurrencyWords[toks[j].lower]:
			// ISO codes only in capitals, so "try" or "real" in prose stay words.
			if len(toks[j].text) == 3 && strings.ToUpper(toks[j].text) != toks[j].text && !qCurrencyNames[toks[j].lower] {
				break
			}
			a.unit, a.unitAfter = toks[j].text, true
			j++
		}
	}
	if !bounded && a.kind == "digits" && a.scale == 0 && a.unit == "" && a.glued == "" && s.isNum(end-1) && qYearLike(toks[end-1].text) {
		return a, false // a year
	}
	// A line opening "- 10" is a list item unless the figure is all
	// the line holds.
	if spacedSign && (i == 0 || toks[i].nl) && j < len(toks) && !toks[j].nl {
		return a, false
	}
	if neg {
		if a.vague {
			return a, false
		}
		a.lo, a.hi = -a.hi, -a.lo
	}
	a.last = j
	return a, true
}

// spacedSign reports whether token j is a minus sign written apart from
// its number ("- 10 k", "= - 3"). A dash between words or figures is
// not one, so the sign must open a line or follow an opening bracket or
// an equals sign.
func (s *qScan) spacedSign(j int) bool {
	toks := s.toks
	if j+1 >= len(toks) || toks[j].text != "-" && toks[j].text != "−" || toks[j+1].kind != qNum || !toks[j+1].sp || toks[j+1].nl {
		return false
	}
	if j == 0 || toks[j].nl {
		return true
	}
	p := toks[j-1].text
	return p == "(" || p == "[" || p == "="
}

// qCurrencyNames are the currency words that are not ISO codes, though
// three letters long.
var qCurrencyNames = map[string]bool{"won": true, "yen": true, "som": true}

// core parses the number itself at token j (digits, words, vague words,
// fractions) into a, returning the index after it.
func (s *qScan) core(j int, qualified, money bool, a *qAmount) (int, bool) {
	toks := s.toks
	if j >= len(toks) {
		return j, false
	}
	t := toks[j]
	if t.kind == qNum {
		if s.bad[j] {
			return j, false
		}
		v, ok := numParseDigits(t.text)
		if !ok {
			return j, false
		}
		a.kind = "digits"
		k := j + 1
		// A fraction in digits: "1/2", "3/4".
		if k+1 < len(toks) && toks[k].text == "/" && s.adjacent(k) && s.isNum(k+1) && s.adjacent(k+1) && !s.bad[k+1] {
			d, ok := numParseDigits(toks[k+1].text)
			if ok && d != 0 && v == math.Trunc(v) && d == math.Trunc(d) {
				a.lo, a.hi, a.kind = v/d, v/d, "fraction"
				return k + 2, true
			}
		}
		// A whole number and a fraction: "2 1/4".
		if v == math.Trunc(v) && k+2 < len(toks) && s.isNum(k) && toks[k].sp && !s.bad[k] && toks[k+1].text == "/" &&
			s.adjacent(k+1) && s.isNum(k+2) && s.adjacent(k+2) && !s.bad[k+2] {
			n, ok1 := numParseDigits(toks[k].text)
			d, ok2 := numParseDigits(toks[k+2].text)
			if ok1 && ok2 && d != 0 && n < d && n == math.Trunc(n) {
				a.lo, a.hi, a.kind = v+n/d, v+n/d, "fraction"
				return k + 3, true
			}
		}
		if k < len(toks) && toks[k].kind == qWord && !toks[k].sp {
			if toks[k].text == "m" && !money && !s.countNounAt(k+1) {
				// "the 800m", "cleared 4.88m": metres. A sum ("£600m") or a
				// count ("3.5m people") is millions.
				a.glued = "m"
			} else if sc, ok := numSuffix(toks[k].text); ok {
				v *= sc
				a.scale = sc
				a.kind = "suffix"
				k++
			} else if qGluedUnits[toks[k].lower] {
				a.glued = toks[k].text
			}
		} else if sc, ok := s.spacedSuffix(j, k); ok {
			v *= sc
			a.scale = sc
			a.kind = "suffix"
			k++
		}
		if a.scale == 0 && a.glued == "" && !money {
			// "1 over 3", "2000 over 3", "1 in twenty-one".
			if end, r, ok := s.ratio(j, k, v); ok {
				a.lo, a.hi, a.kind = r, r, "fraction"
				return end, true
			}
		}
		if a.scale == 0 && a.glued == "" {
			// Digits followed by number words: "1.2 million", "3 hundred and 21".
			if w, end, sc, _, ok := s.words(k, v, true, false); ok {
				a.lo, a.hi, a.scale = w, w, sc
				return end, true
			}
		}
		a.lo, a.hi = v, v
		return k, true
	}
	if t.kind != qWord {
		return j, false
	}
	if lo, hi, end, ok := s.vague(j); ok {
		a.lo, a.hi, a.vague, a.kind = lo, hi, true, "vague"
		return end, true
	}
	// Fractions standing alone are too often something else ("half the
	// city", "a third country") unless a qualifier makes them a figure:
	// "more than half", "below a half"; "half a million" always is one.
	if t.lower == "half" || t.lower == "a" && numDenominators[s.word(j+1)] > 0 && numDenominators[s.word(j+1)] <= 4 {
		d, k := 2.0, j+1
		if t.lower == "a" {
			d, k = numDenominators[s.word(j+1)], j+2
		}
		if t.lower == "half" && s.word(k) == "a" {
			if sc := numScales[s.word(k+1)]; sc > 0 || s.word(k+1) == "dozen" {
				if sc == 0 {
					sc = 12
				}
				a.lo, a.hi, a.kind, a.scale = sc/2, sc/2, "fraction", sc
				return k + 2, true
			}
		}
		if qualified && (t.lower == "a" || s.word(k) != "a") {
			a.lo, a.hi, a.kind = 1/d, 1/d, "fraction"
			return k, true
		}
		return j, false
	}
	v, end, sc, isFrac, ok := s.words(j, 0, false, true)
	if ok && isFrac && !qualified && s.word(end) != "of" {
		// "three quarters of the vote" is a share, "the preceding three
		// quarters" a span of time: without "of" or a qualifier, read the
		// count and leave the noun to the unit.
		v, end, sc, isFrac, ok = s.words(j, 0, false, false)
	}
	if !ok {
		return j, false
	}
	if !isFrac && !money {
		if end, r, ok := s.ratio(j, end, v); ok {
			a.lo, a.hi, a.kind = r, r, "fraction"
			return end, true
		}
	}
	a.kind, a.scale = "words", sc
	// A lone "one" is mostly a pronoun ("one of them", "the one who"); it
	// counts only after a qualifier.
	if end == j+1 && t.lower == "one" && !qualified {
		return j, false
	}
	if isFrac {
		a.kind = "fraction"
	}
	a.lo, a.hi = v, v
	return end, true
}

// ratio reads "over" or "in" and a denominator after the whole number num
// that starts at token first and ends before token k: "1 over 3", "one
// over 20", "1 in twenty-one", "2 in 5 or more". News uses both words
// for other things ("40 over three days", "killed 3 in 2 attacks", "in
// 2019 over 30 died"), so a ratio is read only when
//
//   - the numerator is not a year after a word, nor the denominator a
//     year, and the denominator is a plain whole number, no fraction or
//     vague amount;
//   - after "over", the denominator has no scale word ("over 3 million"
//     is a bound) and nothing but punctuation or the end of the line
//     follows it;
//   - after "in", the numerator is smaller than the denominator, and what
//     follows is punctuation, the end of the line, "of", a postfix ("or
//     more"), or, when the numerator is one, a plural noun that is not a
//     time or a measure ("1 in 5 people").
func (s *qScan) ratio(first, k int, num float64) (int, float64, bool) {
	toks := s.toks
	if s.inRatio || k+1 >= len(toks) || num != math.Trunc(num) || num < 0 {
		return 0, 0, false
	}
	w := s.word(k)
	if w != "over" && w != "in" || !toks[k].sp || toks[k].nl || toks[k+1].nl {
		return 0, 0, false
	}
	if toks[first].kind == qNum && qYearLike(toks[first].text) && first > 0 && toks[first-1].kind == qWord ||
		toks[k+1].kind == qNum && qYearLike(toks[k+1].text) {
		return 0, 0, false
	}
	s.inRatio = true
	var d qAmount
	end, ok := s.core(k+1, true, false, &d)
	s.inRatio = false
	if !ok || d.kind != "digits" && d.kind != "words" || d.glued != "" || d.lo != d.hi || d.lo <= 0 || d.lo != math.Trunc(d.lo) {
		return 0, 0, false
	}
	closes := end >= len(toks) || toks[end].nl || toks[end].kind == qPunct && strings.Contains(".,;:!?)", toks[end].text)
	if w == "in" {
		if num < 1 || num >= d.lo {
			return 0, 0, false
		}
		if !closes && s.word(end) != "of" {
			_, _, post := s.matchPhrase(s.tab.postfixes, end)
			if !post && !(num == 1 && s.ratioNoun(end)) {
				return 0, 0, false
			}
		}
	} else if !closes || d.scale >= 1e3 {
		// "20 over 3 million" is more than three million.
		return 0, 0, false
	}
	return end, num / d.lo, true
}

// ratioNoun reports whether token k is a plural noun that a ratio may
// count ("1 in 5 people"), not a span of time or a measure.
func (s *qScan) ratioNoun(k int) bool {
	if k >= len(s.toks) || s.toks[k].kind != qWord || !s.toks[k].sp {
		return false
	}
	w := s.toks[k].lower
	return qPlural(w) && !qTimeUnits[w] && !qMeasures[w]
}

// spacedSuffix reports the scale of an abbreviation at token k standing
// apart from the number at token j ("10 k", "1,674.5 G"). It must be a
// word of its own on the same line: "5 G-force" or "10 M's" are not.
func (s *qScan) spacedSuffix(j, k int) (float64, bool) {
	toks := s.toks
	if k >= len(toks) || toks[k].kind != qWord || toks[k].nl {
		return 0, false
	}
	sc, ok := numSpacedSuffix(toks[k].text)
	if !ok || qGeneration(toks[j].text, toks[k].text) {
		return 0, false
	}
	if n := k + 1; n < len(toks) && !toks[n].sp && toks[n].kind == qPunct &&
		(strings.Contains("-‑'’&/", toks[n].text) || toks[n].text == "." && n+1 < len(toks) && !toks[n+1].sp && toks[n+1].kind == qWord) {
		return 0, false
	}
	return sc, true
}

// qGeneration reports whether a number below ten before "G" names a
// generation of mobile network ("5G", "2.5G") or a g-force ("9 G")
// rather than a count of billions.
func qGeneration(num, suffix string) bool {
	if suffix != "G" {
		return false
	}
	v, ok := numParseDigits(num)
	return ok && v < 10
}

// qPluralScales are the scale words whose plural alone is a vague amount.
var qPluralScales = map[string]float64{"hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9, "trillions": 1e12}

// vague reads amounts given only by a plural scale word: "dozens",
// "hundreds", "tens of thousands", "several hundred", "a few thousand".
func (s *qScan) vague(j int) (lo, hi float64, end int, ok bool) {
	w := s.word(j)
	plural := qPluralScales
	if w == "dozens" {
		return 24, math.Inf(1), j + 1, true
	}
	if w == "tens" || w == "hundreds" {
		if s.word(j+1) == "of" {
			if b, ok := plural[s.word(j+2)]; ok && b >= 1e3 {
				m := 10.0
				if w == "hundreds" {
					m = 100
				}
				return 2 * m * b, math.Inf(1), j + 3, true
			}
		}
	}
	if b, ok := plural[w]; ok {
		return 2 * b, math.Inf(1), j + 1, true
	}
	few := 0
	switch {
	case w == "several":
		few = 1
	case w == "a" && s.word(j+1) == "few":
		few = 2
	}
	if few > 0 {
		k := j + few
		b, ok := numScales[s.word(k)]
		if s.word(k) == "hundred" {
			b, ok = 100, true
		}
		if s.word(k) == "dozen" {
			b, ok = 12, true
		}
		if ok {
			if few == 1 {
				return 3 * b, 9 * b, k + 1, true
			}
			return 2 * b, 5 * b, k + 1, true
		}
	}
	return 0, 0, j, false
}

// words parses a number in words from token j. With digits, start holds
// the value already read in digits and only scale words may follow
// ("1.2 million", "3 hundred and 21"). fracOK lets a count take a
// denominator ("two thirds"). It returns the value, the index after the
// number, the largest scale used and whether the number was a fraction.
func (s *qScan) words(j int, start float64, digits, fracOK bool) (val float64, end int, maxScale float64, isFrac bool, ok bool) {
	toks := s.toks
	var total, cur, lastScale float64
	const (
		none = iota
		unit
		tens
		hund
		scale
		frac
	)
	last := none
	parts := 0
	k := j
	if digits {
		cur, last, parts = start, unit, 1
	}
	// "a hundred", "a dozen", "half a million", "a half" (after qualifier).
	article := false
	if !digits && s.word(k) == "a" {
		n := s.word(k + 1)
		if n == "hundred" || n == "dozen" || numScales[n] > 0 {
			article = true
			cur, last, parts = 1, unit, 1
			k++
		}
	}
	for k < len(toks) {
		t := toks[k]
		if k > j && t.nl {
			break
		}
		w := t.lower
		switch {
		case t.kind == qWord && numUnits[w] > 0 || w == "zero" || w == "nought" || w == "naught":
			v := numUnits[w]
			if last == tens && cur >= 20 && math.Mod(cur, 100) != 0 && math.Mod(cur, 10) == 0 && v < 10 && v > 0 {
				cur += v
			} else if last == none || last == hund || last == scale {
				cur += v
			} else {
				goto done
			}
			last = unit
		case t.kind == qWord && numTens[w] > 0:
			if last == none || last == hund || last == scale {
				cur += numTens[w]
				last = tens
			} else {
				goto done
			}
		case t.kind == qNum && digits && (last == hund || last == scale) && !s.bad[k] && !strings.ContainsAny(t.text, ".,"):
			v, _ := numParseDigits(t.text)
			if v >= 100 || last == scale && v >= lastScale {
				goto done
			}
			cur += v
			last = unit
		case w == "-" || w == "–":
			// "twenty-five", "fifty - two": only tens then a unit word.
			if last == tens && k+1 < len(toks) && numUnits[s.word(k+1)] > 0 && numUnits[s.word(k+1)] < 10 && !toks[k+1].nl {
				k++
				cur += numUnits[s.word(k)]
				last = unit
			} else if fracOK && last == unit && cur >= 1 && cur < 10 && numDenominators[s.word(k+1)] > 0 && !toks[k+1].sp && !t.sp {
				k++
				cur /= numDenominators[s.word(k)]
				last, isFrac = frac, true
			} else {
				goto done
			}
		case w == "hundred" || w == "hundreds" && parts > 0:
			if last == none && !article || last == hund || last == frac || last == scale && cur == 0 || cur >= 100 && !digits {
				goto done
			}
			cur *= 100
			last = hund
			maxScale = math.Max(maxScale, 100)
		case numScales[w] > 0:
			sc := numScales[w]
			if last == none || lastScale > 0 && sc >= lastScale {
				goto done
			}
			total += cur * sc
			cur = 0
			lastScale = sc
			maxScale = math.Max(maxScale, sc)
			last = scale
		case w == "dozen" || w == "dozens" || w == "dz" || w == "dzs" || w == "doz" || w == "dozs":
			if last == none || last == scale {
				goto done
			}
			cur *= 12
			last = scale
			lastScale = 12
			maxScale = math.Max(maxScale, 12)
		case w == "and":
			// "one hundred and six", "three million and a half", "one and a half".
			n := s.word(k + 1)
			if n == "a" || n == "one" {
				if d := numDenominators[s.word(k+2)]; d == 2 || d == 4 {
					f := 1 / d
					if last == scale && lastScale > 12 {
						total += f * lastScale
						cur = 0
					} else {
						cur += f
					}
					k += 3
					last = frac
					continue
				}
			}
			if n == "three" && s.word(k+2) == "quarters" {
				if last == scale && lastScale > 12 {
					total += 0.75 * lastScale
				} else {
					cur += 0.75
				}
				k += 3
				last = frac
				continue
			}
			if (last == hund || last == scale) && k+1 < len(toks) &&
				(numUnits[n] > 0 || numTens[n] > 0 || digits && toks[k+1].kind == qNum && !s.bad[k+1]) {
				k++
				continue
			}
			goto done
		case fracOK && t.kind == qWord && numDenominators[w] > 0 && last == unit && total == 0 && cur >= 1 && cur < 10 && !digits:
			cur /= numDenominators[w]
			last = frac
			isFrac = true
		default:
			goto done
		}
		parts++
		k++
		if last == frac {
			// After a fraction only a scale may follow ("two and a half million").
			if sc := numScales[s.word(k)]; sc > 0 && total == 0 {
				total, cur, maxScale = cur*sc, 0, math.Max(maxScale, sc)
				k++
			}
			break
		}
	}
done:
	// A trailing "and" was not part of the number.
	for k > j && s.word(k-1) == "and" {
		k--
	}
	if digits && maxScale == 0 || !digits && (parts == 0 || article && parts == 1) {
		return 0, j, 0, false, false
	}
	return total + cur, k, maxScale, isFrac, true
}

// qSingle is one figure with its qualifier, before ranges and compounds.
type qSingle struct {
	start, end int // tokens [start, end)
	qual       string
	equal      bool   // stated as an equality ("equal to 20")
	prefix     string // the qualifier phrase, lower case
	postfix    bool
	a          qAmount
}

// single reads [qualifier] figure [postfix] at token i.
func (s *qScan) single(i int, postfix bool) (qSingle, bool) {
	toks := s.toks
	r := qSingle{start: i, qual: Exact}
	j := i
	if p, k, ok := s.matchPhrase(s.tab.prefixes, i); ok {
		sym := p.words[0] == "<" || p.words[0] == ">" || p.words[0] == "~"
		// "<>30", "=>30": not comparisons this reader knows.
		if !(sym && i > 0 && !toks[i].sp && strings.Contains("<>=", toks[i-1].text) && toks[i-1].text != "") {
			r.qual, r.equal, r.prefix, j = p.qual, p.equal, strings.Join(p.words, " "), k
		}
	}
	// "over 2021" and "under 2021 rules" are about the year; "more than
	// 2000" is a count.
	bounded := qBound(r.qual) != 0 && !strings.Contains(" over under above below ", " "+r.prefix+" ")
	a, ok := s.amountAt(j, j > i, bounded)
	if !ok {
		return r, false
	}
	if a.vague && r.qual == Exact {
		r.qual = Approx
		if math.IsInf(a.hi, 1) {
			r.qual = AtLeast
		}
	}
	r.a, r.end = a, a.last
	if postfix && !a.vague {
		s.postfix(&r)
	}
	return r, true
}

// postfix applies "or more", "or less", "or equal to" after a figure.
func (s *qScan) postfix(r *qSingle) {
	p, k, ok := s.matchPhrase(s.tab.postfixes, r.end)
	if !ok {
		return
	}
	// "200 or greater than 190": the comparison is the next figure's.
	if _, ok := s.amountAt(k, true, true); ok {
		return
	}
	switch {
	case p.equal:
		switch r.qual {
		case MoreThan:
			r.qual = AtLeast
		case LessThan:
			r.qual = AtMost
		default:
			return
		}
	case p.qual == Approx:
		if r.qual != Exact && r.qual != Approx {
			return
		}
		r.qual = Approx
	case r.qual == Exact || r.qual == Approx:
		if r.qual == Approx {
			// "about five hundred or more": the bound says it all.
			r.start = r.a.first
			r.prefix = ""
		}
		r.qual, r.equal = p.qual, false
	default:
		return
	}
	r.end, r.postfix = k, true
}

func qBound(q string) int {
	switch q {
	case MoreThan, AtLeast:
		return 1
	case LessThan, AtMost:
		return -1
	}
	return 0
}

// quantityAt reads the quantity starting at token i, if any, and returns it
// with the index of the token after it.
func (s *qScan) quantityAt(i int) (Quantity, int, bool) {
	toks := s.toks
	// "between X and Y", "from X to Y".
	if w := s.word(i); w == "between" || w == "from" {
		if a, ok := s.amountAt(i+1, false, false); ok && !a.vague {
			k := a.last
			c := s.word(k)
			if w == "between" && c == "and" || w == "from" && (c == "to" || c == "-" || c == "–" || c == "through") {
				if b, ok := s.amountAt(k+1, false, false); ok && !b.vague {
					if q, ok := qRange(a, b); ok {
						q.Start, q.End, q.Rule = toks[i].start, toks[b.last-1].end, "range:"+w
						q.Unit = s.unit(q, b)
						return q, b.last, true
					}
				}
			}
		}
	}
	if q, next, ok := s.percentOf(i); ok {
		return q, next, true
	}
	r, ok := s.single(i, false)
	if !ok {
		return Quantity{}, 0, false
	}
	// "5,000 to 7,000", "5,000-7,000", "10% to 15%", "roughly 20,000 to 23,000".
	if (r.qual == Exact && !r.equal || r.qual == Approx) && !r.a.vague {
		k := r.end
		c := s.word(k)
		dash := c == "-" || c == "–" || c == "~" || c == "‒"
		if (c == "to" || c == "through" || c == "thru" || dash) && k+1 < len(toks) && !toks[k+1].nl {
			if b, ok := s.amountAt(k+1, false, false); ok && !b.vague && (!dash || toks[k].sp == toks[k+1].sp) {
				if q, ok := qRange(r.a, b); ok {
					q.Start, q.End = toks[r.start].start, toks[b.last-1].end
					q.Rule = "range:to"
					if dash {
						q.Rule = "range:dash"
					}
					q.Unit = s.unit(q, b)
					return q, b.last, true
				}
			}
		}
	}
	s.postfix(&r)
	// "more than 100 and less than 300", "at most 100 and at least 20".
	if d := qBound(r.qual); d != 0 && !r.a.vague {
		k := r.end
		// A comma joins only a lower bound to an upper one ("higher than
		// 100, lower than 300"); "as many as 50, upwards of 9" is a list.
		if k < len(toks) && toks[k].text == "," && d > 0 {
			k++
		}
		if w := s.word(k); w == "and" || w == "but" {
			k++
		}
		if k > r.end {
			if r2, ok := s.single(k, true); ok && qBound(r2.qual) == -d && !r2.a.vague && r2.a.unit == r.a.unit {
				lo, hi := r, r2
				if d < 0 {
					lo, hi = r2, r
				}
				if lo.a.lo < hi.a.hi {
					q := Quantity{Start: toks[r.start].start, End: toks[r2.end-1].end, Qualifier: Range,
						Low: qf(lo.a.lo), High: qf(hi.a.hi), Unit: r.a.unit, Rule: "compare:" + lo.qual + "," + hi.qual}
					q.Unit = s.unit(q, r2.a)
					return q, r2.end, true
				}
			}
		}
	}
	a := r.a
	q := Quantity{Start: toks[r.start].start, End: toks[r.end-1].end, Qualifier: r.qual, Unit: a.unit, Vague: a.vague, Rule: a.kind}
	if r.equal {
		q.Rule = "equal"
	}
	switch {
	case a.vague && math.IsInf(a.hi, 1):
		q.Low = qf(a.lo)
	case qBound(r.qual) == 1:
		q.Low = qf(a.lo)
	case qBound(r.qual) == -1:
		q.High = qf(a.hi)
	default:
		q.Low, q.High = qf(a.lo), qf(a.hi)
	}
	q.Unit = s.unit(q, a)
	// "over five years" is a span of time, not more than five years.
	if r.prefix == "over" && qTimeUnits[strings.ToLower(q.Unit)] && s.word(qTokAfter(toks, q.End)+1) != "old" {
		q.Start, q.Qualifier = toks[a.first].start, Exact
		q.Low, q.High = qf(a.lo), qf(a.hi)
	}
	return q, r.end, true
}

func qf(v float64) *float64 { return &v }

// qRange joins two figures into a range, carrying a scale or unit written
// once to both ends ("5 to 7 million", "10 to 15 percent", "$5-7bn").
func qRange(a, b qAmount) (Quantity, bool) {
	lo, hi := a.lo, b.hi
	if a.scale == 0 && b.scale > 0 && (a.kind == "digits" || a.kind == "words") && lo*b.scale <= hi {
		lo *= b.scale
	}
	ua, ub := a.unit, b.unit
	switch {
	case ua == "" && ub != "":
		if !b.unitAfter {
			return Quantity{}, false // "5 to $7": not one range
		}
		ua = ub
	case ua != "" && ub == "":
		ub = ua
	}
	if ua != ub || !(lo < hi) {
		return Quantity{}, false
	}
	return Quantity{Low: qf(lo), High: qf(hi), Qualifier: Range, Unit: ua}, true
}

// qTimeUnits are the units of a span of time.
var qTimeUnits = map[string]bool{
	"years": true, "year": true, "months": true, "month": true, "weeks": true, "week": true,
	"days": true, "day": true, "hours": true, "hour": true, "decades": true, "decade": true,
	"minutes": true, "centuries": true, "seconds": true,
}

// countNounAt reports whether token k is a plural noun written in lower
// case, as a count's noun is ("3.5m people").
func (s *qScan) countNounAt(k int) bool {
	if k >= len(s.toks) || !s.toks[k].sp || s.toks[k].kind != qWord || s.toks[k].lower != s.toks[k].text {
		return false
	}
	return qPlural(s.toks[k].lower)
}

// qPlural reports whether a lower-case word looks like a plural noun.
func qPlural(w string) bool {
	if qIrregular[w] {
		return true
	}
	return len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") && !strings.HasSuffix(w, "ous") && !qStopWords[w]
}

// qStopWords end the search for a counted noun.
var qStopWords = map[string]bool{
	"of": true, "to": true, "in": true, "on": true, "at": true, "and": true, "or": true, "for": true,
	"with": true, "from": true, "by": true, "the": true, "a": true, "an": true, "who": true, "which": true,
	"that": true, "is": true, "are": true, "was": true, "were": true, "has": true, "have": true, "had": true,
	"be": true, "been": true, "will": true, "would": true, "this": true, "these": true, "those": true,
	"its": true, "his": true, "her": true, "their": true, "as": true, "than": true, "per": true, "into": true,
	"says": true, "said": true, "does": true, "did": true, "while": true, "whereas": true, "plus": true,
	"thus": true, "yes": true, "this's": true, "across": true, "less": true, "more": true, "us": true,
	"whose": true, "whom": true, "it": true, "they": true, "we": true, "he": true, "she": true,
}

// qIrregular are plural nouns that do not end in s.
var qIrregular = map[string]bool{
	"people": true, "men": true, "women": true, "children": true, "police": true, "personnel": true,
	"staff": true, "cattle": true, "sheep": true, "livestock": true, "feet": true, "teeth": true,
	"militia": true, "civilians": true, "troops": true, "crew": true, "pence": true, "aircraft": true,
	"spacecraft": true, "fish": true, "deer": true, "offspring": true, "data": true,
	// Adjectives that stand for people after a figure ("dozens dead").
	"dead": true, "wounded": true, "injured": true, "missing": true, "killed": true,
	"displaced": true, "homeless": true, "detained": true, "arrested": true,
}

// qMeasures are units worth keeping even in the singular ("1 km").
var qMeasures = map[string]bool{
	"km": true, "kg": true, "cm": true, "mm": true, "ml": true, "ft": true, "mph": true, "kph": true,
	"tonne": true, "tonnes": true, "ton": true, "tons": true, "metre": true, "metres": true, "meter": true,
	"meters": true, "mile": true, "miles": true, "kilometre": true, "kilometres": true, "kilometer": true,
	"kilometers": true, "kilogram": true, "kilograms": true, "barrel": true, "barrels": true,
	"hectare": true, "hectares": true, "acre": true, "acres": true, "litre": true, "litres": true,
	"degree": true, "degrees": true, "mw": true, "gw": true, "kw": true, "kwh": true, "gwh": true,
}

// unit finds what a quantity counts: its percent or currency if it has
// one, else the noun that follows it within a few words, skipping
// adjectives ("20 radical groups" counts groups).
func (s *qScan) unit(q Quantity, a qAmount) string {
	if q.Unit != "" {
		return q.Unit
	}
	if a.glued != "" {
		return a.glued
	}
	toks := s.toks
	k := a.last
	for k < len(toks) && toks[k].end <= q.End {
		k++
	}
	if a.vague && s.word(k) == "of" {
		k++
	}
	single := q.Low != nil && q.High != nil && *q.Low == 1 && *q.High == 1
	for n := 0; n < 3 && k < len(toks); n++ {
		t := toks[k]
		if t.kind != qWord || t.nl || qStopWords[t.lower] {
			break
		}
		w := t.text
		// Hyphenated compounds ("Taliban-linked") are adjectives.
		if k+2 < len(toks) && toks[k+1].text == "-" && !toks[k+1].sp && !toks[k+2].sp && toks[k+2].kind == qWord {
			k += 3
			continue
		}
		lw := t.lower
		if qMeasures[lw] || qTimeUnits[lw] || qPlural(lw) {
			return w
		}
		if single && n == 0 && w == lw {
			return w
		}
		k++
	}
	return ""
}

// qSubject finds the entity a figure is about, within its sentence:
//
//   - the nearest ORG, PERSON, GPE or NORP mention before it in the same
//     clause joined to it by a linking word ("TTP with 5,000", "IS-KP at
//     about 3,000 fighters", "Russia's 20 bases"), possibly across a
//     parenthesis ("Tehrik-e-Taliban Pakistan (TTP) with") or an appositive
//     set off by commas ("the Islamic Movement of Uzbekistan, a separate
//     group, with"), or by a short verb phrase of which it is the subject
//     ("the Taliban were sheltering more than 21 groups"), unless the verb
//     reports speech ("Russia said 20 groups...": the figure is not
//     Russia's);
//   - else the country the counted things are in, named after the figure
//     in the same clause ("20,000 fighters ... are active in Afghanistan");
//     "in the country" stands for the country last named before the figure.
func qSubject(text string, q Quantity, ents []Entity) string {
	if len(ents) == 0 {
		return ""
	}
	t := qTables()
	// Clauses are searched within qMaxClause bytes of the figure, so that
	// a text without sentence stops costs time linear in its length.
	lo := max(0, q.Start-qMaxClause)
	clause := lo - 1
	if i := strings.LastIndexAny(text[lo:q.Start], ";!?\n"); i >= 0 {
		clause = lo + i
	}
	for i := q.Start - 1; i > clause && i > 0; i-- {
		if qSentenceStop(text, i) {
			clause = i
			break
		}
	}
	subject := func(e Entity) bool {
		switch e.Type {
		case Org, Person, GPE, NORP:
			return true
		}
		return false
	}
	// ents is sorted by Start: look only at the mentions before q.
	before := sort.Search(len(ents), func(i int) bool { return ents[i].Start >= q.Start })
	for n := before - 1; n >= 0; n-- {
		e := ents[n]
		if e.Start <= clause {
			break
		}
		if e.End > q.Start || !subject(e) {
			continue
		}
		gap := qTrimGap(text[e.End:q.Start])
		if !t.linkRe.MatchString(gap) && !qVerbLink(gap) {
			continue
		}
		// "X (Y) with": the name before the parenthesis heads the phrase;
		// "X, also known as Y, at": X is the name the figure goes with.
		for m := n - 1; m >= 0; m-- {
			o := ents[m]
			if o.End > e.Start || !subject(o) {
				continue
			}
			between := strings.TrimSpace(text[o.End:e.Start])
			if between == "(" && strings.HasPrefix(strings.TrimSpace(text[e.End:q.Start]), ")") || t.akaRe.MatchString(between) {
				return qCanonical(o)
			}
			break
		}
		return qCanonical(e)
	}
	// After the figure: "... are active in Afghanistan".
	end := min(len(text), q.End+qMaxClause)
	for i := q.End; i < end; i++ {
		if strings.ContainsRune(";!?\n", rune(text[i])) || qSentenceStop(text, i) || strings.HasPrefix(text[i:], "—") {
			end = i
			break
		}
	}
	after := text[q.End:end]
	anaphor := len(after)
	if m := t.countryRe.FindStringIndex(after); m != nil {
		anaphor = m[0]
	}
	for _, e := range ents[sort.Search(len(ents), func(i int) bool { return ents[i].Start >= q.End }):] {
		if e.Start >= end {
			break
		}
		if e.End > end || e.Type != GPE {
			continue
		}
		if e.Start-q.End > anaphor {
			break
		}
		if t.inRe.MatchString(text[q.End:e.Start]) {
			return qCanonical(e)
		}
	}
	if anaphor < len(after) {
		for n := before - 1; n >= 0; n-- {
			if e := ents[n]; e.End <= q.Start && e.Type == GPE {
				return qCanonical(e)
			}
		}
	}
	return ""
}

// qMaxClause bounds how far from a figure its clause is searched.
const qMaxClause = 400

// qSentenceStop reports whether text[i] is a full stop ending a sentence:
// after a word of three or more letters and before a space, so that
// "Feb." "U.S." and "4.5" do not end one.
func qSentenceStop(text string, i int) bool {
	if text[i] != '.' || i+1 < len(text) && text[i+1] != ' ' && text[i+1] != '\n' {
		return false
	}
	j := i
	for j > 0 && isASCIILetter(text[j-1]) {
		j--
	}
	return i-j >= 3 && !(i-j == 4 && qMonths[strings.ToLower(text[j:i])])
}

// qReporting are verbs that report speech or thought: a figure after them
// is what was said, not the speaker's.
var qReporting = map[string]bool{
	"said": true, "says": true, "say": true, "told": true, "tells": true, "estimated": true, "estimates": true,
	"estimate": true, "reported": true, "reports": true, "revealed": true, "reveals": true, "warned": true,
	"warns": true, "claimed": true, "claims": true, "noted": true, "notes": true, "added": true,
	"stated": true, "states": true, "believes": true, "believed": true, "argued": true, "argues": true,
	"thinks": true, "described": true, "cited": true, "announced": true, "announces": true, "put": true,
	"that": true, "and": true, "or": true, "but": true, "which": true, "who": true, "while": true,
	"when": true, "as": true, "if": true, "than": true, "because": true, "about": true, "according": true,
	"in": true, "on": true, "since": true, "by": true, "for": true, "to": true, "from": true, "after": true,
	"before": true, "during": true, "until": true, "the": true, "a": true, "an": true, "some": true,
}

// qVerbLink reports whether the gap between an entity and a figure is a
// short verb phrase with the entity as its subject: one to three lower-case
// words, none a reporting verb or a word that starts a new phrase.
func qVerbLink(gap string) bool {
	f := strings.Fields(gap)
	if len(f) == 0 || len(f) > 3 {
		return false
	}
	for _, w := range f {
		if qReporting[w] || strings.ToLower(w) != w || strings.IndexFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
			return false
		}
	}
	return true
}

func qCanonical(e Entity) string {
	if e.Canonical != "" {
		return e.Canonical
	}
	return e.Text
}

// qTrimGap removes from the text between an entity and a figure what does
// not break the link: parentheses and one appositive between commas.
func qTrimGap(g string) string {
	for {
		o := strings.Index(g, "(")
		if o < 0 {
			break
		}
		c := strings.Index(g[o:], ")")
		if c < 0 {
			break
		}
		g = g[:o] + g[o+c+1:]
	}
	if i := strings.Index(g, ","); i >= 0 {
		if j := strings.LastIndex(g, ","); j > i && !strings.ContainsAny(g[i:j], "0123456789") {
			g = g[:i] + g[j:]
		}
	}
	return g
}

// qTokAfter returns the index of the first token starting at or after off.
func qTokAfter(toks []qTok, off int) int {
	return sort.Search(len(toks), func(i int) bool { return toks[i].start >= off })
}

// percentOf reads "percent of 10" and "per cent of twenty-two", which the
// specs read as a percentage, only where the percent word opens a clause:
// after "a large percent of 300 voters" the figure counts voters.
func (s *qScan) percentOf(i int) (Quantity, int, bool) {
	toks := s.toks
	k := i
	switch {
	case qPercentWords[s.word(k)] && s.word(k) != "pct":
		k++
	case s.word(k) == "per" && s.word(k+1) == "cent":
		k += 2
	default:
		return Quantity{}, 0, false
	}
	if i > 0 && !toks[i].nl && !strings.Contains(".;:!?(", toks[i-1].text) || s.word(k) != "of" {
		return Quantity{}, 0, false
	}
	a, ok := s.amountAt(k+1, false, false)
	if !ok || a.unit != "" || a.vague {
		return Quantity{}, 0, false
	}
	q := Quantity{Start: toks[i].start, End: toks[a.last-1].end, Low: qf(a.lo), High: qf(a.hi),
		Qualifier: Exact, Unit: "percent", Rule: "percent-of"}
	return q, a.last, true
}

// qLabel reports whether token k is a capitalised word ("Boeing",
// "Section") that does not open its sentence and is not a month.
func qLabel(toks []qTok, k int) bool {
	t := toks[k]
	if t.kind != qWord || len(t.text) < 2 || qMonths[t.lower] || t.text == "Rs" || k == 0 || t.nl {
		return false
	}
	r := t.text[0]
	if r < 'A' || r > 'Z' || strings.ToUpper(t.text) == t.text {
		return false
	}
	p := toks[k-1]
	return !(p.kind == qPunct && strings.Contains(".!?:;\"“(", p.text))
}
