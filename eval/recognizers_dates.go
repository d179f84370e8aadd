package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ingest-news/ingest/extract"
)

// dateSpecCase is one case of a Recognizers-Text DateTime spec file.
type dateSpecCase struct {
	Input   string `json:"Input"`
	Context struct {
		ReferenceDateTime string `json:"ReferenceDateTime"`
	} `json:"Context"`
	NotSupported string           `json:"NotSupported"`
	Results      []dateSpecResult `json:"Results"`
}

type dateSpecResult struct {
	Text   string          `json:"Text"`
	Start  int             `json:"Start"`
	Length *int            `json:"Length"`
	End    *int            `json:"End"`
	Value  json.RawMessage `json:"Value"`
}

type dateSpecValue struct {
	Timex            string            `json:"Timex"`
	FutureResolution map[string]string `json:"FutureResolution"`
	PastResolution   map[string]string `json:"PastResolution"`
}

// dateInScopeRe matches the TIMEX3 values the date extractor claims to
// produce: a calendar date, month or year (possibly with X placeholders),
// an ISO week or weekend, a weekday, a quarter, half, season or decade.
// Ranges "(start,end,duration)", times, durations and nth-weekday forms
// ("XXXX-07-WXX-5-#1") are out of scope.
var dateInScopeRe = regexp.MustCompile(`^(?:(?:\d{4}|XXXX)(?:-(?:\d\d|XX)(?:-(?:\d\d|XX))?)?|(?:\d{4}|XXXX)-W(?:\d\d|XX)(?:-WE|-\d)?|(?:\d{4}|XXXX)-(?:Q[1-4]|H[12]|SP|SU|FA|WI)|\d{3})$`)

