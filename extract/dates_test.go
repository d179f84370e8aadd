package extract

import (
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// dateRef is a Tuesday.
var dateRef = time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)

type dateWant struct {
	text, value, mod string
}

func checkDates(t *testing.T, text string, ref time.Time, want []dateWant) {
	t.Helper()
	got := Dates(text, ref)
	for _, d := range got {
		if text[d.Start:d.End] != d.Text {
			t.Errorf("%q: offsets %d-%d give %q, Text %q", text, d.Start, d.End, text[d.Start:d.End], d.Text)
		}
		if d.Rule == "" {
			t.Errorf("%q: %q has no rule", text, d.Text)
		}
	}
	var gs []dateWant
	for _, d := range got {
		gs = append(gs, dateWant{d.Text, d.Value, d.Mod})
	}
	if len(gs) != len(want) {
		t.Errorf("%q (ref %s):\n got  %v\n want %v", text, ref.Format("2006-01-02"), gs, want)
		return
	}
	for i := range want {
		if gs[i] != want[i] {
			t.Errorf("%q (ref %s): mention %d\n got  %v\n want %v", text, ref.Format("2006-01-02"), i, gs[i], want[i])
		}
	}
}

func TestDatesAbsolute(t *testing.T) {
	tests := []struct {
		text string
		want []dateWant
	}{
		{"The deal was signed on Feb. 13, 2026 in Doha.", []dateWant{{"Feb. 13, 2026", "2026-02-13", ""}}},
		{"It was reported on 17 April 2025.", []dateWant{{"17 April 2025", "2025-04-17", ""}}},
		{"The report is dated 2025-04-17.", []dateWant{{"2025-04-17", "2025-04-17", ""}}},
		{"Talks resumed 13 February 2026, officials said.", []dateWant{{"13 February 2026", "2026-02-13", ""}}},
		{"Attacks rose in March 2024.", []dateWant{{"March 2024", "2024-03", ""}}},
		{"Attacks rose in March, 2024.", []dateWant{{"March, 2024", "2024-03", ""}}},
		{"The talks were held on Monday, Oct. 26, 1998.", []dateWant{{"Monday, Oct. 26, 1998", "1998-10-26", ""}}},
		{"Fighting resumed in 2021 after the withdrawal.", []dateWant{{"2021", "2021", ""}}},
		{"since the Taliban's 2021 return to power", []dateWant{{"2021", "2021", ""}}},
		{"Shipments will grow beginning in 2026.", []dateWant{{"2026", "2026", ""}}},
		{"in summer 2025 the border closed", []dateWant{{"summer 2025", "2025-SU", ""}}},
		{"Output should recover in the first quarter of 2027.", []dateWant{{"the first quarter of 2027", "2027-Q1", ""}}},
		{"Output fell in the first half of 2026.", []dateWant{{"the first half of 2026", "2026-H1", ""}}},
		{"The group was founded in the 1990s.", []dateWant{{"the 1990s", "199", ""}}},
		{"Profit rose in Q3 2025.", []dateWant{{"Q3 2025", "2025-Q3", ""}}},
		{"fiscal 1989 results", []dateWant{{"fiscal 1989", "1989", ""}}},
		{"The law dates from the 20th century.", []dateWant{{"the 20th century", "19", ""}}},
	}
	for _, tt := range tests {
		checkDates(t, tt.text, dateRef, tt.want)
		// Absolute dates do not depend on the reference date.
		checkDates(t, tt.text, time.Time{}, tt.want)
	}
}

func TestDatesModifiers(t *testing.T) {
	tests := []struct {
		text string
		want []dateWant
	}{
		{"The offensive began in early December 2025.", []dateWant{{"early December 2025", "2025-12", ModStart}}},
		{"It ended in late 2024.", []dateWant{{"late 2024", "2024", ModEnd}}},
		{"Prices peaked in mid-2023.", []dateWant{{"mid-2023", "2023", ModMid}}},
		{"The plant closes at the end of 1990.", []dateWant{{"the end of 1990", "1990", ModEnd}}},
		{"Work starts at the beginning of March 2026.", []dateWant{{"the beginning of March 2026", "2026-03", ModStart}}},
		{"It was popular in the early 1980s.", []dateWant{{"the early 1980s", "198", ModStart}}},
		{"Elections were held earlier this year.", []dateWant{{"earlier this year", "2026", ModStart}}},
	}
	for _, tt := range tests {
		checkDates(t, tt.text, dateRef, tt.want)
	}
}

