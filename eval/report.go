package eval

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/ingest-news/ingest/extract"
)

// Options say where the gold sets are. Sets whose files are absent are
// left out of the report with the reason.
type Options struct {
	// Root is the repository root, holding seeds/ and testdata/gold/.
	Root string
	// Data is the third-party data directory (../shared/data); empty
	// leaves those sets out.
	Data string
	// Sets limits the run to these sets: "seeds", "conll", "tempeval",
	// "recognizers". Empty means all.
	Sets []string
	// Failures keeps TempEvalResult.Failures (each miss, false positive
	// and wrong value) in the report; by default it is dropped, as it
	// runs to hundreds of lines.
	Failures bool
}

// Report is the outcome of scoring every gold set present.
type Report struct {
	Seeds       *SeedResult     `json:"seeds,omitempty"`
	CoNLL       *CoNLLResult    `json:"conll,omitempty"`
	TempEval    *TempEvalResult `json:"tempeval,omitempty"`
	Recognizers []SpecResult    `json:"recognizers,omitempty"`
	// Skipped names each set left out, with the reason.
	Skipped map[string]string `json:"skipped,omitempty"`
}

func (o Options) wants(set string) bool {
	if len(o.Sets) == 0 {
		return true
	}
	for _, s := range o.Sets {
		if s == set {
			return true
		}
	}
	return false
}

// Run scores x on every gold set Options name and can find.
func Run(x *extract.Extractor, opts Options) (Report, error) {
	rep := Report{Skipped: map[string]string{}}
	if opts.wants("seeds") {
		r, err := Seeds(filepath.Join(opts.Root, "testdata", "gold", "seeds"), opts.Root, x.Extract)
		if err != nil {
			return rep, fmt.Errorf("seeds: %w", err)
		}
		rep.Seeds = &r
	}
	data := func(set string, parts ...string) (string, bool) {
		if !opts.wants(set) {
			return "", false
		}
		if opts.Data == "" {
			rep.Skipped[set] = "no data directory given"
			return "", false
		}
		p := filepath.Join(append([]string{opts.Data}, parts...)...)
		if _, err := os.Stat(p); err != nil {
			rep.Skipped[set] = fmt.Sprintf("%s is absent", p)
			return "", false
		}
		return p, true
	}
	if p, ok := data("conll", "conll2003", "eng.testa"); ok {
		r, err := CoNLL(p, x.Entities)
		if err != nil {
			return rep, fmt.Errorf("conll: %w", err)
		}
		rep.CoNLL = &r
	}
	if p, ok := data("tempeval", "tempeval3", "TBAQ-cleaned"); ok {
		r, err := TempEval(p, func(text string, ref time.Time) []extract.Date { return x.Extract(text, ref).Dates })
		if err != nil {
			return rep, fmt.Errorf("tempeval: %w", err)
		}
		if !opts.Failures {
			r.Failures = nil
		}
		rep.TempEval = &r
	}
	if p, ok := data("recognizers", "recognizers-text", "Specs"); ok {
		for _, spec := range recognizerSpecs {
			path := filepath.Join(p, spec.path)
			r, err := spec.run(path)
			if errors.Is(err, fs.ErrNotExist) {
				rep.Skipped["recognizers/"+spec.path] = path + " is absent"
				continue
			}
			if err != nil {
				return rep, fmt.Errorf("recognizers: %w", err)
			}
			r.File = filepath.Base(spec.path)
			rep.Recognizers = append(rep.Recognizers, r)
		}
	}
	return rep, nil
}

// recognizerSpecs are the Recognizers-Text spec files scored, each with
// the runner that knows its format.
var recognizerSpecs = []struct {
	path string
	run  func(string) (SpecResult, error)
}{
	{"Number/English/NumberModel.json", RecognizersNumbers},
	{"Number/English/NumberRangeModel.json", RecognizersNumbers},
	{"Number/English/PercentModel.json", RecognizersNumbers},
	{"DateTime/English/DateExtractor.json", RecognizersDates},
	{"DateTime/English/DateParser.json", RecognizersDates},
	{"DateTime/English/DatePeriodParser.json", RecognizersDates},
}

