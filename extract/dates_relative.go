package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// This file holds the calendar arithmetic that turns a parsed expression
// into a TIMEX3 value: granularity formatting, ISO weeks, quarters and
// seasons, and the tense heuristic that picks a direction for expressions
// such as "on Wednesday" or "in March" that name no year.

func (c *dateCtx) known() bool { return !c.ref.IsZero() }

// refDay is the reference date at midnight UTC, so that adding days never
// crosses a daylight-saving boundary.
func (c *dateCtx) refDay() time.Time {
	y, m, d := c.ref.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func dateYMD(t time.Time) string { return t.Format("2006-01-02") }

func dateWeekValue(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

func dateMonthValue(y, m int) string {
	// Normalise month overflow from arithmetic such as "next month" in
	// December.
	for m < 1 {
		m += 12
		y--
	}
	for m > 12 {
		m -= 12
		y++
	}
	return fmt.Sprintf("%04d-%02d", y, m)
}

func dateYearValue(y int) string { return fmt.Sprintf("%04d", y) }

// dateQuarterValue formats quarter index q (year*4 + quarter-1).
func dateQuarterValue(q int) string { return fmt.Sprintf("%04d-Q%d", q/4, q%4+1) }

func (c *dateCtx) quarterIndex() int {
	return c.ref.Year()*4 + (int(c.ref.Month())-1)/3
}

var dateMonthAbbr = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

func dateMonthNum(s string) int {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	if len(s) < 3 {
		return 0
	}
	return dateMonthAbbr[s[:3]]
}

var dateWeekdayNum = map[string]time.Weekday{
	"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday,
}

func dateWeekday(s string) (time.Weekday, bool) {
	s = strings.ToLower(s)
	if len(s) < 3 {
		return 0, false
	}
	w, ok := dateWeekdayNum[s[:3]]
	return w, ok
}

// dateISODay is the TIMEX3 weekday number, Monday 1 to Sunday 7.
func dateISODay(w time.Weekday) int {
	if w == time.Sunday {
		return 7
	}
	return int(w)
}

var dateSmallNums = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
	"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
	"twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
	"forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
	"ninety": 90, "hundred": 100, "a few": 3, "few": 3, "a couple of": 2,
	"couple of": 2,
}

var dateOrdinalWords = func() map[string]int {
	units := []string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"}
	cards := []string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
	teens := []string{"tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"}
	m := map[string]int{"twentieth": 20, "thirtieth": 30}
	for i, u := range units {
		m[u] = i + 1
		m["twenty "+u] = 21 + i
		m["twenty "+cards[i]] = 21 + i
	}
	for i, t := range teens {
		m[t] = 10 + i
	}
	m["thirty first"] = 31
	m["thirty one"] = 31
	m["thirty"] = 30
	m["twenty"] = 20
	// Cardinals serve "Friday the fifteen"; the rules decide where a bare
	// number word may stand for a day.
	for i, w := range append(cards, "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen") {
		m[w] = i + 1
	}
	return m
}()

// dateDayNum parses a day of the month: "5", "05", "5th", "fifth",
// "twenty-first", "twenty one".
func dateDayNum(s string) int {
	w := strings.Join(strings.Fields(strings.ReplaceAll(strings.ToLower(s), "-", " ")), " ")
	if n, ok := dateOrdinalWords[w]; ok {
		return n
	}
	w = strings.TrimRight(w, "stndrh")
	if n, err := strconv.Atoi(w); err == nil {
		return n
	}
	return 0
}

func dateValid(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d
}

var (
	// dateFutureRe to dateWouldRe define the tense markers. The tense
	// checks call the scanners of dates_tense.go, which return the same
	// as these on ASCII text and call them on any other.
	//
	// dateFutureRe holds the markers of a future clause. "next" counts,
	// but not in "next to".
	dateFutureRe = regexp.MustCompile(`(?i)\b(?:will|won't|shall|going to|plans? to|planned to|planning to|scheduled|expects? to|expected to|is due|are due|is to|are to|set to|next(?:\s+to)?|likely to)\b|'ll\b`)
	// dateWeakFutureRe markers look ahead only when no past auxiliary
	// says otherwise: "until Thursday, they had not ..." is past.
	dateWeakFutureRe = regexp.MustCompile(`(?i)\b(?:until|as soon as|as early as|ahead of|effective)\b`)
	// dateAheadRe introduces a date that lies ahead of the narrative,
	// whatever its tense: "squared positions ahead of the weekend".
	dateAheadRe   = regexp.MustCompile(`(?i)\bahead\s+of\s+(?:the\s+)?$`)
	datePastAuxRe = regexp.MustCompile(`(?i)\b(?:had|was|were|did)\b`)
	// datePastRe marks a clause told in the past: a past auxiliary, a
	// regular past form or a common irregular one.
	datePastRe     = regexp.MustCompile(`(?i)\b(?:had|was|were|did|been|\w{2,}ed|said|told|met|went|came|took|made|left|began|saw|gave|got|held|led|ran|won|lost|sent|spent|struck|fell|rose|brought|bought|thought|found|kept|became|broke|chose|fled|flew|fought|grew|knew|paid|sold|sought|spoke|stood|wrote|heard|meant|felt|built|drew|drove|ate|shot|hung|slid|swore|threw|wore|woke|forgot|hid|lay|led|bore|beat|bit|caught|taught|dealt|dug|fed|forbade|froze|rode|rang|sang|sank|shook|shrank|stole|stuck|stung|struck|swam|swung|tore|understood|withdrew|overtook|undertook|arose)\b`)
	dateWouldRe    = regexp.MustCompile(`(?i)\bwould\s+(?:not\s+|n't\s+)?(\w+)`)
	dateDeadlineRe = regexp.MustCompile(`(?i)\b(?:by|through|until|till|before|effective)\s+$`)
	dateSinceRe    = regexp.MustCompile(`(?i)\bsince\s+(?:early\s+|late\s+|mid-?\s*)?$`)
	// dateFrontedRe is what may precede a mention that opens its clause:
	// "On Tuesday, the league plans ..." takes its tense from what
	// follows the comma.
	dateFrontedRe = regexp.MustCompile(`(?i)^\s*(?:(?:and|but|also|then)\s+)?(?:on|until|till|by|from|in|at|since|before|after|as of|early|late)?\s*$`)
)

// future reports whether the clause around the mention at [pos, end)
// looks future-tensed. News mostly reports what happened, so without a
// future marker the past wins. Only the mention's own clause counts (cut
// at sentence ends, commas and semicolons, at most a few words either
// side), so that "announced Wednesday, they said they will appeal" stays
// past; a mention that opens its clause ("On Tuesday, the league plans
// to ...") takes the tense of the clause it introduces. A date after
// "since" is past.
func (c *dateCtx) future(pos, end int) bool {
	left, right, since := c.clause(pos, end)
	if since {
		return false
	}
	if dateAheadEnds(left) {
		return true
	}
	if len(dateFutureMarks(left)) > 0 || len(dateFutureMarks(right)) > 0 {
		return true
	}
	if c.wouldBefore(left, end) {
		return true
	}
	if dateWeakFutureIn(left) || dateWeakFutureIn(right) {
		return !datePastAuxIn(left) && !datePastAuxIn(right)
	}
	if datePastIn(left) || datePastIn(right) {
		return false
	}
	return c.futureBefore(pos - len(left))
}

// futureBefore reports, for a clause without a tense of its own that
// starts at pos, whether the tense marker nearest before it in the same
// sentence looks ahead: "said two new flights would leave on March 30,
// with the third departing each Thursday from August 6".
func (c *dateCtx) futureBefore(pos int) bool {
	from, _ := c.sentence(pos, pos)
	s := c.text[from:pos]
	last, fut := -1, false
	for _, m := range dateFutureMarks(s) {
		if m[0] > last {
			last, fut = m[0], true
		}
	}
	for _, m := range dateWouldIndex(s) {
		if !strings.EqualFold(s[m[2]:m[3]], "have") && m[0] > last {
			last, fut = m[0], true
		}
	}
	for _, m := range datePastIndex(s) {
		if m[0] > last {
			last, fut = m[0], false
		}
	}
	return fut
}

// untensed reports a mention whose sentence has neither a future marker
// in its clause nor a verb in the past anywhere ("Netanyahu and Arafat
// meet separately Monday", "planning for the NATO summit in April"):
// such a date is the occurrence nearest the reference date, whichever
// side it lies.
func (c *dateCtx) untensed(pos, end int) bool {
	if _, _, since := c.clause(pos, end); since || c.future(pos, end) {
		return false
	}
	from, to := c.sentence(pos, end)
	return !datePastIn(c.text[from:pos]) && !datePastIn(c.text[end:to])
}

// sentence returns the bounds of the sentence around [pos, end), looking
// at most 400 bytes either way.
func (c *dateCtx) sentence(pos, end int) (from, to int) {
	from, to = pos, end
	for from > 0 && pos-from < 400 && !dateSentenceEnd(c.text, from-1) {
		from--
	}
	for to < len(c.text) && to-end < 400 && !dateSentenceEnd(c.text, to) {
		to++
	}
	return from, to
}

// dateFutureMarks returns where dateFutureRe matches in s, but for "next
// to", which is a place.
func dateFutureMarks(s string) [][]int {
	var out [][]int
	for _, m := range dateFutureIndex(s) {
		if !strings.EqualFold(strings.Join(strings.Fields(s[m[0]:m[1]]), " "), "next to") {
			out = append(out, m)
		}
	}
	return out
}

// dateSentenceEnd reports whether text[i] ends a sentence: a newline, or
// a full stop, question or exclamation mark followed by a space or the
// end, not the period of an initial or a short abbreviation.
func dateSentenceEnd(text string, i int) bool {
	switch text[i] {
	case '\n':
		return true
	case '!', '?':
		return i+1 == len(text) || text[i+1] == ' '
	case '.':
		if i+1 < len(text) && text[i+1] != ' ' {
			return false
		}
		// "Sept. 14", "Mr. Kane": what follows a sentence's end opens
		// the next with a capital or a quote.
		if i+2 < len(text) && !(text[i+2] >= 'A' && text[i+2] <= 'Z' || text[i+2] == '"' || text[i+2] == '`' || text[i+2] == '\'') {
			return false
		}
		return dateClauseCut(text[max(0, i-12):i+1]) == len(text[max(0, i-12):i+1])
	}
	return false
}

// clause returns the mention's clause either side of [pos, end) (see
// future), and whether "since" introduces the mention.
func (c *dateCtx) clause(pos, end int) (left, right string, since bool) {
	left = c.text[max(0, pos-80):pos]
	if dateSinceRe.MatchString(left) {
		return "", "", true
	}
	if i := dateClauseCut(left); i >= 0 {
		left = left[i:]
	}
	right = c.text[end:min(len(c.text), end+40)]
	if i := strings.IndexAny(right, ".!?\n,;"); i >= 0 {
		right = right[:i]
		if c.text[end+i] == ',' && strings.TrimSpace(right) == "" && dateFrontedRe.MatchString(left) {
			right = c.text[end+i+1 : min(len(c.text), end+i+91)]
			if j := strings.IndexAny(right, ".!?\n;"); j >= 0 {
				right = right[:j]
			}
		}
	}
	return left, right, false
}

// wouldBefore reports a "would" earlier in the mention's clause: in news,
// "said the father would be traveling Thursday" reports a plan, so the date
// lies ahead. A "would" after the mention ("said Friday that he would")
// belongs to a reported clause, not to the date; "would have" looks back;
// and "would fight Wednesday's ruling" names a day that has been.
func (c *dateCtx) wouldBefore(left string, end int) bool {
	if strings.HasPrefix(c.text[end:], "'s") {
		return false
	}
	for _, m := range dateWouldIndex(left) {
		if !strings.EqualFold(left[m[2]:m[3]], "have") {
			return true
		}
	}
	return false
}

// dateClauseCut returns where the last clause of s begins: after its last
// comma, semicolon or sentence end, not counting the periods of initials
// and abbreviations ("Daniel P. Davison", "Corp.").
func dateClauseCut(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ',', ';', '!', '?', '\n':
			return i + 1
		case '.':
			w := i
			for w > 0 && (s[w-1] >= 'a' && s[w-1] <= 'z' || s[w-1] >= 'A' && s[w-1] <= 'Z') {
				w--
			}
			word := s[w:i]
			if len(word) > 3 || (len(word) > 1 && word[0] >= 'a' && word[0] <= 'z') {
				return i + 1
			}
		}
	}
	return -1
}