func TestDatesRelative(t *testing.T) {
	tests := []struct {
		text string
		want []dateWant
	}{
		// Past tense: the most recent Wednesday before Tuesday 3 March.
		{"The ministry said on Wednesday that talks failed.", []dateWant{{"Wednesday", "2026-02-25", ""}}},
		// Future tense: the next one.
		{"The ministers will meet on Wednesday in Kabul.", []dateWant{{"Wednesday", "2026-03-04", ""}}},
		// A story's own weekday is that day.
		{"Officials said Tuesday the border was shut.", []dateWant{{"Tuesday", "2026-03-03", ""}}},
		{"He arrived yesterday and leaves tomorrow.", []dateWant{{"yesterday", "2026-03-02", ""}, {"tomorrow", "2026-03-04", ""}}},
		{"The vote is today.", []dateWant{{"today", "2026-03-03", ""}}},
		{"Clashes were reported last week.", []dateWant{{"last week", "2026-W09", ""}}},
		{"The talks continue this week.", []dateWant{{"this week", "2026-W10", ""}}},
		{"Prices rose last month.", []dateWant{{"last month", "2026-02", ""}}},
		{"A summit is planned next month.", []dateWant{{"next month", "2026-04", ""}}},
		{"Exports fell last year.", []dateWant{{"last year", "2025", ""}}},
		{"Growth is expected this year and next year.", []dateWant{{"this year", "2026", ""}, {"next year", "2027", ""}}},
		{"The group split two years ago.", []dateWant{{"two years ago", "2024", ""}}},
		{"The deal was struck three months ago.", []dateWant{{"three months ago", "2025-12", ""}}},
		{"He resigned last Friday.", []dateWant{{"last Friday", "2026-02-27", ""}}},
		{"The rally took place in January.", []dateWant{{"January", "2026-01", ""}}},
		{"The rally took place in December.", []dateWant{{"December", "2025-12", ""}}},
		{"Elections are due in June.", []dateWant{{"June", "2026-06", ""}}},
		{"Troops arrived last summer.", []dateWant{{"last summer", "2025-SU", ""}}},
		{"Shortages will last well into the summer.", []dateWant{{"the summer", "2026-SU", ""}}},
		{"Sales in the third quarter rose.", []dateWant{{"the third quarter", "2025-Q3", ""}}},
		{"Flights were resumed on March 1.", []dateWant{{"March 1", "2026-03-01", ""}}},
		{"The talks are now stalled.", []dateWant{{"now", "PRESENT_REF", ""}}},
		{"Fighting recently resumed.", []dateWant{{"recently", "PAST_REF", ""}}},
		// No tense anywhere in the sentence: the nearer occurrence,
		// whichever side of the reference date.
		{"Kabul and Islamabad meet separately Thursday with the envoy.", []dateWant{{"Thursday", "2026-03-05", ""}}},
		{"Kabul and Islamabad meet separately Saturday with the envoy.", []dateWant{{"Saturday", "2026-02-28", ""}}},
		{"Delegates prepare for the summit in August.", []dateWant{{"August", "2026-08", ""}}},
		{"Delegates prepare for the summit in October.", []dateWant{{"October", "2025-10", ""}}},
		// A past verb anywhere in the sentence keeps the lean to the past.
		{"Delegates prepare for the summit in August, as they agreed.", []dateWant{{"August", "2025-08", ""}}},
		{"Both sides meet Thursday, the envoy said.", []dateWant{{"Thursday", "2026-02-26", ""}}},
		// "ahead of" looks forward whatever the tense.
		{"Traders had sold ahead of Friday's vote.", []dateWant{{"Friday", "2026-03-06", ""}}},
	}
	for _, tt := range tests {
		checkDates(t, tt.text, dateRef, tt.want)
	}
}

func TestDatesCompound(t *testing.T) {
	tests := []struct {
		text string
		ref  time.Time
		want []dateWant
	}{
		// A weekday joins the date it restates, even a wrong one ...
		{"The vote is on Monday, March 9.", dateRef, []dateWant{{"Monday, March 9", "2026-03-09", ""}}},
		{"I'll go back monday january 12th, 2016", dateRef, []dateWant{{"monday january 12th, 2016", "2016-01-12", ""}}},
		// ... but "this Friday" and a different day stay two mentions.
		{"Meet this Friday June 20 or later.", time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC),
			[]dateWant{{"this Friday", "2026-06-19", ""}, {"June 20", "2026-06-20", ""}}},
		// A day without its year goes to the neighbouring year whose
		// calendar puts it on the weekday named: in 2005, 4 November
		// was a Friday; in 2004 a Thursday.
		{"Polls will close on Thursday, 4 November.", time.Date(2005, 6, 15, 0, 0, 0, 0, time.UTC),
			[]dateWant{{"Thursday, 4 November", "2004-11-04", ""}}},
		{"Polls will close on Friday, 4 November.", time.Date(2005, 6, 15, 0, 0, 0, 0, time.UTC),
			[]dateWant{{"Friday, 4 November", "2005-11-04", ""}}},
		{"The first Friday of July will be a holiday.", dateRef, []dateWant{{"The first Friday of July", "2026-07-03", ""}}},
		{"Parliament met in January nineteen ninety-seven.", dateRef, []dateWant{{"January nineteen ninety-seven", "1997-01", ""}}},
		{"The shop opened on September 10, nineteen oh one.", dateRef, []dateWant{{"September 10, nineteen oh one", "1901-09-10", ""}}},
		{"He was rescued on Thanksgiving Day.", dateRef, []dateWant{{"Thanksgiving Day", "2025-11-27", ""}}},
		{"Net income fell from $3 million a year ago in the third quarter.", time.Date(1989, 10, 27, 0, 0, 0, 0, time.UTC),
			[]dateWant{{"a year ago", "1988-Q3", ""}, {"the third quarter", "1989-Q3", ""}}},
		{"They met 1 month and 21 days ago.", dateRef, []dateWant{{"1 month and 21 days ago", "2026-01-13", ""}}},
		{"He was arrested on Feb. 10 and charged the next day.", dateRef,
			[]dateWant{{"Feb. 10", "2026-02-10", ""}, {"the next day", "2026-02-11", ""}}},
		{"The court sits again on the 27th.", dateRef, []dateWant{{"the 27th", "2026-03-27", ""}}},
		{"It closes the week after next.", dateRef, []dateWant{{"the week after next", "2026-W12", ""}}},
		{"Sales peaked in the last week of 2015.", dateRef, []dateWant{{"the last week of 2015", "2015-W53", ""}}},
		{"It was signed on 29 Feb.", dateRef, []dateWant{{"29 Feb", "2024-02-29", ""}}},
		{"Results for the year-ago period were restated.", time.Date(1989, 10, 27, 0, 0, 0, 0, time.UTC),
			[]dateWant{{"the year-ago period", "1988-Q3", ""}}},
		{"Profit rose in the latest quarter.", time.Date(1989, 10, 27, 0, 0, 0, 0, time.UTC), []dateWant{{"the latest quarter", "1989-Q3", ""}}},
		{"The law was passed in fiscal 1988 and takes effect in 1990.", dateRef,
			[]dateWant{{"fiscal 1988", "1988", ""}, {"1990", "1990", ""}}},
		// "will succeed ... Feb. 1": the initial's period does not end the clause.
		{"Mr. Schwarz will succeed Daniel P. Davison Feb. 1, the bank said.", time.Date(1989, 11, 2, 0, 0, 0, 0, time.UTC),
			[]dateWant{{"Feb. 1", "1990-02-01", ""}}},
	}
	for _, tt := range tests {
		checkDates(t, tt.text, tt.ref, tt.want)
	}
}

