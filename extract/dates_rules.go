package extract

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Pattern fragments shared by the date rules. They are non-capturing so
// that each rule numbers its own groups.
const dateFragmentMonth = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`

var dateFragments = strings.NewReplacer(
	"{MON}", dateFragmentMonth,
	"{MONFULL}", `(?:january|february|march|april|may|june|july|august|september|october|november|december)`,
	"{DAY}", `(?:(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?|(?:twenty|thirty)[\s-](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|one|two|three|four|five|six|seven|eight|nine)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)`,
	"{YEAR}", `(?:1\d{3}|20\d{2}|21\d{2})`,
	// {YEARX} adds years spelled out, as broadcast transcripts write them.
	"{YEARX}", `(?:1\d{3}|20\d{2}|21\d{2}|(?:(?:eighteen|nineteen|twenty)[\s-](?:(?:oh|zero)[\s-](?:one|two|three|four|five|six|seven|eight|nine)|(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?)|two\s+thousand(?:\s+(?:and\s+)?(?:(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|(?:one|two|three|four|five|six|seven|eight|nine)))?))`,
	// {YEARK} is a year spelled with "thousand": "one thousand seven
	// hundred and eighty nine", "two thousand and twenty seven".
	"{YEARK}", `(?:(?:one|two)\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine)\s+hundred)?(?:\s+(?:and\s+)?(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine))?)`,
	// {HUNDREDS} is a number from 100 to 999 in words.
	"{HUNDREDS}", `(?:(?:one|two|three|four|five|six|seven|eight|nine)\s+hundred(?:\s+(?:and\s+)?(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine))?)`,
	"{WD}", `(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)`,
	"{NUM}", `(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|several|many|some|a\s+few|few|a\s+couple\s+of|couple\s+of|(?:twenty|thirty|forty|fifty)-(?:one|two|three|four|five|six|seven|eight|nine))`,
	"{UNIT}", `(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur(?:y|ie))s?`,
)

// dateRe compiles a rule. Rules are matched against ASCII-lower-cased
// text (same byte offsets), so they are written in lower case and need no
// (?i), whose case folding costs a third of the matching time.
func dateRe(p string) *regexp.Regexp {
	return regexp.MustCompile(dateFragments.Replace(p))
}

// dateBuildRules lists the rules. Order matters only to break ties between
// matches of equal length: the earlier rule wins.
func dateBuildRules() []dateRule {
	return []dateRule{
		{name: "iso", re: dateRe(`\b({YEAR})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b`), resolve: dateResolveYMD},
		{name: "ymd", re: dateRe(`\b({YEAR})[/.-](0?[1-9]|1[0-2])[/.-](0?[1-9]|[12]\d|3[01])\b`), resolve: dateResolveYMD},
		{name: "ymd-month", re: dateRe(`\b({YEAR})[-/]({MON})[-/](\d{1,2})\b`), resolve: dateResolveYMonD},
		{name: "numeric", re: dateRe(`\b(\d{1,2})([/.-])(\d{1,2})(?:[/.-]|,\s*)(\d{4}|\d{2})\b`), resolve: dateResolveNumeric},
		{name: "numeric-md", re: dateRe(`\b(?:on|in|by|until|till|through|since|before|after|back|dated|{WD})\s+(\d{1,2})/(\d{1,2})\b`), resolve: dateResolveNumericMD},
		{name: "numeric-md", re: dateRe(`\b(?:on|in|{WD})\s+(\d{1,2})[.-](\d{1,2})\b`), resolve: dateResolveNumericMD},
		{name: "mdy", re: dateRe(`\b({MON})(?:\.\s*|\s+|[-/]|\s*,\s*|)(?:the\s+)?({DAY})\b(?:(?:\s*,\s*|\s+)(?:of\s+)?({YEARX})\b)?`), resolve: dateResolveMDY},
		{name: "dmy", re: dateRe(`\b(?:the\s+)?({DAY})(?:\.\s*|\s+|-|)(?:of\s+)?({MON})\b(?:\.?(?:\s*,\s*|\s+)(?:of\s+)?({YEARX})\b)?`), resolve: dateResolveDMY},
		{name: "weekday-md", re: dateRe(`\b({WD})[ \t]+(?:the[ \t]+({DAY}|(?:thirty[\s-])?one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty)|(\d{1,2}(?:st|nd|rd|th)?))\b`), resolve: dateResolveWeekdayDay},
		{name: "weekdays-from-now", re: dateRe(`\b({NUM})\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\s+(from\s+now|later|ago|earlier)\b`), resolve: dateResolveWeekdaysFromNow},
		{name: "month-year", re: dateRe(`\b({MON})\.?(?:\s*,\s*|\s+)(?:of\s+)?({YEARX})\b`), resolve: dateResolveMonthYear},
		{name: "month-year", re: dateRe(`\b({MON})\.?\s+'(\d\d)\b`), resolve: dateResolveMonthYear},
		{name: "month-year", re: dateRe(`\b({MON})\.?\s+([4-9]\d)\b`), resolve: dateResolveMonthYear},
		{name: "year-month", re: dateRe(`\b({YEAR})(?:\s*,\s*|\s+)({MON})\b`), resolve: dateResolveYearMonth},
		{name: "year-month", re: dateRe(`\b({YEAR})\s*[-/]\s*(0?[1-9]|1[0-2])\b`), resolve: dateResolveYearMonthNum},
		{name: "month-year", re: dateRe(`\b(0?[1-9]|1[0-2])\s*[-/]\s*({YEAR})\b`), resolve: dateResolveMonthNumYear},
		{name: "quarter", re: dateRe(`\b(?:q([1-4])|([1-4])q)\s*(?:of\s+)?'?({YEAR}|\d\d)\b`), resolve: dateResolveQYear},
		{name: "quarter", re: dateRe(`\b({YEAR})\s*q([1-4])\b`), resolve: dateResolveYearQ},
		{name: "half", re: dateRe(`\bh([12])\s*({YEAR})\b`), resolve: dateResolveHYear},
		{name: "quarter", re: dateRe(`\b(?:(the|its|this|last|next|that)\s+)?(?:(this|last|next)\s+year's\s+)?((?:(?:comparable|corresponding|latest|current|recent|previous|same|year-ago|year-earlier|fiscal|flat|(?:\d{4}))[\s-]+)*)(?:(first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+)?(?:fiscal[\s-]+)?(quarter|period)\b(?:\s+(?:of\s+)?(?:({YEAR})|(this|last|next)\s+year)|\s+(a\s+year\s+(?:ago|earlier)))?`), resolve: dateResolveQuarter},
		{name: "half", re: dateRe(`\b(?:the\s+)?(first|second|latter|last|1st|2nd)\s+half\s+(?:of\s+)?(?:({YEAR})|(this|last|next)\s+year|(the)\s+year)`), resolve: dateResolveHalf},
		{name: "half", re: dateRe(`\b(?:the\s+)?(first|last|final)\s+two\s+quarters\s+(?:of\s+)?(?:({YEAR})|(this|last|next)\s+year|(the)\s+year)`), resolve: dateResolveHalf},
		{name: "season", re: dateRe(`\b(?:(this|last|next|the|that|coming|past)\s+)?(spring|summer|autumn|fall|winter)\b(?:\s+(?:of\s+)?({YEARX})\b)?`), resolve: dateResolveSeason},
		{name: "decade", re: dateRe(`\b(?:the\s+)?(1[0-9]|20)(\d)0['’]?s\b`), resolve: dateResolveDecade},
		{name: "decade", re: dateRe(`(?:\bthe\s+)?['’](\d)0['’]?s\b`), resolve: dateResolveDecadeShort},
		{name: "century", re: dateRe(`\b(?:the\s+)?(\d{1,2}(?:st|nd|rd|th)|(?:twenty|nineteen|eighteen|seventeen)\w*|twenty[\s-]first|twentieth|nineteenth|eighteenth)[\s-]century\b`), resolve: dateResolveCentury},
		{name: "fiscal-year", re: dateRe(`\bfiscal(?:\s+|-)(?:year\s+)?({YEAR})\b`), resolve: dateResolveYearOnly},
		{name: "year-end", re: dateRe(`\b(?:the\s+)?(?:year[\s-]end|year's\s+end)\b`), resolve: dateResolveYearEnd},
		{name: "part-of-unit", re: dateRe(`\b(?:the\s+)?(start|beginning|middle|end|close)\s+of\s+(?:the|this)\s+(year|month|week)\b`), resolve: dateResolvePartOfUnit},
		{name: "relative-day", re: dateRe(`\b(?:the\s+day\s+(before|after)\s+)?(yesterday|today|tomorrow|tmrw|tonight)\b(?:\s+(?:morning|afternoon|evening|night))?`), resolve: dateResolveRelDay},
		{name: "anchored-day", re: dateRe(`\b(?:the\s+)?(next|following|previous)\s+(?:day|morning|afternoon|evening|night)\b`), resolve: dateResolveAnchoredDay},
		{name: "anchored-day", re: dateRe(`\bthe\s+day\s+(before|after)\b`), resolve: dateResolveAnchoredDay},
		{name: "day-before-weekday", re: dateRe(`\b(?:the\s+)?day\s+(before|after)\s+(?:(last|this|next|past|coming)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b`), resolve: dateResolveDayBeforeWeekday},
		{name: "anchored-weekday", re: dateRe(`\bthe\s+(previous|following)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b`), resolve: dateResolveAnchoredWeekday},
		{name: "that-unit", re: dateRe(`\b(?:(earlier|later)\s+)?that\s+(?:same\s+)?(day|week|weekend|month|year|quarter)\b`), resolve: dateResolveThatUnit},
		{name: "anchored-unit", re: dateRe(`\bthe\s+(following|previous|preceding)\s+(week|month|quarter|year)\b`), resolve: dateResolveAnchoredUnit},
		{name: "the-unit", re: dateRe(`\b(?:for|during|in|of|over|through|throughout)\s+(the\s+(week|year))\b`), resolve: dateResolveTheUnit},
		{name: "week-of", re: dateRe(`\b(?:the\s+)?(week\s+of|week\s+(?:commencing|beginning|starting)(?:\s+on)?|w/c)\s+(?:{WD},?\s+)?({MON})\.?\s*({DAY})\b(?:,?\s*({YEAR})\b)?`), resolve: dateResolveWeekOf},
		{name: "week-of", re: dateRe(`\b(?:the\s+)?(week\s+of|week\s+(?:commencing|beginning|starting)(?:\s+on)?|w/c)\s+(?:{WD},?\s+)?(?:the\s+)?({DAY})\s+(?:of\s+)?({MON})\b(?:,?\s*({YEAR})\b)?`), resolve: dateResolveWeekOf},
		{name: "clock-weekday", re: dateRe(`\b(1[0-2]|0?[1-9])(?::([0-5]\d))?\s*([ap])\.?m\b\.?(?:\s+[a-z][sd]t\b)?\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b`), resolve: dateResolveClockWeekday},
		{name: "weekday", re: dateRe(`\b(?:(this|next|last)\s+week\s+(?:on\s+)?)?(?:(last|this|next|past|coming)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|thurs)\b(?:\s+(?:morning|afternoon|evening|night))?(?:,?\s+(?:of\s+)?(this|next|last)\s+week\b)?`), resolve: dateResolveWeekday},
		{name: "relative-unit", re: dateRe(`\b(?:(the)\s+)?(this\s+past|last|this|next|past|coming|upcoming|current|previous)\s+(week|weekend|month|year|quarter|decade)\b`), resolve: dateResolveRelUnit},
		{name: "relative-unit", re: dateRe(`\bthe\s+(weekend)\b`), resolve: dateResolveRelUnit},
		{name: "relative-unit", re: dateRe(`\b(?:on|at|over)\s+(weekend)\b`), resolve: dateResolveBareWeekend},
		{name: "relative-unit", re: dateRe(`\b(?:my|our|your)\s+(week|weekend)\b`), resolve: dateResolvePossessiveUnit},
		{name: "earlier-this", re: dateRe(`\b(earlier|later)\s+(?:this|in\s+the)\s+(year|month|week)\b`), resolve: dateResolveEarlierThis},
		{name: "ago", re: dateRe(`\b(?:(?:about|some|nearly|almost|more\s+than|less\s+than|over|roughly|approximately|just|only)\s+)?((?:(?:{NUM})[\s-]+(?:day|week|month|year|decade|centur)(?:y|ies|s)?(?:\s*,\s*|\s+and\s+|\s+))*)({NUM})[\s-]+(day|week|month|year|decade|centur)(?:y|ies|s)?(?:\s+or\s+so)?\s+(ago|earlier|later|from\s+now|hence|(?:from|after|before)\s+(?:today|tomorrow|yesterday))\b`), resolve: dateResolveAgo},
		{name: "year-ago", re: dateRe(`\b(?:the\s+)?(year-ago|year-earlier)\b`), resolve: dateResolveYearAgoAdj},
		{name: "fiscal-year", re: dateRe(`\b(?:the\s+)?(current|latest|last|next|full|fiscal)(?:\s+(?:full|fiscal))?(?:\s+|-)year\b`), resolve: dateResolveFiscalYear},
		{name: "holiday", re: dateRe(`\b(?:(last|this|next)\s+)?(thanksgiving(?:\s+day)?|christmas(?:\s+day|\s+eve)?|new\s+year's(?:\s+day|\s+eve)|independence\s+day|halloween|valentine's\s+day)\b`), resolve: dateResolveHoliday},
		{name: "spelled-year", re: dateRe(`\b(?:(?:the\s+)?year\s+)?(nineteen|twenty)[\s-](?:hundred\s+(?:and\s+)?)?(ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](one|two|three|four|five|six|seven|eight|nine))?\b`), resolve: dateResolveSpelledYear},
		{name: "spelled-year", re: dateRe(`\b(?:(?:the\s+)?year\s+)?({YEARK})\b`), resolve: dateResolveSpelledYear},
		{name: "spelled-year", re: dateRe(`\b(?:the\s+)?year\s+(\d{3}|{HUNDREDS})\b`), resolve: dateResolveSpelledYear},
		{name: "ref-word", re: dateRe(`\b(now|currently|recently|nowadays|the\s+future|the\s+past|then[\s-]current|current|recent\s+(?:years|days|weeks|months))\b`), resolve: dateResolveRefWord},
		{name: "month", re: dateRe(`\b(?:(last|this|next|coming|past)\s+)?({MONFULL}|sept\b\.?)(?:\s+(this|last|next)\s+year\b)?`), resolve: dateResolveMonth},
		{name: "nth-weekday", re: dateRe(`\b(?:the\s+)?(first|second|third|fourth|fifth|last)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b(?:\s+(?:of|in)\s+(?:({MONFULL})\b|(this|next|last)\s+month\b))?`), resolve: dateResolveNthWeekday},
		{name: "day-of-month", re: dateRe(`\b(?:the\s+)?((?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)|(?:twenty|thirty)[\s-](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)\s+(?:of\s+)?(this|next|last)\s+month\b`), resolve: dateResolveDayOfMonth},
		{name: "day-of-month", re: dateRe(`\b(?:on|for|by|until|since|before|after|from)\s+((?:the\s+)?({DAY}))\b`), resolve: dateResolveTheNth},
		{name: "week-of-year", re: dateRe(`\b(?:the\s+)?(first|second|third|fourth|fifth|last|\d{1,2}(?:st|nd|rd|th))\s+week\s+(?:of\s+)?(?:({YEARX})|(this|next|last)\s+year)\b`), resolve: dateResolveWeekOfYear},
		{name: "after-next", re: dateRe(`\bthe\s+(week|weekend|month|year)\s+after\s+(?:the\s+)?next\b`), resolve: dateResolveAfterNext},
		{name: "year", re: dateRe(`\b({YEAR})\b`), resolve: dateResolveYear},
		// Durations are matched only so that their parts are not read as
		// dates: "the past 48 hours" holds no date, "five years" is not
		// "five years ago".
		{name: "duration", duration: true, re: dateRe(`\b(?:(?:the|a|an)\s+)?(?:(?:past|last|next|first|coming|previous|following|final|recent|initial|latest|other)\s+)?(?:{NUM}|\d+(?:\.\d+)?)(?:\s+and\s+a\s+half)?(?:\s+or\s+(?:so|more|\w+))?[\s-]+{UNIT}\b(?:[\s-](?:long|old))?`)},
		{name: "duration", duration: true, re: dateRe(`\bthe\s+(?:past|last|next|coming|previous|following|first|latest)\s+(?:few\s+|several\s+|couple\s+of\s+)?{UNIT}\b`)},
		{name: "duration", duration: true, re: dateRe(`\b(?:\d+|{NUM})\s*(?:-|\s)?(?:percent|per\s+cent|%)`)},
	}
}

func dateAtoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// dateFullYear widens a two-digit year: within the century of the
// reference date when that lands at most twenty years ahead of it,
// otherwise the century before.
func (c *dateCtx) dateFullYear(s string) int {
	y := dateAtoi(s)
	if len(s) > 2 {
		return y
	}
	base := 2000
	if c.known() {
		base = c.ref.Year() / 100 * 100
	}
	if y > c.refYearOr(base+30)%100+20 {
		return base - 100 + y
	}
	return base + y
}

func (c *dateCtx) refYearOr(y int) int {
	if c.known() {
		return c.ref.Year()
	}
	return y
}

func dateDayValue(y, m, d int) (dateVal, bool) {
	if !dateValid(y, m, d) {
		return dateVal{}, false
	}
	return dateVal{value: fmt.Sprintf("%04d-%02d-%02d", y, m, d)}, true
}

// dateNoYear resolves a month and day without a year against the
// reference date, or keeps the year as XXXX.
func (c *dateCtx) dateNoYear(m, d, start, end int) (dateVal, bool) {
	if !dateValid(2000, m, d) {
		return dateVal{}, false
	}
	if !c.known() {
		return dateVal{value: fmt.Sprintf("XXXX-%02d-%02d", m, d)}, true
	}
	fut := c.future(start, end) || c.deadline(start)
	y := c.dayYear(m, d, fut)
	// 29 February: the nearest leap year in the clause's direction.
	for i := 0; i < 4 && !dateValid(y, m, d); i++ {
		if fut {
			y++
		} else {
			y--
		}
	}
	if !dateValid(y, m, d) {
		return dateVal{}, false
	}
	return dateDayValue(y, m, d)
}

func dateResolveYMD(c *dateCtx, m []int) (dateVal, bool) {
	return dateDayValue(dateAtoi(c.group(m, 1)), dateAtoi(c.group(m, 2)), dateAtoi(c.group(m, 3)))
}

func dateResolveYMonD(c *dateCtx, m []int) (dateVal, bool) {
	return dateDayValue(dateAtoi(c.group(m, 1)), dateMonthNum(c.group(m, 2)), dateAtoi(c.group(m, 3)))
}

// dateNumberContext rejects numeric forms glued to more digits or
// decimals, which are scores, prices or versions rather than dates.
func (c *dateCtx) dateNumberContext(start, end int) bool {
	if start > 0 && strings.ContainsAny(c.text[start-1:start], "./-:,$") {
		return false
	}
	if end < len(c.text) && strings.ContainsAny(c.text[end:end+1], "/%") {
		return false
	}
	if end+1 < len(c.text) && strings.ContainsAny(c.text[end:end+1], ".,-:") && c.text[end+1] >= '0' && c.text[end+1] <= '9' {
		return false
	}
	return true
}