// deadline reports a month or day introduced by "by", "through", "until"
// or "before": news sets deadlines ahead, so such a date leans future.
func (c *dateCtx) deadline(pos int) bool {
	return dateDeadlineRe.MatchString(c.text[max(0, pos-12):pos])
}

// weekdayNear resolves a bare weekday: the most recent on or before the
// reference date (TimeBank annotates a "Friday" in a Friday story as that
// very day), or the next on or after it when the clause is future.
func (c *dateCtx) weekdayNear(w time.Weekday, future bool) time.Time {
	r := c.refDay()
	if future {
		return r.AddDate(0, 0, (int(w)-int(r.Weekday())+7)%7)
	}
	return r.AddDate(0, 0, -((int(r.Weekday()) - int(w) + 7) % 7))
}

// weekdayTensed resolves a bare weekday said in the clause at [pos, end):
// in the clause's tense (weekdayNear), or the nearer of the last and the
// next when the clause has none.
func (c *dateCtx) weekdayTensed(w time.Weekday, pos, end int) time.Time {
	if !c.untensed(pos, end) {
		return c.weekdayNear(w, c.future(pos, end))
	}
	back, ahead := c.weekdayNear(w, false), c.weekdayNear(w, true)
	r := c.refDay()
	if ahead.Sub(r) < r.Sub(back) {
		return ahead
	}
	return back
}