func TestDatesNoReference(t *testing.T) {
	tests := []struct {
		text string
		want []dateWant
	}{
		{"The ministry said on Wednesday that talks failed.", []dateWant{{"Wednesday", "XXXX-WXX-3", ""}}},
		{"Elections were held earlier this year.", []dateWant{{"earlier this year", "XXXX", ModStart}}},
		{"Clashes were reported last week.", []dateWant{{"last week", "XXXX-WXX", ""}}},
		{"He arrived yesterday.", []dateWant{{"yesterday", "XXXX-XX-XX", ""}}},
		{"Prices rose last month.", []dateWant{{"last month", "XXXX-XX", ""}}},
		{"Flights were resumed on March 1.", []dateWant{{"March 1", "XXXX-03-01", ""}}},
		{"The rally took place in January.", []dateWant{{"January", "XXXX-01", ""}}},
		{"Attacks rose in March 2025.", []dateWant{{"March 2025", "2025-03", ""}}},
	}
	for _, tt := range tests {
		checkDates(t, tt.text, time.Time{}, tt.want)
	}
}

func TestDatesNotDates(t *testing.T) {
	tests := []string{
		// Durations are recognised but not returned.
		"The siege lasted four weeks.",
		"Dozens were killed in the past 48 hours.",
		"He served five years in prison.",
		"The talks lasted the past year.",
		"a five-year plan",
		// Quantities that look like years.
		"The group has 2,021 fighters.",
		"Police counted 2021 people at the rally.",
		"The index closed at 2021.53 points.",
		"It cost $1999 to build.",
		"Growth was 2000% in a decade.",
		// Months that are words.
		"Officials may meet again.",
		"Protesters march through the city.",
		// Stock-price fractions, betting odds and idioms.
		"Intel eased 1/8 to 31 7/8.",
		"He is 4/1 favourite, with odds of 25/1 for his rival.",
		"The shop is open 24/7.",
		// Names and ordinals that are not dates.
		"The Sunday Telegraph reported the deal.",
		"a film from 20th Century Fox",
		"It rose from 10th position.",
		"He lives on the 27th floor.",
		"The spring in the mattress broke.",
		"Kopp's 1987 Chevrolet was found.",
	}
	for _, text := range tests {
		if got := Dates(text, dateRef); len(got) != 0 {
			t.Errorf("%q: got %+v, want no dates", text, got)
		}
	}
}

func TestDatesOffsetsNonASCII(t *testing.T) {
	text := "Le président — “on Feb. 13, 2026” — said in Kabul on 17 April 2025."
	got := Dates(text, dateRef)
	if len(got) != 2 {
		t.Fatalf("got %+v", got)
	}
	for _, d := range got {
		if text[d.Start:d.End] != d.Text || !strings.Contains(d.Text, "20") {
			t.Errorf("bad mention %+v", d)
		}
	}
	if got[0].Start > got[1].Start {
		t.Errorf("not sorted: %+v", got)
	}
}

// dateRulesEverywhere is the rule set with no triggers: every rule runs
// on every whole line.
func dateRulesEverywhere() *dateRuleSet {
	all := slices.Clone(dateRules().rules)
	for i := range all {
		all[i].triggers, all[i].also = nil, nil
	}
	return dateNewRuleSet(all)
}

// TestDateTriggerSets checks the strings a rule's matches must hold:
// alternatives the regexp parser factors ("s(?:at|un)") come back whole,
// and runs of digits and punctuation come back as patterns.
func TestDateTriggerSets(t *testing.T) {
	tests := []struct {
		re       string
		triggers []string
		also     [][]string
	}{
		{`\b(?:mon|sat|saturday|sun|sunday)\s+(\d{1,2})[.-](\d{1,2})\b`, []string{"mon", "sat", "sun"}, [][]string{{"#-#", "#.#"}}},
		{`\b(jan|june?|july?)\.?\s+'(\d\d)\b`, []string{"jan", "jul", "jun"}, [][]string{{"'##"}}},
		{`\b(?:on|in)\s+(\d{1,2})/(\d{1,2})\b`, []string{"/"}, [][]string{{"in", "on"}, {"#/#"}}},
		// A run whose strings hold nothing but digits is left out.
		{`\b(1[0-9]|20)(\d)0\b`, []string{"0"}, [][]string{{"1", "20"}}},
	}
	for _, tt := range tests {
		triggers, also := dateTriggers(regexp.MustCompile(tt.re))
		if !slices.Equal(triggers, tt.triggers) || !reflect.DeepEqual(also, tt.also) {
			t.Errorf("%s: triggers %q also %q, want %q and %q", tt.re, triggers, also, tt.triggers, tt.also)
		}
	}
	for _, tt := range []struct {
		w, p string
		want bool
	}{
		{"on 12.5 in", "#.#", true}, {"x5.5", "#.#", true}, {"1. a.1", "#.#", false}, {"5-", "#-#", false},
		{"since '98", "'##", true}, {"it's 9", "'##", false}, {"in 2005/6", "20##/", true}, {"in 2105/6", "20##/", false},
	} {
		if got := dateHasPattern(tt.w, tt.p); got != tt.want {
			t.Errorf("dateHasPattern(%q, %q) = %v", tt.w, tt.p, got)
		}
	}
}

