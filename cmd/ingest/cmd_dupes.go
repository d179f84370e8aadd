package main

import (
	"encoding/json"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/ingest-news/ingest/index"
)

func (e *env) dupesCommand() *cli.Command {
	return &cli.Command{
		Name:  "dupes",
		Usage: "list clusters of duplicate articles",
		Flags: []cli.Flag{indexFlag(), &cli.BoolFlag{Name: "json", Usage: "one JSON object per cluster per line"}},
		Action: func(c *cli.Context) error {
			ix, err := index.Open(c.String("index"), index.Options{ReadOnly: true})
			if err != nil {
				return cli.Exit(err, exitUsage)
			}
			defer ix.Close()
			clusters, err := ix.Clusters()
			if err != nil {
				return cli.Exit(err, exitUsage)
			}
			enc := json.NewEncoder(e.stdout)
			enc.SetEscapeHTML(false)
			for _, cl := range clusters {
				if c.Bool("json") {
					if err := enc.Encode(cl); err != nil {
						return err
					}
					continue
				}
				fmt.Fprintf(e.stdout, "%s (%d duplicates)\n", cl.Canonical, len(cl.Duplicates))
				for _, d := range cl.Duplicates {
					fmt.Fprintf(e.stdout, "  %s\n", d)
				}
			}
			if !c.Bool("json") && len(clusters) == 0 {
				fmt.Fprintln(e.stdout, "no duplicates")
			}
			return nil
		},
	}
}

func (e *env) statsCommand() *cli.Command {
	return &cli.Command{
		Name:  "stats",
		Usage: "count the index's articles, duplicates and failures",
		Flags: []cli.Flag{indexFlag(), &cli.BoolFlag{Name: "json", Usage: "print JSON"}},
		Action: func(c *cli.Context) error {
			ix, err := index.Open(c.String("index"), index.Options{ReadOnly: true})
			if err != nil {
				return cli.Exit(err, exitUsage)
			}
			defer ix.Close()
			st, err := ix.Stats()
			if err != nil {
				return cli.Exit(err, exitUsage)
			}
			if c.Bool("json") {
				return json.NewEncoder(e.stdout).Encode(st)
			}
			fmt.Fprintf(e.stdout, "articles   %d\ncanonical  %d\nduplicates %d\nfailed     %d\n", st.Articles, st.Canonical, st.Duplicates, st.Failed)
			return nil
		},
	}
}

func (e *env) showCommand() *cli.Command {
	return &cli.Command{
		Name:      "show",
		Usage:     "print one stored article with its extractions",
		ArgsUsage: "SOURCE|ID",
		Flags:     []cli.Flag{indexFlag(), &cli.BoolFlag{Name: "json", Usage: "print the stored record as JSON"}},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usageError("show: give one SOURCE or ID")
			}
			ix, err := index.Open(c.String("index"), index.Options{ReadOnly: true})
			if err != nil {
				return cli.Exit(err, exitUsage)
			}
			defer ix.Close()
			key := c.Args().First()
			a, err := ix.BySource(key)
			if err != nil {
				if a, err = ix.Get(key); err != nil {
					return cli.Exit(fmt.Sprintf("show: %s: no article with that source or ID", key), exitUsage)
				}
			}
			rec := record{Source: a.Source, Title: a.Title, Published: a.Published, PublishedFrom: a.PublishedFrom,
				Text: a.Text, Entities: a.Extraction.Entities, Quantities: a.Extraction.Quantities, Dates: a.Extraction.Dates}
			if !c.Bool("json") {
				fmt.Fprintf(e.stdout, "id: %s\n", a.ID)
				if a.DupOf != "" {
					fmt.Fprintf(e.stdout, "duplicate of: %s\n", a.DupOf)
				}
			}
			return writeRecord(e.stdout, rec, c.Bool("json"))
		},
	}
}