func dateResolveNumeric(c *dateCtx, m []int) (dateVal, bool) {
	if !c.dateNumberContext(m[0], m[1]) {
		return dateVal{}, false
	}
	a, b := dateAtoi(c.group(m, 1)), dateAtoi(c.group(m, 3))
	y := c.dateFullYear(c.group(m, 4))
	mo, d := a, b
	// Dotted dates and day-first numbers are European; the rest is read
	// month first, as US news writes them.
	if c.group(m, 2) == "." || a > 12 {
		mo, d = b, a
	}
	return dateDayValue(y, mo, d)
}

func dateResolveNumericMD(c *dateCtx, m []int) (dateVal, bool) {
	s, e := m[2], m[5]
	if !c.dateNumberContext(s, e) {
		return dateVal{}, false
	}
	a, b := dateAtoi(c.group(m, 1)), dateAtoi(c.group(m, 2))
	// "24/7" is a figure of speech, not the 24th of July.
	if a == 24 && b == 7 {
		return dateVal{}, false
	}
	mo, d := a, b
	if a > 12 {
		mo, d = b, a
	}
	v, ok := c.dateNoYear(mo, d, s, e)
	v.start, v.end = s, e
	return v, ok
}

// dateModalMonth reports a lower-case "may" or "march" that, with nothing
// to anchor it as a date, is more likely the verb.
func dateModalMonth(word string, hasYear bool) bool {
	return !hasYear && (word == "may" || word == "march" || word == "mar")
}

func dateResolveMDY(c *dateCtx, m []int) (dateVal, bool) {
	mon := c.group(m, 1)
	mo := dateMonthNum(mon)
	d := dateDayNum(c.group(m, 2))
	if mo == 0 || d == 0 {
		return dateVal{}, false
	}
	hasYear := c.has(m, 3)
	if dateModalMonth(mon, hasYear) && !strings.ContainsAny(c.group(m, 2), "stndrh") {
		return dateVal{}, false
	}
	// Only what follows matters: "Jun-15" may follow "Friday-".
	if !hasYear && !c.dateNumberContext(m[1], m[1]) {
		return dateVal{}, false
	}
	if hasYear {
		return dateDayValue(dateYearNum(c.group(m, 3)), mo, d)
	}
	return c.dateNoYear(mo, d, m[0], m[1])
}

func dateResolveDMY(c *dateCtx, m []int) (dateVal, bool) {
	if m[0] > 0 && strings.ContainsAny(c.text[m[0]-1:m[0]], ".,0123456789") {
		return dateVal{}, false // "6,107.31 August 2019"
	}
	mo := dateMonthNum(c.group(m, 2))
	d := dateDayNum(c.group(m, 1))
	if mo == 0 || d == 0 {
		return dateVal{}, false
	}
	if c.has(m, 3) {
		return dateDayValue(dateYearNum(c.group(m, 3)), mo, d)
	}
	// "the second may be ...": a lower-case "may" or "march" after a
	// number is the verb unless "of" joins them.
	if dateModalMonth(c.group(m, 2), false) && !strings.Contains(strings.ToLower(c.text[m[0]:m[1]]), " of ") {
		return dateVal{}, false
	}
	return c.dateNoYear(mo, d, m[0], m[1])
}

// dateResolveWeekdayDay handles "Saturday the second", "Friday the 15th":
// a weekday with a day of the month, in the reference month.
func dateResolveWeekdayDay(c *dateCtx, m []int) (dateVal, bool) {
	if _, ok := dateWeekday(c.group(m, 1)); !ok {
		return dateVal{}, false
	}
	ds := c.group(m, 2)
	if ds == "" {
		ds = c.group(m, 3)
	}
	d := dateDayNum(ds)
	if d == 0 || d > 31 || !c.dateNumberContext(m[0], m[1]) {
		return dateVal{}, false
	}
	if !c.known() {
		return dateVal{value: fmt.Sprintf("XXXX-XX-%02d", d)}, true
	}
	return dateDayValue(c.ref.Year(), int(c.ref.Month()), d)
}

func dateResolveMonthYear(c *dateCtx, m []int) (dateVal, bool) {
	mo := dateMonthNum(c.group(m, 1))
	if mo == 0 {
		return dateVal{}, false
	}
	y := c.group(m, 2)
	if len(y) > 4 {
		return dateVal{value: dateMonthValue(dateYearNum(y), mo)}, true
	}
	return dateVal{value: dateMonthValue(c.dateFullYear(y), mo)}, true
}

func dateResolveYearMonth(c *dateCtx, m []int) (dateVal, bool) {
	mo := dateMonthNum(c.group(m, 2))
	if mo == 0 || dateModalMonth(c.group(m, 2), false) {
		return dateVal{}, false
	}
	return dateVal{value: dateMonthValue(dateAtoi(c.group(m, 1)), mo)}, true
}

func dateResolveYearMonthNum(c *dateCtx, m []int) (dateVal, bool) {
	if !c.dateNumberContext(m[0], m[1]) {
		return dateVal{}, false
	}
	// "2010-11" is a season or fiscal year, the second number being the
	// next year's last digits; "2016-11" can only be a month.
	mo := c.group(m, 2)
	y := dateAtoi(c.group(m, 1))
	if len(mo) == 2 && mo[0] != '0' && !strings.ContainsAny(c.text[m[0]:m[1]], " /") && dateAtoi(mo) == (y+1)%100 {
		return dateVal{}, false
	}
	return dateVal{value: dateMonthValue(y, dateAtoi(mo))}, true
}

func dateResolveMonthNumYear(c *dateCtx, m []int) (dateVal, bool) {
	if !c.dateNumberContext(m[0], m[1]) {
		return dateVal{}, false
	}
	return dateVal{value: dateMonthValue(dateAtoi(c.group(m, 2)), dateAtoi(c.group(m, 1)))}, true
}

func dateResolveQYear(c *dateCtx, m []int) (dateVal, bool) {
	q := c.group(m, 1)
	if q == "" {
		q = c.group(m, 2)
	}
	return dateVal{value: fmt.Sprintf("%04d-Q%s", c.dateFullYear(c.group(m, 3)), q)}, true
}

func dateResolveYearQ(c *dateCtx, m []int) (dateVal, bool) {
	return dateVal{value: fmt.Sprintf("%s-Q%s", c.group(m, 1), c.group(m, 2))}, true
}

func dateResolveHYear(c *dateCtx, m []int) (dateVal, bool) {
	return dateVal{value: fmt.Sprintf("%s-H%s", c.group(m, 2), c.group(m, 1))}, true
}

var dateOrdinalQuarter = map[string]int{
	"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
	"fourth": 4, "4th": 4, "final": 4,
}

// dateResolveQuarter reads financial-news quarters. Without a year a
// numbered quarter is the latest one of that number not after the current
// quarter; "the quarter" and "the latest quarter" are the last completed
// one, which is what earnings reports are about.
func dateResolveQuarter(c *dateCtx, m []int) (dateVal, bool) {
	det := strings.ToLower(c.group(m, 1))
	yearRel := strings.ToLower(c.group(m, 2))
	adjs := strings.ToLower(c.group(m, 3))
	ord := strings.ToLower(c.group(m, 4))
	noun := strings.ToLower(c.group(m, 5))
	year := c.group(m, 6)
	suffixRel := strings.ToLower(c.group(m, 7))
	yearAgo := c.has(m, 8)
	end := m[1]
	if end < len(c.text) && c.text[end] == '-' {
		return dateVal{}, false // "a quarter-century", "quarter-point"
	}
	if det == "" && yearRel == "" && adjs == "" && ord == "" {
		return dateVal{}, false
	}
	if det == "that" && yearRel == "" && adjs == "" && ord == "" && year == "" && suffixRel == "" && !yearAgo {
		return dateVal{}, false // "that quarter" refers back: that-unit
	}
	// "period" is a quarter only in earnings language: "the year-ago
	// period", "the latest period", "the 1989 period".
	if noun == "period" && (ord != "" || strings.TrimSpace(adjs) == "" || strings.Contains(adjs, "fiscal") || strings.TrimSpace(adjs) == "same") {
		return dateVal{}, false
	}
	n := dateOrdinalQuarter[ord]
	if ord == "final" {
		n = 4
	}
	if y := dateYearInAdjs(adjs); year == "" && y != "" {
		year = y
	}
	if year != "" {
		if n == 0 {
			// "the 1988 period" style: the same quarter as the latest one,
			// in that year.
			if !c.known() {
				return dateVal{value: year + "-QX"}, true
			}
			last := c.quarterIndex() - 1
			return dateVal{value: fmt.Sprintf("%s-Q%d", year, last%4+1), ofReported: true, reportedYear: dateAtoi(year)}, true
		}
		return dateVal{value: fmt.Sprintf("%s-Q%d", year, n)}, true
	}
	if n == 0 && noun == "quarter" {
		// "the quarter ended July 31": the calendar quarter holding most
		// of the three months that end then.
		if em := dateQuarterEndedRe.FindStringSubmatch(c.text[end:min(len(c.text), end+40)]); em != nil {
			mo := dateMonthNum(em[1])
			y := 0
			switch {
			case em[2] != "":
				y = dateAtoi(em[2])
			case c.known():
				y = c.monthYear(mo, false)
			}
			if y != 0 {
				return dateVal{value: dateQuarterValue(y*4 + ((mo+10)%12)/3 - dateBoolInt(mo == 1)*4)}, true
			}
		}
	}
	back := 0
	if strings.Contains(adjs, "year-ago") || strings.Contains(adjs, "year-earlier") || yearAgo {
		back = 4
	}
	if !c.known() {
		if n == 0 {
			return dateVal{value: "XXXX-QX"}, true
		}
		return dateVal{value: fmt.Sprintf("XXXX-Q%d", n)}, true
	}
	cur := c.quarterIndex()
	rel := yearRel
	if rel == "" {
		rel = suffixRel
	}
	if rel != "" {
		if n == 0 {
			n = (cur-1)%4 + 1
		}
		y := c.ref.Year()
		switch rel {
		case "last":
			y--
		case "next":
			y++
		}
		return dateVal{value: fmt.Sprintf("%04d-Q%d", y, n)}, true
	}
	var q int
	switch {
	case n > 0:
		q = cur - ((cur%4 - (n - 1) + 4) % 4)
		if q == cur && !c.future(m[0], m[1]) && strings.Contains(adjs, "latest") {
			q -= 4
		}
		v := dateVal{value: dateQuarterValue(q - back)}
		v.reports = back == 0 && c.reportsQuarter(m[0], end, adjs)
		return v, true
	case det == "this" && !c.future(m[0], m[1]) && dateResultsAfterRe.MatchString(c.text[end:min(len(c.text), end+30)]):
		// "This quarter's loss includes ...": the results the story
		// reports, as "the quarter" would be.
		return dateVal{value: dateQuarterValue(cur - 1 - back), ofReported: true, reportedBack: back}, true
	case det == "this" || strings.Contains(adjs, "current"):
		q = cur
	case det == "next":
		q = cur + 1
	default:
		// "the quarter", "the latest period": the one the story reports
		// on, which Dates takes from the text when it names one.
		return dateVal{value: dateQuarterValue(cur - 1 - back), ofReported: true, reportedBack: back}, true
	}
	return dateVal{value: dateQuarterValue(q - back)}, true
}

