package main

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/ingest-news/ingest/extract"
	"github.com/ingest-news/ingest/index"
)

func (e *env) searchCommand() *cli.Command {
	return &cli.Command{
		Name:      "search",
		Usage:     "search the index (bleve query-string syntax: words, \"phrases\", +must, -not, title:word)",
		ArgsUsage: "QUERY",
		Flags: []cli.Flag{
			indexFlag(),
			&cli.BoolFlag{Name: "json", Usage: "print the contract's JSON"},
			&cli.IntFlag{Name: "limit", Usage: "hits to show", Value: 10},
			&cli.IntFlag{Name: "offset", Usage: "hits to skip"},
			&cli.BoolFlag{Name: "all", Usage: "show duplicates as hits of their own"},
			&cli.StringFlag{Name: "sort", Usage: "`relevance` or date (newest first)", Value: "relevance"},
			&cli.StringFlag{Name: "since", Usage: "published on or after `YYYY-MM-DD`"},
			&cli.StringFlag{Name: "until", Usage: "published on or before `YYYY-MM-DD`"},
			&cli.StringFlag{Name: "event-since", Usage: "mentions a date on or after `YYYY-MM-DD`"},
			&cli.StringFlag{Name: "event-until", Usage: "mentions a date on or before `YYYY-MM-DD`"},
			&cli.Float64Flag{Name: "figure-min", Usage: "gives a figure of at least `N` (its largest stated value)"},
			&cli.Float64Flag{Name: "figure-max", Usage: "gives a figure of at most `N` (its smallest stated value)"},
			&cli.StringFlag{Name: "unit", Usage: "the figure counts `UNIT` (fighters, percent, $, ...)"},
			&cli.BoolFlag{Name: "facets", Usage: "show top entities per type and articles per month"},
			&cli.IntFlag{Name: "facet-size", Usage: "names per entity facet", Value: 10},
		},
		Action: e.runSearch,
	}
}

func (e *env) runSearch(c *cli.Context) error {
	if c.NArg() == 0 && !c.IsSet("since") && !c.IsSet("until") && !c.IsSet("event-since") && !c.IsSet("event-until") &&
		!c.IsSet("figure-min") && !c.IsSet("figure-max") && !c.IsSet("unit") && !c.Bool("facets") {
		return usageError("search: give a QUERY, or filters")
	}
	q := index.Query{
		Text:   strings.Join(c.Args().Slice(), " "),
		Limit:  c.Int("limit"),
		Offset: c.Int("offset"),
		All:    c.Bool("all"),
		// Entity filters take the name the extractor gives every alias.
		Canonical: extract.Canonical,
	}
	switch c.String("sort") {
	case "relevance":
	case "date":
		q.ByDate = true
	default:
		return usageError("search: --sort %q: want relevance or date", c.String("sort"))
	}
	if q.Limit <= 0 || q.Offset < 0 {
		return usageError("search: --limit must be positive and --offset not negative")
	}
	for flag, dst := range map[string]*time.Time{"since": &q.Since, "until": &q.Until, "event-since": &q.EventSince, "event-until": &q.EventUntil} {
		if v := c.String(flag); v != "" {
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return usageError("search: --%s %q: want YYYY-MM-DD", flag, v)
			}
			*dst = t
		}
	}
	if c.IsSet("figure-min") {
		v := c.Float64("figure-min")
		q.FigureMin = &v
	}
	if c.IsSet("figure-max") {
		v := c.Float64("figure-max")
		q.FigureMax = &v
	}
	q.Unit = c.String("unit")
	if c.Bool("facets") {
		q.Facets = c.Int("facet-size")
		if q.Facets <= 0 {
			return usageError("search: --facet-size must be positive")
		}
	}
	ix, err := index.Open(c.String("index"), index.Options{ReadOnly: true})
	if err != nil {
		return cli.Exit(err, exitUsage)
	}
	defer ix.Close()
	res, err := ix.Search(q)
	if err != nil {
		return cli.Exit(err, exitUsage)
	}
	if c.Bool("json") {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	printHits(e.stdout, q, res, isTerminal(e.stdout) && os.Getenv("NO_COLOR") == "")
	return nil
}

var markTag = regexp.MustCompile(`</?mark>`)

// printHits writes hits for a person: rank, source, date, title, and
// fragments with the matched words marked by colour on a terminal, by
// [brackets] elsewhere.
func printHits(w io.Writer, q index.Query, res index.Results, color bool) {
	defer printFacets(w, res.Facets)
	if res.Total == 0 {
		fmt.Fprintf(w, "no matches for %q\n", q.Text)
		return
	}
	fmt.Fprintf(w, "%d matches for %q", res.Total, q.Text)
	if len(res.Hits) > 0 {
		fmt.Fprintf(w, ", showing %d-%d", q.Offset+1, q.Offset+len(res.Hits))
	}
	fmt.Fprintln(w)
	for i, h := range res.Hits {
		fmt.Fprintf(w, "\n%d. %s", q.Offset+i+1, h.Source)
		if h.Published != "" {
			fmt.Fprintf(w, "  %s", h.Published)
		}
		if h.Duplicates > 0 {
			fmt.Fprintf(w, "  +%d duplicates", h.Duplicates)
		}
		if h.DupOf != "" {
			fmt.Fprintf(w, "  (duplicate)")
		}
		fmt.Fprintf(w, "  score %.2f\n", h.Score)
		if h.Title != "" {
			fmt.Fprintf(w, "   %s\n", h.Title)
		}
		for _, f := range h.Fragments {
			fmt.Fprintf(w, "   %s\n", renderMarks(f, color))
		}
	}
}

func renderMarks(s string, color bool) string {
	s = strings.Join(strings.Fields(s), " ")
	s = markTag.ReplaceAllStringFunc(s, func(t string) string {
		switch {
		case color && t == "<mark>":
			return "\x1b[1;33m"
		case color:
			return "\x1b[0m"
		case t == "<mark>":
			return "["
		}
		return "]"
	})
	return html.UnescapeString(s)
}

// printFacets writes facets as a compact table: one line per entity type
// with its top names, then articles per month.
func printFacets(w io.Writer, facets map[string][]index.FacetCount) {
	if facets == nil {
		return
	}
	fmt.Fprintln(w)
	for _, name := range []string{"person", "org", "place", "norp"} {
		var parts []string
		for _, f := range facets[name] {
			parts = append(parts, fmt.Sprintf("%s (%d)", f.Term, f.Count))
		}
		if len(parts) == 0 {
			parts = []string{"(none)"}
		}
		fmt.Fprintf(w, "%-7s %s\n", name+":", strings.Join(parts, ", "))
	}
	if len(facets["month"]) > 0 {
		fmt.Fprintln(w, "month:")
		for _, f := range facets["month"] {
			fmt.Fprintf(w, "  %s %5d %s\n", f.Term, f.Count, strings.Repeat("#", min(f.Count, 60)))
		}
	}
}
