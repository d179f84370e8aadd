package extract

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// The fuzz targets below check the promise every extractor makes about
// its mentions, whatever the text: no panic, byte offsets in range with
// text[Start:End] == Text, sorted by Start, and no overlaps where the API
// says so. Seeds run as ordinary tests under `go test`; `go test -fuzz`
// explores from them and keeps any failing input under testdata/fuzz/ as
// a regression seed.

// shapedText returns the strings of shape in order, each replaced by a
// random one of pieces with a chance of 1 in swap (none when swap is 0),
// then extra random pieces: text shaped like an expression's matches,
// with near misses, for tests that compare a shortcut with the
// expression it spares.
func shapedText(rng *rand.Rand, shape []string, swap int, pieces []string, extra int) string {
	var b strings.Builder
	for _, s := range shape {
		if swap > 0 && rng.IntN(swap) == 0 {
			s = pieces[rng.IntN(len(pieces))]
		}
		b.WriteString(s)
	}
	for range extra {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

// fuzzRef is the seed articles' published date, a Tuesday.
var fuzzRef = time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)

// fuzzSnippets are sentences in the style of the seed articles, with the
// figures, dates and names the extractors look for, and text that is
// hostile to byte offsets: invalid UTF-8, combining marks, a BOM, NULs.
var fuzzSnippets = []string{
	"[ISLAMABAD] The report estimates that between 20,000 and 23,000 fighters belonging to international terrorist groups are active in Afghanistan.",
	"Tehrik-e-Taliban Pakistan (TTP) with 5,000 to 7,000; al-Qaida with 400 to 1,500; IS-KP at about 3,000 fighters.",
	"Russia's Deputy Permanent Representative to the UN, Anna Evstigneeva, told a UN Security Council committee on Wednesday.",
	"Earlier this year, and again last week, officials said more than 300 people had fled since the Taliban's 2021 return.",
	"The deal, worth $20bn (15 per cent of GDP), was signed on Feb. 13, 2026, two years ago, in early December 2025.",
	"Dozens died and hundreds of thousands were displaced in the past 48 hours; tens of thousands fled in Q3 2025 and H1 2026.",
	"The relatives have until 9 a.m. Tuesday to sign; the hearing is at 4:30 p.m. EDT Thursday.",
	"Prices rose 1.2 million won, roughly 3½ times, from 1990s levels; see F-16 unit 0800-123-456, item 3.",
	"At 10:30 on 03/04/2026 — or 2026-03-04 — the 21st century's second decade ended; fiscal year 2025-26.",
	"between 1e400 and 9999999999999999999999999 fighters; 0.000000001%; -5 to -3; 5 - 3; 7 to 7",
	"the end of last month, mid-2025, the first half of next year, Christmas Day, the second Tuesday of March",
	"- 10  k; 1.3x10^6 and 6.23 × 10^-4; -1.1^--23; 10^999; 1.111,11 or 5,00; 1,674.5 G; one in five people; 1 over 3",
	"\xEF\xBB\xBFdate 2026-03-03 Headline\r\nKabul \xff\xfe 3\xe2\x80\x935 March 2026 \x00 e\u0301 \u00a0 5\u202f000",
	"Caf\u00e9 \u0645\u0631\u062d\u0628\u0627 2,000 \u0967\u0968\u0969 \uff11\uff12\uff13 \U0001F600 $ 5 \u20ac 6 \u00a3\u00a3 7",
	"A. B. C. Mr. Smith Jr. of Acme Corp. Inc. met U.S. officials... \"IS-K\" and 'ISIS-K' (IS-KP).",
	"\n\n  \t\n",
	"2026",
	"",
}

// fuzzAddSeeds adds the snippets and the repository's seed articles to f.
func fuzzAddSeeds(f *testing.F) {
	f.Helper()
	for _, s := range fuzzSnippets {
		f.Add(s)
	}
	paths, _ := filepath.Glob(filepath.Join("..", "seeds", "*.txt"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
}

// fuzzSpan is the part of a mention the offset checks look at.
type fuzzSpan struct {
	what       string
	start, end int
	text       string
}

// fuzzCheckSpans checks that each span is in range and not empty, that
// its text is what its offsets cut out of text, that in valid UTF-8 it
// cuts no character in two and has no blank edge, and that spans are
// sorted by start and, when disjoint is set, do not overlap.
func fuzzCheckSpans(t *testing.T, text string, spans []fuzzSpan, disjoint bool) {
	t.Helper()
	valid := utf8.ValidString(text)
	prevStart, prevEnd := 0, 0
	for i, s := range spans {
		if s.start < 0 || s.start >= s.end || s.end > len(text) {
			t.Errorf("%s %d %q: offsets %d-%d out of range or empty for a %d-byte text", s.what, i, s.text, s.start, s.end, len(text))
			continue
		}
		if got := text[s.start:s.end]; got != s.text {
			t.Errorf("%s %d: text[%d:%d] is %q, Text is %q", s.what, i, s.start, s.end, got, s.text)
		}
		if valid && (!utf8.RuneStart(text[s.start]) || s.end < len(text) && !utf8.RuneStart(text[s.end])) {
			t.Errorf("%s %d: offsets %d-%d split a character of %q", s.what, i, s.start, s.end, text)
		}
		if valid && strings.TrimFunc(s.text, unicode.IsSpace) != s.text {
			t.Errorf("%s %d: %q starts or ends with whitespace", s.what, i, s.text)
		}
		if i > 0 && s.start < prevStart {
			t.Errorf("%s %d %q at %d comes after one at %d: not sorted", s.what, i, s.text, s.start, prevStart)
		}
		if disjoint && i > 0 && s.start < prevEnd {
			t.Errorf("%s %d %q at %d-%d overlaps the one before, ending at %d", s.what, i, s.text, s.start, s.end, prevEnd)
		}
		prevStart, prevEnd = s.start, s.end
	}
}

// fuzzQualifiers are the contract's quantity qualifiers.
var fuzzQualifiers = map[string]bool{
	Exact: true, Approx: true, Range: true, MoreThan: true, AtLeast: true, LessThan: true, AtMost: true,
}

// fuzzCheckQuantities checks qs found in text. subjects are the names a
// Subject may take: the entities Quantities was given, so none without.
func fuzzCheckQuantities(t *testing.T, text string, qs []Quantity, subjects map[string]bool) {
	t.Helper()
	spans := make([]fuzzSpan, len(qs))
	for i, q := range qs {
		spans[i] = fuzzSpan{"quantity", q.Start, q.End, q.Text}
		// The CLI writes these as JSON numbers, which have no NaN or
		// infinity: json.Marshal would fail on the whole record.
		for _, v := range []*float64{q.Low, q.High} {
			if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
				t.Errorf("quantity %q: bound %v is not a finite number", q.Text, *v)
			}
		}
		if q.Low != nil && q.High != nil && !(*q.Low <= *q.High) {
			t.Errorf("quantity %q: low %v > high %v", q.Text, *q.Low, *q.High)
		}
		if q.Low == nil && q.High == nil {
			t.Errorf("quantity %q has neither bound", q.Text)
		}
		if !fuzzQualifiers[q.Qualifier] {
			t.Errorf("quantity %q: qualifier %q is not one of the contract's", q.Text, q.Qualifier)
		}
		// Which bounds are open follows from the qualifier (Quantities'
		// and CONTRACT.md's documentation: "more than 300" has no top).
		var wantLow, wantHigh bool
		switch q.Qualifier {
		case Exact, Approx, Range:
			wantLow, wantHigh = true, true
		case MoreThan, AtLeast:
			wantLow = true
		case LessThan, AtMost:
			wantHigh = true
		}
		if fuzzQualifiers[q.Qualifier] && ((q.Low != nil) != wantLow || (q.High != nil) != wantHigh) {
			t.Errorf("quantity %q (%s, rule %s): low %v, high %v do not fit the qualifier", q.Text, q.Qualifier, q.Rule, fuzzBound(q.Low), fuzzBound(q.High))
		}
		if q.Qualifier == Exact && !q.Vague && q.Low != nil && q.High != nil && *q.Low != *q.High {
			t.Errorf("exact quantity %q: low %v != high %v", q.Text, *q.Low, *q.High)
		}
		if q.Qualifier == Range && q.Low != nil && q.High != nil && !(*q.Low < *q.High) {
			t.Errorf("range %q: low %v is not below high %v", q.Text, *q.Low, *q.High)
		}
		if q.Rule == "" {
			t.Errorf("quantity %q names no rule", q.Text)
		}
		if q.Subject != "" && !subjects[q.Subject] {
			t.Errorf("quantity %q: subject %q is not the canonical name of an entity", q.Text, q.Subject)
		}
	}
	fuzzCheckSpans(t, text, spans, true)
}

func fuzzBound(v *float64) string {
	if v == nil {
		return "null"
	}
	return strconv.FormatFloat(*v, 'g', -1, 64)
}

// fuzzSubjects are the names a quantity's Subject may take given ents.
func fuzzSubjects(ents []Entity) map[string]bool {
	m := map[string]bool{}
	for _, e := range ents {
		m[e.Canonical] = true
		m[e.Text] = true
	}
	return m
}

// fuzzTimexRe is the TIMEX3 values Dates documents: a year, decade or
// century, optionally with a month and day, ISO week and weekday or
// weekend, quarter, half or season, any part of which may be unknown (X,
// as in "199X", a year of the 1990s), a day or weekday with a clock time
// ("T09:00"); or one of TIMEX3's PAST_REF, PRESENT_REF and FUTURE_REF
// ("now").
var fuzzTimexRe = regexp.MustCompile(`^(?:(\d{4}|\d{3}X|XXXX|\d{3}|XXX|\d{2})(?:-(\d{2}|XX)(?:-(\d{2}|XX)(?:T([01]\d|2[0-3]):[0-5]\d)?)?|-W(\d{2}|XX)(?:-([1-7]|WE)(?:T([01]\d|2[0-3]):[0-5]\d)?)?|-Q([1-4]|X)|-H([12]|X)|-(SP|SU|FA|WI))?|PAST_REF|PRESENT_REF|FUTURE_REF)$`)

// fuzzCheckValue checks a TIMEX3 value's shape and that its numbers name
// a real month, day and ISO week.
func fuzzCheckValue(t *testing.T, d Date) {
	t.Helper()
	m := fuzzTimexRe.FindStringSubmatch(d.Value)
	if m == nil {
		t.Errorf("date %q: value %q is not a TIMEX3 value", d.Text, d.Value)
		return
	}
	year, month, day, week := m[1], m[2], m[3], m[5]
	if month != "" && month != "XX" {
		if n, _ := strconv.Atoi(month); n < 1 || n > 12 {
			t.Errorf("date %q: value %q has no month %s", d.Text, d.Value, month)
		}
	}
	if day != "" && day != "XX" {
		n, _ := strconv.Atoi(day)
		if n < 1 || n > 31 {
			t.Errorf("date %q: value %q has no day %s", d.Text, d.Value, day)
		} else if len(year) == 4 && year != "XXXX" && month != "XX" {
			if _, err := time.Parse(time.DateOnly, d.Value[:10]); err != nil {
				t.Errorf("date %q: value %q is not a calendar day", d.Text, d.Value)
			}
		}
	}
	if week != "" && week != "XX" {
		n, _ := strconv.Atoi(week)
		last := 53
		if y, err := strconv.Atoi(year); err == nil && len(year) == 4 {
			_, last = time.Date(y, 12, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
		}
		if n < 1 || n > last {
			t.Errorf("date %q: value %q has no week %s", d.Text, d.Value, week)
		}
	}
}

func fuzzCheckDates(t *testing.T, text string, ds []Date) {
	t.Helper()
	spans := make([]fuzzSpan, len(ds))
	for i, d := range ds {
		spans[i] = fuzzSpan{"date", d.Start, d.End, d.Text}
		if d.Value == "" {
			t.Errorf("date %q at %d has an empty value", d.Text, d.Start)
		}
		switch d.Mod {
		case "", ModStart, ModMid, ModEnd:
		default:
			t.Errorf("date %q: mod %q is not TIMEX3's", d.Text, d.Mod)
		}
		fuzzCheckValue(t, d)
		// Rules run line by line: a date never spans a line break.
		if strings.ContainsAny(d.Text, "\n") {
			t.Errorf("date %q spans a line break", d.Text)
		}
		if d.Rule == "" {
			t.Errorf("date %q names no rule", d.Text)
		}
	}
	fuzzCheckSpans(t, text, spans, true)
}

func fuzzEntitySpans(ents []Entity) []fuzzSpan {
	spans := make([]fuzzSpan, len(ents))
	for i, e := range ents {
		spans[i] = fuzzSpan{"entity " + e.Type, e.Start, e.End, e.Text}
	}
	return spans
}

func FuzzQuantities(f *testing.F) {
	fuzzAddSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		fuzzCheckQuantities(t, text, Quantities(text, nil), map[string]bool{})
	})
}

func FuzzDates(f *testing.F) {
	fuzzAddSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		// With a reference date relative expressions resolve; without one
		// they take other paths that keep X placeholders. Both must hold.
		fuzzCheckDates(t, text, Dates(text, fuzzRef))
		fuzzCheckDates(t, text, Dates(text, time.Time{}))
	})
}