var (
	// dateResultsAfterRe is a quarter's results named after it.
	dateResultsAfterRe = regexp.MustCompile(`(?i)^(?:'s|’s)\s+(?:net\s+|operating\s+)?(?:loss|losses|profit|profits|earnings|results|income|sales|revenue)\b`)
	dateFiscalBeforeRe = regexp.MustCompile(`(?i)\bfiscal[\s-]+(?:year[\s-]+)?$`)
	dateReportedVerbRe = regexp.MustCompile(`(?i)\b(?:reported|posted|earned|lost)\b`)
)

// reportsQuarter reports whether the numbered quarter at [start, end)
// names the period an earnings story is about, which "the quarter", "the
// latest period" and "a year earlier" then refer back to. Fiscal years
// need not follow the calendar, so such a quarter is told by the way
// results are announced: called fiscal, said to have ended, or reported
// on in the past tense ("posted a decline in fourth-quarter earnings").
// A quarter in a future clause is a forecast, and one merely mentioned
// ("after a flat second quarter") is a comparison.
func (c *dateCtx) reportsQuarter(start, end int, adjs string) bool {
	if c.future(start, end) {
		return false
	}
	return strings.Contains(adjs, "fiscal") || strings.Contains(strings.ToLower(c.text[start:end]), "fiscal") ||
		dateFiscalBeforeRe.MatchString(c.text[max(0, start-20):start]) ||
		dateQuarterEndedRe.MatchString(c.text[end:min(len(c.text), end+40)]) ||
		c.sentenceMatches(start, end, dateReportedVerbRe)
}

var dateQuarterEndedRe = regexp.MustCompile(`(?i)^\s+(?:that\s+|which\s+)?(?:ended|ending|ends)\s+(` + dateFragmentMonth + `)\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,\s*(\d{4})\b)?`)

func dateYearInAdjs(adjs string) string {
	for _, f := range strings.FieldsFunc(adjs, func(r rune) bool { return r == ' ' || r == '-' }) {
		if len(f) == 4 && f[0] >= '0' && f[0] <= '9' {
			return f
		}
	}
	return ""
}

func dateResolveHalf(c *dateCtx, m []int) (dateVal, bool) {
	h := 2
	switch strings.ToLower(c.group(m, 1)) {
	case "first", "1st":
		h = 1
	}
	if y := c.group(m, 2); y != "" {
		return dateVal{value: fmt.Sprintf("%s-H%d", y, h)}, true
	}
	if !c.known() {
		return dateVal{value: fmt.Sprintf("XXXX-H%d", h)}, true
	}
	y := c.ref.Year()
	switch strings.ToLower(c.group(m, 3)) {
	case "last":
		y--
	case "next":
		y++
	}
	return dateVal{value: fmt.Sprintf("%04d-H%d", y, h)}, true
}

var dateSeasonPrepRe = regexp.MustCompile(`(?i)\b(?:in|into|during|by|until|till|through|since|early|late|mid|over|before|after|of|this|last|next)[\s-]*$`)

func dateResolveSeason(c *dateCtx, m []int) (dateVal, bool) {
	det := strings.ToLower(c.group(m, 1))
	name := strings.ToLower(c.group(m, 2))
	code := dateSeasonCodes[name]
	year := c.group(m, 3)
	if year != "" {
		return dateVal{value: fmt.Sprintf("%04d-%s", dateYearNum(year), code)}, true
	}
	// "the spring in the mattress", "the fall of Kabul": without a year or
	// "last"/"next", a season needs a preposition such as "in" before it.
	before := c.text[max(0, m[0]-20):m[0]]
	if (det == "" || det == "the" || det == "that") && !dateSeasonPrepRe.MatchString(before) {
		return dateVal{}, false
	}
	if m[1] < len(c.text) && strings.HasPrefix(strings.ToLower(c.text[m[1]:]), " of ") {
		return dateVal{}, false
	}
	if !c.known() {
		return dateVal{value: "XXXX-" + code}, true
	}
	shift := 0
	switch det {
	case "last", "past":
		shift = -1
	case "next", "coming":
		shift = 1
	}
	return dateVal{value: fmt.Sprintf("%04d-%s", c.seasonYear(code, shift, det == "this", c.future(m[0], m[1])), code)}, true
}

func dateResolveDecade(c *dateCtx, m []int) (dateVal, bool) {
	return dateVal{value: c.group(m, 1) + c.group(m, 2)}, true
}

func dateResolveDecadeShort(c *dateCtx, m []int) (dateVal, bool) {
	d := c.group(m, 1)
	century := "19"
	if c.known() && c.ref.Year() >= 2000 && dateAtoi(d)*10 <= c.ref.Year()%100 {
		century = "20"
	}
	return dateVal{value: century + d}, true
}

var dateCenturyWords = map[string]int{
	"twenty first": 21, "twenty-first": 21, "twentieth": 20, "nineteenth": 19,
	"eighteenth": 18, "seventeenth": 17,
}

func dateResolveCentury(c *dateCtx, m []int) (dateVal, bool) {
	if dateCapWordRe.MatchString(c.text[m[1]:]) {
		return dateVal{}, false // "20th Century Fox"
	}
	w := strings.ToLower(c.group(m, 1))
	n, ok := dateCenturyWords[w]
	if !ok {
		n = dateAtoi(strings.TrimRight(w, "stndrh"))
	}
	if n < 1 || n > 30 {
		return dateVal{}, false
	}
	return dateVal{value: fmt.Sprintf("%02d", n-1)}, true
}

func dateResolveYearOnly(c *dateCtx, m []int) (dateVal, bool) {
	return dateVal{value: c.group(m, 1)}, true
}

// dateResolveYearEnd reads "year-end" as the end of the reference year,
// or of the year before when counted from ("since year-end").
func dateResolveYearEnd(c *dateCtx, m []int) (dateVal, bool) {
	if !c.known() {
		return dateVal{value: "XXXX", mod: ModEnd}, true
	}
	y := c.ref.Year()
	if _, _, since := c.clause(m[0], m[1]); since {
		y--
	}
	return dateVal{value: dateYearValue(y), mod: ModEnd}, true
}

func dateResolvePartOfUnit(c *dateCtx, m []int) (dateVal, bool) {
	mod := dateModFor(strings.ToLower(c.group(m, 1)))
	v := c.unitValue(strings.ToLower(c.group(m, 2)), 0)
	return dateVal{value: v, mod: mod}, true
}

// unitValue is the value of the calendar unit containing the reference
// date, shifted by n units.
func (c *dateCtx) unitValue(unit string, n int) string {
	if !c.known() {
		switch unit {
		case "week":
			return "XXXX-WXX"
		case "weekend":
			return "XXXX-WXX-WE"
		case "month":
			return "XXXX-XX"
		case "quarter":
			return "XXXX-QX"
		case "decade":
			return "XXX"
		default:
			return "XXXX"
		}
	}
	r := c.refDay()
	switch unit {
	case "week":
		return dateWeekValue(r.AddDate(0, 0, 7*n))
	case "weekend":
		return dateWeekValue(r.AddDate(0, 0, 7*n)) + "-WE"
	case "month":
		return dateMonthValue(r.Year(), int(r.Month())+n)
	case "quarter":
		return dateQuarterValue(c.quarterIndex() + n)
	case "decade":
		return fmt.Sprintf("%03d", r.Year()/10+n)
	default:
		return dateYearValue(r.Year() + n)
	}
}

func dateResolveRelDay(c *dateCtx, m []int) (dateVal, bool) {
	if c.dateTitleUse(m[0], m[1]) {
		return dateVal{}, false
	}
	word := strings.ToLower(c.group(m, 2))
	n := 0
	switch word {
	case "yesterday":
		n = -1
	case "tomorrow", "tmrw":
		n = 1
	}
	switch strings.ToLower(c.group(m, 1)) {
	case "before":
		n--
	case "after":
		n++
	}
	if !c.known() {
		return dateVal{value: "XXXX-XX-XX"}, true
	}
	return dateVal{value: dateYMD(c.refDay().AddDate(0, 0, n))}, true
}