// RecognizersDates runs extract.Dates over one Recognizers-Text English
// DateTime spec file (DateExtractor.json, DateParser.json,
// DatePeriodParser.json) and reports the pass rate.
//
// A case passes when the dates found are exactly the expected ones: same
// count, and for each the same text and offsets (the specs give Start and
// Length, or an inclusive End); for parser files the value must match too.
// The expected TIMEX often keeps the year open ("XXXX-10-02") and lists
// the future and past resolutions; since extract.Dates resolves against
// the reference date, a value equal to the TIMEX or to either resolution
// at the TIMEX's granularity counts as a match.
//
// Skipped (not counted in Total): cases whose NotSupported names the
// reference .NET implementation; in parser files, cases with an expected
// value that is not a single calendar date, month, year or period (ranges,
// durations, times, nth weekdays), which extract.Dates does not produce by
// design, and cases whose expected day does not exist ("Feb 30" as
// XXXX-02-30, "fifth Sunday" as 2017-09-31), which it never produces.
// SkipReason counts each kind.
func RecognizersDates(path string) (SpecResult, error) {
	res := SpecResult{File: filepath.Base(path)}
	b, err := os.ReadFile(path)
	if err != nil {
		return res, fmt.Errorf("recognizers dates: %w", err)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	var cases []dateSpecCase
	if err := json.Unmarshal(b, &cases); err != nil {
		return res, fmt.Errorf("recognizers dates: %s: %w", path, err)
	}
	parser := strings.Contains(res.File, "Parser")
	var skipDotnet, skipScope, skipInvalid int
	for _, c := range cases {
		if strings.Contains(strings.ToLower(c.NotSupported), "dotnet") {
			skipDotnet++
			continue
		}
		want, scope, err := dateSpecWant(c, parser)
		if err != nil {
			return res, fmt.Errorf("recognizers dates: %s: %q: %w", path, c.Input, err)
		}
		switch scope {
		case dateSpecOutOfScope:
			skipScope++
			continue
		case dateSpecInvalidDate:
			skipInvalid++
			continue
		}
		var ref time.Time
		if c.Context.ReferenceDateTime != "" {
			ref, err = time.Parse("2006-01-02T15:04:05", c.Context.ReferenceDateTime)
			if err != nil {
				return res, fmt.Errorf("recognizers dates: %s: %q: reference: %w", path, c.Input, err)
			}
		}
		res.Total++
		got := extract.Dates(c.Input, ref)
		if dateSpecPass(want, got, parser) {
			res.Passed++
			continue
		}
		res.Failures = append(res.Failures, SpecFailure{
			Input: c.Input,
			Want:  dateSpecWantString(want, parser),
			Got:   dateSpecGotString(got, parser),
		})
	}
	res.Skipped = skipDotnet + skipScope + skipInvalid
	var reasons []string
	if skipScope > 0 {
		reasons = append(reasons, fmt.Sprintf("%d expect a range, duration, time or nth-weekday value, which Dates does not produce", skipScope))
	}
	if skipInvalid > 0 {
		reasons = append(reasons, fmt.Sprintf("%d expect a day that does not exist (\"Feb 30\", a fifth Sunday in a month with four)", skipInvalid))
	}
	if skipDotnet > 0 {
		reasons = append(reasons, fmt.Sprintf("%d marked NotSupported by the reference .NET implementation", skipDotnet))
	}
	res.SkipReason = strings.Join(reasons, "; ")
	return res, nil
}

// dateSpecExpect is one expected mention: half-open byte offsets and the
// values that count as correct.
type dateSpecExpect struct {
	text       string
	start, end int
	values     []string
}

// Scope of a spec case.
const (
	dateSpecInScope = iota
	dateSpecOutOfScope
	dateSpecInvalidDate
)

var dateSpecDayRe = regexp.MustCompile(`^(\d{4}|XXXX)-(\d\d)-(\d\d)$`)

// dateSpecValidDay reports whether a day-level TIMEX names a real day
// (an open year may be a leap year).
func dateSpecValidDay(timex string) bool {
	m := dateSpecDayRe.FindStringSubmatch(timex)
	if m == nil {
		return true
	}
	y := 2000
	if m[1] != "XXXX" {
		y, _ = strconv.Atoi(m[1])
	}
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	return mo >= 1 && mo <= 12 && t.Day() == d
}

func dateSpecWant(c dateSpecCase, parser bool) ([]dateSpecExpect, int, error) {
	var want []dateSpecExpect
	for _, r := range c.Results {
		e := dateSpecExpect{text: r.Text, start: r.Start}
		switch {
		case r.Length != nil:
			e.end = r.Start + *r.Length
		case r.End != nil:
			e.end = *r.End + 1
		default:
			e.end = r.Start + len(r.Text)
		}
		// The specs count UTF-16 units; for ASCII input that equals bytes.
		// A case whose offsets do not land on its Text is malformed.
		if e.start < 0 || e.end > len(c.Input) || e.start > e.end || !strings.EqualFold(c.Input[e.start:e.end], r.Text) {
			return nil, 0, fmt.Errorf("result %q at %d-%d does not match the input", r.Text, e.start, e.end)
		}
		if parser {
			var v dateSpecValue
			if len(r.Value) == 0 {
				return nil, dateSpecOutOfScope, nil
			}
			if err := json.Unmarshal(r.Value, &v); err != nil {
				return nil, 0, err
			}
			if !dateInScopeRe.MatchString(v.Timex) {
				return nil, dateSpecOutOfScope, nil
			}
			if !dateSpecValidDay(v.Timex) {
				return nil, dateSpecInvalidDate, nil
			}
			e.values = dateSpecValues(v)
		}
		want = append(want, e)
	}
	return want, dateSpecInScope, nil
}

// dateSpecValues lists the values accepted for an expected TIMEX: itself,
// and where it leaves part open, the future and past resolutions at the
// TIMEX's granularity.
func dateSpecValues(v dateSpecValue) []string {
	vals := []string{v.Timex}
	if !strings.Contains(v.Timex, "X") {
		return vals
	}
	for _, res := range []map[string]string{v.FutureResolution, v.PastResolution} {
		d := res["date"]
		if d == "" {
			d = res["startDate"]
		}
		if len(d) < 10 {
			continue
		}
		t, err := time.Parse("2006-01-02", d[:10])
		if err != nil {
			continue
		}
		switch {
		case strings.Contains(v.Timex, "-WXX-") || len(v.Timex) == 10:
			vals = append(vals, d[:10])
		case strings.Contains(v.Timex, "-W"):
			y, w := t.ISOWeek()
			vals = append(vals, fmt.Sprintf("%04d-W%02d", y, w))
		case len(v.Timex) == 7:
			vals = append(vals, d[:7])
		case len(v.Timex) == 4:
			vals = append(vals, d[:4])
		default:
			vals = append(vals, d[:4]+v.Timex[4:])
		}
	}
	return vals
}

func dateSpecPass(want []dateSpecExpect, got []extract.Date, parser bool) bool {
	if len(want) != len(got) {
		return false
	}
	for i, w := range want {
		g := got[i]
		if g.Start != w.start || g.End != w.end {
			return false
		}
		if parser && !slices.Contains(w.values, g.Value) {
			return false
		}
	}
	return true
}

func dateSpecWantString(want []dateSpecExpect, parser bool) string {
	var parts []string
	for _, w := range want {
		s := fmt.Sprintf("%q@%d-%d", w.text, w.start, w.end)
		if parser {
			s += " " + strings.Join(w.values, "|")
		}
		parts = append(parts, s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func dateSpecGotString(got []extract.Date, parser bool) string {
	var parts []string
	for _, g := range got {
		s := fmt.Sprintf("%q@%d-%d", g.Text, g.Start, g.End)
		if parser {
			s += " " + g.Value
		}
		parts = append(parts, s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
