package extract

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Dates finds the time expressions of text that denote a calendar date or
// period and normalises each to a TimeML TIMEX3 value. ref is the article's
// published date: relative expressions ("on Wednesday", "last week",
// "earlier this year") are resolved against it, and when ref.IsZero() they
// keep TimeML's X placeholders ("XXXX-WXX-3"). Durations ("four weeks",
// "the past 48 hours") are recognised, so that their parts are not taken
// for dates, but not returned. A clock time on a named day ("9 a.m.
// Tuesday") keeps its hour and minute ("2000-04-04T09:00"), as TimeML
// values it.
//
// Mentions come back sorted by Start, never overlapping, with byte offsets
// into text. Span extent follows the TimeBank annotation guidelines: a
// leading "the" and modifiers ("early", "the end of") belong to the span,
// prepositions ("on", "in", "since") do not. Dates is safe for concurrent
// use: its rule tables are compiled once and never mutated.
func Dates(text string, ref time.Time) []Date {
	return datesWith(dateRules(), text, ref)
}

func datesWith(rules *dateRuleSet, text string, ref time.Time) []Date {
	ctx := &dateCtx{text: text, ref: ref}
	var cands []dateCand
	// Rules run line by line, and only on lines holding one of their
	// trigger words: no date spans a line break, and skipping a regexp
	// that cannot match is far cheaper than running it.
	for off := 0; off <= len(text); {
		nl := strings.IndexByte(text[off:], '\n')
		if nl < 0 {
			nl = len(text) - off
		}
		line := text[off : off+nl]
		if strings.TrimSpace(line) != "" {
			cands = dateMatchLine(ctx, rules, line, off, cands)
		}
		off += nl + 1
	}
	return dateSelect(text, ref, ctx, cands)
}

// dateMatchLine adds the candidates that the rules find in line, which
// starts at byte off of the text.
func dateMatchLine(ctx *dateCtx, rs *dateRuleSet, line string, off int, cands []dateCand) []dateCand {
	lower := dateASCIILower(line)
	spans := rs.windows(lower, &ctx.windows)
	ctx.starts.scan(lower)
	for pri := range rs.rules {
		r := &rs.rules[pri]
	windows:
		for _, w := range spans[r.triggerSet] {
			for _, set := range r.also {
				if !dateWindowHas(lower[w.lo:w.hi], set) {
					continue windows
				}
			}
			for _, m := range r.findIn(lower, w, &ctx.starts) {
				for i := range m {
					if m[i] >= 0 {
						m[i] += off
					}
				}
				cands = dateAddMatch(ctx, r, pri, m, cands)
			}
		}
	}
	return cands
}

// dateAddMatch resolves one regexp match of rule r and adds it to cands.
func dateAddMatch(ctx *dateCtx, r *dateRule, pri int, m []int, cands []dateCand) []dateCand {
	if r.duration {
		return append(cands, dateCand{start: m[0], end: m[1], rule: r.name, pri: pri, duration: true})
	}
	v, ok := r.resolve(ctx, m)
	if !ok {
		return cands
	}
	s, e := m[0], m[1]
	if v.start != v.end {
		s, e = v.start, v.end
	}
	return append(cands, dateCand{start: s, end: e, value: v.value, mod: v.mod, rule: r.name, pri: pri, noMod: v.noModExt,
		anchor: v.anchor, anaphor: v.anaphor, weekday: v.weekday, shift: v.shift,
		reports: v.reports, ofReported: v.ofReported, reportedBack: v.reportedBack, reportedYear: v.reportedYear})
}

// dateWindowReach bounds how far a match reaches from the trigger word it
// contains; windows of this reach around each trigger hold every match.
const dateWindowReach = 96

// dateWindow is a stretch lower[lo:hi] of a line worth matching a rule
// on. Every match holds a trigger, so no match starts at or after last,
// the end of the last trigger in the window.
type dateWindow struct{ lo, hi, last int }