// TestDateModCue checks that dateModCue holds wherever dateModArticle or
// dateModOf match, on strings built from the words they look for.
func TestDateModCue(t *testing.T) {
	pieces := []string{"the", "very", "early", "EARLY", "Late", "mid", "MID", "start", "end", "close", "of", "OF",
		"beginning", "middle", "in", "x", "-", "ſ", "\u212a", " ", "  ", "\t", "", "\n", ","}
	rng := rand.New(rand.NewPCG(3, 4))
	matched := 0
	for range 20000 {
		// Shaped like the expressions' matches, "the very early " and
		// "the end of ".
		shape := []string{"x", " ", "the", " ", "very", " ", "early", " "}
		if rng.IntN(2) == 0 {
			shape = []string{"x", " ", "the", " ", "end", " ", "of", " "}
		}
		s := shapedText(rng, shape, 4, pieces, 0)
		if dateModArticle.MatchString(s) || dateModOf.MatchString(s) {
			matched++
			if !dateModCue(s) {
				t.Fatalf("%q: the expressions match, dateModCue says no", s)
			}
		}
	}
	if matched < 1000 {
		t.Fatalf("only %d of the strings match: the test checks too little", matched)
	}
	for _, s := range []string{"in ", "of", "the earl ", "late", "ofx "} {
		if dateModCue(s) {
			t.Errorf("dateModCue(%q) = true", s)
		}
	}
}

// TestDatesTriggersLossless checks that running each rule only near its
// trigger words finds what running it on every whole line finds.
func TestDatesTriggersLossless(t *testing.T) {
	all := dateRulesEverywhere()
	text := strings.Join([]string{
		"On Feb. 13, 2026 officials said last week that since the Taliban's 2021 return, attacks rose in early December 2025.",
		"The ministers will meet on Wednesday, March 4, and again the next day; profit in the third quarter fell from a year ago.",
		"In the first half of 2026 and the 1990s, two years ago, 1 month and 21 days ago, Q3 2025, mid-2023, the end of 1990.",
		"The group has 2,021 fighters; the siege lasted four weeks; Intel eased 1/8 to 31 7/8 on 24/7 trading.",
		"Thanksgiving Day, nineteen ninety-seven, last summer, this year, next month, the weekend, earlier this year, recently.",
	}, "\n\n")
	for _, ref := range []time.Time{dateRef, {}} {
		got, want := Dates(text, ref), datesWith(all, text, ref)
		if !slices.Equal(got, want) {
			t.Errorf("ref %v:\n with triggers %+v\n without      %+v", ref, got, want)
		}
	}
}

// TestDatesTriggersLosslessBBC is TestDatesTriggersLossless on news
// articles, where the triggers and windows meet text nobody wrote for
// them.
func TestDatesTriggersLosslessBBC(t *testing.T) {
	all := dateRulesEverywhere()
	for i, text := range gazBBCTexts(t, 500) {
		got, want := Dates(text, dateRef), datesWith(all, text, dateRef)
		if !slices.Equal(got, want) {
			t.Errorf("article %d:\n with triggers %+v\n without      %+v", i, got, want)
		}
	}
}

// TestDatesFindAllLossless checks that matching each rule only where a
// match can start finds what the regexp engine finds trying everywhere,
// on word salads built to meet the edge cases: word boundaries, a rule's
// text inside a longer word, multi-byte and invalid UTF-8 characters
// before a match.
func TestDatesFindAllLossless(t *testing.T) {
	words := []string{"the", "a", "on", "in", "2004", "12", "3", "jan", "january", "monday", "mon", "sat",
		"'", "’", "90s", "'90s", "-", "/", ".", ",", " ", "  ", "\t", "é", "\xe2", "\x80", "x", "ago", "years",
		"year", "week", "last", "next", "of", "q1", "h2", "fiscal", "nineteen", "ninety", "two", "thousand",
		"Jan", "MONDAY", "_", "9", "a.m.", "pm", "%", "per", "cent", "day", "before", "after", "early", "half",
		"first", "quarter", "now", "k", "\u212a", "ſ"}
	rng := rand.New(rand.NewPCG(1, 2))
	rules := dateRules().rules
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(words[rng.IntN(len(words))])
			if rng.IntN(3) > 0 {
				b.WriteByte(" -/,."[rng.IntN(5)])
			}
		}
		s := b.String()
		for i := range rules {
			r := &rules[i]
			got, want := r.findAll(s), r.re.FindAllStringSubmatchIndex(s, -1)
			if len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) {
				t.Fatalf("rule %d (%s) on %q: got %v, want %v", i, r.name, s, got, want)
			}
		}
	}
}

func BenchmarkDates(b *testing.B) {
	text := strings.Repeat("On Feb. 13, 2026 officials said last week that since the Taliban's 2021 return, attacks rose in early December 2025 and on Wednesday. ", 20)
	b.SetBytes(int64(len(text)))
	// Compiling the rules once takes longer than many calls: with
	// -benchtime 3x it would be most of what is measured.
	dateRules()
	for b.Loop() {
		Dates(text, dateRef)
	}
}

