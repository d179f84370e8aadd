package extract

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// open marks an open bound in the test tables.
var open = math.NaN()

func TestQuantities(t *testing.T) {
	tests := []struct {
		name, in, want string // want: the expected span, found in in
		lo, hi         float64
		qual, unit     string
		vague          bool
	}{
		{"separators", "The army lost 15,000 fighters.", "15,000", 15000, 15000, Exact, "fighters", false},
		{"decimal", "Inflation hit 4.75 points.", "4.75", 4.75, 4.75, Exact, "points", false},
		{"scale word", "Some 1.2 million people fled.", "Some 1.2 million", 1.2e6, 1.2e6, Approx, "people", false},
		{"scale and currency word", "a budget of 14.1 trillion won this year", "14.1 trillion won", 14.1e12, 14.1e12, Exact, "won", false},
		{"suffix money", "a $20bn deal", "$20bn", 20e9, 20e9, Exact, "$", false},
		{"suffix m", "home to 3.5m people", "3.5m", 3.5e6, 3.5e6, Exact, "people", false},
		{"suffix m money", "paid €3.5m to the club", "€3.5m", 3.5e6, 3.5e6, Exact, "€", false},
		{"glued metres", "she cleared 4.88m at Norwich", "4.88", 4.88, 4.88, Exact, "m", false},
		{"quarters of time", "in the preceding three quarters.", "three", 3, 3, Exact, "quarters", false},
		{"fraction with of", "won three quarters of the vote", "three quarters", 0.75, 0.75, Exact, "", false},
		{"or so", "the 100,000 or so net cafes", "100,000 or so", 100000, 100000, Approx, "cafes", false},
		{"pound symbol", "fined £300 last week", "£300", 300, 300, Exact, "£", false},
		{"euros word", "cost 40 euros each", "40 euros", 40, 40, Exact, "euros", false},
		{"rupees", "raised 500 rupees", "500 rupees", 500, 500, Exact, "rupees", false},
		{"rupee sign", "costs Rs. 500 crore", "Rs. 500 crore", 5e9, 5e9, Exact, "Rs", false},
		{"word number", "three soldiers died", "three", 3, 3, Exact, "soldiers", false},
		{"hyphenated words", "twenty-five villages burned", "twenty-five", 25, 25, Exact, "villages", false},
		{"dozen", "two dozen trucks", "two dozen", 24, 24, Exact, "trucks", false},
		{"a hundred", "a hundred people marched", "a hundred", 100, 100, Exact, "people", false},
		{"compound words", "one hundred and six votes", "one hundred and six", 106, 106, Exact, "votes", false},
		{"dozens", "dozens of people were hurt", "dozens", 24, open, AtLeast, "people", true},
		{"dozens dead", "leaving dozens dead.", "dozens", 24, open, AtLeast, "dead", true},
		{"hundreds of", "hundreds of homes", "hundreds", 200, open, AtLeast, "homes", true},
		{"thousands", "thousands fled the city", "thousands", 2000, open, AtLeast, "", true},
		{"tens of thousands", "tens of thousands of troops", "tens of thousands", 20000, open, AtLeast, "troops", true},
		{"several hundred", "several hundred troops", "several hundred", 300, 900, Approx, "troops", true},
		{"range to", "TTP with 5,000 to 7,000 men", "5,000 to 7,000", 5000, 7000, Range, "men", false},
		{"range hyphen", "between them 5,000-7,000 fighters", "5,000-7,000", 5000, 7000, Range, "fighters", false},
		{"range en dash", "an army of 5,000–7,000 fighters", "5,000–7,000", 5000, 7000, Range, "fighters", false},
		{"between", "between 20,000 and 23,000 fighters", "between 20,000 and 23,000", 20000, 23000, Range, "fighters", false},
		{"from to", "from 300 to 1,200 members", "from 300 to 1,200", 300, 1200, Range, "members", false},
		{"range percent word", "a rise of 10 to 15 percent", "10 to 15 percent", 10, 15, Range, "percent", false},
		{"range percent signs", "a rise of 10% to 15%", "10% to 15%", 10, 15, Range, "percent", false},
		{"range scales", "worth 11 trillion to 12 trillion won", "11 trillion to 12 trillion won", 11e12, 12e12, Range, "won", false},
		{"scale carried", "between 5 and 7 million people", "between 5 and 7 million", 5e6, 7e6, Range, "people", false},
		{"approx range", "roughly 20,000 to 23,000 fighters", "roughly 20,000 to 23,000", 20000, 23000, Range, "fighters", false},
		{"about", "about 3,000 fighters", "about 3,000", 3000, 3000, Approx, "fighters", false},
		{"around", "dropped by around 20% in 2025", "around 20%", 20, 20, Approx, "percent", false},
		{"nearly", "nearly 40 people", "nearly 40", 40, 40, Approx, "people", false},
		{"an estimated", "an estimated 500 troops", "an estimated 500", 500, 500, Approx, "troops", false},
		{"more than", "more than 20 radical groups", "more than 20", 20, open, MoreThan, "groups", false},
		{"over", "comprising over 15,000 fighters", "over 15,000", 15000, open, MoreThan, "fighters", false},
		{"upwards of", "upwards of 9,000 tonnes", "upwards of 9,000", 9000, open, MoreThan, "tonnes", false},
		{"at least", "at least 12 civilians", "at least 12", 12, open, AtLeast, "civilians", false},
		{"fewer than", "fewer than 40 people", "fewer than 40", open, 40, LessThan, "people", false},
		{"below", "below 5 percent", "below 5 percent", open, 5, LessThan, "percent", false},
		{"up to", "cut up to 700 workers", "up to 700", open, 700, AtMost, "workers", false},
		{"as many as", "as many as 50 boats", "as many as 50", open, 50, AtMost, "boats", false},
		{"per cent", "a 15 per cent cut", "15 per cent", 15, 15, Exact, "percent", false},
		{"percent sign", "grew 15% last year", "15%", 15, 15, Exact, "percent", false},
		{"adjectives skipped", "20 radical Islamist groups", "20", 20, 20, Exact, "groups", false},
		{"more than half", "more than half of whom", "more than half", 0.5, open, MoreThan, "", false},
		{"over a time span", "three phases over five years", "five", 5, 5, Exact, "years", false},
		{"or more", "500 or more people", "500 or more", 500, open, AtLeast, "people", false},
		{"four digits after more than", "more than 2000 people", "more than 2000", 2000, open, MoreThan, "people", false},
		{"mixed fraction", "grew 2 1/4 points", "2 1/4", 2.25, 2.25, Exact, "points", false},
		{"indian grouping", "1,00,000 people", "1,00,000", 100000, 100000, Exact, "people", false},
		{"scientific", "a mass of 1.3e6 tonnes", "1.3e6", 1.3e6, 1.3e6, Exact, "tonnes", false},
		{"power", "a factor of 1.1^23 here", "1.1^23", 8.954302432552372, 8.954302432552372, Exact, "", false},
		{"power negative exponent", "x = 2.5^-1", "2.5^-1", 0.4, 0.4, Exact, "", false},
		{"power signs combine", "y = 1.1^--23", "1.1^--23", 8.954302432552372, 8.954302432552372, Exact, "", false},
		{"power of ten", "10^6 cells", "10^6", 1e6, 1e6, Exact, "cells", false},
		{"times ten to the", "a mass of 1.3x10^6 tonnes", "1.3x10^6", 1.3e6, 1.3e6, Exact, "tonnes", false},
		{"times ten to the negative", "a rate of 6.23x10^-4 here", "6.23x10^-4", 6.23e-4, 6.23e-4, Exact, "", false},
		{"times sign spaced", "about 3 × 10^8 metres", "about 3 × 10^8", 3e8, 3e8, Approx, "metres", false},
		{"negative power", "-2.5^-1 is odd", "-2.5^-1", -0.4, -0.4, Exact, "", false},
		{"decimal comma", "it costs 5,00 each", "5,00", 5, 5, Exact, "", false},
		{"decimal comma one digit", "The number is 1,3.", "1,3", 1.3, 1.3, Exact, "", false},
		{"decimal comma dot groups", "paid €1.111,11 in fees", "€1.111,11", 1111.11, 1111.11, Exact, "€", false},
		{"decimal comma two dot groups", "a total of 2.345.678,9 tonnes", "2.345.678,9", 2345678.9, 2345678.9, Exact, "tonnes", false},
		{"comma thousands still", "1,000 people", "1,000", 1000, 1000, Exact, "people", false},
		{"giga glued", "a 10G link", "10G", 1e10, 1e10, Exact, "", false},
		{"giga spaced", "worth 1,674.5 G in all", "1,674.5 G", 1674.5e9, 1674.5e9, Exact, "", false},
		{"mega spaced capital", "1,674,200.5 M", "1,674,200.5 M", 1674200.5e6, 1674200.5e6, Exact, "", false},
		{"kilo spaced", "10 k runners", "10 k", 1e4, 1e4, Exact, "runners", false},
		{"kilo spaced capital", "a 5 K fee", "5 K", 5e3, 5e3, Exact, "", false},
		{"spaced sign at line start", "- 10  k", "- 10  k", -1e4, -1e4, Exact, "", false},
		{"spaced sign fraction", "- 1 4/5", "- 1 4/5", -1.8, -1.8, Exact, "", false},
		{"spaced sign after equals", "x = - 3 here", "- 3", -3, -3, Exact, "", false},
		{"spaced sign in brackets", "a change (- 2.5%) in", "- 2.5%", -2.5, -2.5, Exact, "percent", false},
		{"over digits", "1 over 3", "1 over 3", 1.0 / 3, 1.0 / 3, Exact, "", false},
		{"over large numerator", "2000 over 3", "2000 over 3", 2000.0 / 3, 2000.0 / 3, Exact, "", false},
		{"over words", "one over 20", "one over 20", 0.05, 0.05, Exact, "", false},
		{"over compound words", "1 over one hundred and twenty one", "1 over one hundred and twenty one", 1.0 / 121, 1.0 / 121, Exact, "", false},
		{"over negative", "The answer is negative one over 20", "negative one over 20", -0.05, -0.05, Exact, "", false},
		{"in hyphenated", "odds of 1 in twenty-one", "1 in twenty-one", 1.0 / 21, 1.0 / 21, Exact, "", false},
		{"in people", "1 in 5 people voted", "1 in 5", 0.2, 0.2, Exact, "people", false},
		{"in words of", "two in five of the reports", "two in five", 0.4, 0.4, Exact, "", false},
		{"in qualified", "fewer than one in 10,000 consoles failed", "fewer than one in 10,000", open, 0.0001, LessThan, "consoles", false},
		{"in a million", "odds of one in a million.", "one in a million", 1e-6, 1e-6, Exact, "", false},
		{"in or more", "How about 2 in 5 or more", "2 in 5 or more", 0.4, open, AtLeast, "", false},
		{"two comparisons", "greater than 100 and smaller than 300", "greater than 100 and smaller than 300", 100, 300, Range, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs := Quantities(tt.in, nil)
			checkInvariants(t, tt.in, qs)
			var q *Quantity
			for i := range qs {
				if qs[i].Text == tt.want {
					q = &qs[i]
				}
			}
			if q == nil {
				t.Fatalf("%q: no quantity %q in %+v", tt.in, tt.want, qs)
			}
			if start := strings.Index(tt.in, tt.want); q.Start != start || q.End != start+len(tt.want) {
				t.Errorf("offsets [%d,%d), want [%d,%d)", q.Start, q.End, start, start+len(tt.want))
			}
			checkBound(t, "low", q.Low, tt.lo)
			checkBound(t, "high", q.High, tt.hi)
			if q.Qualifier != tt.qual || q.Unit != tt.unit || q.Vague != tt.vague {
				t.Errorf("qualifier %q unit %q vague %v, want %q %q %v", q.Qualifier, q.Unit, q.Vague, tt.qual, tt.unit, tt.vague)
			}
			if q.Rule == "" {
				t.Error("no rule")
			}
		})
	}
}