// dateWindows returns the stretches of a lower-cased line worth matching a
// rule on, given the triggers found in it in order of position: around
// each trigger, merged, and widened to whitespace so that \b behaves as in
// the whole line. They are appended to spans.
func dateWindows(lower string, hits [][2]int, spans []dateWindow) []dateWindow {
	for _, h := range hits {
		lo, hi := max(0, h[0]-dateWindowReach), min(len(lower), h[1]+dateWindowReach)
		for lo > 0 && lower[lo-1] != ' ' {
			lo--
		}
		for hi < len(lower) && lower[hi] != ' ' {
			hi++
		}
		if n := len(spans); n > 0 && lo <= spans[n-1].hi {
			w := &spans[n-1]
			w.hi, w.last = max(w.hi, hi), max(w.last, h[1])
			continue
		}
		spans = append(spans, dateWindow{lo, hi, h[1]})
	}
	return spans
}

// dateASCIILower lower-cases ASCII letters only, so that byte offsets in
// the result are those of s.
func dateASCIILower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// dateSelect keeps the best non-overlapping candidates and turns them into
// mentions.
func dateSelect(text string, ref time.Time, ctx *dateCtx, cands []dateCand) []Date {
	// Longest match wins, so "Feb. 13, 2026" beats its "2026" and "two
	// years ago" beats the duration "two years"; ties go to the rule listed
	// first.
	slices.SortFunc(cands, func(a, b dateCand) int {
		if la, lb := a.end-a.start, b.end-b.start; la != lb {
			return lb - la
		}
		if a.start != b.start {
			return a.start - b.start
		}
		return a.pri - b.pri
	})
	var kept []dateCand
	for _, c := range cands {
		if !slices.ContainsFunc(kept, func(k dateCand) bool { return c.start < k.end && k.start < c.end }) {
			kept = append(kept, c)
		}
	}
	slices.SortFunc(kept, func(a, b dateCand) int { return a.start - b.start })

	var out []Date
	// lastDay anchors "the next day" (the reference date until the text
	// names a day); last, the latest date the text named, is what "that
	// year" refers back to.
	lastDay, last := "", ""
	if !ref.IsZero() {
		lastDay = dateYMD(ctx.refDay())
	}
	// reported is the quarter index of the period an earnings story last
	// said it reports on, -1 until it names one.
	reported := -1
	for i, c := range kept {
		if c.duration {
			continue
		}
		switch {
		case c.anchor != 0 && c.weekday != 0:
			c.value = dateShiftWeekday(lastDay, c.weekday, c.anchor)
		case c.anchor != 0:
			c.value = dateShiftDay(lastDay, c.anchor)
		case c.anaphor != "":
			c.value = dateAnaphorValue(last, c.anaphor, c.shift)
		case c.ofReported && reported >= 0 && c.reportedYear != 0:
			c.value = dateQuarterValue(c.reportedYear*4 + reported%4)
		case c.ofReported && reported >= 0:
			c.value = dateQuarterValue(reported - c.reportedBack)
		}
		if c.reports && dateQuarterPrefixRe.MatchString(c.value) {
			reported = dateAtoi(c.value[:4])*4 + dateAtoi(c.value[6:7]) - 1
		}
		if dateDayValueRe.MatchString(c.value) {
			lastDay = c.value
		}
		if c.value != "" && c.value[0] >= '0' && c.value[0] <= '9' && len(c.value) >= 4 {
			last = c.value
		}
		prevEnd := 0
		if i > 0 {
			prevEnd = kept[i-1].end
		}
		if c.mod == "" && !c.noMod {
			c = dateExtendModifier(text, c, prevEnd)
		}
		out = append(out, Date{
			Text:  text[c.start:c.end],
			Start: c.start,
			End:   c.end,
			Value: c.value,
			Mod:   c.mod,
			Rule:  c.rule,
		})
	}
	return dateMergeWeekdays(text, out)
}

// dateShiftDay moves a YYYY-MM-DD value by n days; an unknown anchor
// stays unknown.
func dateShiftDay(v string, n int) string {
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return "XXXX-XX-XX"
	}
	return dateYMD(t.AddDate(0, 0, n))
}

var (
	dateWeekdayBeforeRe = regexp.MustCompile(`(?i)\b(?:(?:this|next|last|coming)\s+)?\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?)(\s*,\s*|\s+|-|\s*\(\s*)(?:the\s+)?$`)
	dateDayValueRe      = regexp.MustCompile(`^(?:\d{4}|XXXX)-\d\d-\d\d$`)
	// dateCalendarRules name the rules that spell out a day of the month,
	// which a weekday before them can only restate.
	dateCalendarRules = map[string]bool{"iso": true, "ymd": true, "ymd-month": true, "numeric": true,
		"numeric-md": true, "mdy": true, "dmy": true, "day-of-month": true}
)