// weekdayInWeek is weekday w of the ISO week that lies weeks weeks from the
// reference date's week.
func (c *dateCtx) weekdayInWeek(w time.Weekday, weeks int) time.Time {
	r := c.refDay()
	monday := r.AddDate(0, 0, -(dateISODay(r.Weekday()) - 1))
	return monday.AddDate(0, 0, 7*weeks+dateISODay(w)-1)
}

// monthYear picks the year of a month named without one: the occurrence
// nearest the reference month, with a bias toward the past for past
// clauses and toward the future for future ones (news mostly looks back).
func (c *dateCtx) monthYear(m int, future bool) int {
	return c.monthYearPenalty(m, future, 12)
}

func (c *dateCtx) monthYearPenalty(m int, future bool, penalty int) int {
	y, rm := c.ref.Year(), int(c.ref.Month())
	return dateNearestYear(y, penalty, future, func(cy int) int { return (cy*12 + m) - (y*12 + rm) })
}

// monthTensed is monthYear for a month said in the clause at [pos, end),
// leaning the clause's way, or no way when it has no tense.
func (c *dateCtx) monthTensed(m, pos, end int, future bool) int {
	switch {
	case future:
	case c.activePast(pos, end):
		return c.monthYearPenalty(m, false, 1000)
	case c.untensed(pos, end):
		return c.monthYearPenalty(m, false, 0)
	}
	return c.monthYear(m, future)
}