// dateWeekdayNameHeads follow a weekday in names that are no dates: "the
// Sunday Telegraph", "the Good Friday Agreement", "Monday Night Football".
var dateWeekdayNameHeads = map[string]bool{"Telegraph": true, "Times": true, "Mirror": true,
	"Express": true, "Post": true, "Herald": true, "Mail": true, "Sport": true, "Independent": true,
	"Tribune": true, "Night": true, "Club": true, "Agreement": true, "School": true, "Service": true,
	"Prayers": true, "People": true, "Star": true, "World": true, "Business": true, "Review": true}

func dateResolveWeekday(c *dateCtx, m []int) (dateVal, bool) {
	if cm := dateCapWordRe.FindStringSubmatch(c.text[m[1]:]); cm != nil && dateWeekdayNameHeads[cm[1]] {
		return dateVal{}, false
	}
	w, ok := dateWeekday(c.group(m, 3))
	if !ok {
		return dateVal{}, false
	}
	if !c.known() {
		return dateVal{value: fmt.Sprintf("XXXX-WXX-%d", dateISODay(w))}, true
	}
	weekRel := strings.ToLower(c.group(m, 1))
	if weekRel == "" {
		weekRel = strings.ToLower(c.group(m, 4))
	}
	switch weekRel {
	case "this":
		return dateVal{value: dateYMD(c.weekdayInWeek(w, 0))}, true
	case "next":
		return dateVal{value: dateYMD(c.weekdayInWeek(w, 1))}, true
	case "last":
		return dateVal{value: dateYMD(c.weekdayInWeek(w, -1))}, true
	}
	return dateVal{value: dateYMD(c.weekdayRel(w, strings.ToLower(c.group(m, 2)), m[0], m[1]))}, true
}

// weekdayRel is weekday w said with rel ("last", "this", "next", "past",
// "coming" or "") in the mention at [start, end).
func (c *dateCtx) weekdayRel(w time.Weekday, rel string, start, end int) time.Time {
	r := c.refDay()
	switch rel {
	case "last", "past":
		t := c.weekdayNear(w, false)
		if t.Equal(r) {
			t = t.AddDate(0, 0, -7)
		}
		return t
	case "this":
		return c.weekdayInWeek(w, 0)
	case "next":
		return c.weekdayInWeek(w, 1)
	case "coming":
		t := c.weekdayNear(w, true)
		if t.Equal(r) {
			t = t.AddDate(0, 0, 7)
		}
		return t
	}
	return c.weekdayTensed(w, start, end)
}

// dateResolveDayBeforeWeekday reads "the day before last Tuesday('s
// hearing)": a day counted from a weekday, not from the narrative's last
// date as a bare "the day before" is.
func dateResolveDayBeforeWeekday(c *dateCtx, m []int) (dateVal, bool) {
	w, ok := dateWeekday(c.group(m, 3))
	if !ok {
		return dateVal{}, false
	}
	if !c.known() {
		return dateVal{value: "XXXX-XX-XX"}, true
	}
	n := 1
	if strings.ToLower(c.group(m, 1)) == "before" {
		n = -1
	}
	return dateVal{value: dateYMD(c.weekdayRel(w, strings.ToLower(c.group(m, 2)), m[0], m[1]).AddDate(0, 0, n))}, true
}

// dateResolveClockWeekday reads a deadline or schedule such as "until 9
// a.m. Tuesday" or "4 a.m. EDT Thursday": TimeML takes the clock time
// and the day as one expression whose value carries the hour. The time
// zone is the writer's, as the reference date is.
func dateResolveClockWeekday(c *dateCtx, m []int) (dateVal, bool) {
	w, ok := dateWeekday(c.group(m, 4))
	if !ok {
		return dateVal{}, false
	}
	h := dateAtoi(c.group(m, 1)) % 12
	if c.group(m, 3) == "p" {
		h += 12
	}
	clock := fmt.Sprintf("T%02d:%02d", h, dateAtoi(c.group(m, 2)))
	if !c.known() {
		return dateVal{value: fmt.Sprintf("XXXX-WXX-%d", dateISODay(w)) + clock}, true
	}
	return dateVal{value: dateYMD(c.weekdayNear(w, c.future(m[0], m[1]))) + clock}, true
}

func dateResolveRelUnit(c *dateCtx, m []int) (dateVal, bool) {
	if c.dateTitleUse(m[0], m[1]) {
		return dateVal{}, false
	}
	if c.group(m, 3) == "" {
		// bare "the weekend": the one nearest in the clause's tense.
		if !c.known() {
			return dateVal{value: "XXXX-WXX-WE"}, true
		}
		t := c.weekdayNear(time.Saturday, c.future(m[0], m[1]))
		return dateVal{value: dateWeekValue(t) + "-WE"}, true
	}
	the := c.group(m, 1) != ""
	rel := strings.Join(strings.Fields(strings.ToLower(c.group(m, 2))), " ")
	unit := strings.ToLower(c.group(m, 3))
	n := 0
	switch rel {
	case "last", "this past", "previous":
		n = -1
	case "next", "coming", "upcoming":
		n = 1
	case "past":
		// "past week" without "the" is rare and means the last one.
		n = -1
	}
	// "the past year", "the next month", "the previous year" are spans
	// of time or anchored on another event, not calendar dates.
	if the && rel != "current" {
		return dateVal{}, false
	}
	if rel == "previous" {
		return dateVal{}, false
	}
	return dateVal{value: c.unitValue(unit, n)}, true
}

func dateResolveEarlierThis(c *dateCtx, m []int) (dateVal, bool) {
	mod := ModStart
	if strings.EqualFold(c.group(m, 1), "later") {
		mod = ModEnd
	}
	return dateVal{value: c.unitValue(strings.ToLower(c.group(m, 2)), 0), mod: mod, noModExt: true}, true
}

func dateNumValue(s string) (int, bool) {
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	if n, ok := dateSmallNums[s]; ok {
		return n, true
	}
	if i := strings.IndexByte(s, '-'); i > 0 {
		a, ok1 := dateSmallNums[s[:i]]
		b, ok2 := dateSmallNums[s[i+1:]]
		if ok1 && ok2 {
			return a + b, true
		}
	}
	return 0, false
}

var dateQuarterContextRe = regexp.MustCompile(`(?i)\bquarter\b`)

var dateAgoPartRe = regexp.MustCompile(`(?i)([a-z0-9-]+(?:\s+few|\s+couple\s+of)?)[\s-]+(day|week|month|year|decade|centur)`)

// dateResolveAgo reads "two years ago", "a week earlier", "1 month 21 days
// ago", "three weeks from tomorrow". The value has the granularity of the
// smallest unit named, as TimeML does ("two years ago" is a year).
func dateResolveAgo(c *dateCtx, m []int) (dateVal, bool) {
	dir := strings.Join(strings.Fields(strings.ToLower(c.group(m, 4))), " ")
	type part struct {
		n    int
		unit string
	}
	var parts []part
	for _, pm := range dateAgoPartRe.FindAllStringSubmatch(c.group(m, 1), -1) {
		n, ok := dateNumValue(pm[1])
		if !ok {
			return dateVal{}, false
		}
		parts = append(parts, part{n, strings.ToLower(pm[2])})
	}
	unit := strings.ToLower(c.group(m, 3))
	n, ok := dateNumValue(c.group(m, 2))
	if !ok {
		if len(parts) > 0 {
			return dateVal{}, false
		}
		// "several years ago", "many years ago": TimeML's PAST_REF.
		if dir == "ago" || dir == "earlier" {
			return dateVal{value: "PAST_REF"}, true
		}
		return dateVal{value: "FUTURE_REF"}, true
	}
	parts = append(parts, part{n, unit})
	sign, anchor := 1, 0
	if dir == "ago" || dir == "earlier" || strings.HasPrefix(dir, "before") {
		sign = -1
	}
	if few := strings.Fields(strings.ToLower(c.group(m, 2))); len(parts) == 1 && unit == "year" && few[len(few)-1] == "few" && c.known() {
		// "a few years ago" counts two to four years: the decade they
		// share with its year unknown ("199X"), or only the direction
		// when they straddle two.
		a, b := c.ref.Year()+sign*2, c.ref.Year()+sign*4
		switch {
		case a/10 == b/10:
			return dateVal{value: fmt.Sprintf("%03dX", a/10)}, true
		case sign < 0:
			return dateVal{value: "PAST_REF"}, true
		default:
			return dateVal{value: "FUTURE_REF"}, true
		}
	}
	switch {
	case strings.HasSuffix(dir, "yesterday"):
		anchor = -1
	case strings.HasSuffix(dir, "tomorrow"):
		anchor = 1
	}
	if anchor != 0 || strings.HasSuffix(dir, "today") {
		// Counted from a day, the result is a day.
		unit = "day"
	}
	if !c.known() {
		switch unit {
		case "day":
			return dateVal{value: "XXXX-XX-XX"}, true
		case "week":
			return dateVal{value: "XXXX-WXX"}, true
		case "month":
			return dateVal{value: "XXXX-XX"}, true
		default:
			return dateVal{value: "XXXX"}, true
		}
	}
	t := c.refDay().AddDate(0, 0, anchor)
	for _, p := range parts {
		k := sign * p.n
		switch p.unit {
		case "day":
			t = t.AddDate(0, 0, k)
		case "week":
			t = t.AddDate(0, 0, 7*k)
		case "month":
			t = t.AddDate(0, k, 0)
		case "year":
			t = t.AddDate(k, 0, 0)
		case "decade":
			t = t.AddDate(10*k, 0, 0)
		default:
			t = t.AddDate(100*k, 0, 0)
		}
	}
	switch unit {
	case "day":
		return dateVal{value: dateYMD(t)}, true
	case "week":
		return dateVal{value: dateWeekValue(t)}, true
	case "month":
		return dateVal{value: dateMonthValue(t.Year(), int(t.Month()))}, true
	case "decade":
		return dateVal{value: fmt.Sprintf("%03d", t.Year()/10)}, true
	case "centur":
		return dateVal{value: fmt.Sprintf("%02d", t.Year()/100)}, true
	}
	// Earnings stories compare with "the quarter a year ago": the same
	// quarter of the year before, counted from the last reported one.
	if len(parts) == 1 && n == 1 && sign < 0 && anchor == 0 &&
		(c.sentenceMatches(m[0], m[1], dateQuarterContextRe) || dateQuarterContextRe.MatchString(c.text[max(0, m[0]-400):m[0]])) {
		return dateVal{value: dateQuarterValue(c.quarterIndex() - 1 - 4), ofReported: true, reportedBack: 4}, true
	}
	return dateVal{value: dateYearValue(t.Year())}, true
}