// dateMergeWeekdays joins a weekday to the calendar date right after it,
// "Monday, Oct. 26", "this Friday (Jun-15)", as one mention valued by the
// date, the way TimeBank spans them. A weekday that contradicts the date
// ("Friday June 23" when the 23rd is a Saturday) is left separate: the
// text then names two different days.
func dateMergeWeekdays(text string, ds []Date) []Date {
	out := ds[:0:0]
	for _, d := range ds {
		if !dateDayValueRe.MatchString(d.Value) || !dateCalendarRules[strings.TrimSuffix(d.Rule, "+mod")] {
			out = append(out, d)
			continue
		}
		lo := max(0, d.Start-30)
		var prev *Date
		if n := len(out); n > 0 {
			prev = &out[n-1]
			lo = max(lo, prev.Start)
		}
		m := dateWeekdayBeforeRe.FindStringSubmatchIndex(text[lo:d.Start])
		if m == nil {
			out = append(out, d)
			continue
		}
		start := lo + m[0]
		if prev != nil && prev.End > start && (prev.Start < start || !strings.HasPrefix(prev.Rule, "weekday")) {
			out = append(out, d)
			continue
		}
		w, _ := dateWeekday(text[lo+m[2] : lo+m[3]])
		// "Monday, Jan. 12, 2016" is one expression even when the weekday
		// is wrong; "this Friday June 23" names two days when they differ.
		relative := strings.ContainsAny(strings.ToLower(text[start:lo+m[2]]), "tnlc")
		if !relative {
			d.Value = dateYearForWeekday(d.Value, d.Text, w)
		}
		if relative && !strings.HasPrefix(d.Value, "XXXX") {
			t, err := time.Parse("2006-01-02", d.Value)
			if err != nil || t.Weekday() != w {
				out = append(out, d)
				continue
			}
		}
		if prev != nil && prev.Start >= start {
			out = out[:len(out)-1]
		}
		end := d.End
		if strings.Contains(text[lo+m[4]:lo+m[5]], "(") && strings.HasPrefix(text[end:], ")") {
			end++
		}
		d.Start, d.End = start, end
		d.Text = text[start:end]
		d.Rule = "weekday+" + d.Rule
		out = append(out, d)
	}
	return out
}

// dateYearForWeekday moves a day said without its year ("Thursday, 4
// November") to the year before or after when the weekday named with it
// falls on that day there and not in the year the tense chose.
func dateYearForWeekday(value, text string, w time.Weekday) string {
	t, err := time.Parse("2006-01-02", value)
	if err != nil || t.Weekday() == w || dateYearInTextRe.MatchString(text) {
		return value
	}
	for _, dy := range []int{-1, 1} {
		if u := t.AddDate(dy, 0, 0); u.Day() == t.Day() && u.Weekday() == w {
			return dateYMD(u)
		}
	}
	return value
}

var dateYearInTextRe = regexp.MustCompile(`\d{4}|'\d{2}\b`)

type dateCand struct {
	start, end int
	value, mod string
	rule       string
	pri        int
	duration   bool
	noMod      bool
	anchor     int
	anaphor    string
	weekday    time.Weekday
	shift      int
	reports    bool
	ofReported bool
	reportedBack,
	reportedYear int
}

