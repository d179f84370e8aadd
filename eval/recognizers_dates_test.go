package eval

import (
	"os"
	"path/filepath"
	"testing"
)

const recognizersDateDir = "../../shared/data/recognizers-text/Specs/DateTime/English"

func TestDateSpecValues(t *testing.T) {
	v := dateSpecValue{
		Timex:            "XXXX-10-02",
		FutureResolution: map[string]string{"date": "2017-10-02"},
		PastResolution:   map[string]string{"date": "2016-10-02"},
	}
	got := dateSpecValues(v)
	want := []string{"XXXX-10-02", "2017-10-02", "2016-10-02"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %v, want %v", got, want)
		}
	}
	w := dateSpecValues(dateSpecValue{
		Timex:            "XXXX-WXX-5",
		FutureResolution: map[string]string{"date": "2016-11-11"},
		PastResolution:   map[string]string{"date": "2016-11-04"},
	})
	if len(w) != 3 || w[1] != "2016-11-11" || w[2] != "2016-11-04" {
		t.Errorf("weekday values %v", w)
	}
	if got := dateSpecValues(dateSpecValue{Timex: "2016-11"}); len(got) != 1 {
		t.Errorf("closed timex gets alternatives: %v", got)
	}
	for timex, in := range map[string]bool{
		"2016-11-07": true, "XXXX-10-02": true, "2016-W46": true, "2016-SU": true,
		"199": true, "XXXX-WXX-5": true, "2016-Q3": true,
		"(2016-11-04,2016-11-22,P18D)": false, "XXXX-07-WXX-5-#1": false, "P3D": false,
		"2016-11-07T08": false,
	} {
		if dateInScopeRe.MatchString(timex) != in {
			t.Errorf("in scope %q = %v, want %v", timex, !in, in)
		}
	}
}

func TestDateSpecValidDay(t *testing.T) {
	for timex, want := range map[string]bool{
		"XXXX-02-29": true, "2016-02-29": true, "2019-02-29": false, "XXXX-02-30": false,
		"2017-09-31": false, "2016-08-09": true, "2017-09": true, "2016-W46": true,
	} {
		if got := dateSpecValidDay(timex); got != want {
			t.Errorf("dateSpecValidDay(%q) = %v, want %v", timex, got, want)
		}
	}
}

func TestRecognizersDatesSpecs(t *testing.T) {
	if _, err := os.Stat(recognizersDateDir); err != nil {
		t.Skipf("Recognizers-Text specs absent (%v); see ../shared/data/README", err)
	}
	for _, f := range []string{"DateExtractor.json", "DateParser.json", "DatePeriodParser.json"} {
		res, err := RecognizersDates(filepath.Join(recognizersDateDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if res.Total == 0 {
			t.Fatalf("%s: no case in scope", f)
		}
		t.Logf("%s: passed %d/%d = %.1f%% (skipped %d: %s)", f, res.Passed, res.Total, 100*res.PassRate(), res.Skipped, res.SkipReason)
		limit := 15
		if os.Getenv("RECOGNIZERS_ALL") != "" {
			limit = len(res.Failures)
		}
		for i, fl := range res.Failures {
			if i >= limit {
				break
			}
			t.Logf("  %q\n    want %s\n    got  %s", fl.Input, fl.Want, fl.Got)
		}
		if res.PassRate() < 0.3 {
			t.Errorf("%s: pass rate %.2f collapsed below 0.3", f, res.PassRate())
		}
	}
}