func (c *dateCtx) sentenceMatches(start, end int, re *regexp.Regexp) bool {
	lo := strings.LastIndexAny(c.text[:start], ".!?\n") + 1
	hi := strings.IndexAny(c.text[end:], ".!?\n")
	if hi < 0 {
		hi = len(c.text)
	} else {
		hi += end
	}
	return re.MatchString(c.text[lo:hi])
}

func dateResolveRefWord(c *dateCtx, m []int) (dateVal, bool) {
	w := strings.Join(strings.Fields(strings.ToLower(c.group(m, 1))), " ")
	switch w {
	case "then current", "then-current":
		return dateVal{value: "PAST_REF", noModExt: true}, true
	case "now", "currently", "nowadays", "current":
		return dateVal{value: "PRESENT_REF", noModExt: true}, true
	case "the future":
		return dateVal{value: "FUTURE_REF", noModExt: true}, true
	default:
		return dateVal{value: "PAST_REF", noModExt: true}, true
	}
}

var (
	datePrepBeforeRe = regexp.MustCompile(`(?i)\b(?:in|since|by|until|till|through|of|from|to|during|before|after|early|late|mid|and|or|between|last|this|next|end|start|beginning|middle|for|on|until|into)[\s-]*$`)
	dateCapWordRe    = regexp.MustCompile(`^\s+([A-Z][a-z]+)`)
)

func dateResolveMonth(c *dateCtx, m []int) (dateVal, bool) {
	word := c.group(m, 2)
	rel := strings.ToLower(c.group(m, 1))
	// A lower-case month needs "last", "next", ... to be read as one.
	lower := word[0] < 'A' || word[0] > 'Z'
	if lower && (rel == "" && !c.has(m, 3) || dateModalMonth(strings.ToLower(word), false)) {
		return dateVal{}, false // "this march" is a protest
	}
	before := c.text[max(0, m[0]-20):m[0]]
	lw := strings.ToLower(word)
	if rel == "" && (lw == "may" || lw == "march") && !datePrepBeforeRe.MatchString(before) {
		return dateVal{}, false
	}
	// "April Glaspie", "June Carter": a capitalised word after a bare
	// month makes it a first name, unless a preposition announces a date.
	if rel == "" && !c.has(m, 3) {
		if cm := dateCapWordRe.FindStringSubmatch(c.text[m[1]:]); cm != nil && !datePrepBeforeRe.MatchString(before) {
			if dateMonthNum(cm[1]) == 0 {
				if _, wd := dateWeekday(cm[1]); !wd {
					return dateVal{}, false
				}
			}
		}
	}
	mo := dateMonthNum(word)
	if !c.known() {
		return dateVal{value: fmt.Sprintf("XXXX-%02d", mo)}, true
	}
	var y int
	switch yr := strings.ToLower(c.group(m, 3)); {
	case yr == "this":
		y = c.ref.Year()
	case yr == "last":
		y = c.ref.Year() - 1
	case yr == "next":
		y = c.ref.Year() + 1
	case rel == "last" || rel == "past":
		// The latest past occurrence, but a month one or two back is
		// "in September" or "last month": "last September" said in
		// November means the year before's.
		y = c.ref.Year()
		if mo > int(c.ref.Month())-3 {
			y--
		}
	case rel == "next":
		y = c.ref.Year()
		if mo < int(c.ref.Month())+3 {
			y++
		}
	case rel == "coming":
		y = c.ref.Year()
		if mo <= int(c.ref.Month()) {
			y++
		}
	case rel == "this":
		y = c.ref.Year()
	default:
		y = c.monthTensed(mo, m[0], m[1], c.future(m[0], m[1]) || c.deadline(m[0]))
	}
	return dateVal{value: dateMonthValue(y, mo)}, true
}

var (
	dateQuantityNouns = func() map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(`people persons men women children kids fighters troops soldiers
			militants rebels refugees migrants civilians casualties dead deaths killed injured wounded
			victims prisoners detainees hostages police officers units shares votes seats points jobs
			homes houses buildings cases tons tonnes barrels cars vehicles trucks aircraft planes ships
			students workers employees staff members residents families households voters delegates
			dollars euros pounds rupees yuan yen won francs marks km kilometres kilometers miles metres
			meters feet foot acres hectares square hours minutes seconds days weeks months years
			calories pages words copies pieces items rounds rockets missiles bombs shells guns weapons
			stores outlets branches schools hospitals villages towns cities companies firms banks
			patients doctors nurses teachers customers users subscribers visitors tourists passengers
			participants candidates applicants signatures names`) {
			m[w] = true
		}
		return m
	}()
	dateNumberWordBeforeRe = regexp.MustCompile(`(?i)\b(?:about|some|nearly|almost|approximately|roughly|around|than|least|most|only|just|total\s+of|estimated|additional|another|over|under)\s+$`)
	dateYearPrepRe         = regexp.MustCompile(`(?i)\b(?:in|since|by|until|till|through|from|during|before|after|early|late|mid|fiscal|year|of|between|for|beginning|starting|circa|c\.|around)[\s-]*$`)
	dateNextWordRe         = regexp.MustCompile(`^\s+([A-Za-z]+)`)
	dateLastWordRe         = regexp.MustCompile(`([A-Za-z]+)(?:'s|’s)?\s+$`)
)

// dateResolveYear accepts a bare four-digit number as a year unless its
// context marks it as a quantity: a currency sign, a decimal or thousands
// part, "percent", or a counted noun after it ("2021 fighters").
func dateResolveYear(c *dateCtx, m []int) (dateVal, bool) {
	s, e := m[0], m[1]
	y := dateAtoi(c.group(m, 1))
	before := c.text[max(0, s-20):s]
	after := c.text[e:min(len(c.text), e+30)]
	prep := dateYearPrepRe.MatchString(before)
	if y < 1800 && !prep {
		return dateVal{}, false
	}
	if strings.HasSuffix(before, "$") || strings.HasSuffix(before, "£") || strings.HasSuffix(before, "€") ||
		strings.HasSuffix(before, "#") || strings.HasSuffix(before, "No. ") {
		return dateVal{}, false
	}
	if s > 0 && strings.ContainsAny(c.text[s-1:s], ".,:/+") {
		return dateVal{}, false
	}
	if len(after) > 1 && strings.ContainsAny(after[:1], ".,:/") && after[1] >= '0' && after[1] <= '9' {
		return dateVal{}, false
	}
	if strings.HasPrefix(after, "%") || strings.HasPrefix(strings.TrimLeft(after, " "), "percent") {
		return dateVal{}, false
	}
	if !prep && !c.dateSentenceInitial(s) {
		// "Kopp's 1987 Chevrolet", "Orion 1980": a model year or a name.
		nw := dateNextWordRe.FindStringSubmatch(after)
		pw := dateLastWordRe.FindStringSubmatch(before)
		if pw != nil && pw[1][0] >= 'A' && pw[1][0] <= 'Z' && (nw == nil || (nw[1][0] >= 'A' && nw[1][0] <= 'Z')) && dateMonthNum(pw[1]) == 0 {
			if _, wd := dateWeekday(pw[1]); !wd {
				return dateVal{}, false
			}
		}
	}
	if !prep {
		if nw := dateNextWordRe.FindStringSubmatch(after); nw != nil && dateQuantityNouns[strings.ToLower(nw[1])] {
			return dateVal{}, false
		}
		if dateNumberWordBeforeRe.MatchString(before) {
			return dateVal{}, false
		}
	}
	return dateVal{value: dateYearValue(y)}, true
}

// dateResolveYearAgoAdj reads earnings-story adjectives: "year-ago
// results" compare with the same quarter a year before the last reported
// one, or with last year when no quarter is in view.
func dateResolveYearAgoAdj(c *dateCtx, m []int) (dateVal, bool) {
	if !c.known() {
		return dateVal{value: "XXXX"}, true
	}
	if c.sentenceMatches(m[0], m[1], dateQuarterContextRe) || dateQuarterContextRe.MatchString(c.text[max(0, m[0]-400):m[0]]) {
		return dateVal{value: dateQuarterValue(c.quarterIndex() - 1 - 4), ofReported: true, reportedBack: 4}, true
	}
	return dateVal{value: dateYearValue(c.ref.Year() - 1)}, true
}

func dateResolveFiscalYear(c *dateCtx, m []int) (dateVal, bool) {
	rel := strings.ToLower(c.group(m, 1))
	text := strings.ToLower(c.text[m[0]:m[1]])
	// "last year", "next year" belong to relative-unit; this rule is for
	// "the current fiscal year", "the full year", "the latest fiscal year".
	if (rel == "last" || rel == "next") && !strings.Contains(text, "fiscal") {
		return dateVal{}, false
	}
	if !strings.HasPrefix(text, "the") && rel != "last" && rel != "next" {
		return dateVal{}, false // "from a fiscal year to a calendar year"
	}
	n := 0
	switch rel {
	case "latest", "last":
		n = -1
	case "next":
		n = 1
	}
	return dateVal{value: c.unitValue("year", n)}, true
}

var dateNumberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
	"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
	"forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