// dateVal is what a rule's resolver returns; start/end, when they differ,
// narrow the span to part of the regexp match (a match may need context
// that the mention itself excludes).
type dateVal struct {
	value, mod string
	start, end int
	// anchor, when not zero, marks a day counted from the narrative's
	// last date ("the next day" is +1); Dates fills in the value.
	anchor int
	// weekday, with anchor -1 or +1, asks instead for the weekday
	// before or after the narrative's last date ("the previous Friday").
	weekday time.Weekday
	// anaphor, when set, is the calendar unit ("year", "month", ...)
	// whose value is taken from the latest date the text named: "that
	// year" after "in June 1998" is 1998. Dates fills in the value.
	anaphor string
	// shift moves an anaphor's value by that many units ("the following
	// year" is +1).
	shift int
	// noModExt keeps a preceding "early"/"the end of" out of the span,
	// for expressions that carry their own modifier or take none.
	noModExt bool
	// reports marks a quarter that names the period an earnings story is
	// about ("the fiscal first quarter"); ofReported marks one that
	// refers back to it ("the latest period", "a year earlier"),
	// reportedBack quarters before it, or the same quarter in
	// reportedYear when that is set ("the 1988 period"). value holds
	// the last calendar quarter's reading for when the text names none.
	reports, ofReported bool
	reportedBack        int
	reportedYear        int
}

type dateRule struct {
	name     string
	re       *regexp.Regexp
	duration bool
	// triggers are lower-case strings one of which a line must contain
	// for the rule to run on it ("#" is any digit); set from
	// dateTriggerTable by rule name.
	triggers []string
	// triggerSet numbers the distinct triggers of the rules: rules with
	// equal triggers have equal numbers.
	triggerSet int
	// also are further sets of strings a match must contain one of: a
	// window without one is skipped.
	also    [][]string
	resolve func(c *dateCtx, m []int) (dateVal, bool)
	// starts holds the bytes a match can start with after a non-word
	// ([0]) or a word ([1]) character; at and atStart match re anchored
	// one character into the text or at its start. findAll uses them
	// when set.
	starts      [2]dateByteSet
	at, atStart *regexp.Regexp
	// prefixes, by first byte, are strings one of which every match
	// starts with; none when the rule's are too many.
	prefixes [256][]string
}

// findAll returns what r.re.FindAllStringSubmatchIndex(s, -1) does.
func (r *dateRule) findAll(s string) [][]int {
	var pos dateStarts
	pos.scan(s)
	return r.findIn(s, dateWindow{0, len(s), len(s)}, &pos)
}

// dateStarts are the positions of a line where a match can start: every
// character boundary, apart by whether the character before is a word
// character ([1]) or not ([0]). Most rules start after a \b and try only
// the positions of [0], a fifth of a line's bytes.
type dateStarts [2][]int32

func (p *dateStarts) scan(s string) {
	p[0], p[1] = p[0][:0], p[1][:0]
	for i := 0; i < len(s); {
		afterWord := 0
		if i > 0 && s[i-1] < utf8.RuneSelf && dateWordBytes.has(s[i-1]) {
			afterWord = 1
		}
		p[afterWord] = append(p[afterWord], int32(i))
		if s[i] < utf8.RuneSelf {
			i++
		} else {
			// Positions inside a character are never tried.
			_, width := utf8.DecodeRuneInString(s[i:])
			i += width
		}
	}
}

// findIn returns what r.re.FindAllStringSubmatchIndex(line[lo:hi], -1)
// does, in offsets of line; pos holds line's starts, and lo is 0 or follows
// a space. The regexp engine tries a match at every position, which is
// most of the cost of the rules; an anchored match at only the positions
// where a match can start finds the same leftmost matches far sooner. at
// sees the character before the position, so \b holds where it does in
// the window.
func (r *dateRule) findIn(line string, w dateWindow, pos *dateStarts) [][]int {
	lo, hi := w.lo, w.hi
	if r.at == nil {
		out := r.re.FindAllStringSubmatchIndex(line[lo:hi], -1)
		for _, m := range out {
			for j := range m {
				if m[j] >= 0 {
					m[j] += lo
				}
			}
		}
		return out
	}
	// Walk the positions of the lists the rule can start at, in order.
	var lists [2][]int32
	for k := range lists {
		if r.starts[k] != (dateByteSet{}) {
			l := pos[k]
			i, _ := slices.BinarySearch(l, int32(lo))
			lists[k] = l[i:]
		}
	}
	var out [][]int
	next := lo // positions before next are inside a match already found
	for {
		k := 0
		switch {
		case len(lists[0]) == 0 && len(lists[1]) == 0:
			return out
		case len(lists[0]) == 0:
			k = 1
		case len(lists[1]) > 0 && lists[1][0] < lists[0][0]:
			k = 1
		}
		i := int(lists[k][0])
		lists[k] = lists[k][1:]
		if i >= w.last {
			lists[k] = nil
			continue
		}
		if i < next || !r.starts[k].has(line[i]) || !r.hasPrefix(line[i:hi]) {
			continue
		}
		var m []int
		if i == lo {
			m = r.atStart.FindStringSubmatchIndex(line[lo:hi])
			for j := range m {
				if m[j] >= 0 {
					m[j] += lo
				}
			}
		} else if m = r.at.FindStringSubmatchIndex(line[i-1 : hi]); m != nil {
			for j := range m {
				if m[j] >= 0 {
					m[j] += i - 1
				}
			}
		}
		if m == nil {
			continue
		}
		m = m[2:]
		out = append(out, m)
		// Matches are never empty (see dateAnchor), so the search goes
		// on from the end of this one, as FindAll's does.
		next = m[1]
	}
}

