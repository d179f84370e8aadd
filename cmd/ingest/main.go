// Command ingest reads news articles, collapses duplicates, extracts
// entities, figures and dates, and searches them from a bleve index.
//
//	ingest index seeds
//	ingest search "Tehrik-e-Taliban"
//
// Run `ingest --help` for every command; README.md has the details.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app := newApp(os.Stdin, os.Stdout, os.Stderr)
	if err := app.RunContext(ctx, os.Args); err != nil {
		fmt.Fprintln(os.Stderr, "ingest:", err)
		os.Exit(exitCode(err))
	}
}