func checkBound(t *testing.T, name string, got *float64, want float64) {
	t.Helper()
	switch {
	case math.IsNaN(want) && got != nil:
		t.Errorf("%s = %v, want open", name, *got)
	case !math.IsNaN(want) && got == nil:
		t.Errorf("%s open, want %v", name, want)
	case got != nil && math.Abs(*got-want) > 1e-9*math.Max(1, math.Abs(want)):
		t.Errorf("%s = %v, want %v", name, *got, want)
	}
}

func TestQuantitiesNotQuantities(t *testing.T) {
	tests := []struct{ in, not string }{
		{"since the Taliban's 2021 return", "2021"},
		{"a report in 2021 said", "2021"},
		{"at a March 2025 meeting", "2025"},
		{"warned on Feb. 13, 2026 that", "13"},
		{"warned on Feb. 13, 2026 that", "2026"},
		{"killed on 17 April 2025 in", "17"},
		{"met at 10:30 on Monday", "10:30"},
		{"met at 10 a.m. sharp", "10"},
		{"the 21st century", "21"},
		{"for the first time", "first"},
		{"sent F-16 jets", "16"},
		{"bought Su-35 fighters", "35"},
		{"call +1-222-2222-2222 now", "222"},
		{"call (555) 123-4567 now", "123-4567"},
		{"on 5/17/2018 at noon", "17"},
		{"the 2026-03-03 report", "03"},
		{"an A320 jet", "320"},
		{"the COVID-19 pandemic", "19"},
		{"in the 1990s", "1990"},
		{"1. First item\n2. Second item", "1"},
		{"see https://example.com/a?id=30%25 now", "30"},
		{"one of the leaders", "one"},
		{"the vote was 52-48 in favour", "52"},
		{"won 3-2 at home", "3"},
		{"a Boeing 737 crashed", "737"},
		{"the 2019-2021 drought", "2019"},
		{"over 2021 sales rose", "2021"},
		{"a 40t truck", "40"},
		{"held on 5-6 March", "5"},
		{"a 4x4 vehicle", "4"},
		{"the 2x10^ sign", "10^"},
		{"a 3x10 grid", "3"},
		{"lost 1-6,4-6 in the third round", "6"},
		{"the 5G network", "5"},
		{"a 2.5G phone", "2.5"},
		{"lifts 50g of sugar", "50g"},
	}
	for _, tt := range tests {
		qs := Quantities(tt.in, nil)
		checkInvariants(t, tt.in, qs)
		at := strings.Index(tt.in, tt.not)
		for _, q := range qs {
			if q.Start < at+len(tt.not) && at < q.End {
				t.Errorf("%q: %q should not be a quantity, got %q", tt.in, tt.not, q.Text)
			}
		}
	}
}