// hasPrefix reports whether s starts with one of r.prefixes, or none of
// them starts with its first byte (r has none).
func (r *dateRule) hasPrefix(s string) bool {
	p := r.prefixes[s[0]]
	if p == nil {
		return true
	}
	for _, l := range p {
		if strings.HasPrefix(s, l) {
			return true
		}
	}
	return false
}

type dateCtx struct {
	text string
	ref  time.Time
	// starts and windows are the scratch of the line being matched.
	starts  dateStarts
	windows dateWindowScratch
}

// group returns submatch i of m, or "" when it did not participate.
func (c *dateCtx) group(m []int, i int) string {
	if 2*i+1 >= len(m) || m[2*i] < 0 {
		return ""
	}
	return c.text[m[2*i]:m[2*i+1]]
}

func (c *dateCtx) has(m []int, i int) bool { return 2*i+1 < len(m) && m[2*i] >= 0 }

var (
	dateModArticle = regexp.MustCompile(`(?i)\b(?:the\s+)?(?:very\s+)?(early|late|mid)(?:\s+|-)$`)
	dateModOf      = regexp.MustCompile(`(?i)\b(?:the\s+)?(?:very\s+)?(start|beginning|end|middle|close)\s+of\s+$`)
)

// dateExtendModifier widens c over a preceding "early", "mid-", "the end
// of" and the like, setting the TIMEX3 mod, as TimeBank annotates
// "early December" and "the end of 1990" as single expressions.
func dateExtendModifier(text string, c dateCand, prevEnd int) dateCand {
	lo := max(prevEnd, c.start-40)
	before := text[lo:c.start]
	if !dateModCue(before) {
		return c
	}
	for _, re := range []*regexp.Regexp{dateModArticle, dateModOf} {
		m := re.FindStringSubmatchIndex(before)
		if m == nil {
			continue
		}
		c.mod = dateModFor(strings.ToLower(before[m[2]:m[3]]))
		c.start = lo + m[0]
		c.rule += "+mod"
		return c
	}
	return c
}

// dateModCue reports whether before ends as a match of dateModArticle or
// dateModOf must: "early", "late", "mid" or "of", then spaces or (not
// after "of") a hyphen. Most dates have no modifier, and the two
// expressions, anchored at the end, try every position of before.
func dateModCue(before string) bool {
	t := strings.TrimRight(before, regexpSpaces)
	if t == before {
		if t = strings.TrimSuffix(before, "-"); t == before {
			return false
		}
	}
	for _, w := range []string{"early", "late", "mid", "of"} {
		if len(t) >= len(w) && strings.EqualFold(t[len(t)-len(w):], w) {
			return true
		}
	}
	return false
}

func dateModFor(w string) string {
	switch w {
	case "early", "start", "beginning", "earlier":
		return ModStart
	case "mid", "middle":
		return ModMid
	default:
		return ModEnd
	}
}

// dateRuleSet is the rules with the index of their triggers.
type dateRuleSet struct {
	rules []dateRule
	dateTriggerIndex
}

// dateRules is compiled once: building the regexps is far costlier than
// running them.
var dateRules = sync.OnceValue(func() *dateRuleSet {
	rules := dateBuildRules()
	for i := range rules {
		rules[i].triggers, rules[i].also = dateTriggers(rules[i].re)
		dateAnchor(&rules[i])
	}
	return dateNewRuleSet(rules)
})