// Metrics flattens the report into named scores, the names that
// thresholds (`ingest eval --min-f1 NAME=X`) refer to.
func (r Report) Metrics() map[string]float64 {
	m := map[string]float64{}
	if s := r.Seeds; s != nil {
		m["seeds.entities"] = s.EntityAll.F1()
		for t, sc := range s.Entities {
			m["seeds.entities."+t] = sc.F1()
		}
		m["seeds.canonical"] = s.Canonical.Rate()
		m["seeds.quantities"] = s.QuantityBounds.F1()
		m["seeds.quantities.span"] = s.Quantities.F1()
		m["seeds.quantities.qualifier"] = s.QtyQualifier.Rate()
		m["seeds.quantities.unit"] = s.QtyUnit.Rate()
		m["seeds.quantities.subject"] = s.QtySubject.Rate()
		m["seeds.dates"] = s.Dates.F1()
		m["seeds.dates.value"] = s.DateValue.Rate()
	}
	if c := r.CoNLL; c != nil {
		m["conll"] = c.Overall.F1()
		for t, sc := range c.PerType {
			m["conll."+t] = sc.F1()
		}
	}
	if t := r.TempEval; t != nil {
		m["tempeval.relaxed"] = t.Relaxed.F1()
		m["tempeval.strict"] = t.Strict.F1()
		m["tempeval.value"] = t.ValueAccuracy
	}
	for _, s := range r.Recognizers {
		m["recognizers."+strings.TrimSuffix(s.File, ".json")] = s.PassRate()
	}
	return m
}

// Check compares the metrics with minimums and returns one line per
// metric below its minimum; a minimum naming no metric is an error.
func (r Report) Check(min map[string]float64) ([]string, error) {
	m := r.Metrics()
	var names []string
	for k := range min {
		names = append(names, k)
	}
	sort.Strings(names)
	var below []string
	for _, k := range names {
		v, ok := m[k]
		if !ok {
			return nil, fmt.Errorf("threshold %s: no such metric in this run (see `ingest eval --json`)", k)
		}
		if v < min[k] {
			below = append(below, fmt.Sprintf("%s = %.3f, below the minimum %.3f", k, v, min[k]))
		}
	}
	return below, nil
}

// WriteText prints the report as the table metrics.txt holds.
func (r Report) WriteText(w io.Writer) {
	row := func(name string, s Score) {
		fmt.Fprintf(w, "  %-22s %6.3f %6.3f %6.3f %6d %6d %6d\n", name, s.Precision(), s.Recall(), s.F1(), s.TP, s.FP, s.FN)
	}
	head := func(title string) {
		fmt.Fprintf(w, "%s\n  %-22s %6s %6s %6s %6s %6s %6s\n", title, "", "P", "R", "F1", "TP", "FP", "FN")
	}
	acc := func(name string, a Accuracy) {
		fmt.Fprintf(w, "  %-22s %6.3f  (%d/%d)\n", name, a.Rate(), a.Correct, a.Total)
	}
	if s := r.Seeds; s != nil {
		head(fmt.Sprintf("seeds (%d articles, testdata/gold)", s.Articles))
		var types []string
		for t := range s.Entities {
			types = append(types, t)
		}
		sort.Strings(types)
		for _, t := range types {
			row("entities "+t, s.Entities[t])
		}
		row("entities all", s.EntityAll)
		row("quantities span", s.Quantities)
		row("quantities span+bounds", s.QuantityBounds)
		row("dates span", s.Dates)
		fmt.Fprintln(w, "  accuracy among matches")
		acc("entity canonical", s.Canonical)
		acc("quantity bounds", s.QtyValue)
		acc("quantity qualifier", s.QtyQualifier)
		acc("quantity unit", s.QtyUnit)
		acc("quantity subject", s.QtySubject)
		acc("date value+mod", s.DateValue)
	}
	if c := r.CoNLL; c != nil {
		head(fmt.Sprintf("\nconll2003 eng.testa (%d docs, %d tokens; exact span and type)", c.Docs, c.Tokens))
		for _, t := range []string{"PER", "ORG", "LOC", "MISC"} {
			row(t, c.PerType[t])
		}
		row("PER+ORG+LOC", c.Overall)
	}
	if t := r.TempEval; t != nil {
		head(fmt.Sprintf("\ntempeval3 TimeBank+AQUAINT DATE (%d docs, %d gold)", t.Docs, t.Gold))
		row("relaxed span", t.Relaxed)
		row("strict span", t.Strict)
		fmt.Fprintf(w, "  %-22s %6.3f  (%d/%d relaxed matches)\n", "value accuracy", t.ValueAccuracy, t.ValueCorrect, t.Relaxed.TP)
	}
	if len(r.Recognizers) > 0 {
		fmt.Fprintf(w, "\nrecognizers-text English specs\n  %-26s %6s %6s %6s %7s\n", "", "pass", "total", "skip", "rate")
		for _, s := range r.Recognizers {
			fmt.Fprintf(w, "  %-26s %6d %6d %6d %7.3f\n", s.File, s.Passed, s.Total, s.Skipped, s.PassRate())
		}
	}
	if len(r.Skipped) > 0 {
		var names []string
		for k := range r.Skipped {
			names = append(names, k)
		}
		sort.Strings(names)
		fmt.Fprintln(w, "\nnot scored")
		for _, k := range names {
			fmt.Fprintf(w, "  %s: %s\n", k, r.Skipped[k])
		}
	}
}