// TestQuantitiesNotOneNumber lists digits that must not be read as one
// number, though they may hold several.
func TestQuantitiesNotOneNumber(t *testing.T) {
	tests := []struct{ in, not string }{
		{"pages 1,2,3 and 4", "1,2"},
		{"pages 1,2,3 and 4", "2,3"},
		{"In 2019,20 people came", "2019,20"},
		{"a 5,00a code", "5,00"},
		{"in 1.5,2 cases", "1.5,2"},
		{"the 1.11,5 mark", "1.11,5"},
		{"2^3.5 is odd", "2^3"},
		{"10^ 6 apart", "10^ 6"},
		{"ran 5 m in", "5 m"},
		{"killed 40 over three days", "40 over three"},
		{"in 2019 over 30 died.", "2019 over 30"},
		{"killed 3 in 2 attacks", "3 in 2"},
		{"won 2 in 3 matches", "2 in 3"},
		{"scored 1 in 5 years", "1 in 5"},
		{"born 1 in 2021.", "1 in 2021"},
		{"rose 5% over 3.", "5% over 3"},
		{"a 1 over par round", "1 over"},
		{"cut 20 over 3 million.", "20 over"},
		{"it is 2000 over 3.", "2000 over"},
		{"a 5 g weight", "5 g"},
		{"pulled 9 G in the turn", "9 G"},
		{"the 10 G-force ride", "10 G"},
		{"- 10 people died\n- 3 fled", "- 10"},
		{"fighters - 10 of them", "- 10"},
		{"5 - 3 left", "- 3"},
	}
	for _, tt := range tests {
		for _, q := range Quantities(tt.in, nil) {
			if strings.Contains(q.Text, tt.not) {
				t.Errorf("%q: read %q as one number (%q)", tt.in, tt.not, q.Text)
			}
		}
	}
}

