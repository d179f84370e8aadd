package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"
)

// Exit statuses, as the contract fixes them.
const (
	exitFailed = 1 // some inputs failed; the rest were done
	exitUsage  = 2 // usage error, or nothing could be done
)

// exitCode maps an action's error to the process status.
func exitCode(err error) int {
	var ec cli.ExitCoder
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	return exitUsage
}

// usageError is a command-line mistake; it exits with status 2.
func usageError(format string, args ...any) error {
	return cli.Exit(fmt.Sprintf(format, args...), exitUsage)
}

// env is what the commands touch of the outside world, injected so that
// tests run the app in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
}

func newApp(stdin io.Reader, stdout, stderr io.Writer) *cli.App {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, now: time.Now}
	return &cli.App{
		Name:  "ingest",
		Usage: "read news articles, collapse duplicates, extract who, how many and when, and search them",
		Description: `Articles are plain text (.txt or no extension), HTML (.html, .htm) or
JSON Lines (.jsonl, one article per line with at least "text"). A
directory is read recursively; "-" reads JSON Lines from standard input.

Exit status: 0 all well; 1 some inputs failed (each named on stderr, the
rest done); 2 usage error or nothing could be done.`,
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		ExitErrHandler:  func(*cli.Context, error) {}, // main prints and exits
		Commands: []*cli.Command{
			e.indexCommand(),
			e.searchCommand(),
			e.extractCommand(),
			e.dupesCommand(),
			e.statsCommand(),
			e.showCommand(),
			e.evalCommand(),
		},
	}
}

// indexFlag is --index, shared by the commands that use an index.
func indexFlag() cli.Flag {
	return &cli.StringFlag{
		Name:    "index",
		Usage:   "index directory",
		Value:   "ingest.bleve",
		EnvVars: []string{"INGEST_INDEX"},
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