// dateResolveSpelledYear reads years as broadcast transcripts spell them:
// "nineteen ninety-six", "the year two thousand".
func dateResolveSpelledYear(c *dateCtx, m []int) (dateVal, bool) {
	t := strings.ToLower(c.text[m[0]:m[1]])
	if i := strings.Index(t, "year"); i >= 0 {
		t = t[i+4:]
	}
	y := dateYearNum(strings.TrimSpace(t))
	if y == 0 {
		return dateVal{}, false
	}
	if span := strings.ToLower(c.text[m[0]:m[1]]); strings.Contains(span, "thousand") && !strings.Contains(span, "year") {
		// "two thousand and five" is a year only where a date may stand
		// and no counted noun follows: "in two thousand and five",
		// not "two thousand people".
		before := c.text[max(0, m[0]-20):m[0]]
		if !dateYearPrepRe.MatchString(before) {
			return dateVal{}, false
		}
		if nw := dateNextWordRe.FindStringSubmatch(c.text[m[1]:min(len(c.text), m[1]+30)]); nw != nil && dateQuantityNouns[strings.ToLower(nw[1])] {
			return dateVal{}, false
		}
	}
	return dateVal{value: dateYearValue(y)}, true
}

// dateYearNum parses a year in figures or words: "1996", "nineteen
// ninety-six", "nineteen oh one", "two thousand and eighteen"; 0 if it is
// neither.
func dateYearNum(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	f := strings.Fields(strings.NewReplacer("-", " ", " and ", " ").Replace(strings.ToLower(s)))
	// "nineteen hundred and five" is read as hundreds and units below.
	if len(f) > 0 && f[0] != "nineteen" && f[0] != "twenty" && (slices.Contains(f, "thousand") || slices.Contains(f, "hundred")) {
		return dateCardinal(f)
	}
	if len(f) < 2 {
		return 0
	}
	hi, ok := dateNumberWords[f[0]]
	if !ok {
		return 0
	}
	lo := 0
	for _, w := range f[1:] {
		if w == "oh" || w == "zero" {
			continue
		}
		n, ok := dateNumberWords[w]
		if !ok {
			return 0
		}
		lo += n
	}
	if lo > 99 {
		return 0
	}
	return hi*100 + lo
}

// dateCardinal adds up a number in words with "hundred" and "thousand":
// "one thousand seven hundred eighty nine" is 1789; 0 for a word it does
// not know.
func dateCardinal(words []string) int {
	total, cur := 0, 0
	for _, w := range words {
		switch w {
		case "hundred":
			cur *= 100
		case "thousand":
			total += cur * 1000
			cur = 0
		default:
			n, ok := dateNumberWords[w]
			if !ok {
				return 0
			}
			cur += n
		}
	}
	return total + cur
}

// dateResolveHoliday places the fixed and the Thanksgiving holidays in the
// reference year (or the one before/after for last/next).
func dateResolveHoliday(c *dateCtx, m []int) (dateVal, bool) {
	name := strings.Join(strings.Fields(strings.ToLower(c.group(m, 2))), " ")
	var mo, d int
	switch {
	case strings.HasPrefix(name, "thanksgiving"):
		mo = 11
	case name == "christmas eve":
		mo, d = 12, 24
	case strings.HasPrefix(name, "christmas"):
		mo, d = 12, 25
	case name == "new year's eve":
		mo, d = 12, 31
	case strings.HasPrefix(name, "new year's"):
		mo, d = 1, 1
	case name == "independence day":
		mo, d = 7, 4
	case name == "halloween":
		mo, d = 10, 31
	default:
		mo, d = 2, 14
	}
	if !c.known() {
		if d == 0 {
			return dateVal{value: "XXXX-11-XX"}, true
		}
		return dateVal{value: fmt.Sprintf("XXXX-%02d-%02d", mo, d)}, true
	}
	thanksgiving := d == 0
	day := func(y int) int {
		if !thanksgiving {
			return d
		}
		// The fourth Thursday of November.
		first := time.Date(y, 11, 1, 0, 0, 0, 0, time.UTC)
		return 1 + (int(time.Thursday)-int(first.Weekday())+7)%7 + 21
	}
	r := c.refDay()
	y := r.Year()
	switch strings.ToLower(c.group(m, 1)) {
	case "last":
		if !time.Date(y, time.Month(mo), day(y), 0, 0, 0, 0, time.UTC).Before(r) {
			y--
		}
	case "next":
		if !time.Date(y, time.Month(mo), day(y), 0, 0, 0, 0, time.UTC).After(r) {
			y++
		}
	default:
		y = c.dayYear(mo, day(y), c.future(m[0], m[1]))
	}
	return dateDayValue(y, mo, day(y))
}

// dateSentenceInitial reports whether pos starts a sentence, paragraph or
// quotation, where capitals say nothing about proper names.
func (c *dateCtx) dateSentenceInitial(pos int) bool {
	b := strings.TrimRight(c.text[:pos], " \t\"'`“‘(")
	return b == "" || strings.HasSuffix(b, ".") || strings.HasSuffix(b, "\n") || strings.HasSuffix(b, "?") ||
		strings.HasSuffix(b, "!") || strings.HasSuffix(b, ":") || strings.HasSuffix(b, "--") || strings.HasSuffix(b, "_")
}

// dateTitleUse reports a capitalised relative expression in mid-sentence,
// such as the programme names "This Week" or "VOA Today".
func (c *dateCtx) dateTitleUse(start, end int) bool {
	w := c.text[start:end]
	if c.dateSentenceInitial(start) {
		return false
	}
	fields := strings.Fields(w)
	for _, f := range fields {
		if f[0] < 'A' || f[0] > 'Z' {
			return false
		}
	}
	return true
}

var dateNthWords = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}

// dateResolveNthWeekday reads "the first Friday of July", "second Sunday"
// (of the reference month).
func dateResolveNthWeekday(c *dateCtx, m []int) (dateVal, bool) {
	nth := dateNthWords[strings.ToLower(c.group(m, 1))]
	w, _ := dateWeekday(c.group(m, 2))
	// "last Friday" is the relative weekday rule's.
	if nth < 0 && !c.has(m, 3) && !c.has(m, 4) {
		return dateVal{}, false
	}
	if !c.known() {
		if c.has(m, 3) {
			return dateVal{value: fmt.Sprintf("XXXX-%02d-XX", dateMonthNum(c.group(m, 3)))}, true
		}
		return dateVal{value: "XXXX-XX-XX"}, true
	}
	y, mo := c.ref.Year(), int(c.ref.Month())
	switch {
	case c.has(m, 3):
		mo = dateMonthNum(c.group(m, 3))
		y = c.monthYear(mo, c.future(m[0], m[1]))
	case strings.EqualFold(c.group(m, 4), "next"):
		mo++
	case strings.EqualFold(c.group(m, 4), "last"):
		mo--
	}
	first := time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC)
	var t time.Time
	if nth > 0 {
		t = first.AddDate(0, 0, (int(w)-int(first.Weekday())+7)%7+7*(nth-1))
	} else {
		last := first.AddDate(0, 1, -1)
		t = last.AddDate(0, 0, -((int(last.Weekday()) - int(w) + 7) % 7))
	}
	if t.Month() != first.Month() {
		return dateVal{}, false // no fifth Sunday this month
	}
	return dateVal{value: dateYMD(t)}, true
}

func dateResolveDayOfMonth(c *dateCtx, m []int) (dateVal, bool) {
	d := dateDayNum(c.group(m, 1))
	if d == 0 {
		return dateVal{}, false
	}
	if !c.known() {
		return dateVal{value: fmt.Sprintf("XXXX-XX-%02d", d)}, true
	}
	mo := int(c.ref.Month())
	switch strings.ToLower(c.group(m, 2)) {
	case "next":
		mo++
	case "last":
		mo--
	}
	t := time.Date(c.ref.Year(), time.Month(mo), 1, 0, 0, 0, 0, time.UTC)
	return dateDayValue(t.Year(), int(t.Month()), d)
}

var dateTheNthNounRe = regexp.MustCompile(`(?i)^[\s-]+(?:[a-z]+[\s-]+)?(?:time|times|floor|anniversary|century|centuries|amendment|minute|birthday|street|avenue|place|round|day|week|month|year|consecutive|straight|percent|parallel|division|district|precinct|congress|fleet|army|brigade|battalion|infantry|regiment|corps|hole|inning|seed|term|edition|session|annual|largest|biggest|most|highest|lowest)\b`)

// dateClauseWords may follow a day of the month ("on the 27th and ...").
var dateClauseWords = map[string]bool{"and": true, "or": true, "but": true, "at": true, "in": true,
	"on": true, "to": true, "when": true, "as": true, "with": true, "for": true, "after": true,
	"before": true, "until": true, "the": true, "a": true, "we": true, "i": true, "he": true,
	"she": true, "they": true, "it": true}