// BenchmarkDatesBBC runs the date extractor over the first 500 articles
// of the BBC corpus: news prose names months and weekdays far more often
// than the one sentence of BenchmarkDates, and each such mention runs the
// tense checks over its clause.
func BenchmarkDatesBBC(b *testing.B) {
	texts := gazBBCTexts(b, 500)
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	b.SetBytes(int64(size))
	dateRules()
	for b.Loop() {
		for _, t := range texts {
			Dates(t, dateRef)
		}
	}
}

func TestDatesLastNextMonth(t *testing.T) {
	nov := time.Date(2016, 11, 7, 0, 0, 0, 0, time.UTC)
	mar := time.Date(1998, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		text string
		ref  time.Time
		want []dateWant
	}{
		// A month one or two back would be "in September": "last
		// September" is the year before's.
		{"I'll be out last sept", nov, []dateWant{{"last sept", "2015-09", ""}}},
		{"Two helicopters crashed last February.", mar, []dateWant{{"last February", "1997-02", ""}}},
		// Further back, the latest one.
		{"The plant closed last April.", nov, []dateWant{{"last April", "2016-04", ""}}},
		{"The plant closed last December.", nov, []dateWant{{"last December", "2015-12", ""}}},
		{"It opens next June.", nov, []dateWant{{"next June", "2017-06", ""}}},
		{"It opens next April.", mar, []dateWant{{"next April", "1999-04", ""}}},
		{"It opens next July.", mar, []dateWant{{"next July", "1998-07", ""}}},
		{"It opens in the coming April.", mar, []dateWant{{"coming April", "1998-04", ""}}},
	}
	for _, tt := range tests {
		checkDates(t, tt.text, tt.ref, tt.want)
	}
}

func TestDatesYearMonthNumeric(t *testing.T) {
	tests := []struct {
		text string
		want []dateWant
	}{
		{"I'll be out 2016-11", []dateWant{{"2016-11", "2016-11", ""}}},
		{"Sales in 2016-05 rose.", []dateWant{{"2016-05", "2016-05", ""}}},
		// The next year's last digits make a season or fiscal year.
		{"the 2010-11 season", []dateWant{{"2010", "2010", ""}}},
	}
	for _, tt := range tests {
		checkDates(t, tt.text, dateRef, tt.want)
	}
}

func TestDatesSpelledYears(t *testing.T) {
	tests := []struct {
		text string
		want []dateWant
	}{
		{"In one thousand seven hundred and eighty nine", []dateWant{{"one thousand seven hundred and eighty nine", "1789", ""}}},
		{"The vote is due in two thousand and twenty seven.", []dateWant{{"two thousand and twenty seven", "2027", ""}}},
		{"Year two hundred and sixty seven", []dateWant{{"Year two hundred and sixty seven", "0267", ""}}},
		{"I'll be out year 247", []dateWant{{"year 247", "0247", ""}}},
		{"the year two thousand", []dateWant{{"the year two thousand", "2000", ""}}},
		{"Atlanta nineteen ninety-six.", []dateWant{{"nineteen ninety-six", "1996", ""}}},
		{"I'll be out the third week of two thousand and twenty seven", []dateWant{{"the third week of two thousand and twenty seven", "2027-W03", ""}}},
	}
	for _, tt := range tests {
		checkDates(t, tt.text, dateRef, tt.want)
	}
	// Counts in words are not years.
	for _, text := range []string{
		"Two thousand people marched.",
		"In two thousand and five cases the court ruled.",
		"He scored one thousand seven hundred points.",
		"Pupils in Year 10 sat the exam.",
	} {
		if got := Dates(text, dateRef); len(got) != 0 {
			t.Errorf("%q: got %+v, want no dates", text, got)
		}
	}
}

func TestDatesCountedFromToday(t *testing.T) {
	ref := time.Date(2018, 5, 29, 0, 0, 0, 0, time.UTC)
	// Counted from a day, the result is a day.
	checkDates(t, "This task will start more than 2 weeks after today", ref,
		[]dateWant{{"more than 2 weeks after today", "2018-06-12", ""}})
	checkDates(t, "I finished more than 2 weeks before today", ref,
		[]dateWant{{"more than 2 weeks before today", "2018-05-15", ""}})
	checkDates(t, "It opens two weeks from today.", ref,
		[]dateWant{{"two weeks from today", "2018-06-12", ""}})
	// From "now" it keeps the unit named.
	checkDates(t, "It opens two weeks from now.", ref,
		[]dateWant{{"two weeks from now", "2018-W24", ""}})
}

func TestDatesWeekOf(t *testing.T) {
	ref := time.Date(2000, 2, 24, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		text string
		want []dateWant
	}{
		// The calendar week holding the day.
		{"It may be resolved in a hearing the week of March 6, he said.", []dateWant{{"the week of March 6", "2000-W10", ""}}},
		{"Talks resume the week of 8 May 2000.", []dateWant{{"the week of 8 May 2000", "2000-W19", ""}}},
		// Seven days from the day: the day it starts.
		{"Schedule it for the week commencing February 4.", []dateWant{{"the week commencing February 4", "2000-02-04", ""}}},
		{"Schedule it for the week beginning on Thursday, March 2.", []dateWant{{"the week beginning on Thursday, March 2", "2000-03-02", ""}}},
		{"please schedule a meeting for w/c feb 4.", []dateWant{{"w/c feb 4", "2000-02-04", ""}}},
	}
	for _, tt := range tests {
		checkDates(t, tt.text, ref, tt.want)
	}
}

