package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/ingest-news/ingest/extract"
	"github.com/ingest-news/ingest/reader"
)

func (e *env) extractCommand() *cli.Command {
	return &cli.Command{
		Name:      "extract",
		Usage:     "print the entities, figures and dates of articles (no index)",
		ArgsUsage: "FILE...|-",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "date", Usage: "published date `YYYY-MM-DD`, overriding the text's"},
			&cli.BoolFlag{Name: "json", Usage: "print the contract's JSON record, one per line"},
		},
		Action: e.runExtract,
	}
}

// record is `ingest extract --json`'s output, keys in contract order.
type record struct {
	Source        string             `json:"source"`
	Title         string             `json:"title"`
	Published     string             `json:"published"`
	PublishedFrom string             `json:"published_from,omitempty"`
	Text          string             `json:"text"`
	Entities      []extract.Entity   `json:"entities"`
	Quantities    []extract.Quantity `json:"quantities"`
	Dates         []extract.Date     `json:"dates"`
}

func (e *env) runExtract(c *cli.Context) error {
	if c.NArg() == 0 {
		return usageError("extract: name a FILE, or - for text on standard input")
	}
	date := c.String("date")
	if date != "" && reader.ParseDate(date) != date {
		return usageError("extract: --date %q: want YYYY-MM-DD", date)
	}
	x, err := extract.Compile(extract.Options{})
	if err != nil {
		return cli.Exit(err, exitUsage)
	}
	failed, done := 0, 0
	for _, name := range c.Args().Slice() {
		var arts []reader.Article
		var errs []error
		collect := func(a reader.Article, err error) {
			if err != nil {
				errs = append(errs, err)
				return
			}
			arts = append(arts, a)
		}
		if name == "-" {
			b, err := io.ReadAll(e.stdin)
			if err != nil {
				return cli.Exit(fmt.Sprintf("-: %v", err), exitUsage)
			}
			a, err := reader.Parse("-", reader.Text, b)
			if err != nil {
				err = &reader.Error{Source: "-", Err: err}
			}
			collect(a, err)
		} else {
			reader.ReadFile(reader.File{Path: name, Source: name}, reader.Options{}, collect)
		}
		for _, err := range errs {
			failed++
			fmt.Fprintf(e.stderr, "ingest: %v\n", err)
		}
		for _, a := range arts {
			rec := extractRecord(x, reader.Normalize(a), date)
			if err := writeRecord(e.stdout, rec, c.Bool("json")); err != nil {
				return err
			}
			done++
		}
	}
	switch {
	case failed > 0 && done == 0:
		return cli.Exit("no article could be read", exitUsage)
	case failed > 0:
		return cli.Exit(fmt.Sprintf("%d inputs failed", failed), exitFailed)
	}
	return nil
}

func extractRecord(x *extract.Extractor, a reader.Article, date string) record {
	if date != "" {
		a.Published, a.PublishedFrom = date, reader.FromFlag
	}
	var pub time.Time
	if a.Published != "" {
		pub, _ = time.Parse(time.DateOnly, a.Published)
	}
	r := x.Extract(a.Text, pub)
	return record{
		Source: a.Source, Title: a.Title, Published: a.Published, PublishedFrom: a.PublishedFrom,
		Text: a.Text, Entities: r.Entities, Quantities: r.Quantities, Dates: r.Dates,
	}
}

func writeRecord(w io.Writer, rec record, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return enc.Encode(rec)
	}
	fmt.Fprintf(w, "%s\n", rec.Source)
	if rec.Title != "" {
		fmt.Fprintf(w, "  title:     %s\n", rec.Title)
	}
	if rec.Published != "" {
		fmt.Fprintf(w, "  published: %s (%s)\n", rec.Published, rec.PublishedFrom)
	}
	fmt.Fprintf(w, "  entities (%d):\n", len(rec.Entities))
	for _, m := range rec.Entities {
		fmt.Fprintf(w, "    %-7s %-40s %s\n", m.Type, m.Text, canonicalNote(m))
	}
	fmt.Fprintf(w, "  quantities (%d):\n", len(rec.Quantities))
	for _, q := range rec.Quantities {
		fmt.Fprintf(w, "    %-28s %s..%s %-9s %-12s %s\n", q.Text, bound(q.Low), bound(q.High), q.Qualifier, q.Unit, q.Subject)
	}
	fmt.Fprintf(w, "  dates (%d):\n", len(rec.Dates))
	for _, d := range rec.Dates {
		fmt.Fprintf(w, "    %-28s %s %s\n", d.Text, d.Value, strings.ToLower(d.Mod))
	}
	return nil
}

func canonicalNote(m extract.Entity) string {
	if m.Canonical != "" && m.Canonical != m.Text {
		return "= " + m.Canonical
	}
	return ""
}

func bound(v *float64) string {
	if v == nil {
		return "∞"
	}
	return fmt.Sprintf("%g", *v)
}