// dateResolveTheNth reads a bare day of the month after a preposition,
// "on the 27th", in the reference month. Without an ordinal suffix the
// number must end the clause ("for the 27."), so that "for the 27
// members" stays a count.
func dateResolveTheNth(c *dateCtx, m []int) (dateVal, bool) {
	s, e := m[2], m[3]
	num := c.group(m, 2)
	d := dateDayNum(num)
	if d < 1 || d > 31 {
		return dateVal{}, false
	}
	rest := c.text[e:]
	if dateTheNthNounRe.MatchString(rest) || dateCapWordRe.MatchString(rest) {
		return dateVal{}, false // "the 17th Door", "the 27th floor"
	}
	if nw := dateNextWordRe.FindStringSubmatch(rest); nw != nil && !dateClauseWords[strings.ToLower(nw[1])] && nw[1][0] >= 'a' {
		return dateVal{}, false // "from 10th position", "the 27th floor"
	}
	the := strings.HasPrefix(strings.ToLower(c.text[s:e]), "the")
	digits := num[0] >= '0' && num[0] <= '9'
	if !the && digits && len(num) > 2 && num[len(num)-1] >= 'a' {
		// "on 22nd" is as clear as "on the 22nd".
		the = true
	}
	if !the && !digits {
		return dateVal{}, false // "on second thought"
	}
	if !digits || num[len(num)-1] >= '0' && num[len(num)-1] <= '9' || !the {
		t := strings.TrimLeft(rest, " ")
		if t != "" && !strings.ContainsAny(t[:1], ".!?") {
			return dateVal{}, false
		}
		if len(t) > 1 && t[0] == '.' && t[1] >= '0' && t[1] <= '9' {
			return dateVal{}, false
		}
	}
	v := dateVal{start: s, end: e}
	if !c.known() {
		v.value = fmt.Sprintf("XXXX-XX-%02d", d)
		return v, true
	}
	dv, ok := dateDayValue(c.ref.Year(), int(c.ref.Month()), d)
	v.value = dv.value
	return v, ok
}

// dateResolveWeekOfYear reads "the third week of 2027" as ISO week 3.
func dateResolveWeekOfYear(c *dateCtx, m []int) (dateVal, bool) {
	var y int
	switch {
	case c.has(m, 2):
		y = dateYearNum(c.group(m, 2))
	case !c.known():
		return dateVal{}, false
	default:
		y = c.ref.Year()
		switch strings.ToLower(c.group(m, 3)) {
		case "next":
			y++
		case "last":
			y--
		}
	}
	w := strings.ToLower(c.group(m, 1))
	n, ok := dateNthWords[w]
	if !ok {
		n = dateDayNum(w)
	}
	if n < 0 {
		// The ISO week holding 28 December is always the year's last.
		_, n = time.Date(y, 12, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
	}
	if n < 1 || n > 53 {
		return dateVal{}, false
	}
	return dateVal{value: fmt.Sprintf("%04d-W%02d", y, n)}, true
}

func dateResolveAfterNext(c *dateCtx, m []int) (dateVal, bool) {
	return dateVal{value: c.unitValue(strings.ToLower(c.group(m, 1)), 2)}, true
}

var dateDeterminerNextRe = regexp.MustCompile(`^\s+(?:the|a|an|his|her|its|their|our|my|your|this|that|[A-Za-z]+'s|[A-Z])`)

// dateResolveAnchoredDay reads "the next day", "the previous day", "the
// day after": days counted from the date the story last named (or the
// reference date), as HeidelTime anchors them. Dates computes the value.
func dateResolveAnchoredDay(c *dateCtx, m []int) (dateVal, bool) {
	w := strings.ToLower(c.group(m, 1))
	if (w == "before" || w == "after") && dateDeterminerNextRe.MatchString(c.text[m[1]:]) {
		return dateVal{}, false // "the day after his death" names its own anchor
	}
	n := 1
	if w == "previous" || w == "before" {
		n = -1
	}
	return dateVal{anchor: n, noModExt: true}, true
}

// dateResolveWeekdaysFromNow reads "two Sundays from now": the second
// Sunday after the reference date (or before it, for "ago").
func dateResolveWeekdaysFromNow(c *dateCtx, m []int) (dateVal, bool) {
	n, ok := dateNumValue(c.group(m, 1))
	w, _ := dateWeekday(c.group(m, 2))
	if !ok || n < 1 || n > 52 {
		return dateVal{}, false
	}
	if !c.known() {
		return dateVal{value: "XXXX-XX-XX"}, true
	}
	r := c.refDay()
	switch strings.ToLower(c.group(m, 3)) {
	case "ago", "earlier":
		back := (int(r.Weekday()) - int(w) + 7) % 7
		if back == 0 {
			back = 7
		}
		return dateVal{value: dateYMD(r.AddDate(0, 0, -back-7*(n-1)))}, true
	}
	ahead := (int(w) - int(r.Weekday()) + 7) % 7
	if ahead == 0 {
		ahead = 7
	}
	return dateVal{value: dateYMD(r.AddDate(0, 0, ahead+7*(n-1)))}, true
}

// dateResolveAnchoredWeekday reads "the previous Friday", "the following
// Monday": counted from the date the story last named, like "the next
// day". Dates computes the value.
func dateResolveAnchoredWeekday(c *dateCtx, m []int) (dateVal, bool) {
	w, _ := dateWeekday(c.group(m, 2))
	n := 1
	if strings.EqualFold(c.group(m, 1), "previous") {
		n = -1
	}
	return dateVal{anchor: n, weekday: w, noModExt: true}, true
}

// dateResolveThatUnit reads "that year", "later that day", "that same
// week": the unit holding the latest date the story named ("in June
// 1998 ... later that year" is 1998). Dates computes the value.
func dateResolveThatUnit(c *dateCtx, m []int) (dateVal, bool) {
	if m[1] < len(c.text) && c.text[m[1]] == '-' {
		return dateVal{}, false // "that day-to-day work"
	}
	v := dateVal{anaphor: strings.ToLower(c.group(m, 2))}
	switch strings.ToLower(c.group(m, 1)) {
	case "earlier":
		v.mod, v.noModExt = ModStart, true
	case "later":
		v.mod, v.noModExt = ModEnd, true
	}
	return v, true
}

// dateResolveWeekOf reads "the week of March 6", the calendar week
// holding that day, and "the week beginning Feb. 4" or "w/c 4 Feb",
// seven days from that day: a calendar week only when the day is a
// Monday, so its value is the day it starts.
func dateResolveWeekOf(c *dateCtx, m []int) (dateVal, bool) {
	kind := strings.ToLower(c.group(m, 1))
	mon, day := c.group(m, 2), c.group(m, 3)
	if dateMonthNum(mon) == 0 {
		mon, day = day, mon
	}
	mo, d := dateMonthNum(mon), dateDayNum(day)
	if mo == 0 || d == 0 {
		return dateVal{}, false
	}
	var v dateVal
	var ok bool
	if y := c.group(m, 4); y != "" {
		v, ok = dateDayValue(dateAtoi(y), mo, d)
	} else {
		v, ok = c.dateNoYear(mo, d, m[0], m[1])
	}
	if !ok || !strings.HasPrefix(kind, "week") || !strings.HasSuffix(kind, "of") {
		return v, ok
	}
	t, err := time.Parse("2006-01-02", v.value)
	if err != nil {
		return dateVal{value: "XXXX-WXX"}, true
	}
	return dateVal{value: dateWeekValue(t)}, true
}

// dateResolveAnchoredUnit reads "the following year", "the previous
// month": one unit from the latest date the story named ("in 1995 ...
// the following year" is 1996). Dates computes the value.
func dateResolveAnchoredUnit(c *dateCtx, m []int) (dateVal, bool) {
	n := 1
	if w := strings.ToLower(c.group(m, 1)); w == "previous" || w == "preceding" {
		n = -1
	}
	return dateVal{anaphor: strings.ToLower(c.group(m, 2)), shift: n, noModExt: true}, true
}

var dateTheUnitNextRe = regexp.MustCompile(`^(?:\s*[.,;:!?)'"]|\s*$|'s\b|\s+(?:ended|ending|to\s+date|so\s+far|and|but|as|when|the|a|an|he|she|it|they|we|its|their|was|were|is|are|has|had|rose|fell)\b)`)

var dateTheUnitOfRe = regexp.MustCompile(`(?i)\b(?:days|weeks|months|quarters|rest|remainder|part|half|balance)\s+$`)

// dateResolveTheUnit reads "for the year", "during the week" as news
// uses them, in results and market reports: the current year or week,
// as "this year". "the year before", "the week of March 6", "in the year
// 1990" and the like are left to other rules.
func dateResolveTheUnit(c *dateCtx, m []int) (dateVal, bool) {
	if !dateTheUnitNextRe.MatchString(c.text[m[1]:min(len(c.text), m[1]+20)]) {
		return dateVal{}, false
	}
	if u := c.text[m[4]]; u >= 'A' && u <= 'Z' {
		return dateVal{}, false // "Player of the Year"
	}
	// "of the year" is a date after a part of it ("the first nine
	// months of the year", "the rest of the year") or before "'s" ("of
	// the week's trading"), not in "man of the year".
	if strings.EqualFold(c.text[m[0]:m[0]+2], "of") && !strings.HasPrefix(c.text[m[1]:], "'s") && !dateTheUnitOfRe.MatchString(c.text[max(0, m[0]-20):m[0]]) {
		return dateVal{}, false
	}
	return dateVal{value: c.unitValue(strings.ToLower(c.group(m, 2)), 0), start: m[2], end: m[3]}, true
}

// dateResolveBareWeekend reads "on weekend", "at weekend" as "the
// weekend"; "on weekend nights" is a kind of night, no date.
func dateResolveBareWeekend(c *dateCtx, m []int) (dateVal, bool) {
	if nw := dateNextWordRe.FindStringSubmatch(c.text[m[1]:min(len(c.text), m[1]+30)]); nw != nil && nw[1][0] >= 'a' && !dateClauseWords[nw[1]] {
		return dateVal{}, false
	}
	v, ok := dateResolveRelUnit(c, []int{m[0], m[1], -1, -1, -1, -1, -1, -1})
	v.start, v.end = m[2], m[3]
	return v, ok
}

// dateResolvePossessiveUnit reads "my week", "our weekend" as the
// speaker's current one, "this week", "this weekend".
func dateResolvePossessiveUnit(c *dateCtx, m []int) (dateVal, bool) {
	if m[1] < len(c.text) && c.text[m[1]] == '-' {
		return dateVal{}, false // "our week-long tour"
	}
	return dateVal{value: c.unitValue(strings.ToLower(c.group(m, 1)), 0)}, true
}