func TestDatesAnaphoric(t *testing.T) {
	ref := time.Date(2000, 1, 28, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		text string
		want []dateWant
	}{
		// "that <unit>" is the unit of the latest date named ...
		{"He fled in June 1998 and returned later that year.", []dateWant{{"June 1998", "1998-06", ""}, {"later that year", "1998", ModEnd}}},
		{"He was shot on Oct. 23, 1998. Earlier that day, police were warned.", []dateWant{{"Oct. 23, 1998", "1998-10-23", ""}, {"Earlier that day", "1998-10-23", ModStart}}},
		{"Sales peaked in 1988, when imports that year rose.", []dateWant{{"1988", "1988", ""}, {"that year", "1988", ""}}},
		{"The polls closed on Nov. 3, 1998, and that week the count began.", []dateWant{{"Nov. 3, 1998", "1998-11-03", ""}, {"that week", "1998-W45", ""}}},
		{"Profit fell in the second quarter of 1988; that quarter included a charge.", []dateWant{{"the second quarter of 1988", "1988-Q2", ""}, {"that quarter", "1988-Q2", ""}}},
		// ... or unknown when the text has named none.
		{"I was not there that weekend.", []dateWant{{"that weekend", "XXXX-WXX-WE", ""}}},
		// One unit on from it.
		{"He was promoted in 1995, and the following year he was sent abroad.", []dateWant{{"1995", "1995", ""}, {"the following year", "1996", ""}}},
		{"Talks failed in March 1989. The following month, the firm was sold.", []dateWant{{"March 1989", "1989-03", ""}, {"The following month", "1989-04", ""}}},
		{"It opened in December 1999 and closed the previous month of a later year.", []dateWant{{"December 1999", "1999-12", ""}, {"the previous month", "1999-11", ""}}},
		// A weekday counted from the latest day named.
		{"The index closed at 2082.1 on Oct. 27, down 4.5% from the previous Friday.", []dateWant{{"Oct. 27", "1999-10-27", ""}, {"the previous Friday", "1999-10-22", ""}}},
		{"It fell on Jan. 5 and recovered the following Monday.", []dateWant{{"Jan. 5", "2000-01-05", ""}, {"the following Monday", "2000-01-10", ""}}},
		// "that day-to-day work" is no date.
		{"He did that day-to-day work.", nil},
	}
	for _, tt := range tests {
		checkDates(t, tt.text, ref, tt.want)
	}
}

func TestDatesTheUnit(t *testing.T) {
	ref := time.Date(1989, 10, 30, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		text string
		want []dateWant
	}{
		{"For the year, pet food volume was flat.", []dateWant{{"the year", "1989", ""}}},
		{"For the year ended Sept. 30, it earned $422.5 million.", []dateWant{{"the year", "1989", ""}, {"Sept. 30", "1989-09-30", ""}}},
		{"For the week, the index dropped 3.8%.", []dateWant{{"the week", "1989-W44", ""}}},
		{"It was a result of the week's buying.", []dateWant{{"the week", "1989-W44", ""}}},
		// Other rules, or none, for these.
		{"He was named man of the year by the magazine.", nil},
		{"She was named Player of the Year.", nil},
		{"Sales rose through the first nine months of the year.", []dateWant{{"the year", "1989", ""}}},
		{"In the year 1990 prices rose.", []dateWant{{"1990", "1990", ""}}},
	}
	for _, tt := range tests {
		checkDates(t, tt.text, ref, tt.want)
	}
}

func TestDatesTense(t *testing.T) {
	sat := time.Date(1998, 8, 8, 0, 0, 0, 0, time.UTC)
	mon := time.Date(1998, 10, 26, 0, 0, 0, 0, time.UTC)
	fri := time.Date(1999, 5, 7, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		text string
		ref  time.Time
		want []dateWant
	}{
		// "next to" is a place, not a time.
		{"A bomb exploded next to the embassy on Friday.", sat, []dateWant{{"Friday", "1998-08-07", ""}}},
		{"The ministers meet next on Friday.", sat, []dateWant{{"Friday", "1998-08-14", ""}}},
		// A fronted date takes the tense of the clause it opens.
		{"On Tuesday, the league plans to hold a news conference.", mon, []dateWant{{"Tuesday", "1998-10-27", ""}}},
		{"On Tuesday, the league held a news conference.", mon, []dateWant{{"Tuesday", "1998-10-20", ""}}},
		// "until" looks ahead unless a past auxiliary says otherwise.
		{"Until Thursday, they had not called him a suspect.", fri, []dateWant{{"Thursday", "1999-05-06", ""}}},
		{"The border stays closed until Thursday.", fri, []dateWant{{"Thursday", "1999-05-13", ""}}},
		// "since" looks back, whatever follows.
		{"The carrier has been on patrol since March and was scheduled to return.", time.Date(1990, 8, 13, 0, 0, 0, 0, time.UTC),
			[]dateWant{{"March", "1990-03", ""}}},
		// A month as far ahead as back goes the clause's way.
		{"She will be named commander for a mission in December.", time.Date(1998, 3, 4, 0, 0, 0, 0, time.UTC),
			[]dateWant{{"December", "1998-12", ""}}},
		{"She was named commander for a mission in December.", time.Date(1998, 3, 4, 0, 0, 0, 0, time.UTC),
			[]dateWant{{"December", "1997-12", ""}}},
		// A "would" before the date reports a plan: the date lies ahead.
		{"His lawyer said the father would be traveling to Washington Thursday.", fri, []dateWant{{"Thursday", "1999-05-13", ""}}},
		{"The split would be paid on a date in January.", mon, []dateWant{{"January", "1999-01", ""}}},
		// Not a "would" of the reported clause after the date, nor "would
		// have", nor a day owning a past event.
		{"Horsley said Friday that he would seek a new provider.", fri, []dateWant{{"Friday", "1999-05-07", ""}}},
		{"He said Tuesday he would sue.", fri, []dateWant{{"Tuesday", "1999-05-04", ""}}},
		{"The team would have won Tuesday without the penalty.", fri, []dateWant{{"Tuesday", "1999-05-04", ""}}},
		{"They said they would fight Wednesday's ruling.", fri, []dateWant{{"Wednesday", "1999-05-05", ""}}},
	}
	for _, tt := range tests {
		checkDates(t, tt.text, tt.ref, tt.want)
	}
}

