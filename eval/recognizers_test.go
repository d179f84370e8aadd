package eval

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/ingest-news/ingest/extract"
)

func quantitiesOf(s string) []extract.Quantity { return extract.Quantities(s, nil) }

const recognizersDir = "../../shared/data/recognizers-text/Specs/Number/English"

func TestRecognizersNumbers(t *testing.T) {
	for _, name := range []string{"NumberRangeModel.json", "PercentModel.json", "NumberModel.json"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(recognizersDir, name)
			raw, err := os.ReadFile(path)
			if os.IsNotExist(err) {
				t.Skipf("%s absent: the Recognizers-Text specs live outside the repository (see ../shared/data/README.md)", path)
			}
			if err != nil {
				t.Fatal(err)
			}
			var all []json.RawMessage
			if err := json.Unmarshal(bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")), &all); err != nil {
				t.Fatal(err)
			}
			cases, err := readSpecs(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(cases) != len(all) || len(cases) == 0 {
				t.Fatalf("loader read %d cases, file holds %d", len(cases), len(all))
			}
			for i, c := range cases {
				if c.Input == "" && len(c.Results) == 0 {
					t.Errorf("case %d: empty input", i)
				}
			}
			r, err := RecognizersNumbers(path)
			if err != nil {
				t.Fatal(err)
			}
			if r.Total+r.Skipped != len(all) {
				t.Errorf("total %d + skipped %d != %d cases", r.Total, r.Skipped, len(all))
			}
			if r.Passed > r.Total || len(r.Failures) != r.Total-r.Passed {
				t.Errorf("inconsistent result: %+v", r)
			}
			t.Logf("%s: %d/%d passed (%.1f%%), %d skipped: %s", r.File, r.Passed, r.Total, 100*r.PassRate(), r.Skipped, r.SkipReason)
			for i, f := range r.Failures {
				if i == 10 {
					break
				}
				t.Logf("FAIL %q\n  want %s\n  got  %s", f.Input, f.Want, f.Got)
			}
		})
	}
}

func TestSpecPredictedIntervals(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The number is between 20 and 30.", "[20,30)"},
		{"greater than 100 and smaller than 300", "(100,300)"},
		{"no less than 30", "[30,)"},
		{"up to 700", "(,700]"},
		{"under 170", "(,170)"},
		{"more than 10 and at most 20", "(10,20]"},
		{"equal to 20", "[20,20]"},
	}
	for _, tt := range tests {
		var got []string
		for _, q := range quantitiesOf(tt.in) {
			if v, ok := specPredicted("NumberRangeModel", q); ok {
				got = append(got, v)
			}
		}
		if len(got) != 1 || got[0] != specInterval(tt.want) {
			t.Errorf("%q: got %v, want %s", tt.in, got, tt.want)
		}
	}
}

func TestSpecInterval(t *testing.T) {
	for in, want := range map[string]string{"(20,35]": "(20,35]", "[3965,)": "[3965,)", "(,100]": "(,100]", "(0.25,0.5)": "(0.25,0.5)", "[1000,1500)": "[1000,1500)"} {
		if got := specInterval(in); got != want {
			t.Errorf("specInterval(%q) = %q, want %q", in, got, want)
		}
	}
	if got, want := utf16Len("1000–5000"), 9; got != want {
		t.Errorf("utf16Len = %d, want %d", got, want)
	}
}

func TestSpecBareNumber(t *testing.T) {
	for in, want := range map[string]string{"I want $20 now": "20", "2mil SEK left": "2mil", "target is US$ 1MM": "1MM", "12 people": "12"} {
		qs := quantitiesOf(in)
		if len(qs) != 1 {
			t.Fatalf("%q: %d quantities", in, len(qs))
		}
		q := specBareNumber(qs[0])
		if q.Text != want || in[q.Start:q.End] != want {
			t.Errorf("%q: narrowed to %q [%d,%d), want %q", in, q.Text, q.Start, q.End, want)
		}
	}
}

func TestSpecNotQuantity(t *testing.T) {
	// at returns the expected result for the first occurrence of text in
	// in, with the specs' inclusive End.
	at := func(in, text string) specResult {
		i := bytes.Index([]byte(in), []byte(text))
		return specResult{Text: text, Start: i, End: i + len(text) - 1}
	}
	tests := []struct {
		in, num, kind string // kind "" means not skipped
	}{
		{"Any time to meet on 5/17/2018?", "17", "date"},
		{"the 2026-03-03 report", "03", "date"},
		{"meet at 10:30 today", "30", "time"},
		{"My phone number is +1-222-2222/2222", "222", "phone number"},
		{"call +44 20 7946 0958", "7946", "phone number"},
		{"192.168.1.2", "168", "IP address"},
		{"SCP-173", "173", "designation"},
		{"sent F-16 jets", "16", "designation"},
		// Number formats, which the spec rightly expects.
		{"1,234,567", "1,234,567", ""},
		{"5,000-7,000 fighters", "5,000", ""},
		{"- 10  k", "10", ""},
		{"1.1^23", "1.1^23", ""},
		{"1 over 3", "3", ""},
		{"192.1", "192.1", ""},
		{"the 3/4 mark", "3/4", ""},
		// A date elsewhere in the input does not skip a figure outside it.
		{"on 5/17/2018 we saw 77 apples", "77", ""},
	}
	for _, tt := range tests {
		kind, ok := specNotQuantity(tt.in, []specResult{at(tt.in, tt.num)})
		if ok != (tt.kind != "") || kind != tt.kind {
			t.Errorf("%q with %q: got %q %v, want %q", tt.in, tt.num, kind, ok, tt.kind)
		}
	}
}