// activePast reports a verb in the simple past, active, in the mention's
// own clause, with the mention not a target ("changed to a calendar year
// in December"): the month then lies behind the reference date however
// near its next occurrence. Participles after a form of "be" ("is
// expected in December", "was extended to November") and dates after
// "to", "for" or "until" look ahead as often as back.
func (c *dateCtx) activePast(pos, end int) bool {
	left, right, since := c.clause(pos, end)
	if since {
		return true
	}
	if dateTargetBeforeRe.MatchString(left) {
		return false
	}
	for _, s := range []string{left, right} {
		for _, m := range dateActivePastRe.FindAllStringSubmatchIndex(s, -1) {
			w := strings.ToLower(s[m[2]:m[3]])
			if dateNotPastVerbs[w] {
				continue
			}
			if dateBeBeforeRe.MatchString(s[:m[2]]) {
				continue
			}
			return true
		}
	}
	return false
}

var (
	dateActivePastRe   = regexp.MustCompile(`(?i)\b(\w{2,}ed|said|told|met|went|came|took|made|began|saw|gave|held|led|won|lost|sent|spent|fell|rose|brought|bought|sold|became|broke|fled|fought|grew|paid|wrote)\b`)
	dateBeBeforeRe     = regexp.MustCompile(`(?i)\b(?:is|are|was|were|be|been|being|'s|'re)\s+(?:\w+ly\s+)?$`)
	dateTargetBeforeRe = regexp.MustCompile(`(?i)\b(?:to|for|until|till|through|by)\s+(?:early\s+|mid-?\s*|late\s+)?$`)
	// dateNotPastVerbs end in -ed without being verbs in the past, or
	// look ahead.
	dateNotPastVerbs = map[string]bool{
		"expected": true, "scheduled": true, "planned": true, "proposed": true, "intended": true,
		"need": true, "needed": true, "speed": true, "feed": true, "seed": true, "proceed": true, "exceed": true,
		"succeed": true, "indeed": true, "red": true, "bed": true, "hundred": true, "united": true, "limited": true,
		"related": true, "based": true, "owned": true, "used": true,
	}
)