// fuzzExtractor is compiled once: loading prose's model per input would
// leave the fuzzer no time for inputs.
var fuzzExtractor = sync.OnceValues(func() (*Extractor, error) {
	return Compile(Options{})
})

func FuzzExtract(f *testing.F) {
	fuzzAddSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		x, err := fuzzExtractor()
		if err != nil {
			t.Fatal(err)
		}
		// Extract's entities are x.Entities(text), so this checks both.
		r := x.Extract(text, fuzzRef)
		if r.Entities == nil || r.Quantities == nil || r.Dates == nil {
			t.Errorf("Extract returned a nil list (JSON null): %+v", r)
		}
		for _, e := range r.Entities {
			if e.Type == "" || e.Canonical == "" {
				t.Errorf("entity %q has type %q, canonical %q", e.Text, e.Type, e.Canonical)
			}
		}
		fuzzCheckSpans(t, text, fuzzEntitySpans(r.Entities), false)
		fuzzCheckQuantities(t, text, r.Quantities, fuzzSubjects(r.Entities))
		fuzzCheckDates(t, text, r.Dates)
	})
}

// fuzzTagger is loaded once: decoding the model takes a moment.
var fuzzTagger = sync.OnceValues(LoadTagger)

// fuzzTagTypes are the types Tag documents.
var fuzzTagTypes = map[string]bool{Person: true, Org: true, GPE: true, NORP: true}

func FuzzTag(f *testing.F) {
	fuzzAddSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		tg, err := fuzzTagger()
		if err != nil {
			t.Fatal(err)
		}
		ents := tg.Tag(text)
		for _, e := range ents {
			if !fuzzTagTypes[e.Type] {
				t.Errorf("entity %q has type %q", e.Text, e.Type)
			}
			// Tag splits sentences at newlines; no name runs across one.
			if strings.Contains(e.Text, "\n") {
				t.Errorf("entity %q spans a line break", e.Text)
			}
			if e.Rule != "ner" {
				t.Errorf("entity %q has rule %q", e.Text, e.Rule)
			}
		}
		fuzzCheckSpans(t, text, fuzzEntitySpans(ents), true)
	})
}