func TestDatesWeekendAndPossessive(t *testing.T) {
	mon := time.Date(2016, 11, 7, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		text string
		want []dateWant
	}{
		{"I'll be out on weekend", []dateWant{{"weekend", "2016-W45-WE", ""}}},
		{"The shop was shut at weekend.", []dateWant{{"weekend", "2016-W44-WE", ""}}},
		{"my week", []dateWant{{"my week", "2016-W45", ""}}},
		{"How is your weekend going?", []dateWant{{"your weekend", "2016-W45-WE", ""}}},
		{"Trains run less often on weekend nights.", nil},
		{"We began our week-long tour.", nil},
	}
	for _, tt := range tests {
		checkDates(t, tt.text, mon, tt.want)
	}
}

func TestDatesQuarterEnded(t *testing.T) {
	ref := time.Date(1989, 11, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		text string
		want []dateWant
	}{
		// The calendar quarter holding most of the three months.
		{"In the quarter ended July 31, it had 5.6 million readers.", []dateWant{{"the quarter", "1989-Q2", ""}, {"July 31", "1989-07-31", ""}}},
		{"For the quarter ended Sept. 30, Delta earned $133 million.", []dateWant{{"the quarter", "1989-Q3", ""}, {"Sept. 30", "1989-09-30", ""}}},
		{"In the quarter ended Jan. 31, 1989, sales rose.", []dateWant{{"the quarter", "1988-Q4", ""}, {"Jan. 31, 1989", "1989-01-31", ""}}},
		// A numbered quarter keeps its number (a fiscal one).
		{"In the fourth quarter ended Sept. 30, sales rose.", []dateWant{{"the fourth quarter", "1989-Q4", ""}, {"Sept. 30", "1989-09-30", ""}}},
		{"Demand will hold through the first two quarters of 1990.", []dateWant{{"the first two quarters of 1990", "1990-H1", ""}}},
		{"Demand fell in the last two quarters of the year.", []dateWant{{"the last two quarters of the year", "1989-H2", ""}}},
		{"Holders may buy shares at the then current market price.", []dateWant{{"then current", "PAST_REF", ""}}},
	}
	for _, tt := range tests {
		checkDates(t, tt.text, ref, tt.want)
	}
}

func TestDatesReportedQuarter(t *testing.T) {
	ref := time.Date(1989, 10, 26, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		text string
		want []dateWant
	}{
		// Without a quarter named, the last calendar one is reported.
		{"Net rose 5% in the quarter from a year ago.", []dateWant{{"the quarter", "1989-Q3", ""}, {"a year ago", "1988-Q3", ""}}},
		// A fiscal quarter is the one the story reports on.
		{"Sun earned $5.2 million in the fiscal first quarter. Sun shipped 28,000 systems in the quarter, up from a year earlier. In the 1988 period, it earned $20 million.",
			[]dateWant{{"the fiscal first quarter", "1989-Q1", ""}, {"the quarter", "1989-Q1", ""}, {"a year earlier", "1988-Q1", ""}, {"the 1988 period", "1988-Q1", ""}}},
		{"Ralston reported a 47% decline in fourth-quarter earnings. It earned $45 million, compared with $85 million a year earlier. Sales in the latest period rose.",
			[]dateWant{{"fourth-quarter", "1989-Q4", ""}, {"a year earlier", "1988-Q4", ""}, {"the latest period", "1989-Q4", ""}}},
		{"Net rose 21% for the fourth quarter ended Aug. 26. A year earlier it earned $2.4 million.",
			[]dateWant{{"the fourth quarter", "1989-Q4", ""}, {"Aug. 26", "1989-08-26", ""}, {"A year earlier", "1988-Q4", ""}}},
		// The next company's report takes over.
		{"Delta earned a record in the fiscal first quarter. Separately, America West reported third-quarter profit jumped from a year earlier.",
			[]dateWant{{"the fiscal first quarter", "1989-Q1", ""}, {"third-quarter", "1989-Q3", ""}, {"a year earlier", "1988-Q3", ""}}},
		// A forecast or a quarter merely mentioned is not what is reported.
		{"The quake will result in a fourth-quarter charge. Earnings fell in the latest quarter from a year ago.",
			[]dateWant{{"fourth-quarter", "1989-Q4", ""}, {"the latest quarter", "1989-Q3", ""}, {"a year ago", "1988-Q3", ""}}},
		{"After a flat second quarter, profit rose. Charges were taken in the year-earlier period.",
			[]dateWant{{"flat second quarter", "1989-Q2", ""}, {"the year-earlier period", "1988-Q3", ""}}},
	}
	for _, tt := range tests {
		checkDates(t, tt.text, ref, tt.want)
	}
}