// dayYear picks the year of a month and day named without one, nearest
// the reference date with the same tense bias as monthYear.
func (c *dateCtx) dayYear(m, d int, future bool) int {
	r := c.refDay()
	return dateNearestYear(r.Year(), 400, future, func(cy int) int {
		return int(time.Date(cy, time.Month(m), d, 0, 0, 0, 0, time.UTC).Sub(r).Hours() / 24)
	})
}

// dateNearestYear picks, of the years around y, the one whose offset from
// the reference (in the caller's unit) is smallest, a step against the
// clause's tense costing penalty more.
func dateNearestYear(y, penalty int, future bool, offset func(cy int) int) int {
	best, bestCost := y, 1<<30
	for cy := y - 1; cy <= y+1; cy++ {
		off := offset(cy)
		cost := 2 * dateAbs(off)
		if off > 0 && !future || off < 0 && future {
			cost += penalty
		}
		// A tie goes the way of the clause's tense.
		if cost < bestCost || cost == bestCost && future {
			best, bestCost = cy, cost
		}
	}
	return best
}

func dateAbs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

var dateSeasonCodes = map[string]string{
	"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI",
}

// dateSeasonIndex counts seasons from year 0, spring first; winter belongs to
// the year in which it starts (December).
func dateSeasonIndex(y, m int) int {
	switch {
	case m >= 3 && m <= 5:
		return y * 4
	case m >= 6 && m <= 8:
		return y*4 + 1
	case m >= 9 && m <= 11:
		return y*4 + 2
	case m == 12:
		return y*4 + 3
	default:
		return (y-1)*4 + 3
	}
}

var dateSeasonOrder = map[string]int{"SP": 0, "SU": 1, "FA": 2, "WI": 3}