func TestQuantitiesListUnit(t *testing.T) {
	text := "IS-KP at about 3,000 fighters; TTP at 5,000 to 7,000; and the IMU with 150 to 250 members. Prices rose 20%; wages 5."
	want := map[string]string{"about 3,000": "fighters", "5,000 to 7,000": "fighters", "150 to 250": "members", "20%": "percent", "5": ""}
	qs := Quantities(text, nil)
	checkInvariants(t, text, qs)
	if len(qs) != len(want) {
		t.Fatalf("got %d quantities, want %d: %+v", len(qs), len(want), qs)
	}
	for _, q := range qs {
		if w, ok := want[q.Text]; !ok || q.Unit != w {
			t.Errorf("%q: unit %q, want %q", q.Text, q.Unit, w)
		}
	}
}

func TestQuantitiesSubject(t *testing.T) {
	// Entities as an entity extractor would give them; offsets computed.
	ent := func(text, name, typ, canonical string) Entity {
		i := strings.Index(text, name)
		return Entity{Text: name, Type: typ, Start: i, End: i + len(name), Canonical: canonical}
	}
	text := "These include Islamic State-Khorasan Province (IS-KP) at about 3,000 fighters; " +
		"Tehrik-e-Taliban Pakistan (TTP) with 5,000 to 7,000; al-Qaida at 400 to 1,500; " +
		"the Islamic Movement of Uzbekistan, a separate Central Asian group, with 150 to 500. " +
		"Russia said more than 20 groups are active, more than half of whom are foreign. " +
		"The East Turkestan Islamic Movement, also known as the Turkestan Islamic Party, at 300 to 1,200. " +
		"The report says that the Taliban were sheltering more than 21 groups. " +
		"Some 23,000 fighters are active in Afghanistan. Yet 40 bases operate in the country."
	ents := []Entity{
		ent(text, "Islamic State-Khorasan Province", Org, "IS-KP"),
		ent(text, "IS-KP", Org, "IS-KP"),
		ent(text, "Tehrik-e-Taliban Pakistan", Org, "Tehrik-e-Taliban Pakistan"),
		ent(text, "TTP", Org, "Tehrik-e-Taliban Pakistan"),
		ent(text, "al-Qaida", Org, "al-Qaeda"),
		ent(text, "Islamic Movement of Uzbekistan", Org, "Islamic Movement of Uzbekistan"),
		ent(text, "Central Asian", NORP, "Central Asian"),
		ent(text, "Russia", GPE, "Russia"),
		ent(text, "East Turkestan Islamic Movement", Org, "East Turkestan Islamic Movement"),
		ent(text, "Turkestan Islamic Party", Org, "Turkestan Islamic Party"),
		ent(text, "Taliban were", Org, "Taliban"),
		ent(text, "Afghanistan", GPE, "Afghanistan"),
	}
	// ent finds the first occurrence; "Turkestan Islamic Party" and
	// "Turkestan" inside the movement's name are distinct, so fix it up.
	if i := strings.Index(text, ", also known as the Turkestan Islamic Party"); i >= 0 {
		s := i + len(", also known as the ")
		ents[len(ents)-3].Start, ents[len(ents)-3].End = s, s+len("Turkestan Islamic Party")
	}
	for i := range ents {
		if ents[i].Text == "Taliban were" {
			ents[i].Text, ents[i].End = "Taliban", ents[i].Start+len("Taliban")
		}
	}
	sort.Slice(ents, func(a, b int) bool { return ents[a].Start < ents[b].Start })
	want := map[string]string{
		"about 3,000":    "IS-KP",
		"5,000 to 7,000": "Tehrik-e-Taliban Pakistan",
		"400 to 1,500":   "al-Qaeda",
		"150 to 500":     "Islamic Movement of Uzbekistan",
		"more than 20":   "", // "said" does not credit the figure to Russia
		"more than half": "",
		"300 to 1,200":   "East Turkestan Islamic Movement",
		"more than 21":   "Taliban",
		"Some 23,000":    "Afghanistan",
		"40":             "Afghanistan", // "in the country"
	}
	qs := Quantities(text, ents)
	checkInvariants(t, text, qs)
	seen := 0
	for _, q := range qs {
		w, ok := want[q.Text]
		if !ok {
			continue
		}
		seen++
		if q.Subject != w {
			t.Errorf("%q: subject %q, want %q", q.Text, q.Subject, w)
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of %d quantities: %+v", seen, len(want), qs)
	}
}

// checkInvariants asserts what every result must satisfy: offsets in range
// and exact, sorted, no overlaps, bounds consistent with the qualifier.
func checkInvariants(t *testing.T, text string, qs []Quantity) {
	t.Helper()
	prevEnd := 0
	for i, q := range qs {
		if q.Start < 0 || q.End > len(text) || q.Start >= q.End {
			t.Fatalf("quantity %d: bad offsets [%d,%d) in %d bytes", i, q.Start, q.End, len(text))
		}
		if text[q.Start:q.End] != q.Text {
			t.Errorf("quantity %d: text[%d:%d] = %q, Text %q", i, q.Start, q.End, text[q.Start:q.End], q.Text)
		}
		if q.Start < prevEnd {
			t.Errorf("quantity %d %q overlaps or is out of order", i, q.Text)
		}
		prevEnd = q.End
		if q.Low == nil && q.High == nil {
			t.Errorf("quantity %q has no bound", q.Text)
		}
		if q.Low != nil && q.High != nil && *q.Low > *q.High {
			t.Errorf("quantity %q: low %v > high %v", q.Text, *q.Low, *q.High)
		}
	}
}

func TestQuantitiesSeedsInvariants(t *testing.T) {
	files, err := filepath.Glob("../seeds/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	header := regexp.MustCompile(`^\s*date (\d{4}-\d{2}-\d{2})\s+`)
	total := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := header.ReplaceAllString(string(b), "")
		text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
		text = strings.TrimRight(text, " \t\n")
		qs := Quantities(text, nil)
		checkInvariants(t, text, qs)
		total += len(qs)
	}
	if total == 0 {
		t.Error("no quantity in any seed")
	}
}

func BenchmarkQuantities(b *testing.B) {
	text := strings.Repeat("The report estimates that between 20,000 and 23,000 fighters, about 3,000 of them IS-KP, cost $20bn in 2021. ", 50)
	for b.Loop() {
		Quantities(text, nil)
	}
}

func TestQMayHaveURL(t *testing.T) {
	for text, want := range map[string]bool{
		"see www.example.com for 5 more": true,
		"WWW.EXAMPLE.COM":                true,
		"mail 3 people at a@b.org":       true,
		"https://x.y/1":                  true,
		"we went west with 300 sheep":    false,
		"w":                              false,
		"":                               false,
	} {
		if got := qMayHaveURL(text); got != want {
			t.Errorf("qMayHaveURL(%q) = %v, want %v", text, got, want)
		}
		// Whatever it says, no text without a match may be skipped.
		if qTables().urlRe.MatchString(text) && !qMayHaveURL(text) {
			t.Errorf("%q: urlRe matches but qMayHaveURL says no", text)
		}
	}
}

// TestNumReach checks that numDigitsRe finds the same number in the
// input numReach bounds as in the whole rest of the text.
func TestNumReach(t *testing.T) {
	pieces := []string{"1", "23", "000", ",", ".", "e", "E", "+", "-", "\u202f", "\u00a0", "\u2009", "x", " ", "é", "_", "5e3"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		text := shapedText(rng, nil, 0, pieces, 1+rng.IntN(10))
		for i := 0; i < len(text); i++ {
			if !isASCIIDigit(text[i]) && text[i] != '.' {
				continue
			}
			if got, want := numDigitsRe.FindString(text[i:numReach(text, i)]), numDigitsRe.FindString(text[i:]); got != want {
				t.Fatalf("%q at %d: %q within numReach, %q in the whole text", text, i, got, want)
			}
		}
	}
}

// TestQTimeWindow checks that timeRe says the same of the start
// qTimeWindow keeps as of the whole rest of the text.
func TestQTimeWindow(t *testing.T) {
	pieces := []string{" ", "  ", "\t", "\n", "a", "p", "A", ".", "m", "M", "o'clock", "o’clock", "gmt", "utc", "hrs",
		"pst", "est", "eſt", "x", "1", "s", "GMT", "clock", "'", "’", "é"}
	re := qTables().timeRe
	rng := rand.New(rand.NewPCG(7, 8))
	matched := 0
	for range 20000 {
		rest := shapedText(rng, nil, 0, pieces, 1+rng.IntN(12))
		want := re.MatchString(rest)
		if want {
			matched++
		}
		if got := re.MatchString(qTimeWindow(rest)); got != want {
			t.Fatalf("%q: %v on qTimeWindow's start, %v on the whole", rest, got, want)
		}
	}
	if matched < 1000 {
		t.Fatalf("only %d strings match: the test checks too little", matched)
	}
}