func TestDatesClockWeekday(t *testing.T) {
	mon := time.Date(2000, 4, 3, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		text string
		ref  time.Time
		want []dateWant
	}{
		{"The relatives have until 9 a.m. Tuesday to sign.", mon, []dateWant{{"9 a.m. Tuesday", "2000-04-04T09:00", ""}}},
		{"He will leave at 4 a.m. EDT Thursday.", mon, []dateWant{{"4 a.m. EDT Thursday", "2000-04-06T04:00", ""}}},
		{"The blast came at 10:15 p.m. Saturday.", mon, []dateWant{{"10:15 p.m. Saturday", "2000-04-01T22:15", ""}}},
		{"Polls close at 12 am Sunday.", mon, []dateWant{{"12 am Sunday", "2000-04-02T00:00", ""}}},
		{"The deadline is 9 a.m. Tuesday.", time.Time{}, []dateWant{{"9 a.m. Tuesday", "XXXX-WXX-2T09:00", ""}}},
		// Without a.m. or p.m. a number is no clock time.
		{"The count reached 9 Tuesday.", mon, []dateWant{{"Tuesday", "2000-03-28", ""}}},
		// No verb at all: the nearer Tuesday, tomorrow.
		{"Route 13 pm Tuesday", mon, []dateWant{{"Tuesday", "2000-04-04", ""}}},
	}
	for _, tt := range tests {
		checkDates(t, tt.text, tt.ref, tt.want)
	}
}

func TestDatesDayBeforeWeekday(t *testing.T) {
	thu := time.Date(2000, 2, 24, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		text string
		ref  time.Time
		want []dateWant
	}{
		{"The day before last Tuesday's hearing, he went home.", thu, []dateWant{{"The day before last Tuesday", "2000-02-21", ""}}},
		// Untensed: the nearer Sunday is three days ahead.
		{"Talks resume the day after Sunday's vote.", thu, []dateWant{{"the day after Sunday", "2000-02-28", ""}}},
		{"Talks resumed the day after Sunday's vote.", thu, []dateWant{{"the day after Sunday", "2000-02-21", ""}}},
		{"He will fly out the day after next Monday.", thu, []dateWant{{"the day after next Monday", "2000-02-29", ""}}},
		{"Payment is due the day before Friday.", time.Time{}, []dateWant{{"the day before Friday", "XXXX-XX-XX", ""}}},
		// A bare "the day before" still counts from the narrative's date.
		{"She arrived on Feb. 10. The day before, talks failed.", thu, []dateWant{{"Feb. 10", "2000-02-10", ""}, {"The day before", "2000-02-09", ""}}},
	}
	for _, tt := range tests {
		checkDates(t, tt.text, tt.ref, tt.want)
	}
}

// TestDatesTenseCues covers the cues beyond the mention's own clause: a
// future in an earlier clause of the sentence, an active past verb that
// keeps a month behind, vague counts of years, and "since".
func TestDatesTenseCues(t *testing.T) {
	tests := []struct {
		text string
		ref  time.Time
		want []dateWant
	}{
		// The clause of Friday has no tense; the sentence's nearest
		// marker before it, "would", looks ahead.
		{"Officials said two flights would leave on Monday, with a third departing on Friday.", dateRef,
			[]dateWant{{"Monday", "2026-03-09", ""}, {"Friday", "2026-03-06", ""}}},
		{"Officials said two flights left on Monday, with a third departing on Friday.", dateRef,
			[]dateWant{{"Monday", "2026-03-02", ""}, {"Friday", "2026-02-27", ""}}},
		// An active past verb keeps a month behind, however near the next
		// one; a passive participle or a target ("to May") does not.
		{"The company changed its fiscal year in May.", dateRef, []dateWant{{"May", "2025-05", ""}}},
		{"The offer was extended to May.", dateRef, []dateWant{{"May", "2026-05", ""}}},
		{"The closing is expected in May.", dateRef, []dateWant{{"May", "2026-05", ""}}},
		// "a few years" spans two to four years: their decade, or only
		// the direction when they straddle two.
		{"The machines were removed a few years ago.", time.Date(1998, 2, 12, 0, 0, 0, 0, time.UTC), []dateWant{{"a few years ago", "199X", ""}}},
		{"The machines were removed a few years ago.", time.Date(2002, 2, 12, 0, 0, 0, 0, time.UTC), []dateWant{{"a few years ago", "PAST_REF", ""}}},
		{"The machines were removed a couple of years ago.", time.Date(2002, 2, 12, 0, 0, 0, 0, time.UTC), []dateWant{{"a couple of years ago", "2000", ""}}},
		// Counted from the end of a year: the last one.
		{"The percentage change is since year-end.", dateRef, []dateWant{{"year-end", "2025", "END"}}},
		{"The deal should close by year-end.", dateRef, []dateWant{{"year-end", "2026", "END"}}},
	}
	for _, tt := range tests {
		checkDates(t, tt.text, tt.ref, tt.want)
	}
}

// TestDatesThisQuarterResults: in an earnings story, "this quarter's
// loss" is the quarter reported on, not the calendar's current one.
func TestDatesThisQuarterResults(t *testing.T) {
	ref := time.Date(1989, 11, 1, 0, 0, 0, 0, time.UTC)
	text := "The company reported a net loss for the third quarter ended Sept. 30. This quarter's loss includes charges. This quarter will be weaker."
	checkDates(t, text, ref, []dateWant{
		{"the third quarter", "1989-Q3", ""}, {"Sept. 30", "1989-09-30", ""},
		{"This quarter", "1989-Q3", ""}, {"This quarter", "1989-Q4", ""},
	})
}