// seasonYear resolves a season named without a year. shift is -1 for
// "last", +1 for "next", 0 otherwise; "this summer" is the reference
// year's, and a bare season is the current or latest past one, or the next
// one in a future clause.
func (c *dateCtx) seasonYear(code string, shift int, this, future bool) int {
	cur := dateSeasonIndex(c.ref.Year(), int(c.ref.Month()))
	want := dateSeasonOrder[code]
	// Candidate occurrence at or before the current season.
	past := cur - ((cur%4-want)+4)%4
	next := past
	if next < cur {
		next += 4
	}
	var idx int
	switch {
	case shift < 0:
		idx = past
		if idx == cur {
			idx -= 4
		}
	case shift > 0:
		idx = next
		if idx == cur {
			idx += 4
		}
	case this:
		return c.ref.Year() - dateBoolInt(want == 3 && c.ref.Month() <= 2)
	case future:
		idx = next
	default:
		idx = past
	}
	return idx / 4
}

func dateBoolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

var (
	dateMonthPrefixRe   = regexp.MustCompile(`^\d{4}-\d\d(?:-\d\d)?$`)
	dateWeekPrefixRe    = regexp.MustCompile(`^\d{4}-W\d\d`)
	dateQuarterPrefixRe = regexp.MustCompile(`^\d{4}-Q[1-4]$`)
)

// dateAnaphorValue is the value of "that <unit>" given last, the latest
// date the text named (a TIMEX3 value, "" for none): the unit of last
// holding it, with X for what last does not say, moved by shift units.
func dateAnaphorValue(last, unit string, shift int) string {
	if shift != 0 {
		return dateShiftValue(dateAnaphorValue(last, unit, 0), unit, shift)
	}
	year := "XXXX"
	if len(last) >= 4 {
		year = last[:4]
	}
	var day time.Time
	isDay := false
	if dateDayValueRe.MatchString(last) && !strings.HasPrefix(last, "X") {
		if t, err := time.Parse("2006-01-02", last); err == nil {
			day, isDay = t, true
		}
	}
	month := ""
	if dateMonthPrefixRe.MatchString(last) {
		month = last[:7]
	}
	switch unit {
	case "day":
		switch {
		case isDay:
			return last
		case month != "":
			return month + "-XX"
		}
		return year + "-XX-XX"
	case "week", "weekend":
		w := year + "-WXX"
		switch {
		case isDay:
			w = dateWeekValue(day)
		case dateWeekPrefixRe.MatchString(last):
			w = last[:8]
		}
		if unit == "weekend" {
			w += "-WE"
		}
		return w
	case "month":
		if month != "" {
			return month
		}
		return year + "-XX"
	case "quarter":
		switch {
		case dateQuarterPrefixRe.MatchString(last):
			return last
		case month != "":
			return fmt.Sprintf("%s-Q%d", year, (dateAtoi(month[5:])-1)/3+1)
		}
		return year + "-QX"
	}
	return year
}

// dateShiftWeekday is the weekday w strictly before (dir < 0) or after
// last, a YYYY-MM-DD value; an unknown anchor stays unknown.
func dateShiftWeekday(last string, w time.Weekday, dir int) string {
	t, err := time.Parse("2006-01-02", last)
	if err != nil {
		return fmt.Sprintf("XXXX-WXX-%d", dateISODay(w))
	}
	if dir < 0 {
		back := (int(t.Weekday())-int(w)+6)%7 + 1
		return dateYMD(t.AddDate(0, 0, -back))
	}
	ahead := (int(w)-int(t.Weekday())+6)%7 + 1
	return dateYMD(t.AddDate(0, 0, ahead))
}

// dateShiftValue moves a year, month, week or quarter value by n units;
// a value with X in it stays as it is.
func dateShiftValue(v, unit string, n int) string {
	if strings.Contains(v, "X") {
		return v
	}
	y := dateAtoi(v[:4])
	switch unit {
	case "year":
		return dateYearValue(y + n)
	case "month":
		return dateMonthValue(y, dateAtoi(v[5:7])+n)
	case "quarter":
		return dateQuarterValue(y*4 + dateAtoi(v[6:7]) - 1 + n)
	case "week", "weekend":
		t := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC) // in ISO week 1
		t = t.AddDate(0, 0, 7*(dateAtoi(v[6:8])-1+n))
		w := dateWeekValue(t)
		if unit == "weekend" {
			w += "-WE"
		}
		return w
	}
	return v
}
