package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/ingest-news/ingest/eval"
	"github.com/ingest-news/ingest/extract"
)

func (e *env) evalCommand() *cli.Command {
	return &cli.Command{
		Name:  "eval",
		Usage: "score extraction against gold sets: the seeds' hand annotations and, when present, CoNLL-2003, TempEval-3 and Recognizers-Text",
		Description: `Prints precision, recall and F1 per kind, and accuracy of values among
matches. --min-f1 NAME=X (repeatable) exits 1 when a metric falls below X;
the names are those of --json's "metrics" (seeds.entities,
seeds.quantities, seeds.dates, seeds.dates.value, conll, conll.PER,
tempeval.relaxed, tempeval.value, recognizers.NumberRangeModel, ...).`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "root", Usage: "repository root holding seeds/ and testdata/gold/", Value: "."},
			&cli.StringFlag{Name: "data", Usage: "third-party data directory; absent sets are skipped", Value: "../shared/data"},
			&cli.StringSliceFlag{Name: "set", Usage: "score only these sets: seeds, conll, tempeval, recognizers"},
			&cli.StringSliceFlag{Name: "min-f1", Usage: "`NAME=X`: exit 1 when metric NAME is below X"},
			&cli.BoolFlag{Name: "json", Usage: "print the report and its metrics as JSON"},
			&cli.BoolFlag{Name: "misses", Usage: "list each seed gold item missed or predicted wrongly, and each TempEval-3 DATE missed, spurious or wrongly valued"},
		},
		Action: e.runEval,
	}
}

func (e *env) runEval(c *cli.Context) error {
	min := map[string]float64{}
	for _, s := range c.StringSlice("min-f1") {
		name, v, ok := strings.Cut(s, "=")
		f, err := strconv.ParseFloat(v, 64)
		if !ok || err != nil || name == "" {
			return usageError("eval: --min-f1 %q: want NAME=NUMBER", s)
		}
		min[name] = f
	}
	x, err := extract.Compile(extract.Options{})
	if err != nil {
		return cli.Exit(err, exitUsage)
	}
	rep, err := eval.Run(x, eval.Options{Root: c.String("root"), Data: c.String("data"), Sets: c.StringSlice("set"), Failures: c.Bool("misses")})
	if err != nil {
		return cli.Exit(fmt.Sprintf("eval: %v", err), exitUsage)
	}
	if !c.Bool("misses") && rep.Seeds != nil {
		rep.Seeds.Misses = nil
	}
	if c.Bool("json") {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			eval.Report
			Metrics map[string]float64 `json:"metrics"`
		}{rep, rep.Metrics()}); err != nil {
			return err
		}
	} else {
		rep.WriteText(e.stdout)
		if rep.Seeds != nil && len(rep.Seeds.Misses) > 0 {
			fmt.Fprintln(e.stdout, "\nseed misses")
			for _, m := range rep.Seeds.Misses {
				fmt.Fprintln(e.stdout, "  "+m)
			}
		}
		if rep.TempEval != nil && len(rep.TempEval.Failures) > 0 {
			fmt.Fprintln(e.stdout, "\ntempeval misses")
			for _, f := range rep.TempEval.Failures {
				fmt.Fprintf(e.stdout, "  %s %s: gold %q got %q :: %s\n", f.Doc, f.Kind, f.Gold, f.Got, f.Context)
			}
		}
	}
	below, err := rep.Check(min)
	if err != nil {
		return usageError("eval: %v", err)
	}
	if len(below) > 0 {
		for _, b := range below {
			fmt.Fprintln(e.stderr, "ingest: eval:", b)
		}
		return cli.Exit("eval: accuracy fell below the thresholds", exitFailed)
	}
	return nil
}
