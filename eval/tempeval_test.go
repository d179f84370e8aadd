package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ingest-news/ingest/extract"
)

const tempEvalDir = "../../shared/data/tempeval3/TBAQ-cleaned"

func TestReadTempEvalDoc(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.tml")
	src := `<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>Prices <EVENT eid="e1">fell</EVENT> &amp; rose <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3> for <TIMEX3 tid="t2" type="DURATION" value="P1W">a week</TIMEX3>.</TEXT></TimeML>`
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := readTempEvalDoc(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.dct.Format("2006-01-02"); got != "1998-01-08" {
		t.Errorf("dct = %s", got)
	}
	if doc.text != "Prices fell & rose yesterday for a week." {
		t.Errorf("text = %q", doc.text)
	}
	if len(doc.timexs) != 2 {
		t.Fatalf("timexs = %+v", doc.timexs)
	}
	for _, x := range doc.timexs {
		if doc.text[x.start:x.end] != x.text {
			t.Errorf("offsets of %+v", x)
		}
	}
	if x := doc.timexs[0]; x.text != "yesterday" || x.typ != "DATE" || x.value != "1998-01-07" {
		t.Errorf("timex 0 = %+v", x)
	}

	// Scoring: one exact DATE, one DATE found with a wider span and a
	// wrong value, one prediction on the DURATION (ignored) and one false
	// positive.
	doc.timexs = append(doc.timexs, tempEvalTimex{start: 0, end: 6, typ: "DATE", value: "X", text: "Prices"})
	var res TempEvalResult
	n := 0
	res.scoreDoc(doc, []extract.Date{
		{Start: 0, End: 11, Value: "Y"},
		{Start: 19, End: 28, Value: "1998-01-07"},
		{Start: 35, End: 39, Value: "P1W"},
		{Start: 12, End: 13, Value: "Z"},
	}, &n)
	if res.Relaxed != (Score{TP: 2, FP: 1, FN: 0}) {
		t.Errorf("relaxed = %+v", res.Relaxed)
	}
	if res.Strict != (Score{TP: 1, FP: 2, FN: 1}) {
		t.Errorf("strict = %+v", res.Strict)
	}
	if res.ValueCorrect != 1 || n != 2 || res.Predicted != 3 || res.Gold != 2 {
		t.Errorf("values %d/%d predicted %d gold %d", res.ValueCorrect, n, res.Predicted, res.Gold)
	}
}

func TestTempEvalCorpus(t *testing.T) {
	if _, err := os.Stat(tempEvalDir); err != nil {
		t.Skipf("TempEval-3 data absent (%v); see ../shared/data/README", err)
	}
	// Every document must parse with a creation time.
	var docs, gold int
	for _, sub := range []string{"TimeBank", "AQUAINT"} {
		files, _ := filepath.Glob(filepath.Join(tempEvalDir, sub, "*.tml"))
		for _, f := range files {
			doc, err := readTempEvalDoc(f)
			if err != nil {
				t.Fatal(err)
			}
			if doc.dct.IsZero() {
				t.Errorf("%s: no DCT", f)
			}
			docs++
			for _, x := range doc.timexs {
				if x.typ == "DATE" {
					gold++
				}
			}
		}
	}
	res, err := TempEval(tempEvalDir, extract.Dates)
	if err != nil {
		t.Fatal(err)
	}
	if res.Docs != docs || res.Docs == 0 || res.Gold != gold || res.Gold == 0 {
		t.Fatalf("docs %d (want %d), gold %d (want %d)", res.Docs, docs, res.Gold, gold)
	}
	t.Logf("TempEval-3 DATE: docs %d gold %d predicted %d", res.Docs, res.Gold, res.Predicted)
	t.Logf("strict  P %.3f R %.3f F1 %.3f %+v", res.Strict.Precision(), res.Strict.Recall(), res.Strict.F1(), res.Strict)
	t.Logf("relaxed P %.3f R %.3f F1 %.3f %+v", res.Relaxed.Precision(), res.Relaxed.Recall(), res.Relaxed.F1(), res.Relaxed)
	t.Logf("value accuracy %.3f (%d/%d)", res.ValueAccuracy, res.ValueCorrect, res.Relaxed.TP)
	limit := 30
	if os.Getenv("TEMPEVAL_ALL") != "" {
		limit = len(res.Failures)
	}
	for i, f := range res.Failures {
		if i >= limit {
			break
		}
		t.Logf("%s %s: gold %q got %q :: %s", f.Doc, f.Kind, f.Gold, f.Got, strings.TrimSpace(f.Context))
	}
	if res.Relaxed.F1() < 0.5 {
		t.Errorf("relaxed F1 %.3f collapsed below 0.5", res.Relaxed.F1())
	}
}

// Ensure the finder's signature stays assignable.
var _ func(string, time.Time) []extract.Date = extract.Dates
